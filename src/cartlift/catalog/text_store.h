// The bytes behind a catalog's strings and products' lists. Products hold string_views and
// ListViews: a field costs 16 bytes and no allocation, and a binary bundle's string table is kept
// whole, so loading one allocates per table rather than per field. What is kept is only appended
// and never moves, not even when the store itself is moved (a moved-from store is empty).
//
// Example:
//   TextStore store;
//   std::string_view kept = store.Keep(std::string("RED RETROSPOT MUG"));  // copied in
#pragma once
#include <cstddef>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace cartlift {

class TextStore {
 public:
  // Copies s in; the view stays valid as long as the store.
  std::string_view Keep(std::string_view s);
  // The same view when s lies in the block text is being kept in now (what a Keep just returned),
  // else a copy, as Keep: text kept a moment ago is not copied a second time.
  std::string_view KeepOnce(std::string_view s);
  // Uninitialised room for `bytes` bytes aligned to `align` (at most alignof(std::max_align_t)),
  // as long-lived as kept text: where a catalog keeps its products' lists.
  void* Allocate(std::size_t bytes, std::size_t align);
  // Keeps `owner` alive as long as the store: for text viewed where it lies (a binary bundle's
  // string table inside bytes the wasm module handed over), not copied in.
  void KeepAlive(std::shared_ptr<const void> owner) { owners_.push_back(std::move(owner)); }

 private:
  struct Block {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
    std::size_t used = 0;
  };
  std::vector<Block> blocks_;
  std::vector<std::shared_ptr<const void>> owners_;
};

}  // namespace cartlift
