// JsonWriter's packed form, the part that runs per value: compiled for speed in the wasm module
// (wasm/CMakeLists.txt), where it writes every response the JavaScript glue reads.
#include <cstdint>
#include <cstring>

#include "cartlift/byte_scan.h"
#include "cartlift/json_writer.h"

namespace cartlift {

std::uint32_t PackedKeys::Id(std::string_view k) {
  Slot& slot = recent_[static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(k.data()) * 0x9E3779B1u) >> 23];
  if (slot.data == k.data() && slot.size == k.size()) return slot.id;
  // A scan of the few dozen names: once per literal, or after two literals shared a slot.
  std::uint32_t id = 0;
  while (id < names_.size() && names_[id] != k) ++id;
  if (id == names_.size()) names_.emplace_back(k);
  slot = {k.data(), k.size(), id};
  return id;
}

void JsonWriter::Op(std::uint32_t op) {
  if (out_->size() - len_ < 4) Grow(4);
  std::memcpy(data_ + len_, &op, 4);
  len_ += 4;
}

void JsonWriter::Op(std::uint32_t op, std::uint32_t data) {
  if (out_->size() - len_ < 8) Grow(8);
  std::memcpy(data_ + len_, &op, 4);
  std::memcpy(data_ + len_ + 4, &data, 4);
  len_ += 8;
}

void JsonWriter::PackedText(std::uint32_t op, std::string_view bytes) {
  Op(op, static_cast<std::uint32_t>(bytes.size()));
  packed_->text.append(bytes.data(), bytes.size());
}

void JsonWriter::PackedString(std::string_view s) {
  std::size_t i = 0;
  while (i + 8 <= s.size() && (byte_scan::Load64(s.data() + i) & byte_scan::kHighs) == 0) i += 8;
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  if (i == s.size()) return PackedText(kPackedString, s);
  PackedWide(s);
}

std::string_view JsonWriter::FinishPacked() {
  const std::uint32_t header[3] = {static_cast<std::uint32_t>((len_ - sizeof kHeader) / 4), packed_->keys.size(),
                                   static_cast<std::uint32_t>(packed_->text.size())};
  std::memcpy(data_, header, sizeof header);
  Put(packed_->text.data(), packed_->text.size());
  Put(packed_->wide.data(), packed_->wide.size());
  return view();
}

}  // namespace cartlift
