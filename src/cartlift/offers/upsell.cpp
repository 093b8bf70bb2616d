#include "cartlift/offers/upsell.h"

#include <algorithm>
#include <string_view>

#include "cartlift/catalog/money.h"

namespace cartlift {
namespace {

const std::string_view* FindAttr(const Product& p, std::string_view name) {
  for (const auto& [k, v] : p.details().attributes)
    if (k == name) return &v;
  return nullptr;
}

}  // namespace

std::vector<AttrDiff> DiffAttributes(const Product& from, const Product& to) {
  std::vector<AttrDiff> out;
  for (const auto& [name, value] : from.details().attributes) {
    const std::string_view* other = FindAttr(to, name);
    if (!other || *other != value)
      out.push_back({std::string(name), std::string(value), other ? std::string(*other) : std::string()});
  }
  for (const auto& [name, value] : to.details().attributes)
    if (!FindAttr(from, name)) out.push_back({std::string(name), std::string(), std::string(value)});
  return out;
}

Upsell::Upsell(const Bundle& bundle) : bundle_(bundle) {
  const Catalog& c = bundle.catalog;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const std::string_view family = c.products[i].details().family;
    if (family.empty()) continue;
    const std::uint32_t ladder = ladder_of_.Intern(family);
    if (ladder == ladders_.size()) ladders_.emplace_back();
    ladders_[ladder].push_back(static_cast<ProductIndex>(i));
  }
  for (std::vector<ProductIndex>& members : ladders_) {
    std::sort(members.begin(), members.end(), [&](ProductIndex a, ProductIndex b) {
      const Product& x = c[a];
      const Product& y = c[b];
      if (x.details().tier != y.details().tier) return x.details().tier < y.details().tier;
      if (x.price != y.price) return x.price < y.price;
      return x.id < y.id;
    });
  }
}

const std::vector<ProductIndex>& Upsell::Ladder(std::string_view family) const {
  static const std::vector<ProductIndex> kNone;
  const std::uint32_t ladder = ladder_of_.Find(family);
  return ladder == NameIds::kNone ? kNone : ladders_[ladder];
}

Offer Upsell::MakeInferred(ProductIndex from, ProductIndex to, std::vector<AttrDiff> diff, double confidence,
                           Money unit_price) const {
  const Catalog& c = bundle_.catalog;
  Offer o = Make(from, to, unit_price);
  // The catalog's own attributes say more than title words; these are only the fallback.
  if (o.attributes_diff.empty()) o.attributes_diff = std::move(diff);
  o.score *= confidence;  // a guessed ladder ranks below a merchant's one of the same price step
  o.upgrade_confidence = confidence;
  const std::string what = o.attributes_diff.empty() ? std::string("size") : o.attributes_diff.front().name;
  std::string text = what == "pack"    ? "Bigger pack: "
                     : what == "grade" ? "Higher grade: "
                     : what == "volume" || what == "weight" ? "More " + what + ": "
                                                            : "Bigger size: ";
  text += c[to].title;
  text += ", ";
  text += o.price_delta > 0 ? "+" + FormatMoney(o.price_delta, c.currency) : std::string("no extra cost");
  o.reason.text = std::move(text);
  o.reason.source = "inferred_upgrade";
  return o;
}

Offer Upsell::Make(ProductIndex from, ProductIndex to, Money unit_price) const {
  const Catalog& c = bundle_.catalog;
  Offer o;
  o.type = OfferType::kUpsell;
  o.product = to;
  o.upgrade_from = from;
  o.price_delta = c[to].price - unit_price;
  o.attributes_diff = DiffAttributes(c[from], c[to]);
  // Cheaper steps up convert better, so they rank first when several cart items have one.
  o.score = unit_price > 0 ? 1.0 / (1.0 + static_cast<double>(std::max<Money>(0, o.price_delta)) /
                                              static_cast<double>(unit_price))
                           : 0.0;
  std::string text = "Upgrade to ";
  text += c[to].title;
  if (o.price_delta > 0)
    text += " for " + FormatMoney(o.price_delta, c.currency) + " more";
  else
    text += " at no extra cost";
  for (std::size_t i = 0; i < o.attributes_diff.size(); ++i) {
    const AttrDiff& d = o.attributes_diff[i];
    text += i == 0 ? ": " : ", ";
    text += d.name + " " + (d.from.empty() ? "-" : d.from) + " \u2192 " + (d.to.empty() ? "-" : d.to);
  }
  o.reason.text = std::move(text);
  o.reason.source = "upgrade";
  return o;
}

