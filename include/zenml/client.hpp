// zenml-services-wasm — the client: auth state, deadlines, retries, re-login, pagination.
//
// Asynchronous and callback-based over a `Transport`, so the same code runs natively (tests,
// with fakes or a loopback HTTP client) and in the browser (Emscripten Fetch). Every callback
// fires exactly once and never from inside the call that started it.
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "zenml/decode.hpp"
#include "zenml/detail/concat.hpp"
#include "zenml/error.hpp"
#include "zenml/error_mapping.hpp"
#include "zenml/filter.hpp"
#include "zenml/page.hpp"
#include "zenml/request.hpp"
#include "zenml/result.hpp"
#include "zenml/scanner.hpp"
#include "zenml/service.hpp"
#include "zenml/transport.hpp"

namespace zenml {

struct ClientOptions {
  std::string base_url;               ///< e.g. `http://127.0.0.1:8237` (no `/api/v1`)
  double timeout_ms = 30000;          ///< per attempt; 0 = none
  int max_retries = 2;                ///< extra attempts, idempotent requests only
  double backoff_initial_ms = 250;    ///< first retry waits about this long (with jitter)
  double backoff_max_ms = 8000;       ///< cap of the exponential back-off
  double max_retry_after_ms = 30000;  ///< a longer `Retry-After` is not waited for
  bool with_credentials = false;  ///< send cookies; off by default (a stale cookie beats the token)
  bool relogin_on_401 = true;  ///< log in again once when a call gets 401 and credentials are known
  std::uint64_t seed = 0;      ///< jitter seed; 0 = from the clock
  /// The server's ZenML release (`0.90.0`), pinned: the client follows its rules and never asks
  /// `GET /api/v1/info`. Empty: learned from `/api/v1/info` before the first call whose rules
  /// depend on it (see `Client::server_version`).
  std::string server_version;
  /// Bounds on every response: a body longer than `limits.max_bytes` (success or error) is a
  /// `bad_response` before it is parsed (and the transport is asked to stop reading it early);
  /// JSON nested deeper than `limits.max_depth` is a `bad_response` before the level is entered.
  DecodeLimits limits;
};

/// @brief How to log in: a user's name and password, or a service account's API key.
struct Credentials {
  enum class Kind { none, password, api_key };
  Kind kind = Kind::none;
  std::string username;
  std::string secret;  ///< password or API key
  static Credentials password(std::string user, std::string pw) {
    return {Kind::password, std::move(user), std::move(pw)};
  }
  static Credentials api_key(std::string key) { return {Kind::api_key, {}, std::move(key)}; }
};

/// @brief Checks and normalises a base URL: `http(s)://host[:port][/prefix]`, no query, no
/// fragment, no credentials; a trailing `/` is dropped.
inline Result<std::string> normalize_base_url(std::string url) {
  auto bad = [&url](const char* why) {
    return Error::invalid_argument(
        "baseUrl \"{}\" {}; write the server's root, e.g. http://127.0.0.1:8237",
        {std::string_view(url).substr(0, 100), why});
  };
  const bool http = url.rfind("http://", 0) == 0, https = url.rfind("https://", 0) == 0;
  if (!http && !https) return bad("must start with http:// or https://");
  const std::size_t host_start = http ? 7 : 8;
  const std::size_t path_start = std::min(url.find('/', host_start), url.size());
  const std::string authority = url.substr(host_start, path_start - host_start);
  if (authority.empty()) return bad("has no host");
  if (authority.find('@') != std::string::npos) {
    return bad("carries credentials (user@host): use login() or a token instead");
  }
  // host: a bracketed IPv6 literal or a registered name / IPv4 (RFC 3986 unreserved + %-escapes)
  std::size_t port_at = std::string::npos;
  if (authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string::npos || close == 1) return bad("has a malformed IPv6 host");
    for (std::size_t i = 1; i < close; ++i) {
      const char c = authority[i];
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'))
        return bad("has a malformed IPv6 host");
    }
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return bad("has text after the IPv6 host");
      port_at = close + 1;
    }
  } else {
    port_at = authority.find(':');
    const std::string host = authority.substr(0, port_at);
    if (host.empty()) return bad("has no host");
    for (char c : host) {
      const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
                      c == '_' || c == '~';
      if (!ok) return bad("has a character a host name cannot contain");
    }
  }
  if (port_at != std::string::npos) {
    const std::string port = authority.substr(port_at + 1);
    // 1 to 5 digits, read by hand: std::stol would link strtol and libc++'s exception classes
    const bool digits = !port.empty() && port.size() <= 5 &&
                        port.find_first_not_of("0123456789") == std::string::npos;
    long value = 0;
    for (std::size_t i = 0; digits && i < port.size(); ++i) value = value * 10 + (port[i] - '0');
    if (!digits || value < 1 || value > 65535) {
      return bad("has an invalid port (1-65535)");
    }
  }
  for (std::size_t i = path_start; i < url.size(); ++i) {  // path: RFC 3986 pchar and '/'
    const char c = url[i];
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) ||
                    std::string_view("-._~!$&'()*+,;=:@/%").find(c) != std::string_view::npos;
    if (!ok)
      return bad(
          "must not contain a query, a fragment, spaces or other characters a path cannot hold");
  }
  while (url.size() > host_start && url.back() == '/') url.pop_back();
  if (url.size() >= 7 && url.compare(url.size() - 7, 7, "/api/v1") == 0) {
    return bad("ends in /api/v1, which is added per call");
  }
  return url;
}

