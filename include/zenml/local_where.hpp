// zenml-services-wasm — conditions the server cannot filter on (a service's state, its labels),
// evaluated on services held in memory. Which keys exist and what they read is the local-only
// field table of filter_schema.hpp (kLocalFields); this reads `where` and applies it.
//
// Client-side by nature: the server narrows with its own filters, and every page it returns is
// fetched and kept or dropped here, so the cost is one request per page of the server-filtered
// list, whatever the number of matches.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "zenml/detail/concat.hpp"
#include "zenml/error.hpp"
#include "zenml/filter_schema.hpp"
#include "zenml/json.hpp"
#include "zenml/reader.hpp"
#include "zenml/result.hpp"
#include "zenml/service.hpp"

namespace zenml {

/// @brief `where`: every condition must hold (AND); absent keys apply no condition.
struct LocalWhere {
  /// `state`: the service's state is one of these (empty: no condition).
  std::vector<std::string> states;
  /// `labels`: key and value (equal), or key and nullopt (present with any value).
  std::vector<std::pair<std::string, std::optional<std::string>>> labels;

  bool empty() const noexcept { return states.empty() && labels.empty(); }
};

namespace where_detail {

inline std::string known_states() {
  std::string out;
  for (ServiceStateKind k : kKnownStates) {
    if (!out.empty()) out += ", ";
    out += to_string(k);
  }
  return out;
}

template <class J>
std::optional<Error> read_state(const J& v, const std::string& path, LocalWhere& out) {
  auto one = [&](const J& s, const std::string& p) -> std::optional<Error> {
    if (!s.is_string()) return reader::wrong_type(p, "a ServiceState (a string)", s);
    const auto& text = *s.template get_ptr<const std::string*>();
    if (state_kind(text) == ServiceStateKind::unknown) {
      return reader::problem(
          p, detail::fmt("\"{}\" is not a ServiceState; use one of {}", {text, known_states()}));
    }
    out.states.push_back(text);
    return std::nullopt;
  };
  if (v.is_string()) return one(v, path);
  if (!v.is_array()) {
    return reader::wrong_type(path, "a ServiceState or a list of them like [\"error\"]", v);
  }
  if (v.empty()) {
    return reader::problem(path, "the list is empty (it would match no service); omit the key");
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (auto e = one(v[i], reader::at(path, i))) return e;
  }
  return std::nullopt;
}

template <class J>
std::optional<Error> read_labels(const J& v, const std::string& path, LocalWhere& out) {
  if (!v.is_object()) {
    return reader::wrong_type(path, "an object like { \"env\": \"prod\", \"gpu\": true }", v);
  }
  for (auto kv = v.begin(); kv != v.end(); ++kv) {
    const std::string p = reader::at(path, kv.key());
    if (kv.key().empty()) return reader::problem(p, "a label key must not be empty");
    if (kv->is_string()) {
      out.labels.emplace_back(kv.key(), *kv->template get_ptr<const std::string*>());
    } else if (kv->is_boolean() && kv->template get<bool>()) {
      out.labels.emplace_back(kv.key(), std::nullopt);
    } else {
      return reader::wrong_type(p, "a string (the value) or true (the key is present)", *kv);
    }
  }
  return std::nullopt;
}

}  // namespace where_detail

/// @brief Reads `where` ({ state?, labels? }; null: no condition). Keys are kLocalFields'.
template <class J>
Result<LocalWhere> local_where_from_json(const J& j) {
  LocalWhere out;
  if (j.is_null()) return out;
  if (!j.is_object()) {
    return reader::wrong_type(
        "where", "an object like { state: [\"error\"], labels: { env: \"prod\" } }", j);
  }
  std::vector<std::string_view> keys;
  for (const LocalFieldSpec& f : kLocalFields) keys.push_back(f.name);
  if (auto e = reader::check_keys(j, "where", keys, "local condition")) return std::move(*e);
  for (const LocalFieldSpec& f : kLocalFields) {
    const J* v = reader::find(j, f.name);
    if (v == nullptr || v->is_null()) continue;
    const std::string path = reader::at("where", f.name);
    std::optional<Error> e = f.kind == LocalFieldKind::state
                                 ? where_detail::read_state(*v, path, out)
                                 : where_detail::read_labels(*v, path, out);
    if (e) return std::move(*e);
  }
  return out;
}

/// @brief Whether `s` meets every condition of `w`. A service without a state meets no state
/// condition; one without labels meets no label condition.
inline bool where_matches(const Service& s, const LocalWhere& w) {
  if (!w.states.empty()) {
    if (!s.body || !s.body->state) return false;
    bool any = false;
    for (const std::string& st : w.states) any = any || st == s.body->state->raw;
    if (!any) return false;
  }
  if (!w.labels.empty()) {
    if (!s.body || !s.body->labels) return false;
    const Labels& labels = *s.body->labels;
    for (const auto& [key, value] : w.labels) {
      const auto it = labels.find(key);
      if (it == labels.end()) return false;
      if (value && it->second != *value) return false;
    }
  }
  return true;
}

/// @brief The positions (in order) of the services that meet `w`.
inline std::vector<std::size_t> where_indices(const std::vector<Service>& services,
                                              const LocalWhere& w) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < services.size(); ++i) {
    if (where_matches(services[i], w)) out.push_back(i);
  }
  return out;
}

}  // namespace zenml
