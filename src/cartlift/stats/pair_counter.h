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
  // `items` must hold distinct indices; they are sorted in place.
  void AddOrder(std::vector<ProductIndex>& items);
  // Adds `co` to the pair directly (imported pair counts).
  void AddPair(ProductIndex a, ProductIndex b, std::uint32_t co);
  void AddItemOrders(ProductIndex a, std::uint32_t n);
  void AddOrders(std::uint64_t n) { orders_ += n; }

  std::uint32_t Count(ProductIndex a, ProductIndex b) const;
  std::uint32_t ItemOrders(ProductIndex a) const { return a < item_orders_.size() ? item_orders_[a] : 0; }
  const std::vector<std::uint32_t>& item_orders() const { return item_orders_; }
  std::uint64_t orders() const { return orders_; }
  std::size_t distinct_pairs() const { return used_; }

  // Visits every pair once with a < b, in table order (not sorted).
  template <typename F>
  void ForEachPair(F&& f) const {
    for (const Slot& s : slots_)
      if (s.count) f(static_cast<ProductIndex>(s.key >> 32), static_cast<ProductIndex>(s.key), s.count);
  }

 private:
  struct Slot {
    std::uint64_t key;
    std::uint32_t count;
  };
  void Bump(std::uint64_t key, std::uint32_t by);
  void Grow();
  void EnsureItem(ProductIndex a);

  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::vector<std::uint32_t> item_orders_;
  std::uint64_t orders_ = 0;
};

}  // namespace cartlift
