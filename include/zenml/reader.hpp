// zenml-services-wasm — reading caller input given as JSON: what every reader shares.
//
// The JS facade hands each argument over as JSON; input.hpp reads services, credentials,
// per-call options and createClient options, filter.hpp reads list options. They all build
// their messages here, so that every path words a problem the same way:
//   * a wrong type:   `<path>: expected <what>, got <type>`, in the response decoder's words
//                     (detail/messages.hpp: null, boolean, number, string, array, object);
//   * an unknown key: `<path>: unknown <what>; did you mean <closest>?` when one is close,
//                     else `; write one of <every known key>`;
//   * a missing key:  `<path>: is required`.
// A path is relative to the argument (`labels.team`, `filter.name[1]`); a problem with the
// argument itself names the argument (`update: expected an object, got array`).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zenml/detail/concat.hpp"
#include "zenml/detail/messages.hpp"
#include "zenml/error.hpp"
#include "zenml/result.hpp"

namespace zenml::reader {

/// @brief `path.key`, or `key` at the root.
inline std::string at(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out.push_back('.');
  out.append(key);
  return out;
}

/// @brief `path[i]`.
inline std::string at(std::string_view path, std::size_t i) {
  return detail::fmt("{}[{}]", {path, std::to_string(i)});
}

/// @brief `invalid_argument` with `<path>: <problem>`.
inline Error problem(std::string_view path, std::string_view what) {
  std::string msg(path);
  msg += ": ";
  msg.append(what);
  return Error::invalid_argument(std::move(msg));
}

/// @brief `<path>: expected <what>, got <type of j>`; `what` may carry an example
/// (`a string like "desc:created"`).
template <class J>
Error wrong_type(std::string_view path, std::string_view what, const J& j) {
  return problem(path, detail::expected(what, detail::type_name(j)));
}

/// @brief `<path>: is required` (with `hint` after it, e.g. an example).
inline Error missing(std::string_view path, std::string_view hint = {}) {
  std::string msg = "is required";
  if (!hint.empty()) msg.append(", e.g. ").append(hint);
  return problem(path, msg);
}

inline char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// @brief Edit distance, for "did you mean" hints on unknown keys and operators: insertions,
/// deletions, substitutions and swaps of two neighbours (`contians`) count one each.
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], before[j - 2] + 1);
      }
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

/// @brief Lowercase with `_` and `-` removed: `sort_by`, `sortBy` and `SortBy` compare equal.
inline std::string loose_key(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_' && c != '-') out.push_back(ascii_lower(c));
  }
  return out;
}

/// @brief The closest of `known` to `key` (the same key in another spelling, or at most two
/// edits away), or "" when none is close.
inline std::string_view closest_key(std::string_view key,
                                    const std::vector<std::string_view>& known) {
  const std::string lk = loose_key(key);
  for (std::string_view k : known) {
    if (loose_key(k) == lk) return k;
  }
  std::string_view best;
  std::size_t best_d = 3;
  for (std::string_view k : known) {
    const std::size_t d = edit_distance(lk, loose_key(k));
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  return best;
}

/// @brief `<path>: unknown <what>; did you mean <closest>?`, or `; write one of <known>`.
inline Error unknown_key(const std::string& path, std::string_view key,
                         const std::vector<std::string_view>& known, std::string_view what) {
  std::string msg = "unknown ";
  msg.append(what);
  const std::string_view hint = closest_key(key, known);
  if (!hint.empty()) {
    msg.append("; did you mean ").append(hint).append("?");
  } else {
    msg += "; write one of ";
    for (std::size_t i = 0; i < known.size(); ++i) {
      if (i) msg += ", ";
      msg.append(known[i]);
    }
  }
  return problem(path, msg);
}

/// @brief The first key of object `o` that is not in `known`, as an `unknown_key` error.
template <class J>
std::optional<Error> check_keys(const J& o, std::string_view path,
                                const std::vector<std::string_view>& known,
                                std::string_view what = "field") {
  for (auto kv = o.begin(); kv != o.end(); ++kv) {
    if (std::find(known.begin(), known.end(), kv.key()) == known.end()) {
      return unknown_key(at(path, kv.key()), kv.key(), known, what);
    }
  }
  return std::nullopt;
}

/// @brief A string; `what` names it in the message (`a string like "desc:created"`).
template <class J>
Result<std::string> string(const J& j, std::string_view path, std::string_view what = "a string") {
  if (!j.is_string()) return wrong_type(path, what, j);
  return *j.template get_ptr<const std::string*>();
}

/// @brief true or false.
template <class J>
Result<bool> boolean(const J& j, std::string_view path) {
  if (!j.is_boolean()) return wrong_type(path, "true or false", j);
  return *j.template get_ptr<const bool*>();
}

/// @brief A number (any JSON number).
template <class J>
Result<double> number(const J& j, std::string_view path, std::string_view what = "a number") {
  if (!j.is_number()) return wrong_type(path, what, j);
  return j.template get<double>();
}

/// @brief An integer: a JSON integer, or a float with no fraction (JS has only doubles) within
/// ±1e15. A number that is not one is named by its value (`expected an integer, got 1.5`).
template <class J>
Result<std::int64_t> integer(const J& j, std::string_view path) {
  if (j.is_number_unsigned()) {
    const auto u = *j.template get_ptr<const std::uint64_t*>();
    if (u <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(u);
  } else if (j.is_number_integer()) {
    return *j.template get_ptr<const std::int64_t*>();
  } else if (j.is_number_float()) {
    const double d = *j.template get_ptr<const double*>();
    if (d > -1e15 && d < 1e15 && d == static_cast<double>(static_cast<std::int64_t>(d))) {
      return static_cast<std::int64_t>(d);
    }
  }
  if (!j.is_number()) return wrong_type(path, "an integer", j);
  return problem(path, detail::fmt("expected an integer, got {}",
                                   {j.dump(-1, ' ', false, J::error_handler_t::replace)}));
}

/// @brief The member `key` of object `o`, or nullptr when it is absent.
template <class J>
const J* find(const J& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

}  // namespace zenml::reader
