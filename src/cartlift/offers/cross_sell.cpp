#include "cartlift/offers/cross_sell.h"

#include <algorithm>
#include <cmath>
#include <cstring>
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

void CrossSell::TakeTitle(ProductIndex p) {
  if (options_.collapse_titles == TitleCollapse::kNone) return;
  group_stamp_[title_group_[p]] = stamp_;
  if (options_.collapse_titles == TitleCollapse::kNear) titles_taken_.push_back(p);
}

bool CrossSell::TitleTaken(ProductIndex p) const {
  if (options_.collapse_titles == TitleCollapse::kNone) return false;
  if (group_stamp_[title_group_[p]] == stamp_) return true;
  if (options_.collapse_titles != TitleCollapse::kNear) return false;
  const std::uint32_t* words = title_words_.data() + (p ? title_word_end_[p - 1] : 0);
  const std::size_t n_words = title_word_end_[p] - (p ? title_word_end_[p - 1] : 0);
  for (ProductIndex q : titles_taken_) {
    // Near duplicates: the shorter title's words are (almost) all in the longer one, e.g. a
    // renamed print or a "PACK OF 72" of the same item.
    const std::uint32_t* other = title_words_.data() + (q ? title_word_end_[q - 1] : 0);
    const std::size_t n_other = title_word_end_[q] - (q ? title_word_end_[q - 1] : 0);
    std::size_t common = 0;
    for (std::size_t i = 0, j = 0; i < n_words && j < n_other;) {
      if (words[i] == other[j]) ++common, ++i, ++j;
      else if (words[i] < other[j]) ++i;
      else ++j;
    }
    const std::size_t shorter = std::min(n_words, n_other);
    if (shorter >= 2 && common * 4 >= shorter * 3 && common + 1 >= std::max(n_words, n_other)) return true;
  }
  return false;
}

