// Test support: reads JsonWriter's packed form back into a DOM, from the layout documented in
// src/cartlift/json_writer.h and the way js-glue/src/unpack.js reads it, so tests and the c_api
// fuzz target can hold it to the JSON text of the same response.
//   PackedReader r(bytes, KeyList(keys.Json()));
//   Json value = r.Value();  r.Done();  // true: every byte read, each as the layout says
#pragma once
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cartlift/json_writer.h"

namespace cartlift::testing_support {

using Json = nlohmann::ordered_json;

// Strings are sliced from the text by their length in UTF-16 units, as in JavaScript.
class PackedReader {
 public:
  PackedReader(std::string_view bytes, const std::vector<std::string>& keys) : keys_(keys) {
    std::uint32_t head[3] = {};
    if (bytes.size() < 12) {
      ok_ = false;
      return;
    }
    std::memcpy(head, bytes.data(), 12);
    if ((bytes.size() - 12) / 4 < head[0] || bytes.size() - 12 - 4 * std::size_t{head[0]} < head[2]) {
      ok_ = false;
      return;
    }
    n_ = head[0];
    key_count_ = head[1];
    words_ = bytes.data() + 12;
    text_ = bytes.substr(12 + 4 * static_cast<std::size_t>(n_), head[2]);
    wide_ = bytes.substr(12 + 4 * static_cast<std::size_t>(n_) + head[2]);
  }

  Json Value() {
    const std::uint32_t op = Word();
    switch (op & 7) {
      case JsonWriter::kPackedObject: {
        Json o = Json::object();
        while (ok_ && (Peek() & 7) == JsonWriter::kPackedKey) {
          const std::uint32_t id = Word() >> 3;
          if (id >= key_count_ || id >= keys_.size()) {
            ok_ = false;
            break;
          }
          o[keys_[id]] = Value();
        }
        if ((Word() & 7) != JsonWriter::kPackedEnd) ok_ = false;
        return o;
      }
      case JsonWriter::kPackedArray: {
        Json a = Json::array();
        while (ok_ && (Peek() & 7) != JsonWriter::kPackedEnd) a.push_back(Value());
        Word();
        return a;
      }
      case JsonWriter::kPackedString: {
        const std::uint32_t n = Word();
        for (std::size_t k = text_at_; k < text_at_ + n && k < text_.size(); ++k)
          if (static_cast<unsigned char>(text_[k]) >= 0x80) ok_ = false;
        return Units(text_, text_at_, n);
      }
      case JsonWriter::kPackedInt:
        return static_cast<std::int32_t>(Word());
      case JsonWriter::kPackedNumber4:
        return static_cast<std::int32_t>(Word()) / 10000.0;
      case JsonWriter::kPackedOther:
        switch (op >> 3) {
          case 0: return false;
          case 1: return true;
          case 2: return nullptr;
          case 4: return Units(wide_, wide_at_, Word());
          case 3: {
            Json number = Json::parse(Units(text_, text_at_, Word()), nullptr, false);
            if (!number.is_number()) ok_ = false;
            return number;
          }
        }
    }
    ok_ = false;
    return nullptr;
  }

  bool Done() const { return ok_ && at_ == n_ && text_at_ == text_.size() && wide_at_ == wide_.size(); }

 private:
  std::uint32_t Peek() const {
    if (at_ >= n_) return JsonWriter::kPackedEnd;
    std::uint32_t w;
    std::memcpy(&w, words_ + 4 * static_cast<std::size_t>(at_), 4);
    return w;
  }
  std::uint32_t Word() {
    if (at_ >= n_) {
      ok_ = false;
      return JsonWriter::kPackedEnd;
    }
    const std::uint32_t w = Peek();
    ++at_;
    return w;
  }
  // The next `units` UTF-16 units of `text` from `*at`, as UTF-8 bytes (the text is UTF-8).
  std::string Units(std::string_view text, std::size_t& at, std::uint32_t units) {
    const std::size_t from = at;
    while (units > 0 && at < text.size()) {
      const auto b = static_cast<unsigned char>(text[at]);
      const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      units -= n == 4 ? 2 : 1;
      at = std::min(at + n, text.size());
    }
    if (units != 0) ok_ = false;
    return std::string(text.substr(from, at - from));
  }

  const std::vector<std::string>& keys_;
  const char* words_ = nullptr;
  std::string_view text_, wide_;
  std::uint32_t n_ = 0, key_count_ = 0, at_ = 0;
  std::size_t text_at_ = 0, wide_at_ = 0;
  bool ok_ = true;
};

// JavaScript has one number type: integers and doubles of the same value are the same.
inline Json Numbers(const Json& j) {
  if (j.is_number()) return j.get<double>();
  Json out = j;
  if (j.is_structured())
    for (auto it = out.begin(); it != out.end(); ++it) *it = Numbers(*it);
  return out;
}

inline std::vector<std::string> KeyList(std::string_view keys_json) {
  return Json::parse(keys_json).get<std::vector<std::string>>();
}

}  // namespace cartlift::testing_support