/// @brief The release in `GET /api/v1/info`'s `version`: `major.minor.patch`, and any suffix
/// after it (`0.99.0.dev1`, `0.95.0rc1`) read as that release. Anything else is the server's
/// fault: `bad_response`.
inline Result<Release> release_of_server_version(std::string_view version) {
  std::size_t end = 0;
  for (int dots = 0; end < version.size(); ++end) {
    const char c = version[end];
    if (c == '.' && dots < 2 && end > 0 && version[end - 1] != '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      break;
    }
  }
  if (auto r = Release::parse(version.substr(0, end))) return *r;
  return Error::bad_response(
      "GET /api/v1/info: version \"{}\" is not a ZenML release (major.minor.patch)",
      {version.substr(0, 60)});
}

/// @brief The filter of a list call, read for the release the server runs: the client calls it
/// once that release is known (from `GET /api/v1/info`, or pinned), so that the query is read
/// and validated as that release reads it before anything is sent.
using FilterFor = std::function<Result<ServiceFilter>(Release)>;

/// @brief The next page a full walk should fetch, or nullopt when `page` was the last one.
/// (An empty result reports `total_pages == 1`, so a walk over nothing makes one call.)
inline std::optional<std::int64_t> next_page(std::int64_t index, std::int64_t total_pages) {
  if (index < 1 || index >= total_pages) return std::nullopt;
  return index + 1;
}

/// @brief Where a walk over every page of a filter stands: the filter of the next fetch, or the
/// end. The one place that decides when a walk stops, for `Client::walk_services` and for the
/// JS iterators `pages()` / `services()` (through `Client::next_page_json`).
class PageWalk {
 public:
  /// A walk from `filter.page` (default 1) to the last page. The client sets its `server` to
  /// the release the server runs before each fetch.
  explicit PageWalk(ServiceFilter filter) : filter_(std::move(filter)) {}
  /// A walk whose filter is read by `read` for the server's release, at its first fetch.
  explicit PageWalk(FilterFor read) : read_(std::move(read)) {}
  /// @brief The filter of the next fetch; nullptr when the walk is over (or, for a walk built
  /// from a `FilterFor`, before its first fetch read it).
  const ServiceFilter* next() const { return done_ || !filter_ ? nullptr : &*filter_; }
  /// @brief The filter of the next fetch for release `r` (read for it on the first fetch);
  /// nullptr when the walk is over; the reader's error (which ends the walk) when `r` would
  /// misread it.
  Result<const ServiceFilter*> next_for(Release r) {
    if (done_) return static_cast<const ServiceFilter*>(nullptr);
    if (!filter_) {
      auto f = read_(r);
      if (!f) {
        done_ = true;
        return std::move(f).error();
      }
      filter_ = std::move(f).value();
    }
    filter_->server = r;
    return static_cast<const ServiceFilter*>(&*filter_);
  }
  bool done() const { return done_; }
  /// @brief A page arrived: the walk goes on to the page after it, or ends after the last.
  void arrived(std::int64_t index, std::int64_t total_pages) {
    started_ = true;
    const auto n = next_page(index, total_pages);
    if (n && filter_) filter_->page = *n;
    done_ = !n;
  }
  /// @brief A fetch failed, which ends the walk. True when it ended normally: a page after the
  /// first vanished because services were deleted meanwhile (page_out_of_range); false when
  /// the error is the walk's.
  bool failed(const Error& e) {
    done_ = true;
    return started_ && e.reason == ErrorReason::page_out_of_range;
  }
  /// @brief Ends the walk (the caller wants no more pages).
  void stop() { done_ = true; }

 private:
  std::optional<ServiceFilter> filter_;
  FilterFor read_;
  bool started_ = false;
  bool done_ = false;
};

/// @brief The range a numeric client option must lie in, as data: `Client::create` checks
/// `ClientOptions` with it and the createClient reader (input.hpp) checks a JS number with it
/// before converting it, so both say the same.
struct OptionRange {
  std::string_view option;  ///< its name in `createClient({ … })`
  double min;
  double max;
  bool whole;  ///< whole numbers only
  std::string_view unit;
  std::string_view note;  ///< said after the range, e.g. " (0 = no timeout)"

  /// @brief nullopt when `v` lies in the range, else the `invalid_argument` naming the option.
  std::optional<Error> check(double v) const {
    if (v >= min && v <= max && (!whole || v == std::floor(v))) return std::nullopt;  // NaN fails
    return Error::invalid_argument("{}: expected {} of {} between {} and {}{}, got {}",
                                   {option, whole ? "a whole number" : "a number", unit,
                                    format(min), format(max), note, format(v)});
  }
  // As JS prints a number (no printf: in wasm its float formatting costs kilobytes).
  static std::string format(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    return Json(v).dump();
  }
};

