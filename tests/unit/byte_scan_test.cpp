#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "cartlift/byte_scan.h"
#include "cartlift/catalog/catalog_json.h"

namespace cartlift {
namespace {

bool ControlByteByByte(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

const char* FirstOf2ByteByByte(const char* p, const char* e, char a, char b) {
  while (p != e && *p != a && *p != b) ++p;
  return p;
}

// A string of n harmless bytes (including UTF-8 lead and continuation bytes, whose high bit a
// borrow-based test must not confuse with a hit).
std::string Filler(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += "aZ 9~\x80\xc3\xff!"[i % 9];
  return s;
}

// Every byte value at every position of every length up to 40, at every alignment.
TEST(ByteScan, ControlCharacterMatchesByteRuleAtEveryOffset) {
  const std::string base = Filler(48);
  for (std::size_t align = 0; align < 8; ++align) {
    for (std::size_t len = 0; len <= 40; ++len) {
      std::string s = base.substr(0, align + len);
      const std::string_view clean = std::string_view(s).substr(align);
      ASSERT_FALSE(HasControlCharacter(clean)) << align << " " << len;
      for (std::size_t at = 0; at < len; ++at) {
        for (int v = 0; v < 256; ++v) {
          s[align + at] = static_cast<char>(v);
          const std::string_view view = std::string_view(s).substr(align);
          ASSERT_EQ(HasControlCharacter(view), ControlByteByByte(view))
              << "align " << align << " len " << len << " at " << at << " byte " << v;
        }
        s[align + at] = base[align + at];
      }
    }
  }
}

TEST(ByteScan, ControlCharacterMatchesByteRuleOnRandomStrings) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 200000; ++round) {
    const std::size_t len = rng() % 70;
    std::string s(len, ' ');
    // Mostly printable bytes, so a control byte is rare and lands anywhere.
    for (char& c : s) c = static_cast<char>(rng() % 64 == 0 ? rng() % 256 : 0x20 + rng() % 0x5f);
    ASSERT_EQ(HasControlCharacter(s), ControlByteByByte(s)) << round;
  }
}

TEST(ByteScan, FirstOf2MatchesByteLoopAtEveryOffset) {
  const std::string base = Filler(48);
  for (std::size_t len = 0; len <= 40; ++len) {
    for (std::size_t at = 0; at <= len; ++at) {
      for (int v = 0; v < 256; ++v) {
        std::string s = base.substr(0, len);
        if (at < len) s[at] = static_cast<char>(v);
        // A second candidate after the first checks that the first one found wins.
        if (at + 3 < len) s[at + 3] = '\r';
        const char* b = s.data();
        const char* e = b + s.size();
        ASSERT_EQ(byte_scan::FindFirstOf2(b, e, '\n', '\r'), FirstOf2ByteByByte(b, e, '\n', '\r'))
            << "len " << len << " at " << at << " byte " << v;
      }
    }
  }
}

TEST(ByteScan, FirstOf2MatchesByteLoopOnRandomStrings) {
  std::mt19937 rng(777);
  for (int round = 0; round < 200000; ++round) {
    const std::size_t len = rng() % 70;
    std::string s(len, ' ');
    for (char& c : s) c = static_cast<char>(rng() % 32 == 0 ? "\n\r\x0b\x0c\x8a\x8d"[rng() % 6] : rng() % 256);
    const char* b = s.data();
    const char* e = b + s.size();
    ASSERT_EQ(byte_scan::FindFirstOf2(b, e, '\n', '\r'), FirstOf2ByteByByte(b, e, '\n', '\r')) << round;
  }
}

// Equal ids hash alike wherever they lie; every byte and the length count.
TEST(ByteScan, HashBytesSeesEveryByteWhereverTheIdLies) {
  const std::string base = Filler(48) + Filler(48);
  for (std::size_t len = 0; len <= 40; ++len) {
    const std::uint64_t h = byte_scan::HashBytes(base.data(), len);
    for (std::size_t align = 1; align < 8; ++align) {
      const std::string moved = std::string(align, '#') + base.substr(0, len);
      ASSERT_EQ(byte_scan::HashBytes(moved.data() + align, len), h) << len << " " << align;
    }
    if (len > 0) {
      ASSERT_NE(byte_scan::HashBytes(base.data(), len - 1), h) << len;
    }
    for (std::size_t at = 0; at < len; ++at) {
      std::string s = base.substr(0, len);
      s[at] = static_cast<char>(s[at] ^ 1);
      ASSERT_NE(byte_scan::HashBytes(s.data(), len), h) << "len " << len << " at " << at;
    }
  }
}

TEST(ByteScan, HashBytesSpreadsNumberedIdsOverLowBits) {
  constexpr std::size_t kBuckets = 1024;
  std::vector<int> count(kBuckets, 0);
  for (int i = 0; i < 16 * static_cast<int>(kBuckets); ++i) {
    const std::string id = "SKU-" + std::to_string(i);
    ++count[byte_scan::HashBytes(id.data(), id.size()) & (kBuckets - 1)];
  }
  // 16 expected per bucket; a poor mix of the low bits leaves buckets empty or crowded.
  for (int c : count) {
    EXPECT_GT(c, 0);
    EXPECT_LT(c, 48);
  }
}

}  // namespace
}  // namespace cartlift
