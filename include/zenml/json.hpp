// zenml-services-wasm — the library's JSON type, the decode limits and the bounded parse that
// every reader of a server response uses.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "zenml/error.hpp"
#include "zenml/json_text.hpp"
#include "zenml/result.hpp"

namespace zenml {

/// @brief The library's one JSON type: nlohmann's `ordered_json`, whose objects keep their keys
/// in document order. Request objects need that (the server compares `config`s by their
/// serialisation, key order included: 409 on a duplicate), and responses decoded with it keep
/// the server's order, as `JSON.parse` does. One type also means one copy of nlohmann's DOM,
/// parser and serializer in a binary (the wasm module carried `json` and `ordered_json`).
using Json = nlohmann::ordered_json;
/// @brief The same type, under the name request-side code used when there were two.
using OrderedJson = Json;

/// @brief Bounds checked before any work that could exhaust memory or stack: a longer input
/// is rejected before a byte is read; nesting is counted while scanning (the root container is
/// depth 1) and rejected before the next level is entered.
struct DecodeLimits {
  std::size_t max_bytes = std::size_t{64} << 20;  ///< 64 MiB
  std::size_t max_depth = 256;
};

namespace detail {

/// @brief The error for an input longer than `limits.max_bytes`.
inline Error too_large(std::size_t size, const DecodeLimits& limits) {
  return Error::bad_response("response of " + std::to_string(size) + " bytes exceeds max_bytes (" +
                             std::to_string(limits.max_bytes) + ")");
}

/// @brief `parse_json_text` within `limits`: a longer text is refused before it is read.
template <class J = Json>
Result<J> parse_json(std::string_view text, const DecodeLimits& limits) {
  if (text.size() > limits.max_bytes) return too_large(text.size(), limits);
  return parse_json_text<J>(text, limits.max_depth);
}

}  // namespace detail

}  // namespace zenml
