// Upgrade ladders inferred from titles, for catalogs that give no `family`/`tier`/`upgrades_to`.
// Runs once at build time (BundleBuilder); the bundle stores each product's inferred next step up
// so serving stays a lookup (Upsell).
//
// A pair A -> B is an upgrade when both are in the same deepest category, their titles are the
// same once the size/quantity/grade parts are taken out (case, punctuation, plurals, "of/the/and"
// and word order ignored), B is bigger or better in at least one of those parts and smaller or
// worse in none, and B costs more than A but at most `max_price_step` more (and, for packs, no
// more per unit). Parts understood, by general retail vocabulary only:
//   size words   TINY < MINI < SMALL < MEDIUM < LARGE < XL < XXL/JUMBO < GIANT; weaker hints
//                POCKET/TRAVEL < LUNCH (a lunch bag is smaller than a jumbo bag)
//   counts       SET OF 6, PACK OF 12, BOX OF 24, 6 PIECE, 12PCS, 4 PACK, FOR 4, a leading "12 ..."
//   measures     50CM < 80 CM, 500ML < 1L, 250G < 1KG (compared within one dimension)
//   grades       BASIC/ECONOMY < (none) < DELUXE/PREMIUM/LUXURY/PRO/PLUS < ULTRA
// A title that states no size, count or grade is the regular size, one piece, standard grade
// ("TEA TOWEL" -> "TEA TOWEL DELUXE"), at a lower confidence; a weak hint or a measure is never
// compared with nothing.
// Grouping by (category, title without those parts) keeps the work O(n log n): titles are never
// compared across groups.
//
// Example:
//   LadderInferenceOptions o;                      // min_confidence 0.5, max_price_step 0.5
//   std::vector<InferredUpgrade> up = InferUpgrades(catalog, orders_per_product, o);
//   // "LUNCH BAG RED RETROSPOT" (1.65) -> "JUMBO BAG RED RETROSPOT" (1.95), confidence 0.8,
//   // diff {"size", "lunch bag", "jumbo bag"}
//   const InferredUpgrade* e = FindInferredUpgrade(up, catalog.Find("20725"));
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cartlift/catalog/catalog.h"
#include "cartlift/offers/offer.h"

namespace cartlift {

// One inferred step up the ladder: `from`'s nearest upgrade.
struct InferredUpgrade {
  ProductIndex from = kNoProduct;
  ProductIndex to = kNoProduct;
  double confidence = 0;          // 0..1, rounded to 4 decimals
  std::vector<AttrDiff> diff;     // the title parts that change, e.g. {"pack", "6", "12"}
};

struct LadderInferenceOptions {
  bool enabled = true;
  // Edges below this confidence are not kept.
  double min_confidence = 0.5;
  // B may cost at most this share more than A (0.5 = +50 %, the default upsell cap); 0 means no
  // merchant cap, and then kMaxPriceStepWithoutCap applies, as a bigger jump is not a size step.
  double max_price_step = 0.5;
  // Groups of more interchangeable titles than this are too generic to be one design's sizes.
  std::size_t max_group = 200;
};

inline constexpr double kMaxPriceStepWithoutCap = 3.0;

// Upper-case ASCII tokens of a title: split on anything but letters and digits, apostrophes
// dropped ("CHILDREN'S" -> "CHILDRENS"); non-ASCII bytes are kept as letters.
std::vector<std::string> TitleTokens(std::string_view title);

// The size/quantity/grade parts of a title and what is left of it.
struct TitleParts {
  std::vector<std::string> rest;  // the other tokens, in title order (plurals and stop words removed)
  int size = -1;                  // rank on the size scale; -1: none stated
  bool size_weak = false;         // the size came from a weaker hint (LUNCH, POCKET, ...)
  std::string size_text;          // as written, lower case: "jumbo", "lunch bag"
  std::int64_t count = -1;        // pieces per pack; -1: none stated
  bool count_weak = false;        // a bare leading number ("12 PENCILS ...")
  std::string count_text;         // "6", "12"
  double measure = -1;            // in the dimension's base unit (mm, ml, g); -1: none
  int measure_dim = -1;           // 0 length, 1 volume, 2 weight
  std::string measure_text;       // "50cm"
  int grade = 1;                  // 0 basic, 1 standard (none stated), 2 premium, 3 ultra
  std::string grade_text;         // "deluxe"
  bool ambiguous = false;         // two different values of one part: never part of a ladder
};
TitleParts ParseTitleParts(std::string_view title);

// Every product's nearest inferred upgrade, sorted by `from`. Products with an explicit ladder
// (`family` or `upgrades_to`), non-`product` kinds and unknown products get none. `orders` (one
// count per product, may be empty) breaks ties between equally priced candidates.
std::vector<InferredUpgrade> InferUpgrades(const Catalog& catalog, const std::vector<std::uint32_t>& orders,
                                           const LadderInferenceOptions& options);

// `from`'s edge in a list sorted by `from`, or nullptr.
const InferredUpgrade* FindInferredUpgrade(const std::vector<InferredUpgrade>& edges, ProductIndex from);

}  // namespace cartlift
