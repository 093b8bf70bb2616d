// The per-request half of the serving façade (engine_load.cpp builds the engine once per bundle):
// compiled for speed in the wasm module, the per-load half for size.
#include "cartlift/engine.h"

#include <algorithm>
#include <optional>

#include "cartlift/json_writer.h"
#include "cartlift/offers/guardrails.h"

namespace cartlift {
namespace {

// The gap filler walks the cross-sell list and then the category lists, which overlap: one line
// per candidate, type and reason is what a merchant reading `explain` wants.
void DropRepeats(std::vector<Dropped>* dropped) {
  std::vector<Dropped> kept;
  kept.reserve(dropped->size());
  for (Dropped& d : *dropped) {
    const bool seen = std::any_of(kept.begin(), kept.end(), [&](const Dropped& k) {
      return k.type == d.type && k.product == d.product && k.why == d.why;
    });
    if (!seen) kept.push_back(std::move(d));
  }
  *dropped = std::move(kept);
}

}  // namespace

Result<Response> Engine::Recommend(Request request) {
  Response response;
  // Experiments first: a control visitor still gets its arm and the cart's warnings, no offers.
  const bool control = ServeAsControl(request, &response);
  const Catalog& catalog = bundle_->catalog;
  // Resolve ids; unknown ones are products added to the store since the bundle was built.
  std::vector<ProductIndex> cart;
  std::vector<CartLine> lines;
  lines.reserve(request.cart.size());
  cart.reserve(request.cart.size());
  {
    // Clears the slots this request set, also when an allocation below throws.
    struct ResetSlots {
      std::vector<std::uint32_t>& slot_of;
      const std::vector<ProductIndex>& products;
      ~ResetSlots() {
        for (ProductIndex p : products) slot_of[p] = 0;
      }
    } reset{line_slot_, cart};
    for (std::size_t i = 0; i < request.cart.size(); ++i) {
      CartLine& line = request.cart[i];
      line.product = catalog.Find(line.id);
      if (line.product == kNoProduct) {
        response.warnings.push_back({"unknown_product", "product \"" + line.id.substr(0, 64) +
                                     "\" is not in the bundle; offers ignore it", "/cart/" + std::to_string(i) + "/id"});
        continue;
      }
      // line_slot_ maps a product to 1 + its line in `lines` (0: not seen yet); reset when `reset` goes.
      std::uint32_t& slot = line_slot_[line.product];
      if (slot == 0) {
        lines.push_back(std::move(line));
        cart.push_back(lines.back().product);
        slot = static_cast<std::uint32_t>(lines.size());
      } else {
        CartLine& first = lines[slot - 1];
        first.qty = std::min<std::int64_t>(first.qty + line.qty, 1'000'000'000);
      }
    }
  }
  request.cart = std::move(lines);
  if (control) return response;

  const Rules& rules = bundle_->rules;
  // The request's `types` can only narrow what the merchant allows on this page.
  const auto wants = [&](OfferType t) {
    return rules.Allows(request.page, t) &&
           (request.types.empty() || std::find(request.types.begin(), request.types.end(), t) != request.types.end());
  };
  // `limit` counts cross-sells; upgrades (2 by default) and the free-delivery offer (1) come on
  // top, each also within `limit`, and max_offers caps the whole response (docs/rules.md).
  const int limit = std::min(request.limit, rules.max_offers);
  // Offers are large; growing the vector one offer at a time moved each of them again.
  response.offers.reserve(static_cast<std::size_t>(std::clamp(rules.max_offers, 0, 16)));
  const auto room = [&](int cap) { return std::min(cap, rules.max_offers - static_cast<int>(response.offers.size())); };
  Guardrails guard(*bundle_, request, cart);
  std::vector<Dropped>* dropped = request.explain ? &response.dropped : nullptr;
  const auto take = [&](Offer o) {
    guard.Accept(o.product);
    for (ProductIndex p : o.items) guard.Accept(p);
    response.offers.push_back(std::move(o));
  };

  if (wants(OfferType::kUpsell)) {
    const int cap = room(std::min(limit, rules.MaxFor(OfferType::kUpsell, 2)));
    int n = 0;
    for (const CartLine& line : request.cart) {
      if (n >= cap) break;
      const Money unit = line.price >= 0 ? line.price : catalog[line.product].price;
      if (std::optional<Offer> o = upsell_.For(line.product, unit, guard, dropped)) {
        take(std::move(*o));
        ++n;
      }
    }
  }

  if (wants(OfferType::kBundle)) {
    std::vector<Offer> sets;
    bundles_.For(request.cart, guard, room(std::min(limit, rules.MaxFor(OfferType::kBundle, 1))), &sets, dropped);
    for (Offer& o : sets) take(std::move(o));
  }

  const bool want_threshold = wants(OfferType::kThreshold) && rules.free_shipping_threshold > 0 && !cart.empty();
  candidates_.clear();
  // The gap filler and `explain` read the whole list; otherwise candidates are drawn one by one
  // and the cross-sell loop stops at its cap, before the rest are ever put in order.
  const bool one_by_one = !want_threshold && !dropped;
  bool drawing = false;
  if ((wants(OfferType::kCrossSell) || want_threshold) && !cart.empty()) {
    // The gap filler looks further down the list for a product at the right price.
    const std::size_t want = std::max<std::size_t>(static_cast<std::size_t>(limit) * 2 + 8, want_threshold ? 64 : 0);
    if (one_by_one) cross_sell_.Begin(cart, want), drawing = true;
    else cross_sell_.Candidates(cart, want, &candidates_);
  }
  std::size_t listed = 0;
  const auto next_candidate = [&](Candidate* c) {
    if (drawing) return cross_sell_.Next(c);
    if (listed >= candidates_.size()) return false;
    *c = candidates_[listed++];
    return true;
  };

  if (wants(OfferType::kCrossSell)) {
    const int cap = room(std::min(limit, rules.MaxFor(OfferType::kCrossSell, limit)));
    int n = 0;
    for (const std::string& id : rules.pins) {
      const ProductIndex p = catalog.Find(id);
      if (p == kNoProduct) continue;
      const char* why = n >= cap ? "over_limit" : guard.Reject(OfferType::kCrossSell, p);
      if (why) {
        if (dropped) dropped->push_back({OfferType::kCrossSell, p, 1.0, why});
        continue;
      }
      Offer o;
      o.product = p;
      o.score = 1.0;
      o.reason.text = "Recommended by the store";
      o.reason.source = "merchant_pick";
      take(std::move(o));
      ++n;
    }
    for (Candidate c; next_candidate(&c);) {
      const bool full = n >= cap;
      const char* why = full ? "over_limit" : guard.Reject(OfferType::kCrossSell, c.product);
      if (why) {
        if (dropped) dropped->push_back({OfferType::kCrossSell, c.product, c.score, why});
        if (full && !dropped) break;
        continue;
      }
      Offer o;
      o.product = c.product;
      o.score = c.score;
      cross_sell_.Describe(c, &o.reason);
      take(std::move(o));
      ++n;
    }
  }

  if (wants(OfferType::kAddon) && !rules.protection.empty()) {
    const int cap = room(std::min(limit, rules.MaxFor(OfferType::kAddon, 1)));
    int n = 0;
    for (const CartLine& line : request.cart) {
      if (n >= cap) break;
      if (std::optional<Offer> o = protection_.For(line, guard, dropped)) {
        take(std::move(*o));
        ++n;
      }
    }
  }

  if (wants(OfferType::kVolume) && !rules.volume_tiers.empty()) {
    const int cap = room(std::min(limit, rules.MaxFor(OfferType::kVolume, 1)));
    int n = 0;
    for (const CartLine& line : request.cart) {
      if (n >= cap) break;
      if (std::optional<Offer> o = volume_.For(line, guard, dropped)) {
        // The product is already in the cart: kept out of `take`, which would mark it offered.
        response.offers.push_back(std::move(*o));
        ++n;
      }
    }
  }

  if (want_threshold && room(std::min(limit, rules.MaxFor(OfferType::kThreshold, 1))) > 0) {
    if (std::optional<Offer> o = threshold_.For(candidates_, cart, guard, dropped)) take(std::move(*o));
  }

  // A thank-you for the next order: shown once the cart reaches the merchant's minimum.
  if (wants(OfferType::kReward) && !rules.reward.code.empty() && !cart.empty() &&
      guard.cart_value() >= rules.reward.min_order && room(std::min(limit, rules.MaxFor(OfferType::kReward, 1))) > 0) {
    Offer o;
    o.type = OfferType::kReward;
    o.offer_id = rules.reward.code;
    o.title = rules.reward.text;
    o.price = 0;
    o.reason.source = "reward";
    o.reason.text = "Thank you: " + rules.reward.text + " with code " + rules.reward.code;
    response.offers.push_back(std::move(o));
  }
  if (dropped) DropRepeats(dropped);
  return response;
}

Result<std::string> Engine::RecommendJson(std::string_view request_json) {
  Result<std::string_view> out = RecommendJsonView(request_json);
  if (!out.ok()) return out.error();
  return std::string(out.value());
}

Result<std::string_view> Engine::RecommendJsonView(std::string_view request_json, bool ascii) {
  // An ordinary response is a few KB and its buffer is kept; one from a huge cart or `explain`
  // is let go, so it does not pin a large block of the wasm heap for the engine's lifetime.
  if (json_out_.size() > kKeptResponseBytes) std::string().swap(json_out_);
  Result<Request> req = ParseRequestJson(request_json);
  if (!req.ok()) return req.error();
  Result<Response> res = Recommend(std::move(req).value());
  if (!res.ok()) return res.error();
  JsonWriter w(&json_out_);
  w.SetAscii(ascii);
  WriteResponseJson(res.value(), *bundle_, w);
  return w.view();
}

}  // namespace cartlift
