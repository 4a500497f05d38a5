// zenml-services-wasm — response decoding: JSON text -> the models of service.hpp.
//
// A bounded DOM parse (json.hpp's `detail::parse_json`, within `DecodeLimits`), then a walk
// that checks the schema and builds `Service`, `Page<Service>`, `ServerInfo`, `TokenResponse`.
// The rules and the messages are scanner.hpp's (tests and the fuzzer hold the two readers to
// the same verdicts); see there for the list. Services of every release come out in the
// normalised shape (service.hpp), by the rules scanner.hpp's `normalize` applies to the text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "zenml/detail/calendar.hpp"
#include "zenml/detail/concat.hpp"
#include "zenml/detail/messages.hpp"
#include "zenml/detail/uuid.hpp"
#include "zenml/error.hpp"
#include "zenml/json.hpp"
#include "zenml/page.hpp"
#include "zenml/result.hpp"
#include "zenml/service.hpp"

namespace zenml {

namespace detail {

/// @brief Walks a DOM by the rules of scanner.hpp and builds the models; `err` holds the message
/// (with the JSON path) when a method returns false.
class Decoder {
 public:
  std::string err;

  bool page(Json& j, Page<Service>& out) {
    if (!j.is_object()) return fail_here(expected(kObject, type_name(j)));
    if (!integer(j, "index", out.index) || !integer(j, "max_size", out.max_size) ||
        !integer(j, "total_pages", out.total_pages) || !integer(j, "total", out.total)) {
      return false;
    }
    Scope sc(path_, "items");
    Json* items = find(j, "items");
    if (items == nullptr) return fail_here(kMissing);
    return service_list(*items, out.items);
  }

  bool service_list(Json& items, std::vector<Service>& out) {
    if (!items.is_array()) return fail_here(expected(kArray, type_name(items)));
    out.clear();
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::size_t mark = path_.size();
      append_index(path_, i);
      Json& item = items[i];
      if (!item.is_object()) return fail_here(expected(kObject, type_name(item)));
      Service svc;
      if (!service(item, svc)) return false;
      out.push_back(std::move(svc));
      path_.resize(mark);
    }
    return true;
  }

  bool service_root(Json& j, Service& out) {
    if (!j.is_object()) return fail_here(expected(kObject, type_name(j)));
    return service(j, out);
  }

  bool server_info(Json& j, ServerInfo& out) {
    if (!j.is_object()) return fail_here(expected(kObject, type_name(j)));
    std::optional<std::string> id, name, deployment, database;
    if (!opt_string(j, "id", id) || !opt_string(j, "name", name) ||
        !req_string(j, "version", out.version) || !req_string(j, "auth_scheme", out.auth_scheme) ||
        !opt_string(j, "deployment_type", deployment) ||
        !opt_string(j, "database_type", database) || !opt_string(j, "server_url", out.server_url) ||
        !opt_string(j, "dashboard_url", out.dashboard_url)) {
      return false;
    }
    out.id = id.value_or("");
    out.name = name.value_or("");
    out.deployment_type = deployment.value_or("");
    out.database_type = database.value_or("");
    {
      Scope sc(path_, "active");
      Json* a = find(j, "active");
      if (a != nullptr && !a->is_null()) {
        if (!a->is_boolean()) return fail_here(expected(kBooleanOrNull, type_name(*a)));
        out.active = a->get<bool>();
      }
    }
    out.raw = std::move(j);
    return true;
  }

  bool token(Json& j, TokenResponse& out) {
    if (!j.is_object()) return fail_here(expected(kObject, type_name(j)));
    if (!req_string(j, "access_token", out.access_token) ||
        !req_string(j, "token_type", out.token_type)) {
      return false;
    }
    {
      Scope sc(path_, "expires_in");
      Json* e = find(j, "expires_in");
      if (e != nullptr && !e->is_null()) {
        if (!e->is_number()) return fail_here(expected(kNumberOrNull, type_name(*e)));
        out.expires_in = e->get<double>();
      }
    }
    return opt_string(j, "csrf_token", out.csrf_token) &&
           opt_string(j, "device_id", out.device_id) && opt_string(j, "scope", out.scope);
  }

