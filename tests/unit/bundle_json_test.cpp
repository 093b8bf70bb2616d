#include "cartlift/bundle/bundle_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cartlift/bundle/bundle_binary.h"
#include "cartlift/bundle/experiments_json.h"
#include "cartlift/catalog/json_text.h"
#include "cartlift/catalog/catalog_json.h"
#include "test_support.h"

namespace cartlift {
namespace {

using cartlift::testing::Build;
using cartlift::testing::Describe;
using cartlift::testing::MakeOrder;
using cartlift::testing::MakeProduct;
using OJson = nlohmann::ordered_json;

Catalog SmallCatalog() {
  Catalog c;
  c.currency = "GBP";
  Product lamp = MakeProduct("LAMP", "Desk lamp \xE2\x80\x93 brass", 2499, {"Home", "Lighting"});
  lamp.mutable_details().family = "lamp";
  lamp.mutable_details().tier = 1;
  lamp.mutable_details().tags = cartlift::testing::KeptList({"brass"});
  lamp.mutable_details().attributes = cartlift::testing::KeptAttributes({{"size", "small"}, {"colour", "brass"}});
  c.Add(lamp);
  c.Add(MakeProduct("BULB", "LED bulb", 399, {"Home", "Lighting"}));
  c.Add(MakeProduct("SHADE", "Linen shade", 1250, {"Home", "Lighting"}));
  Product mug = MakeProduct("MUG", "Mug", 650, {"Kitchen"});
  mug.in_stock = false;
  c.Add(mug);
  c.Add(MakeProduct("TEA", "Tea", 450, {"Kitchen"}));
  return c;
}

std::vector<Order> SmallOrders() {
  return {MakeOrder("1", {"LAMP", "BULB"}, 1291191960),      MakeOrder("2", {"LAMP", "BULB", "SHADE"}, 1291200000),
          MakeOrder("3", {"BULB", "SHADE"}, 1300000000),     MakeOrder("4", {"LAMP", "BULB"}, 1306857180),
          MakeOrder("5", {"MUG", "TEA"}, 1295000000),        MakeOrder("6", {"MUG", "TEA", "BULB"}, 1296000000),
          MakeOrder("7", {"TEA"}, 1297000000),               MakeOrder("8", {"LAMP", "SHADE"}, 1298000000)};
}

Bundle SmallBundle(Scorer scorer = Scorer::kShrunkConfidence) {
  Catalog c = SmallCatalog();
  BuildOptions opt;
  opt.associations.scorer = scorer;
  opt.rules.max_offers = 4;
  opt.rules.exclude_products = {"TEA"};
  opt.rules.exclude_categories = {"Gift cards"};
  opt.rules.exclude_tags = {"adult"};
  opt.rules.addon_price_cap = 0.5;
  return Build(SmallOrders(), &c, opt);
}

Bundle MustRead(const std::string& text) {
  Result<Bundle> r = ReadBundleJson(text);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : Describe(r.error()));
  return r.ok() ? std::move(r).value() : Bundle{};
}

TEST(BundleJson, WriteReadWriteIsByteIdentical) {
  for (Scorer s : {Scorer::kShrunkConfidence, Scorer::kLift, Scorer::kCosine, Scorer::kCoCount}) {
    const std::string first = WriteBundleJson(SmallBundle(s));
    const std::string second = WriteBundleJson(MustRead(first));
    EXPECT_EQ(first, second) << ScorerName(s);
    EXPECT_EQ(WriteBundleJson(MustRead(second)), second) << ScorerName(s);
  }
}

TEST(BundleJson, RoundTripKeepsContent) {
  const Bundle original = SmallBundle();
  const Bundle b = MustRead(WriteBundleJson(original));
  ASSERT_EQ(b.catalog.size(), 5u);
  const ProductIndex lamp = b.catalog.Find("LAMP"), bulb = b.catalog.Find("BULB");
  ASSERT_NE(lamp, kNoProduct);
  EXPECT_EQ(b.catalog[lamp].title, "Desk lamp \xE2\x80\x93 brass");
  EXPECT_EQ(b.catalog[lamp].price, 2499);
  EXPECT_EQ(b.catalog[lamp].details().family, "lamp");
  ASSERT_EQ(b.catalog[lamp].details().attributes.size(), 2u);
  EXPECT_EQ(b.catalog[lamp].details().attributes[0].first, "size") << "attribute order is kept";
  EXPECT_FALSE(b.catalog[b.catalog.Find("MUG")].in_stock);
  // LAMP is in orders 1, 2, 4, 8; BULB in 1, 2, 3, 4, 6.
  EXPECT_EQ(b.product_orders[lamp], 4u);
  EXPECT_EQ(b.product_orders[bulb], 5u);
  EXPECT_EQ(b.built_from.orders, 8u);
  EXPECT_EQ(b.built_from.first_timestamp, 1291191960);
  EXPECT_EQ(b.built_from.last_timestamp, 1306857180);
  EXPECT_EQ(b.built_from.scorer, "shrunk_confidence");
  ASSERT_EQ(b.built_from.inputs.size(), 1u);
  EXPECT_EQ(b.built_from.inputs[0].name, "hand-made.csv") << "directories are stripped for reproducibility";
  EXPECT_EQ(b.rules.max_offers, 4);
  EXPECT_EQ(b.rules.exclude_products, std::vector<std::string>{"TEA"});
  EXPECT_EQ(b.rules.exclude_categories, std::vector<std::string>{"Gift cards"});
  EXPECT_EQ(b.rules.exclude_tags, std::vector<std::string>{"adult"});
  EXPECT_DOUBLE_EQ(b.rules.addon_price_cap, 0.5);
  ASSERT_EQ(b.associations.size(), original.associations.size());
  // co(LAMP, BULB) = 3 (orders 1, 2, 4); shrunk confidence from LAMP = 3 / (4 + 5).
  bool found = false;
  for (const Neighbour& n : b.associations.Of(lamp)) {
    if (n.product != bulb) continue;
    found = true;
    EXPECT_EQ(n.co, 3u);
    EXPECT_NEAR(n.score, 3.0 / 9.0, 1e-6);
  }
  EXPECT_TRUE(found);
}

TEST(BundleJson, BuildTwiceIsByteIdentical) {
  EXPECT_EQ(WriteBundleJson(SmallBundle()), WriteBundleJson(SmallBundle()));
}

// With a catalog fixing product order, the bundle cannot depend on the order orders arrive in
// (the pair table is a hash table: its iteration order must never leak into the output).
TEST(BundleJson, OrderOfOrdersDoesNotChangeTheBundle) {
  std::vector<Order> orders;
  std::mt19937 rng(7);
  const char* ids[] = {"LAMP", "BULB", "SHADE", "MUG", "TEA"};
  for (int i = 0; i < 400; ++i) {
    Order o;
    o.id = std::to_string(i);
    o.timestamp = 1300000000 + i;
    for (const char* id : ids)
      if (rng() % 3 == 0) {
        OrderItem item;
        item.product_id = id;
        o.items.push_back(item);
      }
    orders.push_back(o);
  }
  const Catalog c = SmallCatalog();
  const std::string forward = WriteBundleJson(Build(orders, &c));
  std::shuffle(orders.begin(), orders.end(), rng);
  EXPECT_EQ(WriteBundleJson(Build(orders, &c)), forward);
}

TEST(BundleJson, ProductsFromOrdersOnlyAreMarkedUnknown) {
  const Bundle b = Build({MakeOrder("1", {"X", "Y"}), MakeOrder("2", {"X", "Y"})});
  const std::string text = WriteBundleJson(b);
  const OJson doc = OJson::parse(text);
  ASSERT_EQ(doc["products"].size(), 2u);
  EXPECT_EQ(doc["products"][0]["title"], "X") << "title defaults to the id";
  EXPECT_EQ(doc["products"][0]["known"], false);
  EXPECT_EQ(doc["products"][0]["orders"], 2);
  const Bundle again = MustRead(text);
  EXPECT_FALSE(again.catalog[0].known);
  EXPECT_EQ(WriteBundleJson(again), text);
}

TEST(BundleJson, LayoutIsOneRecordPerLineWithDocumentedMembers) {
  const std::string text = WriteBundleJson(SmallBundle());
  const OJson doc = OJson::parse(text);
  std::vector<std::string> keys;
  for (auto it = doc.begin(); it != doc.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"format", "currency", "products", "associations", "rules", "experiments",
                                            "built_from"}));
  EXPECT_EQ(doc["format"], "cartlift.bundle/1");
  EXPECT_EQ(doc["built_from"]["date_range"][0], "2010-12-01T08:26:00Z");
  EXPECT_EQ(doc["built_from"]["date_range"][1], "2011-05-31T15:53:00Z");
  EXPECT_EQ(doc["built_from"]["products"], 5);
  // Each product on its own line: 5 products -> 5 lines starting with "  {\"id\"".
  std::size_t product_lines = 0;
  for (std::size_t pos = 0; (pos = text.find("\n  {\"id\":\"", pos)) != std::string::npos; ++pos) ++product_lines;
  EXPECT_GE(product_lines, 5u);
  EXPECT_EQ(text.back(), '\n');
}

