// The JSON form of the offer-mechanics rules (bundles, mined bundles, volume tiers, protection,
// reward, minimum margin): split from bundle_json.cpp so each rule family stays readable.
// docs/rules.md documents every member.
//
// Example:
//   Rules r;
//   Status s = ReadOfferRules(doc["rules"], "/rules", &r);   // s.error().path e.g. "/rules/bundles/0/products"
//   nlohmann::ordered_json out = nlohmann::ordered_json::object();
//   OfferRulesToJson(r, &out);                              // only members that differ from the defaults
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "cartlift/offers/rules.h"
#include "cartlift/status.h"

namespace cartlift {

Status ReadOfferRules(const nlohmann::ordered_json& rules, const std::string& path, Rules* out);
void OfferRulesToJson(const Rules& rules, nlohmann::ordered_json* out);

// "12.5" % as 1250 basis points: at most two decimals, within (0, max_percent].
bool PercentToBasisPoints(double percent, double max_percent, BasisPoints* out);

}  // namespace cartlift
