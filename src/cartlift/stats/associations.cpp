#include "cartlift/stats/associations.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace cartlift {

std::uint32_t NeighbourIdBits(std::size_t products) {
  // At most 31: the entries of versions 5 to 7 (bundle/lists_v7.h) keep a bit for a palette index.
  return std::min<std::uint32_t>(IndexBits(products), 31);
}

const char* PackedAssociations::View(const std::uint32_t* body, std::size_t size, std::size_t products,
                                     PackedAssociations* out) {
  PackedAssociations v;
  v.body = body;
  v.body_words = size;
  v.products = products;
  std::size_t at = 0;
  // The next count, if the words after it can hold `per` words for each.
  const auto count = [&](std::size_t per, std::size_t* n) {
    if (at >= size) return false;
    *n = body[at++];
    return *n <= (size - at) / per;
  };
  // The next stream of `n` values of `bits` bits.
  const auto stream = [&](std::size_t n, std::uint32_t bits, const std::uint32_t** to) {
    const std::uint64_t need = StreamWords(n, bits);
    if (need > size - at) return false;
    *to = body + at;
    at += static_cast<std::size_t>(need);
    return true;
  };
  std::size_t n = 0;
  if (!count(1, &n) || n != products + 1) return "offset count is not products + 1";
  v.offsets = body + at;
  at += n;
  if (at >= size) return "no index bits";
  v.id_bits = body[at++];
  if (v.id_bits != NeighbourIdBits(products)) return "index bits do not match the product count";
  if (!count(1, &n) || n != products + 1) return "run offset count is not products + 1";
  v.run_at = body + at;
  at += n;
  if (!count(2, &v.pair_count)) return "pair count exceeds the bytes left";
  v.pairs = body + at;
  at += 2 * v.pair_count;
  if (size - at < 3) return "no pair and length bits";
  v.pair_bits = body[at++];
  v.length_bits = body[at++];
  if (v.pair_bits != IndexBits(v.pair_count)) return "pair bits do not match the pair count";
  if (v.length_bits == 0 || v.length_bits > IndexBits(Limits::kMaxNeighbours)) return "run length bits out of range";
  v.runs = body[at++];
  if (!stream(v.runs, v.pair_bits, &v.run_pairs) || !stream(v.runs, v.length_bits, &v.run_lengths))
    return "run count exceeds the bytes left";
  if (at >= size) return "no neighbour count";
  v.entries = body[at++];
  if (!stream(v.entries, v.id_bits, &v.words)) return "neighbour count exceeds the bytes left";
  if (at != size) return "unexpected bytes after the neighbour entries";
  *out = v;
  return nullptr;
}

std::uint32_t PackedAssociations::FirstBadEntry(std::size_t p) const {
  // One comparison per bound and one branch per entry: this runs for every entry of a bundle
  // being loaded (wasm/CMakeLists.txt compiles this file for speed).
  const std::uint32_t mask = Mask(id_bits), self = static_cast<std::uint32_t>(p);
  const std::uint32_t last = offsets[p + 1];
  std::uint64_t bit = std::uint64_t{offsets[p]} * id_bits;
  for (std::uint32_t j = offsets[p]; j < last; ++j, bit += id_bits) {
    const std::uint32_t id = Bits(words, bit, mask);
    if (!((id < products) & (id != self))) return j;
  }
  return last;
}

bool PackedAssociations::RunsCover(std::size_t p) const {
  std::uint64_t covered = 0;
  for (std::uint32_t r = run_at[p]; r < run_at[p + 1]; ++r) {
    if (RunPair(r) >= pair_count) return false;
    covered += RunLength(r);
  }
  return covered == offsets[p + 1] - offsets[p];
}

Associations& Associations::operator=(Associations&& other) noexcept {
  if (this != &other) {
    // Vectors and held bytes keep their buffers when moved, so the view stays valid.
    view_ = other.view_;
    block_ = std::move(other.block_);
    owner_ = std::move(other.owner_);
    other.view_ = PackedAssociations{};
  }
  return *this;
}

Associations& Associations::operator=(const Associations& other) {
  if (this != &other) {
    const PackedAssociations& v = other.view_;
    *this = Adopt({v.body, v.body + v.body_words}, v);
  }
  return *this;
}

Associations Associations::Adopt(std::vector<std::uint32_t> body, const PackedAssociations& packed) {
  Associations a;
  if (packed.body == nullptr) return a;  // a default Associations: no words at all
  a.block_ = std::move(body);
  // The same arrays at the same places of the adopted words: the view found again.
  PackedAssociations::View(a.block_.data(), a.block_.size(), packed.products, &a.view_);
  return a;
}

void Associations::UseInPlace(const PackedAssociations& packed, std::shared_ptr<const void> owner) {
  *this = Associations();
  view_ = packed;
  owner_ = std::move(owner);
}

