#include "cartlift/bundle/bundle_json.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <ctime>
#include <new>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cartlift/bundle/offer_rules_json.h"
#include "cartlift/bundle/experiments_json.h"
#include "cartlift/bundle/inferred_upgrades.h"
#include "cartlift/bundle/neighbour_limit.h"
#include "cartlift/catalog/json_text.h"
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/money.h"
#include "cartlift/json_writer.h"
#include "cartlift/orders/orders.h"

namespace cartlift {
namespace {

using Json = nlohmann::ordered_json;

// Scores are stored rounded so the readable form stays short and equal builds stay byte-equal.
double RoundScore(float s) { return std::round(static_cast<double>(s) * 1e6) / 1e6; }

Error WrongType(const std::string& path, const char* want) {
  return MakeError(ErrorCode::kWrongType, std::string("expected ") + want, path);
}

Status ReadStrings(const Json& parent, const char* key, const std::string& path,
                   std::vector<std::string>* out) {
  auto it = parent.find(key);
  if (it == parent.end()) return Status::Ok();
  if (!it->is_array()) return WrongType(path + "/" + key, "an array of strings");
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& v = (*it)[i];
    const std::string p = path + "/" + key + "/" + std::to_string(i);
    if (!v.is_string()) return WrongType(p, "a string");
    if (v.get_ref<const std::string&>().size() > Limits::kMaxStringBytes)
      return MakeError(ErrorCode::kLimitExceeded, "string longer than 4096 bytes", p);
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

Json RulesToJson(const Rules& r);

Result<Rules> ReadRules(const Json& doc) {
  Rules r;
  auto it = doc.find("rules");
  if (it == doc.end() || it->is_null()) return r;
  if (!it->is_object()) return WrongType("/rules", "an object");
  const Json& rules = *it;
  if (auto ex = rules.find("exclude"); ex != rules.end()) {
    if (!ex->is_object()) return WrongType("/rules/exclude", "an object");
    for (auto [key, out] : {std::pair{"products", &r.exclude_products},
                            std::pair{"categories", &r.exclude_categories},
                            std::pair{"tags", &r.exclude_tags}}) {
      Status s = ReadStrings(*ex, key, "/rules/exclude", out);
      if (!s.ok()) return s.error();
    }
  }
  if (auto m = rules.find("max_offers"); m != rules.end()) {
    if (!m->is_number_integer()) return WrongType("/rules/max_offers", "an integer");
    const auto v = m->get<std::int64_t>();
    if (v < 1 || v > static_cast<std::int64_t>(Limits::kMaxOffers))
      return MakeError(ErrorCode::kInvalidValue, "max_offers must be 1..100", "/rules/max_offers");
    r.max_offers = static_cast<int>(v);
  }
  if (auto c = rules.find("addon_price_cap"); c != rules.end()) {
    if (!c->is_number()) return WrongType("/rules/addon_price_cap", "a number");
    const double v = c->get<double>();
    if (!(v >= 0 && v <= 100))
      return MakeError(ErrorCode::kInvalidValue, "addon_price_cap must be 0..100 (share of cart value)",
                       "/rules/addon_price_cap");
    r.addon_price_cap = v;
  }
  if (auto u = rules.find("upsell_max_delta"); u != rules.end()) {
    if (!u->is_number()) return WrongType("/rules/upsell_max_delta", "a number");
    const double v = u->get<double>();
    if (!(v >= 0 && v <= 100))
      return MakeError(ErrorCode::kInvalidValue, "upsell_max_delta must be 0..100 (share of the cart item's price)",
                       "/rules/upsell_max_delta");
    r.upsell_max_delta = v;
  }
  if (auto f = rules.find("infer_upgrades"); f != rules.end()) {
    if (!f->is_boolean()) return WrongType("/rules/infer_upgrades", "a boolean");
    r.infer_upgrades = f->get<bool>();
  }
  if (auto c = rules.find("min_upgrade_confidence"); c != rules.end()) {
    if (!c->is_number()) return WrongType("/rules/min_upgrade_confidence", "a number");
    const double v = c->get<double>();
    if (!(v >= 0 && v <= 1))
      return MakeError(ErrorCode::kInvalidValue, "min_upgrade_confidence must be 0..1", "/rules/min_upgrade_confidence");
    r.min_upgrade_confidence = v;
  }
  if (auto f = rules.find("free_shipping_threshold"); f != rules.end()) {
    if (!f->is_number_integer()) return WrongType("/rules/free_shipping_threshold", "an integer amount in minor units");
    const auto v = f->get<std::int64_t>();
    if (v < 0 || v > Limits::kMaxPriceMinor)
      return MakeError(ErrorCode::kInvalidPrice, "free_shipping_threshold must be 0..10^12 minor units",
                       "/rules/free_shipping_threshold");
    r.free_shipping_threshold = v;
  }
  const auto offer_type = [](const std::string& name, const std::string& path, OfferType* out) -> Status {
    if (ParseOfferType(name, out)) return Status::Ok();
    return MakeError(ErrorCode::kInvalidValue, "unknown offer type; expected cross_sell, upsell, bundle, threshold or addon",
                     path);
  };
  if (auto m = rules.find("max_per_type"); m != rules.end()) {
    if (!m->is_object()) return WrongType("/rules/max_per_type", "an object {offer type: count}");
    for (auto e = m->begin(); e != m->end(); ++e) {
      const std::string path = "/rules/max_per_type/" + e.key();
      OfferType t;
      Status s = offer_type(e.key(), path, &t);
      if (!s.ok()) return s.error();
      if (!e->is_number_integer()) return WrongType(path, "an integer");
      const auto v = e->get<std::int64_t>();
      if (v < 0 || v > static_cast<std::int64_t>(Limits::kMaxOffers))
        return MakeError(ErrorCode::kInvalidValue, "max_per_type counts must be 0..100", path);
      r.max_per_type.emplace_back(t, static_cast<int>(v));
    }
  }
  if (auto pl = rules.find("placements"); pl != rules.end()) {
    if (!pl->is_object()) return WrongType("/rules/placements", "an object {page: [offer types]}");
    for (auto e = pl->begin(); e != pl->end(); ++e) {
      const std::string path = "/rules/placements/" + e.key();
      if (e.key() != "product" && e.key() != "cart" && e.key() != "checkout")
        return MakeError(ErrorCode::kInvalidValue, "page must be product, cart or checkout", path);
      if (!e->is_array()) return WrongType(path, "an array of offer types");
      std::vector<OfferType> types;
      for (std::size_t i = 0; i < e->size(); ++i) {
        const std::string ipath = path + "/" + std::to_string(i);
        if (!(*e)[i].is_string()) return WrongType(ipath, "a string");
        OfferType t;
        Status s = offer_type((*e)[i].get<std::string>(), ipath, &t);
        if (!s.ok()) return s.error();
        types.push_back(t);
      }
      r.placements.emplace_back(e.key(), std::move(types));
    }
  }
  {
    Status s = ReadStrings(rules, "pins", "/rules", &r.pins);
    if (!s.ok()) return s.error();
    if (r.pins.size() > Limits::kMaxOffers)
      return MakeError(ErrorCode::kLimitExceeded, "at most 100 pins", "/rules/pins");
  }
  Status offers = ReadOfferRules(rules, "/rules", &r);
  if (!offers.ok()) return offers.error();
  // The same cap as a standalone rules file and the binary bundle, measured on what either would
  // store, so a JSON bundle never loads rules its binary form would refuse.
  if (DumpedSize(RulesToJson(r)) > Limits::kMaxRulesBytes)
    return MakeError(ErrorCode::kLimitExceeded, "rules larger than 1 MiB", "/rules");
  return r;
}

Json RulesToJson(const Rules& r) {
  Json j = Json::object();
  Json ex = Json::object();
  if (!r.exclude_products.empty()) ex["products"] = r.exclude_products;
  if (!r.exclude_categories.empty()) ex["categories"] = r.exclude_categories;
  if (!r.exclude_tags.empty()) ex["tags"] = r.exclude_tags;
  if (!ex.empty()) j["exclude"] = ex;
  j["max_offers"] = r.max_offers;
  if (r.addon_price_cap > 0) j["addon_price_cap"] = r.addon_price_cap;
  // Defaults are left out so bundles written before these rules existed stay byte-identical.
  if (r.upsell_max_delta != Rules().upsell_max_delta) j["upsell_max_delta"] = r.upsell_max_delta;
  if (!r.infer_upgrades) j["infer_upgrades"] = false;
  if (r.min_upgrade_confidence > 0) j["min_upgrade_confidence"] = r.min_upgrade_confidence;
  if (r.free_shipping_threshold > 0) j["free_shipping_threshold"] = r.free_shipping_threshold;
  if (!r.max_per_type.empty()) {
    Json m = Json::object();
    for (const auto& [t, n] : r.max_per_type) m[OfferTypeName(t)] = n;
    j["max_per_type"] = m;
  }
  if (!r.placements.empty()) {
    Json m = Json::object();
    for (const auto& [page, types] : r.placements) {
      Json a = Json::array();
      for (OfferType t : types) a.push_back(OfferTypeName(t));
      m[page] = a;
    }
    j["placements"] = m;
  }
  if (!r.pins.empty()) j["pins"] = r.pins;
  OfferRulesToJson(r, &j);
  return j;
}

std::int64_t ParseIsoOrMissing(const Json& range, std::size_t i) {
  if (!range.is_array() || range.size() <= i || !range[i].is_string()) return -1;
  return ParseTimestamp(range[i].get<std::string>());
}

Result<Provenance> ReadProvenance(const Json& doc) {
  Provenance p;
  auto it = doc.find("built_from");
  if (it == doc.end()) return p;
  if (!it->is_object()) return WrongType("/built_from", "an object");
  const Json& b = *it;
  auto u64 = [&](const Json& o, const char* key, std::uint64_t* out, const std::string& path) -> Status {
    auto f = o.find(key);
    if (f == o.end()) return Status::Ok();
    if (!f->is_number_unsigned() && !(f->is_number_integer() && f->get<std::int64_t>() >= 0))
      return WrongType(path + "/" + key, "a non-negative integer");
    *out = f->get<std::uint64_t>();
    return Status::Ok();
  };
  for (auto [key, out] : {std::pair{"orders", &p.orders}, std::pair{"order_items", &p.order_items},
                          std::pair{"pairs_kept", &p.pairs_kept}}) {
    Status s = u64(b, key, out, "/built_from");
    if (!s.ok()) return s.error();
  }
  if (auto sk = b.find("skipped"); sk != b.end() && sk->is_object()) {
    for (auto [key, out] : {std::pair{"malformed", &p.malformed}, std::pair{"returns", &p.returns},
                            std::pair{"oversized_orders", &p.oversized_orders},
                            std::pair{"single_item_orders", &p.single_item_orders},
                            std::pair{"unknown_products", &p.unknown_products}}) {
      Status s = u64(*sk, key, out, "/built_from/skipped");
      if (!s.ok()) return s.error();
    }
  }
  if (auto in = b.find("inputs"); in != b.end() && in->is_array()) {
    for (const Json& i : *in) {
      if (!i.is_object()) continue;
      BundleInput bi;
      bi.name = i.value("name", std::string());
      bi.format = i.value("format", std::string());
      if (auto l = i.find("lines"); l != i.end() && l->is_number_unsigned()) bi.lines = l->get<std::uint64_t>();
      p.inputs.push_back(std::move(bi));
    }
  }
  if (auto r = b.find("date_range"); r != b.end()) {
    p.first_timestamp = ParseIsoOrMissing(*r, 0);
    p.last_timestamp = ParseIsoOrMissing(*r, 1);
  }
  if (auto s = b.find("scorer"); s != b.end() && s->is_string()) p.scorer = s->get<std::string>();
  auto number = [](const Json& o, const char* key, double* out) {
    if (auto f = o.find(key); f != o.end() && f->is_number() && std::isfinite(f->get<double>())) *out = f->get<double>();
  };
  number(b, "half_life_days", &p.half_life_days);
  number(b, "order_size_damping", &p.order_size_damping);
  if (auto so = b.find("scorer_options"); so != b.end() && so->is_object()) {
    number(*so, "shrink", &p.shrink);
    number(*so, "alpha", &p.alpha);
    number(*so, "beta", &p.beta);
  }
  return p;
}

// Optional: a bundle without "cross_sell" serves with the defaults of this version.
Result<CrossSellOptions> ReadCrossSell(const Json& doc) {
  CrossSellOptions o;
  auto it = doc.find("cross_sell");
  if (it == doc.end() || it->is_null()) return o;
  if (!it->is_object()) return WrongType("/cross_sell", "an object");
  const Json& c = *it;
  auto name = [&](const char* key, auto parse, auto* out) -> Status {
    auto f = c.find(key);
    if (f == c.end()) return Status::Ok();
    if (!f->is_string() || !parse(f->template get<std::string>(), out))
      return MakeError(ErrorCode::kInvalidValue, std::string("unknown ") + key, std::string("/cross_sell/") + key);
    return Status::Ok();
  };
  Status s = name("merge", [](const std::string& v, CartMerge* m) { return ParseCartMerge(v, m); }, &o.merge);
  if (!s.ok()) return s.error();
  s = name("backfill", [](const std::string& v, Backfill* m) { return ParseBackfill(v, m); }, &o.backfill);
  if (!s.ok()) return s.error();
  s = name("collapse_titles", [](const std::string& v, TitleCollapse* m) { return ParseTitleCollapse(v, m); },
           &o.collapse_titles);
  if (!s.ok()) return s.error();
  if (auto f = c.find("max_per_category"); f != c.end()) {
    if (!f->is_number_integer() || f->get<std::int64_t>() < 0 || f->get<std::int64_t>() > 100)
      return MakeError(ErrorCode::kInvalidValue, "max_per_category must be 0..100", "/cross_sell/max_per_category");
    o.max_per_category = static_cast<int>(f->get<std::int64_t>());
  }
  if (auto f = c.find("price_anchor"); f != c.end()) {
    if (!f->is_number() || !(f->get<double>() >= 0 && f->get<double>() <= 10))
      return MakeError(ErrorCode::kInvalidValue, "price_anchor must be 0..10", "/cross_sell/price_anchor");
    o.price_anchor = f->get<double>();
  }
  return o;
}

Status ReadAssociations(const Json& doc, Bundle* bundle) {
  const std::size_t n = bundle->catalog.size();
  std::vector<std::vector<Neighbour>> lists(n);
  auto it = doc.find("associations");
  if (it != doc.end()) {
    if (!it->is_array()) return WrongType("/associations", "an array");
    std::vector<bool> seen(n, false);
    for (std::size_t i = 0; i < it->size(); ++i) {
      const Json& a = (*it)[i];
      const std::string path = "/associations/" + std::to_string(i);
      if (!a.is_object()) return WrongType(path, "an object");
      auto id = a.find("id");
      if (id == a.end()) return MakeError(ErrorCode::kMissingField, "missing id", path + "/id");
      if (!id->is_string()) return WrongType(path + "/id", "a string");
      const ProductIndex p = bundle->catalog.Find(id->get_ref<const std::string&>());
      if (p == kNoProduct)
        return MakeError(ErrorCode::kInvalidValue, "association for a product not in the bundle", path + "/id");
      if (seen[p]) return MakeError(ErrorCode::kDuplicateId, "second association list for one product", path + "/id");
      seen[p] = true;
      auto ns = a.find("neighbours");
      if (ns == a.end()) return MakeError(ErrorCode::kMissingField, "missing neighbours", path + "/neighbours");
      if (!ns->is_array()) return WrongType(path + "/neighbours", "an array");
      if (ns->size() > Limits::kMaxNeighbours) return TooManyNeighbours(ns->size(), path + "/neighbours");
      for (std::size_t j = 0; j < ns->size(); ++j) {
        const Json& nb = (*ns)[j];
        const std::string np = path + "/neighbours/" + std::to_string(j);
        if (!nb.is_object()) return WrongType(np, "an object");
        auto nid = nb.find("id");
        auto co = nb.find("co");
        auto sc = nb.find("score");
        if (nid == nb.end() || !nid->is_string()) return WrongType(np + "/id", "a string");
        if (co == nb.end() || !co->is_number_unsigned() || co->get<std::uint64_t>() > 0xffffffffULL)
          return WrongType(np + "/co", "a non-negative 32-bit integer");
        if (sc == nb.end() || !sc->is_number()) return WrongType(np + "/score", "a number");
        const double score = sc->get<double>();
        // Scores are kept as 32-bit floats (in memory and in the binary form): a larger one would
        // become infinity there.
        if (!std::isfinite(score) || score < 0 || score > std::numeric_limits<float>::max())
          return MakeError(ErrorCode::kInvalidValue, "score must be a number from 0 to 3.4e38", np + "/score");
        const ProductIndex q = bundle->catalog.Find(nid->get_ref<const std::string&>());
        if (q == kNoProduct || q == p)
          return MakeError(ErrorCode::kInvalidValue, "neighbour is not another product of the bundle", np + "/id");
        lists[p].push_back({q, co->get<std::uint32_t>(), static_cast<float>(score)});
      }
    }
  }
  std::vector<std::uint32_t> offsets(n + 1, 0);
  std::vector<Neighbour> flat;
  for (std::size_t p = 0; p < n; ++p) {
    flat.insert(flat.end(), lists[p].begin(), lists[p].end());
    offsets[p + 1] = static_cast<std::uint32_t>(flat.size());
  }
  bundle->associations = Associations::Pack(n, offsets.data(), flat.data());
  return Status::Ok();
}

Result<Bundle> ReadBundleParsed(Json& doc) {
  if (!doc.is_object()) return WrongType("", "a bundle object");
  auto fmt = doc.find("format");
  if (fmt == doc.end()) return MakeError(ErrorCode::kMissingField, "missing format", "/format");
  if (!fmt->is_string() || fmt->get<std::string>() != kBundleFormat)
    return MakeError(ErrorCode::kUnsupportedFormat, "expected format \"cartlift.bundle/1\"", "/format");
  auto products = doc.find("products");
  if (products == doc.end()) return MakeError(ErrorCode::kMissingField, "missing products", "/products");
  if (!products->is_array()) return WrongType("/products", "an array");

  std::vector<std::uint32_t> orders(products->size(), 0);
  for (std::size_t i = 0; i < products->size(); ++i) {
    const Json& p = (*products)[i];
    if (!p.is_object()) continue;  // the catalog reader reports it with its path
    if (auto o = p.find("orders"); o != p.end()) {
      if (!o->is_number_unsigned() || o->get<std::uint64_t>() > 0xffffffffULL)
        return WrongType("/products/" + std::to_string(i) + "/orders", "a non-negative 32-bit integer");
      orders[i] = o->get<std::uint32_t>();
    }
  }
  Result<Catalog> cat = CatalogFromJson(doc);
  if (!cat.ok()) return cat.error();

  Bundle b;
  b.catalog = std::move(cat).value();
  for (std::size_t i = 0; i < products->size(); ++i) {
    const Json& p = (*products)[i];
    if (auto k = p.find("known"); k != p.end() && k->is_boolean()) b.catalog.products[i].known = k->get<bool>();
  }
  b.product_orders = std::move(orders);
  if (Status up = ReadInferredUpgradesJson(*products, &b); !up.ok()) return up.error();
  Status s = ReadAssociations(doc, &b);
  if (!s.ok()) return s.error();
  Result<Rules> rules = ReadRules(doc);
  if (!rules.ok()) return rules.error();
  b.rules = std::move(rules).value();
  Result<Provenance> prov = ReadProvenance(doc);
  if (!prov.ok()) return prov.error();
  b.built_from = std::move(prov).value();
  Result<CrossSellOptions> xs = ReadCrossSell(doc);
  if (!xs.ok()) return xs.error();
  b.cross_sell = xs.value();
  if (auto ex = doc.find("experiments"); ex != doc.end()) {
    Result<std::vector<Experiment>> experiments = ReadExperiments(*ex, "/experiments");
    if (!experiments.ok()) return experiments.error();
    b.experiments = std::move(experiments).value();
  }
  return b;
}

// ---- writing: streamed through JsonWriter, section by section as the reader goes ----------
//
// Layout: one top-level member per line and one array element per line, so diffs between two
// builds show which products or associations changed. Records are compact JSON as
// nlohmann::json::dump() wrote them when the bundle was built as a DOM first; the text is the
// same, without the tree (which tripled the peak memory of a large build). Strings can differ
// in form, never in value: a backspace or form feed in a title is written \u0008 or \u000c
// rather than \b or \f, and invalid UTF-8 (only in a hand-assembled bundle) becomes one U+FFFD
// per bad byte.

// A top-level member: `"key": ` on a new line.
void BeginMember(std::string_view key, bool first, JsonWriter* w) {
  w->Raw(first ? "{\n\"" : ",\n\"");
  w->Raw(key);
  w->Raw("\": ");
}

// A top-level array, one element per line, "[]" when empty.
class LineArray {
 public:
  explicit LineArray(JsonWriter* w) : w_(w) {}
  // Starts the next element's line; write one value after it.
  void Next() { w_->Raw(count_++ == 0 ? "[\n  " : ",\n  "); }
  void End() { w_->Raw(count_ == 0 ? "[]" : "\n]"); }

 private:
  JsonWriter* w_;
  std::size_t count_ = 0;
};

void WriteProducts(const Bundle& b, JsonWriter* w) {
  const int exponent = CurrencyExponent(b.catalog.currency);
  LineArray products(w);
  for (std::size_t i = 0; i < b.catalog.size(); ++i) {
    products.Next();
    w->BeginObject();
    WriteProductMembers(b.catalog.products[i], exponent, w);
    w->Key("orders");
    w->UInt(i < b.product_orders.size() ? b.product_orders[i] : 0);
    if (const InferredUpgrade* up = FindInferredUpgrade(b.inferred_upgrades, static_cast<ProductIndex>(i)))
      WriteInferredUpgradeJson(*up, b.catalog, w);
    w->EndObject();
  }
  products.End();
}

// JsonDoubleText of recently written scores: a list repeats a score for every neighbour with the
// same count, and Grisu2 was 8 % of a large JSON build.
class ScoreTexts {
 public:
  std::string_view Of(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    Slot& s = slots_[(bits * 0x9E3779B97F4A7C15ull) >> 54];
    if (!s.used || s.bits != bits) s = {bits, true, JsonDoubleText(v)};
    return s.text;
  }

 private:
  struct Slot {
    std::uint64_t bits = 0;
    bool used = false;
    std::string text;
  };
  std::vector<Slot> slots_ = std::vector<Slot>(1024);
};

// Neighbour records are written as text around the two numbers, each product id escaped once
// (a product is the neighbour of many): the same bytes as Key/String/UInt per member, which
// were a third of writing a large bundle.
void WriteAssociations(const Bundle& b, JsonWriter* w) {
  std::vector<std::string> quoted(b.catalog.size());
  const auto id = [&](ProductIndex p) -> const std::string& {
    if (quoted[p].empty()) {
      JsonWriter q;
      q.String(b.catalog.products[p].id);
      quoted[p] = q.Take();
    }
    return quoted[p];
  };
  ScoreTexts scores;
  LineArray lists(w);
  for (std::size_t p = 0; p < b.associations.products(); ++p) {
    const auto span = b.associations.Of(static_cast<ProductIndex>(p));
    if (span.size() == 0) continue;
    lists.Next();
    w->Raw("{\"id\":");
    w->Raw(id(static_cast<ProductIndex>(p)));
    w->Raw(",\"neighbours\":[");
    const char* open = "{\"id\":";
    for (const Neighbour& n : span) {
      w->Raw(open);
      open = ",{\"id\":";
      w->Raw(id(n.product));
      w->Raw(",\"co\":");
      w->UInt(n.co);
      w->Raw(",\"score\":");
      w->Raw(scores.Of(RoundScore(n.score)));  // "null" when not finite, as WriteJsonDouble
      w->Raw("}");
    }
    w->Raw("]}");
  }
  lists.End();
}

// Rules and experiments are small, and their DOM writers are the one definition shared with
// the standalone rules and experiments files (and the rules size cap), so they are dumped.
void WriteRules(const Rules& rules, JsonWriter* w) {
  w->Raw(RulesToJson(rules).dump(-1, ' ', false, Json::error_handler_t::replace));
}

// Always written, [] when empty, as bundles have been since format 1.
void WriteExperiments(const std::vector<Experiment>& experiments, JsonWriter* w) {
  LineArray list(w);
  for (const Json& e : ExperimentsToJson(experiments)) {
    list.Next();
    w->Raw(e.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  list.End();
}

void WriteInputs(const std::vector<BundleInput>& inputs, JsonWriter* w) {
  w->BeginArray();
  for (const BundleInput& in : inputs) {
    w->BeginObject();
    w->Key("name");
    w->String(in.name);
    w->Key("format");
    w->String(in.format);
    w->Key("lines");
    w->UInt(in.lines);
    w->EndObject();
  }
  w->EndArray();
}

void WriteCounts(std::initializer_list<std::pair<const char*, std::uint64_t>> counts, JsonWriter* w) {
  for (const auto& [key, value] : counts) {
    w->Key(key);
    w->UInt(value);
  }
}

void WriteProvenance(const Provenance& pv, std::size_t products, JsonWriter* w) {
  w->BeginObject();
  w->Key("inputs");
  WriteInputs(pv.inputs, w);
  WriteCounts({{"orders", pv.orders}, {"order_items", pv.order_items}, {"products", products},
               {"pairs_kept", pv.pairs_kept}},
              w);
  w->Key("skipped");
  w->BeginObject();
  WriteCounts({{"malformed", pv.malformed},
               {"returns", pv.returns},
               {"oversized_orders", pv.oversized_orders},
               {"single_item_orders", pv.single_item_orders},
               {"unknown_products", pv.unknown_products}},
              w);
  w->EndObject();
  w->Key("date_range");
  w->BeginArray();
  if (pv.first_timestamp >= 0) {
    w->String(FormatIsoTime(pv.first_timestamp));
    w->String(FormatIsoTime(pv.last_timestamp));
  }
  w->EndArray();
  w->Key("scorer");
  w->String(pv.scorer);
  // Additive members, only when they say something, so bundles of plain builds do not change.
  for (auto [key, value] : {std::pair{"half_life_days", pv.half_life_days},
                            std::pair{"order_size_damping", pv.order_size_damping}}) {
    if (value <= 0) continue;
    w->Key(key);
    WriteJsonDouble(value, w);
  }
  if (pv.scorer == "damped_confidence") {
    w->Key("scorer_options");
    w->BeginObject();
    for (auto [key, value] : {std::pair{"shrink", pv.shrink}, std::pair{"alpha", pv.alpha}, std::pair{"beta", pv.beta}}) {
      w->Key(key);
      WriteJsonDouble(value, w);
    }
    w->EndObject();
  }
  w->EndObject();
}

void WriteCrossSell(const CrossSellOptions& o, JsonWriter* w) {
  w->BeginObject();
  w->Key("merge");
  w->String(CartMergeName(o.merge));
  w->Key("backfill");
  w->String(BackfillName(o.backfill));
  w->Key("collapse_titles");
  w->String(TitleCollapseName(o.collapse_titles));
  w->Key("max_per_category");
  w->Int(o.max_per_category);
  w->Key("price_anchor");
  WriteJsonDouble(o.price_anchor, w);
  w->EndObject();
}

}  // namespace

std::string FormatIsoTime(std::int64_t seconds) {
  if (seconds < 0) return {};
  // Civil-from-days (Howard Hinnant's algorithm): no dependence on the C library's time zone.
  const std::int64_t days = seconds / 86400, rem = seconds % 86400;
  const std::int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(rem / 3600),
                static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf;
}

std::string WriteRulesJson(const Rules& rules) { return RulesToJson(rules).dump(); }

Result<Rules> ParseRulesJson(std::string_view text) {
  if (text.size() > Limits::kMaxRulesBytes) return MakeError(ErrorCode::kLimitExceeded, "rules larger than 1 MiB", "");
  try {
    Status depth = PrescanJson(text);
    if (!depth.ok()) return depth.error();
    Json doc = Json::object();
    if (!ParseJsonDom(text, &doc["rules"])) return MakeError(ErrorCode::kMalformedJson, "rules are not valid JSON", "");
    Result<Rules> r = ReadRules(doc);
    if (!r.ok()) {
      Error e = r.error();
      if (e.path.rfind("/rules", 0) == 0) e.path = e.path.substr(6);
      return e;
    }
    return r;
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kMalformedJson, e.what(), "");
  }
}

Result<Bundle> ReadBundleJson(std::string_view text) {
  try {
    if (text.size() > Limits::kMaxBundleBytes)
      return MakeError(ErrorCode::kLimitExceeded, "bundle larger than 512 MiB", "");
    Status depth = PrescanJson(text);
    if (!depth.ok()) return depth.error();
    Json doc;
    if (!ParseJsonDom(text, &doc)) return MakeError(ErrorCode::kMalformedJson, "bundle is not valid JSON", "");
    return ReadBundleParsed(doc);
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kLimitExceeded, "out of memory while reading the bundle", "");
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kMalformedJson, e.what(), "");
  }
}

std::string WriteBundleJson(const Bundle& b) {
  JsonWriter w;
  BeginMember("format", true, &w);
  w.String(kBundleFormat);
  BeginMember("currency", false, &w);
  w.String(b.catalog.currency);
  BeginMember("products", false, &w);
  WriteProducts(b, &w);
  BeginMember("associations", false, &w);
  WriteAssociations(b, &w);
  BeginMember("rules", false, &w);
  WriteRules(b.rules, &w);
  BeginMember("experiments", false, &w);
  WriteExperiments(b.experiments, &w);
  BeginMember("built_from", false, &w);
  WriteProvenance(b.built_from, b.catalog.size(), &w);
  if (b.cross_sell != CrossSellOptions{}) {
    BeginMember("cross_sell", false, &w);
    WriteCrossSell(b.cross_sell, &w);
  }
  w.Raw("\n}\n");
  return w.Take();
}

}  // namespace cartlift
