#include "cartlift/offers/cross_sell.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <unordered_map>

namespace cartlift {
namespace {

constexpr std::uint32_t kNoCategory = 0xffffffffu;

// FNV-1a: stable across platforms, which keeps offers identical in the browser and natively.
std::uint32_t WordHash(const std::string& w) {
  std::uint32_t h = 2166136261u;
  for (char c : w) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

}  // namespace

const char* CartMergeName(CartMerge m) {
  switch (m) {
    case CartMerge::kSum: return "sum";
    case CartMerge::kMax: return "max";
    case CartMerge::kIdf: return "idf";
    case CartMerge::kNoisyOr: return "noisy_or";
  }
  return "sum";
}

bool ParseCartMerge(std::string_view name, CartMerge* out) {
  for (CartMerge m : {CartMerge::kSum, CartMerge::kMax, CartMerge::kIdf, CartMerge::kNoisyOr})
    if (name == CartMergeName(m)) return *out = m, true;
  return false;
}

const char* BackfillName(Backfill b) {
  switch (b) {
    case Backfill::kNone: return "none";
    case Backfill::kPopular: return "popular";
    case Backfill::kCategoryThenPopular: return "category_then_popular";
  }
  return "none";
}

bool ParseBackfill(std::string_view name, Backfill* out) {
  for (Backfill b : {Backfill::kNone, Backfill::kPopular, Backfill::kCategoryThenPopular})
    if (name == BackfillName(b)) return *out = b, true;
  return false;
}

const char* TitleCollapseName(TitleCollapse t) {
  switch (t) {
    case TitleCollapse::kNone: return "none";
    case TitleCollapse::kIdentical: return "identical";
    case TitleCollapse::kNear: return "near";
  }
  return "none";
}

bool ParseTitleCollapse(std::string_view name, TitleCollapse* out) {
  for (TitleCollapse t : {TitleCollapse::kNone, TitleCollapse::kIdentical, TitleCollapse::kNear})
    if (name == TitleCollapseName(t)) return *out = t, true;
  return false;
}

std::string FormatCount(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

CrossSell::CrossSell(const Bundle& bundle) : bundle_(bundle), options_(bundle.cross_sell) {
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
  category_of_.assign(n, kNoCategory);
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
    if (c != kNoCategory && by_category_[c].size() < 100) by_category_[c].push_back(p);
  }
  // A cart product bought by everyone says little about what else this shopper wants; a niche one
  // says a lot (the IDF of text retrieval, with orders as documents).
  const double total = static_cast<double>(std::max<std::uint64_t>(bundle.built_from.orders, 1));
  specificity_.assign(n, 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double o = orders(static_cast<ProductIndex>(i));
    if (o > 0) specificity_[i] = std::log1p(total / o);
  }
  if (options_.collapse_titles != TitleCollapse::kNone) {
    title_key_.resize(n);
    title_words_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::string word;
      const std::string& title = bundle.catalog[static_cast<ProductIndex>(i)].title;
      for (std::size_t k = 0; k <= title.size(); ++k) {
        const unsigned char c = k < title.size() ? static_cast<unsigned char>(title[k]) : ' ';
        if (std::isspace(c)) {
          if (word.empty()) continue;
          if (!title_key_[i].empty()) title_key_[i] += ' ';
          title_key_[i] += word;
          title_words_[i].push_back(WordHash(word));
          word.clear();
        } else {
          word += static_cast<char>(std::toupper(c));
        }
      }
      std::sort(title_words_[i].begin(), title_words_[i].end());
      title_words_[i].erase(std::unique(title_words_[i].begin(), title_words_[i].end()), title_words_[i].end());
    }
    std::unordered_map<std::string, std::uint32_t> groups;
    title_group_.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      title_group_[i] = groups.emplace(title_key_[i], static_cast<std::uint32_t>(groups.size())).first->second;
    group_stamp_.assign(groups.size(), 0);
  }
  acc_.assign(n, 0);
  best_.assign(n, 0);
  best_with_.assign(n, kNoProduct);
  best_co_.assign(n, 0);
  in_cart_.assign(n, 0);
  touched_.reserve(1024);
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
  const std::string& key = title_key_[p];
  const auto& words = title_words_[p];
  for (ProductIndex q : titles_taken_) {
    if (title_key_[q] == key) return true;
    if (options_.collapse_titles != TitleCollapse::kNear) continue;
    // Near duplicates: the shorter title's words are (almost) all in the longer one, e.g. a
    // renamed print or a "PACK OF 72" of the same item.
    const auto& other = title_words_[q];
    std::size_t common = 0;
    for (std::size_t i = 0, j = 0; i < words.size() && j < other.size();) {
      if (words[i] == other[j]) ++common, ++i, ++j;
      else if (words[i] < other[j]) ++i;
      else ++j;
    }
    const std::size_t shorter = std::min(words.size(), other.size());
    if (shorter >= 2 && common * 4 >= shorter * 3 && common + 1 >= std::max(words.size(), other.size())) return true;
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
  std::sort(touched_.begin(), touched_.end(), [&](ProductIndex a, ProductIndex b) {
    if (acc_[a] != acc_[b]) return acc_[a] > acc_[b];
    return catalog[a].id < catalog[b].id;
  });
  if (options_.max_per_category > 0) {
    // Diversity: past the cap, a category's further candidates wait until every category had
    // its turn; the order within each group is kept.
    std::map<std::uint32_t, int> seen;
    std::stable_partition(touched_.begin(), touched_.end(), [&](ProductIndex p) {
      return ++seen[category_of_[p]] <= options_.max_per_category;
    });
  }
  const double total_orders = static_cast<double>(bundle_.built_from.orders);
  auto orders = [&](ProductIndex p) { return p < bundle_.product_orders.size() ? bundle_.product_orders[p] : 0u; };
  std::size_t from_history = 0;
  for (ProductIndex p : touched_) {
    const float score = acc_[p];
    const ProductIndex with = best_with_[p];
    acc_[p] = 0;
    best_[p] = 0;
    best_with_[p] = kNoProduct;
    if (TitleTaken(p)) continue;
    TakeTitle(p);
    Candidate cand{p, score, {}, kNoProduct};
    Evidence& ev = cand.reason.evidence;
    ev.with = with;
    ev.co_purchases = best_co_[p];
    ev.of_orders = orders(with);
    ev.confidence = ev.of_orders ? static_cast<double>(ev.co_purchases) / ev.of_orders : 0;
    ev.lift = (ev.of_orders && orders(p) && total_orders > 0)
                  ? ev.co_purchases * total_orders / (static_cast<double>(ev.of_orders) * orders(p))
                  : 0;
    cand.reason.source = "co_purchase";
    out->push_back(std::move(cand));
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
          Candidate cand{p, 0, {}, c};
          cand.reason.source = "category_popular";
          out->push_back(std::move(cand));
        }
      }
    }
    for (ProductIndex p : popular_) {
      if (!take(p)) continue;
      Candidate cand{p, 0, {}, kNoProduct};
      cand.reason.source = "popular";
      out->push_back(std::move(cand));
    }
  }
  for (ProductIndex c : cart) in_cart_[c] = 0;
}

void CrossSell::Describe(Candidate* c) const {
  const Catalog& catalog = bundle_.catalog;
  const auto orders = [&](ProductIndex p) {
    return p < bundle_.product_orders.size() ? bundle_.product_orders[p] : 0u;
  };
  Reason& r = c->reason;
  if (r.source == "co_purchase" && r.evidence.with != kNoProduct) {
    r.text = "Bought together in " + FormatCount(r.evidence.co_purchases) + " of " + FormatCount(r.evidence.of_orders) +
             " orders with " + catalog[r.evidence.with].title;
  } else if (r.source == "category_popular" && c->context != kNoProduct && !catalog[c->context].category.empty()) {
    r.text = "Popular in " + catalog[c->context].category.front() + " (" + FormatCount(orders(c->product)) + " orders)";
  } else {
    r.text = "One of the store's best sellers (" + FormatCount(orders(c->product)) + " orders)";
  }
}

}  // namespace cartlift
