// zenml-services-wasm — evaluates a ServiceFilter over services held in memory, with the
// semantics of the server's SQL store (SQLite backend): filtering, sorting, pagination.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zenml/error.hpp"
#include "zenml/filter.hpp"
#include "zenml/page.hpp"
#include "zenml/result.hpp"
#include "zenml/service.hpp"

namespace zenml {

/// @brief SQLite `LIKE` without an `ESCAPE` clause: `%` matches any run of characters, `_`
/// exactly one character (a UTF-8 code point), ASCII letters match case-insensitively, nothing
/// else is special. ZenML does not escape `%`/`_` in `contains`/`startswith`/`endswith`.
inline bool sql_like(std::string_view text, std::string_view pattern) {
  // Code points of both sides; malformed UTF-8 bytes count as one character each.
  auto decode = [](std::string_view s) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < s.size();) {
      const auto b = static_cast<unsigned char>(s[i]);
      std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
      if (i + n > s.size()) n = 1;
      std::uint32_t cp = n == 1 ? b : (b & (0xFFu >> (n + 1)));
      for (std::size_t k = 1; k < n; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
      }
      out.push_back(cp);
      i += n;
    }
    return out;
  };
  auto fold = [](std::uint32_t c) -> std::uint32_t {
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
  };
  const auto t = decode(text);
  const auto p = decode(pattern);
  // Greedy matching with backtracking to the last `%`: linear in practice, O(n*m) worst case.
  std::size_t ti = 0, pi = 0, star_p = SIZE_MAX, star_t = 0;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '%') {
      star_p = pi++;
      star_t = ti;
    } else if (pi < p.size() && (p[pi] == '_' || fold(p[pi]) == fold(t[ti]))) {
      ++pi;
      ++ti;
    } else if (star_p != SIZE_MAX) {
      pi = star_p + 1;
      ti = ++star_t;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

/// @brief SQLite `CAST(text AS REAL)`: the longest leading decimal number (after leading
/// spaces), or 0.0 when there is none (`"12abc"` → 12, `"1e5x"` → 100000, `"abc"` → 0).
inline double sql_cast_float(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  const std::size_t start = i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && filter_detail::is_digit(s[i])) { ++i; ++digits; }
  if (i < s.size() && s[i] == '.') {
    std::size_t j = i + 1, frac = 0;
    while (j < s.size() && filter_detail::is_digit(s[j])) { ++j; ++frac; }
    if (digits + frac > 0) {
      i = j;
      digits += frac;
    }
  }
  if (digits == 0) return 0.0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    const std::size_t exp_start = j;
    while (j < s.size() && filter_detail::is_digit(s[j])) ++j;
    if (j > exp_start) i = j;
  }
  const std::string num(s.substr(start, i - start));
  return std::strtod(num.c_str(), nullptr);
}

namespace filter_detail {

/// Python's `float(text)` for a value that passed `is_python_float` (C-locale `strtod`).
inline double python_float(std::string_view v) { return std::strtod(std::string(v).c_str(), nullptr); }

/// `hex` of a UUID column as SQLite stores it; a malformed id falls back to "hyphens stripped,
/// lowercased" so that hand-made test data still compares sensibly.
inline std::string column_hex(std::string_view id) {
  if (auto h = uuid_hex(id)) return *h;
  std::string out;
  for (char c : id) {
    if (c != '-') out.push_back(ascii_lower(c));
  }
  return out;
}

inline std::string strip_hyphens(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c != '-') out.push_back(c);
  }
  return out;
}

/// The NULL rule of ZenML's oracle: on a NULL column only `isnull` and `notoneof:[]` match.
inline bool matches_null(const Condition& c) {
  if (c.op == FilterOp::isnull) return true;
  if (c.op == FilterOp::notoneof) {
    auto list = parse_string_list(c.value);
    return list && list->empty();
  }
  return false;
}

inline bool numeric_compare(FilterOp op, double col, double v) {
  switch (op) {
    case FilterOp::gt: return col > v;
    case FilterOp::gte: return col >= v;
    case FilterOp::lt: return col < v;
    case FilterOp::lte: return col <= v;
    default: return false;
  }
}

