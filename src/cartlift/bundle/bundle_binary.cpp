#include "cartlift/bundle/bundle_binary.h"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <unordered_map>
#include <utility>

#include "cartlift/bundle/bundle_json.h"
#include "cartlift/bundle/experiments_json.h"
#include "cartlift/bundle/inferred_upgrades.h"
#include "cartlift/bundle/lists_v7.h"
#include "cartlift/bundle/neighbour_limit.h"
#include "cartlift/byte_scan.h"
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/money.h"

namespace cartlift {
namespace {

constexpr std::size_t kHeaderBytes = 20;
constexpr std::size_t kSectionHeaderBytes = 12;
constexpr std::size_t kNeighbourBytes = 12;
constexpr std::size_t kStringRefBytes = 8;
// Smallest possible product record: from version 7 id, title, price and u16 flags; before it 7
// string refs, price/inventory/cost, 3 list counts, flags, tier.
constexpr std::size_t kMinProductBytes = 2 * kStringRefBytes + 8 + 2;
constexpr std::size_t kMinProductBytesV6 = 7 * kStringRefBytes + 3 * 8 + 3 * 4 + 1 + 4;

constexpr std::uint32_t Tag(const char* s) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[0])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[3])) << 24;
}

// Slicing-by-8: the checksum runs over every byte of the file on each load, and the bytewise
// table loop alone would take longer than the rest of loading a large bundle.
struct CrcTables {
  std::uint32_t t[8][256];
};

// Filled on first use rather than at compile time: only files older than version 4 need them,
// and as constants they were 8 KB of the wasm module's download.
const CrcTables& CrcTable() {
  static const CrcTables tables = [] {
    // Read through volatile so that the compiler cannot fold the tables back into constants.
    static volatile std::uint32_t poly = 0xEDB88320u;
    const std::uint32_t reversed = poly;
    CrcTables c{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t v = i;
      for (int k = 0; k < 8; ++k) v = (v & 1u) ? (v >> 1) ^ reversed : v >> 1;
      c.t[0][i] = v;
    }
    for (std::uint32_t i = 0; i < 256; ++i)
      for (int s = 1; s < 8; ++s) c.t[s][i] = (c.t[s - 1][i] >> 8) ^ c.t[0][c.t[s - 1][i] & 0xffu];
    return c;
  }();
  return tables;
}

// Bulk copies of little-endian arrays are only valid where the host agrees with the file.
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr bool kLittleEndianHost = true;
#else
constexpr bool kLittleEndianHost = false;
#endif

// The reader's one-line helpers run for every field of every product. The wasm build is -Oz,
// which inlines nothing by itself (wasm/CMakeLists.txt), so they ask for it: the bundle loads
// about 1.5x faster in wasm for a few hundred bytes.
#define CARTLIFT_HOT __attribute__((always_inline)) inline

// The little-endian unsigned integer at `at`, whatever the host: one load where the host agrees.
template <typename T>
CARTLIFT_HOT T LoadLE(const unsigned char* at) {
  T v = 0;
  if (kLittleEndianHost) {
    std::memcpy(&v, at, sizeof v);
  } else {
    for (int i = static_cast<int>(sizeof v) - 1; i >= 0; --i) v = static_cast<T>(v << 8 | at[i]);
  }
  return v;
}

static_assert(sizeof(float) == 4 && std::numeric_limits<float>::is_iec559,
              "scores are IEEE binary32, one u32 of the packed lists");

// ---- writing ----

class Out {
 public:
  explicit Out(std::string* s) : s_(s) {}
  void U8(std::uint8_t v) { s_->push_back(static_cast<char>(v)); }
  void U16(std::uint16_t v) {
    U8(static_cast<std::uint8_t>(v & 0xffu));
    U8(static_cast<std::uint8_t>(v >> 8));
  }
  void U32(std::uint32_t v) {
    char b[4];
    for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xffu);
    s_->append(b, 4);
  }
  void U64(std::uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xffu);
    s_->append(b, 8);
  }
  void I32(std::int32_t v) { U32(static_cast<std::uint32_t>(v)); }
  void I64(std::int64_t v) { U64(static_cast<std::uint64_t>(v)); }
  void F32(float v) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, 4);
    U32(bits);
  }
  void F64(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    U64(bits);
  }

 private:
  std::string* s_;
};

// Interns strings in first-use order, so equal bundles give equal tables.
class StringTable {
 public:
  void Ref(Out& out, std::string_view s) {
    auto [it, inserted] = index_.emplace(s, static_cast<std::uint32_t>(table_.size()));
    if (inserted) table_ += s;
    out.U32(it->second);
    out.U32(static_cast<std::uint32_t>(s.size()));
  }
  void Refs(Out& out, ListView<std::string_view> v) {
    out.U32(static_cast<std::uint32_t>(v.size()));
    for (std::string_view s : v) Ref(out, s);
  }
  const std::string& bytes() const { return table_; }

 private:
  // Keys view the bundle's own strings, which outlive the writer.
  std::unordered_map<std::string_view, std::uint32_t> index_;
  std::string table_;
};

void Section(std::string* payload, const char* tag, const std::string& body) {
  Out o(payload);
  o.U32(Tag(tag));
  o.U64(static_cast<std::uint64_t>(body.size()));
  payload->append(body);
}

// ---- reading ----

Error Malformed(const char* section, const std::string& what) {
  return MakeError(ErrorCode::kMalformedRecord, std::string("binary bundle: ") + section + " section: " + what,
                   std::string("/") + section);
}

// Bounds-checked little-endian cursor over one section. The first failure sticks; callers check
// failed() before acting on anything read, so a short section can never drive an allocation.
class In {
 public:
  In(const unsigned char* p, std::size_t n, const char* section, std::string_view strings)
      : p_(p), left_(n), section_(section), strings_(strings) {}

  CARTLIFT_HOT bool failed() const { return error_.has_value(); }
  // The bytes this section lies in, when the caller handed them over (else null).
  HeldBytes* held() const { return held_; }
  void set_held(HeldBytes* held) { held_ = held; }
  std::uint32_t version() const { return version_; }
  void set_version(std::uint32_t version) { version_ = version; }
  const Error& error() const { return *error_; }
  CARTLIFT_HOT std::size_t left() const { return left_; }
  CARTLIFT_HOT const unsigned char* data() const { return p_; }
  void Fail(const std::string& what) {
    if (!error_) error_ = Malformed(section_, what);
  }
  CARTLIFT_HOT void Skip(std::size_t n) {
    if (!Need(n)) return;
    p_ += n;
    left_ -= n;
  }

