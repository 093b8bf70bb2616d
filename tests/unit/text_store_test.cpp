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
  p.mutable_details().attributes = ListView<Attribute>(attributes);
  p.mutable_details().kind = std::string_view("protection");
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
  EXPECT_EQ(c[0].details().attributes, (std::vector<Attribute>{{"size", "small"}}));
  EXPECT_EQ(c[0].details().kind, "protection");
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
  EXPECT_EQ(copy[0].details().attributes, (std::vector<Attribute>{{"size", "small"}})) << "the copy's own list";
  EXPECT_EQ(copy.Find("85123A"), 0u);
  Catalog moved = std::move(copy);
  EXPECT_EQ(moved[0].category, (std::vector<std::string_view>{"Home", "Candles"}));
}

TEST(Catalog, TheProductsOfACopyOwnTheirDetails) {
  const Catalog original = OneProductCatalog();
  const Catalog copy = original;
  EXPECT_NE(&copy[0].details(), &original[0].details());
  EXPECT_NE(copy[0].details().attributes.data(), original[0].details().attributes.data());
  EXPECT_EQ(copy[0].details().attributes, original[0].details().attributes);
  EXPECT_EQ(copy[0].details().kind, "protection");
}

TEST(Product, DetailsAreTheSharedDefaultsUntilTheFirstWrite) {
  Product p;
  EXPECT_FALSE(p.has_own_details());
  EXPECT_EQ(&p.details(), &kDefaultProductDetails);
  EXPECT_EQ(p.details().kind, "product");
  EXPECT_EQ(p.details().cost, -1);
  EXPECT_TRUE(p.details().IsDefault());
  p.mutable_details().tier = 2;
  ASSERT_TRUE(p.has_own_details());
  EXPECT_EQ(&p.mutable_details(), &p.details()) << "allocated once";
  EXPECT_EQ(p.details().tier, 2);
  EXPECT_EQ(p.details().kind, "product") << "the other fields keep their defaults";
  EXPECT_FALSE(p.details().IsDefault());
  EXPECT_EQ(kDefaultProductDetails.tier, 0) << "the shared defaults are never written";
}

// Products are values: nothing written through one shows through another.
TEST(Product, CopiesOwnTheirDetailsAndMovesTakeThem) {
  Product a;
  a.mutable_details().family = "lamp";
  Product b = a;
  ASSERT_TRUE(b.has_own_details());
  EXPECT_NE(&b.details(), &a.details());
  b.mutable_details().family = "bag";
  EXPECT_EQ(a.details().family, "lamp");

  const ProductDetails* const owned = &a.details();
  Product c = std::move(a);
  EXPECT_EQ(&c.details(), owned) << "moved, not copied";
  EXPECT_FALSE(a.has_own_details());  // NOLINT(bugprone-use-after-move): a moved-from product has the defaults

  b = c;
  EXPECT_EQ(b.details().family, "lamp");
  EXPECT_NE(&b.details(), &c.details());
  b = Product();
  EXPECT_FALSE(b.has_own_details());
  const Product& same = c;
  c = same;
  EXPECT_EQ(c.details().family, "lamp");

  std::vector<Product> grown(1, c);
  for (int i = 0; i < 100; ++i) grown.push_back(Product());  // moved on each reallocation
  EXPECT_EQ(grown[0].details().family, "lamp");
  EXPECT_FALSE(grown[1].has_own_details());
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
