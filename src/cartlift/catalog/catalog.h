// The product model and its id index. Products live in one vector; everything else refers to them
// by ProductIndex.
//
// Example:
//   Catalog c;  c.currency = "GBP";
//   Product p;  p.id = "85123A"; p.title = "WHITE HANGING HEART T-LIGHT HOLDER"; p.price = 255;
//   c.Add(std::move(p));
//   ProductIndex i = c.Find("85123A");   // 0
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartlift/types.h"

namespace cartlift {

struct Product {
  std::string id;
  std::string title;
  Money price = 0;                       // minor units
  std::string url;
  std::string image;
  std::vector<std::string> category;     // path, root first: {"Home", "Lighting"}
  std::vector<std::string> tags;
  bool in_stock = true;
  std::int64_t inventory = -1;           // -1: not tracked
  std::string family;                    // upgrade ladder id (optional)
  std::int32_t tier = 0;                 // position in the family ladder; higher is better
  std::string upgrades_to;               // explicit next tier (optional)
  std::vector<std::pair<std::string, std::string>> attributes;  // shown in upgrade diffs, in order
  std::string kind = "product";          // "product", "protection", ...
  Money cost = -1;                       // merchant cost for margin rules; -1 unknown
  bool known = true;                     // false: id seen in orders only, no catalog data

  bool Available() const { return in_stock && inventory != 0; }
};

class Catalog {
 public:
  std::string currency = "GBP";
  std::vector<Product> products;

  // Adds a product and indexes it; returns its index, or kNoProduct if the id already exists.
  ProductIndex Add(Product p);
  ProductIndex Find(std::string_view id) const;
  std::size_t size() const { return products.size(); }
  const Product& operator[](ProductIndex i) const { return products[i]; }
  Product& operator[](ProductIndex i) { return products[i]; }
  // Rebuilds the id index after `products` was filled or edited directly. When an id repeats,
  // Find returns its first product, and Reindex the index of the first repeat (else kNoProduct).
  ProductIndex Reindex();

 private:
  // Open addressing over product indices (kNoProduct marks a free slot), hashed by id: no second
  // copy of every id and no node per product, which a 100k-product bundle would feel.
  bool Insert(ProductIndex i);  // false: the id is indexed already
  std::vector<ProductIndex> slots_;  // size 0 or a power of two, at most half full
  std::size_t indexed_ = 0;
};

}  // namespace cartlift