std::string DoubleText(double v) {
  JsonWriter w;
  WriteJsonDouble(v, &w);
  return w.Take();
}

// The rules size cap counts what dump() would write without linking dump() into the module:
// DumpedSize must equal dump().size() on any document, escapes, nesting and numbers included.
TEST(BundleJson, DumpedSizeIsTheSizeOfTheDump) {
  std::mt19937_64 rng(20261202);
  const std::string pieces[] = {"a", "Z", "\"", "\\", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1f", "\x7f",
                                "\xC2\xA3", "\xF0\x9F\x8E\x81", "/", " "};
  std::function<OJson(int)> make = [&](int depth) -> OJson {
    switch (rng() % (depth > 3 ? 6 : 8)) {
      case 0: return OJson(static_cast<std::int64_t>(rng()) >> (rng() % 64));
      case 1: return OJson(static_cast<std::uint64_t>(rng()));
      case 2: return OJson(std::ldexp(static_cast<double>(rng() % 1000000) - 500000.0, static_cast<int>(rng() % 80) - 40));
      case 3: return OJson(rng() % 2 == 0);
      case 4: return OJson(nullptr);
      case 5: {
        std::string text;
        for (int k = static_cast<int>(rng() % 12); k > 0; --k) text += pieces[rng() % std::size(pieces)];
        return OJson(text);
      }
      case 6: {
        OJson a = OJson::array();
        for (int k = static_cast<int>(rng() % 5); k > 0; --k) a.push_back(make(depth + 1));
        return a;
      }
      default: {
        OJson o = OJson::object();
        for (int k = static_cast<int>(rng() % 5); k > 0; --k) o[pieces[rng() % std::size(pieces)] + std::to_string(k)] = make(depth + 1);
        return o;
      }
    }
  };
  for (int round = 0; round < 5000; ++round) {
    const OJson doc = make(0);
    ASSERT_EQ(DumpedSize(doc), doc.dump().size()) << doc.dump();
  }
  EXPECT_EQ(DumpedSize(OJson{{"a", 1}}), 7u);
}

