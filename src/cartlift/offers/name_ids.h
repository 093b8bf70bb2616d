// Dense ids for names that many products share (first categories, upgrade families), numbered in
// the order first seen. An open-addressing table of views: setting an engine up hashes each
// product's name once and allocates per distinct name, not per product.
//
// Example:
//   NameIds ids;
//   ids.Intern("Bags");   // 0
//   ids.Intern("Mugs");   // 1
//   ids.Intern("Bags");   // 0
//   ids.Find("Lamps");    // NameIds::kNone
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace cartlift {

class NameIds {
 public:
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};

  // The name's id; a new name gets the next one. The view must outlive this table.
  std::uint32_t Intern(std::string_view name);
  // The name's id, or kNone.
  std::uint32_t Find(std::string_view name) const;
  std::size_t size() const { return names_.size(); }

 private:
  std::size_t Slot(std::string_view name) const;  // where name is, or the free slot it would take

  std::vector<std::string_view> names_;
  std::vector<std::uint32_t> slots_;  // kNone or an id; size 0 or a power of two, at most half full
};

}  // namespace cartlift
