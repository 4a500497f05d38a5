// zenml-services-wasm — ServiceFilter: the list query of `GET /api/v1/services`, typed,
// validated with the server's rules, and converted to/from a query string and a JSON object.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "zenml/error.hpp"
#include "zenml/json.hpp"
#include "zenml/reader.hpp"
#include "zenml/result.hpp"
#include "zenml/url.hpp"

namespace zenml {

/// @brief Page sizes of the server (`PAGE_SIZE_DEFAULT`, `PAGE_SIZE_MAXIMUM`); both follow
/// the server's `ZENML_PAGINATION_DEFAULT_LIMIT`, hence `ServiceFilter::max_page_size`.
inline constexpr std::int64_t kPageSizeDefault = 20;
inline constexpr std::int64_t kPageSizeMaximum = 10000;

/// @brief The only datetime format the server's filters accept (naive UTC).
inline constexpr std::string_view kFilterDatetimeFormat = "%Y-%m-%d %H:%M:%S";

/// @brief Where ZenML 0.98.0 differs from the API spec's guesses (docs/server-behaviour.md,
/// `zenml/models/v2/base/filter.py` of 0.98.0). Each rule is used in exactly one place, so a
/// server that behaves differently is one flip away; the tests refer to them by name.
namespace server_rules {
/// `logical_operator=or` without any filter applies no condition: every row (D2). The spec
/// guessed `or_()` = FALSE, an empty page.
inline constexpr bool or_without_filters_matches_all = true;
/// `oneof:[]` and `notoneof:[]` apply no condition (`or_()` / `and_()` of nothing): every row,
/// NULLs included (D3). The spec guessed that `oneof:[]` matches nothing.
inline constexpr bool empty_list_matches_all = true;
/// The `id` tie-breaker of a sort follows the sort direction (D9); the spec said always ASC.
/// (`sort_by=user` has no tie-breaker at all: storage order.)
inline constexpr bool tiebreak_follows_direction = true;
/// `gt/gte/lt/lte` on text is `CAST(col AS FLOAT) AND CAST(col AS FLOAT) <op> v`, so a row whose
/// cast is 0 (no numeric prefix, or a zero) never matches: `name=lte:0` is empty.
inline constexpr bool numeric_compare_skips_zero = true;
}  // namespace server_rules

/// @brief The 15 filter operators; the wire form is `<op>:<value>`.
enum class FilterOp {
  equals,
  notequals,
  contains,
  notcontains,
  startswith,
  endswith,
  oneof,
  notoneof,
  gt,
  gte,
  lt,
  lte,
  in,
  isnull,
  isnotnull,
};

inline constexpr std::array<FilterOp, 15> kAllFilterOps = {
    FilterOp::equals,   FilterOp::notequals, FilterOp::contains,   FilterOp::notcontains,
    FilterOp::startswith, FilterOp::endswith, FilterOp::oneof,     FilterOp::notoneof,
    FilterOp::gt,       FilterOp::gte,       FilterOp::lt,         FilterOp::lte,
    FilterOp::in,       FilterOp::isnull,    FilterOp::isnotnull};

/// @brief The wire name of an operator, e.g. `"startswith"`.
constexpr std::string_view to_string(FilterOp op) noexcept {
  switch (op) {
    case FilterOp::equals: return "equals";
    case FilterOp::notequals: return "notequals";
    case FilterOp::contains: return "contains";
    case FilterOp::notcontains: return "notcontains";
    case FilterOp::startswith: return "startswith";
    case FilterOp::endswith: return "endswith";
    case FilterOp::oneof: return "oneof";
    case FilterOp::notoneof: return "notoneof";
    case FilterOp::gt: return "gt";
    case FilterOp::gte: return "gte";
    case FilterOp::lt: return "lt";
    case FilterOp::lte: return "lte";
    case FilterOp::in: return "in";
    case FilterOp::isnull: return "isnull";
    case FilterOp::isnotnull: return "isnotnull";
  }
  return "equals";
}

/// @brief The operator with this exact (lowercase) wire name, if any.
constexpr std::optional<FilterOp> filter_op_from_string(std::string_view s) noexcept {
  for (FilterOp op : kAllFilterOps) {
    if (to_string(op) == s) return op;
  }
  return std::nullopt;
}

/// @brief How the server treats a generic filter field (spec §2.2).
enum class FieldKind { string, uuid, datetime };

constexpr std::string_view to_string(FieldKind k) noexcept {
  switch (k) {
    case FieldKind::string: return "string";
    case FieldKind::uuid: return "UUID";
    case FieldKind::datetime: return "datetime";
  }
  return "string";
}

/// @brief Whether the server accepts `op` on a field of this kind: `in` only on datetimes,
/// the text operators (`contains`, `oneof`, …) not on datetimes, everything else everywhere.
constexpr bool op_allowed(FieldKind kind, FilterOp op) noexcept {
  switch (op) {
    case FilterOp::in:
      return kind == FieldKind::datetime;
    case FilterOp::contains: case FilterOp::notcontains: case FilterOp::startswith:
    case FilterOp::endswith: case FilterOp::oneof: case FilterOp::notoneof:
      return kind != FieldKind::datetime;
    default:
      return true;
  }
}

/// @brief `AND` (the server's default) or `OR` over all generic filters.
enum class LogicalOperator { and_, or_ };

constexpr std::string_view to_string(LogicalOperator l) noexcept {
  return l == LogicalOperator::or_ ? "or" : "and";
}

enum class SortOrder { asc, desc };

namespace filter_detail {

inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
inline bool is_hex(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string in_quotes(std::string_view s) {
  std::string out = "\"";
  out.append(s);
  out.push_back('"');
  return out;
}

inline std::string join(const std::vector<std::string_view>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

/// Serialises a JSON value without aborting on invalid UTF-8 (replaced by U+FFFD).
template <class J>
std::string dump_json(const J& j) {
  return j.dump(-1, ' ', false, J::error_handler_t::replace);
}

using reader::closest_key;  // "did you mean" hints: one implementation for every reader
using reader::loose_key;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
inline std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

inline bool is_leap_year(std::int64_t y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

inline std::optional<std::int64_t> parse_fixed_digits(std::string_view s) noexcept {
  std::int64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

/// A strict decimal integer (optional sign, digits only, no overflow).
inline std::optional<std::int64_t> parse_int(std::string_view s) noexcept {
  bool neg = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    neg = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 18) return std::nullopt;
  auto v = parse_fixed_digits(s);
  if (!v) return std::nullopt;
  return neg ? -*v : *v;
}

/// Python's `float(text)` (what the server applies to a `gt/gte/lt/lte` value): surrounding
/// whitespace, a sign, decimal digits (a single `_` between two digits is allowed) with an
/// optional fraction and exponent, or inf/infinity/nan in any case. nullopt otherwise.
inline std::optional<double> python_float(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  std::string clean;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    clean.push_back(s.front());
    s.remove_prefix(1);
  }
  std::string lower;
  for (char c : s) lower.push_back(ascii_lower(c));
  if (lower == "inf" || lower == "infinity" || lower == "nan") {
    clean += lower;
    return std::strtod(clean.c_str(), nullptr);
  }
  std::size_t i = 0;
  // digit (["_"] digit)*; returns the number of digits read, or SIZE_MAX on a stray `_`.
  auto digitpart = [&]() -> std::size_t {
    std::size_t n = 0;
    while (i < s.size()) {
      if (is_digit(s[i])) {
        clean.push_back(s[i++]);
        ++n;
      } else if (s[i] == '_' && n > 0 && i + 1 < s.size() && is_digit(s[i + 1])) {
        ++i;
      } else {
        break;
      }
    }
    return n;
  };
  std::size_t digits = digitpart();
  if (i < s.size() && s[i] == '.') {
    clean.push_back(s[i++]);
    digits += digitpart();
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    clean.push_back(s[i++]);
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean.push_back(s[i++]);
    if (digitpart() == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return std::strtod(clean.c_str(), nullptr);
}

/// The pydantic (lax mode) spellings of a query-string boolean, case-insensitive.
inline std::optional<bool> parse_bool(std::string_view s) {
  std::string l;
  for (char c : s) l.push_back(ascii_lower(c));
  for (std::string_view t : {"1", "on", "t", "true", "y", "yes"}) {
    if (l == t) return true;
  }
  for (std::string_view f : {"0", "off", "f", "false", "n", "no"}) {
    if (l == f) return false;
  }
  return std::nullopt;
}

}  // namespace filter_detail

namespace filter_detail {

/// One `%m %d %H %M %S` field as Python's `strptime` reads it: one digit, or two digits within
/// `two_lo..two_hi`; `%d` also takes a space-padded digit (` 5`). Advances `i`.
inline std::optional<std::int64_t> strptime_field(std::string_view s, std::size_t& i, char f) {
  std::size_t n = 0;
  while (i + n < s.size() && n < 3 && is_digit(s[i + n])) ++n;
  if (n == 0 && f == 'd' && i + 1 < s.size() && s[i] == ' ' && s[i + 1] >= '1' && s[i + 1] <= '9') {
    i += 2;
    return s[i - 1] - '0';
  }
  if (n == 0 || n > 2) return std::nullopt;
  const std::int64_t v = n == 1 ? s[i] - '0' : (s[i] - '0') * 10 + (s[i + 1] - '0');
  const bool single_ok = (f == 'm' || f == 'd') ? v >= 1 : true;
  const std::int64_t hi = f == 'm' ? 12 : f == 'd' ? 31 : f == 'H' ? 23 : f == 'M' ? 59 : 61;
  const std::int64_t lo = (f == 'm' || f == 'd') ? 1 : 0;
  if (n == 1 ? !single_ok : (v < lo || v > hi)) return std::nullopt;
  i += n;
  return v;
}

}  // namespace filter_detail

/// @brief Parses a filter datetime exactly as the server does (`datetime.strptime(v,
/// "%Y-%m-%d %H:%M:%S")`: 4-digit year, other fields one or two digits, one or more whitespace
/// characters between date and time, a real calendar date) as naive UTC; returns milliseconds
/// since the Unix epoch. `2026-01-31 13:00:00` is the canonical form.
inline std::optional<double> parse_filter_datetime(std::string_view s) noexcept {
  using filter_detail::strptime_field;
  if (s.size() < 5 || s[4] != '-') return std::nullopt;
  const auto y = filter_detail::parse_fixed_digits(s.substr(0, 4));
  std::size_t i = 5;
  const auto mo = strptime_field(s, i, 'm');
  if (!y || !mo || i >= s.size() || s[i++] != '-') return std::nullopt;
  const auto d = strptime_field(s, i, 'd');
  const std::size_t ws_start = i;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                          s[i] == '\f' || s[i] == '\v')) {
    ++i;
  }
  if (!d || i == ws_start) return std::nullopt;
  const auto h = strptime_field(s, i, 'H');
  if (!h || i >= s.size() || s[i++] != ':') return std::nullopt;
  const auto mi = strptime_field(s, i, 'M');
  if (!mi || i >= s.size() || s[i++] != ':') return std::nullopt;
  const auto se = strptime_field(s, i, 'S');
  if (!se || i != s.size()) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*y < 1 || *se > 59) return std::nullopt;  // datetime() refuses year 0 and leap seconds
  const std::int64_t mdays = kDays[*mo - 1] + ((*mo == 2 && filter_detail::is_leap_year(*y)) ? 1 : 0);
  if (*d > mdays) return std::nullopt;
  const std::int64_t secs = filter_detail::days_from_civil(*y, *mo, *d) * 86400 + *h * 3600 + *mi * 60 + *se;
  return static_cast<double>(secs) * 1000.0;
}

namespace filter_detail {

inline std::string replace_all(std::string s, std::string_view from) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const auto at = s.find(from, pos);
    out.append(s, pos, at == std::string::npos ? std::string::npos : at - pos);
    if (at == std::string::npos) return out;
    pos = at + from.size();
  }
}

inline bool all_hex(std::string_view s) { return std::all_of(s.begin(), s.end(), is_hex); }

/// A UUID as FastAPI reads a `UUID` query parameter (`scope_user`): 32 hex digits, `8-4-4-4-12`,
/// `{8-4-4-4-12}` or `urn:uuid:8-4-4-4-12`.
inline bool is_query_uuid(std::string_view s) {
  if (s.size() == 32) return all_hex(s);
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  if (s.size() == 45 && s.substr(0, 9) == "urn:uuid:") s.remove_prefix(9);
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

}  // namespace filter_detail

/// @brief The 32 lowercase hex digits of a UUID as the server's UUID filters read a value
/// (every `-` removed, then Python's `UUID()`: optional `urn:`/`uuid:` and braces), or nullopt
/// when it is not a UUID. This is also how the SQL store keeps UUIDs (`CHAR(32)`).
inline std::optional<std::string> uuid_hex(std::string_view s) {
  std::string h;
  for (char c : s) {
    if (c != '-') h.push_back(c);
  }
  h = filter_detail::replace_all(filter_detail::replace_all(std::move(h), "urn:"), "uuid:");
  std::string_view v = h;
  while (!v.empty() && (v.front() == '{' || v.front() == '}')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '{' || v.back() == '}')) v.remove_suffix(1);
  if (v.size() != 32 || !filter_detail::all_hex(v)) return std::nullopt;
  std::string out;
  for (char c : v) out.push_back(filter_detail::ascii_lower(c));
  return out;
}

