#include "cartlift/catalog/catalog.h"

namespace cartlift {

ProductIndex Catalog::Add(Product p) {
  const auto next = static_cast<ProductIndex>(products.size());
  auto [it, inserted] = index_.emplace(p.id, next);
  if (!inserted) return kNoProduct;
  products.push_back(std::move(p));
  return next;
}

ProductIndex Catalog::Find(std::string_view id) const {
  // C++17 maps cannot look up by string_view; reusing one buffer keeps lookups allocation-free.
  thread_local std::string key;
  key.assign(id.data(), id.size());
  auto it = index_.find(key);
  return it == index_.end() ? kNoProduct : it->second;
}

void Catalog::Reindex() {
  index_.clear();
  index_.reserve(products.size());
  for (std::size_t i = 0; i < products.size(); ++i)
    index_.emplace(products[i].id, static_cast<ProductIndex>(i));
}

}  // namespace cartlift
