// Experiments in the store bundle: the JSON member, the binary EXPT section, the standalone file
// of `cartlift build --experiments`, and what a hostile definition gets back.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cartlift/bundle/bundle_binary.h"
#include "cartlift/bundle/bundle_json.h"
#include "cartlift/bundle/experiments_json.h"
#include "binary_file_util.h"
#include "test_support.h"

namespace cartlift {
namespace {

using cartlift::testing::Build;
using cartlift::testing::Describe;
using cartlift::testing::MakeOrder;

std::vector<Experiment> TwoExperiments() {
  return {{"fbt-vs-control", {{"fbt", 50, false}, {"control", 50, true}}},
          {"caps", {{"three", 1, false}, {"five", 2, false}, {"none", 0, true}}}};
}

Bundle SmallBundle() {
  return Build({MakeOrder("1", {"A", "B"}), MakeOrder("2", {"A", "B"}), MakeOrder("3", {"A", "C"})});
}

std::string WithExperiments(const std::string& experiments_json) {
  std::string text = WriteBundleJson(SmallBundle());
  const std::string empty = "\"experiments\": []";
  const std::size_t at = text.find(empty);
  EXPECT_NE(at, std::string::npos);
  return text.replace(at, empty.size(), "\"experiments\": " + experiments_json);
}


TEST(ExperimentsBundle, JsonRoundTripIsByteIdentical) {
  Bundle b = SmallBundle();
  b.experiments = TwoExperiments();
  const std::string text = WriteBundleJson(b);
  EXPECT_NE(text.find(R"({"id":"fbt-vs-control","arms":[{"name":"fbt","weight":50},)"
                      R"({"name":"control","weight":50,"control":true}]})"),
            std::string::npos)
      << text;
  Result<Bundle> again = ReadBundleJson(text);
  ASSERT_TRUE(again.ok()) << Describe(again.error());
  EXPECT_EQ(again.value().experiments, TwoExperiments());
  EXPECT_EQ(WriteBundleJson(again.value()), text);
}

TEST(ExperimentsBundle, WithoutExperimentsTheBundleIsUnchanged) {
  // Bundles written before experiments existed had "experiments": [] and must stay byte-equal.
  const std::string text = WriteBundleJson(SmallBundle());
  EXPECT_NE(text.find("\n\"experiments\": [],\n"), std::string::npos) << text;
  Result<Bundle> again = ReadBundleJson(text);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again.value().experiments.empty());
  EXPECT_EQ(WriteBundleJson(again.value()), text);
}

TEST(ExperimentsBundle, SurviveTheBinaryForm) {
  Bundle b = SmallBundle();
  b.experiments = TwoExperiments();
  const std::string bin = WriteBundleBinary(b);
  EXPECT_NE(bin.find("EXPT"), std::string::npos);
  Result<Bundle> again = ReadBundleBinary(bin);
  ASSERT_TRUE(again.ok()) << Describe(again.error());
  EXPECT_EQ(again.value().experiments, TwoExperiments());
  EXPECT_EQ(WriteBundleJson(again.value()), WriteBundleJson(b));
  EXPECT_EQ(WriteBundleBinary(again.value()), bin);
}

TEST(ExperimentsBundle, VersionTwoFilesWithoutTheSectionStillLoad) {
  const Bundle b = SmallBundle();
  std::string bin = testing::ToVersion4(WriteBundleBinary(b));
  // Cut the (empty-array) EXPT section out and label the file version 2, as PR #4's writer did.
  const std::size_t at = bin.find("EXPT");
  ASSERT_NE(at, std::string::npos);
  const std::string body = WriteExperimentsJson({});
  ASSERT_EQ(bin.compare(at + 12, body.size(), body), 0);
  bin.erase(at, 12 + body.size());
  testing::PutU32(&bin, 4, 2);
  const std::uint64_t payload = bin.size() - 20;
  testing::PutU32(&bin, 8, static_cast<std::uint32_t>(payload));
  testing::PutU32(&bin, 12, static_cast<std::uint32_t>(payload >> 32));
  testing::PutU32(&bin, 16, Crc32(std::string_view(bin).substr(20)));
  Result<Bundle> v2 = ReadBundleBinary(bin);
  ASSERT_TRUE(v2.ok()) << Describe(v2.error());
  EXPECT_TRUE(v2.value().experiments.empty());
  EXPECT_EQ(WriteBundleJson(v2.value()), WriteBundleJson(b));
  // The same bytes labelled version 3 lack a section the version promises.
  testing::PutU32(&bin, 4, 3);
  Result<Bundle> v3 = ReadBundleBinary(bin);
  ASSERT_FALSE(v3.ok());
  EXPECT_EQ(v3.error().code, ErrorCode::kMalformedRecord);
  EXPECT_EQ(v3.error().path, "/experiments");
}

TEST(ExperimentsBundle, InvalidBinarySectionIsTheJsonReadersErrorWithItsPath) {
  Bundle b = SmallBundle();
  b.experiments = TwoExperiments();
  std::string bin = WriteBundleBinary(b);
  const std::size_t at = bin.find("\"weight\":50");
  ASSERT_NE(at, std::string::npos);
  bin.replace(at, 11, "\"weight\":-5");
  testing::PutU32(&bin, 16, PayloadChecksum(kBundleBinaryVersion, std::string_view(bin).substr(20)));
  Result<Bundle> r = ReadBundleBinary(bin);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidValue);
  EXPECT_EQ(r.error().path, "/experiments/0/arms/0/weight");
}

