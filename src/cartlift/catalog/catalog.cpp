#include "cartlift/catalog/catalog.h"

#include <cstring>

#include "cartlift/byte_scan.h"

namespace cartlift {
namespace {

// The index only needs a fair spread, not stability; every order row looks its id up.
std::uint64_t IdHash(std::string_view id) { return byte_scan::HashBytes(id.data(), id.size()); }

}  // namespace

constexpr ProductDetails kDefaultProductDetails{};

bool ProductDetails::IsDefault() const {
  return family.empty() && upgrades_to.empty() && kind == kDefaultProductDetails.kind && tags.empty() &&
         attributes.empty() && cost == kDefaultProductDetails.cost && tier == kDefaultProductDetails.tier;
}

Product::Product() noexcept = default;

Product::DetailsBox::DetailsBox(const DetailsBox& other)
    : at_(other.at_ == &kDefaultProductDetails ? other.at_ : new ProductDetails(*other.at_)) {}

ProductDetails& Product::DetailsBox::Mutable() {
  if (at_ == &kDefaultProductDetails) at_ = new ProductDetails();
  return *const_cast<ProductDetails*>(at_);  // allocated here, so not the const defaults
}

bool IsValidKind(std::string_view kind) {
  if (kind.size() == 7 && std::memcmp(kind.data(), "product", 7) == 0) return true;  // nearly every product
  if (kind.empty() || kind.size() > kMaxKindBytes) return false;
  if (kind.front() < 'a' || kind.front() > 'z') return false;
  for (char c : kind)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

Catalog::Catalog(const Catalog& other)
    : currency(other.currency), products(other.products), slots_(other.slots_), indexed_(other.indexed_) {
  for (Product& p : products) KeepText(&p);
}

Catalog& Catalog::operator=(const Catalog& other) {
  if (this != &other) *this = Catalog(other);
  return *this;
}

void Catalog::KeepText(Product* p) {
  TextStore& t = text_;
  // KeepOnce: Add's caller may have kept text it made for p (a variant's title, a number
  // attribute's digits) a moment before.
  for (std::string_view* s : {&p->id, &p->title, &p->url, &p->image}) *s = t.KeepOnce(*s);
  p->category = KeepStrings(p->category);
  if (!p->has_own_details()) return;  // the defaults view literals
  ProductDetails& d = p->mutable_details();
  for (std::string_view* s : {&d.family, &d.upgrades_to}) *s = t.KeepOnce(*s);
  d.tags = KeepStrings(d.tags);
  Attribute* kept = NewList<Attribute>(d.attributes.size());
  for (std::size_t i = 0; i < d.attributes.size(); ++i)
    kept[i] = {t.KeepOnce(d.attributes[i].first), t.KeepOnce(d.attributes[i].second)};
  d.attributes = {kept, d.attributes.size()};
  d.kind = d.kind == "product" ? std::string_view("product") : t.KeepOnce(d.kind);
}

ListView<std::string_view> Catalog::KeepStrings(ListView<std::string_view> list) {
  std::string_view* kept = NewList<std::string_view>(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) kept[i] = text_.KeepOnce(list[i]);
  return {kept, list.size()};
}

ProductIndex Catalog::Add(Product p) {
  if (Find(p.id) != kNoProduct) return kNoProduct;
  KeepText(&p);
  const auto next = static_cast<ProductIndex>(products.size());
  products.push_back(std::move(p));
  if ((indexed_ + 1) * 2 > slots_.size()) {
    Reindex();
  } else {
    Insert(next);
  }
  return next;
}

ProductIndex Catalog::Find(std::string_view id) const {
  if (slots_.empty()) return kNoProduct;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = IdHash(id) & mask;; s = (s + 1) & mask) {
    const ProductIndex i = slots_[s];
    if (i == kNoProduct) return kNoProduct;
    if (i < products.size() && products[i].id == id) return i;  // products may shrink without Reindex
  }
}

bool Catalog::Insert(ProductIndex i) {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = IdHash(products[i].id) & mask;; s = (s + 1) & mask) {
    const ProductIndex at = slots_[s];
    if (at == kNoProduct) {
      slots_[s] = i;
      ++indexed_;
      return true;
    }
    if (products[at].id == products[i].id) return false;  // a repeat: the first one stays found
  }
}

ProductIndex Catalog::Reindex() {
  std::size_t size = 16;
  while (size < products.size() * 2 + 2) size *= 2;
  slots_.assign(size, kNoProduct);
  indexed_ = 0;
  ProductIndex repeat = kNoProduct;
  for (std::size_t i = 0; i < products.size(); ++i)
    if (!Insert(static_cast<ProductIndex>(i)) && repeat == kNoProduct) repeat = static_cast<ProductIndex>(i);
  return repeat;
}

}  // namespace cartlift
