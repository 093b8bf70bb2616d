// JSON adapters of the serving façade: recommend requests in, offers out (docs/formats.md).
#include <cmath>
#include <new>

#include <nlohmann/json.hpp>

#include "cartlift/bundle/bundle_json.h"
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/money.h"
#include "cartlift/engine.h"
#include "cartlift/json_writer.h"

namespace cartlift {
namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

Error WrongType(const std::string& path, const char* want) {
  return MakeError(ErrorCode::kWrongType, std::string("expected ") + want, path);
}

Result<std::string> BoundedString(const Json& v, const std::string& path, std::size_t max) {
  if (!v.is_string()) return WrongType(path, "a string");
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() > max)
    return MakeError(ErrorCode::kLimitExceeded, "string longer than " + std::to_string(max) + " bytes", path);
  if (!IsValidUtf8(s)) return MakeError(ErrorCode::kInvalidValue, "string is not valid UTF-8", path);
  return s;
}

Result<Request> ParseRequestDoc(const Json& doc) {
  if (!doc.is_object()) return WrongType("", "a request object");
  Request r;
  auto cart = doc.find("cart");
  if (cart == doc.end()) return MakeError(ErrorCode::kMissingField, "missing cart", "/cart");
  if (!cart->is_array()) return WrongType("/cart", "an array");
  if (cart->size() > Limits::kMaxCartItems)
    return MakeError(ErrorCode::kLimitExceeded,
                     "cart has " + std::to_string(cart->size()) + " lines; at most 1000 are accepted", "/cart");
  for (std::size_t i = 0; i < cart->size(); ++i) {
    const Json& item = (*cart)[i];
    const std::string path = "/cart/" + std::to_string(i);
    CartLine line;
    if (item.is_string()) {
      // A bare id is accepted as shorthand for {"id": id, "qty": 1}.
      Result<std::string> id = BoundedString(item, path, Limits::kMaxIdBytes);
      if (!id.ok()) return id.error();
      line.id = std::move(id).value();
    } else {
      if (!item.is_object()) return WrongType(path, "an object {id, qty}");
      auto id = item.find("id");
      if (id == item.end()) return MakeError(ErrorCode::kMissingField, "missing id", path + "/id");
      Result<std::string> s = BoundedString(*id, path + "/id", Limits::kMaxIdBytes);
      if (!s.ok()) return s.error();
      line.id = std::move(s).value();
      if (auto q = item.find("qty"); q != item.end()) {
        if (!q->is_number_integer()) return WrongType(path + "/qty", "an integer");
        const auto qty = q->get<std::int64_t>();
        if (qty < 1 || qty > 1'000'000)
          return MakeError(ErrorCode::kInvalidValue, "qty must be 1..1000000", path + "/qty");
        line.qty = qty;
      }
      if (auto p = item.find("price"); p != item.end()) {
        if (!p->is_number_integer()) return WrongType(path + "/price", "an integer amount in minor units");
        const auto price = p->get<std::int64_t>();
        if (price < 0 || price > Limits::kMaxPriceMinor)
          return MakeError(ErrorCode::kInvalidPrice, "price must be 0..10^12 minor units", path + "/price");
        line.price = price;
      }
    }
    if (line.id.empty()) return MakeError(ErrorCode::kInvalidValue, "empty id", path + "/id");
    r.cart.push_back(std::move(line));
  }
  if (auto l = doc.find("limit"); l != doc.end()) {
    if (!l->is_number_integer()) return WrongType("/limit", "an integer");
    const auto v = l->get<std::int64_t>();
    if (v < 1 || v > static_cast<std::int64_t>(Limits::kMaxOffers))
      return MakeError(ErrorCode::kInvalidValue, "limit must be 1..100", "/limit");
    r.limit = static_cast<int>(v);
  }
  if (auto t = doc.find("types"); t != doc.end()) {
    if (!t->is_array()) return WrongType("/types", "an array of offer types");
    for (std::size_t i = 0; i < t->size(); ++i) {
      const std::string path = "/types/" + std::to_string(i);
      OfferType type;
      if (!(*t)[i].is_string()) return WrongType(path, "a string");
      if (!ParseOfferType((*t)[i].get<std::string>(), &type))
        return MakeError(ErrorCode::kInvalidValue,
                         "unknown offer type; expected cross_sell, upsell, bundle, threshold or addon", path);
      r.types.push_back(type);
    }
  }
  if (auto e = doc.find("exclude"); e != doc.end()) {
    if (!e->is_array()) return WrongType("/exclude", "an array of product ids");
    if (e->size() > Limits::kMaxCartItems)
      return MakeError(ErrorCode::kLimitExceeded, "at most 1000 excluded ids", "/exclude");
    for (std::size_t i = 0; i < e->size(); ++i) {
      Result<std::string> s = BoundedString((*e)[i], "/exclude/" + std::to_string(i), Limits::kMaxIdBytes);
      if (!s.ok()) return s.error();
      r.exclude.push_back(std::move(s).value());
    }
  }
  if (auto p = doc.find("page"); p != doc.end()) {
    if (!p->is_string()) return WrongType("/page", "a string");
    const auto& page = p->get_ref<const std::string&>();
    if (page != "product" && page != "cart" && page != "checkout")
      return MakeError(ErrorCode::kInvalidValue, "page must be product, cart or checkout", "/page");
    r.page = page;
  }
  if (auto v = doc.find("visitor"); v != doc.end() && !v->is_null()) {
    Result<std::string> s = BoundedString(*v, "/visitor", Limits::kMaxIdBytes);
    if (!s.ok()) return s.error();
    r.visitor = std::move(s).value();
  }
  if (auto x = doc.find("experiment"); x != doc.end() && !x->is_null()) {
    Result<std::string> s = BoundedString(*x, "/experiment", ExperimentLimits::kMaxIdBytes);
    if (!s.ok()) return s.error();
    r.experiment = std::move(s).value();
  }
  if (auto x = doc.find("explain"); x != doc.end()) {
    if (!x->is_boolean()) return WrongType("/explain", "a boolean");
    r.explain = x->get<bool>();
  }
  return r;
}

