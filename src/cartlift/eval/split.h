// Splitting order history for offline evaluation. Every split puts each order entirely on one
// side, so nothing a test cart asks about was seen whole by the bundle it is asked of.
//
// Example:
//   Split s = SplitByTime(orders, ParseTimestamp("2011-06-01"));   // build on s.train
//   Split v = SplitLastFraction(train_orders, 0.2);                 // validation inside training
//   Split r = SplitRandom(baskets, 0.2, /*seed=*/7);                // undated baskets
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cartlift/orders/orders.h"

namespace cartlift::eval {

// Indices into the orders given to the split function, each in input order.
struct Split {
  std::vector<std::size_t> train;
  std::vector<std::size_t> test;
  std::size_t undated = 0;  // orders without a time; a time split keeps them out of both sides
};

// Orders before `cutoff` (seconds since 1970) train, the rest test.
Split SplitByTime(const std::vector<Order>& orders, std::int64_t cutoff);
// The newest `fraction` of the dated orders test (ties at the boundary stay together on the
// train side, so the result does not depend on input order).
Split SplitLastFraction(const std::vector<Order>& orders, double fraction);
// Each order tests with probability `fraction`, decided by a hash of its id and the seed, so the
// same order lands on the same side whatever else is in the file. Orders read as one id twice
// (split rows) stay together.
Split SplitRandom(const std::vector<Order>& orders, double fraction, std::uint64_t seed);

// Deterministic 64-bit mixing (SplitMix64): the same stream on every compiler and platform,
// unlike std::uniform_int_distribution.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  // Uniform in [0, n); n > 0.
  std::uint64_t Below(std::uint64_t n);
  double Unit();  // [0, 1)

 private:
  std::uint64_t state_;
};

std::uint64_t HashString(const std::string& s, std::uint64_t seed);

}  // namespace cartlift::eval
