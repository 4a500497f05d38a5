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
      std::size_t n = b < 0x80           ? 1
                      : (b >> 5) == 0x6  ? 2
                      : (b >> 4) == 0xE  ? 3
                      : (b >> 3) == 0x1E ? 4
                                         : 1;
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
  while (i < s.size() && filter_detail::is_digit(s[i])) {
    ++i;
    ++digits;
  }
  if (i < s.size() && s[i] == '.') {
    std::size_t j = i + 1, frac = 0;
    while (j < s.size() && filter_detail::is_digit(s[j])) {
      ++j;
      ++frac;
    }
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

/// SQL NULL: every comparison is unknown (false, and `NOT` keeps it so); only `isnull` and the
/// condition-less empty lists match.
inline bool matches_null(const Condition& c, Release r) {
  return c.op == FilterOp::isnull ||
         (behaves(Behaviour::empty_list_matches_all, r) && is_empty_list(c));
}

inline bool numeric_compare(FilterOp op, double col, double v) {
  switch (op) {
    case FilterOp::gt:
      return col > v;
    case FilterOp::gte:
      return col >= v;
    case FilterOp::lt:
      return col < v;
    case FilterOp::lte:
      return col <= v;
    default:
      return false;
  }
}

/// A text column against `c` (StrFilter). For UUID columns `col` is the 32-digit hex and the
/// value's hyphens have been stripped by the caller.
inline bool eval_text(const Condition& c, const std::optional<std::string>& col,
                      const std::string& v, const std::vector<std::string>& list, Release r) {
  if (!col) return matches_null(c, r);
  switch (c.op) {
    case FilterOp::equals:
      return *col == v;
    case FilterOp::notequals:
      return *col != v;
    case FilterOp::contains:     // LIKE '%v%'
    case FilterOp::notcontains:  // NOT LIKE '%v%'
    case FilterOp::startswith:   // LIKE 'v%'
    case FilterOp::endswith: {   // LIKE '%v'
      std::string pattern;
      if (c.op != FilterOp::startswith) pattern += '%';
      pattern += v;
      if (c.op != FilterOp::endswith) pattern += '%';
      return sql_like(*col, pattern) != (c.op == FilterOp::notcontains);
    }
    case FilterOp::oneof:
    case FilterOp::notoneof: {
      if (list.empty())
        return !behaves(Behaviour::empty_list_matches_all, r) ? c.op == FilterOp::notoneof : true;
      const bool found = std::find(list.begin(), list.end(), *col) != list.end();
      return c.op == FilterOp::oneof ? found : !found;
    }
    case FilterOp::gt:
    case FilterOp::gte:
    case FilterOp::lt:
    case FilterOp::lte: {
      const auto want = python_float(v);
      if (!want) return false;  // the server answers 400
      const double x = sql_cast_float(*col);
      // `CAST(col AS FLOAT) AND CAST(col AS FLOAT) > v`: a zero cast is false.
      if (behaves(Behaviour::numeric_compare_skips_zero, r) && x == 0.0) return false;
      return numeric_compare(c.op, x, *want);
    }
    case FilterOp::isnull:
      return false;
    case FilterOp::isnotnull:
      return true;
    case FilterOp::in:
      return false;  // not a text operator (the server answers 422)
  }
  return false;
}

/// The list of a `oneof`/`notoneof` value (empty when malformed: such a filter is refused by
/// `validate`, and evaluates as the empty list here).
inline std::vector<std::string> list_of(const Condition& c, bool strip_hyphens) {
  std::vector<std::string> out;
  if (c.op != FilterOp::oneof && c.op != FilterOp::notoneof) return out;
  auto list = parse_string_list(c.value);
  if (!list) return out;
  for (auto& item : *list) out.push_back(strip_hyphens ? replace_all(item, "-") : std::move(item));
  return out;
}

inline bool eval_string(const Condition& c, const std::optional<std::string>& col, Release r) {
  if (!parse_string_list(c.value) && (c.op == FilterOp::oneof || c.op == FilterOp::notoneof)) {
    return false;  // malformed list: the server answers 422
  }
  return eval_text(c, col, c.value, list_of(c, false), r);
}

/// A UUID column (UUIDFilter): `equals`/`notequals` compare the UUID itself, and a value that is
/// no UUID makes them the constant FALSE / TRUE (NULL rows included). Every other operator
/// compares the 32-digit hex with the value's hyphens stripped.
inline bool eval_uuid(const Condition& c, const std::optional<std::string>& col, Release r) {
  if (c.op == FilterOp::equals || c.op == FilterOp::notequals) {
    const auto want = uuid_hex(c.value);
    if (!want) return c.op == FilterOp::notequals;
    if (!col) return false;
    const bool eq = *want == column_hex(*col);
    return c.op == FilterOp::equals ? eq : !eq;
  }
  if (!parse_string_list(c.value) && (c.op == FilterOp::oneof || c.op == FilterOp::notoneof)) {
    return false;
  }
  const std::optional<std::string> hex =
      col ? std::optional<std::string>(column_hex(*col)) : std::nullopt;
  return eval_text(c, hex, replace_all(c.value, "-"), list_of(c, true), r);
}

/// A datetime column (epoch ms) against a filter datetime (naive UTC).
inline bool eval_datetime(const Condition& c, const std::optional<double>& col, Release r) {
  if (!col) return matches_null(c, r);
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
    case FilterOp::equals:
      return *col == *v;
    case FilterOp::notequals:
      return *col != *v;
    default:
      return numeric_compare(c.op, *col, *v);  // contains & co. never get here validated
  }
}

