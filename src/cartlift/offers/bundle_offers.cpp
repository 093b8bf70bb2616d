#include "cartlift/offers/bundle_offers.h"

#include <algorithm>
#include <optional>
#include <string>

#include "cartlift/catalog/money.h"
#include "cartlift/offers/cross_sell.h"
#include "cartlift/offers/offer_text.h"

namespace cartlift {
namespace {

Money UnitPrice(const CartLine& line, const Catalog& c) { return line.price >= 0 ? line.price : c[line.product].price; }

std::string SetTitle(const Catalog& c, const std::vector<ProductIndex>& set) {
  std::string t;
  for (ProductIndex p : set) {
    if (!t.empty()) t += " + ";
    t += c[p].title;
  }
  return t;
}

// "add it for £2.30 (save £0.25)", "add both for …", "add all 3 for …".
std::string AddText(std::size_t n, Money price, Money saving, BasisPoints percent, const std::string& currency) {
  std::string t = n == 1 ? "add it" : n == 2 ? "add both" : "add all " + std::to_string(n);
  t += " for " + FormatMoney(price, currency);
  if (saving > 0) {
    t += " (save " + FormatMoney(saving, currency);
    if (percent > 0) t += ", " + PercentText(percent) + " off the set";
    t += ")";
  }
  return t;
}

bool Overlaps(const std::vector<ProductIndex>& items, const std::vector<ProductIndex>& taken) {
  for (ProductIndex p : items)
    if (std::find(taken.begin(), taken.end(), p) != taken.end()) return true;
  return false;
}

std::optional<Neighbour> Find(const Associations& as, ProductIndex from, ProductIndex to) {
  for (const Neighbour& n : as.Of(from))
    if (n.product == to) return n;
  return std::nullopt;
}

}  // namespace

Money PercentSaving(Money total, BasisPoints percent_off) {
  if (total <= 0 || percent_off <= 0) return 0;
  // total <= 8 products x 10^12 and percent_off <= 9000: the product stays far below 2^63.
  return total * percent_off / 10000;
}

BundleOffers::BundleOffers(const Bundle& bundle) : bundle_(bundle) {
  const std::vector<BundleRule>& rules = bundle.rules.bundles;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    Resolved r{i, {}};
    for (const std::string& id : rules[i].products) {
      const ProductIndex p = bundle.catalog.Find(id);
      if (p == kNoProduct) break;  // a set the store cannot sell in full is never offered
      r.products.push_back(p);
    }
    if (r.products.size() == rules[i].products.size()) merchant_.push_back(std::move(r));
  }
}

bool BundleOffers::Price(Offer* o, Money in_cart_value, Money in_cart_cost, bool costs_known, BasisPoints percent,
                         Money amount, const Guardrails& guard, const char** why) const {
  const Catalog& c = bundle_.catalog;
  Money list = 0, cost = in_cart_cost;
  for (ProductIndex p : o->items) {
    list += c[p].price;
    if (c[p].details().cost < 0) costs_known = false;
    cost += c[p].details().cost;
  }
  const Money set_total = list + in_cart_value;
  // The saving is capped at what is added: taking the offer never makes the cart cheaper.
  const Money saving = std::min(list, percent > 0 ? PercentSaving(set_total, percent) : amount);
  o->list_price = list;
  o->discount = saving;
  o->percent_off = percent;
  o->price = list - saving;
  if (costs_known && !guard.MarginAllows(set_total - saving, cost)) {
    *why = "below_margin";
    return false;
  }
  if (!guard.WithinAddonCap(o->price)) {
    *why = "over_price_cap";
    return false;
  }
  return true;
}

bool BundleOffers::Merchant(const Resolved& r, const std::vector<CartLine>& cart, const Guardrails& guard, Offer* out,
                            std::vector<Dropped>* dropped) const {
  const Catalog& c = bundle_.catalog;
  const BundleRule& rule = bundle_.rules.bundles[r.rule];
  Offer o;
  Money in_cart_value = 0, in_cart_cost = 0;
  bool costs_known = true;
  for (ProductIndex p : r.products) {
    if (!guard.InCart(p)) {
      o.items.push_back(p);
      continue;
    }
    const auto line = std::find_if(cart.begin(), cart.end(), [&](const CartLine& l) { return l.product == p; });
    in_cart_value += line != cart.end() ? UnitPrice(*line, c) : c[p].price;
    if (c[p].details().cost < 0) costs_known = false;
    in_cart_cost += c[p].details().cost;
  }
  // Only a set the shopper has started, and not yet finished, is worth mentioning.
  if (o.items.empty() || o.items.size() == r.products.size()) return false;
  for (ProductIndex p : o.items) {
    if (const char* why = guard.Reject(OfferType::kBundle, p)) {
      if (dropped) dropped->push_back({OfferType::kBundle, p, 1.0, why});
      return false;
    }
  }
  const char* why = nullptr;
  if (!Price(&o, in_cart_value, in_cart_cost, costs_known, rule.percent_off, rule.amount_off, guard, &why)) {
    if (dropped) dropped->push_back({OfferType::kBundle, o.items.front(), 1.0, why});
    return false;
  }
  o.type = OfferType::kBundle;
  o.product = o.items.front();
  o.score = 1.0;
  o.offer_id = rule.id;
  o.title = rule.title.empty() ? SetTitle(c, r.products) : rule.title;
  o.reason.text = "Complete the set: " + AddText(o.items.size(), o.price, o.discount, o.percent_off, c.currency);
  o.reason.source = "merchant_bundle";
  *out = std::move(o);
  return true;
}