// Bundles keep the digits nlohmann::json dumped when they were built as a DOM, and every one of
// them reads back as the same double.
TEST(BundleJson, DoublesAreWrittenAsDumpWroteThemAndReadBackExactly) {
  std::mt19937_64 rng(42);
  std::vector<double> values = {0.0, -0.0, 1.0, 60.0, 0.5, 1e-4, 1.5e-5, 1e15, 1e16, 123456789012345.6,
                                0.04266, 0.023297, std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::min(), std::numeric_limits<double>::denorm_min(),
                                static_cast<double>(std::numeric_limits<float>::max())};
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    float f;
    const auto bits32 = static_cast<std::uint32_t>(bits >> 32);
    std::memcpy(&f, &bits32, sizeof f);
    values.push_back(d);
    values.push_back(static_cast<double>(f));
    // Scores as stored: rounded to 6 decimals.
    values.push_back(std::round(static_cast<double>(bits % 1000000007u) / 997.0 * 1e6) / 1e6);
  }
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    const std::string text = DoubleText(v);
    EXPECT_EQ(text, nlohmann::ordered_json(v).dump());
    const double back = std::strtod(text.c_str(), nullptr);
    EXPECT_EQ(std::memcmp(&back, &v, sizeof v), 0) << text;  // -0.0 included
    EXPECT_EQ(OJson::parse(text).get<double>(), v) << text;
  }
  for (double v : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity()})
    EXPECT_EQ(DoubleText(v), "null") << "as dump() writes non-finite numbers";
  EXPECT_EQ(DoubleText(60), "60.0");
  EXPECT_EQ(DoubleText(-0.0), "-0.0");
  EXPECT_EQ(DoubleText(1.5e-5), "1.5e-05");
}