  /// `UserResponse`, `ProjectResponse`: an object whose `id` is a UUID and whose `name` is a
  /// string; the rest is not read.
  bool named_entity(Json& j) {
    if (!j.is_object()) return fail_here(expected(kObject, type_name(j)));
    std::optional<std::string> id;
    std::string name;
    return uuid(j, "id", Need::required, id) && req_string(j, "name", name);
  }

  /// `Page[ProjectResponse]` (GET /api/v1/projects): the page numbers, and `items` an array of
  /// named entities.
  bool named_page(Json& j) {
    if (!j.is_object()) return fail_here(expected(kObject, type_name(j)));
    std::int64_t n = 0;
    if (!integer(j, "index", n) || !integer(j, "max_size", n) || !integer(j, "total_pages", n) ||
        !integer(j, "total", n)) {
      return false;
    }
    Scope sc(path_, "items");
    Json* items = find(j, "items");
    if (items == nullptr) return fail_here(kMissing);
    if (!items->is_array()) return fail_here(expected(kArray, type_name(*items)));
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::size_t mark = path_.size();
      append_index(path_, i);
      if (!named_entity((*items)[i])) return false;
      path_.resize(mark);
    }
    return true;
  }

 private:
  /// Whether a field must be there, may be missing, or may also be null.
  enum class Need { required, optional, nullable };

  struct Scope {
    Scope(std::string& p, std::string_view key) : path(p), mark(p.size()) { append_key(p, key); }
    ~Scope() { path.resize(mark); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    std::string& path;
    std::size_t mark;
  };

  bool fail_here(std::string_view what) {
    err = at_path(path_, what);
    return false;
  }
  static Json* find(Json& obj, std::string_view key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }
  static const std::string& str(const Json& j) { return j.get_ref<const std::string&>(); }

  bool integer(Json& obj, std::string_view key, std::int64_t& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    if (v == nullptr) return fail_here(kMissing);
    if (v->is_number_unsigned()) {
      const auto u = v->get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return fail_here(expected(kInteger, "number"));
      }
      out = static_cast<std::int64_t>(u);
      return true;
    }
    if (!v->is_number_integer()) return fail_here(expected(kInteger, type_name(*v)));
    out = v->get<std::int64_t>();
    return true;
  }

  bool req_string(Json& obj, std::string_view key, std::string& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    if (v == nullptr) return fail_here(kMissing);
    if (!v->is_string()) return fail_here(expected(kString, type_name(*v)));
    out = str(*v);
    return true;
  }

  /// Optional, non-nullable string with a default (ServiceType's name/description/logo_url).
  bool def_string(Json& obj, std::string_view key, std::string& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    if (v == nullptr) return true;
    if (!v->is_string()) return fail_here(expected(kString, type_name(*v)));
    out = str(*v);
    return true;
  }

  bool opt_string(Json& obj, std::string_view key, std::optional<std::string>& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    out.reset();
    if (v == nullptr || v->is_null()) return true;
    if (!v->is_string()) return fail_here(expected(kStringOrNull, type_name(*v)));
    out = str(*v);
    return true;
  }

  bool uuid(Json& obj, std::string_view key, Need need, std::optional<std::string>& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    out.reset();
    if (v == nullptr) return need == Need::required ? fail_here(kMissing) : true;
    if (need == Need::nullable && v->is_null()) return true;
    if (!v->is_string()) {
      return fail_here(expected(need == Need::nullable ? kUuidOrNull : kUuid, type_name(*v)));
    }
    if (!is_uuid(str(*v))) return fail_here(bad_uuid(str(*v)));
    out = str(*v);
    return true;
  }

