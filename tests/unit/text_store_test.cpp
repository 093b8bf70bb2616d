// The text and lists behind products' views: they must outlive the strings it was copied from, survive
// moves of its store and of the catalog, and be a catalog copy's own.
#include "cartlift/catalog/text_store.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cartlift/catalog/catalog.h"
#include "cartlift/offers/name_ids.h"

namespace cartlift {
namespace {

TEST(TextStore, KeptTextOutlivesItsSourceAndEveryLaterBlock) {
  TextStore store;
  std::vector<std::string_view> kept;
  std::vector<std::string> expected;
  // Enough text for several blocks, including strings longer than the largest block.
  for (int i = 0; i < 5000; ++i) {
    std::string s = "product " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), 'x');
    if (i % 1000 == 999) s = std::string((std::size_t{1} << 20) + 5, static_cast<char>('a' + i % 26));
    kept.push_back(store.Keep(s));
    expected.push_back(std::move(s));  // the source is moved away: only the store holds the text now
  }
  for (std::size_t i = 0; i < kept.size(); ++i) ASSERT_EQ(kept[i], expected[i]) << i;
  EXPECT_TRUE(store.Keep("").empty());
}

TEST(TextStore, MovingTheStoreKeepsViewsAndEmptiesTheSource) {
  TextStore a;
  const std::string_view v = a.Keep(std::string("RED RETROSPOT MUG"));
  TextStore b = std::move(a);
  EXPECT_EQ(v, "RED RETROSPOT MUG");
  // The moved-from store starts over in blocks of its own: nothing it keeps lands on b's text.
  const std::string_view w = a.Keep(std::string("LUNCH BAG"));  // NOLINT(bugprone-use-after-move)
  const std::string_view x = b.Keep(std::string("JUMBO BAG"));
  EXPECT_EQ(v, "RED RETROSPOT MUG");
  EXPECT_EQ(w, "LUNCH BAG");
  EXPECT_EQ(x, "JUMBO BAG");
}

TEST(TextStore, KeepOnceCopiesOnlyTextItDoesNotHoldYet) {
  TextStore store;
  const std::string_view kept = store.Keep(std::string("JUMBO BAG"));
  EXPECT_EQ(store.KeepOnce(kept).data(), kept.data());
  const std::string outside = "JUMBO BAG";
  const std::string_view copy = store.KeepOnce(outside);
  EXPECT_NE(copy.data(), outside.data());
  EXPECT_EQ(copy, "JUMBO BAG");
}

TEST(TextStore, AllocatedRoomIsAlignedAndOutlivesLaterBlocks) {
  TextStore store;
  std::vector<std::pair<std::uint64_t*, std::uint64_t>> runs;
  for (std::uint64_t i = 0; i < 3000; ++i) {
    store.Keep(std::string(1 + i % 7, 'x'));  // leaves the next byte unaligned
    const std::size_t n = 1 + i % 40;
    auto* at = static_cast<std::uint64_t*>(store.Allocate(n * sizeof(std::uint64_t), alignof(std::uint64_t)));
    ASSERT_EQ(reinterpret_cast<std::uintptr_t>(at) % alignof(std::uint64_t), 0u) << i;
    for (std::size_t k = 0; k < n; ++k) at[k] = i * 1000 + k;
    runs.emplace_back(at, n);
  }
  auto* big = static_cast<std::uint64_t*>(store.Allocate(std::size_t{3} << 20, 8));  // over a block
  big[(std::size_t{3} << 20) / 8 - 1] = 7;
  for (std::uint64_t i = 0; i < runs.size(); ++i)
    for (std::size_t k = 0; k < runs[i].second; ++k) ASSERT_EQ(runs[i].first[k], i * 1000 + k);
}

TEST(Catalog, AddKeepsTextItsCallerJustKeptOnce) {
  Catalog c;
  Product p;
  p.id = "A";
  p.title = c.Keep(std::string("LUNCH BAG") + " / RED");
  const char* const at = p.title.data();
  ASSERT_EQ(c.Add(std::move(p)), 0u);
  EXPECT_EQ(c[0].title.data(), at) << "not copied a second time";
  EXPECT_EQ(c[0].title, "LUNCH BAG / RED");
}

Catalog OneProductCatalog() {
  Catalog c;
  std::string id = "85123A", title = "WHITE HANGING HEART T-LIGHT HOLDER", size = "small";
  std::vector<std::string> category = {"Home", "Candles"};
  std::vector<std::string_view> path(category.begin(), category.end());
  std::vector<Attribute> attributes{{"size", size}};
  Product p;
  p.id = id;
  p.title = title;
  p.category = ListView<std::string_view>(path);
  p.attributes = ListView<Attribute>(attributes);
  p.kind = std::string_view("protection");
  EXPECT_EQ(c.Add(std::move(p)), 0u);
  // Overwritten before the catalog is read: Add must have copied, not viewed, them.
  id.assign(id.size(), '?');
  title.assign(title.size(), '?');
  category[0].assign(4, '?');
  size.assign(size.size(), '?');
  path.assign(path.size(), "?");
  attributes.assign(attributes.size(), Attribute{"?", "?"});
  return c;
}

TEST(Catalog, AddCopiesTheProductsText) {
  const Catalog c = OneProductCatalog();
  EXPECT_EQ(c[0].id, "85123A");
  EXPECT_EQ(c[0].title, "WHITE HANGING HEART T-LIGHT HOLDER");
  EXPECT_EQ(c[0].category, (std::vector<std::string_view>{"Home", "Candles"}));
  EXPECT_EQ(c[0].attributes, (std::vector<Attribute>{{"size", "small"}}));
  EXPECT_EQ(c[0].kind, "protection");
  EXPECT_EQ(c.Find("85123A"), 0u);
}

TEST(Catalog, ACopyOutlivesItsOriginal) {
  Catalog copy;
  {
    Catalog original = OneProductCatalog();
    copy = original;
    original[0].title = original.Keep("CHANGED");
  }
  EXPECT_EQ(copy[0].title, "WHITE HANGING HEART T-LIGHT HOLDER");
  EXPECT_EQ(copy[0].attributes, (std::vector<Attribute>{{"size", "small"}})) << "the copy's own list";
  EXPECT_EQ(copy.Find("85123A"), 0u);
  Catalog moved = std::move(copy);
  EXPECT_EQ(moved[0].category, (std::vector<std::string_view>{"Home", "Candles"}));
}

TEST(NameIds, NumbersNamesInFirstSeenOrder) {
  NameIds ids;
  std::vector<std::string> names;
  for (int i = 0; i < 100; ++i) names.push_back("category " + std::to_string(i));
  for (int round = 0; round < 2; ++round)
    for (std::size_t i = 0; i < names.size(); ++i) ASSERT_EQ(ids.Intern(names[i]), i);
  EXPECT_EQ(ids.size(), names.size());
  EXPECT_EQ(ids.Find("category 42"), 42u);
  EXPECT_EQ(ids.Find("category 100"), NameIds::kNone);
  EXPECT_EQ(NameIds().Find("anything"), NameIds::kNone);
}

}  // namespace
}  // namespace cartlift
