// Small text helpers shared by the offer generators, so every reason states amounts the same way.
//
// Example:
//   PercentText(1000) == "10%";  PercentText(1250) == "12.5%";  PercentText(333) == "3.33%"
#pragma once
#include <string>

#include "cartlift/types.h"

namespace cartlift {

std::string PercentText(BasisPoints bp);

}  // namespace cartlift