  /// An optional, non-nullable timestamp.
  bool timestamp(Json& obj, std::string_view key, std::optional<Timestamp>& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    out.reset();
    if (v == nullptr) return true;
    if (!v->is_string()) return fail_here(expected(kTimestamp, type_name(*v)));
    const auto ms = parse_timestamp_ms(str(*v));
    if (!ms) return fail_here(bad_timestamp(str(*v)));
    out = Timestamp{str(*v), *ms};
    return true;
  }

  /// A free-form object (nullable: null or missing → nullopt).
  bool any_object(Json& obj, std::string_view key, Need need, std::optional<Json>& out) {
    Scope sc(path_, key);
    Json* v = find(obj, key);
    out.reset();
    if (v == nullptr) return need == Need::required ? fail_here(kMissing) : true;
    if (need == Need::nullable && v->is_null()) return true;
    if (!v->is_object()) {
      return fail_here(expected(need == Need::nullable ? kObjectOrNull : kObject, type_name(*v)));
    }
    out = std::move(*v);
    return true;
  }

  /// A nested schema object: returns the object to descend into, or nullptr when missing, for
  /// null (`Need::nullable`) and on error (`ok` false).
  Json* sub(Json& obj, std::string_view key, Need need, bool& ok) {
    Json* v = find(obj, key);
    ok = true;
    if (v == nullptr) {
      if (need == Need::required) ok = fail_here(kMissing);
      return nullptr;
    }
    if (need == Need::nullable && v->is_null()) return nullptr;
    if (!v->is_object()) {
      ok = fail_here(expected(need == Need::nullable ? kObjectOrNull : kObject, type_name(*v)));
      return nullptr;
    }
    return v;
  }

  /// What an item of 0.80.0-0.82.x says where the current shape says it elsewhere.
  struct Legacy {
    bool body_user_id = false;        ///< `body.user_id` present
    bool body_project_id = false;     ///< `body.project_id` present
    bool has_user = false;            ///< `body.user` present (an object or null)
    std::optional<ResourceRef> user;  ///< `body.user`, when an object
  };

  // Requiredness: only an `id` (and the page header); see scanner.hpp.
  bool service(Json& j, Service& out) {
    std::optional<std::string> id;
    if (!uuid(j, "id", Need::required, id)) return false;
    out.id = std::move(*id);
    if (!def_string(j, "name", out.name)) return false;
    {
      Scope sc(path_, "permission_denied");
      Json* v = find(j, "permission_denied");
      if (v != nullptr) {
        if (!v->is_boolean()) return fail_here(expected(kBoolean, type_name(*v)));
        out.permission_denied = v->get<bool>();
      }
    }
    bool ok = true;
    Legacy lg;
    {
      Scope sc(path_, "body");
      if (Json* b = sub(j, "body", Need::nullable, ok)) {
        out.body.emplace();
        if (!body(*b, *out.body, lg)) return false;
      }
      if (!ok) return false;
    }
    {
      Scope sc(path_, "metadata");
      if (Json* m = sub(j, "metadata", Need::nullable, ok)) {
        out.metadata.emplace();
        if (!metadata(*m, *out.metadata)) return false;
      }
      if (!ok) return false;
    }
    bool resources_user = false;
    {
      Scope sc(path_, "resources");
      if (Json* r = sub(j, "resources", Need::nullable, ok)) {
        resources_user = find(*r, "user") != nullptr;
        out.resources.emplace();
        if (!resources(*r, *out.resources)) return false;
      }
      if (!ok) return false;
    }
    std::optional<std::string> top_project;
    if (!uuid(j, "project_id", Need::optional, top_project)) return false;
    // the normalised shape: scanner.hpp's `normalize`, on the models
    if (out.body) {
      if (!lg.body_user_id && lg.has_user && lg.user) out.body->user_id = lg.user->id;
      if (!lg.body_project_id) {
        if (top_project) {
          out.body->project_id = std::move(top_project);
        } else if (out.metadata && out.metadata->project) {
          out.body->project_id = out.metadata->project->id;
        }
      }
      if (out.resources && !resources_user && lg.has_user) out.resources->user = std::move(lg.user);
    }
    return true;
  }

