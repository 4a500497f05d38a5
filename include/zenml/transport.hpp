// zenml-services-wasm — the seam between the client and the network.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zenml/detail/concat.hpp"
#include "zenml/error.hpp"
#include "zenml/result.hpp"
#include "zenml/url.hpp"

namespace zenml {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// @brief Case-insensitive header lookup (HTTP field names are case-insensitive).
inline const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (k.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < k.size() && same; ++i) {
      char a = k[i], b = name[i];
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
      if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
      same = a == b;
    }
    if (same) return &v;
  }
  return nullptr;
}

/// @brief Parses a header block as `XMLHttpRequest.getAllResponseHeaders()` returns it: `name:
/// value` lines separated by CRLF (or LF; the last line may lack it). Values are trimmed of
/// spaces, tabs and line ends; lines without a `:` or with an empty name are skipped.
inline Headers parse_header_block(std::string_view raw) {
  Headers out;
  auto trim = [](std::string_view v) {
    while (!v.empty() &&
           (v.front() == ' ' || v.front() == '\t' || v.front() == '\r' || v.front() == '\n'))
      v.remove_prefix(1);
    while (!v.empty() &&
           (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n'))
      v.remove_suffix(1);
    return v;
  };
  while (!raw.empty()) {
    const auto nl = raw.find('\n');
    const std::string_view line = raw.substr(0, nl);
    raw = nl == std::string_view::npos ? std::string_view{} : raw.substr(nl + 1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = trim(line.substr(0, colon));
    if (name.empty()) continue;
    out.emplace_back(std::string(name), std::string(trim(line.substr(colon + 1))));
  }
  return out;
}

/// @brief A bearer or CSRF token as it will be sent: surrounding whitespace (a pasted trailing
/// newline) is dropped, like XMLHttpRequest would; what remains must be visible ASCII, so no
/// line break can smuggle in a second header and no browser refuses the value.
inline Result<std::string> normalize_token(std::string_view token, std::string_view what) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!token.empty() && ws(token.front())) token.remove_prefix(1);
  while (!token.empty() && ws(token.back())) token.remove_suffix(1);
  for (char c : token) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u > 0x7e) {
      return Error::invalid_argument(
          "{} must be printable ASCII without inner spaces or line breaks (a JWT or "
          "ZenML API token): it is sent in an HTTP header",
          {what});
    }
  }
  return std::string(token);
}

/// @brief One HTTP request, before the base URL is known. `path` is already safe (built only
/// from constants and validated UUIDs); query values are raw and encoded by `target()`.
struct HttpRequest {
  std::string method = "GET";
  std::string path;
  QueryParams query;
  Headers headers;
  std::string body;
  bool idempotent() const { return method == "GET" || method == "PUT" || method == "DELETE"; }
  std::string target() const {
    if (query.empty()) return path;
    return path + "?" + encode_query(query);
  }
};

struct HttpResponse {
  int status = 0;
  std::string body;
  Headers headers;  ///< may be partial: browsers hide cross-origin headers not exposed by CORS
};

/// @brief Why no HTTP response arrived. `too_large`: the transport stopped reading a body that
/// would exceed `SendOptions::max_response_bytes` (declared by Content-Length or counted).
enum class TransportFailure { none, network, timeout, aborted, too_large };

struct TransportResult {
  TransportFailure failure = TransportFailure::none;
  std::string message;  ///< for failures: what the transport knows
  HttpResponse response;
};

struct SendOptions {
  double timeout_ms = 0;          ///< 0: none; the transport reports `timeout` when it passes
  bool with_credentials = false;  ///< send cookies (cross-origin `withCredentials`)
  /// Stop reading (and report `too_large`) once the body is known to exceed this many bytes;
  /// 0 = no limit. Best effort: a transport that can only see the whole body ignores it, and
  /// the client checks the size again when the response arrives.
  std::size_t max_response_bytes = 0;
};

using RequestId = std::uint64_t;

/// @brief Asynchronous, callback-based HTTP. Implementations: `EmscriptenFetchTransport`
/// (wasm/), fakes and a blocking loopback client in tests.
///
/// Contract: `send` calls `done` exactly once, never from inside `send` itself (always from a
/// later turn of the event loop), unless the implementation documents a synchronous mode.
/// `cancel` on a pending request makes `done` fire with `aborted`; on a finished or unknown
/// id it does nothing.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual RequestId send(const std::string& url, const HttpRequest& request,
                         const SendOptions& options, std::function<void(TransportResult)> done) = 0;
  virtual void cancel(RequestId id) = 0;
  /// @brief Runs `fn` once after `delay_ms` (used for retry back-off).
  virtual void set_timer(double delay_ms, std::function<void()> fn) = 0;
  /// @brief Monotonic milliseconds.
  virtual double now_ms() = 0;
};

}  // namespace zenml
