// zenml-services-wasm — the embind surface. Thin by design: argument plumbing and Promise
// settling only; every rule lives in include/zenml/ and is tested natively.
#include <emscripten.h>
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <malloc.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fetch_transport.hpp"
#include "hot_path.hpp"
#include "zenml/client.hpp"
#include "zenml/decode.hpp"
#include "zenml/filter.hpp"
#include "zenml/filter_schema.hpp"
#include "zenml/input.hpp"
#include "zenml/local_query.hpp"

using emscripten::val;

namespace {

using zenml::Error;
using zenml::Json;
using zenml::Result;

// Body checks of the raw calls, with the client's limits (createClient({ maxResponseBytes, maxDepth })).
// Pages and services go through hot_path.cpp: the same validators, compiled for speed, which
// also bring an older release's text to the normalised shape (in place) before JS parses it.
Result<zenml::Empty> check_page(std::string& body, const zenml::DecodeLimits& limits) {
  std::string err;
  if (zenml::wasm::hot::validate_page(body, limits.max_bytes, limits.max_depth, err)) return zenml::Empty{};
  return Error::bad_response(std::move(err));
}
Result<zenml::Empty> check_service(std::string& body, const zenml::DecodeLimits& limits) {
  std::string err;
  if (zenml::wasm::hot::validate_service(body, limits.max_bytes, limits.max_depth, err)) return zenml::Empty{};
  return Error::bad_response(std::move(err));
}
Result<zenml::Empty> check_named_entity(std::string& body, const zenml::DecodeLimits& limits) {
  return zenml::validate_named_entity(body, limits);
}
Result<zenml::Empty> check_server_info(std::string& body, const zenml::DecodeLimits& limits) {
  auto r = zenml::decode_server_info_with_limits(body, limits);
  if (!r) return std::move(r).error();
  return zenml::Empty{};
}
Result<zenml::Empty> check_delete(std::string& body, const zenml::DecodeLimits& limits) {
  return zenml::decode_delete_with_limits(body, limits);
}

// A call's Promise is made in JS; its resolve/reject stay in JS too (Module.zswCalls, by key),
// and C++ settles it by key with JSON text. (Holding resolve/reject as vals, as in docs/toolchain.md
// §3, settled through embind's generic val call path: more glue and more wasm.) A settled key
// leaves the table, so a second settle is a no-op. `key` receives the key; the handle is the
// object JS gets, { id, promise }.
EM_JS(emscripten::EM_VAL, zsw_call_new, (double* key), {
  var all = Module["zswCalls"] || (Module["zswCalls"] = new Map());
  var k = (Module["zswCallKey"] || 0) + 1;
  Module["zswCallKey"] = k;
  var call = { id: 0 };
  call.promise = new Promise(function(resolve, reject) { all.set(k, [resolve, reject]); });
  HEAPF64[key >> 3] = k;
  return Emval.toHandle(call);
});
EM_JS(void, zsw_call_id, (emscripten::EM_VAL call, double id), { Emval.toValue(call).id = id; });
// The text becomes a JS string in one TextDecoder call. embind's own std::string -> JS path
// (`val(std::string)`) mallocs a copy of the bytes, then walks every byte in JS twice (NUL
// search, then UTF8ToString's own scan) before decoding: on a 13 MB page that cost more than
// JSON.parse itself (bench/decode-core.mjs). The text is valid UTF-8 JSON here (validated, or
// produced by nlohmann with error_handler_t::replace), so the result is the same string.
EM_JS(void, zsw_settle, (double key, int ok, const char* p, std::size_t n), {
  var all = Module["zswCalls"];
  var settle = all.get(key);
  if (!settle) return;
  all.delete(key);
  settle[ok ? 0 : 1](UTF8Decoder.decode(HEAPU8.subarray(p, p + n)));  // -sTEXTDECODER=2: always there
});

// A JS number, or (when `text` is given) a JS string from UTF-8: the two other kinds of value
// the module hands back, made here rather than by embind's generic val(T) construction.
EM_JS(emscripten::EM_VAL, zsw_js_value, (double number, const char* text, std::size_t n), {
  return Emval.toHandle(text ? UTF8Decoder.decode(HEAPU8.subarray(text, text + n)) : number);
});
val js_number(double x) { return val::take_ownership(zsw_js_value(x, nullptr, 0)); }
val js_string(const std::string& s) { return val::take_ownership(zsw_js_value(0, s.c_str(), s.size())); }

Json error_json(const Error& e) {
  Json j = {{"code", std::string(zenml::to_string(e.code))},
            {"status", e.status},
            {"exceptionType", e.exception_type},
            {"message", e.message},
            {"body", e.raw_body}};
  if (e.retry_after_s) j["retryAfter"] = *e.retry_after_s;
  if (e.reason != zenml::ErrorReason::none) j["reason"] = std::string(zenml::to_string(e.reason));
  if (!e.id.empty()) j["id"] = e.id;
  return j;
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

template <class T>
std::string wrap(Result<T> r) {  // pure helpers answer {"value": …} or {"error": …}
  if (!r) return dump(Json{{"error", error_json(r.error())}});
  return dump(Json{{"value", std::move(r).value()}});
}

// Caller objects are read with their key order kept (zenml::Json keeps it): a config must reach
// the server as written, since ZenML compares configs by their serialisation.
Result<Json> parse_arg(const std::string& text, const char* what) {
  auto j = zenml::parse_json_text<Json>(text);  // the parser every reader uses: one copy linked
  if (!j) return Error::invalid_argument(std::string(what) + ": not valid JSON");
  return j;
}

Result<zenml::ServiceFilter> filter_arg(const std::string& opts) {
  auto j = parse_arg(opts, "options");
  if (!j) return std::move(j).error();
  return zenml::ServiceFilter::from_json(*j);
}

/// A create or update: an answer of a 2xx that fails its check is `write_accepted` (with the id
/// an update was sent to, for when the answer does not say).
struct Written {
  bool write;
  std::string known_id;
};

/// A pending call: `call` is what JS gets ({ id, promise }), `key` settles its promise.
struct Deferred {
  double key = 0;
  val call = val::take_ownership(zsw_call_new(&key));
};

void resolve(double key, const std::string& text) { zsw_settle(key, 1, text.data(), text.size()); }
void reject(double key, const Error& e) {
  const std::string text = dump(error_json(e));
  zsw_settle(key, 0, text.data(), text.size());
}

class WasmClient {
 public:
  /// "" when configured, else the error as JSON.
  std::string configure(const std::string& options_json) {
    auto j = parse_arg(options_json, "createClient");
    if (!j) return dump(error_json(j.error()));
    auto cfg = zenml::client_config_from_json(*j);
    if (!cfg) return dump(error_json(cfg.error()));
    zenml::ClientOptions o;
    o.base_url = cfg->base_url;
    if (cfg->timeout_ms) o.timeout_ms = *cfg->timeout_ms;
    if (cfg->retries) o.max_retries = *cfg->retries;
    o.with_credentials = cfg->with_credentials;
    if (cfg->max_response_bytes) o.limits.max_bytes = *cfg->max_response_bytes;
    if (cfg->max_depth) o.limits.max_depth = *cfg->max_depth;
    auto c = zenml::Client::create(std::make_shared<zenml::wasm::EmscriptenFetchTransport>(), o);
    if (!c) return dump(error_json(c.error()));
    client_ = std::move(c).value();
    if (!cfg->token.empty()) client_->set_token(cfg->token, cfg->csrf_token);
    return "";
  }

  val login(const std::string& creds_json) {
    return start<zenml::TokenResponse>([&](auto cb) -> zenml::Client::CallId {
      auto j = parse_arg(creds_json, "login");
      zenml::Credentials c;
      if (j && j->is_object()) {
        auto user = j->find("username"), pw = j->find("password"), key = j->find("apiKey");
        const bool has_key = key != j->end(), has_user = user != j->end();
        if (has_key && !has_user && pw == j->end() && key->is_string()) {
          c = zenml::Credentials::api_key(key->get<std::string>());
        } else if (has_user && !has_key && user->is_string() &&
                   (pw == j->end() || pw->is_string())) {
          c = zenml::Credentials::password(user->get<std::string>(),
                                           pw == j->end() ? "" : pw->get<std::string>());
        }
      }
      return client_->login(std::move(c), std::move(cb));
    }, [](const zenml::TokenResponse& t) {
      Json j = {{"access_token", t.access_token}, {"token_type", t.token_type}};
      j["expires_in"] = t.expires_in ? Json(*t.expires_in) : Json(nullptr);
      j["csrf_token"] = t.csrf_token ? Json(*t.csrf_token) : Json(nullptr);
      return dump(j);
    });
  }

  void logout() { if (client_) client_->logout(); }
  std::string token() const { return client_ ? client_->token() : std::string(); }
  std::string csrf_token() const { return client_ ? client_->csrf_token() : std::string(); }
  /// "" when set, else the error as JSON (the token is kept unchanged).
  std::string set_token(const std::string& token, const std::string& csrf) {
    auto t = zenml::normalize_token(token, "token");
    if (!t) return dump(error_json(t.error()));
    auto c = zenml::normalize_token(csrf, "csrfToken");
    if (!c) return dump(error_json(c.error()));
    if (client_) client_->set_token(std::move(t).value(), std::move(c).value());
    return "";
  }

  val current_user() {
    return start_raw([&](auto cb) { return client_->send(zenml::requests::current_user(), std::move(cb)); },
                     &check_named_entity);
  }

  val get_project(const std::string& name_or_id) {
    return start_raw([&](auto cb) { return client_->send(zenml::requests::project(name_or_id), std::move(cb)); },
                     &check_named_entity);
  }

  val server_info() {
    return start_raw([&](auto cb) { return client_->send(zenml::requests::server_info(), std::move(cb)); },
                     &check_server_info);
  }

  // What Client::list_services_json does, with the page validated by hot_path.cpp.
  val list_services(const std::string& opts) {
    return start_raw([&](auto cb) {
      auto f = filter_arg(opts);
      if (!f) return client_->send(std::move(f).error(), std::move(cb));
      return client_->send(zenml::requests::list_services(*f), std::move(cb));
    }, &check_page);
  }

  val get_service(const std::string& id, bool hydrate) {
    return start_raw([&](auto cb) { return client_->send(zenml::requests::get_service(id, hydrate), std::move(cb)); },
                     &check_service);
  }

  val create_service(const std::string& req_json, const std::string& project, bool has_project) {
    return start_raw([&](auto cb) {
      auto j = parse_arg(req_json, "createService");
      Result<zenml::ServiceRequest> req = j ? zenml::service_request_from_json(*j) : Result<zenml::ServiceRequest>(std::move(j).error());
      if (!req) return client_->send(std::move(req).error(), std::move(cb));
      std::optional<std::string> p;
      if (has_project) p = project;
      return client_->send(zenml::requests::create_service(*req, p), std::move(cb));
    }, &check_service, Written{true, ""});
  }

  val update_service(const std::string& id, const std::string& update_json) {
    return start_raw([&](auto cb) {
      auto j = parse_arg(update_json, "updateService");
      Result<zenml::ServiceUpdate> u = j ? zenml::service_update_from_json(*j) : Result<zenml::ServiceUpdate>(std::move(j).error());
      if (!u) return client_->send(std::move(u).error(), std::move(cb));
      return client_->send(zenml::requests::update_service(id, *u), std::move(cb));
    }, &check_service, Written{true, id});
  }

  val clear_service_fields(const std::string& id, const std::string& fields_json) {
    return start_raw([&](auto cb) {
      auto j = parse_arg(fields_json, "clearServiceFields");
      Result<zenml::ServiceUpdate> u = j ? zenml::service_clear_from_json(*j) : Result<zenml::ServiceUpdate>(std::move(j).error());
      if (!u) return client_->send(std::move(u).error(), std::move(cb));
      return client_->send(zenml::requests::update_service(id, *u), std::move(cb));
    }, &check_service, Written{true, id});
  }

  val delete_service(const std::string& id) {
    return start_raw([&](auto cb) { return client_->send(zenml::requests::delete_service(id), std::move(cb)); },
                     &check_delete);
  }

  void cancel(double id) { if (client_) client_->cancel(static_cast<zenml::Client::CallId>(id)); }
  double pending() const { return client_ ? static_cast<double>(client_->pending()) : 0; }

 private:
  using Check = Result<zenml::Empty> (*)(std::string&, const zenml::DecodeLimits&);

  // Starts a typed call; `to_text` turns the value into the JSON text handed to JS.
  template <class T, class Start, class ToText>
  val start(Start&& begin, ToText to_text) {
    Deferred d;
    auto settle = [key = d.key, to_text](Result<T> r) {
      if (r) resolve(key, to_text(std::move(r).value()));
      else reject(key, r.error());
    };
    return to_js(d, client_ ? begin(zenml::Client::Callback<T>(std::move(settle))) : 0);
  }

  // A raw call whose body is checked by `check` and then handed to JS as text. `begin(done)`
  // sends it; the callback is built outside the template, so that every raw call shares one
  // std::function type instead of instantiating its own.
  template <class Start>
  val start_raw(Start&& begin, Check check, Written written = Written{false, ""}) {
    Deferred d;
    return to_js(d, client_ ? begin(raw_done(d, check, std::move(written))) : 0);
  }

  zenml::Client::Callback<zenml::HttpResponse> raw_done(const Deferred& d, Check check, Written written) const {
    return [key = d.key, check, written = std::move(written), limits = client_->options().limits](
               Result<zenml::HttpResponse> r) {
      if (r) {
        auto ok = check(r->body, limits);
        if (ok) {
          resolve(key, r->body);
          return;
        }
        if (written.write) {
          reject(key, zenml::write_accepted(std::move(ok).error(), r->status, r->body, written.known_id, limits));
          return;
        }
        r = std::move(ok).error();
      } else if (written.write) {
        Error e = std::move(r).error();
        const int status = e.status;
        reject(key, zenml::write_accepted(std::move(e), status, {}, written.known_id, limits));
        return;
      }
      reject(key, r.error());
    };
  }

  // { id, promise } for JS; without a configured client the call was not started (id 0).
  val to_js(Deferred& d, zenml::Client::CallId id) const {
    if (!client_) reject(d.key, Error::invalid_argument("client is not configured"));
    zsw_call_id(d.call.as_handle(), static_cast<double>(id));
    return std::move(d.call);
  }

  std::unique_ptr<zenml::Client> client_;
};

// ---- clients: JS holds a small integer handle ----
// A handle instead of embind's class_<WasmClient>: class_ drags in embind's whole JS object model
// (ClassHandle, RegisteredPointer, up/down-casts, deleteLater) for one class that JS only ever
// creates, calls and deletes: ~3 kB gzip of glue. A handle that is not (or no longer) live
// answers like a client that was never configured.

std::vector<std::unique_ptr<WasmClient>>& clients() {
  static std::vector<std::unique_ptr<WasmClient>> all;  // handle h is all[h - 1]
  return all;
}

WasmClient& client(int h) {
  static WasmClient closed;  // never configured: calls reject with "client is not configured"
  auto& all = clients();
  if (h < 1 || static_cast<std::size_t>(h) > all.size() || !all[static_cast<std::size_t>(h) - 1]) return closed;
  return *all[static_cast<std::size_t>(h) - 1];
}

/// A configured client's handle (a number), or the error as JSON text (a string).
val new_client(const std::string& options_json) {
  auto c = std::make_unique<WasmClient>();
  std::string err = c->configure(options_json);
  if (!err.empty()) return js_string(err);
  auto& all = clients();
  std::size_t i = 0;
  while (i < all.size() && all[i]) ++i;
  if (i == all.size()) all.emplace_back();
  all[i] = std::move(c);
  return js_number(static_cast<double>(i + 1));
}

/// Aborts the client's pending calls and frees it; the handle is dead afterwards.
void close_client(int h) {
  auto& all = clients();
  if (h >= 1 && static_cast<std::size_t>(h) <= all.size()) {
    auto doomed = std::move(all[static_cast<std::size_t>(h) - 1]);  // the slot is free before the destructor runs
  }
}

// `On<&WasmClient::f>::call(h, args...)` calls `f` on the client behind handle h.
template <auto M>
struct On;
template <class R, class... A, R (WasmClient::*M)(A...)>
struct On<M> {
  static R call(int h, A... a) { return (client(h).*M)(a...); }
};
template <class R, class... A, R (WasmClient::*M)(A...) const>
struct On<M> {
  static R call(int h, A... a) { return (client(h).*M)(a...); }
};

// ---- pure helpers (no network) ----

std::string validate_filter(const std::string& opts) {
  auto f = filter_arg(opts);
  if (!f) return wrap(Result<Json>(std::move(f).error()));
  auto q = f->to_query_params();
  if (!q) return wrap(Result<Json>(std::move(q).error()));
  return wrap(Result<Json>(Json(nullptr)));
}

std::string to_query(const std::string& opts) {
  auto f = filter_arg(opts);
  if (!f) return wrap(Result<Json>(std::move(f).error()));
  auto q = f->to_query_params();
  if (!q) return wrap(Result<Json>(std::move(q).error()));
  return wrap(Result<Json>(Json(zenml::encode_query(*q))));
}

std::string from_query(const std::string& query) {
  auto f = zenml::ServiceFilter::parse_query(query);
  if (!f) return wrap(Result<Json>(std::move(f).error()));
  return wrap(Result<Json>(f->to_json<Json>()));
}

std::string match_services(const std::string& services_json, const std::string& opts) {
  auto f = filter_arg(opts);
  if (!f) return wrap(Result<Json>(std::move(f).error()));
  auto services = zenml::decode_service_list(services_json);
  if (!services) return wrap(Result<Json>(std::move(services).error()));
  auto page = zenml::local_query_indices(*services, *f);
  if (!page) return wrap(Result<Json>(std::move(page).error()));
  // keys in byte order: the page object JS builds from this has always listed them so
  return wrap(Result<Json>(Json{{"index", page->index}, {"items", page->items}, {"max_size", page->max_size},
                                {"total", page->total}, {"total_pages", page->total_pages}}));
}

// The filter tables as data (filterSchema()): for `server_version`, or the newest known when "".
std::string filter_schema(const std::string& server_version) {
  zenml::Release r = zenml::kNewestKnownRelease;
  if (!server_version.empty()) {
    auto v = zenml::release_arg(server_version, "filterSchema: serverVersion");
    if (!v) return wrap(Result<Json>(std::move(v).error()));
    r = *v;
  }
  return "{\"value\":" + zenml::filter_schema_json(r) + "}";  // JSON text already
}

val next_page(double index, double total_pages) {
  auto n = zenml::next_page(static_cast<std::int64_t>(index), static_cast<std::int64_t>(total_pages));
  return n ? js_number(static_cast<double>(*n)) : val::null();
}

std::string version() { return ZSW_VERSION; }  // package.json, through CMake
// Bytes malloc'd and not yet freed (diagnostics: bench/memory.mjs checks it returns to baseline).
double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }
double live_fetches() { return static_cast<double>(zenml::wasm::EmscriptenFetchTransport::live_requests()); }

}  // namespace

