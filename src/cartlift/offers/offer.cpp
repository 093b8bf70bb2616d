#include "cartlift/offers/offer.h"

namespace cartlift {

const char* OfferTypeName(OfferType t) {
  switch (t) {
    case OfferType::kCrossSell: return "cross_sell";
    case OfferType::kUpsell: return "upsell";
    case OfferType::kBundle: return "bundle";
    case OfferType::kThreshold: return "threshold";
    case OfferType::kAddon: return "addon";
    case OfferType::kVolume: return "volume";
    case OfferType::kReward: return "reward";
  }
  return "cross_sell";
}

bool ParseOfferType(const std::string& name, OfferType* out) {
  for (OfferType t : {OfferType::kCrossSell, OfferType::kUpsell, OfferType::kBundle,
                      OfferType::kThreshold, OfferType::kAddon, OfferType::kVolume, OfferType::kReward}) {
    if (name == OfferTypeName(t)) {
      *out = t;
      return true;
    }
  }
  return false;
}

}  // namespace cartlift