/// A string column (`name`, `user.name`, the UUID hex for non-equality ops) against `c`.
inline bool eval_string(const Condition& c, const std::optional<std::string>& col,
                        bool strip_value_hyphens = false) {
  if (!col) return matches_null(c);
  const std::string v = strip_value_hyphens ? strip_hyphens(c.value) : c.value;
  switch (c.op) {
    case FilterOp::equals: return *col == v;
    case FilterOp::notequals: return *col != v;
    case FilterOp::contains: return sql_like(*col, "%" + v + "%");
    case FilterOp::notcontains:
      return unconfirmed::notcontains_is_not_like && !sql_like(*col, "%" + v + "%");
    case FilterOp::startswith: return sql_like(*col, v + "%");
    case FilterOp::endswith: return sql_like(*col, "%" + v);
    case FilterOp::oneof:
    case FilterOp::notoneof: {
      auto list = parse_string_list(c.value);
      if (!list) return false;
      bool found = false;
      for (const auto& item : *list) {
        found = found || *col == (strip_value_hyphens ? strip_hyphens(item) : item);
      }
      return c.op == FilterOp::oneof ? found : !found;
    }
    case FilterOp::gt:
    case FilterOp::gte:
    case FilterOp::lt:
    case FilterOp::lte:
      if (!is_python_float(v)) return false;  // the server answers 400
      return numeric_compare(c.op, sql_cast_float(*col), python_float(v));
    case FilterOp::isnull: return false;
    case FilterOp::isnotnull: return true;
    case FilterOp::in: return false;  // not a string operator
  }
  return false;
}

/// A UUID column: equality on the UUID itself, every other op on its 32-digit hex.
inline bool eval_uuid(const Condition& c, const std::optional<std::string>& col) {
  if (!col) return matches_null(c);
  if (c.op == FilterOp::equals || c.op == FilterOp::notequals) {
    const auto want = uuid_hex(c.value);
    const bool eq = want && *want == column_hex(*col);
    return c.op == FilterOp::equals ? eq : !eq;
  }
  return eval_string(c, column_hex(*col), true);
}

/// A datetime column (epoch ms) against a filter datetime (naive UTC).
inline bool eval_datetime(const Condition& c, const std::optional<double>& col) {
  if (!col) return matches_null(c);
  if (c.op == FilterOp::isnull) return false;
  if (c.op == FilterOp::isnotnull) return true;
  if (c.op == FilterOp::in) {
    const auto comma = c.value.find(',');
    if (comma == std::string::npos) return false;
    const auto lo = parse_filter_datetime(std::string_view(c.value).substr(0, comma));
    const auto hi = parse_filter_datetime(std::string_view(c.value).substr(comma + 1));
    return lo && hi && *col >= *lo && *col <= *hi;
  }
  const auto v = parse_filter_datetime(c.value);
  if (!v) return false;
  switch (c.op) {
    case FilterOp::equals: return *col == *v;
    case FilterOp::notequals: return *col != *v;
    default: return numeric_compare(c.op, *col, *v);
  }
}

/// What a service shows of its creator: id always (when it has one), name and full_name only
/// when `resources.user` carries them.
struct UserView {
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> full_name;
};

inline std::optional<UserView> user_view(const Service& s) {
  UserView u;
  if (s.resources && s.resources->user) {
    const ResourceRef& r = *s.resources->user;
    if (!r.id.empty()) u.id = r.id;
    if (!r.name.empty()) u.name = r.name;
    // `full_name` lives in the user's `body`; accept it at the top level too.
    auto read_full_name = [&u](const Json& obj) {
      if (!obj.is_object()) return;
      const auto it = obj.find("full_name");
      if (it != obj.end() && it->is_string()) u.full_name = it->get_ref<const std::string&>();
    };
    read_full_name(r.raw);
    if (r.raw.is_object()) {
      const auto body = r.raw.find("body");
      if (body != r.raw.end()) read_full_name(*body);
    }
  }
  if (!u.id && s.body && s.body->user_id) u.id = *s.body->user_id;
  if (!u.id && !u.name) return std::nullopt;
  return u;
}

