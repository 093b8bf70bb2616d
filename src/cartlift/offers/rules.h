// Merchant rules stored in the bundle: what may never be offered, and how many offers to show.
// docs/rules.md documents every member.
//
// Example (bundle JSON):
//   "rules": {"exclude": {"products": ["POST"], "categories": ["Gift cards"], "tags": ["adult"]},
//             "max_offers": 6, "addon_price_cap": 0.3, "upsell_max_delta": 0.5,
//             "free_shipping_threshold": 2500, "max_per_type": {"upsell": 1},
//             "placements": {"checkout": ["cross_sell", "threshold"]}, "pins": ["22423"]}
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "cartlift/offers/offer.h"
#include "cartlift/types.h"

namespace cartlift {

struct Rules {
  std::vector<std::string> exclude_products;
  std::vector<std::string> exclude_categories;  // any level of the category path
  std::vector<std::string> exclude_tags;
  int max_offers = 10;                          // hard cap per response, whatever the request asks
  // Cross-sells priced above this share of the cart's value are dropped; 0 disables the cap.
  double addon_price_cap = 0;
  // An upgrade may cost at most this share more than the cart item it replaces; 0 disables the cap.
  double upsell_max_delta = 0.5;
  // Cart value (minor units) that earns free delivery; 0: no threshold offers.
  Money free_shipping_threshold = 0;
  // Per-type caps on top of the request's limit, in the order the merchant gave them.
  std::vector<std::pair<OfferType, int>> max_per_type;
  // Page -> offer types allowed there; a page without an entry allows every type.
  std::vector<std::pair<std::string, std::vector<OfferType>>> placements;
  // Products the merchant wants shown first as cross-sells whenever they pass the guardrails.
  std::vector<std::string> pins;

  // The merchant's cap for `type`, or `fallback` when none was set.
  int MaxFor(OfferType type, int fallback) const {
    for (const auto& [t, n] : max_per_type)
      if (t == type) return n;
    return fallback;
  }
  bool Allows(const std::string& page, OfferType type) const {
    for (const auto& [p, types] : placements) {
      if (p != page) continue;
      for (OfferType t : types)
        if (t == type) return true;
      return false;
    }
    return true;
  }
};

}  // namespace cartlift
