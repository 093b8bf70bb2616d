// Counts how many orders contain each product and each unordered pair of products.
// Pair (low, high) is counted in the low product's own open-addressing table, keyed by the high
// index, so memory grows with the number of distinct pairs, not with the number of orders. The
// counting loop's time is cache misses, so the pairs of AddOrder wait in a batch of about four
// million and are then counted row by row, each row's table hot in cache for all its pairs (a
// stable grouping: a pair's weights still add up in order). Every reader counts the batch first.
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

  std::uint32_t Count(ProductIndex a, ProductIndex b) const;
  std::uint32_t ItemOrders(ProductIndex a) const { return a < item_orders_.size() ? item_orders_[a] : 0; }
  const std::vector<std::uint32_t>& item_orders() const { return item_orders_; }
  std::uint64_t orders() const { return orders_; }
  std::size_t distinct_pairs() const { return Flush(), used_; }
  // Weighted counterparts; equal to the plain counts when every order weighs 1.
  double ItemWeight(ProductIndex a) const { return a < item_weight_.size() ? item_weight_[a] : 0; }
  double orders_weight() const { return orders_weight_; }

  // Visits every pair once with a < b, in table order (not sorted).
  template <typename F>
  void ForEachPair(F&& f) const {
    ForEachWeightedPair([&f](ProductIndex a, ProductIndex b, std::uint32_t co, double) { f(a, b, co); });
  }
  // Same, with the pair's weighted count as a fourth argument.
  template <typename F>
  void ForEachWeightedPair(F&& f) const {
    Flush();
    for (std::size_t a = 0; a < rows_.size(); ++a)
      for (const Slot& s : rows_[a].slots)
        if (s.count) f(static_cast<ProductIndex>(a), s.other, s.count, static_cast<double>(s.weight));
    for (const auto& [a, row] : far_rows_)
      for (const Slot& s : row.slots)
        if (s.count) f(a, s.other, s.count, static_cast<double>(s.weight));
  }

 private:
  // One pair (low, other) with other > low; a zero count marks an empty slot.
  struct Slot {
    ProductIndex other;
    std::uint32_t count;
    float weight;
  };
  // The pairs whose low product is this row's: linear probing on a Fibonacci hash of `other`
  // (the top bits, so `shift` is 32 - log2(slots.size())), at most 70% full.
  struct Row {
    std::vector<Slot> slots;
    std::uint32_t used = 0;
    std::uint32_t shift = 32;
  };
  // The pairs (low, o) of an order not counted yet, for every o in pending_items_[first, last):
  // the products after `low` in the order's sorted items.
  struct Pending {
    ProductIndex low;
    std::uint32_t first;
    std::uint32_t last;
    float weight;
  };
  // Products below this have their row in rows_ (a dense vector); the rest, only reachable through
  // imported pair counts or orders with such indices, in far_rows_ (never batched).
  static constexpr ProductIndex kDenseRows = 1u << 21;
  // Pairs per batch; a batch keeps each order's items once (4 bytes each) and 16 bytes per item.
  static constexpr std::size_t kBatch = std::size_t{1} << 22;

  Row& RowOf(ProductIndex low) const;
  const Row* FindRow(ProductIndex low) const;
  // Adds to pair (low of `row`, other), growing the row's table when the pair is new.
  void Bump(Row& row, ProductIndex other, std::uint32_t by, float weight) const;
  static void Grow(Row& row);
  // Counts the pending pairs. Const because readers call it: the counts they see are the same
  // either way, only where they are kept changes (so, unlike most const methods, two threads must
  // not read one PairCounter at once). Readers also give the batch's buffers back.
  void Flush() const { CountPending(false); }
  void CountPending(bool keep_buffers) const;
  void EnsureItem(ProductIndex a);

  mutable std::vector<Row> rows_;
  mutable std::unordered_map<ProductIndex, Row> far_rows_;
  mutable std::size_t used_ = 0;
  mutable std::vector<Pending> pending_;
  mutable std::vector<Pending> grouped_;
  mutable std::vector<ProductIndex> pending_items_;
  mutable std::size_t pending_pairs_ = 0;
  mutable std::vector<std::uint32_t> row_start_;
  std::vector<std::uint32_t> item_orders_;
  std::vector<double> item_weight_;
  std::uint64_t orders_ = 0;
  double orders_weight_ = 0;
};

}  // namespace cartlift
