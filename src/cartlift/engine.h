// The serving façade: load a store bundle once, then answer recommend requests in microseconds.
// One Engine is not thread-safe (it reuses scratch buffers per request); use one per thread or
// isolate, which is how browsers, edge workers and Node run it anyway.
//
// Example:
//   Result<std::unique_ptr<Engine>> e = Engine::Load(bundle_json_text);
//   if (!e.ok()) return e.error();
//   Result<std::string> out = e.value()->RecommendJson(R"({"cart":[{"id":"85123A"}],"limit":5})");
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "cartlift/bundle/bundle.h"
#include "cartlift/offers/cross_sell.h"
#include "cartlift/offers/offer.h"
#include "cartlift/offers/threshold.h"
#include "cartlift/offers/upsell.h"
#include "cartlift/status.h"

namespace cartlift {

class Engine {
 public:
  // Accepts the JSON bundle (the binary form is detected by its magic bytes when supported).
  static Result<std::unique_ptr<Engine>> Load(std::string_view bundle_bytes);
  static std::unique_ptr<Engine> FromBundle(Bundle bundle);

  Result<Response> Recommend(Request request);
  // JSON in, JSON out (docs/formats.md): what the C ABI, the CLI and the wasm module call.
  Result<std::string> RecommendJson(std::string_view request_json);
  // Counts and provenance, as JSON.
  std::string InfoJson() const;

  const Bundle& bundle() const { return *bundle_; }

 private:
  explicit Engine(std::unique_ptr<Bundle> bundle);
  std::unique_ptr<Bundle> bundle_;
  CrossSell cross_sell_;
  Upsell upsell_;
  Threshold threshold_;
  std::vector<Candidate> candidates_;  // reused per request
};

// Request/response JSON adapters (engine_json.cpp).
Result<Request> ParseRequestJson(std::string_view text);
std::string ResponseToJson(const Response& response, const Bundle& bundle);

}  // namespace cartlift
