// zenml-services-wasm — an HTTP error response becomes a zenml::Error.
//
// Lives apart from error.hpp because it reads the body with json.hpp's bounded parser, which
// returns a Result, and result.hpp includes error.hpp: putting this in error.hpp would make a
// cycle (and would pull nlohmann and the transport types into every header).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "zenml/error.hpp"
#include "zenml/json.hpp"
#include "zenml/transport.hpp"

namespace zenml {

/// @brief The standard reason phrase of a status code (`""` when unknown).
constexpr std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 402:
      return "Payment Required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

/// @brief The error code an HTTP status stands for (see `ErrorCode`). A status below 400 is not
/// an error the server meant, so it is `bad_response`; 0 (no response) is `network`.
constexpr ErrorCode error_code_for_status(int status) noexcept {
  if (status == 0) return ErrorCode::network;
  if (status < 400) return ErrorCode::bad_response;
  switch (status) {
    case 400:
      return ErrorCode::bad_request;
    case 401:
      return ErrorCode::unauthorized;
    case 403:
      return ErrorCode::forbidden;
    case 404:
      return ErrorCode::not_found;
    case 409:
      return ErrorCode::conflict;
    case 422:
      return ErrorCode::validation;
    case 429:
      return ErrorCode::rate_limited;
    default:
      return status >= 500 ? ErrorCode::server : ErrorCode::bad_request;
  }
}

/// @brief `Retry-After` as delta-seconds (`120`, also `1.5`); nullopt for anything else,
/// including the HTTP-date form, which would need a wall clock to turn into a delay.
inline std::optional<double> parse_retry_after(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  if (v.empty() || v.size() > 16) return std::nullopt;
  bool dot = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '.' && !dot && i > 0 && i + 1 < v.size()) {
      dot = true;
    } else if (v[i] < '0' || v[i] > '9') {
      return std::nullopt;
    }
  }
  const std::string s(v);
  return std::strtod(s.c_str(), nullptr);  // digits and at most one inner '.', locale-safe enough
}

namespace detail {

/// Python's `str(KeyError(msg))` is `repr(msg)`: one level of quotes plus backslash escapes.
inline std::string strip_python_repr_quotes(const std::string& s) {
  if (s.size() < 2) return s;
  const char q = s.front();
  if ((q != '\'' && q != '"') || s.back() != q) return s;
  std::string out;
  out.reserve(s.size() - 2);
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' && i + 2 < s.size()) {
      const char n = s[i + 1];
      switch (n) {
        case '\\':
        case '\'':
        case '"':
          out.push_back(n);
          ++i;
          continue;
        case 'n':
          out.push_back('\n');
          ++i;
          continue;
        case 't':
          out.push_back('\t');
          ++i;
          continue;
        case 'r':
          out.push_back('\r');
          ++i;
          continue;
        default:
          break;
      }
    }
    out.push_back(c);
  }
  return out;
}

/// FastAPI's default validation body: `[{"loc": ["body", "name"], "msg": "...", "type": "..."}]`
/// → `body.name: ...; query.size: ...`.
inline std::string fastapi_messages(const Json& list) {
  std::string out;
  std::size_t n = 0;
  for (const auto& item : list) {
    if (!item.is_object()) continue;
    auto msg = item.find("msg");
    if (msg == item.end() || !msg->is_string()) continue;
    if (++n > 10) {
      out += "; ...";
      break;
    }
    if (!out.empty()) out += "; ";
    auto loc = item.find("loc");
    std::string where;
    if (loc != item.end() && loc->is_array()) {
      for (const auto& part : *loc) {
        if (part.is_string()) {
          if (!where.empty()) where.push_back('.');
          where += part.get_ref<const std::string&>();
        } else if (part.is_number_integer()) {
          where += "[" + dump_json(part) + "]";
        }
      }
    }
    if (!where.empty()) out += where + ": ";
    out += msg->get_ref<const std::string&>();
  }
  return out;
}

inline bool all_objects(const Json& list) {
  if (list.empty()) return false;
  for (const auto& item : list) {
    if (!item.is_object()) return false;
  }
  return true;
}

/// Reads `detail` (or a top-level array) into exception type + message.
inline void read_detail(const Json& d, Error& e) {
  if (d.is_string()) {
    e.message = d.get_ref<const std::string&>();
  } else if (d.is_array()) {
    if (d.size() >= 2 && d[0].is_string()) {  // [ExceptionClassName, message]
      e.exception_type = d[0].get_ref<const std::string&>();
      if (d[1].is_string()) {
        e.message = d[1].get_ref<const std::string&>();
      } else if (!d[1].is_null()) {
        e.message = dump_json(d[1]);
        if (e.message.size() > 300) e.message = e.message.substr(0, 297) + "...";
      }
    } else if (d.size() == 1 && d[0].is_string()) {
      e.message = d[0].get_ref<const std::string&>();
    } else if (all_objects(d)) {
      e.message = fastapi_messages(d);
    }
  } else if (d.is_object()) {
    for (const char* k : {"message", "msg", "detail"}) {
      auto it = d.find(k);
      if (it != d.end() && it->is_string()) {
        e.message = it->get_ref<const std::string&>();
        break;
      }
    }
  }
}

