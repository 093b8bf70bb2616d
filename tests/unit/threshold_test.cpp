#include "cartlift/offers/threshold.h"

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

// Tea (cart item, 10.00) was bought with cups 6.00, a pot 25.00, a spoon 1.50 and biscuits 4.50;
// the store also sells a cheap tin (Kitchen, 5.00) nobody bought with tea.
Bundle TeaBundle(Money threshold, Rules rules = Rules{}) {
  Catalog c;
  for (Product p : {MakeProduct("TEA", "Tea", 1000, {"Kitchen"}), MakeProduct("CUPS", "Cups", 600, {"Kitchen"}),
                    MakeProduct("POT", "Teapot", 2500, {"Kitchen"}), MakeProduct("SPOON", "Spoon", 150, {"Kitchen"}),
                    MakeProduct("BISC", "Biscuits", 450, {"Kitchen"}), MakeProduct("TIN", "Tin", 500, {"Kitchen"}),
                    MakeProduct("LAMP", "Lamp", 3000, {"Home"})})
    EXPECT_NE(c.Add(p), kNoProduct);
  rules.free_shipping_threshold = threshold;
  BuildOptions opt;
  opt.associations.min_co = 1;
  opt.rules = std::move(rules);
  return Build({MakeOrder("o1", {"TEA", "CUPS", "POT"}), MakeOrder("o2", {"TEA", "SPOON", "BISC"}),
                MakeOrder("o3", {"TEA", "CUPS"}), MakeOrder("o4", {"LAMP", "TIN"})},
               &c, opt);
}

Response Ask(Engine& e, std::vector<OfferType> types, bool explain = false, std::vector<std::string> exclude = {}) {
  Request r;
  r.cart.push_back({"TEA", 1, -1, kNoProduct});
  r.types = std::move(types);
  r.explain = explain;
  r.exclude = std::move(exclude);
  Result<Response> out = e.Recommend(r);
  EXPECT_TRUE(out.ok());
  return out.ok() ? out.value() : Response{};
}

std::string Id(const Engine& e, ProductIndex p) { return std::string(e.bundle().catalog[p].id); }

TEST(Threshold, CheapestRelatedProductThatClosesTheGap) {
  auto e = Engine::FromBundle(TeaBundle(1405));  // gap 4.05: biscuits 4.50 close it, cups too but dearer
  Response r = Ask(*e, {OfferType::kThreshold});
  ASSERT_EQ(r.offers.size(), 1u);
  const Offer& o = r.offers[0];
  EXPECT_EQ(o.type, OfferType::kThreshold);
  EXPECT_EQ(Id(*e, o.product), "BISC");
  EXPECT_EQ(o.gap, 405);
  EXPECT_EQ(o.reason.source, "threshold");
  EXPECT_EQ(o.reason.text, "Add \u00a34.05 to get free delivery \u2014 this closes the gap");
}

TEST(Threshold, NothingWhenOffOrAlreadyOver) {
  EXPECT_TRUE(Ask(*Engine::FromBundle(TeaBundle(0)), {OfferType::kThreshold}).offers.empty());
  EXPECT_TRUE(Ask(*Engine::FromBundle(TeaBundle(1000)), {OfferType::kThreshold}).offers.empty());
}

TEST(Threshold, ExplainListsGuardrailDrops) {
  auto e = Engine::FromBundle(TeaBundle(1405));
  // Without the biscuits the next cheapest Kitchen product that closes the gap is the tin (5.00).
  Response r = Ask(*e, {OfferType::kThreshold}, true, {"BISC"});
  ASSERT_EQ(r.offers.size(), 1u);
  EXPECT_EQ(Id(*e, r.offers[0].product), "TIN");
  bool saw = false;
  for (const Dropped& d : r.dropped)
    saw |= d.type == OfferType::kThreshold && Id(*e, d.product) == "BISC" && d.why == "excluded";
  EXPECT_TRUE(saw);
}

TEST(Threshold, DoesNotRepeatACrossSellAndComesLast) {
  auto e = Engine::FromBundle(TeaBundle(1405));
  Request q;
  q.cart.push_back({"TEA", 1, -1, kNoProduct});
  q.limit = 1;  // CUPS is the one cross-sell
  Response r = e->Recommend(q).value();
  ASSERT_EQ(r.offers.size(), 2u);
  EXPECT_EQ(r.offers[0].type, OfferType::kCrossSell);
  EXPECT_EQ(r.offers.back().type, OfferType::kThreshold);
  EXPECT_NE(r.offers[0].product, r.offers[1].product);
}

TEST(Threshold, AddonPriceCapApplies) {
  Rules rules;
  rules.addon_price_cap = 0.2;  // 2.00 on a 10.00 cart: only the spoon fits
  auto e = Engine::FromBundle(TeaBundle(1405, rules));
  Response r = Ask(*e, {OfferType::kThreshold});
  ASSERT_EQ(r.offers.size(), 1u);
  EXPECT_EQ(Id(*e, r.offers[0].product), "SPOON");
  EXPECT_EQ(r.offers[0].reason.text, "Add \u00a34.05 to get free delivery \u2014 with this, only \u00a32.55 to go");
}

TEST(Threshold, FallsBackToCategoryBestSellers) {
  // The gap is 20.00: the teapot (25.00) is the only related product that closes it; without it
  // nothing in Kitchen closes it (the lamp is in another department), so the dearest left is offered.
  auto e = Engine::FromBundle(TeaBundle(3000));
  Response r = Ask(*e, {OfferType::kThreshold});
  ASSERT_EQ(r.offers.size(), 1u);
  EXPECT_EQ(Id(*e, r.offers[0].product), "POT");
  Response r2 = Ask(*e, {OfferType::kThreshold}, false, {"POT"});
  ASSERT_EQ(r2.offers.size(), 1u);
  EXPECT_EQ(Id(*e, r2.offers[0].product), "CUPS");
}

TEST(Threshold, JsonFields) {
  auto e = Engine::FromBundle(TeaBundle(1405));
  Result<std::string> out = e->RecommendJson(R"({"cart": ["TEA"], "types": ["threshold"]})");
  ASSERT_TRUE(out.ok());
  const auto j = nlohmann::json::parse(out.value());
  ASSERT_EQ(j["offers"].size(), 1u);
  EXPECT_EQ(j["offers"][0]["gap"], 405);
  EXPECT_EQ(j["offers"][0]["gap_text"], "\u00a34.05");
  EXPECT_FALSE(j["offers"][0].contains("price_delta"));
}

}  // namespace
}  // namespace cartlift
