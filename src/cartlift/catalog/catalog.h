// The product model and its id index. Products live in one vector; everything else refers to them
// by ProductIndex. A product's strings and lists are views of text and values its catalog keeps
// (or of literals), so holding and loading a product costs no allocation per field. The fields
// most catalogs leave unset (ladder, kind, tags, attributes, cost) are its ProductDetails, which
// a product owns only once one of them is written.
//
// Example:
//   Catalog c;  c.currency = "GBP";
//   Product p;  p.id = "85123A"; p.title = "WHITE HANGING HEART T-LIGHT HOLDER"; p.price = 255;
//   std::vector<std::string_view> path{"Home", "Lighting"};
//   p.category = ListView<std::string_view>(path);
//   p.mutable_details().family = "t-light-holders";   // the first write allocates p's details
//   c.Add(std::move(p));                  // copies the product's text and lists into the catalog
//   ProductIndex i = c.Find("85123A");   // 0
//   c[i].details().kind;                 // "product": unset details read as the defaults
//   c[i].title = c.Keep(new_title);       // a view stored straight into a product must be kept
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "cartlift/catalog/list_view.h"
#include "cartlift/catalog/text_store.h"
#include "cartlift/types.h"

namespace cartlift {

using Attribute = std::pair<std::string_view, std::string_view>;

// A product's fields that most catalogs leave at these defaults.
struct ProductDetails {
  std::string_view family;                    // upgrade ladder id (optional)
  std::string_view upgrades_to;               // explicit next tier (optional)
  std::string_view kind = "product";          // "product", "protection", ...
  ListView<std::string_view> tags;
  ListView<Attribute> attributes;             // shown in upgrade diffs, in order
  Money cost = -1;                            // merchant cost for margin rules; -1 unknown
  std::int32_t tier = 0;                      // position in the family ladder; higher is better

  // True when every field holds its default, so a reader can keep the product on the shared
  // defaults instead of allocating details that say nothing.
  bool IsDefault() const;
};

// The details of every product that has none of its own. Never written nor freed.
extern const ProductDetails kDefaultProductDetails;

struct Product {
  // Views first, then the list, then numbers, then the flags and the details pointer, which share
  // the last 8 bytes in wasm32: ordered by size so that no field pads the one before it (64 bytes
  // in wasm32, 112 natively; a 100k-product bundle holds 100k of them).
  std::string_view id;
  std::string_view title;
  std::string_view url;
  std::string_view image;
  ListView<std::string_view> category;        // path, root first: {"Home", "Lighting"}
  Money price = 0;                            // minor units
  std::int64_t inventory = -1;                // -1: not tracked
  bool in_stock = true;
  bool known = true;                          // false: id seen in orders only, no catalog data

  // Out of line (catalog.cpp), where the wasm build optimises for speed: constructed inline in
  // -Oz code, each product was a call to memset, and a bundle constructs one per product.
  Product() noexcept;

  bool Available() const { return in_stock && inventory != 0; }
  // One load, no branch: a product without details of its own points at the shared defaults.
  const ProductDetails& details() const { return *details_.get(); }
  // The product's own details, copied from the defaults on the first call.
  ProductDetails& mutable_details() { return details_.Mutable(); }
  // Whether the product has details of its own (a reader or mutable_details() wrote them).
  bool has_own_details() const { return details_.get() != &kDefaultProductDetails; }

 private:
  // Owns the details once they are written, so that products keep value semantics: a copy copies
  // them, a move takes them, and the shared defaults are never freed.
  class DetailsBox {
   public:
    DetailsBox() = default;
    DetailsBox(const DetailsBox& other);
    DetailsBox(DetailsBox&& other) noexcept : at_(std::exchange(other.at_, &kDefaultProductDetails)) {}
    DetailsBox& operator=(DetailsBox other) noexcept {
      std::swap(at_, other.at_);
      return *this;
    }
    ~DetailsBox() {
      if (at_ != &kDefaultProductDetails) delete at_;
    }
    const ProductDetails* get() const { return at_; }
    ProductDetails& Mutable();

   private:
    const ProductDetails* at_ = &kDefaultProductDetails;
  };
  DetailsBox details_;
};

// A 100k-product bundle holds 100k of them, in a wasm heap that must stay within 32 MB.
static_assert(sizeof(void*) != 4 || sizeof(Product) == 64, "Product grew in wasm32");
static_assert(sizeof(Product) <= 112, "Product grew");

// A product kind is a lowercase word of at most kMaxKindBytes characters: "product",
// "protection", "gift_card". Both bundle readers refuse any other. Example: IsValidKind("Product")
// is false.
inline constexpr std::size_t kMaxKindBytes = 32;
bool IsValidKind(std::string_view kind);

class Catalog {
 public:
  std::string currency = "GBP";
  std::vector<Product> products;

  Catalog() = default;
  Catalog(Catalog&&) = default;
  Catalog& operator=(Catalog&&) = default;
  // A copy's products view the copy's own text, so either catalog may outlive the other.
  Catalog(const Catalog& other);
  Catalog& operator=(const Catalog& other);
  ~Catalog() = default;

  // Adds a product and indexes it; returns its index, or kNoProduct if the id already exists.
  // The product's text is copied into the catalog, so its views may be of anything alive now.
  ProductIndex Add(Product p);
  // Copies text into the catalog for a view stored straight into one of its products.
  std::string_view Keep(std::string_view s) { return text_.Keep(s); }
  // Copies a list's values (not the text they view) into the catalog, for a list stored straight
  // into one of its products.
  template <typename T>
  ListView<T> KeepList(ListView<T> list) {
    if (list.empty()) return {};
    T* at = NewList<T>(list.size());
    std::copy(list.begin(), list.end(), at);
    return {at, list.size()};
  }
  // Room for n values the caller fills at once (a bundle reader), kept as long as the catalog.
  template <typename T>
  T* NewList(std::size_t n) {
    static_assert(std::is_trivially_destructible_v<T>, "kept values are never destroyed");
    if (n == 0) return nullptr;
    T* at = static_cast<T*>(text_.Allocate(n * sizeof(T), alignof(T)));
    std::uninitialized_value_construct_n(at, n);
    return at;
  }
  // Keeps `owner` alive with the catalog, for views of text it holds that were not copied in.
  void KeepAlive(std::shared_ptr<const void> owner) { text_.KeepAlive(std::move(owner)); }
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
  void KeepText(Product* p);    // points every view and list of p (and its details) at what this catalog keeps
  ListView<std::string_view> KeepStrings(ListView<std::string_view> list);  // values and their text
  TextStore text_;  // moves with the catalog (its blocks stay put); a copy keeps its own
  std::vector<ProductIndex> slots_;  // size 0 or a power of two, at most half full
  std::size_t indexed_ = 0;
};

}  // namespace cartlift