// A bundle with every section and optional member: catalog products with attributes, tags,
// categories, stock, cost and kind; an unknown product; inferred upgrades; offer rules;
// experiments; damped-confidence provenance with decay; cross-sell options.
Bundle EverySectionBundle() {
  Catalog c = SmallCatalog();
  Product& lamp = c.products[c.Find("LAMP")];
  lamp.url = "/p/lamp";
  lamp.image = "/img/lamp.svg";
  lamp.mutable_details().upgrades_to = "SHADE";
  lamp.inventory = 7;
  lamp.mutable_details().cost = 1100;
  lamp.mutable_details().tags = cartlift::testing::KeptList({"brass", "Home"});
  c.products[c.Find("MUG")].title = "Mug \"Tea\" \\ \t\x01 \xF0\x9F\x8D\xB5";
  c.products[c.Find("TEA")].mutable_details().kind = "protection";
  BuildOptions opt;
  opt.rules.max_offers = 4;
  Bundle b = Build(SmallOrders(), &c, opt);
  b.catalog.products[b.catalog.Find("BULB")].known = false;
  Result<Rules> rules = ParseRulesJson(R"({"max_offers": 4, "exclude": {"products": ["TEA"], "tags": ["adult"]},
      "addon_price_cap": 0.5, "upsell_max_delta": 0.25, "min_upgrade_confidence": 0.3,
      "free_shipping_threshold": 5000, "max_per_type": {"upsell": 1}, "placements": {"cart": ["cross_sell"]},
      "pins": ["BULB"],
      "bundles": [{"id": "lit", "title": "Lamp set", "products": ["LAMP", "BULB", "SHADE"], "percent_off": 10}],
      "volume_tiers": [{"min_qty": 6, "percent_off": 10}]})");
  EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : Describe(rules.error()));
  if (rules.ok()) b.rules = rules.value();
  b.experiments = {{"hero", {{"fbt", 50, false}, {"control \xE2\x80\x93 none", 50, true}}},
                   {"caps", {{"three", 1, false}, {"off", 0, false}}}};
  const auto index = [&](const char* id) { return b.catalog.Find(id); };
  b.inferred_upgrades = {{index("LAMP"), index("SHADE"), 0.8, {{"size", "small", "large"}}},
                         {index("MUG"), index("TEA"), 0.04266, {{"pack", "6", "12"}, {"grade", "", "fine"}}}};
  std::sort(b.inferred_upgrades.begin(), b.inferred_upgrades.end(),
            [](const InferredUpgrade& x, const InferredUpgrade& y) { return x.from < y.from; });
  Provenance& pv = b.built_from;
  pv.scorer = "damped_confidence";
  pv.shrink = 5;
  pv.alpha = 1;
  pv.beta = 0.5;
  pv.half_life_days = 60;
  pv.order_size_damping = 0.023297;
  pv.malformed = 1;
  pv.unknown_products = 5;
  b.cross_sell.merge = CartMerge::kNoisyOr;
  b.cross_sell.max_per_category = 3;
  b.cross_sell.price_anchor = 1.5;
  return b;
}