  bool body(Json& j, ServiceBody& out, Legacy& lg) {
    lg.body_user_id = find(j, "user_id") != nullptr;
    lg.body_project_id = find(j, "project_id") != nullptr;
    lg.has_user = find(j, "user") != nullptr;
    if (!timestamp(j, "created", out.created) || !timestamp(j, "updated", out.updated) ||
        !uuid(j, "user_id", Need::nullable, out.user_id) ||
        !uuid(j, "project_id", Need::optional, out.project_id)) {
      return false;
    }
    bool ok = true;
    {
      Scope sc(path_, "service_type");
      Json* t = sub(j, "service_type", Need::optional, ok);
      if (!ok) return false;
      if (t != nullptr && (!def_string(*t, "type", out.service_type.type) ||
                           !def_string(*t, "flavor", out.service_type.flavor) ||
                           !def_string(*t, "name", out.service_type.name) ||
                           !def_string(*t, "description", out.service_type.description) ||
                           !def_string(*t, "logo_url", out.service_type.logo_url))) {
        return false;
      }
    }
    {
      Scope sc(path_, "labels");
      Json* l = find(j, "labels");
      if (l != nullptr && !l->is_null()) {
        if (!l->is_object()) return fail_here(expected(kObjectOrNull, type_name(*l)));
        Labels labels;
        const std::string* bad = nullptr;  // the scanner's rule: the byte-wise smallest bad key
        const Json* bad_value = nullptr;
        for (auto it = l->begin(); it != l->end(); ++it) {
          if (!it.value().is_string()) {
            if (bad == nullptr || it.key() < *bad) {
              bad = &it.key();
              bad_value = &it.value();
            }
          } else if (bad == nullptr) {
            labels.emplace(it.key(), str(it.value()));
          }
        }
        if (bad != nullptr) {
          Scope k(path_, *bad);
          return fail_here(expected(kString, type_name(*bad_value)));
        }
        out.labels = std::move(labels);
      }
    }
    std::optional<std::string> state;
    if (!opt_string(j, "state", state)) return false;
    if (state) out.state = ServiceState{std::move(*state)};
    return ref(j, "user", lg.user);  // 0.80.0-0.82.x: the embedded owner
  }

  bool metadata(Json& j, ServiceMetadata& out) {
    std::optional<std::string> admin;
    std::optional<Json> config;
    if (!opt_string(j, "service_source", out.service_source) ||
        !opt_string(j, "admin_state", admin) || !any_object(j, "config", Need::optional, config) ||
        !any_object(j, "status", Need::nullable, out.status) ||
        !any_object(j, "endpoint", Need::nullable, out.endpoint) ||
        !opt_string(j, "prediction_url", out.prediction_url) ||
        !opt_string(j, "health_check_url", out.health_check_url) ||
        !ref(j, "project", out.project)) {  // 0.80.0-0.82.x: the embedded project
      return false;
    }
    if (admin) out.admin_state = ServiceState{std::move(*admin)};
    if (config) out.config = std::move(*config);
    return true;
  }

  bool resources(Json& j, ServiceResources& out) {
    return ref(j, "user", out.user) && ref(j, "pipeline_run", out.pipeline_run) &&
           ref(j, "model_version", out.model_version);
  }

  bool ref(Json& j, std::string_view key, std::optional<ResourceRef>& out) {
    Scope sc(path_, key);
    bool ok = true;
    out.reset();
    Json* r = sub(j, key, Need::nullable, ok);
    if (!ok) return false;
    if (r == nullptr) return true;
    std::optional<std::string> id, name;
    if (!uuid(*r, "id", Need::required, id) || !opt_string(*r, "name", name)) return false;
    out = ResourceRef{std::move(*id), name.value_or(""), std::move(*r)};
    return true;
  }

  std::string path_;
};

template <class T, class F>
Result<T> decode_with(std::string_view text, const DecodeLimits& limits, F&& f) {
  auto parsed = parse_json(text, limits);
  if (!parsed) return std::move(parsed).error();
  Decoder d;
  T out{};
  if (!f(d, *parsed, out)) return Error::bad_response(std::move(d.err));
  return out;
}

}  // namespace detail

