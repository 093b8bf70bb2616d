// Offers out as JSON (docs/formats.md), through the allocation-light JsonWriter: once per request.
#include "cartlift/catalog/money.h"
#include "cartlift/engine.h"
#include "cartlift/json_writer.h"

namespace cartlift {
namespace {

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
    for (const std::string_view c : prod.category) w.String(c);
    w.EndArray();
  }
}

}  // namespace

void WriteResponseJson(const Response& r, const Bundle& b, JsonWriter& w) {
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
}

}  // namespace cartlift
