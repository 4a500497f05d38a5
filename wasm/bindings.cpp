// zenml-services-wasm — the embind surface. Thin by design: argument plumbing and Promise
// settling only; every rule lives in include/zenml/ and is tested natively.
#include <emscripten.h>
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <malloc.h>

#include <map>
#include <memory>
#include <optional>
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
#include "zenml/local_where.hpp"

using emscripten::val;

namespace {

using zenml::Error;
using zenml::Json;
using zenml::Result;

// The client's checks of response bodies, for the calls whose text goes to JSON.parse: the
// validators of hot_path.cpp, compiled for speed, in the shape Client::*_json take (they also
// bring an older release's text to the normalised shape, in place).
Result<zenml::PageInfo> hot_page(std::string& body, const zenml::DecodeLimits& limits) {
  std::string err;
  zenml::PageInfo info;
  if (zenml::wasm::hot::validate_page(body, limits.max_bytes, limits.max_depth, err, info.index,
                                      info.total_pages)) {
    return info;
  }
  return Error::bad_response(std::move(err));
}
Result<zenml::Empty> hot_service(std::string& body, const zenml::DecodeLimits& limits) {
  std::string err;
  if (zenml::wasm::hot::validate_service(body, limits.max_bytes, limits.max_depth, err))
    return zenml::Empty{};
  return Error::bad_response(std::move(err));
}

// A call's Promise is made in JS; its resolve/reject stay in JS too (Module.zswCalls, by key),
// and C++ settles it by key with JSON text. (Holding resolve/reject as vals, as in
// docs/toolchain.md §3, settled through embind's generic val call path: more glue and more wasm.) A
// settled key leaves the table, so a second settle is a no-op. `key` receives the key; the handle
// is the object JS gets, { id, promise }. JavaScript inside: clang-format would break it.
// clang-format off
EM_JS(emscripten::EM_VAL, zsw_call_new, (double* key), {
  var all = Module["zswCalls"] || (Module["zswCalls"] = new Map());
  var k = (Module["zswCallKey"] || 0) + 1;
  Module["zswCallKey"] = k;
  var call = { id: 0 };
  call.promise = new Promise(function(resolve, reject) { all.set(k, [resolve, reject]); });
  HEAPF64[key >> 3] = k;
  return Emval.toHandle(call);
});
// clang-format on
// JavaScript inside: clang-format would break it.
// clang-format off
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
// clang-format on

// A JS number, or (when `text` is given) a JS string from UTF-8: the two other kinds of value
// the module hands back, made here rather than by embind's generic val(T) construction.
// JavaScript inside: clang-format would break it.
// clang-format off
EM_JS(emscripten::EM_VAL, zsw_js_value, (double number, const char* text, std::size_t n), {
  return Emval.toHandle(text ? UTF8Decoder.decode(HEAPU8.subarray(text, text + n)) : number);
});
// clang-format on
val js_number(double x) {
  return val::take_ownership(zsw_js_value(x, nullptr, 0));
}
val js_string(const std::string& s) {
  return val::take_ownership(zsw_js_value(0, s.c_str(), s.size()));
}

// Keys set one by one (insertion order is kept): an initializer list of pairs builds each pair
// as a JSON array first, and that code is several times larger.
Json error_json(const Error& e) {
  Json j;
  j["code"] = std::string(zenml::to_string(e.code));
  j["status"] = e.status;
  j["exceptionType"] = e.exception_type;
  j["message"] = e.message;
  j["body"] = e.raw_body;
  if (e.retry_after_s) j["retryAfter"] = *e.retry_after_s;
  if (e.reason != zenml::ErrorReason::none) j["reason"] = std::string(zenml::to_string(e.reason));
  if (e.max_page) j["maxPage"] = *e.max_page;
  if (e.reason == zenml::ErrorReason::write_accepted) j["id"] = e.id;
  return j;
}

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string error_text(const Error& e) {  // one function: each call site only passes the error
  return dump(error_json(e));
}

// Pure helpers answer {"value": …} or {"error": …}: one function each, so that no call site
// builds a Result or a JSON object of its own.
std::string fail(const Error& e) {
  return "{\"error\":" + error_text(e) + "}";
}
std::string answer(const Json& value) {
  return "{\"value\":" + dump(value) + "}";
}

// Caller objects are read with their key order kept (zenml::Json keeps it): a config must reach
// the server as written, since ZenML compares configs by their serialisation.
Result<Json> parse_arg(const std::string& text, const char* what) {
  auto j = zenml::parse_json_text<Json>(text);  // the parser every reader uses: one copy linked
  if (!j) return Error::invalid_argument(std::string(what) + ": not valid JSON");
  return j;
}

// The release a pure function follows: its `{ serverVersion? }` argument ("null": the newest
// known), read as filterSchema() reads its options.
Result<zenml::Release> release_of(const std::string& release_json) {
  auto j = parse_arg(release_json, "options");
  if (!j) return std::move(j).error();
  return zenml::schema_options_from_json(*j);
}

// The list options of a pure function, read with the rules of the release it follows.
Result<zenml::ServiceFilter> filter_on(const std::string& opts, const std::string& release_json) {
  auto r = release_of(release_json);
  if (!r) return std::move(r).error();
  auto j = parse_arg(opts, "options");
  if (!j) return std::move(j).error();
  return zenml::ServiceFilter::from_json(*j, zenml::kPageSizeMaximum, *r);
}

/// A pending call: `call` is what JS gets ({ id, promise }), `key` settles its promise.
struct Deferred {
  double key = 0;
  val call = val::take_ownership(zsw_call_new(&key));
};

void resolve(double key, const std::string& text) {
  zsw_settle(key, 1, text.data(), text.size());
}
void reject(double key, const Error& e) {
  const std::string text = error_text(e);
  zsw_settle(key, 0, text.data(), text.size());
}

// What each kind of result hands to JS: JSON text.
std::string text_of(std::string&& body) {
  return std::move(body);
}
std::string text_of(std::optional<std::string>&& page) {
  return page ? std::move(*page) : std::string("null");
}
std::string text_of(zenml::TokenResponse&& t) {
  Json j;
  j["access_token"] = t.access_token;
  j["token_type"] = t.token_type;
  j["expires_in"] = t.expires_in ? Json(*t.expires_in) : Json(nullptr);
  j["csrf_token"] = t.csrf_token ? Json(*t.csrf_token) : Json(nullptr);
  return dump(j);
}

/// The callback that settles a call's promise with the result as text.
template <class T>
zenml::Client::Callback<T> settler(double key) {
  return [key](Result<T> r) {
    if (r)
      resolve(key, text_of(std::move(r).value()));
    else
      reject(key, r.error());
  };
}

// A call's arguments, as api.js sends them: one JSON array in the method's parameter order.
// Each is read by input.hpp (or ServiceFilter::from_json), which names it in its messages.
Result<Json> args_of(const std::string& text) {
  auto j = zenml::parse_json_text<Json>(text);
  // JSON.stringify wrote it, so only a string with half a surrogate pair ("\ud800") fails here
  if (!j) return Error::invalid_argument("arguments: a string holds an unpaired UTF-16 surrogate");
  if (!j->is_array()) return Error::invalid_argument("arguments: expected an array");
  return j;
}
const Json& arg(const Json& args, std::size_t i) {
  static const Json absent;  // null
  return i < args.size() ? args[i] : absent;
}
Result<std::string> id_arg(const Json& args, std::size_t i, const char* name) {
  return zenml::reader::string(arg(args, i), name);
}

using CallId = zenml::Client::CallId;
using Done = zenml::Client::Callback<std::string>;

// One starter per call: reads the call's arguments with input.hpp (the options object last)
// and starts the client's own entry point, or answers the arguments' error. Plain functions, so
// that the code which settles a promise exists once per result type, not once per call.
template <class T>
using Starter = Result<CallId> (*)(zenml::Client&, const Json& args,
                                   zenml::Client::Callback<T>&& done);

std::optional<Error> no_options(const Json& options) {
  auto o = zenml::call_options_from_json(options, {});
  if (!o) return std::move(o).error();
  return std::nullopt;
}

// login answers its token as JSON text, like every other call: one settling path (Done) for all.
Result<CallId> start_login(zenml::Client& c, const Json& a, Done&& done) {
  auto creds = zenml::credentials_from_json(arg(a, 0));
  if (!creds) return std::move(creds).error();
  if (auto e = no_options(arg(a, 1))) return std::move(*e);
  return c.login(std::move(creds).value(),
                 [done = std::move(done)](Result<zenml::TokenResponse> r) {
                   if (r)
                     done(text_of(std::move(r).value()));
                   else
                     done(std::move(r).error());
                 });
}
Result<CallId> start_current_user(zenml::Client& c, const Json& a, Done&& done) {
  if (auto e = no_options(arg(a, 0))) return std::move(*e);
  return c.current_user_json(std::move(done));
}
Result<CallId> start_get_project(zenml::Client& c, const Json& a, Done&& done) {
  auto name = id_arg(a, 0, "nameOrId");
  if (!name) return std::move(name).error();
  if (auto e = no_options(arg(a, 1))) return std::move(*e);
  return c.project_json(*name, std::move(done));
}
Result<CallId> start_list_projects(zenml::Client& c, const Json& a, Done&& done) {
  auto o = zenml::project_list_options_from_json(arg(a, 0));
  if (!o) return std::move(o).error();
  return c.list_projects_json(o->page, o->size, std::move(done));
}
Result<CallId> start_server_info(zenml::Client& c, const Json& a, Done&& done) {
  if (auto e = no_options(arg(a, 0))) return std::move(*e);
  return c.server_info_json(std::move(done));
}
// The list options, read (and validated) for the server's release once the client knows it.
zenml::FilterFor filter_for(Json options) {
  return [options = std::move(options)](zenml::Release server) {
    return zenml::ServiceFilter::from_json(options, zenml::kPageSizeMaximum, server);
  };
}
Result<CallId> start_list_services(zenml::Client& c, const Json& a, Done&& done) {
  return c.list_services_json(filter_for(arg(a, 0)), std::move(done), &hot_page);
}
Result<CallId> start_get_service(zenml::Client& c, const Json& a, Done&& done) {
  auto id = id_arg(a, 0, "id");
  if (!id) return std::move(id).error();
  auto o = zenml::call_options_from_json(arg(a, 1), {"hydrate"});
  if (!o) return std::move(o).error();
  return c.get_service_json(*id, o->hydrate, std::move(done), &hot_service);
}
Result<CallId> start_create_service(zenml::Client& c, const Json& a, Done&& done) {
  auto req = zenml::service_request_from_json(arg(a, 0));
  if (!req) return std::move(req).error();
  auto o = zenml::call_options_from_json(arg(a, 1), {"project"});
  if (!o) return std::move(o).error();
  return c.create_service_json(*req, o->project, std::move(done), &hot_service);
}
// update and clear: the same PUT, from an update object or from the names of the fields to clear
template <Result<zenml::ServiceUpdate> (*Read)(const Json&)>
Result<CallId> start_update(zenml::Client& c, const Json& a, Done&& done) {
  auto id = id_arg(a, 0, "id");
  if (!id) return std::move(id).error();
  auto u = Read(arg(a, 1));
  if (!u) return std::move(u).error();
  if (auto e = no_options(arg(a, 2))) return std::move(*e);
  return c.update_service_json(*id, *u, std::move(done), &hot_service);
}
Result<CallId> start_delete_service(zenml::Client& c, const Json& a, Done&& done) {
  auto id = id_arg(a, 0, "id");
  if (!id) return std::move(id).error();
  if (auto e = no_options(arg(a, 1))) return std::move(*e);
  return c.delete_service_json(*id, std::move(done));
}

class WasmClient {
 public:
  /// "" when configured, else the error as JSON.
  std::string configure(const std::string& options_json) {
    auto j = parse_arg(options_json, "createClient");
    if (!j) return error_text(j.error());
    auto cfg = zenml::client_config_from_json(*j);
    if (!cfg) return error_text(cfg.error());
    auto c = zenml::Client::create(std::make_shared<zenml::wasm::EmscriptenFetchTransport>(),
                                   cfg->options);
    if (!c) return error_text(c.error());
    client_ = std::move(c).value();
    if (!cfg->token.empty()) client_->set_token(cfg->token, cfg->csrf_token);
    return "";
  }

