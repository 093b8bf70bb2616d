// cartlift eval: offline quality of "frequently bought together" against standard recommenders,
// all built and replayed in one run on one split.
#include <algorithm>
#include <iostream>

#include "args.h"
#include "cartlift/bundle/bundle_json.h"
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/money.h"
#include "cartlift/eval/runner.h"
#include "commands.h"
#include "input.h"
#include "order_files.h"
#include "tuning.h"

namespace cartlift::cli {
namespace {

constexpr const char* kUsage =
    "usage: cartlift eval --train FILE... (--test FILE... | --split-date YYYY-MM-DD |\n"
    "         --split-random FRACTION | --validation FRACTION)\n"
    "         [--format csv|baskets] [--separator comma|space|tab] [--catalog FILE]\n"
    "         [-k 5,10,20] [--carts N] [--seed S] [--max-cart-items N] [--json OUT]\n"
    "         [--methods popularity,co_count,confidence,lift,cosine,jaccard,sar_decay,default]\n"
    "         [--sar-half-life-days D] [--quiet] [column flags of 'cartlift build']\n"
    "--test: build on the --train files, replay the --test files. --split-date: orders before the\n"
    "date build, the rest replay. --split-random: a seeded share of orders replays (undated data).\n"
    "--validation: the newest share of the train side (seeded random share when undated)\n"
    "replays instead; tune with it, keep the test side for the final check. Tuning flags set the\n"
    "default method:\n";

bool ParseList(const std::string& text, std::vector<std::size_t>* out) {
  out->clear();
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string part = text.substr(start, comma - start);
    if (part.empty() || part.size() > 3 ||
        !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    const std::size_t k = std::stoul(part);
    if (k < 1 || k > Limits::kMaxOffers) return false;
    out->push_back(k);
    start = comma + 1;
  }
  return !out->empty();
}

bool ParseFraction(const std::string& text, double* out) {
  try {
    std::size_t used = 0;
    *out = std::stod(text, &used);
    return used == text.size() && *out > 0 && *out < 1;
  } catch (...) {
    return false;
  }
}

bool ParseU64(const std::string& text, std::uint64_t* out) {
  if (text.empty() || text.size() > 19 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  *out = std::stoull(text);
  return true;
}

}  // namespace

int RunEval(int argc, char** argv) {
  Args args;
  std::string err;
  if (!args.Parse(argc, argv, 2, {"strict", "quiet", "help"}, &err)) {
    std::cerr << "cartlift eval: " << err << "\n" << kUsage << kTuningUsage;
    return kExitUsage;
  }
  if (args.Has("help")) {
    std::cout << kUsage << kTuningUsage;
    return kExitOk;
  }
  std::set<std::string> known{"train", "orders", "test", "split-date", "split-random", "validation", "format",
                              "separator", "catalog", "k", "carts", "seed", "json", "methods", "max-cart-items",
                              "sar-half-life-days", "quiet", "strict", "help", "order-column", "product-column",
                              "time-column", "quantity-column", "price-column", "title-column"};
  known.insert(TuningFlags().begin(), TuningFlags().end());
  const auto unknown = args.Unknown(known);
  if (!unknown.empty() || !args.positional().empty()) {
    std::cerr << "cartlift eval: unknown argument " << (unknown.empty() ? args.positional().front() : unknown.front())
              << "\n" << kUsage;
    return kExitUsage;
  }
  std::vector<std::string> train_files = args.All("train");
  for (const std::string& f : args.All("orders")) train_files.push_back(f);
  const std::vector<std::string> test_files = args.All("test");
  const int modes = (test_files.empty() ? 0 : 1) + (args.Has("split-date") ? 1 : 0) + (args.Has("split-random") ? 1 : 0);
  if (train_files.empty() || modes > 1 || (modes == 0 && !args.Has("validation"))) {
    std::cerr << "cartlift eval: --train and one of --test, --split-date, --split-random (and/or --validation)\n"
              << kUsage;
    return kExitUsage;
  }

  eval::EvalOptions opt;
  if (args.Has("k") && !ParseList(args.Get("k"), &opt.ks))
    return std::cerr << "cartlift eval: -k takes a list like 5,10,20 (1..100)\n", kExitUsage;
  std::uint64_t u = 0;
  if (args.Has("seed")) {
    if (!ParseU64(args.Get("seed"), &u)) return std::cerr << "cartlift eval: bad --seed\n", kExitUsage;
    opt.seed = u;
  }
  if (args.Has("carts")) {
    if (!ParseU64(args.Get("carts"), &u) || u == 0) return std::cerr << "cartlift eval: bad --carts\n", kExitUsage;
    opt.max_carts = static_cast<std::size_t>(u);
  }
  if (args.Has("max-cart-items")) {
    if (!ParseU64(args.Get("max-cart-items"), &u) || u == 0 || u > 100)
      return std::cerr << "cartlift eval: bad --max-cart-items\n", kExitUsage;
    opt.max_cart_items = static_cast<std::size_t>(u);
  }
  double sar_half_life = 30;  // SAR's documented default time-decay half-life
  if (args.Has("sar-half-life-days")) {
    try {
      sar_half_life = std::stod(args.Get("sar-half-life-days"));
    } catch (...) {
      sar_half_life = -1;
    }
    if (!(sar_half_life > 0 && sar_half_life < 1e5)) return std::cerr << "cartlift eval: bad --sar-half-life-days\n", kExitUsage;
  }
  BuildOptions defaults;
  if (!ApplyTuningFlags(args, &defaults, &err)) return std::cerr << "cartlift eval: " << err << "\n", kExitUsage;

  Catalog catalog;
  const bool has_catalog = args.Has("catalog");
  std::string currency = "GBP";
  if (has_catalog) {
    std::string text;
    if (!ReadAll(args.Get("catalog"), &text, &err)) return std::cerr << "cartlift eval: " << err << "\n", kExitBadInput;
    Result<Catalog> cat = LoadCatalogJson(text);
    if (!cat.ok()) {
      std::cerr << "cartlift eval: " << args.Get("catalog") << ": " << cat.error().code_name() << ": "
                << cat.error().message << "\n";
      return kExitBadInput;
    }
    catalog = std::move(cat).value();
    currency = catalog.currency;
  }

  std::vector<Order> orders;
  const bool quiet = args.Has("quiet");
  auto read = [&](const std::vector<std::string>& files) {
    for (const std::string& path : files) {
      ReadReport report;
      if (!ReadOrderFile(path, args, CurrencyExponent(currency), [&](const Order& o) { orders.push_back(o); }, &report,
                         &err))
        return false;
      if (!quiet)
        std::cerr << "read " << path << ": " << report.orders << " orders, " << report.malformed << " malformed, "
                  << report.returns << " returns ignored\n";
    }
    return true;
  };
  if (!read(train_files)) return std::cerr << "cartlift eval: " << err << "\n", kExitBadInput;
  const std::size_t train_count = orders.size();
  if (!read(test_files)) return std::cerr << "cartlift eval: " << err << "\n", kExitBadInput;

  eval::Split split;
  if (!test_files.empty()) {
    for (std::size_t i = 0; i < orders.size(); ++i) (i < train_count ? split.train : split.test).push_back(i);
  } else if (args.Has("split-date")) {
    const std::int64_t cutoff = ParseTimestamp(args.Get("split-date"));
    if (cutoff < 0) return std::cerr << "cartlift eval: --split-date takes YYYY-MM-DD\n", kExitUsage;
    split = eval::SplitByTime(orders, cutoff);
    if (split.undated && !quiet) std::cerr << split.undated << " undated orders left out of a time split\n";
  } else if (args.Has("split-random")) {
    double fraction = 0;
    if (!ParseFraction(args.Get("split-random"), &fraction))
      return std::cerr << "cartlift eval: --split-random takes a fraction in (0, 1)\n", kExitUsage;
    split = eval::SplitRandom(orders, fraction, opt.seed);
  } else {
    for (std::size_t i = 0; i < orders.size(); ++i) split.train.push_back(i);
  }
  if (args.Has("validation")) {
    // Tuning never looks at the test side: the validation orders come out of the train side.
    double fraction = 0;
    if (!ParseFraction(args.Get("validation"), &fraction))
      return std::cerr << "cartlift eval: --validation takes a fraction in (0, 1)\n", kExitUsage;
    std::vector<Order> train;
    train.reserve(split.train.size());
    for (std::size_t i : split.train) train.push_back(std::move(orders[i]));
    orders = std::move(train);
    const bool dated = std::all_of(orders.begin(), orders.end(), [](const Order& o) { return o.timestamp >= 0; });
    split = dated ? eval::SplitLastFraction(orders, fraction)
                  : eval::SplitRandom(orders, fraction, opt.seed ^ 0x76616cULL);
  }
  if (split.train.empty() || split.test.empty())
    return std::cerr << "cartlift eval: the split left no train or no test orders\n", kExitBadInput;

  std::vector<eval::Method> methods = eval::StandardMethods(defaults, sar_half_life);
  if (args.Has("methods")) {
    const std::string list = "," + args.Get("methods") + ",";
    std::vector<eval::Method> kept;
    for (eval::Method& m : methods)
      if (list.find("," + m.name + ",") != std::string::npos) kept.push_back(std::move(m));
    if (kept.empty()) return std::cerr << "cartlift eval: --methods names none of the methods\n", kExitUsage;
    methods = std::move(kept);
  }
  const eval::EvalReport report = eval::RunEval(orders, split, has_catalog ? &catalog : nullptr, methods, opt);
  std::cout << eval::ReportTable(report);
  if (args.Has("json") && !WriteAtomically(args.Get("json"), eval::ReportJson(report), &err))
    return std::cerr << "cartlift eval: " << err << "\n", kExitBadInput;
  return kExitOk;
}

}  // namespace cartlift::cli
