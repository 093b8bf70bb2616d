#include "cartlift/bundle/lists_v7.h"

#include <algorithm>
#include <cstring>

#include "cartlift/types.h"

namespace cartlift {
namespace {

std::uint64_t EntryWords(std::uint64_t entries, std::uint32_t entry_bytes) { return (entries * entry_bytes + 3) / 4 + 1; }

// The entry whose first byte is `at`, `entry_bytes` wide: file byte k of a word is its bits
// 8 k .. 8 k + 7, whatever the host's byte order.
std::uint32_t ReadEntry(const std::uint32_t* words, std::size_t at, std::uint32_t entry_bytes) {
  std::uint32_t v = 0;
  for (std::size_t k = entry_bytes; k-- > 0;) v = v << 8 | ((words[(at + k) / 4] >> (8 * ((at + k) % 4))) & 0xFFu);
  return v;
}

// Offsets of lists into `total` entries start at 0, end at `total` and never decrease.
bool Spans(const std::uint32_t* at, std::size_t n, std::size_t total) {
  bool ok = at[0] == 0 && at[n] == total;
  for (std::size_t p = 0; p < n; ++p) ok &= at[p + 1] >= at[p];
  return ok;
}

}  // namespace

const char* Version7Lists::View(const std::uint32_t* body, std::size_t size, std::size_t products) {
  std::size_t at = 0;
  const auto count = [&](std::size_t per, std::size_t* n) {
    if (at >= size) return false;
    *n = body[at++];
    return *n <= (size - at) / per;
  };
  std::size_t n = 0;
  if (!count(1, &n) || n != products + 1) return "offset count is not products + 1";
  offsets_ = body + at;
  at += n;
  if (at >= size) return "no index bits";
  id_bits_ = body[at++];
  if (id_bits_ != NeighbourIdBits(products)) return "index bits do not match the product count";
  if (at >= size) return "no entry width";
  entry_bytes_ = body[at++];
  if (entry_bytes_ > 4 || 8 * entry_bytes_ <= id_bits_) return "entry width leaves no room for a palette index";
  if (!count(1, &n) || n != products + 1) return "palette offset count is not products + 1";
  pal_at_ = body + at;
  at += n;
  std::size_t palette_size = 0;
  if (!count(2, &palette_size)) return "palette count exceeds the bytes left";
  palette_ = body + at;
  at += 2 * palette_size;
  if (at >= size) return "no neighbour count";
  const std::size_t entries = body[at++];
  const std::uint64_t stream = EntryWords(entries, entry_bytes_);
  if (stream > size - at) return "neighbour count exceeds the bytes left";
  entries_ = body + at;
  if (at + stream != size) return "unexpected bytes after the neighbour entries";
  if (!Spans(offsets_, products, entries)) return "offsets do not span their entries";
  if (!Spans(pal_at_, products, palette_size)) return "palette offsets do not span their palette";
  products_ = products;
  return nullptr;
}

std::string Version7Lists::PackInto(Associations::Packer* packer) const {
  const std::uint32_t mask = (1u << id_bits_) - 1u;
  std::vector<Neighbour> list;
  for (std::size_t p = 0; p < products_; ++p) {
    const std::uint32_t palette_here = pal_at_[p + 1] - pal_at_[p];
    list.clear();
    for (std::uint32_t j = offsets_[p]; j < offsets_[p + 1]; ++j) {
      const std::uint32_t w = ReadEntry(entries_, std::size_t{j} * entry_bytes_, entry_bytes_), k = w >> id_bits_;
      if (k >= palette_here)
        return "neighbour " + std::to_string(j - offsets_[p]) + " of product " + std::to_string(p) +
               " refers to a palette entry the product does not have";
      const std::uint32_t* pair = palette_ + 2 * (std::size_t{pal_at_[p]} + k);
      Neighbour nb{w & mask, pair[0], 0.0f};
      std::memcpy(&nb.score, pair + 1, 4);
      list.push_back(nb);
    }
    packer->Add(list.data(), list.size());
  }
  return {};
}

std::vector<std::uint32_t> PackVersion7Lists(std::size_t products, const std::uint32_t* offsets, const Neighbour* entries) {
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
  std::vector<std::uint32_t> stream(static_cast<std::size_t>(EntryWords(words.size(), entry_bytes)), 0);
  for (std::size_t j = 0; j < words.size(); ++j)
    for (std::size_t k = 0; k < entry_bytes; ++k) {
      const std::size_t byte = j * entry_bytes + k;
      stream[byte / 4] |= ((words[j] >> (8 * k)) & 0xFFu) << (8 * (byte % 4));
    }
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
  return body;
}

}  // namespace cartlift
