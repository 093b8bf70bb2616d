// Association scores between products and the per-product neighbour lists kept in the bundle.
//
// Example:
//   AssociationOptions opt;             // shrunk confidence, min 2 co-purchases, top 50
//   Associations a = BuildAssociations(counter, opt);
//   for (const Neighbour& n : a.Of(product)) { /* n.product, n.co, n.score */ }
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cartlift/stats/pair_counter.h"
#include "cartlift/types.h"

namespace cartlift {

enum class Scorer {
  kCoCount,           // raw number of shared orders
  kConfidence,        // P(B | A)
  kLift,              // P(A,B) / (P(A) P(B))
  kCosine,            // co / sqrt(n_A n_B): Amazon item-to-item
  kJaccard,           // co / (n_A + n_B - co): SAR's default
  kShrunkConfidence,  // co / (n_A + shrink): confidence that does not trust 1-of-1 pairs
  // co / ((n_A + shrink)^alpha * (n_B + shrink)^beta): confidence (1, 0), cosine (0.5, 0.5) and
  // lift (1, 1) are corners of it; beta between them damps best sellers without promoting noise.
  kDampedConfidence,
};

const char* ScorerName(Scorer s);
bool ParseScorer(std::string_view name, Scorer* out);

struct AssociationOptions {
  Scorer scorer = Scorer::kShrunkConfidence;
  double shrink = 5.0;              // pseudo-orders added to n_A by kShrunkConfidence
  std::uint32_t min_co = 2;         // pairs seen fewer times are noise, not evidence
  std::size_t neighbours = 50;      // kept per product
  double alpha = 1.0;               // kDampedConfidence: exponent on the cart product's orders
  double beta = 0.5;                // kDampedConfidence: exponent on the candidate's orders
};

struct Neighbour {
  ProductIndex product;
  std::uint32_t co;   // orders containing both
  float score;
};

// Neighbour lists in one flat array (CSR): product p's list is [offsets[p], offsets[p+1]).
struct Associations {
  std::vector<std::uint32_t> offsets;  // size products + 1
  std::vector<Neighbour> flat;

  struct Span {
    const Neighbour* b;
    const Neighbour* e;
    const Neighbour* begin() const { return b; }
    const Neighbour* end() const { return e; }
    std::size_t size() const { return static_cast<std::size_t>(e - b); }
  };
  Span Of(ProductIndex p) const {
    if (static_cast<std::size_t>(p) + 1 >= offsets.size()) return {nullptr, nullptr};
    return {flat.data() + offsets[p], flat.data() + offsets[p + 1]};
  }
  std::size_t products() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

double Score(Scorer s, double co, double n_a, double n_b, double orders, double shrink);
// The same with every parameter of `options` (alpha and beta too).
double Score(const AssociationOptions& options, double co, double n_a, double n_b, double orders);

// Scores every counted pair in both directions and keeps the best `neighbours` per product,
// ordered by score descending, then product index ascending (deterministic). Scores use the
// counter's weighted counts; `co` and min_co use the plain ones.
Associations BuildAssociations(const PairCounter& counts, std::size_t products,
                               const AssociationOptions& options);

}  // namespace cartlift
