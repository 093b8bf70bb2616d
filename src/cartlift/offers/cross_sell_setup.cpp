// The parts of cross_sell.cpp that run once per bundle load, not per request: option names and
// the per-product tables. Kept apart so the wasm build can compile the per-request half for speed
// and this half for size (wasm/CMakeLists.txt).
#include <algorithm>
#include <cmath>
#include <string_view>

#include "cartlift/experiment/fnv1a.h"
#include "cartlift/offers/cross_sell.h"
#include "cartlift/offers/name_ids.h"

namespace cartlift {
namespace {

// The first 8 bytes of an id, big-endian, zero-padded: integers that order as the ids do, since
// ids hold no NUL bytes (a shorter id sorts before a longer one that starts with it).
std::uint64_t IdPrefix(std::string_view id) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = v << 8 | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0u);
  return v;
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
  const Catalog& catalog = bundle.catalog;
  const std::size_t n = catalog.size();
  // Ties are broken by id everywhere; a rank per product turns each of those string comparisons
  // into an integer one. Bundles built from order files often list products by id already, which
  // one pass confirms; otherwise the ids are sorted by their first bytes as one integer, and
  // only ids that share those bytes are compared as strings.
  id_rank_.resize(n);
  bool by_id = true;
  for (std::size_t i = 1; i < n && by_id; ++i) by_id = catalog.products[i - 1].id < catalog.products[i].id;
  if (by_id) {
    for (std::size_t i = 0; i < n; ++i) id_rank_[i] = static_cast<std::uint32_t>(i);
  } else {
    // One integer per product: the id's first 8 bytes with the low bits replaced by the index,
    // so a plain integer sort orders them; ids that agree above those bits are then compared
    // as strings.
    const std::uint32_t bits = IndexBits(n);
    const std::uint64_t index_mask = (std::uint64_t{1} << bits) - 1;
    std::vector<std::uint64_t> sorted(n);
    for (std::size_t i = 0; i < n; ++i) sorted[i] = (IdPrefix(catalog.products[i].id) & ~index_mask) | i;
    std::sort(sorted.begin(), sorted.end());
    const auto index = [&](std::uint64_t key) { return static_cast<ProductIndex>(key & index_mask); };
    for (std::size_t b = 0, e = 0; b < n; b = e) {
      for (e = b + 1; e < n && (sorted[e] >> bits) == (sorted[b] >> bits);) ++e;
      if (e - b > 1)
        std::sort(sorted.begin() + static_cast<std::ptrdiff_t>(b), sorted.begin() + static_cast<std::ptrdiff_t>(e),
                  [&](std::uint64_t x, std::uint64_t y) {
                    const std::string_view a = catalog[index(x)].id;
                    const std::string_view c = catalog[index(y)].id;
                    return a != c ? a < c : index(x) < index(y);
                  });
    }
    for (std::size_t r = 0; r < n; ++r) id_rank_[index(sorted[r])] = static_cast<std::uint32_t>(r);
  }
  auto orders = [&](ProductIndex p) { return p < bundle.product_orders.size() ? bundle.product_orders[p] : 0u; };
  // Only products with some sales and a product kind are worth backfilling with, best sellers
  // first, then by id: one integer key each (orders descending, id rank ascending).
  std::vector<std::uint64_t> keys;
  for (std::size_t i = 0; i < n; ++i) {
    const auto p = static_cast<ProductIndex>(i);
    if (orders(p) == 0 || catalog[p].details().kind != "product") continue;
    keys.push_back(static_cast<std::uint64_t>(~orders(p)) << 32 | id_rank_[i]);
  }
  by_rank_.resize(n);
  for (std::size_t i = 0; i < n; ++i) by_rank_[id_rank_[i]] = static_cast<ProductIndex>(i);
  const auto product_of = [&](std::uint64_t key) { return by_rank_[key & 0xffffffffu]; };
  // Only the best few are kept, so only they are sorted.
  const auto best = [&](std::vector<std::uint64_t> v, std::size_t keep, std::vector<ProductIndex>* out) {
    if (v.size() > keep) {
      std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep), v.end());
      v.resize(keep);
    }
    std::sort(v.begin(), v.end());
    for (std::uint64_t key : v) out->push_back(product_of(key));
  };
  NameIds category_ids;
  category_of_.assign(n, kNoCategory);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& cat = catalog[static_cast<ProductIndex>(i)].category;
    if (!cat.empty()) category_of_[i] = category_ids.Intern(cat.front());
  }
  by_category_.resize(category_ids.size());
  if (!by_category_.empty()) {
    std::vector<std::vector<std::uint64_t>> per_category(category_ids.size());
    for (std::uint64_t key : keys) {
      const std::uint32_t c = category_of_[product_of(key)];
      if (c != kNoCategory) per_category[c].push_back(key);
    }
    for (std::size_t c = 0; c < per_category.size(); ++c) best(std::move(per_category[c]), 100, &by_category_[c]);
  }
  best(std::move(keys), 200, &popular_);
  // A cart product bought by everyone says little about what else this shopper wants; a niche one
  // says a lot (the IDF of text retrieval, with orders as documents).
  const double total = static_cast<double>(std::max<std::uint64_t>(bundle.built_from.orders, 1));
  if (options_.merge == CartMerge::kIdf) specificity_.assign(n, 1.0);  // the only merge that reads it
  for (std::size_t i = 0; i < specificity_.size(); ++i) {
    const double o = orders(static_cast<ProductIndex>(i));
    if (o > 0) specificity_[i] = std::log1p(total / o);
  }
  if (options_.collapse_titles != TitleCollapse::kNone) GroupTitles();
  mark_.assign(n, Mark{});
  in_cart_.assign(n, 0);
  touched_.reserve(1024);
  keys_.reserve(1024);
  // At their largest from the start: kept across requests, a block grown mid-way would sit in
  // the heap where a later large response needs room, and the wasm heap never shrinks.
  cart_.reserve(Limits::kMaxCartItems);
  backfilled_.reserve(2 * Limits::kMaxOffers + 64);
}