// The writer as it was before it streamed: an ordered_json document, dumped one record per line.
std::string WriteBundleThroughDom(const Bundle& b) {
  OJson doc = OJson::object();
  doc["format"] = kBundleFormat;
  doc["currency"] = b.catalog.currency;
  OJson products = OJson::array();
  for (std::size_t i = 0; i < b.catalog.size(); ++i) {
    OJson j = ProductToJson(b.catalog.products[i], b.catalog.currency);
    j["orders"] = b.product_orders[i];
    if (const InferredUpgrade* up = FindInferredUpgrade(b.inferred_upgrades, static_cast<ProductIndex>(i))) {
      OJson diff = OJson::array();
      for (const AttrDiff& d : up->diff) diff.push_back(OJson{{"name", d.name}, {"from", d.from}, {"to", d.to}});
      j["inferred_upgrade"] = OJson{{"to", b.catalog[up->to].id}, {"confidence", up->confidence}, {"diff", diff}};
    }
    products.push_back(std::move(j));
  }
  doc["products"] = std::move(products);
  OJson assoc = OJson::array();
  for (std::size_t p = 0; p < b.associations.products(); ++p) {
    OJson ns = OJson::array();
    for (const Neighbour& n : b.associations.Of(static_cast<ProductIndex>(p)))
      ns.push_back(OJson{{"id", b.catalog.products[n.product].id},
                         {"co", n.co},
                         {"score", std::round(static_cast<double>(n.score) * 1e6) / 1e6}});
    if (!ns.empty()) assoc.push_back(OJson{{"id", b.catalog.products[p].id}, {"neighbours", std::move(ns)}});
  }
  doc["associations"] = std::move(assoc);
  doc["rules"] = OJson::parse(WriteRulesJson(b.rules));
  doc["experiments"] = ExperimentsToJson(b.experiments);
  const Provenance& pv = b.built_from;
  OJson inputs = OJson::array();
  for (const BundleInput& in : pv.inputs) inputs.push_back(OJson{{"name", in.name}, {"format", in.format}, {"lines", in.lines}});
  OJson range = OJson::array();
  if (pv.first_timestamp >= 0) range = OJson::array({FormatIsoTime(pv.first_timestamp), FormatIsoTime(pv.last_timestamp)});
  doc["built_from"] = OJson{{"inputs", inputs}, {"orders", pv.orders}, {"order_items", pv.order_items},
                            {"products", b.catalog.size()}, {"pairs_kept", pv.pairs_kept},
                            {"skipped", OJson{{"malformed", pv.malformed}, {"returns", pv.returns},
                                              {"oversized_orders", pv.oversized_orders},
                                              {"single_item_orders", pv.single_item_orders},
                                              {"unknown_products", pv.unknown_products}}},
                            {"date_range", range}, {"scorer", pv.scorer}};
  if (pv.half_life_days > 0) doc["built_from"]["half_life_days"] = pv.half_life_days;
  if (pv.order_size_damping > 0) doc["built_from"]["order_size_damping"] = pv.order_size_damping;
  if (pv.scorer == "damped_confidence")
    doc["built_from"]["scorer_options"] = OJson{{"shrink", pv.shrink}, {"alpha", pv.alpha}, {"beta", pv.beta}};
  const CrossSellOptions& o = b.cross_sell;
  if (o != CrossSellOptions{})
    doc["cross_sell"] = OJson{{"merge", CartMergeName(o.merge)}, {"backfill", BackfillName(o.backfill)},
                              {"collapse_titles", TitleCollapseName(o.collapse_titles)},
                              {"max_per_category", o.max_per_category}, {"price_anchor", o.price_anchor}};
  std::string out = "{\n";
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    out += (it == doc.begin() ? "" : ",\n") + OJson(it.key()).dump() + ": ";
    if (it->is_array() && !it->empty()) {
      out += "[\n";
      for (std::size_t i = 0; i < it->size(); ++i) out += "  " + (*it)[i].dump() + (i + 1 < it->size() ? ",\n" : "\n");
      out += "]";
    } else {
      out += it->dump();
    }
  }
  return out + "\n}\n";
}

TEST(BundleJson, StreamedWriterMatchesTheDomWriterOnEverySection) {
  for (bool plain : {false, true}) {
    // plain: the sections a default build leaves empty or out (no experiments, no cross_sell).
    Bundle b = plain ? SmallBundle() : EverySectionBundle();
    const std::string text = WriteBundleJson(b);
    EXPECT_EQ(text, WriteBundleThroughDom(b)) << "byte-identical to the DOM writer";
    const OJson doc = OJson::parse(text);
    EXPECT_EQ(doc, OJson::parse(WriteBundleThroughDom(b)));
    EXPECT_EQ(doc.contains("cross_sell"), !plain);
    EXPECT_EQ(doc["experiments"].size(), plain ? 0u : 2u);
    const Bundle again = MustRead(text);
    EXPECT_EQ(WriteBundleJson(again), text) << "write -> read -> write";
    Result<Bundle> binary = ReadBundleBinary(WriteBundleBinary(again));
    ASSERT_TRUE(binary.ok()) << Describe(binary.error());
    EXPECT_EQ(WriteBundleJson(binary.value()), text) << "json -> binary -> json";
  }
  const Bundle again = MustRead(WriteBundleJson(EverySectionBundle()));
  EXPECT_EQ(again.inferred_upgrades.size(), 2u);
  EXPECT_EQ(again.experiments.size(), 2u);
  EXPECT_EQ(again.rules.pins, std::vector<std::string>{"BULB"});
  EXPECT_DOUBLE_EQ(again.built_from.order_size_damping, 0.023297);
  EXPECT_FALSE(again.catalog[again.catalog.Find("BULB")].known);
}

TEST(BundleJson, NeighbourListsAreSortedByScoreThenId) {
  const OJson doc = OJson::parse(WriteBundleJson(SmallBundle()));
  for (const auto& a : doc["associations"]) {
    const auto& ns = a["neighbours"];
    for (std::size_t i = 1; i < ns.size(); ++i) {
      const double prev = ns[i - 1]["score"].get<double>(), cur = ns[i]["score"].get<double>();
      EXPECT_GE(prev, cur) << a["id"];
    }
  }
}

// ---- hostile bundles: each gives a typed error whose path names the bad member -------------

struct BadCase {
  const char* name;
  std::function<void(OJson&)> mutate;
  ErrorCode code;
  const char* path;
};

