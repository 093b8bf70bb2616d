// Loading a bundle into an engine: once per bundle, so kept apart from the per-request code in
// engine.cpp, which the wasm module compiles for speed while this stays compiled for size.
#include "cartlift/engine.h"

#include <memory>
#include <utility>

#include "cartlift/bundle/bundle_binary.h"

namespace cartlift {

Engine::Engine(std::unique_ptr<Bundle> bundle)
    : bundle_(std::move(bundle)),
      cross_sell_(*bundle_),
      upsell_(*bundle_),
      threshold_(*bundle_),
      bundles_(*bundle_),
      volume_(*bundle_),
      protection_(*bundle_) {
  candidates_.reserve(256);
  line_slot_.assign(bundle_->catalog.size(), 0);
}

Result<std::unique_ptr<Engine>> Engine::Load(std::string_view bytes) {
  Result<Bundle> b = ReadBundle(bytes);
  if (!b.ok()) return b.error();
  return FromBundle(std::move(b).value());
}

std::unique_ptr<Engine> Engine::FromBundle(Bundle bundle) {
  return std::unique_ptr<Engine>(new Engine(std::make_unique<Bundle>(std::move(bundle))));
}

}  // namespace cartlift
