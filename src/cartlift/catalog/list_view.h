// A product's category path, tags or attributes: a run of values its catalog keeps, viewed. A
// list costs 16 bytes in the product and no allocation of its own (a vector was 24 bytes plus
// one allocation per product), which a 100k-product bundle feels.
//
// Example:
//   const std::string_view path[] = {"Home", "Lighting"};
//   ListView<std::string_view> category(path, 2);
//   category.front();   // "Home"
//   for (std::string_view level : category) { /* root first */ }
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cartlift {

template <typename T>
class ListView {
 public:
  using value_type = T;
  using const_iterator = const T*;
  using iterator = const T*;

  ListView() = default;
  ListView(const T* data, std::size_t size) : data_(data), size_(static_cast<std::uint32_t>(size)) {}
  // Views the vector's values: the vector must outlive the view (or the catalog copy made of it).
  explicit ListView(const std::vector<T>& v) : ListView(v.data(), v.size()) {}

  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  const T& front() const { return data_[0]; }
  const T& back() const { return data_[size_ - 1]; }
  std::vector<T> ToVector() const { return std::vector<T>(begin(), end()); }

 private:
  const T* data_ = nullptr;
  std::uint32_t size_ = 0;
};

template <typename T>
bool operator==(const ListView<T>& a, const ListView<T>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}
template <typename T>
bool operator!=(const ListView<T>& a, const ListView<T>& b) {
  return !(a == b);
}
template <typename T>
bool operator==(const ListView<T>& a, const std::vector<T>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}
template <typename T>
bool operator==(const std::vector<T>& a, const ListView<T>& b) {
  return b == a;
}

}  // namespace cartlift
