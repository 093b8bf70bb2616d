#include "cartlift/catalog/shopify_csv.h"

#include <charconv>
#include <istream>
#include <new>
#include <optional>
#include <streambuf>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/money.h"
// The orders readers' RFC 4180 splitter, shared rather than copied: it already bounds memory per
// record and counts physical lines, which product exports (multi-line quoted Body (HTML)) need
// just as much as order exports.
#include "cartlift/orders/csv_tokenizer.h"

namespace cartlift {
namespace {

using orders_internal::CsvRecord;
using orders_internal::CsvTokenizer;

constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
constexpr std::size_t kMaxListed = 100;
constexpr std::size_t kMaxBaseUrlBytes = 2048;
constexpr int kOptions = 3;  // Shopify allows Option1..Option3
constexpr const char* kTitleSeparator = " \xE2\x80\x93 ";  // " – "

// The tokenizer reads an istream; this one reads the caller's text in place instead of copying
// a file of up to max_bytes into a stringstream.
class ViewBuf : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view s) {
    char* p = const_cast<char*>(s.data());  // get area only: nothing is ever written through it
    setg(p, p, p + s.size());
  }
};

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

std::string Quote(std::string_view text) {
  constexpr std::size_t kShown = 40;
  std::string out = "\"";
  out.append(text.substr(0, kShown));
  if (text.size() > kShown) out += "...";
  out += '"';
  return out;
}

// Only absolute web addresses: anything else (a relative path, "javascript:") would be put in a
// shopper's page as is.
bool IsWebUrl(std::string_view s) {
  std::string_view rest;
  if (StartsWithIgnoreCase(s, "https://")) rest = s.substr(8);
  else if (StartsWithIgnoreCase(s, "http://")) rest = s.substr(7);
  else return false;
  if (rest.empty() || s.size() > Limits::kMaxStringBytes || !IsValidUtf8(s)) return false;
  for (char c : s)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  return true;
}

// Handles are meant to be URL-safe already; anything else is escaped rather than trusted.
std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

struct Columns {
  std::size_t handle = kAbsent, title = kAbsent, vendor = kAbsent, type = kAbsent;
  std::size_t category = kAbsent, tags = kAbsent, published = kAbsent, status = kAbsent;
  std::size_t option_name[kOptions] = {kAbsent, kAbsent, kAbsent};
  std::size_t option_value[kOptions] = {kAbsent, kAbsent, kAbsent};
  std::size_t sku = kAbsent, tracker = kAbsent, quantity = kAbsent, policy = kAbsent;
  std::size_t price = kAbsent, compare_at = kAbsent, cost = kAbsent;
  std::size_t image_src = kAbsent, variant_image = kAbsent;
};

std::size_t FindColumn(const CsvRecord& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (EqualsIgnoreCase(Trim(header.field(i)), name)) return i;
  return kAbsent;
}

Columns FindColumns(const CsvRecord& h) {
  Columns c;
  c.handle = FindColumn(h, "Handle");
  c.title = FindColumn(h, "Title");
  c.vendor = FindColumn(h, "Vendor");
  c.type = FindColumn(h, "Type");
  c.category = FindColumn(h, "Product Category");
  c.tags = FindColumn(h, "Tags");
  c.published = FindColumn(h, "Published");
  if (c.published == kAbsent) c.published = FindColumn(h, "Published on Online Store");
  c.status = FindColumn(h, "Status");
  for (int k = 0; k < kOptions; ++k) {
    const std::string n = "Option" + std::to_string(k + 1);
    c.option_name[k] = FindColumn(h, n + " Name");
    c.option_value[k] = FindColumn(h, n + " Value");
  }
  c.sku = FindColumn(h, "Variant SKU");
  c.tracker = FindColumn(h, "Variant Inventory Tracker");
  c.quantity = FindColumn(h, "Variant Inventory Qty");
  c.policy = FindColumn(h, "Variant Inventory Policy");
  c.price = FindColumn(h, "Variant Price");
  c.compare_at = FindColumn(h, "Variant Compare At Price");
  c.cost = FindColumn(h, "Cost per item");
  c.image_src = FindColumn(h, "Image Src");
  c.variant_image = FindColumn(h, "Variant Image");
  return c;
}

std::string_view Cell(const CsvRecord& rec, std::size_t col) {
  return col == kAbsent ? std::string_view() : Trim(rec.field(col));
}

