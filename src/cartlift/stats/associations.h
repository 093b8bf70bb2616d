// Association scores between products and the per-product neighbour lists kept in the bundle.
//
// Example:
//   AssociationOptions opt;             // shrunk confidence, min 2 co-purchases, top 50
//   Associations a = BuildAssociations(counter, opt);
//   for (const Neighbour& n : a.Of(product)) { /* n.product, n.co, n.score */ }
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
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

// Bytes handed over with their owner's release function (std::free for the wasm module's
// buffers). Associations read from such bytes may keep them and use the entries where they lie.
using HeldBytes = std::unique_ptr<unsigned char, void (*)(void*)>;

// Neighbour lists in one flat array (CSR): product p's list is [offsets[p], offsets[p+1]).
// The entries are `flat`, or, for a binary bundle whose bytes were handed over, the bundle's
// own entries in place (no copy: the wasm heap keeps the file once, not twice).
struct Associations {
  std::vector<std::uint32_t> offsets;  // size products + 1
  std::vector<Neighbour> flat;         // unused while the entries are in place

  Associations() = default;
  // Moved, the bytes go along, and the moved-from lists read as empty.
  Associations(Associations&&) noexcept = default;
  Associations& operator=(Associations&&) noexcept = default;
  // A copy holds its entries in `flat`, so it may outlive the original's bytes.
  Associations(const Associations& other) { *this = other; }
  Associations& operator=(const Associations& other);
  ~Associations() = default;

  const Neighbour* entries() const {
    return held_ ? reinterpret_cast<const Neighbour*>(held_.get() + in_place_at_) : flat.data();
  }
  std::size_t size() const { return held_ ? in_place_size_ : flat.size(); }
  // Uses the n entries at `at`, inside `bytes`, from now on (flat is cleared).
  void UseInPlace(const unsigned char* at, std::size_t n, HeldBytes bytes);

  struct Span {
    const Neighbour* b;
    const Neighbour* e;
    const Neighbour* begin() const { return b; }
    const Neighbour* end() const { return e; }
    std::size_t size() const { return static_cast<std::size_t>(e - b); }
  };
  Span Of(ProductIndex p) const {
    if (static_cast<std::size_t>(p) + 1 >= offsets.size()) return {nullptr, nullptr};
    return {entries() + offsets[p], entries() + offsets[p + 1]};
  }
  std::size_t products() const { return offsets.empty() ? 0 : offsets.size() - 1; }

 private:
  // The entries in place are at held_ + in_place_at_; no bytes held means they are `flat`.
  HeldBytes held_{nullptr, nullptr};
  std::size_t in_place_at_ = 0;
  std::size_t in_place_size_ = 0;
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
