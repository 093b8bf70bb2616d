#include "cartlift/offers/offer_text.h"

namespace cartlift {

std::string PercentText(BasisPoints bp) {
  std::string t = std::to_string(bp / 100);
  if (const int frac = bp % 100; frac != 0) {
    t += '.';
    t += static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) t += static_cast<char>('0' + frac % 10);
  }
  return t + "%";
}

}  // namespace cartlift
