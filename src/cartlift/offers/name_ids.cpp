#include "cartlift/offers/name_ids.h"

#include "cartlift/byte_scan.h"

namespace cartlift {

std::size_t NameIds::Slot(std::string_view name) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t s = static_cast<std::size_t>(byte_scan::HashBytes(name.data(), name.size())) & mask;
  while (slots_[s] != kNone && names_[slots_[s]] != name) s = (s + 1) & mask;
  return s;
}

std::uint32_t NameIds::Intern(std::string_view name) {
  if ((names_.size() + 1) * 2 > slots_.size()) {
    slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, kNone);
    for (std::uint32_t id = 0; id < names_.size(); ++id) slots_[Slot(names_[id])] = id;
  }
  const std::size_t s = Slot(name);
  if (slots_[s] == kNone) {
    slots_[s] = static_cast<std::uint32_t>(names_.size());
    names_.push_back(name);
  }
  return slots_[s];
}

std::uint32_t NameIds::Find(std::string_view name) const {
  return slots_.empty() ? kNone : slots_[Slot(name)];
}

}  // namespace cartlift
