// zenml-services-wasm — models of the Services resource, with the REST API's field names.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "zenml/json.hpp"

namespace zenml {

using Labels = std::map<std::string, std::string>;

/// @brief The six states ZenML knows, plus `unknown` for anything a newer server may send.
enum class ServiceStateKind {
  inactive,
  active,
  pending_startup,
  pending_shutdown,
  error,
  scaled_to_zero,
  unknown,
};

constexpr std::string_view to_string(ServiceStateKind k) noexcept {
  switch (k) {
    case ServiceStateKind::inactive:
      return "inactive";
    case ServiceStateKind::active:
      return "active";
    case ServiceStateKind::pending_startup:
      return "pending_startup";
    case ServiceStateKind::pending_shutdown:
      return "pending_shutdown";
    case ServiceStateKind::error:
      return "error";
    case ServiceStateKind::scaled_to_zero:
      return "scaled_to_zero";
    case ServiceStateKind::unknown:
      return "unknown";
  }
  return "unknown";
}

constexpr ServiceStateKind state_kind(std::string_view s) noexcept {
  for (auto k : {ServiceStateKind::inactive, ServiceStateKind::active,
                 ServiceStateKind::pending_startup, ServiceStateKind::pending_shutdown,
                 ServiceStateKind::error, ServiceStateKind::scaled_to_zero}) {
    if (to_string(k) == s) return k;
  }
  return ServiceStateKind::unknown;
}

/// @brief A `ServiceState` as sent by the server. The raw string is kept so that a state a
/// newer server invents survives a round trip instead of failing the decode.
struct ServiceState {
  std::string raw;
  ServiceStateKind kind() const noexcept { return state_kind(raw); }
  bool known() const noexcept { return kind() != ServiceStateKind::unknown; }
  friend bool operator==(const ServiceState& a, const ServiceState& b) { return a.raw == b.raw; }
};

/// @brief `ServiceType`. The server fills `name`, `description`, `logo_url` with `""`.
struct ServiceType {
  std::string type;
  std::string flavor;
  std::string name;
  std::string description;
  std::string logo_url;
  friend bool operator==(const ServiceType& a, const ServiceType& b) {
    return a.type == b.type && a.flavor == b.flavor && a.name == b.name &&
           a.description == b.description && a.logo_url == b.logo_url;
  }
};

/// @brief A ZenML timestamp: naive ISO-8601 in UTC (`2026-09-12T11:52:44.045303`, fraction
/// only when non-zero). Kept verbatim and as milliseconds since the Unix epoch.
struct Timestamp {
  std::string text;
  double epoch_ms = 0;
  friend bool operator==(const Timestamp& a, const Timestamp& b) { return a.text == b.text; }
};

/// @brief A related entity (user, project, pipeline run, model version): id and name decoded,
/// the whole object kept as JSON for everything else.
struct ResourceRef {
  std::string id;
  std::string name;
  Json raw;
};

// The models are the normalised shape (the current release's), whatever release answered:
// decode.hpp fills `body.user_id`, `body.project_id` and `resources.user` from the embedded
// objects of 0.80.0-0.82.x. A field the server did not send is absent (nullopt); strings the
// models keep as plain `std::string` (`Service::name`, `ServiceType`'s) read as "" then.

struct ServiceBody {
  std::optional<Timestamp> created;
  std::optional<Timestamp> updated;
  /// The owner. 0.80.0-0.82.x: from the embedded `body.user` (null when that is null).
  std::optional<std::string> user_id;
  /// 0.82.1-0.82.x: from the item's top-level `project_id`; 0.80.0-0.82.0: from
  /// `metadata.project`, so absent in an answer without metadata (`hydrate=false`).
  std::optional<std::string> project_id;
  ServiceType service_type;
  std::optional<Labels> labels;
  std::optional<ServiceState> state;
};

struct ServiceMetadata {
  std::optional<std::string> service_source;
  std::optional<ServiceState> admin_state;
  Json config = Json::object();
  std::optional<Json> status;
  std::optional<Json> endpoint;
  std::optional<std::string> prediction_url;
  std::optional<std::string> health_check_url;
  /// The embedded project, sent by 0.80.0-0.82.x only (newer releases say `body.project_id`).
  std::optional<ResourceRef> project;
};

struct ServiceResources {
  /// 0.80.0-0.82.x: the embedded `body.user`.
  std::optional<ResourceRef> user;
  std::optional<ResourceRef> pipeline_run;
  std::optional<ResourceRef> model_version;
};

/// @brief `ServiceResponse`. `metadata` is present only for hydrated responses.
struct Service {
  std::string id;
  std::string name;
  bool permission_denied = false;
  std::optional<ServiceBody> body;
  std::optional<ServiceMetadata> metadata;
  std::optional<ServiceResources> resources;
};

/// @brief `ServiceRequest`, the body of `POST /api/v1/services`.
struct ServiceRequest {
  std::string project;  ///< project UUID; required by the server even with `project_name_or_id`
  std::string name;
  ServiceType service_type;
  OrderedJson config =
      OrderedJson::object();  ///< must be unique across the whole server (409 otherwise)
  std::optional<std::string> service_source;
  std::optional<ServiceState> admin_state;
  std::optional<Labels> labels;
  std::optional<OrderedJson> status;
  std::optional<OrderedJson> endpoint;
  std::optional<std::string> prediction_url;
  std::optional<std::string> health_check_url;
  std::optional<std::string> model_version_id;
  std::optional<std::string> pipeline_run_id;
};

/// @brief `ServiceUpdate`, the body of `PUT /api/v1/services/{id}`: a partial update.
///
/// Only fields that were set are sent; the server ignores absent and `null` fields. Clearing
/// `labels`, `status` or `endpoint` is explicit (`clear_labels()` …), which sends `{}`: the
/// server stores that as `null`. Setting and clearing the same field is an `invalid_argument`.
struct ServiceUpdate {
  std::optional<std::string> name;
  std::optional<ServiceState> admin_state;
  std::optional<std::string> service_source;
  std::optional<OrderedJson> status;
  std::optional<OrderedJson> endpoint;
  std::optional<std::string> prediction_url;
  std::optional<std::string> health_check_url;
  std::optional<Labels> labels;
  std::optional<std::string> model_version_id;

