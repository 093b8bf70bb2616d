#include "cartlift/experiment/experiment.h"

#include "cartlift/experiment/fnv1a.h"

namespace cartlift {

std::uint32_t ArmBucket(std::string_view experiment_id, std::string_view visitor, std::uint32_t total) {
  // Hashed in parts so a request does not allocate the joined key.
  const std::uint32_t h = Fnv1a32(visitor, Fnv1a32(":", Fnv1a32(experiment_id)));
  return total ? h % total : 0;
}

const Arm& AssignArm(const Experiment& experiment, std::string_view visitor) {
  // A hand-assembled experiment without arms serves everyone as before experiments existed.
  static const Arm kDefault{"default", 1, false};
  if (experiment.arms.empty()) return kDefault;
  std::uint32_t total = 0;
  for (const Arm& a : experiment.arms) total += a.weight;
  std::uint32_t bucket = ArmBucket(experiment.id, visitor, total);
  for (const Arm& a : experiment.arms) {
    if (bucket < a.weight) return a;
    bucket -= a.weight;
  }
  // Unreachable for a validated experiment (bucket < total); the last arm keeps it total.
  return experiment.arms.back();
}

const Experiment* FindExperiment(const std::vector<Experiment>& experiments, std::string_view id) {
  if (id.empty()) return experiments.empty() ? nullptr : &experiments.front();
  for (const Experiment& e : experiments)
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace cartlift
