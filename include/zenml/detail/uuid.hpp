// zenml-services-wasm — UUID text: the one rule for what counts as a UUID in the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace zenml::detail {

constexpr bool is_hex_digit(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// @brief Canonical hyphenated UUID text, 8-4-4-4-12 hex digits (either case): the form the
/// server writes in its responses and the only one its path parameters accept. (A template only
/// so that the scanner's fast copy gets its own instance: `Copy` in scanner.hpp.)
template <class Copy = void>
constexpr bool is_uuid(std::string_view s) noexcept {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!is_hex_digit(s[i])) {
      return false;
    }
  }
  return true;
}

/// @brief True when the 8 bytes at `p` are all hex digits (either case), 8 at a time: each byte
/// is ASCII, and in '0'..'9' or, with the case bit set, in 'a'..'f'. (No byte's sum carries into
/// the next one: every byte is below 0x80 and each addend at most 0x50.)
inline bool hex_digits8(const char* p) noexcept {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = ones * 0x80;
  if (x & highs) return false;
  const std::uint64_t digit = (x + ones * (0x80 - '0')) & ~(x + ones * (0x80 - '9' - 1));
  const std::uint64_t y = x | (ones * 0x20);
  const std::uint64_t letter = (y + ones * (0x80 - 'a')) & ~(y + ones * (0x80 - 'f' - 1));
  return ((digit | letter) & highs) == highs;
}

/// @brief `is_uuid(std::string_view(p, 36))`, the same rule at the response scanner's speed: the
/// four hyphens, then the 32 digits gathered and checked 8 at a time.
template <class Copy = void>
bool is_uuid36(const char* p) noexcept {
  if (p[8] != '-' || p[13] != '-' || p[18] != '-' || p[23] != '-') return false;
  char d[32];
  std::memcpy(d, p, 8);
  std::memcpy(d + 8, p + 9, 4);
  std::memcpy(d + 12, p + 14, 4);
  std::memcpy(d + 16, p + 19, 4);
  std::memcpy(d + 20, p + 24, 12);
  return hex_digits8(d) && hex_digits8(d + 8) && hex_digits8(d + 16) && hex_digits8(d + 24);
}

}  // namespace zenml::detail
