// Edits of binary bundle files for the tests that check how the reader takes them.
//
// Example:
//   std::string v4 = ToVersion4(WriteBundleBinary(bundle));  // the same bundle, 12-byte entries
//   std::string v5 = ToVersion5(WriteBundleBinary(bundle));  // the same, 32-bit packed entries
//   std::string v6 = ToVersion6(WriteBundleBinary(bundle));  // the same, the lists last
//   std::string v7 = ToVersion7(WriteBundleBinary(bundle));  // the same, a palette per list
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartlift/bundle/bundle_binary.h"

namespace cartlift::testing {

inline void PutU32(std::string* s, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) (*s)[at + i] = static_cast<char>((v >> (8 * i)) & 0xffu);
}
inline std::uint32_t GetU32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 4; i-- > 0;) v = v << 8 | static_cast<unsigned char>(s[at + i]);
  return v;
}

// Offset of the body of section `tag` (after its 12-byte tag + length).
inline std::size_t SectionBody(const std::string& file, const char* tag) {
  std::size_t at = 20;
  while (at + 12 <= file.size()) {
    const std::uint64_t len = GetU32(file, at + 4) | static_cast<std::uint64_t>(GetU32(file, at + 8)) << 32;
    if (file.compare(at, 4, tag) == 0) return at + 12;
    at += 12 + static_cast<std::size_t>(len);
  }
  ADD_FAILURE() << "no section " << tag;
  return 0;
}

// Recomputes the checksum after a deliberate edit, so the test reaches the structural checks
// behind it.
inline void Reseal(std::string* file) {
  PutU32(file, 16, PayloadChecksum(GetU32(*file, 4), std::string_view(*file).substr(20)));
}

inline void AppendU32(std::string* s, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
}

// The file's sections, tag and body, in file order.
inline std::vector<std::pair<std::string, std::string>> SplitSections(const std::string& file) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t at = 20;
  while (at + 12 <= file.size()) {
    const std::size_t len = GetU32(file, at + 4) | static_cast<std::size_t>(GetU32(file, at + 8)) << 32;
    out.emplace_back(file.substr(at, 4), file.substr(at + 12, len));
    at += 12 + len;
  }
  return out;
}

// A version 6 file (ASSC last, as ToVersion6 writes it) with ASSC replaced by `body`, labelled
// `version`.
inline std::string WithAssociations(const std::string& v6, const std::string& body, std::uint32_t version) {
  EXPECT_EQ(GetU32(v6, 4), 6u);
  std::string out = v6.substr(0, SectionBody(v6, "ASSC") - 12) + "ASSC";
  AppendU32(&out, static_cast<std::uint32_t>(body.size()));
  AppendU32(&out, 0);
  out += body;
  PutU32(&out, 4, version);
  PutU32(&out, 8, static_cast<std::uint32_t>(out.size() - 20));
  PutU32(&out, 12, 0);
  Reseal(&out);
  return out;
}
inline std::string AssociationsBody(const std::string& file) {
  for (const auto& [tag, body] : SplitSections(file))
    if (tag == "ASSC") return body;
  ADD_FAILURE() << "no ASSC section";
  return {};
}
// The same bundle as a version 7 file: a palette of (co, score) pairs per list.
inline std::string ToVersion7(const std::string& file) {
  Result<Bundle> r = ReadBundleBinary(file);
  EXPECT_TRUE(r.ok());
  return r.ok() ? WriteBundleBinary(r.value(), 7) : std::string();
}
// The same bundle as a version 6 file: every product field in each record, ASSC last.
inline std::string ToVersion6(const std::string& file) {
  Result<Bundle> r = ReadBundleBinary(file);
  EXPECT_TRUE(r.ok());
  return r.ok() ? WriteBundleBinary(r.value(), 6) : std::string();
}
// The same bundle as a version 5 file: ASSC, last, rewritten from version 6's with one 32-bit
// entry per word, no entry bytes and no word after the entries.
inline std::string ToVersion5(const std::string& file) {
  const std::string v6 = ToVersion6(file);
  const std::string v6_body = AssociationsBody(v6);
  std::size_t at = 0;
  const auto next = [&] {
    const std::uint32_t v = GetU32(v6_body, at);
    at += 4;
    return v;
  };
  std::string body;
  const auto copy = [&](std::size_t words) {
    for (std::size_t i = 0; i < words; ++i) AppendU32(&body, next());
  };
  const std::uint32_t offsets = GetU32(v6_body, 0);
  copy(1 + offsets + 1);                  // offsets, index bits
  const std::uint32_t entry_bytes = next();  // not in version 5
  const std::uint32_t pal_offsets = GetU32(v6_body, at);
  copy(1 + pal_offsets);
  const std::uint32_t palette = GetU32(v6_body, at);
  copy(1 + 2 * palette);
  const std::uint32_t entries = next();
  AppendU32(&body, entries);
  for (std::size_t j = 0; j < entries; ++j) {
    std::uint32_t e = 0;
    for (std::size_t k = entry_bytes; k-- > 0;) e = e << 8 | static_cast<unsigned char>(v6_body[at + j * entry_bytes + k]);
    AppendU32(&body, e);
  }
  return WithAssociations(v6, body, 5);
}
// The same bundle as a version 4 file: ASSC, last, rewritten with the 12-byte entries
// (u32 product, u32 co, f32 score) that files written before version 5 hold.
inline std::string ToVersion4(const std::string& file) {
  Result<Bundle> r = ReadBundleBinary(file);
  EXPECT_TRUE(r.ok());
  const Associations& as = r.value().associations;
  const std::size_t n = r.value().catalog.size();
  std::string body;
  AppendU32(&body, static_cast<std::uint32_t>(n + 1));
  std::uint32_t at = 0;
  AppendU32(&body, 0);
  for (std::size_t p = 0; p < n; ++p) AppendU32(&body, at += static_cast<std::uint32_t>(as.Of(static_cast<ProductIndex>(p)).size()));
  AppendU32(&body, at);
  for (std::size_t p = 0; p < n; ++p) {
    for (const Neighbour& nb : as.Of(static_cast<ProductIndex>(p))) {
      std::uint32_t bits;
      std::memcpy(&bits, &nb.score, 4);
      AppendU32(&body, nb.product);
      AppendU32(&body, nb.co);
      AppendU32(&body, bits);
    }
  }
  return WithAssociations(WriteBundleBinary(r.value(), 6), body, 4);
}

}  // namespace cartlift::testing
