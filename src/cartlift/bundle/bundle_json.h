// Reading and writing the `cartlift.bundle/1` JSON form (schema/bundle.schema.json).
//
// Example:
//   Result<Bundle> b = ReadBundleJson(R"({"format":"cartlift.bundle/1","products":[...]})");
//   if (!b.ok()) { /* b.error().path names the bad member, e.g. "/associations/3/neighbours/0/id" */ }
#pragma once
#include <string>
#include <string_view>

#include "cartlift/bundle/bundle.h"
#include "cartlift/status.h"

namespace cartlift {

inline constexpr const char* kBundleFormat = "cartlift.bundle/1";

Result<Bundle> ReadBundleJson(std::string_view text);
// Deterministic: the same bundle always gives the same bytes.
std::string WriteBundleJson(const Bundle& bundle);

// A merchant rules document (the bundle's "rules" member on its own), e.g. {"max_offers": 4}.
// At most Limits::kMaxRulesBytes.
Result<Rules> ParseRulesJson(std::string_view text);
// The rules as compact JSON, defaults left out; ParseRulesJson(WriteRulesJson(r)) gives r back.
std::string WriteRulesJson(const Rules& rules);

// "2010-12-01T08:26:00Z" for epoch seconds; empty for -1.
std::string FormatIsoTime(std::int64_t seconds);

}  // namespace cartlift