std::string GoodText() {
  // Hand-written so the indices below are known: P0 has neighbours P1, P2.
  return R"({"format": "cartlift.bundle/1", "currency": "GBP",
    "products": [{"id": "P0", "title": "Zero", "price": "1.00", "orders": 3},
                 {"id": "P1", "title": "One", "price": "2.00", "orders": 2},
                 {"id": "P2", "title": "Two", "price": "3.00", "orders": 2}],
    "associations": [{"id": "P0", "neighbours": [{"id": "P1", "co": 2, "score": 0.5},
                                                 {"id": "P2", "co": 2, "score": 0.25}]},
                     {"id": "P1", "neighbours": [{"id": "P0", "co": 2, "score": 0.6}]}],
    "rules": {"max_offers": 3},
    "experiments": [],
    "built_from": {"orders": 4, "date_range": ["2011-01-01T00:00:00Z", "2011-02-01T00:00:00Z"]}})";
}

TEST(BundleJson, HandWrittenBundleLoads) {
  const Bundle b = MustRead(GoodText());
  ASSERT_EQ(b.catalog.size(), 3u);
  EXPECT_EQ(b.catalog[0].price, 100);
  EXPECT_EQ(b.associations.Of(0).size(), 2u);
  EXPECT_EQ(b.associations.Of(2).size(), 0u);
  EXPECT_EQ(b.rules.max_offers, 3);
  EXPECT_EQ(b.built_from.orders, 4u);
  EXPECT_EQ(FormatIsoTime(b.built_from.first_timestamp), "2011-01-01T00:00:00Z");
}

TEST(BundleJson, BadBundlesGiveTypedErrorsWithPaths) {
  const std::vector<BadCase> cases = {
      {"wrong format tag", [](OJson& d) { d["format"] = "cartlift.bundle/2"; }, ErrorCode::kUnsupportedFormat,
       "/format"},
      {"catalog tag", [](OJson& d) { d["format"] = "cartlift.catalog/1"; }, ErrorCode::kUnsupportedFormat, "/format"},
      {"format number", [](OJson& d) { d["format"] = 1; }, ErrorCode::kUnsupportedFormat, "/format"},
      {"missing format", [](OJson& d) { d.erase("format"); }, ErrorCode::kMissingField, "/format"},
      {"missing products", [](OJson& d) { d.erase("products"); }, ErrorCode::kMissingField, "/products"},
      {"products object", [](OJson& d) { d["products"] = OJson::object(); }, ErrorCode::kWrongType, "/products"},
      {"product orders negative", [](OJson& d) { d["products"][1]["orders"] = -1; }, ErrorCode::kWrongType,
       "/products/1/orders"},
      {"product orders over 32 bits", [](OJson& d) { d["products"][1]["orders"] = 4294967296ULL; },
       ErrorCode::kWrongType, "/products/1/orders"},
      {"product missing price", [](OJson& d) { d["products"][2].erase("price"); }, ErrorCode::kMissingField,
       "/products/2/price"},
      {"duplicate product", [](OJson& d) { d["products"][2]["id"] = "P0"; }, ErrorCode::kDuplicateId,
       "/products/2/id"},
      {"associations object", [](OJson& d) { d["associations"] = OJson::object(); }, ErrorCode::kWrongType,
       "/associations"},
      {"association for unknown product", [](OJson& d) { d["associations"][1]["id"] = "NOPE"; },
       ErrorCode::kInvalidValue, "/associations/1/id"},
      {"association id number", [](OJson& d) { d["associations"][0]["id"] = 7; }, ErrorCode::kWrongType,
       "/associations/0/id"},
      {"duplicate association list", [](OJson& d) { d["associations"][1]["id"] = "P0"; }, ErrorCode::kDuplicateId,
       "/associations/1/id"},
      {"missing neighbours", [](OJson& d) { d["associations"][1].erase("neighbours"); }, ErrorCode::kMissingField,
       "/associations/1/neighbours"},
      {"neighbour id unknown", [](OJson& d) { d["associations"][0]["neighbours"][1]["id"] = "GHOST"; },
       ErrorCode::kInvalidValue, "/associations/0/neighbours/1/id"},
      {"neighbour is itself", [](OJson& d) { d["associations"][0]["neighbours"][0]["id"] = "P0"; },
       ErrorCode::kInvalidValue, "/associations/0/neighbours/0/id"},
      {"negative score", [](OJson& d) { d["associations"][0]["neighbours"][1]["score"] = -0.1; },
       ErrorCode::kInvalidValue, "/associations/0/neighbours/1/score"},
      {"score string", [](OJson& d) { d["associations"][1]["neighbours"][0]["score"] = "0.5"; },
       ErrorCode::kWrongType, "/associations/1/neighbours/0/score"},
      {"negative co", [](OJson& d) { d["associations"][0]["neighbours"][0]["co"] = -2; }, ErrorCode::kWrongType,
       "/associations/0/neighbours/0/co"},
      {"missing co", [](OJson& d) { d["associations"][0]["neighbours"][0].erase("co"); }, ErrorCode::kWrongType,
       "/associations/0/neighbours/0/co"},
      {"rules max_offers 0", [](OJson& d) { d["rules"]["max_offers"] = 0; }, ErrorCode::kInvalidValue,
       "/rules/max_offers"},
      {"rules max_offers 101", [](OJson& d) { d["rules"]["max_offers"] = 101; }, ErrorCode::kInvalidValue,
       "/rules/max_offers"},
      {"rules max_offers 2.5", [](OJson& d) { d["rules"]["max_offers"] = 2.5; }, ErrorCode::kWrongType,
       "/rules/max_offers"},
      {"rules array", [](OJson& d) { d["rules"] = OJson::array(); }, ErrorCode::kWrongType, "/rules"},
      {"rules exclude list", [](OJson& d) { d["rules"]["exclude"] = OJson::array(); }, ErrorCode::kWrongType,
       "/rules/exclude"},
      {"rules exclude tag number", [](OJson& d) { d["rules"]["exclude"]["tags"] = {"ok", 3}; },
       ErrorCode::kWrongType, "/rules/exclude/tags/1"},
      {"addon_price_cap negative", [](OJson& d) { d["rules"]["addon_price_cap"] = -0.5; }, ErrorCode::kInvalidValue,
       "/rules/addon_price_cap"},
      {"built_from orders negative", [](OJson& d) { d["built_from"]["orders"] = -4; }, ErrorCode::kWrongType,
       "/built_from/orders"},
      {"built_from string", [](OJson& d) { d["built_from"] = "yesterday"; }, ErrorCode::kWrongType, "/built_from"},
      {"top-level array", [](OJson& d) { d = OJson::array({1, 2}); }, ErrorCode::kWrongType, ""},
  };
  for (const BadCase& c : cases) {
    OJson doc = OJson::parse(GoodText());
    c.mutate(doc);
    Result<Bundle> r = ReadBundleJson(doc.dump());
    ASSERT_FALSE(r.ok()) << c.name << " loaded";
    EXPECT_EQ(r.error().code, c.code) << c.name << ": " << Describe(r.error());
    EXPECT_EQ(r.error().path, c.path) << c.name << ": " << Describe(r.error());
    EXPECT_FALSE(r.error().message.empty()) << c.name;
  }
}

