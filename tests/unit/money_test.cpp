#include "cartlift/catalog/money.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace cartlift {
namespace {

Money Parse(std::string_view text, int exponent) {
  Result<Money> r = ParseDecimalPrice(text, exponent);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : -1;
}

ErrorCode ParseError(std::string_view text, int exponent) {
  Result<Money> r = ParseDecimalPrice(text, exponent);
  EXPECT_FALSE(r.ok()) << text << " parsed as " << (r.ok() ? r.value() : 0);
  return r.ok() ? ErrorCode::kInternal : r.error().code;
}

TEST(Currency, ExponentsFollowIso4217) {
  EXPECT_EQ(CurrencyExponent("GBP"), 2);
  EXPECT_EQ(CurrencyExponent("USD"), 2);
  EXPECT_EQ(CurrencyExponent("EUR"), 2);
  EXPECT_EQ(CurrencyExponent("JPY"), 0);
  EXPECT_EQ(CurrencyExponent("KRW"), 0);
  EXPECT_EQ(CurrencyExponent("KWD"), 3);
  EXPECT_EQ(CurrencyExponent("BHD"), 3);
  for (const char* code : {"CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "INR",
                           "CNY", "BRL", "MXN", "ZAR", "NZD", "SGD", "HKD"})
    EXPECT_EQ(CurrencyExponent(code), 2) << code;
}

TEST(Currency, UnknownCodesAreMinusOne) {
  EXPECT_EQ(CurrencyExponent("XYZ"), -1);
  EXPECT_EQ(CurrencyExponent("gbp"), -1);
  EXPECT_EQ(CurrencyExponent(""), -1);
  EXPECT_EQ(CurrencyExponent("GBPX"), -1);
}

TEST(ParseDecimalPrice, ParsesExactly) {
  EXPECT_EQ(Parse("2.55", 2), 255);
  EXPECT_EQ(Parse("12", 2), 1200);
  EXPECT_EQ(Parse("12.5", 2), 1250);
  EXPECT_EQ(Parse("0", 2), 0);
  EXPECT_EQ(Parse("0.01", 2), 1);
  EXPECT_EQ(Parse("300", 0), 300);
  EXPECT_EQ(Parse("1.234", 3), 1234);
  EXPECT_EQ(Parse("007.50", 2), 750);
  // 0.1 + 0.2 style float error must not appear anywhere.
  EXPECT_EQ(Parse("0.29", 2), 29);
  EXPECT_EQ(Parse("1.15", 2), 115);
}

TEST(ParseDecimalPrice, AcceptsTrailingZerosAndSurroundingSpace) {
  EXPECT_EQ(Parse("300.00", 0), 300);
  EXPECT_EQ(Parse("2.5500", 2), 255);
  EXPECT_EQ(Parse(" 2.55\t", 2), 255);
}

TEST(ParseDecimalPrice, RejectsTooManyDecimals) {
  EXPECT_EQ(ParseError("2.555", 2), ErrorCode::kInvalidPrice);
  EXPECT_EQ(ParseError("300.5", 0), ErrorCode::kInvalidPrice);
  EXPECT_EQ(ParseError("2.5501", 2), ErrorCode::kInvalidPrice);
}

TEST(ParseDecimalPrice, RejectsNonDecimalText) {
  for (const char* text : {"", " ", "-1", "-0", "+1", "1e3", "1E3", "NaN", "nan", "Infinity",
                           "inf", ".5", "5.", "1,000", "1.2.3", "£2.55", "0x10", "1 2",
                           "١٢"}) {
    Result<Money> r = ParseDecimalPrice(text, 2);
    ASSERT_FALSE(r.ok()) << "'" << text << "'";
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidPrice) << text;
  }
}

TEST(ParseDecimalPrice, RejectsOverflowWithoutWrapping) {
  // 10^12 minor units is the limit: 10,000,000,000.00 GBP.
  EXPECT_EQ(Parse("10000000000.00", 2), Limits::kMaxPriceMinor);
  EXPECT_EQ(ParseError("10000000000.01", 2), ErrorCode::kInvalidPrice);
  EXPECT_EQ(ParseError("99999999999999999999999999999999", 2), ErrorCode::kInvalidPrice);
  EXPECT_EQ(ParseError("9223372036854775807", 0), ErrorCode::kInvalidPrice);
  EXPECT_EQ(ParseError("18446744073709551616", 0), ErrorCode::kInvalidPrice);
  EXPECT_EQ(Parse(std::string(10000, '0') + "1", 2), 100);
}

