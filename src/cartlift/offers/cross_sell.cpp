#include "cartlift/offers/cross_sell.h"

#include <algorithm>
#include <map>

namespace cartlift {

std::string FormatCount(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

CrossSell::CrossSell(const Bundle& bundle) : bundle_(bundle) {
  const std::size_t n = bundle.catalog.size();
  std::vector<ProductIndex> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<ProductIndex>(i);
  auto orders = [&](ProductIndex p) { return p < bundle.product_orders.size() ? bundle.product_orders[p] : 0u; };
  std::stable_sort(order.begin(), order.end(), [&](ProductIndex a, ProductIndex b) {
    if (orders(a) != orders(b)) return orders(a) > orders(b);
    return bundle.catalog[a].id < bundle.catalog[b].id;
  });
  // Only products with some sales and a product kind are worth backfilling with.
  std::map<std::string, std::uint32_t> category_ids;
  category_of_.assign(n, 0xffffffffu);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& cat = bundle.catalog[static_cast<ProductIndex>(i)].category;
    if (cat.empty()) continue;
    auto [it, inserted] = category_ids.emplace(cat.front(), static_cast<std::uint32_t>(category_ids.size()));
    category_of_[i] = it->second;
  }
  by_category_.resize(category_ids.size());
  for (ProductIndex p : order) {
    if (orders(p) == 0 || bundle.catalog[p].kind != "product") continue;
    if (popular_.size() < 200) popular_.push_back(p);
    const std::uint32_t c = category_of_[p];
    if (c != 0xffffffffu && by_category_[c].size() < 100) by_category_[c].push_back(p);
  }
  acc_.assign(n, 0);
  best_.assign(n, 0);
  best_with_.assign(n, kNoProduct);
  best_co_.assign(n, 0);
  in_cart_.assign(n, 0);
  touched_.reserve(1024);
}

void CrossSell::Candidates(const std::vector<ProductIndex>& cart, std::size_t want, std::vector<Candidate>* out) {
  const Catalog& catalog = bundle_.catalog;
  for (ProductIndex c : cart) in_cart_[c] = 1;
  touched_.clear();
  // Sum merge: an item every cart product points to beats one only a single product points to.
  for (ProductIndex c : cart) {
    for (const Neighbour& nb : bundle_.associations.Of(c)) {
      const ProductIndex p = nb.product;
      if (in_cart_[p]) continue;
      if (acc_[p] == 0) touched_.push_back(p);
      acc_[p] += nb.score;
      if (nb.score > best_[p]) {
        best_[p] = nb.score;
        best_with_[p] = c;
        best_co_[p] = nb.co;
      }
    }
  }
  std::sort(touched_.begin(), touched_.end(), [&](ProductIndex a, ProductIndex b) {
    if (acc_[a] != acc_[b]) return acc_[a] > acc_[b];
    return catalog[a].id < catalog[b].id;
  });
  const double total_orders = static_cast<double>(bundle_.built_from.orders);
  auto orders = [&](ProductIndex p) { return p < bundle_.product_orders.size() ? bundle_.product_orders[p] : 0u; };
  for (ProductIndex p : touched_) {
    Candidate cand{p, acc_[p], {}};
    const ProductIndex with = best_with_[p];
    Evidence& ev = cand.reason.evidence;
    ev.with = with;
    ev.co_purchases = best_co_[p];
    ev.of_orders = orders(with);
    ev.confidence = ev.of_orders ? static_cast<double>(ev.co_purchases) / ev.of_orders : 0;
    ev.lift = (ev.of_orders && orders(p) && total_orders > 0)
                  ? ev.co_purchases * total_orders / (static_cast<double>(ev.of_orders) * orders(p))
                  : 0;
    cand.reason.source = "co_purchase";
    cand.reason.text = "Bought together in " + FormatCount(ev.co_purchases) + " of " + FormatCount(ev.of_orders) +
                       " orders with " + catalog[with].title;
    out->push_back(std::move(cand));
    acc_[p] = 0;
    best_[p] = 0;
  }

  // Cold start: thin history falls back to what sells in the cart's categories, then overall.
  std::size_t added = 0;
  if (touched_.size() < want) {
    for (ProductIndex c : cart) {
      const std::uint32_t cat = category_of_[c];
      if (cat == 0xffffffffu) continue;
      for (ProductIndex p : by_category_[cat]) {
        if (in_cart_[p] || added >= want) continue;
        Candidate cand{p, 0, {}};
        cand.reason.source = "category_popular";
        cand.reason.text = "Popular in " + catalog[c].category.front() + " (" + FormatCount(orders(p)) + " orders)";
        out->push_back(std::move(cand));
        ++added;
      }
    }
    for (ProductIndex p : popular_) {
      if (in_cart_[p] || added >= want) continue;
      Candidate cand{p, 0, {}};
      cand.reason.source = "popular";
      cand.reason.text = "One of the store's best sellers (" + FormatCount(orders(p)) + " orders)";
      out->push_back(std::move(cand));
      ++added;
    }
  }
  for (ProductIndex c : cart) in_cart_[c] = 0;
}

}  // namespace cartlift
