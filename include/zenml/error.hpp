// zenml-services-wasm — the one error type of the library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "zenml/detail/concat.hpp"

namespace zenml {

/// @brief Stable error codes. Their string forms (`to_string`) are part of the public JS API
/// (`ZenmlError.code`) and never change meaning.
enum class ErrorCode {
  unauthorized,      ///< 401: no, bad or expired credentials, missing CSRF token
  forbidden,         ///< 403
  not_found,         ///< 404: unknown service, project, referenced run / model version
  conflict,          ///< 409: e.g. a service with a byte-identical `config` already exists
  validation,        ///< 422: the server rejected a parameter or body
  bad_request,       ///< 400 (and other 4xx not listed): e.g. page out of range
  rate_limited,      ///< 429
  server,            ///< 5xx
  network,           ///< no HTTP response: refused, reset, DNS, CORS
  timeout,           ///< our own deadline passed
  aborted,           ///< the caller cancelled
  bad_response,      ///< a response that does not match the contract (path in the message)
  invalid_argument,  ///< rejected before sending: the caller's input breaks the server's rules
};

/// @brief The wire name of a code, e.g. `"not_found"`.
constexpr std::string_view to_string(ErrorCode c) noexcept {
  switch (c) {
    case ErrorCode::unauthorized:
      return "unauthorized";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::validation:
      return "validation";
    case ErrorCode::bad_request:
      return "bad_request";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::server:
      return "server";
    case ErrorCode::network:
      return "network";
    case ErrorCode::timeout:
      return "timeout";
    case ErrorCode::aborted:
      return "aborted";
    case ErrorCode::bad_response:
      return "bad_response";
    case ErrorCode::invalid_argument:
      return "invalid_argument";
  }
  return "server";
}

/// @brief What a failure means, when a caller may act on it beyond its code. Read from the
/// server's answer in one place (`error_from_response`; `write_accepted` in decode.hpp), so that
/// no caller matches its text. The string forms (`to_string`) are part of the public JS API
/// (`ZenmlError.reason`).
enum class ErrorReason {
  none,
  /// 400: the page asked for lies past the last one (`Error::max_page` says which is last).
  page_out_of_range,
  /// `bad_response` to a create or update the server accepted (HTTP 2xx): the write happened,
  /// only its answer could not be read. `Error::id` is the service's id when known (read from
  /// the answer, or the id an update was sent to), `raw_body` the answer. Do not retry a create:
  /// the service exists (a retry gets 409); read it back with its id.
  write_accepted,
};

constexpr std::string_view to_string(ErrorReason r) noexcept {
  switch (r) {
    case ErrorReason::none:
      return "";
    case ErrorReason::page_out_of_range:
      return "page_out_of_range";
    case ErrorReason::write_accepted:
      return "write_accepted";
  }
  return "";
}

/// @brief Everything known about a failure. `status` is 0 when no HTTP response was involved.
struct Error {
  ErrorCode code = ErrorCode::server;
  int status = 0;
  std::string exception_type;           ///< ZenML's exception class name when the server sent one
  std::string message;                  ///< human-readable; for server errors ZenML's own text
  std::string raw_body;                 ///< the response body as received (empty when none)
  std::optional<double> retry_after_s;  ///< from `Retry-After` on 429/503, in seconds
  ErrorReason reason = ErrorReason::none;
  std::optional<std::int64_t> max_page;  ///< page_out_of_range: the last page there is
  std::string id;  ///< write_accepted: the id of the service written ("" when unknown)

  /// @brief The server's answer to a page past the end (ZenML 0.98.0's `ValueError`, word for
  /// word), for answers computed without a server (local_query).
  static Error page_out_of_range(std::int64_t page, std::int64_t size, std::int64_t total,
                                 std::int64_t total_pages) {
    Error e = make(ErrorCode::bad_request,
                   detail::fmt("Invalid page {}. The requested page size is {} and there are a "
                               "total of {} items for this query. The maximum page value "
                               "therefore is {}.",
                               {std::to_string(page), std::to_string(size), std::to_string(total),
                                std::to_string(total_pages)}));
    e.exception_type = "ValueError";
    e.reason = ErrorReason::page_out_of_range;
    e.max_page = total_pages;
    return e;
  }

  static Error make(ErrorCode code, std::string message) {
    Error e;
    e.code = code;
    e.message = std::move(message);
    return e;
  }
  static Error invalid_argument(std::string message) {
    return make(ErrorCode::invalid_argument, std::move(message));
  }
  static Error bad_response(std::string message) {
    return make(ErrorCode::bad_response, std::move(message));
  }
  /// @brief `invalid_argument(detail::fmt(format, args))`, in one call (see detail::fmt).
  [[gnu::noinline]] static Error invalid_argument(const char* format,
                                                  std::initializer_list<detail::Piece> args) {
    return make(ErrorCode::invalid_argument, detail::fmt(format, args));
  }
  /// @brief `bad_response(detail::fmt(format, args))`, in one call.
  [[gnu::noinline]] static Error bad_response(const char* format,
                                              std::initializer_list<detail::Piece> args) {
    return make(ErrorCode::bad_response, detail::fmt(format, args));
  }
};

}  // namespace zenml
