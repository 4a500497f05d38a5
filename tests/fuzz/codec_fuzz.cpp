// libFuzzer target for the codec: the DOM-free validator and the nlohmann decoder must agree on
// every input (ok/not-ok, the page header, and the exact message of schema errors); the other
// decoders and the error mapping must never crash.
//
//   cmake -S . -B build-fuzz -DZSW_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++
//   cmake --build build-fuzz --target codec_fuzz
//   mkdir -p /tmp/codec-corpus   # FIRST corpus dir receives new units: never a source folder
//   ./build-fuzz/codec_fuzz -max_total_time=60 -dict=tests/fuzz/codec_fuzz.dict /tmp/codec-corpus tests/fixtures
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "zenml/decode.hpp"
#include "zenml/error_mapping.hpp"
#include "zenml/scanner.hpp"

namespace {

bool is_syntax(const std::string& m) { return m.rfind("invalid JSON", 0) == 0; }

[[noreturn]] void disagree(const char* what, std::string_view input, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "\n%s disagree\n  validator: %s\n  decoder:   %s\n  input (%zu bytes): %.*s\n", what, a.c_str(),
               b.c_str(), input.size(), static_cast<int>(input.size() < 2000 ? input.size() : 2000), input.data());
  std::abort();
}

template <class V, class D>
void check_agree(const char* what, std::string_view input, const V& v, const D& d) {
  const std::string vm = v ? "ok" : v.error().message;
  const std::string dm = d ? "ok" : d.error().message;
  if (v.ok() != d.ok()) disagree(what, input, vm, dm);
  if (!v.ok()) {
    if (v.error().code != zenml::ErrorCode::bad_response || d.error().code != zenml::ErrorCode::bad_response) {
      disagree(what, input, vm, dm);
    }
    if ((!is_syntax(vm) || !is_syntax(dm)) && vm != dm) disagree(what, input, vm, dm);
  }
}

void run(std::string_view text, const zenml::DecodeLimits& limits) {
  const auto vp = zenml::validate_page(text, limits);
  const auto dp = zenml::decode_page_with_limits(text, limits);
  check_agree("page", text, vp, dp);
  if (vp && (vp->index != dp->index || vp->max_size != dp->max_size || vp->total_pages != dp->total_pages ||
             vp->total != dp->total || vp->item_count != dp->items.size())) {
    disagree("page header", text, "", "");
  }
  const auto vs = zenml::validate_service(text, limits);
  const auto ds = zenml::decode_service_with_limits(text, limits);
  check_agree("service", text, vs, ds);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  run(text, zenml::DecodeLimits{});
  zenml::DecodeLimits tight;
  tight.max_depth = 6;
  tight.max_bytes = 4096;
  run(text, tight);

  static_cast<void>(zenml::decode_server_info(text));
  static_cast<void>(zenml::decode_token(text));
  static_cast<void>(zenml::decode_delete(text));

  const int status = size > 0 ? 400 + data[0] % 200 : 500;
  zenml::Headers headers;
  if (size > 1) headers.emplace_back("Retry-After", std::string(text.substr(1, data[1] % 8)));
  const zenml::Error e = zenml::error_from_response(status, text, headers);
  if (e.message.empty() || e.status != status || e.raw_body.size() != size) std::abort();
  return 0;
}