void WriteMoney(JsonWriter& w, const Bundle& b, const char* key, const char* text_key, Money amount) {
  w.Key(key);
  w.Int(amount);
  w.Key(text_key);
  w.String(FormatMoney(amount, b.catalog.currency));
}

// A reward is a code, not a product: its id is the code and its price is zero.
void WriteRewardFields(JsonWriter& w, const Bundle& b, const Offer& o) {
  w.Key("id");
  w.String(o.offer_id);
  w.Key("title");
  w.String(o.title);
  WriteMoney(w, b, "price", "price_text", 0);
  w.Key("currency");
  w.String(b.catalog.currency);
  w.Key("code");
  w.String(o.offer_id);
}

// What bundles, volume tiers and protection add to the product fields (docs/formats.md).
void WriteMechanics(JsonWriter& w, const Bundle& b, const Offer& o) {
  const Catalog& c = b.catalog;
  if (o.type == OfferType::kBundle) {
    w.Key("bundle_id");
    w.String(o.offer_id);
    WriteMoney(w, b, "list_price", "list_price_text", o.list_price);
    WriteMoney(w, b, "discount", "discount_text", o.discount);
    if (o.percent_off > 0) {
      w.Key("percent_off");
      w.Number4(o.percent_off / 100.0);
    }
    w.Key("products");
    w.BeginArray();
    for (ProductIndex p : o.items) {
      w.BeginObject();
      w.Key("id");
      w.String(c[p].id);
      w.Key("title");
      w.String(c[p].title);
      WriteMoney(w, b, "price", "price_text", c[p].price);
      if (!c[p].url.empty()) {
        w.Key("url");
        w.String(c[p].url);
      }
      if (!c[p].image.empty()) {
        w.Key("image");
        w.String(c[p].image);
      }
      w.EndObject();
    }
    w.EndArray();
  } else if (o.type == OfferType::kVolume) {
    w.Key("add_qty");
    w.Int(o.add_qty);
    w.Key("min_qty");
    w.Int(o.min_qty);
    w.Key("percent_off");
    w.Number4(o.percent_off / 100.0);
    WriteMoney(w, b, "discount", "discount_text", o.discount);
  } else if (o.type == OfferType::kAddon && o.for_product != kNoProduct) {
    w.Key("for");
    w.String(c[o.for_product].id);
  }
}

void WriteProductFields(JsonWriter& w, const Bundle& b, ProductIndex p, const Offer& o) {
  const Product& prod = b.catalog[p];
  const Money price = o.price >= 0 ? o.price : prod.price;
  w.Key("id");
  w.String(prod.id);
  w.Key("title");
  w.String(o.title.empty() ? prod.title : o.title);
  WriteMoney(w, b, "price", "price_text", price);
  w.Key("currency");
  w.String(b.catalog.currency);
  if (!prod.url.empty()) {
    w.Key("url");
    w.String(prod.url);
  }
  if (!prod.image.empty()) {
    w.Key("image");
    w.String(prod.image);
  }
  if (!prod.category.empty()) {
    w.Key("category");
    w.BeginArray();
    for (const std::string& c : prod.category) w.String(c);
    w.EndArray();
  }
}

}  // namespace