  CARTLIFT_HOT std::uint8_t U8() {
    if (!Need(1)) return 0;
    const std::uint8_t v = p_[0];
    Skip(1);
    return v;
  }
  CARTLIFT_HOT std::uint16_t U16() {
    if (!Need(2)) return 0;
    const auto v = static_cast<std::uint16_t>(p_[0] | p_[1] << 8);
    Skip(2);
    return v;
  }
  CARTLIFT_HOT std::uint32_t U32() {
    if (!Need(4)) return 0;
    const auto v = LoadLE<std::uint32_t>(p_);
    Skip(4);
    return v;
  }
  CARTLIFT_HOT std::uint64_t U64() {
    if (!Need(8)) return 0;
    const auto v = LoadLE<std::uint64_t>(p_);
    Skip(8);
    return v;
  }
  // `n` values in one go: a single copy where the host is little-endian too.
  void U32s(std::uint32_t* out, std::size_t n) {
    if (!Need(n * 4)) return;
    if (kLittleEndianHost) {
      if (n) std::memcpy(out, p_, n * 4);
    } else {
      for (std::size_t i = 0; i < n; ++i) out[i] = LoadLE<std::uint32_t>(p_ + 4 * i);
    }
    Skip(n * 4);
  }
  CARTLIFT_HOT std::int32_t I32() { return static_cast<std::int32_t>(U32()); }
  CARTLIFT_HOT std::int64_t I64() { return static_cast<std::int64_t>(U64()); }
  CARTLIFT_HOT double F64() {
    const std::uint64_t bits = U64();
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
  // A count of items of at least `min_bytes` each: more than the section can hold is corruption.
  std::uint32_t Count(std::size_t min_bytes, const char* what) {
    const std::uint32_t n = U32();
    if (failed()) return 0;
    if (min_bytes > 0 && n > left_ / min_bytes) {
      Fail(std::string(what) + " count " + std::to_string(n) + " exceeds the bytes left");
      return 0;
    }
    return n;
  }
  // A string-table reference. The whole table is valid UTF-8 and references start and end on
  // character boundaries, so every string handed out is valid UTF-8 too. A product has seven:
  // the valid case is inlined, anything else goes to StrChecked, which says what is wrong.
  CARTLIFT_HOT std::string_view Str(std::size_t max_bytes = Limits::kMaxStringBytes) {
    if (left_ >= 8 && !failed()) {
      const std::uint32_t off = LoadLE<std::uint32_t>(p_), len = LoadLE<std::uint32_t>(p_ + 4);
      const std::uint64_t end = std::uint64_t{off} + len;
      const auto* table = reinterpret_cast<const unsigned char*>(strings_.data());
      if (len == 0 && off <= strings_.size()) {
        Skip(8);
        return {};
      }
      if (end <= strings_.size() && len <= max_bytes && (table[off] & 0xC0u) != 0x80u &&
          (end == strings_.size() || (table[end] & 0xC0u) != 0x80u)) {
        Skip(8);
        return std::string_view(strings_.data() + off, len);
      }
    }
    return StrChecked(max_bytes);
  }
  std::string_view StrChecked(std::size_t max_bytes) {
    const std::uint32_t off = U32(), len = U32();
    if (failed()) return {};
    const std::uint64_t end = std::uint64_t{off} + len;
    if (end > strings_.size()) {
      Fail("string reference outside the string table");
      return {};
    }
    if (len > max_bytes) {
      Fail("string of " + std::to_string(len) + " bytes is over the limit of " + std::to_string(max_bytes));
      return {};
    }
    if (len == 0) return {};
    // Plain pointer reads: at -Oz each string_view call here was a call per field of every product.
    const auto* table = reinterpret_cast<const unsigned char*>(strings_.data());
    const bool splits = (table[off] & 0xC0u) == 0x80u || (end < strings_.size() && (table[end] & 0xC0u) == 0x80u);
    if (splits) {
      Fail("string reference splits a UTF-8 character");
      return {};
    }
    return std::string_view(strings_.data() + off, len);
  }
  // A list of string references, its values kept by *catalog.
  ListView<std::string_view> Strs(Catalog* catalog, const char* what) {
    const std::uint32_t n = Count(kStringRefBytes, what);
    if (failed() || n == 0) return {};
    std::string_view* out = catalog->NewList<std::string_view>(n);
    for (std::uint32_t i = 0; i < n && !failed(); ++i) out[i] = Str();
    return {out, n};
  }

 private:
  CARTLIFT_HOT bool Need(std::size_t n) {
    if (failed()) return false;
    if (n > left_) {
      Fail("truncated");
      return false;
    }
    return true;
  }

  const unsigned char* p_;
  std::size_t left_;
  const char* section_;
  std::string_view strings_;
  HeldBytes* held_ = nullptr;
  std::uint32_t version_ = kBundleBinaryVersion;
  std::optional<Error> error_;
};

// The payload as a list of tagged sections, each read in order.
class Sections {
 public:
  Sections(const unsigned char* p, std::size_t n) : p_(p), left_(n) {}
  std::optional<Error> Next(const char* tag, const char* name, const unsigned char** body, std::size_t* size) {
    if (left_ < kSectionHeaderBytes) return Malformed(name, "missing or truncated");
    In h(p_, kSectionHeaderBytes, name, {});
    const std::uint32_t t = h.U32();
    const std::uint64_t len = h.U64();
    if (t != Tag(tag)) return Malformed(name, std::string("expected tag ") + tag);
    if (len > left_ - kSectionHeaderBytes) return Malformed(name, "length runs past the end of the file");
    *body = p_ + kSectionHeaderBytes;
    *size = static_cast<std::size_t>(len);
    p_ += kSectionHeaderBytes + *size;
    left_ -= kSectionHeaderBytes + *size;
    return std::nullopt;
  }
  std::size_t left() const { return left_; }

