#include "cartlift/offers/protection.h"

#include <algorithm>
#include <string>

namespace cartlift {

Protection::Protection(const Bundle& bundle) : bundle_(bundle) {
  for (const ProtectionBand& b : bundle.rules.protection) cover_.push_back(bundle.catalog.Find(b.product));
}

std::optional<Offer> Protection::For(const CartLine& line, const Guardrails& guard,
                                     std::vector<Dropped>* dropped) const {
  const Catalog& c = bundle_.catalog;
  const Product& item = c[line.product];
  if (item.details().kind != "product") return std::nullopt;  // no cover for a cover
  const Money unit = line.price >= 0 ? line.price : item.price;
  const std::vector<ProtectionBand>& bands = bundle_.rules.protection;
  for (std::size_t i = 0; i < bands.size(); ++i) {
    const ProtectionBand& b = bands[i];
    if (unit < b.min_price || (b.max_price > 0 && unit > b.max_price)) continue;
    const bool in_category =
        b.categories.empty() || std::any_of(item.category.begin(), item.category.end(), [&](std::string_view cat) {
          return std::find(b.categories.begin(), b.categories.end(), cat) != b.categories.end();
        });
    if (!in_category || cover_[i] == kNoProduct) continue;
    // The first matching band decides; a rejected cover is not replaced by a looser band.
    if (const char* why = guard.Reject(OfferType::kAddon, cover_[i])) {
      if (dropped && std::string(why) != "in_cart") dropped->push_back({OfferType::kAddon, cover_[i], 0, why});
      return std::nullopt;
    }
    Offer o;
    o.type = OfferType::kAddon;
    o.product = cover_[i];
    o.for_product = line.product;
    o.score = 0;
    o.reason.source = "protection";
    o.reason.text = "Optional: " + std::string(c[cover_[i]].title) + " for your " + std::string(item.title);
    return o;
  }
  return std::nullopt;
}

}  // namespace cartlift
