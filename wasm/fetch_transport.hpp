// zenml-services-wasm — Transport on the Emscripten Fetch API (3.1.6: XMLHttpRequest underneath).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "zenml/transport.hpp"

namespace zenml::wasm {

/// @brief `Transport` over `emscripten_fetch`.
///
/// * Our own deadline (a JS timer), not XHR's `timeout`: a timeout and a network error both
///   show up as status 0 in XHR, the timer tells them apart.
/// * Cancellation is safe on 3.1.6: the XHR is aborted first, then the fetch is closed; an
///   in-flight fetch is never closed alone (that frees memory the XHR still writes into).
/// * Every fetch is closed exactly once; bodies and headers stay alive until the callback.
/// * `EMSCRIPTEN_FETCH_REPLACE`, no IndexedDB; cookies only with `with_credentials`.
class EmscriptenFetchTransport final : public Transport {
 public:
  RequestId send(const std::string& url, const HttpRequest& request, const SendOptions& options,
                 std::function<void(TransportResult)> done) override;
  void cancel(RequestId id) override;
  void set_timer(double delay_ms, std::function<void()> fn) override;
  double now_ms() override;

  /// @brief Requests started and not yet settled (for leak tests).
  static std::size_t live_requests();
};

/// @brief Whether `XMLHttpRequest.setRequestHeader` takes this name / value without throwing
/// (values: after trimming, no NUL/CR/LF; also no bytes >= 0x80, which XHR would send as
/// Latin-1). The transport refuses such requests instead of letting the XHR throw through wasm.
bool header_name_ok(std::string_view name);
bool header_value_ok(std::string_view value);

}  // namespace zenml::wasm
