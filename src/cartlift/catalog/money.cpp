#include "cartlift/catalog/money.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <string_view>
#include <cstdint>
#include <limits>

namespace cartlift {
namespace {

struct CurrencyInfo {
  char code[4];
  int exponent;
  const char* symbol;  // nullptr: written as "24.50 CHF" because the symbol is ambiguous or rare
};

// Symbols only where they are unambiguous for a shopper: "$" alone means USD on a store page,
// while "kr" or "¥" (CNY) would be read as another currency.
constexpr CurrencyInfo kCurrencies[] = {
    {"AED", 2, nullptr}, {"ARS", 2, nullptr}, {"AUD", 2, nullptr}, {"BDT", 2, nullptr},
    {"BGN", 2, nullptr}, {"BHD", 3, nullptr}, {"BRL", 2, nullptr}, {"CAD", 2, nullptr},
    {"CHF", 2, nullptr}, {"CLP", 0, nullptr}, {"CNY", 2, nullptr}, {"COP", 2, nullptr},
    {"CZK", 2, nullptr}, {"DKK", 2, nullptr}, {"EGP", 2, nullptr}, {"EUR", 2, "\xE2\x82\xAC"},
    {"GBP", 2, "\xC2\xA3"}, {"HKD", 2, nullptr}, {"HUF", 2, nullptr}, {"IDR", 2, nullptr},
    {"ILS", 2, nullptr}, {"INR", 2, nullptr}, {"IQD", 3, nullptr}, {"ISK", 0, nullptr},
    {"JOD", 3, nullptr}, {"JPY", 0, "\xC2\xA5"}, {"KES", 2, nullptr}, {"KRW", 0, nullptr},
    {"KWD", 3, nullptr}, {"LYD", 3, nullptr}, {"MAD", 2, nullptr}, {"MXN", 2, nullptr},
    {"MYR", 2, nullptr}, {"NGN", 2, nullptr}, {"NOK", 2, nullptr}, {"NZD", 2, nullptr},
    {"OMR", 3, nullptr}, {"PEN", 2, nullptr}, {"PHP", 2, nullptr}, {"PKR", 2, nullptr},
    {"PLN", 2, nullptr}, {"PYG", 0, nullptr}, {"QAR", 2, nullptr}, {"RON", 2, nullptr},
    {"RSD", 2, nullptr}, {"RUB", 2, nullptr}, {"SAR", 2, nullptr}, {"SEK", 2, nullptr},
    {"SGD", 2, nullptr}, {"THB", 2, nullptr}, {"TND", 3, nullptr}, {"TRY", 2, nullptr},
    {"TWD", 2, nullptr}, {"UAH", 2, nullptr}, {"UGX", 0, nullptr}, {"USD", 2, "$"},
    {"UYU", 2, nullptr}, {"VND", 0, nullptr}, {"XAF", 0, nullptr}, {"XOF", 0, nullptr},
    {"ZAR", 2, nullptr},
};

// Every price in a response is formatted through here, so a binary search, not a scan; the
// three letters of a code packed into one integer, so it compares integers, not strings.
constexpr std::uint32_t PackCode(const char* c) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(c[0])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(c[1])) << 8 | static_cast<unsigned char>(c[2]);
}

constexpr bool InCodeOrder() {
  for (std::size_t i = 0; i < std::size(kCurrencies); ++i) {
    if (std::string_view(kCurrencies[i].code).size() != 3) return false;
    if (i > 0 && !(PackCode(kCurrencies[i - 1].code) < PackCode(kCurrencies[i].code))) return false;
  }
  return true;
}
static_assert(InCodeOrder(), "FindCurrency searches kCurrencies by halving, every code three letters");

// A loop by hand: at -Oz (the wasm module's money formatting) std::lower_bound, its comparator
// and PackCode each stayed a call per step.
const CurrencyInfo* FindCurrency(std::string_view code) {
  if (code.size() != 3) return nullptr;
  const std::uint32_t key = PackCode(code.data());
  std::size_t lo = 0, hi = std::size(kCurrencies);
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    const char* c = kCurrencies[mid].code;
    const std::uint32_t at = static_cast<std::uint32_t>(static_cast<unsigned char>(c[0])) << 16 |
                             static_cast<std::uint32_t>(static_cast<unsigned char>(c[1])) << 8 |
                             static_cast<unsigned char>(c[2]);
    if (at == key) return &kCurrencies[mid];
    if (at < key) lo = mid + 1;
    else hi = mid;
  }
  return nullptr;
}

// Largest exponent any ISO 4217 currency uses is 4 (CLF); 10^6 leaves room while keeping every
// intermediate product far below INT64_MAX.
constexpr int kMaxExponent = 6;

std::int64_t Pow10(int exponent) {
  std::int64_t p = 1;
  for (int i = 0; i < exponent; ++i) p *= 10;
  return p;
}

Error PriceError(std::string message) {
  return MakeError(ErrorCode::kInvalidPrice, std::move(message));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Writes the unsigned magnitude (so INT64_MIN cannot overflow on negation) right to left, ending
// at `end`; returns where it starts. At most 20 digits, 6 commas, a point and 6 decimals.
constexpr std::size_t kMagnitudeRoom = 34;
char* WriteMagnitude(char* end, std::uint64_t magnitude, int exponent, bool grouped) {
  char* p = end;
  if (exponent > 0) {
    const auto scale = static_cast<std::uint64_t>(Pow10(exponent));
    std::uint64_t frac = magnitude % scale;
    magnitude /= scale;
    for (int i = 0; i < exponent; ++i, frac /= 10) *--p = static_cast<char>('0' + frac % 10);
    *--p = '.';
  }
  for (int n = 0;; ++n) {
    if (grouped && n > 0 && n % 3 == 0) *--p = ',';
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
    if (magnitude == 0) break;
  }
  return p;
}

std::uint64_t Magnitude(Money amount) {
  return amount < 0 ? 0u - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
}

}  // namespace

