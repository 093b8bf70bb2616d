#include "cartlift/stats/associations.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>
#include <vector>

#include "test_support.h"

namespace cartlift {
namespace {

std::vector<ProductIndex> Ids(const Associations& a, ProductIndex p) {
  std::vector<ProductIndex> out;
  for (const Neighbour& n : a.Of(p)) out.push_back(n.product);
  return out;
}

std::optional<Neighbour> Find(const Associations& a, ProductIndex p, ProductIndex q) {
  for (const Neighbour& n : a.Of(p))
    if (n.product == q) return n;
  return std::nullopt;
}

// Six orders over four products, small enough to count by hand:
//   {0,1} {0,1} {0,1,2} {0,2} {1,3} {2}
// n0 = 4, n1 = 4, n2 = 3, n3 = 1, N = 6; co(0,1) = 3, co(0,2) = 2, co(1,2) = 1, co(1,3) = 1.
PairCounter SixOrders() {
  PairCounter pc;
  for (std::vector<ProductIndex> o : std::vector<std::vector<ProductIndex>>{
           {0, 1}, {0, 1}, {0, 1, 2}, {0, 2}, {1, 3}, {2}})
    pc.AddOrder(o);
  return pc;
}

TEST(Associations, ScoreFormulasOnHandComputedNumbers) {
  // co = 2 of n_A = 4 and n_B = 8 orders, N = 20 orders in all, shrink 5.
  EXPECT_DOUBLE_EQ(Score(Scorer::kCoCount, 2, 4, 8, 20, 5), 2.0);
  EXPECT_DOUBLE_EQ(Score(Scorer::kConfidence, 2, 4, 8, 20, 5), 0.5);        // 2 / 4
  EXPECT_DOUBLE_EQ(Score(Scorer::kLift, 2, 4, 8, 20, 5), 1.25);             // 2*20 / (4*8)
  EXPECT_DOUBLE_EQ(Score(Scorer::kCosine, 2, 4, 8, 20, 5), 2 / std::sqrt(32.0));
  EXPECT_NEAR(Score(Scorer::kCosine, 2, 4, 8, 20, 5), 0.353553, 1e-6);
  EXPECT_DOUBLE_EQ(Score(Scorer::kJaccard, 2, 4, 8, 20, 5), 0.2);           // 2 / (4+8-2)
  EXPECT_DOUBLE_EQ(Score(Scorer::kShrunkConfidence, 2, 4, 8, 20, 5), 2.0 / 9.0);
  EXPECT_DOUBLE_EQ(Score(Scorer::kShrunkConfidence, 2, 4, 8, 20, 0), 0.5) << "shrink 0 is plain confidence";
}

TEST(Associations, ScoreIsZeroWithoutEvidence) {
  for (Scorer s : {Scorer::kCoCount, Scorer::kConfidence, Scorer::kLift, Scorer::kCosine, Scorer::kJaccard,
                   Scorer::kShrunkConfidence}) {
    EXPECT_EQ(Score(s, 0, 4, 8, 20, 5), 0.0) << ScorerName(s);
    EXPECT_EQ(Score(s, 2, 0, 8, 20, 5), 0.0) << ScorerName(s);
    EXPECT_EQ(Score(s, 2, 4, 0, 20, 5), 0.0) << ScorerName(s);
  }
  EXPECT_EQ(Score(Scorer::kLift, 2, 4, 8, 0, 5), 0.0) << "lift needs the order total";
}

TEST(Associations, ShrunkConfidenceDistrustsOneOfOne) {
  // Raw confidence ranks a single 1-of-1 coincidence (1.0) above a steady 30-of-100 (0.3);
  // shrinking must reverse that.
  EXPECT_GT(Score(Scorer::kConfidence, 1, 1, 1, 1000, 5), Score(Scorer::kConfidence, 30, 100, 200, 1000, 5));
  EXPECT_LT(Score(Scorer::kShrunkConfidence, 1, 1, 1, 1000, 5),
            Score(Scorer::kShrunkConfidence, 30, 100, 200, 1000, 5));
}

TEST(Associations, ScorerNamesRoundTrip) {
  for (Scorer s : {Scorer::kCoCount, Scorer::kConfidence, Scorer::kLift, Scorer::kCosine, Scorer::kJaccard,
                   Scorer::kShrunkConfidence}) {
    Scorer parsed = Scorer::kCoCount == s ? Scorer::kLift : Scorer::kCoCount;
    ASSERT_TRUE(ParseScorer(ScorerName(s), &parsed)) << ScorerName(s);
    EXPECT_EQ(parsed, s);
  }
  Scorer untouched = Scorer::kJaccard;
  EXPECT_FALSE(ParseScorer("Lift", &untouched));
  EXPECT_FALSE(ParseScorer("", &untouched));
  EXPECT_EQ(untouched, Scorer::kJaccard);
}

TEST(Associations, ConfidenceIsScoredInBothDirections) {
  PairCounter pc = SixOrders();
  AssociationOptions opt;
  opt.scorer = Scorer::kConfidence;
  Associations a = BuildAssociations(pc, 4, opt);
  ASSERT_EQ(a.products(), 4u);
  // 0 -> 2 divides by n0 = 4, 2 -> 0 by n2 = 3: a scorer that used one denominator for both
  // directions would give equal numbers.
  const std::optional<Neighbour> to2 = Find(a, 0, 2);
  const std::optional<Neighbour> to0 = Find(a, 2, 0);
  ASSERT_TRUE(to2 && to0);
  EXPECT_FLOAT_EQ(to2->score, 0.5f);
  EXPECT_FLOAT_EQ(to0->score, 2.0f / 3.0f);
  EXPECT_EQ(to2->co, 2u);
  EXPECT_EQ(to0->co, 2u);
  const std::optional<Neighbour> to1 = Find(a, 0, 1);
  ASSERT_TRUE(to1);
  EXPECT_FLOAT_EQ(to1->score, 0.75f);  // 3 / 4
  EXPECT_EQ(to1->co, 3u);
  EXPECT_EQ(Ids(a, 0), (std::vector<ProductIndex>{1, 2}));
}

TEST(Associations, MinCoDropsOneOfOnePairs) {
  PairCounter pc = SixOrders();
  AssociationOptions opt;  // min_co 2
  Associations a = BuildAssociations(pc, 4, opt);
  // co(1,2) = 1 and co(1,3) = 1 are below min_co; 3 was only ever bought once, with 1.
  EXPECT_FALSE(Find(a, 1, 2));
  EXPECT_FALSE(Find(a, 2, 1));
  EXPECT_EQ(a.Of(3).size(), 0u);
  EXPECT_EQ(Ids(a, 1), (std::vector<ProductIndex>{0}));
  EXPECT_EQ(a.size(), 4u) << "(0,1) and (0,2), each stored in both directions";

  opt.min_co = 1;
  Associations all = BuildAssociations(pc, 4, opt);
  EXPECT_TRUE(Find(all, 3, 1));
  EXPECT_EQ(all.size(), 8u);
}

TEST(Associations, ShrunkConfidenceDefaultOnSixOrders) {
  PairCounter pc = SixOrders();
  Associations a = BuildAssociations(pc, 4, AssociationOptions{});
  std::optional<Neighbour> n = Find(a, 0, 1);
  ASSERT_TRUE(n);
  EXPECT_FLOAT_EQ(n->score, 3.0f / 9.0f);  // 3 / (4 + 5)
  n = Find(a, 2, 0);
  ASSERT_TRUE(n);
  EXPECT_FLOAT_EQ(n->score, 2.0f / 8.0f);  // 2 / (3 + 5)
}

// Product 0 (in 10 of 100 orders) with four neighbours under lift = co*N / (n0*nB):
//   1: co 3, n1 3 -> 10      2: co 4, n2 8 -> 5      3: co 2, n3 4 -> 5      5: co 2, n5 4 -> 5
// Expected order: 1 (best score), 2 (tie on 5, more co-purchases), 3, 5 (full tie: index asc).
PairCounter TieCounter() {
  PairCounter pc;
  pc.AddOrders(100);
  pc.AddItemOrders(0, 10);
  pc.AddItemOrders(1, 3);
  pc.AddItemOrders(2, 8);
  pc.AddItemOrders(3, 4);
  pc.AddItemOrders(4, 1);
  pc.AddItemOrders(5, 4);
  // Inserted out of the expected order so a stable pass-through would not pass by accident.
  pc.AddPair(0, 5, 2);
  pc.AddPair(0, 3, 2);
  pc.AddPair(0, 2, 4);
  pc.AddPair(0, 1, 3);
  return pc;
}

TEST(Associations, DeterministicOrderScoreThenCoThenIndex) {
  PairCounter pc = TieCounter();
  AssociationOptions opt;
  opt.scorer = Scorer::kLift;
  Associations a = BuildAssociations(pc, 6, opt);
  EXPECT_EQ(Ids(a, 0), (std::vector<ProductIndex>{1, 2, 3, 5}));
  EXPECT_FLOAT_EQ((*a.Of(0).begin()).score, 10.0f);
  // Building twice gives the same lists, element for element.
  Associations again = BuildAssociations(pc, 6, opt);
  EXPECT_EQ(testing::AllNeighbours(a), testing::AllNeighbours(again));
  EXPECT_EQ(testing::AllNeighbours(a).size(), 8u);
}

TEST(Associations, TopKKeepsTheBest) {
  PairCounter pc = TieCounter();
  AssociationOptions opt;
  opt.scorer = Scorer::kLift;
  opt.neighbours = 2;
  Associations a = BuildAssociations(pc, 6, opt);
  EXPECT_EQ(Ids(a, 0), (std::vector<ProductIndex>{1, 2}));
  // The cap is per product: 1, 2, 3 and 5 each still keep their single neighbour, 0.
  for (ProductIndex p : {1u, 2u, 3u, 5u}) EXPECT_EQ(Ids(a, p), (std::vector<ProductIndex>{0})) << p;
  EXPECT_EQ(a.Of(4).size(), 0u);
  EXPECT_EQ(a.size(), 6u);
  EXPECT_EQ(a.products(), 6u);
  EXPECT_EQ(a.packed().offsets[6], 6u);
}

TEST(Associations, PairsOutsideTheProductRangeAreIgnored) {
  PairCounter pc;
  pc.AddItemOrders(0, 5);
  pc.AddItemOrders(1, 5);
  pc.AddItemOrders(9, 5);
  pc.AddOrders(10);
  pc.AddPair(0, 1, 3);
  pc.AddPair(0, 9, 3);  // 9 is not one of the 2 products the bundle has
  Associations a = BuildAssociations(pc, 2, AssociationOptions{});
  EXPECT_EQ(Ids(a, 0), (std::vector<ProductIndex>{1}));
  EXPECT_EQ(a.Of(9).size(), 0u) << "out-of-range lookups are empty, not out of bounds";
}

// Lists as a bundle may hold them: out of order, with repeated (co, score) values and the
// largest index the packed words can hold next to the smallest.
TEST(Associations, PackingKeepsEveryEntryExactly) {
  const std::size_t products = (1u << 17) + 1;  // 18 index bits, the last index uses all of them
  const ProductIndex last = static_cast<ProductIndex>(products - 1);
  std::vector<Neighbour> flat = {{last, 3, 0.25f}, {1, 7, 0.5f}, {2, 3, 0.25f}, {3, 3, 0.125f},
                                 {last, 1, 0.0f},  {0, 70000, 3.0e38f}};
  std::vector<std::uint32_t> offsets(products + 1, 0);
  for (std::size_t p = 1; p <= products; ++p) offsets[p] = p == 1 ? 4 : 6;  // product 0: 4, product 1: 2
  Associations a = Associations::Pack(products, offsets.data(), flat.data());
  EXPECT_EQ(a.packed().id_bits, 18u);
  EXPECT_EQ(a.size(), 6u);
  EXPECT_EQ(a.packed().pair_count, 5u) << "(3, 0.25) is shared by two entries of product 0";
  EXPECT_EQ(a.packed().runs, 6u) << "... which are not next to each other: a run each";
  std::vector<Neighbour> got;
  for (const Neighbour& n : a.Of(0)) got.push_back(n);
  for (const Neighbour& n : a.Of(1)) got.push_back(n);
  ASSERT_EQ(got.size(), flat.size());
  for (std::size_t i = 0; i < flat.size(); ++i) {
    EXPECT_EQ(got[i].product, flat[i].product) << i;
    EXPECT_EQ(got[i].co, flat[i].co) << i;
    EXPECT_EQ(got[i].score, flat[i].score) << i;
  }
  EXPECT_EQ(a.Of(2).size(), 0u);
  EXPECT_EQ(a.Of(last + 1).size(), 0u);
}

TEST(Associations, AListKeepsAtMostTheLimit) {
  const std::size_t products = 3000;
  std::vector<Neighbour> flat;
  for (ProductIndex q = 1; q < products; ++q) flat.push_back({q, q, 1.0f / static_cast<float>(q)});
  std::vector<std::uint32_t> offsets(products + 1, static_cast<std::uint32_t>(flat.size()));
  offsets[0] = 0;
  Associations a = Associations::Pack(products, offsets.data(), flat.data());
  ASSERT_EQ(a.Of(0).size(), Limits::kMaxNeighbours);
  EXPECT_EQ((*a.Of(0).begin()).product, 1u) << "the first (best) entries are the ones kept";
  std::uint32_t co = 0;
  for (const Neighbour& n : a.Of(0)) co = n.co;
  EXPECT_EQ(co, Limits::kMaxNeighbours) << "every kept entry has its own pair";
}

// Neighbours next to each other with the same (co, score) share a run, and lists share the pairs.
TEST(Associations, EqualNeighboursShareARunAndListsShareAPair) {
  std::vector<Neighbour> flat = {{1, 5, 0.5f}, {2, 5, 0.5f}, {3, 5, 0.5f}, {3, 4, 0.4f}, {0, 5, 0.5f}, {2, 4, 0.375f}};
  // Product 0 lists 1, 2, 3 and 3 again with another pair (a hand-made list may); product 1: 0, 2.
  std::vector<std::uint32_t> offsets = {0, 4, 6, 6, 6};
  Associations a = Associations::Pack(4, offsets.data(), flat.data());
  const PackedAssociations& v = a.packed();
  EXPECT_EQ(v.pair_count, 3u);
  ASSERT_EQ(v.runs, 4u);
  EXPECT_EQ(v.RunLength(0), 3u);
  EXPECT_EQ(v.RunPair(0), v.RunPair(2)) << "product 1's first run names product 0's first pair";
  EXPECT_EQ(v.run_at[1], 2u);
  EXPECT_TRUE(v.RunsCover(0));
  EXPECT_TRUE(v.RunsCover(1));
  {
    // The same words with the first run naming pair 3 of 3 (2 bits hold it): not covered.
    std::vector<std::uint32_t> body(v.body, v.body + v.body_words);
    const std::size_t first = static_cast<std::size_t>(v.run_pairs - v.body);
    body[first] = (body[first] & ~3u) | 3u;
    PackedAssociations bad;
    ASSERT_EQ(PackedAssociations::View(body.data(), body.size(), 4, &bad), nullptr);
    EXPECT_FALSE(bad.RunsCover(0));
    EXPECT_TRUE(bad.RunsCover(1));
  }
  std::vector<Neighbour> got;
  for (ProductIndex p = 0; p < 4; ++p)
    for (const Neighbour& n : a.Of(p)) got.push_back(n);
  ASSERT_EQ(got.size(), flat.size());
  for (std::size_t i = 0; i < flat.size(); ++i) {
    EXPECT_EQ(got[i].product, flat[i].product) << i;
    EXPECT_EQ(got[i].co, flat[i].co) << i;
    EXPECT_EQ(got[i].score, flat[i].score) << i;
  }
  // A span is read again from its start: the bundle offers read a list twice.
  const auto list = a.Of(0);
  std::size_t twice = 0;
  for (int k = 0; k < 2; ++k)
    for (const Neighbour& n : list) twice += n.co;
  EXPECT_EQ(twice, 2u * (5 + 5 + 5 + 4));
}

TEST(Associations, CopiesAreIndependentAndMovedFromIsEmpty) {
  Associations a = BuildAssociations(SixOrders(), 4, AssociationOptions{});
  const auto before = testing::AllNeighbours(a);
  Associations copy = a;
  Associations moved = std::move(a);
  EXPECT_EQ(testing::AllNeighbours(copy), before);
  EXPECT_EQ(testing::AllNeighbours(moved), before);
  EXPECT_EQ(a.products(), 0u);  // NOLINT(bugprone-use-after-move): the moved-from state is defined
  EXPECT_EQ(a.Of(0).size(), 0u);
  moved = Associations();
  EXPECT_EQ(testing::AllNeighbours(copy), before) << "a copy owns its arrays";
}

}  // namespace
}  // namespace cartlift