// Why one row cannot be imported. `column` is empty for whole-record problems.
struct RowError {
  ErrorCode code;
  std::string column;
  std::string why;
};

std::optional<RowError> CheckText(std::string_view text, const char* column, std::size_t max) {
  if (text.size() > max)
    return RowError{ErrorCode::kLimitExceeded, column,
                    std::to_string(text.size()) + " bytes is over the limit of " +
                        std::to_string(max)};
  if (!IsValidUtf8(text)) return RowError{ErrorCode::kInvalidValue, column, "not valid UTF-8"};
  return std::nullopt;
}

std::optional<RowError> CheckId(std::string_view id, const char* column) {
  if (auto e = CheckText(id, column, Limits::kMaxIdBytes)) return e;
  // Ids travel through CSV files, HTML attributes and C strings; control bytes break all three.
  if (HasControlCharacter(id))
    return RowError{ErrorCode::kInvalidValue, column, "contains a control character"};
  return std::nullopt;
}

std::optional<RowError> ParseMoney(std::string_view text, const char* column, int exponent,
                                   Money* out) {
  Result<Money> r = ParseDecimalPrice(text, exponent);
  if (!r.ok()) return RowError{r.error().code, column, Quote(text) + ": " + r.error().message};
  *out = r.value();
  return std::nullopt;
}

