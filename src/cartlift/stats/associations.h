// Association scores between products and the per-product neighbour lists kept in the bundle.
//
// Example:
//   AssociationOptions opt;             // shrunk confidence, min 2 co-purchases, top 50
//   Associations a = BuildAssociations(counter, opt);
//   for (const Neighbour& n : a.Of(product)) { /* n.product, n.co, n.score */ }
//   std::size_t bytes = 4 * a.packed().body_words;                      // what the lists take
#pragma once
#include <cstdint>
#include <cstring>
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

// The neighbour lists, packed (the 100k-product bundle's 3.7 M entries take 11.8 MB instead of
// 44 MB as 12-byte entries). List p is entries offsets[p] .. offsets[p+1]: each entry is the
// neighbour's index, `id_bits` bits. Its (co, score) values come in runs: consecutive entries with
// the same pair share one run, which names the pair (an index into `pairs`, the bundle's distinct
// pairs: a score mostly depends on co alone and few co values are common, so the 100k-product
// bundle has 110k pairs) and how many entries it covers. A built list is sorted by score, so its
// equal pairs are adjacent and a list of 37 has about 8 runs. List p's runs are runs
// run_at[p] .. run_at[p+1], and their lengths add up to the list's.
//
// Everything is one run of u32, `body`, laid out as the binary bundle's ASSC section:
//   products + 1, offsets; id_bits; products + 1, run_at; pair count, pairs (co, score bits: two
//   words each); pair_bits, length_bits; run count, the runs' pair indices (a stream of
//   pair_bits-bit values), then their lengths minus one (length_bits-bit values); entry count,
//   the entries (id_bits-bit values).
// A stream of n values of b bits takes StreamWords(n, b) words: value k is bits k b .. k b + b - 1
// counting from the lowest bit of word 0 (on a little-endian host, a plain little-endian bit
// stream of the file's bytes), and one word more, so that two words can always be read at once.
struct PackedAssociations {
  const std::uint32_t* body = nullptr;
  std::size_t body_words = 0;
  const std::uint32_t* offsets = nullptr;      // products + 1
  const std::uint32_t* run_at = nullptr;       // products + 1
  const std::uint32_t* pairs = nullptr;        // 2 per pair
  const std::uint32_t* run_pairs = nullptr;    // stream of pair_bits-bit values
  const std::uint32_t* run_lengths = nullptr;  // stream of length_bits-bit values
  const std::uint32_t* words = nullptr;        // the entries: stream of id_bits-bit values
  std::size_t products = 0;
  std::size_t pair_count = 0;
  std::size_t runs = 0;
  std::size_t entries = 0;
  std::uint32_t id_bits = 1, pair_bits = 1, length_bits = 1;

  // Finds the arrays in `body` (`size` words) for `products` products: null when the counts and
  // widths fit the words exactly, else what is wrong. The values are the caller's to check.
  static const char* View(const std::uint32_t* body, std::size_t size, std::size_t products, PackedAssociations* out);
  // Words that hold `n` values of `bits` bits, with the word after them.
  static std::uint64_t StreamWords(std::uint64_t n, std::uint32_t bits) { return (n * bits + 31) / 32 + 1; }
  static std::uint32_t Mask(std::uint32_t bits) { return bits >= 32 ? ~0u : (1u << bits) - 1u; }
  // The value at bit `bit` of a stream, `mask` wide. Two words combined: on a little-endian host
  // one unaligned 64-bit load.
  __attribute__((always_inline)) static std::uint32_t Bits(const std::uint32_t* stream, std::uint64_t bit,
                                                           std::uint32_t mask) {
    const std::uint32_t* w = stream + (bit >> 5);
    const std::uint64_t v = w[0] | std::uint64_t{w[1]} << 32;
    return static_cast<std::uint32_t>(v >> (bit & 31)) & mask;
  }
  // Entry j: the neighbour's index.
  std::uint32_t Entry(std::size_t j) const { return Bits(words, std::uint64_t{j} * id_bits, Mask(id_bits)); }
  // Run r's pair index and length.
  std::uint32_t RunPair(std::size_t r) const { return Bits(run_pairs, std::uint64_t{r} * pair_bits, Mask(pair_bits)); }
  std::uint32_t RunLength(std::size_t r) const {
    return Bits(run_lengths, std::uint64_t{r} * length_bits, Mask(length_bits)) + 1;
  }
  // The first entry of product p's list that is not another product of the bundle, or
  // offsets[p + 1] when there is none. Offsets must be checked already.
  std::uint32_t FirstBadEntry(std::size_t p) const;
  // True when product p's runs name pairs the bundle has and cover its list exactly. Offsets and
  // run offsets must be checked already.
  bool RunsCover(std::size_t p) const;
};

// Bits the packed entries give the neighbour's index in a bundle of `products` products.
std::uint32_t NeighbourIdBits(std::size_t products);

// Reads a packed list entry by entry, as Neighbour values. Inlined even in the size-optimised
// wasm build: it runs once per neighbour of every cart item.
class NeighbourIterator {
 public:
  // The end of a list whose entries end at `entry`.
  NeighbourIterator(const PackedAssociations& v, std::uint32_t entry)
      : v_(&v), words_(v.words), bit_(std::uint64_t{entry} * v.id_bits), id_bits_(v.id_bits),
        id_mask_(PackedAssociations::Mask(v.id_bits)) {}
  // The start of a list: its first entry and its runs.
  NeighbourIterator(const PackedAssociations& v, std::uint32_t entry, std::uint32_t run, std::uint32_t runs_end)
      : NeighbourIterator(v, entry) {
    run_ = run;
    runs_end_ = runs_end;
    if (run_ < runs_end_) LoadRun();
  }
  __attribute__((always_inline)) Neighbour operator*() const {
    return {PackedAssociations::Bits(words_, bit_, id_mask_), co_, score_};
  }
  __attribute__((always_inline)) NeighbourIterator& operator++() {
    bit_ += id_bits_;
    if (--left_ == 0 && ++run_ < runs_end_) LoadRun();
    return *this;
  }
  bool operator==(const NeighbourIterator& o) const { return bit_ == o.bit_; }
  bool operator!=(const NeighbourIterator& o) const { return bit_ != o.bit_; }

