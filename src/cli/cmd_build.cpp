// cartlift build: orders (+ catalog, rules) -> store bundle.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <iostream>
// GCC 12 with sanitizers reports a false maybe-uninitialized inside libstdc++'s regex compiler.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <sys/resource.h>

#include "args.h"
#include "cartlift/builder.h"
#include "cartlift/bundle/bundle_binary.h"
#include "cartlift/bundle/bundle_json.h"
#include "cartlift/bundle/experiments_json.h"
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/money.h"
#include "commands.h"
#include "input.h"
#include "order_files.h"
#include "tuning.h"

namespace cartlift::cli {
namespace {

constexpr const char* kUsage =
    "usage: cartlift build --orders FILE [--orders FILE...] [--catalog FILE] [--rules FILE]\n"
    "         [--experiments FILE]\n"
    "         [--format csv|baskets] [--separator comma|space|tab] [--strict]\n"
    "         [--order-column NAME] [--product-column NAME] [--time-column NAME]\n"
    "         [--quantity-column NAME] [--price-column NAME] [--title-column NAME]\n"
    "         [--product-pattern REGEX] [--currency CODE] [--scorer NAME] [--min-co N]\n"
    "         [--shrink X] [--neighbours N] [--max-order-items N] [--quiet] [--binary] -o BUNDLE\n"
    "         [--infer-upgrades on|off] [--min-upgrade-confidence X]\n"
    "   or: cartlift build --pairs FILE --item-counts FILE [--orders-count N] [--catalog FILE] ... -o BUNDLE\n"
    "Pair counts (CSV product_a,product_b,co and product_id,orders; docs/scale.md) give the same\n"
    "bundle as the orders they were counted from.\n"
    "Without --format, .csv files are read as CSV with a header and other files as one basket\n"
    "per line. Column names default to common exports (order_id/InvoiceNo/Name, product_id/\n"
    "StockCode/sku/Lineitem sku, timestamp/InvoiceDate/created_at, ...).\n";




long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}


bool ParseCount(const std::string& text, std::size_t min, std::size_t max, std::size_t* out) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return false;
  *out = std::stoul(text);
  return *out >= min && *out <= max;
}

bool ParseU32(const std::string& text, std::uint32_t* out) {
  std::size_t v = 0;
  if (!ParseCount(text, 0, 0xffffffffu, &v)) return false;
  *out = static_cast<std::uint32_t>(v);
  return true;
}

// Reads one CSV of pair or item counts; a first line whose count column is not a number is a
// header. `fields` is 3 for pairs, 2 for item counts.
bool ReadCountsCsv(const std::string& path, std::size_t fields,
                   const std::function<void(const std::vector<std::string>&, std::uint32_t)>& row,
                   std::uint64_t* lines, std::string* err) {
  auto in = OpenInput(path, err);
  if (!in) return false;
  std::string line;
  std::uint64_t n = 0;
  while (std::getline(*in, line)) {
    ++n;
    if (line.empty() || line == "\r") continue;
    auto cols = SplitHeader(line);
    std::uint32_t count = 0;
    if (cols.size() != fields || !ParseU32(cols.back(), &count)) {
      if (n == 1) continue;
      *err = path + ":" + std::to_string(n) + ": expected " + std::to_string(fields) + " columns ending in a count";
      return false;
    }
    cols.pop_back();
    row(cols, count);
  }
  *lines = n;
  return true;
}

bool ReadPairCounts(const Args& args, BundleBuilder* builder, bool quiet, std::string* err) {
  std::uint64_t lines = 0, most = 0;
  ReadReport none;
  for (const std::string& path : args.All("item-counts")) {
    if (!ReadCountsCsv(path, 2, [&](const std::vector<std::string>& c, std::uint32_t k) {
          builder->AddItemCount(c[0], k);
          most = std::max<std::uint64_t>(most, k);
        }, &lines, err))
      return false;
    none.lines = lines;
    builder->AddInput(path, "item_counts", none);
  }
  for (const std::string& path : args.All("pairs")) {
    if (!ReadCountsCsv(path, 3, [&](const std::vector<std::string>& c, std::uint32_t k) {
          builder->AddPairCount(c[0], c[1], k);
        }, &lines, err))
      return false;
    none.lines = lines;
    builder->AddInput(path, "pairs", none);
  }
  std::size_t orders = 0;
  if (args.Has("orders-count")) {
    if (!ParseCount(args.Get("orders-count"), 1, 999999999, &orders)) return *err = "bad --orders-count", false;
  } else {
    // Lift needs the number of orders; the best seller's count is the only safe lower bound.
    orders = static_cast<std::size_t>(most);
    if (!quiet) std::cerr << "no --orders-count: assuming " << orders << " orders (lift is overstated)\n";
  }
  builder->AddOrderCount(orders);
  return true;
}

}  // namespace

