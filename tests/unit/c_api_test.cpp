// The C ABI exactly as JavaScript calls it: handles, owned strings, and errors read back through
// cartlift_last_error(). Every returned string is released with cartlift_free, so the ASan build
// reports any leak or double free on this path.
#include "c_api.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cartlift/bundle/bundle_binary.h"
#include "cartlift/bundle/bundle_json.h"
#include "support/packed_reader.h"

namespace {

using Json = nlohmann::json;

const char* kBundle = R"({"format": "cartlift.bundle/1", "currency": "GBP",
  "products": [{"id": "A", "title": "Apple", "price": "1.00", "orders": 4},
               {"id": "B", "title": "Banana", "price": "0.50", "orders": 3},
               {"id": "C", "title": "Cherry", "price": "2.00", "orders": 2}],
  "associations": [{"id": "A", "neighbours": [{"id": "B", "co": 3, "score": 0.6}, {"id": "C", "co": 2, "score": 0.4}]},
                   {"id": "B", "neighbours": [{"id": "A", "co": 3, "score": 0.75}]}],
  "rules": {"max_offers": 5},
  "built_from": {"orders": 6, "scorer": "shrunk_confidence",
                 "date_range": ["2011-01-01T00:00:00Z", "2011-02-01T00:00:00Z"]}})";

struct CFree {
  void operator()(char* p) const { cartlift_free(p); }
};
using Owned = std::unique_ptr<char, CFree>;

