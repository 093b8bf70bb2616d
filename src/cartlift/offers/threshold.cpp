#include "cartlift/offers/threshold.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "cartlift/catalog/money.h"
#include "cartlift/offers/name_ids.h"

namespace cartlift {
namespace {

constexpr std::uint32_t kNoCategory = 0xffffffffu;
// Enough best sellers per category to find one at almost any price, few enough to scan per request.
constexpr std::size_t kPerCategory = 256;

}  // namespace

Threshold::Threshold(const Bundle& bundle) : bundle_(bundle) {
  const Catalog& c = bundle.catalog;
  category_of_.assign(c.size(), kNoCategory);
  NameIds ids;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Product& p = c.products[i];
    if (p.category.empty()) continue;
    const std::uint32_t id = ids.Intern(p.category.front());
    if (id == by_category_.size()) by_category_.emplace_back();
    category_of_[i] = id;
    by_category_[id].push_back(static_cast<ProductIndex>(i));
  }
  const auto orders = [&](ProductIndex p) -> std::uint32_t {
    return p < bundle.product_orders.size() ? bundle.product_orders[p] : 0;
  };
  for (std::vector<ProductIndex>& list : by_category_) {
    std::sort(list.begin(), list.end(), [&](ProductIndex a, ProductIndex b) {
      if (orders(a) != orders(b)) return orders(a) > orders(b);
      return c[a].id < c[b].id;
    });
    if (list.size() > kPerCategory) list.resize(kPerCategory);
  }
}

std::optional<Offer> Threshold::Choose(std::vector<Pick>& pool, Money gap, bool closing,
                                       const Guardrails& guard, std::vector<Dropped>* dropped) const {
  const Catalog& c = bundle_.catalog;
  // Closing the gap: the cheapest such product. Not closing it: the dearest, which leaves least
  // to go. Equal prices keep the relevance order: ranks are distinct, so a plain sort is already
  // stable (std::stable_sort was 3 KB of wasm).
  std::sort(pool.begin(), pool.end(), [&](const Pick& a, const Pick& b) {
    if (c[a.product].price != c[b.product].price)
      return closing ? c[a.product].price < c[b.product].price : c[a.product].price > c[b.product].price;
    return a.rank < b.rank;
  });
  for (const Pick& pick : pool) {
    const Money price = c[pick.product].price;
    if (closing != (price >= gap) || price <= 0) continue;
    if (const char* why = guard.Reject(OfferType::kThreshold, pick.product)) {
      if (dropped) dropped->push_back({OfferType::kThreshold, pick.product, pick.score, why});
      continue;
    }
    Offer o;
    o.type = OfferType::kThreshold;
    o.product = pick.product;
    o.score = pick.score;
    o.gap = gap;
    const std::string gap_text = FormatMoney(gap, c.currency);
    o.reason.text = closing ? "Add " + gap_text + " to get free delivery \u2014 this closes the gap"
                            : "Add " + gap_text + " to get free delivery \u2014 with this, only " +
                                  FormatMoney(gap - price, c.currency) + " to go";
    o.reason.source = "threshold";
    return o;
  }
  return std::nullopt;
}

std::optional<Offer> Threshold::For(const std::vector<Candidate>& related, const std::vector<ProductIndex>& cart,
                                    const Guardrails& guard, std::vector<Dropped>* dropped) const {
  const Money threshold = bundle_.rules.free_shipping_threshold;
  if (threshold <= 0 || cart.empty() || guard.cart_value() >= threshold) return std::nullopt;
  const Money gap = threshold - guard.cart_value();

  std::vector<Pick> from_list;
  from_list.reserve(related.size());
  for (std::size_t i = 0; i < related.size(); ++i) {
    // A store-wide best seller from another department is filler, not a relevant add-on.
    if (related[i].source == "popular") continue;
    from_list.push_back({related[i].product, related[i].score, i});
  }

  std::vector<Pick> from_category;
  std::vector<std::uint32_t> seen;
  for (ProductIndex p : cart) {
    const std::uint32_t cat = category_of_[p];
    if (cat == kNoCategory || std::find(seen.begin(), seen.end(), cat) != seen.end()) continue;
    seen.push_back(cat);
    for (ProductIndex q : by_category_[cat]) from_category.push_back({q, 0.0, from_category.size()});
  }

  for (bool closing : {true, false}) {
    if (auto o = Choose(from_list, gap, closing, guard, dropped)) return o;
    if (auto o = Choose(from_category, gap, closing, guard, dropped)) return o;
  }
  return std::nullopt;
}

}  // namespace cartlift
