// Recommend requests from JSON (docs/formats.md), without a DOM library: this runs once per
// request, and building an nlohmann tree for a five-line cart cost more than the offers did.
//
// Two steps, so errors come out exactly as they did with nlohmann/json: first the whole text is
// checked against RFC 8259 the way nlohmann's parser checks it (a syntax error anywhere wins over
// any other error) and laid out as a flat tape of values; then the request's members are read
// off the tape in a fixed order, a repeated member counting by its last occurrence.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "cartlift/catalog/catalog_json.h"
#include "cartlift/engine.h"
#include "cartlift/experiment/experiment.h"

namespace cartlift {
namespace {

enum class Kind : std::uint8_t { kNull, kBool, kInt, kFloat, kString, kArray, kObject };

// One value in document order. Containers are followed by their members (an object's by key,
// value, key, value...); `end` is the index just past the last one, so siblings are found by
// jumping from one `end` to the next.
struct Node {
  Kind kind = Kind::kNull;
  bool flag = false;           // bool: its value; string: holds escapes (decode before use)
  std::uint32_t end = 0;       // one past the last node of this value
  std::uint32_t count = 0;     // array: items; object: members
  std::int64_t integer = 0;    // kInt: the value as nlohmann's get<std::int64_t>() returns it
  std::string_view raw;        // kString: the bytes between the quotes
};

class Tape {
 public:
  explicit Tape(std::string_view text) : s_(text) {}

  // False when the text is not one JSON value (with optional whitespace around it).
  bool Parse() {
    nodes.reserve(16 + s_.size() / 8);
    // nlohmann skips a UTF-8 byte order mark at the very start.
    if (s_.size() >= 3 && s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
    SkipSpace();
    if (!Value()) return false;
    SkipSpace();
    return i_ == s_.size();
  }

  std::vector<Node> nodes;

 private:
  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  bool Value() {
    if (i_ >= s_.size()) return false;
    const std::size_t at = nodes.size();
    nodes.emplace_back();
    bool ok;
    switch (s_[i_]) {
      case '{': ok = Container(at, Kind::kObject, '}'); break;
      case '[': ok = Container(at, Kind::kArray, ']'); break;
      case '"': ok = String(&nodes[at]); break;
      case 't': ok = Literal("true"), nodes[at].kind = Kind::kBool, nodes[at].flag = true; break;
      case 'f': ok = Literal("false"), nodes[at].kind = Kind::kBool; break;
      case 'n': ok = Literal("null"); break;
      default: ok = Number(&nodes[at]);
    }
    nodes[at].end = static_cast<std::uint32_t>(nodes.size());
    return ok;
  }

  bool Container(std::size_t at, Kind kind, char close) {
    nodes[at].kind = kind;
    ++i_;
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == close) {
      ++i_;
      return true;
    }
    std::uint32_t count = 0;
    for (;;) {
      if (kind == Kind::kObject) {
        if (i_ >= s_.size() || s_[i_] != '"') return false;
        nodes.emplace_back();
        if (!String(&nodes.back())) return false;
        nodes.back().end = static_cast<std::uint32_t>(nodes.size());
        SkipSpace();
        if (i_ >= s_.size() || s_[i_] != ':') return false;
        ++i_;
        SkipSpace();
      }
      if (!Value()) return false;
      ++count;
      SkipSpace();
      if (i_ >= s_.size()) return false;
      if (s_[i_] == close) {
        ++i_;
        nodes[at].count = count;
        return true;
      }
      if (s_[i_] != ',') return false;
      ++i_;
      SkipSpace();
    }
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Four hex digits after "\u" at s_[i_]; -1 when malformed.
  long Unicode() {
    if (i_ + 4 > s_.size()) return -1;
    long v = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = Hex(s_[i_ + static_cast<std::size_t>(k)]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    i_ += 4;
    return v;
  }

  // A string starting at the opening quote. Validates what nlohmann's lexer validates: escapes,
  // surrogate pairs, no raw control characters, well-formed UTF-8.
  bool String(Node* n) {
    n->kind = Kind::kString;
    const std::size_t start = ++i_;
    while (i_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        n->raw = s_.substr(start, i_ - start);
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        n->flag = true;
        if (++i_ >= s_.size()) return false;
        const char e = s_[i_++];
        if (e == 'u') {
          const long u = Unicode();
          if (u < 0) return false;
          if (u >= 0xDC00 && u <= 0xDFFF) return false;  // a low surrogate cannot come first
          if (u >= 0xD800 && u <= 0xDBFF) {
            if (i_ + 2 > s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') return false;
            i_ += 2;
            const long low = Unicode();
            if (low < 0xDC00 || low > 0xDFFF) return false;
          }
        } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
          return false;
        }
        continue;
      }
      if (c < 0x80) {
        ++i_;
        continue;
      }
      // UTF-8 as RFC 3629 defines it: no overlongs, no surrogates, nothing above U+10FFFF.
      std::size_t len;
      unsigned char lo = 0x80, hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) len = 2;
      else if (c == 0xE0) len = 3, lo = 0xA0;
      else if (c >= 0xE1 && c <= 0xEC) len = 3;
      else if (c == 0xED) len = 3, hi = 0x9F;
      else if (c >= 0xEE && c <= 0xEF) len = 3;
      else if (c == 0xF0) len = 4, lo = 0x90;
      else if (c >= 0xF1 && c <= 0xF3) len = 4;
      else if (c == 0xF4) len = 4, hi = 0x8F;
      else return false;
      if (i_ + len > s_.size()) return false;
      for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s_[i_ + k]);
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
      }
      i_ += len;
    }
    return false;
  }