Result<Request> ParseRequestJson(std::string_view text) {
  try {
    if (text.size() > Limits::kMaxRequestBytes)
      return MakeError(ErrorCode::kLimitExceeded, "request larger than 1 MiB", "");
    Status depth = PrescanJson(text);
    if (!depth.ok()) return depth.error();
    Json doc = Json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) return MakeError(ErrorCode::kMalformedJson, "request is not valid JSON", "");
    return ParseRequestDoc(doc);
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kLimitExceeded, "out of memory while reading the request", "");
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kMalformedJson, e.what(), "");
  }
}

std::string ResponseToJson(const Response& r, const Bundle& b) {
  JsonWriter w;
  w.Reserve(512 + 512 * r.offers.size());
  w.BeginObject();
  w.Key("offers");
  w.BeginArray();
  for (const Offer& o : r.offers) {
    w.BeginObject();
    w.Key("type");
    w.String(OfferTypeName(o.type));
    if (o.type == OfferType::kReward) {
      WriteRewardFields(w, b, o);
    } else {
      WriteProductFields(w, b, o.product, o);
    }
    WriteMechanics(w, b, o);
    if (o.type == OfferType::kUpsell && o.upgrade_from != kNoProduct) {
      w.Key("upgrade_from");
      w.String(b.catalog[o.upgrade_from].id);
      w.Key("price_delta");
      w.Int(o.price_delta);
      w.Key("price_delta_text");
      // Negative amounts already carry their sign.
      w.String((o.price_delta >= 0 ? "+" : "") + FormatMoney(o.price_delta, b.catalog.currency));
      w.Key("attributes_diff");
      w.BeginArray();
      for (const AttrDiff& d : o.attributes_diff) {
        w.BeginObject();
        w.Key("name");
        w.String(d.name);
        w.Key("from");
        w.String(d.from);
        w.Key("to");
        w.String(d.to);
        w.EndObject();
      }
      w.EndArray();
      if (o.upgrade_confidence >= 0) {
        w.Key("upgrade_confidence");
        w.Number4(o.upgrade_confidence);
      }
    }
    if (o.type == OfferType::kThreshold) {
      w.Key("gap");
      w.Int(o.gap);
      w.Key("gap_text");
      w.String(FormatMoney(o.gap, b.catalog.currency));
    }
    w.Key("score");
    w.Number4(o.score);
    w.Key("reason");
    w.BeginObject();
    w.Key("text");
    w.String(o.reason.text);
    w.Key("source");
    w.String(o.reason.source);
    if (o.reason.evidence.with != kNoProduct) {
      const Evidence& e = o.reason.evidence;
      w.Key("evidence");
      w.BeginObject();
      w.Key("with");
      w.String(b.catalog[e.with].id);
      w.Key("co_purchases");
      w.UInt(e.co_purchases);
      w.Key("of_orders");
      w.UInt(e.of_orders);
      w.Key("confidence");
      w.Number4(e.confidence);
      w.Key("lift");
      w.Number4(e.lift);
      w.EndObject();
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  if (!r.warnings.empty()) {
    w.Key("warnings");
    w.BeginArray();
    for (const Warning& x : r.warnings) {
      w.BeginObject();
      w.Key("code");
      w.String(x.code);
      w.Key("message");
      w.String(x.message);
      w.Key("path");
      w.String(x.path);
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("arm");
  w.String(r.arm);
  if (!r.dropped.empty()) {
    w.Key("explain");
    w.BeginObject();
    w.Key("dropped");
    w.BeginArray();
    for (const Dropped& x : r.dropped) {
      w.BeginObject();
      w.Key("type");
      w.String(OfferTypeName(x.type));
      w.Key("id");
      w.String(b.catalog[x.product].id);
      w.Key("score");
      w.Number4(x.score);
      w.Key("dropped");
      w.String(x.why);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndObject();
  return w.Take();
}

std::string Engine::InfoJson() const {
  const Provenance& p = bundle_->built_from;
  OJson j = OJson::object();
  j["format"] = kBundleFormat;
  j["currency"] = bundle_->catalog.currency;
  j["products"] = bundle_->catalog.size();
  j["associations"] = bundle_->associations.flat.size();
  j["orders"] = p.orders;
  j["scorer"] = p.scorer;
  if (p.first_timestamp >= 0) j["date_range"] = {FormatIsoTime(p.first_timestamp), FormatIsoTime(p.last_timestamp)};
  return j.dump(-1, ' ', false, OJson::error_handler_t::replace);
}

}  // namespace cartlift