/// @brief Parses a `oneof`/`notoneof` value: a JSON list of strings (`["a","b"]`). Nested
/// lists, numbers, booleans, `null`, objects and trailing text are refused, as by the server.
inline std::optional<std::vector<std::string>> parse_string_list(std::string_view text) {
  // Depth 1: the list itself; anything nested is refused before it is built.
  auto list = parse_json_text<nlohmann::ordered_json>(text, 1);  // zenml::Json (service.hpp)
  if (!list || !list->is_array()) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(list->size());
  for (auto& v : *list) {
    if (!v.is_string()) return std::nullopt;
    out.push_back(std::move(*v.get_ptr<std::string*>()));
  }
  return out;
}

/// @brief One filter condition: an operator and its value (`startswith` + `svc-`).
///
/// `value` is the text after `<op>:`; for `oneof`/`notoneof` it is the JSON list text, for `in`
/// it is `<dt1>,<dt2>`, for `isnull`/`isnotnull` it is empty. Two conditions are equal when the
/// server reads them the same way, so `a:b` and `equals:a:b` parse to equal conditions.
struct Condition {
  FilterOp op = FilterOp::equals;
  std::string value;

  /// @brief Reads the wire form: split on the first `:`; the prefix is the operator only when it
  /// is a known one, otherwise the whole text is an `equals` value. Never fails.
  static Condition parse(std::string_view wire) {
    const auto colon = wire.find(':');
    if (colon != std::string_view::npos) {
      if (auto op = filter_op_from_string(wire.substr(0, colon))) {
        return Condition{*op, std::string(wire.substr(colon + 1))};
      }
    }
    return Condition{FilterOp::equals, std::string(wire)};
  }

