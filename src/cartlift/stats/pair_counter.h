// Counts how many orders contain each product and each unordered pair of products.
// Pair (low, high) is kept in the low product's row: a compact array of (high, count, weight),
// so memory grows with the number of distinct pairs, not with the number of orders. Counting
// one pair at a time would be cache misses, so orders (and imported pairs) wait in a batch of
// about a million order items and are then counted row by row: a row's pairs of the batch are
// summed in a dense per-product array that stays in cache and written out once each. Weights add
// up in order within a batch, then batch by batch. Every reader counts the batch first.
//
// Example:
//   PairCounter pc;
//   pc.AddOrder({3, 7, 9});          // distinct, any order
//   pc.Count(7, 3);                   // 1
//   pc.ForEachPair([](ProductIndex a, ProductIndex b, std::uint32_t co) { ... });
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "cartlift/types.h"

namespace cartlift {

class PairCounter {
 public:
  // Order items kept waiting before they are counted (about 12 bytes each while they wait).
  static constexpr std::size_t kBatchItems = std::size_t{1} << 20;
  explicit PairCounter(std::size_t batch_items = kBatchItems) : batch_items_(batch_items) {}

  // `items` must hold distinct indices; they are sorted in place. `weight` is what the order
  // contributes to the weighted counts (time decay, large-order damping); the plain counts
  // always grow by one, so evidence shown to shoppers stays a whole number of orders.
  void AddOrder(std::vector<ProductIndex>& items, float weight = 1.0f);
  // Adds `co` to the pair directly (imported pair counts); the weight defaults to the count.
  void AddPair(ProductIndex a, ProductIndex b, std::uint32_t co);
  void AddPair(ProductIndex a, ProductIndex b, std::uint32_t co, double weight);
  void AddItemOrders(ProductIndex a, std::uint32_t n);
  void AddItemOrders(ProductIndex a, std::uint32_t n, double weight);
  void AddOrders(std::uint64_t n) { orders_ += n, orders_weight_ += static_cast<double>(n); }
  void AddOrders(std::uint64_t n, double weight) { orders_ += n, orders_weight_ += weight; }
  // Multiplies every weight by `factor`: keeps decayed weights in range as newer orders arrive.
  void ScaleWeights(double factor);

  // A scan of the low product's row: for tests and tools, not for loops over many pairs.
  std::uint32_t Count(ProductIndex a, ProductIndex b) const;
  std::uint32_t ItemOrders(ProductIndex a) const { return a < item_orders_.size() ? item_orders_[a] : 0; }
  const std::vector<std::uint32_t>& item_orders() const { return item_orders_; }
  std::uint64_t orders() const { return orders_; }
  std::size_t distinct_pairs() const { return Flush(), used_; }
  // Weighted counterparts; equal to the plain counts when every order weighs 1.
  double ItemWeight(ProductIndex a) const { return a < item_weight_.size() ? item_weight_[a] : 0; }
  double orders_weight() const { return orders_weight_; }

  // Visits every pair once with a < b, in storage order (not sorted).
  template <typename F>
  void ForEachPair(F&& f) const {
    ForEachWeightedPair([&f](ProductIndex a, ProductIndex b, std::uint32_t co, double) { f(a, b, co); });
  }
  // Same, with the pair's weighted count as a fourth argument.
  template <typename F>
  void ForEachWeightedPair(F&& f) const {
    Flush();
    for (std::size_t a = 0; a < rows_.size(); ++a)
      for (const Slot& s : rows_[a]) f(static_cast<ProductIndex>(a), s.other, s.count, static_cast<double>(s.weight));
    for (const auto& [key, c] : far_)
      f(static_cast<ProductIndex>(key >> 32), static_cast<ProductIndex>(key), c.count, static_cast<double>(c.weight));
  }

 private:
  // One pair (low, other) with other > low.
  struct Slot {
    ProductIndex other;
    std::uint32_t count;
    float weight;
  };
  // A pair's counts outside the rows: in far_, or summed over one row's pairs of a batch.
  struct Sum {
    std::uint32_t count = 0;
    float weight = 0;
  };
  // An order (or an imported pair) waiting in the batch: its items are
  // pending_items_[first, last), sorted; each pair among them adds `count` and `weight`.
  struct PendingOrder {
    std::uint32_t last;
    std::uint32_t count;
    float weight;
  };
  // Pairs whose high product is at or above this are kept in far_ and counted at once: the dense
  // per-product arrays of a batch stay a few MB however large an imported index is.
  static constexpr ProductIndex kDenseRows = 1u << 21;

  void Enqueue(const ProductIndex* items, std::size_t n, std::uint32_t count, float weight);
  // Counts the pending orders. Const because readers call it: the counts they see are the same
  // either way, only where they are kept changes (so, unlike most const methods, two threads must
  // not read one PairCounter at once). Readers also give the batch's buffers back.
  void Flush() const { CountPending(false); }
  void CountPending(bool keep_buffers) const;
  void EnsureItem(ProductIndex a);

  mutable std::vector<std::vector<Slot>> rows_;  // by low product, each pair once, unordered
  mutable std::unordered_map<std::uint64_t, Sum> far_;  // key low << 32 | high
  mutable std::size_t used_ = 0;                 // distinct pairs in rows_ and far_
  mutable std::vector<ProductIndex> pending_items_;
  mutable std::vector<PendingOrder> pending_;
  // An item of a pending order that starts pairs (all but the order's last): its position in
  // pending_items_ and its order, so counting needs no second lookup to find the order.
  struct Start {
    std::uint32_t item;
    std::uint32_t order;
  };
  mutable std::vector<Start> grouped_;             // grouped by product
  mutable std::vector<std::uint32_t> row_start_;
  mutable std::vector<Sum> dense_;                  // per product, one row's sums (zero between rows)
  mutable std::vector<ProductIndex> touched_;       // the products of dense_ this row set
  mutable std::size_t widest_ = 0;                  // 1 + the largest product ever batched
  std::size_t batch_items_;
  std::vector<std::uint32_t> item_orders_;
  std::vector<double> item_weight_;
  std::uint64_t orders_ = 0;
  double orders_weight_ = 0;
};

}  // namespace cartlift
