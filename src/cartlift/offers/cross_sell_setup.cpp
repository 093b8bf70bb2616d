// The parts of cross_sell.cpp that run once per bundle load, not per request: option names and
// the per-product tables. Kept apart so the wasm build can compile the per-request half for speed
// and this half for size (wasm/CMakeLists.txt).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <unordered_map>

#include "cartlift/offers/cross_sell.h"

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

}  // namespace cartlift
