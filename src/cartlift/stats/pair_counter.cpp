#include "cartlift/stats/pair_counter.h"

#include <algorithm>

namespace cartlift {
namespace {

inline std::uint64_t FarKey(ProductIndex low, ProductIndex high) {
  return static_cast<std::uint64_t>(low) << 32 | high;
}

}  // namespace

void PairCounter::EnsureItem(ProductIndex a) {
  if (a >= item_orders_.size()) {
    item_orders_.resize(static_cast<std::size_t>(a) + 1, 0);
    item_weight_.resize(static_cast<std::size_t>(a) + 1, 0);
  }
}

void PairCounter::Enqueue(const ProductIndex* items, std::size_t n, std::uint32_t count, float weight) {
  pending_items_.insert(pending_items_.end(), items, items + n);
  pending_.push_back(PendingOrder{static_cast<std::uint32_t>(pending_items_.size()), count, weight});
  if (pending_items_.size() >= batch_items_) CountPending(true);
}

void PairCounter::CountPending(bool keep_buffers) const {
  if (!pending_.empty()) {
    // Every item but an order's last starts pairs: group their positions by product with a
    // counting sort, stable, so each pair's weights are added in the order of its orders.
    ProductIndex top = 0;
    for (const ProductIndex o : pending_items_) top = std::max(top, o);
    row_start_.assign(static_cast<std::size_t>(top) + 2, 0);
    std::uint32_t first = 0;
    for (const PendingOrder& po : pending_) {
      for (std::uint32_t k = first; k + 1 < po.last; ++k) ++row_start_[pending_items_[k] + 1];
      first = po.last;
    }
    for (std::size_t r = 1; r < row_start_.size(); ++r) row_start_[r] += row_start_[r - 1];
    grouped_.resize(row_start_.back());
    first = 0;
    for (std::uint32_t order = 0; order < pending_.size(); ++order) {
      const std::uint32_t last = pending_[order].last;
      for (std::uint32_t k = first; k + 1 < last; ++k) grouped_[row_start_[pending_items_[k]]++] = Start{k, order};
      first = last;
    }
    if (top >= rows_.size()) rows_.resize(static_cast<std::size_t>(top) + 1);
    // Rows may already hold products of earlier batches above this batch's top.
    widest_ = std::max(widest_, static_cast<std::size_t>(top) + 1);
    dense_.assign(widest_, Sum{});
    for (std::size_t g = 0; g < grouped_.size();) {
      const ProductIndex low = pending_items_[grouped_[g].item];
      touched_.clear();
      for (; g < grouped_.size() && pending_items_[grouped_[g].item] == low; ++g) {
        const PendingOrder& po = pending_[grouped_[g].order];
        for (std::uint32_t j = grouped_[g].item + 1; j < po.last; ++j) {
          const ProductIndex o = pending_items_[j];
          Sum& sum = dense_[o];
          if (sum.count == 0) touched_.push_back(o);
          sum.count += po.count;
          sum.weight += po.weight;
        }
      }
      std::vector<Slot>& row = rows_[low];
      std::size_t added = touched_.size();
      for (Slot& s : row) {
        Sum& sum = dense_[s.other];
        if (sum.count == 0) continue;
        s.count += sum.count;
        s.weight += sum.weight;
        sum = Sum{};
        --added;
      }
      row.reserve(row.size() + added);
      for (const ProductIndex o : touched_) {
        Sum& sum = dense_[o];
        if (sum.count == 0) continue;
        row.push_back(Slot{o, sum.count, sum.weight});
        sum = Sum{};
      }
      used_ += added;
    }
  }
  pending_items_.clear();
  pending_.clear();
  if (!keep_buffers) {
    std::vector<ProductIndex>().swap(pending_items_);
    std::vector<PendingOrder>().swap(pending_);
    std::vector<Start>().swap(grouped_);
    std::vector<std::uint32_t>().swap(row_start_);
    std::vector<Sum>().swap(dense_);
    std::vector<ProductIndex>().swap(touched_);
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
  // Rare (imported indices that large): pairs with a far product are counted at once.
  const auto near = static_cast<std::size_t>(std::lower_bound(items.begin(), items.end(), kDenseRows) - items.begin());
  for (std::size_t j = near; j < n; ++j)
    for (std::size_t i = 0; i < j; ++i) {
      Sum& c = far_[FarKey(items[i], items[j])];
      if (c.count == 0) ++used_;
      c.count += 1;
      c.weight += weight;
    }
  if (near >= 2) Enqueue(items.data(), near, 1, weight);
}

void PairCounter::AddPair(ProductIndex a, ProductIndex b, std::uint32_t co) {
  AddPair(a, b, co, static_cast<double>(co));
}

void PairCounter::AddPair(ProductIndex a, ProductIndex b, std::uint32_t co, double weight) {
  if (a == b || co == 0) return;
  if (a > b) std::swap(a, b);
  if (b >= kDenseRows) {
    Sum& c = far_[FarKey(a, b)];
    if (c.count == 0) ++used_;
    c.count += co;
    c.weight += static_cast<float>(weight);
    return;
  }
  const ProductIndex pair[2] = {a, b};
  Enqueue(pair, 2, co, static_cast<float>(weight));
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
  for (std::vector<Slot>& row : rows_)
    for (Slot& s : row) s.weight *= f;
  for (auto& [key, c] : far_) c.weight *= f;
  for (double& w : item_weight_) w *= factor;
  orders_weight_ *= factor;
}

std::uint32_t PairCounter::Count(ProductIndex a, ProductIndex b) const {
  if (a == b) return 0;
  if (a > b) std::swap(a, b);
  Flush();
  if (b >= kDenseRows) {
    const auto it = far_.find(FarKey(a, b));
    return it == far_.end() ? 0 : it->second.count;
  }
  if (a >= rows_.size()) return 0;
  for (const Slot& s : rows_[a])
    if (s.other == b) return s.count;
  return 0;
}

}  // namespace cartlift
