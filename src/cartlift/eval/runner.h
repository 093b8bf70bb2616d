// Offline evaluation of "frequently bought together": build one bundle per method on the train
// orders, replay carts cut from the test orders through the engine, and score the offers
// against what those shoppers really bought.
//
// Example:
//   EvalOptions opt;                                    // k = 5, 10, 20; seed 1
//   auto methods = StandardMethods(BuildOptions{}, 30); // baselines + cartlift's default
//   EvalReport r = RunEval(orders, split, &catalog, methods, opt);
//   std::cout << ReportTable(r);
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cartlift/builder.h"
#include "cartlift/catalog/catalog.h"
#include "cartlift/eval/split.h"
#include "cartlift/orders/orders.h"

namespace cartlift::eval {

struct Method {
  std::string name;
  BuildOptions build;
  bool needs_time = false;   // its scores need order dates ("n/a" on undated data)
};

// Baselines (popularity, co_count, confidence, lift, cosine, jaccard, sar_decay) and "default".
// Baselines share the default's counting (max_order_items, min_co, neighbours): only the score,
// a plain sum over the cart, and best-seller backfill differ, so the comparison is about scoring.
std::vector<Method> StandardMethods(const BuildOptions& default_options, double sar_half_life_days);

struct EvalOptions {
  std::vector<std::size_t> ks{5, 10, 20};
  std::uint64_t seed = 1;
  std::size_t max_carts = 0;        // 0: every eligible test order
  std::size_t max_cart_items = 4;   // carts hold 1..this many products of the order
};

// One replayed cart: products the shopper had (ids, as a request sends them) and the rest of the
// order (sorted indices in the train bundle).
struct TestCart {
  std::vector<std::string> cart;
  std::vector<ProductIndex> targets;
};

struct AtK {
  std::size_t k = 0;
  double hit = 0, precision = 0, recall = 0, ndcg = 0, coverage = 0;
};

struct MethodResult {
  std::string name;
  std::string scorer;               // how its bundle scored pairs
  bool available = true;
  std::string note;                 // why not available
  std::vector<AtK> at;
  double mrr = 0;
  double latency_p50_us = 0, latency_p99_us = 0;
  std::uint64_t in_cart = 0, duplicate = 0, out_of_stock = 0;  // guardrail breaches: must be 0
  double build_seconds = 0;
};

struct EvalReport {
  std::size_t train_orders = 0;
  std::size_t test_orders = 0;
  std::size_t carts = 0;             // evaluated carts
  std::size_t eligible = 0;          // test orders with >= 2 distinct known products
  std::size_t too_small = 0;         // test orders with < 2 distinct known products
  std::size_t unknown_items = 0;     // distinct (order, product) in test orders the bundle lacks
  std::size_t test_items = 0;        // distinct (order, product) in test orders
  std::size_t products = 0;          // products in the bundle (coverage denominator)
  bool dated = false;
  std::vector<MethodResult> methods;
};

// Cuts carts from the test orders: for each order with >= 2 distinct products known to
// `known`, a seeded cart of 1..max_cart_items of them (always leaving one to find).
std::vector<TestCart> MakeCarts(const std::vector<Order>& orders, const std::vector<std::size_t>& test,
                                const Catalog& known, const EvalOptions& options, EvalReport* report);

// `catalog` may be null (products come from the orders). Only orders in split.train reach a
// bundle; split.test orders are only replayed.
EvalReport RunEval(const std::vector<Order>& orders, const Split& split, const Catalog* catalog,
                   const std::vector<Method>& methods, const EvalOptions& options);

std::string ReportTable(const EvalReport& report);
std::string ReportJson(const EvalReport& report);

// The bundle one method builds from the train side of a split (exposed for tests).
Bundle BuildTrainBundle(const std::vector<Order>& orders, const Split& split, const Catalog* catalog,
                        const BuildOptions& options);

}  // namespace cartlift::eval
