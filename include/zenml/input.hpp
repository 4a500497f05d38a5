// zenml-services-wasm — caller input given as JSON (the JS facade's plain objects) -> models.
//
// Unlike response decoding (codec.hpp), a problem here is the caller's: `invalid_argument`,
// naming the key and what to write instead. Unknown keys are refused (a typo such as `lables`
// would otherwise be dropped silently and the update would "succeed").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zenml/error.hpp"
#include "zenml/result.hpp"
#include "zenml/service.hpp"
#include "zenml/transport.hpp"

namespace zenml {
namespace input_detail {

inline Error bad(std::string_view what, std::string_view key, std::string_view msg) {
  return Error::invalid_argument(std::string(what) + "." + std::string(key) + ": " + std::string(msg));
}

inline std::string type_name(const OrderedJson& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

inline std::optional<Error> get_string(const OrderedJson& o, std::string_view what, const char* key,
                                       std::optional<std::string>& out, std::size_t max_len = 0) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (!it->is_string()) return bad(what, key, "expected a string, got " + type_name(*it));
  const auto& s = it->get_ref<const std::string&>();
  if (max_len && s.size() > max_len) {
    return bad(what, key, "is " + std::to_string(s.size()) + " bytes; the server allows at most " +
                              std::to_string(max_len));
  }
  out = s;
  return std::nullopt;
}

inline std::optional<Error> get_state(const OrderedJson& o, std::string_view what, const char* key,
                                      std::optional<ServiceState>& out) {
  std::optional<std::string> s;
  if (auto e = get_string(o, what, key, s)) return e;
  if (!s) return std::nullopt;
  if (state_kind(*s) == ServiceStateKind::unknown) {
    return bad(what, key, "\"" + s->substr(0, 40) +
                              "\" is not a service state; use one of inactive, active, "
                              "pending_startup, pending_shutdown, error, scaled_to_zero");
  }
  out = ServiceState{*s};
  return std::nullopt;
}

inline std::optional<Error> get_object(const OrderedJson& o, std::string_view what, const char* key,
                                       std::optional<OrderedJson>& out) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (!it->is_object()) return bad(what, key, "expected an object, got " + type_name(*it));
  out = *it;
  return std::nullopt;
}

inline std::optional<Error> get_labels(const OrderedJson& o, std::string_view what,
                                       std::optional<Labels>& out) {
  auto it = o.find("labels");
  if (it == o.end()) return std::nullopt;
  if (!it->is_object()) return bad(what, "labels", "expected an object of strings, got " + type_name(*it));
  Labels l;
  for (auto kv = it->begin(); kv != it->end(); ++kv) {
    if (!kv.value().is_string()) {
      return bad(what, "labels." + kv.key(),
                 "label values must be strings (the server refuses " + type_name(kv.value()) + ")");
    }
    l[kv.key()] = kv.value().get_ref<const std::string&>();
  }
  out = std::move(l);
  return std::nullopt;
}

inline std::optional<Error> check_keys(const OrderedJson& o, std::string_view what,
                                       std::initializer_list<std::string_view> allowed) {
  for (auto kv = o.begin(); kv != o.end(); ++kv) {
    bool known = false;
    for (auto a : allowed) known = known || a == kv.key();
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return bad(what, kv.key(), "unknown field; known fields are " + list);
    }
  }
  return std::nullopt;
}

inline constexpr std::size_t kNameMax = 255;  // the server's STR_FIELD_MAX_LENGTH

}  // namespace input_detail

