// The binary form of the store bundle: the same content as the JSON form (bundle_json.h), loaded
// without a JSON parse so edge workers and the browser widget start in milliseconds.
//
// Layout (every integer little-endian, whatever the host):
//   header   "CLBN", u32 format version, u64 payload bytes, u32 checksum of the payload: the low
//            32 bits of XXH64 with seed 0 (zstd's frame checksum) from version 4, CRC-32 (IEEE)
//            in versions 2 and 3
//   payload  sections in fixed order, each u32 tag, u64 byte length, body:
//            "STRS" string table: every distinct string once; others refer to it by u32
//                   offset + u32 length. The writer ends it with up to 3 zero bytes no string
//                   uses, so that the ASSC body (and its entries) start on a 4-byte boundary
//            "META" currency, cross-sell options, provenance
//            "RULE" the merchant rules as their JSON text (bundle_json.h, WriteRulesJson)
//            "EXPT" the experiments as their JSON text (experiments_json.h, WriteExperimentsJson);
//                   absent in version 2 files, which are still read (as bundles without experiments)
//            "PROD" products with every Product field; flag bit 4 says an inferred upgrade
//                   follows the record (u32 target index, f64 confidence, u32 diff count, then
//                   name/from/to string refs), see ReadInferredUpgrade
//            "ORDS" orders per product
//            "ASSC" the packed neighbour lists of stats/associations.h, each array a u32 count and
//                   its values: list offsets (products + 1), then u32 index bits, u32 entry bits,
//                   palette offsets (products + 1), palette entries (u32 co, f32 score), then the
//                   entry count and the entries (neighbour index | palette index << index bits)
//                   as a bit stream of entry-bits-wide fields in u32 words, lowest bits first,
//                   and one more word. Version 5 has 32-bit entries, one per word, no entry bits
//                   and no word after them; versions 2 to 4 hold offsets and 12-byte entries
//                   (u32 product, u32 co, f32 score) instead
// Enums are stored by name, so reordering them in C++ never changes what a file means.
//
// Example:
//   std::string bytes = WriteBundleBinary(bundle);
//   Result<Bundle> again = ReadBundleBinary(bytes);   // WriteBundleJson(again) == WriteBundleJson(bundle)
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "cartlift/bundle/bundle.h"
#include "cartlift/status.h"

namespace cartlift {

inline constexpr std::string_view kBundleBinaryMagic = "CLBN";
inline constexpr std::uint32_t kBundleBinaryVersion = 6;

// True when `bytes` starts with the binary magic (the rest is checked by ReadBundleBinary).
bool IsBundleBinary(std::string_view bytes);

// Deterministic: the same bundle always gives the same bytes.
std::string WriteBundleBinary(const Bundle& bundle);

// Validates as much as ReadBundleJson does (ids, UTF-8, limits, neighbour indices and scores).
// Reads versions 2 to 6; writes 6. A wrong magic or other version is kUnsupportedFormat; a
// truncated, corrupt or inconsistent file is kMalformedRecord whose message names the section. Counts are checked against the bytes left
// before anything is reserved, so a hostile file cannot make the reader allocate more memory than
// its own size justifies.
Result<Bundle> ReadBundleBinary(std::string_view bytes);
// The same, for `bytes` inside `*held`: where the string table and the packed neighbour lists
// can be used in place (a version 6 file on a 4-byte boundary of a little-endian host, as the
// writer lays it out), a bundle that loads takes *held, and its catalog and lists read them
// there instead of copying them; otherwise (and on any error) *held is left alone. Example (the
// wasm module's create call):
//   HeldBytes held(buffer, &std::free);
//   Result<Bundle> b = ReadBundleBinary(std::string_view(buffer, len), &held);
Result<Bundle> ReadBundleBinary(std::string_view bytes, HeldBytes* held);
// Either form, told apart by the binary magic: what every loader of a bundle file calls.
// Example: Result<Bundle> b = ReadBundle(file_bytes);  // JSON text or CLBN bytes
Result<Bundle> ReadBundle(std::string_view bytes, HeldBytes* held = nullptr);

// CRC-32 (IEEE 802.3, as zlib computes it) of `bytes`.
std::uint32_t Crc32(std::string_view bytes);
// XXH64 of `bytes` with seed 0 (xxHash's 64-bit hash): four times fewer instructions per byte than CRC-32,
// which is a fifth of loading a binary bundle otherwise.
std::uint64_t Xxh64(std::string_view bytes);
// The header checksum that format `version` uses: CRC-32 up to version 3, then the low 32 bits
// of Xxh64(payload). Example: PayloadChecksum(4, payload) is what a version 4 header holds.
std::uint32_t PayloadChecksum(std::uint32_t version, std::string_view payload);

}  // namespace cartlift
