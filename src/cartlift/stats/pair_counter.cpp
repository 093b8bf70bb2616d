#include "cartlift/stats/pair_counter.h"

#include <algorithm>

namespace cartlift {
namespace {

inline std::uint64_t PairKey(ProductIndex a, ProductIndex b) {
  if (a > b) std::swap(a, b);
  return (static_cast<std::uint64_t>(a) << 32) | b;
}

// A pair key of (a, a) never occurs, so zero count marks an empty slot; the hash mixes both
// halves because product indices are small, dense integers.
inline std::size_t Hash(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return static_cast<std::size_t>(k);
}

}  // namespace

void PairCounter::EnsureItem(ProductIndex a) {
  if (a >= item_orders_.size()) {
    item_orders_.resize(static_cast<std::size_t>(a) + 1, 0);
    item_weight_.resize(static_cast<std::size_t>(a) + 1, 0);
  }
}

void PairCounter::Grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{0, 0, 0.0f});
  used_ = 0;
  for (const Slot& s : old)
    if (s.count) Bump(s.key, s.count, s.weight);
}

void PairCounter::Bump(std::uint64_t key, std::uint32_t by, float weight) {
  if ((used_ + 1) * 10 >= slots_.size() * 7) Grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.count == 0) {
      s.key = key;
      s.count = by;
      s.weight = weight;
      ++used_;
      return;
    }
    if (s.key == key) {
      s.count += by;
      s.weight += weight;
      return;
    }
  }
}

void PairCounter::AddOrder(std::vector<ProductIndex>& items, float weight) {
  std::sort(items.begin(), items.end());
  ++orders_;
  orders_weight_ += weight;
  for (std::size_t i = 0; i < items.size(); ++i) {
    EnsureItem(items[i]);
    ++item_orders_[items[i]];
    item_weight_[items[i]] += weight;
    for (std::size_t j = i + 1; j < items.size(); ++j) Bump(PairKey(items[i], items[j]), 1, weight);
  }
}

void PairCounter::AddPair(ProductIndex a, ProductIndex b, std::uint32_t co) {
  AddPair(a, b, co, static_cast<double>(co));
}

void PairCounter::AddPair(ProductIndex a, ProductIndex b, std::uint32_t co, double weight) {
  if (a == b || co == 0) return;
  Bump(PairKey(a, b), co, static_cast<float>(weight));
}

void PairCounter::AddItemOrders(ProductIndex a, std::uint32_t n) { AddItemOrders(a, n, static_cast<double>(n)); }

void PairCounter::AddItemOrders(ProductIndex a, std::uint32_t n, double weight) {
  EnsureItem(a);
  item_orders_[a] += n;
  item_weight_[a] += weight;
}

void PairCounter::ScaleWeights(double factor) {
  const auto f = static_cast<float>(factor);
  for (Slot& s : slots_) s.weight *= f;
  for (double& w : item_weight_) w *= factor;
  orders_weight_ *= factor;
}

std::uint32_t PairCounter::Count(ProductIndex a, ProductIndex b) const {
  if (slots_.empty() || a == b) return 0;
  const std::uint64_t key = PairKey(a, b);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.count == 0) return 0;
    if (s.key == key) return s.count;
  }
}

}  // namespace cartlift
