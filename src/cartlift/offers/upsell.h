// "Upgrade to the next tier": for a cart product in a family ladder, the smallest tier above it
// that the store can sell, within the merchant's price-delta cap; the catalog's explicit
// `upgrades_to` is tried first. Products without either get the step the builder inferred from
// titles (ladder_inference.h), unless the rules switch that off. Ladders are sorted once per
// bundle so a request is a lookup.
//
// Example:
//   Upsell up(bundle);
//   Guardrails g(bundle, request, cart);
//   std::vector<Dropped> dropped;
//   std::optional<Offer> o = up.For(line.product, unit_price, g, &dropped);
//   // o->product is the upgrade, o->price_delta what it costs more per unit
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartlift/bundle/bundle.h"
#include "cartlift/offers/guardrails.h"
#include "cartlift/offers/name_ids.h"
#include "cartlift/offers/offer.h"

namespace cartlift {

class Upsell {
 public:
  explicit Upsell(const Bundle& bundle);
  // The upgrade for cart product `from` bought at `unit_price` (minor units), or nothing.
  // Candidates the guardrails or the price cap turn away are appended to `dropped` when given.
  std::optional<Offer> For(ProductIndex from, Money unit_price, const Guardrails& guard,
                           std::vector<Dropped>* dropped) const;
  // Members of `family` by tier, then price, then id; empty when the family is unknown.
  const std::vector<ProductIndex>& Ladder(std::string_view family) const;

 private:
  Offer Make(ProductIndex from, ProductIndex to, Money unit_price) const;
  // The step up an inferred ladder (bundle.inferred_upgrades) for a product without an explicit one.
  template <typename WhyNot, typename Note>
  std::optional<Offer> Inferred(ProductIndex from, Money unit_price, const WhyNot& why_not, const Note& note) const;
  Offer MakeInferred(ProductIndex from, ProductIndex to, std::vector<AttrDiff> diff, double confidence,
                     Money unit_price) const;

  const Bundle& bundle_;
  NameIds ladder_of_;  // family name to its ladder in ladders_
  std::vector<std::vector<ProductIndex>> ladders_;
};

// What changes between two products' attributes: `from`'s attributes in catalog order, then the
// ones only `to` has.
std::vector<AttrDiff> DiffAttributes(const Product& from, const Product& to);

}  // namespace cartlift