 private:
  const unsigned char* p_;
  std::size_t left_;
};

std::string ProductPath(std::size_t i, const char* member) {
  return "/products/" + std::to_string(i) + "/" + member;
}

// Product values the JSON reader would refuse, refused here with the same codes and paths.
std::optional<Error> CheckProduct(const Product& p, std::size_t i) {
  if (p.id.empty()) return MakeError(ErrorCode::kInvalidValue, "id is empty", ProductPath(i, "id"));
  if (HasControlCharacter(p.id))
    return MakeError(ErrorCode::kInvalidValue, "id contains a control character", ProductPath(i, "id"));
  if (p.price < 0 || p.price > Limits::kMaxPriceMinor)
    return MakeError(ErrorCode::kInvalidPrice, "price must be 0..10^12 minor units", ProductPath(i, "price"));
  if (p.details().cost < -1 || p.details().cost > Limits::kMaxPriceMinor)
    return MakeError(ErrorCode::kInvalidPrice, "cost must be 0..10^12 minor units", ProductPath(i, "cost"));
  if (p.inventory < -1)
    return MakeError(ErrorCode::kInvalidValue, "inventory must be -1 (not tracked) or more", ProductPath(i, "inventory"));
  if (!IsValidKind(p.details().kind))
    return MakeError(ErrorCode::kInvalidValue, "kind must be a lowercase word of at most 32 characters",
                     ProductPath(i, "kind"));
  return std::nullopt;
}

std::optional<Error> ReadMeta(In& in, Bundle* b) {
  b->catalog.currency = std::string(in.Str(16));
  const std::string merge(in.Str(64)), backfill(in.Str(64)), collapse(in.Str(64));
  b->cross_sell.max_per_category = in.I32();
  b->cross_sell.price_anchor = in.F64();
  Provenance& pv = b->built_from;
  const std::uint32_t inputs = in.Count(2 * kStringRefBytes + 8, "inputs");
  if (in.failed()) return in.error();
  pv.inputs.reserve(inputs);
  for (std::uint32_t i = 0; i < inputs && !in.failed(); ++i) {
    BundleInput bi;
    bi.name = std::string(in.Str());
    bi.format = std::string(in.Str());
    bi.lines = in.U64();
    pv.inputs.push_back(std::move(bi));
  }
  for (std::uint64_t* v : {&pv.orders, &pv.order_items, &pv.pairs_kept, &pv.malformed, &pv.returns,
                           &pv.oversized_orders, &pv.single_item_orders, &pv.unknown_products})
    *v = in.U64();
  pv.first_timestamp = in.I64();
  pv.last_timestamp = in.I64();
  pv.scorer = std::string(in.Str());
  for (double* v : {&pv.half_life_days, &pv.order_size_damping, &pv.shrink, &pv.alpha, &pv.beta}) *v = in.F64();
  if (in.failed()) return in.error();
  if (in.left() != 0) return Malformed("meta", "unexpected bytes after the provenance");

  if (CurrencyExponent(b->catalog.currency) < 0)
    return MakeError(ErrorCode::kUnknownCurrency,
                     "currency \"" + b->catalog.currency + "\" is not a known ISO 4217 code", "/currency");
  if (!ParseCartMerge(merge, &b->cross_sell.merge))
    return MakeError(ErrorCode::kInvalidValue, "unknown merge", "/cross_sell/merge");
  if (!ParseBackfill(backfill, &b->cross_sell.backfill))
    return MakeError(ErrorCode::kInvalidValue, "unknown backfill", "/cross_sell/backfill");
  if (!ParseTitleCollapse(collapse, &b->cross_sell.collapse_titles))
    return MakeError(ErrorCode::kInvalidValue, "unknown collapse_titles", "/cross_sell/collapse_titles");
  if (b->cross_sell.max_per_category < 0 || b->cross_sell.max_per_category > 100)
    return MakeError(ErrorCode::kInvalidValue, "max_per_category must be 0..100", "/cross_sell/max_per_category");
  if (!(b->cross_sell.price_anchor >= 0 && b->cross_sell.price_anchor <= 10))
    return MakeError(ErrorCode::kInvalidValue, "price_anchor must be 0..10", "/cross_sell/price_anchor");
  for (double* v : {&pv.half_life_days, &pv.order_size_damping, &pv.shrink, &pv.alpha, &pv.beta})
    if (!std::isfinite(*v)) *v = 0;  // the JSON reader ignores non-finite provenance numbers too
  return std::nullopt;
}

// The merchant rules travel as their JSON text: they are small, read once per load, and every
// rule added to the JSON form is then carried by the binary form without a format change.
std::optional<Error> ReadRulesSection(In& in, Bundle* b) {
  const std::string_view text(reinterpret_cast<const char*>(in.data()), in.left());
  if (text.size() > Limits::kMaxRulesBytes)
    return MakeError(ErrorCode::kLimitExceeded, "rules larger than 1 MiB", "/rules");
  if (!IsValidUtf8(text)) return Malformed("rules", "not valid UTF-8");
  Result<Rules> r = ParseRulesJson(text);
  if (!r.ok()) {
    Error e = r.error();
    e.path = "/rules" + e.path;
    return e;
  }
  b->rules = std::move(r).value();
  return std::nullopt;
}

// Experiments travel as their JSON text for the same reason as the rules.
std::optional<Error> ReadExperimentsSection(In& in, Bundle* b) {
  const std::string_view text(reinterpret_cast<const char*>(in.data()), in.left());
  if (text.size() > ExperimentLimits::kMaxJsonBytes)
    return MakeError(ErrorCode::kLimitExceeded, "experiments larger than 1 MiB", "/experiments");
  if (!IsValidUtf8(text)) return Malformed("experiments", "not valid UTF-8");
  Result<std::vector<Experiment>> r = ParseExperimentsJson(text);
  if (!r.ok()) {
    Error e = r.error();
    e.path = "/experiments" + e.path;
    return e;
  }
  b->experiments = std::move(r).value();
  return std::nullopt;
}

// Flag bit 4 of a product record: an inferred upgrade follows the record (u32 target product
// index, f64 confidence, u32 diff count, then name/from/to string refs per diff). Files without
// inferred upgrades never set it, so their bytes are those of a build without inference.
constexpr std::uint16_t kHasInferredUpgrade = 4;
// From version 7 a record holds only the fields that differ from a default product (most
// catalogs fill a few): after id, title and price, u16 flags say which follow, in this order.
// A 100k-product bundle's records went from 10.4 to 4.6 MB, all of it read once at load.
enum RecordField : std::uint16_t {
  kUrl = 1u << 3,
  kImage = 1u << 4,
  kCategory = 1u << 5,
  kTags = 1u << 6,
  kInventory = 1u << 7,
  kFamily = 1u << 8,
  kTier = 1u << 9,
  kUpgradesTo = 1u << 10,
  kAttributes = 1u << 11,
  kKind = 1u << 12,
  kCost = 1u << 13,
};
constexpr std::uint16_t kEveryField = 0x3FF8;  // bits 3 to 13: a record before version 7
constexpr std::uint16_t kKnownFlags = 7u | kEveryField;

std::optional<Error> ReadInferredUpgrade(In& in, std::uint32_t i, std::uint32_t n, Bundle* b) {
  InferredUpgrade e;
  e.from = i;
  e.to = in.U32();
  e.confidence = in.F64();
  const std::uint32_t diffs = in.Count(3 * kStringRefBytes, "inferred upgrade diff");
  if (in.failed()) return in.error();
  if (diffs > kMaxInferredDiffs)
    return MakeError(ErrorCode::kLimitExceeded, "at most 8 diff entries", ProductPath(i, "inferred_upgrade/diff"));
  for (std::uint32_t k = 0; k < diffs && !in.failed(); ++k) {
    AttrDiff d;
    d.name = std::string(in.Str());
    d.from = std::string(in.Str());
    d.to = std::string(in.Str());
    e.diff.push_back(std::move(d));
  }
  if (in.failed()) return in.error();
  if (auto err = CheckInferredUpgrade(e, n)) return err;
  b->inferred_upgrades.push_back(std::move(e));
  return std::nullopt;
}

// Products of one department share its kept category path instead of a copy each: a
// 100k-product catalog names a few dozen paths, and a list per product was 0.8 MB. The writer
// interns strings, so equal paths have equal bytes in the section (count and string references):
// an open-addressing table, freed with the reader, holds where each path was first read and by
// which product. It remembers at most kMaxPaths paths (a table of at most 256 KB), so a catalog
// whose products each have a path of their own costs the reader no more than that.
class CategoryPaths {
 public:
  // Starts small and doubles (a catalog has a few dozen paths, or one per product): a table sized
  // for the most paths up front was 256 KB to clear on every load.
  CategoryPaths(const In& in, Catalog* catalog) : start_(in.data()), catalog_(catalog), slots_(64, kNoProduct) {}

