// The bundle's "experiments" member: experiment definitions (experiment/experiment.h) as JSON,
// e.g. [{"id":"fbt-vs-control","arms":[{"name":"fbt","weight":50},
//                                      {"name":"control","weight":50,"control":true}]}]
// Read by the JSON and binary bundle readers and by `cartlift build --experiments FILE`.
//
// Example:
//   Result<std::vector<Experiment>> e = ParseExperimentsJson(file_text);
//   if (!e.ok()) { /* e.error().path, e.g. "/0/arms/1/weight" */ }
//   std::string again = WriteExperimentsJson(e.value());   // compact, deterministic
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cartlift/experiment/experiment.h"
#include "cartlift/status.h"

namespace cartlift {

// Validates a parsed "experiments" array; error paths start with `path` (e.g. "/experiments").
// Ids and names: 1..128 bytes of UTF-8, unique; 1..16 arms with integer weights 0..10^6 summing
// to at least 1; at most one control arm; at most 32 experiments.
Result<std::vector<Experiment>> ReadExperiments(const nlohmann::ordered_json& node, const std::string& path);
nlohmann::ordered_json ExperimentsToJson(const std::vector<Experiment>& experiments);

// The same for the JSON text on its own (a file, the binary bundle's EXPT section); paths are
// relative to the array ("/0/arms/1/weight"). At most ExperimentLimits::kMaxJsonBytes.
Result<std::vector<Experiment>> ParseExperimentsJson(std::string_view text);
std::string WriteExperimentsJson(const std::vector<Experiment>& experiments);

}  // namespace cartlift
