#include "cartlift/experiment/experiment.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "cartlift/experiment/fnv1a.h"

namespace cartlift {
namespace {

Experiment FbtVsControl() { return {"fbt-vs-control", {{"fbt", 50, false}, {"control", 50, true}}}; }

TEST(Fnv1a32, MatchesThePublishedTestVectors) {
  // From the FNV reference test suite (Landon Curt Noll, test_fnv.c, FNV-1a 32-bit).
  EXPECT_EQ(Fnv1a32(""), 0x811c9dc5u);
  EXPECT_EQ(Fnv1a32("a"), 0xe40c292cu);
  EXPECT_EQ(Fnv1a32("b"), 0xe70c2de5u);
  EXPECT_EQ(Fnv1a32("foo"), 0xa9f37ed7u);
  EXPECT_EQ(Fnv1a32("foob"), 0x3f5076efu);
  EXPECT_EQ(Fnv1a32("fooba"), 0x39aaa18au);
  EXPECT_EQ(Fnv1a32("foobar"), 0xbf9cf968u);
  static_assert(Fnv1a32("a") == 0xe40c292cu, "usable at compile time");
}

TEST(Fnv1a32, ContinuesFromAStateAsIfTheBytesWereJoined) {
  EXPECT_EQ(Fnv1a32("bar", Fnv1a32("foo")), Fnv1a32("foobar"));
  // Bytes above 0x7f are hashed as unsigned bytes, as JavaScript's TextEncoder gives them.
  EXPECT_EQ(Fnv1a32("\xc3\xa9"), Fnv1a32("\xa9", Fnv1a32("\xc3")));
  EXPECT_NE(Fnv1a32("\xc3\xa9"), Fnv1a32("e"));
}

TEST(AssignArm, FiftyFiftyIsTheDemoStoresOriginalRule) {
  // demo-store/server/experiment.js before this module: hash % 100 < 50 → fbt, else control.
  const Experiment e = FbtVsControl();
  for (int i = 0; i < 5000; ++i) {
    const std::string v = "v-" + std::to_string(i);
    const bool fbt = Fnv1a32("fbt-vs-control:" + v) % 100 < 50;
    EXPECT_EQ(AssignArm(e, v).name, fbt ? "fbt" : "control") << v;
  }
}

TEST(AssignArm, WalksTheArmsInOrderByCumulativeWeight) {
  const Experiment e{"x", {{"a", 1, false}, {"b", 2, false}, {"c", 3, true}}};
  for (int i = 0; i < 2000; ++i) {
    const std::string v = "visitor " + std::to_string(i);
    const std::uint32_t bucket = ArmBucket("x", v, 6);
    EXPECT_EQ(bucket, Fnv1a32("x:" + v) % 6);
    EXPECT_EQ(AssignArm(e, v).name, bucket < 1 ? "a" : bucket < 3 ? "b" : "c") << v;
  }
}

TEST(AssignArm, SharesFollowTheWeightsAndZeroWeightArmsGetNobody) {
  const Experiment e{"shares", {{"off", 0, false}, {"small", 10, false}, {"big", 30, false}, {"control", 60, true}}};
  std::map<std::string, int> n;
  constexpr int kVisitors = 20000;
  for (int i = 0; i < kVisitors; ++i) ++n[AssignArm(e, "id-" + std::to_string(i * 7919)).name];
  EXPECT_EQ(n["off"], 0);
  EXPECT_NEAR(n["small"], kVisitors * 0.1, kVisitors * 0.015);
  EXPECT_NEAR(n["big"], kVisitors * 0.3, kVisitors * 0.02);
  EXPECT_NEAR(n["control"], kVisitors * 0.6, kVisitors * 0.02);
}

TEST(AssignArm, IsStableAndDependsOnTheExperiment) {
  const Experiment a = FbtVsControl();
  Experiment b = a;
  b.id = "another";
  int differ = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::string v = "v-" + std::to_string(i);
    EXPECT_EQ(&AssignArm(a, v), &AssignArm(a, v));
    if (AssignArm(a, v).name != AssignArm(b, v).name) ++differ;
  }
  // Independent experiments split visitors independently: about half land differently.
  EXPECT_GT(differ, 400);
  EXPECT_LT(differ, 600);
}

TEST(AssignArm, DegenerateExperimentsDoNotCrash) {
  EXPECT_EQ(AssignArm(Experiment{"empty", {}}, "v").name, "default");
  EXPECT_EQ(AssignArm(Experiment{"zero", {{"a", 0, false}, {"b", 0, false}}}, "v").name, "b");
}

TEST(FindExperiment, EmptyIdIsTheFirst) {
  const std::vector<Experiment> list{FbtVsControl(), {"second", {{"x", 1, false}}}};
  EXPECT_EQ(FindExperiment(list, ""), &list[0]);
  EXPECT_EQ(FindExperiment(list, "second"), &list[1]);
  EXPECT_EQ(FindExperiment(list, "third"), nullptr);
  EXPECT_EQ(FindExperiment({}, ""), nullptr);
}

}  // namespace
}  // namespace cartlift