  /// @brief The wire form the server reads back as this condition. `equals` is sent bare
  /// unless the value would be misread (`contains:x` → `equals:contains:x`) or the field is a
  /// datetime (the server documents the format only after an operator).
  std::string to_wire(FieldKind kind = FieldKind::string) const {
    if (op == FilterOp::equals && kind != FieldKind::datetime && Condition::parse(value) == *this) {
      return value;
    }
    std::string out(to_string(op));
    out.push_back(':');
    out += value;
    return out;
  }

  /// @brief `oneof:["a","b"]` from a list of strings.
  static Condition one_of(const std::vector<std::string>& values) {
    return Condition{FilterOp::oneof, filter_detail::dump_json(nlohmann::ordered_json(values))};
  }
  /// @brief `notoneof:["a","b"]` from a list of strings.
  static Condition not_one_of(const std::vector<std::string>& values) {
    return Condition{FilterOp::notoneof, filter_detail::dump_json(nlohmann::ordered_json(values))};
  }
  /// @brief `in:<from>,<to>`: an inclusive datetime range.
  static Condition between(std::string_view from, std::string_view to) {
    std::string v(from);
    v.push_back(',');
    v.append(to);
    return Condition{FilterOp::in, std::move(v)};
  }
  static Condition is_null() { return Condition{FilterOp::isnull, {}}; }
  static Condition is_not_null() { return Condition{FilterOp::isnotnull, {}}; }

