#include "cartlift/catalog/catalog_json.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "cartlift/byte_scan.h"
#include "cartlift/catalog/json_text.h"
#include "cartlift/catalog/money.h"
#include "cartlift/json_writer.h"

namespace cartlift {
namespace {

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c);
  }
  return out;
}

std::string Join(const std::string& base, std::string_view member) {
  return base + "/" + EscapePointerToken(member);
}

std::string Join(const std::string& base, std::size_t index) {
  return base + "/" + std::to_string(index);
}

// money.cpp knows no JSON, so its errors arrive without a path.
Error At(Error e, std::string path) {
  e.path = std::move(path);
  return e;
}

template <typename Json>
const char* TypeName(const Json& v) {
  return v.type_name();
}

template <typename Json>
Error WrongType(const Json& v, const char* expected, std::string path) {
  return MakeError(ErrorCode::kWrongType,
                   std::string("expected ") + expected + ", got " + TypeName(v), std::move(path));
}

// Validates a string member's type, encoding and size. Parsed documents are already valid UTF-8,
// but CatalogFromJson also receives trees built in code, which nlohmann would only reject later,
// by throwing from dump().
// *out views the document's own string.
template <typename Json>
std::optional<Error> ReadString(const Json& v, const std::string& path, std::size_t max_bytes,
                                std::string_view* out) {
  if (!v.is_string()) return WrongType(v, "string", path);
  const auto& s = v.template get_ref<const std::string&>();
  if (s.size() > max_bytes)
    return MakeError(ErrorCode::kLimitExceeded,
                     "string of " + std::to_string(s.size()) + " bytes is over the limit of " +
                         std::to_string(max_bytes),
                     path);
  if (!IsValidUtf8(s)) return MakeError(ErrorCode::kInvalidValue, "string is not valid UTF-8", path);
  *out = s;
  return std::nullopt;
}

template <typename Json>
std::optional<Error> ReadStringArray(const Json& v, const std::string& path,
                                     std::vector<std::string_view>* out) {
  if (!v.is_array()) return WrongType(v, "array of strings", path);
  out->clear();
  std::size_t i = 0;
  for (const auto& item : v) {
    std::string_view s;
    if (auto e = ReadString(item, Join(path, i), Limits::kMaxStringBytes, &s)) return e;
    out->push_back(s);
    ++i;
  }
  return std::nullopt;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}


template <typename Json>
std::optional<Error> ReadInt64(const Json& v, const std::string& path, std::int64_t* out) {
  if (v.is_number_unsigned()) {
    const auto u = v.template get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return MakeError(ErrorCode::kInvalidValue, "integer is too large", path);
    *out = static_cast<std::int64_t>(u);
    return std::nullopt;
  }
  if (v.is_number_integer()) {
    *out = v.template get<std::int64_t>();
    return std::nullopt;
  }
  return WrongType(v, "integer", path);
}

template <typename Json>
std::optional<Error> ReadPrice(const Json& v, const std::string& path, int exponent, Money* out) {
  Result<Money> r = MakeError(ErrorCode::kInternal, "unreachable");
  if (v.is_string()) {
    const auto& s = v.template get_ref<const std::string&>();
    r = ParseDecimalPrice(s, exponent);
  } else if (v.is_number_unsigned()) {
    const auto u = v.template get<std::uint64_t>();
    r = u > static_cast<std::uint64_t>(Limits::kMaxPriceMinor)
            ? Result<Money>(MakeError(ErrorCode::kInvalidPrice, "price is too large"))
            : PriceFromInteger(static_cast<std::int64_t>(u), exponent);
  } else if (v.is_number_integer()) {
    r = PriceFromInteger(v.template get<std::int64_t>(), exponent);
  } else if (v.is_number_float()) {
    r = PriceFromDouble(v.template get<double>(), exponent);
  } else {
    return WrongType(v, "decimal string or number", path);
  }
  if (!r.ok()) return At(r.error(), path);
  *out = r.value();
  return std::nullopt;
}

