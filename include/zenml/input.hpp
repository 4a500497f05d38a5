// zenml-services-wasm — the caller's input given as JSON (the JS facade's arguments) -> models.
//
// One reader for every argument the JS API takes: service requests, updates and the fields to
// clear, login credentials, per-call options, createClient options (list options are read by
// `ServiceFilter::from_json`, with the same primitives). A problem here is the caller's:
// `invalid_argument`, worded by reader.hpp (path, expected type, "did you mean"). Unknown keys
// are refused: a typo such as `lables` would otherwise be dropped silently and an update would
// "succeed".
//
// Readers check shapes only: which keys, which JSON types. The rules on values (a name's length,
// known states, UUIDs, objects for `config`/`status`/`endpoint`, non-empty ids) are the
// encoder's and the request builders' (codec.hpp, request.hpp), which C++ callers go through
// as well, so each is stated once.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zenml/client.hpp"
#include "zenml/detail/concat.hpp"
#include "zenml/error.hpp"
#include "zenml/reader.hpp"
#include "zenml/result.hpp"
#include "zenml/service.hpp"
#include "zenml/transport.hpp"

namespace zenml {
namespace input_detail {

/// The optional string member `key` of object `o` into `out` (absent: unchanged).
inline std::optional<Error> get_string(const OrderedJson& o, std::string_view path,
                                       std::string_view key, std::optional<std::string>& out) {
  const OrderedJson* v = reader::find(o, key);
  if (!v) return std::nullopt;
  auto s = reader::string(*v, reader::at(path, key));
  if (!s) return std::move(s).error();
  out = std::move(s).value();
  return std::nullopt;
}

/// Any JSON value of member `key`; its rules are the encoder's (config, status, endpoint).
inline void get_value(const OrderedJson& o, std::string_view key, std::optional<OrderedJson>& out) {
  if (const OrderedJson* v = reader::find(o, key)) out = *v;
}

inline std::optional<Error> get_state(const OrderedJson& o, std::string_view path,
                                      std::string_view key, std::optional<ServiceState>& out) {
  std::optional<std::string> s;
  if (auto e = get_string(o, path, key, s)) return e;
  if (s) out = ServiceState{std::move(*s)};
  return std::nullopt;
}

inline std::optional<Error> get_labels(const OrderedJson& o, std::string_view path,
                                       std::optional<Labels>& out) {
  const OrderedJson* v = reader::find(o, "labels");
  if (!v) return std::nullopt;
  const std::string at = reader::at(path, "labels");
  if (!v->is_object()) return reader::wrong_type(at, "an object of strings", *v);
  Labels l;
  for (auto kv = v->begin(); kv != v->end(); ++kv) {
    auto s = reader::string(kv.value(), reader::at(at, kv.key()));
    if (!s) return std::move(s).error();
    l[kv.key()] = std::move(s).value();
  }
  out = std::move(l);
  return std::nullopt;
}

inline const std::vector<std::string_view>& service_request_keys() {
  static const std::vector<std::string_view> keys = {
      "project",        "name",           "service_type",     "config",
      "service_source", "admin_state",    "labels",           "status",
      "endpoint",       "prediction_url", "health_check_url", "model_version_id",
      "pipeline_run_id"};
  return keys;
}
inline const std::vector<std::string_view>& service_type_keys() {
  static const std::vector<std::string_view> keys = {"type", "flavor", "name", "description",
                                                     "logo_url"};
  return keys;
}
inline const std::vector<std::string_view>& service_update_keys() {
  static const std::vector<std::string_view> keys = {
      "name",           "admin_state",      "service_source", "status",          "endpoint",
      "prediction_url", "health_check_url", "labels",         "model_version_id"};
  return keys;
}
/// The fields `clearServiceFields` takes: the ones ZenML clears when sent `{}`.
inline const std::vector<std::string_view>& clearable_fields() {
  static const std::vector<std::string_view> keys = {"labels", "status", "endpoint"};
  return keys;
}
inline const std::vector<std::string_view>& credential_keys() {
  static const std::vector<std::string_view> keys = {"username", "password", "apiKey"};
  return keys;
}
inline const std::vector<std::string_view>& client_option_keys() {
  static const std::vector<std::string_view> keys = {
      "baseUrl",          "token",    "csrfToken",    "timeoutMs", "retries", "credentials",
      "maxResponseBytes", "maxDepth", "serverVersion"};
  return keys;
}

}  // namespace input_detail

/// @brief A `ServiceRequest` from a plain object with the REST API's field names.
inline Result<ServiceRequest> service_request_from_json(const OrderedJson& j) {
  using namespace input_detail;
  if (!j.is_object()) return reader::wrong_type("request", "an object", j);
  if (auto e = reader::check_keys(j, "", service_request_keys())) return std::move(*e);
  ServiceRequest r;
  std::optional<std::string> project, name;
  if (auto e = get_string(j, "", "project", project)) return std::move(*e);
  r.project = project.value_or("");
  if (auto e = get_string(j, "", "name", name)) return std::move(*e);
  if (!name) return reader::missing("name");
  r.name = std::move(*name);
  const OrderedJson* st = reader::find(j, "service_type");
  if (!st) return reader::missing("service_type", "{ type: 'model-serving', flavor: 'mlflow' }");
  if (!st->is_object()) return reader::wrong_type("service_type", "an object", *st);
  if (auto e = reader::check_keys(*st, "service_type", service_type_keys())) return std::move(*e);
  std::optional<std::string> t, f, n, d, l;
  if (auto e = get_string(*st, "service_type", "type", t)) return std::move(*e);
  if (auto e = get_string(*st, "service_type", "flavor", f)) return std::move(*e);
  if (auto e = get_string(*st, "service_type", "name", n)) return std::move(*e);
  if (auto e = get_string(*st, "service_type", "description", d)) return std::move(*e);
  if (auto e = get_string(*st, "service_type", "logo_url", l)) return std::move(*e);
  if (!t) return reader::missing("service_type.type");
  if (!f) return reader::missing("service_type.flavor");
  r.service_type = ServiceType{*t, *f, n.value_or(""), d.value_or(""), l.value_or("")};
  std::optional<OrderedJson> config;
  get_value(j, "config", config);
  r.config = config.value_or(OrderedJson::object());
  if (auto e = get_string(j, "", "service_source", r.service_source)) return std::move(*e);
  if (auto e = get_state(j, "", "admin_state", r.admin_state)) return std::move(*e);
  if (auto e = get_labels(j, "", r.labels)) return std::move(*e);
  get_value(j, "status", r.status);
  get_value(j, "endpoint", r.endpoint);
  if (auto e = get_string(j, "", "prediction_url", r.prediction_url)) return std::move(*e);
  if (auto e = get_string(j, "", "health_check_url", r.health_check_url)) return std::move(*e);
  if (auto e = get_string(j, "", "model_version_id", r.model_version_id)) return std::move(*e);
  if (auto e = get_string(j, "", "pipeline_run_id", r.pipeline_run_id)) return std::move(*e);
  return r;
}

/// @brief A `ServiceUpdate` from a plain object. `null` and `{}` are refused with a pointer to
/// `clearServiceFields`: on ZenML `null` changes nothing and `{}` clears, and neither should
/// happen by accident.
inline Result<ServiceUpdate> service_update_from_json(const OrderedJson& j) {
  using namespace input_detail;
  if (!j.is_object()) return reader::wrong_type("update", "an object", j);
  if (auto e = reader::check_keys(j, "", service_update_keys())) return std::move(*e);
  const auto& clearable = clearable_fields();
  for (auto kv = j.begin(); kv != j.end(); ++kv) {
    if (kv.value().is_null()) {
      return reader::problem(kv.key(),
                             "null would leave the field unchanged on ZenML; omit the key, or use "
                             "clearServiceFields() to clear labels, status or endpoint");
    }
    if (kv.value().is_object() && kv.value().empty() &&
        std::find(clearable.begin(), clearable.end(), kv.key()) != clearable.end()) {
      return reader::problem(kv.key(), detail::fmt("{} clears the field on ZenML; say so "
                                                   "explicitly with clearServiceFields(id, ['{}'])",
                                                   {"{}", kv.key()}));
    }
  }
  ServiceUpdate u;
  if (auto e = get_string(j, "", "name", u.name)) return std::move(*e);
  if (auto e = get_state(j, "", "admin_state", u.admin_state)) return std::move(*e);
  if (auto e = get_string(j, "", "service_source", u.service_source)) return std::move(*e);
  get_value(j, "status", u.status);
  get_value(j, "endpoint", u.endpoint);
  if (auto e = get_string(j, "", "prediction_url", u.prediction_url)) return std::move(*e);
  if (auto e = get_string(j, "", "health_check_url", u.health_check_url)) return std::move(*e);
  if (auto e = get_labels(j, "", u.labels)) return std::move(*e);
  if (auto e = get_string(j, "", "model_version_id", u.model_version_id)) return std::move(*e);
  if (u.empty()) return reader::problem("update", "nothing to update; pass at least one field");
  return u;
}

/// @brief The update that clears the named fields (`labels`, `status`, `endpoint`).
inline Result<ServiceUpdate> service_clear_from_json(const OrderedJson& fields) {
  const auto& clearable = input_detail::clearable_fields();
  if (!fields.is_array())
    return reader::wrong_type("fields", "an array such as ['labels', 'status']", fields);
  if (fields.empty())
    return reader::problem("fields", "is empty; name at least one of labels, status, endpoint");
  ServiceUpdate u;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string path = reader::at("fields", i);
    auto name = reader::string(fields[i], path, "a field name");
    if (!name) return std::move(name).error();
    if (*name == "labels")
      u.clear_labels();
    else if (*name == "status")
      u.clear_status();
    else if (*name == "endpoint")
      u.clear_endpoint();
    else
      return reader::unknown_key(path, *name, clearable,
                                 "field to clear (ZenML clears only these)");
  }
  return u;
}

