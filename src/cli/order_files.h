// Reading order files the way `cartlift build` does (format by name, header aliases of common
// shop exports), for commands that need the orders themselves rather than a bundle.
//
// Example:
//   std::vector<Order> orders;  std::string err;
//   if (!ReadOrderFile("orders.csv.gz", args, 2, [&](const Order& o) { orders.push_back(o); }, &report, &err)) ...
#pragma once
#include <string>

#include "args.h"
#include "cartlift/orders/orders.h"

namespace cartlift::cli {

// Honors --format, --separator, --strict and the --*-column flags of `args`.
bool ReadOrderFile(const std::string& path, const Args& args, int price_exponent, const OrderSink& sink,
                   ReadReport* report, std::string* error);

}  // namespace cartlift::cli