  // JSON's number grammar. Integers that fit std::int64_t (negative) or std::uint64_t become
  // kInt, as nlohmann makes them number_integer or number_unsigned; anything else is a float,
  // and a float that overflows to infinity is a parse error there ("number overflow").
  bool Number(Node* n) {
    const std::size_t start = i_;
    const bool negative = s_[i_] == '-';
    if (negative) ++i_;
    auto digit = [&](std::size_t k) { return k < s_.size() && s_[k] >= '0' && s_[k] <= '9'; };
    if (!digit(i_)) return false;
    if (s_[i_] == '0') {
      ++i_;
    } else {
      while (digit(i_)) ++i_;
    }
    bool integral = true;
    if (i_ < s_.size() && s_[i_] == '.') {
      integral = false;
      ++i_;
      if (!digit(i_)) return false;
      while (digit(i_)) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      integral = false;
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digit(i_)) return false;
      while (digit(i_)) ++i_;
    }
    if (integral) {
      std::uint64_t magnitude = 0;
      bool fits = true;
      for (std::size_t k = start + (negative ? 1 : 0); k < i_ && fits; ++k) {
        const auto d = static_cast<std::uint64_t>(s_[k] - '0');
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() - d) / 10) fits = false;
        else magnitude = magnitude * 10 + d;
      }
      if (fits && negative && magnitude > (std::uint64_t{1} << 63)) fits = false;
      if (fits) {
        n->kind = Kind::kInt;
        // Two's complement wrap, as static_cast<std::int64_t> of nlohmann's unsigned value.
        n->integer = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
        return true;
      }
    }
    n->kind = Kind::kFloat;
    const std::string token(s_.substr(start, i_ - start));
    return std::isfinite(std::strtod(token.c_str(), nullptr));
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

void AppendUtf8(std::string* out, std::uint32_t cp) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::uint32_t Hex4(std::string_view s, std::size_t i) {
  std::uint32_t v = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    const char c = s[k];
    v = v * 16 + static_cast<std::uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
}