/// `user=<cond>`: the creator's name, id or full_name, OR-ed; attributes the service does not
/// carry are left out (in the database none of them is NULL). The id branch is skipped for
/// `equals`/`notequals` with a value that is not a UUID (the server drops it on the UUID parse
/// error). A service without a creator matches no `user` condition (the server joins users).
inline bool eval_user(const Condition& c, const Service& s) {
  const auto u = user_view(s);
  if (!u) return false;
  if (u->name && eval_string(c, u->name)) return true;
  const bool eq_op = c.op == FilterOp::equals || c.op == FilterOp::notequals;
  if (u->id && !(eq_op && !is_uuid_value(c.value)) && eval_uuid(c, u->id)) return true;
  return u->full_name && eval_string(c, u->full_name);
}

inline std::optional<std::string> resource_id(const std::optional<ServiceResources>& res,
                                              std::optional<ResourceRef> ServiceResources::*m) {
  if (!res || !((*res).*m) || ((*res).*m)->id.empty()) return std::nullopt;
  return ((*res).*m)->id;
}

/// One generic condition on one service.
inline bool eval_generic(std::string_view field, const Condition& c, const Service& s) {
  if (field == "id") return eval_uuid(c, s.id);
  if (field == "name") return eval_string(c, s.name);
  if (field == "user") return eval_user(c, s);
  if (field == "created" || field == "updated") {
    std::optional<double> col;
    if (s.body) col = field == "created" ? s.body->created.epoch_ms : s.body->updated.epoch_ms;
    return eval_datetime(c, col);
  }
  if (field == "model_version_id") return eval_uuid(c, resource_id(s.resources, &ServiceResources::model_version));
  return eval_uuid(c, resource_id(s.resources, &ServiceResources::pipeline_run));
}

/// The value a custom exact-match field reads: `body.service_type.{type,flavor}` and
/// `metadata.config.{pipeline_name,pipeline_step_name}` (the server copies them at creation).
inline std::optional<std::string> custom_value(std::string_view field, const Service& s) {
  if (field == "type" || field == "flavor") {
    if (!s.body) return std::nullopt;
    return field == "type" ? s.body->service_type.type : s.body->service_type.flavor;
  }
  if (!s.metadata || !s.metadata->config.is_object()) return std::nullopt;
  const auto it = s.metadata->config.find(std::string(field));
  if (it == s.metadata->config.end() || !it->is_string()) return std::nullopt;
  return it->get_ref<const std::string&>();
}

}  // namespace filter_detail

/// @brief Whether the server would list `s` for filter `f`.
///
/// Generic filters (`id`, `created`, `updated`, `name`, `user`, `model_version_id`,
/// `pipeline_run_id`) are combined with `f.logical_operator`; `scope_user`, `type`, `flavor`,
/// `pipeline_name`, `pipeline_step_name` are AND-ed on top. Not evaluated: `project` (pass the
/// services of one project), `running` and `config` (the server ignores them too).
/// `pipeline_name`/`pipeline_step_name` read `metadata.config`, so un-hydrated services never
/// match them. `model_version_id`/`pipeline_run_id` read `resources.*.id`. Validate `f` first
/// (`local_query` does): a condition the server would reject simply does not match here.
inline bool matches(const Service& s, const ServiceFilter& f) {
  if (f.scope_user) {
    const auto u = filter_detail::user_view(s);
    const auto want = uuid_hex(*f.scope_user);
    if (!u || !u->id || !want || filter_detail::column_hex(*u->id) != *want) return false;
  }
  for (const auto& c : custom_filter_fields()) {
    if (const auto& want = f.*(c.member)) {
      const auto have = filter_detail::custom_value(c.name, s);
      if (!have || *have != *want) return false;
    }
  }
  const bool any = f.logical_operator == LogicalOperator::or_;
  bool has_generic = false;
  for (const auto& g : generic_filter_fields()) {
    for (const Condition& c : f.*(g.member)) {
      has_generic = true;
      const bool m = filter_detail::eval_generic(g.name, c, s);
      if (any && m) return true;
      if (!any && !m) return false;
    }
  }
  if (any && !has_generic) {
    // UNCONFIRMED (spec §2.3, §8.2): the sources read compile `or_(*[])` to FALSE.
    return !unconfirmed::or_without_generic_filters_matches_nothing;
  }
  return !any;
}

