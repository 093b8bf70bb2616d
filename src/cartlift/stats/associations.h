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

// The neighbour lists, packed: 1 to 4 bytes per entry instead of 12 (3 for a 100k-product bundle,
// which has 3.7 M entries). Product p's entries are entries offsets[p] .. offsets[p+1] of a run of
// `entry_bytes`-byte entries; each holds the neighbour's index in its low `id_bits` bits and,
// above them, an index k into p's palette: its entries share a few distinct (co, score) values
// (the score of a list mostly depends on co alone), kept once as palette[2 * (pal_at[p] + k)]
// (co) and the next word (the score's bits). entry_bytes is what the index and the longest
// palette need together. Entry j is little-endian at byte j * entry_bytes of the words, read as
// bytes in file order (word i is bytes 4 i .. 4 i + 3, lowest first); a word follows the last
// entry, so four bytes can always be read at once.
//
// Everything is one run of u32, `body`, laid out as the binary bundle's ASSC section: products + 1,
// offsets, id_bits, entry_bytes, products + 1, pal_at, palette entries, palette (2 words each),
// entries, ceil(entries * entry_bytes / 4) + 1 words of entries.
struct PackedAssociations {
  const std::uint32_t* body = nullptr;
  std::size_t body_words = 0;
  const std::uint32_t* offsets = nullptr;  // products + 1
  const std::uint32_t* pal_at = nullptr;   // products + 1
  const std::uint32_t* palette = nullptr;  // 2 per palette entry
  const std::uint32_t* words = nullptr;    // the entries
  std::size_t products = 0;
  std::size_t palette_size = 0;  // entries (pairs of words)
  std::size_t entries = 0;
  std::uint32_t id_bits = 1;
  std::uint32_t entry_bytes = 4;

  // Finds the arrays in `body` (`size` words) for `products` products: null when the counts fit
  // the words exactly, else what is wrong. The values themselves are the caller's to check.
  static const char* View(const std::uint32_t* body, std::size_t size, std::size_t products, PackedAssociations* out);
  // Words that hold `entries` entries of `entry_bytes` bytes, with the word after them.
  static std::uint64_t EntryWords(std::uint64_t entries, std::uint32_t entry_bytes) {
    return (entries * entry_bytes + 3) / 4 + 1;
  }
  static std::uint32_t EntryMask(std::uint32_t entry_bytes) {
    return entry_bytes >= 4 ? ~0u : (1u << (8 * entry_bytes)) - 1u;
  }
  // The entry whose first byte is `at` (inside `words`): neighbour index | palette index << id_bits.
  __attribute__((always_inline)) static std::uint32_t Read(const unsigned char* at, std::uint32_t mask) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    // The words hold host-order values: file byte k of a word is its bits 8 k .. 8 k + 7.
    std::uint32_t v = 0;
    for (std::size_t k = 4; k-- > 0;) {
      const auto byte = reinterpret_cast<std::uintptr_t>(at + k);
      std::uint32_t word;
      std::memcpy(&word, at + k - byte % 4, 4);
      v = v << 8 | ((word >> (8 * (byte % 4))) & 0xFFu);
    }
#else
    std::uint32_t v;
    std::memcpy(&v, at, 4);
#endif
    return v & mask;
  }
  const unsigned char* EntryBytes(std::size_t j) const { return reinterpret_cast<const unsigned char*>(words) + j * entry_bytes; }
  // Entry j.
  std::uint32_t Entry(std::size_t j) const { return Read(EntryBytes(j), EntryMask(entry_bytes)); }
  // The first entry of product p's list that is not another product of the bundle with an entry
  // of p's palette, or offsets[p + 1] when there is none. Offsets and palette offsets must be
  // checked already (they span their arrays and never decrease).
  std::uint32_t FirstBadEntry(std::size_t p) const;
};

// Bits the packed entries give the neighbour's index in a bundle of `products` products.
std::uint32_t NeighbourIdBits(std::size_t products);

// Reads a packed list entry by entry, as Neighbour values. Inlined even in the size-optimised
// wasm build: it runs once per neighbour of every cart item.
class NeighbourIterator {
 public:
  NeighbourIterator(const PackedAssociations& v, std::size_t entry, const std::uint32_t* palette)
      : e_(v.EntryBytes(entry)), palette_(palette), width_(v.entry_bytes),
        mask_(PackedAssociations::EntryMask(v.entry_bytes)), id_bits_(v.id_bits) {}
  __attribute__((always_inline)) Neighbour operator*() const {
    const std::uint32_t w = PackedAssociations::Read(e_, mask_);
    const std::uint32_t* s = palette_ + 2 * (w >> id_bits_);
    Neighbour n{w & ((1u << id_bits_) - 1u), s[0], 0.0f};
    std::memcpy(&n.score, s + 1, 4);
    return n;
  }
  __attribute__((always_inline)) NeighbourIterator& operator++() {
    e_ += width_;
    return *this;
  }
  bool operator==(const NeighbourIterator& o) const { return e_ == o.e_; }
  bool operator!=(const NeighbourIterator& o) const { return e_ != o.e_; }

 private:
  const unsigned char* e_;  // the entry's first byte
  const std::uint32_t* palette_;
  std::uint32_t width_, mask_, id_bits_;
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
  // Owns `body`, whose arrays `packed` (from View, checked by the caller) points into.
  static Associations Adopt(std::vector<std::uint32_t> body, const PackedAssociations& packed);
  // Uses checked arrays where they lie from now on (no copy); `owner` keeps their bytes alive
  // (it may be given later, with KeepAlive, once the caller knows it keeps them).
  void UseInPlace(const PackedAssociations& packed, std::shared_ptr<const void> owner = nullptr);
  void KeepAlive(std::shared_ptr<const void> owner) { owner_ = std::move(owner); }

  __attribute__((always_inline)) Span Of(ProductIndex p) const {
    if (p >= view_.products) return {{view_, 0, nullptr}, {view_, 0, nullptr}, 0};
    const std::uint32_t* pal = view_.palette + 2 * std::size_t{view_.pal_at[p]};
    return {{view_, view_.offsets[p], pal}, {view_, view_.offsets[p + 1], pal}, view_.offsets[p + 1] - view_.offsets[p]};
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
