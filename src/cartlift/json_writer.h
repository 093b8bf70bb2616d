// A small append-only JSON writer for hot paths (one response per request): no tree, no
// per-member allocation. Strings are escaped per RFC 8259; invalid UTF-8 becomes U+FFFD so the
// output is always valid JSON.
//
// Example:
//   JsonWriter w;
//   w.BeginObject(); w.Key("id"); w.String("85123A"); w.Key("price"); w.Int(255); w.EndObject();
//   w.Take();  // {"id":"85123A","price":255}
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace cartlift {

// Ids of the keys of packed objects (JsonWriter's packed form), given out as keys are first
// written: a table per engine, so engines on different threads never share one. Key() is called
// with literals, so a key is looked up by its address first (a few instructions).
//   PackedKeys keys;  keys.Id("offers");  keys.Id("type");  keys.Json();  // ["offers","type"]
class PackedKeys {
 public:
  std::uint32_t Id(std::string_view key);
  // The keys by id, as a JSON array of strings.
  std::string Json() const;
  std::uint32_t size() const { return static_cast<std::uint32_t>(names_.size()); }

 private:
  struct Slot {
    const char* data = nullptr;
    std::size_t size = 0;
    std::uint32_t id = 0;
  };
  Slot recent_[512];
  std::vector<std::string> names_;
};

// What a packed JsonWriter writes into (see JsonWriter(PackedBuffers*)), kept between responses
// so that a writer made per response neither allocates nor zero-fills.
struct PackedBuffers {
  std::string words;  // FinishPacked()'s view
  std::string text;   // ASCII strings, until FinishPacked()
  std::string wide;   // strings with characters above U+007F, until FinishPacked()
  PackedKeys keys;
};

class JsonWriter {
 public:
  JsonWriter() = default;
  // Writes into `*buffer`, which keeps its size between uses: a writer made per request over the
  // same buffer neither reallocates nor zero-fills it again. The text is view() (Take() is for
  // the writer's own buffer).
  explicit JsonWriter(std::string* buffer) : out_(buffer), data_(buffer->empty() ? nullptr : &(*buffer)[0]) {}
  // ASCII output: every character above U+007F is written as a \u escape (a surrogate pair
  // above U+FFFF). The same JSON value; what the C ABI's JSON responses are, so that a caller
  // in JavaScript decodes them on TextDecoder's fast path (about 8 times faster than text with a
  // "£" in it).
  //   JsonWriter w;  w.SetAscii(true);  w.String("£2.55");  // "\u00a32.55"
  void SetAscii(bool ascii) { ascii_ = ascii; }
  // The packed form of the same value, for JavaScript (js-glue/src/unpack.js), whose JSON.parse
  // of the text was a third of recommend() in Node. Written into `*buffers` (FinishPacked's view
  // is in buffers->words, 4-byte aligned), in the host's byte order (wasm: little-endian):
  //   word 0: n, the number of value words; word 1: the size of buffers->keys when written;
  //   word 2: the bytes of the ASCII text; words 3 .. n+2: the values, each an op in the low 3
  //   bits (kPacked*) and data above it; then the ASCII text; then the wide text (UTF-8).
  // Object members are kPackedKey words whose data is the key's id in buffers->keys. A string is
  // kPackedString and its length in the next word, its bytes in the ASCII text in the order the
  // ops come; a string with a character above U+007F is kPackedOther with data 4 and its length
  // in UTF-16 units, its bytes in the wide text: JavaScript's TextDecoder turns pure ASCII into a
  // string about 8 times faster than text with a "£" in it. kPackedInt and kPackedNumber4 are
  // followed by an int32 (the number, resp. the number times 10,000, which JavaScript divides
  // back: the same double JSON.parse makes of Number4's text); other numbers are kPackedOther
  // with data 3, a length word and their JSON text in the ASCII text; data 0, 1, 2 are false,
  // true and null. Raw() is not available in this form.
  //   PackedBuffers b;
  //   JsonWriter w(&b);
  //   w.BeginObject(); w.Key("id"); w.String("85123A"); w.EndObject();
  //   w.FinishPacked();  // 3 + 5 words (object, key, string + length, end), then "85123A"
  explicit JsonWriter(PackedBuffers* buffers) : JsonWriter(&buffers->words) {
    packed_ = buffers;
    buffers->text.clear();
    buffers->wide.clear();
    Put(kHeader, sizeof kHeader);  // set by FinishPacked()
  }
  std::string_view FinishPacked();
  enum PackedOp : std::uint32_t {
    kPackedObject = 0,
    kPackedArray = 1,
    kPackedEnd = 2,
    kPackedKey = 3,
    kPackedString = 4,
    kPackedInt = 5,
    kPackedNumber4 = 6,
    kPackedOther = 7,
  };
  // Not copyable: data_ points into out_.
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
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
  // A number the caller formatted (valid JSON number text), for when another formatter's exact
  // digits matter: bundle files keep nlohmann::json's (catalog/json_text.h).
  void NumberText(std::string_view text) {
    if (packed_) return PackedText(kPackedOther | 3u << 3, text);
    Separate();
    Put(text);
  }
  void Bool(bool b);
  void Null();
  // Appends `text` as it is (line breaks and indentation chosen by the caller between values);
  // the next value follows without a comma.
  void Raw(std::string_view text) {
    Put(text);
    need_comma_ = false;
  }
  std::string Take() {
    out_->resize(len_);
    len_ = 0;
    data_ = nullptr;
    return std::move(*out_);
  }
  std::string_view view() const { return {data_, len_}; }
  void Reserve(std::size_t n) {
    if (out_->size() < n) Grow(n - len_);
  }

 private:
  // out_ is kept sized ahead of the text (len_ bytes written, data_ its buffer) and written
  // through the pointer: std::string's push_back is a call per character in the -Oz wasm build.
  void Put(char c) {
    if (len_ == out_->size()) Grow(1);
    data_[len_++] = c;
  }
  void Put(const char* s, std::size_t n) {
    if (n == 0) return;
    if (out_->size() - len_ < n) Grow(n);
    char* to = data_ + len_;
    // Most pieces are a few bytes (keys, numbers, short titles). Two overlapping fixed-size
    // copies are inline loads and stores, where a memcpy call costs more than the copy in wasm.
    if (n >= 8 && n <= 16) {
      std::memcpy(to, s, 8);
      std::memcpy(to + n - 8, s + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(to, s, 4);
      std::memcpy(to + n - 4, s + n - 4, 4);
    } else if (n < 4) {
      to[0] = s[0];
      to[n / 2] = s[n / 2];
      to[n - 1] = s[n - 1];
    } else {
      std::memcpy(to, s, n);
    }
    len_ += n;
  }
  void Put(std::string_view s) { Put(s.data(), s.size()); }
  void Op(std::uint32_t op);
  void Op(std::uint32_t op, std::uint32_t data);
  // ASCII `bytes` into the packed text under `op`.
  void PackedText(std::uint32_t op, std::string_view bytes);
  void PackedString(std::string_view s);
  void PackedWide(std::string_view s);
  static constexpr char kHeader[12] = {};
  void Grow(std::size_t n);
  void Open(char c);
  void Close(char c);
  void Separate();
  void PutEscaped(std::uint32_t unit);  // \uXXXX
  std::string own_;
  PackedBuffers* packed_ = nullptr;  // null for JSON text
  bool ascii_ = false;
  std::string* out_ = &own_;
  char* data_ = nullptr;
  std::size_t len_ = 0;
  bool need_comma_ = false;
};

}  // namespace cartlift
