// zenml-services-wasm — UTF-8 text: counting code points and cutting at a character boundary.
#pragma once

#include <cstddef>
#include <string_view>

namespace zenml::detail {

constexpr bool is_utf8_continuation(char c) noexcept {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// @brief Number of Unicode code points in UTF-8 text (Python's `len()` of the same string).
constexpr std::size_t utf8_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char c : s) n += !is_utf8_continuation(c);
  return n;
}

/// @brief The longest prefix of `s` of at most `max` bytes that does not end inside a
/// character.
constexpr std::string_view utf8_prefix(std::string_view s, std::size_t max) noexcept {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && is_utf8_continuation(s[n])) --n;
  return s.substr(0, n);
}

}  // namespace zenml::detail
