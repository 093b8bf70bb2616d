#include "cartlift/offers/ladder_inference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "cartlift/bundle/bundle_binary.h"
#include "cartlift/bundle/bundle_json.h"
#include "cartlift/engine.h"
#include "test_support.h"

namespace cartlift {
namespace {

using cartlift::testing::Build;
using cartlift::testing::Describe;
using cartlift::testing::MakeOrder;
using cartlift::testing::MakeProduct;

using Strings = std::vector<std::string>;

Catalog Products(const std::vector<Product>& ps) {
  Catalog c;
  for (const Product& p : ps) EXPECT_NE(c.Add(p), kNoProduct) << p.id;
  return c;
}

// "from -> to" for every edge, by id.
Strings Edges(const Catalog& c, const std::vector<InferredUpgrade>& up) {
  Strings out;
  for (const InferredUpgrade& e : up) out.push_back(std::string(c[e.from].id) + " -> " + std::string(c[e.to].id));
  return out;
}

std::vector<InferredUpgrade> Infer(const Catalog& c, LadderInferenceOptions o = {}) { return InferUpgrades(c, {}, o); }

TEST(LadderInference, TokensAreUpperCaseWordsAndNumbers) {
  EXPECT_EQ(TitleTokens("Children's set-of 6 mugs, 1.5L (red)/blue"),
            (Strings{"CHILDRENS", "SET", "OF", "6", "MUGS", "1.5L", "RED", "BLUE"}));
  EXPECT_EQ(TitleTokens("  ...  "), Strings{});
  EXPECT_EQ(TitleTokens("caf\xC3\xA9 cup"), (Strings{"CAF\xC3\xA9", "CUP"}));  // non-ASCII stays a letter
}

TEST(LadderInference, TitlePartsFindSizesCountsMeasuresAndGrades) {
  TitleParts p = ParseTitleParts("SET OF 6 SPACEBOY MUGS");
  EXPECT_EQ(p.count, 6);
  EXPECT_FALSE(p.count_weak);
  EXPECT_EQ(p.rest, (Strings{"SPACEBOY", "MUG"}));

  p = ParseTitleParts("LUNCH BAG RED RETROSPOT");
  EXPECT_EQ(p.size, 2);
  EXPECT_TRUE(p.size_weak);
  EXPECT_EQ(p.rest, (Strings{"BAG", "RED", "RETROSPOT"}));

  p = ParseTitleParts("Large lunch box");  // a real size word wins; LUNCH stays part of the name
  EXPECT_EQ(p.size, 4);
  EXPECT_FALSE(p.size_weak);
  EXPECT_EQ(p.rest, (Strings{"LUNCH", "BOX"}));

  p = ParseTitleParts("PLANT POT 50 CM");
  EXPECT_EQ(p.measure_dim, 0);
  EXPECT_DOUBLE_EQ(p.measure, 500);
  EXPECT_EQ(p.measure_text, "50cm");
  EXPECT_DOUBLE_EQ(ParseTitleParts("WATER BOTTLE 1.5L").measure, 1500);

  EXPECT_EQ(ParseTitleParts("12 PENCILS TUBE").count, 12);
  EXPECT_TRUE(ParseTitleParts("12 PENCILS TUBE").count_weak);
  EXPECT_EQ(ParseTitleParts("TEA LIGHTS 24 PCS").count, 24);
  EXPECT_EQ(ParseTitleParts("PICNIC BASKET FOR 4").count, 4);
  EXPECT_EQ(ParseTitleParts("DELUXE SEWING KIT").grade, 2);
  EXPECT_EQ(ParseTitleParts("EXTRA LARGE TOWEL").size, 5);
  EXPECT_TRUE(ParseTitleParts("SMALL LARGE BOX").ambiguous);
  EXPECT_TRUE(ParseTitleParts("SET OF 6 PACK OF 12 CUPS").ambiguous);
  // A bare number inside a title is a model number: it stays and must match.
  EXPECT_EQ(ParseTitleParts("DOORMAT 3 HEARTS").rest, (Strings{"DOORMAT", "3", "HEART"}));
}

TEST(LadderInference, SizeWordsClimbOneStepAtATimeAndNeverDown) {
  const Catalog c = Products({MakeProduct("L", "LARGE CERAMIC STORAGE JAR", 495, {"Home", "Storage"}),
                              MakeProduct("S", "SMALL CERAMIC STORAGE JAR", 295, {"Home", "Storage"}),
                              MakeProduct("M", "Ceramic storage jar, medium", 395, {"Home", "Storage"})});
  const auto up = Infer(c);
  EXPECT_EQ(Edges(c, up), (Strings{"S -> M", "M -> L"}));  // word order and case do not matter
  EXPECT_EQ(FindInferredUpgrade(up, c.Find("L")), nullptr);  // nothing above the top, nothing down
}

TEST(LadderInference, SameTierAndSamePriceAreNotUpgrades) {
  const Catalog c = Products({MakeProduct("A", "SMALL HEART WICKER", 100, {"Decor"}),
                              MakeProduct("B", "SMALL HEART WICKER", 150, {"Decor"}),    // same size, dearer
                              MakeProduct("C", "MINI HEART WICKER", 100, {"Decor"}),
                              MakeProduct("D", "HEART WICKER SMALL", 100, {"Decor"})});  // same size, same price
  // SMALL -> SMALL is the same tier whatever the price; MINI -> a small at the same price is not
  // an upsell; MINI -> the dearer small (+50 %, the cap) is the only step.
  EXPECT_EQ(Edges(c, Infer(c)), (Strings{"C -> B"}));
}

TEST(LadderInference, PriceStepMustBeDearerAndWithinTheCap) {
  const Catalog c = Products({MakeProduct("S", "SMALL POPCORN HOLDER", 100, {"Party"}),
                              MakeProduct("L", "LARGE POPCORN HOLDER", 160, {"Party"})});
  EXPECT_TRUE(Infer(c).empty());  // +60 % is over the default +50 %
  LadderInferenceOptions wide;
  wide.max_price_step = 1.0;
  EXPECT_EQ(Edges(c, Infer(c, wide)), (Strings{"S -> L"}));
  const Catalog cheaper = Products({MakeProduct("S", "SMALL POPCORN HOLDER", 100, {"Party"}),
                                    MakeProduct("L", "LARGE POPCORN HOLDER", 90, {"Party"})});
  EXPECT_TRUE(Infer(cheaper, wide).empty());  // bigger but cheaper: not an upsell, and never a downgrade
}

TEST(LadderInference, BiggerPackMustNotCostMorePerPiece) {
  const Catalog dear = Products({MakeProduct("6", "SET OF 6 CAKE CASES", 300, {"Baking"}),
                                 MakeProduct("12", "PACK OF 12 CAKE CASES", 900, {"Baking"})});
  LadderInferenceOptions no_cap;
  no_cap.max_price_step = 0;  // only the per-piece rule can refuse it
  EXPECT_TRUE(Infer(dear, no_cap).empty());
  // Up to 2 % more per piece is price rounding, not a worse deal; more is refused.
  const auto pack_of_12_at = [](Money price) {
    return Products({MakeProduct("6", "SET OF 6 CAKE CASES", 300, {"Baking"}),
                     MakeProduct("12", "PACK OF 12 CAKE CASES", price, {"Baking"})});
  };
  EXPECT_EQ(Infer(pack_of_12_at(612), no_cap).size(), 1u);
  EXPECT_TRUE(Infer(pack_of_12_at(613), no_cap).empty());
  // The same per-unit rule for volumes and weights; not for lengths.
  const Catalog oil = Products({MakeProduct("S", "OLIVE OIL 500ML", 400, {"Pantry"}),
                                MakeProduct("L", "OLIVE OIL 1L", 850, {"Pantry"}),
                                MakeProduct("P", "PLANTER 40CM", 400, {"Garden"}),
                                MakeProduct("Q", "PLANTER 80CM", 850, {"Garden"})});
  EXPECT_EQ(Edges(oil, Infer(oil, no_cap)), (Strings{"P -> Q"}));
  const Catalog fair = Products({MakeProduct("6", "SET OF 6 CAKE CASES", 300, {"Baking"}),
                                 MakeProduct("12", "PACK OF 12 CAKE CASES", 450, {"Baking"})});
  const auto up = Infer(fair);
  ASSERT_EQ(Edges(fair, up), (Strings{"6 -> 12"}));
  ASSERT_EQ(up[0].diff.size(), 1u);
  EXPECT_EQ(up[0].diff[0].name, "pack");
  EXPECT_EQ(up[0].diff[0].from, "6");
  EXPECT_EQ(up[0].diff[0].to, "12");
  EXPECT_DOUBLE_EQ(up[0].confidence, 0.9);  // two shared words, well-known count wording
}

TEST(LadderInference, MeasuresCompareWithinOneDimension) {
  const Catalog c = Products({MakeProduct("A", "ZINC PLANTER 50CM", 1000, {"Garden"}),
                              MakeProduct("B", "ZINC PLANTER 80 CM", 1400, {"Garden"}),
                              MakeProduct("C", "ZINC PLANTER 1L", 1200, {"Garden"}),
                              MakeProduct("D", "ZINC PLANTER", 1100, {"Garden"})});
  const auto up = Infer(c);
  EXPECT_EQ(Edges(c, up), (Strings{"A -> B"}));
  EXPECT_EQ(up[0].diff[0].from, "50cm");
  EXPECT_EQ(up[0].diff[0].to, "80cm");
}

TEST(LadderInference, ConfidenceReflectsTitleVocabularyAndPrice) {
  const Catalog c = Products({
      MakeProduct("LB", "LUNCH BAG RED RETROSPOT", 165, {"Bags"}),
      MakeProduct("JB", "JUMBO BAG RED RETROSPOT", 195, {"Bags"}),
      MakeProduct("SB", "SMALL BOWL", 100, {"Kitchen"}),
      MakeProduct("LBW", "LARGE BOWL", 140, {"Kitchen"}),
      MakeProduct("T", "TEA TOWEL", 200, {"Textiles"}),
      MakeProduct("TD", "TEA TOWEL DELUXE", 202, {"Textiles"}),  // grade word, barely dearer
  });
  LadderInferenceOptions all;
  all.min_confidence = 0;
  const auto up = Infer(c, all);
  ASSERT_EQ(up.size(), 3u);
  const auto conf = [&](const char* id) { return FindInferredUpgrade(up, c.Find(id))->confidence; };
  EXPECT_DOUBLE_EQ(conf("LB"), 0.8);    // 3 shared words x weak size hint 0.8
  EXPECT_DOUBLE_EQ(conf("SB"), 0.75);   // 1 shared word: a generic title
  EXPECT_NEAR(conf("T"), 0.65025, 1e-4);  // 2 words 0.9 x grade 0.85 x barely dearer 0.85
  const InferredUpgrade& bag = *FindInferredUpgrade(up, c.Find("LB"));
  ASSERT_EQ(bag.diff.size(), 1u);
  EXPECT_EQ(bag.diff[0].name, "size");
  EXPECT_EQ(bag.diff[0].from, "lunch bag");
  EXPECT_EQ(bag.diff[0].to, "jumbo bag");
  for (const InferredUpgrade& e : up) EXPECT_TRUE(e.confidence >= 0 && e.confidence <= 1);
  LadderInferenceOptions strict;
  strict.min_confidence = 0.78;
  EXPECT_EQ(Edges(c, Infer(c, strict)), (Strings{"LB -> JB"}));
}

TEST(LadderInference, NeverAcrossCategories) {
  const Catalog c = Products({MakeProduct("S", "SMALL GLASS JAR", 100, {"Kitchen", "Storage"}),
                              MakeProduct("L", "LARGE GLASS JAR", 130, {"Home", "Decor"})});
  EXPECT_TRUE(Infer(c).empty());
  // The deepest level decides: same top level, different leaves.
  const Catalog leaves = Products({MakeProduct("S", "SMALL GLASS JAR", 100, {"Home", "Storage"}),
                                   MakeProduct("L", "LARGE GLASS JAR", 130, {"Home", "Decor"})});
  EXPECT_TRUE(Infer(leaves).empty());
}

TEST(LadderInference, ExplicitLaddersAndOtherKindsAreLeftAlone) {
  Product s = MakeProduct("S", "SMALL GLASS JAR", 100, {"Storage"});
  s.mutable_details().family = "jar";
  Product m = MakeProduct("M", "MEDIUM GLASS JAR", 120, {"Storage"});
  m.mutable_details().upgrades_to = "L";
  Product care = MakeProduct("CARE", "SMALL GLASS JAR COVER", 100, {"Storage"});
  care.mutable_details().kind = "protection";
  Product care2 = MakeProduct("CARE2", "LARGE GLASS JAR COVER", 120, {"Storage"});
  care2.mutable_details().kind = "protection";
  const Catalog c = Products({s, m, MakeProduct("L", "LARGE GLASS JAR", 140, {"Storage"}), care, care2});
  EXPECT_TRUE(Infer(c).empty());
  LadderInferenceOptions off;
  off.enabled = false;
  const Catalog plain = Products({MakeProduct("S", "SMALL GLASS JAR", 100, {"Storage"}),
                                  MakeProduct("L", "LARGE GLASS JAR", 140, {"Storage"})});
  EXPECT_EQ(Infer(plain).size(), 1u);
  EXPECT_TRUE(Infer(plain, off).empty());
}

TEST(LadderInference, TiesGoToTheBetterSeller) {
  const Catalog c = Products({MakeProduct("S", "SMALL GLASS JAR", 100, {"Storage"}),
                              MakeProduct("L1", "LARGE GLASS JAR", 140, {"Storage"}),
                              MakeProduct("L2", "GLASS JAR LARGE", 140, {"Storage"})});
  EXPECT_EQ(c[FindInferredUpgrade(InferUpgrades(c, {5, 1, 9}, {}), 0)->to].id, "L2");
  EXPECT_EQ(c[FindInferredUpgrade(InferUpgrades(c, {5, 9, 1}, {}), 0)->to].id, "L1");
}

// ---- through the builder, the bundle forms and the engine ----

Catalog BagShop() {
  return Products({MakeProduct("LB", "LUNCH BAG RED RETROSPOT", 165, {"Bags"}),
                   MakeProduct("JB", "JUMBO BAG RED RETROSPOT", 195, {"Bags"}),
                   MakeProduct("S6", "SET OF 6 SPACEBOY BEAKERS", 300, {"Kitchen"}),
                   MakeProduct("S12", "SET OF 12 SPACEBOY BEAKERS", 450, {"Kitchen"}),
                   MakeProduct("S24", "SET OF 24 SPACEBOY BEAKERS", 660, {"Kitchen"}),
                   MakeProduct("CARD", "GREETING CARD", 50, {"Cards"}),
                   MakeProduct("TOTE", "TOTE BAG RED RETROSPOT", 210, {"Bags"})});
}

Bundle BagBundle(BuildOptions opt = {}) {
  const Catalog c = BagShop();
  opt.associations.min_co = 1;
  return Build({MakeOrder("1", {"LB", "CARD"}), MakeOrder("2", {"JB", "CARD"}), MakeOrder("3", {"S6", "CARD"})}, &c, opt);
}

Response AskUpsell(Engine& e, const std::string& id, bool explain = false) {
  Request r;
  r.cart.push_back({id, 1, -1, kNoProduct});
  r.types = {OfferType::kUpsell};
  r.explain = explain;
  Result<Response> out = e.Recommend(r);
  EXPECT_TRUE(out.ok());
  return out.ok() ? out.value() : Response{};
}

TEST(InferredUpsell, OfferCarriesPriceDifferenceDiffAndConfidence) {
  auto e = Engine::FromBundle(BagBundle());
  const Response r = AskUpsell(*e, "LB");
  ASSERT_EQ(r.offers.size(), 1u);
  const Offer& o = r.offers[0];
  EXPECT_EQ(e->bundle().catalog[o.product].id, "JB");
  EXPECT_EQ(o.price_delta, 30);
  EXPECT_EQ(o.reason.source, "inferred_upgrade");
  EXPECT_EQ(o.reason.text, "Bigger size: JUMBO BAG RED RETROSPOT, +\u00a30.30");
  EXPECT_DOUBLE_EQ(o.upgrade_confidence, 0.8);
  ASSERT_EQ(o.attributes_diff.size(), 1u);
  EXPECT_EQ(o.attributes_diff[0].from, "lunch bag");
  EXPECT_EQ(o.attributes_diff[0].to, "jumbo bag");
  const Response pack = AskUpsell(*e, "S6");
  ASSERT_EQ(pack.offers.size(), 1u);
  EXPECT_EQ(pack.offers[0].reason.text, "Bigger pack: SET OF 12 SPACEBOY BEAKERS, +\u00a31.50");
}

TEST(InferredUpsell, OutOfStockStepIsClimbedOverWithTheWholeDiff) {
  Bundle b = BagBundle();
  b.catalog.products[b.catalog.Find("S12")].in_stock = false;
  b.rules.upsell_max_delta = 1.5;
  auto e = Engine::FromBundle(std::move(b));
  const Response r = AskUpsell(*e, "S6", true);
  ASSERT_EQ(r.offers.size(), 1u);
  EXPECT_EQ(e->bundle().catalog[r.offers[0].product].id, "S24");
  EXPECT_EQ(r.offers[0].price_delta, 360);
  ASSERT_EQ(r.offers[0].attributes_diff.size(), 1u);
  EXPECT_EQ(r.offers[0].attributes_diff[0].from, "6");
  EXPECT_EQ(r.offers[0].attributes_diff[0].to, "24");
  ASSERT_FALSE(r.dropped.empty());
  EXPECT_EQ(r.dropped[0].why, "out_of_stock");
}

TEST(InferredUpsell, ServeTimeCapStillApplies) {
  Bundle b = BagBundle();
  b.rules.upsell_max_delta = 0.1;  // tightened after the build
  auto e = Engine::FromBundle(std::move(b));
  EXPECT_TRUE(AskUpsell(*e, "LB").offers.empty());
}

TEST(InferredUpsell, SwitchedOffByBuildFlagOrRule) {
  BuildOptions off;
  off.infer_upgrades.enabled = false;
  Bundle unbuilt = BagBundle(off);
  EXPECT_TRUE(unbuilt.inferred_upgrades.empty());
  EXPECT_EQ(WriteBundleJson(unbuilt).find("inferred_upgrade"), std::string::npos);
  EXPECT_TRUE(AskUpsell(*Engine::FromBundle(std::move(unbuilt)), "LB").offers.empty());

  Bundle b = BagBundle();
  EXPECT_EQ(b.inferred_upgrades.size(), 3u);  // LB -> JB, S6 -> S12, S12 -> S24
  b.rules.infer_upgrades = false;
  EXPECT_TRUE(AskUpsell(*Engine::FromBundle(b), "LB").offers.empty());
  b.rules.infer_upgrades = true;
  b.rules.min_upgrade_confidence = 0.85;
  auto e = Engine::FromBundle(b);
  const Response r = AskUpsell(*e, "LB", true);
  EXPECT_TRUE(r.offers.empty());
  ASSERT_EQ(r.dropped.size(), 1u);
  EXPECT_EQ(r.dropped[0].why, "low_confidence");
  EXPECT_EQ(AskUpsell(*e, "S6").offers.size(), 1u);  // 0.9: still confident enough
}

TEST(InferredUpsell, ExplicitLadderWins) {
  Bundle b = BagBundle();
  ASSERT_NE(FindInferredUpgrade(b.inferred_upgrades, b.catalog.Find("LB")), nullptr);
  // The merchant adds an explicit step after the build: it is used, the inferred one is not.
  b.catalog.products[b.catalog.Find("LB")].mutable_details().upgrades_to = "TOTE";
  auto e = Engine::FromBundle(b);
  Response r = AskUpsell(*e, "LB");
  ASSERT_EQ(r.offers.size(), 1u);
  EXPECT_EQ(e->bundle().catalog[r.offers[0].product].id, "TOTE");
  EXPECT_EQ(r.offers[0].reason.source, "upgrade");
  EXPECT_LT(r.offers[0].upgrade_confidence, 0);
  // Even when the explicit step cannot be sold, a product with a ladder of its own is not given
  // a guessed one.
  b.catalog.products[b.catalog.Find("TOTE")].in_stock = false;
  e = Engine::FromBundle(b);
  r = AskUpsell(*e, "LB");
  EXPECT_TRUE(r.offers.empty());
}

TEST(InferredUpsell, RulesRoundTripAndRejectBadValues) {
  Result<Rules> r = ParseRulesJson(R"({"infer_upgrades": false, "min_upgrade_confidence": 0.7})");
  ASSERT_TRUE(r.ok()) << Describe(r.error());
  EXPECT_FALSE(r.value().infer_upgrades);
  EXPECT_DOUBLE_EQ(r.value().min_upgrade_confidence, 0.7);
  EXPECT_NE(WriteRulesJson(r.value()).find(R"("infer_upgrades":false,"min_upgrade_confidence":0.7)"), std::string::npos);
  EXPECT_EQ(WriteRulesJson(Rules{}).find("upgrade"), std::string::npos);  // defaults stay out
  r = ParseRulesJson(R"({"infer_upgrades": "no"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(r.error().path, "/infer_upgrades");
  r = ParseRulesJson(R"({"min_upgrade_confidence": 1.5})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidValue);
  EXPECT_EQ(r.error().path, "/min_upgrade_confidence");
}

TEST(InferredUpsell, JsonAndBinaryRoundTripsAreByteIdentical) {
  const std::string json = WriteBundleJson(BagBundle());
  EXPECT_NE(json.find(R"("inferred_upgrade":{"to":"JB","confidence":0.8,"diff":[{"name":"size","from":"lunch bag","to":"jumbo bag"}]})"),
            std::string::npos);
  Result<Bundle> parsed = ReadBundleJson(json);
  ASSERT_TRUE(parsed.ok()) << Describe(parsed.error());
  EXPECT_EQ(parsed.value().inferred_upgrades.size(), 3u);
  EXPECT_EQ(WriteBundleJson(parsed.value()), json);
  Result<Bundle> bin = ReadBundleBinary(WriteBundleBinary(parsed.value()));
  ASSERT_TRUE(bin.ok()) << Describe(bin.error());
  EXPECT_EQ(WriteBundleJson(bin.value()), json);
  // Without edges the product records are those of a build without inference.
  BuildOptions off;
  off.infer_upgrades.enabled = false;
  Bundle plain = BagBundle(off);
  Bundle stripped = BagBundle();
  stripped.inferred_upgrades.clear();
  EXPECT_EQ(WriteBundleBinary(stripped), WriteBundleBinary(plain));
}

// A bundle whose first product (LB) carries `member` as its inferred_upgrade.
std::string BundleWith(const std::string& member) {
  std::string json = WriteBundleJson(BagBundle());
  const std::string was = R"("inferred_upgrade":{"to":"JB","confidence":0.8,"diff":[{"name":"size","from":"lunch bag","to":"jumbo bag"}]})";
  const std::size_t at = json.find(was);
  EXPECT_NE(at, std::string::npos);
  return json.replace(at, was.size(), R"("inferred_upgrade":)" + member);
}

TEST(InferredUpsell, HostileJsonValuesAreTypedErrorsWithPaths) {
  struct Case {
    const char* member;
    ErrorCode code;
    const char* path;
  };
  const Case cases[] = {
      {R"({"to":"NOPE","confidence":0.8})", ErrorCode::kInvalidValue, "/products/0/inferred_upgrade/to"},
      {R"({"to":"LB","confidence":0.8})", ErrorCode::kInvalidValue, "/products/0/inferred_upgrade/to"},
      {R"({"to":7,"confidence":0.8})", ErrorCode::kWrongType, "/products/0/inferred_upgrade/to"},
      {R"({"confidence":0.8})", ErrorCode::kMissingField, "/products/0/inferred_upgrade/to"},
      {R"({"to":"JB","confidence":1.5})", ErrorCode::kInvalidValue, "/products/0/inferred_upgrade/confidence"},
      {R"({"to":"JB","confidence":-0.1})", ErrorCode::kInvalidValue, "/products/0/inferred_upgrade/confidence"},
      {R"({"to":"JB","confidence":"high"})", ErrorCode::kWrongType, "/products/0/inferred_upgrade/confidence"},
      {R"({"to":"JB"})", ErrorCode::kMissingField, "/products/0/inferred_upgrade/confidence"},
      {R"({"to":"JB","confidence":0.8,"diff":{}})", ErrorCode::kWrongType, "/products/0/inferred_upgrade/diff"},
      {R"({"to":"JB","confidence":0.8,"diff":[{"name":"size","from":"a"}]})", ErrorCode::kMissingField,
       "/products/0/inferred_upgrade/diff/0/to"},
      {R"({"to":"JB","confidence":0.8,"diff":[1,2,3,4,5,6,7,8,9]})", ErrorCode::kLimitExceeded,
       "/products/0/inferred_upgrade/diff"},
      {R"("JB")", ErrorCode::kWrongType, "/products/0/inferred_upgrade"},
  };
  for (const Case& c : cases) {
    Result<Bundle> r = ReadBundleJson(BundleWith(c.member));
    ASSERT_FALSE(r.ok()) << c.member;
    EXPECT_EQ(r.error().code, c.code) << c.member << ": " << Describe(r.error());
    EXPECT_EQ(r.error().path, c.path) << c.member;
  }
  EXPECT_TRUE(ReadBundleJson(BundleWith(R"({"to":"JB","confidence":1})")).ok());
}

TEST(InferredUpsell, HostileBinaryValuesAreTypedErrorsWithPaths) {
  Bundle b = BagBundle();
  b.inferred_upgrades[0].confidence = std::numeric_limits<double>::quiet_NaN();
  Result<Bundle> r = ReadBundleBinary(WriteBundleBinary(b));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidValue);
  EXPECT_EQ(r.error().path, "/products/0/inferred_upgrade/confidence");
  b = BagBundle();
  b.inferred_upgrades[0].confidence = 2;
  r = ReadBundleBinary(WriteBundleBinary(b));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/products/0/inferred_upgrade/confidence");
  b = BagBundle();
  b.inferred_upgrades[0].to = b.inferred_upgrades[0].from;
  r = ReadBundleBinary(WriteBundleBinary(b));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidValue);
  EXPECT_EQ(r.error().path, "/products/0/inferred_upgrade/to");
  b = BagBundle();
  b.inferred_upgrades[0].diff.assign(9, AttrDiff{"size", "a", "b"});
  r = ReadBundleBinary(WriteBundleBinary(b));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(r.error().path, "/products/0/inferred_upgrade/diff");
}

}  // namespace
}  // namespace cartlift