// Values that are not strings in the document are written out as text kept by *catalog.
template <typename Json>
std::optional<Error> ReadAttributes(const Json& v, const std::string& path, Catalog* catalog,
                                    std::vector<Attribute>* out) {
  if (!v.is_object()) return WrongType(v, "object", path);
  out->clear();
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string& key = it.key();
    const std::string item_path = Join(path, key);
    if (key.size() > Limits::kMaxStringBytes)
      return MakeError(ErrorCode::kLimitExceeded, "attribute name is over the size limit",
                       item_path);
    if (!IsValidUtf8(key))
      return MakeError(ErrorCode::kInvalidValue, "attribute name is not valid UTF-8", item_path);
    const Json& value = it.value();
    std::string_view text;
    std::string made;  // the text of a number
    if (value.is_string()) {
      if (auto e = ReadString(value, item_path, Limits::kMaxStringBytes, &text)) return e;
    } else if (value.is_boolean()) {
      text = value.template get<bool>() ? "true" : "false";
    } else if (value.is_number_unsigned()) {
      made = std::to_string(value.template get<std::uint64_t>());
    } else if (value.is_number_integer()) {
      made = std::to_string(value.template get<std::int64_t>());
    } else if (value.is_number_float()) {
      if (!std::isfinite(value.template get<double>()))
        return MakeError(ErrorCode::kInvalidValue, "attribute number is not finite", item_path);
      // As dump() prints it: text that reads back as the same double ("2.5", not "2.500000"),
      // the form a shopper expects in an upgrade diff.
      made = JsonDoubleText(value.template get<double>());
    } else {
      return WrongType(value, "string, number or boolean", item_path);
    }
    out->emplace_back(key, made.empty() ? text : catalog->Keep(made));
  }
  return std::nullopt;
}

