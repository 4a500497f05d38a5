// zenml-services-wasm — the response validators, compiled for speed.
//
// The module is built for size (-Oz), and at -Oz clang makes scanner.hpp's DOM-free validator
// ~2.7x slower (about 350 instead of 970 MB/s in wasm: bench/codec_bench.cpp). The scanner
// runs on every listServices/getService response before JSON.parse, so its speed decides how
// close the package gets to a bare JSON.parse (docs/benchmarks.md). This file alone is compiled
// at -O2 (wasm/CMakeLists.txt) and instantiates its own copy of the scanner, with a tag type no
// other file names (scanner.hpp says why that is needed). Same source, same verdicts, same
// messages.
#include "hot_path.hpp"

#include <string>
#include <string_view>

#include "zenml/json.hpp"
#include "zenml/scanner.hpp"

namespace zenml::wasm::hot {

/// The tag of this file's copy of the scanner (`zenml::detail::BasicScanner<HotCopy>`). Not in
/// an unnamed namespace: with internal linkage clang inlined the copy differently and it scanned
/// ~5% slower (bench/codec_bench.cpp's page, linked as the module is).
struct HotCopy {};

namespace {

template <class R>
bool verdict(const R& r, std::string& error) {
  if (r) return true;
  error = r.error().message;  // the scanner fails only with bad_response
  return false;
}

DecodeLimits limits_of(std::size_t max_bytes, std::size_t max_depth) {
  DecodeLimits limits;
  limits.max_bytes = max_bytes;
  limits.max_depth = max_depth;
  return limits;
}

}  // namespace

bool validate_page(std::string& body, std::size_t max_bytes, std::size_t max_depth,
                   std::string& error, std::int64_t& index, std::int64_t& total_pages) {
  auto r = detail::scan_normalize_page<HotCopy>(body, limits_of(max_bytes, max_depth));
  if (r) {
    index = r->index;
    total_pages = r->total_pages;
  }
  return verdict(r, error);
}

bool validate_service(std::string& body, std::size_t max_bytes, std::size_t max_depth,
                      std::string& error) {
  return verdict(detail::scan_normalize_service<HotCopy>(body, limits_of(max_bytes, max_depth)),
                 error);
}

}  // namespace zenml::wasm::hot
