// Reading order files the way `cartlift build` does (format by name, header aliases of common
// shop exports), for commands that need the orders themselves rather than a bundle.
//
// Example:
//   std::vector<Order> orders;  std::string err;
//   if (!ReadOrderFile("orders.csv.gz", args, 2, [&](const Order& o) { orders.push_back(o); }, &report, &err)) ...
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "args.h"
#include "cartlift/orders/orders.h"

namespace cartlift::cli {

// Honors --format, --separator, --strict and the --*-column flags of `args`; CSV rows whose
// product id fails `keep_product` (when given) are skipped and counted. `format_out`, when not
// null, receives "csv" or "baskets".
bool ReadOrderFile(const std::string& path, const Args& args, int price_exponent, const OrderSink& sink,
                   ReadReport* report, std::string* error,
                   const std::function<bool(const std::string&)>& keep_product = {},
                   std::string* format_out = nullptr);

// Splits one CSV header line into trimmed names (quotes and a UTF-8 BOM handled).
std::vector<std::string> SplitHeader(std::string line);

// The format `cartlift build` assumes without --format: CSV for .csv(.gz), baskets otherwise.
std::string GuessOrderFormat(const std::string& path);

}  // namespace cartlift::cli
