// The checks every offer passes, whatever generated it: in stock, not in the cart, not excluded
// by the request or the merchant's rules, not a substitute of a cart product, within the add-on
// price cap, above the merchant's minimum margin, no duplicates, at most N. Upsells are exempt
// from the family and add-on price checks (the upsell generator applies its own price-delta cap).
//
// Example:
//   Guardrails g(bundle, request, cart_products);
//   if (const char* why = g.Reject(OfferType::kCrossSell, p)) { /* dropped: why */ }
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "cartlift/bundle/bundle.h"
#include "cartlift/offers/offer.h"

namespace cartlift {

class Guardrails {
 public:
  Guardrails(const Bundle& bundle, const Request& request, const std::vector<ProductIndex>& cart);
  // nullptr when the product may be offered as `type`; otherwise a short reason code.
  const char* Reject(OfferType type, ProductIndex p) const;
  // The checks that do not depend on the cart: stock, exclusions, minimum margin. Volume offers,
  // which are about a cart product, pass only these.
  const char* RejectSellable(ProductIndex p) const;
  // False when the merchant's minimum margin rule turns away a sale at `price` (cost -1: unknown).
  bool MarginAllows(Money price, Money cost) const;
  // False when `price` is over the add-on price cap relative to the cart's value.
  bool WithinAddonCap(Money price) const;
  bool InCart(ProductIndex p) const { return std::binary_search(cart_.begin(), cart_.end(), p); }
  // Remembers an accepted offer so the same product is not offered twice.
  void Accept(ProductIndex p);
  Money cart_value() const { return cart_value_; }

 private:
  // Sorted, duplicate-free vectors: carts, exclusions and offers are small, and one Guardrails
  // is built per request, so hash sets cost more to build than they save on lookups.
  const Bundle& bundle_;
  std::vector<ProductIndex> cart_;
  std::vector<ProductIndex> excluded_;
  std::vector<std::string_view> cart_families_;  // views into the bundle's catalog
  std::vector<ProductIndex> offered_;
  Money cart_value_ = 0;
};

}  // namespace cartlift