template <typename Json>
const Json* Member(const Json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

// Where a product's lists are read to, reused from product to product.
struct ListScratch {
  std::vector<std::string_view> category, tags;
  std::vector<Attribute> attributes;
};

// *p views the document's strings (and text kept by *catalog) and *lists until catalog->Add
// copies them.
template <typename Json>
std::optional<Error> ReadProduct(const Json& v, const std::string& path, int exponent, Catalog* catalog,
                                 ListScratch* lists, Product* p) {
  if (!v.is_object()) return WrongType(v, "product object", path);
  ProductDetails d;  // the product's own only if the document sets a field of it

  const Json* id = Member(v, "id");
  if (!id) return MakeError(ErrorCode::kMissingField, "product has no id", Join(path, "id"));
  if (auto e = ReadString(*id, Join(path, "id"), Limits::kMaxIdBytes, &p->id)) return e;
  if (p->id.empty()) return MakeError(ErrorCode::kInvalidValue, "id is empty", Join(path, "id"));
  // Ids travel through CSV files, HTML attributes and C strings; control bytes break all three.
  if (HasControlCharacter(p->id))
    return MakeError(ErrorCode::kInvalidValue, "id contains a control character",
                     Join(path, "id"));

  const Json* title = Member(v, "title");
  if (!title)
    return MakeError(ErrorCode::kMissingField, "product has no title", Join(path, "title"));
  if (auto e = ReadString(*title, Join(path, "title"), Limits::kMaxStringBytes, &p->title))
    return e;

  const Json* price = Member(v, "price");
  if (!price)
    return MakeError(ErrorCode::kMissingField, "product has no price", Join(path, "price"));
  if (auto e = ReadPrice(*price, Join(path, "price"), exponent, &p->price)) return e;

  if (const Json* m = Member(v, "url"))
    if (auto e = ReadString(*m, Join(path, "url"), Limits::kMaxStringBytes, &p->url)) return e;
  if (const Json* m = Member(v, "image"))
    if (auto e = ReadString(*m, Join(path, "image"), Limits::kMaxStringBytes, &p->image)) return e;

  if (const Json* m = Member(v, "category")) {
    const std::string cpath = Join(path, "category");
    if (m->is_string()) {
      std::string_view text;
      if (auto e = ReadString(*m, cpath, Limits::kMaxStringBytes, &text)) return e;
      lists->category = SplitCategoryPath(text);
    } else {
      if (auto e = ReadStringArray(*m, cpath, &lists->category)) return e;
    }
    p->category = ListView<std::string_view>(lists->category);
  }
  if (const Json* m = Member(v, "tags")) {
    if (auto e = ReadStringArray(*m, Join(path, "tags"), &lists->tags)) return e;
    d.tags = ListView<std::string_view>(lists->tags);
  }

  if (const Json* m = Member(v, "inventory")) {
    std::int64_t inventory = 0;
    if (auto e = ReadInt64(*m, Join(path, "inventory"), &inventory)) return e;
    // Stores that allow overselling export negative stock; for offers that is simply none left.
    // "Not tracked" is spelled by leaving the member out.
    p->inventory = inventory < 0 ? 0 : inventory;
    p->in_stock = p->inventory != 0;
  }
  if (const Json* m = Member(v, "in_stock")) {
    if (!m->is_boolean()) return WrongType(*m, "boolean", Join(path, "in_stock"));
    p->in_stock = m->template get<bool>();
  }

  if (const Json* m = Member(v, "family"))
    if (auto e = ReadString(*m, Join(path, "family"), Limits::kMaxStringBytes, &d.family))
      return e;
  if (const Json* m = Member(v, "tier")) {
    std::int64_t tier = 0;
    if (auto e = ReadInt64(*m, Join(path, "tier"), &tier)) return e;
    if (tier < std::numeric_limits<std::int32_t>::min() ||
        tier > std::numeric_limits<std::int32_t>::max())
      return MakeError(ErrorCode::kInvalidValue, "tier is outside the 32-bit range",
                       Join(path, "tier"));
    d.tier = static_cast<std::int32_t>(tier);
  }
  if (const Json* m = Member(v, "upgrades_to"))
    if (auto e = ReadString(*m, Join(path, "upgrades_to"), Limits::kMaxIdBytes, &d.upgrades_to))
      return e;

  if (const Json* m = Member(v, "attributes")) {
    if (auto e = ReadAttributes(*m, Join(path, "attributes"), catalog, &lists->attributes)) return e;
    d.attributes = ListView<Attribute>(lists->attributes);
  }

  if (const Json* m = Member(v, "kind")) {
    if (!m->is_string()) return WrongType(*m, "string", Join(path, "kind"));
    const auto& kind = m->template get_ref<const std::string&>();
    if (!IsValidKind(kind))
      return MakeError(ErrorCode::kInvalidValue,
                       "kind must be a lowercase word of at most 32 characters "
                       "(a-z, 0-9, '_', '-'), e.g. \"product\" or \"protection\"",
                       Join(path, "kind"));
    d.kind = kind;
  }

  if (const Json* m = Member(v, "cost"))
    if (auto e = ReadPrice(*m, Join(path, "cost"), exponent, &d.cost)) return e;

  if (const Json* m = Member(v, "known")) {
    if (!m->is_boolean()) return WrongType(*m, "boolean", Join(path, "known"));
    p->known = m->template get<bool>();
  }
  if (!d.IsDefault()) p->mutable_details() = d;
  return std::nullopt;
}

template <typename Json>
Result<Catalog> CatalogFromJsonImpl(const Json& doc, const std::string& base) {
  Catalog catalog;
  const Json* products = nullptr;
  std::string products_path;
  if (doc.is_array()) {
    products = &doc;
    products_path = base;
  } else if (doc.is_object()) {
    if (const Json* c = Member(doc, "currency")) {
      if (!c->is_string()) return WrongType(*c, "string", Join(base, "currency"));
      const auto& code = c->template get_ref<const std::string&>();
      if (CurrencyExponent(code) < 0)
        return MakeError(ErrorCode::kUnknownCurrency,
                         "currency \"" + code.substr(0, 16) + "\" is not a known ISO 4217 code",
                         Join(base, "currency"));
      catalog.currency = code;
    }
    products = Member(doc, "products");
    products_path = Join(base, "products");
    if (!products) return MakeError(ErrorCode::kMissingField, "no products", products_path);
    if (!products->is_array()) return WrongType(*products, "array", products_path);
  } else {
    return WrongType(doc, "catalog object or array of products", base);
  }

  if (products->size() > Limits::kMaxProducts)
    return MakeError(ErrorCode::kLimitExceeded,
                     std::to_string(products->size()) + " products is over the limit of " +
                         std::to_string(Limits::kMaxProducts),
                     products_path);

  const int exponent = CurrencyExponent(catalog.currency);
  // Capped so a hostile count cannot reserve gigabytes before the first product is checked.
  catalog.products.reserve(std::min<std::size_t>(products->size(), 1u << 16));
  std::size_t i = 0;
  ListScratch lists;
  for (const auto& item : *products) {
    const std::string path = Join(products_path, i);
    Product p;
    if (auto e = ReadProduct(item, path, exponent, &catalog, &lists, &p)) return *std::move(e);
    if (catalog.Add(std::move(p)) == kNoProduct)
      return MakeError(ErrorCode::kDuplicateId,
                       "id \"" + item.find("id")->template get_ref<const std::string&>() +
                           "\" appears more than once",
                       Join(path, "id"));
    ++i;
  }
  return catalog;
}

template <typename Json>
Result<Catalog> GuardedCatalogFromJson(const Json& doc, const std::string& base) {
  try {
    return CatalogFromJsonImpl(doc, base);
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kLimitExceeded, "out of memory while reading the catalog", base);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("catalog reader failed: ") + e.what(),
                     base);
  } catch (...) {
    return MakeError(ErrorCode::kInternal, "catalog reader failed", base);
  }
}