struct Hostile {
  const char* what;
  std::string experiments;
  ErrorCode code;
  const char* path;
};

std::string Repeat(const std::string& item, std::size_t n) {
  std::string s = "[";
  for (std::size_t i = 0; i < n; ++i) s += (i ? "," : "") + item;
  return s + "]";
}

std::string ManyExperiments(std::size_t n) {
  std::string s = "[";
  for (std::size_t i = 0; i < n; ++i)
    s += std::string(i ? "," : "") + R"({"id":"e)" + std::to_string(i) + R"(","arms":[{"name":"a","weight":1}]})";
  return s + "]";
}

std::string ManyArms(std::size_t n) {
  std::string s = R"([{"id":"x","arms":[)";
  for (std::size_t i = 0; i < n; ++i) s += std::string(i ? "," : "") + R"({"name":"a)" + std::to_string(i) + R"(","weight":1})";
  return s + "]}]";
}

TEST(ExperimentsBundle, HostileDefinitionsAreTypedErrorsWithTheirPath) {
  const std::string arm = R"({"name":"a","weight":1})";
  const std::vector<Hostile> cases = {
      {"not an array", R"({"id":"x"})", ErrorCode::kWrongType, "/experiments"},
      {"experiment not an object", R"([3])", ErrorCode::kWrongType, "/experiments/0"},
      {"missing id", R"([{"arms":[)" + arm + "]}]", ErrorCode::kMissingField, "/experiments/0/id"},
      {"empty id", R"([{"id":"","arms":[)" + arm + "]}]", ErrorCode::kInvalidValue, "/experiments/0/id"},
      {"numeric id", R"([{"id":7,"arms":[)" + arm + "]}]", ErrorCode::kWrongType, "/experiments/0/id"},
      {"over-long id", R"([{"id":")" + std::string(129, 'x') + R"(","arms":[)" + arm + "]}]",
       ErrorCode::kLimitExceeded, "/experiments/0/id"},
      {"missing arms", R"([{"id":"x"}])", ErrorCode::kMissingField, "/experiments/0/arms"},
      {"empty arms", R"([{"id":"x","arms":[]}])", ErrorCode::kInvalidValue, "/experiments/0/arms"},
      {"arms not an array", R"([{"id":"x","arms":{}}])", ErrorCode::kWrongType, "/experiments/0/arms"},
      {"too many arms", ManyArms(17), ErrorCode::kLimitExceeded, "/experiments/0/arms"},
      {"arm not an object", R"([{"id":"x","arms":["a"]}])", ErrorCode::kWrongType, "/experiments/0/arms/0"},
      {"negative weight", R"([{"id":"x","arms":[{"name":"a","weight":-1}]}])", ErrorCode::kInvalidValue,
       "/experiments/0/arms/0/weight"},
      {"fractional weight", R"([{"id":"x","arms":[{"name":"a","weight":0.5}]}])", ErrorCode::kWrongType,
       "/experiments/0/arms/0/weight"},
      {"huge weight", R"([{"id":"x","arms":[{"name":"a","weight":4294967296}]}])", ErrorCode::kInvalidValue,
       "/experiments/0/arms/0/weight"},
      {"string weight", R"([{"id":"x","arms":[{"name":"a","weight":"50"}]}])", ErrorCode::kWrongType,
       "/experiments/0/arms/0/weight"},
      {"missing weight", R"([{"id":"x","arms":[{"name":"a"}]}])", ErrorCode::kMissingField,
       "/experiments/0/arms/0/weight"},
      {"weights sum to 0", R"([{"id":"x","arms":[{"name":"a","weight":0}]}])", ErrorCode::kInvalidValue,
       "/experiments/0/arms"},
      {"duplicate arm", R"([{"id":"x","arms":[{"name":"a","weight":1},{"name":"a","weight":1}]}])",
       ErrorCode::kDuplicateId, "/experiments/0/arms/1/name"},
      {"control not a boolean", R"([{"id":"x","arms":[{"name":"a","weight":1,"control":1}]}])",
       ErrorCode::kWrongType, "/experiments/0/arms/0/control"},
      {"two controls", R"([{"id":"x","arms":[{"name":"a","weight":1,"control":true},{"name":"b","weight":1,"control":true}]}])",
       ErrorCode::kInvalidValue, "/experiments/0/arms/1/control"},
      {"over-long arm name", R"([{"id":"x","arms":[{"name":")" + std::string(200, 'n') + R"(","weight":1}]}])",
       ErrorCode::kLimitExceeded, "/experiments/0/arms/0/name"},
      {"duplicate experiment", Repeat(R"({"id":"x","arms":[{"name":"a","weight":1}]})", 2), ErrorCode::kDuplicateId,
       "/experiments/1/id"},
      {"too many experiments", ManyExperiments(33), ErrorCode::kLimitExceeded, "/experiments"},
  };
  for (const Hostile& c : cases) {
    Result<Bundle> r = ReadBundleJson(WithExperiments(c.experiments));
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.error().code, c.code) << c.what << ": " << Describe(r.error());
    EXPECT_EQ(r.error().path, c.path) << c.what << ": " << Describe(r.error());
    // The standalone file gives the same error, relative to the array.
    Result<std::vector<Experiment>> f = ParseExperimentsJson(c.experiments);
    ASSERT_FALSE(f.ok()) << c.what;
    EXPECT_EQ(f.error().code, c.code) << c.what;
    EXPECT_EQ("/experiments" + f.error().path, c.path) << c.what;
  }
}

