#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cartlift/bundle/bundle_json.h"
#include "cartlift/engine.h"
#include "test_support.h"

namespace cartlift {
namespace {

using cartlift::testing::Build;
using cartlift::testing::Describe;
using cartlift::testing::MakeOrder;
using cartlift::testing::MakeProduct;

TEST(RulesJson, NewMembersRoundTrip) {
  Result<Rules> r = ParseRulesJson(R"({"upsell_max_delta": 0.25, "free_shipping_threshold": 2500,
      "max_per_type": {"upsell": 1, "cross_sell": 3},
      "placements": {"checkout": ["cross_sell", "threshold"], "product": ["upsell"]}, "pins": ["P1", "P2"]})");
  ASSERT_TRUE(r.ok()) << Describe(r.error());
  const Rules& v = r.value();
  EXPECT_EQ(v.upsell_max_delta, 0.25);
  EXPECT_EQ(v.free_shipping_threshold, 2500);
  EXPECT_EQ(v.MaxFor(OfferType::kUpsell, 2), 1);
  EXPECT_EQ(v.MaxFor(OfferType::kThreshold, 1), 1);
  EXPECT_TRUE(v.Allows("checkout", OfferType::kThreshold));
  EXPECT_FALSE(v.Allows("checkout", OfferType::kUpsell));
  EXPECT_TRUE(v.Allows("cart", OfferType::kUpsell));
  EXPECT_EQ(v.pins, (std::vector<std::string>{"P1", "P2"}));

