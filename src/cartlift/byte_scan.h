// Word-at-a-time byte tests: eight bytes per step where the plain loops of the readers' hot paths
// take one. Whether a word holds a match is exact, and so is its first match (see BytesBelow).
//
// Example:
//   FindFirstOf2(line, line + n, '\n', '\r')   // the first LF or CR, or line + n
//   HashBytes(id.data(), id.size())            // a slot for id in an open-addressing table
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace cartlift {
namespace byte_scan {

inline constexpr std::uint64_t kOnes = 0x0101010101010101ull;
inline constexpr std::uint64_t kHighs = kOnes * 0x80;

inline std::uint64_t Load64(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);  // unaligned and aliasing-safe; compiles to one load
  return w;
}

// Flags (high bit) the bytes of w below n (n <= 0x80). A borrow may also flag a byte above a
// true hit but never one without a hit below it, so "none flagged" means "none below n" and,
// in a little-endian load, the lowest flag marks the first such byte.
constexpr std::uint64_t BytesBelow(std::uint64_t w, unsigned n) {
  return (w - kOnes * n) & ~w & kHighs;
}

// Nonzero when some byte of w equals c.
constexpr std::uint64_t BytesEqual(std::uint64_t w, unsigned char c) {
  return BytesBelow(w ^ (kOnes * c), 1);
}

inline std::uint32_t Load32(const char* p) {
  std::uint32_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// A hash of short ids for open-addressing tables, eight bytes per multiply where FNV-1a takes
// one. Not stable across byte orders or versions: nothing may store it. Every step folds the
// high half down because tables index by the low bits, which a product alone leaves blind to
// the high bytes of its inputs.
inline std::uint64_t HashBytes(const char* p, std::size_t n) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;  // 2^64 / golden ratio, odd
  auto mix = [](std::uint64_t h, std::uint64_t w) {
    h = (h ^ w) * kMul;
    return h ^ (h >> 32);
  };
  std::uint64_t h = mix(0x6A09E667F3BCC908ull, n);
  if (n >= 8) {
    const char* const last = p + n - 8;
    for (; p < last; p += 8) h = mix(h, Load64(p));
    h = mix(h, Load64(last));  // overlaps the previous word unless n is a multiple of 8
  } else if (n >= 4) {
    h = mix(h, Load32(p) | std::uint64_t{Load32(p + n - 4)} << 32);
  } else if (n > 0) {
    const auto byte = [p](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
    h = mix(h, byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16);
  }
  return mix(h, 0);
}

// The first byte in [p, e) equal to a or b, or e.
inline const char* FindFirstOf2(const char* p, const char* e, char a, char b) {
  const auto ua = static_cast<unsigned char>(a);
  const auto ub = static_cast<unsigned char>(b);
  while (e - p >= 8) {
    const std::uint64_t w = Load64(p);
    const std::uint64_t hits = BytesEqual(w, ua) | BytesEqual(w, ub);
    if (hits != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      // The lowest flag is exact (see BytesBelow); counting to it spares a byte loop whose
      // varying trip count the branch predictor would miss once a line.
      return p + __builtin_ctzll(hits) / 8;
#else
      break;
#endif
    }
    p += 8;
  }
  while (p != e && *p != a && *p != b) ++p;
  return p;
}

}  // namespace byte_scan
}  // namespace cartlift
