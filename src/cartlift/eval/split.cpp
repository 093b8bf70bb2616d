#include "cartlift/eval/split.h"

#include <algorithm>

namespace cartlift::eval {

std::uint64_t Rng::Next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t Rng::Below(std::uint64_t n) {
  // Rejection keeps the draw unbiased for any n.
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  for (;;) {
    const std::uint64_t x = Next();
    if (x < limit) return x % n;
  }
}

double Rng::Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }

std::uint64_t HashString(const std::string& s, std::uint64_t seed) {
  std::uint64_t h = 1469598103934665603ULL ^ seed;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  Rng mix(h);
  return mix.Next();
}

Split SplitByTime(const std::vector<Order>& orders, std::int64_t cutoff) {
  Split s;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    if (orders[i].timestamp < 0) ++s.undated;
    else if (orders[i].timestamp < cutoff) s.train.push_back(i);
    else s.test.push_back(i);
  }
  return s;
}

Split SplitLastFraction(const std::vector<Order>& orders, double fraction) {
  std::vector<std::int64_t> times;
  for (const Order& o : orders)
    if (o.timestamp >= 0) times.push_back(o.timestamp);
  if (times.empty()) {
    Split s;
    s.undated = orders.size();
    return s;
  }
  std::sort(times.begin(), times.end());
  const double keep = std::clamp(1.0 - fraction, 0.0, 1.0);
  auto at = static_cast<std::size_t>(keep * static_cast<double>(times.size()));
  if (at >= times.size()) return SplitByTime(orders, times.back() + 1);
  // Orders at the boundary time stay on the train side together.
  const std::int64_t boundary = times[at];
  const std::int64_t cutoff = at > 0 && times[at - 1] == boundary ? boundary + 1 : boundary;
  return SplitByTime(orders, cutoff);
}

Split SplitRandom(const std::vector<Order>& orders, double fraction, std::uint64_t seed) {
  Split s;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const double u = static_cast<double>(HashString(orders[i].id, seed) >> 11) * (1.0 / 9007199254740992.0);
    if (u < fraction) s.test.push_back(i);
    else s.train.push_back(i);
  }
  return s;
}

}  // namespace cartlift::eval
