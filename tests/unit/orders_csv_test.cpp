#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cartlift/orders/orders.h"

#ifndef CARTLIFT_SOURCE_DIR
#define CARTLIFT_SOURCE_DIR "."
#endif

namespace cartlift {
namespace {

struct Read {
  Status status;
  ReadReport report;
  std::vector<Order> orders;
};

Read ReadCsv(const std::string& text, const CsvOptions& options = CsvOptions(),
             const std::string& name = "orders.csv") {
  Read r;
  std::istringstream in(text);
  r.status = ReadOrdersCsv(in, name, options, [&](const Order& o) { r.orders.push_back(o); },
                           &r.report);
  return r;
}

std::vector<std::string> Products(const Order& o) {
  std::vector<std::string> out;
  for (const OrderItem& item : o.items) out.push_back(item.product_id);
  return out;
}

TEST(OrdersCsv, GroupsAdjacentRowsIntoOrders) {
  Read r = ReadCsv(
      "order_id,product_id,quantity,price,timestamp,title\n"
      "o1,A,2,2.55,2010-12-01 08:26:00,Lantern\n"
      "o1,B,1,3.39,2010-12-01 08:26:00,Heart\n"
      "o2,A,1,2.55,2010-12-02 09:00:00,Lantern\n");
  ASSERT_TRUE(r.status.ok()) << r.status.error().message;
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_EQ(r.orders[0].id, "o1");
  EXPECT_EQ(Products(r.orders[0]), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(r.orders[0].items[0].quantity, 2);
  EXPECT_EQ(r.orders[0].items[0].price, 255);
  EXPECT_EQ(r.orders[0].items[1].title, "Heart");
  EXPECT_EQ(r.orders[0].timestamp, 1291191960);
  EXPECT_EQ(r.orders[1].id, "o2");
  EXPECT_EQ(r.report.lines, 3u);
  EXPECT_EQ(r.report.orders, 2u);
  EXPECT_EQ(r.report.rows, 3u);
  EXPECT_EQ(r.report.malformed, 0u);
  EXPECT_EQ(r.report.first_timestamp, 1291191960);
  EXPECT_EQ(r.report.last_timestamp, 1291280400);
}

TEST(OrdersCsv, QuotedFieldsWithCommasAndDoubledQuotes) {
  Read r = ReadCsv(
      "order_id,product_id,title\n"
      "o1,A,\"AIRLINE LOUNGE,METAL SIGN\"\n"
      "o1,B,\"RECORD FRAME 7\"\" SINGLE SIZE \"\n"
      "o1,\"C,1\",\"\"\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  ASSERT_EQ(r.orders[0].items.size(), 3u);
  EXPECT_EQ(r.orders[0].items[0].title, "AIRLINE LOUNGE,METAL SIGN");
  EXPECT_EQ(r.orders[0].items[1].title, "RECORD FRAME 7\" SINGLE SIZE");
  EXPECT_EQ(r.orders[0].items[2].product_id, "C,1");
  EXPECT_EQ(r.orders[0].items[2].title, "");
}

TEST(OrdersCsv, EmbeddedNewlineKeepsPhysicalLineNumbers) {
  Read r = ReadCsv(
      "order_id,product_id,title\n"
      "o1,A,\"two\nlines\"\n"
      "o1,B\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].items[0].title, "two\nlines");
  EXPECT_EQ(r.report.lines, 2u);
  ASSERT_EQ(r.report.problems.size(), 1u);
  EXPECT_EQ(r.report.problems[0], "orders.csv:4: expected 3 fields, found 2");
}

TEST(OrdersCsv, CrlfLineEndings) {
  Read r = ReadCsv(
      "order_id,product_id,title\r\n"
      "o1,A,\"x\r\ny\"\r\n"
      "o1,B,plain\r\n"
      "o2,C,last");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_EQ(r.orders[0].items[0].title, "x\r\ny");
  EXPECT_EQ(r.orders[0].items[1].title, "plain");
  EXPECT_EQ(r.orders[0].items[1].product_id, "B");
  EXPECT_EQ(r.orders[1].items[0].product_id, "C");
  EXPECT_EQ(r.report.malformed, 0u);
}

TEST(OrdersCsv, Utf8BomBeforeHeader) {
  Read r = ReadCsv("\xEF\xBB\xBForder_id,product_id\no1,A\n");
  ASSERT_TRUE(r.status.ok()) << r.status.error().message;
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].id, "o1");
}

TEST(OrdersCsv, MissingRequiredColumnIsTypedError) {
  Read r = ReadCsv("order_id,sku\no1,A\n", CsvOptions(), "shop.csv");
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.error().code, ErrorCode::kMissingField);
  EXPECT_NE(r.status.error().message.find("\"product_id\""), std::string::npos);
  EXPECT_NE(r.status.error().message.find("shop.csv"), std::string::npos);
  EXPECT_EQ(r.status.error().path, "shop.csv:1");
  EXPECT_TRUE(r.orders.empty());
}

TEST(OrdersCsv, EmptyInputIsMissingField) {
  Read r = ReadCsv("");
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.error().code, ErrorCode::kMissingField);
}

TEST(OrdersCsv, CustomColumnNamesInAnyOrder) {
  CsvOptions opt;
  opt.order_column = "InvoiceNo";
  opt.product_column = "StockCode";
  opt.quantity_column = "Quantity";
  opt.price_column = "UnitPrice";
  opt.time_column = "InvoiceDate";
  opt.title_column = "Description";
  Read r = ReadCsv(
      "Country,UnitPrice,StockCode,InvoiceNo,Quantity,Description,InvoiceDate\n"
      "UK,3.39,71053,536365,6,WHITE METAL LANTERN,2010-12-01 08:26:00\n",
      opt);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  const OrderItem& item = r.orders[0].items[0];
  EXPECT_EQ(r.orders[0].id, "536365");
  EXPECT_EQ(item.product_id, "71053");
  EXPECT_EQ(item.quantity, 6);
  EXPECT_EQ(item.price, 339);
  EXPECT_EQ(item.title, "WHITE METAL LANTERN");
  EXPECT_EQ(r.orders[0].timestamp, 1291191960);
}

TEST(OrdersCsv, OptionalColumnsAbsentOrEmptyGiveDefaults) {
  Read r = ReadCsv(
      "order_id,product_id,quantity,price\n"
      "o1,A,,\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].items[0].quantity, 1);
  EXPECT_EQ(r.orders[0].items[0].price, -1);
  EXPECT_EQ(r.orders[0].timestamp, -1);
  EXPECT_EQ(r.report.first_timestamp, -1);
}

TEST(OrdersCsv, PriceExponentFollowsCurrency) {
  CsvOptions opt;
  opt.price_exponent = 0;
  Read r = ReadCsv("order_id,product_id,price\no1,A,300\n", opt);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.orders[0].items[0].price, 300);
}

TEST(OrdersCsv, ReturnsAreCountedAndIgnored) {
  Read r = ReadCsv(
      "order_id,product_id,quantity\n"
      "o1,A,2\n"
      "o1,B,0\n"
      "C9,A,-2\n"
      "o3,C,+1\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 2u);  // C9 held only a return
  EXPECT_EQ(Products(r.orders[0]), (std::vector<std::string>{"A"}));
  EXPECT_EQ(r.orders[1].id, "o3");
  EXPECT_EQ(r.report.returns, 2u);
  EXPECT_EQ(r.report.rows, 2u);
  EXPECT_EQ(r.report.malformed, 0u);
}

TEST(OrdersCsv, MalformedRowsCountedWithLineNumbers) {
  Read r = ReadCsv(
      "order_id,product_id,quantity,price,timestamp\n"
      "o1,A,1,1.00,2010-12-01\n"        // 2 ok
      "o1,B,1,1.00\n"                   // 3 field count
      ",B,1,1.00,2010-12-01\n"          // 4 empty order id
      "o1, ,1,1.00,2010-12-01\n"        // 5 empty product id
      "o1,C,two,1.00,2010-12-01\n"      // 6 quantity
      "o1,D,1,1.2.3,2010-12-01\n"       // 7 price
      "o1,E,1,1.00,yesterday\n"         // 8 timestamp
      "o1,F,1,1.00,2010-12-01\n");      // 9 ok
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(Products(r.orders[0]), (std::vector<std::string>{"A", "F"}));
  EXPECT_EQ(r.report.lines, 8u);
  EXPECT_EQ(r.report.malformed, 6u);
  ASSERT_EQ(r.report.problems.size(), 6u);
  EXPECT_EQ(r.report.problems[0], "orders.csv:3: expected 5 fields, found 4");
  EXPECT_EQ(r.report.problems[1], "orders.csv:4: empty order_id");
  EXPECT_EQ(r.report.problems[2], "orders.csv:5: empty product_id");
  EXPECT_EQ(r.report.problems[3], "orders.csv:6: quantity \"two\" is not an integer");
  EXPECT_EQ(r.report.problems[4].rfind("orders.csv:7: price \"1.2.3\"", 0), 0u)
      << r.report.problems[4];
  EXPECT_EQ(r.report.problems[5], "orders.csv:8: timestamp \"yesterday\" is not a timestamp");
}

TEST(OrdersCsv, ProblemListIsCapped) {
  std::string text = "order_id,product_id\n";
  for (int i = 0; i < 250; ++i) text += "only-one-field\n";
  Read r = ReadCsv(text);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.report.malformed, 250u);
  EXPECT_EQ(r.report.problems.size(), 100u);
}

TEST(OrdersCsv, StrictModeStopsAtFirstMalformedRow) {
  CsvOptions opt;
  opt.strict = true;
  Read r = ReadCsv(
      "order_id,product_id,quantity\n"
      "o1,A,1\n"
      "o2,B,1\n"
      "o2,C,x\n"
      "o3,D,1\n",
      opt, "strict.csv");
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.error().code, ErrorCode::kMalformedRecord);
  EXPECT_EQ(r.status.error().path, "strict.csv:4");
  EXPECT_EQ(r.status.error().message.rfind("strict.csv:4: ", 0), 0u);
  // o1 had ended; o2 was still open when the bad row stopped the read, so it is not delivered.
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].id, "o1");
}

