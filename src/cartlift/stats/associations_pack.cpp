// Associations::Pack: plain lists into the packed form of associations.h. Apart from the serving
// path's file (associations.cpp), so that the wasm module, which packs only lists read from JSON
// or from files older than version 8, keeps it small (-Oz) instead of fast.
#include <algorithm>
#include <cstring>
#include <vector>

#include "cartlift/stats/associations.h"

namespace cartlift {

namespace {

// `values` as a stream of `bits`-bit values (PackedAssociations::StreamWords words).
void AppendStream(std::vector<std::uint32_t>* body, const std::vector<std::uint32_t>& values, std::uint32_t bits) {
  const std::size_t first = body->size();
  body->resize(first + static_cast<std::size_t>(PackedAssociations::StreamWords(values.size(), bits)), 0);
  std::uint32_t* w = body->data() + first;
  std::uint64_t bit = 0;
  for (const std::uint32_t v : values) {
    const std::size_t i = static_cast<std::size_t>(bit >> 5);
    const std::uint32_t s = static_cast<std::uint32_t>(bit & 31);
    w[i] |= v << s;
    if (s + bits > 32) w[i + 1] |= v >> (32 - s);
    bit += bits;
  }
}

}  // namespace

Associations Associations::Pack(std::size_t products, const std::uint32_t* offsets, const Neighbour* entries) {
  const std::uint32_t id_bits = NeighbourIdBits(products);
  std::vector<std::uint32_t> at(products + 1, 0), run_at(products + 1, 0), pairs, run_pairs, run_lengths, ids;
  // The bundle's distinct (co, score bits) pairs, numbered in order of first use (the same lists
  // always give the same numbers), found by open addressing over pair index + 1.
  std::vector<std::uint32_t> slot(1024, 0);
  const auto find = [&](std::uint32_t co, std::uint32_t bits) {
    const std::size_t mask = slot.size() - 1;
    std::size_t h = (std::uint64_t{co} * 0x9E3779B97F4A7C15ull ^ std::uint64_t{bits} * 0xC2B2AE3D27D4EB4Full) >> 20 & mask;
    while (slot[h] != 0 && !(pairs[2 * (slot[h] - 1)] == co && pairs[2 * (slot[h] - 1) + 1] == bits)) h = (h + 1) & mask;
    if (slot[h] == 0) {
      pairs.push_back(co);
      pairs.push_back(bits);
      slot[h] = static_cast<std::uint32_t>(pairs.size() / 2);
      if (pairs.size() > slot.size()) {  // over half full: twice the slots, every pair again
        std::vector<std::uint32_t> grown(2 * slot.size(), 0);
        const std::size_t m = grown.size() - 1;
        for (std::uint32_t k = 0; k < pairs.size() / 2; ++k) {
          std::size_t g = (std::uint64_t{pairs[2 * k]} * 0x9E3779B97F4A7C15ull ^ std::uint64_t{pairs[2 * k + 1]} * 0xC2B2AE3D27D4EB4Full) >> 20 & m;
          while (grown[g] != 0) g = (g + 1) & m;
          grown[g] = k + 1;
        }
        slot.swap(grown);
      }
      return static_cast<std::uint32_t>(pairs.size() / 2 - 1);
    }
    return slot[h] - 1;
  };
  std::uint32_t longest_run = 1;
  for (std::size_t p = 0; p < products; ++p) {
    const Neighbour* first = entries + offsets[p];
    const std::size_t n = std::min<std::size_t>(offsets[p + 1] - offsets[p], Limits::kMaxNeighbours);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t bits;
      std::memcpy(&bits, &first[i].score, 4);
      if (i > 0 && first[i].co == first[i - 1].co && std::memcmp(&first[i].score, &first[i - 1].score, 4) == 0) {
        longest_run = std::max(longest_run, ++run_lengths.back() + 1);
      } else {
        run_pairs.push_back(find(first[i].co, bits));
        run_lengths.push_back(0);  // stored as length - 1
      }
      ids.push_back(first[i].product);
    }
    at[p + 1] = static_cast<std::uint32_t>(ids.size());
    run_at[p + 1] = static_cast<std::uint32_t>(run_pairs.size());
  }
  const std::uint32_t pair_bits = IndexBits(pairs.size() / 2), length_bits = IndexBits(longest_run);
  // The section's layout, so the writer and a copy take the words as they are.
  std::vector<std::uint32_t> body;
  body.reserve(8 + 2 * (products + 1) + pairs.size() +
               static_cast<std::size_t>(PackedAssociations::StreamWords(run_pairs.size(), pair_bits) +
                                        PackedAssociations::StreamWords(run_pairs.size(), length_bits) +
                                        PackedAssociations::StreamWords(ids.size(), id_bits)));
  body.push_back(static_cast<std::uint32_t>(products + 1));
  body.insert(body.end(), at.begin(), at.end());
  body.push_back(id_bits);
  body.push_back(static_cast<std::uint32_t>(products + 1));
  body.insert(body.end(), run_at.begin(), run_at.end());
  body.push_back(static_cast<std::uint32_t>(pairs.size() / 2));
  body.insert(body.end(), pairs.begin(), pairs.end());
  body.push_back(pair_bits);
  body.push_back(length_bits);
  body.push_back(static_cast<std::uint32_t>(run_pairs.size()));
  AppendStream(&body, run_pairs, pair_bits);
  AppendStream(&body, run_lengths, length_bits);
  body.push_back(static_cast<std::uint32_t>(ids.size()));
  AppendStream(&body, ids, id_bits);
  PackedAssociations v;
  PackedAssociations::View(body.data(), body.size(), products, &v);
  return Adopt(std::move(body), v);
}

}  // namespace cartlift
