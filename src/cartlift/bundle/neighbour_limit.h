// The error both bundle readers give a neighbour list longer than Limits::kMaxNeighbours, worded
// once so that a JSON bundle and its binary form are refused alike.
//
// Example:
//   if (count > Limits::kMaxNeighbours) return TooManyNeighbours(count, "/associations/3/neighbours");
#pragma once
#include <cstddef>
#include <string>

#include "cartlift/status.h"
#include "cartlift/types.h"

namespace cartlift {

inline Error TooManyNeighbours(std::size_t count, const std::string& path) {
  return MakeError(ErrorCode::kLimitExceeded,
                   std::to_string(count) + " neighbours is over the limit of " + std::to_string(Limits::kMaxNeighbours) +
                       " per product",
                   path);
}

}  // namespace cartlift