TEST(OrdersCsv, SplitOrdersAreDeliveredAgainAndCounted) {
  Read r = ReadCsv(
      "order_id,product_id\n"
      "o1,A\n"
      "o2,B\n"
      "o1,C\n"
      "o1,D\n"
      "o2,E\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 4u);
  EXPECT_EQ(r.orders[2].id, "o1");
  EXPECT_EQ(Products(r.orders[2]), (std::vector<std::string>{"C", "D"}));
  EXPECT_EQ(r.report.split_orders, 2u);
}

TEST(OrdersCsv, UnterminatedQuoteAtEofIsMalformed) {
  Read r = ReadCsv(
      "order_id,product_id,title\n"
      "o1,A,ok\n"
      "o2,B,\"never closed\nmore text\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.report.malformed, 1u);
  ASSERT_EQ(r.report.problems.size(), 1u);
  EXPECT_EQ(r.report.problems[0], "orders.csv:3: unterminated quoted field");

  CsvOptions strict;
  strict.strict = true;
  Read s = ReadCsv("order_id,product_id\no1,\"A\n", strict);
  ASSERT_FALSE(s.status.ok());
  EXPECT_EQ(s.status.error().code, ErrorCode::kMalformedRecord);
}

TEST(OrdersCsv, HugeLineIsSkippedAndReadingGoesOn) {
  const std::string huge(std::size_t{3} << 20, 'x');
  const std::string text = "order_id,product_id,title\n"
                           "o1,A," + huge + "\n"
                           "o2,B,\"" + huge + "\"\n"
                           "o3,C,fine\n";
  Read r = ReadCsv(text);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].id, "o3");
  EXPECT_EQ(r.report.malformed, 2u);
  ASSERT_EQ(r.report.problems.size(), 2u);
  EXPECT_EQ(r.report.problems[0], "orders.csv:2: record longer than 1 MiB");
  EXPECT_EQ(r.report.problems[1], "orders.csv:3: record longer than 1 MiB");

  CsvOptions strict;
  strict.strict = true;
  Read s = ReadCsv(text, strict);
  ASSERT_FALSE(s.status.ok());
  EXPECT_EQ(s.status.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(s.status.error().path, "orders.csv:2");
}

TEST(OrdersCsv, ManyEmptyFieldsCountAgainstTheLimit) {
  const std::string commas(std::size_t{2} << 20, ',');
  Read r = ReadCsv("order_id,product_id\n" + commas + "\no1,A\n");
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.report.malformed, 1u);
  ASSERT_EQ(r.orders.size(), 1u);
}

