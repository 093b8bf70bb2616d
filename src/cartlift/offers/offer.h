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
#include <string_view>
#include <vector>

#include "cartlift/types.h"

namespace cartlift {

enum class OfferType { kCrossSell, kUpsell, kBundle, kThreshold, kAddon, kVolume, kReward };
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
  std::string experiment;           // experiment id; empty: the bundle's first experiment
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
  // "co_purchase", "category_popular", "popular", "upgrade", "threshold", "merchant_pick"...:
  // always a string literal (a view, so the hundreds of candidates per request copy no string).
  std::string_view source;
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
  double upgrade_confidence = -1;   // upsell from an inferred ladder: its confidence; -1 otherwise
  // threshold only: what the cart lacked to reach the free-delivery threshold.
  Money gap = 0;
  // bundle: the products to add, the first being `product`; volume: the cart product.
  std::vector<ProductIndex> items;
  Money price = -1;            // what taking the offer adds to the cart; -1: the product's price
  Money list_price = 0;        // bundle: the added products at full price
  Money discount = 0;          // bundle, volume: the saving in minor units (rounded down)
  BasisPoints percent_off = 0; // bundle, volume: the stated percentage, if any
  std::int64_t add_qty = 0;    // volume: units to add to reach the tier
  std::int64_t min_qty = 0;    // volume: the tier's minimum quantity
  ProductIndex for_product = kNoProduct;  // addon: the cart product it goes with
  std::string offer_id;        // bundle: the merchant's bundle id or "mined"; reward: its code
  std::string title;           // bundle, reward: shown instead of the product's title
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
