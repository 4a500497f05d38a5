// zenml-services-wasm — RFC 3986 percent-encoding and query strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zenml {

/// @brief Ordered query parameters; a key may repeat (`?name=a&name=b`), order is kept.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// @brief Percent-encodes every byte outside RFC 3986 "unreserved" (`A-Z a-z 0-9 - . _ ~`).
/// UTF-8 text is encoded byte by byte, so `ü` becomes `%C3%BC`; `&`, `=`, `+`, `:`, `/`, `%`
/// are always encoded, so no value can inject a parameter or a path segment.
inline std::string percent_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3 / 2 + 4);
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

/// @brief Decodes `%XX` escapes; with `plus_as_space` (form/query data) `+` becomes a space.
/// Returns nullopt on a malformed escape (`%`, `%4`, `%G1`).
inline std::optional<std::string> percent_decode(std::string_view s, bool plus_as_space = true) {
  auto hexval = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (s.size() - i < 3) return std::nullopt;
      const int hi = hexval(s[i + 1]);
      const int lo = hexval(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

/// @brief `k1=v1&k2=v2` with both sides percent-encoded, in the given order.
inline std::string encode_query(const QueryParams& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += percent_encode(k);
    out.push_back('=');
    out += percent_encode(v);
  }
  return out;
}

/// @brief Splits and decodes a query string (a leading `?` is allowed; empty pieces are
/// skipped; a piece without `=` has an empty value). nullopt on a malformed escape.
inline std::optional<QueryParams> decode_query(std::string_view q) {
  if (!q.empty() && q.front() == '?') q.remove_prefix(1);
  QueryParams out;
  while (!q.empty()) {
    const auto amp = q.find('&');
    const std::string_view piece = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (piece.empty()) continue;
    const auto eq = piece.find('=');
    auto k = percent_decode(piece.substr(0, eq));
    auto v =
        percent_decode(eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1));
    if (!k || !v) return std::nullopt;
    out.emplace_back(std::move(*k), std::move(*v));
  }
  return out;
}

}  // namespace zenml
