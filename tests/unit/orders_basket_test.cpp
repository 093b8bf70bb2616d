#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "cartlift/orders/orders.h"

namespace cartlift {
namespace {

struct Read {
  Status status;
  ReadReport report;
  std::vector<Order> orders;
};

Read ReadText(const std::string& text, const BasketOptions& options = BasketOptions(),
              const std::string& name = "baskets.txt") {
  Read r;
  std::istringstream in(text);
  r.status = ReadBaskets(in, name, options, [&](const Order& o) { r.orders.push_back(o); },
                         &r.report);
  return r;
}

std::vector<std::string> Products(const Order& o) {
  std::vector<std::string> out;
  for (const OrderItem& item : o.items) out.push_back(item.product_id);
  return out;
}

using Items = std::vector<std::string>;

TEST(OrdersBasket, CommaGuessedFromFirstLineKeepsSpacesInNames) {
  Read r = ReadText("citrus fruit,semi-finished bread, margarine\nwhole milk\nrolls/buns,soda\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 3u);
  EXPECT_EQ(Products(r.orders[0]), (Items{"citrus fruit", "semi-finished bread", "margarine"}));
  EXPECT_EQ(Products(r.orders[1]), (Items{"whole milk"}));
  EXPECT_EQ(Products(r.orders[2]), (Items{"rolls/buns", "soda"}));
  EXPECT_EQ(r.orders[0].id, "baskets.txt:1");
  EXPECT_EQ(r.orders[2].id, "baskets.txt:3");
  EXPECT_EQ(r.orders[0].timestamp, -1);
  EXPECT_EQ(r.orders[0].items[0].quantity, 1);
  EXPECT_EQ(r.orders[0].items[0].price, -1);
  EXPECT_EQ(r.report.orders, 3u);
  EXPECT_EQ(r.report.rows, 6u);
}

TEST(OrdersBasket, WhitespaceGuessedWithTrailingSpaces) {
  // retail.dat style: space separated, every line ends with a space.
  Read r = ReadText("0 1 2 3 \n30 31 32 \n33\t34  35 \n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 3u);
  EXPECT_EQ(Products(r.orders[0]), (Items{"0", "1", "2", "3"}));
  EXPECT_EQ(Products(r.orders[1]), (Items{"30", "31", "32"}));
  EXPECT_EQ(Products(r.orders[2]), (Items{"33", "34", "35"}));
  EXPECT_EQ(r.report.rows, 10u);
}

TEST(OrdersBasket, ForcedSeparator) {
  BasketOptions comma;
  comma.separator = BasketSeparator::kComma;
  Read r = ReadText("whole milk\nbutter milk,eggs\n", comma);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_EQ(Products(r.orders[0]), (Items{"whole milk"}));
  EXPECT_EQ(Products(r.orders[1]), (Items{"butter milk", "eggs"}));

  BasketOptions space;
  space.separator = BasketSeparator::kSpace;
  Read s = ReadText("a,b c\n", space);
  ASSERT_TRUE(s.status.ok());
  EXPECT_EQ(Products(s.orders[0]), (Items{"a,b", "c"}));

  BasketOptions tab;
  tab.separator = BasketSeparator::kTab;
  Read t = ReadText("red wine\twhite wine \t\tcheese\n", tab);
  ASSERT_TRUE(t.status.ok());
  EXPECT_EQ(Products(t.orders[0]), (Items{"red wine", "white wine", "cheese"}));
}

TEST(OrdersBasket, DuplicatesWithinALineKeepFirst) {
  Read r = ReadText("b a b c a\n");
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(Products(r.orders[0]), (Items{"b", "a", "c"}));

  // Long enough that deduplication switches from scanning to a set.
  std::string line;
  Items expected;
  for (int i = 0; i < 100; ++i) {
    line += std::to_string(i % 40) + " ";
    if (i < 40) expected.push_back(std::to_string(i));
  }
  Read l = ReadText(line + "\n");
  ASSERT_TRUE(l.status.ok());
  EXPECT_EQ(Products(l.orders[0]), expected);
}

TEST(OrdersBasket, EmptyLinesAreCountedButNotDelivered) {
  Read r = ReadText("\n   \na b\n\n,\nc\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 3u);
  // The first non-empty line has no comma, so "," on line 5 is an item of its own.
  EXPECT_EQ(r.orders[0].id, "baskets.txt:3");
  EXPECT_EQ(Products(r.orders[1]), (Items{","}));
  EXPECT_EQ(r.orders[2].id, "baskets.txt:6");
  EXPECT_EQ(r.report.lines, 6u);
  EXPECT_EQ(r.report.malformed, 0u);

  Read c = ReadText("a, ,b,,\n , \n");
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(c.orders.size(), 1u);
  EXPECT_EQ(Products(c.orders[0]), (Items{"a", "b"}));
  EXPECT_EQ(c.report.lines, 2u);
}

TEST(OrdersBasket, CrlfAndBom) {
  Read r = ReadText("\xEF\xBB\xBF" "1 2 \r\n3 4\r\n5");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 3u);
  EXPECT_EQ(Products(r.orders[0]), (Items{"1", "2"}));
  EXPECT_EQ(Products(r.orders[1]), (Items{"3", "4"}));
  EXPECT_EQ(Products(r.orders[2]), (Items{"5"}));
}

TEST(OrdersBasket, HugeLineIsMalformed) {
  const std::string huge(std::size_t{3} << 20, 'x');
  Read r = ReadText("a b\n" + huge + "\nc d\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_EQ(r.orders[1].id, "baskets.txt:3");
  EXPECT_EQ(r.report.malformed, 1u);
  ASSERT_EQ(r.report.problems.size(), 1u);
  EXPECT_EQ(r.report.problems[0], "baskets.txt:2: line longer than 1 MiB");

  BasketOptions strict;
  strict.strict = true;
  Read s = ReadText("a b\n" + huge + "\nc d\n", strict);
  ASSERT_FALSE(s.status.ok());
  EXPECT_EQ(s.status.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(s.status.error().path, "baskets.txt:2");
  EXPECT_EQ(s.orders.size(), 1u);
}

TEST(OrdersBasket, OverlongItemIsMalformed) {
  Read r = ReadText("a " + std::string(300, 'y') + "\nb\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.report.malformed, 1u);
  EXPECT_EQ(r.report.problems[0], "baskets.txt:1: item longer than 256 bytes");
}

TEST(OrdersBasket, ControlCharactersMakeALineMalformed) {
  // Comma separated: a tab at an item's edge is trimmed, inside an item it is a control byte.
  Read r = ReadText("a,b\x01" "c\nd,\te\t, f\ng,h\ti\nj,k\x7f\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].id, "baskets.txt:2");
  EXPECT_EQ(Products(r.orders[0]), (Items{"d", "e", "f"}));
  EXPECT_EQ(r.report.malformed, 3u);
  ASSERT_EQ(r.report.problems.size(), 3u);
  EXPECT_EQ(r.report.problems[0], "baskets.txt:1: item contains a control character");
  EXPECT_EQ(r.report.problems[2], "baskets.txt:4: item contains a control character");

  // Space separated: a tab separates; an over-long item is reported before a control byte.
  Read w = ReadText("1\t2\n3\x1f 4\n5 " + std::string(300, 'y') + " \x02\n");
  ASSERT_TRUE(w.status.ok());
  ASSERT_EQ(w.orders.size(), 1u);
  EXPECT_EQ(Products(w.orders[0]), (Items{"1", "2"}));
  ASSERT_EQ(w.report.problems.size(), 2u);
  EXPECT_EQ(w.report.problems[0], "baskets.txt:2: item contains a control character");
  EXPECT_EQ(w.report.problems[1], "baskets.txt:3: item longer than 256 bytes");

  BasketOptions strict;
  strict.strict = true;
  Read s = ReadText("1 2\n3 4\x1b\n", strict);
  ASSERT_FALSE(s.status.ok());
  EXPECT_EQ(s.status.error().code, ErrorCode::kMalformedRecord);
  EXPECT_EQ(s.status.error().path, "baskets.txt:2");
  EXPECT_EQ(s.orders.size(), 1u);
}

// Splits on LF, CRLF and CR one byte at a time: what the reader must match wherever the
// boundaries of its blocks fall.
std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') {
      line += text[i];
      continue;
    }
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    lines.push_back(line);
    line.clear();
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

TEST(OrdersBasket, LineEndsOnBothSidesOfBlockBoundaries) {
  const std::size_t kBlock = std::size_t{1} << 18;  // ChunkReader's block size
  const char* const kEnds[] = {"\n", "\r\n", "\r"};
  for (const char* end : kEnds) {
    // A first line whose terminator starts just before, at, and just after the block's end.
    for (std::size_t first = kBlock - 3; first <= kBlock + 1; ++first) {
      std::string text = std::string(first - 1, ' ') + "p" + end;
      for (int i = 0; text.size() < kBlock + 4096; ++i) text += std::to_string(i % 97) + " q" + kEnds[i % 3];
      const std::vector<std::string> lines = SplitLines(text);
      Read r = ReadText(text);
      ASSERT_TRUE(r.status.ok());
      ASSERT_EQ(r.orders.size(), lines.size()) << first;
      for (std::size_t i = 0; i < lines.size(); ++i) {
        std::istringstream words(lines[i]);
        Items expected;
        for (std::string w; words >> w;) expected.push_back(w);
        ASSERT_EQ(Products(r.orders[i]), expected) << "first line " << first << ", line " << i + 1;
        ASSERT_EQ(r.orders[i].id, "baskets.txt:" + std::to_string(i + 1));
      }
    }
  }
}

TEST(OrdersBasket, LargeInputAcrossChunkBoundaries) {
  std::string text;
  const int kLines = 50000;
  for (int i = 0; i < kLines; ++i) {
    text += std::to_string(i) + " " + std::to_string(i + 1) + " \r\n";
  }
  std::size_t rows = 0;
  std::size_t bad = 0;
  int line = 0;
  std::istringstream in(text);
  ReadReport report;
  Status s = ReadBaskets(in, "big", BasketOptions(), [&](const Order& o) {
    ++line;
    rows += o.items.size();
    if (o.id != "big:" + std::to_string(line) || o.items.size() != 2 ||
        o.items[0].product_id != std::to_string(line - 1)) {
      ++bad;
    }
  }, &report);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(bad, 0u);
  EXPECT_EQ(rows, 2u * kLines);
  EXPECT_EQ(report.lines, static_cast<std::uint64_t>(kLines));
}

}  // namespace
}  // namespace cartlift
