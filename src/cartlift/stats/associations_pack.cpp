// Plain lists into the packed form of associations.h, one list at a time. Apart from the serving
// path's file (associations.cpp), so that the wasm module, which packs only lists read from JSON
// or from files older than version 8, keeps it small (-Oz) instead of fast.
#include <algorithm>
#include <cstring>
#include <vector>

#include "cartlift/stats/associations.h"

namespace cartlift {
namespace {

std::size_t Hash(std::uint32_t co, std::uint32_t bits, std::size_t mask) {
  return static_cast<std::size_t>((std::uint64_t{co} * 0x9E3779B97F4A7C15ull ^ std::uint64_t{bits} * 0xC2B2AE3D27D4EB4Full) >> 20) & mask;
}

// Appends `v`, `bits` wide, at bit `*bit` of `words` (grown as needed, zero past the end).
void PutBits(std::vector<std::uint32_t>* words, std::uint64_t* bit, std::uint32_t v, std::uint32_t bits) {
  const std::size_t i = static_cast<std::size_t>(*bit >> 5);
  const std::uint32_t s = static_cast<std::uint32_t>(*bit & 31);
  if (words->size() < i + 2) words->resize(i + 2, 0);
  (*words)[i] |= v << s;
  if (s + bits > 32) (*words)[i + 1] |= v >> (32 - s);
  *bit += bits;
}

}  // namespace

Associations::Packer::Packer(std::size_t products, std::size_t entries)
    : products_(products), id_bits_(NeighbourIdBits(products)), at_(1, 0), run_at_(1, 0), slot_(1024, 0) {
  at_.reserve(products + 1);
  run_at_.reserve(products + 1);
  ids_.reserve(static_cast<std::size_t>(PackedAssociations::StreamWords(entries, id_bits_)));
}

std::uint32_t Associations::Packer::PairIndex(std::uint32_t co, std::uint32_t bits) {
  // Pairs are numbered in order of first use (the same lists always give the same numbers),
  // found by open addressing over pair index + 1.
  std::size_t h = Hash(co, bits, slot_.size() - 1);
  while (slot_[h] != 0 && !(pairs_[2 * (slot_[h] - 1)] == co && pairs_[2 * (slot_[h] - 1) + 1] == bits))
    h = (h + 1) & (slot_.size() - 1);
  if (slot_[h] != 0) return slot_[h] - 1;
  pairs_.push_back(co);
  pairs_.push_back(bits);
  slot_[h] = static_cast<std::uint32_t>(pairs_.size() / 2);
  if (pairs_.size() > slot_.size()) {  // over half full: twice the slots, every pair again
    slot_.assign(2 * slot_.size(), 0);
    for (std::uint32_t k = 0; k < pairs_.size() / 2; ++k) {
      std::size_t g = Hash(pairs_[2 * k], pairs_[2 * k + 1], slot_.size() - 1);
      while (slot_[g] != 0) g = (g + 1) & (slot_.size() - 1);
      slot_[g] = k + 1;
    }
  }
  return static_cast<std::uint32_t>(pairs_.size() / 2 - 1);
}

void Associations::Packer::Add(const Neighbour* list, std::size_t n) {
  if (at_.size() > products_) return;  // every product has its list
  n = std::min<std::size_t>(n, Limits::kMaxNeighbours);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &list[i].score, 4);
    if (i > 0 && list[i].co == list[i - 1].co && std::memcmp(&list[i].score, &list[i - 1].score, 4) == 0) {
      longest_run_ = std::max<std::uint32_t>(longest_run_, ++run_lengths_.back() + 1u);
    } else {
      run_pairs_.push_back(PairIndex(list[i].co, bits));
      run_lengths_.push_back(0);  // stored as length - 1
    }
    PutBits(&ids_, &id_bit_, list[i].product, id_bits_);
  }
  at_.push_back(static_cast<std::uint32_t>(id_bit_ / id_bits_));
  run_at_.push_back(static_cast<std::uint32_t>(run_pairs_.size()));
}

Associations Associations::Packer::Finish() && {
  while (at_.size() <= products_) Add(nullptr, 0);
  const std::uint32_t pair_bits = IndexBits(pairs_.size() / 2), length_bits = IndexBits(longest_run_);
  const std::size_t runs = run_pairs_.size(), entries = at_.back();
  const auto words = [](std::size_t n, std::uint32_t bits) {
    return static_cast<std::size_t>(PackedAssociations::StreamWords(n, bits));
  };
  // The section's layout, so the writer and a copy take the words as they are.
  std::vector<std::uint32_t> body;
  body.reserve(8 + 2 * (products_ + 1) + pairs_.size() + words(runs, pair_bits) + words(runs, length_bits) +
               words(entries, id_bits_));
  body.push_back(static_cast<std::uint32_t>(products_ + 1));
  body.insert(body.end(), at_.begin(), at_.end());
  body.push_back(id_bits_);
  body.push_back(static_cast<std::uint32_t>(products_ + 1));
  body.insert(body.end(), run_at_.begin(), run_at_.end());
  body.push_back(static_cast<std::uint32_t>(pairs_.size() / 2));
  body.insert(body.end(), pairs_.begin(), pairs_.end());
  body.push_back(pair_bits);
  body.push_back(length_bits);
  body.push_back(static_cast<std::uint32_t>(runs));
  for (const std::vector<std::uint32_t>* values : {&run_pairs_, &run_lengths_}) {
    const std::uint32_t bits = values == &run_pairs_ ? pair_bits : length_bits;
    std::vector<std::uint32_t> stream;
    stream.reserve(words(runs, bits));
    std::uint64_t bit = 0;
    for (const std::uint32_t v : *values) PutBits(&stream, &bit, v, bits);
    stream.resize(words(runs, bits), 0);
    body.insert(body.end(), stream.begin(), stream.end());
  }
  body.push_back(static_cast<std::uint32_t>(entries));
  ids_.resize(words(entries, id_bits_), 0);
  body.insert(body.end(), ids_.begin(), ids_.end());
  PackedAssociations v;
  PackedAssociations::View(body.data(), body.size(), products_, &v);
  return Adopt(std::move(body), v);
}

Associations Associations::Pack(std::size_t products, const std::uint32_t* offsets, const Neighbour* entries) {
  Packer packer(products, offsets[products]);
  for (std::size_t p = 0; p < products; ++p) packer.Add(entries + offsets[p], offsets[p + 1] - offsets[p]);
  return std::move(packer).Finish();
}

}  // namespace cartlift
