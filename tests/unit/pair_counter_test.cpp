#include "cartlift/stats/pair_counter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "cartlift/builder.h"

namespace cartlift {
namespace {

TEST(PairCounter, EmptyCounterKnowsNothing) {
  PairCounter pc;
  EXPECT_EQ(pc.Count(0, 1), 0u);
  EXPECT_EQ(pc.ItemOrders(7), 0u);
  EXPECT_EQ(pc.orders(), 0u);
  EXPECT_EQ(pc.distinct_pairs(), 0u);
}

TEST(PairCounter, CountsEveryPairOfAnOrderOnce) {
  PairCounter pc;
  std::vector<ProductIndex> order{3, 7, 9};
  pc.AddOrder(order);
  EXPECT_EQ(pc.orders(), 1u);
  // 3 items -> C(3,2) = 3 pairs, each seen once.
  EXPECT_EQ(pc.distinct_pairs(), 3u);
  EXPECT_EQ(pc.Count(3, 7), 1u);
  EXPECT_EQ(pc.Count(3, 9), 1u);
  EXPECT_EQ(pc.Count(7, 9), 1u);
  EXPECT_EQ(pc.Count(3, 4), 0u);
  EXPECT_EQ(pc.ItemOrders(3), 1u);
  EXPECT_EQ(pc.ItemOrders(4), 0u);
  EXPECT_EQ(pc.Count(3, 3), 0u) << "a product is never paired with itself";
}

TEST(PairCounter, CountIsSymmetric) {
  PairCounter pc;
  std::vector<ProductIndex> a{1, 2}, b{2, 1, 5};
  pc.AddOrder(a);
  pc.AddOrder(b);
  EXPECT_EQ(pc.Count(1, 2), 2u);
  EXPECT_EQ(pc.Count(2, 1), 2u);
  EXPECT_EQ(pc.Count(5, 1), pc.Count(1, 5));
  EXPECT_EQ(pc.Count(5, 1), 1u);
}

TEST(PairCounter, ItemOrderInsideAnOrderDoesNotMatter) {
  PairCounter sorted, reversed;
  std::vector<ProductIndex> s{1, 4, 6, 10}, r{10, 6, 4, 1};
  sorted.AddOrder(s);
  reversed.AddOrder(r);
  for (ProductIndex x : {1u, 4u, 6u, 10u})
    for (ProductIndex y : {1u, 4u, 6u, 10u}) EXPECT_EQ(sorted.Count(x, y), reversed.Count(x, y)) << x << "," << y;
  EXPECT_EQ(sorted.distinct_pairs(), reversed.distinct_pairs());
}

TEST(PairCounter, ForEachPairVisitsEachPairOnceLowFirst) {
  PairCounter pc;
  std::vector<ProductIndex> a{5, 2, 9}, b{9, 2};
  pc.AddOrder(a);
  pc.AddOrder(b);
  std::map<std::pair<ProductIndex, ProductIndex>, std::uint32_t> seen;
  pc.ForEachPair([&](ProductIndex x, ProductIndex y, std::uint32_t co) {
    EXPECT_LT(x, y);
    EXPECT_TRUE(seen.emplace(std::make_pair(x, y), co).second) << "pair visited twice";
  });
  const std::map<std::pair<ProductIndex, ProductIndex>, std::uint32_t> want{
      {{2, 5}, 1}, {{2, 9}, 2}, {{5, 9}, 1}};
  EXPECT_EQ(seen, want);
}

TEST(PairCounter, AddPairImportsCountsAndIgnoresSelfAndZero) {
  PairCounter pc;
  pc.AddPair(4, 2, 10);
  pc.AddPair(2, 4, 5);
  pc.AddPair(3, 3, 7);
  pc.AddPair(1, 2, 0);
  EXPECT_EQ(pc.Count(2, 4), 15u);
  EXPECT_EQ(pc.Count(3, 3), 0u);
  EXPECT_EQ(pc.Count(1, 2), 0u);
  EXPECT_EQ(pc.distinct_pairs(), 1u) << "a zero count must not occupy a slot";
  pc.AddItemOrders(4, 3);
  pc.AddItemOrders(4, 2);
  EXPECT_EQ(pc.ItemOrders(4), 5u);
}

// The builder is what guarantees PairCounter's "distinct items" precondition: an order listing
// the same product on several rows (one row per size, a re-add) is one purchase, not two.
TEST(PairCounter, BuilderDedupesRepeatedProductsInOneOrder) {
  BundleBuilder builder{BuildOptions{}};
  Order o;
  o.id = "1";
  for (const char* id : {"A", "B", "A", "A", "B", "C"}) {
    OrderItem item;
    item.product_id = id;
    o.items.push_back(item);
  }
  builder.AddOrder(o);
  builder.AddOrder(o);  // the same basket twice: every pair twice, not 2 x (repeats)
  Result<Bundle> r = builder.Finish();
  ASSERT_TRUE(r.ok());
  const Bundle& b = r.value();
  const ProductIndex a = b.catalog.Find("A"), bb = b.catalog.Find("B"), c = b.catalog.Find("C");
  ASSERT_NE(a, kNoProduct);
  EXPECT_EQ(b.product_orders[a], 2u);
  EXPECT_EQ(b.product_orders[bb], 2u);
  EXPECT_EQ(b.product_orders[c], 2u);
  EXPECT_EQ(b.built_from.orders, 2u);
  EXPECT_EQ(b.built_from.order_items, 6u) << "3 distinct products x 2 orders";
  for (const Neighbour& n : b.associations.Of(a)) EXPECT_EQ(n.co, 2u);
  EXPECT_EQ(b.associations.Of(a).size(), 2u);
}

// Thousands of distinct pairs force the open-addressing table through several doublings past
// its first 1024 slots; a rehash that lost or merged a slot would show up against std::map.
TEST(PairCounter, GrowthPastFirstTableKeepsCountsExact) {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<ProductIndex> product(0, 399);
  std::uniform_int_distribution<int> size(1, 12);
  PairCounter pc;
  std::map<std::pair<ProductIndex, ProductIndex>, std::uint32_t> ref;
  std::map<ProductIndex, std::uint32_t> item_ref;
  const int kOrders = 3000;
  for (int o = 0; o < kOrders; ++o) {
    std::set<ProductIndex> distinct;
    const int n = size(rng);
    while (static_cast<int>(distinct.size()) < n) distinct.insert(product(rng));
    std::vector<ProductIndex> items(distinct.begin(), distinct.end());
    std::shuffle(items.begin(), items.end(), rng);
    for (auto i = distinct.begin(); i != distinct.end(); ++i) {
      ++item_ref[*i];
      for (auto j = std::next(i); j != distinct.end(); ++j) ++ref[{*i, *j}];
    }
    pc.AddOrder(items);
  }
  ASSERT_GT(ref.size(), 4096u) << "the seed no longer forces several table doublings";
  EXPECT_EQ(pc.orders(), static_cast<std::uint64_t>(kOrders));
  EXPECT_EQ(pc.distinct_pairs(), ref.size());
  for (const auto& [pair, co] : ref) {
    ASSERT_EQ(pc.Count(pair.first, pair.second), co) << pair.first << "," << pair.second;
    ASSERT_EQ(pc.Count(pair.second, pair.first), co);
  }
  for (const auto& [p, n] : item_ref) EXPECT_EQ(pc.ItemOrders(p), n);
  std::size_t visited = 0;
  std::uint64_t total = 0, ref_total = 0;
  pc.ForEachPair([&](ProductIndex, ProductIndex, std::uint32_t co) {
    ++visited;
    total += co;
  });
  for (const auto& [pair, co] : ref) ref_total += co;
  EXPECT_EQ(visited, ref.size());
  EXPECT_EQ(total, ref_total);
  // Pairs never bought together stay zero after growth (no stale or ghost slots).
  int absent_checked = 0;
  for (ProductIndex x = 0; x < 400 && absent_checked < 200; ++x)
    for (ProductIndex y = x + 1; y < 400 && absent_checked < 200; ++y)
      if (!ref.count({x, y})) {
        EXPECT_EQ(pc.Count(x, y), 0u);
        ++absent_checked;
      }
}

TEST(PairCounter, LargeProductIndicesDoNotCollideInTheKey) {
  // The key packs (low << 32 | high); indices near 2^32 must stay distinct pairs.
  PairCounter pc;
  const ProductIndex big = 0xfffffff0u;
  pc.AddPair(1, big, 3);
  pc.AddPair(big, big - 1, 4);
  pc.AddPair(0, 1, 5);
  EXPECT_EQ(pc.Count(big, 1), 3u);
  EXPECT_EQ(pc.Count(big - 1, big), 4u);
  EXPECT_EQ(pc.Count(1, 0), 5u);
  EXPECT_EQ(pc.Count(0, big), 0u);
}

// Orders, imported pairs and far indices mixed, counted in batches of a few items: every count
// and every weighted count must match a counter that never flushes until the end, and a plain
// std::map. Weights here are dyadic (k / 4), so float sums are exact in any order.
TEST(PairCounter, SmallBatchesCountTheSameAsOneBatch) {
  std::mt19937 rng(20261202);
  std::uniform_int_distribution<ProductIndex> product(0, 150);
  std::uniform_int_distribution<int> size(1, 9), quarter(1, 8), kind(0, 9);
  const ProductIndex far = (1u << 21) + 5;
  PairCounter small(7), whole(std::size_t{1} << 30);
  std::map<std::pair<ProductIndex, ProductIndex>, std::pair<std::uint32_t, double>> ref;
  for (int o = 0; o < 2000; ++o) {
    const float w = static_cast<float>(quarter(rng)) / 4.0f;
    if (kind(rng) == 0) {
      ProductIndex a = product(rng), b = kind(rng) == 0 ? far : product(rng);
      const auto co = static_cast<std::uint32_t>(size(rng));
      small.AddPair(a, b, co, w);
      whole.AddPair(a, b, co, w);
      if (a != b) {
        auto& r = ref[{std::min(a, b), std::max(a, b)}];
        r.first += co;
        r.second += w;
      }
      continue;
    }
    std::set<ProductIndex> distinct;
    const int n = size(rng);
    while (static_cast<int>(distinct.size()) < n) distinct.insert(product(rng));
    if (kind(rng) == 0) distinct.insert(far);
    for (auto i = distinct.begin(); i != distinct.end(); ++i)
      for (auto j = std::next(i); j != distinct.end(); ++j) {
        auto& r = ref[{*i, *j}];
        r.first += 1;
        r.second += w;
      }
    std::vector<ProductIndex> a(distinct.rbegin(), distinct.rend()), b = a;
    small.AddOrder(a, w);
    whole.AddOrder(b, w);
    // A reader in the middle counts the pending batch; counting must carry on correctly after it.
    if (o == 1000) {
      EXPECT_EQ(small.Count(3, 4), whole.Count(4, 3));
    }
  }
  EXPECT_EQ(small.distinct_pairs(), ref.size());
  EXPECT_EQ(whole.distinct_pairs(), ref.size());
  std::map<std::pair<ProductIndex, ProductIndex>, std::pair<std::uint32_t, double>> seen;
  small.ForEachWeightedPair([&](ProductIndex a, ProductIndex b, std::uint32_t co, double w) {
    EXPECT_LT(a, b);
    EXPECT_TRUE(seen.emplace(std::make_pair(a, b), std::make_pair(co, w)).second) << "pair visited twice";
  });
  EXPECT_EQ(seen, ref);
  for (const auto& [pair, r] : ref) ASSERT_EQ(whole.Count(pair.second, pair.first), r.first);
}

}  // namespace
}  // namespace cartlift
