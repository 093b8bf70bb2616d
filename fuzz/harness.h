// The body of every fuzz target, shared with tests/unit/fuzz_regressions_test.cpp so a crash
// found by libFuzzer is replayed through exactly the same calls by the ordinary test suite
// (gcc, ASan build) long after the fuzz run that found it.
//
// Each function returns an empty string when the input was handled correctly (accepted or
// refused with an error value) and a description when a promise of the API was broken without
// crashing: kInternal reached, a response that is not JSON, a catalog that does not read back.
// Memory errors and undefined behaviour are left to the sanitizers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "support/packed_reader.h"

#include "c_api.h"
#include "cartlift/bundle/bundle_json.h"
#ifdef CARTLIFT_FUZZ_BUNDLE_BINARY
#include "cartlift/bundle/bundle_binary.h"
#endif
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/shopify_csv.h"
#include "cartlift/engine.h"
#include "cartlift/orders/orders.h"

namespace cartlift::fuzz {

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// kInternal is documented as "a bug: reported, never a crash"; the fuzzer treats it as a bug.
inline std::string CheckError(const char* where, const Error& e) {
  if (e.code == ErrorCode::kInternal) return std::string(where) + ": internal error: " + e.message;
  return {};
}

inline bool IsJson(std::string_view text) { return nlohmann::json::accept(text); }

inline std::string CatalogJson(const std::uint8_t* data, std::size_t size) {
  Result<Catalog> r = LoadCatalogJson(AsText(data, size));
  if (!r.ok()) return CheckError("LoadCatalogJson", r.error());
  // The header promises a dumped catalog reads back equal; compare through the canonical bytes.
  std::string dumped = DumpCatalogJson(r.value());
  Result<Catalog> again = LoadCatalogJson(dumped);
  if (!again.ok()) {
    return "catalog does not read back: " + std::string(again.error().code_name()) + " at " +
           again.error().path + ": " + again.error().message;
  }
  if (DumpCatalogJson(again.value()) != dumped) return "catalog round trip changed the bytes";
  return {};
}

inline std::string BundleJson(const std::uint8_t* data, std::size_t size) {
  std::string_view text = AsText(data, size);
  Result<Rules> rules = ParseRulesJson(text);
  if (!rules.ok()) {
    std::string bad = CheckError("ParseRulesJson", rules.error());
    if (!bad.empty()) return bad;
  }
  Result<Bundle> r = ReadBundleJson(text);
  if (!r.ok()) return CheckError("ReadBundleJson", r.error());
  std::string written = WriteBundleJson(r.value());
  Result<Bundle> again = ReadBundleJson(written);
  if (!again.ok()) {
    return "bundle does not read back: " + std::string(again.error().code_name()) + " at " +
           again.error().path + ": " + again.error().message;
  }
  if (WriteBundleJson(again.value()) != written) return "bundle round trip changed the bytes";
  return {};
}

inline std::string OrdersCsv(const std::uint8_t* data, std::size_t size) {
  std::string text(AsText(data, size));
  CsvOptions options;
  // The seeds are shop exports with their own column names; the defaults cover the rest.
  if (text.find("InvoiceNo") != std::string::npos) {
    options.order_column = "InvoiceNo";
    options.product_column = "StockCode";
    options.time_column = "InvoiceDate";
    options.quantity_column = "Quantity";
    options.price_column = "UnitPrice";
    options.title_column = "Description";
  }
  for (bool strict : {false, true}) {
    options.strict = strict;
    std::istringstream in(text);
    ReadReport report;
    std::uint64_t delivered = 0;
    Status s = ReadOrdersCsv(in, "fuzz.csv", options, [&](const Order&) { ++delivered; }, &report);
    if (!s.ok()) {
      std::string bad = CheckError("ReadOrdersCsv", s.error());
      if (!bad.empty()) return bad;
    }
    if (delivered != report.orders) return "ReadOrdersCsv: report.orders differs from deliveries";
  }
  return {};
}

// Lenient and strict. Whatever is imported must be a catalog `cartlift build --catalog` takes:
// it dumps and reads back byte for byte, the report counts what the catalog holds, and a file
// strict mode accepts gives the same catalog leniently.
inline std::string ShopifyCsv(const std::uint8_t* data, std::size_t size) {
  std::string json[2];
  for (bool strict : {false, true}) {
    ShopifyImportOptions options;
    options.strict = strict;
    ShopifyImportReport report;
    Result<Catalog> r = ImportShopifyCsv(AsText(data, size), options, &report);
    if (!r.ok()) {
      std::string bad = CheckError("ImportShopifyCsv", r.error());
      if (!bad.empty()) return bad;
      continue;
    }
    if (report.variants != r.value().size()) return "ImportShopifyCsv: report.variants differs from the catalog";
    if (report.products > report.variants) return "ImportShopifyCsv: more products than variants";
    json[strict ? 1 : 0] = DumpCatalogJson(r.value());
    Result<Catalog> again = LoadCatalogJson(json[strict ? 1 : 0]);
    if (!again.ok()) {
      return "imported catalog does not read back: " + std::string(again.error().code_name()) + " at " +
             again.error().path + ": " + again.error().message;
    }
    if (DumpCatalogJson(again.value()) != json[strict ? 1 : 0]) return "imported catalog round trip changed the bytes";
  }
  if (!json[1].empty() && json[0] != json[1]) return "strict and lenient imports of an accepted file differ";
  return {};
}

inline std::string Baskets(const std::uint8_t* data, std::size_t size) {
  std::string text(AsText(data, size));
  for (BasketSeparator sep : {BasketSeparator::kAuto, BasketSeparator::kTab}) {
    for (bool strict : {false, true}) {
      BasketOptions options;
      options.separator = sep;
      options.strict = strict;
      std::istringstream in(text);
      ReadReport report;
      std::uint64_t delivered = 0;
      Status s = ReadBaskets(in, "fuzz.txt", options, [&](const Order&) { ++delivered; }, &report);
      if (!s.ok()) {
        std::string bad = CheckError("ReadBaskets", s.error());
        if (!bad.empty()) return bad;
      }
      if (delivered != report.orders) return "ReadBaskets: report.orders differs from deliveries";
    }
  }
  return {};
}

#ifdef CARTLIFT_FUZZ_BUNDLE_BINARY
// Binary bundles are checked by checksum before any section is read, so nearly every mutation would
// stop there; the harness re-seals the size and checksum to let mutations reach the section readers. Input
// that is not binary is read as a JSON bundle and converted, so JSON seeds also exercise the
// writer and the JSON -> binary -> JSON round trip.
inline std::string BundleBinary(const std::uint8_t* data, std::size_t size) {
  std::string bytes(AsText(data, size));
  constexpr std::size_t kHeader = 20;  // magic, u32 version, u64 payload bytes, u32 checksum
  if (!IsBundleBinary(bytes)) {
    Result<Bundle> json = ReadBundleJson(bytes);
    if (!json.ok()) return CheckError("ReadBundleJson", json.error());
    bytes = WriteBundleBinary(json.value());
    Result<Bundle> back = ReadBundleBinary(bytes);
    if (!back.ok()) return "binary bundle written from JSON does not read back: " + back.error().message;
    if (WriteBundleJson(back.value()) != WriteBundleJson(json.value())) return "JSON -> binary -> JSON changed the bundle";
    return {};
  }
  if (bytes.size() >= kHeader) {
    std::uint64_t payload = bytes.size() - kHeader;
    const std::uint32_t version = static_cast<std::uint8_t>(bytes[4]) | static_cast<std::uint8_t>(bytes[5]) << 8 |
                                  static_cast<std::uint8_t>(bytes[6]) << 16 | static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[7])) << 24;
    std::uint32_t crc = PayloadChecksum(version, std::string_view(bytes).substr(kHeader));
    for (std::size_t i = 0; i < 8; ++i) bytes[8 + i] = static_cast<char>((payload >> (8 * i)) & 0xFFu);
    for (std::size_t i = 0; i < 4; ++i) bytes[16 + i] = static_cast<char>((crc >> (8 * i)) & 0xFFu);
  }
  Result<Bundle> r = ReadBundleBinary(bytes);
  if (!r.ok()) return CheckError("ReadBundleBinary", r.error());
  std::string written = WriteBundleBinary(r.value());
  Result<Bundle> again = ReadBundleBinary(written);
  if (!again.ok()) return "binary bundle does not read back: " + again.error().message;
  if (WriteBundleBinary(again.value()) != written) return "binary round trip changed the bytes";
  return {};
}
#endif

