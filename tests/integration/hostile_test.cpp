// The hostile-input corpus (docs/reliability.md, "Hostile-input corpus"): one manifest per input
// kind under tests/fixtures/hostile/<kind>/cases.json, every case named with its expected typed
// error (ErrorCodeName and, where the error has one, its JSON pointer or "file:line") or "ok" with
// a well-defined result. js-glue/test/hostile.test.js runs the catalog, bundle, binary and request
// manifests through the wasm engine with the same assertions; the orders manifest is native only
// (the wasm module does not read order files). Huge inputs are generated here from the manifest's
// "generate" list ([text, repeat] pairs, concatenated), never committed.
//
// Bundles, binary bundles and requests go through the C ABI (cartlift_engine_create,
// cartlift_recommend), which is exactly what the wasm module exports. Catalog documents are not
// loadable through the C ABI, so each one is also wrapped into a bundle the way the JS runner
// does (WrapCatalogAsBundle) and its "as_bundle" expectation (the catalog's own one when absent)
// is checked there.
#include "c_api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cartlift/bundle/bundle_binary.h"
#include "cartlift/bundle/bundle_json.h"
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/orders/orders.h"

#ifndef CARTLIFT_SOURCE_DIR
#define CARTLIFT_SOURCE_DIR "."
#endif

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

const fs::path kRepo = CARTLIFT_SOURCE_DIR;
const fs::path kHostile = kRepo / "tests" / "fixtures" / "hostile";

#if defined(__SANITIZE_ADDRESS__)
constexpr double kSlowdown = 10;  // ASan + UBSan builds run the same code several times slower
#else
constexpr double kSlowdown = 1;
#endif

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Case {
  std::string kind;  // catalog, bundle, binary, request, orders
  std::string name;
  Json spec;
};

Json LoadManifest(const std::string& kind) {
  Json m = Json::parse(ReadFile(kHostile / kind / "cases.json"), nullptr, false);
  return m.is_discarded() ? Json() : m;
}

std::string CaseName(const Json& c) {
  if (c.contains("name")) return c["name"].get<std::string>();
  const std::string f = c["file"].get<std::string>();
  return f.substr(0, f.rfind('.'));
}

std::vector<Case> Cases(const std::string& kind) {
  std::vector<Case> out;
  const Json m = LoadManifest(kind);
  const Json& list = m.is_array() ? m : (m.is_object() && m.contains("cases") ? m["cases"] : Json::array());
  for (const Json& c : list) out.push_back({kind, CaseName(c), c});
  return out;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.kind << "/" << c.name; }

