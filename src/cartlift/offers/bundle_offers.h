// "Buy the set together": the merchant's bundles that the cart has started, then (when the rules
// switch them on) bundles mined from co-purchases: the cart product with its strongest partner,
// or a partner pair that is also bought together. The offer is what the cart lacks to complete
// the set, priced with the set's discount.
//
// Discount arithmetic is exact and integer: a percentage is taken of the whole set's price at
// full price (cart items at the price the store sent) and rounded down to the minor unit, so
// the saving shown never exceeds the stated percentage; a fixed amount is capped at the price of
// what is added. The offer's price = the added products' full price - the saving.
//
// Example:
//   BundleOffers bundles(bundle);
//   std::vector<Offer> out;
//   bundles.For(request.cart, guard, /*max=*/1, &out, &dropped);
//   // out[0].items: products to add; out[0].price: what they add; out[0].discount: the saving
#pragma once
#include <vector>

#include "cartlift/bundle/bundle.h"
#include "cartlift/offers/guardrails.h"
#include "cartlift/offers/offer.h"

namespace cartlift {

class BundleOffers {
 public:
  explicit BundleOffers(const Bundle& bundle);
  // Appends at most `max` bundle offers for the resolved cart lines; candidates the guardrails
  // turn away go to `dropped` when given. Offered products are not accepted into `guard`: the
  // caller does that for every product of a taken offer.
  void For(const std::vector<CartLine>& cart, const Guardrails& guard, int max, std::vector<Offer>* out,
           std::vector<Dropped>* dropped) const;

 private:
  struct Resolved {
    std::size_t rule;                    // index into rules.bundles
    std::vector<ProductIndex> products;
  };
  bool Merchant(const Resolved& r, const std::vector<CartLine>& cart, const Guardrails& guard, Offer* out,
                std::vector<Dropped>* dropped) const;
  bool Mined(const CartLine& anchor, const Guardrails& guard, Offer* out, std::vector<Dropped>* dropped) const;
  // Fills price, list price, saving and the margin check for the items of `o`; false when the
  // set breaks the margin or add-on price rules (then `why` says which).
  bool Price(Offer* o, Money in_cart_value, Money in_cart_cost, bool costs_known, BasisPoints percent, Money amount,
             const Guardrails& guard, const char** why) const;

  const Bundle& bundle_;
  std::vector<Resolved> merchant_;  // bundles whose products all exist in the catalog
};

// The saving of `percent_off` basis points on `total` minor units, rounded down.
Money PercentSaving(Money total, BasisPoints percent_off);

}  // namespace cartlift
