// "Add X to get free delivery": when the cart is below the merchant's free-delivery threshold,
// the cheapest relevant product that closes the gap on its own. Relevant means one of the
// cart's cross-sell candidates first, else a best seller of the cart's categories. When nothing
// closes the gap, the product that leaves the least to go.
//
// Example:
//   Threshold th(bundle);                    // precomputes best sellers per category once
//   std::optional<Offer> o = th.For(cross_sell_candidates, cart, guard, &dropped);
//   // o->gap is what the cart lacked, o->reason.text tells the shopper
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "cartlift/bundle/bundle.h"
#include "cartlift/offers/cross_sell.h"
#include "cartlift/offers/guardrails.h"
#include "cartlift/offers/offer.h"

namespace cartlift {

class Threshold {
 public:
  explicit Threshold(const Bundle& bundle);
  // Nothing when the rule is off, the cart is empty or already over the threshold.
  std::optional<Offer> For(const std::vector<Candidate>& related, const std::vector<ProductIndex>& cart,
                           const Guardrails& guard, std::vector<Dropped>* dropped) const;

 private:
  struct Pick {
    ProductIndex product;
    double score;
    std::size_t rank;
  };
  std::optional<Offer> Choose(std::vector<Pick>& pool, Money gap, bool closing, const Guardrails& guard,
                              std::vector<Dropped>* dropped) const;

  const Bundle& bundle_;
  std::vector<std::uint32_t> category_of_;               // top-level category per product
  std::vector<std::vector<ProductIndex>> by_category_;   // best sellers first, at most kPerCategory
};

}  // namespace cartlift
