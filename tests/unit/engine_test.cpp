#include "cartlift/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace cartlift {
namespace {

using cartlift::testing::Build;
using cartlift::testing::Describe;
using cartlift::testing::MakeOrder;
using cartlift::testing::MakeProduct;
using Ids = std::vector<std::string>;

// A coffee corner and a lamp corner. Product notes matter to the expectations below:
//   A / A2 share family "beans" (A2 is an upgrade, never a cross-sell of A)
//   OOS is out of stock, INV0 has inventory 0, P is a protection plan, T is tagged "adult",
//   X is a gift card, N and Q were never sold (Q has no category either).
Catalog FixtureCatalog() {
  Catalog c;
  c.currency = "GBP";
  Product a = MakeProduct("A", "Coffee beans", 1000, {"Kitchen", "Coffee"});
  a.mutable_details().family = "beans";
  a.mutable_details().tier = 1;
  Product a2 = MakeProduct("A2", "Premium coffee beans", 1500, {"Kitchen", "Coffee"});
  a2.mutable_details().family = "beans";
  a2.mutable_details().tier = 2;
  Product oos = MakeProduct("OOS", "Descaler", 500, {"Kitchen"});
  oos.in_stock = false;
  Product t = MakeProduct("T", "Shot glasses", 900, {"Kitchen"});
  t.mutable_details().tags = cartlift::testing::KeptList({"adult", "glass"});
  Product p = MakeProduct("P", "Protection plan", 700, {"Kitchen"});
  p.mutable_details().kind = "protection";
  Product inv0 = MakeProduct("INV0", "Kettle", 1800, {"Kitchen"});
  inv0.inventory = 0;
  for (Product x : {a, a2, MakeProduct("F", "Filter papers", 300, {"Kitchen"}),
                    MakeProduct("M", "Milk frother", 2500, {"Kitchen"}), MakeProduct("G", "Grinder", 4000, {"Kitchen"}),
                    oos, MakeProduct("X", "Gift card", 2000, {"Gift cards"}), t, p,
                    MakeProduct("L", "Lamp", 3000, {"Home"}), MakeProduct("B", "Bulb", 200, {"Home"}),
                    MakeProduct("C", "Cups", 600, {"Kitchen"}), MakeProduct("N", "Night light", 1200, {"Home"}),
                    MakeProduct("Q", "Mystery item", 100), inv0})
    EXPECT_NE(c.Add(x), kNoProduct);
  return c;
}

// Orders, and the counts they give (N = 8 orders):
//   n(A) = 4, n(F) = 5, n(M) = 3, n(L) = n(B) = 2, every other sold product 1.
//   co(A,F) = 3, co(A,M) = 2, co(A, each of T G P X A2 OOS C INV0) = 1
//   co(F,M) = 3, co(F, each of T G P X) = 1, co(L,B) = 2.
// Shrunk confidence (shrink 5) from A: F 3/9, M 2/9, the rest 1/9 each.
std::vector<Order> FixtureOrders() {
  return {MakeOrder("o1", {"A", "F", "M", "T"}),         MakeOrder("o2", {"A", "F", "G", "P"}),
          MakeOrder("o3", {"A", "F", "M", "X"}),         MakeOrder("o4", {"A", "A2", "OOS", "C", "INV0"}),
          MakeOrder("o5", {"F", "M"}),                   MakeOrder("o6", {"L", "B"}),
          MakeOrder("o7", {"L", "B"}),                   MakeOrder("o8", {"F"})};
}

Bundle FixtureBundle(Rules rules = Rules{}) {
  const Catalog c = FixtureCatalog();
  BuildOptions opt;
  opt.associations.min_co = 1;  // the fixture is tiny; 1-of-1 evidence keeps the lists long
  opt.rules = std::move(rules);
  return Build(FixtureOrders(), &c, opt);
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override { engine_ = Engine::FromBundle(FixtureBundle()); }

  static Request Cart(std::vector<std::string> ids, int limit = 10) {
    Request r;
    for (auto& id : ids) r.cart.push_back({id, 1, -1, kNoProduct});
    r.limit = limit;
    // These expectations are about cross-sells; A's upgrade A2 is covered by upsell_test.cpp.
    r.types = {OfferType::kCrossSell};
    return r;
  }
  static Response Run(Engine& e, Request r) {
    Result<Response> out = e.Recommend(std::move(r));
    EXPECT_TRUE(out.ok()) << (out.ok() ? "" : Describe(out.error()));
    return out.ok() ? std::move(out).value() : Response{};
  }
  Response Run(Request r) { return Run(*engine_, std::move(r)); }
  Ids OfferIds(const Response& r) const { return OfferIds(*engine_, r); }
  static Ids OfferIds(const Engine& e, const Response& r) {
    Ids out;
    for (const Offer& o : r.offers) out.emplace_back(e.bundle().catalog[o.product].id);
    return out;
  }
  const Offer* OfferFor(const Response& r, const std::string& id) const {
    for (const Offer& o : r.offers)
      if (engine_->bundle().catalog[o.product].id == id) return &o;
    return nullptr;
  }
  std::map<std::string, std::string> DroppedWhy(const Response& r) const {
    std::map<std::string, std::string> out;
    for (const Dropped& d : r.dropped) out.emplace(engine_->bundle().catalog[d.product].id, d.why);  // first reason
    return out;
  }

  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineTest, FixtureCountsAreWhatTheCommentSays) {
  const Bundle& b = engine_->bundle();
  EXPECT_EQ(b.built_from.orders, 8u);
  EXPECT_EQ(b.product_orders[b.catalog.Find("A")], 4u);
  EXPECT_EQ(b.product_orders[b.catalog.Find("F")], 5u);
  EXPECT_EQ(b.product_orders[b.catalog.Find("N")], 0u);
}

// Cart {A}: co-purchase candidates F (3/9), M (2/9), then eight at 1/9 in id order
// A2 C G INV0 OOS P T X, of which A2 (same family), INV0 and OOS (not available) and P (not a
// product) are dropped. History is thin, so the list is backfilled: the Kitchen best sellers add
// nothing new, and the store best sellers add B then L (2 orders each, id order).
TEST_F(EngineTest, CrossSellOrderFromHandCountedScores) {
  const Response r = Run(Cart({"A"}));
  EXPECT_EQ(OfferIds(r), (Ids{"F", "M", "C", "G", "T", "X", "B", "L"}));
  for (std::size_t i = 0; i < r.offers.size(); ++i) {
    EXPECT_EQ(r.offers[i].type, OfferType::kCrossSell);
    EXPECT_EQ(r.offers[i].reason.source, i < 6 ? "co_purchase" : "popular") << i;
  }
  EXPECT_NEAR(r.offers[0].score, 3.0 / 9.0, 1e-6);
  EXPECT_NEAR(r.offers[1].score, 2.0 / 9.0, 1e-6);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_TRUE(r.dropped.empty()) << "dropped is only filled on explain";
}

TEST_F(EngineTest, ReasonTextCarriesTheRealCounts) {
  const Response r = Run(Cart({"A"}));
  const Offer* f = OfferFor(r, "F");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->reason.text, "Bought together in 3 of 4 orders with Coffee beans");
  const Evidence& e = f->reason.evidence;
  EXPECT_EQ(engine_->bundle().catalog[e.with].id, "A");
  EXPECT_EQ(e.co_purchases, 3u);
  EXPECT_EQ(e.of_orders, 4u);
  EXPECT_DOUBLE_EQ(e.confidence, 0.75);
  EXPECT_DOUBLE_EQ(e.lift, 3.0 * 8 / (4 * 5));  // co * N / (n_A * n_F) = 1.2
  const Offer* m = OfferFor(r, "M");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->reason.text, "Bought together in 2 of 4 orders with Coffee beans");
}

