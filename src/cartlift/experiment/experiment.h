// Experiments: which arm a visitor is in, decided by a stable hash so every runtime (native,
// wasm, the pure-JS assignArm of the npm package) gives the same visitor the same arm without
// sharing any state.
//
// The rule, which the JavaScript implementation must follow bit for bit:
//   hash   = FNV-1a 32 over the UTF-8 bytes of  experiment id + ":" + visitor id
//   bucket = hash % (sum of the arms' weights)
//   arm    = walk the arms in their order; the first whose cumulative weight exceeds bucket.
// With arms fbt 50 / control 50 this is the demo store's original "hash % 100 < 50 → fbt".
// A `control` arm is served no offers: it is the baseline the other arms are measured against.
//
// Example:
//   Experiment e{"fbt-vs-control", {{"fbt", 50, false}, {"control", 50, true}}};
//   const Arm& arm = AssignArm(e, "v-123");
//   if (arm.control) { /* show nothing, still log the arm */ }
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cartlift {

struct Arm {
  std::string name;
  std::uint32_t weight = 0;  // share of visitors relative to the other arms; 0 switches it off
  bool control = false;      // shows nothing

  bool operator==(const Arm& o) const { return name == o.name && weight == o.weight && control == o.control; }
};

struct Experiment {
  std::string id;
  std::vector<Arm> arms;  // at least one with weight > 0 (the readers reject anything else)

  bool operator==(const Experiment& o) const { return id == o.id && arms == o.arms; }
};

// Bounds on experiment definitions from a bundle: a handful is what a store runs at once; the
// caps keep a hostile bundle from making every request walk thousands of arms.
struct ExperimentLimits {
  static constexpr std::size_t kMaxExperiments = 32;
  static constexpr std::size_t kMaxArms = 16;
  static constexpr std::size_t kMaxIdBytes = 128;       // experiment ids and arm names
  static constexpr std::uint32_t kMaxWeight = 1'000'000;  // sums stay far below 2^32
  static constexpr std::size_t kMaxJsonBytes = 1 << 20;   // the definitions as JSON text
};

// The bucket of a visitor in an experiment: FNV-1a 32 of id + ":" + visitor, modulo `total`
// (which must be > 0).
std::uint32_t ArmBucket(std::string_view experiment_id, std::string_view visitor, std::uint32_t total);

// The arm of `visitor`. An experiment without arms gives an arm named "default"; one whose
// weights are all 0 gives its last arm (the readers reject both).
const Arm& AssignArm(const Experiment& experiment, std::string_view visitor);

// The experiment named `id`; an empty id means the first one. nullptr when there is none.
const Experiment* FindExperiment(const std::vector<Experiment>& experiments, std::string_view id);

}  // namespace cartlift