// The string's value; the tape already checked its escapes.
std::string Decode(const Node& n) {
  if (!n.flag) return std::string(n.raw);
  std::string out;
  out.reserve(n.raw.size());
  const std::string_view s = n.raw;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    const char e = s[++i];
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        std::uint32_t cp = Hex4(s, i + 1);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (Hex4(s, i + 3) - 0xDC00);
          i += 6;
        }
        AppendUtf8(&out, cp);
        break;
      }
      default: out += e;  // " \ /
    }
  }
  return out;
}

bool KeyIs(const Node& key, std::string_view name) { return key.flag ? Decode(key) == name : key.raw == name; }

// The value of the last member called `name` of the object at `obj`, or 0 (never a member: the
// root is node 0).
std::uint32_t Member(const std::vector<Node>& t, std::uint32_t obj, std::string_view name) {
  std::uint32_t found = 0;
  for (std::uint32_t k = obj + 1; k < t[obj].end;) {
    const std::uint32_t v = k + 1;
    if (KeyIs(t[k], name)) found = v;
    k = t[v].end;
  }
  return found;
}

Error WrongType(const std::string& path, const char* want) {
  return MakeError(ErrorCode::kWrongType, std::string("expected ") + want, path);
}

Result<std::string> BoundedString(const Node& v, const std::string& path, std::size_t max) {
  if (v.kind != Kind::kString) return WrongType(path, "a string");
  std::string s = Decode(v);
  if (s.size() > max)
    return MakeError(ErrorCode::kLimitExceeded, "string longer than " + std::to_string(max) + " bytes", path);
  if (!IsValidUtf8(s)) return MakeError(ErrorCode::kInvalidValue, "string is not valid UTF-8", path);
  return s;
}

