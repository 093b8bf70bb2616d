// Experiment arms in the serving façade: the request's arm, and the C ABI's / CLI's assignment.
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/engine.h"
#include "cartlift/json_writer.h"

namespace cartlift {

Result<ArmChoice> Engine::AssignArm(std::string_view visitor, std::string_view experiment) const {
  if (visitor.size() > Limits::kMaxIdBytes)
    return MakeError(ErrorCode::kLimitExceeded, "visitor longer than 256 bytes", "/visitor");
  if (!IsValidUtf8(visitor)) return MakeError(ErrorCode::kInvalidValue, "visitor is not valid UTF-8", "/visitor");
  ArmChoice choice;
  const Experiment* e = FindExperiment(bundle_->experiments, experiment);
  if (!e && !experiment.empty())
    return MakeError(ErrorCode::kInvalidValue,
                     "experiment \"" + std::string(experiment.substr(0, 64)) + "\" is not in the bundle", "/experiment");
  // No visitor means nobody to keep in one arm across visits, so nobody to measure: default.
  if (!e || visitor.empty()) return choice;
  choice.experiment = e;
  choice.arm = &cartlift::AssignArm(*e, visitor);
  return choice;
}

Result<std::string> Engine::AssignArmJson(std::string_view visitor, std::string_view experiment) const {
  Result<ArmChoice> c = AssignArm(visitor, experiment);
  if (!c.ok()) return c.error();
  JsonWriter w;
  w.BeginObject();
  w.Key("experiment");
  if (c.value().experiment) w.String(c.value().experiment->id);
  else w.Null();
  w.Key("arm");
  w.String(c.value().name());
  w.Key("control");
  w.Bool(c.value().control());
  w.EndObject();
  return w.Take();
}

bool Engine::ServeAsControl(const Request& request, Response* response) const {
  Result<ArmChoice> c = AssignArm(request.visitor, request.experiment);
  if (!c.ok()) {
    // Serving offers beats failing the page; the warning tells the store its id is stale.
    const Error& e = c.error();
    response->warnings.push_back({e.path == "/experiment" ? "unknown_experiment" : "invalid_visitor",
                                  e.message + "; served as the default arm", e.path});
    return false;
  }
  response->arm = std::string(c.value().name());
  return c.value().control();
}

}  // namespace cartlift