// Cart {A, F}: a candidate keeps its strongest single link (the default "max" merge, measured in
// docs/quality.md): M = max(2/9 from A, 3/10 from F), and the evidence quoted is that link
// (F -> M, 3 of 5 orders), not A's.
TEST_F(EngineTest, MultiItemCartMergesNeighbourLists) {
  const Response r = Run(Cart({"A", "F"}));
  // C, G, T, X (and P) tie at max(1/9, 1/10) = 1/9 and go by id (A2, INV0, OOS, P dropped).
  EXPECT_EQ(OfferIds(r), (Ids{"M", "C", "G", "T", "X", "B", "L"}));
  ASSERT_FALSE(r.offers.empty());
  EXPECT_NEAR(r.offers[0].score, 3.0 / 10.0, 1e-6);
  EXPECT_EQ(r.offers[0].reason.text, "Bought together in 3 of 5 orders with Filter papers");
}

TEST_F(EngineTest, NeverOffersCartItems) {
  for (const Ids& cart : {Ids{"A"}, Ids{"A", "F"}, Ids{"F", "M", "A"}, Ids{"L"}, Ids{"B", "L"}, Ids{"N"}}) {
    const Response r = Run(Cart(cart, 20));
    for (const std::string& id : OfferIds(r))
      EXPECT_EQ(std::count(cart.begin(), cart.end(), id), 0) << id << " offered with itself in the cart";
  }
}