/// @brief A `ServiceRequest` from a plain object with the REST API's field names.
inline Result<ServiceRequest> service_request_from_json(const OrderedJson& j) {
  using namespace input_detail;
  constexpr std::string_view w = "service";
  if (!j.is_object()) return Error::invalid_argument("service: expected an object, got " + type_name(j));
  if (auto e = check_keys(j, w, {"project", "name", "service_type", "config", "service_source",
                                 "admin_state", "labels", "status", "endpoint", "prediction_url",
                                 "health_check_url", "model_version_id", "pipeline_run_id"})) {
    return *e;
  }
  ServiceRequest r;
  std::optional<std::string> project, name;
  if (auto e = get_string(j, w, "project", project)) return *e;
  if (auto e = get_string(j, w, "name", name, kNameMax)) return *e;
  r.project = project.value_or("");
  if (!name) return bad(w, "name", "is required");
  r.name = *name;
  auto st = j.find("service_type");
  if (st == j.end()) return bad(w, "service_type", "is required, e.g. { type: 'model-serving', flavor: 'mlflow' }");
  if (!st->is_object()) return bad(w, "service_type", "expected an object, got " + type_name(*st));
  if (auto e = check_keys(*st, "service.service_type", {"type", "flavor", "name", "description", "logo_url"})) return *e;
  std::optional<std::string> t, f, n, d, l;
  constexpr std::string_view ws = "service.service_type";
  if (auto e = get_string(*st, ws, "type", t)) return *e;
  if (auto e = get_string(*st, ws, "flavor", f)) return *e;
  if (auto e = get_string(*st, ws, "name", n)) return *e;
  if (auto e = get_string(*st, ws, "description", d)) return *e;
  if (auto e = get_string(*st, ws, "logo_url", l)) return *e;
  if (!t || t->empty()) return bad(ws, "type", "is required and must not be empty");
  if (!f || f->empty()) return bad(ws, "flavor", "is required and must not be empty");
  r.service_type = ServiceType{*t, *f, n.value_or(""), d.value_or(""), l.value_or("")};
  std::optional<OrderedJson> config;
  if (auto e = get_object(j, w, "config", config)) return *e;
  r.config = config.value_or(OrderedJson::object());
  if (auto e = get_string(j, w, "service_source", r.service_source)) return *e;
  if (auto e = get_state(j, w, "admin_state", r.admin_state)) return *e;
  if (auto e = get_labels(j, w, r.labels)) return *e;
  if (auto e = get_object(j, w, "status", r.status)) return *e;
  if (auto e = get_object(j, w, "endpoint", r.endpoint)) return *e;
  if (auto e = get_string(j, w, "prediction_url", r.prediction_url)) return *e;
  if (auto e = get_string(j, w, "health_check_url", r.health_check_url)) return *e;
  if (auto e = get_string(j, w, "model_version_id", r.model_version_id)) return *e;
  if (auto e = get_string(j, w, "pipeline_run_id", r.pipeline_run_id)) return *e;
  return r;
}

/// @brief A `ServiceUpdate` from a plain object. `null` and `{}` are refused with a pointer to
/// `clearServiceFields`: on ZenML `null` changes nothing and `{}` clears, and neither should
/// happen by accident.
inline Result<ServiceUpdate> service_update_from_json(const OrderedJson& j) {
  using namespace input_detail;
  constexpr std::string_view w = "update";
  if (!j.is_object()) return Error::invalid_argument("update: expected an object, got " + type_name(j));
  if (auto e = check_keys(j, w, {"name", "admin_state", "service_source", "status", "endpoint",
                                 "prediction_url", "health_check_url", "labels", "model_version_id"})) {
    return *e;
  }
  for (auto kv = j.begin(); kv != j.end(); ++kv) {
    if (kv.value().is_null()) {
      return bad(w, kv.key(), "null would leave the field unchanged on ZenML; omit the key, or use "
                              "clearServiceFields() to clear labels, status or endpoint");
    }
    if (kv.value().is_object() && kv.value().empty() &&
        (kv.key() == "labels" || kv.key() == "status" || kv.key() == "endpoint")) {
      return bad(w, kv.key(), "{} clears the field on ZenML; say so explicitly with "
                              "clearServiceFields(id, ['" + kv.key() + "'])");
    }
  }
  ServiceUpdate u;
  if (auto e = get_string(j, w, "name", u.name, kNameMax)) return *e;
  if (u.name && u.name->empty()) return bad(w, "name", "must not be empty");
  if (auto e = get_state(j, w, "admin_state", u.admin_state)) return *e;
  if (auto e = get_string(j, w, "service_source", u.service_source)) return *e;
  if (auto e = get_object(j, w, "status", u.status)) return *e;
  if (auto e = get_object(j, w, "endpoint", u.endpoint)) return *e;
  if (auto e = get_string(j, w, "prediction_url", u.prediction_url)) return *e;
  if (auto e = get_string(j, w, "health_check_url", u.health_check_url)) return *e;
  if (auto e = get_labels(j, w, u.labels)) return *e;
  if (auto e = get_string(j, w, "model_version_id", u.model_version_id)) return *e;
  if (u.empty()) return Error::invalid_argument("update: nothing to update; pass at least one field");
  return u;
}