/// `user=<cond>`: `user.id` (as a UUID filter), `user.name` or `user.full_name`, OR-ed. The
/// database never holds NULL there, so attributes the service does not carry are left out. A
/// service without a creator matches no `user` condition (the server joins the users table).
inline bool eval_user(const Condition& c, const std::optional<UserView>& u, Release r) {
  if (!u) return false;
  if (u->id && eval_uuid(c, u->id, r)) return true;
  if (u->name && eval_string(c, u->name, r)) return true;
  return u->full_name && eval_string(c, u->full_name, r);
}

/// An `exact` field (a custom filter): `column == <the text sent>`, whole; NULL never matches.
inline bool eval_exact(const Condition& c, const std::optional<std::string>& col) {
  return col && *col == c.to_wire(FieldKind::exact);
}

/// `c` as release `r` reads it on a field of `kind`: an operator that server does not know is
/// part of a literal value there (`notoneof:["a"]` is `equals` that text).
inline Condition as_read_by(const Condition& c, FieldKind kind, Release r) {
  if (operator_spec(c.op).releases.contains(r)) return c;
  return Condition{FilterOp::equals, c.to_wire(kind)};
}

/// One condition of a field of `kind` on the value the field's reader took from a service, as
/// release `r` compares them (the newest known by default).
inline bool eval_field(FieldKind kind, const Condition& given, const FieldValue& v,
                       Release r = kNewestKnownRelease) {
  const Condition c = as_read_by(given, kind, r);
  switch (kind) {
    case FieldKind::text:
      return eval_string(c, v.text, r);
    case FieldKind::uuid:
      return eval_uuid(c, v.text, r);
    case FieldKind::datetime:
      return eval_datetime(c, v.time, r);
    case FieldKind::user:
      return eval_user(c, v.user, r);
    case FieldKind::exact:
      return eval_exact(c, v.text);
    case FieldKind::ignored_bool:
    case FieldKind::ignored_text:
      return true;  // the server does not apply them
  }
  return false;
}

}  // namespace filter_detail

