// Recommend request validation (request_json.cpp): every rejection is a typed error whose path
// points at the offending member, because the storefront developer reads it in a console.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cartlift/engine.h"
#include "test_support.h"

namespace cartlift {
namespace {

using cartlift::testing::Describe;

struct Bad {
  std::string name;
  std::string text;
  ErrorCode code;
  std::string path;
};

std::string CartOf(std::size_t n) {
  std::string s = R"({"cart": [)";
  for (std::size_t i = 0; i < n; ++i) s += (i ? "," : "") + std::string(R"({"id":"p)") + std::to_string(i) + "\"}";
  return s + "]}";
}

std::string Nested(std::size_t depth) {
  return R"({"cart": [{"id": "A", "context": )" + std::string(depth, '[') + std::string(depth, ']') + "}]}";
}

TEST(RequestJson, MinimalRequestGetsDefaults) {
  Result<Request> r = ParseRequestJson(R"({"cart": [{"id": "85123A"}]})");
  ASSERT_TRUE(r.ok()) << Describe(r.error());
  ASSERT_EQ(r.value().cart.size(), 1u);
  EXPECT_EQ(r.value().cart[0].id, "85123A");
  EXPECT_EQ(r.value().cart[0].qty, 1);
  EXPECT_EQ(r.value().cart[0].price, -1) << "no price: use the catalog's";
  EXPECT_EQ(r.value().limit, 5);
  EXPECT_TRUE(r.value().types.empty());
  EXPECT_EQ(r.value().page, "cart");
  EXPECT_FALSE(r.value().explain);
}

TEST(RequestJson, FullRequestFromTheFormatsDoc) {
  Result<Request> r = ParseRequestJson(
      R"({"cart": [{"id": "85123A", "qty": 2, "price": 255}, "22423"],
          "limit": 7, "types": ["cross_sell", "upsell"], "exclude": ["22423"],
          "page": "checkout", "visitor": "v-123", "explain": true, "context": {"unknown": "ignored"}})");
  ASSERT_TRUE(r.ok()) << Describe(r.error());
  const Request& q = r.value();
  ASSERT_EQ(q.cart.size(), 2u);
  EXPECT_EQ(q.cart[0].qty, 2);
  EXPECT_EQ(q.cart[0].price, 255);
  EXPECT_EQ(q.cart[1].id, "22423") << "a bare string is shorthand for {id, qty 1}";
  EXPECT_EQ(q.cart[1].qty, 1);
  EXPECT_EQ(q.limit, 7);
  EXPECT_EQ(q.types, (std::vector<OfferType>{OfferType::kCrossSell, OfferType::kUpsell}));
  EXPECT_EQ(q.exclude, std::vector<std::string>{"22423"});
  EXPECT_EQ(q.page, "checkout");
  EXPECT_EQ(q.visitor, "v-123");
  EXPECT_TRUE(q.explain);
}

TEST(RequestJson, BoundariesThatMustBeAccepted) {
  for (const std::string& text : {
           CartOf(1000),
           std::string(R"({"cart": []})"),
           std::string(R"({"cart": [{"id": "A", "qty": 1000000}]})"),
           std::string(R"({"cart": [{"id": "A", "price": 0}]})"),
           std::string(R"({"cart": [{"id": "A", "price": 1000000000000}]})"),
           std::string(R"({"cart": [{"id": ")") + std::string(256, 'x') + "\"}]}",
           std::string(R"({"cart": [{"id": "caf\u00e9 \u2615"}], "limit": 1})"),
           std::string(R"({"cart": [{"id": "A"}], "limit": 100})"),
           std::string(R"({"cart": [{"id": "A"}], "visitor": null})"),
           Nested(60),
       }) {
    Result<Request> r = ParseRequestJson(text);
    EXPECT_TRUE(r.ok()) << text.substr(0, 80) << ": " << (r.ok() ? "" : Describe(r.error()));
  }
}

TEST(RequestJson, EveryValidationErrorHasCodeAndPath) {
  const std::string long_id(257, 'x');
  const std::vector<Bad> cases = {
      {"malformed json", R"({"cart": [)", ErrorCode::kMalformedJson, ""},
      {"empty text", "", ErrorCode::kMalformedJson, ""},
      {"trailing garbage", R"({"cart": []} x)", ErrorCode::kMalformedJson, ""},
      {"single quotes", R"({'cart': []})", ErrorCode::kMalformedJson, ""},
      {"top-level array", R"([{"id": "A"}])", ErrorCode::kWrongType, ""},
      {"top-level string", R"("A")", ErrorCode::kWrongType, ""},
      {"missing cart", R"({"limit": 5})", ErrorCode::kMissingField, "/cart"},
      {"cart object", R"({"cart": {"id": "A"}})", ErrorCode::kWrongType, "/cart"},
      {"cart string", R"({"cart": "A"})", ErrorCode::kWrongType, "/cart"},
      {"cart null", R"({"cart": null})", ErrorCode::kWrongType, "/cart"},
      {"1001 lines", CartOf(1001), ErrorCode::kLimitExceeded, "/cart"},
      {"line number", R"({"cart": [{"id": "A"}, 42]})", ErrorCode::kWrongType, "/cart/1"},
      {"line missing id", R"({"cart": [{"qty": 1}]})", ErrorCode::kMissingField, "/cart/0/id"},
      {"id number", R"({"cart": [{"id": 85123}]})", ErrorCode::kWrongType, "/cart/0/id"},
      {"empty id", R"({"cart": [{"id": "A"}, {"id": ""}]})", ErrorCode::kInvalidValue, "/cart/1/id"},
      {"empty bare id", R"({"cart": [""]})", ErrorCode::kInvalidValue, "/cart/0/id"},
      {"id too long", R"({"cart": [{"id": ")" + long_id + "\"}]}", ErrorCode::kLimitExceeded, "/cart/0/id"},
      {"bare id too long", R"({"cart": [")" + long_id + "\"]}", ErrorCode::kLimitExceeded, "/cart/0"},
      {"qty 0", R"({"cart": [{"id": "A", "qty": 0}]})", ErrorCode::kInvalidValue, "/cart/0/qty"},
      {"qty -1", R"({"cart": [{"id": "A"}, {"id": "B", "qty": -1}]})", ErrorCode::kInvalidValue, "/cart/1/qty"},
      {"qty 1.5", R"({"cart": [{"id": "A", "qty": 1.5}]})", ErrorCode::kWrongType, "/cart/0/qty"},
      {"qty string", R"({"cart": [{"id": "A", "qty": "2"}]})", ErrorCode::kWrongType, "/cart/0/qty"},
      {"qty huge", R"({"cart": [{"id": "A", "qty": 1000001}]})", ErrorCode::kInvalidValue, "/cart/0/qty"},
      {"qty over int64", R"({"cart": [{"id": "A", "qty": 18446744073709551615}]})", ErrorCode::kInvalidValue,
       "/cart/0/qty"},
      {"price -1", R"({"cart": [{"id": "A", "price": -1}]})", ErrorCode::kInvalidPrice, "/cart/0/price"},
      {"price over limit", R"({"cart": [{"id": "A", "price": 1000000000001}]})", ErrorCode::kInvalidPrice,
       "/cart/0/price"},
      {"price decimal", R"({"cart": [{"id": "A", "price": 2.55}]})", ErrorCode::kWrongType, "/cart/0/price"},
      {"price string", R"({"cart": [{"id": "A", "price": "2.55"}]})", ErrorCode::kWrongType, "/cart/0/price"},
      {"limit 0", R"({"cart": [], "limit": 0})", ErrorCode::kInvalidValue, "/limit"},
      {"limit 101", R"({"cart": [], "limit": 101})", ErrorCode::kInvalidValue, "/limit"},
      {"limit -5", R"({"cart": [], "limit": -5})", ErrorCode::kInvalidValue, "/limit"},
      {"limit string", R"({"cart": [], "limit": "5"})", ErrorCode::kWrongType, "/limit"},
      {"limit float", R"({"cart": [], "limit": 5.0})", ErrorCode::kWrongType, "/limit"},
      {"types string", R"({"cart": [], "types": "cross_sell"})", ErrorCode::kWrongType, "/types"},
      {"unknown type", R"({"cart": [], "types": ["cross_sell", "crosssell"]})", ErrorCode::kInvalidValue,
       "/types/1"},
      {"type number", R"({"cart": [], "types": [1]})", ErrorCode::kWrongType, "/types/0"},
      {"exclude string", R"({"cart": [], "exclude": "A"})", ErrorCode::kWrongType, "/exclude"},
      {"exclude number", R"({"cart": [], "exclude": ["A", 7]})", ErrorCode::kWrongType, "/exclude/1"},
      {"exclude id too long", R"({"cart": [], "exclude": [")" + long_id + "\"]}", ErrorCode::kLimitExceeded,
       "/exclude/0"},
      {"bad page", R"({"cart": [], "page": "home"})", ErrorCode::kInvalidValue, "/page"},
      {"page case", R"({"cart": [], "page": "Cart"})", ErrorCode::kInvalidValue, "/page"},
      {"page number", R"({"cart": [], "page": 1})", ErrorCode::kWrongType, "/page"},
      {"visitor number", R"({"cart": [], "visitor": 12})", ErrorCode::kWrongType, "/visitor"},
      {"visitor too long", R"({"cart": [], "visitor": ")" + long_id + "\"}", ErrorCode::kLimitExceeded, "/visitor"},
      {"explain string", R"({"cart": [], "explain": "yes"})", ErrorCode::kWrongType, "/explain"},
      {"deep nesting", Nested(65), ErrorCode::kLimitExceeded, ""},
      {"very deep nesting", std::string(200000, '['), ErrorCode::kLimitExceeded, ""},
  };
  for (const Bad& c : cases) {
    Result<Request> r = ParseRequestJson(c.text);
    ASSERT_FALSE(r.ok()) << c.name << " was accepted";
    EXPECT_EQ(r.error().code, c.code) << c.name << ": " << Describe(r.error());
    EXPECT_EQ(r.error().path, c.path) << c.name << ": " << Describe(r.error());
    EXPECT_FALSE(r.error().message.empty()) << c.name;
  }
}