/// @brief `login()`'s `{ username, password }` (the password may be absent: ZenML's default
/// user has none) or `{ apiKey }`.
inline Result<Credentials> credentials_from_json(const OrderedJson& j) {
  using namespace input_detail;
  if (!j.is_object())
    return reader::wrong_type("credentials", "{ username, password } or { apiKey }", j);
  if (auto e = reader::check_keys(j, "", credential_keys())) return std::move(*e);
  std::optional<std::string> user, password, key;
  if (auto e = get_string(j, "", "username", user)) return std::move(*e);
  if (auto e = get_string(j, "", "password", password)) return std::move(*e);
  if (auto e = get_string(j, "", "apiKey", key)) return std::move(*e);
  if (key && (user || password)) {
    return reader::problem("credentials",
                           "give either { username, password } or { apiKey }, not both");
  }
  if (key) return Credentials::api_key(std::move(*key));
  if (!user) return reader::missing("username", "{ username, password } or { apiKey }");
  return Credentials::password(std::move(*user), password.value_or(""));
}

/// @brief What a call's options object holds besides `signal`, which stays in JS.
struct CallOptions {
  bool hydrate = true;                 ///< getService
  std::optional<std::string> project;  ///< createService: project name or id
};

/// @brief A call's options object; `allowed` names the keys this call takes besides `signal`.
/// `null` (or no object at all) means the defaults.
inline Result<CallOptions> call_options_from_json(const OrderedJson& j,
                                                  std::initializer_list<std::string_view> allowed) {
  CallOptions o;
  if (j.is_null()) return o;
  if (!j.is_object()) return reader::wrong_type("options", "an object", j);
  std::vector<std::string_view> known(allowed);
  known.push_back("signal");
  if (auto e = reader::check_keys(j, "", known, "option")) return std::move(*e);
  if (const OrderedJson* h = reader::find(j, "hydrate")) {
    auto b = reader::boolean(*h, "hydrate");
    if (!b) return std::move(b).error();
    o.hydrate = *b;
  }
  if (auto e = input_detail::get_string(j, "", "project", o.project)) return std::move(*e);
  return o;
}