std::vector<std::string> SplitTags(std::string_view text) {
  std::vector<std::string> tags;
  std::unordered_set<std::string> seen;
  for (;;) {
    const std::size_t comma = text.find(',');
    const std::string_view tag = Trim(text.substr(0, comma));
    if (!tag.empty() && seen.emplace(tag).second) tags.emplace_back(tag);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return tags;
}

// What the first row of a handle said about the whole Shopify product.
struct ShopifyProduct {
  enum class State { kOk, kBad, kUnpublished };
  State state = State::kOk;
  std::uint64_t line = 0;  // the first row
  std::string refused;     // for kBad and kUnpublished: why, for the product's later rows
  std::string handle;
  std::string title;
  std::vector<std::string> category;
  std::vector<std::string> tags;
  std::vector<std::pair<std::string, std::string>> extra;  // vendor, type
  std::string option_names[kOptions];
  std::string image;       // first http(s) Image Src of any of its rows
  std::vector<ProductIndex> variants;
};

class Importer {
 public:
  Importer(const ShopifyImportOptions& options, ShopifyImportReport* report, int exponent)
      : opt_(options), rep_(*report), exponent_(exponent) {
    base_url_ = options.base_url;
    if (base_url_.empty() || base_url_.back() != '/') base_url_.push_back('/');
    catalog_.currency = options.currency;
  }

  Status Run(std::istream& in);
  Catalog TakeCatalog() { return std::move(catalog_); }

 private:
  Status Row(const CsvRecord& rec);
  std::optional<RowError> ReadProduct(const CsvRecord& rec, ShopifyProduct* p);
  std::optional<RowError> ReadVariant(const CsvRecord& rec, const ShopifyProduct& p,
                                      Product* out);
  Status Problem(std::uint64_t line, const RowError& e);
  void Skip(std::uint64_t line, const std::string& why);
  void Warn(std::string text) {
    if (rep_.warnings.size() < kMaxListed) rep_.warnings.push_back(std::move(text));
  }
  void TakeImage(const CsvRecord& rec, ShopifyProduct* p);
  void Finish();

  const ShopifyImportOptions& opt_;
  ShopifyImportReport& rep_;
  const int exponent_;
  std::string base_url_;
  Columns cols_;
  std::size_t field_count_ = 0;
  bool tracker_column_ = false;
  Catalog catalog_;
  std::vector<std::uint64_t> variant_lines_;  // per catalog product, the row it came from
  // The lists of the variant being read (ReadVariant), until catalog_.Add copies them.
  std::vector<std::string_view> category_, tags_;
  std::vector<Attribute> attributes_;
  std::vector<ShopifyProduct> products_;
  std::unordered_map<std::string, std::size_t> by_handle_;
  std::uint64_t untracked_quantities_ = 0;
  std::uint64_t low_compare_at_ = 0;
};

Status Importer::Problem(std::uint64_t line, const RowError& e) {
  const std::string why = (e.column.empty() ? std::string() : "column " + e.column + ": ") + e.why;
  if (opt_.strict)
    return MakeError(e.code, "line " + std::to_string(line) + ": " + why,
                     opt_.source_name + ":" + std::to_string(line));
  Skip(line, why);
  return Status::Ok();
}

void Importer::Skip(std::uint64_t line, const std::string& why) {
  ++rep_.skipped_rows;
  if (rep_.skipped.size() < kMaxListed)
    rep_.skipped.push_back("line " + std::to_string(line) + ": " + why);
}

void Importer::TakeImage(const CsvRecord& rec, ShopifyProduct* p) {
  const std::string_view src = Cell(rec, cols_.image_src);
  if (src.empty()) return;
  if (!IsWebUrl(src)) {
    Warn("line " + std::to_string(rec.line) + ": column Image Src: " + Quote(src) +
         " is not an http(s) URL, ignored");
    return;
  }
  if (p->image.empty()) p->image.assign(src);
}

std::optional<RowError> Importer::ReadProduct(const CsvRecord& rec, ShopifyProduct* p) {
  const std::string_view title = Cell(rec, cols_.title);
  if (title.empty())
    return RowError{ErrorCode::kInvalidValue, "Title",
                    "empty on the first row of product " + Quote(p->handle)};
  if (auto e = CheckText(title, "Title", Limits::kMaxStringBytes)) return e;
  p->title.assign(title);

  const std::string_view vendor = Cell(rec, cols_.vendor);
  if (auto e = CheckText(vendor, "Vendor", Limits::kMaxStringBytes)) return e;
  const std::string_view type = Cell(rec, cols_.type);
  if (auto e = CheckText(type, "Type", Limits::kMaxStringBytes)) return e;
  const std::string_view category = Cell(rec, cols_.category);
  if (auto e = CheckText(category, "Product Category", Limits::kMaxStringBytes)) return e;
  // Shopify's taxonomy path is the better category; Type is the merchant's own one-level label.
  for (const std::string_view part : SplitCategoryPath(category)) p->category.emplace_back(part);  // "Home > Lighting"
  if (p->category.empty() && !type.empty()) p->category.emplace_back(type);
  if (!vendor.empty()) p->extra.emplace_back("vendor", std::string(vendor));
  if (!type.empty() && !category.empty()) p->extra.emplace_back("type", std::string(type));

  const std::string_view tags = Cell(rec, cols_.tags);
  if (!IsValidUtf8(tags)) return RowError{ErrorCode::kInvalidValue, "Tags", "not valid UTF-8"};
  p->tags = SplitTags(tags);
  for (const std::string& t : p->tags)
    if (auto e = CheckText(t, "Tags", Limits::kMaxStringBytes)) return e;

  for (int k = 0; k < kOptions; ++k) {
    const std::string_view name = Cell(rec, cols_.option_name[k]);
    if (auto e = CheckText(name, "Option Name", Limits::kMaxStringBytes)) {
      e->column = "Option" + std::to_string(k + 1) + " Name";
      return e;
    }
    p->option_names[k].assign(name);
  }

  const std::string_view published = Cell(rec, cols_.published);
  const std::string_view status = Cell(rec, cols_.status);
  const bool listed = status.empty() || EqualsIgnoreCase(status, "active");
  if (!listed && !EqualsIgnoreCase(status, "draft") && !EqualsIgnoreCase(status, "archived") &&
      !EqualsIgnoreCase(status, "unlisted"))
    return RowError{ErrorCode::kInvalidValue, "Status",
                    Quote(status) + " is not active, draft, archived or unlisted"};
  // A blank Published is read as published: dropping products for a missing cell would cost a
  // merchant offers without saying why.
  if (!published.empty() && !EqualsIgnoreCase(published, "true") &&
      !EqualsIgnoreCase(published, "false"))
    return RowError{ErrorCode::kInvalidValue, "Published", Quote(published) + " is not true or false"};
  if (!listed) {
    p->state = ShopifyProduct::State::kUnpublished;
    p->refused = "product " + Quote(p->handle) + " has Status " + std::string(status) +
                 ", not for sale";
  } else if (EqualsIgnoreCase(published, "false")) {
    p->state = ShopifyProduct::State::kUnpublished;
    p->refused = "product " + Quote(p->handle) + " is not published (Published=false)";
  }
  return std::nullopt;
}

std::optional<RowError> Importer::ReadVariant(const CsvRecord& rec, const ShopifyProduct& p,
                                              Product* out) {
  std::vector<std::pair<std::string, std::string>> options;
  for (int k = 0; k < kOptions; ++k) {
    const std::string_view value = Cell(rec, cols_.option_value[k]);
    if (value.empty()) continue;
    const std::string column = "Option" + std::to_string(k + 1) + " Value";
    if (auto e = CheckText(value, column.c_str(), Limits::kMaxStringBytes)) return e;
    std::string name = p.option_names[k].empty() ? "option" + std::to_string(k + 1)
                                                 : p.option_names[k];
    options.emplace_back(std::move(name), std::string(value));
  }
  // Shopify's spelling of "this product has no options".
  const bool no_options =
      options.empty() || (options.size() == 1 && options[0].second == "Default Title");
  if (no_options) options.clear();

  const std::string_view sku = Cell(rec, cols_.sku);
  if (auto e = CheckId(sku, "Variant SKU")) return e;
  // The record's cells live until the product is added; text made here is kept by the catalog.
  if (!sku.empty()) {
    out->id = sku;
  } else {
    std::string id = p.handle;
    for (std::size_t i = 0; i < options.size(); ++i) {
      id += i == 0 ? ':' : '/';
      id += options[i].second;
    }
    if (auto e = CheckId(id, "Variant SKU")) {
      e->why = "empty, and the id made from Handle and option values is " + e->why;
      return e;
    }
    out->id = catalog_.Keep(id);
  }

  std::string title = p.title;
  for (std::size_t i = 0; i < options.size(); ++i) {
    title += i == 0 ? kTitleSeparator : " / ";
    title += options[i].second;
  }
  if (title.size() > Limits::kMaxStringBytes)
    return RowError{ErrorCode::kLimitExceeded, "Title",
                    "with its option values " + std::to_string(title.size()) +
                        " bytes, over the limit of " + std::to_string(Limits::kMaxStringBytes)};
  out->title = catalog_.Keep(title);

  const std::string_view price = Cell(rec, cols_.price);
  if (price.empty()) return RowError{ErrorCode::kInvalidPrice, "Variant Price", "empty"};
  if (auto e = ParseMoney(price, "Variant Price", exponent_, &out->price)) return e;

  const std::string_view compare_at = Cell(rec, cols_.compare_at);
  Money was = -1;
  if (!compare_at.empty())
    if (auto e = ParseMoney(compare_at, "Variant Compare At Price", exponent_, &was)) return e;
  const std::string_view cost = Cell(rec, cols_.cost);
  if (!cost.empty())
    if (auto e = ParseMoney(cost, "Cost per item", exponent_, &out->mutable_details().cost)) return e;

  const std::string_view policy = Cell(rec, cols_.policy);
  const bool oversell = EqualsIgnoreCase(policy, "continue");
  if (!policy.empty() && !oversell && !EqualsIgnoreCase(policy, "deny"))
    return RowError{ErrorCode::kInvalidValue, "Variant Inventory Policy",
                    Quote(policy) + " is not deny or continue"};
  const std::string_view tracker = Cell(rec, cols_.tracker);
  const std::string_view quantity = Cell(rec, cols_.quantity);
  // Shopify enforces a quantity only for a tracked variant with policy deny; otherwise it keeps
  // selling whatever the number says, and so should the offers.
  const bool tracked = tracker_column_ ? !tracker.empty() : true;
  if (!quantity.empty() && !tracked) ++untracked_quantities_;
  if (!quantity.empty() && tracked) {
    std::int64_t qty = 0;
    const char* end = quantity.data() + quantity.size();
    auto [ptr, ec] = std::from_chars(quantity.data(), end, qty);
    if (ec != std::errc() || ptr != end)
      return RowError{ErrorCode::kInvalidValue, "Variant Inventory Qty",
                      Quote(quantity) + " is not an integer"};
    if (!oversell) {
      out->inventory = qty < 0 ? 0 : qty;
      out->in_stock = qty > 0;
    }
  }

  const std::string_view variant_image = Cell(rec, cols_.variant_image);
  if (IsWebUrl(variant_image)) {
    out->image = variant_image;
  } else if (!variant_image.empty()) {
    Warn("line " + std::to_string(rec.line) + ": column Variant Image: " + Quote(variant_image) +
         " is not an http(s) URL, ignored");
  }

  out->url = catalog_.Keep(base_url_ + PercentEncode(p.handle));
  // The lists view the importer's scratch until catalog_.Add copies them.
  category_.assign(p.category.begin(), p.category.end());
  tags_.assign(p.tags.begin(), p.tags.end());
  attributes_.clear();
  // A JSON object keeps one value per name, so the first of two equal names wins here too (an
  // option called "vendor" hides the Vendor column) and the catalog reads back as written.
  auto add = [this](std::string_view name, std::string_view value) {
    for (const auto& kv : attributes_)
      if (kv.first == name) return;
    attributes_.emplace_back(catalog_.Keep(name), catalog_.Keep(value));
  };
  for (const auto& kv : options) add(kv.first, kv.second);
  for (const auto& kv : p.extra) add(kv.first, kv.second);
  if (was > out->price) {
    add("compare_at_price", FormatDecimal(was, exponent_));
  } else if (was >= 0) {
    ++low_compare_at_;
  }
  out->category = ListView<std::string_view>(category_);
  if (!tags_.empty()) out->mutable_details().tags = ListView<std::string_view>(tags_);
  if (!attributes_.empty()) out->mutable_details().attributes = ListView<Attribute>(attributes_);
  return std::nullopt;
}

Status Importer::Row(const CsvRecord& rec) {
  const std::uint64_t line = rec.line;
  if (rec.problem == CsvRecord::Problem::kTooLong)
    return Problem(line, {ErrorCode::kLimitExceeded, "", "record longer than 1 MiB"});
  if (rec.problem == CsvRecord::Problem::kUnterminatedQuote)
    return Problem(line, {ErrorCode::kMalformedRecord, "", "unterminated quoted field"});
  if (rec.size() != field_count_)
    return Problem(line, {ErrorCode::kMalformedRecord, "",
                          "expected " + std::to_string(field_count_) + " fields, found " +
                              std::to_string(rec.size())});

  const std::string_view handle = Cell(rec, cols_.handle);
  if (handle.empty()) return Problem(line, {ErrorCode::kInvalidValue, "Handle", "empty"});
  if (auto e = CheckId(handle, "Handle")) return Problem(line, *e);

  auto [it, added] = by_handle_.emplace(std::string(handle), products_.size());
  if (added) {
    ShopifyProduct& p = products_.emplace_back();
    p.line = line;
    p.handle.assign(handle);
    if (auto e = ReadProduct(rec, &p)) {
      p.state = ShopifyProduct::State::kBad;
      p.refused = "product " + Quote(p.handle) + " was not imported (line " +
                  std::to_string(line) + ")";
      return Problem(line, *e);
    }
  }
  ShopifyProduct& p = products_[it->second];
  if (p.state != ShopifyProduct::State::kOk) {
    if (p.state == ShopifyProduct::State::kUnpublished) ++rep_.unpublished_rows;
    Skip(line, p.refused);
    return Status::Ok();
  }
  TakeImage(rec, &p);

  // The first row always describes the first variant; a later row without price, SKU or option
  // values only adds a picture.
  bool variant = added || !Cell(rec, cols_.price).empty() || !Cell(rec, cols_.sku).empty();
  for (int k = 0; k < kOptions; ++k) variant = variant || !Cell(rec, cols_.option_value[k]).empty();
  if (!variant) {
    ++rep_.image_rows;
    return Status::Ok();
  }

  Product product;
  if (auto e = ReadVariant(rec, p, &product)) return Problem(line, *e);
  const std::string id(product.id);
  const ProductIndex index = catalog_.Add(std::move(product));
  if (index == kNoProduct) {
    const std::uint64_t first = variant_lines_[catalog_.Find(id)];
    return Problem(line, {ErrorCode::kDuplicateId,
                          Cell(rec, cols_.sku).empty() ? "Handle" : "Variant SKU",
                          "id " + Quote(id) + " is already used by line " + std::to_string(first)});
  }
  variant_lines_.push_back(line);
  p.variants.push_back(index);
  return Status::Ok();
}

void Importer::Finish() {
  for (ShopifyProduct& p : products_) {
    if (p.variants.empty()) continue;
    ++rep_.products;
    // Kept once per product: its variants share the text.
    const std::string_view image = catalog_.Keep(p.image);
    const std::string_view family = p.variants.size() > 1 ? catalog_.Keep(p.handle) : std::string_view();
    for (ProductIndex i : p.variants) {
      Product& v = catalog_[i];
      if (v.image.empty()) v.image = image;
      // One variant has nothing to be grouped with; a family of one would only be noise.
      if (!family.empty()) v.mutable_details().family = family;
    }
  }
  rep_.variants = catalog_.size();
  if (untracked_quantities_ > 0)
    Warn(std::to_string(untracked_quantities_) +
         " variant(s) list a Variant Inventory Qty without a Variant Inventory Tracker; Shopify "
         "does not enforce those quantities, so they were imported as always in stock");
  if (low_compare_at_ > 0)
    Warn(std::to_string(low_compare_at_) +
         " variant(s) have a Variant Compare At Price not above their price; Shopify shows no "
         "sale for those, so it was not kept");
}

Status Importer::Run(std::istream& in) {
  CsvTokenizer tokenizer(in);
  CsvRecord header;
  bool have_header = false;
  while (tokenizer.Next(&header)) {
    if (!header.blank()) {
      have_header = true;
      break;
    }
  }
  if (!have_header)
    return MakeError(ErrorCode::kMissingField,
                     "empty input, expected a Shopify product CSV header with column \"Handle\"",
                     opt_.source_name);
  const std::string where = opt_.source_name + ":" + std::to_string(header.line);
  if (header.problem == CsvRecord::Problem::kTooLong)
    return MakeError(ErrorCode::kLimitExceeded, "header longer than 1 MiB", where);
  if (header.problem == CsvRecord::Problem::kUnterminatedQuote)
    return MakeError(ErrorCode::kMalformedRecord, "header has an unterminated quoted field", where);
  cols_ = FindColumns(header);
  field_count_ = header.size();
  tracker_column_ = cols_.tracker != kAbsent;
  for (auto [col, name] : {std::pair{cols_.handle, "Handle"}, std::pair{cols_.title, "Title"},
                           std::pair{cols_.price, "Variant Price"}})
    if (col == kAbsent)
      return MakeError(ErrorCode::kMissingField,
                       std::string("missing column \"") + name +
                           "\"; is this a Shopify product CSV export?",
                       where);

  CsvRecord rec;
  while (tokenizer.Next(&rec)) {
    if (rec.blank()) continue;
    if (++rep_.rows > opt_.max_rows)
      return MakeError(ErrorCode::kLimitExceeded,
                       "more than " + std::to_string(opt_.max_rows) + " rows",
                       opt_.source_name + ":" + std::to_string(rec.line));
    if (Status s = Row(rec); !s.ok()) return s;
  }
  Finish();
  return Status::Ok();
}

Result<Catalog> Import(std::string_view text, const ShopifyImportOptions& options,
                       ShopifyImportReport* report) {
  const int exponent = CurrencyExponent(options.currency);
  if (exponent < 0)
    return MakeError(ErrorCode::kUnknownCurrency,
                     "currency " + Quote(options.currency) + " is not a known ISO 4217 code",
                     "currency");
  if (options.base_url.size() > kMaxBaseUrlBytes || !IsValidUtf8(options.base_url) ||
      HasControlCharacter(options.base_url))
    return MakeError(ErrorCode::kInvalidValue,
                     "base URL must be valid UTF-8 without control characters, at most " +
                         std::to_string(kMaxBaseUrlBytes) + " bytes",
                     "base_url");
  if (text.size() > options.max_bytes)
    return MakeError(ErrorCode::kLimitExceeded,
                     "input of " + std::to_string(text.size()) + " bytes is over the limit of " +
                         std::to_string(options.max_bytes),
                     options.source_name);
  ViewBuf buf(text);
  std::istream in(&buf);
  Importer importer(options, report, exponent);
  if (Status s = importer.Run(in); !s.ok()) return s.error();
  return importer.TakeCatalog();
}

}  // namespace

Result<Catalog> ImportShopifyCsv(std::string_view text, const ShopifyImportOptions& options,
                                 ShopifyImportReport* report) {
  ShopifyImportReport local;
  ShopifyImportReport& rep = report != nullptr ? *report : local;
  rep = ShopifyImportReport{};
  try {
    return Import(text, options, &rep);
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kLimitExceeded, "out of memory while importing the CSV",
                     options.source_name);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("Shopify import failed: ") + e.what(),
                     options.source_name);
  } catch (...) {
    return MakeError(ErrorCode::kInternal, "Shopify import failed", options.source_name);
  }
}

}  // namespace cartlift
