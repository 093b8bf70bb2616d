// Basic value types shared by every module: dense product indices and integer money.
//
// Example:
//   cartlift::Money price = 255;          // £2.55 in minor units
//   cartlift::ProductIndex p = catalog.Find("85123A");
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>

namespace cartlift {

// Products are addressed by a dense index into the catalog; algorithms never touch string ids.
using ProductIndex = std::uint32_t;
inline constexpr ProductIndex kNoProduct = std::numeric_limits<ProductIndex>::max();

// The fewest bits (at least 1, at most 32) that hold every index below `count`: IndexBits(16470)
// is 15. Packed neighbour entries and the id-rank sort keys keep an index in that many low bits.
inline std::uint32_t IndexBits(std::size_t count) {
  std::uint32_t bits = 1;
  while (bits < 32 && (std::uint64_t{1} << bits) < count) ++bits;
  return bits;
}

// Money is always an integer count of the currency's minor unit (pence, cents), never a float.
using Money = std::int64_t;
// Percentages are kept in basis points (1 % = 100) so every discount is integer arithmetic.
using BasisPoints = std::int32_t;

// Hard limits on outside input. They keep a hostile bundle or request from exhausting the memory
// of a browser tab or an edge isolate; each breach is reported as ErrorCode::kLimitExceeded.
struct Limits {
  static constexpr std::size_t kMaxStringBytes = 4096;          // titles, ids, urls
  static constexpr std::size_t kMaxIdBytes = 256;
  static constexpr std::size_t kMaxJsonDepth = 64;
  static constexpr std::size_t kMaxProducts = 2'000'000;
  static constexpr std::size_t kMaxCartItems = 1000;
  // Entries in one product's neighbour list: `cartlift build --neighbours` allows up to 1000, and
  // the packed lists (stats/associations.h) address a list's distinct scores in 11 bits.
  static constexpr std::size_t kMaxNeighbours = 2048;
  static constexpr std::size_t kMaxRequestBytes = 1 << 20;      // 1 MiB
  static constexpr std::size_t kMaxRulesBytes = 1 << 20;        // 1 MiB of merchant rules JSON
  static constexpr std::size_t kMaxBundleBytes = 512u << 20;    // 512 MiB
  static constexpr std::size_t kMaxOffers = 100;
  static constexpr Money kMaxPriceMinor = 1'000'000'000'000LL;  // 10^12 minor units
};

}  // namespace cartlift
