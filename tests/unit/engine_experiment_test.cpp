// Experiments at serving time: the arm in every response, no offers for the control arm, the
// assignment the C ABI gives JavaScript.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "c_api.h"
#include "cartlift/engine.h"
#include "cartlift/experiment/experiment.h"

namespace cartlift {
namespace {

using Json = nlohmann::json;

std::string BundleText(const std::string& experiments) {
  return R"({"format": "cartlift.bundle/1", "currency": "GBP",
  "products": [{"id": "A", "title": "Apple", "price": "1.00", "orders": 4},
               {"id": "B", "title": "Banana", "price": "0.50", "orders": 3},
               {"id": "C", "title": "Cherry", "price": "2.00", "orders": 2}],
  "associations": [{"id": "A", "neighbours": [{"id": "B", "co": 3, "score": 0.6}, {"id": "C", "co": 2, "score": 0.4}]}],
  "experiments": )" + experiments + "}";
}

const char* kTwoExperiments = R"([
  {"id": "fbt-vs-control", "arms": [{"name": "fbt", "weight": 50}, {"name": "control", "weight": 50, "control": true}]},
  {"id": "all-in", "arms": [{"name": "everyone", "weight": 1}]}])";

std::unique_ptr<Engine> Load(const std::string& text) {
  auto e = Engine::Load(text);
  EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().message);
  return e.ok() ? std::move(e).value() : nullptr;
}

// The first visitor id of a fixed sequence that the 50/50 experiment puts in `arm`.
std::string VisitorIn(const Engine& engine, const std::string& arm) {
  for (int i = 0;; ++i) {
    const std::string v = "v-" + std::to_string(i);
    if (engine.AssignArm(v).value().name() == arm) return v;
  }
}

Json Ask(Engine& e, const Json& request) {
  Result<std::string> out = e.RecommendJson(request.dump());
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message);
  return out.ok() ? Json::parse(out.value()) : Json();
}

TEST(EngineExperiment, ControlArmGetsItsArmAndWarningsButNoOffers) {
  auto engine = Load(BundleText(kTwoExperiments));
  ASSERT_TRUE(engine);
  const std::string control = VisitorIn(*engine, "control");
  const Json res = Ask(*engine, {{"cart", {{{"id", "A"}}, {{"id", "NOPE"}}}}, {"visitor", control}});
  EXPECT_EQ(res["arm"], "control");
  EXPECT_TRUE(res["offers"].empty());
  ASSERT_EQ(res["warnings"].size(), 1u);
  EXPECT_EQ(res["warnings"][0]["path"], "/cart/1/id");
}

TEST(EngineExperiment, TreatmentArmGetsTheOffersOfABundleWithoutExperiments) {
  auto engine = Load(BundleText(kTwoExperiments));
  auto plain = Load(BundleText("[]"));
  ASSERT_TRUE(engine && plain);
  const std::string fbt = VisitorIn(*engine, "fbt");
  const Json res = Ask(*engine, {{"cart", {{{"id", "A"}}}}, {"visitor", fbt}});
  EXPECT_EQ(res["arm"], "fbt");
  ASSERT_EQ(res["offers"].size(), 2u);
  Json base = Ask(*plain, {{"cart", {{{"id", "A"}}}}, {"visitor", fbt}});
  EXPECT_EQ(base["arm"], "default");
  base["arm"] = "fbt";
  EXPECT_EQ(res, base);
}

TEST(EngineExperiment, NoVisitorOrNoExperimentIsTheDefaultArmWithOffers) {
  auto engine = Load(BundleText(kTwoExperiments));
  auto plain = Load(BundleText("[]"));
  ASSERT_TRUE(engine && plain);
  for (const Json& req : {Json{{"cart", {{{"id", "A"}}}}}, Json{{"cart", {{{"id", "A"}}}}, {"visitor", ""}},
                          Json{{"cart", {{{"id", "A"}}}}, {"visitor", nullptr}}}) {
    const Json res = Ask(*engine, req);
    EXPECT_EQ(res["arm"], "default") << req;
    EXPECT_EQ(res["offers"].size(), 2u) << req;
  }
  const Json res = Ask(*plain, {{"cart", {{{"id", "A"}}}}, {"visitor", "v-1"}});
  EXPECT_EQ(res["arm"], "default");
  EXPECT_FALSE(res.contains("warnings"));
}