std::optional<Offer> Upsell::For(ProductIndex from, Money unit_price, const Guardrails& guard,
                                 std::vector<Dropped>* dropped) const {
  const Catalog& c = bundle_.catalog;
  const Product& base = c[from];
  const ProductDetails& bd = base.details();
  const double cap = bundle_.rules.upsell_max_delta;
  // A step that is not strictly up the ladder would sell the shopper less for their money.
  const auto why_not = [&](ProductIndex to) -> const char* {
    const Product& up = c[to];
    if (to == from) return "same_tier";
    if (!bd.family.empty() && up.details().family == bd.family && up.details().tier <= bd.tier) return "not_an_upgrade";
    if (const char* g = guard.Reject(OfferType::kUpsell, to)) return g;
    const Money delta = up.price - unit_price;
    if (cap > 0 && static_cast<double>(delta) > cap * static_cast<double>(unit_price)) return "over_price_delta";
    return nullptr;
  };
  const auto note = [&](ProductIndex to, const char* why) {
    if (dropped) dropped->push_back({OfferType::kUpsell, to, 0.0, why});
  };
  const ProductIndex explicit_to = bd.upgrades_to.empty() ? kNoProduct : c.Find(bd.upgrades_to);
  if (explicit_to != kNoProduct) {
    const ProductIndex to = explicit_to;
    {
      if (const char* why = why_not(to))
        note(to, why);
      else
        return Make(from, to, unit_price);
    }
  }
  if (bd.family.empty()) {
    if (bd.upgrades_to.empty()) return Inferred(from, unit_price, why_not, note);
    return std::nullopt;
  }
  const std::vector<ProductIndex>& ladder = Ladder(bd.family);
  // Only the lowest tier above the cart item that can be sold is offered: jumping further would
  // skip the step most shoppers take.
  auto it = std::upper_bound(ladder.begin(), ladder.end(), bd.tier,
                             [&](std::int32_t tier, ProductIndex p) { return tier < c[p].details().tier; });
  for (; it != ladder.end(); ++it) {
    if (*it == explicit_to) continue;  // already judged above
    const char* why = why_not(*it);
    if (!why) return Make(from, *it, unit_price);
    note(*it, why);
    // Out-of-stock or excluded tiers are stepped over; a price step over the cap only gets dearer,
    // and a shopper who already has the next tier needs no nudge past it.
    const std::string_view w(why);
    if (w == "over_price_delta" || w == "in_cart") break;
  }
  return std::nullopt;
}

template <typename WhyNot, typename Note>
std::optional<Offer> Upsell::Inferred(ProductIndex from, Money unit_price, const WhyNot& why_not,
                                      const Note& note) const {
  const Rules& rules = bundle_.rules;
  if (!rules.infer_upgrades) return std::nullopt;
  // Each step's own next step is also an upgrade of the cart item (bigger in nothing smaller),
  // so a step that cannot be sold is climbed over, as on an explicit ladder. The bound keeps a
  // hand-edited cycle from looping.
  double confidence = 1;
  std::vector<AttrDiff> diff;  // cart item -> current step: each part from its first to its last value
  const InferredUpgrade* edge = FindInferredUpgrade(bundle_.inferred_upgrades, from);
  for (int steps = 0; edge && steps < 8; ++steps) {
    confidence = std::min(confidence, edge->confidence);
    for (const AttrDiff& d : edge->diff) {
      auto same = std::find_if(diff.begin(), diff.end(), [&](const AttrDiff& x) { return x.name == d.name; });
      if (same == diff.end())
        diff.push_back(d);
      else
        same->to = d.to;
    }
    if (confidence < rules.min_upgrade_confidence) {
      note(edge->to, "low_confidence");
      return std::nullopt;
    }
    const ProductIndex to = edge->to;
    if (to == from) return std::nullopt;
    const char* why = why_not(to);
    if (!why) return MakeInferred(from, to, std::move(diff), confidence, unit_price);
    note(to, why);
    const std::string_view w(why);
    if (w == "over_price_delta" || w == "in_cart") break;
    edge = FindInferredUpgrade(bundle_.inferred_upgrades, to);
  }
  return std::nullopt;
}

}  // namespace cartlift