// The decoders take one argument so that `&decode_page` etc. can be passed around as plain
// function pointers; the `_with_limits` variants take explicit `DecodeLimits`.

/// @brief Decodes a `ServiceResponse` (GET/POST/PUT of one service).
inline Result<Service> decode_service_with_limits(std::string_view json,
                                                  const DecodeLimits& limits) {
  return detail::decode_with<Service>(
      json, limits, [](detail::Decoder& d, Json& j, Service& s) { return d.service_root(j, s); });
}
inline Result<Service> decode_service(std::string_view json) {
  return decode_service_with_limits(json, {});
}

namespace detail {

/// @brief The `id` of the top-level object of a response, when it is a UUID: exact for valid
/// JSON (the last `id` wins, as in JSON.parse); for broken or cut-off text, the last `"id"`
/// member at the top level that reads as a UUID before the text breaks off.
inline std::optional<std::string> top_level_id(std::string_view text, const DecodeLimits& limits) {
  if (auto j = parse_json(text, limits)) {
    if (!j->is_object()) return std::nullopt;
    auto it = j->find("id");
    if (it == j->end() || !it->is_string() || !is_uuid(it->get_ref<const std::string&>())) {
      return std::nullopt;
    }
    return it->get<std::string>();
  }
  // Lenient: track nesting outside strings; at depth 1 a string in key position is a key.
  std::optional<std::string> found;
  std::size_t depth = 0;
  bool key_next = false;  // at depth 1, after `{` or `,`
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      if (j >= text.size()) break;  // cut off inside a string
      const std::string_view token = text.substr(i + 1, j - i - 1);
      if (depth == 1 && key_next && token == "id") {
        std::size_t k = j + 1;
        auto skip_ws = [&] {
          while (k < text.size() &&
                 (text[k] == ' ' || text[k] == '\n' || text[k] == '\r' || text[k] == '\t'))
            ++k;
        };
        skip_ws();
        if (k < text.size() && text[k] == ':') {
          ++k;
          skip_ws();
          if (k < text.size() && text[k] == '"') {
            const std::size_t end = text.find('"', k + 1);
            if (end == std::string_view::npos) break;
            const std::string_view value = text.substr(k + 1, end - k - 1);
            if (is_uuid(value)) found = std::string(value);
          }
        }
      }
      key_next = false;
      i = j;
    } else if (c == '{' || c == '[') {
      ++depth;
      key_next = depth == 1 && c == '{';
    } else if (c == '}' || c == ']') {
      if (depth == 0) break;
      --depth;
    } else if (c == ',') {
      key_next = depth == 1;
    }
  }
  return found;
}

}  // namespace detail

/// @brief The error for a create or update the server accepted (`status` 2xx, so the write
/// happened) whose answer `body` could not be read (`e`, a `bad_response`): the same code, with
/// `reason` write_accepted, the service's `id` (from the answer when it says, else `known_id`,
/// the id an update was sent to) and the answer in `raw_body`. Any other error is returned as is.
inline Error write_accepted(Error e, int status, std::string_view body,
                            std::string_view known_id = {}, const DecodeLimits& limits = {}) {
  if (e.code != ErrorCode::bad_response || status < 200 || status > 299) return e;
  e.reason = ErrorReason::write_accepted;
  e.status = status;
  e.id = detail::top_level_id(body, limits).value_or(std::string(known_id));
  e.raw_body = std::string(body);
  e.message = detail::fmt(
      "the server accepted the write (HTTP {}){}{}, but its answer could not "
      "be read: {}",
      {std::to_string(status), e.id.empty() ? "" : ": service ", e.id, e.message});
  return e;
}

