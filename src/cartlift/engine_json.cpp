// Engine::InfoJson. The request and response adapters of the serving façade, which run once per
// request, are request_json.cpp and response_json.cpp (no JSON library on that path).
#include <nlohmann/json.hpp>

#include "cartlift/bundle/bundle_json.h"
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/engine.h"

namespace cartlift {

std::string Engine::InfoJson() const {
  using OJson = nlohmann::ordered_json;
  const Provenance& p = bundle_->built_from;
  OJson j = OJson::object();
  j["format"] = kBundleFormat;
  j["currency"] = bundle_->catalog.currency;
  j["products"] = bundle_->catalog.size();
  j["associations"] = bundle_->associations.flat.size();
  j["orders"] = p.orders;
  j["scorer"] = p.scorer;
  if (p.first_timestamp >= 0) j["date_range"] = {FormatIsoTime(p.first_timestamp), FormatIsoTime(p.last_timestamp)};
  return j.dump(-1, ' ', false, OJson::error_handler_t::replace);
}

}  // namespace cartlift