int CurrencyExponent(std::string_view code) {
  const CurrencyInfo* c = FindCurrency(code);
  return c ? c->exponent : -1;
}

Result<Money> ParseDecimalPrice(std::string_view text, int exponent) {
  if (exponent < 0 || exponent > kMaxExponent)
    return MakeError(ErrorCode::kUnknownCurrency, "currency exponent out of range");
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  if (text.empty()) return PriceError("price is empty");
  if (text.front() == '-') return PriceError("price is negative");
  if (text.front() == '+') return PriceError("price has a sign");

  std::size_t i = 0;
  Money value = 0;
  std::size_t int_digits = 0;
  for (; i < text.size() && IsDigit(text[i]); ++i, ++int_digits) {
    value = value * 10 + (text[i] - '0');
    // Checked per digit, so value never exceeds 10 * kMaxPriceMinor and cannot wrap.
    if (value > Limits::kMaxPriceMinor) return PriceError("price is too large");
  }
  if (int_digits == 0) return PriceError("price must start with a digit");

  int frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      if (frac_digits < exponent) {
        value = value * 10 + (text[i] - '0');
        ++frac_digits;
        if (value > Limits::kMaxPriceMinor) return PriceError("price is too large");
      } else if (text[i] != '0') {
        // Trailing zeros ("300.00" JPY) are exact; any other extra digit would need rounding.
        return PriceError("price has more decimals than the currency allows");
      }
    }
    if (i == frac_start) return PriceError("price has no digits after the decimal point");
  }
  if (i != text.size()) return PriceError("price is not a decimal number");

  for (; frac_digits < exponent; ++frac_digits) {
    value *= 10;
    if (value > Limits::kMaxPriceMinor) return PriceError("price is too large");
  }
  return value;
}

Result<Money> PriceFromInteger(std::int64_t units, int exponent) {
  if (exponent < 0 || exponent > kMaxExponent)
    return MakeError(ErrorCode::kUnknownCurrency, "currency exponent out of range");
  if (units < 0) return PriceError("price is negative");
  const std::int64_t scale = Pow10(exponent);
  if (units > Limits::kMaxPriceMinor / scale) return PriceError("price is too large");
  return units * scale;
}

Result<Money> PriceFromDouble(double value, int exponent) {
  if (exponent < 0 || exponent > kMaxExponent)
    return MakeError(ErrorCode::kUnknownCurrency, "currency exponent out of range");
  if (std::isnan(value)) return PriceError("price is NaN");
  if (std::isinf(value)) return PriceError("price is infinite");
  if (value < 0) return PriceError("price is negative");
  const double scaled = value * static_cast<double>(Pow10(exponent));
  if (scaled > static_cast<double>(Limits::kMaxPriceMinor) + 0.5)
    return PriceError("price is too large");
  const double rounded = std::round(scaled);
  // A decimal like 2.55 is stored as 2.54999...; the scaled error is a few ulps, so the tolerance
  // grows with magnitude. A genuine third decimal (2.555) is off by far more than that.
  const double tolerance = 1e-9 + 8.0 * std::numeric_limits<double>::epsilon() * scaled;
  if (std::fabs(scaled - rounded) > tolerance)
    return PriceError("price has more decimals than the currency allows");
  const auto minor = static_cast<Money>(rounded);
  if (minor > Limits::kMaxPriceMinor) return PriceError("price is too large");
  return minor;
}

std::string FormatMoney(Money amount, std::string_view currency) {
  const CurrencyInfo* c = FindCurrency(currency);
  const int exponent = c ? c->exponent : 2;
  // Built in place and copied into the string once: a price fits the small-string buffer.
  char buf[8 + kMagnitudeRoom + 24];
  char* const number_end = buf + 8 + kMagnitudeRoom;
  char* p = WriteMagnitude(number_end, Magnitude(amount), exponent, true);
  char* end = number_end;
  if (c && c->symbol) {
    const std::size_t n = std::char_traits<char>::length(c->symbol);
    p -= n;
    std::memcpy(p, c->symbol, n);
  } else if (currency.size() < 24) {
    *end++ = ' ';
    if (!currency.empty()) std::memcpy(end, currency.data(), currency.size());
    end += currency.size();
  }
  if (amount < 0) *--p = '-';
  std::string out(p, static_cast<std::size_t>(end - p));
  if (!(c && c->symbol) && currency.size() >= 24) {
    out.push_back(' ');
    out.append(currency.data(), currency.size());
  }
  return out;
}

std::string FormatDecimal(Money amount, int exponent) {
  if (exponent < 0 || exponent > kMaxExponent) exponent = 2;
  char buf[1 + kMagnitudeRoom];
  char* const end = buf + sizeof buf;
  char* p = WriteMagnitude(end, Magnitude(amount), exponent, false);
  if (amount < 0) *--p = '-';
  return std::string(p, static_cast<std::size_t>(end - p));
}

}  // namespace cartlift
