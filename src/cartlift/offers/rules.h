// Merchant rules stored in the bundle: what may never be offered, and how many offers to show.
// docs/rules.md documents every member.
//
// Example (bundle JSON):
//   "rules": {"exclude": {"products": ["POST"], "categories": ["Gift cards"], "tags": ["adult"]},
//             "max_offers": 6, "addon_price_cap": 0.3, "upsell_max_delta": 0.5,
//             "free_shipping_threshold": 2500, "max_per_type": {"upsell": 1},
//             "placements": {"checkout": ["cross_sell", "threshold"]}, "pins": ["22423"]}
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cartlift/offers/offer.h"
#include "cartlift/types.h"

namespace cartlift {

// A discount on a set of products, e.g. "Lunch set: 10 % off when bought together".
struct BundleRule {
  std::string id;
  std::string title;                  // shown as the offer's title; empty: the items' titles
  std::vector<std::string> products;  // 2..8 product ids
  BasisPoints percent_off = 0;        // one of percent_off / amount_off, or neither
  Money amount_off = 0;
};

// Bundles the engine mines from co-purchases: the cart product with its strongest partner(s).
struct MinedBundles {
  bool enabled = false;
  BasisPoints percent_off = 0;
  std::uint32_t min_co_purchases = 5;  // weaker pairs are not worth a bundle
  int max_items = 3;                   // 2: pairs only; 3: triples when they exist
};

// "3 or more: 10 % off" for cart lines of the listed products or categories (none: every product).
struct VolumeTier {
  std::int64_t min_qty = 2;
  BasisPoints percent_off = 0;
  std::vector<std::string> products;
  std::vector<std::string> categories;
};

// A protection product offered with cart items of these categories priced in [min, max].
struct ProtectionBand {
  std::vector<std::string> categories;
  Money min_price = 0;
  Money max_price = 0;                // 0: no upper bound
  std::string product;                // a catalog product, normally of kind "protection"
};

// A thank-you offer for the next order, shown once the cart reaches `min_order`.
struct Reward {
  std::string code;                   // empty: no reward
  std::string text;                   // e.g. "10 % off your next order"
  Money min_order = 0;
};

struct Rules {
  std::vector<std::string> exclude_products;
  std::vector<std::string> exclude_categories;  // any level of the category path
  std::vector<std::string> exclude_tags;
  int max_offers = 10;                          // hard cap per response, whatever the request asks
  // Cross-sells priced above this share of the cart's value are dropped; 0 disables the cap.
  double addon_price_cap = 0;
  // An upgrade may cost at most this share more than the cart item it replaces; 0 disables the cap.
  double upsell_max_delta = 0.5;
  // Upgrades inferred from titles at build time (bundle "inferred_upgrade") may be offered when
  // the product has no explicit ladder, if at least this confident.
  bool infer_upgrades = true;
  double min_upgrade_confidence = 0;
  // Cart value (minor units) that earns free delivery; 0: no threshold offers.
  Money free_shipping_threshold = 0;
  // Per-type caps on top of the request's limit, in the order the merchant gave them.
  std::vector<std::pair<OfferType, int>> max_per_type;
  // Page -> offer types allowed there; a page without an entry allows every type.
  std::vector<std::pair<std::string, std::vector<OfferType>>> placements;
  // Products the merchant wants shown first as cross-sells whenever they pass the guardrails.
  std::vector<std::string> pins;
  std::vector<BundleRule> bundles;
  MinedBundles mined_bundles;
  std::vector<VolumeTier> volume_tiers;  // any order; the engine looks for the next tier up
  std::vector<ProtectionBand> protection;
  Reward reward;
  // Offers whose margin ((price - cost) / price) is below this share are dropped when the cost is
  // known; 0 disables the rule.
  double min_margin = 0;

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
