#include "cartlift/engine.h"

#include <algorithm>
#include <unordered_map>

#include "cartlift/bundle/bundle_json.h"
#include "cartlift/offers/guardrails.h"

namespace cartlift {

Engine::Engine(std::unique_ptr<Bundle> bundle) : bundle_(std::move(bundle)), cross_sell_(*bundle_) {
  candidates_.reserve(256);
}

Result<std::unique_ptr<Engine>> Engine::Load(std::string_view bytes) {
  Result<Bundle> b = ReadBundleJson(bytes);
  if (!b.ok()) return b.error();
  return FromBundle(std::move(b).value());
}

std::unique_ptr<Engine> Engine::FromBundle(Bundle bundle) {
  return std::unique_ptr<Engine>(new Engine(std::make_unique<Bundle>(std::move(bundle))));
}

Result<Response> Engine::Recommend(Request request) {
  Response response;
  const Catalog& catalog = bundle_->catalog;
  // Resolve ids; unknown ones are products added to the store since the bundle was built.
  std::vector<ProductIndex> cart;
  std::unordered_map<ProductIndex, std::size_t> line_of;
  std::vector<CartLine> lines;
  for (std::size_t i = 0; i < request.cart.size(); ++i) {
    CartLine& line = request.cart[i];
    line.product = catalog.Find(line.id);
    if (line.product == kNoProduct) {
      response.warnings.push_back({"unknown_product", "product \"" + line.id.substr(0, 64) +
                                   "\" is not in the bundle; offers ignore it", "/cart/" + std::to_string(i) + "/id"});
      continue;
    }
    auto [it, inserted] = line_of.emplace(line.product, lines.size());
    if (inserted) {
      lines.push_back(line);
      cart.push_back(line.product);
    } else {
      lines[it->second].qty = std::min<std::int64_t>(lines[it->second].qty + line.qty, 1'000'000'000);
    }
  }
  request.cart = std::move(lines);

  const auto wants = [&](OfferType t) {
    return request.types.empty() || std::find(request.types.begin(), request.types.end(), t) != request.types.end();
  };
  const int limit = std::min(request.limit, bundle_->rules.max_offers);
  Guardrails guard(*bundle_, request, cart);

  if (wants(OfferType::kCrossSell) && !cart.empty()) {
    candidates_.clear();
    cross_sell_.Candidates(cart, static_cast<std::size_t>(limit) * 2 + 8, &candidates_);
    for (Candidate& c : candidates_) {
      const bool full = static_cast<int>(response.offers.size()) >= limit;
      const char* why = full ? "over_limit" : guard.Reject(OfferType::kCrossSell, c.product);
      if (why) {
        if (request.explain) response.dropped.push_back({OfferType::kCrossSell, c.product, c.score, why});
        if (full && !request.explain) break;
        continue;
      }
      guard.Accept(c.product);
      response.offers.push_back({OfferType::kCrossSell, c.product, c.score, std::move(c.reason)});
    }
  }
  return response;
}

Result<std::string> Engine::RecommendJson(std::string_view request_json) {
  Result<Request> req = ParseRequestJson(request_json);
  if (!req.ok()) return req.error();
  Result<Response> res = Recommend(std::move(req).value());
  if (!res.ok()) return res.error();
  return ResponseToJson(res.value(), *bundle_);
}

}  // namespace cartlift
