// zenml-services-wasm — one page of a list response.
#pragma once

#include <cstdint>
#include <vector>

namespace zenml {

/// @brief `Page[T]`: `index` is the requested page (1-based), `max_size` the requested size.
/// The server reports `total_pages == 1` for an empty result.
template <class T>
struct Page {
  std::int64_t index = 1;
  std::int64_t max_size = 0;
  std::int64_t total_pages = 1;
  std::int64_t total = 0;
  std::vector<T> items;
};

}  // namespace zenml
