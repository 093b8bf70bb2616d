#include "tuning.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace cartlift::cli {
namespace {

bool ParseNumber(const std::string& text, double min, double max, double* out) {
  if (text.empty() || text.size() > 32) return false;
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(v) || v < min || v > max) return false;
    *out = v;
    return true;
  } catch (...) {
    return false;
  }
}

bool ParseWhole(const std::string& text, std::size_t min, std::size_t max, std::size_t* out) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return false;
  *out = std::stoul(text);
  return *out >= min && *out <= max;
}

}  // namespace

const char* const kTuningUsage =
    "scoring:  [--scorer co_count|confidence|lift|cosine|jaccard|shrunk_confidence|damped_confidence]\n"
    "          [--shrink X] [--alpha X] [--beta X] [--min-co N] [--neighbours N]\n"
    "          [--max-order-items N] [--half-life-days D] [--order-size-damping X]\n"
    "serving:  [--merge sum|max|idf|noisy_or] [--backfill none|popular|category_then_popular]\n"
    "          [--collapse-titles none|identical|near] [--max-per-category N] [--price-anchor X]\n";

const std::set<std::string>& TuningFlags() {
  static const std::set<std::string> flags{"scorer", "shrink", "alpha", "beta", "min-co", "neighbours",
                                           "max-order-items", "half-life-days", "order-size-damping", "merge",
                                           "backfill", "collapse-titles", "max-per-category", "price-anchor"};
  return flags;
}

bool ApplyTuningFlags(const Args& args, BuildOptions* o, std::string* error) {
  AssociationOptions& a = o->associations;
  auto fail = [&](const std::string& flag) {
    *error = "bad --" + flag;
    return false;
  };
  if (args.Has("scorer") && !ParseScorer(args.Get("scorer"), &a.scorer)) {
    *error = "unknown --scorer; use co_count, confidence, lift, cosine, jaccard, shrunk_confidence or damped_confidence";
    return false;
  }
  std::size_t n = 0;
  double x = 0;
  if (args.Has("min-co")) {
    if (!ParseWhole(args.Get("min-co"), 1, 1000000, &n)) return fail("min-co");
    a.min_co = static_cast<std::uint32_t>(n);
  }
  if (args.Has("neighbours")) {
    if (!ParseWhole(args.Get("neighbours"), 1, 1000, &n)) return fail("neighbours");
    a.neighbours = n;
  }
  if (args.Has("max-order-items")) {
    if (!ParseWhole(args.Get("max-order-items"), 2, 100000, &n)) return fail("max-order-items");
    o->max_order_items = n;
  }
  const std::pair<const char*, double*> numbers[] = {{"shrink", &a.shrink}, {"alpha", &a.alpha}, {"beta", &a.beta}};
  for (auto [flag, out] : numbers) {
    if (!args.Has(flag)) continue;
    if (!ParseNumber(args.Get(flag), 0, flag[0] == 's' ? 1e6 : 4, &x)) return fail(flag);
    *out = x;
  }
  if (args.Has("half-life-days")) {
    if (!ParseNumber(args.Get("half-life-days"), 0, 1e5, &x)) return fail("half-life-days");
    o->half_life_days = x;
  }
  if (args.Has("order-size-damping")) {
    if (!ParseNumber(args.Get("order-size-damping"), 0, 4, &x)) return fail("order-size-damping");
    o->order_size_damping = x;
  }
  CrossSellOptions& c = o->cross_sell;
  if (args.Has("merge") && !ParseCartMerge(args.Get("merge"), &c.merge)) return fail("merge");
  if (args.Has("backfill") && !ParseBackfill(args.Get("backfill"), &c.backfill)) return fail("backfill");
  if (args.Has("collapse-titles") && !ParseTitleCollapse(args.Get("collapse-titles"), &c.collapse_titles))
    return fail("collapse-titles");
  if (args.Has("max-per-category")) {
    if (!ParseWhole(args.Get("max-per-category"), 0, 100, &n)) return fail("max-per-category");
    c.max_per_category = static_cast<int>(n);
  }
  if (args.Has("price-anchor")) {
    if (!ParseNumber(args.Get("price-anchor"), 0, 10, &x)) return fail("price-anchor");
    c.price_anchor = x;
  }
  return true;
}

}  // namespace cartlift::cli
