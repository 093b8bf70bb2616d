// cartlift inspect: a readable summary of a bundle.
#include <algorithm>
#include <iostream>
#include <map>

#include "args.h"
#include "cartlift/bundle/bundle_binary.h"
#include "cartlift/bundle/bundle_json.h"
#include "cartlift/offers/cross_sell.h"
#include "commands.h"
#include "input.h"

namespace cartlift::cli {

int RunInspect(int argc, char** argv) {
  Args args;
  std::string err;
  if (!args.Parse(argc, argv, 2, {"help"}, &err) || !args.Has("bundle") || !args.Unknown({"bundle", "top", "help"}).empty()) {
    std::cerr << "usage: cartlift inspect --bundle BUNDLE [--top N]\n";
    return args.Has("help") ? kExitOk : kExitUsage;
  }
  std::string text;
  if (!ReadAll(args.Get("bundle"), &text, &err)) return std::cerr << "cartlift inspect: " << err << "\n", kExitBadInput;
  Result<Bundle> r = ReadBundle(text);
  if (!r.ok()) {
    std::cerr << "cartlift inspect: " << r.error().code_name() << " at " << (r.error().path.empty() ? "/" : r.error().path)
              << ": " << r.error().message << "\n";
    return kExitBadInput;
  }
  const Bundle& b = r.value();
  const Provenance& p = b.built_from;
  std::size_t top = 10;
  try {
    top = std::min<std::size_t>(100, std::stoul(args.Get("top", "10")));
  } catch (...) {
  }
  std::cout << "bundle " << args.Get("bundle") << " (" << FormatCount(text.size()) << " bytes)\n"
            << "  currency     " << b.catalog.currency << "\n"
            << "  products     " << FormatCount(b.catalog.size()) << "\n"
            << "  orders       " << FormatCount(p.orders) << " (" << FormatCount(p.order_items) << " order items)\n"
            << "  pairs kept   " << FormatCount(b.associations.size()) << "\n"
            // What the lists take in memory and in a binary bundle (stats/associations.h).
            << "  packed       " << FormatCount(4 * b.associations.packed().body_words) << " bytes of neighbour lists ("
            << b.associations.packed().id_bits << "-bit entries in " << FormatCount(b.associations.packed().runs)
            << " runs), " << FormatCount(b.associations.packed().pair_count) << " distinct (co, score) pairs\n"
            << "  scorer       " << p.scorer << "\n";
  if (p.first_timestamp >= 0)
    std::cout << "  date range   " << FormatIsoTime(p.first_timestamp) << " .. " << FormatIsoTime(p.last_timestamp) << "\n";
  std::cout << "  skipped      " << p.malformed << " malformed, " << p.returns << " returns, " << p.oversized_orders
            << " oversized orders, " << p.unknown_products << " rows of unknown products\n";
  for (const BundleInput& in : p.inputs)
    std::cout << "  input        " << in.name << " (" << in.format << ", " << FormatCount(in.lines) << " lines)\n";
  std::size_t with_neighbours = 0;
  for (std::size_t i = 0; i < b.associations.products(); ++i)
    with_neighbours += b.associations.Of(static_cast<ProductIndex>(i)).size() ? 1 : 0;
  std::cout << "  coverage     " << FormatCount(with_neighbours) << " products have co-purchase neighbours\n";

  // The strongest pairs by co-purchase count, each pair once.
  struct Pair {
    ProductIndex a, b;
    std::uint32_t co;
  };
  std::vector<Pair> pairs;
  for (std::size_t a = 0; a < b.associations.products(); ++a)
    for (const Neighbour& n : b.associations.Of(static_cast<ProductIndex>(a)))
      if (a < n.product) pairs.push_back({static_cast<ProductIndex>(a), n.product, n.co});
  std::sort(pairs.begin(), pairs.end(), [&](const Pair& x, const Pair& y) {
    if (x.co != y.co) return x.co > y.co;
    return std::tie(b.catalog[x.a].id, b.catalog[x.b].id) < std::tie(b.catalog[y.a].id, b.catalog[y.b].id);
  });
  if (!pairs.empty()) std::cout << "strongest pairs (orders with both):\n";
  for (std::size_t i = 0; i < pairs.size() && i < top; ++i)
    std::cout << "  " << FormatCount(pairs[i].co) << "  " << b.catalog[pairs[i].a].title << "  +  "
              << b.catalog[pairs[i].b].title << "\n";
  return kExitOk;
}

}  // namespace cartlift::cli
