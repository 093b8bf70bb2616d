// "Buy 3 or more: 10% off": for a cart line just below the merchant's next volume tier, how many
// more units reach it and what that saves. Only small steps are suggested (at most as many units
// again as the line holds, and at least 2), so the offer is a nudge, never a bulk push.
//
// The saving is the tier's percentage of the whole line at the tier (min_qty x unit price),
// rounded down to the minor unit, minus what the line already saves at its current tier.
//
// Example:
//   Volume volume(bundle);
//   std::optional<Offer> o = volume.For(line, guard, &dropped);
//   // o->add_qty more units reach o->min_qty; o->discount is the saving on the whole line
#pragma once
#include <optional>
#include <vector>

#include "cartlift/bundle/bundle.h"
#include "cartlift/offers/guardrails.h"
#include "cartlift/offers/offer.h"

namespace cartlift {

class Volume {
 public:
  explicit Volume(const Bundle& bundle) : bundle_(bundle) {}
  std::optional<Offer> For(const CartLine& line, const Guardrails& guard, std::vector<Dropped>* dropped) const;

 private:
  bool Applies(const VolumeTier& tier, const Product& p) const;
  const Bundle& bundle_;
};

}  // namespace cartlift
