// How "frequently bought together" turns neighbour lists into offers for a whole cart. Stored in
// the bundle (member "cross_sell"), so the store serves exactly what was measured.
//
// Example:
//   CrossSellOptions o;                 // the measured default (docs/quality.md)
//   o.merge = CartMerge::kMax;          // one strong neighbour beats several weak ones
#pragma once
#include <string_view>

namespace cartlift {

enum class CartMerge {
  kSum,  // add each cart product's score for the candidate
  kMax,  // keep the best single cart product's score
  kIdf,  // sum, each cart product weighted by its specificity log(1 + orders / its orders)
  // 1 - prod(1 - score): the chance that at least one cart product leads to the candidate, if
  // each did so independently; between max and sum, for scores that are probabilities.
  kNoisyOr,
};

enum class Backfill {
  kNone,                  // co-purchase evidence only
  kPopular,               // then the store's best sellers
  kCategoryThenPopular,   // then best sellers of the cart's categories, then of the store
};

enum class TitleCollapse {
  kNone,
  kIdentical,  // one offer per title (case and spacing ignored); never the title of a cart item
  kNear,       // also titles that share most of their words
};

struct CrossSellOptions {
  CartMerge merge = CartMerge::kMax;
  Backfill backfill = Backfill::kCategoryThenPopular;
  TitleCollapse collapse_titles = TitleCollapse::kIdentical;
  // At most this many co-purchase offers from one top-level category before others get a turn;
  // 0 leaves the ranking alone.
  int max_per_category = 0;
  // Candidates dearer than the dearest cart product lose score by (cart max / price)^this.
  double price_anchor = 0;

  bool operator==(const CrossSellOptions& o) const {
    return merge == o.merge && backfill == o.backfill && collapse_titles == o.collapse_titles &&
           max_per_category == o.max_per_category && price_anchor == o.price_anchor;
  }
  bool operator!=(const CrossSellOptions& o) const { return !(*this == o); }
};

const char* CartMergeName(CartMerge m);
bool ParseCartMerge(std::string_view name, CartMerge* out);
const char* BackfillName(Backfill b);
bool ParseBackfill(std::string_view name, Backfill* out);
const char* TitleCollapseName(TitleCollapse t);
bool ParseTitleCollapse(std::string_view name, TitleCollapse* out);

}  // namespace cartlift
