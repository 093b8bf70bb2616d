// The store bundle: catalog, mined associations, merchant rules, experiments and provenance, as
// loaded by the engine and written by the builder. JSON is the readable form (bundle_json.h).
//
// Example:
//   Result<Bundle> b = ReadBundleJson(text);
//   std::string again = WriteBundleJson(b.value());   // byte-identical to text when text came
//                                                       // from WriteBundleJson
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cartlift/catalog/catalog.h"
#include "cartlift/experiment/experiment.h"
#include "cartlift/offers/cross_sell_options.h"
#include "cartlift/offers/ladder_inference.h"
#include "cartlift/offers/rules.h"
#include "cartlift/stats/associations.h"

namespace cartlift {

struct BundleInput {
  std::string name;    // file name as given (no directories, so bundles are reproducible)
  std::string format;  // "csv", "baskets", "pairs"
  std::uint64_t lines = 0;
};

struct Provenance {
  std::vector<BundleInput> inputs;
  std::uint64_t orders = 0;          // orders that went into the counts
  std::uint64_t order_items = 0;     // distinct (order, product) entries counted
  std::uint64_t pairs_kept = 0;      // neighbour entries stored
  std::uint64_t malformed = 0;
  std::uint64_t returns = 0;
  std::uint64_t oversized_orders = 0;
  std::uint64_t single_item_orders = 0;
  std::uint64_t unknown_products = 0;  // rows naming products missing from the given catalog
  std::int64_t first_timestamp = -1;
  std::int64_t last_timestamp = -1;
  std::string scorer;
  double half_life_days = 0;        // time decay used for the scores; 0: none
  double order_size_damping = 0;    // large-order damping used for the scores; 0: none
  // Parameters of damped_confidence (written only for that scorer).
  double shrink = 0, alpha = 0, beta = 0;
};

struct Bundle {
  Catalog catalog;
  std::vector<std::uint32_t> product_orders;  // per product: orders containing it
  Associations associations;
  Rules rules;
  Provenance built_from;
  CrossSellOptions cross_sell;
  // Upgrade steps inferred from titles at build time, sorted by `from` (ladder_inference.h);
  // each is written as its product's "inferred_upgrade" member.
  std::vector<InferredUpgrade> inferred_upgrades;
  std::vector<Experiment> experiments;  // validated (bundle/experiments_json.h); may be empty
};

}  // namespace cartlift
