// Throughput of the page validator vs nlohmann's DOM parse, on a synthetic page of hydrated
// services shaped like the real server's (tests/fixtures/live/200-list-hydrated.json).
//
// Not built by CMake (it is a measurement, not a test). Native:
//   g++ -std=c++17 -O2 -DNDEBUG -DJSON_NOEXCEPTION=1 -fno-exceptions -Iinclude \
//       bench/codec_bench.cpp -o /tmp/codec_bench && /tmp/codec_bench [items]
// wasm under node (also times JSON.parse on the same bytes, the facade's other half):
//   NODE_PATH=/usr/share/nodejs em++ -std=c++17 -O2 -DNDEBUG -DJSON_NOEXCEPTION=1 -fno-exceptions \
//       -I/tmp/nl -Iinclude bench/codec_bench.cpp -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=node \
//       -o /tmp/codec_bench.js && node --no-experimental-fetch /tmp/codec_bench.js
//   (/tmp/nl holds only a `nlohmann` symlink to /usr/include/nlohmann; see docs/toolchain.md §1.)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "zenml/decode.hpp"
#include "zenml/scanner.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
// The facade's path: bytes in wasm memory -> TextDecoder -> JSON.parse; returns the best parse ms.
EM_JS(double, js_parse_ms, (const char* p, std::size_t n), {
  const bytes = HEAPU8.subarray(p, p + n);
  const td = new TextDecoder();
  let bestDecode = 1e30;
  let bestParse = 1e30;
  for (let r = 0; r < 5; ++r) {
    const t0 = performance.now();
    const text = td.decode(bytes);
    const t1 = performance.now();
    JSON.parse(text);
    const t2 = performance.now();
    bestDecode = Math.min(bestDecode, t1 - t0);
    bestParse = Math.min(bestParse, t2 - t1);
  }
  console.log('TextDecoder.decode     ' + bestDecode.toFixed(2) + ' ms');
  console.log('JSON.parse             ' + bestParse.toFixed(2) + ' ms  ' +
              (n / 1e3 / bestParse).toFixed(1) + ' MB/s');
  return bestParse;
});
#endif

namespace {

std::string hex(unsigned v, int digits) {
  static const char* h = "0123456789abcdef";
  std::string s(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = h[v & 15];
  return s;
}

std::string uuid(unsigned n) {
  return hex(n * 2654435761u, 8) + "-" + hex(n & 0xffff, 4) + "-4" + hex(n * 7, 3) + "-8" +
         hex(n * 13, 3) + "-" + hex(n * 40503u, 8) + hex(n, 4);
}

std::string service(unsigned i) {
  const std::string user = uuid(7);
  const std::string ts = "2026-11-27T03:11:32." + std::to_string(100000 + i % 900000);
  std::string s;
  s +=
      R"({"body":{"created":")" + ts + R"(","updated":")" + ts + R"(","user_id":")" + user +
      R"(","project_id":")" + uuid(3) +
      R"(","service_type":{"type":"model-serving","flavor":"mlflow","name":"","description":"","logo_url":""},)";
  s +=
      i % 3 == 0
          ? R"("labels":null,"state":null},)"
          : R"("labels":{"team":"alpha","seed":"yes","owner":"Gr\u00fc\u00dfe \ud83c\udf0d"},"state":"active"},)";
  s +=
      R"("metadata":{"service_source":"seed.services.mlflow.Service)" + std::to_string(i) +
      R"(","admin_state":"active","config":{"seed_index":)" + std::to_string(i) +
      R"(,"kind":"seed","pipeline_name":"training_pipeline","pipeline_step_name":"deploy_step","nonce":"mwyen75g-gf9qy3rd-)" +
      std::to_string(i) +
      R"(","params":{"lr":0.001,"epochs":12,"layers":[64,128,64],"dropout":2.5e-1,"note":"line1\nline2 \"quoted\" café"}},)"
      R"("status":{"state":"active","last_error":"","since":1732676000.5},"endpoint":{"protocol":"http","port":9000,"host":"127.0.0.1"},)"
      R"("prediction_url":"http://127.0.0.1:9000/predict","health_check_url":"http://127.0.0.1:9000/health"},)";
  s +=
      R"("resources":{"user":{"body":{"created":"2026-11-27T03:11:29.113603","updated":"2026-11-27T03:11:29.113615","active":true,"activation_token":null,"full_name":"","email_opted_in":null,"is_service_account":false,"is_admin":true,"default_project_id":null,"avatar_url":null},"metadata":null,"resources":null,"id":")" +
      user +
      R"(","permission_denied":false,"name":"admin"},"pipeline_run":null,"model_version":null},)";
  s += R"("id":")" + uuid(1000 + i) + R"(","permission_denied":false,"name":"svc-)" +
       std::to_string(i) + "\"}";
  return s;
}

template <class F>
double best_seconds(int runs, F&& f) {
  double best = 1e30;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (s < best) best = s;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned n = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 10000;
  std::string page = R"({"index":1,"max_size":10000,"total_pages":1,"total":)" + std::to_string(n) +
                     R"(,"items":[)";
  for (unsigned i = 0; i < n; ++i) {
    if (i) page.push_back(',');
    page += service(i);
  }
  page += "]}";
  const double mb = static_cast<double>(page.size()) / 1e6;
  std::printf("page: %u items, %.2f MB\n", n, mb);

  auto v = zenml::validate_page(page);
  if (!v) {
    std::printf("validate_page failed: %s\n", v.error().message.c_str());
    return 1;
  }
  auto d = zenml::decode_page(page);
  if (!d || d->items.size() != n) {
    std::printf("decode_page failed\n");
    return 1;
  }

  volatile std::size_t sink = 0;
  const double t_val =
      best_seconds(10, [&] { sink = sink + zenml::validate_page(page)->item_count; });
  const double t_dom = best_seconds(5, [&] {
    auto j = zenml::Json::parse(page, nullptr, false);
    sink = sink + j.size();
  });
  const double t_dec =
      best_seconds(5, [&] { sink = sink + zenml::decode_page(page)->items.size(); });
  std::printf("validate_page          %8.2f ms  %8.1f MB/s\n", t_val * 1e3, mb / t_val);
  std::printf("nlohmann DOM parse     %8.2f ms  %8.1f MB/s  (validate is %.1fx faster)\n",
              t_dom * 1e3, mb / t_dom, t_dom / t_val);
  std::printf("decode_page (models)   %8.2f ms  %8.1f MB/s\n", t_dec * 1e3, mb / t_dec);
#ifdef __EMSCRIPTEN__
  const double t_js = js_parse_ms(page.data(), page.size());  // the facade's other half
  std::printf("validate / JSON.parse  %.2f  (validate + JSON.parse = %.2fx JSON.parse)\n",
              t_val * 1e3 / t_js, 1.0 + t_val * 1e3 / t_js);
#endif
  return static_cast<int>(sink == 0);
}