  // Product i's path, read and checked by In::Strs the first time it is seen.
  ListView<std::string_view> Read(In& in, ProductIndex i) {
    const unsigned char* at = in.data();
    // 0 for an empty path, and for a count the section cannot hold, which Strs reports.
    if (const std::size_t bytes = Bytes(at, in.left())) {
      const std::size_t mask = slots_.size() - 1;
      std::size_t s = byte_scan::HashBytes(reinterpret_cast<const char*>(at), bytes) & (mask - 1);
      for (; slots_[s + 1] != kNoProduct; s = (s + 2) & mask) {
        // Earlier in the section than `at`, so `bytes` from there are in it too.
        if (std::memcmp(start_ + slots_[s], at, bytes) == 0) {
          in.Skip(bytes);
          return catalog_->products[slots_[s + 1]].category;
        }
      }
      if (used_ < kMaxPaths) {
        slots_[s] = static_cast<std::uint32_t>(at - start_);
        slots_[s + 1] = i;
        if (4 * ++used_ > slots_.size()) Grow();  // pairs at most half used
      }
    }
    return in.Strs(catalog_, "category");
  }

 private:
  static constexpr std::size_t kMaxPaths = 1 << 14;

  void Grow() {
    std::vector<std::uint32_t> old(2 * slots_.size(), kNoProduct);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t k = 0; k < old.size(); k += 2) {
      if (old[k + 1] == kNoProduct) continue;
      // A remembered path was checked on the way in: its count says its length.
      const unsigned char* at = start_ + old[k];
      const std::size_t bytes = 4 + std::size_t{LoadLE<std::uint32_t>(at)} * kStringRefBytes;
      std::size_t s = byte_scan::HashBytes(reinterpret_cast<const char*>(at), bytes) & (mask - 1);
      while (slots_[s + 1] != kNoProduct) s = (s + 2) & mask;
      slots_[s] = old[k];
      slots_[s + 1] = old[k + 1];
    }
  }

  // The bytes of a path of at least one string that fits in `left`, else 0.
  static std::size_t Bytes(const unsigned char* at, std::size_t left) {
    if (left < 4) return 0;
    const std::uint32_t n = LoadLE<std::uint32_t>(at);
    return n != 0 && n <= (left - 4) / kStringRefBytes ? 4 + n * kStringRefBytes : 0;
  }

  const unsigned char* start_;
  Catalog* catalog_;
  // Pairs: the path's offset from start_, then its product (kNoProduct: free).
  std::vector<std::uint32_t> slots_;
  std::size_t used_ = 0;
};

std::optional<Error> ReadProducts(In& in, Bundle* b) {
  const bool sparse = in.version() >= 7;
  const std::uint32_t n = in.Count(sparse ? kMinProductBytes : kMinProductBytesV6, "product");
  if (in.failed()) return in.error();
  if (n > Limits::kMaxProducts)
    return MakeError(ErrorCode::kLimitExceeded,
                     std::to_string(n) + " products is over the limit of " + std::to_string(Limits::kMaxProducts),
                     "/products");
  std::vector<Product>& products = b->catalog.products;
  products.resize(n);
  CategoryPaths paths(in, &b->catalog);
  for (std::uint32_t i = 0; i < n; ++i) {
    Product& p = products[i];
    ProductDetails d;  // the product's own only if the record sets a field of it
    p.id = in.Str(Limits::kMaxIdBytes);
    p.title = in.Str();
    p.price = in.I64();
    // Before version 7 every field is there and the flags byte comes after the tags; its bits
    // above the three it defines are kept apart, since they are field bits from version 7.
    std::uint16_t flags = sparse ? in.U16() : kEveryField;
    std::uint32_t unknown = 0;
    if (flags & kUrl) p.url = in.Str();
    if (flags & kImage) p.image = in.Str();
    if (flags & kCategory) p.category = paths.Read(in, i);
    if (flags & kTags) d.tags = in.Strs(&b->catalog, "tag");
    if (!sparse) {
      const std::uint8_t state = in.U8();
      unknown = state & ~7u;
      flags = static_cast<std::uint16_t>(state | kEveryField);
    }
    p.in_stock = (flags & 1u) != 0;
    p.known = (flags & 2u) != 0;
    if (flags & kInventory) p.inventory = in.I64();
    if (flags & kFamily) d.family = in.Str();
    if (flags & kTier) d.tier = in.I32();
    if (flags & kUpgradesTo) d.upgrades_to = in.Str(Limits::kMaxIdBytes);
    const std::uint32_t attrs = (flags & kAttributes) ? in.Count(2 * kStringRefBytes, "attribute") : 0;
    if (in.failed()) return in.error();
    if (attrs != 0) {
      Attribute* at = b->catalog.NewList<Attribute>(attrs);
      for (std::uint32_t a = 0; a < attrs && !in.failed(); ++a) {
        at[a].first = in.Str();
        at[a].second = in.Str();
      }
      d.attributes = {at, attrs};
    }
    if (flags & kKind) d.kind = in.Str(kMaxKindBytes);
    if (flags & kCost) d.cost = in.I64();
    if (in.failed()) return in.error();
    if (!d.IsDefault()) p.mutable_details() = d;
    if (unknown != 0 || (flags & ~kKnownFlags) != 0)
      return Malformed("products", "unknown flags on product " + std::to_string(i));
    if (auto e = CheckProduct(p, i)) return e;
    if ((flags & kHasInferredUpgrade) != 0) {
      if (auto e = ReadInferredUpgrade(in, i, n, b)) return e;
    }
  }
  if (in.left() != 0) return Malformed("products", "unexpected bytes after the last product");
  if (const ProductIndex i = b->catalog.Reindex(); i != kNoProduct)
    return MakeError(ErrorCode::kDuplicateId, "duplicate product id \"" + std::string(products[i].id) + "\"",
                     ProductPath(i, "id"));
  return std::nullopt;
}