void CrossSell::GroupTitles() {
  const Catalog& catalog = bundle_.catalog;
  const std::size_t n = catalog.size();
  const bool near = options_.collapse_titles == TitleCollapse::kNear;
  // A title's key is its words in upper case, one space apart; equal keys share a group. Keys
  // live in one buffer and groups in an open-addressing table, not a string per product.
  // Written through a pointer into a buffer sized once (a key is never longer than its title):
  // appending a character at a time was a call per character in the -Oz wasm build.
  std::size_t room = 0;
  for (std::size_t i = 0; i < n; ++i) room += catalog[static_cast<ProductIndex>(i)].title.size() + 1;
  std::string keys(room, '\0');
  char* const base = keys.data();
  char* out = base;
  std::vector<std::size_t> key_end(n);
  if (near) title_word_end_.assign(n, 0);
  std::vector<std::uint32_t> words;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view title = catalog[static_cast<ProductIndex>(i)].title;
    char* const key_start = out;
    char* word_start = out;
    words.clear();
    for (std::size_t k = 0; k <= title.size(); ++k) {
      const unsigned char c = k < title.size() ? static_cast<unsigned char>(title[k]) : ' ';
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        if (out == word_start) continue;
        if (near) words.push_back(Fnv1a32(std::string_view(word_start, static_cast<std::size_t>(out - word_start))));
        *out++ = ' ';
        word_start = out;
      } else {
        *out++ = static_cast<char>(c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
      }
    }
    if (out > key_start) --out;  // the space after the last word
    key_end[i] = static_cast<std::size_t>(out - base);
    if (near) {
      std::sort(words.begin(), words.end());
      words.erase(std::unique(words.begin(), words.end()), words.end());
      title_words_.insert(title_words_.end(), words.begin(), words.end());
      title_word_end_[i] = static_cast<std::uint32_t>(title_words_.size());
    }
  }
  const auto key = [&](std::size_t i) {
    const std::size_t b = i ? key_end[i - 1] : 0;
    return std::string_view(keys).substr(b, key_end[i] - b);
  };
  std::size_t size = 16;
  while (size < 2 * n + 2) size *= 2;
  std::vector<ProductIndex> first(size, kNoProduct);  // per slot: the first product with that key
  title_group_.resize(n);
  std::uint32_t groups = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view k = key(i);
    for (std::size_t s = Fnv1a32(k) & (size - 1);; s = (s + 1) & (size - 1)) {
      if (first[s] == kNoProduct) {
        first[s] = static_cast<ProductIndex>(i);
        title_group_[i] = groups++;
        break;
      }
      if (key(first[s]) == k) {
        title_group_[i] = title_group_[first[s]];
        break;
      }
    }
  }
  group_stamp_.assign(groups, 0);
}

}  // namespace cartlift