TEST(ParseDecimalPrice, RejectsExponentOutOfRange) {
  EXPECT_EQ(ParseError("1", -1), ErrorCode::kUnknownCurrency);
  EXPECT_EQ(ParseError("1", 99), ErrorCode::kUnknownCurrency);
}

TEST(PriceFromDouble, RoundsRepresentationError) {
  ASSERT_TRUE(PriceFromDouble(2.55, 2).ok());
  EXPECT_EQ(PriceFromDouble(2.55, 2).value(), 255);
  EXPECT_EQ(PriceFromDouble(1.15, 2).value(), 115);
  EXPECT_EQ(PriceFromDouble(0.29, 2).value(), 29);
  EXPECT_EQ(PriceFromDouble(300.0, 0).value(), 300);
  EXPECT_EQ(PriceFromDouble(0.0, 2).value(), 0);
  EXPECT_EQ(PriceFromDouble(-0.0, 2).value(), 0);
  EXPECT_EQ(PriceFromDouble(9999999999.99, 2).value(), 999999999999);
  EXPECT_EQ(PriceFromDouble(1.234, 3).value(), 1234);
}

TEST(PriceFromDouble, RejectsBadNumbers) {
  EXPECT_EQ(PriceFromDouble(std::nan(""), 2).error().code, ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromDouble(std::numeric_limits<double>::infinity(), 2).error().code,
            ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromDouble(-std::numeric_limits<double>::infinity(), 2).error().code,
            ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromDouble(-0.01, 2).error().code, ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromDouble(2.555, 2).error().code, ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromDouble(0.5, 0).error().code, ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromDouble(1e300, 2).error().code, ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromDouble(1e10 + 0.01, 2).error().code, ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromDouble(std::numeric_limits<double>::max(), 2).error().code,
            ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromDouble(std::numeric_limits<double>::denorm_min(), 2).value(), 0);
}

