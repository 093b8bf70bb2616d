#include "cartlift/json_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "cartlift/byte_scan.h"

namespace cartlift {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid; its code
// point in *code when given.
std::size_t Utf8Length(std::string_view s, std::size_t i, std::uint32_t* code = nullptr) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t n;
  std::uint32_t cp;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) n = 2, cp = b0 & 0x1Fu;
  else if ((b0 & 0xF0) == 0xE0) n = 3, cp = b0 & 0x0Fu;
  else if ((b0 & 0xF8) == 0xF0) n = 4, cp = b0 & 0x07u;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  if (code) *code = cp;
  return n;
}

// Bytes copied as they are: printable ASCII other than the quote and the backslash.
struct PlainTable {
  bool plain[256] = {};
  constexpr PlainTable() {
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  }
  constexpr bool operator[](unsigned char c) const { return plain[c]; }
};
constexpr PlainTable kPlain;

// True when none of the 8 bytes in `x` needs escaping or checking: no control byte (< 0x20), no
// byte >= 0x80, no '"' and no '\\' (byte_scan.h; each test is exact as a yes/no answer). Titles
// and urls are mostly such bytes, and this scans 8 at a time.
inline bool PlainWord(std::uint64_t x) {
  using namespace byte_scan;
  return ((x & kHighs) | BytesBelow(x, 0x20) | BytesEqual(x, '"') | BytesEqual(x, '\\')) == 0;
}

// Number4's text: sign, integer part, up to 4 decimals without trailing zeros.
std::size_t Number4Text(long long scaled, char* out) {
  char* p = out;
  if (scaled < 0) {
    *p++ = '-';
    scaled = -scaled;
  }
  char digits[24];
  int n = 0;
  for (long long whole = scaled / 10000; n == 0 || whole > 0; whole /= 10) digits[n++] = static_cast<char>('0' + whole % 10);
  while (n > 0) *p++ = digits[--n];
  int frac = static_cast<int>(scaled % 10000);
  if (frac != 0) {
    *p++ = '.';
    for (int div = 1000; frac != 0; div /= 10) {
      *p++ = static_cast<char>('0' + frac / div);
      frac %= div;
    }
  }
  return static_cast<std::size_t>(p - out);
}

long long Scaled4(double v) {
  // Non-finite and out-of-range values become 0, as documented for Number4.
  if (!std::isfinite(v) || std::fabs(v) >= 9e14) v = 0;
  return std::llround(v * 1e4);
}

}  // namespace

std::string PackedKeys::Json() const {
  JsonWriter w;
  w.BeginArray();
  for (const std::string& k : names_) w.String(k);
  w.EndArray();
  return w.Take();
}

// UTF-16 units are what JavaScript's substring counts; invalid UTF-8 becomes U+FFFD, as in the
// text form.
void JsonWriter::PackedWide(std::string_view s) {
  std::string& wide = packed_->wide;
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = Utf8Length(s, i);
    if (n == 0) {
      wide.append("\xEF\xBF\xBD", 3);
      units += 1;
      i += 1;
    } else {
      wide.append(s.data() + i, n);
      units += n == 4 ? 2 : 1;
      i += n;
    }
  }
  Op(kPackedOther | 4u << 3, static_cast<std::uint32_t>(units));
}

void JsonWriter::Grow(std::size_t n) {
  out_->resize(std::max({out_->size() * 2, len_ + n, std::size_t{256}}));
  data_ = &(*out_)[0];
}

void JsonWriter::Separate() {
  if (need_comma_) Put(',');
  need_comma_ = true;
}

void JsonWriter::Open(char c) {
  if (packed_) return Op(c == '{' ? kPackedObject : kPackedArray);
  Separate();
  Put(c);
  need_comma_ = false;
}

void JsonWriter::Close(char c) {
  if (packed_) return Op(kPackedEnd);
  Put(c);
  need_comma_ = true;
}

void JsonWriter::Key(std::string_view k) {
  if (packed_) return Op(kPackedKey | packed_->keys.Id(k) << 3);
  String(k);
  Put(':');
  need_comma_ = false;
}

void JsonWriter::String(std::string_view s) {
  if (packed_) return PackedString(s);
  Separate();
  Put('"');
  for (std::size_t i = 0; i < s.size();) {
    // Runs of printable ASCII, the common case, are appended in one go: per-character appends
    // were the largest cost of a response in the native profile.
    std::size_t run = i;
    for (std::uint64_t word; run + 8 <= s.size(); run += 8) {
      std::memcpy(&word, s.data() + run, 8);
      if (!PlainWord(word)) break;
    }
    while (run < s.size() && kPlain[static_cast<unsigned char>(s[run])]) ++run;
    if (run > i) {
      Put(s.data() + i, run - i);
      i = run;
      if (i == s.size()) break;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::uint32_t cp = 0xFFFD;
      const std::size_t n = Utf8Length(s, i, &cp);
      if (ascii_) {
        if (cp >= 0x10000) {
          PutEscaped(0xD800 + ((cp - 0x10000) >> 10));
          PutEscaped(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
          PutEscaped(n == 0 ? 0xFFFD : cp);
        }
      } else if (n == 0) {
        Put("\xEF\xBF\xBD", 3);
      } else {
        Put(s.data() + i, n);
      }
      i += n == 0 ? 1 : n;
      continue;
    }
    switch (c) {
      case '"': Put("\\\"", 2); break;
      case '\\': Put("\\\\", 2); break;
      case '\n': Put("\\n", 2); break;
      case '\r': Put("\\r", 2); break;
      case '\t': Put("\\t", 2); break;
      default:
        if (c < 0x20) {
          PutEscaped(c);
        } else {
          Put(static_cast<char>(c));
        }
    }
    ++i;
  }
  Put('"');
}

void JsonWriter::PutEscaped(std::uint32_t unit) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char buf[6] = {'\\', 'u', kHex[unit >> 12 & 0xF], kHex[unit >> 8 & 0xF], kHex[unit >> 4 & 0xF], kHex[unit & 0xF]};
  Put(buf, 6);
}

void JsonWriter::Int(std::int64_t v) {
  if (packed_ && v >= INT32_MIN && v <= INT32_MAX) return Op(kPackedInt, static_cast<std::uint32_t>(v));
  if (packed_) return NumberText(std::to_string(v));
  Separate();
  Put(std::to_string(v));
}

void JsonWriter::UInt(std::uint64_t v) {
  if (packed_ && v <= INT32_MAX) return Op(kPackedInt, static_cast<std::uint32_t>(v));
  if (packed_) return NumberText(std::to_string(v));
  Separate();
  Put(std::to_string(v));
}

void JsonWriter::Number4(double v) {
  // Integer arithmetic instead of printf("%f"): musl formats doubles through long double, which
  // is soft-float in WebAssembly and dominated the cost of a response there.
  const long long scaled = Scaled4(v);
  if (packed_ && scaled >= INT32_MIN && scaled <= INT32_MAX) return Op(kPackedNumber4, static_cast<std::uint32_t>(scaled));
  char text[32];
  const std::size_t n = Number4Text(scaled, text);
  if (packed_) return NumberText(std::string_view(text, n));
  Separate();
  Put(text, n);
}

void JsonWriter::Bool(bool b) {
  if (packed_) return Op(kPackedOther | (b ? 1u : 0u) << 3);
  Separate();
  Put(b ? std::string_view("true") : std::string_view("false"));
}

void JsonWriter::Null() {
  if (packed_) return Op(kPackedOther | 2u << 3);
  Separate();
  Put("null", 4);
}

}  // namespace cartlift
