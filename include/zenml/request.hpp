// zenml-services-wasm — request builders: one function per endpoint -> HttpRequest.
//
// Paths are built only from constants, validated UUIDs and percent-encoded segments, so no id,
// name or filter value can add a path segment or a query parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "zenml/detail/concat.hpp"
#include "zenml/detail/uuid.hpp"
#include "zenml/encode.hpp"
#include "zenml/error.hpp"
#include "zenml/filter.hpp"
#include "zenml/result.hpp"
#include "zenml/service.hpp"
#include "zenml/transport.hpp"
#include "zenml/url.hpp"

namespace zenml {

/// @brief True for a canonical 8-4-4-4-12 hex UUID (either case), the only form the server's
/// path parameters accept (detail/uuid.hpp).
using detail::is_uuid;

namespace requests {

inline constexpr std::string_view kServicesPath = "/api/v1/services";

namespace detail {
inline Result<std::string> service_path(std::string_view id) {
  if (!is_uuid(id)) {
    return Error::invalid_argument(
        "service id \"{}\" is not a UUID; pass the service's `id` (8-4-4-4-12 hex digits)",
        {id.substr(0, 64)});
  }
  return zenml::detail::fmt("{}/{}", {kServicesPath, id});
}
inline HttpRequest make(std::string method, std::string path) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}
inline HttpRequest with_json(HttpRequest r, std::string body) {
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}
}  // namespace detail

/// @brief `GET /api/v1/services?…`, validated with the server's own rules first.
inline Result<HttpRequest> list_services(const ServiceFilter& filter) {
  auto q = filter.to_query_params();
  if (!q) return std::move(q).error();
  HttpRequest r = detail::make("GET", std::string(kServicesPath));
  r.query = std::move(q).value();
  return r;
}

/// @brief `GET /api/v1/services/{id}`; the server's default is `hydrate=true`.
inline Result<HttpRequest> get_service(std::string_view id, bool hydrate = true) {
  auto path = detail::service_path(id);
  if (!path) return std::move(path).error();
  HttpRequest r = detail::make("GET", std::move(path).value());
  r.query.emplace_back("hydrate", hydrate ? "true" : "false");
  return r;
}

/// @brief `POST /api/v1/services`. `project_name_or_id`, when given, overrides `req.project`
/// on the server; the body must carry a project UUID all the same.
inline Result<HttpRequest> create_service(
    const ServiceRequest& req, const std::optional<std::string>& project_name_or_id = {}) {
  auto body = encode_request_checked(req);
  if (!body) return std::move(body).error();
  HttpRequest r =
      detail::with_json(detail::make("POST", std::string(kServicesPath)), std::move(body).value());
  if (project_name_or_id) {
    if (project_name_or_id->empty()) {
      return Error::invalid_argument(
          "project: must not be empty; omit it to use the body's project");
    }
    r.query.emplace_back("project_name_or_id", *project_name_or_id);
  }
  return r;
}

/// @brief `PUT /api/v1/services/{id}` with only the fields the update sets (or clears).
inline Result<HttpRequest> update_service(std::string_view id, const ServiceUpdate& update) {
  auto path = detail::service_path(id);
  if (!path) return std::move(path).error();
  auto body = encode_update(update);
  if (!body) return std::move(body).error();
  return detail::with_json(detail::make("PUT", std::move(path).value()), std::move(body).value());
}

/// @brief `DELETE /api/v1/services/{id}` (the server answers 200 with body `null`).
inline Result<HttpRequest> delete_service(std::string_view id) {
  auto path = detail::service_path(id);
  if (!path) return std::move(path).error();
  return detail::make("DELETE", std::move(path).value());
}

/// @brief `POST /api/v1/login` with the OAuth2 password grant (form-encoded). The password may
/// be empty (ZenML's auto-activated `default` user has none).
inline Result<HttpRequest> login_password(std::string_view username, std::string_view password) {
  if (username.empty()) return Error::invalid_argument("login: username must not be empty");
  HttpRequest r = detail::make("POST", "/api/v1/login");
  r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  r.body = encode_query({{"grant_type", "password"},
                         {"username", std::string(username)},
                         {"password", std::string(password)}});
  return r;
}

/// @brief `POST /api/v1/login` with a service account's API key (`ZENKEY_…`).
inline Result<HttpRequest> login_api_key(std::string_view api_key) {
  if (api_key.empty()) return Error::invalid_argument("login: apiKey must not be empty");
  HttpRequest r = detail::make("POST", "/api/v1/login");
  r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  r.body = encode_query({{"grant_type", "zenml-api-key"}, {"password", std::string(api_key)}});
  return r;
}

/// @brief `GET /api/v1/info` (no authentication needed).
inline HttpRequest server_info() {
  return detail::make("GET", "/api/v1/info");
}

/// @brief `GET /api/v1/current-user`.
inline HttpRequest current_user() {
  return detail::make("GET", "/api/v1/current-user");
}

/// @brief `GET /api/v1/projects/{name_or_id}`; the name is one percent-encoded path segment.
inline Result<HttpRequest> project(std::string_view name_or_id) {
  if (name_or_id.empty()) return Error::invalid_argument("project: name or id must not be empty");
  if (name_or_id == "." || name_or_id == "..") {
    return Error::invalid_argument("project: \".\" and \"..\" are not project names");
  }
  return detail::make("GET", "/api/v1/projects/" + percent_encode(name_or_id));
}

/// @brief `GET /api/v1/projects?page=&size=`: one page of the projects the token may see, by
/// name (ZenML's own sort parameter, so that a switcher lists them in a stable order).
inline Result<HttpRequest> list_projects(std::int64_t page, std::int64_t size) {
  if (page < 1) {
    return Error::invalid_argument("page: must be >= 1, got {}", {std::to_string(page)});
  }
  if (size < 1 || size > kPageSizeMaximum) {
    return Error::invalid_argument("size: must be between 1 and {}, got {}",
                                   {std::to_string(kPageSizeMaximum), std::to_string(size)});
  }
  HttpRequest r = detail::make("GET", "/api/v1/projects");
  r.query.emplace_back("page", std::to_string(page));
  r.query.emplace_back("size", std::to_string(size));
  r.query.emplace_back("sort_by", "asc:name");
  return r;
}

}  // namespace requests
}  // namespace zenml
