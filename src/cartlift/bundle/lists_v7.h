// Neighbour lists as binary bundles of versions 5 to 7 pack them: each list has a palette of its
// distinct (co, score) pairs, and an entry holds the neighbour's index in its low bits and a
// palette index above them, in 1 to 4 whole bytes. Files already deployed keep loading (packed
// list by list as stats/associations.h packs lists now), and WriteBundleBinary(bundle, 6 or 7)
// writes them for a store whose deployed engine is older than version 8.
//
// The section's u32 words: products + 1, offsets; index bits; entry bytes; products + 1, palette
// offsets; palette count, palette entries (u32 co, f32 score bits); entry count, then the entries,
// entry j little-endian at byte j * entry bytes of the words, and one word more. Version 5 holds
// one 4-byte entry per word, no entry bytes and no word after them.
//
// Example:
//   std::vector<std::uint32_t> words = PackVersion7Lists(n, offsets.data(), flat.data());
//   Version7Lists old;
//   Associations::Packer packer(n);
//   if (!old.View(words.data(), words.size(), n) && old.PackInto(&packer).empty())
//     Associations lists = std::move(packer).Finish();
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cartlift/stats/associations.h"

namespace cartlift {

// A version 5 to 7 section's lists, read list by list into the current packed form.
class Version7Lists {
 public:
  // Finds the arrays in the words of a version 6 or 7 section (a version 5 one once given its
  // entry bytes, 4, and the word after its entries) for `products` products: null when they fit
  // the words and the offsets span them, else what is wrong. The words must outlive the view.
  const char* View(const std::uint32_t* words, std::size_t size, std::size_t products);
  std::uint32_t Length(std::size_t p) const { return offsets_[p + 1] - offsets_[p]; }
  std::size_t entries() const { return offsets_[products_]; }
  // Adds every list to `packer`, in order: "" when done, else the palette index that is wrong.
  // Lengths are the caller's to check first; neighbour indices and scores are checked once
  // packed, as for lists from any other source.
  std::string PackInto(Associations::Packer* packer) const;

 private:
  const std::uint32_t* offsets_ = nullptr;
  const std::uint32_t* pal_at_ = nullptr;
  const std::uint32_t* palette_ = nullptr;
  const std::uint32_t* entries_ = nullptr;
  std::size_t products_ = 0;
  std::uint32_t id_bits_ = 1, entry_bytes_ = 1;
};

// The section's words for lists given as compressed sparse rows, as the version 7 writer wrote
// them (a list longer than Limits::kMaxNeighbours keeps its first entries).
std::vector<std::uint32_t> PackVersion7Lists(std::size_t products, const std::uint32_t* offsets, const Neighbour* entries);

}  // namespace cartlift
