// Currency table (ISO 4217 minor-unit exponents) and exact decimal <-> minor-unit conversion.
//
// Example:
//   int exp = CurrencyExponent("GBP");            // 2
//   Result<Money> m = ParseDecimalPrice("2.55", 2); // 255
//   FormatMoney(2450, "GBP");                      // "£24.50"
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "cartlift/status.h"
#include "cartlift/types.h"

namespace cartlift {

// Minor-unit exponent of an ISO 4217 code, or -1 when the code is unknown.
int CurrencyExponent(std::string_view code);

// Parses "12", "12.5", "12.50" exactly (no floating point). More significant decimals than the
// currency has, signs, exponents, NaN/Infinity and values over Limits::kMaxPriceMinor are
// kInvalidPrice. Surrounding ASCII whitespace and trailing zero decimals ("300.00" for JPY) are
// accepted because they do not change the value. An exponent outside 0..6 is kUnknownCurrency.
Result<Money> ParseDecimalPrice(std::string_view text, int exponent);

// Converts a whole number of major units (a JSON integer such as 12) to minor units, exactly.
// Negative values and results over Limits::kMaxPriceMinor are kInvalidPrice.
Result<Money> PriceFromInteger(std::int64_t units, int exponent);

// Converts a JSON number. Accepts integers and doubles that are exact to the minor unit after
// rounding half away from zero at 1e-9 tolerance; rejects NaN, infinities, negatives, overflow.
Result<Money> PriceFromDouble(double value, int exponent);

// "£24.50", "$3.00", "€1.99", "¥300", "£1,234.50"; currencies without an unambiguous symbol as
// "24.50 CHF"; codes missing from the table use two decimals. Negative amounts as "-£1.00".
std::string FormatMoney(Money amount, std::string_view currency);

// "24.50" (no symbol), used in machine-readable fields.
std::string FormatDecimal(Money amount, int exponent);

}  // namespace cartlift