namespace detail {

/// @brief The `check` of `GET <base_url>/api/v1/info`, whose answer has the same shape on every
/// ZenML release: JSON of another shape means another server answered, and the error says so. A
/// body that is no valid JSON keeps the decoder's own message (a truncated answer is not another
/// server's; a page or nothing was already refused: `foreign_success`).
template <class Check>
auto zenml_info_check(const std::string& base_url, Check check) {
  return [check, url = base_url + requests::server_info().target()](std::string_view body,
                                                                    const DecodeLimits& limits) {
    auto r = check(body, limits);
    if (!r && detail::parse_json(body, limits)) {
      return decltype(r)(Error::bad_response(not_zenml_message(
          "GET", url,
          detail::fmt("JSON that is not ZenML's server info: {}", {r.error().message}))));
    }
    return r;
  };
}

}  // namespace detail

class Client {
 public:
  using CallId = std::uint64_t;
  /// Largest accepted `limits.max_bytes` (1 GiB: wasm32 memory must also hold the copies).
  static constexpr std::size_t kMaxResponseBytesLimit = std::size_t{1} << 30;
  /// Largest accepted `limits.max_depth`.
  static constexpr std::size_t kMaxDepthLimit = 10000;
  /// Longest accepted `timeout_ms`: one hour. A browser's timer fires at once for a delay past
  /// 2^31 - 1 ms (24.8 days), so some bound is needed; an hour per attempt is already beyond
  /// what any proxy in between keeps a request open.
  static constexpr double kMaxTimeoutMs = 3600000;
  /// Most accepted `max_retries`.
  static constexpr int kMaxRetries = 10;
  /// @brief The ranges of the numeric options, by their createClient names.
  static constexpr OptionRange kTimeoutMsRange{
      "timeoutMs", 0, kMaxTimeoutMs, false, "milliseconds", " (0 = no timeout)"};
  static constexpr OptionRange kRetriesRange{"retries", 0, kMaxRetries, true, "extra attempts", ""};
  static constexpr OptionRange kMaxResponseBytesRange{
      "maxResponseBytes", 1, static_cast<double>(kMaxResponseBytesLimit), true, "bytes", ""};
  static constexpr OptionRange kMaxDepthRange{
      "maxDepth", 1, static_cast<double>(kMaxDepthLimit), true, "nesting levels", ""};
  template <class T>
  using Callback = std::function<void(Result<T>)>;

  Client(std::shared_ptr<Transport> transport, ClientOptions options)
      : core_(std::make_shared<Core>(std::move(transport), std::move(options))) {}
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  /// @brief Pending calls are aborted (their callbacks fire with `aborted`).
  ~Client() { core_->cancel_all(); }

  /// @brief Builds a client after checking the options.
  static Result<std::unique_ptr<Client>> create(std::shared_ptr<Transport> transport,
                                                ClientOptions options) {
    if (!transport) return Error::invalid_argument("transport must not be null");
    auto url = normalize_base_url(options.base_url);
    if (!url) return std::move(url).error();
    options.base_url = std::move(url).value();
    if (auto e = kTimeoutMsRange.check(options.timeout_ms)) return std::move(*e);
    if (auto e = kRetriesRange.check(options.max_retries)) return std::move(*e);
    if (auto e = kMaxResponseBytesRange.check(static_cast<double>(options.limits.max_bytes)))
      return std::move(*e);
    if (auto e = kMaxDepthRange.check(static_cast<double>(options.limits.max_depth)))
      return std::move(*e);
    if (!options.server_version.empty()) {
      auto r = release_arg(options.server_version, "serverVersion");
      if (!r) return std::move(r).error();
    }
    return std::unique_ptr<Client>(new Client(std::move(transport), std::move(options)));
  }

  const ClientOptions& options() const { return core_->opts; }

  /// @name The server's release
  /// The rules of list queries differ between ZenML releases (filter_schema.hpp), so every call
  /// whose rules depend on the release (`list_services`, `walk_services`, `list_services_json`,
  /// `next_page_json`) first learns it: from `ClientOptions::server_version` when pinned, else
  /// from `GET /api/v1/info`, once: concurrent first calls share one request, a failed one fails
  /// the calls that waited for it (with its error) and the next such call asks again. The query
  /// is then read and validated for that release before it is sent: what it would misread is an
  /// `invalid_argument` and nothing is sent. A release newer than `kNewestKnownRelease` gets the
  /// newest rules; one older than `kOldestSupportedRelease` fails those calls with an
  /// `invalid_argument` naming the supported range (the other calls still work). A successful
  /// `server_info` call teaches the client the release too.
  /// @{
  /// @brief The server's release as `major.minor.patch` (e.g. `0.90.0`; a suffix the server's
  /// version may carry, such as `.dev1`, dropped), so that it can be handed to every function
  /// that takes a release; "" before it is known.
  std::string server_version() const {
    return core_->release ? core_->release->to_string() : std::string();
  }
  /// @brief The release whose rules the client follows; nullopt before it is known.
  std::optional<Release> server_release() const { return core_->release; }
  /// @}

