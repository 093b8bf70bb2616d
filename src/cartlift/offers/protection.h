// Optional protection for what is in the cart: the merchant names, per category and price band,
// the cover product to offer (rules.protection). The offer says plainly that it is optional and
// which cart item it covers; it never claims to be required.
//
// Example (rules):
//   "protection": [{"categories": ["Electronics"], "max_price": 20000, "product": "CARE-1Y"},
//                  {"categories": ["Electronics"], "min_price": 20001, "product": "CARE-2Y"}]
//   Protection protection(bundle);
//   std::optional<Offer> o = protection.For(line, guard, &dropped);   // type kAddon
#pragma once
#include <optional>
#include <vector>

#include "cartlift/bundle/bundle.h"
#include "cartlift/offers/guardrails.h"
#include "cartlift/offers/offer.h"

namespace cartlift {

class Protection {
 public:
  explicit Protection(const Bundle& bundle);
  std::optional<Offer> For(const CartLine& line, const Guardrails& guard, std::vector<Dropped>* dropped) const;

 private:
  const Bundle& bundle_;
  std::vector<ProductIndex> cover_;  // per rules.protection band; kNoProduct when not in the catalog
};

}  // namespace cartlift
