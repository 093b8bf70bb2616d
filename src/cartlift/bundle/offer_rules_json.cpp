#include "cartlift/bundle/offer_rules_json.h"

#include <cmath>
#include <cstdint>

#include "cartlift/catalog/catalog_json.h"
#include "cartlift/types.h"

namespace cartlift {
namespace {

using Json = nlohmann::ordered_json;

// Enough for any real store, small enough that a hostile bundle cannot make rules the slow part.
constexpr std::size_t kMaxBundleRules = 1000;
constexpr std::size_t kMaxBundleItems = 8;
constexpr std::size_t kMaxVolumeTiers = 20;
constexpr std::size_t kMaxProtectionBands = 200;
constexpr std::size_t kMaxListEntries = 100;
constexpr double kMaxPercentOff = 90;

Error WrongType(const std::string& path, const char* want) {
  return MakeError(ErrorCode::kWrongType, std::string("expected ") + want, path);
}

Status ReadString(const Json& v, const std::string& path, std::size_t max_bytes, std::string* out) {
  if (!v.is_string()) return WrongType(path, "a string");
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() > max_bytes)
    return MakeError(ErrorCode::kLimitExceeded, "string longer than " + std::to_string(max_bytes) + " bytes", path);
  *out = s;
  return Status::Ok();
}

Status ReadStringList(const Json& obj, const char* key, const std::string& path, std::size_t max_bytes,
                      std::vector<std::string>* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  const std::string p = path + "/" + key;
  if (!it->is_array()) return WrongType(p, "an array of strings");
  if (it->size() > kMaxListEntries)
    return MakeError(ErrorCode::kLimitExceeded, "at most " + std::to_string(kMaxListEntries) + " entries", p);
  for (std::size_t i = 0; i < it->size(); ++i) {
    std::string s;
    Status st = ReadString((*it)[i], p + "/" + std::to_string(i), max_bytes, &s);
    if (!st.ok()) return st;
    out->push_back(std::move(s));
  }
  return Status::Ok();
}

Status ReadMoney(const Json& obj, const char* key, const std::string& path, Money* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  const std::string p = path + "/" + key;
  if (!it->is_number_integer()) return WrongType(p, "an integer amount in minor units");
  const auto v = it->get<std::int64_t>();
  if (v < 0 || v > Limits::kMaxPriceMinor) return MakeError(ErrorCode::kInvalidPrice, "must be 0..10^12 minor units", p);
  *out = v;
  return Status::Ok();
}

Status ReadPercent(const Json& obj, const std::string& path, BasisPoints* out) {
  auto it = obj.find("percent_off");
  if (it == obj.end()) return Status::Ok();
  const std::string p = path + "/percent_off";
  if (!it->is_number()) return WrongType(p, "a number");
  if (!PercentToBasisPoints(it->get<double>(), kMaxPercentOff, out))
    return MakeError(ErrorCode::kInvalidValue, "percent_off must be more than 0 and at most 90, with at most two decimals", p);
  return Status::Ok();
}

Status ReadBundleRule(const Json& b, const std::string& path, BundleRule* out) {
  if (!b.is_object()) return WrongType(path, "an object");
  auto id = b.find("id");
  if (id == b.end()) return MakeError(ErrorCode::kMissingField, "missing id", path + "/id");
  Status s = ReadString(*id, path + "/id", Limits::kMaxIdBytes, &out->id);
  if (!s.ok()) return s;
  if (out->id.empty()) return MakeError(ErrorCode::kInvalidValue, "id is empty", path + "/id");
  if (auto t = b.find("title"); t != b.end()) {
    s = ReadString(*t, path + "/title", Limits::kMaxStringBytes, &out->title);
    if (!s.ok()) return s;
  }
  if (b.find("products") == b.end()) return MakeError(ErrorCode::kMissingField, "missing products", path + "/products");
  s = ReadStringList(b, "products", path, Limits::kMaxIdBytes, &out->products);
  if (!s.ok()) return s;
  if (out->products.size() < 2 || out->products.size() > kMaxBundleItems)
    return MakeError(ErrorCode::kInvalidValue, "a bundle has 2..8 products", path + "/products");
  for (std::size_t i = 0; i < out->products.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (out->products[i] == out->products[j])
        return MakeError(ErrorCode::kDuplicateId, "product listed twice", path + "/products/" + std::to_string(i));
  s = ReadPercent(b, path, &out->percent_off);
  if (!s.ok()) return s;
  s = ReadMoney(b, "amount_off", path, &out->amount_off);
  if (!s.ok()) return s;
  if (out->percent_off > 0 && out->amount_off > 0)
    return MakeError(ErrorCode::kInvalidValue, "give percent_off or amount_off, not both", path + "/amount_off");
  return Status::Ok();
}

Status ReadBundles(const Json& rules, const std::string& path, Rules* r) {
  auto it = rules.find("bundles");
  if (it == rules.end()) return Status::Ok();
  const std::string p = path + "/bundles";
  if (!it->is_array()) return WrongType(p, "an array of bundles");
  if (it->size() > kMaxBundleRules) return MakeError(ErrorCode::kLimitExceeded, "at most 1000 bundles", p);
  for (std::size_t i = 0; i < it->size(); ++i) {
    BundleRule b;
    Status s = ReadBundleRule((*it)[i], p + "/" + std::to_string(i), &b);
    if (!s.ok()) return s;
    for (const BundleRule& other : r->bundles)
      if (other.id == b.id) return MakeError(ErrorCode::kDuplicateId, "bundle id used twice", p + "/" + std::to_string(i) + "/id");
    r->bundles.push_back(std::move(b));
  }
  return Status::Ok();
}

Status ReadMinedBundles(const Json& rules, const std::string& path, Rules* r) {
  auto it = rules.find("mined_bundles");
  if (it == rules.end() || it->is_null()) return Status::Ok();
  const std::string p = path + "/mined_bundles";
  if (!it->is_object()) return WrongType(p, "an object");
  MinedBundles& m = r->mined_bundles;
  m.enabled = true;
  if (auto e = it->find("enabled"); e != it->end()) {
    if (!e->is_boolean()) return WrongType(p + "/enabled", "true or false");
    m.enabled = e->get<bool>();
  }
  Status s = ReadPercent(*it, p, &m.percent_off);
  if (!s.ok()) return s;
  if (auto c = it->find("min_co_purchases"); c != it->end()) {
    if (!c->is_number_unsigned() || c->get<std::uint64_t>() < 1 || c->get<std::uint64_t>() > 1'000'000)
      return MakeError(ErrorCode::kInvalidValue, "min_co_purchases must be 1..1000000", p + "/min_co_purchases");
    m.min_co_purchases = c->get<std::uint32_t>();
  }
  if (auto n = it->find("max_items"); n != it->end()) {
    if (!n->is_number_integer() || n->get<std::int64_t>() < 2 || n->get<std::int64_t>() > 3)
      return MakeError(ErrorCode::kInvalidValue, "max_items must be 2 or 3", p + "/max_items");
    m.max_items = static_cast<int>(n->get<std::int64_t>());
  }
  return Status::Ok();
}

Status ReadVolumeTiers(const Json& rules, const std::string& path, Rules* r) {
  auto it = rules.find("volume_tiers");
  if (it == rules.end()) return Status::Ok();
  const std::string p = path + "/volume_tiers";
  if (!it->is_array()) return WrongType(p, "an array of tiers");
  if (it->size() > kMaxVolumeTiers) return MakeError(ErrorCode::kLimitExceeded, "at most 20 volume tiers", p);
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& t = (*it)[i];
    const std::string tp = p + "/" + std::to_string(i);
    if (!t.is_object()) return WrongType(tp, "an object");
    VolumeTier tier;
    auto q = t.find("min_qty");
    if (q == t.end()) return MakeError(ErrorCode::kMissingField, "missing min_qty", tp + "/min_qty");
    if (!q->is_number_integer() || q->get<std::int64_t>() < 2 || q->get<std::int64_t>() > 10'000)
      return MakeError(ErrorCode::kInvalidValue, "min_qty must be an integer 2..10000", tp + "/min_qty");
    tier.min_qty = q->get<std::int64_t>();
    if (t.find("percent_off") == t.end())
      return MakeError(ErrorCode::kMissingField, "missing percent_off", tp + "/percent_off");
    Status s = ReadPercent(t, tp, &tier.percent_off);
    if (!s.ok()) return s;
    s = ReadStringList(t, "products", tp, Limits::kMaxIdBytes, &tier.products);
    if (!s.ok()) return s;
    s = ReadStringList(t, "categories", tp, Limits::kMaxStringBytes, &tier.categories);
    if (!s.ok()) return s;
    r->volume_tiers.push_back(std::move(tier));
  }
  return Status::Ok();
}

Status ReadProtection(const Json& rules, const std::string& path, Rules* r) {
  auto it = rules.find("protection");
  if (it == rules.end()) return Status::Ok();
  const std::string p = path + "/protection";
  if (!it->is_array()) return WrongType(p, "an array of price bands");
  if (it->size() > kMaxProtectionBands) return MakeError(ErrorCode::kLimitExceeded, "at most 200 protection bands", p);
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& b = (*it)[i];
    const std::string bp = p + "/" + std::to_string(i);
    if (!b.is_object()) return WrongType(bp, "an object");
    ProtectionBand band;
    auto prod = b.find("product");
    if (prod == b.end()) return MakeError(ErrorCode::kMissingField, "missing product", bp + "/product");
    Status s = ReadString(*prod, bp + "/product", Limits::kMaxIdBytes, &band.product);
    if (!s.ok()) return s;
    s = ReadStringList(b, "categories", bp, Limits::kMaxStringBytes, &band.categories);
    if (!s.ok()) return s;
    s = ReadMoney(b, "min_price", bp, &band.min_price);
    if (!s.ok()) return s;
    s = ReadMoney(b, "max_price", bp, &band.max_price);
    if (!s.ok()) return s;
    if (band.max_price > 0 && band.max_price < band.min_price)
      return MakeError(ErrorCode::kInvalidValue, "max_price is below min_price", bp + "/max_price");
    r->protection.push_back(std::move(band));
  }
  return Status::Ok();
}

Status ReadReward(const Json& rules, const std::string& path, Rules* r) {
  auto it = rules.find("reward");
  if (it == rules.end() || it->is_null()) return Status::Ok();
  const std::string p = path + "/reward";
  if (!it->is_object()) return WrongType(p, "an object");
  auto code = it->find("code");
  if (code == it->end()) return MakeError(ErrorCode::kMissingField, "missing code", p + "/code");
  Status s = ReadString(*code, p + "/code", 64, &r->reward.code);
  if (!s.ok()) return s;
  if (r->reward.code.empty()) return MakeError(ErrorCode::kInvalidValue, "code is empty", p + "/code");
  if (HasControlCharacter(r->reward.code))
    return MakeError(ErrorCode::kInvalidValue, "code has a control character", p + "/code");
  auto text = it->find("text");
  if (text == it->end()) return MakeError(ErrorCode::kMissingField, "missing text", p + "/text");
  s = ReadString(*text, p + "/text", 240, &r->reward.text);
  if (!s.ok()) return s;
  if (r->reward.text.empty()) return MakeError(ErrorCode::kInvalidValue, "text is empty", p + "/text");
  return ReadMoney(*it, "min_order", p, &r->reward.min_order);
}

// Whole percentages stay integers in the JSON, as merchants write them.
Json PercentOf(BasisPoints bp) {
  if (bp % 100 == 0) return bp / 100;
  return bp / 100.0;
}

}  // namespace

