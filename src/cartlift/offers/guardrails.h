// The checks every offer passes, whatever generated it: in stock, not in the cart, not excluded
// by the request or the merchant's rules, not a substitute of a cart product, within the add-on
// price cap, no duplicates, at most N. Upsells are exempt from the family and add-on price checks
// (the upsell generator applies its own price-delta cap).
//
// Example:
//   Guardrails g(bundle, request, cart_products);
//   if (const char* why = g.Reject(OfferType::kCrossSell, p)) { /* dropped: why */ }
#pragma once
#include <string>
#include <unordered_set>
#include <vector>

#include "cartlift/bundle/bundle.h"
#include "cartlift/offers/offer.h"

namespace cartlift {

class Guardrails {
 public:
  Guardrails(const Bundle& bundle, const Request& request, const std::vector<ProductIndex>& cart);
  // nullptr when the product may be offered as `type`; otherwise a short reason code.
  const char* Reject(OfferType type, ProductIndex p) const;
  // Remembers an accepted offer so the same product is not offered twice.
  void Accept(ProductIndex p) { offered_.insert(p); }
  Money cart_value() const { return cart_value_; }

 private:
  const Bundle& bundle_;
  std::unordered_set<ProductIndex> cart_;
  std::unordered_set<ProductIndex> excluded_;
  std::unordered_set<std::string> cart_families_;
  std::unordered_set<ProductIndex> offered_;
  Money cart_value_ = 0;
};

}  // namespace cartlift
