#include "cartlift/offers/upsell.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cartlift/engine.h"
#include "test_support.h"

namespace cartlift {
namespace {

using cartlift::testing::Build;
using cartlift::testing::MakeOrder;
using cartlift::testing::MakeProduct;

Product Tier(const std::string& id, const std::string& title, Money price, int tier, const std::string& size) {
  Product p = MakeProduct(id, title, price, {"Bags"});
  p.mutable_details().family = "bag";
  p.mutable_details().tier = tier;
  p.mutable_details().attributes =
      cartlift::testing::KeptAttributes({{"size", cartlift::testing::Kept(size)}, {"colour", "red"}});
  return p;
}

// A four-step bag ladder (lunch 165 < jumbo 195 < tote 240 < trunk 900) plus an unrelated card.
Bundle LadderBundle(Rules rules = Rules{}, bool jumbo_in_stock = true) {
  Catalog c;
  Product jumbo = Tier("JUMBO", "JUMBO BAG RED", 195, 2, "jumbo");
  jumbo.in_stock = jumbo_in_stock;
  for (Product p : {Tier("MINI", "MINI BAG RED", 120, 0, "mini"), Tier("LUNCH", "LUNCH BAG RED", 165, 1, "lunch"), jumbo,
                    Tier("TOTE", "TOTE BAG RED", 240, 3, "tote"), Tier("TRUNK", "TRUNK BAG RED", 900, 4, "trunk"),
                    MakeProduct("CARD", "Card", 50, {"Cards"})})
    EXPECT_NE(c.Add(p), kNoProduct);
  BuildOptions opt;
  opt.associations.min_co = 1;
  opt.rules = std::move(rules);
  return Build({MakeOrder("o1", {"LUNCH", "CARD"}), MakeOrder("o2", {"JUMBO", "CARD"})}, &c, opt);
}

Response Ask(Engine& e, std::vector<std::string> ids, bool explain = false) {
  Request r;
  for (auto& id : ids) r.cart.push_back({id, 1, -1, kNoProduct});
  r.types = {OfferType::kUpsell};
  r.explain = explain;
  Result<Response> out = e.Recommend(r);
  EXPECT_TRUE(out.ok());
  return out.ok() ? out.value() : Response{};
}

std::string Id(const Engine& e, ProductIndex p) { return std::string(e.bundle().catalog[p].id); }

TEST(Upsell, LadderIsSortedByTier) {
  Bundle b = LadderBundle();
  Upsell up(b);
  std::vector<std::string> ids;
  for (ProductIndex p : up.Ladder("bag")) ids.emplace_back(b.catalog[p].id);
  EXPECT_EQ(ids, (std::vector<std::string>{"MINI", "LUNCH", "JUMBO", "TOTE", "TRUNK"}));
  EXPECT_TRUE(up.Ladder("nope").empty());
}

TEST(Upsell, NextTierUpWithExactDeltaAndDiff) {
  auto e = Engine::FromBundle(LadderBundle());
  Response r = Ask(*e, {"LUNCH"});
  ASSERT_EQ(r.offers.size(), 1u);
  const Offer& o = r.offers[0];
  EXPECT_EQ(o.type, OfferType::kUpsell);
  EXPECT_EQ(Id(*e, o.product), "JUMBO");
  EXPECT_EQ(Id(*e, o.upgrade_from), "LUNCH");
  EXPECT_EQ(o.price_delta, 30);
  ASSERT_EQ(o.attributes_diff.size(), 1u);  // colour is unchanged
  EXPECT_EQ(o.attributes_diff[0].name, "size");
  EXPECT_EQ(o.attributes_diff[0].from, "lunch");
  EXPECT_EQ(o.attributes_diff[0].to, "jumbo");
  EXPECT_EQ(o.reason.source, "upgrade");
  EXPECT_EQ(o.reason.text, "Upgrade to JUMBO BAG RED for \u00a30.30 more: size lunch \u2192 jumbo");
}

TEST(Upsell, OutOfStockTierIsSteppedOver) {
  auto e = Engine::FromBundle(LadderBundle(Rules{}, /*jumbo_in_stock=*/false));
  Response r = Ask(*e, {"LUNCH"}, true);
  ASSERT_EQ(r.offers.size(), 1u);
  EXPECT_EQ(Id(*e, r.offers[0].product), "TOTE");  // 240 - 165 = 75 <= 50 % of 165
  EXPECT_EQ(r.offers[0].price_delta, 75);
  ASSERT_FALSE(r.dropped.empty());
  EXPECT_EQ(Id(*e, r.dropped[0].product), "JUMBO");
  EXPECT_EQ(r.dropped[0].why, "out_of_stock");
  EXPECT_EQ(r.dropped[0].type, OfferType::kUpsell);
}

TEST(Upsell, PriceDeltaCapStopsTheClimb) {
  auto e = Engine::FromBundle(LadderBundle());
  Response r = Ask(*e, {"TOTE"}, true);  // TRUNK is +660 on 240
  EXPECT_TRUE(r.offers.empty());
  ASSERT_EQ(r.dropped.size(), 1u);
  EXPECT_EQ(r.dropped[0].why, "over_price_delta");

  Rules generous;
  generous.upsell_max_delta = 3.0;
  auto e2 = Engine::FromBundle(LadderBundle(generous));
  Response r2 = Ask(*e2, {"TOTE"});
  ASSERT_EQ(r2.offers.size(), 1u);
  EXPECT_EQ(r2.offers[0].price_delta, 660);
}

TEST(Upsell, NeverADowngradeOrTheTopTier) {
  auto e = Engine::FromBundle(LadderBundle());
  EXPECT_TRUE(Ask(*e, {"TRUNK"}).offers.empty());
  // A shopper who already has the next tier gets no nudge past it, and nothing of the cart.
  Response r = Ask(*e, {"LUNCH", "JUMBO"});
  ASSERT_EQ(r.offers.size(), 1u);
  EXPECT_EQ(Id(*e, r.offers[0].product), "TOTE");
  EXPECT_EQ(Id(*e, r.offers[0].upgrade_from), "JUMBO");
}

TEST(Upsell, ExplicitUpgradesToWins) {
  Bundle b = LadderBundle();
  Product& lunch = b.catalog[b.catalog.Find("LUNCH")];
  lunch.mutable_details().upgrades_to = "TOTE";  // skips JUMBO on the merchant's say-so; +75 on 165 is within 50 %
  auto e = Engine::FromBundle(std::move(b));
  Response r = Ask(*e, {"LUNCH"});
  ASSERT_EQ(r.offers.size(), 1u);
  EXPECT_EQ(Id(*e, r.offers[0].product), "TOTE");
}

TEST(Upsell, LinePriceAnchorsTheDelta) {
  auto e = Engine::FromBundle(LadderBundle());
  Request r;
  r.cart.push_back({"LUNCH", 1, 150, kNoProduct});
  r.types = {OfferType::kUpsell};
  Response out = e->Recommend(r).value();
  ASSERT_EQ(out.offers.size(), 1u);
  EXPECT_EQ(out.offers[0].price_delta, 45);
}

TEST(Upsell, AtMostTwoAndJsonFields) {
  auto e = Engine::FromBundle(LadderBundle());
  Result<std::string> out = e->RecommendJson(R"({"cart": ["MINI", "JUMBO"], "types": ["upsell"]})");
  ASSERT_TRUE(out.ok());
  const auto j = nlohmann::json::parse(out.value());
  ASSERT_EQ(j["offers"].size(), 2u);
  const auto& o = j["offers"][0];
  EXPECT_EQ(o["type"], "upsell");
  EXPECT_EQ(o["upgrade_from"], "MINI");
  EXPECT_EQ(o["id"], "LUNCH");
  EXPECT_EQ(o["price_delta"], 45);
  EXPECT_EQ(o["price_delta_text"], "+\u00a30.45");
  EXPECT_EQ(o["attributes_diff"], nlohmann::json::parse(R"([{"name":"size","from":"mini","to":"lunch"}])"));
  EXPECT_FALSE(o.contains("gap"));
}

TEST(Upsell, DiffListsAddedAndRemovedAttributes) {
  Product a = MakeProduct("a", "a", 1);
  a.mutable_details().attributes = cartlift::testing::KeptAttributes({{"size", "s"}, {"lid", "yes"}});
  Product b = MakeProduct("b", "b", 2);
  b.mutable_details().attributes = cartlift::testing::KeptAttributes({{"size", "l"}, {"handle", "rope"}});
  const auto d = DiffAttributes(a, b);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[1].name, "lid");
  EXPECT_EQ(d[1].to, "");
  EXPECT_EQ(d[2].name, "handle");
  EXPECT_EQ(d[2].from, "");
}

}  // namespace
}  // namespace cartlift