bool PercentToBasisPoints(double percent, double max_percent, BasisPoints* out) {
  if (!std::isfinite(percent) || percent <= 0 || percent > max_percent) return false;
  const double scaled = percent * 100;
  const double rounded = std::round(scaled);
  if (std::fabs(scaled - rounded) > 1e-6) return false;
  *out = static_cast<BasisPoints>(rounded);
  return *out > 0;
}

Status ReadOfferRules(const Json& rules, const std::string& path, Rules* r) {
  for (auto read : {ReadBundles, ReadMinedBundles, ReadVolumeTiers, ReadProtection, ReadReward}) {
    Status s = read(rules, path, r);
    if (!s.ok()) return s;
  }
  if (auto m = rules.find("min_margin"); m != rules.end()) {
    if (!m->is_number()) return WrongType(path + "/min_margin", "a number");
    const double v = m->get<double>();
    if (!(v >= 0 && v < 1))
      return MakeError(ErrorCode::kInvalidValue, "min_margin must be 0..1 (share of the price), below 1", path + "/min_margin");
    r->min_margin = v;
  }
  return Status::Ok();
}

void OfferRulesToJson(const Rules& r, Json* out) {
  Json& j = *out;
  if (!r.bundles.empty()) {
    Json list = Json::array();
    for (const BundleRule& b : r.bundles) {
      Json e = Json::object();
      e["id"] = b.id;
      if (!b.title.empty()) e["title"] = b.title;
      e["products"] = b.products;
      if (b.percent_off > 0) e["percent_off"] = PercentOf(b.percent_off);
      if (b.amount_off > 0) e["amount_off"] = b.amount_off;
      list.push_back(std::move(e));
    }
    j["bundles"] = std::move(list);
  }
  if (r.mined_bundles.enabled) {
    const MinedBundles& m = r.mined_bundles;
    Json e = Json::object();
    if (m.percent_off > 0) e["percent_off"] = PercentOf(m.percent_off);
    e["min_co_purchases"] = m.min_co_purchases;
    e["max_items"] = m.max_items;
    j["mined_bundles"] = std::move(e);
  }
  if (!r.volume_tiers.empty()) {
    Json list = Json::array();
    for (const VolumeTier& t : r.volume_tiers) {
      Json e = Json::object();
      e["min_qty"] = t.min_qty;
      e["percent_off"] = PercentOf(t.percent_off);
      if (!t.products.empty()) e["products"] = t.products;
      if (!t.categories.empty()) e["categories"] = t.categories;
      list.push_back(std::move(e));
    }
    j["volume_tiers"] = std::move(list);
  }
  if (!r.protection.empty()) {
    Json list = Json::array();
    for (const ProtectionBand& b : r.protection) {
      Json e = Json::object();
      if (!b.categories.empty()) e["categories"] = b.categories;
      if (b.min_price > 0) e["min_price"] = b.min_price;
      if (b.max_price > 0) e["max_price"] = b.max_price;
      e["product"] = b.product;
      list.push_back(std::move(e));
    }
    j["protection"] = std::move(list);
  }
  if (!r.reward.code.empty()) {
    Json e = Json::object();
    e["code"] = r.reward.code;
    e["text"] = r.reward.text;
    if (r.reward.min_order > 0) e["min_order"] = r.reward.min_order;
    j["reward"] = std::move(e);
  }
  if (r.min_margin > 0) j["min_margin"] = r.min_margin;
}

}  // namespace cartlift