std::optional<Error> ReadOrders(In& in, Bundle* b) {
  const std::size_t n = b->catalog.size();
  const std::uint32_t count = in.Count(4, "orders");
  if (in.failed()) return in.error();
  if (count != n) return Malformed("orders", "count differs from the number of products");
  b->product_orders.resize(n);
  in.U32s(b->product_orders.data(), n);
  if (in.left() != 0) return Malformed("orders", "unexpected bytes after the counts");
  return std::nullopt;
}

// Offsets of lists into `total` entries: they start at 0, end at `total`, and never decrease.
std::optional<Error> CheckSpans(const std::uint32_t* at, std::size_t n, std::size_t total, const char* what) {
  if (at[0] != 0 || at[n] != total) return Malformed("associations", std::string(what) + " do not span their entries");
  for (std::size_t p = 0; p < n; ++p)
    if (at[p + 1] < at[p]) return Malformed("associations", std::string(what) + " decrease at product " + std::to_string(p));
  return std::nullopt;
}

Error ListTooLong(std::size_t p, std::size_t count) {
  return TooManyNeighbours(count, "/associations/" + std::to_string(p) + "/neighbours");
}

Error BadNeighbour(std::size_t p, std::size_t j, bool id) {
  const std::string at = "/associations/" + std::to_string(p) + "/neighbours/" + std::to_string(j);
  if (id) return MakeError(ErrorCode::kInvalidValue, "neighbour is not another product of the bundle", at + "/id");
  return MakeError(ErrorCode::kInvalidValue, "score must be a finite number >= 0", at + "/score");
}

// Every value of packed lists: offsets span their arrays, each list's runs cover it with pairs the
// bundle has, scores are finite and >= 0, each entry is another product of the bundle.
std::optional<Error> CheckPacked(const PackedAssociations& v, std::size_t n) {
  if (auto e = CheckSpans(v.offsets, n, v.entries, "offsets")) return e;
  if (auto e = CheckSpans(v.run_at, n, v.runs, "run offsets")) return e;
  for (std::size_t p = 0; p < n; ++p) {
    const std::uint32_t first = v.offsets[p], last = v.offsets[p + 1];
    if (last - first > Limits::kMaxNeighbours) return ListTooLong(p, last - first);
    if (!v.RunsCover(p))
      return Malformed("associations", "the runs of product " + std::to_string(p) +
                                           " do not cover its neighbours with pairs the bundle has");
  }
  for (std::size_t i = 0; i < v.pair_count; ++i) {
    float s;
    std::memcpy(&s, v.pairs + 2 * i + 1, 4);
    if (!(s >= 0 && s <= std::numeric_limits<float>::max())) {
      // Named as the JSON reader names it, by the first neighbour with that score.
      for (std::size_t p = 0; p < n; ++p) {
        std::uint32_t j = 0;
        for (std::uint32_t r = v.run_at[p]; r < v.run_at[p + 1]; j += v.RunLength(r), ++r)
          if (v.RunPair(r) == i) return BadNeighbour(p, j, false);
      }
      return MakeError(ErrorCode::kInvalidValue, "score must be a finite number >= 0",
                       "/associations/pairs/" + std::to_string(i) + "/score");
    }
  }
  for (std::size_t p = 0; p < n; ++p) {
    const std::uint32_t j = v.FirstBadEntry(p);
    if (j != v.offsets[p + 1]) return BadNeighbour(p, j - v.offsets[p], true);
  }
  return std::nullopt;
}

// Lists added to `packer` (their lengths checked on the way), packed as an engine keeps them,
// then checked whole.
std::optional<Error> FinishChecked(Associations::Packer&& packer, std::size_t n, Bundle* b) {
  Associations packed = std::move(packer).Finish();
  if (auto e = CheckPacked(packed.packed(), n)) return e;
  b->associations = std::move(packed);
  return std::nullopt;
}

// Versions 2 to 4: entries of 12 bytes (u32 product, u32 co, f32 score), packed after the checks.
std::optional<Error> ReadPlainAssociations(In& in, Bundle* b) {
  const std::size_t n = b->catalog.size();
  const std::uint32_t count = in.Count(4, "offset");
  if (in.failed()) return in.error();
  if (count != n + 1) return Malformed("associations", "offset count is not products + 1");
  std::vector<std::uint32_t> offsets(count);
  in.U32s(offsets.data(), count);
  const std::uint32_t entries = in.Count(kNeighbourBytes, "neighbour");
  if (in.failed()) return in.error();
  if (in.left() != std::size_t{entries} * kNeighbourBytes)
    return Malformed("associations", "neighbour bytes do not match the neighbour count");
  if (auto e = CheckSpans(offsets.data(), n, entries, "offsets")) return e;
  // Checked here only as far as packing needs (a list's length, an index below n); the packed
  // lists are then checked as a version 8 file's are.
  Associations::Packer packer(n, entries);
  std::vector<Neighbour> list;
  const unsigned char* q = in.data();
  for (std::size_t p = 0; p < n; ++p) {
    if (offsets[p + 1] - offsets[p] > Limits::kMaxNeighbours) return ListTooLong(p, offsets[p + 1] - offsets[p]);
    list.clear();
    for (std::uint32_t j = offsets[p]; j < offsets[p + 1]; ++j, q += kNeighbourBytes) {
      Neighbour nb{LoadLE<std::uint32_t>(q), LoadLE<std::uint32_t>(q + 4), 0.0f};
      const auto bits = LoadLE<std::uint32_t>(q + 8);
      std::memcpy(&nb.score, &bits, 4);
      if (nb.product >= n) return BadNeighbour(p, j - offsets[p], true);
      list.push_back(nb);
    }
    packer.Add(list.data(), list.size());
  }
  return FinishChecked(std::move(packer), n, b);
}