void CrossSell::Candidates(const std::vector<ProductIndex>& cart, std::size_t want, std::vector<Candidate>* out) {
  const Catalog& catalog = bundle_.catalog;
  for (ProductIndex c : cart) in_cart_[c] = 1;
  titles_taken_.clear();
  if (++stamp_ == 0) {  // wrapped: forget every old stamp
    std::fill(group_stamp_.begin(), group_stamp_.end(), 0);
    stamp_ = 1;
  }
  for (ProductIndex c : cart) TakeTitle(c);
  touched_.clear();
  Money cart_max_price = 0;
  for (ProductIndex c : cart) cart_max_price = std::max(cart_max_price, catalog[c].price);
  for (ProductIndex c : cart) {
    const float weight = options_.merge == CartMerge::kIdf ? static_cast<float>(specificity_[c]) : 1.0f;
    for (const Neighbour& nb : bundle_.associations.Of(c)) {
      const ProductIndex p = nb.product;
      if (in_cart_[p]) continue;
      // best_with_ marks a touched product: acc_ stays 0 for a 0-score neighbour (legal in a
      // bundle), which would otherwise be listed twice and quoted with no or stale evidence.
      const bool first = best_with_[p] == kNoProduct;
      if (first) touched_.push_back(p);
      const float s = nb.score * weight;
      // Sum: an item every cart product points to beats one only a single product points to.
      if (options_.merge == CartMerge::kMax) acc_[p] = std::max(acc_[p], s);
      else if (options_.merge == CartMerge::kNoisyOr) acc_[p] = 1.0f - (1.0f - acc_[p]) * (1.0f - std::min(s, 1.0f));
      else acc_[p] += s;
      if (first || nb.score > best_[p]) {
        best_[p] = nb.score;
        best_with_[p] = c;
        best_co_[p] = nb.co;
      }
    }
  }
  // Add-ons cheap next to the cart are easier to say yes to.
  if (options_.price_anchor > 0 && cart_max_price > 0) {
    for (ProductIndex p : touched_) {
      const Money price = catalog[p].price;
      if (price > cart_max_price)
        acc_[p] *= static_cast<float>(std::pow(static_cast<double>(cart_max_price) / static_cast<double>(price),
                                               options_.price_anchor));
    }
  }
  // Best score first, then id: one integer key per product (a non-negative float's bits order as
  // its value does), so the sort compares integers instead of calling back into the catalog.
  keys_.clear();
  for (ProductIndex p : touched_) {
    std::uint32_t bits;
    const float score = acc_[p];
    std::memcpy(&bits, &score, 4);
    if (bits == 0x80000000u) bits = 0;  // -0 ties with +0
    keys_.push_back(static_cast<std::uint64_t>(~bits) << 32 | id_rank_[p]);
  }
  std::sort(keys_.begin(), keys_.end());
  for (std::size_t i = 0; i < keys_.size(); ++i) touched_[i] = by_rank_[keys_[i] & 0xffffffffu];
  if (options_.max_per_category > 0) {
    // Diversity: past the cap, a category's further candidates wait until every category had
    // its turn; the order within each group is kept.
    std::map<std::uint32_t, int> seen;
    std::stable_partition(touched_.begin(), touched_.end(), [&](ProductIndex p) {
      return ++seen[category_of_[p]] <= options_.max_per_category;
    });
  }
  std::size_t from_history = 0;
  for (ProductIndex p : touched_) {
    const float score = acc_[p];
    const ProductIndex with = best_with_[p];
    acc_[p] = 0;
    best_[p] = 0;
    best_with_[p] = kNoProduct;
    if (TitleTaken(p)) continue;
    TakeTitle(p);
    // Only the evidence that is free here; Describe() derives the rest for the offers shown.
    out->push_back(Candidate{p, score, "co_purchase", with, best_co_[p], kNoProduct});
    ++from_history;
  }

  // Cold start: thin history falls back to what sells in the cart's categories, then overall.
  // Backfilled products are marked so the same one is not offered twice.
  std::size_t added = 0;
  std::vector<ProductIndex> backfilled;
  auto take = [&](ProductIndex p) {
    if (in_cart_[p] || added >= want) return false;
    if (std::find(backfilled.begin(), backfilled.end(), p) != backfilled.end()) return false;
    if (TitleTaken(p)) return false;
    TakeTitle(p);
    backfilled.push_back(p);
    ++added;
    return true;
  };
  if (from_history < want && options_.backfill != Backfill::kNone) {
    if (options_.backfill == Backfill::kCategoryThenPopular) {
      for (ProductIndex c : cart) {
        const std::uint32_t cat = category_of_[c];
        if (cat == kNoCategory) continue;
        for (ProductIndex p : by_category_[cat]) {
          if (!take(p)) continue;
          out->push_back(Candidate{p, 0, "category_popular", kNoProduct, 0, c});
        }
      }
    }
    for (ProductIndex p : popular_) {
      if (!take(p)) continue;
      out->push_back(Candidate{p, 0, "popular", kNoProduct, 0, kNoProduct});
    }
  }
  for (ProductIndex c : cart) in_cart_[c] = 0;
}

void CrossSell::Describe(const Candidate& c, Reason* r) const {
  const Catalog& catalog = bundle_.catalog;
  const auto orders = [&](ProductIndex p) {
    return p < bundle_.product_orders.size() ? bundle_.product_orders[p] : 0u;
  };
  r->source = c.source;
  if (c.source == "co_purchase" && c.with != kNoProduct) {
    Evidence& ev = r->evidence;
    const double total_orders = static_cast<double>(bundle_.built_from.orders);
    ev.with = c.with;
    ev.co_purchases = c.co;
    ev.of_orders = orders(c.with);
    ev.confidence = ev.of_orders ? static_cast<double>(ev.co_purchases) / ev.of_orders : 0;
    ev.lift = (ev.of_orders && orders(c.product) && total_orders > 0)
                  ? ev.co_purchases * total_orders / (static_cast<double>(ev.of_orders) * orders(c.product))
                  : 0;
    r->text = "Bought together in " + FormatCount(ev.co_purchases) + " of " + FormatCount(ev.of_orders) +
              " orders with " + catalog[c.with].title;
  } else if (c.source == "category_popular" && c.context != kNoProduct && !catalog[c.context].category.empty()) {
    r->text = "Popular in " + catalog[c.context].category.front() + " (" + FormatCount(orders(c.product)) + " orders)";
  } else {
    r->text = "One of the store's best sellers (" + FormatCount(orders(c.product)) + " orders)";
  }
}

}  // namespace cartlift
