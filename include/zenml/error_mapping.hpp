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

#include "zenml/detail/concat.hpp"
#include "zenml/detail/messages.hpp"
#include "zenml/detail/utf8.hpp"
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
          where += fmt("[{}]", {dump_json(part)});
        }
      }
    }
    if (!where.empty()) {
      out += where;
      out += ": ";
    }
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
        if (e.message.size() > 300) e.message.replace(297, std::string::npos, "...");
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
    e.message = detail::fmt("HTTP {}", {std::to_string(status)});
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

// ---- answers that name the URL: a base URL that is not ZenML's, a request that got no answer ----

/// @brief What every "not a ZenML server" message ends with.
inline constexpr std::string_view kBaseUrlHint =
    "the base URL must be the ZenML server's root, e.g. http://127.0.0.1:8237";

namespace detail {

/// `GET http://host/api/v1/info`: how messages name a request. The URL is the base URL (which
/// cannot carry credentials: `normalize_base_url`) and the request target, so it never holds a
/// token; a long query is cut.
inline std::string request_line(std::string_view method, std::string_view url) {
  std::string out(method);
  out.push_back(' ');
  const std::string_view cut = utf8_prefix(url, 300);
  out += cut;
  if (cut.size() < url.size()) out += "...";
  return out;
}

/// `text/html` of `Content-Type: text/html; charset=utf-8`; "" when there is none.
inline std::string media_type(const Headers& headers) {
  const std::string* ct = find_header(headers, "Content-Type");
  if (ct == nullptr) return {};
  std::string out;
  for (char c : *ct) {
    if (c == ';') break;
    if (c == ' ' || c == '\t') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

/// `HTTP 404 Not Found, text/html: "<!doctype html> <html>..."`: a response as messages describe
/// it (whitespace runs shown as one space, the body cut after 60 bytes).
inline std::string describe_answer(const HttpResponse& r) {
  std::string out = fmt("HTTP {}", {std::to_string(r.status)});
  const auto phrase = reason_phrase(r.status);
  if (!phrase.empty()) {
    out.push_back(' ');
    out += phrase;
  }
  std::string text;
  for (char c : r.body) {
    const bool ws = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (ws && (text.empty() || text.back() == ' ')) continue;
    text.push_back(ws ? ' ' : c);
    if (text.size() > 64) break;  // enough for the excerpt
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.empty()) return fmt("{} with an empty body", {out});
  const std::string type = media_type(r.headers);
  return fmt(type.empty() ? "{}: {}" : "{}, {2}: {1}", {out, quoted_excerpt(text), type});
}

/// Whether an error body is in one of the shapes ZenML answers errors with: a JSON object with
/// `detail` (its exceptions and FastAPI's), the bare `["ValueError", "…"]` of its 422s, or 429's
/// `{"error": "…"}`.
inline bool is_zenml_error_body(int status, std::string_view body) {
  std::size_t i = 0;
  while (i < body.size() &&
         (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
    ++i;
  if (i == body.size() || (body[i] != '{' && body[i] != '[')) return false;
  DecodeLimits limits;
  limits.max_bytes = std::size_t{4} << 20;
  limits.max_depth = 64;
  auto parsed = parse_json(body, limits);
  if (!parsed) return false;
  const Json& j = *parsed;
  if (j.is_array()) return j.size() == 2 && j[0].is_string();
  if (!j.is_object()) return false;
  if (j.contains("detail")) return true;
  auto e = j.find("error");
  return status == 429 && e != j.end() && e->is_string();
}

/// Whether an error status with a body that is not ZenML's means that no ZenML server answered:
/// the 4xx a server gives for a path or method it does not have, and 501. Not 408, 413 and 429
/// (a proxy in front of a ZenML server sends those) nor other 5xx (a gateway's own page, and
/// ZenML's plain-text 500).
constexpr bool status_speaks_for_the_server(int status) noexcept {
  return (status >= 400 && status < 500 && status != 408 && status != 413 && status != 429) ||
         status == 501;
}

/// Whether a 2xx body cannot be the JSON every ZenML endpoint answers with: empty, or not
/// starting like a JSON value (an HTML page, plain text). Only the body is read: a content type
/// is trusted neither way.
inline bool not_json_at_all(std::string_view body) {
  std::size_t i = 0;
  while (i < body.size() &&
         (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
    ++i;
  if (i == body.size()) return true;
  return std::string_view("{[\"-0123456789tfn").find(body[i]) == std::string_view::npos;
}

}  // namespace detail

/// @brief "this does not look like a ZenML server (GET <url> answered <what>); the base URL must
/// be …": the one wording for an answer no ZenML server gives.
inline std::string not_zenml_message(std::string_view method, std::string_view url,
                                     std::string_view what) {
  return detail::fmt("this does not look like a ZenML server ({} answered {}); {}",
                     {detail::request_line(method, url), what, kBaseUrlHint});
}

/// @brief The error for a non-2xx `r`, the answer to `method url`: `error_from_response`, except
/// that an answer no ZenML server gives (an HTML page or another API's JSON for a 4xx) keeps its
/// code and status but says that this is not a ZenML server, naming the URL and the answer.
inline Error error_for_answer(std::string_view method, std::string_view url,
                              const HttpResponse& r) {
  Error e = error_from_response(r);
  if (detail::status_speaks_for_the_server(r.status) &&
      !detail::is_zenml_error_body(r.status, r.body)) {
    e.message = not_zenml_message(method, url, detail::describe_answer(r));
  }
  return e;
}

/// @brief For a 2xx `r` whose body is not JSON at all (a page, plain text, nothing), the
/// `bad_response` saying that this is not a ZenML server; nullopt for any other answer.
inline std::optional<Error> foreign_success(std::string_view method, std::string_view url,
                                            const HttpResponse& r) {
  if (r.status < 200 || r.status >= 300 || !detail::not_json_at_all(r.body)) return std::nullopt;
  Error e = Error::bad_response(not_zenml_message(method, url, detail::describe_answer(r)));
  e.status = r.status;
  e.raw_body = r.body;
  return e;
}

/// @brief A request that got no HTTP answer: "network error: GET <url> got no answer: <why>".
inline std::string network_message(std::string_view method, std::string_view url,
                                   std::string_view why) {
  return detail::fmt(
      "network error: {} got no answer: {}",
      {detail::request_line(method, url),
       why.empty() ? "the server could not be reached (down, refused, or blocked by CORS)" : why});
}

}  // namespace zenml