// Version 8: the packed lists of stats/associations.h, a run of u32 checked whole before use.
// Where the bytes were handed over (and the host is little-endian), they are then used where they
// lie; otherwise the run is decoded into words the bundle keeps. Versions 5 to 7 (bundle/lists_v7.h)
// are read list by list (where they lie, if they can be) and packed again; version 5 first gets
// the entry width and the word after its entries that version 6 added.
std::optional<Error> ReadPackedAssociations(In& in, Bundle* b) {
  const std::size_t n = b->catalog.size();
  if (in.left() % 4 != 0) return Malformed("associations", "section length is not a multiple of 4");
  std::size_t size = in.left() / 4;
  const bool v5 = in.version() == 5, current = in.version() >= 8;
  const bool aligned = kLittleEndianHost && reinterpret_cast<std::uintptr_t>(in.data()) % 4 == 0;
  // Older lists are only read while loading, so any aligned bytes will do; the current ones are
  // kept, so they must be bytes the bundle may keep.
  const bool in_place = current ? aligned && in.held() != nullptr && *in.held() : aligned && !v5;
  std::vector<std::uint32_t> copy;
  const std::uint32_t* body = reinterpret_cast<const std::uint32_t*>(in.data());
  if (!in_place) {
    const std::size_t head = v5 ? std::min(n + 3, size) : size;
    copy.resize(v5 ? size + 2 : size);  // zeroed
    in.U32s(copy.data(), head);
    if (v5) {
      copy[head] = 4;
      in.U32s(copy.data() + head + 1, size - head);
      size += 2;
    }
    body = copy.data();
  }
  if (!current) {
    Version7Lists old;
    if (const char* why = old.View(body, size, n)) return Malformed("associations", why);
    if (n == 0) return std::nullopt;
    for (std::size_t p = 0; p < n; ++p)
      if (old.Length(p) > Limits::kMaxNeighbours) return ListTooLong(p, old.Length(p));
    Associations::Packer packer(n, old.entries());
    const std::string why = old.PackInto(&packer);
    if (!why.empty()) return Malformed("associations", why);
    copy = std::vector<std::uint32_t>();  // before the packed lists take their memory
    return FinishChecked(std::move(packer), n, b);
  }
  PackedAssociations v;
  if (const char* why = PackedAssociations::View(body, size, n, &v)) return Malformed("associations", why);
  if (n == 0) return std::nullopt;
  if (auto e = CheckPacked(v, n)) return e;
  if (in_place) {
    b->associations.UseInPlace(v);  // ReadChecked hands it the bytes once the whole file loaded
  } else {
    b->associations = Associations::Adopt(std::move(copy), v);
  }
  return std::nullopt;
}

std::optional<Error> ReadAssociations(In& in, Bundle* b) {
  return in.version() >= 5 ? ReadPackedAssociations(in, b) : ReadPlainAssociations(in, b);  // 5 to 8
}

Result<Bundle> ReadChecked(std::string_view bytes, HeldBytes* held, std::size_t* kept) {
  if (bytes.size() < kHeaderBytes || bytes.substr(0, 4) != kBundleBinaryMagic)
    return MakeError(ErrorCode::kUnsupportedFormat, "binary bundle: no CLBN header", "/header");
  const auto* base = reinterpret_cast<const unsigned char*>(bytes.data());
  In header(base + 4, kHeaderBytes - 4, "header", {});
  const std::uint32_t version = header.U32();
  const std::uint64_t payload_size = header.U64();
  const std::uint32_t checksum = header.U32();
  // Version 2 is version 3 without the EXPT section, version 3 is version 4 with a CRC-32, and
  // version 4 is version 5 with 12-byte neighbour entries, version 5 is version 6 with 32-bit
  // ones, version 6 is version 7 with the lists last: files already deployed keep loading.
  if (version < 2 || version > kBundleBinaryVersion)
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "binary bundle: format version " + std::to_string(version) + ", this engine reads versions 2 to " +
                         std::to_string(kBundleBinaryVersion),
                     "/header");
  if (payload_size != bytes.size() - kHeaderBytes)
    return Malformed("header", "payload size " + std::to_string(payload_size) + " but the file holds " +
                                   std::to_string(bytes.size() - kHeaderBytes) + " bytes (truncated or padded)");
  const std::string_view payload = bytes.substr(kHeaderBytes);
  if (PayloadChecksum(version, payload) != checksum) return Malformed("header", "checksum mismatch (the file is corrupt)");

  Sections sections(base + kHeaderBytes, payload.size());
  const unsigned char* body = nullptr;
  std::size_t size = 0;
  if (auto e = sections.Next("STRS", "strings", &body, &size)) return *e;
  const std::string_view table(reinterpret_cast<const char*>(body), size);
  if (!IsValidUtf8(table)) return Malformed("strings", "string table is not valid UTF-8");

  Bundle b;
  // Products view the table: where the bytes were handed over (version 5 or later, on a 4-byte
  // boundary as the packed lists need), where it lies; otherwise kept whole in the catalog, one
  // copy instead of one per field.
  const bool strings_in_place = held != nullptr && *held && version >= 5 &&
                                reinterpret_cast<std::uintptr_t>(base) % 4 == 0;
  const std::string_view strings = strings_in_place ? table : b.catalog.Keep(table);
  struct Step {
    const char* tag;
    const char* name;
    std::optional<Error> (*read)(In&, Bundle*);
  };
  const Step steps[] = {{"META", "meta", ReadMeta},
                        {"RULE", "rules", ReadRulesSection},
                        {"EXPT", "experiments", ReadExperimentsSection},
                        {"PROD", "products", ReadProducts},
                        {"ORDS", "orders", ReadOrders},
                        {"ASSC", "associations", ReadAssociations}};
  // From version 7 the lists follow the string table; they are read last all the same, once the
  // products they index are known.
  const bool lists_first = version >= 7;
  const unsigned char* lists = nullptr;
  std::size_t lists_size = 0;
  if (lists_first) {
    if (auto e = sections.Next("ASSC", "associations", &lists, &lists_size)) return *e;
  }
  for (const Step& s : steps) {
    if (version == 2 && std::strcmp(s.tag, "EXPT") == 0) continue;
    const bool assc = std::strcmp(s.tag, "ASSC") == 0;
    if (assc && lists_first) {
      body = lists;
      size = lists_size;
    } else if (auto e = sections.Next(s.tag, s.name, &body, &size)) {
      return *e;
    }
    In in(body, size, s.name, strings);
    in.set_version(version);
    if (assc) {
      // Checked first, so the bundle takes handed bytes only on the way to success.
      if (sections.left() != 0)
        return Malformed(lists_first ? "orders" : "associations", "unexpected bytes after the last section");
      in.set_held(held);
    }
    if (auto e = s.read(in, &b)) return *e;
  }
  // Loaded: the catalog and the lists that view the handed bytes keep them alive, together.
  if (strings_in_place || b.associations.in_place()) {
    const std::shared_ptr<const void> owner(held->release(), held->get_deleter());
    if (strings_in_place) b.catalog.KeepAlive(owner);
    if (b.associations.in_place()) b.associations.KeepAlive(owner);
    // Nothing else views the bytes: the rest was copied out as it was read.
    const unsigned char* end = b.associations.in_place() ? lists + lists_size
                                                         : reinterpret_cast<const unsigned char*>(table.data() + table.size());
    if (kept) *kept = lists_first ? static_cast<std::size_t>(end - base) : bytes.size();
  }
  return b;
}

}  // namespace