TEST_F(EngineTest, NeverOffersUnavailableOrNonProductsAndExplainsWhy) {
  Request q = Cart({"A"});
  q.explain = true;
  const Response r = Run(q);
  const Ids ids = OfferIds(r);
  for (const char* never : {"OOS", "INV0", "P", "A2", "A"})
    EXPECT_EQ(std::count(ids.begin(), ids.end(), never), 0) << never;
  const auto why = DroppedWhy(r);
  EXPECT_EQ(why.at("OOS"), "out_of_stock");
  EXPECT_EQ(why.at("INV0"), "out_of_stock");
  EXPECT_EQ(why.at("P"), "not_a_product");
  EXPECT_EQ(why.at("A2"), "same_family");
  // The category backfill would bring F back after it was already offered; the cross-sell stage
  // no longer proposes a product (or title) twice, so it is offered once and never dropped.
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "F"), 1);
  EXPECT_EQ(ids, OfferIds(Run(Cart({"A"})))) << "explain must not change the offers";
}

TEST_F(EngineTest, SameFamilyIsNeverACrossSellEvenWhenCartHoldsTheUpgrade) {
  const Response r = Run(Cart({"A2"}, 20));
  const Ids ids = OfferIds(r);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "A"), 0);
  EXPECT_FALSE(ids.empty());
}

TEST_F(EngineTest, RespectsLimit) {
  EXPECT_EQ(OfferIds(Run(Cart({"A"}, 1))), (Ids{"F"}));
  EXPECT_EQ(OfferIds(Run(Cart({"A"}, 3))), (Ids{"F", "M", "C"}));
  Request q = Cart({"A"}, 2);
  q.explain = true;
  const Response r = Run(q);
  EXPECT_EQ(r.offers.size(), 2u);
  EXPECT_EQ(DroppedWhy(r).at("C"), "over_limit") << "explain shows what the limit cut";
}

TEST_F(EngineTest, RulesMaxOffersCapsWhateverTheRequestAsks) {
  Rules rules;
  rules.max_offers = 2;
  auto e = Engine::FromBundle(FixtureBundle(rules));
  EXPECT_EQ(OfferIds(*e, Run(*e, Cart({"A"}, 5))), (Ids{"F", "M"}));
  EXPECT_EQ(OfferIds(*e, Run(*e, Cart({"A"}, 1))), (Ids{"F"}));
}

TEST_F(EngineTest, RequestExcludeDropsProducts) {
  Request q = Cart({"A"});
  q.exclude = {"F", "no-such-id", "C"};
  q.explain = true;
  const Response r = Run(q);
  EXPECT_EQ(OfferIds(r), (Ids{"M", "G", "T", "X", "B", "L"}));
  EXPECT_EQ(DroppedWhy(r).at("F"), "excluded");
}

TEST_F(EngineTest, RulesExcludeProductsCategoriesAndTags) {
  Rules rules;
  rules.exclude_products = {"M"};
  rules.exclude_categories = {"Gift cards", "Home"};  // X, and the whole lamp corner
  rules.exclude_tags = {"adult"};                     // T
  auto e = Engine::FromBundle(FixtureBundle(rules));
  Request q = Cart({"A"});
  q.explain = true;
  const Response r = Run(*e, q);
  EXPECT_EQ(OfferIds(*e, r), (Ids{"F", "C", "G"}));
  std::map<std::string, std::string> why;
  for (const Dropped& d : r.dropped) why.emplace(e->bundle().catalog[d.product].id, d.why);
  EXPECT_EQ(why.at("M"), "excluded");
  EXPECT_EQ(why.at("X"), "excluded_category");
  EXPECT_EQ(why.at("B"), "excluded_category");
  EXPECT_EQ(why.at("T"), "excluded_tag");
}

