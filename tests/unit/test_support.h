// Hand-made orders and catalogs for the core tests. Bundles are built through BundleBuilder, the
// same path `cartlift build` takes, so the tests see real counts rather than invented ones.
#pragma once
#include <gtest/gtest.h>

#include <initializer_list>
#include <new>
#include <string_view>
#include <string>
#include <tuple>
#include <vector>

#include "cartlift/builder.h"
#include "cartlift/bundle/bundle_json.h"

namespace cartlift::testing {

inline Order MakeOrder(const std::string& id, std::initializer_list<const char*> products, std::int64_t ts = -1) {
  Order o;
  o.id = id;
  o.timestamp = ts;
  for (const char* p : products) {
    OrderItem item;
    item.product_id = p;
    o.items.push_back(item);
  }
  return o;
}

// What lives as long as the test program: a product made here may outlive its arguments.
inline TextStore& TestStore() {
  static TextStore* store = new TextStore();
  return *store;
}
inline std::string_view Kept(std::string_view s) { return TestStore().Keep(s); }

// A product list, and the text it views, kept as long as the test program.
template <typename T, typename Items, typename KeepValue>
ListView<T> KeptValues(const Items& items, KeepValue keep) {
  auto* at = static_cast<T*>(TestStore().Allocate(items.size() * sizeof(T), alignof(T)));
  std::size_t i = 0;
  for (const auto& item : items) new (at + i++) T(keep(item));
  return {at, items.size()};
}
template <typename Items>
ListView<std::string_view> KeptList(const Items& items) {
  return KeptValues<std::string_view>(items, [](std::string_view s) { return Kept(s); });
}
inline ListView<std::string_view> KeptList(std::initializer_list<std::string_view> items) {
  return KeptList<std::initializer_list<std::string_view>>(items);
}
inline ListView<Attribute> KeptAttributes(std::initializer_list<Attribute> items) {
  return KeptValues<Attribute>(items, [](const Attribute& a) { return Attribute(Kept(a.first), Kept(a.second)); });
}

inline Product MakeProduct(std::string_view id, std::string_view title, Money price,
                           const std::vector<std::string>& category = {}) {
  Product p;
  p.id = Kept(id);
  p.title = Kept(title);
  p.price = price;
  p.category = KeptList(category);
  return p;
}

inline Bundle Build(const std::vector<Order>& orders, const Catalog* catalog = nullptr,
                    BuildOptions options = BuildOptions{}) {
  BundleBuilder b(std::move(options));
  if (catalog) b.SetCatalog(*catalog);
  for (const Order& o : orders) b.AddOrder(o);
  ReadReport report;
  report.lines = orders.size();
  b.AddInput("tests/hand-made.csv", "csv", report);
  Result<Bundle> r = b.Finish();
  EXPECT_TRUE(r.ok());
  return r.ok() ? std::move(r).value() : Bundle{};
}

// Every entry of every neighbour list, in order, as (list, product, co, score): two bundles'
// neighbour lists are the same exactly when these are.
inline std::vector<std::tuple<std::size_t, ProductIndex, std::uint32_t, float>> AllNeighbours(const Associations& a) {
  std::vector<std::tuple<std::size_t, ProductIndex, std::uint32_t, float>> out;
  for (std::size_t p = 0; p < a.products(); ++p)
    for (const Neighbour& n : a.Of(static_cast<ProductIndex>(p))) out.emplace_back(p, n.product, n.co, n.score);
  return out;
}

inline std::string Describe(const Error& e) {
  return std::string(e.code_name()) + " at '" + e.path + "': " + e.message;
}

}  // namespace cartlift::testing
