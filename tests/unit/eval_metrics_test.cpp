// Every evaluation metric on cases small enough to compute by hand.
#include "cartlift/eval/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace cartlift::eval {
namespace {

using V = std::vector<ProductIndex>;

TEST(EvalMetrics, HitAtKLooksOnlyAtTheFirstK) {
  const V recs{7, 3, 9}, targets{3, 11};
  EXPECT_EQ(HitAtK(recs, targets, 1), 0.0);
  EXPECT_EQ(HitAtK(recs, targets, 2), 1.0);
  EXPECT_EQ(HitAtK(recs, targets, 10), 1.0) << "a short list still counts";
  EXPECT_EQ(HitAtK({}, targets, 5), 0.0);
  EXPECT_EQ(HitAtK(recs, {}, 5), 0.0);
}

TEST(EvalMetrics, PrecisionDividesByKNotByListLength) {
  const V recs{1, 2, 3}, targets{1, 3};
  EXPECT_DOUBLE_EQ(PrecisionAtK(recs, targets, 1), 1.0);
  EXPECT_DOUBLE_EQ(PrecisionAtK(recs, targets, 2), 0.5);
  EXPECT_DOUBLE_EQ(PrecisionAtK(recs, targets, 3), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(PrecisionAtK(recs, targets, 5), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(PrecisionAtK(recs, targets, 0), 0.0);
}

TEST(EvalMetrics, RecallDividesByTargets) {
  const V recs{1, 2, 3}, targets{1, 3, 8, 9};
  EXPECT_DOUBLE_EQ(RecallAtK(recs, targets, 1), 0.25);
  EXPECT_DOUBLE_EQ(RecallAtK(recs, targets, 3), 0.5);
  EXPECT_DOUBLE_EQ(RecallAtK(recs, {}, 3), 0.0);
}

TEST(EvalMetrics, NdcgMatchesHandComputation) {
  // Relevant at ranks 2 and 3 of k = 3, two targets.
  // DCG = 1/log2(3) + 1/log2(4) = 0.63093 + 0.5; IDCG = 1 + 1/log2(3) = 1.63093.
  const V recs{5, 1, 3}, targets{1, 3};
  const double dcg = 1 / std::log2(3.0) + 0.5, idcg = 1 + 1 / std::log2(3.0);
  EXPECT_NEAR(NdcgAtK(recs, targets, 3), dcg / idcg, 1e-12);
  EXPECT_NEAR(NdcgAtK(recs, targets, 3), 0.693426, 1e-6);
  // k = 1: the first recommendation misses.
  EXPECT_DOUBLE_EQ(NdcgAtK(recs, targets, 1), 0.0);
  // Perfect order scores 1.
  EXPECT_DOUBLE_EQ(NdcgAtK(V{1, 3, 5}, targets, 3), 1.0);
  // More targets than k: the ideal list has k relevant items.
  EXPECT_DOUBLE_EQ(NdcgAtK(V{1, 3}, V{1, 3, 4, 6}, 2), 1.0);
  EXPECT_DOUBLE_EQ(NdcgAtK(V{1}, {}, 3), 0.0);
}

TEST(EvalMetrics, ReciprocalRankOfFirstHit) {
  EXPECT_DOUBLE_EQ(ReciprocalRank(V{4, 5, 6}, V{6}), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(ReciprocalRank(V{6, 5, 4}, V{4, 6}), 1.0);
  EXPECT_DOUBLE_EQ(ReciprocalRank(V{1, 2}, V{3}), 0.0);
  EXPECT_DOUBLE_EQ(ReciprocalRank({}, V{3}), 0.0);
}

TEST(EvalMetrics, PercentileIsNearestRank) {
  const std::vector<double> v{5, 1, 4, 2, 3};  // sorted: 1 2 3 4 5
  EXPECT_DOUBLE_EQ(Percentile(v, 50), 3);
  EXPECT_DOUBLE_EQ(Percentile(v, 99), 5);
  EXPECT_DOUBLE_EQ(Percentile(v, 100), 5);
  EXPECT_DOUBLE_EQ(Percentile(v, 0), 1);
  EXPECT_DOUBLE_EQ(Percentile(v, 20), 1);
  EXPECT_DOUBLE_EQ(Percentile(v, 21), 2);
  EXPECT_DOUBLE_EQ(Percentile({}, 50), 0);
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  EXPECT_DOUBLE_EQ(Percentile(hundred, 99), 99);
}

TEST(EvalMetrics, MedianOfOddAndEvenCounts) {
  EXPECT_DOUBLE_EQ(Median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(Median({7}), 7);
  EXPECT_DOUBLE_EQ(Median({}), 0);
}

}  // namespace
}  // namespace cartlift::eval
