// zenml-services-wasm — request encoding: the models of service.hpp -> the JSON bodies of
// POST/PUT /api/v1/services (and the login form), optionally checked against the server's rules.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "zenml/detail/concat.hpp"
#include "zenml/detail/messages.hpp"
#include "zenml/detail/utf8.hpp"
#include "zenml/detail/uuid.hpp"
#include "zenml/error.hpp"
#include "zenml/json.hpp"
#include "zenml/result.hpp"
#include "zenml/service.hpp"
#include "zenml/url.hpp"

namespace zenml {

namespace detail {

/// STR_FIELD_MAX_LENGTH on the server, counted in code points like Python's len().
constexpr std::size_t kMaxNameLength = 255;

/// @brief Nesting depth of a DOM, computed without recursion.
template <class J>
std::size_t json_depth(const J& j) {
  std::size_t max = 0;
  std::vector<std::pair<const J*, std::size_t>> stack{{&j, 1}};
  while (!stack.empty()) {
    const auto [v, d] = stack.back();
    stack.pop_back();
    if (!v->is_structured()) continue;
    if (d > max) max = d;
    for (const auto& child : *v) stack.emplace_back(&child, d + 1);
  }
  return max;
}

inline OrderedJson service_type_json(const ServiceType& t) {
  OrderedJson j = OrderedJson::object();
  j["type"] = t.type;
  j["flavor"] = t.flavor;
  if (!t.name.empty()) j["name"] = t.name;
  if (!t.description.empty()) j["description"] = t.description;
  if (!t.logo_url.empty()) j["logo_url"] = t.logo_url;
  return j;
}

inline OrderedJson labels_json(const Labels& labels) {
  OrderedJson j = OrderedJson::object();
  for (const auto& [k, v] : labels) j[k] = v;
  return j;
}

/// The server's one rule on a name, on create and update alike: at most 255 characters as Python
/// counts them (code points: 255 x U+1F600 is accepted, which JS counts as 510), and "" is
/// accepted (tests/live/server_contract.test.mjs: "name length is counted in code points").
inline std::optional<Error> check_name(const std::string& name) {
  if (utf8_length(name) > kMaxNameLength) {
    return Error::invalid_argument(
        "name: {} characters (Unicode code points); the server allows at most {}",
        {std::to_string(utf8_length(name)), std::to_string(kMaxNameLength)});
  }
  return std::nullopt;
}

inline std::optional<Error> check_state(std::string_view field, const ServiceState& s) {
  if (s.known()) return std::nullopt;
  return Error::invalid_argument(
      "{}: {} is not a ServiceState the server accepts (inactive, "
      "active, pending_startup, pending_shutdown, error, "
      "scaled_to_zero)",
      {field, quoted_excerpt(s.raw)});
}

inline std::optional<Error> check_uuid(std::string_view field, const std::string& s) {
  if (is_uuid(s)) return std::nullopt;
  return Error::invalid_argument("{}: {}", {field, bad_uuid(s)});
}

/// A free-form object field (status, endpoint, config): must be an object, not deeper than the
/// default decode depth (so dump() stays shallow); `status.state`, when present and not null,
/// must be a known state: the server stores it as `body.state` and a row with an unknown state
/// can no longer be read back.
template <class J>
std::optional<Error> check_object(std::string_view field, const J& j) {
  if (!j.is_object()) {
    return Error::invalid_argument("{}: {}", {field, expected(kObject, type_name(j))});
  }
  const std::size_t max = DecodeLimits{}.max_depth - 8;
  if (json_depth(j) > max) {
    return Error::invalid_argument("{}: nested deeper than {} levels",
                                   {field, std::to_string(max)});
  }
  if (field == "status") {
    auto it = j.find("state");
    if (it != j.end() && !it->is_null()) {
      if (!it->is_string()) {
        return Error::invalid_argument("status.state: " + expected(kStringOrNull, type_name(*it)));
      }
      if (auto e = check_state("status.state", ServiceState{it->template get<std::string>()})) {
        return e;
      }
    }
  }
  return std::nullopt;
}

}  // namespace detail

/// @brief The JSON body of `POST /api/v1/services`, as given (no checks; see
/// `encode_request_checked`). Optional fields are sent only when set. nlohmann's dump() recurses,
/// so a `config` nested thousands deep must go through `encode_request_checked`, which bounds it.
inline std::string encode_request(const ServiceRequest& r) {
  OrderedJson j = OrderedJson::object();
  j["project"] = r.project;
  j["name"] = r.name;
  j["service_type"] = detail::service_type_json(r.service_type);
  j["config"] = r.config;
  if (r.service_source) j["service_source"] = *r.service_source;
  if (r.admin_state) j["admin_state"] = r.admin_state->raw;
  if (r.labels) j["labels"] = detail::labels_json(*r.labels);
  if (r.status) j["status"] = *r.status;
  if (r.endpoint) j["endpoint"] = *r.endpoint;
  if (r.prediction_url) j["prediction_url"] = *r.prediction_url;
  if (r.health_check_url) j["health_check_url"] = *r.health_check_url;
  if (r.model_version_id) j["model_version_id"] = *r.model_version_id;
  if (r.pipeline_run_id) j["pipeline_run_id"] = *r.pipeline_run_id;
  return detail::dump_json(j);
}

/// @brief `encode_request` after checking the server's rules: `project` (and the optional ids)
/// UUIDs, `name` at most 255 characters, `service_type.type`/`flavor` non-empty, `config` (and
/// `status`/`endpoint`) objects, `admin_state`/`status.state` known states.
inline Result<std::string> encode_request_checked(const ServiceRequest& r) {
  if (auto e = detail::check_uuid("project", r.project)) return std::move(*e);
  if (auto e = detail::check_name(r.name)) return std::move(*e);
  if (r.service_type.type.empty()) {
    return Error::invalid_argument("service_type.type: must not be empty");
  }
  if (r.service_type.flavor.empty()) {
    return Error::invalid_argument("service_type.flavor: must not be empty");
  }
  if (auto e = detail::check_object("config", r.config)) return std::move(*e);
  if (r.admin_state) {
    if (auto e = detail::check_state("admin_state", *r.admin_state)) return std::move(*e);
  }
  if (r.status) {
    if (auto e = detail::check_object("status", *r.status)) return std::move(*e);
  }
  if (r.endpoint) {
    if (auto e = detail::check_object("endpoint", *r.endpoint)) return std::move(*e);
  }
  if (r.model_version_id) {
    if (auto e = detail::check_uuid("model_version_id", *r.model_version_id)) return std::move(*e);
  }
  if (r.pipeline_run_id) {
    if (auto e = detail::check_uuid("pipeline_run_id", *r.pipeline_run_id)) return std::move(*e);
  }
  return encode_request(r);
}

/// @brief The JSON body of `PUT /api/v1/services/{id}`: only the fields that were set, `{}` for
/// each explicit clear. `invalid_argument` for an empty update, a field both set and cleared,
/// `null` or non-object `status`/`endpoint` (the server would silently ignore `null`), a name
/// over 255 characters, an unknown `admin_state` / `status.state`, a non-UUID
/// `model_version_id`. Setting `labels` to an empty map clears them too, like `clear_labels()`.
inline Result<std::string> encode_update(const ServiceUpdate& u) {
  if (u.empty()) return Error::invalid_argument("nothing to update");
  if (u.labels && u.clear_labels_flag) {
    return Error::invalid_argument("labels: both set and cleared");
  }
  if (u.status && u.clear_status_flag) {
    return Error::invalid_argument("status: both set and cleared");
  }
  if (u.endpoint && u.clear_endpoint_flag) {
    return Error::invalid_argument("endpoint: both set and cleared");
  }
  OrderedJson j = OrderedJson::object();
  if (u.name) {
    if (auto e = detail::check_name(*u.name)) return std::move(*e);
    j["name"] = *u.name;
  }
  if (u.admin_state) {
    if (auto e = detail::check_state("admin_state", *u.admin_state)) return std::move(*e);
    j["admin_state"] = u.admin_state->raw;
  }
  if (u.service_source) j["service_source"] = *u.service_source;
  if (u.status) {
    if (auto e = detail::check_object("status", *u.status)) return std::move(*e);
    j["status"] = *u.status;
  }
  if (u.endpoint) {
    if (auto e = detail::check_object("endpoint", *u.endpoint)) return std::move(*e);
    j["endpoint"] = *u.endpoint;
  }
  if (u.prediction_url) j["prediction_url"] = *u.prediction_url;
  if (u.health_check_url) j["health_check_url"] = *u.health_check_url;
  if (u.labels) j["labels"] = detail::labels_json(*u.labels);
  if (u.model_version_id) {
    if (auto e = detail::check_uuid("model_version_id", *u.model_version_id)) return std::move(*e);
    j["model_version_id"] = *u.model_version_id;
  }
  if (u.clear_labels_flag) j["labels"] = OrderedJson::object();
  if (u.clear_status_flag) j["status"] = OrderedJson::object();
  if (u.clear_endpoint_flag) j["endpoint"] = OrderedJson::object();
  return detail::dump_json(j);
}

/// @brief `application/x-www-form-urlencoded` body (login): the same strict percent-encoding as
/// query strings (a space is `%20`, which every form decoder reads as a space).
inline std::string encode_form(const QueryParams& fields) {
  return encode_query(fields);
}

}  // namespace zenml
