// Private to orders/: helpers shared by the CSV and basket readers.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartlift/byte_scan.h"
#include "cartlift/orders/orders.h"
#include "cartlift/status.h"

namespace cartlift {
namespace orders_internal {

inline constexpr std::size_t kMaxProblems = 100;

inline bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

inline std::string_view Trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && IsBlank(s[b])) ++b;
  while (e > b && IsBlank(s[e - 1])) --e;
  return s.substr(b, e - b);
}


// Counts a bad record and keeps its description. In strict mode the caller stops with the
// returned error; otherwise the status is ok and reading goes on.
class ProblemLog {
 public:
  ProblemLog(const std::string& source, bool strict, ReadReport* report)
      : source_(source), strict_(strict), report_(report) {}

  Status Add(std::uint64_t line, ErrorCode strict_code, std::string_view message) {
    ++report_->malformed;
    std::string where = source_ + ":" + std::to_string(line);
    std::string text = where + ": ";
    text.append(message);
    if (strict_) return MakeError(strict_code, std::move(text), std::move(where));
    if (report_->problems.size() < kMaxProblems) report_->problems.push_back(std::move(text));
    return Status::Ok();
  }

 private:
  const std::string& source_;
  bool strict_;
  ReadReport* report_;
};

// The distinct items of one basket, first occurrence first. An open-addressing table whose
// slots are invalidated by bumping a stamp, so starting a new line costs nothing and reading a
// file allocates only while the longest line so far grows.
class DistinctItems {
 public:
  void Clear() {
    items_.clear();
    if (++stamp_ == 0) {
      std::fill(stamps_.begin(), stamps_.end(), 0u);
      stamp_ = 1;
    }
  }

  // Adds item unless an equal one is already there; the view must outlive the next Clear().
  void Insert(std::string_view item) {
    if ((items_.size() + 1) * 2 > slots_.size()) Grow();
    Place(item, items_.size());
  }

  const std::vector<std::string_view>& items() const { return items_; }

 private:
  static std::size_t Hash(std::string_view s) {
    return static_cast<std::size_t>(byte_scan::HashBytes(s.data(), s.size()));
  }

  void Place(std::string_view item, std::size_t index) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hash(item) & mask;; i = (i + 1) & mask) {
      if (stamps_[i] != stamp_) {
        stamps_[i] = stamp_;
        slots_[i] = index;
        if (index == items_.size()) items_.push_back(item);
        return;
      }
      if (items_[slots_[i]] == item) return;
    }
  }

  void Grow() {
    const std::size_t size = slots_.empty() ? 64 : slots_.size() * 2;
    slots_.assign(size, 0);
    stamps_.assign(size, 0u);
    stamp_ = 1;
    for (std::size_t i = 0; i < items_.size(); ++i) Place(items_[i], i);
  }

  std::vector<std::string_view> items_;
  std::vector<std::size_t> slots_;
  std::vector<std::uint32_t> stamps_;
  std::uint32_t stamp_ = 1;
};

}  // namespace orders_internal
}  // namespace cartlift