namespace cartlift {
namespace {

// Lists added one at a time pack to the same words as the whole set at once; products never
// added have empty lists, and a list past the last product is ignored.
TEST(Associations, APackerFedListByListPacksTheSameWords) {
  const std::vector<Neighbour> flat = {{1, 5, 0.5f}, {2, 5, 0.5f}, {3, 4, 0.4f}, {0, 5, 0.5f}, {2, 4, 0.375f}};
  const std::vector<std::uint32_t> offsets = {0, 3, 5, 5, 5};
  const Associations whole = Associations::Pack(4, offsets.data(), flat.data());
  Associations::Packer packer(4);
  packer.Add(flat.data(), 3);
  packer.Add(flat.data() + 3, 2);
  Associations fed = std::move(packer).Finish();
  ASSERT_EQ(fed.packed().body_words, whole.packed().body_words);
  EXPECT_TRUE(std::equal(whole.packed().body, whole.packed().body + whole.packed().body_words, fed.packed().body));
  EXPECT_EQ(fed.Of(2).size(), 0u);
  EXPECT_EQ(fed.Of(3).size(), 0u);

  Associations::Packer over(1);
  over.Add(flat.data(), 1);
  over.Add(flat.data(), 3);  // no product 1
  const Associations one = std::move(over).Finish();
  EXPECT_EQ(one.products(), 1u);
  EXPECT_EQ(one.size(), 1u);
}

}  // namespace
}  // namespace cartlift