TEST(ExperimentsBundle, LimitsAreInclusive) {
  Result<std::vector<Experiment>> most = ParseExperimentsJson(ManyExperiments(32));
  ASSERT_TRUE(most.ok()) << Describe(most.error());
  EXPECT_EQ(most.value().size(), 32u);
  Result<std::vector<Experiment>> arms = ParseExperimentsJson(ManyArms(16));
  ASSERT_TRUE(arms.ok()) << Describe(arms.error());
  EXPECT_EQ(arms.value()[0].arms.size(), 16u);
  EXPECT_TRUE(ParseExperimentsJson(R"([{"id":")" + std::string(128, 'x') +
                                   R"(","arms":[{"name":"a","weight":1000000}]}])")
                  .ok());
}

TEST(ExperimentsBundle, BadFilesAreTypedErrors) {
  EXPECT_EQ(ParseExperimentsJson("[{").error().code, ErrorCode::kMalformedJson);
  EXPECT_EQ(ParseExperimentsJson(std::string((1 << 20) + 1, ' ')).error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(ParseExperimentsJson(std::string(100, '[') + std::string(100, ']')).error().code,
            ErrorCode::kLimitExceeded);
  Result<std::vector<Experiment>> empty = ParseExperimentsJson("[]");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty.value().empty());
  EXPECT_EQ(WriteExperimentsJson({}), "[]");
  // null is "no experiments", like an absent member.
  Result<Bundle> b = ReadBundleJson(WithExperiments("null"));
  ASSERT_TRUE(b.ok()) << Describe(b.error());
  EXPECT_TRUE(b.value().experiments.empty());
}

}  // namespace
}  // namespace cartlift
