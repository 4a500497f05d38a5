// zenml-services-wasm — Transport on XMLHttpRequest (browsers; xhr2 in Node).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "zenml/transport.hpp"

namespace zenml::wasm {

/// @brief `Transport` over XMLHttpRequest, driven by a few lines of EM_JS (the name is from
/// when it sat on Emscripten's Fetch API, which did the same through more code).
///
/// * Our own deadline (a JS timer), not XHR's `timeout`: a timeout and a network error both
///   show up as status 0 in XHR, the timer tells them apart.
/// * Cancellation aborts the XHR; a request aborted or settled leaves the JS side's table at
///   once, so no later XHR event reaches C++ for it.
/// * Bodies are copied into the request when it starts and out of the response when it ends;
///   nothing JS holds points into the wasm heap.
/// * Cookies only with `with_credentials`.
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