std::uint32_t Create(const std::string& bytes) {
  return cartlift_engine_create(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

Json LastError() {
  const char* e = cartlift_last_error();
  EXPECT_NE(e, nullptr);
  return Json::parse(e ? e : "{}");
}

Owned Recommend(std::uint32_t h, const std::string& req) {
  return Owned(cartlift_recommend(h, req.data(), req.size()));
}

class CApi : public ::testing::Test {
 protected:
  void SetUp() override {
    handle_ = Create(kBundle);
    ASSERT_NE(handle_, 0u) << cartlift_last_error();
  }
  void TearDown() override { cartlift_engine_destroy(handle_); }
  std::uint32_t handle_ = 0;
};

TEST(CApiStatic, AbiVersionIsFour) { EXPECT_EQ(cartlift_abi_version(), 4u); }

TEST(CApiStatic, VersionIsTheProjectVersion) {
  const char* v = cartlift_version();
  ASSERT_NE(v, nullptr);
  EXPECT_STREQ(v, CARTLIFT_VERSION);
}

TEST_F(CApi, RecommendReturnsOwnedJson) {
  Owned out = Recommend(handle_, R"({"cart": [{"id": "A", "qty": 1}], "limit": 2})");
  ASSERT_TRUE(out) << cartlift_last_error();
  const Json j = Json::parse(out.get());
  ASSERT_EQ(j["offers"].size(), 2u);
  EXPECT_EQ(j["offers"][0]["id"], "B");
  EXPECT_EQ(j["offers"][1]["id"], "C");
  EXPECT_EQ(j["offers"][0]["reason"]["text"], "Bought together in 3 of 4 orders with Apple");
}

// The view is the same text as the owned copy, ASCII only, valid until the next call; an error
// returns NULL with the error set, and the next good request is served again.
TEST_F(CApi, RecommendViewIsTheSameResponseWithoutACopy) {
  const std::string req = R"({"cart": [{"id": "A", "qty": 1}], "limit": 2})";
  Owned owned = Recommend(handle_, req);
  ASSERT_TRUE(owned) << cartlift_last_error();
  const char* view = cartlift_recommend_view(handle_, req.data(), req.size());
  ASSERT_NE(view, nullptr) << cartlift_last_error();
  const std::string text(view, cartlift_view_length());
  EXPECT_EQ(text, owned.get());
  EXPECT_EQ(Json::parse(text)["offers"][0]["id"], "B");
  for (const char c : text) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
  EXPECT_EQ(cartlift_recommend_view(handle_, "{", 1), nullptr);
  EXPECT_EQ(LastError()["code"], "malformed_json");
  EXPECT_EQ(cartlift_recommend_view(0xdeadbeef, req.data(), req.size()), nullptr);
  EXPECT_EQ(cartlift_recommend_view(handle_, nullptr, 3), nullptr);
  view = cartlift_recommend_view(handle_, req.data(), req.size());
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(std::string(view, cartlift_view_length()), owned.get());
}

// The packed response holds the same value as the JSON text, in the engine's 4-byte aligned
// buffer; its keys come from cartlift_packed_keys; errors are NULL as above.
TEST_F(CApi, RecommendPackedIsTheSameResponse) {
  for (const std::string req : {R"({"cart": [{"id": "A", "qty": 1}], "limit": 2})",
                                R"({"cart": [{"id": "A", "qty": 1}, {"id": "nope", "qty": 1}], "explain": true})"}) {
    Owned owned = Recommend(handle_, req);
    ASSERT_TRUE(owned) << cartlift_last_error();
    const char* packed = cartlift_recommend_packed(handle_, req.data(), req.size());
    ASSERT_NE(packed, nullptr) << cartlift_last_error();
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(packed) % 4, 0u);
    const std::string bytes(packed, cartlift_view_length());
    Owned keys(cartlift_packed_keys(handle_));
    ASSERT_TRUE(keys);
    const std::vector<std::string> names = cartlift::testing_support::KeyList(keys.get());
    cartlift::testing_support::PackedReader reader(bytes, names);
    const cartlift::testing_support::Json got = reader.Value();
    EXPECT_TRUE(reader.Done());
    EXPECT_EQ(cartlift::testing_support::Numbers(got), cartlift::testing_support::Numbers(cartlift::testing_support::Json::parse(owned.get())));
    EXPECT_FALSE(got["offers"].empty());
  }
  EXPECT_EQ(cartlift_recommend_packed(handle_, "{", 1), nullptr);
  EXPECT_EQ(LastError()["code"], "malformed_json");
  EXPECT_EQ(cartlift_recommend_packed(0xdeadbeef, "{}", 2), nullptr);
  EXPECT_EQ(cartlift_packed_keys(0xdeadbeef), nullptr);
  EXPECT_EQ(LastError()["code"], "invalid_handle");
}

// A title with "£" and an emoji reaches the caller as \u escapes that parse back to the title.
TEST(CApiStatic, NonAsciiTextIsEscapedAndParsesBack) {
  const std::string bundle = std::string(kBundle);
  std::string with_unicode = bundle;
  const std::string from = "\"Apple\"";
  const auto at = with_unicode.find(from);
  ASSERT_NE(at, std::string::npos);
  with_unicode.replace(at, from.size(), "\"Apple \xC2\xA3 \xF0\x9F\x8D\x8E\"");
  const std::uint32_t h = Create(with_unicode);
  ASSERT_NE(h, 0u) << cartlift_last_error();
  Owned out = Recommend(h, R"({"cart": [{"id": "A", "qty": 1}], "limit": 1})");
  ASSERT_TRUE(out) << cartlift_last_error();
  const std::string text = out.get();
  EXPECT_NE(text.find("\\u00a3"), std::string::npos) << text;
  EXPECT_NE(text.find("\\ud83c\\udf4e"), std::string::npos) << text;
  EXPECT_EQ(Json::parse(text)["offers"][0]["reason"]["text"], "Bought together in 3 of 4 orders with Apple \xC2\xA3 \xF0\x9F\x8D\x8E");
  cartlift_engine_destroy(h);
}

TEST_F(CApi, LengthIsHonouredNotTheTerminator) {
  // The glue passes (ptr, len); bytes after len must be ignored even if they look like JSON.
  const std::string buf = R"({"cart": ["B"]}GARBAGE)";
  Owned out(cartlift_recommend(handle_, buf.data(), std::strlen(R"({"cart": ["B"]})")));
  ASSERT_TRUE(out) << cartlift_last_error();
  EXPECT_EQ(Json::parse(out.get())["offers"][0]["id"], "A");
}

TEST_F(CApi, UnknownCartIdIsAWarningNotAnError) {
  Owned out = Recommend(handle_, R"({"cart": [{"id": "ZZZ"}, {"id": "A"}]})");
  ASSERT_TRUE(out) << cartlift_last_error();
  const Json j = Json::parse(out.get());
  ASSERT_EQ(j["warnings"].size(), 1u);
  EXPECT_EQ(j["warnings"][0]["code"], "unknown_product");
  EXPECT_EQ(j["warnings"][0]["path"], "/cart/0/id");
  EXPECT_FALSE(j["offers"].empty());
}

TEST_F(CApi, BadRequestReturnsNullAndTypedError) {
  EXPECT_FALSE(Recommend(handle_, R"({"cart": [{"id": "A", "qty": 0}]})"));
  Json e = LastError();
  EXPECT_EQ(e["code"], "invalid_value");
  EXPECT_EQ(e["path"], "/cart/0/qty");
  EXPECT_TRUE(e["message"].is_string());

  EXPECT_FALSE(Recommend(handle_, "{not json"));
  EXPECT_EQ(LastError()["code"], "malformed_json");

  EXPECT_FALSE(Recommend(handle_, ""));
  EXPECT_EQ(LastError()["code"], "malformed_json");
}

TEST_F(CApi, LastErrorIsStableJsonEvenForHostileMessages) {
  // The error message quotes nothing raw from the request, and invalid UTF-8 never makes
  // last_error unparseable.
  const std::string req = std::string(R"({"cart": [{"id": ")") + "\xFF\xFE" + "\"}]}";
  EXPECT_FALSE(Recommend(handle_, req));
  EXPECT_NO_THROW(LastError());
}

TEST(CApiCreate, BadBytesGiveZeroAndErrorWithPath) {
  EXPECT_EQ(Create(R"({"format": "cartlift.bundle/2", "products": []})"), 0u);
  Json e = LastError();
  EXPECT_EQ(e["code"], "unsupported_format");
  EXPECT_EQ(e["path"], "/format");

  EXPECT_EQ(Create(R"({"format": "cartlift.bundle/1", "products": [{"id": "A", "title": "x", "price": -1}]})"), 0u);
  e = LastError();
  EXPECT_EQ(e["code"], "invalid_price");
  EXPECT_EQ(e["path"], "/products/0/price");

  EXPECT_EQ(Create("\x89PNG\r\n\x1a\n garbage"), 0u);
  EXPECT_EQ(LastError()["code"], "malformed_json");

  EXPECT_EQ(Create(""), 0u);
  EXPECT_EQ(LastError()["code"], "malformed_json");

  EXPECT_EQ(Create(std::string(100000, '[')), 0u);
  EXPECT_EQ(LastError()["code"], "limit_exceeded");
}

// A buffer from cartlift_alloc holding `bytes`, handed over: the engine keeps or frees it, so the
// ASan build's leak check fails these tests if either path forgets.
std::uint32_t CreateOwned(const std::string& bytes) {
  auto* buf = static_cast<std::uint8_t*>(cartlift_alloc(bytes.size()));
  std::memcpy(buf, bytes.data(), bytes.size());
  return cartlift_engine_create_owned(buf, bytes.size());
}

std::string BinaryOf(const std::string& json) {
  auto bundle = cartlift::ReadBundleJson(json);
  EXPECT_TRUE(bundle.ok());
  return bundle.ok() ? cartlift::WriteBundleBinary(bundle.value()) : std::string();
}

TEST(CApiCreate, OwnedBuffersServeTheSameOffersAsCopiedOnes) {
  const std::string binary = BinaryOf(kBundle);
  for (const std::string& bytes : {binary, std::string(kBundle)}) {
    const std::uint32_t copied = Create(bytes);
    const std::uint32_t owned = CreateOwned(bytes);
    ASSERT_NE(copied, 0u) << cartlift_last_error();
    ASSERT_NE(owned, 0u) << cartlift_last_error();
    for (const std::string req : {R"({"cart": ["A"]})", R"({"cart": ["B", "C"], "explain": true})"}) {
      const Owned a = Recommend(copied, req), b = Recommend(owned, req);
      ASSERT_TRUE(a && b);
      EXPECT_STREQ(a.get(), b.get());
    }
    const Owned info_a(cartlift_engine_info(copied)), info_b(cartlift_engine_info(owned));
    EXPECT_STREQ(info_a.get(), info_b.get());
    cartlift_engine_destroy(copied);
    cartlift_engine_destroy(owned);
  }
}

TEST(CApiCreate, OwnedBufferIsFreedWhenTheBundleIsRefused) {
  std::string corrupt = BinaryOf(kBundle);
  corrupt[corrupt.size() - 1] ^= 0x55;
  for (const std::string& bytes : {corrupt, std::string("{not json"), std::string()}) {
    EXPECT_EQ(CreateOwned(bytes), 0u);
    EXPECT_FALSE(LastError()["code"].get<std::string>().empty());
  }
  EXPECT_EQ(cartlift_engine_create_owned(nullptr, 4), 0u);
  EXPECT_EQ(LastError()["code"], "invalid_value");
}

TEST(CApiCreate, NullBundlePointer) {
  EXPECT_EQ(cartlift_engine_create(nullptr, 10), 0u);
  EXPECT_EQ(LastError()["code"], "invalid_value");
  EXPECT_EQ(cartlift_engine_create(nullptr, 0), 0u);
  EXPECT_EQ(LastError()["code"], "malformed_json");
}

TEST(CApiHandles, RecommendOnUnknownHandleIsInvalidHandle) {
  EXPECT_EQ(cartlift_recommend(0, "{}", 2), nullptr);
  EXPECT_EQ(LastError()["code"], "invalid_handle");
  EXPECT_EQ(cartlift_recommend(0xdeadbeef, "{}", 2), nullptr);
  EXPECT_EQ(LastError()["code"], "invalid_handle");
  EXPECT_EQ(cartlift_engine_info(424242), nullptr);
  EXPECT_EQ(LastError()["code"], "invalid_handle");
  EXPECT_EQ(cartlift_assign_arm(424242, "v", 1), nullptr);
  EXPECT_EQ(LastError()["code"], "invalid_handle");
}

TEST(CApiHandles, DestroyTwiceIsSafeAndTheHandleDies) {
  const std::uint32_t h = Create(kBundle);
  ASSERT_NE(h, 0u);
  ASSERT_TRUE(Recommend(h, R"({"cart": ["A"]})"));
  cartlift_engine_destroy(h);
  cartlift_engine_destroy(h);
  cartlift_engine_destroy(0);
  cartlift_engine_destroy(0xffffffffu);
  EXPECT_FALSE(Recommend(h, R"({"cart": ["A"]})"));
  EXPECT_EQ(LastError()["code"], "invalid_handle");
}

TEST(CApiHandles, HandlesAreDistinctAndIndependent) {
  const std::uint32_t a = Create(kBundle), b = Create(kBundle);
  ASSERT_NE(a, 0u);
  ASSERT_NE(b, 0u);
  EXPECT_NE(a, b);
  cartlift_engine_destroy(a);
  Owned out = Recommend(b, R"({"cart": ["A"]})");
  EXPECT_TRUE(out) << "destroying one engine must not affect another";
  cartlift_engine_destroy(b);
  // A destroyed handle is not reused by the next create.
  const std::uint32_t c = Create(kBundle);
  EXPECT_NE(c, a);
  EXPECT_NE(c, b);
  cartlift_engine_destroy(c);
}

TEST_F(CApi, NullRequestPointer) {
  EXPECT_EQ(cartlift_recommend(handle_, nullptr, 5), nullptr);
  EXPECT_EQ(LastError()["code"], "invalid_value");
  // (NULL, 0) is an empty request: malformed, not a crash.
  EXPECT_EQ(cartlift_recommend(handle_, nullptr, 0), nullptr);
  EXPECT_EQ(LastError()["code"], "malformed_json");
}

TEST_F(CApi, EngineInfoHasCounts) {
  Owned info(cartlift_engine_info(handle_));
  ASSERT_TRUE(info) << cartlift_last_error();
  const Json j = Json::parse(info.get());
  EXPECT_EQ(j["format"], "cartlift.bundle/1");
  EXPECT_EQ(j["products"], 3);
  EXPECT_EQ(j["associations"], 3);
  EXPECT_EQ(j["orders"], 6);
  EXPECT_EQ(j["date_range"][0], "2011-01-01T00:00:00Z");
}

TEST_F(CApi, AssignArmIsDefaultWithoutExperiments) {
  Owned arm(cartlift_assign_arm(handle_, "visitor-1", 9));
  ASSERT_TRUE(arm);
  EXPECT_EQ(Json::parse(arm.get())["arm"], "default");
  Owned null_visitor(cartlift_assign_arm(handle_, nullptr, 0));
  EXPECT_TRUE(null_visitor);
}

TEST(CApiMemory, AllocAndFree) {
  void* p = cartlift_alloc(0);
  EXPECT_NE(p, nullptr) << "zero-byte allocations still give a pointer the glue can free";
  cartlift_free(p);
  void* q = cartlift_alloc(1 << 20);
  ASSERT_NE(q, nullptr);
  std::memset(q, 0xAB, 1 << 20);
  cartlift_free(q);
  cartlift_free(nullptr);
}

TEST_F(CApi, ManyRequestsLeakNothing) {
  // Under ASan with leak detection, a forgotten free in the response path fails this test.
  for (int i = 0; i < 2000; ++i) {
    Owned out = Recommend(handle_, i % 3 ? R"({"cart": ["A", "B"], "explain": true})" : R"({"cart": 5})");
    EXPECT_EQ(static_cast<bool>(out), i % 3 != 0);
  }
}

TEST_F(CApi, ErrorAfterSuccessReplacesLastError) {
  EXPECT_FALSE(Recommend(handle_, R"({"cart": [], "limit": 0})"));
  EXPECT_EQ(LastError()["path"], "/limit");
  EXPECT_FALSE(Recommend(handle_, R"({"cart": [], "page": "x"})"));
  EXPECT_EQ(LastError()["path"], "/page");
}

}  // namespace