std::string TestName(const testing::TestParamInfo<Case>& info) {
  std::string n = info.param.name;
  for (char& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

// The input bytes of a case: raw "text", a "json" value serialised compactly (member order kept,
// as JSON.stringify does), a committed "file" next to the manifest, or "generate".
std::string Input(const Case& c) {
  const Json& s = c.spec;
  if (s.contains("text")) return s["text"].get<std::string>();
  if (s.contains("json")) return s["json"].dump();
  if (s.contains("file")) return ReadFile(kHostile / c.kind / s["file"].get<std::string>());
  std::string out;
  for (const Json& part : s.at("generate")) {
    const std::string unit = part[0].get<std::string>();
    const std::size_t n = part[1].get<std::size_t>();
    out.reserve(out.size() + unit.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += unit;
  }
  return out;
}

// A catalog document as a bundle: when it is an object (first and last non-blank bytes '{' and
// '}'), "format" is added as its last member, so the bundle tag wins over a catalog tag (nlohmann
// keeps the last of duplicate members); anything else becomes the value of "products". Keep in
// step with wrapCatalog in hostile.test.js.
std::string WrapCatalogAsBundle(const std::string& text) {
  const auto blank = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  std::size_t b = 0;
  std::size_t e = text.size();
  while (b < e && blank(text[b])) ++b;
  while (e > b && blank(text[e - 1])) --e;
  if (e - b >= 2 && text[b] == '{' && text[e - 1] == '}')
    return text.substr(0, e - 1) + ",\"format\":\"cartlift.bundle/1\"" + text.substr(e - 1);
  return "{\"format\":\"cartlift.bundle/1\",\"products\":" + text + "}";
}

struct Outcome {
  std::string code = "ok";
  std::string path;
  std::string message;
  Json response;  // engine info (bundles) or the recommend response (requests)
};

Outcome LastError() {
  Outcome o;
  const Json e = Json::parse(cartlift_last_error());
  o.code = e["code"].get<std::string>();
  o.path = e["path"].get<std::string>();
  o.message = e["message"].get<std::string>();
  return o;
}

Outcome LoadBundle(const std::string& bytes) {
  const std::uint32_t h = cartlift_engine_create(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  if (!h) return LastError();
  Outcome o;
  char* info = cartlift_engine_info(h);
  o.response = Json::parse(info);
  cartlift_free(info);
  cartlift_engine_destroy(h);
  return o;
}

Outcome Recommend(std::uint32_t engine, const std::string& request) {
  char* out = cartlift_recommend(engine, request.data(), request.size());
  if (!out) return LastError();
  Outcome o;
  o.response = Json::parse(out);
  cartlift_free(out);
  return o;
}

// code, path and the "ok" details of `expect` (a case, or its as_bundle member).
void Check(const Json& expect, const Outcome& o, const std::string& kind) {
  if (std::getenv("HOSTILE_DUMP")) std::fprintf(stderr, "DUMP %s %s [%s] %s\n", kind.c_str(), o.code.c_str(), o.path.c_str(), o.message.substr(0, 120).c_str());
  const std::string code = expect.at("code").get<std::string>();
  EXPECT_EQ(o.code, code) << o.message;
  if (code != "ok") {
    if (expect.contains("path")) {
      EXPECT_EQ(o.path, expect["path"].get<std::string>()) << o.message;
    }
    EXPECT_FALSE(o.message.empty());
    return;
  }
  if (o.code != "ok") return;
  if (expect.contains("products")) {
    EXPECT_EQ(o.response["products"], expect["products"]);
  }
  if (kind != "request") return;
  const Json& offers = o.response["offers"];
  if (expect.contains("offers")) {
    EXPECT_EQ(offers.size(), expect["offers"].get<std::size_t>());
  }
  if (expect.contains("offer_ids")) {
    std::vector<std::string> ids;
    for (const Json& x : offers) ids.push_back(x["id"].get<std::string>());
    EXPECT_EQ(ids, expect["offer_ids"].get<std::vector<std::string>>());
  }
  const std::size_t warnings = o.response.contains("warnings") ? o.response["warnings"].size() : 0;
  if (expect.contains("warnings")) {
    EXPECT_EQ(warnings, expect["warnings"].get<std::size_t>());
  }
}

// Every case, including the 50 MB ones, must answer quickly: a safety bound, not a benchmark.
void CheckFast(double ms, const std::string& name) {
  EXPECT_LT(ms, 3000 * kSlowdown) << name << " took " << ms << " ms";
}

// ---- catalog -----------------------------------------------------------------------------------

class HostileCorpusCatalog : public testing::TestWithParam<Case> {};

TEST_P(HostileCorpusCatalog, NativeReaderAndAsBundle) {
  const Case& c = GetParam();
  const std::string text = Input(c);
  const auto t0 = Clock::now();
  cartlift::Result<cartlift::Catalog> r = cartlift::LoadCatalogJson(text);
  CheckFast(MsSince(t0), c.name);
  ASSERT_FALSE(r.ok()) << "catalog loaded";
  EXPECT_EQ(r.error().code_name(), c.spec["code"].get<std::string>()) << r.error().message;
  EXPECT_EQ(r.error().path, c.spec["path"].get<std::string>()) << r.error().message;
  // The same document through the C ABI, as the wasm runner sends it.
  const Outcome o = LoadBundle(WrapCatalogAsBundle(text));
  Check(c.spec.contains("as_bundle") ? c.spec["as_bundle"] : c.spec, o, "bundle");
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileCorpusCatalog, testing::ValuesIn(Cases("catalog")), TestName);

// ---- bundle JSON -------------------------------------------------------------------------------

class HostileCorpusBundle : public testing::TestWithParam<Case> {};

TEST_P(HostileCorpusBundle, TypedErrorOrLoads) {
  const Case& c = GetParam();
  const std::string bytes = Input(c);
  const auto t0 = Clock::now();
  const Outcome o = LoadBundle(bytes);
  CheckFast(MsSince(t0), c.name);
  Check(c.spec, o, "bundle");
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileCorpusBundle, testing::ValuesIn(Cases("bundle")), TestName);

// ---- binary bundle -----------------------------------------------------------------------------

void PutLE(std::string* b, std::size_t at, std::uint64_t v, int bytes) {
  ASSERT_LE(at + static_cast<std::size_t>(bytes), b->size()) << "op past the end of the file";
  for (int i = 0; i < bytes; ++i) (*b)[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xffu);
}

std::uint64_t GetLE(const std::string& b, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

// Offset of the section tagged `tag` (header 20 bytes, then u32 tag + u64 length + body).
std::size_t SectionAt(const std::string& b, const std::string& tag) {
  std::size_t p = 20;
  while (p + 12 <= b.size()) {
    if (b.compare(p, 4, tag) == 0) return p;
    p += 12 + static_cast<std::size_t>(GetLE(b, p + 4, 8));
  }
  ADD_FAILURE() << "no section " << tag;
  return 0;
}

// Keep in step with mutate() in hostile.test.js.
std::string Mutate(std::string b, const Json& ops) {
  for (const Json& op : ops) {
    const std::string kind = op["op"].get<std::string>();
    if (kind == "truncate") {
      const long long keep = op["keep"].get<long long>();
      b.resize(keep >= 0 ? static_cast<std::size_t>(keep) : b.size() - static_cast<std::size_t>(-keep));
    } else if (kind == "append") {
      const std::string hex = op["hex"].get<std::string>();
      for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        b.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    } else if (kind == "reseal") {
      PutLE(&b, 8, b.size() - 20, 8);
      PutLE(&b, 16, cartlift::PayloadChecksum(static_cast<std::uint32_t>(GetLE(b, 4, 4)), std::string_view(b).substr(20)), 4);
    } else {
      const std::size_t base = op["section"].is_null() ? 0 : SectionAt(b, op["section"].get<std::string>());
      const std::size_t at = base + op["at"].get<std::size_t>();
      const int bytes = kind == "set8" || kind == "xor8" ? 1 : kind == "set32" ? 4 : 8;
      const std::uint64_t v = op["value"].is_string() ? ~std::uint64_t{0} : op["value"].get<std::uint64_t>();
      if (kind == "xor8") PutLE(&b, at, GetLE(b, at, 1) ^ v, 1);
      else PutLE(&b, at, v, bytes);
    }
  }
  return b;
}

std::string BinaryBase() {
  const Json m = LoadManifest("binary");
  cartlift::Result<cartlift::Bundle> b = cartlift::ReadBundleJson(ReadFile(kRepo / m["base"].get<std::string>()));
  return b.ok() ? cartlift::WriteBundleBinary(b.value()) : std::string();
}

class HostileCorpusBinary : public testing::TestWithParam<Case> {};

TEST_P(HostileCorpusBinary, TypedErrorOrLoads) {
  const Case& c = GetParam();
  static const std::string base = BinaryBase();
  ASSERT_FALSE(base.empty());
  const std::string bytes = Mutate(base, c.spec["ops"]);
  const Outcome o = LoadBundle(bytes);
  Check(c.spec, o, "bundle");
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileCorpusBinary, testing::ValuesIn(Cases("binary")), TestName);

// ---- recommend requests ------------------------------------------------------------------------

class HostileCorpusRequest : public testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    const std::string bundle = ReadFile(kRepo / LoadManifest("request")["bundle"].get<std::string>());
    engine_ = cartlift_engine_create(reinterpret_cast<const std::uint8_t*>(bundle.data()), bundle.size());
  }
  static void TearDownTestSuite() { cartlift_engine_destroy(engine_); }
  static std::uint32_t engine_;
};
std::uint32_t HostileCorpusRequest::engine_ = 0;

TEST_P(HostileCorpusRequest, TypedErrorOrOffers) {
  const Case& c = GetParam();
  ASSERT_NE(engine_, 0u) << cartlift_last_error();
  const std::string request = Input(c);
  const auto t0 = Clock::now();
  const Outcome o = Recommend(engine_, request);
  CheckFast(MsSince(t0), c.name);
  Check(c.spec, o, "request");
  // The engine stays usable after every case.
  const Outcome good = Recommend(engine_, R"({"cart":["A"],"limit":2})");
  ASSERT_EQ(good.code, "ok") << good.message;
  EXPECT_EQ(good.response["offers"].size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileCorpusRequest, testing::ValuesIn(Cases("request")), TestName);

// ---- order files (native only) -----------------------------------------------------------------

class HostileCorpusOrders : public testing::TestWithParam<Case> {};

TEST_P(HostileCorpusOrders, TypedErrorOrReport) {
  const Case& c = GetParam();
  std::istringstream in(Input(c));
  cartlift::ReadReport report;
  std::uint64_t delivered = 0;
  const auto sink = [&](const cartlift::Order&) { ++delivered; };
  const bool strict = c.spec.value("strict", false);
  const auto t0 = Clock::now();
  cartlift::Status s;
  if (c.spec["format"] == "csv") {
    cartlift::CsvOptions opt;
    opt.strict = strict;
    s = cartlift::ReadOrdersCsv(in, "orders.csv", opt, sink, &report);
  } else {
    cartlift::BasketOptions opt;
    opt.strict = strict;
    s = cartlift::ReadBaskets(in, "baskets.txt", opt, sink, &report);
  }
  CheckFast(MsSince(t0), c.name);
  const std::string code = c.spec["code"].get<std::string>();
  if (code != "ok") {
    ASSERT_FALSE(s.ok()) << "read without error; malformed=" << report.malformed << " orders=" << report.orders;
    EXPECT_EQ(s.error().code_name(), code) << s.error().message;
    if (c.spec.contains("path")) {
      EXPECT_EQ(s.error().path, c.spec["path"].get<std::string>()) << s.error().message;
    }
    return;
  }
  ASSERT_TRUE(s.ok()) << s.error().code_name() << " at " << s.error().path << ": " << s.error().message;
  EXPECT_EQ(report.orders, delivered);
  for (const char* key : {"orders", "rows", "malformed", "returns"}) {
    if (!c.spec.contains(key)) continue;
    const std::uint64_t want = c.spec[key].get<std::uint64_t>();
    const std::uint64_t got = std::string(key) == "orders" ? report.orders
                              : std::string(key) == "rows" ? report.rows
                              : std::string(key) == "malformed" ? report.malformed
                                                                : report.returns;
    EXPECT_EQ(got, want) << key;
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileCorpusOrders, testing::ValuesIn(Cases("orders")), TestName);

// ---- the manifests themselves ------------------------------------------------------------------

TEST(HostileCorpusManifest, EveryCaseIsNamedOnceWithAKnownCode) {
  static const std::set<std::string> kCodes = {
      "ok", "malformed_json", "missing_field", "wrong_type", "invalid_value", "invalid_price", "unknown_currency",
      "duplicate_id", "limit_exceeded", "unsupported_format", "malformed_record", "io", "invalid_handle", "internal"};
  std::size_t total = 0;
  std::size_t wasm = 0;
  for (const char* kind : {"catalog", "bundle", "binary", "request", "orders"}) {
    const std::vector<Case> cases = Cases(kind);
    EXPECT_GE(cases.size(), 20u) << kind;
    std::set<std::string> names;
    for (const Case& c : cases) {
      EXPECT_TRUE(names.insert(TestName({c, 0})).second) << kind << ": duplicate name " << c.name;
      EXPECT_TRUE(kCodes.count(c.spec.value("code", std::string()))) << kind << "/" << c.name;
      EXPECT_TRUE(c.spec.contains("why")) << kind << "/" << c.name << " says nothing about why";
    }
    total += cases.size();
    if (std::string(kind) != "orders") wasm += cases.size();
  }
  EXPECT_GE(wasm, 200u) << "cases that also run through wasm";
  EXPECT_GE(total, 240u);
}

// ---- adversarial carts: worst-case request time ------------------------------------------------

#ifdef CARTLIFT_CLI_PATH
// The real Online Retail bundle, built once by the CLI from the committed training months.
const std::string& OnlineRetailBundle() {
  static const std::string bundle = [] {
    const fs::path out = fs::temp_directory_path() / ("cartlift-hostile-" + std::to_string(::getpid()) + ".json");
    const std::string cmd = std::string("\"") + CARTLIFT_CLI_PATH + "\" build --orders \"" +
                            (kRepo / "data/online-retail/orders-2010-12_2011-05.csv.gz").string() + "\" --catalog \"" +
                            (kRepo / "data/online-retail/catalog.json").string() + "\" -o \"" + out.string() +
                            "\" >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) return std::string();
    std::string text = ReadFile(out);
    fs::remove(out);
    return text;
  }();
  return bundle;
}

TEST(HostileAdversarialCarts, WorstCaseRequestTimeIsBounded) {
  const std::string& bundle_text = OnlineRetailBundle();
  ASSERT_FALSE(bundle_text.empty()) << "cartlift build failed";
  const Json bundle = Json::parse(bundle_text);
  // Products with the longest neighbour lists first: the most work per cart line.
  std::vector<std::pair<std::size_t, std::string>> by_degree;
  for (const Json& a : bundle["associations"]) by_degree.emplace_back(a["neighbours"].size(), a["id"].get<std::string>());
  std::sort(by_degree.rbegin(), by_degree.rend());
  ASSERT_GE(by_degree.size(), 1000u);
  ASSERT_GE(by_degree[0].first, 50u) << "expected long neighbour lists in the real bundle";

  const auto cart_of = [](const std::vector<std::string>& ids) {
    Json cart = Json::array();
    for (const std::string& id : ids) cart.push_back(Json{{"id", id}, {"qty", 1}});
    return cart;
  };
  std::vector<std::string> busiest;
  for (std::size_t i = 0; i < 1000; ++i) busiest.push_back(by_degree[i].second);
  std::vector<std::string> unknown;
  for (std::size_t i = 0; i < 1000; ++i) unknown.push_back("no-such-product-" + std::to_string(i));
  const std::vector<std::string> repeated(1000, by_degree[0].second);
  std::vector<std::string> mixed;
  for (std::size_t i = 0; i < 1000; ++i) mixed.push_back(i % 2 ? busiest[i / 2] : unknown[i]);

  const std::vector<std::pair<std::string, Json>> carts = {
      {"1000 distinct busiest items, explain, limit 100",
       Json{{"cart", cart_of(busiest)}, {"limit", 100}, {"explain", true}}},
      {"1000 distinct busiest items, every type", Json{{"cart", cart_of(busiest)}, {"limit", 100}}},
      {"1000 unknown ids, explain", Json{{"cart", cart_of(unknown)}, {"limit", 100}, {"explain", true}}},
      {"1000 lines of one busy id", Json{{"cart", cart_of(repeated)}, {"limit", 100}, {"explain", true}}},
      {"500 busy + 500 unknown, exclude 1000",
       Json{{"cart", cart_of(mixed)}, {"limit", 100}, {"explain", true}, {"exclude", busiest}}},
      {"upsell only, 1000 items", Json{{"cart", cart_of(busiest)}, {"types", {"upsell"}}, {"limit", 100}}},
  };
  const std::uint32_t h =
      cartlift_engine_create(reinterpret_cast<const std::uint8_t*>(bundle_text.data()), bundle_text.size());
  ASSERT_NE(h, 0u) << cartlift_last_error();
  // A safety bound that catches pathological (quadratic) behaviour, not a benchmark: a
  // 1,000-line cart is answered in a few milliseconds on a developer machine.
  const double bound_ms = 50 * kSlowdown;
  for (const auto& [name, request] : carts) {
    const std::string text = request.dump();
    ASSERT_LE(text.size(), std::size_t{1} << 20) << name;
    double worst = 0;
    for (int rep = 0; rep < 3; ++rep) {
      const auto t0 = Clock::now();
      const Outcome o = Recommend(h, text);
      const double ms = MsSince(t0);
      ASSERT_EQ(o.code, "ok") << name << ": " << o.message;
      if (rep > 0) worst = std::max(worst, ms);  // the first call warms caches and scratch buffers
    }
    EXPECT_LT(worst, bound_ms) << name;
    std::printf("[ adversarial ] %-50s worst %.2f ms\n", name.c_str(), worst);
  }
  cartlift_engine_destroy(h);
}
#endif

}  // namespace