 private:
  void LoadRun() {
    const std::uint32_t pair = v_->RunPair(run_);
    left_ = v_->RunLength(run_);
    co_ = v_->pairs[2 * std::size_t{pair}];
    std::memcpy(&score_, v_->pairs + 2 * std::size_t{pair} + 1, 4);
  }
  const PackedAssociations* v_;
  const std::uint32_t* words_;
  std::uint64_t bit_;  // the entry's first bit
  std::uint32_t id_bits_, id_mask_;
  std::uint32_t run_ = 0, runs_end_ = 0, left_ = 0;  // the current run, the list's last + 1, entries left in it
  std::uint32_t co_ = 0;
  float score_ = 0.0f;
};

// Product lists, best first. Example: the strongest neighbour of 0 (if any) is *as.Of(0).begin().
class Associations {
 public:
  struct Span {
    NeighbourIterator b, e;
    std::size_t n;
    NeighbourIterator begin() const { return b; }
    NeighbourIterator end() const { return e; }
    std::size_t size() const { return n; }
    bool empty() const { return n == 0; }
  };

  Associations() = default;
  // Moved, the words (and held bytes) go along, and the moved-from lists read as empty.
  Associations(Associations&& other) noexcept { *this = std::move(other); }
  Associations& operator=(Associations&& other) noexcept;
  // A copy owns its words, so it may outlive the original's bytes.
  Associations(const Associations& other) { *this = other; }
  Associations& operator=(const Associations& other);
  ~Associations() = default;

  // Packs CSR lists: product p's are entries[offsets[p] .. offsets[p+1]), p < products, every
  // index < products. A list longer than Limits::kMaxNeighbours keeps its first entries.
  static Associations Pack(std::size_t products, const std::uint32_t* offsets, const Neighbour* entries);
  // The same, one list at a time, so that a reader need not hold every list in plain form first
  // (3.7 M neighbours are 44 MB as Neighbour values). Example:
  //   Associations::Packer packer(n);
  //   for (std::size_t p = 0; p < n; ++p) packer.Add(list_of_p.data(), list_of_p.size());
  //   Associations a = std::move(packer).Finish();  // products not added have empty lists
  class Packer {
   public:
    // `entries`, when known, sizes the neighbour stream once instead of growing it.
    explicit Packer(std::size_t products, std::size_t entries = 0);
    // The next product's list (its first Limits::kMaxNeighbours entries); past the last product, ignored.
    void Add(const Neighbour* list, std::size_t n);
    Associations Finish() &&;

   private:
    std::uint32_t PairIndex(std::uint32_t co, std::uint32_t bits);
    std::size_t products_;
    std::uint32_t id_bits_, longest_run_ = 1;
    std::uint64_t id_bit_ = 0;
    std::vector<std::uint32_t> at_, run_at_, pairs_, run_pairs_, ids_, slot_;
    std::vector<std::uint32_t> run_lengths_;  // length - 1
  };
  // Owns `body`, whose arrays `packed` (from View, checked by the caller) points into.
  static Associations Adopt(std::vector<std::uint32_t> body, const PackedAssociations& packed);
  // Uses checked arrays where they lie from now on (no copy); `owner` keeps their bytes alive
  // (it may be given later, with KeepAlive, once the caller knows it keeps them).
  void UseInPlace(const PackedAssociations& packed, std::shared_ptr<const void> owner = nullptr);
  void KeepAlive(std::shared_ptr<const void> owner) { owner_ = std::move(owner); }

  __attribute__((always_inline)) Span Of(ProductIndex p) const {
    if (p >= view_.products) return {{view_, 0}, {view_, 0}, 0};
    const std::uint32_t first = view_.offsets[p], last = view_.offsets[p + 1];
    return {{view_, first, view_.run_at[p], view_.run_at[p + 1]}, {view_, last}, last - first};
  }
  std::size_t products() const { return view_.products; }
  std::size_t size() const { return view_.entries; }  // entries over all lists
  const PackedAssociations& packed() const { return view_; }
  // True when the lists lie in bytes the associations did not copy (see UseInPlace).
  bool in_place() const { return view_.products > 0 && block_.empty(); }

 private:
  PackedAssociations view_;  // points into block_, or into owner_'s bytes
  std::vector<std::uint32_t> block_;
  std::shared_ptr<const void> owner_;
};

double Score(Scorer s, double co, double n_a, double n_b, double orders, double shrink);
// The same with every parameter of `options` (alpha and beta too).
double Score(const AssociationOptions& options, double co, double n_a, double n_b, double orders);

// Scores every counted pair in both directions and keeps the best `neighbours` per product,
// ordered by score descending, then co descending, then product index ascending (deterministic);
// at most Limits::kMaxNeighbours whatever options.neighbours says. Scores use the
// counter's weighted counts; `co` and min_co use the plain ones.
Associations BuildAssociations(const PairCounter& counts, std::size_t products,
                               const AssociationOptions& options);

}  // namespace cartlift