  // Every call below takes its arguments as JSON text (see args_of) and answers { id, promise }.
  val login(const std::string& args) { return call(args, &start_login); }
  val current_user(const std::string& args) { return call(args, &start_current_user); }
  val get_project(const std::string& args) { return call(args, &start_get_project); }
  val list_projects(const std::string& args) { return call(args, &start_list_projects); }
  val server_info(const std::string& args) { return call(args, &start_server_info); }
  val list_services(const std::string& args) { return call(args, &start_list_services); }
  val get_service(const std::string& args) { return call(args, &start_get_service); }
  val create_service(const std::string& args) { return call(args, &start_create_service); }
  val update_service(const std::string& args) {
    return call(args, &start_update<&zenml::service_update_from_json>);
  }
  val clear_service_fields(const std::string& args) {
    return call(args, &start_update<&zenml::service_clear_from_json>);
  }
  val delete_service(const std::string& args) { return call(args, &start_delete_service); }

  void logout() {
    if (client_) client_->logout();
  }
  std::string token() const { return client_ ? client_->token() : std::string(); }
  std::string csrf_token() const { return client_ ? client_->csrf_token() : std::string(); }
  /// The server's version ("" until the client knows it).
  std::string server_version() const { return client_ ? client_->server_version() : std::string(); }
  /// [token, csrfToken] -> "" when set, else the error as JSON (the token is kept unchanged).
  std::string set_token(const std::string& args) {
    auto a = args_of(args);
    if (!a) return error_text(a.error());
    auto token = id_arg(*a, 0, "token");
    if (!token) return error_text(token.error());
    auto csrf =
        arg(*a, 1).is_null() ? Result<std::string>(std::string()) : id_arg(*a, 1, "csrfToken");
    if (!csrf) return error_text(csrf.error());
    auto t = zenml::normalize_token(*token, "token");
    if (!t) return error_text(t.error());
    auto c = zenml::normalize_token(*csrf, "csrfToken");
    if (!c) return error_text(c.error());
    if (client_) client_->set_token(std::move(t).value(), std::move(c).value());
    return "";
  }

