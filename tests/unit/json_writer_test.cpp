// JsonWriter::String scans 8 bytes at a time; these tests hold it to the byte-by-byte rules
// (escape '"', '\\' and control bytes, keep valid UTF-8, replace invalid bytes with U+FFFD)
// wherever a special byte falls relative to the 8-byte words.
#include "cartlift/json_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace cartlift {
namespace {

std::string Written(std::string_view s) {
  JsonWriter w;
  w.String(s);
  return w.Take();
}

TEST(JsonWriter, EscapesEverySpecialByteAtEveryOffsetInAWord) {
  const std::string specials[] = {"\"", "\\", "\n", "\t", "\r", std::string(1, '\x01'), std::string(1, '\x1f'),
                                  "\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x98\x80"};
  for (const std::string& special : specials) {
    for (std::size_t at = 0; at < 20; ++at) {
      const std::string text = std::string(at, 'a') + special + std::string(19 - at, 'b');
      const std::string out = Written(text);
      const nlohmann::json back = nlohmann::json::parse(out);
      EXPECT_EQ(back.get<std::string>(), text) << "special byte at " << at << ": " << out;
    }
  }
  EXPECT_EQ(Written(std::string("ab\x7f" "cdefghijk")), "\"ab\x7f" "cdefghijk\"");  // DEL stays as it is
  EXPECT_EQ(Written("0123456789abcdef\x01"), "\"0123456789abcdef\\u0001\"");
}

TEST(JsonWriter, InvalidUtf8BecomesTheReplacementCharacterAfterAPlainRun) {
  EXPECT_EQ(Written("abcdefgh\xFFxyz"), "\"abcdefgh\xEF\xBF\xBDxyz\"");
  EXPECT_EQ(Written("abcdefghij\xC3"), "\"abcdefghij\xEF\xBF\xBD\"");  // truncated sequence at the end
}

// The reference: the rules one byte at a time, as the writer applied them before it read words.
std::string Reference(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      if (n && i + n <= s.size()) {
        std::string seq(s.substr(i, n));
        if (nlohmann::json::accept("\"" + seq + "\"")) {
          out += seq;
          i += n;
          continue;
        }
      }
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  return out + "\"";
}

TEST(JsonWriter, MatchesTheByteByByteRulesOnRandomText) {
  std::mt19937 rng(7);
  const std::string alphabet[] = {"a", "Z", " ", "/", "\"", "\\", "\n", "\x02", "\x7f", "\xC3\xA9", "\xE2\x82\xAC",
                                  "\xF0\x9F\x8E\x81", "\xFF", "\xC3", "\xED\xA0\x80"};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k) text += alphabet[rng() % (rng() % 4 == 0 ? std::size(alphabet) : 4)];
    ASSERT_EQ(Written(text), Reference(text)) << "round " << round;
  }
}

// ASCII mode: the same JSON value as the UTF-8 output, in bytes below 0x80 only, with code
// points above U+FFFF as surrogate pairs and invalid bytes as \ufffd.
TEST(JsonWriter, AsciiModeWritesTheSameValueInAsciiOnly) {
  const auto ascii = [](std::string_view s) {
    JsonWriter w;
    w.SetAscii(true);
    w.String(s);
    return w.Take();
  };
  EXPECT_EQ(ascii("\xC2\xA3" "2.55"), "\"\\u00a32.55\"");
  EXPECT_EQ(ascii("\xF0\x9F\x8E\x81"), "\"\\ud83c\\udf81\"");
  EXPECT_EQ(ascii("a\xFF" "b\n"), "\"a\\ufffdb\\n\"");
  std::mt19937 rng(11);
  const std::string alphabet[] = {"a", "Z", " ", "\"", "\\", "\n", "\x02", "\xC3\xA9", "\xE2\x82\xAC",
                                  "\xF0\x9F\x8E\x81", "\xEF\xBF\xBF", "\xFF", "\xC3", "\xED\xA0\x80"};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k) text += alphabet[rng() % std::size(alphabet)];
    const std::string out = ascii(text);
    for (const char c : out) ASSERT_LT(static_cast<unsigned char>(c), 0x80) << "round " << round;
    ASSERT_EQ(nlohmann::json::parse(out), nlohmann::json::parse(Written(text))) << "round " << round;
  }
}

}  // namespace
}  // namespace cartlift