// Small but complete: upgrades, families, stock and rules, so requests reach every offer path.
inline constexpr const char* kFixedBundle = R"({"format": "cartlift.bundle/1", "currency": "GBP",
  "products": [
    {"id": "A", "title": "Coffee beans", "price": "10.00", "category": ["Kitchen", "Coffee"], "family": "beans", "tier": 1, "upgrades_to": "A2", "orders": 4},
    {"id": "A2", "title": "Premium coffee beans", "price": "15.00", "category": ["Kitchen", "Coffee"], "family": "beans", "tier": 2, "orders": 1},
    {"id": "F", "title": "Filter papers", "price": "3.00", "category": ["Kitchen"], "orders": 5},
    {"id": "M", "title": "Milk frother", "price": "25.00", "category": ["Kitchen"], "in_stock": false, "orders": 3},
    {"id": "B", "title": "Biscuits", "price": "1.50", "orders": 6}],
  "associations": [
    {"id": "A", "neighbours": [{"id": "F", "co": 3, "score": 0.6}, {"id": "M", "co": 2, "score": 0.4}]},
    {"id": "F", "neighbours": [{"id": "A", "co": 3, "score": 0.75}, {"id": "B", "co": 1, "score": 0.1}]}],
  "rules": {"max_offers": 5},
  "built_from": {"orders": 9, "scorer": "shrunk_confidence",
                 "date_range": ["2011-01-01T00:00:00Z", "2011-02-01T00:00:00Z"]}})";