  friend bool operator==(const Condition& a, const Condition& b) {
    return a.op == b.op && a.value == b.value;
  }
  friend bool operator!=(const Condition& a, const Condition& b) { return !(a == b); }
};

/// @brief `sort_by`: a field and a direction; `asc` is written as the bare field name.
struct SortBy {
  std::string field = "created";
  SortOrder order = SortOrder::asc;

  /// @brief `<field>`, `asc:<field>` or `desc:<field>`. The server silently sorts ascending on
  /// any other prefix (`foo:name`, `DESC:name`); that is refused here as a likely typo.
  static Result<SortBy> parse(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return SortBy{std::string(text), SortOrder::asc};
    const std::string_view dir = text.substr(0, colon);
    const std::string field(text.substr(colon + 1));
    if (dir == "asc") return SortBy{field, SortOrder::asc};
    if (dir == "desc") return SortBy{field, SortOrder::desc};
    return Error::invalid_argument("sort_by: " + filter_detail::in_quotes(text) +
                                   " has an unknown direction " + filter_detail::in_quotes(dir) +
                                   " (the server would silently sort ascending); write asc:" +
                                   field + " or desc:" + field);
  }

  std::string to_wire() const { return order == SortOrder::desc ? "desc:" + field : field; }

  friend bool operator==(const SortBy& a, const SortBy& b) {
    return a.field == b.field && a.order == b.order;
  }
  friend bool operator!=(const SortBy& a, const SortBy& b) { return !(a == b); }
};

/// @brief The query of `GET /api/v1/services`: filters, sorting, pagination, hydration.
///
/// Every member left empty / unset is omitted from the query, so the server's default applies
/// (`logical_operator=and`, `sort_by=created`, `page=1`, `size=20`, `hydrate=false`, project
/// `default`). The filters `id` … `pipeline_run_id` are lists (repeated query keys); all their
/// conditions form one list combined with `logical_operator`. `scope_user` and `project` are
/// always AND-ed on top.
///
/// `running` and `config` are accepted and type-checked by the server but **not applied**
/// (see `ignored_by_server()`); they are kept only so that a query round-trips.
struct ServiceFilter {
  // Filters combined with `logical_operator`; each condition is one repeated query key.
  std::vector<Condition> id;                  ///< UUID
  std::vector<Condition> created;             ///< datetime
  std::vector<Condition> updated;             ///< datetime
  std::vector<Condition> name;                ///< string
  std::vector<Condition> user;                ///< creator's name, id or full_name, OR-ed
  std::vector<Condition> type;                ///< string: `service_type.type`
  std::vector<Condition> flavor;              ///< string: `service_type.flavor`
  std::vector<Condition> pipeline_name;       ///< string: `config["pipeline_name"]` at creation
  std::vector<Condition> pipeline_step_name;  ///< string: `config["pipeline_step_name"]`
  std::vector<Condition> model_version_id;    ///< UUID
  std::vector<Condition> pipeline_run_id;     ///< UUID

  std::optional<std::string> scope_user;  ///< a user UUID: `user_id == value`, always AND-ed
  std::optional<std::string> project;     ///< project name or UUID, exact; no operators

  std::optional<bool> running;         ///< accepted but ignored by the server
  std::optional<std::string> config;   ///< accepted but ignored by the server

  std::optional<LogicalOperator> logical_operator;
  std::optional<SortBy> sort_by;
  std::optional<std::int64_t> page;  ///< 1-based
  std::optional<std::int64_t> size;  ///< 1..max_page_size
  std::optional<bool> hydrate;

  /// @brief The largest `size` the server accepts (its `ZENML_PAGINATION_DEFAULT_LIMIT`).
  /// A validation setting, not part of the query: `operator==` ignores it.
  std::int64_t max_page_size = kPageSizeMaximum;

  /// @brief Query parameters the server accepts and type-checks but does not apply.
  static constexpr std::array<std::string_view, 2> ignored_by_server() noexcept {
    return {"running", "config"};
  }
  /// @brief Fields `sort_by` accepts. `user` sorts by the creator's name.
  static constexpr std::array<std::string_view, 11> sortable_fields() noexcept {
    return {"id",     "created",       "updated",            "name",
            "user",   "type",          "flavor",             "pipeline_name",
            "pipeline_step_name", "model_version_id", "pipeline_run_id"};
  }

  /// @brief Checks every rule the server enforces (422 / 400 before sending), and refuses a few
  /// queries the server accepts but that can only be mistakes: `oneof` items that are not strings
  /// (the server compares them oddly, or answers 500 for nested lists), a `sort_by` direction
  /// other than `asc`/`desc` (the server silently sorts ascending), an empty or operator-prefixed
  /// `project` (the server falls back to `default` / answers 404).
  Result<Empty> validate() const;
  /// @brief The validated query: ordered, repeated keys for multi-condition filters.
  Result<QueryParams> to_query_params() const;
  /// @brief `to_query_params()` percent-encoded (RFC 3986), without a leading `?`.
  Result<std::string> to_query_string() const;
  /// @brief Reads a query string (with or without `?`, or a whole URL). `+` is a space, as for
  /// the server; unknown parameters are ignored, as by the server; a single-value parameter given
  /// twice is an error (the server would take the last); the result is validated.
  static Result<ServiceFilter> parse_query(std::string_view query,
                                           std::int64_t max_page_size = kPageSizeMaximum);
  /// @brief Reads the JS options object (`{ filter: {...}, logicalOperator, sortBy, page, size,
  /// hydrate, project, scopeUser }`); `signal`, `credentials`, `timeoutMs` are ignored, any
  /// other unknown key is an error. `null` means unset. The result is validated.
  /// Takes any nlohmann JSON type (`nlohmann::json`, `zenml::Json`); keys are read in the
  /// object's own order, so of several mistakes the first one met is reported.
  template <class J>
  static Result<ServiceFilter> from_json(const J& opts, std::int64_t max_page_size = kPageSizeMaximum);
  /// @brief The JS options object `from_json` reads back as this filter (not validated), as
  /// `nlohmann::json` or any other nlohmann JSON type: the keys are inserted in byte order, so
  /// every type dumps the same text.
  template <class J = nlohmann::json>
  J to_json() const;