TEST(BundleJson, UnparseableTextIsMalformedOrOverLimit) {
  for (const char* text : {"", "{", "{\"format\": \"cartlift.bundle/1\",}", "nul", "\xFF\xFE{}"}) {
    Result<Bundle> r = ReadBundleJson(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kMalformedJson) << Describe(r.error());
  }
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  Result<Bundle> r = ReadBundleJson(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded) << Describe(r.error());
}

TEST(BundleJson, FormatIsoTimeOnKnownInstants) {
  // Expected strings from `date -u -d @N +%Y-%m-%dT%H:%M:%SZ`, not from this code.
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(86399), "1970-01-01T23:59:59Z");
  EXPECT_EQ(FormatIsoTime(951782400), "2000-02-29T00:00:00Z");  // leap day of a /400 year
  EXPECT_EQ(FormatIsoTime(1291191960), "2010-12-01T08:26:00Z");
  EXPECT_EQ(FormatIsoTime(1306857180), "2011-05-31T15:53:00Z");
  EXPECT_EQ(FormatIsoTime(1700000000), "2023-11-14T22:13:20Z");
  EXPECT_EQ(FormatIsoTime(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(FormatIsoTime(-1), "");
}

TEST(BundleJson, FormatIsoTimeRoundTripsThroughParseTimestamp) {
  for (std::int64_t t : {0LL, 68169600LL, 951868799LL, 1291191960LL, 4102444800LL})
    EXPECT_EQ(ParseTimestamp(FormatIsoTime(t)), t) << FormatIsoTime(t);
}

TEST(BundleJson, ParseRulesJsonReadsEveryMember) {
  Result<Rules> r = ParseRulesJson(
      R"({"exclude": {"products": ["POST", "DOT"], "categories": ["Gift cards"], "tags": ["adult"]},
          "max_offers": 6, "addon_price_cap": 0.3})");
  ASSERT_TRUE(r.ok()) << Describe(r.error());
  EXPECT_EQ(r.value().exclude_products, (std::vector<std::string>{"POST", "DOT"}));
  EXPECT_EQ(r.value().exclude_categories, std::vector<std::string>{"Gift cards"});
  EXPECT_EQ(r.value().exclude_tags, std::vector<std::string>{"adult"});
  EXPECT_EQ(r.value().max_offers, 6);
  EXPECT_DOUBLE_EQ(r.value().addon_price_cap, 0.3);

  Result<Rules> empty = ParseRulesJson("{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty.value().max_offers, Rules{}.max_offers);
  EXPECT_TRUE(empty.value().exclude_products.empty());
}

TEST(BundleJson, ParseRulesJsonErrorsArePathsInsideTheRulesDocument) {
  struct Case {
    const char* text;
    ErrorCode code;
    const char* path;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"max_offers": 0})", ErrorCode::kInvalidValue, "/max_offers"},
           {R"({"max_offers": "4"})", ErrorCode::kWrongType, "/max_offers"},
           {R"({"addon_price_cap": 101})", ErrorCode::kInvalidValue, "/addon_price_cap"},
           {R"({"addon_price_cap": true})", ErrorCode::kWrongType, "/addon_price_cap"},
           {R"({"exclude": {"products": "POST"}})", ErrorCode::kWrongType, "/exclude/products"},
           {R"({"exclude": {"categories": [1]}})", ErrorCode::kWrongType, "/exclude/categories/0"},
           {R"([4])", ErrorCode::kWrongType, ""},
           {R"({"max_offers": 4)", ErrorCode::kMalformedJson, ""},
       }) {
    Result<Rules> r = ParseRulesJson(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code, c.code) << c.text << ": " << Describe(r.error());
    EXPECT_EQ(r.error().path, c.path) << c.text << ": " << Describe(r.error());
  }
  const std::string deep = std::string(1000, '[') + std::string(1000, ']');
  Result<Rules> r = ParseRulesJson(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded);
}

