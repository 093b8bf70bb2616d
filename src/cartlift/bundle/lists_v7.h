// Neighbour lists as binary bundles of versions 5 to 7 pack them: each list has a palette of its
// distinct (co, score) pairs, and an entry holds the neighbour's index in its low bits and a
// palette index above them, in 1 to 4 whole bytes. Files already deployed keep loading (decoded,
// then packed as stats/associations.h packs lists now), and WriteBundleBinary(bundle, 6 or 7)
// writes them for a store whose deployed engine is older than version 8.
//
// The section's u32 words: products + 1, offsets; index bits; entry bytes; products + 1, palette
// offsets; palette count, palette entries (u32 co, f32 score bits); entry count, then the entries,
// entry j little-endian at byte j * entry bytes of the words, and one word more. Version 5 holds
// one 4-byte entry per word, no entry bytes and no word after them.
//
// Example:
//   std::vector<std::uint32_t> words = PackVersion7Lists(n, offsets.data(), flat.data());
//   PlainLists lists;
//   std::string why = DecodeVersion7Lists(words.data(), words.size(), n, &lists);  // "": decoded
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cartlift/stats/associations.h"

namespace cartlift {

// Lists as compressed sparse rows: product p's are entries[offsets[p] .. offsets[p+1]).
struct PlainLists {
  std::vector<std::uint32_t> offsets;
  std::vector<Neighbour> entries;
};

// Decodes the words of a version 6 or 7 section (a version 5 one once given its entry bytes, 4,
// and the word after its entries) for `products` products. Returns what is wrong with the layout,
// the offsets or a palette index, or "" when decoded; neighbour indices, scores and list lengths
// are the caller's to check (as for lists from any other source).
std::string DecodeVersion7Lists(const std::uint32_t* words, std::size_t size, std::size_t products, PlainLists* out);

// The section's words for lists given as compressed sparse rows, as the version 7 writer wrote
// them (a list longer than Limits::kMaxNeighbours keeps its first entries).
std::vector<std::uint32_t> PackVersion7Lists(std::size_t products, const std::uint32_t* offsets, const Neighbour* entries);

}  // namespace cartlift
