// FNV-1a, 32-bit (Fowler, Noll, Vo): the hash behind experiment arms. Chosen for being trivially
// identical in C++, wasm and plain JavaScript (Math.imul), not for quality: arm assignment
// only needs a stable, well-spread bucket, and existing visitors of the demo store must keep
// the arm they were given by its JavaScript implementation.
//
// Example:
//   std::uint32_t h = Fnv1a32("foobar");                 // 0xbf9cf968
//   std::uint32_t g = Fnv1a32("bar", Fnv1a32("foo"));    // the same: hashing continues
#pragma once
#include <cstdint>
#include <string_view>

namespace cartlift {

inline constexpr std::uint32_t kFnv1a32Offset = 0x811c9dc5u;
inline constexpr std::uint32_t kFnv1a32Prime = 0x01000193u;

// Hashes the bytes of `bytes` (UTF-8 as given, no normalisation), continuing from `state`, so a
// key made of several parts is hashed without concatenating them first.
constexpr std::uint32_t Fnv1a32(std::string_view bytes, std::uint32_t state = kFnv1a32Offset) {
  for (char c : bytes) {
    state ^= static_cast<std::uint32_t>(static_cast<unsigned char>(c));
    state *= kFnv1a32Prime;  // unsigned: wraps modulo 2^32 as the algorithm requires
  }
  return state;
}

}  // namespace cartlift
