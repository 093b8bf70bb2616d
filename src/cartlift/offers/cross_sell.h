// "Frequently bought together": merges the neighbour lists of every cart product into one
// ranked candidate list, then backfills from the cart's categories and overall popularity when
// the history is thin (cold start).
//
// Example:
//   CrossSell xs(bundle);                       // precomputes popularity lists once
//   std::vector<Candidate> c;
//   xs.Candidates({cart_product_a, cart_product_b}, 20, &c);
// The merge, backfill and title rules come from bundle.cross_sell (cross_sell_options.h).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "cartlift/bundle/bundle.h"
#include "cartlift/offers/cross_sell_options.h"
#include "cartlift/offers/offer.h"

namespace cartlift {

// Plain data, no strings: hundreds are made per request and only the few shown become offers.
struct Candidate {
  ProductIndex product;
  double score;
  std::string_view source;             // "co_purchase", "category_popular" or "popular" (a literal)
  ProductIndex with = kNoProduct;      // co_purchase: the cart product with the strongest evidence
  std::uint32_t co = 0;                // ... and the orders the two share
  ProductIndex context = kNoProduct;   // category_popular: the cart product whose category it is
};

class CrossSell {
 public:
  explicit CrossSell(const Bundle& bundle);
  // Appends candidates ranked best first: co-purchase evidence, then category neighbours, then
  // popular products, at most `want` from each backfill stage. Cart products are never returned.
  void Candidates(const std::vector<ProductIndex>& cart, std::size_t want, std::vector<Candidate>* out);
  // Writes the shopper-facing reason text and completes the evidence (orders, confidence, lift).
  // Kept apart from Candidates() so only the few offers shown pay for it, not every candidate.
  void Describe(const Candidate& c, Reason* reason) const;

 private:
  bool TitleTaken(ProductIndex p) const;

  const Bundle& bundle_;
  CrossSellOptions options_;
  void GroupTitles();  // fills title_group_, and title_words_ for near duplicates (setup)
  // Per product, the hashes of its title's upper-case words, sorted and distinct, for near
  // duplicates only: product p's are [title_word_end_[p - 1], title_word_end_[p]).
  std::vector<std::uint32_t> title_words_;
  std::vector<std::uint32_t> title_word_end_;
  std::vector<ProductIndex> titles_taken_;               // cart and already emitted, per request
  // Identical titles share a group; a per-request stamp marks groups already used, so the
  // identical-title check is O(1) instead of comparing strings with everything taken so far.
  std::vector<std::uint32_t> title_group_;
  std::vector<std::uint32_t> group_stamp_;
  std::uint32_t stamp_ = 0;
  void TakeTitle(ProductIndex p);
  std::vector<double> specificity_;                      // log(1 + orders / product orders); kIdf only
  std::vector<ProductIndex> popular_;                    // by orders desc, id asc
  std::vector<std::vector<ProductIndex>> by_category_;   // per top-level category, popular first
  static constexpr std::uint32_t kNoCategory = 0xffffffffu;
  std::vector<std::uint32_t> category_of_;               // top-level category per product (or kNoCategory)
  std::vector<std::uint32_t> id_rank_;                   // position of each product in id order
  std::vector<ProductIndex> by_rank_;                    // the product at each id_rank_ position
  // Dense scratch reused across requests so a request allocates nothing that grows the heap.
  std::vector<float> acc_;
  std::vector<float> best_;
  std::vector<ProductIndex> best_with_;
  std::vector<std::uint32_t> best_co_;
  std::vector<ProductIndex> touched_;
  std::vector<std::uint64_t> keys_;                      // sort keys of touched_
  std::vector<std::uint8_t> in_cart_;
};

std::string FormatCount(std::uint64_t n);  // 1380 -> "1,380"

}  // namespace cartlift