/// @brief `listProjects({ page?, size? })`: which page of the projects (default 1, 20 a page).
struct ProjectListOptions {
  std::int64_t page = 1;
  std::int64_t size = 20;
};

inline Result<ProjectListOptions> project_list_options_from_json(const OrderedJson& j) {
  ProjectListOptions o;
  if (j.is_null()) return o;
  if (!j.is_object())
    return reader::wrong_type("options", "an object like { page: 1, size: 50 }", j);
  if (auto e = reader::check_keys(j, "", {"page", "size", "signal"}, "option"))
    return std::move(*e);
  if (const OrderedJson* v = reader::find(j, "page")) {
    auto n = reader::integer(*v, "page");
    if (!n) return std::move(n).error();
    o.page = *n;
  }
  if (const OrderedJson* v = reader::find(j, "size")) {
    auto n = reader::integer(*v, "size");
    if (!n) return std::move(n).error();
    o.size = *n;
  }
  return o;
}

/// @brief `filterSchema()`'s `{ serverVersion? }`: the release whose rules to give (absent,
/// `null` or `{ serverVersion: null }`, which a client's `serverVersion` is until it is known:
/// the newest known).
inline Result<Release> schema_options_from_json(const OrderedJson& j) {
  if (j.is_null()) return kNewestKnownRelease;
  if (!j.is_object())
    return reader::wrong_type("options", "an object like { serverVersion: '0.98.0' }", j);
  if (auto e = reader::check_keys(j, "", {"serverVersion"}, "option")) return std::move(*e);
  // null: not known (a client's serverVersion before it learned it), so the newest known
  if (const OrderedJson* v = reader::find(j, "serverVersion"); v && v->is_null()) {
    return kNewestKnownRelease;
  }
  std::optional<std::string> version;
  if (auto e = input_detail::get_string(j, "", "serverVersion", version)) return std::move(*e);
  if (!version) return kNewestKnownRelease;
  return release_arg(*version, "serverVersion");
}

