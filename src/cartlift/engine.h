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
#include "cartlift/json_writer.h"
#include "cartlift/offers/bundle_offers.h"
#include "cartlift/offers/cross_sell.h"
#include "cartlift/offers/offer.h"
#include "cartlift/offers/protection.h"
#include "cartlift/offers/threshold.h"
#include "cartlift/offers/upsell.h"
#include "cartlift/offers/volume.h"
#include "cartlift/status.h"

namespace cartlift {

// The experiment arm a visitor is served (experiment/experiment.h). Both pointers are null for
// the "default" arm: the bundle has no experiment, or there is no visitor to assign.
struct ArmChoice {
  const Experiment* experiment = nullptr;
  const Arm* arm = nullptr;
  std::string_view name() const { return arm ? std::string_view(arm->name) : std::string_view("default"); }
  bool control() const { return arm && arm->control; }
};

class Engine {
 public:
  // Accepts the JSON bundle (the binary form is detected by its magic bytes when supported).
  static Result<std::unique_ptr<Engine>> Load(std::string_view bundle_bytes);
  // An engine on a bundle already read: ReadBundle with handed-over bytes and then this is what
  // the wasm module does, giving back the bytes the bundle no longer reads in between.
  static std::unique_ptr<Engine> FromBundle(Bundle bundle);

  Result<Response> Recommend(Request request);
  // JSON in, JSON out (docs/formats.md): what the C ABI, the CLI and the wasm module call.
  Result<std::string> RecommendJson(std::string_view request_json);
  // The same, written into a buffer the engine keeps: the view is valid until the next call on
  // this engine. Saves a copy per request where the caller copies the text anyway (the C ABI).
  // `ascii`: non-ASCII characters as \u escapes (JsonWriter::SetAscii), for JavaScript callers.
  Result<std::string_view> RecommendJsonView(std::string_view request_json, bool ascii = false);
  // The same response in JsonWriter's packed form, for the wasm module's JavaScript glue, which
  // turns it into the same objects as JSON.parse of the text in half the time. (engine_json.cpp)
  //   auto view = engine->RecommendPackedView(R"({"cart":[{"id":"85123A","qty":1}]})");
  Result<std::string_view> RecommendPackedView(std::string_view request_json);
  // The keys of this engine's packed responses by id, as a JSON array of strings.
  std::string PackedKeysJson() const { return packed_.keys.Json(); }
  // Counts and provenance, as JSON.
  std::string InfoJson() const;
  // The arm of `visitor` in the experiment `experiment` (empty: the bundle's first); the same
  // arm Recommend serves. An id the bundle does not define is kInvalidValue at /experiment; a
  // visitor over 256 bytes or not UTF-8 is an error at /visitor. (engine_experiment.cpp)
  Result<ArmChoice> AssignArm(std::string_view visitor, std::string_view experiment = {}) const;
  // The same as JSON: {"experiment": "fbt-vs-control" or null, "arm": "fbt", "control": false}.
  Result<std::string> AssignArmJson(std::string_view visitor, std::string_view experiment = {}) const;

  const Bundle& bundle() const { return *bundle_; }

 private:
  explicit Engine(std::unique_ptr<Bundle> bundle);
  // Sets response->arm for the request (a warning for an unknown experiment id); true when the
  // arm is a control arm, which is served no offers.
  bool ServeAsControl(const Request& request, Response* response) const;
  std::unique_ptr<Bundle> bundle_;
  CrossSell cross_sell_;
  Upsell upsell_;
  Threshold threshold_;
  BundleOffers bundles_;
  Volume volume_;
  Protection protection_;
  std::vector<Candidate> candidates_;  // reused per request
  std::vector<std::uint32_t> line_slot_;  // per product: 1 + its cart line; all 0 between requests
  std::string json_out_;                  // RecommendJsonView's buffer, reused per request
  PackedBuffers packed_;                  // RecommendPackedView's, reused too
  static constexpr std::size_t kKeptResponseBytes = 64 * 1024;
};

class JsonWriter;

// Request/response JSON adapters (request_json.cpp, response_json.cpp).
Result<Request> ParseRequestJson(std::string_view text);
void WriteResponseJson(const Response& response, const Bundle& bundle, JsonWriter& writer);

}  // namespace cartlift
