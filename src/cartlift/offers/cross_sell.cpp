#include "cartlift/offers/cross_sell.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

namespace cartlift {

namespace {

// Writes n with thousands commas right to left, ending at `end`; returns where it starts.
// At most 20 digits and 6 commas.
constexpr std::size_t kCountRoom = 26;
char* WriteCount(char* end, std::uint64_t n) {
  char* p = end;
  for (int i = 0;; ++i) {
    if (i > 0 && i % 3 == 0) *--p = ',';
    *--p = static_cast<char>('0' + n % 10);
    n /= 10;
    if (n == 0) return p;
  }
}

void AppendCount(std::string* out, std::uint64_t n) {
  char buf[kCountRoom];
  const char* p = WriteCount(buf + kCountRoom, n);
  out->append(p, static_cast<std::size_t>(buf + kCountRoom - p));
}

// Puts the `count` smallest keys of [first, last) in order at the front and the rest after them
// (in no particular order), as nth_element and a sort of the front would: keys are unique, so
// the front is the same either way. For up to 32 (false, nothing done, for more): one pass that
// keeps the smallest seen in a sorted buffer (a later key rarely beats them all), then one that
// moves them to the front.
bool OrderSmallest(std::uint64_t* first, std::size_t count, std::uint64_t* last) {
  constexpr std::size_t kMaxBuffered = 32;
  if (count > kMaxBuffered) return false;
  std::uint64_t top[kMaxBuffered];
  std::size_t k = 0;
  for (const std::uint64_t* it = first; it != last; ++it) {
    const std::uint64_t x = *it;
    if (k == count) {
      if (x >= top[count - 1]) continue;
      --k;  // the largest kept makes room
    }
    std::size_t i = k++;
    for (; i > 0 && top[i - 1] > x; --i) top[i] = top[i - 1];
    top[i] = x;
  }
  // The kept keys to the front (in any order), then written over in order.
  const std::uint64_t largest = top[count - 1];
  std::uint64_t* front = first;
  for (std::uint64_t* it = first; it != last; ++it)
    if (*it <= largest) std::swap(*it, *front++);
  std::copy(top, top + count, first);
  return true;
}

}  // namespace

std::string FormatCount(std::uint64_t n) {
  char buf[kCountRoom];
  const char* p = WriteCount(buf + kCountRoom, n);
  return std::string(p, static_cast<std::size_t>(buf + kCountRoom - p));
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

// One loop per merge rule: the rule is fixed for the engine's life, and a branch on it in the
// loop over every neighbour of every cart product showed in the wasm profile.
template <CartMerge kMerge>
void CrossSell::Merge(const std::vector<ProductIndex>& cart) {
  // Written through local pointers: a store into a mark could alias the vectors' own members as
  // far as the compiler knows, so it reloaded them (and touched_'s end and capacity) per
  // neighbour. touched_ has room for every neighbour and only grows (its first n_touched_ are
  // this request's), so no request pays for filling it.
  std::size_t most = 0;
  for (ProductIndex c : cart) most += bundle_.associations.Of(c).size();
  most = std::min(most, mark_.size());  // each product is listed once
  if (touched_.size() < most) touched_.resize(most);
  ProductIndex* const touched = touched_.data();
  std::size_t n = 0;
  Mark* const mark = mark_.data();
  const std::uint8_t* const in_cart = in_cart_.data();
  for (ProductIndex c : cart) {
    const float weight = kMerge == CartMerge::kIdf ? static_cast<float>(specificity_[c]) : 1.0f;
    for (const Neighbour& nb : bundle_.associations.Of(c)) {
      const ProductIndex p = nb.product;
      if (in_cart[p]) continue;
      Mark& m = mark[p];
      // `with` marks a touched product: acc stays 0 for a 0-score neighbour (legal in a
      // bundle), which would otherwise be listed twice and quoted with no or stale evidence.
      const bool first = m.with == kNoProduct;
      if (first) touched[n++] = p;
      const float s = nb.score * weight;
      // Sum: an item every cart product points to beats one only a single product points to.
      if (kMerge == CartMerge::kMax) m.acc = std::max(m.acc, s);
      else if (kMerge == CartMerge::kNoisyOr) m.acc = 1.0f - (1.0f - m.acc) * (1.0f - std::min(s, 1.0f));
      else m.acc += s;
      if (first || nb.score > m.best) {
        m.best = nb.score;
        m.with = c;
        m.co = nb.co;
      }
    }
  }
  n_touched_ = n;
}

void CrossSell::Begin(const std::vector<ProductIndex>& cart, std::size_t want) {
  // The previous request's marks, kept until now because Next() read them.
  for (std::size_t i = 0; i < n_touched_; ++i) mark_[touched_[i]] = Mark{};
  for (ProductIndex c : cart_) in_cart_[c] = 0;
  cart_ = cart;
  want_ = want;
  const Catalog& catalog = bundle_.catalog;
  for (ProductIndex c : cart) in_cart_[c] = 1;
  titles_taken_.clear();
  if (++stamp_ == 0) {  // wrapped: forget every old stamp
    std::fill(group_stamp_.begin(), group_stamp_.end(), 0);
    stamp_ = 1;
  }
  for (ProductIndex c : cart) TakeTitle(c);
  Money cart_max_price = 0;
  for (ProductIndex c : cart) cart_max_price = std::max(cart_max_price, catalog[c].price);
  switch (options_.merge) {
    case CartMerge::kMax: Merge<CartMerge::kMax>(cart); break;
    case CartMerge::kSum: Merge<CartMerge::kSum>(cart); break;
    case CartMerge::kIdf: Merge<CartMerge::kIdf>(cart); break;
    case CartMerge::kNoisyOr: Merge<CartMerge::kNoisyOr>(cart); break;
  }
  // Add-ons cheap next to the cart are easier to say yes to.
  if (options_.price_anchor > 0 && cart_max_price > 0) {
    for (std::size_t i = 0; i < n_touched_; ++i) {
      const ProductIndex p = touched_[i];
      const Money price = catalog[p].price;
      if (price > cart_max_price)
        mark_[p].acc *= static_cast<float>(std::pow(static_cast<double>(cart_max_price) / static_cast<double>(price),
                                               options_.price_anchor));
    }
  }
  // Best score first, then id: one integer key per product (a non-negative float's bits order as
  // its value does), so ordering compares integers instead of calling back into the catalog.
  // Like touched_, keys_ only grows: [0, n_touched_) are this request's.
  if (keys_.size() < n_touched_) keys_.resize(n_touched_);
  std::uint64_t* key = keys_.data();
  const Mark* const mark = mark_.data();
  const std::uint32_t* const id_rank = id_rank_.data();
  for (std::size_t i = 0; i < n_touched_; ++i) {
    const ProductIndex p = touched_[i];
    std::uint32_t bits;
    const float score = mark[p].acc;
    std::memcpy(&bits, &score, 4);
    if (bits == 0x80000000u) bits = 0;  // -0 ties with +0
    *key++ = static_cast<std::uint64_t>(~bits) << 32 | id_rank[p];
  }
  next_ = 0;
  ordered_ = 0;
  if (options_.max_per_category > 0) {
    // Diversity: past the cap, a category's further candidates wait until every category had
    // its turn; the order within each group is kept. It needs the whole order at once.
    const auto keys_end = keys_.begin() + static_cast<std::ptrdiff_t>(n_touched_);
    std::sort(keys_.begin(), keys_end);
    std::map<std::uint32_t, int> seen;
    // A stable partition by hand, the counts taken in order (std::stable_partition, which
    // promises no order of its calls, was 2 KB of wasm).
    std::vector<std::uint64_t> later;
    auto kept = keys_.begin();
    for (auto k = keys_.begin(); k != keys_end; ++k) {
      if (++seen[category_of_[by_rank_[*k & 0xffffffffu]]] <= options_.max_per_category) *kept++ = *k;
      else later.push_back(*k);
    }
    std::copy(later.begin(), later.end(), kept);
    ordered_ = n_touched_;
  }
  from_history_ = 0;
  backfill_ = BackfillStage::kNotYet;
  backfilled_.clear();
  category_cart_ = 0;
  category_next_ = 0;
  popular_next_ = 0;
}

bool CrossSell::Next(Candidate* out) {
  while (next_ < n_touched_) {
    // Keys are unique, so ordering the best few at a time gives the order a full sort gives;
    // a request whose first offers pass the guardrails never orders the rest.
    if (next_ == ordered_) {
      const std::size_t end = std::min(n_touched_, ordered_ + std::max<std::size_t>(16, ordered_));
      const auto first = keys_.begin() + static_cast<std::ptrdiff_t>(ordered_);
      const auto last = keys_.begin() + static_cast<std::ptrdiff_t>(end);
      const auto keys_end = keys_.begin() + static_cast<std::ptrdiff_t>(n_touched_);
      if (last == keys_end || !OrderSmallest(&*first, end - ordered_, keys_.data() + n_touched_)) {
        if (last != keys_end) std::nth_element(first, last, keys_end);
        std::sort(first, last);
      }
      ordered_ = end;
    }
    const ProductIndex p = by_rank_[keys_[next_++] & 0xffffffffu];
    if (TitleTaken(p)) continue;
    TakeTitle(p);
    ++from_history_;
    // Only the evidence that is free here; Describe() derives the rest for the offers shown.
    const Mark& m = mark_[p];
    *out = Candidate{p, m.acc, "co_purchase", m.with, m.co, kNoProduct};
    return true;
  }
  // Cold start: thin history falls back to what sells in the cart's categories, then overall.
  // Backfilled products are marked so the same one is not offered twice.
  if (backfill_ == BackfillStage::kNotYet)
    backfill_ = from_history_ < want_ && options_.backfill != Backfill::kNone ? BackfillStage::kOn : BackfillStage::kOff;
  if (backfill_ == BackfillStage::kOff) return false;
  const auto take = [&](ProductIndex p) {
    if (in_cart_[p]) return false;
    if (std::find(backfilled_.begin(), backfilled_.end(), p) != backfilled_.end()) return false;
    if (TitleTaken(p)) return false;
    TakeTitle(p);
    backfilled_.push_back(p);
    return true;
  };
  if (backfilled_.size() >= want_) return false;
  if (options_.backfill == Backfill::kCategoryThenPopular) {
    for (; category_cart_ < cart_.size(); ++category_cart_, category_next_ = 0) {
      const ProductIndex c = cart_[category_cart_];
      const std::uint32_t cat = category_of_[c];
      if (cat == kNoCategory) continue;
      const std::vector<ProductIndex>& list = by_category_[cat];
      while (category_next_ < list.size()) {
        const ProductIndex p = list[category_next_++];
        if (!take(p)) continue;
        *out = Candidate{p, 0, "category_popular", kNoProduct, 0, c};
        return true;
      }
    }
  }
  while (popular_next_ < popular_.size()) {
    const ProductIndex p = popular_[popular_next_++];
    if (!take(p)) continue;
    *out = Candidate{p, 0, "popular", kNoProduct, 0, kNoProduct};
    return true;
  }
  return false;
}

void CrossSell::Candidates(const std::vector<ProductIndex>& cart, std::size_t want, std::vector<Candidate>* out) {
  Begin(cart, want);
  Candidate c;
  while (Next(&c)) out->push_back(c);
}

void CrossSell::Describe(const Candidate& c, Reason* r) const {
  const Catalog& catalog = bundle_.catalog;
  r->text.clear();
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
    // Appended into one buffer sized once, instead of a temporary string per piece.
    const std::string_view title = catalog[c.with].title;
    std::string& t = r->text;
    t.reserve(sizeof "Bought together in " + sizeof " of " + sizeof " orders with " + 2 * kCountRoom + title.size());
    t.append("Bought together in ");
    AppendCount(&t, ev.co_purchases);
    t.append(" of ");
    AppendCount(&t, ev.of_orders);
    t.append(" orders with ");
    t.append(title);
  } else if (c.source == "category_popular" && c.context != kNoProduct && !catalog[c.context].category.empty()) {
    const std::string_view category = catalog[c.context].category.front();
    std::string& t = r->text;
    t.reserve(sizeof "Popular in " + sizeof " (" + sizeof " orders)" + kCountRoom + category.size());
    t.append("Popular in ");
    t.append(category);
    t.append(" (");
    AppendCount(&t, orders(c.product));
    t.append(" orders)");
  } else {
    std::string& t = r->text;
    t.reserve(sizeof "One of the store's best sellers (" + sizeof " orders)" + kCountRoom);
    t.append("One of the store's best sellers (");
    AppendCount(&t, orders(c.product));
    t.append(" orders)");
  }
}

}  // namespace cartlift
