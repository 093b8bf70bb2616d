#include "cartlift/stats/pair_counter.h"

#include <algorithm>

namespace cartlift {
namespace {

// Fibonacci hashing: product indices are small, dense integers, and the top bits of the product
// with 2^32 / phi spread consecutive ones over the whole table.
inline std::uint32_t Home(ProductIndex other, std::uint32_t shift) {
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(other * 0x9E3779B1u)) >> shift);
}

}  // namespace

void PairCounter::EnsureItem(ProductIndex a) {
  if (a >= item_orders_.size()) {
    item_orders_.resize(static_cast<std::size_t>(a) + 1, 0);
    item_weight_.resize(static_cast<std::size_t>(a) + 1, 0);
  }
}

PairCounter::Row& PairCounter::RowOf(ProductIndex low) const {
  if (low >= kDenseRows) return far_rows_[low];
  if (low >= rows_.size()) rows_.resize(static_cast<std::size_t>(low) + 1);
  return rows_[low];
}

const PairCounter::Row* PairCounter::FindRow(ProductIndex low) const {
  if (low < rows_.size()) return &rows_[low];
  const auto it = far_rows_.find(low);
  return it == far_rows_.end() ? nullptr : &it->second;
}

void PairCounter::Grow(Row& row) {
  std::vector<Slot> old(row.slots.empty() ? 8 : row.slots.size() * 2, Slot{0, 0, 0.0f});
  old.swap(row.slots);
  row.shift = old.empty() ? 29 : row.shift - 1;
  const std::size_t mask = row.slots.size() - 1;
  for (const Slot& s : old) {
    if (s.count == 0) continue;
    std::size_t i = Home(s.other, row.shift);
    while (row.slots[i].count != 0) i = (i + 1) & mask;
    row.slots[i] = s;
  }
}

void PairCounter::Bump(Row& row, ProductIndex other, std::uint32_t by, float weight) const {
  if (row.slots.empty()) Grow(row);
  std::size_t mask = row.slots.size() - 1;
  std::size_t i = Home(other, row.shift);
  for (;; i = (i + 1) & mask) {
    Slot& s = row.slots[i];
    if (s.count == 0) break;
    if (s.other == other) {
      s.count += by;
      s.weight += weight;
      return;
    }
  }
  // A new pair: the table stays at most 70% full.
  if ((row.used + 1) * 10 >= row.slots.size() * 7) {
    Grow(row);
    mask = row.slots.size() - 1;
    for (i = Home(other, row.shift); row.slots[i].count != 0; i = (i + 1) & mask) {
    }
  }
  row.slots[i] = Slot{other, by, weight};
  ++row.used;
  ++used_;
}

void PairCounter::CountPending(bool keep_buffers) const {
  if (!pending_.empty()) {
    // A counting sort by row, stable, so each pair's weights are added in the order of its orders.
    ProductIndex top = 0;
    for (const Pending& p : pending_) top = std::max(top, p.low);
    row_start_.assign(static_cast<std::size_t>(top) + 2, 0);
    for (const Pending& p : pending_) ++row_start_[p.low + 1];
    for (std::size_t r = 1; r < row_start_.size(); ++r) row_start_[r] += row_start_[r - 1];
    grouped_.resize(pending_.size());
    for (const Pending& p : pending_) grouped_[row_start_[p.low]++] = p;
    if (top >= rows_.size()) rows_.resize(static_cast<std::size_t>(top) + 1);
    for (const Pending& p : grouped_) {
      Row& row = rows_[p.low];
      for (std::uint32_t k = p.first; k < p.last; ++k) Bump(row, pending_items_[k], 1, p.weight);
    }
  }
  pending_.clear();
  pending_items_.clear();
  pending_pairs_ = 0;
  if (!keep_buffers) {
    std::vector<Pending>().swap(pending_);
    std::vector<Pending>().swap(grouped_);
    std::vector<ProductIndex>().swap(pending_items_);
    std::vector<std::uint32_t>().swap(row_start_);
  }
}

void PairCounter::AddOrder(std::vector<ProductIndex>& items, float weight) {
  std::sort(items.begin(), items.end());
  ++orders_;
  orders_weight_ += weight;
  const std::size_t n = items.size();
  for (std::size_t i = 0; i < n; ++i) {
    EnsureItem(items[i]);
    ++item_orders_[items[i]];
    item_weight_[items[i]] += weight;
  }
  if (n < 2) return;
  if (items.back() >= kDenseRows) {
    // Rare (imported indices that large): counted at once, after the batch.
    Flush();
    for (std::size_t i = 0; i + 1 < n; ++i) {
      Row& row = RowOf(items[i]);
      for (std::size_t j = i + 1; j < n; ++j) Bump(row, items[j], 1, weight);
    }
    return;
  }
  const auto base = static_cast<std::uint32_t>(pending_items_.size());
  pending_items_.insert(pending_items_.end(), items.begin(), items.end());
  for (std::size_t i = 0; i + 1 < n; ++i)
    pending_.push_back(Pending{items[i], base + static_cast<std::uint32_t>(i + 1), base + static_cast<std::uint32_t>(n), weight});
  pending_pairs_ += n * (n - 1) / 2;
  if (pending_pairs_ >= kBatch) CountPending(true);
}

void PairCounter::AddPair(ProductIndex a, ProductIndex b, std::uint32_t co) {
  AddPair(a, b, co, static_cast<double>(co));
}

void PairCounter::AddPair(ProductIndex a, ProductIndex b, std::uint32_t co, double weight) {
  if (a == b || co == 0) return;
  if (a > b) std::swap(a, b);
  Flush();
  Bump(RowOf(a), b, co, static_cast<float>(weight));
}

void PairCounter::AddItemOrders(ProductIndex a, std::uint32_t n) { AddItemOrders(a, n, static_cast<double>(n)); }

void PairCounter::AddItemOrders(ProductIndex a, std::uint32_t n, double weight) {
  EnsureItem(a);
  item_orders_[a] += n;
  item_weight_[a] += weight;
}

void PairCounter::ScaleWeights(double factor) {
  Flush();
  const auto f = static_cast<float>(factor);
  for (Row& row : rows_)
    for (Slot& s : row.slots) s.weight *= f;
  for (auto& [low, row] : far_rows_)
    for (Slot& s : row.slots) s.weight *= f;
  for (double& w : item_weight_) w *= factor;
  orders_weight_ *= factor;
}

std::uint32_t PairCounter::Count(ProductIndex a, ProductIndex b) const {
  if (a == b) return 0;
  if (a > b) std::swap(a, b);
  Flush();
  const Row* row = FindRow(a);
  if (row == nullptr || row->slots.empty()) return 0;
  const std::size_t mask = row->slots.size() - 1;
  for (std::size_t i = Home(b, row->shift);; i = (i + 1) & mask) {
    const Slot& s = row->slots[i];
    if (s.count == 0) return 0;
    if (s.other == b) return s.count;
  }
}

}  // namespace cartlift
