#include "cartlift/bundle/experiments_json.h"

#include <algorithm>
#include <new>

#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/json_text.h"

namespace cartlift {
namespace {

using Json = nlohmann::ordered_json;

Error WrongType(const std::string& path, const char* want) {
  return MakeError(ErrorCode::kWrongType, std::string("expected ") + want, path);
}

// Ids and arm names end up in responses, logs and dashboards: short, non-empty, valid UTF-8.
Result<std::string> ReadName(const Json& parent, const char* key, const std::string& path) {
  auto it = parent.find(key);
  if (it == parent.end()) return MakeError(ErrorCode::kMissingField, std::string("missing ") + key, path);
  if (!it->is_string()) return WrongType(path, "a string");
  const std::string& s = it->get_ref<const std::string&>();
  if (s.empty()) return MakeError(ErrorCode::kInvalidValue, std::string("empty ") + key, path);
  if (s.size() > ExperimentLimits::kMaxIdBytes)
    return MakeError(ErrorCode::kLimitExceeded,
                     std::string(key) + " longer than " + std::to_string(ExperimentLimits::kMaxIdBytes) + " bytes",
                     path);
  if (!IsValidUtf8(s)) return MakeError(ErrorCode::kInvalidValue, "string is not valid UTF-8", path);
  return s;
}

Result<Arm> ReadArm(const Json& a, const std::string& path) {
  if (!a.is_object()) return WrongType(path, "an arm object {name, weight, control?}");
  Arm arm;
  Result<std::string> name = ReadName(a, "name", path + "/name");
  if (!name.ok()) return name.error();
  arm.name = std::move(name).value();
  auto w = a.find("weight");
  if (w == a.end()) return MakeError(ErrorCode::kMissingField, "missing weight", path + "/weight");
  if (!w->is_number_integer()) return WrongType(path + "/weight", "an integer");
  const auto weight = w->get<std::int64_t>();
  if (weight < 0 || weight > static_cast<std::int64_t>(ExperimentLimits::kMaxWeight))
    return MakeError(ErrorCode::kInvalidValue, "weight must be an integer 0..1000000", path + "/weight");
  arm.weight = static_cast<std::uint32_t>(weight);
  if (auto c = a.find("control"); c != a.end()) {
    if (!c->is_boolean()) return WrongType(path + "/control", "a boolean");
    arm.control = c->get<bool>();
  }
  return arm;
}

Result<Experiment> ReadExperiment(const Json& e, const std::string& path) {
  if (!e.is_object()) return WrongType(path, "an experiment object {id, arms}");
  Experiment ex;
  Result<std::string> id = ReadName(e, "id", path + "/id");
  if (!id.ok()) return id.error();
  ex.id = std::move(id).value();
  auto arms = e.find("arms");
  if (arms == e.end()) return MakeError(ErrorCode::kMissingField, "missing arms", path + "/arms");
  if (!arms->is_array()) return WrongType(path + "/arms", "an array of arms");
  if (arms->empty()) return MakeError(ErrorCode::kInvalidValue, "an experiment needs at least one arm", path + "/arms");
  if (arms->size() > ExperimentLimits::kMaxArms)
    return MakeError(ErrorCode::kLimitExceeded, "at most 16 arms per experiment", path + "/arms");
  std::uint32_t total = 0;
  bool has_control = false;
  for (std::size_t i = 0; i < arms->size(); ++i) {
    const std::string ap = path + "/arms/" + std::to_string(i);
    Result<Arm> arm = ReadArm((*arms)[i], ap);
    if (!arm.ok()) return arm.error();
    // At most 16 arms: a scan of those read so far, no hash set.
    if (std::any_of(ex.arms.begin(), ex.arms.end(), [&](const Arm& a) { return a.name == arm.value().name; }))
      return MakeError(ErrorCode::kDuplicateId, "two arms named \"" + arm.value().name + "\"", ap + "/name");
    if (arm.value().control) {
      // Two baselines would make "the difference vs control" ambiguous.
      if (has_control) return MakeError(ErrorCode::kInvalidValue, "at most one control arm", ap + "/control");
      has_control = true;
    }
    total += arm.value().weight;
    ex.arms.push_back(std::move(arm).value());
  }
  if (total == 0) return MakeError(ErrorCode::kInvalidValue, "the arms' weights sum to 0", path + "/arms");
  return ex;
}

}  // namespace

Result<std::vector<Experiment>> ReadExperiments(const Json& node, const std::string& path) {
  std::vector<Experiment> out;
  if (node.is_null()) return out;
  if (!node.is_array()) return WrongType(path, "an array of experiments");
  if (node.size() > ExperimentLimits::kMaxExperiments)
    return MakeError(ErrorCode::kLimitExceeded, "at most 32 experiments", path);
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string ep = path + "/" + std::to_string(i);
    Result<Experiment> e = ReadExperiment(node[i], ep);
    if (!e.ok()) return e.error();
    if (std::any_of(out.begin(), out.end(), [&](const Experiment& x) { return x.id == e.value().id; }))
      return MakeError(ErrorCode::kDuplicateId, "two experiments with id \"" + e.value().id + "\"", ep + "/id");
    out.push_back(std::move(e).value());
  }
  return out;
}

Json ExperimentsToJson(const std::vector<Experiment>& experiments) {
  Json out = Json::array();
  for (const Experiment& e : experiments) {
    Json arms = Json::array();
    for (const Arm& a : e.arms) {
      Json j{{"name", a.name}, {"weight", a.weight}};
      if (a.control) j["control"] = true;  // the common case stays short
      arms.push_back(std::move(j));
    }
    out.push_back(Json{{"id", e.id}, {"arms", std::move(arms)}});
  }
  return out;
}

Result<std::vector<Experiment>> ParseExperimentsJson(std::string_view text) {
  if (text.size() > ExperimentLimits::kMaxJsonBytes)
    return MakeError(ErrorCode::kLimitExceeded, "experiments larger than 1 MiB", "");
  try {
    Status depth = PrescanJson(text);
    if (!depth.ok()) return depth.error();
    Json doc;
    if (!ParseJsonDom(text, &doc)) return MakeError(ErrorCode::kMalformedJson, "experiments are not valid JSON", "");
    return ReadExperiments(doc, "");
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kLimitExceeded, "out of memory while reading experiments", "");
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kMalformedJson, e.what(), "");
  }
}

std::string WriteExperimentsJson(const std::vector<Experiment>& experiments) {
  return ExperimentsToJson(experiments).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace cartlift
