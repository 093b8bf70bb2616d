#include "cartlift/builder.h"

#include <algorithm>
#include <cmath>

namespace cartlift {

BundleBuilder::BundleBuilder(BuildOptions options) : options_(std::move(options)) {
  prov_.scorer = ScorerName(options_.associations.scorer);
  prov_.half_life_days = options_.half_life_days;
  prov_.order_size_damping = options_.order_size_damping;
  if (options_.associations.scorer == Scorer::kDampedConfidence) {
    prov_.shrink = options_.associations.shrink;
    prov_.alpha = options_.associations.alpha;
    prov_.beta = options_.associations.beta;
  }
}

void BundleBuilder::SetCatalog(Catalog catalog) {
  catalog_ = std::move(catalog);
  has_catalog_ = true;
}

ProductIndex BundleBuilder::Resolve(const OrderItem& item) {
  ProductIndex p = catalog_.Find(item.product_id);
  if (p != kNoProduct) {
    Product& known = catalog_[p];
    if (!has_catalog_) {
      // The row's fields first: most rows have none, and comparing strings is the dear test.
      if (!item.title.empty() && known.title == known.id) known.title = catalog_.Keep(item.title);
      if (item.price > 0 && known.price == 0) known.price = item.price;
    }
    return p;
  }
  // An id no bundle may hold is skipped and counted; truncating it would make a different id,
  // which later rows of the same product would no longer find.
  if (has_catalog_ || item.product_id.empty() || item.product_id.size() > Limits::kMaxIdBytes) {
    ++prov_.unknown_products;
    return kNoProduct;
  }
  Product np;
  np.id = item.product_id;
  np.title = item.title.empty() ? np.id : std::string_view(item.title).substr(0, Limits::kMaxStringBytes);
  np.price = item.price > 0 ? item.price : 0;
  np.known = false;
  return catalog_.Add(std::move(np));
}

void BundleBuilder::AddOrder(const Order& order) {
  scratch_.clear();
  for (const OrderItem& item : order.items) {
    if (item.quantity <= 0) continue;
    const ProductIndex p = Resolve(item);
    if (p != kNoProduct) scratch_.push_back(p);
  }
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  if (scratch_.empty()) return;
  if (scratch_.size() > options_.max_order_items) {
    ++prov_.oversized_orders;
    return;
  }
  if (scratch_.size() == 1) ++prov_.single_item_orders;
  if (order.timestamp >= 0) {
    if (prov_.first_timestamp < 0 || order.timestamp < prov_.first_timestamp) prov_.first_timestamp = order.timestamp;
    if (order.timestamp > prov_.last_timestamp) prov_.last_timestamp = order.timestamp;
  }
  prov_.order_items += scratch_.size();
  double weight = 1;
  if (options_.order_size_damping > 0 && scratch_.size() > 2)
    weight = std::pow(static_cast<double>(scratch_.size() - 1), -options_.order_size_damping);
  if (options_.half_life_days > 0 && order.timestamp >= 0) {
    const double half_life = options_.half_life_days * 86400.0;
    if (decay_ref_ < 0) decay_ref_ = order.timestamp;
    double exponent = static_cast<double>(order.timestamp - decay_ref_) / half_life;
    // Float weights hold 2^127; move the reference forward long before that.
    if (exponent > 60) {
      counter_.ScaleWeights(std::exp2(-exponent));
      decay_ref_ = order.timestamp;
      exponent = 0;
    }
    weight *= std::exp2(exponent);
    newest_ = std::max(newest_, order.timestamp);
  }
  counter_.AddOrder(scratch_, static_cast<float>(weight));
}

void BundleBuilder::AddInput(const std::string& name, const std::string& format, const ReadReport& report) {
  const auto slash = name.find_last_of('/');
  prov_.inputs.push_back({slash == std::string::npos ? name : name.substr(slash + 1), format, report.lines});
  prov_.malformed += report.malformed;
  prov_.returns += report.returns;
}

void BundleBuilder::AddItemCount(const std::string& id, std::uint32_t orders) {
  OrderItem item;
  item.product_id = id;
  const ProductIndex p = Resolve(item);
  if (p != kNoProduct) counter_.AddItemOrders(p, orders);
}

void BundleBuilder::AddPairCount(const std::string& a, const std::string& b, std::uint32_t co) {
  OrderItem ia, ib;
  ia.product_id = a;
  ib.product_id = b;
  const ProductIndex pa = Resolve(ia), pb = Resolve(ib);
  if (pa != kNoProduct && pb != kNoProduct) counter_.AddPair(pa, pb, co);
}

Result<Bundle> BundleBuilder::Finish() {
  Bundle b;
  b.catalog = std::move(catalog_);
  b.catalog.Reindex();
  const std::size_t n = b.catalog.size();
  // Weights become "orders as of the newest one", so shrink constants keep their meaning.
  if (options_.half_life_days > 0 && decay_ref_ >= 0)
    counter_.ScaleWeights(std::exp2(-static_cast<double>(newest_ - decay_ref_) / (options_.half_life_days * 86400.0)));
  b.product_orders.assign(n, 0);
  for (std::size_t p = 0; p < n; ++p) b.product_orders[p] = counter_.ItemOrders(static_cast<ProductIndex>(p));
  b.associations = BuildAssociations(counter_, n, options_.associations);
  b.rules = options_.rules;
  b.cross_sell = options_.cross_sell;
  LadderInferenceOptions infer = options_.infer_upgrades;
  infer.max_price_step = b.rules.upsell_max_delta;
  b.inferred_upgrades = InferUpgrades(b.catalog, b.product_orders, infer);
  prov_.orders = counter_.orders();
  prov_.pairs_kept = b.associations.size();
  b.built_from = prov_;
  return b;
}

}  // namespace cartlift