  /// @brief Uses `token` as the bearer token (and `csrf_token` for cross-site sessions).
  void set_token(std::string token, std::string csrf_token = {}) {
    core_->token = std::move(token);
    core_->csrf = std::move(csrf_token);
  }
  const std::string& token() const { return core_->token; }
  /// @brief The CSRF token sent with every call ('' unless a cross-site login issued one).
  const std::string& csrf_token() const { return core_->csrf; }
  bool has_credentials() const { return core_->creds.kind != Credentials::Kind::none; }
  /// @brief Forgets the token, the CSRF token and any remembered credentials.
  void logout() {
    core_->token.clear();
    core_->csrf.clear();
    core_->creds = {};
  }

  /// @brief Sends one request with auth headers, deadline, retries and re-login applied.
  CallId send(Result<HttpRequest> request, Callback<HttpResponse> done,
              std::optional<double> timeout_ms = {}) {
    return core_->start_call(std::move(request), std::move(done), timeout_ms, false);
  }

  /// @brief Cancels a pending call: its callback fires at once with `aborted`. Unknown or
  /// finished ids are ignored.
  void cancel(CallId id) { core_->cancel(id); }
  /// @brief Number of calls not yet settled (for leak checks): the caller's, so not the
  /// `GET /api/v1/info` the client sends itself to learn the release (it lives only as long as
  /// a call waits for it).
  std::size_t pending() const { return core_->calls.size() - (core_->info_call ? 1 : 0); }

  /// @brief Logs in and keeps the token (and the credentials, for one re-login on 401).
  CallId login(Credentials creds, Callback<TokenResponse> done) {
    auto core = core_;
    Result<HttpRequest> req =
        creds.kind == Credentials::Kind::api_key ? requests::login_api_key(creds.secret)
        : creds.kind == Credentials::Kind::password
            ? requests::login_password(creds.username, creds.secret)
            : Result<HttpRequest>(
                  Error::invalid_argument("login needs { username, password } or { apiKey }"));
    return core_->start_call(
        std::move(req),
        [core, creds, done = std::move(done)](Result<HttpResponse> r) mutable {
          if (!r) return done(std::move(r).error());
          auto tok = decode_token_with_limits(r->body, core->opts.limits);
          if (tok) {
            core->token = tok->access_token;
            core->csrf = tok->csrf_token.value_or("");
            core->creds = std::move(creds);
          }
          done(std::move(tok));
        },
        {}, true);
  }

  CallId server_info(Callback<ServerInfo> done) {
    auto core = core_;
    return typed(requests::server_info(),
                 detail::zenml_info_check(core_->opts.base_url, &decode_server_info_with_limits),
                 Callback<ServerInfo>([core, done = std::move(done)](Result<ServerInfo> r) {
                   if (r) core->learned(r->version);
                   done(std::move(r));
                 }));
  }
  /// @brief One page of `filter`, read for the server's release (its `server` is replaced).
  CallId list_services(const ServiceFilter& filter, Callback<Page<Service>> done) {
    return typed_for_release(list_request(for_any_release(filter)), &decode_page_with_limits,
                             std::move(done));
  }
  CallId get_service(std::string_view id, bool hydrate, Callback<Service> done) {
    return typed(requests::get_service(id, hydrate), &decode_service_with_limits, std::move(done));
  }
  /// @brief Creates a service. Once the server accepted it, an answer that cannot be read
  /// fails with reason `write_accepted` and the new id (`write_accepted` in decode.hpp).
  CallId create_service(const ServiceRequest& req, const std::optional<std::string>& project,
                        Callback<Service> done) {
    return written(requests::create_service(req, project), {}, std::move(done));
  }
  /// @brief Updates a service; an unreadable answer to an accepted update: as for create.
  CallId update_service(std::string_view id, const ServiceUpdate& update, Callback<Service> done) {
    return written(requests::update_service(id, update), std::string(id), std::move(done));
  }
  CallId delete_service(std::string_view id, Callback<Empty> done) {
    return typed(requests::delete_service(id), &decode_delete_with_limits, std::move(done));
  }

  /// @brief Fetches every page of `filter` from its `page` on, in order. `on_page` returns
  /// false to stop early. A page that vanished because services were deleted during the walk
  /// ends the walk normally (see `PageWalk`).
  void walk_services(ServiceFilter filter, std::function<bool(Page<Service>&&)> on_page,
                     Callback<Empty> on_done) {
    auto state = std::make_shared<Walk>(
        Walk{PageWalk(std::move(filter)), std::move(on_page), std::move(on_done)});
    walk_step(state);
  }

  /// @name Calls for JS
  /// Each hands back the response body as text once it has been checked against the contract:
  /// JS builds objects from it with `JSON.parse`, faster than C++ could hand them over. Services
  /// and pages come in the normalised shape: the checks (`normalize_service`, `normalize_page`)
  /// bring an older release's text to it in place. The checks are the codec's; `check` lets the
  /// wasm build pass its copies compiled for speed (wasm/hot_path.cpp). A create or update the
  /// server accepted whose answer fails the check fails with reason `write_accepted`.
  /// @{
  using TextCheck = Result<Empty> (*)(std::string& body, const DecodeLimits& limits);
  using PageCheck = Result<PageInfo> (*)(std::string& body, const DecodeLimits& limits);

