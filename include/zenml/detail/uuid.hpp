// zenml-services-wasm — UUID text: the one rule for what counts as a UUID in the library.
#pragma once

#include <cstddef>
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

}  // namespace zenml::detail
