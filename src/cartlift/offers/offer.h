// Requests and offers as the engine sees them (request_json.cpp / response_json.cpp map them to
// the JSON of docs/formats.md).
//
// Example:
//   Request r;  r.cart.push_back({"85123A", 1});  r.limit = 5;
//   Response out = engine.Recommend(r).value();
//   for (const Offer& o : out.offers) std::cout << o.reason.text << "\n";
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cartlift/types.h"

namespace cartlift {

enum class OfferType { kCrossSell, kUpsell, kBundle, kThreshold, kAddon };
const char* OfferTypeName(OfferType t);
bool ParseOfferType(const std::string& name, OfferType* out);

struct CartLine {
  std::string id;
  std::int64_t qty = 1;
  Money price = -1;                 // the store's current price; -1: use the catalog's
  ProductIndex product = kNoProduct;  // filled by the engine
};

struct Request {
  std::vector<CartLine> cart;
  int limit = 5;
  std::vector<OfferType> types;     // empty: every type the engine supports
  std::vector<std::string> exclude;
  std::string page = "cart";        // "product", "cart" or "checkout"
  std::string visitor;
  bool explain = false;
};

struct Evidence {
  ProductIndex with = kNoProduct;   // the cart product the evidence is about
  std::uint32_t co_purchases = 0;
  std::uint32_t of_orders = 0;      // orders containing `with`
  double confidence = 0;            // co_purchases / of_orders
  double lift = 0;
};

struct Reason {
  std::string text;
  std::string source;               // "co_purchase", "category_popular", "popular", "upgrade",
                                    // "threshold", "merchant_pick"
  Evidence evidence;
};

// One attribute that changes with an upgrade; an empty side means the product does not state it.
struct AttrDiff {
  std::string name;
  std::string from;
  std::string to;
};

struct Offer {
  OfferType type = OfferType::kCrossSell;
  ProductIndex product = kNoProduct;
  double score = 0;
  Reason reason;
  // upsell only: the cart product it replaces, what it costs more per unit, what changes.
  ProductIndex upgrade_from = kNoProduct;
  Money price_delta = 0;
  std::vector<AttrDiff> attributes_diff;
  // threshold only: what the cart lacked to reach the free-delivery threshold.
  Money gap = 0;
};

struct Warning {
  std::string code;
  std::string message;
  std::string path;
};

// One candidate that did not become an offer, for `explain: true`.
struct Dropped {
  OfferType type;
  ProductIndex product;
  double score;
  std::string why;                  // "in_cart", "out_of_stock", "excluded", "same_family", ...
};

struct Response {
  std::vector<Offer> offers;
  std::vector<Warning> warnings;
  std::string arm = "default";
  std::vector<Dropped> dropped;     // only filled when the request asks to explain
};

}  // namespace cartlift
