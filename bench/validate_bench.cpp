// The response scanner alone, for the "validation alone" row of the decode benchmark
// (bench/decode-core.mjs): the same scanner.hpp code that wasm/hot_path.cpp compiles at -O2 into
// the package, here in a module of its own with nothing else, so that the time the package's
// validation takes on the benchmark's bytes is measured side by side with JSON.parse and with the
// package's whole listServices (the body is already in wasm memory, as in the package).
// scripts/bench.sh builds it as a standalone .wasm (no glue; bench/validator.mjs loads it):
//   em++ -std=c++17 -O2 -sINLINING_LIMIT=0 -flto -DNDEBUG -DJSON_NOEXCEPTION=1 -fno-exceptions \
//       -Iinclude -I<folder holding nlohmann/> bench/validate_bench.cpp -sSTANDALONE_WASM \
//       --no-entry -sALLOW_MEMORY_GROWTH=1 -o build-bench/validate_bench.wasm
#include <cstdlib>
#include <string>

#include "zenml/scanner.hpp"

namespace {
std::string body;  // the page, as the transport hands it to the check
}  // namespace

extern "C" {

/// A buffer of `n` bytes in this module's memory, where the caller writes the page.
__attribute__((export_name("zsw_bench_buffer"))) char* zsw_bench_buffer(std::size_t n) {
  body.assign(n, '\0');
  return body.data();
}

/// The package's check of a list response (`normalize_page`, as hot_path.cpp runs it) on the
/// page in the buffer: the number of items when it is valid, -1 otherwise. The current release's
/// shape is never rewritten, so every call sees the same bytes.
__attribute__((export_name("zsw_bench_validate"))) int zsw_bench_validate() {
  auto r = zenml::normalize_page(body);
  return r ? static_cast<int>(r->item_count) : -1;
}
}
