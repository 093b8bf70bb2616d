// Doubles in JSON bundle files (scores, confidences, build options), written as
// nlohmann::json::dump() writes them: bundles were once dumped from a DOM, and byte-identical
// output across versions is how builds are compared. Its Grisu2 digits always read back as the
// same double but are not always the shortest (0.04266 comes out as 0.042659999999999997), so
// std::to_chars would change a few score lines in every large bundle. Native only: the serving
// path never writes bundles.
//
// Example:
//   JsonWriter w;  WriteJsonDouble(60, &w);  WriteJsonDouble(1e-7, &w);  // 60.0,1e-07
#pragma once
#include <array>
#include <cmath>
#include <cstddef>

#include <nlohmann/json.hpp>

#include "cartlift/json_writer.h"

namespace cartlift {

// Non-finite values become null, as in dump().
inline void WriteJsonDouble(double v, JsonWriter* out) {
  if (!std::isfinite(v)) {
    out->Null();
    return;
  }
  std::array<char, 64> buf;  // dump()'s own number buffer size
  const char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), v);
  out->NumberText({buf.data(), static_cast<std::size_t>(end - buf.data())});
}

}  // namespace cartlift