// Builds the tree like nlohmann's own DOM parser while tracking the JSON pointer of the value
// being read, so that a number too large for a double ("price": 1e400, which nlohmann reports
// as a parse error) is blamed on its member instead of on the whole document.
class TrackingSax {
 public:
  using Json = nlohmann::ordered_json;
  explicit TrackingSax(Json* root) : dom_(*root, false) {}

  bool null() { return Value(dom_.null()); }
  bool boolean(bool v) { return Value(dom_.boolean(v)); }
  bool number_integer(Json::number_integer_t v) { return Value(dom_.number_integer(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return Value(dom_.number_unsigned(v)); }
  bool number_float(Json::number_float_t v, const Json::string_t& s) {
    return Value(dom_.number_float(v, s));
  }
  bool string(Json::string_t& v) { return Value(dom_.string(v)); }
  bool binary(Json::binary_t& v) { return Value(dom_.binary(v)); }
  bool start_object(std::size_t n) {
    frames_.push_back(Frame{false, 0, {}});
    return dom_.start_object(n);
  }
  bool key(Json::string_t& k) {
    frames_.back().key = k;
    return dom_.key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return Value(dom_.end_object());
  }
  bool start_array(std::size_t n) {
    frames_.push_back(Frame{true, 0, {}});
    return dom_.start_array(n);
  }
  bool end_array() {
    frames_.pop_back();
    return Value(dom_.end_array());
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    error_id_ = ex.id;
    position_ = position;
    std::string what = ex.what();
    const std::size_t bracket = what.find("] ");
    message_ = bracket == std::string::npos ? what : what.substr(bracket + 2);
    pointer_.clear();
    for (const Frame& f : frames_)
      pointer_ += "/" + (f.array ? std::to_string(f.index) : EscapePointerToken(f.key));
    return dom_.parse_error(position, std::string(), ex);
  }

  Error ToError() const {
    if (limit_error_) return *limit_error_;
    // Byte offset of the offending character; nlohmann counts characters read, one past it.
    const std::size_t offset = position_ > 0 ? position_ - 1 : 0;
    if (error_id_ == 406) {
      const bool price_like = !frames_.empty() && !frames_.back().array &&
                              (frames_.back().key == "price" || frames_.back().key == "cost");
      return MakeError(price_like ? ErrorCode::kInvalidPrice : ErrorCode::kInvalidValue,
                       "number at byte " + std::to_string(offset) + " is out of range: " +
                           message_,
                       pointer_);
    }
    return MakeError(ErrorCode::kMalformedJson,
                     "invalid JSON at byte " + std::to_string(offset) + ": " + message_);
  }

 private:
  struct Frame {
    bool array;
    std::size_t index;
    std::string key;
  };

  bool Value(bool ok) {
    if (frames_.empty() || !frames_.back().array) return ok;
    const std::size_t count = ++frames_.back().index;
    // Stopping here bounds the tree a hostile document of millions of "{}" can make us build.
    if (count > Limits::kMaxProducts && IsProductsArray()) {
      const std::string path = frames_.size() == 1 ? std::string() : std::string("/products");
      limit_error_ = MakeError(ErrorCode::kLimitExceeded,
                               "more than " + std::to_string(Limits::kMaxProducts) + " products",
                               path);
      return false;
    }
    return ok;
  }

  // The bare top-level array, or the "products" member of the top-level object.
  bool IsProductsArray() const {
    if (frames_.size() == 1) return frames_[0].array;
    return frames_.size() == 2 && !frames_[0].array && frames_[0].key == "products" &&
           frames_[1].array;
  }

  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  std::vector<Frame> frames_;
  int error_id_ = 0;
  std::size_t position_ = 0;
  std::string message_ = "invalid JSON";
  std::string pointer_;
  std::optional<Error> limit_error_;
};

std::optional<Error> ParseDocument(std::string_view text, nlohmann::ordered_json* doc) {
  TrackingSax sax(doc);
  if (nlohmann::ordered_json::sax_parse(text.begin(), text.end(), &sax)) return std::nullopt;
  return sax.ToError();
}

}  // namespace

namespace {

bool HasControlByte(std::uint64_t w) {
  return (byte_scan::BytesBelow(w, 0x20) | byte_scan::BytesEqual(w, 0x7f)) != 0;
}

}  // namespace

bool HasControlCharacter(std::string_view text) {
  // Every line of an order file passes here, so it goes a word at a time; the last word may
  // overlap the one before, which spares a tail loop of varying length.
  const char* p = text.data();
  const std::size_t n = text.size();
  if (n < 8) {
    for (char c : text)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
    return false;
  }
  const char* const last = p + n - 8;
  for (; p < last; p += 8)
    if (HasControlByte(byte_scan::Load64(p))) return true;
  return HasControlByte(byte_scan::Load64(last));
}

std::vector<std::string_view> SplitCategoryPath(std::string_view path) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t gt = path.find('>');
    const std::string_view part = Trim(path.substr(0, gt));
    if (!part.empty()) parts.emplace_back(part);
    if (gt == std::string_view::npos) break;
    path.remove_prefix(gt + 1);
  }
  return parts;
}

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // over U+10FFFF
    } else {
      return false;
    }
    if (n - i < len) return false;
    if (s[i + 1] < lo || s[i + 1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return false;
    i += len;
  }
  return true;
}

