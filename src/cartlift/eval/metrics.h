// Ranking metrics for one recommendation list against the products the shopper really bought
// next. Each is a small pure function; the runner averages them over test carts.
//
// Example:
//   std::vector<ProductIndex> recs{7, 3, 9};        // best first
//   std::vector<ProductIndex> bought{3, 11};        // sorted, distinct
//   HitAtK(recs, bought, 2);        // 1
//   NdcgAtK(recs, bought, 2);       // (1/log2 3) / (1 + 1/log2 3)
#pragma once
#include <cstdint>
#include <vector>

#include "cartlift/types.h"

namespace cartlift::eval {

// `targets` must be sorted and distinct; `recs` holds distinct products, best first. Only the
// first k recommendations count; a list shorter than k simply has fewer chances.
double HitAtK(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets, std::size_t k);
// Relevant recommendations among the first k, over k (not over the list's length).
double PrecisionAtK(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets, std::size_t k);
// Relevant recommendations among the first k, over the number of targets.
double RecallAtK(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets, std::size_t k);
// Binary-relevance NDCG: DCG = sum 1/log2(rank + 1) over relevant ranks <= k, over the DCG of
// the ideal list (min(k, |targets|) relevant items first).
double NdcgAtK(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets, std::size_t k);
// 1 / rank of the first relevant recommendation in the whole list; 0 when none is relevant.
double ReciprocalRank(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets);
// Nearest-rank percentile (p in [0, 100]) of unsorted values; 0 for no values.
double Percentile(std::vector<double> values, double p);
// The middle value (mean of the two middle ones for an even count); 0 for no values.
double Median(std::vector<double> values);

}  // namespace cartlift::eval
