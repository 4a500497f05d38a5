// zenml-services-wasm — the response validators compiled for speed (see hot_path.cpp).
// Plain types only, so that bindings.cpp sees nothing of the scanner's fast copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace zenml::wasm::hot {

/// @brief Exactly `zenml::normalize_page(body, DecodeLimits{max_bytes, max_depth})`: true when
/// valid, with `body` in the normalised shape (rewritten in place only when an older release
/// sent it) and the page's `index` and `total_pages` (what a walk needs to go on); otherwise
/// false and `error` holds the `bad_response` message it would give.
bool validate_page(std::string& body, std::size_t max_bytes, std::size_t max_depth,
                   std::string& error, std::int64_t& index, std::int64_t& total_pages);

/// @brief Exactly `zenml::normalize_service(body, DecodeLimits{max_bytes, max_depth})`.
bool validate_service(std::string& body, std::size_t max_bytes, std::size_t max_depth,
                      std::string& error);

}  // namespace zenml::wasm::hot
