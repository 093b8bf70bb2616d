// Runs the integration cases shared with the JS tests (js-glue/test/cases.test.js) through the C
// ABI, so both runtimes are held to the same expectations. The case format is the JS runner's:
//   {"name", "bundle": path | {...}, "request": {...} | "raw JSON text", "expect": {...}}
// with expect keys "error" {code, path?}, "offer_ids" (exact, ordered), "offers_count",
// "excludes", "offers_match" (offer k holds every member given for it, recursively; arrays match
// element by element and in length) (may be combined). A relative bundle path is resolved against the case file's
// folder, then against the repository root; an error may come from loading the bundle or from
// the request. Unknown expect keys fail the case, as in JS, so a typo cannot pass silently.
#include "c_api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#ifndef CARTLIFT_SOURCE_DIR
#define CARTLIFT_SOURCE_DIR "."
#endif

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const fs::path kRepo = CARTLIFT_SOURCE_DIR;
const fs::path kCases = kRepo / "tests" / "integration" / "cases";

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kCases, ec))
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

bool ReadFile(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param.substr(0, info.param.size() - 5);
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

struct Outcome {
  bool failed = false;
  Json error;     // {code, message, path} when failed
  Json response;  // the offers response otherwise
};

Outcome RunCase(const std::string& bundle, const std::string& request) {
  Outcome o;
  const std::uint32_t h =
      cartlift_engine_create(reinterpret_cast<const std::uint8_t*>(bundle.data()), bundle.size());
  if (!h) {
    o.failed = true;
    o.error = Json::parse(cartlift_last_error());
    return o;
  }
  char* out = cartlift_recommend(h, request.data(), request.size());
  if (!out) {
    o.failed = true;
    o.error = Json::parse(cartlift_last_error());
  } else {
    o.response = Json::parse(out);
    cartlift_free(out);
  }
  cartlift_engine_destroy(h);
  return o;
}

// True when `actual` holds everything `want` says: objects by member, arrays element by element.
bool Matches(const Json& want, const Json& actual) {
  if (want.is_object()) {
    if (!actual.is_object()) return false;
    for (auto it = want.begin(); it != want.end(); ++it)
      if (!actual.contains(it.key()) || !Matches(it.value(), actual[it.key()])) return false;
    return true;
  }
  if (want.is_array()) {
    if (!actual.is_array() || actual.size() != want.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i)
      if (!Matches(want[i], actual[i])) return false;
    return true;
  }
  return want == actual;
}

class IntegrationCase : public ::testing::TestWithParam<std::string> {};

TEST_P(IntegrationCase, Passes) {
  const fs::path file = kCases / GetParam();
  std::string text;
  ASSERT_TRUE(ReadFile(file, &text)) << file;
  const Json c = Json::parse(text, nullptr, false);
  ASSERT_FALSE(c.is_discarded()) << file << " is not JSON";
  ASSERT_TRUE(c.contains("bundle") && c.contains("request") && c.contains("expect"))
      << "case needs bundle, request, expect";
  const Json& expect = c["expect"];
  ASSERT_TRUE(expect.is_object() && !expect.empty());
  static const std::set<std::string> kKnown = {"error", "offer_ids", "offers_count", "excludes", "offers_match", "dropped_match"};
  for (auto it = expect.begin(); it != expect.end(); ++it)
    ASSERT_TRUE(kKnown.count(it.key())) << "unknown expectation key " << it.key() << " (the JS runner rejects it)";

  std::string bundle;
  if (c["bundle"].is_string()) {
    const fs::path spec = c["bundle"].get<std::string>();
    const std::vector<fs::path> tries =
        spec.is_absolute() ? std::vector<fs::path>{spec} : std::vector<fs::path>{file.parent_path() / spec, kRepo / spec};
    bool found = false;
    for (const fs::path& p : tries)
      if (fs::exists(p)) found = ReadFile(p, &bundle);
    ASSERT_TRUE(found) << "bundle " << spec << " not found";
  } else {
    bundle = c["bundle"].dump();
  }
  // Strings are raw request text (malformed JSON cases); anything else is serialised, as the JS
  // glue does with JSON.stringify.
  const std::string request = c["request"].is_string() ? c["request"].get<std::string>() : c["request"].dump();

  SCOPED_TRACE(c.value("name", std::string("(unnamed)")));
  const Outcome o = RunCase(bundle, request);
  if (expect.contains("error")) {
    ASSERT_TRUE(o.failed) << "expected error " << expect["error"].dump() << ", got " << o.response.dump();
    EXPECT_EQ(o.error["code"], expect["error"]["code"]) << o.error.dump();
    if (expect["error"].contains("path")) {
      EXPECT_EQ(o.error["path"], expect["error"]["path"]) << o.error.dump();
    }
    return;
  }
  ASSERT_FALSE(o.failed) << o.error.dump();
  std::vector<std::string> ids;
  for (const Json& offer : o.response["offers"]) ids.push_back(offer["id"].get<std::string>());
  if (expect.contains("offer_ids")) {
    EXPECT_EQ(ids, expect["offer_ids"].get<std::vector<std::string>>());
  }
  if (expect.contains("offers_count")) {
    EXPECT_EQ(ids.size(), expect["offers_count"].get<std::size_t>());
  }
  if (expect.contains("excludes")) {
    for (const std::string& id : expect["excludes"].get<std::vector<std::string>>())
      EXPECT_EQ(std::count(ids.begin(), ids.end(), id), 0) << "offered excluded id " << id;
  }
  if (expect.contains("offers_match")) {
    const Json& want = expect["offers_match"];
    ASSERT_LE(want.size(), o.response["offers"].size()) << o.response.dump();
    for (std::size_t i = 0; i < want.size(); ++i)
      EXPECT_TRUE(Matches(want[i], o.response["offers"][i])) << "offer " << i << ": want " << want[i].dump()
                                                              << ", got " << o.response["offers"][i].dump();
  }
  if (expect.contains("dropped_match")) {
    // Each wanted entry must match one of explain.dropped, in any order.
    const Json none = Json::array();
    const Json& got = o.response.contains("explain") ? o.response["explain"]["dropped"] : none;
    for (const Json& want : expect["dropped_match"])
      EXPECT_TRUE(std::any_of(got.begin(), got.end(), [&](const Json& d) { return Matches(want, d); }))
          << "no dropped candidate matches " << want.dump() << " in " << got.dump();
  }
  // Guardrails every response must meet, whatever the case says.
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size()) << "an offer was repeated";
  for (const Json& offer : o.response["offers"])
    EXPECT_TRUE(offer.contains("reason") && offer["reason"].contains("text")) << "offer without an explanation";
}

INSTANTIATE_TEST_SUITE_P(Cases, IntegrationCase, ::testing::ValuesIn(CaseFiles()), TestName);

TEST(IntegrationCases, SuiteIsNotEmpty) {
  const auto files = CaseFiles();
  EXPECT_GE(files.size(), 25u) << "cases live in " << kCases;
  const auto hostile = std::count_if(files.begin(), files.end(), [](const std::string& f) { return f.rfind("bad_", 0) == 0; });
  EXPECT_GE(hostile, 15);
}

}  // namespace