/// @brief Whether the server of release `f.server` would list `s` for the query
/// `f.to_query_params()` sends.
///
/// All conditions of the fields it combines form one list joined by `f.wire_logical_operator()`
/// (an empty list applies no condition); `scope_user` is AND-ed on top. Not evaluated: `project`
/// (pass the services of one project), `running` and `config` (the server ignores them too).
/// Each field is read from the service by its row's reader (`filter_fields()`, `columns::`)
/// and compared by its kind on `f.server`, with that release's rules: a field of a kind it does
/// not combine (`exact`: type, flavor, pipeline_name, pipeline_step_name before 0.93.3) is
/// AND-ed and skipped when empty; an operator it does not know is part of a literal; of repeated
/// conditions it reads only the last where it does not combine them; `oneof:[]` in an OR is
/// dropped where it does not match every service. Validate `f` first (`local_query` does): a
/// condition the server would reject does not match here.
inline bool matches(const Service& s, const ServiceFilter& f) {
  const Release r = f.server;
  if (f.scope_user) {
    const auto u = columns::user(s).user;
    const auto want = uuid_hex(*f.scope_user);
    if (!u || !u->id || !want || filter_detail::column_hex(*u->id) != *want) return false;
  }
  const bool any = f.wire_logical_operator() == LogicalOperator::or_;
  const bool drop_empty_lists = any && !behaves(Behaviour::empty_list_in_or_matches_all, r);
  bool has_condition = false, dropped = false, any_matched = false;
  for (const FilterField& g : filter_fields()) {
    if (!g.conditions || !g.read || (f.*(g.conditions)).empty()) continue;
    const auto kind = g.kind_on(r);
    if (!kind || !kind_spec(*kind).applied)
      continue;  // no such filter on that release (validate refuses it)
    const KindSpec& spec = kind_spec(*kind);
    const FieldValue v = g.read(s);
    const auto& all = f.*(g.conditions);
    // Where repeated conditions are not combined, FastAPI keeps the last one.
    const std::size_t from = g.repeatable.contains(r) ? 0 : all.size() - 1;
    for (std::size_t i = from; i < all.size(); ++i) {
      const Condition& c = all[i];
      if (!spec.combined) {  // AND-ed after the others; skipped when empty
        if (spec.empty_ignored && c.to_wire(*kind).empty()) continue;
        if (!filter_detail::eval_field(*kind, c, v, r)) return false;
        continue;
      }
      if (drop_empty_lists && filter_detail::is_empty_list(c)) {
        dropped = true;
        continue;
      }
      has_condition = true;
      const bool m = filter_detail::eval_field(*kind, c, v, r);
      if (any && m) any_matched = true;
      if (!any && !m) return false;
    }
  }
  if (!any || any_matched) return true;
  if (has_condition) return false;
  // An OR left with no condition: every service when only empty lists were dropped from it
  // (`or_(False, or_())`), else as the release reads an OR over nothing.
  return dropped || behaves(Behaviour::or_without_conditions_matches_all, r);
}