TEST(PriceFromInteger, ScalesAndChecksRange) {
  EXPECT_EQ(PriceFromInteger(12, 2).value(), 1200);
  EXPECT_EQ(PriceFromInteger(300, 0).value(), 300);
  EXPECT_EQ(PriceFromInteger(10'000'000'000, 2).value(), Limits::kMaxPriceMinor);
  EXPECT_EQ(PriceFromInteger(10'000'000'001, 2).error().code, ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromInteger(-1, 2).error().code, ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromInteger(std::numeric_limits<std::int64_t>::max(), 3).error().code,
            ErrorCode::kInvalidPrice);
  EXPECT_EQ(PriceFromInteger(std::numeric_limits<std::int64_t>::min(), 2).error().code,
            ErrorCode::kInvalidPrice);
}

TEST(FormatMoney, UsesSymbolsAndThousandsSeparators) {
  EXPECT_EQ(FormatMoney(2450, "GBP"), "\xC2\xA3" "24.50");
  EXPECT_EQ(FormatMoney(300, "USD"), "$3.00");
  EXPECT_EQ(FormatMoney(199, "EUR"), "\xE2\x82\xAC" "1.99");
  EXPECT_EQ(FormatMoney(300, "JPY"), "\xC2\xA5" "300");
  EXPECT_EQ(FormatMoney(123450, "GBP"), "\xC2\xA3" "1,234.50");
  EXPECT_EQ(FormatMoney(123456789, "USD"), "$1,234,567.89");
  EXPECT_EQ(FormatMoney(100000, "USD"), "$1,000.00");
  EXPECT_EQ(FormatMoney(99999, "USD"), "$999.99");
  EXPECT_EQ(FormatMoney(1234567, "JPY"), "\xC2\xA5" "1,234,567");
  EXPECT_EQ(FormatMoney(5, "GBP"), "\xC2\xA3" "0.05");
  EXPECT_EQ(FormatMoney(0, "GBP"), "\xC2\xA3" "0.00");
}

TEST(FormatMoney, WritesCodeWhenThereIsNoSymbol) {
  EXPECT_EQ(FormatMoney(2450, "CHF"), "24.50 CHF");
  EXPECT_EQ(FormatMoney(123456, "SEK"), "1,234.56 SEK");
  EXPECT_EQ(FormatMoney(1500, "KRW"), "1,500 KRW");
  EXPECT_EQ(FormatMoney(1234, "KWD"), "1.234 KWD");
  EXPECT_EQ(FormatMoney(2450, "XYZ"), "24.50 XYZ");
}

TEST(FormatMoney, NegativeAmounts) {
  EXPECT_EQ(FormatMoney(-100, "GBP"), "-\xC2\xA3" "1.00");
  EXPECT_EQ(FormatMoney(-2450, "CHF"), "-24.50 CHF");
  EXPECT_EQ(FormatMoney(std::numeric_limits<Money>::min(), "USD"),
            "-$92,233,720,368,547,758.08");
}

// The string-building formatter FormatMoney and FormatDecimal replaced (written into a buffer
// now): the reference for the byte-for-byte comparison below.
std::string OldMagnitude(std::uint64_t magnitude, int exponent, bool grouped) {
  std::uint64_t scale = 1;
  for (int i = 0; i < exponent; ++i) scale *= 10;
  std::string digits = std::to_string(magnitude / scale), out;
  if (grouped) {
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
      out.push_back(digits[i]);
    }
  } else {
    out = digits;
  }
  if (exponent > 0) {
    const std::string f = std::to_string(magnitude % scale);
    out += '.' + std::string(static_cast<std::size_t>(exponent) - f.size(), '0') + f;
  }
  return out;
}

TEST(FormatMoney, SameTextAsTheStringBuildingFormatter) {
  const struct { const char* code; int exponent; const char* symbol; } kCodes[] = {
      {"GBP", 2, "\xC2\xA3"}, {"USD", 2, "$"}, {"EUR", 2, "\xE2\x82\xAC"}, {"JPY", 0, "\xC2\xA5"},
      {"CHF", 2, nullptr}, {"BHD", 3, nullptr}, {"CLP", 0, nullptr}, {"ZAR", 2, nullptr}, {"AED", 2, nullptr},
      {"XYZ", 2, nullptr}, {"", 2, nullptr}, {"GB", 2, nullptr}, {"GBPX", 2, nullptr}, {"gbp", 2, nullptr},
      {"A-CURRENCY-CODE-FAR-LONGER-THAN-THE-BUFFER", 2, nullptr}};
  std::uint64_t x = 88172645463325252ull;
  std::vector<Money> amounts = {0, 1, -1, 9, 10, 99, 100, 999, 1000, 99999, 100000, 123456789,
                                std::numeric_limits<Money>::min(), std::numeric_limits<Money>::max()};
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    const Money m = static_cast<Money>(x >> (x % 64));
    amounts.push_back(i % 2 ? m : -m);
  }
  for (const auto& c : kCodes) {
    for (Money m : amounts) {
      const std::uint64_t mag = m < 0 ? 0u - static_cast<std::uint64_t>(m) : static_cast<std::uint64_t>(m);
      const std::string number = OldMagnitude(mag, c.exponent, true);
      const std::string want = std::string(m < 0 ? "-" : "") +
                               (c.symbol ? c.symbol + number : number + " " + c.code);
      ASSERT_EQ(FormatMoney(m, c.code), want) << m << " " << c.code;
    }
  }
  for (Money m : amounts)
    for (int e = -1; e <= 7; ++e) {
      const int used = e < 0 || e > 6 ? 2 : e;
      const std::uint64_t mag = m < 0 ? 0u - static_cast<std::uint64_t>(m) : static_cast<std::uint64_t>(m);
      ASSERT_EQ(FormatDecimal(m, e), (m < 0 ? "-" : "") + OldMagnitude(mag, used, false)) << m << " " << e;
    }
}

TEST(CurrencyExponent, FindsEveryCodeAndNothingElse) {
  EXPECT_EQ(CurrencyExponent("AED"), 2);
  EXPECT_EQ(CurrencyExponent("ZAR"), 2);
  EXPECT_EQ(CurrencyExponent("BHD"), 3);
  EXPECT_EQ(CurrencyExponent("JPY"), 0);
  for (const char* bad : {"", "A", "AE", "AEDX", "aed", "ZZZ", "AAA", "GBP\n"}) EXPECT_EQ(CurrencyExponent(bad), -1) << bad;
}

TEST(FormatDecimal, HasNoSymbolOrGrouping) {
  EXPECT_EQ(FormatDecimal(2450, 2), "24.50");
  EXPECT_EQ(FormatDecimal(123450, 2), "1234.50");
  EXPECT_EQ(FormatDecimal(300, 0), "300");
  EXPECT_EQ(FormatDecimal(1, 3), "0.001");
  EXPECT_EQ(FormatDecimal(-5, 2), "-0.05");
}

TEST(FormatDecimal, RoundTripsThroughParse) {
  for (Money m : {Money{0}, Money{1}, Money{99}, Money{100}, Money{255}, Money{123456789},
                  Limits::kMaxPriceMinor})
    for (int e : {0, 2, 3}) EXPECT_EQ(Parse(FormatDecimal(m, e), e), m) << m << " exp " << e;
}

}  // namespace
}  // namespace cartlift
