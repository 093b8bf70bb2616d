#include "cartlift/bundle/bundle_binary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

#include "cartlift/bundle/bundle_json.h"
#include "cartlift/engine.h"
#include "binary_file_util.h"
#include "test_support.h"

namespace cartlift {
namespace {

using cartlift::testing::Build;
using cartlift::testing::GetU32;
using cartlift::testing::PutU32;
using cartlift::testing::Reseal;
using cartlift::testing::SectionBody;
using cartlift::testing::ToVersion4;
using cartlift::testing::ToVersion5;
using cartlift::testing::ToVersion6;
using cartlift::testing::Describe;
using cartlift::testing::MakeOrder;
using cartlift::testing::MakeProduct;

// Every Product, Rules, CrossSellOptions and Provenance field away from its default, so a field
// the binary form forgot shows up as a JSON difference.
Bundle FullBundle() {
  Catalog c;
  c.currency = "EUR";
  Product lamp = MakeProduct("LAMP", "Desk lamp \xE2\x80\x93 brass", 2499, {"Home", "Lighting"});
  lamp.url = "/p/lamp";
  lamp.image = "/img/lamp.svg";
  lamp.mutable_details().family = "lamp";
  lamp.mutable_details().tier = 1;
  lamp.mutable_details().upgrades_to = "LAMP2";
  lamp.mutable_details().tags = cartlift::testing::KeptList({"brass", "Home"});
  lamp.mutable_details().attributes = cartlift::testing::KeptAttributes({{"size", "small"}, {"colour", "brass"}});
  lamp.inventory = 7;
  lamp.mutable_details().cost = 1100;
  c.Add(lamp);
  Product lamp2 = MakeProduct("LAMP2", "Desk lamp deluxe", 4999, {"Home", "Lighting"});
  lamp2.mutable_details().family = "lamp";
  lamp2.mutable_details().tier = 2;
  lamp2.inventory = 0;
  lamp2.in_stock = false;
  c.Add(lamp2);
  c.Add(MakeProduct("BULB", "LED bulb", 399, {"Home", "Lighting"}));
  Product care = MakeProduct("CARE", "Two-year cover", 500);
  care.mutable_details().kind = "protection";
  c.Add(care);
  c.Add(MakeProduct("MUG", "Mug \xF0\x9F\x8D\xB5", 650, {"Kitchen"}));
  BuildOptions opt;
  opt.rules.max_offers = 4;
  opt.rules.exclude_products = {"CARE"};
  opt.rules.exclude_categories = {"Gift cards"};
  opt.rules.exclude_tags = {"adult"};
  opt.rules.addon_price_cap = 0.5;
  Bundle b = Build({MakeOrder("1", {"LAMP", "BULB"}, 1291191960), MakeOrder("2", {"LAMP", "BULB", "MUG"}, 1291200000),
                    MakeOrder("3", {"BULB", "MUG"}, 1300000000), MakeOrder("4", {"LAMP", "BULB"}, 1306857180),
                    MakeOrder("5", {"MUG", "CARE"}, 1295000000), MakeOrder("6", {"MUG", "CARE"}, 1296000000)},
                   &c, opt);
  b.catalog.products[b.catalog.Find("CARE")].known = false;
  b.cross_sell.merge = CartMerge::kNoisyOr;
  b.cross_sell.backfill = Backfill::kPopular;
  b.cross_sell.collapse_titles = TitleCollapse::kNear;
  b.cross_sell.max_per_category = 3;
  b.cross_sell.price_anchor = 1.5;
  b.built_from.half_life_days = 30;
  b.built_from.order_size_damping = 0.5;
  b.built_from.scorer = "damped_confidence";
  b.built_from.shrink = 5;
  b.built_from.alpha = 1;
  b.built_from.beta = 0.5;
  b.built_from.malformed = 1;
  b.built_from.returns = 2;
  b.built_from.oversized_orders = 3;
  b.built_from.single_item_orders = 4;
  b.built_from.unknown_products = 5;
  return b;
}

Bundle MustReadBinary(const std::string& bytes) {
  Result<Bundle> r = ReadBundleBinary(bytes);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : Describe(r.error()));
  return r.ok() ? std::move(r).value() : Bundle{};
}

TEST(BundleBinary, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
}

// Reference values from xxHash's own xxhsum -H64; the cases cover the empty input, the short-input
// path, and the 32-byte stripes with an 8-byte, 4-byte or single-byte tail.
TEST(BundleBinary, Xxh64MatchesTheReferenceImplementation) {
  EXPECT_EQ(Xxh64(""), 0xEF46DB3751D8E999ull);
  EXPECT_EQ(Xxh64("abc"), 0x44BC2CF5AD770999ull);
  EXPECT_EQ(Xxh64("123456789"), 0x8CB841DB40E6AE83ull);
  EXPECT_EQ(Xxh64("The quick brown fox jumps over the lazy dog"), 0x0B242D361FDA71BCull);
  EXPECT_EQ(Xxh64(std::string(100, 'a')), 0x375041E8B1DECFB3ull);
  EXPECT_EQ(Xxh64(std::string(33, 'a')), 0x18F3FF0C21E3B24Bull);
}

TEST(BundleBinary, VersionFourSealsWithXxh64AndOlderVersionsWithCrc32) {
  const std::string bin = ToVersion4(WriteBundleBinary(FullBundle()));
  EXPECT_EQ(GetU32(bin, 4), 4u);
  const std::string_view payload = std::string_view(bin).substr(20);
  EXPECT_EQ(GetU32(bin, 16), static_cast<std::uint32_t>(Xxh64(payload)));
  EXPECT_EQ(PayloadChecksum(3, payload), Crc32(payload));
  EXPECT_EQ(PayloadChecksum(2, payload), Crc32(payload));
  // The same payload labelled version 3 and sealed with CRC-32 still loads.
  std::string v3 = bin;
  PutU32(&v3, 4, 3);
  PutU32(&v3, 16, Crc32(payload));
  Result<Bundle> r = ReadBundleBinary(v3);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(WriteBundleBinary(r.value()), WriteBundleBinary(FullBundle()));
  // ... but not with the version 4 checksum, nor a version 4 file with the CRC.
  std::string wrong = bin;
  PutU32(&wrong, 16, Crc32(payload));
  EXPECT_FALSE(ReadBundleBinary(wrong).ok());
}

TEST(BundleBinary, VersionFourFilesWithTwelveByteEntriesStillLoad) {
  const Bundle original = FullBundle();
  const std::string v8 = WriteBundleBinary(original);
  const std::string v4 = ToVersion4(v8);
  EXPECT_EQ(GetU32(v4, 4), 4u);
  const Bundle b = MustReadBinary(v4);
  EXPECT_EQ(testing::AllNeighbours(b.associations), testing::AllNeighbours(original.associations));
  EXPECT_EQ(WriteBundleJson(b), WriteBundleJson(original));
  EXPECT_EQ(WriteBundleBinary(b), v8) << "written again, it is a version 8 file";
}

TEST(BundleBinary, BundlesWithoutListsRoundTrip) {
  for (const bool with_catalog : {false, true}) {
    Bundle b;
    if (with_catalog) b.catalog.Add(MakeProduct("A", "Lamp", 1000));
    const std::string file = WriteBundleBinary(b);
    const Bundle again = MustReadBinary(file);
    EXPECT_EQ(again.catalog.size(), b.catalog.size());
    EXPECT_EQ(again.associations.size(), 0u);
    EXPECT_EQ(again.associations.Of(0).size(), 0u);
    EXPECT_EQ(WriteBundleBinary(again), file) << with_catalog;
    EXPECT_EQ(WriteBundleJson(again), WriteBundleJson(b)) << with_catalog;
  }
}

TEST(BundleBinary, RoundTripKeepsEveryField) {
  const Bundle original = FullBundle();
  ASSERT_GT(original.associations.size(), 0u);
  const std::string bin = WriteBundleBinary(original);
  EXPECT_EQ(bin.compare(0, 4, "CLBN"), 0);
  EXPECT_EQ(WriteBundleBinary(original), bin) << "deterministic";
  const Bundle b = MustReadBinary(bin);
  EXPECT_EQ(WriteBundleJson(b), WriteBundleJson(original));
  EXPECT_EQ(WriteBundleBinary(b), bin);
  // Fields the JSON form does not show verbatim.
  EXPECT_EQ(testing::AllNeighbours(b.associations), testing::AllNeighbours(original.associations))
      << "scores are kept exactly";
  EXPECT_EQ(b.product_orders, original.product_orders);
  EXPECT_FALSE(b.catalog[b.catalog.Find("CARE")].known);
  EXPECT_EQ(b.catalog[b.catalog.Find("LAMP")].details().cost, 1100);
  EXPECT_EQ(b.catalog[b.catalog.Find("LAMP")].inventory, 7);
  EXPECT_EQ(b.catalog[b.catalog.Find("CARE")].details().kind, "protection");
  EXPECT_EQ(b.cross_sell, original.cross_sell);
  EXPECT_DOUBLE_EQ(b.built_from.order_size_damping, 0.5);
  EXPECT_EQ(b.built_from.single_item_orders, 4u);
}

TEST(BundleBinary, JsonToBinaryToJsonIsByteIdentical) {
  const std::string json = WriteBundleJson(FullBundle());
  Result<Bundle> parsed = ReadBundleJson(json);
  ASSERT_TRUE(parsed.ok()) << Describe(parsed.error());
  EXPECT_EQ(WriteBundleJson(MustReadBinary(WriteBundleBinary(parsed.value()))), json);
}

TEST(BundleBinary, StringsAreInterned) {
  Bundle b = FullBundle();
  const std::string before = WriteBundleBinary(b);
  std::size_t untagged = 0;
  for (Product& p : b.catalog.products) {  // "Home" is already in the table
    untagged += p.details().tags.empty();
    std::vector<std::string_view> tags = p.details().tags.ToVector();
    tags.push_back("Home");
    p.mutable_details().tags = b.catalog.KeepList(ListView<std::string_view>(tags));
  }
  ASSERT_GT(untagged, 0u);
  const std::string after = WriteBundleBinary(b);
  // One 8-byte reference per product (and a count where there were no tags), nothing added to
  // the string table.
  EXPECT_EQ(after.size() - before.size(), 8 * b.catalog.size() + 4 * untagged);
}

// A 100k-product bundle sets none of the details and names a few dozen category paths: reading
// one must allocate no details, and keep each path once for all the products that have it.
TEST(BundleBinary, ProductsShareTheirCategoryPathAndHaveNoDetailsTheyDoNotSet) {
  Bundle b;
  for (int i = 0; i < 300; ++i) {
    // 50 paths, of which {"D3"} and {"Home", "D3"} differ.
    const int k = i % 50;
    std::vector<std::string> path{"D" + std::to_string(k % 25)};
    if (k >= 25) path.insert(path.begin(), "Home");
    b.catalog.Add(MakeProduct("P" + std::to_string(i), "Lamp", 1000, path));
  }
  b.catalog.Add(MakeProduct("NONE", "Gift card", 500));
  Product cover = MakeProduct("CARE", "Two-year cover", 500, {"D1"});
  cover.mutable_details().kind = "protection";
  b.catalog.Add(cover);
  for (const std::uint32_t version : {7u, 6u}) {
    const Bundle again = MustReadBinary(WriteBundleBinary(b, version));
    ASSERT_EQ(again.catalog.size(), b.catalog.size());
    std::vector<const std::string_view*> lists;
    for (std::size_t i = 0; i < again.catalog.size(); ++i) {
      const Product& p = again.catalog[static_cast<ProductIndex>(i)];
      EXPECT_EQ(p.category, b.catalog[static_cast<ProductIndex>(i)].category) << i;
      EXPECT_EQ(p.has_own_details(), p.id == "CARE") << i;
      if (!p.category.empty()) lists.push_back(p.category.data());
    }
    std::sort(lists.begin(), lists.end());
    EXPECT_EQ(std::unique(lists.begin(), lists.end()) - lists.begin(), 50) << "version " << version;
    EXPECT_EQ(again.catalog[again.catalog.Find("CARE")].details().kind, "protection");
    EXPECT_EQ(&again.catalog[0].details(), &kDefaultProductDetails);
    EXPECT_EQ(WriteBundleJson(again), WriteBundleJson(b)) << "version " << version;
  }
}

// The reader remembers at most 2^14 paths: past them every path still reads back, and the paths
// remembered are still shared.
TEST(BundleBinary, MorePathsThanTheReaderRemembersReadBack) {
  Bundle b;
  const int paths = (1 << 14) + 100;
  for (int i = 0; i < paths + 2; ++i) {
    const int k = i < paths ? i : (i - paths) * (paths - 1);  // then the first and the last again
    b.catalog.Add(MakeProduct("P" + std::to_string(i), "Lamp", 1000, {"Home", "D" + std::to_string(k)}));
  }
  const Bundle again = MustReadBinary(WriteBundleBinary(b));
  for (std::size_t i = 0; i < b.catalog.size(); ++i)
    ASSERT_EQ(again.catalog.products[i].category, b.catalog.products[i].category) << i;
  EXPECT_EQ(again.catalog.products[paths].category.data(), again.catalog.products[0].category.data());
  EXPECT_NE(again.catalog.products[paths + 1].category.data(), again.catalog.products[paths - 1].category.data());
}

// A field left at its default takes no bytes in a version 7 record; a version 6 record holds
// every field.
TEST(BundleBinary, RecordsHoldOnlyTheFieldsAProductSets) {
  Bundle b;
  b.catalog.Add(MakeProduct("A", "Lamp", 1000));
  const std::string bare = WriteBundleBinary(b);
  const std::string full = WriteBundleBinary(b, 6);
  const auto record_bytes = [](const std::string& file) {  // the PROD body after its count
    for (const auto& [tag, body] : testing::SplitSections(file))
      if (tag == "PROD") return body.size() - 4;
    return std::size_t{0};
  };
  EXPECT_EQ(record_bytes(bare), 8u + 8u + 8u + 2u) << "id, title, price, flags";
  EXPECT_EQ(record_bytes(full), 7u * 8u + 3u * 8u + 3u * 4u + 1u + 4u);
  EXPECT_EQ(WriteBundleJson(MustReadBinary(bare)), WriteBundleJson(MustReadBinary(full)));
  // Each field set costs its own bytes and reads back.
  Product& p = b.catalog.products[0];
  p.mutable_details().cost = 500;
  p.mutable_details().tier = 2;
  p.mutable_details().kind = "protection";
  const std::string some = WriteBundleBinary(b);
  EXPECT_EQ(record_bytes(some), record_bytes(bare) + 8u + 4u + 8u);
  const Bundle again = MustReadBinary(some);
  EXPECT_EQ(again.catalog.products[0].details().cost, 500);
  EXPECT_EQ(again.catalog.products[0].details().tier, 2);
  EXPECT_EQ(again.catalog.products[0].details().kind, "protection");
  EXPECT_EQ(again.catalog.products[0].inventory, -1) << "absent: the default";
  EXPECT_EQ(WriteBundleJson(again), WriteBundleJson(MustReadBinary(WriteBundleBinary(b, 6))));
  // Flag bits no version defines are corruption, in either record layout: bit 14 of a version 7
  // record, bit 3 of a version 6 one (whose flags byte follows id, title, price, url, image and
  // the two empty list counts).
  std::string v7 = bare;
  std::string v6 = full;
  v7[SectionBody(v7, "PROD") + 4 + 24 + 1] |= 0x40;
  v6[SectionBody(v6, "PROD") + 4 + 5 * 8 + 2 * 4] |= 0x08;
  for (std::string* bad : {&v7, &v6}) {
    Reseal(bad);
    Result<Bundle> r = ReadBundleBinary(*bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kMalformedRecord);
    EXPECT_NE(r.error().message.find("unknown flags"), std::string::npos) << r.error().message;
  }
}

// Files written before version 8 are what the version 6 and 7 writers still write, byte for byte.
TEST(BundleBinary, TheOlderWritersWriteWhatEarlierEnginesWrote) {
  std::string latest;
  for (const std::uint32_t version : {6u, 7u}) {
    const std::string name = "fuzz/corpus/bundle_binary/store_v" + std::to_string(version) + ".bin";
    std::ifstream in(std::string(CARTLIFT_SOURCE_DIR) + "/" + name, std::ios::binary);
    ASSERT_TRUE(in) << name;
    const std::string old((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_EQ(GetU32(old, 4), version);
    const Bundle b = MustReadBinary(old);
    EXPECT_EQ(WriteBundleBinary(b, version), old) << version;
    const std::string v8 = WriteBundleBinary(b);
    EXPECT_LT(v8.size(), old.size()) << version;
    EXPECT_EQ(WriteBundleJson(MustReadBinary(v8)), WriteBundleJson(b));
    if (!latest.empty()) {
      EXPECT_EQ(v8, latest) << "both seeds hold the same bundle";
    }
    latest = v8;
  }
}

TEST(BundleBinary, EngineLoadsEitherFormWithTheSameOffers) {
  const Bundle b = FullBundle();
  auto json = Engine::Load(WriteBundleJson(b));
  auto bin = Engine::Load(WriteBundleBinary(b));
  ASSERT_TRUE(json.ok()) << Describe(json.error());
  ASSERT_TRUE(bin.ok()) << Describe(bin.error());
  for (const char* req : {R"({"cart":[{"id":"LAMP"}],"limit":5})", R"({"cart":[{"id":"MUG"},{"id":"BULB"}]})"}) {
    auto a = json.value()->RecommendJson(req);
    auto c = bin.value()->RecommendJson(req);
    ASSERT_TRUE(a.ok() && c.ok());
    EXPECT_EQ(a.value(), c.value()) << req;
  }
}

TEST(BundleBinary, NeighbourEntriesStartOnAFourByteBoundary) {
  for (std::size_t extra = 0; extra < 8; ++extra) {
    Bundle b = FullBundle();
    b.catalog.products[0].title = testing::Kept(std::string(b.catalog.products[0].title) + std::string(extra, 'x'));
    const std::string file = WriteBundleBinary(b);
    const std::size_t body = SectionBody(file, "ASSC");
    ASSERT_GT(body, 0u);
    EXPECT_EQ(body % 4, 0u) << extra;
    auto again = ReadBundleBinary(file);
    ASSERT_TRUE(again.ok()) << Describe(again.error());
    EXPECT_EQ(WriteBundleBinary(again.value()), file) << "the padding is written the same way again";
  }
}

// The file in a malloc'd buffer, `shift` bytes in, handed over as held bytes.
struct Handed {
  HeldBytes held{nullptr, nullptr};
  std::string_view view;
};
Handed Hand(const std::string& file, std::size_t shift) {
  auto* buf = static_cast<unsigned char*>(std::malloc(file.size() + shift));
  std::memcpy(buf + shift, file.data(), file.size());
  Handed h;
  h.held = HeldBytes(buf, &std::free);
  h.view = std::string_view(reinterpret_cast<const char*>(buf + shift), file.size());
  return h;
}

TEST(BundleBinary, HandedBytesAreReadInPlaceWhenAligned) {
  const std::string file = WriteBundleBinary(FullBundle());
  const std::string expected = WriteBundleJson(ReadBundleBinary(file).value());
  Handed aligned = Hand(file, 0);
  auto in_place = ReadBundleBinary(aligned.view, &aligned.held);
  ASSERT_TRUE(in_place.ok()) << Describe(in_place.error());
  EXPECT_EQ(aligned.held, nullptr) << "the bundle took the bytes";
  EXPECT_TRUE(in_place.value().associations.in_place()) << "no copy of the entries";
  EXPECT_GT(in_place.value().associations.size(), 0u);
  const std::string_view title = in_place.value().catalog.products[0].title;
  EXPECT_TRUE(title.data() >= aligned.view.data() && title.data() + title.size() <= aligned.view.data() + aligned.view.size())
      << "no copy of the string table";
  EXPECT_EQ(WriteBundleJson(in_place.value()), expected);
  // The catalog moved out keeps the bytes alive on its own.
  {
    Handed again = Hand(file, 0);
    auto other = ReadBundleBinary(again.view, &again.held);
    ASSERT_TRUE(other.ok());
    Catalog moved_out = std::move(other.value().catalog);
    other = ReadBundleBinary(file);  // the bundle that held the bytes is gone
    EXPECT_EQ(moved_out.products[0].title, title);
  }
  // A copy keeps its own entries: it outlives the bundle that holds the bytes.
  Bundle copy = in_place.value();
  in_place = ReadBundleBinary(file);
  EXPECT_EQ(WriteBundleJson(copy), expected);
  EXPECT_FALSE(copy.associations.in_place());
  // Moved, the bytes go along.
  Bundle moved = std::move(copy);
  EXPECT_EQ(WriteBundleJson(moved), expected);
}

TEST(BundleBinary, MisalignedOrRefusedHandedBytesStayWithTheCaller) {
  const std::string file = WriteBundleBinary(FullBundle());
  const std::string expected = WriteBundleJson(ReadBundleBinary(file).value());
  Handed shifted = Hand(file, 1);
  auto copied = ReadBundleBinary(shifted.view, &shifted.held);
  ASSERT_TRUE(copied.ok()) << Describe(copied.error());
  EXPECT_NE(shifted.held, nullptr) << "entries off a 4-byte boundary are copied, the bytes stay";
  EXPECT_EQ(WriteBundleJson(copied.value()), expected);
  Handed old = Hand(ToVersion4(file), 0);
  auto packed = ReadBundleBinary(old.view, &old.held);
  ASSERT_TRUE(packed.ok()) << Describe(packed.error());
  EXPECT_NE(old.held, nullptr) << "a version 4 file's entries are packed into a copy";
  EXPECT_EQ(WriteBundleJson(packed.value()), expected);
  std::string corrupt = file;
  corrupt.back() ^= 0x55;
  Handed bad = Hand(corrupt, 0);
  EXPECT_FALSE(ReadBundleBinary(bad.view, &bad.held).ok());
  EXPECT_NE(bad.held, nullptr);
}

TEST(BundleBinary, VersionFiveFilesWithThirtyTwoBitEntriesStillLoad) {
  const Bundle original = FullBundle();
  const std::string v8 = WriteBundleBinary(original);
  const std::string v5 = ToVersion5(v8);
  EXPECT_EQ(GetU32(v5, 4), 5u);
  EXPECT_GT(v5.size(), v8.size()) << "entries from version 6 take fewer bits";
  const Bundle b = MustReadBinary(v5);
  EXPECT_EQ(testing::AllNeighbours(b.associations), testing::AllNeighbours(original.associations));
  EXPECT_EQ(WriteBundleJson(b), WriteBundleJson(original));
  // Handed over, its entries are read into a copy (they lack the word after the last one).
  Handed old = Hand(v5, 0);
  auto handed = ReadBundleBinary(old.view, &old.held);
  ASSERT_TRUE(handed.ok()) << Describe(handed.error());
  EXPECT_FALSE(handed.value().associations.in_place());
  EXPECT_EQ(WriteBundleJson(handed.value()), WriteBundleJson(original));
  // A version 5 file's entries must still be products of the bundle.
  std::string bad = v5;
  PutU32(&bad, bad.size() - 4, 0xFFFFFFFFu);
  Reseal(&bad);
  EXPECT_FALSE(ReadBundleBinary(bad).ok());
}

TEST(BundleBinary, VersionSixFilesWithTheListsLastStillLoad) {
  const Bundle original = FullBundle();
  const std::string v8 = WriteBundleBinary(original);
  const std::string v6 = ToVersion6(v8);
  EXPECT_EQ(GetU32(v6, 4), 6u);
  EXPECT_GT(SectionBody(v6, "ASSC"), SectionBody(v6, "ORDS")) << "the lists last";
  EXPECT_EQ(WriteBundleJson(MustReadBinary(v6)), WriteBundleJson(original));
  EXPECT_EQ(WriteBundleBinary(MustReadBinary(v6)), v8) << "written again, it is a version 8 file";
  // Handed over, its string table is read in place and its lists packed into a copy; with the
  // lists last, every byte up to the end of the table is the whole file.
  Handed old = Hand(v6, 0);
  std::size_t kept = 0;
  auto handed = ReadBundleBinary(old.view, &old.held, &kept);
  ASSERT_TRUE(handed.ok()) << Describe(handed.error());
  EXPECT_EQ(old.held, nullptr);
  EXPECT_FALSE(handed.value().associations.in_place());
  EXPECT_EQ(kept, v6.size());
  EXPECT_EQ(WriteBundleJson(handed.value()), WriteBundleJson(original));
}

TEST(BundleBinary, VersionSevenFilesWithAPalettePerListStillLoad) {
  const Bundle original = FullBundle();
  const std::string v8 = WriteBundleBinary(original);
  const std::string v7 = testing::ToVersion7(v8);
  EXPECT_EQ(GetU32(v7, 4), 7u);
  EXPECT_NE(testing::AssociationsBody(v7), testing::AssociationsBody(v8));
  EXPECT_EQ(v7.substr(SectionBody(v7, "META") - 12), v8.substr(SectionBody(v8, "META") - 12))
      << "only the lists differ";
  const Bundle b = MustReadBinary(v7);
  EXPECT_EQ(testing::AllNeighbours(b.associations), testing::AllNeighbours(original.associations));
  EXPECT_EQ(WriteBundleBinary(b), v8) << "written again, it is a version 8 file";
  EXPECT_EQ(WriteBundleBinary(b, 7), v7);
  // Handed over, the string table is read in place and only it is kept: the lists are a copy.
  Handed old = Hand(v7, 0);
  std::size_t kept = 0;
  auto handed = ReadBundleBinary(old.view, &old.held, &kept);
  ASSERT_TRUE(handed.ok()) << Describe(handed.error());
  EXPECT_FALSE(handed.value().associations.in_place());
  EXPECT_EQ(kept, SectionBody(v7, "ASSC") - 12);
  EXPECT_EQ(WriteBundleJson(handed.value()), WriteBundleJson(original));
}

// A version 8 file puts the string table and the lists first: a bundle that takes the bytes reads
// nothing after them again, so their owner may give the rest back (the wasm module does).
TEST(BundleBinary, HandedBytesPastTheListsAreNotReadAfterLoading) {
  const Bundle original = FullBundle();
  const std::string file = WriteBundleBinary(original);
  const std::size_t lists_end = SectionBody(file, "ASSC") + testing::AssociationsBody(file).size();
  EXPECT_LT(SectionBody(file, "ASSC"), SectionBody(file, "PROD"));
  Handed h = Hand(file, 0);
  std::size_t kept = 0;
  auto b = ReadBundleBinary(h.view, &h.held, &kept);
  ASSERT_TRUE(b.ok()) << Describe(b.error());
  ASSERT_EQ(h.held, nullptr);
  EXPECT_EQ(kept, lists_end);
  EXPECT_LT(kept, file.size() / 2) << "the products and everything read once are most of the file";
  // The rest overwritten (and, under ASan, made unreadable): the bundle and an engine built on it
  // give what a copy gives.
  auto* tail = const_cast<char*>(h.view.data()) + kept;
  const std::size_t tail_bytes = file.size() - kept;
  std::memset(tail, 0xA5, tail_bytes);
#if defined(__SANITIZE_ADDRESS__)
  __asan_poison_memory_region(tail, tail_bytes);
#endif
  const std::string expected = WriteBundleJson(original);
  EXPECT_EQ(WriteBundleJson(b.value()), expected);
  auto copy = Engine::Load(file);
  ASSERT_TRUE(copy.ok());
  auto engine = Engine::FromBundle(std::move(b).value());
  for (const char* req : {R"({"cart":[{"id":"LAMP"}],"limit":5})", R"({"cart":[{"id":"MUG"},{"id":"BULB"}]})"}) {
    auto x = engine->RecommendJson(req);
    auto y = copy.value()->RecommendJson(req);
    ASSERT_TRUE(x.ok() && y.ok());
    EXPECT_EQ(x.value(), y.value()) << req;
  }
#if defined(__SANITIZE_ADDRESS__)
  __asan_unpoison_memory_region(tail, tail_bytes);  // before the engine frees the buffer
#endif
  engine.reset();
  // Not taken (copied off a 4-byte boundary): `kept` is left as it was.
  Handed shifted = Hand(file, 1);
  std::size_t untouched = 7;
  ASSERT_TRUE(ReadBundleBinary(shifted.view, &shifted.held, &untouched).ok());
  EXPECT_NE(shifted.held, nullptr);
  EXPECT_EQ(untouched, 7u);
}

// No products, or a catalog whose bundle was assembled without lists: the writer packs empty
// lists for the catalog, and the file reads back as it was written.
TEST(BundleBinary, EveryTruncationIsATypedError) {
  const std::string bin = WriteBundleBinary(FullBundle());
  for (std::size_t n = 0; n < bin.size(); ++n) {
    Result<Bundle> r = ReadBundleBinary(std::string_view(bin).substr(0, n));
    ASSERT_FALSE(r.ok()) << "prefix of " << n << " bytes loaded";
    EXPECT_TRUE(r.error().code == ErrorCode::kMalformedRecord || r.error().code == ErrorCode::kUnsupportedFormat)
        << n << ": " << Describe(r.error());
  }
  // A truncated file resealed (size and checksum made to match) still fails in the section it cut.
  const std::size_t prod = SectionBody(bin, "PROD");
  std::string cut = bin.substr(0, prod + 40);
  const std::uint64_t payload = cut.size() - 20;
  PutU32(&cut, 8, static_cast<std::uint32_t>(payload));
  PutU32(&cut, 12, 0);
  Reseal(&cut);
  Result<Bundle> r = ReadBundleBinary(cut);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMalformedRecord);
  EXPECT_NE(r.error().message.find("products"), std::string::npos) << r.error().message;
}

TEST(BundleBinary, TrailingBytesAreRefused) {
  std::string bin = WriteBundleBinary(FullBundle());
  bin += '\0';
  Result<Bundle> r = ReadBundleBinary(bin);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMalformedRecord);
}

TEST(BundleBinary, EveryFlippedByteIsRefused) {
  const std::string bin = WriteBundleBinary(FullBundle());
  for (std::size_t i = 0; i < bin.size(); ++i) {
    std::string bad = bin;
    bad[i] = static_cast<char>(bad[i] ^ 0x10);
    Result<Bundle> r = ReadBundleBinary(bad);
    ASSERT_FALSE(r.ok()) << "flip at " << i << " loaded";
    if (i >= 20) {
      EXPECT_EQ(r.error().code, ErrorCode::kMalformedRecord) << i;
      EXPECT_NE(r.error().message.find("checksum"), std::string::npos) << i << ": " << r.error().message;
    }
  }
}

TEST(BundleBinary, WrongMagicOrVersionIsUnsupported) {
  std::string bin = WriteBundleBinary(FullBundle());
  std::string next = bin;
  PutU32(&next, 4, kBundleBinaryVersion + 1);
  Result<Bundle> r = ReadBundleBinary(next);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_NE(r.error().message.find("version " + std::to_string(kBundleBinaryVersion + 1)), std::string::npos);
  EXPECT_FALSE(IsBundleBinary("{\"format\""));
  r = ReadBundleBinary("CLB");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedFormat);
}

