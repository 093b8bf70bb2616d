// Splits keep every order whole on one side, and a bundle built for evaluation sees only the
// train side.
#include "cartlift/eval/split.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "cartlift/eval/runner.h"

namespace cartlift::eval {
namespace {

Order MakeOrder(const std::string& id, std::int64_t t, std::vector<std::string> products) {
  Order o;
  o.id = id;
  o.timestamp = t;
  for (auto& p : products) o.items.push_back(OrderItem{p, 1, -1, ""});
  return o;
}

std::vector<Order> History(std::size_t n) {
  std::vector<Order> orders;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string a = "p" + std::to_string(i % 7), b = "p" + std::to_string((i * 3 + 1) % 11);
    orders.push_back(MakeOrder("o" + std::to_string(i), static_cast<std::int64_t>(1000 + i * 60), {a, b, "q" + std::to_string(i)}));
  }
  return orders;
}

void ExpectPartition(const Split& s, std::size_t n) {
  std::vector<std::size_t> all(s.train);
  all.insert(all.end(), s.test.begin(), s.test.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), n - s.undated);
  EXPECT_TRUE(std::adjacent_find(all.begin(), all.end()) == all.end()) << "an order on both sides";
}

TEST(EvalSplit, TimeSplitPutsEarlierOrdersInTrain) {
  std::vector<Order> orders = History(100);
  orders.push_back(MakeOrder("undated", -1, {"p1", "p2"}));
  const Split s = SplitByTime(orders, 1000 + 60 * 70);
  ExpectPartition(s, orders.size());
  EXPECT_EQ(s.train.size(), 70u);
  EXPECT_EQ(s.test.size(), 30u);
  EXPECT_EQ(s.undated, 1u);
  for (std::size_t i : s.train)
    for (std::size_t j : s.test) ASSERT_LT(orders[i].timestamp, orders[j].timestamp);
}

TEST(EvalSplit, LastFractionTakesTheNewestOrders) {
  std::vector<Order> orders = History(50);
  std::reverse(orders.begin(), orders.end());  // input order must not matter
  const Split s = SplitLastFraction(orders, 0.2);
  ExpectPartition(s, orders.size());
  EXPECT_EQ(s.test.size(), 10u);
  for (std::size_t j : s.test) EXPECT_GE(orders[j].timestamp, 1000 + 40 * 60);
}

TEST(EvalSplit, LastFractionKeepsOrdersOfOneTimeTogether) {
  std::vector<Order> orders;
  for (int i = 0; i < 10; ++i) orders.push_back(MakeOrder("o" + std::to_string(i), i < 5 ? 100 : 200, {"a", "b"}));
  const Split s = SplitLastFraction(orders, 0.3);  // boundary falls inside the t=200 group
  ExpectPartition(s, orders.size());
  for (std::size_t i : s.train)
    for (std::size_t j : s.test) EXPECT_LT(orders[i].timestamp, orders[j].timestamp);
}

TEST(EvalSplit, RandomSplitIsSeededAndKeepsAnIdOnOneSide) {
  std::vector<Order> orders = History(2000);
  orders.push_back(orders[17]);  // the same order id read twice (split rows)
  const Split a = SplitRandom(orders, 0.2, 7), b = SplitRandom(orders, 0.2, 7), c = SplitRandom(orders, 0.2, 8);
  ExpectPartition(a, orders.size());
  EXPECT_EQ(a.test, b.test);
  EXPECT_NE(a.test, c.test);
  EXPECT_NEAR(static_cast<double>(a.test.size()) / static_cast<double>(orders.size()), 0.2, 0.03);
  const bool first_in_test = std::count(a.test.begin(), a.test.end(), std::size_t{17}) > 0;
  const bool copy_in_test = std::count(a.test.begin(), a.test.end(), orders.size() - 1) > 0;
  EXPECT_EQ(first_in_test, copy_in_test);
}

TEST(EvalSplit, RngIsTheSameEverywhere) {
  Rng r(0);
  // SplitMix64's published first output for seed 0 (so carts match across compilers).
  EXPECT_EQ(r.Next(), 0xe220a8397b1dcdafULL);
  Rng u(1);
  for (int i = 0; i < 1000; ++i) ASSERT_LT(u.Below(7), 7u);
}

TEST(EvalSplit, BuildSeesOnlyTrainOrders) {
  // Every order has a product of its own ("q<i>"), so the bundle's products reveal which orders it saw.
  const std::vector<Order> orders = History(300);
  const Split s = SplitRandom(orders, 0.25, 3);
  ASSERT_FALSE(s.test.empty());
  const Bundle bundle = BuildTrainBundle(orders, s, nullptr, BuildOptions{});
  EXPECT_EQ(bundle.built_from.orders, s.train.size());
  for (std::size_t i : s.train) EXPECT_NE(bundle.catalog.Find("q" + std::to_string(i)), kNoProduct);
  for (std::size_t j : s.test) EXPECT_EQ(bundle.catalog.Find("q" + std::to_string(j)), kNoProduct) << "test order leaked";
}

TEST(EvalSplit, CartsComeFromTestOrdersAndHideTheRest) {
  const std::vector<Order> orders = History(300);
  const Split s = SplitRandom(orders, 0.25, 3);
  const Bundle bundle = BuildTrainBundle(orders, s, nullptr, BuildOptions{});
  EvalOptions opt;
  EvalReport report;
  const std::vector<TestCart> carts = MakeCarts(orders, s.test, bundle.catalog, opt, &report);
  // Each test order has 2 known products (p*) and one unknown (its own q*).
  EXPECT_EQ(report.unknown_items, s.test.size());
  EXPECT_EQ(carts.size() + report.too_small, s.test.size());
  for (const TestCart& c : carts) {
    EXPECT_EQ(c.cart.size(), 1u);
    EXPECT_EQ(c.targets.size(), 1u);
    EXPECT_NE(bundle.catalog.Find(c.cart[0]), c.targets[0]);
  }
  EvalReport again;
  const std::vector<TestCart> same = MakeCarts(orders, s.test, bundle.catalog, opt, &again);
  ASSERT_EQ(same.size(), carts.size());
  for (std::size_t i = 0; i < carts.size(); ++i) EXPECT_EQ(same[i].cart, carts[i].cart) << "carts are seeded";
}

TEST(EvalSplit, RunnerReportsNoGuardrailBreaches) {
  const std::vector<Order> orders = History(400);
  const Split s = SplitRandom(orders, 0.25, 5);
  EvalOptions opt;
  opt.ks = {1, 3};
  const EvalReport r = RunEval(orders, s, nullptr, StandardMethods(BuildOptions{}, 30), opt);
  ASSERT_EQ(r.methods.size(), 8u);
  for (const MethodResult& m : r.methods) {
    if (m.name == "sar_decay") {
      EXPECT_TRUE(m.available);  // these orders are dated
      continue;
    }
    EXPECT_EQ(m.in_cart + m.duplicate + m.out_of_stock, 0u) << m.name;
    ASSERT_EQ(m.at.size(), 2u);
    EXPECT_GE(m.at[1].hit, m.at[0].hit) << m.name;
  }
}

}  // namespace
}  // namespace cartlift::eval