  // ---- walks over every page (pages() / services()): the client's PageWalk decides when to stop
  // ----

  /// [options] -> the walk's handle (a number), or the error as JSON text (a string). The
  /// options are read for the server's release at the first fetch.
  val walk_start(const std::string& args) {
    if (!client_) return js_string(error_text(Error::invalid_argument("client is not configured")));
    auto a = args_of(args);
    if (!a) return js_string(error_text(a.error()));
    walks_[++last_walk_] = std::make_shared<zenml::PageWalk>(filter_for(arg(*a, 0)));
    return js_number(last_walk_);
  }
  /// The walk's next page as text, or "null" when it vanished (which ends the walk).
  val walk_next(double walk) {
    Deferred d;
    auto it = walks_.find(walk);
    CallId id = 0;
    if (!client_ || it == walks_.end())
      reject(d.key, Error::invalid_argument("the walk was ended"));
    else
      id = client_->next_page_json(it->second, settler<std::optional<std::string>>(d.key),
                                   &hot_page);
    zsw_call_id(d.call.as_handle(), static_cast<double>(id));
    return std::move(d.call);
  }
  /// Whether the walk is over: after its last page (the client's PageWalk decides).
  bool walk_done(double walk) const {
    auto it = walks_.find(walk);
    return it != walks_.end() && it->second->done();
  }
  void walk_end(double walk) { walks_.erase(walk); }