EMSCRIPTEN_BINDINGS(zenml_services) {
  using namespace emscripten;
  function("newClient", &new_client);
  function("closeClient", &close_client);
  function("login", &On<&WasmClient::login>::call);
  function("logout", &On<&WasmClient::logout>::call);
  function("token", &On<&WasmClient::token>::call);
  function("setToken", &On<&WasmClient::set_token>::call);
  function("csrfToken", &On<&WasmClient::csrf_token>::call);
  function("currentUser", &On<&WasmClient::current_user>::call);
  function("getProject", &On<&WasmClient::get_project>::call);
  function("serverInfo", &On<&WasmClient::server_info>::call);
  function("listServices", &On<&WasmClient::list_services>::call);
  function("getService", &On<&WasmClient::get_service>::call);
  function("createService", &On<&WasmClient::create_service>::call);
  function("updateService", &On<&WasmClient::update_service>::call);
  function("clearServiceFields", &On<&WasmClient::clear_service_fields>::call);
  function("deleteService", &On<&WasmClient::delete_service>::call);
  function("cancel", &On<&WasmClient::cancel>::call);
  function("pending", &On<&WasmClient::pending>::call);
  function("validateFilter", &validate_filter);
  function("toQuery", &to_query);
  function("fromQuery", &from_query);
  function("matchServices", &match_services);
  function("filterSchema", &filter_schema);
  function("nextPage", &next_page);
  function("version", &version);
  function("liveFetches", &live_fetches);
  function("heapInUse", &heap_in_use);
}
