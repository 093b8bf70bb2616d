#include "cartlift/eval/metrics.h"

#include <algorithm>
#include <cmath>

namespace cartlift::eval {
namespace {

bool Relevant(const std::vector<ProductIndex>& targets, ProductIndex p) {
  return std::binary_search(targets.begin(), targets.end(), p);
}

std::size_t HitsAtK(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets, std::size_t k) {
  std::size_t hits = 0;
  for (std::size_t i = 0; i < recs.size() && i < k; ++i) hits += Relevant(targets, recs[i]) ? 1 : 0;
  return hits;
}

}  // namespace

double HitAtK(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets, std::size_t k) {
  return HitsAtK(recs, targets, k) > 0 ? 1.0 : 0.0;
}

double PrecisionAtK(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets, std::size_t k) {
  if (k == 0) return 0;
  return static_cast<double>(HitsAtK(recs, targets, k)) / static_cast<double>(k);
}

double RecallAtK(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets, std::size_t k) {
  if (targets.empty()) return 0;
  return static_cast<double>(HitsAtK(recs, targets, k)) / static_cast<double>(targets.size());
}

double NdcgAtK(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets, std::size_t k) {
  double dcg = 0, ideal = 0;
  for (std::size_t i = 0; i < recs.size() && i < k; ++i)
    if (Relevant(targets, recs[i])) dcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  for (std::size_t i = 0; i < targets.size() && i < k; ++i) ideal += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  return ideal > 0 ? dcg / ideal : 0;
}

double ReciprocalRank(const std::vector<ProductIndex>& recs, const std::vector<ProductIndex>& targets) {
  for (std::size_t i = 0; i < recs.size(); ++i)
    if (Relevant(targets, recs[i])) return 1.0 / static_cast<double>(i + 1);
  return 0;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(values.size()));
  const std::size_t i = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return values[std::min(i, values.size() - 1)];
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

}  // namespace cartlift::eval
