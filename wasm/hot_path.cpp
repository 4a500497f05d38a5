// zenml-services-wasm — the response validators, compiled for speed.
//
// The module is built for size (-Oz), and at -Oz clang makes codec.hpp's DOM-free scanner
// ~2.7x slower (about 350 instead of 970 MB/s in wasm: bench/codec_bench.cpp). The scanner
// runs on every listServices/getService response before JSON.parse, so its speed decides how
// close the package gets to a bare JSON.parse (docs/benchmarks.md). This file alone is compiled
// at -O2 (wasm/CMakeLists.txt) and holds a private copy of the codec: the namespace is renamed,
// because inline functions of the same name are merged at link time (first copy wins) and the
// -Oz copies would otherwise replace these. Same source, same verdicts, same messages.
#include <cerrno>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#define zenml zenml_hot_copy
#include "zenml/codec.hpp"
#undef zenml

#include "hot_path.hpp"

namespace zenml::wasm::hot {

template <class R>
bool verdict(const R& r, std::string& error) {
  if (r) return true;
  error = r.error().message;  // validate_* fail only with bad_response
  return false;
}

bool validate_page(std::string_view body, std::size_t max_bytes, std::size_t max_depth, std::string& error,
                   std::int64_t& index, std::int64_t& total_pages) {
  zenml_hot_copy::DecodeLimits limits;
  limits.max_bytes = max_bytes;
  limits.max_depth = max_depth;
  auto r = zenml_hot_copy::validate_page(body, limits);
  if (r) {
    index = r->index;
    total_pages = r->total_pages;
  }
  return verdict(r, error);
}

bool validate_service(std::string_view body, std::size_t max_bytes, std::size_t max_depth, std::string& error) {
  zenml_hot_copy::DecodeLimits limits;
  limits.max_bytes = max_bytes;
  limits.max_depth = max_depth;
  return verdict(zenml_hot_copy::validate_service(body, limits), error);
}

}  // namespace zenml::wasm::hot