/// A non-JSON body is used as the message only when it is short, one line and not markup.
inline std::optional<std::string> plain_text_message(std::string_view body) {
  while (!body.empty() && (body.front() == ' ' || body.front() == '\n' || body.front() == '\r' ||
                           body.front() == '\t')) {
    body.remove_prefix(1);
  }
  while (!body.empty() && (body.back() == ' ' || body.back() == '\n' || body.back() == '\r' ||
                           body.back() == '\t')) {
    body.remove_suffix(1);
  }
  if (body.empty() || body.size() > 200 || body.front() == '<') return std::nullopt;
  for (unsigned char c : body) {
    if (c < 0x20 || c == 0x7F) return std::nullopt;
  }
  return std::string(body);
}

/// Sets `reason` where ZenML says something a caller acts on. This is the one place that reads
/// the server's English text: ZenML 0.98.0 answers a page past the end with 400
/// `["ValueError", "Invalid page 4. The requested page size is 20 and there are a total of 61
/// items for this query. The maximum page value therefore is 4."]` and has no other signal.
inline void read_reason(Error& e) {
  constexpr std::string_view kInvalidPage = "Invalid page ";
  constexpr std::string_view kMaxPage = "The maximum page value therefore is ";
  if (e.status != 400 || e.exception_type != "ValueError" || e.message.rfind(kInvalidPage, 0) != 0)
    return;
  e.reason = ErrorReason::page_out_of_range;
  const std::size_t at = e.message.find(kMaxPage);
  if (at == std::string::npos) return;
  std::int64_t n = 0;
  std::size_t digits = 0;
  for (std::size_t i = at + kMaxPage.size(); i < e.message.size() && digits < 18; ++i, ++digits) {
    const char c = e.message[i];
    if (c < '0' || c > '9') break;
    n = n * 10 + (c - '0');
  }
  if (digits > 0) e.max_page = n;
}

}  // namespace detail

/// @brief Turns a non-2xx HTTP response into an `Error`, whatever shape the body has.
///
/// Understands ZenML's `{"detail": [ExceptionClass, message]}`, `{"detail": "text"}`, the bare
/// 422 array `["ValueError", "…"]`, FastAPI's `{"detail": [{"loc", "msg", "type"}]}` and the
/// 429 `{"error": "…"}`. `KeyError` messages lose Python's repr quotes. When the body says
/// nothing usable (empty, HTML, a proxy's page) the message is `HTTP 502 Bad Gateway`; the body
/// itself is always kept in `raw_body`. `Retry-After` (delta-seconds) is kept for 429 and 503.
/// A page past the end gets `reason` page_out_of_range and `max_page`.
inline Error error_from_response(int status, std::string_view body, const Headers& headers = {}) {
  Error e;
  e.status = status;
  e.code = error_code_for_status(status);
  e.raw_body = std::string(body);

  std::size_t i = 0;
  while (i < body.size() &&
         (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
    ++i;
  const bool looks_json = i < body.size() && (body[i] == '{' || body[i] == '[' || body[i] == '"');
  if (looks_json) {
    DecodeLimits limits;
    limits.max_bytes = std::size_t{4} << 20;
    limits.max_depth = 64;
    auto parsed = detail::parse_json(body, limits);
    if (parsed) {
      const Json& j = *parsed;
      if (j.is_object()) {
        auto d = j.find("detail");
        if (d != j.end()) detail::read_detail(*d, e);
        if (e.message.empty()) {
          for (const char* k : {"error", "message"}) {
            auto it = j.find(k);
            if (it != j.end() && it->is_string()) {
              e.message = it->get_ref<const std::string&>();
              break;
            }
          }
        }
      } else if (j.is_array()) {
        detail::read_detail(j, e);
      } else if (j.is_string()) {
        e.message = j.get_ref<const std::string&>();
      }
    }
  } else if (auto text = detail::plain_text_message(body)) {
    e.message = std::move(*text);
  }

  if (e.exception_type == "KeyError") e.message = detail::strip_python_repr_quotes(e.message);
  detail::read_reason(e);
  if (e.message.empty() && status == 0) e.message = "no HTTP response";
  if (e.message.empty()) {
    e.message = "HTTP " + std::to_string(status);
    const auto reason = reason_phrase(status);
    if (!reason.empty()) {
      e.message.push_back(' ');
      e.message += reason;
    }
  }
  if (status == 429 || status == 503) {
    if (const std::string* ra = find_header(headers, "Retry-After"))
      e.retry_after_s = parse_retry_after(*ra);
  }
  return e;
}

/// @brief `error_from_response` for a whole `HttpResponse`.
inline Error error_from_response(const HttpResponse& r) {
  return error_from_response(r.status, r.body, r.headers);
}

}  // namespace zenml
