#include <gtest/gtest.h>

#include "cartlift/orders/orders.h"

namespace cartlift {
namespace {

TEST(Timestamp, ParsesSpaceSeparatedDateTime) {
  EXPECT_EQ(ParseTimestamp("2010-12-01 08:26:00"), 1291191960);
  EXPECT_EQ(ParseTimestamp("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(ParseTimestamp("2011-05-31 15:53:00"), 1306857180);
}

TEST(Timestamp, ParsesIsoWithOptionalZ) {
  EXPECT_EQ(ParseTimestamp("2010-12-01T08:26:00Z"), 1291191960);
  EXPECT_EQ(ParseTimestamp("2010-12-01T08:26:00"), 1291191960);
}

TEST(Timestamp, ParsesDateOnlyAsMidnightUtc) {
  EXPECT_EQ(ParseTimestamp("2010-12-01"), 1291161600);
  EXPECT_EQ(ParseTimestamp("2000-03-01"), 951868800);
}

TEST(Timestamp, AcceptsMinutesWithoutSeconds) {
  EXPECT_EQ(ParseTimestamp("2010-12-01 08:26"), 1291191960);
}

TEST(Timestamp, ParsesEpochSeconds) {
  EXPECT_EQ(ParseTimestamp("0"), 0);
  EXPECT_EQ(ParseTimestamp("1291191960"), 1291191960);
  EXPECT_EQ(ParseTimestamp("999999999999999999"), 999999999999999999);
}

TEST(Timestamp, LeapDays) {
  EXPECT_EQ(ParseTimestamp("2012-02-29"), 1330473600);
  EXPECT_EQ(ParseTimestamp("2000-02-29"), 951782400);
  EXPECT_EQ(ParseTimestamp("2011-02-29"), -1);
  EXPECT_EQ(ParseTimestamp("2100-02-29"), -1);
}

TEST(Timestamp, RejectsOutOfRangeFields) {
  EXPECT_EQ(ParseTimestamp("2010-13-01"), -1);
  EXPECT_EQ(ParseTimestamp("2010-00-01"), -1);
  EXPECT_EQ(ParseTimestamp("2010-04-31"), -1);
  EXPECT_EQ(ParseTimestamp("2010-12-00"), -1);
  EXPECT_EQ(ParseTimestamp("2010-12-01 24:00:00"), -1);
  EXPECT_EQ(ParseTimestamp("2010-12-01 23:60:00"), -1);
  EXPECT_EQ(ParseTimestamp("2010-12-01 23:59:60"), -1);
}

TEST(Timestamp, RejectsOtherShapes) {
  EXPECT_EQ(ParseTimestamp(""), -1);
  EXPECT_EQ(ParseTimestamp("12/1/2010 8:26"), -1);
  EXPECT_EQ(ParseTimestamp("2010-12-1"), -1);
  EXPECT_EQ(ParseTimestamp("2010-12-01 08:26:00Z"), -1);
  EXPECT_EQ(ParseTimestamp("2010-12-01T08:26:00+01:00"), -1);
  EXPECT_EQ(ParseTimestamp("2010-12-01 8:26:00"), -1);
  EXPECT_EQ(ParseTimestamp("2010-12-01 08:26:00.5"), -1);
  EXPECT_EQ(ParseTimestamp("2010-12-01x"), -1);
  EXPECT_EQ(ParseTimestamp(" 2010-12-01"), -1);
  EXPECT_EQ(ParseTimestamp("-5"), -1);
  EXPECT_EQ(ParseTimestamp("12345678901234567890"), -1);
  EXPECT_EQ(ParseTimestamp("1969-12-31 23:59:59"), -1);
  EXPECT_EQ(ParseTimestamp("2010"), 2010);  // a bare integer is epoch seconds
}

}  // namespace
}  // namespace cartlift
