// zenml-services-wasm — the wording of the codec's error messages, in one place.
//
// `items[3].body.created: expected a timestamp string, got number`: a JSON path, what the
// schema wants (with an article, from the constants below) and the JSON type that came (a bare
// type name, the words of nlohmann's `type_name()`). The DOM-free scanner and the DOM decoder
// build their messages from these, so the two give the same text for the same input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "zenml/detail/utf8.hpp"

namespace zenml::detail {

/// @brief Appends `s` as a JSON string literal; a longer `s` is cut (at a UTF-8 boundary) after
/// `max` bytes and marked with `...`.
inline void append_quoted(std::string& out, std::string_view s,
                          std::size_t max = std::string_view::npos) {
  const bool cut = s.size() > max;
  if (cut) s = utf8_prefix(s, max);
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
  if (cut) out += "...";
}

/// @brief `s` quoted, cut after 60 bytes: how a message shows a value it refuses.
inline std::string quoted_excerpt(std::string_view s) {
  std::string out;
  append_quoted(out, s, 60);
  return out;
}

/// @brief `path.key` for identifier-like keys, `path["odd key"]` otherwise.
inline void append_key(std::string& path, std::string_view key) {
  bool plain = !key.empty();
  for (unsigned char c : key) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-');
  }
  if (plain) {
    if (!path.empty()) path.push_back('.');
    path += key;
  } else {
    path.push_back('[');
    append_quoted(path, key);
    path.push_back(']');
  }
}

inline void append_index(std::string& path, std::size_t i) {
  path.push_back('[');
  path += std::to_string(i);
  path.push_back(']');
}

/// @brief `path: what`, or `what` alone at the root.
inline std::string at_path(const std::string& path, std::string_view what) {
  std::string out;
  if (!path.empty()) {
    out.reserve(path.size() + 2 + what.size());
    out += path;
    out += ": ";
  }
  out += what;
  return out;
}

inline std::string expected(std::string_view what, std::string_view got) {
  std::string out = "expected ";
  out += what;
  out += ", got ";
  out += got;
  return out;
}

// What the schema wants, as the `what` of `expected(what, got)`.
constexpr std::string_view kMissing = "missing required field";
constexpr std::string_view kUuid = "a UUID string";
constexpr std::string_view kUuidOrNull = "a UUID string or null";
constexpr std::string_view kString = "a string";
constexpr std::string_view kStringOrNull = "a string or null";
constexpr std::string_view kObject = "an object";
constexpr std::string_view kObjectOrNull = "an object or null";
constexpr std::string_view kArray = "an array";
constexpr std::string_view kInteger = "an integer";
constexpr std::string_view kBoolean = "a boolean";
constexpr std::string_view kBooleanOrNull = "a boolean or null";
constexpr std::string_view kNumberOrNull = "a number or null";
constexpr std::string_view kTimestamp = "a timestamp string";

inline std::string bad_uuid(std::string_view s) {
  return "expected a UUID, got " + quoted_excerpt(s);
}
inline std::string bad_timestamp(std::string_view s) {
  return "expected an ISO-8601 timestamp, got " + quoted_excerpt(s);
}

/// @brief The type of a JSON value as messages name it: `null`, `boolean`, `number`, `string`,
/// `array` or `object` (nlohmann's `type_name()`, whose words these are).
template <class J>
const char* type_name(const J& j) {
  return j.type_name();
}

/// @brief The same name, judged from the first byte of a valid JSON value (the scanner has no
/// DOM to ask).
constexpr const char* type_name(char first) noexcept {
  switch (first) {
    case '{':
      return "object";
    case '[':
      return "array";
    case '"':
      return "string";
    case 't':
    case 'f':
      return "boolean";
    case 'n':
      return "null";
    default:
      return "number";
  }
}

}  // namespace zenml::detail
