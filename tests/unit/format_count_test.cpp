#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "cartlift/offers/cross_sell.h"

namespace cartlift {
namespace {

// The string-building FormatCount that the buffer-writing one replaced: the reference.
std::string OldFormatCount(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

TEST(FormatCount, GroupsThousands) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(1380), "1,380");
  EXPECT_EQ(FormatCount(123456789), "123,456,789");
  EXPECT_EQ(FormatCount(std::numeric_limits<std::uint64_t>::max()), "18,446,744,073,709,551,615");
}

TEST(FormatCount, SameTextAsTheStringBuildingOne) {
  std::uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 50000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    const std::uint64_t n = x >> (x % 64);
    ASSERT_EQ(FormatCount(n), OldFormatCount(n)) << n;
  }
  for (std::uint64_t p = 1; p != 0 && p <= std::numeric_limits<std::uint64_t>::max() / 10; p *= 10)
    for (std::uint64_t n : {p - 1, p, p + 1}) ASSERT_EQ(FormatCount(n), OldFormatCount(n)) << n;
}

}  // namespace
}  // namespace cartlift