  friend bool operator==(const ServiceFilter& a, const ServiceFilter& b) {
    return a.id == b.id && a.created == b.created && a.updated == b.updated &&
           a.name == b.name && a.user == b.user && a.type == b.type && a.flavor == b.flavor &&
           a.pipeline_name == b.pipeline_name && a.pipeline_step_name == b.pipeline_step_name &&
           a.model_version_id == b.model_version_id && a.pipeline_run_id == b.pipeline_run_id &&
           a.scope_user == b.scope_user && a.project == b.project &&
           a.running == b.running && a.config == b.config &&
           a.logical_operator == b.logical_operator && a.sort_by == b.sort_by &&
           a.page == b.page && a.size == b.size && a.hydrate == b.hydrate;
  }
  friend bool operator!=(const ServiceFilter& a, const ServiceFilter& b) { return !(a == b); }
};

/// @brief A filter field: its query name, kind and member.
struct GenericFilterField {
  std::string_view name;
  FieldKind kind;
  std::vector<Condition> ServiceFilter::*member;
};

/// @brief The filter fields, in query order.
inline const std::array<GenericFilterField, 11>& generic_filter_fields() {
  static const std::array<GenericFilterField, 11> fields = {{
      {"id", FieldKind::uuid, &ServiceFilter::id},
      {"created", FieldKind::datetime, &ServiceFilter::created},
      {"updated", FieldKind::datetime, &ServiceFilter::updated},
      {"name", FieldKind::string, &ServiceFilter::name},
      {"user", FieldKind::string, &ServiceFilter::user},
      {"type", FieldKind::string, &ServiceFilter::type},
      {"flavor", FieldKind::string, &ServiceFilter::flavor},
      {"pipeline_name", FieldKind::string, &ServiceFilter::pipeline_name},
      {"pipeline_step_name", FieldKind::string, &ServiceFilter::pipeline_step_name},
      {"model_version_id", FieldKind::uuid, &ServiceFilter::model_version_id},
      {"pipeline_run_id", FieldKind::uuid, &ServiceFilter::pipeline_run_id},
  }};
  return fields;
}