  CallId server_info_json(Callback<std::string> done) {
    auto core = core_;
    return core_->start_call(
        requests::server_info(),
        [core, done = std::move(done)](Result<HttpResponse> r) {
          if (!r) return done(std::move(r).error());
          auto info = core->read_info(r->body);
          if (!info) return done(std::move(info).error());
          core->learned(info->version);
          done(std::move(r->body));
        },
        {}, false);
  }
  CallId current_user_json(Callback<std::string> done) {
    return checked_text(requests::current_user(), &validate_named_entity, std::move(done));
  }
  CallId project_json(std::string_view name_or_id, Callback<std::string> done) {
    return checked_text(requests::project(name_or_id), &validate_named_entity, std::move(done));
  }
  /// @brief One page of projects (`Page[ProjectResponse]`), each item checked for id and name.
  CallId list_projects_json(std::int64_t page, std::int64_t size, Callback<std::string> done) {
    return checked_text(requests::list_projects(page, size), &validate_named_page, std::move(done));
  }
  /// @brief One page, its filter read by `filter_for` for the server's release.
  CallId list_services_json(FilterFor filter_for, Callback<std::string> done,
                            PageCheck check = &normalize_page) {
    return checked_text_for_release(list_request(std::move(filter_for)), check, std::move(done));
  }
  CallId list_services_json(const ServiceFilter& filter, Callback<std::string> done,
                            PageCheck check = &normalize_page) {
    return list_services_json(for_any_release(filter), std::move(done), check);
  }
  CallId get_service_json(std::string_view id, bool hydrate, Callback<std::string> done,
                          TextCheck check = &normalize_service) {
    return checked_text(requests::get_service(id, hydrate), check, std::move(done));
  }
  CallId create_service_json(const ServiceRequest& req, const std::optional<std::string>& project,
                             Callback<std::string> done, TextCheck check = &normalize_service) {
    return written_text(requests::create_service(req, project), check, {}, std::move(done));
  }
  CallId update_service_json(std::string_view id, const ServiceUpdate& update,
                             Callback<std::string> done, TextCheck check = &normalize_service) {
    return written_text(requests::update_service(id, update), check, std::string(id),
                        std::move(done));
  }
  /// @brief The server's answer (`null`) once checked.
  CallId delete_service_json(std::string_view id, Callback<std::string> done) {
    return checked_text(requests::delete_service(id), &decode_delete_with_limits, std::move(done));
  }
  /// @brief Fetches the next page of `walk` and hands back its text; nullopt when that page
  /// vanished because services were deleted meanwhile (`PageWalk::failed`), which ends the walk.
  /// After the last page `walk->done()` is true; asking then is an `invalid_argument`. Every
  /// error ends the walk.
  CallId next_page_json(std::shared_ptr<PageWalk> walk, Callback<std::optional<std::string>> done,
                        PageCheck check = &normalize_page) {
    auto build = [walk](Release server) -> Result<HttpRequest> {
      auto filter = walk->next_for(server);
      if (!filter) return std::move(filter).error();
      if (!*filter) return Error::invalid_argument("the walk is over");
      return requests::list_services(**filter);
    };
    return core_->start_for_release(
        std::move(build),
        [walk, check, limits = core_->opts.limits, done = std::move(done)](Result<HttpResponse> r) {
          if (!r) {
            if (walk->failed(r.error())) return done(std::optional<std::string>());
            return done(std::move(r).error());
          }
          auto info = check(r->body, limits);
          if (!info) {
            walk->stop();
            return done(std::move(info).error());
          }
          walk->arrived(info->index, info->total_pages);
          done(std::optional<std::string>(std::move(r->body)));
        });
  }
  /// @}

 private:
  /// Builds a call's request once the server's release is known.
  using BuildFor = std::function<Result<HttpRequest>(Release)>;

  struct Call {
    HttpRequest request;
    Callback<HttpResponse> done;
    BuildFor build;  ///< set while the call waits for the server's release
    double timeout_ms = 0;
    int retries_left = 0;
    bool is_login = false;
    bool anonymous = false;  ///< sent without the token (GET /api/v1/info needs none)
    bool relogged = false;
    RequestId transport_id = 0;
    bool in_flight = false;
  };

  struct Core : std::enable_shared_from_this<Core> {
    std::shared_ptr<Transport> transport;
    ClientOptions opts;
    std::string token, csrf;
    Credentials creds;
    std::map<CallId, Call> calls;
    CallId next_id = 1;
    std::uint64_t rng;
    bool relogin_in_flight = false;
    std::vector<CallId> waiting_for_login;
    std::optional<Release> release;   ///< the server's, once known (or pinned)
    std::optional<CallId> info_call;  ///< the `GET /api/v1/info` that learns it, while in flight
    std::vector<CallId> waiting_for_release;