Status PrescanJson(std::string_view text, std::size_t max_depth, std::size_t max_string_bytes) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  std::size_t string_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // A raw NUL is never valid JSON (inside a string it is an unescaped control character), and
    // nlohmann's lexer takes it for the end of input, which would silently accept anything after
    // it: '{"cart": ["A"]}\0<garbage>'.
    if (c == '\0')
      return MakeError(ErrorCode::kMalformedJson, "NUL byte at byte " + std::to_string(i) + " (not JSON)");
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        continue;
      }
      if (i - string_start >= max_string_bytes)
        return MakeError(ErrorCode::kLimitExceeded,
                         "string starting at byte " + std::to_string(string_start) +
                             " is longer than " + std::to_string(max_string_bytes) + " bytes");
      continue;
    }
    if (c == '"') {
      in_string = true;
      string_start = i + 1;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth)
        return MakeError(ErrorCode::kLimitExceeded,
                         "JSON nested deeper than " + std::to_string(max_depth) +
                             " levels at byte " + std::to_string(i));
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return Status::Ok();
}

Result<Catalog> CatalogFromJson(const nlohmann::json& doc, const std::string& base_path) {
  return GuardedCatalogFromJson(doc, base_path);
}

Result<Catalog> CatalogFromJson(const nlohmann::ordered_json& doc, const std::string& base_path) {
  return GuardedCatalogFromJson(doc, base_path);
}

Result<Catalog> LoadCatalogJson(std::string_view text) {
  try {
    if (text.size() > Limits::kMaxBundleBytes)
      return MakeError(ErrorCode::kLimitExceeded,
                       "catalog of " + std::to_string(text.size()) +
                           " bytes is over the limit of " + std::to_string(Limits::kMaxBundleBytes));
    if (Status s = PrescanJson(text); !s.ok()) return s.error();

    nlohmann::ordered_json doc;
    if (std::optional<Error> e = ParseDocument(text, &doc)) return *std::move(e);

    if (doc.is_object()) {
      if (const auto* f = Member(doc, "format")) {
        if (!f->is_string()) return WrongType(*f, "string", "/format");
        const auto& tag = f->get_ref<const std::string&>();
        if (tag != kCatalogFormat)
          return MakeError(ErrorCode::kUnsupportedFormat,
                           "format \"" + tag.substr(0, 64) + "\" is not " +
                               std::string(kCatalogFormat),
                           "/format");
      }
    }
    return CatalogFromJson(doc, std::string());
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kLimitExceeded, "out of memory while reading the catalog");
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("catalog reader failed: ") + e.what());
  } catch (...) {
    return MakeError(ErrorCode::kInternal, "catalog reader failed");
  }
}