// Each edit is resealed, so it gets past the checksum to the check that must catch it.
struct Corruption {
  const char* name;
  const char* section;
  std::size_t at;  // offset inside the section body
  std::uint32_t value;
  ErrorCode code;
};

// The lists' first words, laid out alike in every packed version (offsets, then the index bits),
// and the score of the first (co, score) pair, at `score_at`.
std::vector<Corruption> ListHeadCases(std::uint32_t ob, std::uint32_t id_bits, std::size_t score_at) {
  return {{"offset count", "ASSC", 0, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
          {"first offset", "ASSC", 4, 1, ErrorCode::kMalformedRecord},
          {"decreasing offset", "ASSC", 8, 0x7FFFFFFFu, ErrorCode::kMalformedRecord},
          {"index bits", "ASSC", 4 + ob, id_bits + 1, ErrorCode::kMalformedRecord},
          {"score NaN", "ASSC", score_at, 0x7FC00000u, ErrorCode::kInvalidValue},
          {"score infinite", "ASSC", score_at, 0x7F800000u, ErrorCode::kInvalidValue},
          {"score negative", "ASSC", score_at, 0xBF800000u, ErrorCode::kInvalidValue}};
}

void ExpectRefused(const std::string& bin, std::vector<Corruption> cases, const std::vector<Corruption>& more) {
  cases.insert(cases.end(), more.begin(), more.end());
  for (const Corruption& c : cases) {
    std::string bad = bin;
    PutU32(&bad, SectionBody(bad, c.section) + c.at, c.value);
    Reseal(&bad);
    Result<Bundle> r = ReadBundleBinary(bad);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().code, c.code) << c.name << ": " << Describe(r.error());
  }
}