namespace filter_detail {

inline constexpr std::string_view kExampleDatetime = "2026-01-31 13:00:00";
inline constexpr std::string_view kExampleUuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

/// A valid datetime close to what the caller wrote (`2026-01-01T00:00:00.5Z` →
/// `2026-01-01 00:00:00`, `2026-01-01` → `2026-01-01 00:00:00`), else an example.
inline std::string suggest_datetime(std::string_view v) {
  std::string s(v.substr(0, 19));
  if (s.size() > 10 && (s[10] == 'T' || s[10] == 't')) s[10] = ' ';
  if (s.size() == 10) s += " 00:00:00";
  if (parse_filter_datetime(s)) return s;
  return std::string(kExampleDatetime);
}

inline std::vector<std::string_view> allowed_op_names(FieldKind kind) {
  std::vector<std::string_view> out;
  for (FilterOp op : kAllFilterOps) {
    if (op_allowed(kind, op)) out.push_back(to_string(op));
  }
  return out;
}

inline Result<Empty> validate_condition(std::string_view field, FieldKind kind, const Condition& c) {
  const std::string p = std::string(field) + ": ";
  const std::string_view opname = to_string(c.op);
  if (!op_allowed(kind, c.op)) {
    return Error::invalid_argument(p + "operator " + in_quotes(opname) + " is not allowed on a " +
                                   std::string(to_string(kind)) + " field; use one of " +
                                   join(allowed_op_names(kind), ", "));
  }
  switch (c.op) {
    case FilterOp::isnull:
    case FilterOp::isnotnull:
      if (!c.value.empty()) {
        return Error::invalid_argument(p + std::string(opname) + " takes no value, got " +
                                       in_quotes(c.value) + "; write " + std::string(opname) + ":");
      }
      return Empty{};
    case FilterOp::oneof:
    case FilterOp::notoneof:
      if (!parse_string_list(c.value)) {
        std::vector<std::string> parts;
        std::string_view rest = c.value;
        while (true) {
          const auto comma = rest.find(',');
          parts.emplace_back(rest.substr(0, comma));
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
        return Error::invalid_argument(p + std::string(opname) +
                                       " needs a JSON list of strings, got " + in_quotes(c.value) +
                                       "; write " + std::string(opname) + ":" +
                                       dump_json(nlohmann::ordered_json(parts)));
      }
      return Empty{};
    case FilterOp::in: {  // only reachable on datetime fields (see op_allowed)
      const auto comma = c.value.find(',');
      const bool two = comma != std::string::npos &&
                       c.value.find(',', comma + 1) == std::string::npos;
      if (!two || !parse_filter_datetime(std::string_view(c.value).substr(0, comma)) ||
          !parse_filter_datetime(std::string_view(c.value).substr(comma + 1))) {
        return Error::invalid_argument(
            p + "in needs exactly two datetimes separated by a comma, got " + in_quotes(c.value) +
            "; write in:2026-01-01 00:00:00,2026-02-01 00:00:00 (format %Y-%m-%d %H:%M:%S, UTC)");
      }
      return Empty{};
    }
    default:
      break;
  }
  if (kind == FieldKind::datetime) {
    const auto comma = c.value.find(',');
    if (comma != std::string::npos && parse_filter_datetime(std::string_view(c.value).substr(0, comma))) {
      return Error::invalid_argument(p + std::string(opname) + " takes a single datetime, got " +
                                     in_quotes(c.value) + "; for a range write in:" + c.value);
    }
    if (!parse_filter_datetime(c.value)) {
      return Error::invalid_argument(p + in_quotes(c.value) + " is not a valid datetime; write " +
                                     std::string(opname) + ":" + suggest_datetime(c.value) +
                                     " (format %Y-%m-%d %H:%M:%S, UTC)");
    }
    return Empty{};
  }
  switch (c.op) {
    case FilterOp::gt:
    case FilterOp::gte:
    case FilterOp::lt:
    case FilterOp::lte:
      // UUID filters strip the hyphens before the server's float(value).
      if (!python_float(kind == FieldKind::uuid ? replace_all(c.value, "-") : c.value)) {
        return Error::invalid_argument(
            p + std::string(opname) + " compares numerically (the server casts the field to a "
            "number) and needs a number, got " + in_quotes(c.value) + "; write e.g. " +
            std::string(opname) + ":10, or use startswith/contains/equals to compare text");
      }
      return Empty{};
    default:
      // equals/notequals on a UUID field accept any text: a non-UUID simply never matches
      // (`notequals` then matches every row), as on the server.
      return Empty{};
  }
}

/// The operator prefix of `v` (`contains` in `contains:x`), if it has one.
inline std::optional<FilterOp> operator_prefix(std::string_view v) {
  const auto colon = v.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  return filter_op_from_string(v.substr(0, colon));
}

}  // namespace filter_detail

inline Result<Empty> ServiceFilter::validate() const {
  for (const auto& f : generic_filter_fields()) {
    for (const Condition& c : this->*(f.member)) {
      auto r = filter_detail::validate_condition(f.name, f.kind, c);
      if (!r) return r;
    }
  }
  if (scope_user && !filter_detail::is_query_uuid(*scope_user)) {
    return Error::invalid_argument(
        "scope_user: " + filter_detail::in_quotes(*scope_user) + " is not a UUID; write the user's UUID (e.g. " +
        std::string(filter_detail::kExampleUuid) + "), or filter by name with user=" + *scope_user);
  }
  if (project) {
    if (project->empty()) {
      return Error::invalid_argument(
          "project: empty; write a project name or UUID, or leave project unset for the "
          "server's default project");
    }
    if (filter_detail::operator_prefix(*project)) {
      return Error::invalid_argument("project: " + filter_detail::in_quotes(*project) +
                                     " starts with an operator, but project takes no operators; "
                                     "write the exact project name or UUID");
    }
  }
  if (sort_by) {
    const auto sortable = sortable_fields();
    if (std::find(sortable.begin(), sortable.end(), sort_by->field) == sortable.end()) {
      static constexpr std::array<std::string_view, 8> kExcluded = {
          "running", "config", "project", "scope_user", "page", "size", "logical_operator", "sort_by"};
      const bool excluded =
          std::find(kExcluded.begin(), kExcluded.end(), sort_by->field) != kExcluded.end();
      const std::string dir = sort_by->order == SortOrder::desc ? "desc:" : "";
      return Error::invalid_argument(
          "sort_by: " + std::string(excluded ? "services can not be sorted by " : "unknown field ") +
          filter_detail::in_quotes(sort_by->field) + "; sort by one of " +
          filter_detail::join(std::vector<std::string_view>(sortable.begin(), sortable.end()), ", ") + " (e.g. sort_by=" + dir +
          "created)");
    }
  }
  if (page && *page < 1) {
    return Error::invalid_argument("page: " + std::to_string(*page) +
                                   " is out of range; write a page number >= 1");
  }
  if (size && (*size < 1 || *size > max_page_size)) {
    return Error::invalid_argument("size: " + std::to_string(*size) +
                                   " is out of range; write a size between 1 and " +
                                   std::to_string(max_page_size));
  }
  return Empty{};
}

inline Result<QueryParams> ServiceFilter::to_query_params() const {
  auto ok = validate();
  if (!ok) return std::move(ok).error();
  QueryParams q;
  for (const auto& f : generic_filter_fields()) {
    for (const Condition& c : this->*(f.member)) q.emplace_back(f.name, c.to_wire(f.kind));
  }
  if (scope_user) q.emplace_back("scope_user", *scope_user);
  if (project) q.emplace_back("project", *project);
  if (running) q.emplace_back("running", *running ? "true" : "false");
  if (config) q.emplace_back("config", *config);
  if (logical_operator) q.emplace_back("logical_operator", to_string(*logical_operator));
  if (sort_by) q.emplace_back("sort_by", sort_by->to_wire());
  if (page) q.emplace_back("page", std::to_string(*page));
  if (size) q.emplace_back("size", std::to_string(*size));
  if (hydrate) q.emplace_back("hydrate", *hydrate ? "true" : "false");
  return q;
}

inline Result<std::string> ServiceFilter::to_query_string() const {
  auto q = to_query_params();
  if (!q) return std::move(q).error();
  return encode_query(*q);
}

namespace filter_detail {

/// The keys of the query that take a single value.
inline constexpr std::array<std::string_view, 9> kScalarQueryKeys = {
    "scope_user", "project", "running", "config", "logical_operator",
    "sort_by",    "page",    "size",    "hydrate"};

/// Applies one scalar query parameter (already checked to appear once).
inline Result<Empty> set_scalar(ServiceFilter& f, std::string_view key, const std::string& v) {
  const std::string p = std::string(key) + ": ";
  if (key == "scope_user") {
    f.scope_user = v;
  } else if (key == "project") {
    f.project = v;
  } else if (key == "config") {
    f.config = v;
  } else if (key == "running" || key == "hydrate") {
    auto b = parse_bool(v);
    if (!b) return Error::invalid_argument(p + in_quotes(v) + " is not a boolean; write true or false");
    (key == "running" ? f.running : f.hydrate) = *b;
  } else if (key == "logical_operator") {
    if (v == "and") {
      f.logical_operator = LogicalOperator::and_;
    } else if (v == "or") {
      f.logical_operator = LogicalOperator::or_;
    } else {
      return Error::invalid_argument(p + in_quotes(v) + " is not a logical operator; write and or or");
    }
  } else if (key == "sort_by") {
    auto s = SortBy::parse(v);
    if (!s) return std::move(s).error();
    f.sort_by = std::move(*s);
  } else {  // page, size
    auto n = parse_int(v);
    if (!n) {
      return Error::invalid_argument(p + in_quotes(v) + " is not an integer; write e.g. " +
                                     std::string(key) + "=" + (key == "page" ? "2" : "50"));
    }
    (key == "page" ? f.page : f.size) = *n;
  }
  return Empty{};
}

}  // namespace filter_detail

inline Result<ServiceFilter> ServiceFilter::parse_query(std::string_view query,
                                                        std::int64_t max_page_size) {
  if (!query.empty() && query.front() != '?' &&
      (query.front() == '/' || query.find("://") != std::string_view::npos)) {
    const auto qm = query.find('?');
    query = qm == std::string_view::npos ? std::string_view{} : query.substr(qm);
  }
  const auto hash = query.find('#');
  if (hash != std::string_view::npos) query = query.substr(0, hash);
  auto params = decode_query(query);
  if (!params) {
    return Error::invalid_argument(
        "query: malformed percent-escape in " + filter_detail::in_quotes(query) +
        "; a literal % must be written %25 (percent-encode values, e.g. with encodeURIComponent)");
  }
  ServiceFilter f;
  f.max_page_size = max_page_size;
  std::vector<std::string_view> seen;
  for (const auto& [key, value] : *params) {
    bool handled = false;
    for (const auto& g : generic_filter_fields()) {
      if (key == g.name) {
        (f.*(g.member)).push_back(Condition::parse(value));
        handled = true;
      }
    }
    if (handled) continue;
    const auto sk = std::find(filter_detail::kScalarQueryKeys.begin(), filter_detail::kScalarQueryKeys.end(), key);
    if (sk == filter_detail::kScalarQueryKeys.end()) continue;  // unknown: ignored, like the server
    if (std::find(seen.begin(), seen.end(), *sk) != seen.end()) {
      return Error::invalid_argument(key + ": given more than once; write it once");
    }
    seen.push_back(*sk);
    auto r = filter_detail::set_scalar(f, *sk, value);
    if (!r) return std::move(r).error();
  }
  auto ok = f.validate();
  if (!ok) return std::move(ok).error();
  return f;
}

namespace filter_detail {

// The options object is read with the primitives every reader of caller input shares
// (reader.hpp): one wording for wrong types and unknown keys.
template <class J>
Result<std::string> json_string(const J& j, const std::string& path, std::string_view example) {
  return reader::string(j, path, "a string like " + in_quotes(example));
}

template <class J>
Result<bool> json_bool(const J& j, const std::string& path) { return reader::boolean(j, path); }

template <class J>
Result<std::int64_t> json_int(const J& j, const std::string& path) { return reader::integer(j, path); }

inline constexpr std::array<std::string_view, 8> kJsonTopKeys = {
    "filter", "logicalOperator", "sortBy", "page", "size", "hydrate", "project", "scopeUser"};
inline constexpr std::array<std::string_view, 3> kJsonIgnoredTopKeys = {"signal", "credentials",
                                                                        "timeoutMs"};

using reader::unknown_key;

/// The keys of the JS options' `filter` object: the query names of the filters.
inline std::vector<std::string_view> json_filter_keys() {
  std::vector<std::string_view> known;
  for (const auto& g : generic_filter_fields()) known.push_back(g.name);
  known.push_back("running");
  known.push_back("config");
  return known;
}

template <class J>
Result<Empty> read_json_filter(ServiceFilter& f, const J& filter) {
  if (!filter.is_object()) {
    return reader::wrong_type("filter", "an object like { name: \"startswith:svc-\" }", filter);
  }
  const std::vector<std::string_view> known = json_filter_keys();
  for (const auto& [key, v] : filter.items()) {
    const std::string path = "filter." + key;
    if (v.is_null()) {
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    }
    bool handled = false;
    for (const auto& g : generic_filter_fields()) {
      if (key != g.name) continue;
      handled = true;
      auto& conds = f.*(g.member);
      if (v.is_string()) {
        conds.push_back(Condition::parse(*v.template get_ptr<const std::string*>()));
      } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) {
          auto s = json_string(v[i], path + "[" + std::to_string(i) + "]", "startswith:svc-");
          if (!s) return std::move(s).error();
          conds.push_back(Condition::parse(*s));
        }
      } else {
        return reader::wrong_type(path, "a string or an array of strings like [\"startswith:svc-\"]", v);
      }
    }
    if (handled) continue;
    if (key == "running") {
      auto b = json_bool(v, path);
      if (!b) return std::move(b).error();
      f.running = *b;
    } else if (key == "config") {
      auto s = json_string(v, path, "{}");
      if (!s) return std::move(s).error();
      f.config = std::move(*s);
    } else {
      for (std::string_view top : kJsonTopKeys) {
        if (top != "filter" && loose_key(top) == loose_key(key)) {
          return Error::invalid_argument(path + ": " + key + " is not a filter but a top-level "
                                         "option; write { " + std::string(top) +
                                         ": ... } beside filter");
        }
      }
      return unknown_key(path, key, known, "filter");
    }
  }
  return Empty{};
}

}  // namespace filter_detail