TEST(OrdersCsv, UnquotedWhitespaceTrimmedQuotedKept) {
  Read r = ReadCsv(
      "order_id , product_id\n"
      "  o1 ,\tA \n"
      "o1,\" B \"\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].id, "o1");
  EXPECT_EQ(Products(r.orders[0]), (std::vector<std::string>{"A", " B "}));
}

TEST(OrdersCsv, BlankLinesAreSkipped) {
  Read r = ReadCsv("order_id,product_id\n\no1,A\n\n\no1,B\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 1u);
  EXPECT_EQ(r.orders[0].items.size(), 2u);
  EXPECT_EQ(r.report.malformed, 0u);
}

TEST(OrdersCsv, KeepProductFilterIsCounted) {
  CsvOptions opt;
  opt.keep_product = [](const std::string& id) { return id != "POST"; };
  Read r = ReadCsv(
      "order_id,product_id\n"
      "o1,A\n"
      "o1,POST\n"
      "o2,POST\n"
      "o3,B\n",
      opt);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_EQ(Products(r.orders[0]), (std::vector<std::string>{"A"}));
  EXPECT_EQ(r.orders[1].id, "o3");
  EXPECT_EQ(r.report.filtered, 2u);
  EXPECT_EQ(r.report.rows, 2u);
}

TEST(OrdersCsv, TimestampRangeCoversDeliveredRowsOnly) {
  Read r = ReadCsv(
      "order_id,product_id,quantity,timestamp\n"
      "o1,A,1,2011-01-02 00:00:00\n"
      "o1,B,1,2011-01-01 00:00:00\n"
      "C1,A,-1,2010-01-01 00:00:00\n"
      "o2,A,1,2011-03-01\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), 2u);
  EXPECT_EQ(r.orders[0].timestamp, ParseTimestamp("2011-01-01"));
  EXPECT_EQ(r.report.first_timestamp, ParseTimestamp("2011-01-01"));
  EXPECT_EQ(r.report.last_timestamp, ParseTimestamp("2011-03-01"));
}

TEST(OrdersCsv, ReportIsOptionalAndAccumulates) {
  std::istringstream in("order_id,product_id\no1,A\n");
  int seen = 0;
  EXPECT_TRUE(ReadOrdersCsv(in, "a.csv", CsvOptions(), [&](const Order&) { ++seen; }, nullptr).ok());
  EXPECT_EQ(seen, 1);

  ReadReport report;
  for (int i = 0; i < 2; ++i) {
    std::istringstream again("order_id,product_id\no1,A\no2,B\n");
    ASSERT_TRUE(ReadOrdersCsv(again, "b.csv", CsvOptions(), [](const Order&) {}, &report).ok());
  }
  EXPECT_EQ(report.orders, 4u);
}

TEST(OrdersCsv, FailedStreamIsIoError) {
  std::ifstream missing("/nonexistent/cartlift/orders.csv");
  ReadReport report;
  Status s = ReadOrdersCsv(missing, "orders.csv", CsvOptions(), [](const Order&) {}, &report);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
}

// Larger than one read chunk, so quotes, CRLF pairs and records straddle chunk boundaries.
TEST(OrdersCsv, LargeInputAcrossChunkBoundaries) {
  std::string text = "order_id,product_id,title\r\n";
  const int kOrders = 20000;
  for (int i = 0; i < kOrders; ++i) {
    const std::string id = std::to_string(i);
    text += id + ",P" + id + ",\"a \"\"quoted\"\", title\r\nwith newline\"\r\n";
    text += id + ",Q" + id + ",plain title " + id + "\r\n";
  }
  text += "bad\r\n";
  Read r = ReadCsv(text);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.orders.size(), static_cast<std::size_t>(kOrders));
  for (int i = 0; i < kOrders; ++i) {
    const Order& o = r.orders[i];
    ASSERT_EQ(o.id, std::to_string(i));
    ASSERT_EQ(o.items.size(), 2u);
    ASSERT_EQ(o.items[0].title, "a \"quoted\", title\r\nwith newline");
    ASSERT_EQ(o.items[1].title, "plain title " + std::to_string(i));
  }
  EXPECT_EQ(r.report.malformed, 1u);
  ASSERT_EQ(r.report.problems.size(), 1u);
  EXPECT_EQ(r.report.problems[0],
            "orders.csv:" + std::to_string(2 + 3 * kOrders) + ": expected 3 fields, found 1");
}

// The first 300 rows of the Online Retail export; counts checked independently with python3 csv.
TEST(OrdersCsv, OnlineRetailHead) {
  CsvOptions opt;
  opt.order_column = "InvoiceNo";
  opt.product_column = "StockCode";
  opt.title_column = "Description";
  opt.quantity_column = "Quantity";
  opt.time_column = "InvoiceDate";
  opt.price_column = "UnitPrice";
  std::ifstream in(CARTLIFT_SOURCE_DIR "/tests/fixtures/orders/online_retail_head.csv",
                   std::ios::binary);
  ASSERT_TRUE(in.is_open());
  ReadReport report;
  std::vector<Order> orders;
  std::int64_t price_sum = 0;
  Status s = ReadOrdersCsv(in, "online_retail_head.csv", opt, [&](const Order& o) {
    orders.push_back(o);
    for (const OrderItem& item : o.items) price_sum += item.price;
  }, &report);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(report.lines, 300u);
  EXPECT_EQ(report.returns, 9u);
  EXPECT_EQ(report.malformed, 0u);
  EXPECT_EQ(report.split_orders, 0u);
  EXPECT_EQ(report.orders, 31u);
  EXPECT_EQ(report.rows, 291u);
  EXPECT_EQ(price_sum, 116047);
  EXPECT_EQ(report.first_timestamp, ParseTimestamp("2010-12-01 08:26:00"));
  EXPECT_EQ(report.last_timestamp, ParseTimestamp("2010-12-01 10:52:00"));
  ASSERT_EQ(orders.size(), 31u);
  EXPECT_EQ(orders.front().id, "536365");
  EXPECT_EQ(orders.front().items.size(), 7u);
  EXPECT_EQ(orders.front().items[0].product_id, "85123A");
  EXPECT_EQ(orders.front().items[0].title, "WHITE HANGING HEART T-LIGHT HOLDER");
  EXPECT_EQ(orders.front().items[0].price, 255);
  EXPECT_EQ(orders.back().id, "536398");
  EXPECT_EQ(orders.back().items.size(), 2u);
  bool found_quoted = false;
  for (const Order& o : orders) {
    for (const OrderItem& item : o.items) {
      if (o.id == "536381" && item.product_id == "82567") {
        EXPECT_EQ(item.title, "AIRLINE LOUNGE,METAL SIGN");
        found_quoted = true;
      }
    }
  }
  EXPECT_TRUE(found_quoted);
}

}  // namespace
}  // namespace cartlift
