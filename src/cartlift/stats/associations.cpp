#include "cartlift/stats/associations.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace cartlift {

std::uint32_t NeighbourIdBits(std::size_t products) {
  // At least one bit is left for the palette index.
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
  std::size_t n = 0;
  if (!count(1, &n) || n != products + 1) return "offset count is not products + 1";
  v.offsets = body + at;
  at += n;
  if (at >= size) return "no index bits";
  v.id_bits = body[at++];
  if (v.id_bits != NeighbourIdBits(products)) return "index bits do not match the product count";
  if (at >= size) return "no entry width";
  v.entry_bytes = body[at++];
  if (v.entry_bytes > 4 || 8 * v.entry_bytes <= v.id_bits) return "entry width leaves no room for a palette index";
  if (!count(1, &n) || n != products + 1) return "palette offset count is not products + 1";
  v.pal_at = body + at;
  at += n;
  if (!count(2, &v.palette_size)) return "palette count exceeds the bytes left";
  v.palette = body + at;
  at += 2 * v.palette_size;
  if (at >= size) return "no neighbour count";
  v.entries = body[at++];
  const std::uint64_t stream = EntryWords(v.entries, v.entry_bytes);
  if (stream > size - at) return "neighbour count exceeds the bytes left";
  v.words = body + at;
  if (at + stream != size) return "unexpected bytes after the neighbour entries";
  *out = v;
  return nullptr;
}

std::uint32_t PackedAssociations::FirstBadEntry(std::size_t p) const {
  // One comparison per bound and one branch per entry: this runs for every entry of a bundle
  // being loaded (wasm/CMakeLists.txt compiles this file for speed).
  const std::uint32_t mask = (1u << id_bits) - 1u;
  // A word below `limit` has a palette index below the list's palette size.
  const std::uint64_t limit = std::uint64_t{pal_at[p + 1] - pal_at[p]} << id_bits;
  const std::uint32_t self = static_cast<std::uint32_t>(p);
  const std::uint32_t last = offsets[p + 1];
  const std::uint32_t entry_mask = EntryMask(entry_bytes);
  const unsigned char* at = EntryBytes(offsets[p]);
  for (std::uint32_t j = offsets[p]; j < last; ++j, at += entry_bytes) {
    const std::uint32_t w = Read(at, entry_mask), id = w & mask;
    if (!((w < limit) & (id < products) & (id != self))) return j;
  }
  return last;
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
  // The same arrays at the same places of the adopted words.
  const std::uint32_t* base = a.block_.data();
  const auto at = [&](const std::uint32_t* p) { return base + (p - packed.body); };
  a.view_ = packed;
  a.view_.body = base;
  a.view_.offsets = at(packed.offsets);
  a.view_.pal_at = at(packed.pal_at);
  a.view_.palette = at(packed.palette);
  a.view_.words = at(packed.words);
  return a;
}

void Associations::UseInPlace(const PackedAssociations& packed, std::shared_ptr<const void> owner) {
  *this = Associations();
  view_ = packed;
  owner_ = std::move(owner);
}

Associations Associations::Pack(std::size_t products, const std::uint32_t* offsets, const Neighbour* entries) {
  const std::uint32_t id_bits = NeighbourIdBits(products);
  std::vector<std::uint32_t> at(products + 1, 0), pal_at(products + 1, 0), palette, words;
  // A list's palette is found by hashing (co, score bits) into `slot`, stamped with the list so
  // that no list clears it: a list holds at most 2048 distinct values in 4096 slots.
  struct Slot {
    std::uint32_t list = 0;  // p + 1 of the list that filled it
    std::uint32_t k = 0;
  };
  std::vector<Slot> slot(2 * Limits::kMaxNeighbours);
  const std::size_t mask = slot.size() - 1;
  std::size_t longest_palette = 0;
  for (std::size_t p = 0; p < products; ++p) {
    const Neighbour* first = entries + offsets[p];
    const std::size_t n = std::min<std::size_t>(offsets[p + 1] - offsets[p], Limits::kMaxNeighbours);
    const std::size_t base = palette.size() / 2;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t bits;
      std::memcpy(&bits, &first[i].score, 4);
      const std::uint32_t co = first[i].co;
      std::uint32_t k = 0;
      const std::size_t used = palette.size() / 2 - base;
      // Sorted lists (every list cartlift builds) repeat the value just added.
      if (used > 0 && palette[palette.size() - 2] == co && palette.back() == bits) {
        k = static_cast<std::uint32_t>(used - 1);
      } else {
        std::size_t h = ((co * 0x9E3779B1u) ^ (bits * 0x85EBCA77u)) & mask;
        while (slot[h].list == p + 1 && !(palette[2 * (base + slot[h].k)] == co && palette[2 * (base + slot[h].k) + 1] == bits))
          h = (h + 1) & mask;
        if (slot[h].list != p + 1) {
          slot[h] = {static_cast<std::uint32_t>(p + 1), static_cast<std::uint32_t>(used)};
          palette.push_back(co);
          palette.push_back(bits);
        }
        k = slot[h].k;
      }
      words.push_back(first[i].product | k << id_bits);
    }
    at[p + 1] = static_cast<std::uint32_t>(words.size());
    pal_at[p + 1] = static_cast<std::uint32_t>(palette.size() / 2);
    longest_palette = std::max(longest_palette, palette.size() / 2 - base);
  }
  // As few whole bytes as the index and the longest palette's indices need together (a list holds
  // at most 2048 entries, and 21 index bits cover Limits::kMaxProducts: at most 4 bytes).
  const std::uint32_t entry_bytes = std::min<std::uint32_t>((id_bits + IndexBits(longest_palette) + 7) / 8, 4);
  std::vector<std::uint32_t> stream(static_cast<std::size_t>(PackedAssociations::EntryWords(words.size(), entry_bytes)), 0);
  for (std::size_t j = 0; j < words.size(); ++j)
    for (std::size_t k = 0; k < entry_bytes; ++k) {
      const std::size_t byte = j * entry_bytes + k;
      stream[byte / 4] |= ((words[j] >> (8 * k)) & 0xFFu) << (8 * (byte % 4));
    }
  // The section's layout, so the writer and a copy take the words as they are.
  std::vector<std::uint32_t> body;
  body.reserve(5 + 2 * (products + 1) + palette.size() + stream.size());
  body.push_back(static_cast<std::uint32_t>(products + 1));
  body.insert(body.end(), at.begin(), at.end());
  body.push_back(id_bits);
  body.push_back(entry_bytes);
  body.push_back(static_cast<std::uint32_t>(products + 1));
  body.insert(body.end(), pal_at.begin(), pal_at.end());
  body.push_back(static_cast<std::uint32_t>(palette.size() / 2));
  body.insert(body.end(), palette.begin(), palette.end());
  body.push_back(static_cast<std::uint32_t>(words.size()));
  body.insert(body.end(), stream.begin(), stream.end());
  PackedAssociations v;
  PackedAssociations::View(body.data(), body.size(), products, &v);
  return Adopt(std::move(body), v);
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
