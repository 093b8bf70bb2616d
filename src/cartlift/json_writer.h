// A small append-only JSON writer for hot paths (one response per request): no tree, no
// per-member allocation. Strings are escaped per RFC 8259; invalid UTF-8 becomes U+FFFD so the
// output is always valid JSON.
//
// Example:
//   JsonWriter w;
//   w.BeginObject(); w.Key("id"); w.String("85123A"); w.Key("price"); w.Int(255); w.EndObject();
//   w.str();  // {"id":"85123A","price":255}
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace cartlift {

class JsonWriter {
 public:
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view k);
  void String(std::string_view s);
  void Int(std::int64_t v);
  void UInt(std::uint64_t v);
  // Finite numbers with up to 4 decimals (scores, confidences); non-finite become 0.
  void Number4(double v);
  void Bool(bool b);
  void Null();
  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }
  void Reserve(std::size_t n) { out_.reserve(n); }

 private:
  void Open(char c);
  void Close(char c);
  void Separate();
  std::string out_;
  bool need_comma_ = false;
};

}  // namespace cartlift
