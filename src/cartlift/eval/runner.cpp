#include "cartlift/eval/runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "cartlift/engine.h"
#include "cartlift/eval/metrics.h"

namespace cartlift::eval {
namespace {

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string ScorerText(const BuildOptions& b) {
  const AssociationOptions& a = b.associations;
  if (a.neighbours == 0) return "orders";
  std::string s = ScorerName(a.scorer);
  if (a.scorer == Scorer::kShrunkConfidence) s += "(shrink " + Fixed(a.shrink, 1) + ")";
  if (a.scorer == Scorer::kDampedConfidence)
    s += "(alpha " + Fixed(a.alpha, 2) + ", beta " + Fixed(a.beta, 2) + ", shrink " + Fixed(a.shrink, 1) + ")";
  if (b.half_life_days > 0) s += ", half-life " + Fixed(b.half_life_days, 0) + " d";
  if (b.order_size_damping > 0) s += ", order-size damping " + Fixed(b.order_size_damping, 2);
  s += std::string(", merge ") + CartMergeName(b.cross_sell.merge);
  return s;
}

}  // namespace

std::vector<Method> StandardMethods(const BuildOptions& default_options, double sar_half_life_days) {
  BuildOptions base;
  base.max_order_items = default_options.max_order_items;
  base.associations.min_co = default_options.associations.min_co;
  base.associations.neighbours = default_options.associations.neighbours;
  base.cross_sell = CrossSellOptions{};
  base.cross_sell.merge = CartMerge::kSum;
  base.cross_sell.backfill = Backfill::kPopular;
  base.cross_sell.collapse_titles = TitleCollapse::kNone;
  base.cross_sell.max_per_category = 0;
  base.cross_sell.price_anchor = 0;

  std::vector<Method> out;
  Method pop{"popularity", base, false};
  pop.build.associations.neighbours = 0;
  out.push_back(pop);
  for (auto [name, scorer] : {std::pair{"co_count", Scorer::kCoCount}, std::pair{"confidence", Scorer::kConfidence},
                              std::pair{"lift", Scorer::kLift}, std::pair{"cosine", Scorer::kCosine},
                              std::pair{"jaccard", Scorer::kJaccard}}) {
    Method m{name, base, false};
    m.build.associations.scorer = scorer;
    out.push_back(m);
  }
  // SAR: Jaccard over time-decayed co-occurrence (SAR's default similarity and decay).
  Method sar{"sar_decay", base, true};
  sar.build.associations.scorer = Scorer::kJaccard;
  sar.build.half_life_days = sar_half_life_days;
  out.push_back(sar);
  out.push_back(Method{"default", default_options, false});
  return out;
}

Bundle BuildTrainBundle(const std::vector<Order>& orders, const Split& split, const Catalog* catalog,
                        const BuildOptions& options) {
  BundleBuilder builder(options);
  if (catalog) builder.SetCatalog(*catalog);
  for (std::size_t i : split.train) builder.AddOrder(orders[i]);
  Result<Bundle> b = builder.Finish();
  return std::move(b).value();
}

std::vector<TestCart> MakeCarts(const std::vector<Order>& orders, const std::vector<std::size_t>& test,
                                const Catalog& known, const EvalOptions& options, EvalReport* report) {
  std::vector<TestCart> carts;
  std::vector<std::string> ids;
  for (std::size_t i : test) {
    const Order& order = orders[i];
    ids.clear();
    for (const OrderItem& item : order.items)
      if (item.quantity > 0) ids.push_back(item.product_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    report->test_items += ids.size();
    const auto known_end = std::stable_partition(ids.begin(), ids.end(),
                                                 [&](const std::string& id) { return known.Find(id) != kNoProduct; });
    report->unknown_items += static_cast<std::size_t>(ids.end() - known_end);
    ids.erase(known_end, ids.end());
    if (ids.size() < 2) {
      ++report->too_small;
      continue;
    }
    // The cart depends on the order and the seed only, so every method sees the same carts.
    Rng rng(HashString(order.id, options.seed) ^ (static_cast<std::uint64_t>(i) * 0x9e3779b97f4a7c15ULL));
    for (std::size_t k = ids.size() - 1; k > 0; --k) std::swap(ids[k], ids[static_cast<std::size_t>(rng.Below(k + 1))]);
    const std::size_t most = std::min(std::max<std::size_t>(options.max_cart_items, 1), ids.size() - 1);
    const std::size_t size = 1 + static_cast<std::size_t>(rng.Below(most));
    TestCart cart;
    cart.cart.assign(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(size));
    for (std::size_t k = size; k < ids.size(); ++k) cart.targets.push_back(known.Find(ids[k]));
    std::sort(cart.targets.begin(), cart.targets.end());
    carts.push_back(std::move(cart));
  }
  report->eligible = carts.size();
  if (options.max_carts > 0 && carts.size() > options.max_carts) {
    // A seeded sample, kept in test order.
    std::vector<std::size_t> pick(carts.size());
    for (std::size_t k = 0; k < pick.size(); ++k) pick[k] = k;
    Rng rng(options.seed ^ 0x5eed5eedULL);
    for (std::size_t k = pick.size() - 1; k > 0; --k) std::swap(pick[k], pick[static_cast<std::size_t>(rng.Below(k + 1))]);
    pick.resize(options.max_carts);
    std::sort(pick.begin(), pick.end());
    std::vector<TestCart> kept;
    for (std::size_t k : pick) kept.push_back(std::move(carts[k]));
    carts = std::move(kept);
  }
  return carts;
}

EvalReport RunEval(const std::vector<Order>& orders, const Split& split, const Catalog* catalog,
                   const std::vector<Method>& methods, const EvalOptions& options) {
  EvalReport report;
  report.train_orders = split.train.size();
  report.test_orders = split.test.size();
  report.dated = !split.train.empty();
  for (std::size_t i : split.train)
    if (orders[i].timestamp < 0) report.dated = false;
  const std::size_t max_k = options.ks.empty() ? 10 : *std::max_element(options.ks.begin(), options.ks.end());

  std::vector<TestCart> carts;
  bool have_carts = false;
  for (const Method& method : methods) {
    MethodResult res;
    res.name = method.name;
    res.scorer = ScorerText(method.build);
    if (method.needs_time && !report.dated) {
      res.available = false;
      res.note = "n/a: needs order dates";
      report.methods.push_back(std::move(res));
      continue;
    }
    const auto t0 = std::chrono::steady_clock::now();
    Bundle bundle = BuildTrainBundle(orders, split, catalog, method.build);
    res.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    bundle.rules.max_offers = static_cast<int>(std::min<std::size_t>(max_k, Limits::kMaxOffers));
    if (!have_carts) {
      // Every method's bundle resolves products identically (same orders, same catalog).
      carts = MakeCarts(orders, split.test, bundle.catalog, options, &report);
      report.carts = carts.size();
      report.products = bundle.catalog.size();
      have_carts = true;
    }
    std::unique_ptr<Engine> engine = Engine::FromBundle(std::move(bundle));
    const Catalog& cat = engine->bundle().catalog;

    std::vector<double> latency;
    latency.reserve(carts.size());
    res.at.resize(options.ks.size());
    std::vector<std::unordered_set<ProductIndex>> shown(options.ks.size());
    std::vector<ProductIndex> recs, cart_products;
    double mrr = 0;
    for (const TestCart& tc : carts) {
      Request req;
      for (const std::string& id : tc.cart) req.cart.push_back(CartLine{id, 1, -1, kNoProduct});
      req.limit = static_cast<int>(max_k);
      req.types = {OfferType::kCrossSell};
      const auto start = std::chrono::steady_clock::now();
      Result<Response> out = engine->Recommend(std::move(req));
      latency.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
      recs.clear();
      cart_products.clear();
      for (const std::string& id : tc.cart) cart_products.push_back(cat.Find(id));
      if (out.ok()) {
        for (const Offer& o : out.value().offers) {
          if (std::find(cart_products.begin(), cart_products.end(), o.product) != cart_products.end()) ++res.in_cart;
          if (std::find(recs.begin(), recs.end(), o.product) != recs.end()) ++res.duplicate;
          if (!cat[o.product].Available()) ++res.out_of_stock;
          recs.push_back(o.product);
        }
      }
      for (std::size_t j = 0; j < options.ks.size(); ++j) {
        const std::size_t k = options.ks[j];
        AtK& a = res.at[j];
        a.k = k;
        a.hit += HitAtK(recs, tc.targets, k);
        a.precision += PrecisionAtK(recs, tc.targets, k);
        a.recall += RecallAtK(recs, tc.targets, k);
        a.ndcg += NdcgAtK(recs, tc.targets, k);
        for (std::size_t r = 0; r < recs.size() && r < k; ++r) shown[j].insert(recs[r]);
      }
      mrr += ReciprocalRank(recs, tc.targets);
    }
    const double n = carts.empty() ? 1 : static_cast<double>(carts.size());
    for (std::size_t j = 0; j < options.ks.size(); ++j) {
      AtK& a = res.at[j];
      a.k = options.ks[j];
      a.hit /= n;
      a.precision /= n;
      a.recall /= n;
      a.ndcg /= n;
      a.coverage = cat.size() ? static_cast<double>(shown[j].size()) / static_cast<double>(cat.size()) : 0;
    }
    res.mrr = mrr / n;
    res.latency_p50_us = Median(latency);
    res.latency_p99_us = Percentile(latency, 99);
    report.methods.push_back(std::move(res));
  }
  return report;
}

std::string ReportTable(const EvalReport& r) {
  std::string out;
  out += "train orders " + std::to_string(r.train_orders) + ", test orders " + std::to_string(r.test_orders) +
         ", carts " + std::to_string(r.carts) + " (eligible " + std::to_string(r.eligible) + "; " +
         std::to_string(r.too_small) + " test orders with < 2 known products skipped; " +
         std::to_string(r.unknown_items) + " of " + std::to_string(r.test_items) +
         " test order items unknown to the bundle), products " + std::to_string(r.products) + "\n";
  char line[512];
  std::string head = "method      ";
  for (std::size_t j = 0; !r.methods.empty() && j < r.methods.front().at.size(); ++j) {
    const std::string k = std::to_string(r.methods.front().at[j].k);
    std::snprintf(line, sizeof line, " %7s %7s %7s %7s %6s", ("HR@" + k).c_str(), ("P@" + k).c_str(),
                  ("R@" + k).c_str(), ("NDCG@" + k).c_str(), ("cov@" + k).c_str());
    head += line;
  }
  head += "     MRR  p50 us  p99 us  viol\n";
  out += head;
  for (const MethodResult& m : r.methods) {
    std::snprintf(line, sizeof line, "%-12s", m.name.c_str());
    out += line;
    if (!m.available) {
      out += " " + m.note + "\n";
      continue;
    }
    for (const AtK& a : m.at) {
      std::snprintf(line, sizeof line, " %7.4f %7.4f %7.4f %7.4f %6.3f", a.hit, a.precision, a.recall, a.ndcg,
                    a.coverage);
      out += line;
    }
    std::snprintf(line, sizeof line, " %7.4f %7.1f %7.1f %5llu\n", m.mrr, m.latency_p50_us, m.latency_p99_us,
                  static_cast<unsigned long long>(m.in_cart + m.duplicate + m.out_of_stock));
    out += line;
  }
  for (const MethodResult& m : r.methods)
    if (m.available) out += "  " + m.name + ": " + m.scorer + "\n";
  return out;
}

std::string ReportJson(const EvalReport& r) {
  using Json = nlohmann::ordered_json;
  auto round = [](double v) { return std::round(v * 1e6) / 1e6; };
  Json methods = Json::array();
  for (const MethodResult& m : r.methods) {
    Json j{{"name", m.name}, {"scorer", m.scorer}, {"available", m.available}};
    if (!m.available) {
      j["note"] = m.note;
      methods.push_back(std::move(j));
      continue;
    }
    Json at = Json::object();
    for (const AtK& a : m.at)
      at[std::to_string(a.k)] = Json{{"hit_rate", round(a.hit)}, {"precision", round(a.precision)},
                                     {"recall", round(a.recall)}, {"ndcg", round(a.ndcg)},
                                     {"coverage", round(a.coverage)}};
    j["at_k"] = std::move(at);
    j["mrr"] = round(m.mrr);
    j["latency_us"] = Json{{"p50", round(m.latency_p50_us)}, {"p99", round(m.latency_p99_us)}};
    j["guardrail_violations"] = Json{{"in_cart", m.in_cart}, {"duplicate", m.duplicate},
                                     {"out_of_stock", m.out_of_stock},
                                     {"total", m.in_cart + m.duplicate + m.out_of_stock}};
    j["build_seconds"] = round(m.build_seconds);
    methods.push_back(std::move(j));
  }
  Json doc{{"format", "cartlift.eval/1"},
           {"train_orders", r.train_orders},
           {"test_orders", r.test_orders},
           {"carts", r.carts},
           {"eligible_test_orders", r.eligible},
           {"skipped_test_orders_under_2_known", r.too_small},
           {"unknown_test_items", r.unknown_items},
           {"test_items", r.test_items},
           {"products", r.products},
           {"dated", r.dated},
           {"methods", std::move(methods)}};
  return doc.dump(2) + "\n";
}

}  // namespace cartlift::eval