bool BundleOffers::Mined(const CartLine& anchor, const Guardrails& guard, Offer* out,
                         std::vector<Dropped>* dropped) const {
  const MinedBundles& rule = bundle_.rules.mined_bundles;
  const Catalog& c = bundle_.catalog;
  const Associations& as = bundle_.associations;
  const ProductIndex a = anchor.product;
  const auto strong = [&](const Neighbour& n) { return n.co >= rule.min_co_purchases; };
  const auto allowed = [&](ProductIndex p, double score) {
    const char* why = guard.Reject(OfferType::kBundle, p);
    if (why && dropped) dropped->push_back({OfferType::kBundle, p, score, why});
    return why == nullptr;
  };
  const auto list = as.Of(a);
  // Values, not pointers: the packed lists decode each entry as it is read.
  std::optional<Neighbour> b;
  for (const Neighbour& n : list) {
    if (!strong(n)) continue;
    if (allowed(n.product, n.score)) {
      b = n;
      break;
    }
  }
  if (!b) return false;
  std::optional<Neighbour> third;
  if (rule.max_items >= 3) {
    for (const Neighbour& n : list) {
      if (n.product == b->product || !strong(n) || guard.InCart(n.product)) continue;
      const std::optional<Neighbour> bc = Find(as, b->product, n.product);
      if (!bc || !strong(*bc)) continue;
      if (guard.Reject(OfferType::kBundle, n.product) == nullptr) {
        third = n;
        break;
      }
    }
  }
  // Without a discount a pair is just the first cross-sell; only a triple says something new.
  if (!third && rule.percent_off == 0) return false;
  Offer o;
  o.items.push_back(b->product);
  if (third) o.items.push_back(third->product);
  Money cost = c[a].details().cost;
  const char* why = nullptr;
  if (!Price(&o, UnitPrice(anchor, c), cost, cost >= 0, rule.percent_off, 0, guard, &why)) {
    if (dropped) dropped->push_back({OfferType::kBundle, o.items.front(), b->score, why});
    return false;
  }
  o.type = OfferType::kBundle;
  o.product = o.items.front();
  o.score = b->score;
  o.offer_id = "mined";
  std::vector<ProductIndex> set{a};
  set.insert(set.end(), o.items.begin(), o.items.end());
  o.title = SetTitle(c, set);
  const std::uint32_t of = a < bundle_.product_orders.size() ? bundle_.product_orders[a] : 0;
  o.reason.source = "co_purchase_bundle";
  o.reason.evidence.with = a;
  o.reason.evidence.co_purchases = b->co;
  o.reason.evidence.of_orders = of;
  o.reason.evidence.confidence = of > 0 ? static_cast<double>(b->co) / of : 0;
  const std::string add = AddText(o.items.size(), o.price, o.discount, o.percent_off, c.currency);
  if (third) {
    o.reason.text = "Often bought with " + std::string(c[a].title) + ": " + std::string(c[b->product].title) + " in " +
                    FormatCount(b->co) + " orders, " + std::string(c[third->product].title) + " in " +
                    FormatCount(third->co) + " \u2014 " + add;
  } else {
    o.reason.text = "Bought together in " + FormatCount(b->co) + " of " + FormatCount(of) + " orders with " +
                    std::string(c[a].title) + " \u2014 " + add;
  }
  *out = std::move(o);
  return true;
}

void BundleOffers::For(const std::vector<CartLine>& cart, const Guardrails& guard, int max, std::vector<Offer>* out,
                       std::vector<Dropped>* dropped) const {
  if (max <= 0 || cart.empty()) return;
  std::vector<ProductIndex> taken;
  int n = 0;
  const auto take = [&](Offer& o) {
    if (Overlaps(o.items, taken)) return;
    taken.insert(taken.end(), o.items.begin(), o.items.end());
    out->push_back(std::move(o));
    ++n;
  };
  for (const Resolved& r : merchant_) {
    if (n >= max) return;
    Offer o;
    if (Merchant(r, cart, guard, &o, dropped)) take(o);
  }
  if (!bundle_.rules.mined_bundles.enabled) return;
  for (const CartLine& line : cart) {
    if (n >= max) return;
    Offer o;
    if (Mined(line, guard, &o, dropped)) take(o);
  }
}

}  // namespace cartlift
