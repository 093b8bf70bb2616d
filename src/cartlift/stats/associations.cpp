#include "cartlift/stats/associations.h"

#include <algorithm>
#include <cmath>

namespace cartlift {

Associations& Associations::operator=(const Associations& other) {
  if (this != &other) {
    offsets = other.offsets;
    flat.assign(other.entries(), other.entries() + other.size());
    held_.reset();
  }
  return *this;
}

void Associations::UseInPlace(const unsigned char* at, std::size_t n, HeldBytes bytes) {
  std::vector<Neighbour>().swap(flat);
  in_place_at_ = static_cast<std::size_t>(at - bytes.get());
  in_place_size_ = n;
  held_ = std::move(bytes);
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

  Associations out;
  out.offsets.assign(products + 1, 0);
  const auto better = [](const Neighbour& x, const Neighbour& y) {
    if (x.score != y.score) return x.score > y.score;
    if (x.co != y.co) return x.co > y.co;
    return x.product < y.product;
  };
  for (std::size_t p = 0; p < products; ++p) {
    auto first = all.begin() + static_cast<std::ptrdiff_t>(start[p]);
    auto last = all.begin() + static_cast<std::ptrdiff_t>(start[p + 1]);
    const std::size_t keep = std::min<std::size_t>(options.neighbours, start[p + 1] - start[p]);
    // Selection first, then a sort of the few kept: `better` is a total order, so the kept list
    // is the one a partial sort gives, without a heap over every candidate.
    if (keep < static_cast<std::size_t>(last - first))
      std::nth_element(first, first + static_cast<std::ptrdiff_t>(keep), last, better);
    std::sort(first, first + static_cast<std::ptrdiff_t>(keep), better);
    out.flat.insert(out.flat.end(), first, first + static_cast<std::ptrdiff_t>(keep));
    out.offsets[p + 1] = static_cast<std::uint32_t>(out.flat.size());
  }
  return out;
}

}  // namespace cartlift
