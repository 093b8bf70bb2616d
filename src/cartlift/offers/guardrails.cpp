#include "cartlift/offers/guardrails.h"

#include <algorithm>

namespace cartlift {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Sorts and drops duplicates: the lookups below are binary searches.
template <typename T>
void SortUnique(std::vector<T>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

template <typename T>
bool Has(const std::vector<T>& sorted, const T& x) {
  return std::binary_search(sorted.begin(), sorted.end(), x);
}

}  // namespace

Guardrails::Guardrails(const Bundle& bundle, const Request& request, const std::vector<ProductIndex>& cart)
    : bundle_(bundle), cart_(cart.begin(), cart.end()) {
  SortUnique(&cart_);
  excluded_.reserve(request.exclude.size() + bundle.rules.exclude_products.size());
  for (const std::string& id : request.exclude) {
    const ProductIndex p = bundle.catalog.Find(id);
    if (p != kNoProduct) excluded_.push_back(p);
  }
  for (const std::string& id : bundle.rules.exclude_products) {
    const ProductIndex p = bundle.catalog.Find(id);
    if (p != kNoProduct) excluded_.push_back(p);
  }
  SortUnique(&excluded_);
  for (ProductIndex p : cart) {
    const std::string_view family = bundle.catalog[p].details().family;
    if (!family.empty()) cart_families_.push_back(family);
  }
  SortUnique(&cart_families_);
  // Room for a response's offers at once (max_offers, 10 by default), instead of growing 1, 2, 4, 8.
  offered_.reserve(static_cast<std::size_t>(std::clamp(bundle.rules.max_offers, 1, 16)));
  for (const CartLine& line : request.cart) {
    if (line.product == kNoProduct) continue;
    const Money unit = line.price >= 0 ? line.price : bundle.catalog[line.product].price;
    // Saturate rather than overflow on absurd quantities; the value only anchors price caps.
    const Money add = unit > 0 && line.qty > Limits::kMaxPriceMinor / unit ? Limits::kMaxPriceMinor : unit * line.qty;
    cart_value_ = std::min(Limits::kMaxPriceMinor, cart_value_ + add);
  }
}

void Guardrails::Accept(ProductIndex p) {
  const auto it = std::lower_bound(offered_.begin(), offered_.end(), p);
  if (it == offered_.end() || *it != p) offered_.insert(it, p);
}

const char* Guardrails::RejectSellable(ProductIndex p) const {
  const Product& product = bundle_.catalog[p];
  if (!product.Available()) return "out_of_stock";
  if (Has(excluded_, p)) return "excluded";
  for (const std::string_view c : product.category)
    if (Contains(bundle_.rules.exclude_categories, c)) return "excluded_category";
  for (const std::string_view t : product.details().tags)
    if (Contains(bundle_.rules.exclude_tags, t)) return "excluded_tag";
  if (!MarginAllows(product.price, product.details().cost)) return "below_margin";
  return nullptr;
}

bool Guardrails::MarginAllows(Money price, Money cost) const {
  const double min = bundle_.rules.min_margin;
  if (min <= 0 || cost < 0) return true;  // rule off, or the merchant did not give the cost
  if (price <= 0) return false;
  return static_cast<double>(price - cost) >= min * static_cast<double>(price);
}

const char* Guardrails::Reject(OfferType type, ProductIndex p) const {
  const Product& product = bundle_.catalog[p];
  if (Has(cart_, p)) return "in_cart";
  if (Has(offered_, p)) return "duplicate";
  if (const char* why = RejectSellable(p)) return why;
  if (product.details().kind != "product" && type != OfferType::kAddon) return "not_a_product";
  // An upgrade is by definition of a cart product's family, and its price is judged against that
  // product (rules.upsell_max_delta), not against the cart.
  if (type == OfferType::kCrossSell || type == OfferType::kThreshold || type == OfferType::kBundle) {
    // Same family means a variant or tier of something already in the cart: an upsell, never
    // a cross-sell.
    const std::string_view family = product.details().family;
    if (!family.empty() && Has(cart_families_, family)) return "same_family";
  }
  // A bundle is judged by what the whole set adds to the cart (bundle_offers.cpp).
  if (type == OfferType::kCrossSell || type == OfferType::kThreshold) {
    if (!WithinAddonCap(product.price)) return "over_price_cap";
  }
  return nullptr;
}

bool Guardrails::WithinAddonCap(Money price) const {
  const double cap = bundle_.rules.addon_price_cap;
  return !(cap > 0 && cart_value_ > 0 && static_cast<double>(price) > cap * static_cast<double>(cart_value_));
}

}  // namespace cartlift
