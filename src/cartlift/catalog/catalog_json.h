// Catalog JSON (`cartlift.catalog/1`, schema/catalog.schema.json) to and from the product model.
// Every function here returns errors as values; none throws, even on hostile input.
//
// Example:
//   Result<Catalog> r = LoadCatalogJson(text);
//   if (!r.ok()) std::cerr << r.error().code_name() << " at " << r.error().path;
//   std::string out = DumpCatalogJson(r.value());   // byte-identical for equal catalogs
//
// Member order on output is fixed (nlohmann::ordered_json): the documented field order of
// docs/formats.md, with default-valued optional members left out, and attributes in the order
// they were read. A catalog therefore always serialises to the same bytes, which the store
// bundle relies on. Readers take either json flavour; parse with ordered_json to keep the
// document order of `attributes` (nlohmann::json sorts object members by key).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cartlift/catalog/catalog.h"
#include "cartlift/status.h"

namespace cartlift {

class JsonWriter;

// The `format` tag a catalog document may carry.
inline constexpr std::string_view kCatalogFormat = "cartlift.catalog/1";

// Parses and validates a whole catalog document: an object {format?, currency?, products} or a
// bare array of products (currency GBP). Input over Limits::kMaxBundleBytes, nested deeper than
// Limits::kMaxJsonDepth or holding a string over kMaxRawJsonStringBytes is kLimitExceeded before
// any parsing, and more than Limits::kMaxProducts products stops the parse as soon as the count is
// passed; malformed JSON (including invalid UTF-8) is kMalformedJson with the byte offset in the
// message. A number too large for a double is kInvalidPrice at its pointer when it is a price or
// cost, otherwise kInvalidValue.
Result<Catalog> LoadCatalogJson(std::string_view text);

// Validates an already parsed document of the catalog's shape; used by the bundle reader, whose
// products also carry "orders" and "known". Does not look at `format` (the caller owns the tag).
// Unknown members are ignored. Error paths are JSON pointers prefixed with `base_path`
// (e.g. "/catalog" when the catalog is nested in a larger document).
Result<Catalog> CatalogFromJson(const nlohmann::json& doc, const std::string& base_path = {});
Result<Catalog> CatalogFromJson(const nlohmann::ordered_json& doc,
                                const std::string& base_path = {});

// One product, with its price and cost as exact decimal strings ("2.55") in `currency`.
// Strings must be valid UTF-8 (everything LoadCatalogJson produces is); dump the result with
// nlohmann's error_handler_t::replace when products may have been edited by hand.
nlohmann::ordered_json ProductToJson(const Product& product, const std::string& currency);

// The members of ProductToJson(product, ...).dump() (JsonWriter escapes: \u0008 for \b, \u000c
// for \f; invalid UTF-8 becomes one U+FFFD per byte), streamed into an object the caller has
// opened, so the bundle writer can append its own members without a DOM per product (a
// 16k-product bundle spent more time building and freeing those trees than writing). Takes
// CurrencyExponent(currency), looked up once per catalog.
void WriteProductMembers(const Product& product, int currency_exponent, JsonWriter* out);

// The products array, in catalog order.
nlohmann::ordered_json CatalogProductsToJson(const Catalog& catalog);

// The whole document {"format", "currency", "products"}; LoadCatalogJson reads it back equal.
nlohmann::ordered_json CatalogToJson(const Catalog& catalog);

// CatalogToJson serialised compactly; invalid UTF-8 (only possible in hand-edited products) is
// replaced by U+FFFD rather than throwing.
std::string DumpCatalogJson(const Catalog& catalog);

// Longest raw string (bytes between the quotes, escapes included) PrescanJson lets through. Far
// above any member the catalog keeps (those are capped at Limits::kMaxStringBytes and reported
// with their JSON pointer), so long unknown members such as HTML descriptions still load, while a
// 400 MB string is refused before the parser buffers and copies it.
inline constexpr std::size_t kMaxRawJsonStringBytes = std::size_t{1} << 20;

// One pass over the text, without building a tree: rejects nesting deeper than `max_depth`
// arrays/objects (so 1,000,000 '[' cannot exhaust the stack or memory of a later parse) and raw
// strings over `max_string_bytes`, as kLimitExceeded with the byte offset in the message.
// Brackets inside strings are not counted. A raw NUL byte anywhere is kMalformedJson (nlohmann would
// stop reading there and accept whatever follows). Other syntax errors are left to the real parser.
Status PrescanJson(std::string_view text, std::size_t max_depth = Limits::kMaxJsonDepth,
                   std::size_t max_string_bytes = kMaxRawJsonStringBytes);

// True when `text` holds a C0 control byte or DEL: refused in ids everywhere (they break CSV files,
// HTML attributes and C strings). Example: HasControlCharacter("A\nB") is true.
bool HasControlCharacter(std::string_view text);

// "Home > Candles & lights" as {"Home", "Candles & lights"}: the category path most store exports
// write, root first, blank parts dropped.
std::vector<std::string_view> SplitCategoryPath(std::string_view path);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points over U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace cartlift