/// @brief What `createClient({ … })` configures: the client's options and the tokens to start
/// with.
struct ClientConfig {
  ClientOptions options;
  std::string token;
  std::string csrf_token;
};

/// @brief `{ baseUrl, token?, csrfToken?, timeoutMs?, retries?, credentials?, maxResponseBytes?,
/// maxDepth?, serverVersion? }` -> ClientConfig. The numbers are checked against `Client`'s
/// ranges (the same check `Client::create` makes) before they are converted; `serverVersion`
/// (pins the server's release) must be a release like `0.90.0`.
inline Result<ClientConfig> client_config_from_json(const OrderedJson& j) {
  using namespace input_detail;
  if (!j.is_object())
    return reader::wrong_type("createClient", "an options object like { baseUrl }", j);
  if (auto e = reader::check_keys(j, "", client_option_keys(), "option")) return std::move(*e);
  ClientConfig c;
  std::optional<std::string> s;
  if (auto e = get_string(j, "", "baseUrl", s)) return std::move(*e);
  if (!s) return reader::missing("baseUrl", "'http://127.0.0.1:8237'");
  c.options.base_url = std::move(*s);
  for (auto [key, out] :
       {std::pair<const char*, std::string*>{"token", &c.token}, {"csrfToken", &c.csrf_token}}) {
    s.reset();
    if (auto e = get_string(j, "", key, s)) return std::move(*e);
    auto t = normalize_token(s.value_or(""), key);
    if (!t) return std::move(t).error();
    *out = std::move(t).value();
  }
  // A number, checked against its range before it is converted.
  auto number = [&j](const OptionRange& range) -> Result<std::optional<double>> {
    const OrderedJson* v = reader::find(j, range.option);
    if (!v) return std::optional<double>();
    auto n = reader::number(*v, range.option);
    if (!n) return std::move(n).error();
    if (auto e = range.check(*n)) return std::move(*e);
    return std::optional<double>(*n);
  };
  auto timeout = number(Client::kTimeoutMsRange);
  if (!timeout) return std::move(timeout).error();
  if (*timeout) c.options.timeout_ms = **timeout;
  auto retries = number(Client::kRetriesRange);
  if (!retries) return std::move(retries).error();
  if (*retries) c.options.max_retries = static_cast<int>(**retries);
  auto max_bytes = number(Client::kMaxResponseBytesRange);
  if (!max_bytes) return std::move(max_bytes).error();
  if (*max_bytes) c.options.limits.max_bytes = static_cast<std::size_t>(**max_bytes);
  auto max_depth = number(Client::kMaxDepthRange);
  if (!max_depth) return std::move(max_depth).error();
  if (*max_depth) c.options.limits.max_depth = static_cast<std::size_t>(**max_depth);
  s.reset();
  if (auto e = get_string(j, "", "serverVersion", s)) return std::move(*e);
  if (s) {
    auto r = release_arg(*s, "serverVersion");
    if (!r) return std::move(r).error();
    c.options.server_version = std::move(*s);
  }
  s.reset();
  if (auto e = get_string(j, "", "credentials", s)) return std::move(*e);
  if (s) {
    if (*s == "include")
      c.options.with_credentials = true;
    else if (*s != "omit" && *s != "same-origin") {
      return reader::problem("credentials", "expected 'omit' (default) or 'include'");
    }
  }
  return c;
}

}  // namespace zenml