/// @brief Decodes the answer to a create or update (`POST`/`PUT`, `status` 2xx): an answer that
/// cannot be read fails with `write_accepted` (see there) instead of a plain `bad_response`.
inline Result<Service> decode_written_service(std::string_view json, int status,
                                              std::string_view known_id,
                                              const DecodeLimits& limits = {}) {
  auto r = decode_service_with_limits(json, limits);
  if (!r) return write_accepted(std::move(r).error(), status, json, known_id, limits);
  return r;
}

/// @brief Decodes a `Page[ServiceResponse]` (GET of the list).
inline Result<Page<Service>> decode_page_with_limits(std::string_view json,
                                                     const DecodeLimits& limits) {
  return detail::decode_with<Page<Service>>(
      json, limits, [](detail::Decoder& d, Json& j, Page<Service>& p) { return d.page(j, p); });
}
inline Result<Page<Service>> decode_page(std::string_view json) {
  return decode_page_with_limits(json, {});
}

/// @brief Decodes a JSON array of `ServiceResponse` objects (a page's `items`, e.g. services a
/// caller kept in memory); error paths start at `[i]`.
inline Result<std::vector<Service>> decode_service_list(std::string_view json,
                                                        const DecodeLimits& limits = {}) {
  return detail::decode_with<std::vector<Service>>(
      json, limits,
      [](detail::Decoder& d, Json& j, std::vector<Service>& v) { return d.service_list(j, v); });
}

/// @brief Decodes `GET /api/v1/info`. `version` and `auth_scheme` are required; everything else
/// is optional and the whole object is kept in `raw`.
inline Result<ServerInfo> decode_server_info_with_limits(std::string_view json,
                                                         const DecodeLimits& limits) {
  return detail::decode_with<ServerInfo>(
      json, limits, [](detail::Decoder& d, Json& j, ServerInfo& s) { return d.server_info(j, s); });
}
inline Result<ServerInfo> decode_server_info(std::string_view json) {
  return decode_server_info_with_limits(json, {});
}

/// @brief Decodes the `OAuthTokenResponse` of `POST /api/v1/login`.
inline Result<TokenResponse> decode_token_with_limits(std::string_view json,
                                                      const DecodeLimits& limits) {
  return detail::decode_with<TokenResponse>(
      json, limits, [](detail::Decoder& d, Json& j, TokenResponse& t) { return d.token(j, t); });
}
inline Result<TokenResponse> decode_token(std::string_view json) {
  return decode_token_with_limits(json, {});
}

/// @brief Checks the body of a successful DELETE: ZenML answers JSON `null`. An empty body is
/// refused too: a proxy or stub answering 200 with nothing must not pass for a deletion.
inline Result<Empty> decode_delete_with_limits(std::string_view json, const DecodeLimits& limits) {
  std::size_t i = 0;
  while (i < json.size() &&
         (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) {
    ++i;
  }
  if (i == json.size()) {
    return Error::bad_response("expected null (ZenML's answer to a DELETE), got an empty body");
  }
  auto parsed = detail::parse_json(json, limits);
  if (!parsed) return std::move(parsed).error();
  if (!parsed->is_null()) {
    return Error::bad_response(detail::expected("null", detail::type_name(*parsed)));
  }
  return Empty{};
}
inline Result<Empty> decode_delete(std::string_view json) {
  return decode_delete_with_limits(json, {});
}

/// @brief Checks a named entity (`UserResponse`, `ProjectResponse`): an object whose `id` is a
/// UUID and whose `name` is a string; everything else is passed through unchecked.
inline Result<Empty> validate_named_entity(std::string_view json, const DecodeLimits& limits = {}) {
  return detail::decode_with<Empty>(
      json, limits, [](detail::Decoder& d, Json& j, Empty&) { return d.named_entity(j); });
}

/// @brief Checks a page of named entities (`Page[ProjectResponse]`): the page numbers, and each
/// item an object whose `id` is a UUID and whose `name` a string.
inline Result<Empty> validate_named_page(std::string_view json, const DecodeLimits& limits = {}) {
  return detail::decode_with<Empty>(
      json, limits, [](detail::Decoder& d, Json& j, Empty&) { return d.named_page(j); });
}

}  // namespace zenml