TEST_F(EngineTest, CategoryRuleMatchesAnyLevelOfThePath) {
  Rules rules;
  rules.exclude_categories = {"Coffee"};  // second level of A and A2 only
  auto e = Engine::FromBundle(FixtureBundle(rules));
  const Ids ids = OfferIds(*e, Run(*e, Cart({"F"}, 20)));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "A"), 0);
  EXPECT_NE(std::count(ids.begin(), ids.end(), "M"), 0);
}

// Ties are broken by product id, not by catalog position: C sits after G in the catalog but its
// id sorts first, and both have the same 1/9 score from A.
TEST_F(EngineTest, TiesBreakByIdNotCatalogPosition) {
  const Bundle& b = engine_->bundle();
  ASSERT_GT(b.catalog.Find("C"), b.catalog.Find("G"));
  const Ids ids = OfferIds(Run(Cart({"A"})));
  const auto c = std::find(ids.begin(), ids.end(), "C"), g = std::find(ids.begin(), ids.end(), "G");
  ASSERT_NE(c, ids.end());
  ASSERT_NE(g, ids.end());
  EXPECT_LT(c, g);
}

TEST_F(EngineTest, SameRequestSameAnswer) {
  const Ids first = OfferIds(Run(Cart({"A", "L"})));
  Run(Cart({"F"}));  // scratch buffers are reused between requests
  Run(Cart({"N"}));
  EXPECT_EQ(OfferIds(Run(Cart({"A", "L"}))), first);
  EXPECT_EQ(OfferIds(Run(Cart({"L", "A"}))).size(), first.size());
}

TEST_F(EngineTest, UnknownCartIdsWarnAndTheRestIsServed) {
  Request q = Cart({"nope", "A", "also-nope"});
  const Response r = Run(q);
  EXPECT_EQ(OfferIds(r), OfferIds(Run(Cart({"A"}))));
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0].code, "unknown_product");
  EXPECT_EQ(r.warnings[0].path, "/cart/0/id");
  EXPECT_EQ(r.warnings[1].path, "/cart/2/id");
  EXPECT_NE(r.warnings[0].message.find("nope"), std::string::npos);
}

TEST_F(EngineTest, AllUnknownCartGivesNoOffersAndWarnings) {
  const Response r = Run(Cart({"x1", "x2"}));
  EXPECT_TRUE(r.offers.empty());
  EXPECT_EQ(r.warnings.size(), 2u);
}

TEST_F(EngineTest, DuplicateCartLinesAreMerged) {
  EXPECT_EQ(OfferIds(Run(Cart({"A", "A", "A"}))), OfferIds(Run(Cart({"A"}))));
  // Merged scores must not triple-count A's neighbours.
  const Response r = Run(Cart({"A", "A"}));
  ASSERT_FALSE(r.offers.empty());
  EXPECT_NEAR(r.offers[0].score, 3.0 / 9.0, 1e-6);
}

// Cart value anchors the add-on cap: cap 0.5 of a 10.00 cart drops everything over 5.00.
TEST_F(EngineTest, AddonPriceCapDropsPriceyAddOns) {
  Rules rules;
  rules.addon_price_cap = 0.5;
  auto e = Engine::FromBundle(FixtureBundle(rules));
  Request q = Cart({"A"});
  q.explain = true;
  const Response r = Run(*e, q);
  // F 3.00 and B 2.00 fit under 5.00; C 6.00, T 9.00, X 20.00, M 25.00, G 40.00, L 30.00 do not.
  EXPECT_EQ(OfferIds(*e, r), (Ids{"F", "B"}));
  bool m_capped = false;
  for (const Dropped& d : r.dropped) m_capped |= e->bundle().catalog[d.product].id == "M" && d.why == "over_price_cap";
  EXPECT_TRUE(m_capped);
}