    Core(std::shared_ptr<Transport> t, ClientOptions o)
        : transport(std::move(t)), opts(std::move(o)) {
      rng = opts.seed ? opts.seed : static_cast<std::uint64_t>(transport->now_ms() * 1000.0) | 1u;
      if (!opts.server_version.empty()) release = Release::parse(opts.server_version);  // pinned
    }

    /// An answer of `GET /api/v1/info` read; JSON that is not ZenML's says the base URL is wrong.
    Result<ServerInfo> read_info(std::string_view body) const {
      return detail::zenml_info_check(opts.base_url, &decode_server_info_with_limits)(body,
                                                                                      opts.limits);
    }

    /// The server said it runs `version` (an answer of `GET /api/v1/info`): the release is
    /// known from now on, unless it already was. False when `version` is no release.
    bool learned(const std::string& version) {
      if (release) return true;
      auto r = release_of_server_version(version);
      if (!r) return false;
      release = *r;
      return true;
    }

    /// Starts the call whose request `build` makes for the server's release: at once when it
    /// is known, else once `GET /api/v1/info` (one for every call waiting) tells it.
    CallId start_for_release(BuildFor build, Callback<HttpResponse> done) {
      if (release) return start_call(build(*release), std::move(done), {}, false);
      const CallId id = next_id++;
      Call& c = calls[id];
      c.done = std::move(done);
      c.build = std::move(build);
      waiting_for_release.push_back(id);
      if (!info_call) learn_release();
      return id;
    }

    // GET /api/v1/info, without the token: it needs none, and without an Authorization header
    // a browser sends it as a simple request, with no CORS preflight before it.
    void learn_release() {
      auto self = shared_from_this();
      const CallId id = next_id++;
      info_call = id;
      Call& call = calls[id];
      call.anonymous = true;
      call.done = [self](Result<HttpResponse> r) {
        self->info_call.reset();
        auto rel = [&]() -> Result<Release> {
          if (!r) return std::move(r).error();
          auto info = self->read_info(r->body);
          if (!info) return std::move(info).error();
          if (!self->learned(info->version))
            return release_of_server_version(info->version).error();
          return *self->release;
        }();
        auto waiting = std::move(self->waiting_for_release);
        self->waiting_for_release.clear();
        for (CallId w : waiting) {
          auto it = self->calls.find(w);
          if (it == self->calls.end()) continue;  // cancelled meanwhile
          if (!rel) {
            self->finish(w, rel.error());
            continue;
          }
          BuildFor build = std::move(it->second.build);
          it->second.build = nullptr;
          self->launch(w, build(*rel), {}, false);
        }
      };
      launch(id, requests::server_info(), {}, false);
    }