  Bundle b;
  b.rules = v;
  Result<Bundle> again = ReadBundleJson(WriteBundleJson(b));
  ASSERT_TRUE(again.ok()) << Describe(again.error());
  EXPECT_EQ(WriteBundleJson(again.value()), WriteBundleJson(b));
  EXPECT_EQ(again.value().rules.placements.size(), 2u);
}

TEST(RulesJson, DefaultsAreNotWritten) {
  const std::string j = WriteBundleJson(Bundle{});
  for (const char* key : {"upsell_max_delta", "free_shipping_threshold", "max_per_type", "placements", "pins"})
    EXPECT_EQ(j.find(key), std::string::npos) << key;
}

TEST(RulesJson, TypedErrorsWithPaths) {
  struct Bad {
    const char* json;
    ErrorCode code;
    const char* path;
  };
  for (const Bad& c : std::vector<Bad>{
           {R"({"upsell_max_delta": "half"})", ErrorCode::kWrongType, "/upsell_max_delta"},
           {R"({"upsell_max_delta": -1})", ErrorCode::kInvalidValue, "/upsell_max_delta"},
           {R"({"free_shipping_threshold": 25.5})", ErrorCode::kWrongType, "/free_shipping_threshold"},
           {R"({"free_shipping_threshold": -1})", ErrorCode::kInvalidPrice, "/free_shipping_threshold"},
           {R"({"max_per_type": []})", ErrorCode::kWrongType, "/max_per_type"},
           {R"({"max_per_type": {"nope": 1}})", ErrorCode::kInvalidValue, "/max_per_type/nope"},
           {R"({"max_per_type": {"upsell": 101}})", ErrorCode::kInvalidValue, "/max_per_type/upsell"},
           {R"({"placements": {"home": []}})", ErrorCode::kInvalidValue, "/placements/home"},
           {R"({"placements": {"cart": "upsell"}})", ErrorCode::kWrongType, "/placements/cart"},
           {R"({"placements": {"cart": ["upsell", "x"]}})", ErrorCode::kInvalidValue, "/placements/cart/1"},
           {R"({"pins": [1]})", ErrorCode::kWrongType, "/pins/0"},
       }) {
    Result<Rules> r = ParseRulesJson(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().code, c.code) << c.json << " " << Describe(r.error());
    EXPECT_EQ(r.error().path, c.path) << c.json;
  }
}

// Coffee A -> A2 -> A3 ladder plus add-ons; every test below varies only the rules.
Bundle Store(Rules rules) {
  Catalog c;
  Product a = MakeProduct("A", "Beans", 1000, {"Kitchen"});
  a.mutable_details().family = "beans";
  a.mutable_details().tier = 1;
  Product a2 = MakeProduct("A2", "Premium beans", 1400, {"Kitchen"});
  a2.mutable_details().family = "beans";
  a2.mutable_details().tier = 2;
  for (Product p : {a, a2, MakeProduct("F", "Filters", 300, {"Kitchen"}), MakeProduct("M", "Frother", 2500, {"Kitchen"}),
                    MakeProduct("PIN", "Gift wrap", 200, {"Gifts"})})
    EXPECT_NE(c.Add(p), kNoProduct);
  BuildOptions opt;
  opt.associations.min_co = 1;
  opt.rules = std::move(rules);
  return Build({MakeOrder("o1", {"A", "F", "M"}), MakeOrder("o2", {"A", "F"})}, &c, opt);
}

std::vector<std::string> Types(const Engine& e, const std::string& request) {
  Result<std::string> out = const_cast<Engine&>(e).RecommendJson(request);
  EXPECT_TRUE(out.ok());
  std::vector<std::string> t;
  if (!out.ok()) return t;
  const auto j = nlohmann::json::parse(out.value());
  for (const auto& o : j["offers"])
    t.push_back(o["type"].get<std::string>() + ":" + o["id"].get<std::string>());
  return t;
}

TEST(Rules, OrderIsUpsellCrossSellThreshold) {
  Rules r;
  r.free_shipping_threshold = 2000;
  auto e = Engine::FromBundle(Store(r));
  EXPECT_EQ(Types(*e, R"({"cart": ["A"], "limit": 1})"),
            (std::vector<std::string>{"upsell:A2", "cross_sell:F", "threshold:M"}));
}

TEST(Rules, PlacementsAndRequestTypesBothFilter) {
  Rules r;
  r.free_shipping_threshold = 2000;
  r.placements = {{"checkout", {OfferType::kCrossSell, OfferType::kThreshold}}, {"product", {OfferType::kUpsell}}};
  auto e = Engine::FromBundle(Store(r));
  EXPECT_EQ(Types(*e, R"({"cart": ["A"], "limit": 1, "page": "checkout"})"),
            (std::vector<std::string>{"cross_sell:F", "threshold:M"}));
  EXPECT_EQ(Types(*e, R"({"cart": ["A"], "page": "product"})"), (std::vector<std::string>{"upsell:A2"}));
  EXPECT_TRUE(Types(*e, R"({"cart": ["A"], "page": "product", "types": ["cross_sell"]})").empty());
  EXPECT_EQ(Types(*e, R"({"cart": ["A"], "page": "checkout", "types": ["threshold"]})"),
            (std::vector<std::string>{"threshold:M"}));
}

TEST(Rules, MaxPerTypeAndMaxOffers) {
  Rules r;
  r.max_per_type = {{OfferType::kUpsell, 0}, {OfferType::kCrossSell, 1}};
  auto e = Engine::FromBundle(Store(r));
  EXPECT_EQ(Types(*e, R"({"cart": ["A"]})"), (std::vector<std::string>{"cross_sell:F"}));
  Rules cap;
  cap.max_offers = 1;
  auto e2 = Engine::FromBundle(Store(cap));
  EXPECT_EQ(Types(*e2, R"({"cart": ["A"]})"), (std::vector<std::string>{"upsell:A2"}));
}

TEST(Rules, PinsComeFirstAsMerchantPicks) {
  Rules r;
  r.pins = {"PIN", "F", "GHOST"};
  auto e = Engine::FromBundle(Store(r));
  Result<std::string> out = e->RecommendJson(R"({"cart": ["A"], "types": ["cross_sell"], "limit": 5})");
  ASSERT_TRUE(out.ok());
  const auto j = nlohmann::json::parse(out.value());
  ASSERT_GE(j["offers"].size(), 3u);
  EXPECT_EQ(j["offers"][0]["id"], "PIN");
  EXPECT_EQ(j["offers"][0]["reason"]["source"], "merchant_pick");
  EXPECT_EQ(j["offers"][0]["reason"]["text"], "Recommended by the store");
  EXPECT_EQ(j["offers"][1]["id"], "F");
  EXPECT_EQ(j["offers"][2]["id"], "M");
  // A pinned product still obeys the guardrails.
  EXPECT_EQ(Types(*e, R"({"cart": ["A", "PIN"], "types": ["cross_sell"], "limit": 1})"),
            (std::vector<std::string>{"cross_sell:F"}));
}

// Random catalogs with ladders, stock gaps, costs and exclusions, every offer mechanic switched on;
// random carts. Whatever the generators propose, what comes out must pass the guardrails and caps.
TEST(Rules, RandomCartsNeverBreakTheGuardrails) {
  std::mt19937 rng(20260611);
  Catalog c;
  const int n = 120;
  for (int i = 0; i < n; ++i) {
    Product p = MakeProduct("P" + std::to_string(i), "Product " + std::to_string(i), 50 + static_cast<Money>(rng() % 3000),
                            {i % 3 == 0 ? "Kitchen" : i % 3 == 1 ? "Home" : "Garden"});
    if (i % 4 != 3) {
      p.mutable_details().family = cartlift::testing::Kept("fam" + std::to_string(i / 4));
      p.mutable_details().tier = static_cast<std::int32_t>(i % 4);
    }
    p.in_stock = rng() % 7 != 0;
    if (rng() % 5 == 0) p.inventory = static_cast<std::int64_t>(rng() % 8);
    if (rng() % 2 == 0) p.mutable_details().cost = p.price * static_cast<Money>(rng() % 100) / 100;
    p.mutable_details().attributes =
        cartlift::testing::KeptAttributes({{"size", cartlift::testing::Kept(std::to_string(i % 4))}});
    EXPECT_NE(c.Add(p), kNoProduct);
  }
  for (int i = 0; i < 2; ++i) {
    Product cover = MakeProduct("COVER" + std::to_string(i), "Cover " + std::to_string(i), 300 + 200 * i, {"Services"});
    cover.mutable_details().kind = "protection";
    EXPECT_NE(c.Add(cover), kNoProduct);
  }
  std::vector<Order> orders;
  for (int o = 0; o < 400; ++o) {
    Order order;
    order.id = "o" + std::to_string(o);
    const int k = 2 + static_cast<int>(rng() % 4);
    for (int j = 0; j < k; ++j) {
      OrderItem item;
      item.product_id = "P" + std::to_string(rng() % n);
      order.items.push_back(item);
    }
    orders.push_back(order);
  }
  Rules rules;
  rules.free_shipping_threshold = 4000;
  rules.exclude_products = {"P5", "P17", "P40"};
  rules.pins = {"P1", "P2", "P5"};
  rules.min_margin = 0.15;
  for (int b = 0; b < 30; ++b) {
    BundleRule rule;
    rule.id = "set" + std::to_string(b);
    for (int k = 0; k < 2 + b % 3; ++k) rule.products.push_back("P" + std::to_string((b * 7 + k * 13) % n));
    if (b % 2) rule.percent_off = 500 + 100 * (b % 10);
    else rule.amount_off = 50 * b;
    rules.bundles.push_back(rule);
  }
  rules.mined_bundles.enabled = true;
  rules.mined_bundles.percent_off = 500;
  rules.mined_bundles.min_co_purchases = 1;
  rules.volume_tiers = {{3, 500, {}, {"Kitchen"}}, {2, 300, {"P3", "P4", "P6"}, {}}, {5, 1000, {}, {}}};
  rules.protection = {{{"Home"}, 1000, 2000, "COVER0"}, {{}, 2001, 0, "COVER1"}};
  rules.reward = {"NEXT5", "5 % off your next order", 3000};
  BuildOptions opt;
  opt.associations.min_co = 1;
  opt.rules = rules;
  auto e = Engine::FromBundle(Build(orders, &c, opt));
  const Catalog& cat = e->bundle().catalog;
  const auto bad = [&](ProductIndex p, const std::set<std::string>& excluded) {
    const Product& x = cat[p];
    if (!x.Available()) return "unavailable";
    if (excluded.count(std::string(x.id))) return "excluded";
    const Money cost = x.details().cost;
    if (cost >= 0 && static_cast<double>(x.price - cost) < rules.min_margin * static_cast<double>(x.price))
      return "below margin";
    return static_cast<const char*>(nullptr);
  };

  std::map<OfferType, int> seen_types;
  for (int t = 0; t < 3000; ++t) {
    Request q;
    const int lines = 1 + static_cast<int>(rng() % 5);
    std::map<ProductIndex, std::int64_t> cart;
    for (int j = 0; j < lines; ++j) {
      const std::string id = "P" + std::to_string(rng() % n);
      const std::int64_t qty = 1 + static_cast<std::int64_t>(rng() % 5);
      q.cart.push_back({id, qty, -1, kNoProduct});
      cart[cat.Find(id)] += qty;
    }
    q.limit = 1 + static_cast<int>(rng() % 6);
    q.exclude = {"P" + std::to_string(rng() % n)};
    q.explain = rng() % 2 == 0;
    std::set<std::string> excluded(rules.exclude_products.begin(), rules.exclude_products.end());
    excluded.insert(q.exclude[0]);
    Money cart_value = 0;
    for (const auto& [p, qty] : cart) cart_value += cat[p].price * qty;

    Result<Response> out = e->Recommend(q);
    ASSERT_TRUE(out.ok());
    // Deterministic: the same request gives the same offers, in the same order.
    Result<Response> again = e->Recommend(q);
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(again.value().offers.size(), out.value().offers.size());
    std::set<ProductIndex> seen;
    std::map<OfferType, int> per_type;
    for (std::size_t i = 0; i < out.value().offers.size(); ++i) {
      const Offer& o = out.value().offers[i];
      EXPECT_EQ(again.value().offers[i].product, o.product);
      EXPECT_EQ(again.value().offers[i].type, o.type);
      EXPECT_FALSE(o.reason.text.empty());
      ++per_type[o.type];
      ++seen_types[o.type];
      if (o.type == OfferType::kReward) {
        EXPECT_GE(cart_value, rules.reward.min_order);
        continue;
      }
      if (o.type == OfferType::kVolume) {
        // About a cart line: its product is in the cart, and the tier is within reach.
        ASSERT_TRUE(cart.count(o.product));
        EXPECT_EQ(cart[o.product] + o.add_qty, o.min_qty);
        EXPECT_GE(o.add_qty, 1);
        EXPECT_GT(o.discount, 0);
        EXPECT_EQ(bad(o.product, {}), nullptr);
        if (cat[o.product].inventory >= 0) {
          EXPECT_GE(cat[o.product].inventory, o.min_qty);
        }
        continue;
      }
      std::vector<ProductIndex> added = o.items.empty() ? std::vector<ProductIndex>{o.product} : o.items;
      for (ProductIndex p : added) {
        const Product& x = cat[p];
        EXPECT_FALSE(cart.count(p)) << x.id;
        EXPECT_EQ(bad(p, excluded), nullptr) << x.id << ": " << bad(p, excluded);
        EXPECT_TRUE(seen.insert(p).second) << "duplicate " << x.id;
        if (o.type != OfferType::kAddon) {
          EXPECT_EQ(x.details().kind, "product") << x.id;
        }
      }
      if (o.type == OfferType::kBundle) {
        Money list = 0;
        for (ProductIndex p : o.items) list += cat[p].price;
        EXPECT_EQ(o.list_price, list);
        EXPECT_GE(o.discount, 0);
        EXPECT_LE(o.discount, list);
        EXPECT_EQ(o.price, list - o.discount);
      }
      if (o.type == OfferType::kAddon) {
        EXPECT_TRUE(cart.count(o.for_product));
        EXPECT_EQ(cat[o.product].details().kind, "protection");
      }
      if (o.type == OfferType::kUpsell) {
        const Product& from = cat[o.upgrade_from];
        EXPECT_EQ(cat[o.product].details().family, from.details().family);
        EXPECT_GT(cat[o.product].details().tier, from.details().tier);
        EXPECT_EQ(o.price_delta, cat[o.product].price - from.price);
        EXPECT_LE(static_cast<double>(o.price_delta), 0.5 * static_cast<double>(from.price));
      }
    }
    EXPECT_LE(per_type[OfferType::kCrossSell], q.limit);
    EXPECT_LE(per_type[OfferType::kUpsell], std::min(2, q.limit));
    for (OfferType t1 : {OfferType::kThreshold, OfferType::kBundle, OfferType::kAddon, OfferType::kVolume, OfferType::kReward})
      EXPECT_LE(per_type[t1], 1);
    EXPECT_LE(static_cast<int>(out.value().offers.size()), rules.max_offers);
  }
  // The run is only a test of the mechanics if every one of them showed up.
  for (OfferType t : {OfferType::kCrossSell, OfferType::kUpsell, OfferType::kBundle, OfferType::kThreshold,
                      OfferType::kAddon, OfferType::kVolume, OfferType::kReward})
    EXPECT_GT(seen_types[t], 0) << OfferTypeName(t);
}

}  // namespace
}  // namespace cartlift