Result<Request> ReadRequest(const std::vector<Node>& t) {
  if (t[0].kind != Kind::kObject) return WrongType("", "a request object");
  Request r;
  const std::uint32_t cart = Member(t, 0, "cart");
  if (!cart) return MakeError(ErrorCode::kMissingField, "missing cart", "/cart");
  if (t[cart].kind != Kind::kArray) return WrongType("/cart", "an array");
  if (t[cart].count > Limits::kMaxCartItems)
    return MakeError(ErrorCode::kLimitExceeded,
                     "cart has " + std::to_string(t[cart].count) + " lines; at most 1000 are accepted", "/cart");
  r.cart.reserve(t[cart].count);
  std::size_t i = 0;
  for (std::uint32_t k = cart + 1; k < t[cart].end; k = t[k].end, ++i) {
    const Node& item = t[k];
    const std::string path = "/cart/" + std::to_string(i);
    CartLine line;
    if (item.kind == Kind::kString) {
      // A bare id is accepted as shorthand for {"id": id, "qty": 1}.
      Result<std::string> id = BoundedString(item, path, Limits::kMaxIdBytes);
      if (!id.ok()) return id.error();
      line.id = std::move(id).value();
    } else {
      if (item.kind != Kind::kObject) return WrongType(path, "an object {id, qty}");
      const std::uint32_t id = Member(t, k, "id");
      if (!id) return MakeError(ErrorCode::kMissingField, "missing id", path + "/id");
      Result<std::string> s = BoundedString(t[id], path + "/id", Limits::kMaxIdBytes);
      if (!s.ok()) return s.error();
      line.id = std::move(s).value();
      if (const std::uint32_t q = Member(t, k, "qty")) {
        if (t[q].kind != Kind::kInt) return WrongType(path + "/qty", "an integer");
        const std::int64_t qty = t[q].integer;
        if (qty < 1 || qty > 1'000'000)
          return MakeError(ErrorCode::kInvalidValue, "qty must be 1..1000000", path + "/qty");
        line.qty = qty;
      }
      if (const std::uint32_t p = Member(t, k, "price")) {
        if (t[p].kind != Kind::kInt) return WrongType(path + "/price", "an integer amount in minor units");
        const std::int64_t price = t[p].integer;
        if (price < 0 || price > Limits::kMaxPriceMinor)
          return MakeError(ErrorCode::kInvalidPrice, "price must be 0..10^12 minor units", path + "/price");
        line.price = price;
      }
    }
    if (line.id.empty()) return MakeError(ErrorCode::kInvalidValue, "empty id", path + "/id");
    r.cart.push_back(std::move(line));
  }
  if (const std::uint32_t l = Member(t, 0, "limit")) {
    if (t[l].kind != Kind::kInt) return WrongType("/limit", "an integer");
    const std::int64_t v = t[l].integer;
    if (v < 1 || v > static_cast<std::int64_t>(Limits::kMaxOffers))
      return MakeError(ErrorCode::kInvalidValue, "limit must be 1..100", "/limit");
    r.limit = static_cast<int>(v);
  }
  if (const std::uint32_t types = Member(t, 0, "types")) {
    if (t[types].kind != Kind::kArray) return WrongType("/types", "an array of offer types");
    std::size_t n = 0;
    for (std::uint32_t k = types + 1; k < t[types].end; k = t[k].end, ++n) {
      const std::string path = "/types/" + std::to_string(n);
      OfferType type;
      if (t[k].kind != Kind::kString) return WrongType(path, "a string");
      if (!ParseOfferType(Decode(t[k]), &type))
        return MakeError(ErrorCode::kInvalidValue,
                         "unknown offer type; expected cross_sell, upsell, bundle, threshold or addon", path);
      r.types.push_back(type);
    }
  }
  if (const std::uint32_t e = Member(t, 0, "exclude")) {
    if (t[e].kind != Kind::kArray) return WrongType("/exclude", "an array of product ids");
    if (t[e].count > Limits::kMaxCartItems)
      return MakeError(ErrorCode::kLimitExceeded, "at most 1000 excluded ids", "/exclude");
    std::size_t n = 0;
    for (std::uint32_t k = e + 1; k < t[e].end; k = t[k].end, ++n) {
      Result<std::string> s = BoundedString(t[k], "/exclude/" + std::to_string(n), Limits::kMaxIdBytes);
      if (!s.ok()) return s.error();
      r.exclude.push_back(std::move(s).value());
    }
  }
  if (const std::uint32_t p = Member(t, 0, "page")) {
    if (t[p].kind != Kind::kString) return WrongType("/page", "a string");
    const std::string page = Decode(t[p]);
    if (page != "product" && page != "cart" && page != "checkout")
      return MakeError(ErrorCode::kInvalidValue, "page must be product, cart or checkout", "/page");
    r.page = page;
  }
  if (const std::uint32_t v = Member(t, 0, "visitor"); v && t[v].kind != Kind::kNull) {
    Result<std::string> s = BoundedString(t[v], "/visitor", Limits::kMaxIdBytes);
    if (!s.ok()) return s.error();
    r.visitor = std::move(s).value();
  }
  if (const std::uint32_t x = Member(t, 0, "experiment"); x && t[x].kind != Kind::kNull) {
    Result<std::string> s = BoundedString(t[x], "/experiment", ExperimentLimits::kMaxIdBytes);
    if (!s.ok()) return s.error();
    r.experiment = std::move(s).value();
  }
  if (const std::uint32_t x = Member(t, 0, "explain")) {
    if (t[x].kind != Kind::kBool) return WrongType("/explain", "a boolean");
    r.explain = t[x].flag;
  }
  return r;
}

}  // namespace

Result<Request> ParseRequestJson(std::string_view text) {
  try {
    if (text.size() > Limits::kMaxRequestBytes)
      return MakeError(ErrorCode::kLimitExceeded, "request larger than 1 MiB", "");
    Status depth = PrescanJson(text);
    if (!depth.ok()) return depth.error();
    Tape tape(text);
    if (!tape.Parse()) return MakeError(ErrorCode::kMalformedJson, "request is not valid JSON", "");
    return ReadRequest(tape.nodes);
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kLimitExceeded, "out of memory while reading the request", "");
  }
}

}  // namespace cartlift
