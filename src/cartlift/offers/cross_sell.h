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
  // popular products, at most `want` from the backfill. Cart products are never returned.
  void Candidates(const std::vector<ProductIndex>& cart, std::size_t want, std::vector<Candidate>* out);
  // The same one at a time, for a caller that stops early: Begin() scores the cart's neighbours,
  // Next() gives the next candidate (false: none left). Only the candidates asked for are put in
  // order, so a request served by its first few pays for those. Valid until the next Begin().
  //   xs.Begin(cart, 20);
  //   for (Candidate c; xs.Next(&c);) if (Accept(c)) break;
  void Begin(const std::vector<ProductIndex>& cart, std::size_t want);
  bool Next(Candidate* out);
  // Writes the shopper-facing reason text and completes the evidence (orders, confidence, lift).
  // Kept apart from Candidates() so only the few offers shown pay for it, not every candidate.
  void Describe(const Candidate& c, Reason* reason) const;

 private:
  bool TitleTaken(ProductIndex p) const;
  // Scores every neighbour of the cart's products into mark_ and lists them in touched_
  // (n_touched_ of them).
  template <CartMerge kMerge>
  void Merge(const std::vector<ProductIndex>& cart);

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
  // Per product, what the cart's neighbour lists said of it: one 16-byte record, so each
  // neighbour costs one cache line, not four. `with` is kNoProduct for a product not touched.
  struct Mark {
    float acc = 0;                  // merged score
    float best = 0;                 // the strongest single cart product's score ...
    ProductIndex with = kNoProduct;  // ... that cart product
    std::uint32_t co = 0;           // ... and the orders the two share
  };
  std::vector<Mark> mark_;
  std::vector<ProductIndex> touched_;                    // [0, n_touched_): this request's
  std::vector<std::uint64_t> keys_;                      // sort keys of those, [0, ordered_) in order
  std::size_t n_touched_ = 0;
  std::vector<std::uint8_t> in_cart_;
  // Where Next() is: the request's cart and want, the next key, the backfill's progress.
  std::vector<ProductIndex> cart_;
  std::size_t want_ = 0;
  std::size_t next_ = 0;
  std::size_t ordered_ = 0;
  std::size_t from_history_ = 0;
  enum class BackfillStage { kNotYet, kOn, kOff };
  BackfillStage backfill_ = BackfillStage::kOff;
  std::vector<ProductIndex> backfilled_;
  std::size_t category_cart_ = 0;
  std::size_t category_next_ = 0;
  std::size_t popular_next_ = 0;
};

std::string FormatCount(std::uint64_t n);  // 1380 -> "1,380"

}  // namespace cartlift