const char* ScorerName(Scorer s) {
  switch (s) {
    case Scorer::kCoCount: return "co_count";
    case Scorer::kConfidence: return "confidence";
    case Scorer::kLift: return "lift";
    case Scorer::kCosine: return "cosine";
    case Scorer::kJaccard: return "jaccard";
    case Scorer::kShrunkConfidence: return "shrunk_confidence";
    case Scorer::kDampedConfidence: return "damped_confidence";
  }
  return "shrunk_confidence";
}

bool ParseScorer(std::string_view name, Scorer* out) {
  for (Scorer s : {Scorer::kCoCount, Scorer::kConfidence, Scorer::kLift, Scorer::kCosine,
                   Scorer::kJaccard, Scorer::kShrunkConfidence, Scorer::kDampedConfidence}) {
    if (name == ScorerName(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

double Score(Scorer s, double co, double n_a, double n_b, double orders, double shrink) {
  AssociationOptions o;
  o.scorer = s;
  o.shrink = shrink;
  return Score(o, co, n_a, n_b, orders);
}

double Score(const AssociationOptions& options, double co, double n_a, double n_b, double orders) {
  const Scorer s = options.scorer;
  const double shrink = options.shrink;
  if (co <= 0 || n_a <= 0 || n_b <= 0) return 0;
  switch (s) {
    case Scorer::kCoCount: return co;
    case Scorer::kConfidence: return co / n_a;
    case Scorer::kLift: return orders > 0 ? co * orders / (n_a * n_b) : 0;
    case Scorer::kCosine: return co / std::sqrt(n_a * n_b);
    case Scorer::kJaccard: return co / (n_a + n_b - co);
    case Scorer::kShrunkConfidence: return co / (n_a + shrink);
    case Scorer::kDampedConfidence:
      return co / (std::pow(n_a + shrink, options.alpha) * std::pow(n_b + shrink, options.beta));
  }
  return 0;
}

Associations BuildAssociations(const PairCounter& counts, std::size_t products,
                               const AssociationOptions& options) {
  // Two passes over the pairs: one sizes each product's candidate list (only pairs with enough
  // evidence, usually a small share), the other scores those pairs straight into their lists.
  std::vector<std::uint32_t> degree(products, 0);
  counts.ForEachPair([&](ProductIndex a, ProductIndex b, std::uint32_t co) {
    if (co < options.min_co || a >= products || b >= products) return;
    ++degree[a];
    ++degree[b];
  });
  std::vector<std::size_t> start(products + 1, 0);
  for (std::size_t p = 0; p < products; ++p) start[p + 1] = start[p] + degree[p];
  std::vector<Neighbour> all(start[products]);
  std::vector<std::size_t> fill(start.begin(), start.end() - 1);
  const double orders = counts.orders_weight();
  counts.ForEachWeightedPair([&](ProductIndex a, ProductIndex b, std::uint32_t co, double w) {
    if (co < options.min_co || a >= products || b >= products) return;
    const double na = counts.ItemWeight(a), nb = counts.ItemWeight(b);
    all[fill[a]++] = {b, co, static_cast<float>(Score(options, w, na, nb, orders))};
    all[fill[b]++] = {a, co, static_cast<float>(Score(options, w, nb, na, orders))};
  });

  const auto better = [](const Neighbour& x, const Neighbour& y) {
    if (x.score != y.score) return x.score > y.score;
    if (x.co != y.co) return x.co > y.co;
    return x.product < y.product;
  };
  // The kept lists are compacted to the front of `all`, then packed.
  std::vector<std::uint32_t> offsets(products + 1, 0);
  std::size_t kept = 0;
  const std::size_t most = std::min<std::size_t>(options.neighbours, Limits::kMaxNeighbours);
  for (std::size_t p = 0; p < products; ++p) {
    auto first = all.begin() + static_cast<std::ptrdiff_t>(start[p]);
    auto last = all.begin() + static_cast<std::ptrdiff_t>(start[p + 1]);
    const std::size_t keep = std::min<std::size_t>(most, start[p + 1] - start[p]);
    // Selection first, then a sort of the few kept: `better` is a total order, so the kept list
    // is the one a partial sort gives, without a heap over every candidate.
    if (keep < static_cast<std::size_t>(last - first))
      std::nth_element(first, first + static_cast<std::ptrdiff_t>(keep), last, better);
    std::sort(first, first + static_cast<std::ptrdiff_t>(keep), better);
    if (kept != start[p])
      std::move(first, first + static_cast<std::ptrdiff_t>(keep), all.begin() + static_cast<std::ptrdiff_t>(kept));
    kept += keep;
    offsets[p + 1] = static_cast<std::uint32_t>(kept);
  }
  return Associations::Pack(products, offsets.data(), all.data());
}

}  // namespace cartlift
