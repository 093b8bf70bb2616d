#include <cstdint>
#include <string>

#include "cartlift/orders/orders.h"

namespace cartlift {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
// Pure arithmetic, so the result never depends on the host's locale or time zone.
std::int64_t DaysFromCivil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(std::int64_t y, std::int64_t m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly n ASCII digits at text[pos].
bool Digits(const std::string& text, std::size_t pos, std::size_t n, std::int64_t* out) {
  if (pos + n > text.size()) return false;
  std::int64_t v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::int64_t ParseTimestamp(const std::string& text) {
  if (text.empty()) return -1;

  if (text.find_first_not_of("0123456789") == std::string::npos) {
    // Epoch seconds; more than 18 digits could overflow int64.
    std::int64_t v = 0;
    return text.size() <= 18 && Digits(text, 0, text.size(), &v) ? v : -1;
  }

  std::int64_t y = 0, mo = 0, d = 0;
  if (!Digits(text, 0, 4, &y) || text[4] != '-' || !Digits(text, 5, 2, &mo) || text[7] != '-' ||
      !Digits(text, 8, 2, &d)) {
    return -1;
  }
  // Before 1970 the result would be negative and collide with the "unknown" marker.
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return -1;

  std::int64_t h = 0, mi = 0, s = 0;
  if (text.size() > 10) {
    const char sep = text[10];
    if (sep != ' ' && sep != 'T') return -1;
    std::size_t end = 16;
    if (!Digits(text, 11, 2, &h) || text[13] != ':' ||
        !Digits(text, 14, 2, &mi)) {
      return -1;
    }
    if (text.size() > 16 && text[16] == ':') {
      if (!Digits(text, 17, 2, &s)) return -1;
      end = 19;
    }
    if (sep == 'T' && text.size() == end + 1 && text[end] == 'Z') ++end;
    if (text.size() != end) return -1;
    if (h > 23 || mi > 59 || s > 59) return -1;
  }
  return DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

}  // namespace cartlift