    double random01() {  // xorshift64*: deterministic with a seed, cheap, good enough for jitter
      rng ^= rng >> 12;
      rng ^= rng << 25;
      rng ^= rng >> 27;
      return static_cast<double>((rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
    }

    CallId start_call(Result<HttpRequest> request, Callback<HttpResponse> done,
                      std::optional<double> timeout_ms, bool is_login) {
      const CallId id = next_id++;
      calls[id].done = std::move(done);
      launch(id, std::move(request), timeout_ms, is_login);
      return id;
    }

    /// Sends the request of call `id` (already in `calls`), or fails it with the request's error.
    void launch(CallId id, Result<HttpRequest> request, std::optional<double> timeout_ms,
                bool is_login) {
      if (!request) {  // argument errors arrive asynchronously too: one code path for callers
        auto err = std::make_shared<Error>(std::move(request).error());
        auto self = shared_from_this();
        transport->set_timer(0, [self, id, err] { self->finish(id, std::move(*err)); });
        return;
      }
      Call& c = calls[id];
      c.request = std::move(request).value();
      c.timeout_ms = timeout_ms.value_or(opts.timeout_ms);
      c.retries_left = c.request.idempotent() ? opts.max_retries : 0;
      c.is_login = is_login;
      attempt(id);
    }

    void attempt(CallId id) {
      auto it = calls.find(id);
      if (it == calls.end()) return;
      Call& c = it->second;
      HttpRequest req = c.request;
      req.headers.emplace_back("Accept", "application/json");
      if (!c.is_login && !c.anonymous && !token.empty()) {
        req.headers.emplace_back("Authorization", "Bearer " + token);
        if (!csrf.empty()) req.headers.emplace_back("X-CSRF-Token", csrf);
      }
      SendOptions so;
      so.timeout_ms = c.timeout_ms;
      so.with_credentials = opts.with_credentials;
      so.max_response_bytes = opts.limits.max_bytes;
      c.in_flight = true;
      auto self = shared_from_this();
      c.transport_id =
          transport->send(opts.base_url + req.target(), req, so,
                          [self, id](TransportResult r) { self->on_result(id, std::move(r)); });
    }

    double backoff_ms(int retry_index) {
      const double cap =
          std::min(opts.backoff_max_ms, opts.backoff_initial_ms * std::pow(2.0, retry_index));
      return cap / 2 + random01() * cap / 2;  // "equal jitter": never 0, never in lock-step
    }

    /// Schedules another attempt if allowed; returns false when the call must fail instead.
    bool retry(CallId id, Call& c, std::optional<double> retry_after_s) {
      if (c.retries_left <= 0) return false;
      double delay = backoff_ms(opts.max_retries - c.retries_left);
      if (retry_after_s) {
        const double ra = *retry_after_s * 1000.0;
        if (ra > opts.max_retry_after_ms) return false;
        delay = std::max(delay, ra);
      }
      --c.retries_left;
      auto self = shared_from_this();
      transport->set_timer(delay, [self, id] { self->attempt(id); });
      return true;
    }

    void on_result(CallId id, TransportResult r) {
      auto it = calls.find(id);
      if (it == calls.end()) return;  // cancelled meanwhile
      Call& c = it->second;
      c.in_flight = false;
      // Failures name the request (`GET <base>/api/v1/info`): the base URL carries no
      // credentials and no token is ever part of a URL.
      const std::string url = opts.base_url + c.request.target();
      switch (r.failure) {
        case TransportFailure::aborted:
          return finish(id, Error::make(ErrorCode::aborted, "the request was aborted"));
        case TransportFailure::timeout:
          if (retry(id, c, std::nullopt)) return;
          return finish(
              id, Error::make(ErrorCode::timeout,
                              detail::fmt(r.message.empty() ? "{}: no response within {}"
                                                            : "{}: no response within {} ({})",
                                          {detail::request_line(c.request.method, url),
                                           fmt_ms(c.timeout_ms), r.message})));
        case TransportFailure::network:
          if (retry(id, c, std::nullopt)) return;
          return finish(id, Error::make(ErrorCode::network,
                                        network_message(c.request.method, url, r.message)));
        case TransportFailure::too_large:  // a larger body will not shrink on a retry
          return finish(id,
                        Error::bad_response(r.message.empty() ? too_large_message(0) : r.message));
        case TransportFailure::none:
          break;
      }
      if (r.response.body.size() > opts.limits.max_bytes) {  // before anything parses it
        Error e = Error::bad_response(too_large_message(r.response.body.size()));
        e.status = r.response.status;  // a 2xx means a write was accepted (Client::written)
        return finish(id, std::move(e));
      }
      const int status = r.response.status;
      if (status >= 200 && status < 300) {
        if (auto foreign = foreign_success(c.request.method, url, r.response))
          return finish(id, std::move(*foreign));
        return finish(id, std::move(r.response));
      }
      if (status == 401 && !c.is_login && !c.relogged && opts.relogin_on_401 &&
          creds.kind != Credentials::Kind::none) {
        c.relogged = true;
        return relogin_then_replay(id);
      }
      Error e = error_for_answer(c.request.method, url, r.response);
      if (status == 429 || status == 502 || status == 503 || status == 504) {
        if (retry(id, c, e.retry_after_s)) return;
      }
      finish(id, std::move(e));
    }

    void relogin_then_replay(CallId id) {
      waiting_for_login.push_back(id);
      if (relogin_in_flight) return;
      relogin_in_flight = true;
      Result<HttpRequest> req = creds.kind == Credentials::Kind::api_key
                                    ? requests::login_api_key(creds.secret)
                                    : requests::login_password(creds.username, creds.secret);
      auto self = shared_from_this();
      start_call(
          std::move(req),
          [self](Result<HttpResponse> r) {
            self->relogin_in_flight = false;
            auto waiting = std::move(self->waiting_for_login);
            self->waiting_for_login.clear();
            Result<TokenResponse> tok = r ? decode_token_with_limits(r->body, self->opts.limits)
                                          : Result<TokenResponse>(std::move(r).error());
            if (tok) {
              self->token = tok->access_token;
              self->csrf = tok->csrf_token.value_or("");
              for (CallId w : waiting) self->attempt(w);
            } else {
              for (CallId w : waiting) self->finish(w, tok.error());
            }
          },
          {}, true);
    }

    void finish(CallId id, Result<HttpResponse> r) {
      auto it = calls.find(id);
      if (it == calls.end()) return;
      auto done = std::move(it->second.done);
      calls.erase(it);  // before the callback: it may start or cancel other calls
      if (done) done(std::move(r));
    }

    void cancel(CallId id) {
      auto it = calls.find(id);
      if (it == calls.end()) return;
      const bool in_flight = it->second.in_flight;
      const RequestId tid = it->second.transport_id;
      const bool waiting = static_cast<bool>(it->second.build);
      finish(id, Error::make(ErrorCode::aborted, "the request was aborted"));
      if (in_flight) transport->cancel(tid);  // its late callback finds no call and is ignored
      if (waiting) {  // the last call waiting for the release: nobody needs GET /api/v1/info now
        auto& w = waiting_for_release;
        w.erase(std::remove(w.begin(), w.end(), id), w.end());
        if (w.empty() && info_call) cancel(*info_call);
      }
    }

    void cancel_all() {
      std::vector<CallId> ids;
      for (const auto& kv : calls) ids.push_back(kv.first);
      for (CallId id : ids) cancel(id);
    }

    std::string too_large_message(std::size_t size) const {
      return detail::fmt(size ? "response body of {} bytes exceeds the limit of {} bytes "
                                "(maxResponseBytes)"
                              : "response body exceeds the limit of {1} bytes (maxResponseBytes)",
                         {std::to_string(size), std::to_string(opts.limits.max_bytes)});
    }

    static std::string fmt_ms(double ms) {
      return detail::fmt("{} ms", {std::to_string(static_cast<long long>(std::llround(ms)))});
    }
  };

  struct Walk {
    PageWalk walk;
    std::function<bool(Page<Service>&&)> on_page;
    Callback<Empty> on_done;
  };

  // A filter built by C++ code, for whatever release the server runs.
  static FilterFor for_any_release(ServiceFilter filter) {
    return [filter = std::move(filter)](Release server) -> Result<ServiceFilter> {
      ServiceFilter f = filter;
      f.server = server;
      return f;
    };
  }

  // The list request of the filter `filter_for` reads for a release.
  static BuildFor list_request(FilterFor filter_for) {
    return [filter_for = std::move(filter_for)](Release server) -> Result<HttpRequest> {
      auto f = filter_for(server);
      if (!f) return std::move(f).error();
      return requests::list_services(*f);
    };
  }

  template <class T, class Decoder>
  CallId typed_for_release(BuildFor build, Decoder decode, Callback<T> done) {
    return core_->start_for_release(
        std::move(build),
        [decode, limits = core_->opts.limits, done = std::move(done)](Result<HttpResponse> r) {
          if (!r) return done(std::move(r).error());
          done(decode(r->body, limits));
        });
  }

  template <class Check>
  CallId checked_text_for_release(BuildFor build, Check validate, Callback<std::string> done) {
    return core_->start_for_release(
        std::move(build),
        [validate, limits = core_->opts.limits, done = std::move(done)](Result<HttpResponse> r) {
          if (!r) return done(std::move(r).error());
          auto ok = validate(r->body, limits);
          if (!ok) return done(std::move(ok).error());
          done(std::move(r->body));
        });
  }

  // A create or update: `decode_written_service`, and a body too large to read after a 2xx is
  // write_accepted too (with `known_id`, the id an update was sent to).
  CallId written(Result<HttpRequest> req, std::string known_id, Callback<Service> done) {
    return core_->start_call(
        std::move(req),
        [known_id = std::move(known_id), limits = core_->opts.limits,
         done = std::move(done)](Result<HttpResponse> r) {
          if (!r) {
            Error e = std::move(r).error();
            const int status = e.status;
            return done(write_accepted(std::move(e), status, {}, known_id));
          }
          done(decode_written_service(r->body, r->status, known_id, limits));
        },
        {}, false);
  }

  // `written` for JS: the checked (normalised) text, or write_accepted.
  CallId written_text(Result<HttpRequest> req, TextCheck check, std::string known_id,
                      Callback<std::string> done) {
    return core_->start_call(
        std::move(req),
        [check, known_id = std::move(known_id), limits = core_->opts.limits,
         done = std::move(done)](Result<HttpResponse> r) {
          if (!r) {
            Error e = std::move(r).error();
            const int status = e.status;
            return done(write_accepted(std::move(e), status, {}, known_id, limits));
          }
          auto ok = check(r->body, limits);
          if (!ok)
            return done(
                write_accepted(std::move(ok).error(), r->status, r->body, known_id, limits));
          done(std::move(r->body));
        },
        {}, false);
  }

  // `decode(body, limits)`: every decoder runs with the client's limits.
  template <class T, class Decoder>
  CallId typed(Result<HttpRequest> req, Decoder decode, Callback<T> done) {
    return core_->start_call(
        std::move(req),
        [decode, limits = core_->opts.limits, done = std::move(done)](Result<HttpResponse> r) {
          if (!r) return done(std::move(r).error());
          done(decode(r->body, limits));
        },
        {}, false);
  }

  // `check(body, limits)` with the client's limits; the body itself is handed on.
  template <class Check>
  CallId checked_text(Result<HttpRequest> req, Check validate, Callback<std::string> done) {
    return core_->start_call(
        std::move(req),
        [validate, limits = core_->opts.limits, done = std::move(done)](Result<HttpResponse> r) {
          if (!r) return done(std::move(r).error());
          auto ok = validate(r->body, limits);
          if (!ok) return done(std::move(ok).error());
          done(std::move(r->body));
        },
        {}, false);
  }

  void walk_step(std::shared_ptr<Walk> w) {
    const ServiceFilter* filter = w->walk.next();
    if (!filter) return w->on_done(Empty{});
    list_services(*filter, [this, w](Result<Page<Service>> r) {
      if (!r) {
        if (w->walk.failed(r.error())) return w->on_done(Empty{});
        return w->on_done(std::move(r).error());
      }
      w->walk.arrived(r->index, r->total_pages);
      if (!w->on_page(std::move(r).value())) return w->on_done(Empty{});
      walk_step(w);
    });
  }

  std::shared_ptr<Core> core_;
};

}  // namespace zenml