TEST(RequestJson, ExcludeListIsCapped) {
  std::string text = R"({"cart": [], "exclude": [)";
  for (int i = 0; i < 1001; ++i) text += (i ? ",\"e" : "\"e") + std::to_string(i) + "\"";
  text += "]}";
  Result<Request> r = ParseRequestJson(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(r.error().path, "/exclude");
}

// Bytes that are not UTF-8 are refused by the JSON parser itself, before any member is read.
TEST(RequestJson, InvalidUtf8IsRejected) {
  for (const std::string& id : {std::string("\xC3\x28"), std::string("\xFF"), std::string("\xED\xA0\x80"),
                                std::string("\xC0\xAF"), std::string("ok\xF4\x90\x80\x80")}) {
    Result<Request> r = ParseRequestJson(R"({"cart": [{"id": ")" + id + "\"}]}");
    ASSERT_FALSE(r.ok()) << "accepted invalid UTF-8";
    EXPECT_TRUE(r.error().code == ErrorCode::kMalformedJson || r.error().code == ErrorCode::kInvalidValue)
        << Describe(r.error());
  }
  // An escaped lone surrogate is not a character either.
  Result<Request> r = ParseRequestJson(R"({"cart": [{"id": "\ud800"}]})");
  EXPECT_FALSE(r.ok());
}

