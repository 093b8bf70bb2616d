// The bundle form of inferred upgrade steps (offers/ladder_inference.h): each product's optional
// "inferred_upgrade" member, and the checks both bundle readers (JSON, binary) apply to it.
//
// Example (one bundle product):
//   {"id": "20725", "title": "LUNCH BAG RED RETROSPOT", ..., "orders": 412,
//    "inferred_upgrade": {"to": "85099B", "confidence": 0.8,
//                         "diff": [{"name": "size", "from": "lunch bag", "to": "jumbo bag"}]}}
#pragma once
#include <cstddef>
#include <optional>

#include <nlohmann/json_fwd.hpp>

#include "cartlift/bundle/bundle.h"
#include "cartlift/status.h"

namespace cartlift {

class JsonWriter;

// At most this many parts change in one inferred step (size, pack, measure, grade).
inline constexpr std::size_t kMaxInferredDiffs = 8;

// Reads every product's "inferred_upgrade" from the bundle's products array into
// bundle->inferred_upgrades; the catalog must already be loaded (targets are looked up by id).
// Errors name the member, e.g. invalid_value at /products/3/inferred_upgrade/to.
Status ReadInferredUpgradesJson(const nlohmann::ordered_json& products, Bundle* bundle);

// Writes `edge` as the "inferred_upgrade" member of its product's object, open in `out`.
void WriteInferredUpgradeJson(const InferredUpgrade& edge, const Catalog& catalog, JsonWriter* out);

// What both readers refuse: a target that is not another product of the bundle, a confidence
// outside 0..1 (NaN included), too many or over-long diff entries.
std::optional<Error> CheckInferredUpgrade(const InferredUpgrade& edge, std::size_t products);

}  // namespace cartlift