int RunBuild(int argc, char** argv) {
  Args args;
  std::string err;
  if (!args.Parse(argc, argv, 2, {"strict", "quiet", "help", "binary"}, &err)) {
    std::cerr << "cartlift build: " << err << "\n" << kUsage;
    return kExitUsage;
  }
  if (args.Has("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  const auto unknown = args.Unknown({"orders", "catalog", "rules", "format", "separator", "strict", "order-column",
                                     "product-column", "time-column", "quantity-column", "price-column",
                                     "title-column", "product-pattern", "currency", "scorer", "min-co", "shrink",
                                     "neighbours", "max-order-items", "quiet", "output", "help", "pairs",
                                     "item-counts", "orders-count", "alpha", "beta", "half-life-days",
                                     "order-size-damping", "merge", "backfill", "collapse-titles",
                                     "max-per-category", "price-anchor", "binary", "experiments",
                                     "infer-upgrades", "min-upgrade-confidence"});
  if (!unknown.empty() || !args.positional().empty()) {
    std::cerr << "cartlift build: unknown argument "
              << (unknown.empty() ? args.positional().front() : unknown.front()) << "\n" << kUsage;
    return kExitUsage;
  }
  const auto orders = args.All("orders");
  const bool from_pairs = args.Has("pairs") || args.Has("item-counts");
  if ((orders.empty() == !from_pairs) || !args.Has("output") ||
      (from_pairs && (!args.Has("pairs") || !args.Has("item-counts")))) {
    std::cerr << "cartlift build: -o and either --orders or --pairs with --item-counts are required\n" << kUsage;
    return kExitUsage;
  }
  const bool quiet = args.Has("quiet");
  const auto start = std::chrono::steady_clock::now();

  BuildOptions options;
  if (args.Has("scorer") && !ParseScorer(args.Get("scorer"), &options.associations.scorer)) {
    std::cerr << "cartlift build: unknown --scorer; use co_count, confidence, lift, cosine, jaccard or "
                 "shrunk_confidence\n";
    return kExitUsage;
  }
  std::size_t n = 0;
  if (args.Has("min-co")) {
    if (!ParseCount(args.Get("min-co"), 1, 1000000, &n)) return std::cerr << "cartlift build: bad --min-co\n", kExitUsage;
    options.associations.min_co = static_cast<std::uint32_t>(n);
  }
  if (args.Has("neighbours")) {
    if (!ParseCount(args.Get("neighbours"), 1, 1000, &n)) return std::cerr << "cartlift build: bad --neighbours\n", kExitUsage;
    options.associations.neighbours = n;
  }
  if (args.Has("max-order-items")) {
    if (!ParseCount(args.Get("max-order-items"), 2, 100000, &n))
      return std::cerr << "cartlift build: bad --max-order-items\n", kExitUsage;
    options.max_order_items = n;
  }
  if (args.Has("shrink")) {
    try {
      options.associations.shrink = std::stod(args.Get("shrink"));
    } catch (...) {
      options.associations.shrink = -1;
    }
    if (!(options.associations.shrink >= 0 && options.associations.shrink <= 1e6))
      return std::cerr << "cartlift build: bad --shrink\n", kExitUsage;
  }
  if (!ApplyTuningFlags(args, &options, &err)) return std::cerr << "cartlift build: " << err << "\n", kExitUsage;
  // Upgrade ladders inferred from titles (ladder_inference.h): on unless the merchant says off.
  if (args.Has("infer-upgrades")) {
    const std::string v = args.Get("infer-upgrades");
    if (v != "on" && v != "off") return std::cerr << "cartlift build: --infer-upgrades must be on or off\n", kExitUsage;
    options.infer_upgrades.enabled = v == "on";
  }
  if (args.Has("min-upgrade-confidence")) {
    double v = -1;
    try {
      v = std::stod(args.Get("min-upgrade-confidence"));
    } catch (...) {
    }
    if (!(v >= 0 && v <= 1)) return std::cerr << "cartlift build: --min-upgrade-confidence must be 0..1\n", kExitUsage;
    options.infer_upgrades.min_confidence = v;
  }
  // Pair counts carry no dates and no order sizes, so weighted counting cannot be redone from them.
  if (from_pairs && (options.half_life_days > 0 || options.order_size_damping > 0))
    return std::cerr << "cartlift build: --half-life-days and --order-size-damping need --orders\n", kExitUsage;

  std::string currency = args.Get("currency", "GBP");
  if (CurrencyExponent(currency) < 0) {
    std::cerr << "cartlift build: unknown currency " << currency << "\n";
    return kExitUsage;
  }
  BundleBuilder builder(options);
  if (args.Has("catalog")) {
    std::string text;
    if (!ReadAll(args.Get("catalog"), &text, &err)) return std::cerr << "cartlift build: " << err << "\n", kExitBadInput;
    Result<Catalog> cat = LoadCatalogJson(text);
    if (!cat.ok()) {
      std::cerr << "cartlift build: " << args.Get("catalog") << ": " << cat.error().code_name() << " at "
                << (cat.error().path.empty() ? "/" : cat.error().path) << ": " << cat.error().message << "\n";
      return kExitBadInput;
    }
    currency = cat.value().currency;
    builder.SetCatalog(std::move(cat).value());
  }
  if (args.Has("rules")) {
    std::string text;
    if (!ReadAll(args.Get("rules"), &text, &err)) return std::cerr << "cartlift build: " << err << "\n", kExitBadInput;
    Result<Rules> rules = ParseRulesJson(text);
    if (!rules.ok()) {
      std::cerr << "cartlift build: " << args.Get("rules") << ": " << rules.error().code_name() << " at "
                << (rules.error().path.empty() ? "/" : rules.error().path) << ": " << rules.error().message << "\n";
      return kExitBadInput;
    }
    builder.SetRules(std::move(rules).value());
  }
  // The experiments array of docs/formats.md; checked here so a typo fails the build, not serving.
  std::vector<Experiment> experiments;
  if (args.Has("experiments")) {
    std::string text;
    if (!ReadAll(args.Get("experiments"), &text, &err)) return std::cerr << "cartlift build: " << err << "\n", kExitBadInput;
    Result<std::vector<Experiment>> ex = ParseExperimentsJson(text);
    if (!ex.ok()) {
      std::cerr << "cartlift build: " << args.Get("experiments") << ": " << ex.error().code_name() << " at "
                << (ex.error().path.empty() ? "/" : ex.error().path) << ": " << ex.error().message << "\n";
      return kExitBadInput;
    }
    experiments = std::move(ex).value();
  }

  std::regex pattern;
  const bool has_pattern = args.Has("product-pattern");
  if (has_pattern) {
    try {
      pattern = std::regex(args.Get("product-pattern"), std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      std::cerr << "cartlift build: --product-pattern is not a valid regular expression\n";
      return kExitUsage;
    }
  }
  std::uint64_t total_lines = 0, total_malformed = 0;
  for (const std::string& path : orders) {
    const std::string format = args.Get("format", GuessOrderFormat(path));
    const std::string sep = args.Get("separator", "auto");
    if (format != "csv" && format != "baskets") {
      std::cerr << "cartlift build: --format must be csv or baskets\n";
      return kExitUsage;
    }
    if (sep != "auto" && sep != "comma" && sep != "space" && sep != "tab") {
      std::cerr << "cartlift build: --separator must be comma, space, tab or auto\n";
      return kExitUsage;
    }
    ReadReport report;
    std::function<bool(const std::string&)> keep;
    if (has_pattern) keep = [&pattern](const std::string& id) { return std::regex_match(id, pattern); };
    if (!ReadOrderFile(path, args, CurrencyExponent(currency), builder.Sink(), &report, &err, keep)) {
      std::cerr << "cartlift build: " << err << "\n";
      return kExitBadInput;
    }
    builder.AddInput(path, format, report);
    total_lines += report.lines;
    total_malformed += report.malformed;
    if (!quiet) {
      std::cerr << "read " << path << " (" << format << "): " << report.lines << " lines, " << report.orders
                << " orders, " << report.malformed << " malformed, " << report.returns << " returns ignored\n";
      for (std::size_t i = 0; i < report.problems.size() && i < 5; ++i) std::cerr << "  " << report.problems[i] << "\n";
      if (report.problems.size() > 5) std::cerr << "  ... and " << report.malformed - 5 << " more\n";
    }
  }
  if (from_pairs && !ReadPairCounts(args, &builder, quiet, &err))
    return std::cerr << "cartlift build: " << err << "\n", kExitBadInput;
  Result<Bundle> bundle = builder.Finish();
  if (!bundle.ok()) return std::cerr << "cartlift build: " << bundle.error().message << "\n", kExitBadInput;
  bundle.value().catalog.currency = currency;
  bundle.value().experiments = std::move(experiments);
  // --binary: the form edge workers and the widget load without a JSON parse (bundle_binary.h).
  const std::string json = args.Has("binary") ? WriteBundleBinary(bundle.value()) : WriteBundleJson(bundle.value());
  if (!WriteAtomically(args.Get("output"), json, &err)) return std::cerr << "cartlift build: " << err << "\n", kExitBadInput;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!quiet) {
    const Provenance& p = bundle.value().built_from;
    std::cerr << "built " << args.Get("output") << ": " << p.orders << " orders, " << bundle.value().catalog.size()
              << " products, " << p.pairs_kept << " pairs kept, " << p.oversized_orders << " oversized orders skipped, "
              << total_malformed << " malformed of " << total_lines << " lines, "
              << bundle.value().inferred_upgrades.size() << " inferred upgrades; " << json.size() / 1024 << " KiB in "
              << secs << " s, peak RSS " << PeakRssKb() / 1024 << " MiB\n";
  }
  return kExitOk;
}

}  // namespace cartlift::cli
