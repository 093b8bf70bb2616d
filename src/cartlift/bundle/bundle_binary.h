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
//            "ASSC" the packed neighbour lists of stats/associations.h, each array a u32 count and
//                   its values: entry offsets (products + 1), u32 index bits, run offsets
//                   (products + 1), the distinct (u32 co, f32 score) pairs, u32 pair bits, u32
//                   run length bits, then the run count and two bit streams (the runs' pair
//                   indices, their lengths minus one), then the entry count and a bit stream of
//                   neighbour indices. Read last, once the products are known
//            "META" currency, cross-sell options, provenance
//            "RULE" the merchant rules as their JSON text (bundle_json.h, WriteRulesJson)
//            "EXPT" the experiments as their JSON text (experiments_json.h, WriteExperimentsJson);
//                   absent in version 2 files, which are still read (as bundles without experiments)
//            "PROD" u32 count, then per product: id, title, i64 price, u16 flags (bit 0 in
//                   stock, 1 known, 2 an inferred upgrade follows the record: u32 target index,
//                   f64 confidence, u32 diff count, then name/from/to string refs, see
//                   ReadInferredUpgrade; bits 3 to 13 say which of url, image, category, tags,
//                   inventory, family, tier, upgrades_to, attributes, kind and cost follow, in
//                   that order, each only when it is not the default)
//            "ORDS" orders per product
//   Version 8 is version 7 with these lists; versions 5 to 7 hold a palette of (co, score) per list
//   and whole-byte entries with a palette index (bundle/lists_v7.h). Version 7 puts what an engine
//   reads from then on (STRS, ASSC) before what it reads once. Versions 2 to 6 put ASSC last, and
//   their product records hold every field (url, image, category, tags, then a u8 of flag bits 0
//   to 2, inventory, family, tier, upgrades_to, attributes, kind, cost); version 6 is otherwise
//   version 7. Version 5 has 32-bit entries, one per word, no entry bytes and no word after them;
//   versions 2 to 4 hold offsets and 12-byte entries (u32 product, u32 co, f32 score) instead.
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
inline constexpr std::uint32_t kBundleBinaryVersion = 8;

// True when `bytes` starts with the binary magic (the rest is checked by ReadBundleBinary).
bool IsBundleBinary(std::string_view bytes);

// Deterministic: the same bundle always gives the same bytes. `version` 6 or 7 writes the layout
// that engines older than version 7 or 8 read, for a store whose deployed engine is not upgraded
// yet (any other value writes kBundleBinaryVersion). Example: WriteBundleBinary(bundle, 6).
inline constexpr std::uint32_t kOldestWrittenVersion = 6;
std::string WriteBundleBinary(const Bundle& bundle, std::uint32_t version = kBundleBinaryVersion);

// Validates as much as ReadBundleJson does (ids, UTF-8, limits, neighbour indices and scores).
// Reads versions 2 to 8; writes 8. A wrong magic or other version is kUnsupportedFormat; a
// truncated, corrupt or inconsistent file is kMalformedRecord whose message names the section. Counts are checked against the bytes left
// before anything is reserved, so a hostile file cannot make the reader allocate more memory than
// its own size justifies.
Result<Bundle> ReadBundleBinary(std::string_view bytes);
// The same, for `bytes` inside `*held`: where the string table and the packed neighbour lists
// can be used in place (from version 5 the table, from version 8 the lists too, on a 4-byte
// boundary of a little-endian host, as the writer lays them out), a bundle that loads takes *held, and its catalog and lists read them
// there instead of copying them; otherwise (and on any error) *held is left alone. A bundle that
// takes *held sets `*kept` to how many of its first bytes it reads from then on: the rest (the
// products and everything else read once, most of a version 8 file) may go back to the
// allocator before an engine is built on the bundle. Example (the wasm module's create call):
//   HeldBytes held(buffer, &std::free);
//   std::size_t kept = len;
//   Result<Bundle> b = ReadBundleBinary(std::string_view(buffer, len), &held, &kept);
//   if (b.ok() && !held && kept < len) realloc_in_place(buffer, kept);  // dlmalloc's
Result<Bundle> ReadBundleBinary(std::string_view bytes, HeldBytes* held, std::size_t* kept = nullptr);
// Either form, told apart by the binary magic: what every loader of a bundle file calls.
// Example: Result<Bundle> b = ReadBundle(file_bytes);  // JSON text or CLBN bytes
Result<Bundle> ReadBundle(std::string_view bytes, HeldBytes* held = nullptr, std::size_t* kept = nullptr);

// CRC-32 (IEEE 802.3, as zlib computes it) of `bytes`.
std::uint32_t Crc32(std::string_view bytes);
// XXH64 of `bytes` with seed 0 (xxHash's 64-bit hash): four times fewer instructions per byte than CRC-32,
// which is a fifth of loading a binary bundle otherwise.
std::uint64_t Xxh64(std::string_view bytes);
// The header checksum that format `version` uses: CRC-32 up to version 3, then the low 32 bits
// of Xxh64(payload). Example: PayloadChecksum(4, payload) is what a version 4 header holds.
std::uint32_t PayloadChecksum(std::uint32_t version, std::string_view payload);

}  // namespace cartlift