// A list may hold Limits::kMaxNeighbours entries and no more (the CLI keeps at most 1000).
TEST(BundleJson, ANeighbourListOverTheLimitIsRefusedByPath) {
  for (const std::size_t count : {Limits::kMaxNeighbours, Limits::kMaxNeighbours + 1}) {
    std::string text = R"({"format":"cartlift.bundle/1","products":[)";
    for (std::size_t i = 0; i <= count; ++i)
      text += (i ? "," : "") + std::string(R"({"id":"P)") + std::to_string(i) + R"(","title":"t","price":1})";
    text += R"(],"associations":[{"id":"P0","neighbours":[)";
    for (std::size_t i = 1; i <= count; ++i)
      text += (i > 1 ? "," : "") + std::string(R"({"id":"P)") + std::to_string(i) + R"(","co":2,"score":0.5})";
    text += "]}]}";
    Result<Bundle> r = ReadBundleJson(text);
    if (count == Limits::kMaxNeighbours) {
      ASSERT_TRUE(r.ok()) << Describe(r.error());
      EXPECT_EQ(r.value().associations.Of(0).size(), count);
      continue;
    }
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded) << Describe(r.error());
    EXPECT_EQ(r.error().path, "/associations/0/neighbours");
  }
}

}  // namespace
}  // namespace cartlift

namespace cartlift {
namespace {

// An id longer than any bundle may hold is skipped on every row and counted, never truncated
// into a different product that later rows of the same id would miss.
TEST(BundleBuilderIds, OverlongIdIsSkippedOnEveryRow) {
  const std::string longid(Limits::kMaxIdBytes + 1, 'x');
  BundleBuilder b{BuildOptions{}};
  for (int i = 0; i < 3; ++i) {
    Order o;
    o.id = "o" + std::to_string(i);
    for (const std::string& id : {longid, std::string("A"), std::string("B")}) {
      OrderItem item;
      item.product_id = id;
      o.items.push_back(item);
    }
    b.AddOrder(o);
  }
  Result<Bundle> r = b.Finish();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().catalog.size(), 2u);
  EXPECT_EQ(r.value().built_from.unknown_products, 3u);
  EXPECT_EQ(r.value().product_orders[r.value().catalog.Find("A")], 3u);
}

}  // namespace
}  // namespace cartlift