TEST_F(EngineTest, AddonPriceCapUsesMergedQuantitiesAndLinePrices) {
  Rules rules;
  rules.addon_price_cap = 0.5;
  auto e = Engine::FromBundle(FixtureBundle(rules));
  // Two lines of A, qty 2 + 4 = 6 x 10.00 = 60.00 -> cap 30.00: only G (40.00) is too dear.
  Request q;
  q.cart = {{"A", 2, -1, kNoProduct}, {"A", 4, -1, kNoProduct}};
  q.limit = 10;
  q.types = {OfferType::kCrossSell};
  EXPECT_EQ(OfferIds(*e, Run(*e, q)), (Ids{"F", "M", "C", "T", "X", "B", "L"}));
  // The store's own line price overrides the catalog: 1 x 100.00 -> cap 50.00, G fits.
  Request priced;
  priced.cart = {{"A", 1, 10000, kNoProduct}};
  priced.limit = 10;
  const Ids ids = OfferIds(*e, Run(*e, priced));
  EXPECT_NE(std::count(ids.begin(), ids.end(), "G"), 0);
}

TEST_F(EngineTest, ColdStartFallsBackToCategoryThenStorePopularity) {
  // N (Home) was never sold: Home's best sellers first (B, L: 2 orders each, id order), then the
  // store's (F 5, A 4).
  const Response r = Run(Cart({"N"}, 4));
  EXPECT_EQ(OfferIds(r), (Ids{"B", "L", "F", "A"}));
  ASSERT_EQ(r.offers.size(), 4u);
  EXPECT_EQ(r.offers[0].reason.source, "category_popular");
  EXPECT_EQ(r.offers[0].reason.text, "Popular in Home (2 orders)");
  EXPECT_EQ(r.offers[1].reason.source, "category_popular");
  EXPECT_EQ(r.offers[2].reason.source, "popular");
  EXPECT_EQ(r.offers[2].reason.text, "One of the store's best sellers (5 orders)");
  EXPECT_EQ(r.offers[0].reason.evidence.with, kNoProduct) << "no co-purchase evidence is claimed";
}

TEST_F(EngineTest, ColdStartWithoutCategoryUsesStorePopularity) {
  const Response r = Run(Cart({"Q"}, 3));
  EXPECT_EQ(OfferIds(r), (Ids{"F", "A", "M"}));
  for (const Offer& o : r.offers) EXPECT_EQ(o.reason.source, "popular");
}

TEST_F(EngineTest, OnlyRequestedTypesAreProduced) {
  Request q = Cart({"A"});
  q.types = {OfferType::kUpsell};
  const Response up = Run(q);
  ASSERT_EQ(up.offers.size(), 1u);
  EXPECT_EQ(up.offers[0].type, OfferType::kUpsell);
  q.types = {OfferType::kThreshold};
  EXPECT_TRUE(Run(q).offers.empty()) << "no free-delivery threshold is set";
  q.types = {OfferType::kUpsell, OfferType::kCrossSell};
  EXPECT_FALSE(Run(q).offers.empty());
}

TEST_F(EngineTest, EmptyCartGivesNoOffers) {
  EXPECT_TRUE(Run(Request{}).offers.empty());
}