TEST(EngineExperiment, RequestChoosesTheExperiment) {
  auto engine = Load(BundleText(kTwoExperiments));
  ASSERT_TRUE(engine);
  const std::string control = VisitorIn(*engine, "control");
  const Json res = Ask(*engine, {{"cart", {{{"id", "A"}}}}, {"visitor", control}, {"experiment", "all-in"}});
  EXPECT_EQ(res["arm"], "everyone");
  EXPECT_EQ(res["offers"].size(), 2u);
  const Json first = Ask(*engine, {{"cart", {{{"id", "A"}}}}, {"visitor", control}, {"experiment", "fbt-vs-control"}});
  EXPECT_EQ(first["arm"], "control");
}

TEST(EngineExperiment, UnknownExperimentIsAWarningAndTheDefaultArm) {
  auto engine = Load(BundleText(kTwoExperiments));
  auto plain = Load(BundleText("[]"));
  ASSERT_TRUE(engine && plain);
  for (Engine* e : {engine.get(), plain.get()}) {
    const Json res = Ask(*e, {{"cart", {{{"id", "A"}}}}, {"visitor", "v-1"}, {"experiment", "gone"}});
    EXPECT_EQ(res["arm"], "default");
    EXPECT_EQ(res["offers"].size(), 2u);
    ASSERT_EQ(res["warnings"].size(), 1u);
    EXPECT_EQ(res["warnings"][0]["code"], "unknown_experiment");
    EXPECT_EQ(res["warnings"][0]["path"], "/experiment");
  }
}

TEST(EngineExperiment, BadExperimentMemberIsATypedError) {
  auto engine = Load(BundleText(kTwoExperiments));
  ASSERT_TRUE(engine);
  Result<std::string> r = engine->RecommendJson(R"({"cart":[{"id":"A"}],"experiment":5})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kWrongType);
  EXPECT_EQ(r.error().path, "/experiment");
  r = engine->RecommendJson(R"({"cart":[{"id":"A"}],"experiment":")" + std::string(129, 'x') + R"("})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(r.error().path, "/experiment");
}

TEST(EngineExperiment, AssignArmAgreesWithTheResponse) {
  auto engine = Load(BundleText(kTwoExperiments));
  ASSERT_TRUE(engine);
  for (int i = 0; i < 200; ++i) {
    const std::string v = "visitor-" + std::to_string(i);
    const Json res = Ask(*engine, {{"cart", {{{"id", "A"}}}}, {"visitor", v}});
    Result<std::string> a = engine->AssignArmJson(v);
    ASSERT_TRUE(a.ok());
    const Json arm = Json::parse(a.value());
    EXPECT_EQ(arm["experiment"], "fbt-vs-control");
    EXPECT_EQ(arm["arm"], res["arm"]);
    EXPECT_EQ(arm["control"], res["arm"] == "control");
    EXPECT_EQ(res["offers"].empty(), arm["control"].get<bool>());
  }
  EXPECT_EQ(engine->AssignArm("v", "gone").error().path, "/experiment");
  EXPECT_EQ(engine->AssignArm(std::string(257, 'v')).error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(engine->AssignArm("\xff").error().path, "/visitor");
  EXPECT_EQ(Json::parse(engine->AssignArmJson("").value()),
            Json::parse(R"({"experiment":null,"arm":"default","control":false})"));
}

struct CFree {
  void operator()(char* p) const { cartlift_free(p); }
};

TEST(EngineExperiment, CApiAssignsTheFirstExperimentsArm) {
  const std::string text = BundleText(kTwoExperiments);
  const std::uint32_t h = cartlift_engine_create(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  ASSERT_NE(h, 0u) << cartlift_last_error();
  auto engine = Load(text);
  for (const std::string v : {"v-1", "v-2", "ünïcødé", "v-3"}) {
    std::unique_ptr<char, CFree> out(cartlift_assign_arm(h, v.data(), v.size()));
    ASSERT_TRUE(out) << cartlift_last_error();
    const Json j = Json::parse(out.get());
    EXPECT_EQ(j["experiment"], "fbt-vs-control");
    EXPECT_EQ(j["arm"], std::string(engine->AssignArm(v).value().name()));
  }
  const std::string long_id(300, 'x');
  EXPECT_EQ(cartlift_assign_arm(h, long_id.data(), long_id.size()), nullptr);
  EXPECT_EQ(Json::parse(cartlift_last_error())["path"], "/visitor");
  EXPECT_EQ(cartlift_assign_arm(h, nullptr, 3), nullptr);
  EXPECT_EQ(Json::parse(cartlift_last_error())["code"], "invalid_value");
  cartlift_engine_destroy(h);
}

}  // namespace
}  // namespace cartlift