template <class J>
Result<ServiceFilter> ServiceFilter::from_json(const J& opts, std::int64_t max_page_size) {
  ServiceFilter f;
  f.max_page_size = max_page_size;
  if (opts.is_null()) return f;
  if (!opts.is_object()) {
    return reader::wrong_type("options", "an object like { filter: {...}, page: 1 }", opts);
  }
  for (const auto& [key, v] : opts.items()) {
    if (std::find(filter_detail::kJsonIgnoredTopKeys.begin(), filter_detail::kJsonIgnoredTopKeys.end(), key) !=
        filter_detail::kJsonIgnoredTopKeys.end()) {
      continue;
    }
    const auto known = std::find(filter_detail::kJsonTopKeys.begin(), filter_detail::kJsonTopKeys.end(), key);
    if (known == filter_detail::kJsonTopKeys.end()) {
      for (std::string_view filter_key : filter_detail::json_filter_keys()) {
        if (filter_detail::loose_key(filter_key) == filter_detail::loose_key(key)) {
          return Error::invalid_argument(key + ": " + std::string(filter_key) +
                                         " is a filter, not a top-level option; write { filter: { " +
                                         std::string(filter_key) + ": ... } }");
        }
      }
      std::vector<std::string_view> all(filter_detail::kJsonTopKeys.begin(), filter_detail::kJsonTopKeys.end());
      return filter_detail::unknown_key(key, key, all, "option");
    }
    if (v.is_null()) continue;
    Result<Empty> r = Empty{};
    if (key == "filter") {
      r = filter_detail::read_json_filter(f, v);
    } else if (key == "logicalOperator") {
      auto s = filter_detail::json_string(v, key, "and");
      if (!s) return std::move(s).error();
      r = filter_detail::set_scalar(f, "logical_operator", *s);
    } else if (key == "sortBy") {
      auto s = filter_detail::json_string(v, key, "desc:created");
      if (!s) return std::move(s).error();
      r = filter_detail::set_scalar(f, "sort_by", *s);
    } else if (key == "project" || key == "scopeUser") {
      auto s = filter_detail::json_string(v, key, key == "project" ? "default" : filter_detail::kExampleUuid);
      if (!s) return std::move(s).error();
      (key == "project" ? f.project : f.scope_user) = std::move(*s);
    } else if (key == "hydrate") {
      auto b = filter_detail::json_bool(v, key);
      if (!b) return std::move(b).error();
      f.hydrate = *b;
    } else {  // page, size
      auto n = filter_detail::json_int(v, key);
      if (!n) return std::move(n).error();
      (key == "page" ? f.page : f.size) = *n;
    }
    if (!r) return std::move(r).error();
  }
  auto ok = f.validate();
  if (!ok) return std::move(ok).error();
  return f;
}