namespace filter_detail {

/// A sort key: NULL, a number (datetimes) or a byte string (BINARY collation).
struct SortKey {
  bool null = true;
  double number = 0;
  std::string text;
};

inline SortKey sort_key(std::string_view field, const Service& s) {
  SortKey k;
  auto set_text = [&k](std::optional<std::string> v) {
    if (v) {
      k.null = false;
      k.text = std::move(*v);
    }
  };
  if (field == "created" || field == "updated") {
    if (s.body) {
      k.null = false;
      k.number = field == "created" ? s.body->created.epoch_ms : s.body->updated.epoch_ms;
    }
  } else if (field == "name") {
    set_text(s.name);
  } else if (field == "user") {
    const auto u = user_view(s);
    set_text(u ? u->name : std::nullopt);
  } else if (field == "id") {
    set_text(column_hex(s.id));
  } else {
    auto id = resource_id(s.resources, field == "model_version_id" ? &ServiceResources::model_version
                                                                   : &ServiceResources::pipeline_run);
    set_text(id ? std::optional<std::string>(column_hex(*id)) : std::nullopt);
  }
  return k;
}

/// <0, 0, >0 with SQLite's order: NULL before every value.
inline int compare(const SortKey& a, const SortKey& b) {
  if (a.null || b.null) return (a.null ? 0 : 1) - (b.null ? 0 : 1);
  if (a.number != b.number) return a.number < b.number ? -1 : 1;
  const int c = a.text.compare(b.text);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace filter_detail

/// @brief Sorts like the server: by `f.sort_by` (default `created` ascending), then `id`
/// ascending as the tie-breaker; NULLs first when ascending, last when descending (SQLite);
/// `user` sorts by the creator's name. Stable: equal keys and ids keep their input order.
inline void sort_services(std::vector<Service>& services, const ServiceFilter& f) {
  const SortBy sb = f.sort_by.value_or(SortBy{});
  struct Keyed {
    filter_detail::SortKey key;
    std::string id_hex;
    std::size_t index;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(services.size());
  for (std::size_t i = 0; i < services.size(); ++i) {
    keyed.push_back({filter_detail::sort_key(sb.field, services[i]), filter_detail::column_hex(services[i].id), i});
  }
  const bool desc = sb.order == SortOrder::desc;
  std::stable_sort(keyed.begin(), keyed.end(), [desc](const Keyed& a, const Keyed& b) {
    const int c = filter_detail::compare(a.key, b.key);
    if (c != 0) return desc ? c > 0 : c < 0;
    return a.id_hex < b.id_hex;
  });
  std::vector<Service> out;
  out.reserve(services.size());
  for (const Keyed& k : keyed) out.push_back(std::move(services[k.index]));
  services = std::move(out);
}

/// @brief The page the server would return for `f` over `services` (all of one project):
/// filtered by `matches`, sorted by `sort_services`, then paged (`page` default 1, `size`
/// default 20). `total_pages` is `ceil(total/size)`, but 1 for an empty result.
///
/// Errors: an invalid filter → `invalid_argument` (as `to_query_params` would report); a page
/// past the last → `bad_request` with the server's own message. `hydrate` is not applied: the
/// items are returned as they were passed in.
inline Result<Page<Service>> local_query(const std::vector<Service>& services,
                                         const ServiceFilter& f) {
  auto ok = f.validate();
  if (!ok) return std::move(ok).error();
  std::vector<Service> hits;
  for (const Service& s : services) {
    if (matches(s, f)) hits.push_back(s);
  }
  sort_services(hits, f);
  const std::int64_t size = f.size.value_or(kPageSizeDefault);
  const std::int64_t page = f.page.value_or(1);
  const auto total = static_cast<std::int64_t>(hits.size());
  const std::int64_t total_pages = total == 0 ? 1 : (total + size - 1) / size;
  if (page > total_pages) {
    Error e = Error::make(
        ErrorCode::bad_request,
        "Invalid page " + std::to_string(page) + ". The requested page size is " +
            std::to_string(size) + " and there are a total of " + std::to_string(total) +
            " items for this query. The maximum page value therefore is " +
            std::to_string(total_pages) + ".");
    e.exception_type = "ValueError";
    return e;
  }
  Page<Service> out;
  out.index = page;
  out.max_size = size;
  out.total = total;
  out.total_pages = total_pages;
  const std::int64_t begin = size * (page - 1);
  const std::int64_t end = std::min(total, begin + size);
  for (std::int64_t i = begin; i < end; ++i) out.items.push_back(std::move(hits[static_cast<std::size_t>(i)]));
  return out;
}

}  // namespace zenml
