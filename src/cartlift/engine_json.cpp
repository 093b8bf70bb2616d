// Engine::InfoJson and the packed response. The request and response adapters of the serving
// façade, which run once per request, are request_json.cpp and response_json.cpp (no JSON library
// on that path either).
#include "cartlift/bundle/bundle_json.h"
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/engine.h"
#include "cartlift/json_writer.h"

namespace cartlift {

std::string Engine::InfoJson() const {
  const Provenance& p = bundle_->built_from;
  JsonWriter w;
  w.BeginObject();
  w.Key("format");
  w.String(kBundleFormat);
  w.Key("currency");
  w.String(bundle_->catalog.currency);
  w.Key("products");
  w.UInt(bundle_->catalog.size());
  w.Key("associations");
  w.UInt(bundle_->associations.size());
  w.Key("orders");
  w.UInt(p.orders);
  w.Key("scorer");
  w.String(p.scorer);
  if (p.first_timestamp >= 0) {
    w.Key("date_range");
    w.BeginArray();
    w.String(FormatIsoTime(p.first_timestamp));
    w.String(FormatIsoTime(p.last_timestamp));
    w.EndArray();
  }
  w.EndObject();
  return w.Take();
}

Result<std::string_view> Engine::RecommendPackedView(std::string_view request_json) {
  // The buffers are let go after a large response, as in RecommendJsonView.
  for (std::string* b : {&packed_.words, &packed_.text, &packed_.wide})
    if (b->capacity() > kKeptResponseBytes) std::string().swap(*b);
  Result<Request> req = ParseRequestJson(request_json);
  if (!req.ok()) return req.error();
  Result<Response> res = Recommend(std::move(req).value());
  if (!res.ok()) return res.error();
  JsonWriter w(&packed_);
  WriteResponseJson(res.value(), *bundle_, w);
  return w.FinishPacked();
}

}  // namespace cartlift
