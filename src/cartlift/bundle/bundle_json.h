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
Result<Rules> ParseRulesJson(std::string_view text);

// "2010-12-01T08:26:00Z" for epoch seconds; empty for -1.
std::string FormatIsoTime(std::int64_t seconds);

}  // namespace cartlift