nlohmann::ordered_json ProductToJson(const Product& p, const std::string& currency) {
  const int exponent = CurrencyExponent(currency);
  const ProductDetails& d = p.details();
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["id"] = p.id;
  j["title"] = p.title;
  j["price"] = FormatDecimal(p.price, exponent);
  if (!p.url.empty()) j["url"] = p.url;
  if (!p.image.empty()) j["image"] = p.image;
  if (!p.category.empty()) j["category"] = p.category;
  if (!d.tags.empty()) j["tags"] = d.tags;
  // Always written: with inventory 0 and no in_stock the reader would infer false, so the flag
  // must be explicit for the document to read back equal.
  j["in_stock"] = p.in_stock;
  if (p.inventory >= 0) j["inventory"] = p.inventory;
  if (!d.family.empty()) j["family"] = d.family;
  if (d.tier != 0) j["tier"] = d.tier;
  if (!d.upgrades_to.empty()) j["upgrades_to"] = d.upgrades_to;
  if (!d.attributes.empty()) {
    nlohmann::ordered_json attrs = nlohmann::ordered_json::object();
    for (const auto& [key, value] : d.attributes) attrs[key] = value;
    j["attributes"] = std::move(attrs);
  }
  if (d.kind != "product") j["kind"] = d.kind;
  if (d.cost >= 0) j["cost"] = FormatDecimal(d.cost, exponent);
  if (!p.known) j["known"] = false;
  return j;
}

namespace {

void WriteStrings(ListView<std::string_view> list, JsonWriter* out) {
  out->BeginArray();
  for (const std::string_view s : list) out->String(s);
  out->EndArray();
}

// As an ordered_json object built by assignment: a repeated name (possible only in a
// hand-assembled binary bundle) keeps its first position and takes its last value.
void WriteAttributes(ListView<Attribute> attrs, JsonWriter* out) {
  out->BeginObject();
  for (std::size_t i = 0; i < attrs.size(); ++i) {
    const std::string_view name = attrs[i].first;
    bool repeat = false;
    for (std::size_t e = 0; e < i && !repeat; ++e) repeat = attrs[e].first == name;
    if (repeat) continue;
    std::size_t last = i;
    for (std::size_t l = i + 1; l < attrs.size(); ++l)
      if (attrs[l].first == name) last = l;
    out->Key(name);
    out->String(attrs[last].second);
  }
  out->EndObject();
}

}  // namespace

// Keep in step with ProductToJson (CatalogJson.StreamedProductMatchesProductToJson checks it).
void WriteProductMembers(const Product& p, int exponent, JsonWriter* out) {
  const ProductDetails& d = p.details();
  out->Key("id");
  out->String(p.id);
  out->Key("title");
  out->String(p.title);
  out->Key("price");
  out->String(FormatDecimal(p.price, exponent));
  if (!p.url.empty()) {
    out->Key("url");
    out->String(p.url);
  }
  if (!p.image.empty()) {
    out->Key("image");
    out->String(p.image);
  }
  if (!p.category.empty()) {
    out->Key("category");
    WriteStrings(p.category, out);
  }
  if (!d.tags.empty()) {
    out->Key("tags");
    WriteStrings(d.tags, out);
  }
  out->Key("in_stock");
  out->Bool(p.in_stock);
  if (p.inventory >= 0) {
    out->Key("inventory");
    out->Int(p.inventory);
  }
  if (!d.family.empty()) {
    out->Key("family");
    out->String(d.family);
  }
  if (d.tier != 0) {
    out->Key("tier");
    out->Int(d.tier);
  }
  if (!d.upgrades_to.empty()) {
    out->Key("upgrades_to");
    out->String(d.upgrades_to);
  }
  if (!d.attributes.empty()) {
    out->Key("attributes");
    WriteAttributes(d.attributes, out);
  }
  if (d.kind != "product") {
    out->Key("kind");
    out->String(d.kind);
  }
  if (d.cost >= 0) {
    out->Key("cost");
    out->String(FormatDecimal(d.cost, exponent));
  }
  if (!p.known) {
    out->Key("known");
    out->Bool(false);
  }
}

nlohmann::ordered_json CatalogProductsToJson(const Catalog& catalog) {
  nlohmann::ordered_json products = nlohmann::ordered_json::array();
  for (const Product& p : catalog.products) products.push_back(ProductToJson(p, catalog.currency));
  return products;
}

nlohmann::ordered_json CatalogToJson(const Catalog& catalog) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  doc["format"] = std::string(kCatalogFormat);
  doc["currency"] = catalog.currency;
  doc["products"] = CatalogProductsToJson(catalog);
  return doc;
}

std::string DumpCatalogJson(const Catalog& catalog) {
  return CatalogToJson(catalog).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cartlift