/// @brief The update that clears the named fields (`labels`, `status`, `endpoint`).
inline Result<ServiceUpdate> service_clear_from_json(const OrderedJson& fields) {
  if (!fields.is_array() || fields.empty()) {
    return Error::invalid_argument("fields: expected a non-empty array such as ['labels', 'status']");
  }
  ServiceUpdate u;
  for (const auto& f : fields) {
    const std::string name = f.is_string() ? f.get_ref<const std::string&>() : std::string("?");
    if (name == "labels") u.clear_labels();
    else if (name == "status") u.clear_status();
    else if (name == "endpoint") u.clear_endpoint();
    else {
      return Error::invalid_argument("fields: only labels, status and endpoint can be cleared on ZenML (got " +
                                     (f.is_string() ? "\"" + name.substr(0, 40) + "\"" : input_detail::type_name(f)) + ")");
    }
  }
  return u;
}

/// @brief What `createClient({ … })` configures, from its JSON form.
struct ClientConfig {
  std::string base_url;
  std::string token;
  std::string csrf_token;
  std::optional<double> timeout_ms;
  std::optional<int> retries;
  bool with_credentials = false;
  std::optional<std::size_t> max_response_bytes;  ///< -> ClientOptions::limits.max_bytes
  std::optional<std::size_t> max_depth;           ///< -> ClientOptions::limits.max_depth
};

/// @brief `{ baseUrl, token?, csrfToken?, timeoutMs?, retries?, credentials?, maxResponseBytes?,
/// maxDepth? }` -> ClientConfig.
inline Result<ClientConfig> client_config_from_json(const OrderedJson& j) {
  using namespace input_detail;
  constexpr std::string_view w = "createClient";
  if (!j.is_object()) return Error::invalid_argument("createClient: expected an options object");
  if (auto e = check_keys(j, w, {"baseUrl", "token", "csrfToken", "timeoutMs", "retries", "credentials",
                                 "maxResponseBytes", "maxDepth"})) {
    return *e;
  }
  ClientConfig c;
  std::optional<std::string> s;
  if (auto e = get_string(j, w, "baseUrl", s)) return *e;
  if (!s) return bad(w, "baseUrl", "is required, e.g. 'http://127.0.0.1:8237'");
  c.base_url = *s;
  s.reset();
  if (auto e = get_string(j, w, "token", s)) return *e;
  c.token = s.value_or("");
  s.reset();
  if (auto e = get_string(j, w, "csrfToken", s)) return *e;
  c.csrf_token = s.value_or("");
  auto token = normalize_token(c.token, "createClient.token");
  if (!token) return std::move(token).error();
  c.token = std::move(token).value();
  auto csrf = normalize_token(c.csrf_token, "createClient.csrfToken");
  if (!csrf) return std::move(csrf).error();
  c.csrf_token = std::move(csrf).value();
  if (auto it = j.find("timeoutMs"); it != j.end()) {
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 3600000) {
      return bad(w, "timeoutMs", "expected a number of milliseconds between 0 (none) and 3600000");
    }
    c.timeout_ms = it->get<double>();
  }
  if (auto it = j.find("retries"); it != j.end()) {
    if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 10) {
      return bad(w, "retries", "expected an integer between 0 and 10");
    }
    c.retries = static_cast<int>(it->get<long long>());
  }
  // Limits: whole numbers in range (the same bounds Client::create enforces).
  auto size_option = [&j, w](const char* key, double max, const char* unit,
                             std::optional<std::size_t>& out) -> std::optional<Error> {
    auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    const double v = it->is_number() ? it->get<double>() : -1;
    if (!it->is_number() || !(v >= 1 && v <= max) || v != static_cast<double>(static_cast<std::uint64_t>(v))) {
      return bad(w, key, "expected a whole number of " + std::string(unit) + " between 1 and " +
                             std::to_string(static_cast<std::uint64_t>(max)));
    }
    out = static_cast<std::size_t>(v);
    return std::nullopt;
  };
  if (auto e = size_option("maxResponseBytes", 1073741824.0, "bytes", c.max_response_bytes)) return *e;
  if (auto e = size_option("maxDepth", 10000.0, "nesting levels", c.max_depth)) return *e;
  s.reset();
  if (auto e = get_string(j, w, "credentials", s)) return *e;
  if (s) {
    if (*s == "include") c.with_credentials = true;
    else if (*s != "omit" && *s != "same-origin") {
      return bad(w, "credentials", "expected 'omit' (default) or 'include'");
    }
  }
  return c;
}

}  // namespace zenml