namespace filter_detail {

/// A sort key: NULL, a number (datetimes) or a byte string (BINARY collation).
struct SortKey {
  bool null = true;
  double number = 0;
  std::string text;
};

/// The sort key of field `g` (of `kind`): datetimes as numbers, UUIDs as their 32 hex digits
/// (how the store keeps them), `user` as the creator's name, text as it is.
inline SortKey sort_key(const FilterField& g, FieldKind kind, const Service& s) {
  SortKey k;
  if (!g.read) return k;
  FieldValue v = g.read(s);
  std::optional<std::string> text;
  switch (kind) {
    case FieldKind::datetime:
      if (v.time) {
        k.null = false;
        k.number = *v.time;
      }
      return k;
    case FieldKind::user:
      text = v.user ? v.user->name : std::nullopt;
      break;
    case FieldKind::uuid:
      text = v.text ? std::optional<std::string>(column_hex(*v.text)) : std::nullopt;
      break;
    default:
      text = std::move(v.text);
      break;
  }
  if (text) {
    k.null = false;
    k.text = std::move(*text);
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

/// @brief The order the server would return `services[indices]` in: by `f.sort_by` (default
/// `created` ascending), NULLs first when ascending and last when descending (SQLite), then by
/// `id`: in the same direction where release `f.server` breaks ties so (0.95.0 on), else
/// ascending. `user` sorts by the creator's name with no tie-breaker: equal
/// names keep their input order (the server returns storage order). Stable: fully equal keys
/// keep their input order.
inline void sort_indices(const std::vector<Service>& services, std::vector<std::size_t>& indices,
                         const ServiceFilter& f) {
  const SortBy sb = f.sort_by.value_or(SortBy{});
  struct Keyed {
    filter_detail::SortKey key;
    std::string id_hex;
    std::size_t index;
  };
  // A field validate() accepts for sorting; anything else keeps the input order.
  const FilterField* field = find_filter_field(sb.field);
  const auto kind = field ? field->kind_on(f.server) : std::nullopt;
  std::vector<Keyed> keyed;
  keyed.reserve(indices.size());
  for (std::size_t i : indices) {
    keyed.push_back(
        {kind ? filter_detail::sort_key(*field, *kind, services[i]) : filter_detail::SortKey{},
         filter_detail::column_hex(services[i].id), i});
  }
  const bool desc = sb.order == SortOrder::desc;
  const bool tiebreak = kind != FieldKind::user;  // the server adds no id tie-breaker to `user`
  const bool tiebreak_desc = behaves(Behaviour::tiebreak_follows_direction, f.server);
  // Stable by construction: positions in the input are the last tie-breaker, so any sort gives
  // the stable order. A heap sort of positions is the least code (std::stable_sort of Keyed
  // was ~2 kB of the wasm module) and moves no strings.
  const auto before = [&keyed, desc, tiebreak, tiebreak_desc](std::size_t pa, std::size_t pb) {
    const Keyed& a = keyed[pa];
    const Keyed& b = keyed[pb];
    const int c = filter_detail::compare(a.key, b.key);
    if (c != 0) return desc ? c > 0 : c < 0;
    if (tiebreak && a.id_hex != b.id_hex) {
      const bool id_desc = desc && tiebreak_desc;
      return id_desc ? a.id_hex > b.id_hex : a.id_hex < b.id_hex;
    }
    return pa < pb;
  };
  std::vector<std::size_t> order(keyed.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::make_heap(order.begin(), order.end(), before);
  std::sort_heap(order.begin(), order.end(), before);
  for (std::size_t k = 0; k < order.size(); ++k) indices[k] = keyed[order[k]].index;
}

/// @brief Sorts `services` in place in the server's order (see `sort_indices`).
inline void sort_services(std::vector<Service>& services, const ServiceFilter& f) {
  std::vector<std::size_t> order(services.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  sort_indices(services, order, f);
  std::vector<Service> out;
  out.reserve(services.size());
  for (std::size_t i : order) out.push_back(std::move(services[i]));
  services = std::move(out);
}

/// @brief Like `local_query`, but the page's items are positions in `services`, so a caller
/// (the JS facade) can hand back its own objects instead of copies.
inline Result<Page<std::size_t>> local_query_indices(const std::vector<Service>& services,
                                                     const ServiceFilter& f) {
  auto ok = f.validate();
  if (!ok) return std::move(ok).error();
  std::vector<std::size_t> hits;
  for (std::size_t i = 0; i < services.size(); ++i) {
    if (matches(services[i], f)) hits.push_back(i);
  }
  sort_indices(services, hits, f);
  const std::int64_t size = f.size.value_or(kPageSizeDefault);
  const std::int64_t page = f.page.value_or(1);
  const auto total = static_cast<std::int64_t>(hits.size());
  const std::int64_t total_pages = total == 0 ? 1 : (total + size - 1) / size;
  if (page > total_pages) return Error::page_out_of_range(page, size, total, total_pages);
  Page<std::size_t> out;
  out.index = page;
  out.max_size = size;
  out.total = total;
  out.total_pages = total_pages;
  const std::int64_t begin = size * (page - 1);
  const std::int64_t end = std::min(total, begin + size);
  out.items.assign(hits.begin() + begin, hits.begin() + end);
  return out;
}

/// @brief The page the server would return for `f` over `services` (all of one project):
/// filtered by `matches`, sorted by `sort_indices`, then paged (`page` default 1, `size`
/// default 20). `total_pages` is `ceil(total/size)`, but 1 for an empty result.
///
/// Errors: an invalid filter → `invalid_argument` (as `to_query_params` would report); a page
/// past the last → `bad_request` with the server's own message. `hydrate` is not applied: the
/// items are returned as they were passed in.
inline Result<Page<Service>> local_query(const std::vector<Service>& services,
                                         const ServiceFilter& f) {
  auto idx = local_query_indices(services, f);
  if (!idx) return std::move(idx).error();
  Page<Service> out;
  out.index = idx->index;
  out.max_size = idx->max_size;
  out.total = idx->total;
  out.total_pages = idx->total_pages;
  out.items.reserve(idx->items.size());
  for (std::size_t i : idx->items) out.items.push_back(services[i]);
  return out;
}

}  // namespace zenml