  bool clear_labels_flag = false;
  bool clear_status_flag = false;
  bool clear_endpoint_flag = false;

  ServiceUpdate& clear_labels() {
    clear_labels_flag = true;
    return *this;
  }
  ServiceUpdate& clear_status() {
    clear_status_flag = true;
    return *this;
  }
  ServiceUpdate& clear_endpoint() {
    clear_endpoint_flag = true;
    return *this;
  }

  bool empty() const {
    return !name && !admin_state && !service_source && !status && !endpoint && !prediction_url &&
           !health_check_url && !labels && !model_version_id && !clear_labels_flag &&
           !clear_status_flag && !clear_endpoint_flag;
  }
};

/// @brief `GET /api/v1/info` (`ServerModel`): the fields a client acts on, plus the raw object.
struct ServerInfo {
  std::string id;
  std::string name;
  std::string version;
  std::string auth_scheme;  ///< NO_AUTH | HTTP_BASIC | OAUTH2_PASSWORD_BEARER | EXTERNAL
  std::string deployment_type;
  std::string database_type;
  bool active = false;
  std::optional<std::string> server_url;
  std::optional<std::string> dashboard_url;
  Json raw;
};

/// @brief `OAuthTokenResponse` of `POST /api/v1/login`.
struct TokenResponse {
  std::string access_token;
  std::string token_type;
  std::optional<double> expires_in;
  std::optional<std::string> csrf_token;
  std::optional<std::string> device_id;
  std::optional<std::string> scope;
};

}  // namespace zenml
