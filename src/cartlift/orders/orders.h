// Streaming readers for order history: CSV with a header, and one-basket-per-line files.
// Memory is proportional to one order (plus the set of order ids already seen), never to the file:
// a record or line over 1 MiB is skipped as malformed (kLimitExceeded in strict mode).
//
// Example:
//   CsvOptions opt;                      // columns order_id, product_id, ...
//   opt.order_column = "InvoiceNo"; opt.product_column = "StockCode";
//   ReadReport report;
//   std::ifstream in("orders.csv", std::ios::binary);
//   Status s = ReadOrdersCsv(in, "orders.csv", opt,
//                            [](const Order& o) { /* count pairs */ }, &report);
#pragma once
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "cartlift/status.h"
#include "cartlift/types.h"

namespace cartlift {

struct OrderItem {
  std::string product_id;
  std::int64_t quantity = 1;
  Money price = -1;          // unit price in minor units, -1 when the file has none
  std::string title;         // from the title/description column when present
};

struct Order {
  std::string id;
  std::int64_t timestamp = -1;   // earliest row time, seconds since 1970-01-01 UTC; -1 unknown
  std::vector<OrderItem> items;  // as read; the same product may appear on several rows
};

using OrderSink = std::function<void(const Order&)>;

// Counters are added to, never reset, so one report can cover several files. The readers accept
// a null report when only the orders matter.
struct ReadReport {
  std::uint64_t lines = 0;              // physical records read (excluding the header)
  std::uint64_t orders = 0;             // orders handed to the sink
  std::uint64_t rows = 0;               // item rows handed to the sink
  std::uint64_t malformed = 0;          // rows or lines that could not be read
  std::uint64_t returns = 0;            // rows with quantity <= 0 (returns, cancellations), ignored
  std::uint64_t split_orders = 0;       // an order id seen again after its rows ended
  std::uint64_t filtered = 0;           // rows dropped by CsvOptions::keep_product
  std::int64_t first_timestamp = -1;    // min/max over rows handed to the sink; -1 when none
  std::int64_t last_timestamp = -1;
  std::vector<std::string> problems;    // first 100 "file:line: message" entries
};

struct CsvOptions {
  std::string order_column = "order_id";
  std::string product_column = "product_id";
  // Column names are matched exactly (surrounding spaces ignored). In the optional columns an
  // empty cell means "not given": quantity 1, price -1, timestamp -1.
  std::string time_column = "timestamp";     // optional: used when the header has it
  std::string quantity_column = "quantity";  // optional
  std::string price_column = "price";        // optional, decimal in the currency's major unit
  std::string title_column = "title";        // optional
  int price_exponent = 2;                    // minor-unit exponent for the price column
  bool strict = false;                       // first malformed row is a kMalformedRecord error
  // Skip products whose id does not pass this check (e.g. postage codes); empty: keep all.
  std::function<bool(const std::string&)> keep_product;
};

// kSpace splits on runs of spaces and tabs; kComma and kTab split on that character only, so
// items may contain spaces ("whole milk"). Items are trimmed; there is no quoting.
enum class BasketSeparator { kAuto, kComma, kSpace, kTab };

struct BasketOptions {
  BasketSeparator separator = BasketSeparator::kAuto;  // auto: comma if the first non-empty line
                                                       // has one, else kSpace
  bool strict = false;
};

// Reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM).
// Rows of one order are expected to be adjacent, as every shop export writes them; an order id
// that comes back later is delivered again as a separate order and counted in split_orders.
// Orders whose rows were all returns or filtered are not delivered. A missing order or product
// column is kMissingField; bad rows are counted in `malformed` unless options.strict, where the
// first one ends the read with an error and the order still open is not delivered.
Status ReadOrdersCsv(std::istream& in, const std::string& source_name, const CsvOptions& options,
                     const OrderSink& sink, ReadReport* report);

// One basket per line; each line is an order with id "<source>:<line>" and no timestamp.
// Items are deduplicated within a line (first kept); empty lines are counted but not delivered.
Status ReadBaskets(std::istream& in, const std::string& source_name, const BasketOptions& options,
                   const OrderSink& sink, ReadReport* report);

// Parses "2010-12-01 08:26:00", "2010-12-01T08:26:00Z", "2010-12-01", or integer epoch seconds
// (seconds may be left out: "2010-12-01 08:26"). The time is taken as UTC. Returns -1 when the
// text is none of these, names an impossible date or time, or lies before 1970.
std::int64_t ParseTimestamp(const std::string& text);

}  // namespace cartlift