TEST(RequestJson, RequestsOverOneMebibyteAreRefusedBeforeParsing) {
  // Valid JSON, padded with whitespace just past 1 MiB: only the size check can reject it.
  std::string text = R"({"cart": [{"id": "A"}]})";
  const std::string at_limit = text + std::string((1u << 20) - text.size(), ' ');
  EXPECT_TRUE(ParseRequestJson(at_limit).ok());
  Result<Request> r = ParseRequestJson(at_limit + " ");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(r.error().path, "");
  // A 2 MB string member, the "hostile line" of a batch.
  Result<Request> big = ParseRequestJson(R"({"cart": [{"id": ")" + std::string(2 << 20, 'x') + "\"}]}");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::kLimitExceeded);
}

TEST(RequestJson, ErrorsNeverThrowOnArbitraryBytes) {
  // A byte soup from a fixed seed: whatever comes in, the answer is a value, not an exception.
  std::uint32_t x = 12345;
  for (int i = 0; i < 2000; ++i) {
    std::string s = R"({"cart": [{"id": ")";
    const int n = static_cast<int>(x % 40);
    for (int k = 0; k < n; ++k) {
      x = x * 1664525u + 1013904223u;
      s += static_cast<char>(x >> 24);
    }
    EXPECT_NO_THROW((void)ParseRequestJson(s));
  }
}

}  // namespace
}  // namespace cartlift
