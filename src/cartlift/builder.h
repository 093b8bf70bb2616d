// The building façade: orders (+ an optional catalog and merchant rules) in, a store bundle out.
// Used by the native CLI and by the wasm module alike.
//
// Example:
//   BundleBuilder b(BuildOptions{});
//   b.SetCatalog(catalog);                         // optional
//   ReadOrdersCsv(in, "orders.csv", csv, b.Sink(), &report);
//   b.AddInput("orders.csv", "csv", report);
//   Result<Bundle> bundle = b.Finish();
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "cartlift/bundle/bundle.h"
#include "cartlift/orders/orders.h"
#include "cartlift/stats/associations.h"
#include "cartlift/stats/pair_counter.h"

namespace cartlift {

struct BuildOptions {
  AssociationOptions associations;
  // Orders with more distinct products than this are wholesale restocks, not baskets a shopper
  // assembles; their pairs would swamp the counts, so they are skipped (and counted).
  std::size_t max_order_items = 100;
  // Time decay of the weighted counts: an order this many days older than the newest one
  // counts half. 0 turns decay off (undated orders always weigh 1).
  double half_life_days = 0;
  // An order of n products spreads its evidence: each of its pairs weighs 1 / (n - 1)^this.
  // 0 counts every order alike.
  double order_size_damping = 0;
  Rules rules;
  CrossSellOptions cross_sell;  // stored in the bundle; how the engine merges and backfills
  // Upgrade ladders inferred from titles for products without an explicit one; the price step is
  // capped by the rules' upsell_max_delta, so no edge is stored that the engine could not offer.
  LadderInferenceOptions infer_upgrades;
};

class BundleBuilder {
 public:
  explicit BundleBuilder(BuildOptions options);
  // With a catalog, only its products are counted and offered; without one, products are
  // created from the order rows (title and price from the first row that has them).
  void SetCatalog(Catalog catalog);
  void SetRules(Rules rules) { options_.rules = std::move(rules); }
  void AddOrder(const Order& order);
  OrderSink Sink() {
    return [this](const Order& o) { AddOrder(o); };
  }
  void AddInput(const std::string& name, const std::string& format, const ReadReport& report);
  // Imported pair counts (e.g. from a distributed job): item order counts and pair counts by id.
  void AddItemCount(const std::string& id, std::uint32_t orders);
  void AddPairCount(const std::string& a, const std::string& b, std::uint32_t co);
  void AddOrderCount(std::uint64_t orders) { counter_.AddOrders(orders); }

  Result<Bundle> Finish();

 private:
  ProductIndex Resolve(const OrderItem& item);

  BuildOptions options_;
  bool has_catalog_ = false;
  Catalog catalog_;
  PairCounter counter_;
  Provenance prov_;
  std::vector<ProductIndex> scratch_;
  // Decay weights are 2^((t - decay_ref_) / half-life), rescaled when they would overflow.
  std::int64_t decay_ref_ = -1;
  std::int64_t newest_ = -1;
};

}  // namespace cartlift
