#include "cartlift/offers/volume.h"

#include <algorithm>
#include <string>

#include "cartlift/catalog/money.h"
#include "cartlift/offers/bundle_offers.h"
#include "cartlift/offers/offer_text.h"

namespace cartlift {

bool Volume::Applies(const VolumeTier& tier, const Product& p) const {
  if (tier.products.empty() && tier.categories.empty()) return true;
  if (std::find(tier.products.begin(), tier.products.end(), p.id) != tier.products.end()) return true;
  for (const std::string_view c : p.category)
    if (std::find(tier.categories.begin(), tier.categories.end(), c) != tier.categories.end()) return true;
  return false;
}

std::optional<Offer> Volume::For(const CartLine& line, const Guardrails& guard, std::vector<Dropped>* dropped) const {
  const Catalog& c = bundle_.catalog;
  const Product& p = c[line.product];
  const VolumeTier* current = nullptr;
  const VolumeTier* next = nullptr;
  for (const VolumeTier& t : bundle_.rules.volume_tiers) {
    if (!Applies(t, p)) continue;
    if (t.min_qty <= line.qty) {
      if (!current || t.percent_off > current->percent_off) current = &t;
    } else if (!next || t.min_qty < next->min_qty || (t.min_qty == next->min_qty && t.percent_off > next->percent_off)) {
      next = &t;
    }
  }
  if (!next || (current && next->percent_off <= current->percent_off)) return std::nullopt;
  const std::int64_t add = next->min_qty - line.qty;
  const Money unit = line.price >= 0 ? line.price : p.price;
  const auto drop = [&](const char* why) {
    if (dropped) dropped->push_back({OfferType::kVolume, line.product, 0, why});
    return std::nullopt;
  };
  if (unit <= 0) return std::nullopt;
  if (add > std::max<std::int64_t>(2, line.qty)) return drop("tier_too_far");
  if (const char* why = guard.RejectSellable(line.product)) return drop(why);
  if (p.inventory >= 0 && p.inventory < next->min_qty) return drop("not_enough_stock");
  // min_qty <= 10^4 and unit <= 10^12: the line total stays far below 2^63.
  const Money at_tier = unit * next->min_qty;
  const Money saving = PercentSaving(at_tier, next->percent_off) -
                       (current ? PercentSaving(unit * line.qty, current->percent_off) : 0);
  if (saving <= 0) return std::nullopt;
  const Money cost = p.details().cost;
  if (cost >= 0 && !guard.MarginAllows(at_tier - PercentSaving(at_tier, next->percent_off), cost * next->min_qty))
    return drop("below_margin");

  Offer o;
  o.type = OfferType::kVolume;
  o.product = line.product;
  o.items.push_back(line.product);
  o.score = static_cast<double>(next->percent_off) / 10000.0;
  o.add_qty = add;
  o.min_qty = next->min_qty;
  o.percent_off = next->percent_off;
  o.price = unit * add;
  o.discount = saving;
  o.reason.source = "volume_tier";
  o.reason.text = "Buy " + std::to_string(next->min_qty) + " or more: " + PercentText(next->percent_off) +
                  " off. Add " + std::to_string(add) + " more for " + FormatMoney(o.price, c.currency) + " and save " +
                  (current ? "a further " : "") + FormatMoney(saving, c.currency) + " on all " +
                  std::to_string(next->min_qty);
  return o;
}

}  // namespace cartlift