TEST_F(EngineTest, JsonResponseHasTheDocumentedShape) {
  Result<std::string> out =
      engine_->RecommendJson(R"({"cart": [{"id": "A", "qty": 1}, {"id": "ghost"}], "limit": 2, "types": ["cross_sell"]})");
  ASSERT_TRUE(out.ok()) << Describe(out.error());
  const auto j = nlohmann::json::parse(out.value());
  ASSERT_EQ(j["offers"].size(), 2u);
  const auto& f = j["offers"][0];
  EXPECT_EQ(f["type"], "cross_sell");
  EXPECT_EQ(f["id"], "F");
  EXPECT_EQ(f["title"], "Filter papers");
  EXPECT_EQ(f["price"], 300);
  EXPECT_EQ(f["price_text"], "\xC2\xA3" "3.00");
  EXPECT_EQ(f["currency"], "GBP");
  EXPECT_DOUBLE_EQ(f["score"].get<double>(), 0.3333);  // 3/9 rounded to 4 places
  EXPECT_EQ(f["reason"]["source"], "co_purchase");
  EXPECT_EQ(f["reason"]["evidence"]["with"], "A");
  EXPECT_EQ(f["reason"]["evidence"]["co_purchases"], 3);
  EXPECT_EQ(f["reason"]["evidence"]["of_orders"], 4);
  EXPECT_DOUBLE_EQ(f["reason"]["evidence"]["confidence"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(f["reason"]["evidence"]["lift"].get<double>(), 1.2);
  ASSERT_EQ(j["warnings"].size(), 1u);
  EXPECT_EQ(j["warnings"][0]["path"], "/cart/1/id");
  EXPECT_EQ(j["arm"], "default");
  EXPECT_FALSE(j.contains("explain"));
}

TEST_F(EngineTest, JsonExplainListsDroppedCandidates) {
  // Cross-sells only: otherwise A2 is taken as the upgrade first and dropped as a duplicate.
  Result<std::string> out = engine_->RecommendJson(R"({"cart": ["A"], "explain": true, "types": ["cross_sell"]})");
  ASSERT_TRUE(out.ok()) << Describe(out.error());
  const auto j = nlohmann::json::parse(out.value());
  ASSERT_TRUE(j.contains("explain"));
  bool saw_family = false;
  for (const auto& d : j["explain"]["dropped"]) {
    EXPECT_TRUE(d.contains("id") && d.contains("dropped") && d.contains("type"));
    saw_family |= d["id"] == "A2" && d["dropped"] == "same_family";
  }
  EXPECT_TRUE(saw_family);
}

TEST_F(EngineTest, LoadedBundleServesLikeTheBuiltOne) {
  Result<std::unique_ptr<Engine>> loaded = Engine::Load(WriteBundleJson(FixtureBundle()));
  ASSERT_TRUE(loaded.ok()) << Describe(loaded.error());
  for (const Ids& cart : {Ids{"A"}, Ids{"A", "F"}, Ids{"N"}, Ids{"L"}})
    EXPECT_EQ(OfferIds(*loaded.value(), Run(*loaded.value(), Cart(cart))), OfferIds(Run(Cart(cart))));
}

TEST(EngineLoad, BadBundleIsATypedError) {
  Result<std::unique_ptr<Engine>> e = Engine::Load(R"({"format": "cartlift.bundle/9", "products": []})");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_EQ(e.error().path, "/format");
}

// A bundle may legally carry a neighbour with score 0 (the reader accepts score >= 0). Such a
// neighbour must neither crash the merge nor be offered with evidence from another request.
TEST(EngineLoad, ZeroScoreNeighbourIsSafe) {
  Result<std::unique_ptr<Engine>> e = Engine::Load(R"({"format": "cartlift.bundle/1", "currency": "GBP",
    "products": [{"id": "P0", "title": "Zero", "price": 100, "orders": 5},
                 {"id": "P1", "title": "One", "price": 100, "orders": 5},
                 {"id": "P2", "title": "Two", "price": 100, "orders": 5}],
    "associations": [{"id": "P0", "neighbours": [{"id": "P1", "co": 0, "score": 0}]},
                     {"id": "P2", "neighbours": [{"id": "P1", "co": 3, "score": 0.5}]}],
    "built_from": {"orders": 10}})");
  ASSERT_TRUE(e.ok()) << Describe(e.error());
  Engine& engine = *e.value();
  const auto check = [&](const char* when) {
    Request q;
    q.cart = {{"P0", 1, -1, kNoProduct}};
    q.limit = 5;
    Result<Response> r = engine.Recommend(q);
    ASSERT_TRUE(r.ok()) << when;
    int p1 = 0;
    for (const Offer& o : r.value().offers) {
      if (engine.bundle().catalog[o.product].id != "P1") continue;
      ++p1;
      ASSERT_NE(o.reason.evidence.with, kNoProduct) << when << ": a co-purchase offer without evidence";
      EXPECT_EQ(engine.bundle().catalog[o.reason.evidence.with].id, "P0") << when << ": evidence from another cart";
    }
    EXPECT_LE(p1, 1) << when << ": offered twice";
  };
  check("fresh engine");
  // A real link P2 -> P1 leaves P2 in the scratch "best link" of P1.
  ASSERT_TRUE(engine.RecommendJson(R"({"cart": ["P2"]})").ok());
  check("after a request for P2");
  Result<std::string> json = engine.RecommendJson(R"({"cart": ["P0"], "explain": true})");
  ASSERT_TRUE(json.ok());
}

}  // namespace
}  // namespace cartlift
