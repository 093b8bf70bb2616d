// JSON text as nlohmann::json::dump() writes it, without dump() itself: its serializer is about
// 7 KB of the wasm module's gzip size, and the module only needs numbers written the same way
// (attribute values) and the length of a dump (the rules size cap). Bundle files keep dump()'s
// exact digits too: builds are compared byte for byte. Grisu2 digits always read back as the
// same double but are not always the shortest (0.04266 comes out as 0.042659999999999997), so
// std::to_chars would change a few score lines in every large bundle.
//
// Example:
//   JsonWriter w;  WriteJsonDouble(60, &w);  WriteJsonDouble(1e-7, &w);  // 60.0,1e-07
//   JsonDoubleText(2.5);                                                  // "2.5"
//   DumpedSize(nlohmann::ordered_json{{"a", 1}});                         // 7, as dump().size()
#pragma once
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cartlift/json_writer.h"

namespace cartlift {

// dump()'s text of a finite double; "null" for NaN and infinities, as in dump().
inline std::string JsonDoubleText(double v) {
  if (!std::isfinite(v)) return "null";
  std::array<char, 64> buf;  // dump()'s own number buffer size
  const char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), static_cast<std::size_t>(end - buf.data()));
}

inline void WriteJsonDouble(double v, JsonWriter* out) {
  if (!std::isfinite(v)) {
    out->Null();
    return;
  }
  out->NumberText(JsonDoubleText(v));
}

// Bytes of `s` as a JSON string by dump(): quotes, two-byte escapes for '"', '\\', \b \f \n
// \r \t, six for the other control bytes, valid UTF-8 as it is (callers pass checked text).
inline std::size_t DumpedStringSize(const std::string& s) {
  std::size_t n = 2;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') n += 2;
    else if (u < 0x20) n += 6;
    else n += 1;
  }
  return n;
}

// dump().size() of a compact dump (no indentation).
template <typename J>
std::size_t DumpedSize(const J& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      std::size_t n = 2 + (j.empty() ? 0 : j.size() - 1);
      for (auto it = j.begin(); it != j.end(); ++it) n += DumpedStringSize(it.key()) + 1 + DumpedSize(it.value());
      return n;
    }
    case nlohmann::json::value_t::array: {
      std::size_t n = 2 + (j.empty() ? 0 : j.size() - 1);
      for (const auto& v : j) n += DumpedSize(v);
      return n;
    }
    case nlohmann::json::value_t::string: return DumpedStringSize(j.template get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean: return j.template get<bool>() ? 4 : 5;
    case nlohmann::json::value_t::number_integer: return std::to_string(j.template get<std::int64_t>()).size();
    case nlohmann::json::value_t::number_unsigned: return std::to_string(j.template get<std::uint64_t>()).size();
    case nlohmann::json::value_t::number_float: return JsonDoubleText(j.template get<double>()).size();
    default: return 4;  // null (and the kinds a bundle never holds)
  }
}

// A DOM of `text`, or false when it is not one JSON value (with nothing after it but
// whitespace). As `J::parse(first, last, nullptr, false)`, without instantiating nlohmann's
// callback parser next to its plain one: parse() compiles both because the callback is a run-time
// argument, about 7 KB of the wasm module (2 KB gzip) for a callback nothing passes.
//   nlohmann::ordered_json doc;
//   ParseJsonDom(R"({"a":1})", &doc);  // true, doc["a"] == 1
template <typename J>
bool ParseJsonDom(std::string_view text, J* out) {
  nlohmann::detail::json_sax_dom_parser<J> sax(*out, /*allow_exceptions_=*/false);
  if (J::sax_parse(text.data(), text.data() + text.size(), &sax)) return true;
  *out = J(nlohmann::detail::value_t::discarded);
  return false;
}

}  // namespace cartlift
