// Counts how many orders contain each product and each unordered pair of products.
// Pair counts live in one open-addressing table keyed by (low, high) index, so memory grows with
// the number of distinct pairs, not with the number of orders.
//
// Example:
//   PairCounter pc;
//   pc.AddOrder({3, 7, 9});          // distinct, any order
//   pc.Count(7, 3);                   // 1
//   pc.ForEachPair([](ProductIndex a, ProductIndex b, std::uint32_t co) { ... });
#pragma once
#include <cstdint>
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
  std::size_t distinct_pairs() const { return used_; }
  // Weighted counterparts; equal to the plain counts when every order weighs 1.
  double ItemWeight(ProductIndex a) const { return a < item_weight_.size() ? item_weight_[a] : 0; }
  double orders_weight() const { return orders_weight_; }

  // Visits every pair once with a < b, in table order (not sorted).
  template <typename F>
  void ForEachPair(F&& f) const {
    for (const Slot& s : slots_)
      if (s.count) f(static_cast<ProductIndex>(s.key >> 32), static_cast<ProductIndex>(s.key), s.count);
  }
  // Same, with the pair's weighted count as a fourth argument.
  template <typename F>
  void ForEachWeightedPair(F&& f) const {
    for (const Slot& s : slots_)
      if (s.count)
        f(static_cast<ProductIndex>(s.key >> 32), static_cast<ProductIndex>(s.key), s.count,
          static_cast<double>(s.weight));
  }

 private:
  // The weight sits in what would otherwise be padding, so a slot stays 16 bytes.
  struct Slot {
    std::uint64_t key;
    std::uint32_t count;
    float weight;
  };
  void Bump(std::uint64_t key, std::uint32_t by, float weight);
  void Grow();
  void EnsureItem(ProductIndex a);

  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::vector<std::uint32_t> item_orders_;
  std::vector<double> item_weight_;
  std::uint64_t orders_ = 0;
  double orders_weight_ = 0;
};

}  // namespace cartlift