template <class J>
J ServiceFilter::to_json() const {
  // Byte order of the keys, whatever J keeps: the same text from nlohmann::json and zenml::Json.
  static constexpr std::string_view kFilterKeys[] = {
      "config",        "created",         "flavor",             "id",      "model_version_id",
      "name",          "pipeline_name",   "pipeline_run_id",    "pipeline_step_name",
      "running",       "type",            "updated",            "user"};
  J filter = J::object();
  for (std::string_view key : kFilterKeys) {
    if (key == "config") {
      if (config) filter["config"] = *config;
    } else if (key == "running") {
      if (running) filter["running"] = *running;
    } else {
      for (const auto& g : generic_filter_fields()) {
        const auto& conds = this->*(g.member);
        if (g.name != key || conds.empty()) continue;
        J arr = J::array();
        for (const Condition& c : conds) arr.push_back(c.to_wire(g.kind));
        filter[std::string(g.name)] = std::move(arr);
      }
    }
  }
  J out = J::object();
  if (!filter.empty()) out["filter"] = std::move(filter);
  if (hydrate) out["hydrate"] = *hydrate;
  if (logical_operator) out["logicalOperator"] = std::string(to_string(*logical_operator));
  if (page) out["page"] = *page;
  if (project) out["project"] = *project;
  if (scope_user) out["scopeUser"] = *scope_user;
  if (size) out["size"] = *size;
  if (sort_by) out["sortBy"] = sort_by->to_wire();
  return out;
}

}  // namespace zenml
