// Errors as values. Every fallible operation returns Result<T>; nothing throws across module
// boundaries, so the C ABI and the wasm build never see an exception escape.
//
// Example:
//   Result<Catalog> r = LoadCatalogJson(text);
//   if (!r.ok()) std::cerr << r.error().code_name() << " at " << r.error().path;
//   const Catalog& c = r.value();
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace cartlift {

enum class ErrorCode {
  kMalformedJson,     // not parseable JSON
  kMissingField,      // a required member is absent
  kWrongType,         // a member has the wrong JSON type
  kInvalidValue,      // right type, unacceptable value (empty id, bad date, bad enum)
  kInvalidPrice,      // negative, NaN, non-numeric or overflowing price
  kUnknownCurrency,   // currency code not in the ISO 4217 table
  kDuplicateId,       // two products share an id
  kLimitExceeded,     // string, depth, cart or file over a documented limit
  kUnsupportedFormat, // unknown "format" tag or version
  kMalformedRecord,   // a bad CSV row or basket line (strict mode)
  kIo,                // a file could not be opened or read
  kInvalidHandle,     // C ABI: engine handle unknown or already destroyed
  kInternal,          // a bug: reported, never a crash
};

// Stable snake_case name used in JSON errors and by the JS CartliftError.code.
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
  std::string path;  // JSON pointer ("/products/12/price"), or "file:line" for text inputs

  const char* code_name() const { return ErrorCodeName(code); }
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT
  bool ok() const { return v_.index() == 0; }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> equivalent.
class Status {
 public:
  Status() = default;
  Status(Error e) : e_(std::move(e)) {}  // NOLINT
  static Status Ok() { return Status(); }
  bool ok() const { return !e_.has_value(); }
  const Error& error() const { return *e_; }

 private:
  std::optional<Error> e_;
};

inline Error MakeError(ErrorCode code, std::string message, std::string path = {}) {
  return Error{code, std::move(message), std::move(path)};
}

}  // namespace cartlift