std::uint32_t Crc32(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  std::uint32_t c = 0xFFFFFFFFu;
  const auto& t = CrcTable().t;
  while (n >= 8) {
    const std::uint32_t lo = c ^ (static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                                  static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24);
    c = t[7][lo & 0xffu] ^ t[6][(lo >> 8) & 0xffu] ^ t[5][(lo >> 16) & 0xffu] ^ t[4][lo >> 24] ^ t[3][p[4]] ^
        t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n--) c = (c >> 8) ^ t[0][(c ^ static_cast<std::uint32_t>(*p++)) & 0xffu];
  return c ^ 0xFFFFFFFFu;
}

namespace {

constexpr std::uint64_t kXxh1 = 0x9E3779B185EBCA87ull, kXxh2 = 0xC2B2AE3D27D4EB4Full, kXxh3 = 0x165667B19E3779F9ull,
                        kXxh4 = 0x85EBCA77C2B2AE63ull, kXxh5 = 0x27D4EB2F165667C5ull;

CARTLIFT_HOT std::uint64_t Rotl64(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

CARTLIFT_HOT std::uint64_t XxhRound(std::uint64_t acc, std::uint64_t lane) { return Rotl64(acc + lane * kXxh2, 31) * kXxh1; }

}  // namespace

std::uint64_t Xxh64(std::string_view bytes) {
  constexpr std::uint64_t seed = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  std::uint64_t h;
  if (n >= 32) {
    std::uint64_t v1 = seed + kXxh1 + kXxh2, v2 = seed + kXxh2, v3 = seed, v4 = seed - kXxh1;
    for (; n >= 32; p += 32, n -= 32) {
      v1 = XxhRound(v1, LoadLE<std::uint64_t>(p));
      v2 = XxhRound(v2, LoadLE<std::uint64_t>(p + 8));
      v3 = XxhRound(v3, LoadLE<std::uint64_t>(p + 16));
      v4 = XxhRound(v4, LoadLE<std::uint64_t>(p + 24));
    }
    h = Rotl64(v1, 1) + Rotl64(v2, 7) + Rotl64(v3, 12) + Rotl64(v4, 18);
    for (std::uint64_t v : {v1, v2, v3, v4}) h = (h ^ XxhRound(0, v)) * kXxh1 + kXxh4;
  } else {
    h = seed + kXxh5;
  }
  h += bytes.size();
  for (; n >= 8; p += 8, n -= 8) h = Rotl64(h ^ XxhRound(0, LoadLE<std::uint64_t>(p)), 27) * kXxh1 + kXxh4;
  if (n >= 4) {
    h = Rotl64(h ^ (std::uint64_t{LoadLE<std::uint32_t>(p)} * kXxh1), 23) * kXxh2 + kXxh3;
    p += 4;
    n -= 4;
  }
  for (; n > 0; ++p, --n) h = Rotl64(h ^ (*p * kXxh5), 11) * kXxh1;
  h ^= h >> 33;
  h *= kXxh2;
  h ^= h >> 29;
  h *= kXxh3;
  return h ^ (h >> 32);
}

std::uint32_t PayloadChecksum(std::uint32_t version, std::string_view payload) {
  if (version <= 3) return Crc32(payload);
  return static_cast<std::uint32_t>(Xxh64(payload));
}

bool IsBundleBinary(std::string_view bytes) { return bytes.substr(0, 4) == kBundleBinaryMagic; }

std::string WriteBundleBinary(const Bundle& b, std::uint32_t version) {
  if (version < kOldestWrittenVersion || version > kBundleBinaryVersion) version = kBundleBinaryVersion;
  const bool sparse = version >= 7;
  StringTable strings;
  std::string meta, products, orders, assoc;

  Out m(&meta);
  strings.Ref(m, b.catalog.currency);
  const std::string merge = CartMergeName(b.cross_sell.merge), backfill = BackfillName(b.cross_sell.backfill),
                    collapse = TitleCollapseName(b.cross_sell.collapse_titles);
  strings.Ref(m, merge);
  strings.Ref(m, backfill);
  strings.Ref(m, collapse);
  m.I32(b.cross_sell.max_per_category);
  m.F64(b.cross_sell.price_anchor);
  const Provenance& pv = b.built_from;
  m.U32(static_cast<std::uint32_t>(pv.inputs.size()));
  for (const BundleInput& in : pv.inputs) {
    strings.Ref(m, in.name);
    strings.Ref(m, in.format);
    m.U64(in.lines);
  }
  for (std::uint64_t v : {pv.orders, pv.order_items, pv.pairs_kept, pv.malformed, pv.returns, pv.oversized_orders,
                          pv.single_item_orders, pv.unknown_products})
    m.U64(v);
  m.I64(pv.first_timestamp);
  m.I64(pv.last_timestamp);
  strings.Ref(m, pv.scorer);
  for (double v : {pv.half_life_days, pv.order_size_damping, pv.shrink, pv.alpha, pv.beta}) m.F64(v);

  const std::size_t n = b.catalog.size();
  Out p(&products);
  p.U32(static_cast<std::uint32_t>(n));
  const Product blank;
  for (std::size_t i = 0; i < n; ++i) {
    const Product& pr = b.catalog.products[i];
    const ProductDetails& pd = pr.details();
    const InferredUpgrade* up = FindInferredUpgrade(b.inferred_upgrades, static_cast<ProductIndex>(i));
    if (up && up->to >= n) up = nullptr;  // only a hand-assembled bundle can hold one
    strings.Ref(p, pr.id);
    strings.Ref(p, pr.title);
    p.I64(pr.price);
    const auto field = [](bool present, RecordField f) { return present ? unsigned{f} : 0u; };
    const auto fields = !sparse ? kEveryField : static_cast<std::uint16_t>(
        field(!pr.url.empty(), kUrl) | field(!pr.image.empty(), kImage) | field(!pr.category.empty(), kCategory) |
        field(!pd.tags.empty(), kTags) | field(pr.inventory != blank.inventory, kInventory) |
        field(!pd.family.empty(), kFamily) | field(pd.tier != kDefaultProductDetails.tier, kTier) |
        field(!pd.upgrades_to.empty(), kUpgradesTo) | field(!pd.attributes.empty(), kAttributes) |
        field(pd.kind != kDefaultProductDetails.kind, kKind) | field(pd.cost != kDefaultProductDetails.cost, kCost));
    const auto state = static_cast<std::uint8_t>((pr.in_stock ? 1u : 0u) | (pr.known ? 2u : 0u) |
                                                 (up ? kHasInferredUpgrade : 0u));
    if (sparse) p.U16(static_cast<std::uint16_t>(fields | state));
    if (fields & kUrl) strings.Ref(p, pr.url);
    if (fields & kImage) strings.Ref(p, pr.image);
    if (fields & kCategory) strings.Refs(p, pr.category);
    if (fields & kTags) strings.Refs(p, pd.tags);
    if (!sparse) p.U8(state);
    if (fields & kInventory) p.I64(pr.inventory);
    if (fields & kFamily) strings.Ref(p, pd.family);
    if (fields & kTier) p.I32(pd.tier);
    if (fields & kUpgradesTo) strings.Ref(p, pd.upgrades_to);
    if (fields & kAttributes) {
      p.U32(static_cast<std::uint32_t>(pd.attributes.size()));
      for (const auto& [k, v] : pd.attributes) {
        strings.Ref(p, k);
        strings.Ref(p, v);
      }
    }
    if (fields & kKind) strings.Ref(p, pd.kind);
    if (fields & kCost) p.I64(pd.cost);
    if (up) {
      p.U32(up->to);
      p.F64(up->confidence);
      p.U32(static_cast<std::uint32_t>(up->diff.size()));
      for (const AttrDiff& d : up->diff) {
        strings.Ref(p, d.name);
        strings.Ref(p, d.from);
        strings.Ref(p, d.to);
      }
    }
  }

  Out o(&orders);
  o.U32(static_cast<std::uint32_t>(n));
  for (std::size_t i = 0; i < n; ++i) o.U32(i < b.product_orders.size() ? b.product_orders[i] : 0);

  // The packed lists are already the section's u32 run. A bundle assembled by hand may hold lists
  // for fewer products than its catalog (or none at all), and versions 6 and 7 pack them another
  // way: then they are packed again from plain lists, so every reader finds products + 1 offsets.
  std::vector<std::uint32_t> words;
  Associations repacked;
  const Associations& as = b.associations;
  const bool as_kept = version >= 8 && as.products() == n && as.packed().body != nullptr;
  if (!as_kept) {
    std::vector<std::uint32_t> offsets(n + 1, 0);
    std::vector<Neighbour> flat;
    for (std::size_t i = 0; i < n; ++i) {
      for (const Neighbour& nb : as.Of(static_cast<ProductIndex>(i))) flat.push_back(nb);
      offsets[i + 1] = static_cast<std::uint32_t>(flat.size());
    }
    if (version >= 8) {
      repacked = Associations::Pack(n, offsets.data(), flat.data());
    } else {
      words = PackVersion7Lists(n, offsets.data(), flat.data());
    }
  }
  const PackedAssociations& kept = as_kept ? as.packed() : repacked.packed();
  const std::uint32_t* run = version >= 8 ? kept.body : words.data();
  const std::size_t run_words = version >= 8 ? kept.body_words : words.size();
  Out a(&assoc);
  assoc.reserve(4 * run_words);
  for (std::size_t i = 0; i < run_words; ++i) a.U32(run[i]);

  std::string payload;
  const std::string rules = WriteRulesJson(b.rules);
  const std::string experiments = WriteExperimentsJson(b.experiments);
  // Zero bytes after the table's last string put the ASSC body on a 4-byte boundary of the file,
  // so an engine handed the file's bytes reads the packed neighbour lists in place.
  std::string table = strings.bytes();
  const std::size_t assc_body =
      kHeaderBytes + table.size() +
      (sparse ? 2 * kSectionHeaderBytes
              : 7 * kSectionHeaderBytes + meta.size() + rules.size() + experiments.size() + products.size() + orders.size());
  table.append((4 - assc_body % 4) % 4, '\0');
  payload.reserve(7 * kSectionHeaderBytes + table.size() + meta.size() + rules.size() + experiments.size() +
                  products.size() + orders.size() + assoc.size());
  // What an engine reads from then on first, what it reads once after them: the owner of handed
  // bytes can give the second part back once the bundle loaded (ReadBundleBinary's `kept`).
  Section(&payload, "STRS", table);
  if (sparse) Section(&payload, "ASSC", assoc);
  Section(&payload, "META", meta);
  Section(&payload, "RULE", rules);
  Section(&payload, "EXPT", experiments);
  Section(&payload, "PROD", products);
  Section(&payload, "ORDS", orders);
  if (!sparse) Section(&payload, "ASSC", assoc);

  std::string file;
  file.reserve(kHeaderBytes + payload.size());
  file.append(kBundleBinaryMagic.data(), kBundleBinaryMagic.size());
  Out h(&file);
  h.U32(version);
  h.U64(static_cast<std::uint64_t>(payload.size()));
  h.U32(PayloadChecksum(version, payload));
  file += payload;
  return file;
}

Result<Bundle> ReadBundleBinary(std::string_view bytes) { return ReadBundleBinary(bytes, nullptr); }

Result<Bundle> ReadBundle(std::string_view bytes, HeldBytes* held, std::size_t* kept) {
  return IsBundleBinary(bytes) ? ReadBundleBinary(bytes, held, kept) : ReadBundleJson(bytes);
}

Result<Bundle> ReadBundleBinary(std::string_view bytes, HeldBytes* held, std::size_t* kept) {
  if (bytes.size() > Limits::kMaxBundleBytes)
    return MakeError(ErrorCode::kLimitExceeded, "bundle larger than 512 MiB", "");
  try {
    return ReadChecked(bytes, held, kept);
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kLimitExceeded, "out of memory while reading the bundle", "");
  }
}

}  // namespace cartlift