TEST(BundleBinary, AbsurdCountsAndReferencesAreRefusedWithoutAllocating) {
  const Bundle full = FullBundle();
  const std::string bin = WriteBundleBinary(full);
  const std::uint32_t n = static_cast<std::uint32_t>(full.catalog.size());
  const std::uint32_t ob = 4 * (n + 1);  // bytes of one offsets array
  const std::uint32_t id_bits = NeighbourIdBits(n), mask = (1u << id_bits) - 1u;
  ASSERT_LT(n, mask) << "the all-ones index is not a product";
  const std::size_t assc = SectionBody(bin, "ASSC");
  const std::uint32_t pairs = GetU32(bin, assc + 12 + 2 * ob);
  const std::size_t pair_bits_at = 16 + 2 * ob + 8 * std::size_t{pairs};
  const std::uint32_t pair_bits = GetU32(bin, assc + pair_bits_at), length_bits = GetU32(bin, assc + pair_bits_at + 4);
  const std::uint32_t runs = GetU32(bin, assc + pair_bits_at + 8);
  const std::size_t run_pairs_at = pair_bits_at + 12;
  const std::size_t run_lengths_at = run_pairs_at + 4 * PackedAssociations::StreamWords(runs, pair_bits);
  const std::size_t entries_at = run_lengths_at + 4 * PackedAssociations::StreamWords(runs, length_bits);
  const std::uint32_t first_length_word = GetU32(bin, assc + run_lengths_at);
  const std::uint32_t first_word = GetU32(bin, assc + entries_at + 4);
  const std::uint32_t length_mask = PackedAssociations::Mask(length_bits);
  ASSERT_NE(first_length_word & length_mask, length_mask) << "the first run can be made longer";
  const std::vector<Corruption> cases = {
      {"product count", "PROD", 0, 0xFFFFFFF0u, ErrorCode::kMalformedRecord},
      {"product count too small", "PROD", 0, n - 1, ErrorCode::kMalformedRecord},
      {"first id offset", "PROD", 4, 0x7FFFFFFFu, ErrorCode::kMalformedRecord},
      {"first id length", "PROD", 8, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
      {"first id empty", "PROD", 8, 0, ErrorCode::kInvalidValue},
      {"first category count", "PROD", 4 + 16 + 8 + 16, 0x20000000u, ErrorCode::kMalformedRecord},
      {"inputs count", "META", 8 * 4 + 4 + 8, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
      {"orders count", "ORDS", 0, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
      {"run offset count", "ASSC", 8 + ob, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
      {"first run offset", "ASSC", 12 + ob, 1, ErrorCode::kMalformedRecord},
      {"pair count", "ASSC", 12 + 2 * ob, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
      {"pair bits", "ASSC", pair_bits_at, pair_bits + 1, ErrorCode::kMalformedRecord},
      {"run length bits zero", "ASSC", pair_bits_at + 4, 0, ErrorCode::kMalformedRecord},
      {"run length bits over 11", "ASSC", pair_bits_at + 4, 12, ErrorCode::kMalformedRecord},
      {"run count", "ASSC", pair_bits_at + 8, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
      {"run count one more", "ASSC", pair_bits_at + 8, runs + 1, ErrorCode::kMalformedRecord},
      {"run longer than its list", "ASSC", run_lengths_at, first_length_word | length_mask, ErrorCode::kMalformedRecord},
      {"neighbour count", "ASSC", entries_at, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
      {"neighbour count one more", "ASSC", entries_at, GetU32(bin, assc + entries_at) + 1000, ErrorCode::kMalformedRecord},
      {"neighbour product", "ASSC", entries_at + 4, (first_word & ~mask) | n, ErrorCode::kInvalidValue},
      {"neighbour product all bits", "ASSC", entries_at + 4, first_word | mask, ErrorCode::kInvalidValue},
      {"section length", "ASSC", static_cast<std::size_t>(-8), 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
  };
  ExpectRefused(bin, cases, ListHeadCases(ob, id_bits, 20 + 2 * ob));
}

// Version 7 lists (a palette per list, whole-byte entries) are decoded with the same care.
TEST(BundleBinary, AbsurdVersionSevenListsAreRefused) {
  const Bundle full = FullBundle();
  const std::string bin = testing::ToVersion7(WriteBundleBinary(full));
  const std::uint32_t n = static_cast<std::uint32_t>(full.catalog.size());
  const std::uint32_t ob = 4 * (n + 1);
  const std::uint32_t id_bits = NeighbourIdBits(n), mask = (1u << id_bits) - 1u;
  const std::size_t assc = SectionBody(bin, "ASSC");
  const std::uint32_t entry_bytes = GetU32(bin, assc + 8 + ob);
  const std::size_t words = 24 + 2 * ob + 8 * std::size_t{GetU32(bin, assc + 16 + 2 * ob)};
  const std::uint32_t first_word = GetU32(bin, assc + words);
  const std::uint32_t entry_mask = entry_bytes >= 4 ? ~0u : (1u << (8 * entry_bytes)) - 1u;
  ASSERT_GT(8 * entry_bytes, id_bits);
  ASSERT_LT(entry_bytes, 4u) << "a small bundle's entries are narrow";
  const std::vector<Corruption> cases = {
      {"entry width no wider than the index", "ASSC", 8 + ob, id_bits / 8, ErrorCode::kMalformedRecord},
      {"entry width over 4", "ASSC", 8 + ob, 5, ErrorCode::kMalformedRecord},
      {"entry width wider than written", "ASSC", 8 + ob, entry_bytes + 1, ErrorCode::kMalformedRecord},
      {"palette offset count", "ASSC", 12 + ob, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
      {"first palette offset", "ASSC", 16 + ob, 1, ErrorCode::kMalformedRecord},
      {"palette count", "ASSC", 16 + 2 * ob, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
      {"neighbour count", "ASSC", words - 4, 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
      {"neighbour count one more", "ASSC", words - 4, GetU32(bin, assc + words - 4) + 1000, ErrorCode::kMalformedRecord},
      {"neighbour product", "ASSC", words, (first_word & ~mask) | n, ErrorCode::kInvalidValue},
      {"neighbour product all bits", "ASSC", words, first_word | mask, ErrorCode::kInvalidValue},
      {"neighbour palette entry", "ASSC", words,
       (first_word & ~entry_mask) | (first_word & mask) | (entry_mask & ~mask),
       ErrorCode::kMalformedRecord},
      {"section length", "ASSC", static_cast<std::size_t>(-8), 0xFFFFFFFFu, ErrorCode::kMalformedRecord},
  };
  ExpectRefused(bin, cases, ListHeadCases(ob, id_bits, 24 + 2 * ob));
}

TEST(BundleBinary, EveryMerchantRuleSurvivesTheBinaryForm) {
  Bundle b = FullBundle();
  b.rules.upsell_max_delta = 0.25;
  b.rules.free_shipping_threshold = 2500;
  b.rules.max_per_type = {{OfferType::kUpsell, 1}, {OfferType::kCrossSell, 3}};
  b.rules.placements = {{"checkout", {OfferType::kCrossSell, OfferType::kThreshold}}};
  b.rules.pins = {"BULB"};
  Result<Bundle> again = ReadBundleBinary(WriteBundleBinary(b));
  ASSERT_TRUE(again.ok()) << Describe(again.error());
  EXPECT_EQ(WriteBundleJson(again.value()), WriteBundleJson(b));
  EXPECT_EQ(again.value().rules.free_shipping_threshold, 2500);
  EXPECT_EQ(again.value().rules.pins, std::vector<std::string>{"BULB"});
}

TEST(BundleBinary, InvalidRulesAreTheJsonReadersErrorWithTheRulesPath) {
  std::string bin = WriteBundleBinary(FullBundle());
  const std::size_t at = bin.find("\"max_offers\":4", SectionBody(bin, "RULE"));
  ASSERT_NE(at, std::string::npos);
  bin[at + 13] = '0';  // max_offers 0
  Reseal(&bin);
  Result<Bundle> r = ReadBundleBinary(bin);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidValue);
  EXPECT_EQ(r.error().path, "/rules/max_offers");
}

TEST(BundleBinary, StringsAreValidatedLikeTheJsonReader) {
  const std::string bin = WriteBundleBinary(FullBundle());
  const std::size_t strs = SectionBody(bin, "STRS");
  // Invalid UTF-8 inside the table.
  std::string bad = bin;
  const std::size_t lamp = bad.find("LAMP", strs);
  bad[lamp] = static_cast<char>(0xFF);
  Reseal(&bad);
  Result<Bundle> r = ReadBundleBinary(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMalformedRecord);
  EXPECT_NE(r.error().message.find("UTF-8"), std::string::npos);
  // A reference starting inside a multi-byte character (the en dash of the lamp's title).
  bad = bin;
  const std::size_t dash = bad.find("\xE2\x80\x93", strs) - strs;
  const std::size_t title_ref = SectionBody(bad, "PROD") + 4 + 8;
  PutU32(&bad, title_ref, static_cast<std::uint32_t>(dash + 1));
  PutU32(&bad, title_ref + 4, 2);
  Reseal(&bad);
  r = ReadBundleBinary(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("splits a UTF-8"), std::string::npos) << Describe(r.error());
  // Duplicate ids: point the second product's id at the first's.
  bad = bin;
  const std::size_t prod = SectionBody(bad, "PROD");
  Bundle first_only = FullBundle();
  first_only.catalog.products.resize(1);
  first_only.catalog.Reindex();
  first_only.product_orders.resize(1);
  first_only.associations = Associations{};
  const std::string one = WriteBundleBinary(first_only);
  const std::size_t record = SectionBody(one, "ORDS") - 12 - (SectionBody(one, "PROD") + 4);
  PutU32(&bad, prod + 4 + record, GetU32(bad, prod + 4));
  PutU32(&bad, prod + 8 + record, GetU32(bad, prod + 8));
  Reseal(&bad);
  r = ReadBundleBinary(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kDuplicateId) << Describe(r.error());
  EXPECT_EQ(r.error().path, "/products/1/id");
}

#ifdef CARTLIFT_CLI_PATH
std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(BundleBinary, CliConvertRoundTripsByteIdentical) {
  const std::string dir = ::testing::TempDir();
  const std::string json = dir + "/cartlift_convert.json", bin = dir + "/cartlift_convert.bin",
                    back = dir + "/cartlift_convert_back.json";
  const std::string original = WriteBundleJson(FullBundle());
  { std::ofstream(json, std::ios::binary) << original; }
  const std::string cli = CARTLIFT_CLI_PATH;
  ASSERT_EQ(std::system((cli + " convert --in " + json + " --out " + bin).c_str()), 0);
  ASSERT_TRUE(IsBundleBinary(Slurp(bin)));
  ASSERT_EQ(std::system((cli + " convert --in " + bin + " --out " + back + " --to json").c_str()), 0);
  EXPECT_EQ(Slurp(back), original);
  EXPECT_NE(std::system((cli + " convert --in " + json + " --out " + back + " --to yaml 2>/dev/null").c_str()), 0);
  std::remove(json.c_str());
  std::remove(bin.c_str());
  std::remove(back.c_str());
}
#endif

}  // namespace
}  // namespace cartlift