  void cancel(double id) {
    if (client_) client_->cancel(static_cast<CallId>(id));
  }
  double pending() const { return client_ ? static_cast<double>(client_->pending()) : 0; }

 private:
  // Reads the arguments and starts the client's call with `start`, which answers the call's id
  // or the arguments' error. The promise settles with the result's text; errors before
  // the call started reject it at once, with id 0.
  template <class T>
  val call(const std::string& args, Starter<T> start) {
    Deferred d;
    CallId id = 0;
    auto a = args_of(args);
    if (!client_) {
      reject(d.key, Error::invalid_argument("client is not configured"));
    } else if (!a) {
      reject(d.key, a.error());
    } else {
      Result<CallId> started = start(*client_, *a, settler<T>(d.key));
      if (started)
        id = *started;
      else
        reject(d.key, started.error());
    }
    zsw_call_id(d.call.as_handle(), static_cast<double>(id));
    return std::move(d.call);
  }

  std::unique_ptr<zenml::Client> client_;
  std::map<double, std::shared_ptr<zenml::PageWalk>> walks_;
  double last_walk_ = 0;
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
  if (h < 1 || static_cast<std::size_t>(h) > all.size() || !all[static_cast<std::size_t>(h) - 1])
    return closed;
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
    auto doomed = std::move(
        all[static_cast<std::size_t>(h) - 1]);  // the slot is free before the destructor runs
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

std::string validate_filter(const std::string& opts, const std::string& release_json) {
  auto f = filter_on(opts, release_json);
  if (!f) return fail(f.error());
  auto q = f->to_query_params();
  if (!q) return fail(q.error());
  return answer(Json(nullptr));
}

std::string to_query(const std::string& opts, const std::string& release_json) {
  auto f = filter_on(opts, release_json);
  if (!f) return fail(f.error());
  auto q = f->to_query_params();
  if (!q) return fail(q.error());
  return answer(Json(zenml::encode_query(*q)));
}

// The query arrives as a JSON string.
std::string from_query(const std::string& query_json, const std::string& release_json) {
  auto j = parse_arg(query_json, "query");
  if (!j) return fail(j.error());
  auto query = zenml::reader::string(*j, "query");
  if (!query) return fail(query.error());
  auto r = release_of(release_json);
  if (!r) return fail(r.error());
  auto f = zenml::ServiceFilter::parse_query(*query, zenml::kPageSizeMaximum, *r);
  if (!f) return fail(f.error());
  return answer(f->to_json<Json>());
}

std::string match_services(const std::string& services_json, const std::string& opts,
                           const std::string& release_json) {
  auto f = filter_on(opts, release_json);
  if (!f) return fail(f.error());
  auto services = zenml::decode_service_list(services_json);
  if (!services) return fail(services.error());
  auto page = zenml::local_query_indices(*services, *f);
  if (!page) return fail(page.error());
  // keys in byte order: the page object JS builds from this has always listed them so
  Json out;
  out["index"] = page->index;
  out["items"] = page->items;
  out["max_size"] = page->max_size;
  out["total"] = page->total;
  out["total_pages"] = page->total_pages;
  return answer(out);
}

// The local-only conditions (`where`) over services: an array of services, or a page object
// (services({ where }) hands each page's text as the server sent it). Answers the positions of
// the services that meet them, in order.
std::string match_where(const std::string& services_json, const std::string& where_json) {
  auto w = parse_arg(where_json, "where");
  if (!w) return fail(w.error());
  auto where = zenml::local_where_from_json(*w);
  if (!where) return fail(where.error());
  std::size_t first = 0;
  while (first < services_json.size() &&
         (services_json[first] == ' ' || services_json[first] == '\n' ||
          services_json[first] == '\t' || services_json[first] == '\r')) {
    ++first;
  }
  std::vector<zenml::Service> services;
  if (first < services_json.size() && services_json[first] == '{') {
    auto page = zenml::decode_page(services_json);
    if (!page) return fail(page.error());
    services = std::move(page->items);
  } else {
    auto list = zenml::decode_service_list(services_json);
    if (!list) return fail(list.error());
    services = std::move(*list);
  }
  return answer(Json(zenml::where_indices(services, *where)));
}

// The filter tables as data (filterSchema()), for the release its options name.
std::string filter_schema(const std::string& options_json) {
  auto r = release_of(options_json);
  if (!r) return fail(r.error());
  return "{\"value\":" + zenml::filter_schema_json(*r) + "}";  // JSON text already
}

std::string version() {
  return ZSW_VERSION;
}  // package.json, through CMake
// Bytes malloc'd and not yet freed (diagnostics: bench/memory.mjs checks it returns to baseline).
double heap_in_use() {
  return static_cast<double>(mallinfo().uordblks);
}
double live_fetches() {
  return static_cast<double>(zenml::wasm::EmscriptenFetchTransport::live_requests());
}

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
  function("serverVersion", &On<&WasmClient::server_version>::call);
  function("currentUser", &On<&WasmClient::current_user>::call);
  function("getProject", &On<&WasmClient::get_project>::call);
  function("listProjects", &On<&WasmClient::list_projects>::call);
  function("serverInfo", &On<&WasmClient::server_info>::call);
  function("listServices", &On<&WasmClient::list_services>::call);
  function("getService", &On<&WasmClient::get_service>::call);
  function("createService", &On<&WasmClient::create_service>::call);
  function("updateService", &On<&WasmClient::update_service>::call);
  function("clearServiceFields", &On<&WasmClient::clear_service_fields>::call);
  function("deleteService", &On<&WasmClient::delete_service>::call);
  function("walkStart", &On<&WasmClient::walk_start>::call);
  function("walkNext", &On<&WasmClient::walk_next>::call);
  function("walkDone", &On<&WasmClient::walk_done>::call);
  function("walkEnd", &On<&WasmClient::walk_end>::call);
  function("cancel", &On<&WasmClient::cancel>::call);
  function("pending", &On<&WasmClient::pending>::call);
  function("validateFilter", &validate_filter);
  function("toQuery", &to_query);
  function("fromQuery", &from_query);
  function("matchServices", &match_services);
  function("matchWhere", &match_where);
  function("filterSchema", &filter_schema);
  function("version", &version);
  function("liveFetches", &live_fetches);
  function("heapInUse", &heap_in_use);
}
