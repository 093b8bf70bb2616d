// Merchant rules stored in the bundle: what may never be offered, and how many offers to show.
//
// Example (bundle JSON):
//   "rules": {"exclude": {"products": ["POST"], "categories": ["Gift cards"], "tags": ["adult"]},
//             "max_offers": 6, "addon_price_cap": 0.3}
#pragma once
#include <string>
#include <vector>

namespace cartlift {

struct Rules {
  std::vector<std::string> exclude_products;
  std::vector<std::string> exclude_categories;  // any level of the category path
  std::vector<std::string> exclude_tags;
  int max_offers = 10;                          // hard cap per response, whatever the request asks
  // Cross-sells priced above this share of the cart's value are dropped; 0 disables the cap.
  double addon_price_cap = 0;
};

}  // namespace cartlift