inline Engine* FixedEngine() {
  static std::unique_ptr<Engine> engine = [] {
    Result<std::unique_ptr<Engine>> e = Engine::Load(kFixedBundle);
    if (!e.ok()) {
      std::fprintf(stderr, "fixed bundle refused: %s\n", e.error().message.c_str());
      std::abort();
    }
    return std::move(e).value();
  }();
  return engine.get();
}

inline std::string RecommendRequest(const std::uint8_t* data, std::size_t size) {
  std::string_view text = AsText(data, size);
  Result<cartlift::Request> parsed = ParseRequestJson(text);
  if (!parsed.ok()) {
    std::string bad = CheckError("ParseRequestJson", parsed.error());
    if (!bad.empty()) return bad;
  }
  Result<std::string> out = FixedEngine()->RecommendJson(text);
  if (!out.ok()) return CheckError("RecommendJson", out.error());
  if (!IsJson(out.value())) return "RecommendJson returned text that is not JSON";
  return {};
}

// Bundle and request in one input, split at the first NUL byte (JSON text never holds one raw);
// without a NUL the whole input is the bundle and a fixed request is sent.
inline std::string CApi(const std::uint8_t* data, std::size_t size) {
  const void* nul = size ? std::memchr(data, 0, size) : nullptr;
  std::size_t bundle_len = nul ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - data) : size;
  std::string request = nul ? std::string(AsText(data + bundle_len + 1, size - bundle_len - 1))
                            : std::string(R"({"cart": [{"id": "A", "qty": 2}], "limit": 4, "explain": true})");
  // A copy, so reads past the bundle's end land in ASan's redzone instead of the request.
  std::unique_ptr<std::uint8_t[]> bundle(new std::uint8_t[bundle_len ? bundle_len : 1]);
  if (bundle_len) std::memcpy(bundle.get(), data, bundle_len);

  std::uint32_t handle = cartlift_engine_create(bundle.get(), bundle_len);
  // The same bundle handed over, as the JavaScript glue does: a binary one is then read in place,
  // and must be accepted or refused alike and answer alike.
  auto* handed = static_cast<std::uint8_t*>(cartlift_alloc(bundle_len));
  if (bundle_len) std::memcpy(handed, data, bundle_len);
  const std::uint32_t owned = cartlift_engine_create_owned(handed, bundle_len);
  if ((owned == 0) != (handle == 0)) {
    cartlift_engine_destroy(owned);
    cartlift_engine_destroy(handle);
    return "cartlift_engine_create_owned and cartlift_engine_create disagree";
  }
  if (handle == 0) {
    const char* err = cartlift_last_error();
    if (!err || !IsJson(err)) return "engine_create failed without a JSON error";
    if (nlohmann::json::parse(err).value("code", "") == "internal") return std::string("engine_create: ") + err;
    return {};
  }
  std::string problem;
  std::unique_ptr<char[]> req(new char[request.size() ? request.size() : 1]);
  if (!request.empty()) std::memcpy(req.get(), request.data(), request.size());
  char* out = cartlift_recommend(handle, req.get(), request.size());
  if (char* again = cartlift_recommend(owned, req.get(), request.size())) {
    if (!out || std::strcmp(out, again) != 0) problem = "the handed-over bundle answers differently";
    cartlift_free(again);
  } else if (out) {
    problem = "the handed-over bundle refused a request the copied one answered";
  }
  cartlift_engine_destroy(owned);
  if (out) {
    if (!IsJson(out)) problem = "cartlift_recommend returned text that is not JSON";
    // The view the JavaScript glue reads must be the same text, and ASCII.
    const char* view = cartlift_recommend_view(handle, req.get(), request.size());
    if (problem.empty() && (!view || std::string_view(view, cartlift_view_length()) != out))
      problem = "cartlift_recommend_view differs from cartlift_recommend";
    for (const char* c = out; problem.empty() && *c; ++c)
      if (static_cast<unsigned char>(*c) >= 0x80) problem = "a response byte outside ASCII";
    // The packed form the JavaScript glue reads must hold the same value.
    const char* packed = problem.empty() ? cartlift_recommend_packed(handle, req.get(), request.size()) : nullptr;
    if (problem.empty() && !packed) problem = "cartlift_recommend_packed failed where cartlift_recommend did not";
    if (packed) {
      const std::string bytes(packed, cartlift_view_length());
      std::unique_ptr<char, void (*)(void*)> keys(cartlift_packed_keys(handle), cartlift_free);
      const auto names = cartlift::testing_support::KeyList(keys ? keys.get() : "[]");
      cartlift::testing_support::PackedReader reader(bytes, names);
      const auto value = reader.Value();
      using cartlift::testing_support::Numbers;
      if (!reader.Done()) problem = "the packed response is not well formed";
      else if (Numbers(value) != Numbers(cartlift::testing_support::Json::parse(out))) problem = "the packed response differs from the JSON one";
    }
    cartlift_free(out);
  } else {
    const char* err = cartlift_last_error();
    if (!err || !IsJson(err)) {
      problem = "cartlift_recommend failed without a JSON error";
    } else if (nlohmann::json::parse(err).value("code", "") == "internal") {
      problem = std::string("cartlift_recommend: ") + err;
    }
  }
  if (char* info = cartlift_engine_info(handle)) {
    if (problem.empty() && !IsJson(info)) problem = "cartlift_engine_info returned text that is not JSON";
    cartlift_free(info);
  }
  if (char* arm = cartlift_assign_arm(handle, req.get(), request.size())) {
    if (problem.empty() && !IsJson(arm)) problem = "cartlift_assign_arm returned text that is not JSON";
    cartlift_free(arm);
  }
  cartlift_engine_destroy(handle);
  return problem;
}

}  // namespace cartlift::fuzz
