#include "cartlift/catalog/text_store.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace cartlift {

namespace {
// Blocks double from the first size to the last, so small catalogs stay small and big ones make
// few blocks; a longer string gets a block of its own size.
constexpr std::size_t kFirstBlock = 4096;
constexpr std::size_t kLastBlock = std::size_t{1} << 20;
}  // namespace

std::string_view TextStore::Keep(std::string_view s) {
  if (s.empty()) return {};
  char* at = static_cast<char*>(Allocate(s.size(), 1));
  std::memcpy(at, s.data(), s.size());
  return {at, s.size()};
}

void* TextStore::Allocate(std::size_t bytes, std::size_t align) {
  const auto pad = [&](const Block& b) { return (align - reinterpret_cast<std::uintptr_t>(b.bytes.get() + b.used) % align) % align; };
  if (blocks_.empty() || blocks_.back().size - blocks_.back().used < bytes + pad(blocks_.back())) {
    const std::size_t grown = blocks_.size() < 8 ? kFirstBlock << blocks_.size() : kLastBlock;
    // new char[] is aligned for any fundamental type, so a block of its own needs no padding.
    const std::size_t size = std::max(std::min(grown, kLastBlock), bytes);
    blocks_.push_back(Block{std::unique_ptr<char[]>(new char[size]), size, 0});  // not zeroed: every byte is written before it is read
  }
  Block& b = blocks_.back();
  b.used += pad(b);
  char* at = b.bytes.get() + b.used;
  b.used += bytes;
  return at;
}

std::string_view TextStore::KeepOnce(std::string_view s) {
  if (!blocks_.empty()) {
    const Block& b = blocks_.back();
    const char* const start = b.bytes.get();
    if (s.data() >= start && s.data() + s.size() <= start + b.used) return s;
  }
  return Keep(s);
}

}  // namespace cartlift
