// zenml-services-wasm — dates: the proleptic Gregorian calendar and ZenML's timestamp text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace zenml::detail {

constexpr bool is_leap_year(std::int64_t y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/// @brief Days in month `m` (1..12) of year `y`.
inline std::int64_t days_in_month(std::int64_t y, std::int64_t m) noexcept {
  static constexpr std::int64_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

/// @brief Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
constexpr std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/// @brief Parses ZenML's timestamp shape `YYYY-MM-DDTHH:MM:SS[.f{1,6}][Z|±HH:MM]` and returns
/// milliseconds since the Unix epoch (UTC). Without a zone the value is UTC (ZenML stores naive
/// UTC); an offset is applied. Sub-millisecond digits are truncated, like JS `Date.parse`.
/// Any other shape (space separator, 7+ fraction digits, day 31 in April, …) is nullopt. (A
/// template only so that the scanner's fast copy gets its own instance: `Copy` in scanner.hpp.)
template <class Copy = void>
std::optional<double> parse_timestamp_ms(std::string_view s) {
  auto num = [&s](std::size_t pos, std::size_t n, std::int64_t& out) {
    std::int64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s[pos + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    out = v;
    return true;
  };
  std::int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (s.size() < 19 || !num(0, 4, y) || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' ||
      !num(8, 2, d) || s[10] != 'T' || !num(11, 2, h) || s[13] != ':' || !num(14, 2, mi) ||
      s[16] != ':' || !num(17, 2, se)) {
    return std::nullopt;
  }
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
      se > 59) {
    return std::nullopt;
  }
  std::size_t i = 19;
  std::int64_t frac_us = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (n == 6) return std::nullopt;
      frac_us = frac_us * 10 + (s[i] - '0');
      ++n;
      ++i;
    }
    if (n == 0) return std::nullopt;
    for (; n < 6; ++n) frac_us *= 10;
  }
  std::int64_t offset_s = 0;
  if (i < s.size()) {
    if (s[i] == 'Z' && i + 1 == s.size()) {
      ++i;
    } else if ((s[i] == '+' || s[i] == '-') && s.size() - i == 6) {
      std::int64_t oh = 0, om = 0;
      if (!num(i + 1, 2, oh) || s[i + 3] != ':' || !num(i + 4, 2, om) || oh > 23 || om > 59) {
        return std::nullopt;
      }
      offset_s = (s[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
      i += 6;
    } else {
      return std::nullopt;
    }
  }
  const std::int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset_s;
  return static_cast<double>(secs * 1000 + frac_us / 1000);
}

}  // namespace zenml::detail
