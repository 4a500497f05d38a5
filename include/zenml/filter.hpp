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

#include "zenml/detail/calendar.hpp"
#include "zenml/detail/concat.hpp"
#include "zenml/detail/uuid.hpp"
#include "zenml/error.hpp"
#include "zenml/filter_schema.hpp"
#include "zenml/json_text.hpp"
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

/// @brief `AND` (the server's default) or `OR` over all generic filters.
enum class LogicalOperator { and_, or_ };

constexpr std::string_view to_string(LogicalOperator l) noexcept {
  return l == LogicalOperator::or_ ? "or" : "and";
}

enum class SortOrder { asc, desc };

namespace filter_detail {

inline bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
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

using detail::dump_json;
using detail::fmt;

// "Did you mean" hints, for keys and operators: one implementation for every reader.
using reader::closest_key;
using reader::edit_distance;
using reader::loose_key;

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
  auto ws = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
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
  if (*y < 1 || *se > 59) return std::nullopt;  // datetime() refuses year 0 and leap seconds
  if (*d > detail::days_in_month(*y, *mo)) return std::nullopt;
  const std::int64_t secs =
      detail::days_from_civil(*y, *mo, *d) * 86400 + *h * 3600 + *mi * 60 + *se;
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

inline bool all_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_hex);
}

/// A UUID as FastAPI reads a `UUID` query parameter (`scope_user`): 32 hex digits, `8-4-4-4-12`,
/// `{8-4-4-4-12}` or `urn:uuid:8-4-4-4-12`.
inline bool is_query_uuid(std::string_view s) {
  if (s.size() == 32) return all_hex(s);
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  if (s.size() == 45 && s.substr(0, 9) == "urn:uuid:") s.remove_prefix(9);
  return detail::is_uuid(s);
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

namespace filter_detail {

/// @brief The operator the prefix of `wire` (the text before its first `:`) was most likely
/// meant to be, when that prefix is not an operator but reads like one: the same word in another
/// case or spelling (`StartsWith`, `starts_with`) or a close misspelling (`startwith`,
/// `notequal`, `contians`): at most one edit for operators of 5 to 9 letters, two from 10 on,
/// and none for the short ones (`gt`, `in`, …), which one edit turns into ordinary words
/// (`at`, `on`); `container:` is two edits from `contains`, a word rather than a slip. The server
/// reads such a condition as a literal `equals` value (an unknown prefix is not an error there); an
/// explicit `equals:` keeps that literal possible.
inline std::optional<FilterOp> operator_typo(std::string_view wire) {
  const auto colon = wire.find(':');
  if (colon == std::string_view::npos || colon > 24) return std::nullopt;
  const std::string_view prefix = wire.substr(0, colon);
  if (filter_op_from_string(prefix)) return std::nullopt;
  const std::string loose = loose_key(prefix);
  std::optional<FilterOp> best;
  std::size_t best_d = 0;
  for (const OperatorSpec& o : kFilterOperators) {
    const std::size_t allowed = o.name.size() <= 4 ? 0 : o.name.size() <= 9 ? 1 : 2;
    const std::size_t d = edit_distance(loose, o.name);
    if (d <= allowed && (!best || d < best_d)) {
      best = o.op;
      best_d = d;
    }
  }
  return best;
}

}  // namespace filter_detail

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
  /// unless the value would be misread (`contains:x` → `equals:contains:x`), would be refused
  /// as an operator typo when read back (`startwith:x` → `equals:startwith:x`), or the field is
  /// a datetime (the server documents the format only after an operator). On an `exact` field
  /// the server compares the whole text, so an `equals` value is always sent bare.
  std::string to_wire(FieldKind kind = FieldKind::text) const {
    if (op == FilterOp::equals && kind == FieldKind::exact) return value;
    if (op == FilterOp::equals && kind != FieldKind::datetime && Condition::parse(value) == *this &&
        !filter_detail::operator_typo(value)) {
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
    return Error::invalid_argument(
        "sort_by: \"{}\" has an unknown direction \"{}\" (the server would "
        "silently sort ascending); write asc:{} or desc:{2}",
        {text, dir, field});
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
/// `default`). The filter fields, their kinds and rules are the rows of `filter_fields()`
/// (filter_schema.hpp); each has one member here. The conditions of the applied fields are lists
/// (repeated query keys); all of them form one list combined with `logical_operator`.
/// `scope_user` and `project` are always AND-ed on top.
///
/// `running` and `config` are accepted and type-checked by the server but **not applied**
/// (their kind is an ignored one); they are kept only so that a query round-trips.
struct ServiceFilter {
  // The members of the field table's rows (filter_fields()), in its order.
  std::vector<Condition> id;
  std::vector<Condition> created;
  std::vector<Condition> updated;
  std::vector<Condition> name;
  std::vector<Condition> user;  ///< the creator's name, id or full_name, OR-ed
  std::vector<Condition> type;  ///< `service_type.type`
  std::vector<Condition> flavor;
  std::vector<Condition> pipeline_name;       ///< `config["pipeline_name"]` at creation
  std::vector<Condition> pipeline_step_name;  ///< `config["pipeline_step_name"]` at creation
  std::vector<Condition> model_version_id;
  std::vector<Condition> pipeline_run_id;
  std::optional<bool> running;        ///< accepted but ignored by the server
  std::optional<std::string> config;  ///< accepted but ignored by the server

  std::optional<std::string> scope_user;  ///< a user UUID: `user_id == value`, always AND-ed
  std::optional<std::string> project;     ///< project name or UUID, exact; no operators

  std::optional<LogicalOperator> logical_operator;
  std::optional<SortBy> sort_by;
  std::optional<std::int64_t> page;  ///< 1-based
  std::optional<std::int64_t> size;  ///< 1..max_page_size
  std::optional<bool> hydrate;

  /// @brief The largest `size` the server accepts (its `ZENML_PAGINATION_DEFAULT_LIMIT`).
  /// A validation setting, not part of the query: `operator==` ignores it.
  std::int64_t max_page_size = kPageSizeMaximum;
  /// @brief The ZenML release whose rules validation, the wire form and local evaluation
  /// follow (default: the newest known). A setting, not part of the query: `operator==`
  /// ignores it.
  Release server = kNewestKnownRelease;

  /// @brief Query parameters the server accepts and type-checks but does not apply.
  static std::vector<std::string_view> ignored_by_server(Release r = kNewestKnownRelease);
  /// @brief Fields `sort_by` accepts on release `r`. `user` sorts by the creator's name.
  static std::vector<std::string_view> sortable_fields(Release r = kNewestKnownRelease);

  /// @brief Checks every rule the server enforces (422 / 400 before sending), and refuses a few
  /// queries the server accepts but that can only be mistakes: `oneof` items that are not strings
  /// (the server compares them oddly, or answers 500 for nested lists), a `sort_by` direction
  /// other than `asc`/`desc` (the server silently sorts ascending), an empty or operator-prefixed
  /// `project` (the server falls back to `default` / answers 404), and whatever release `server`
  /// would misread (silently wrong answers), each message naming the release and the first
  /// that reads it right: an operator it does not know (read as a literal), repeated conditions
  /// it does not combine (it keeps the last), an operator, an empty value or an `or` on a field
  /// it compares as a whole text and always AND-s (`exact`), `oneof:[]` in an OR with other
  /// conditions where it drops the empty list, an operator a kind does not take there yet
  /// (`user=oneof` before 0.93.0, a 400), a sort it cannot do (a 422), and a release older
  /// than the oldest supported. An `or` with no condition to combine is not refused: see
  /// `wire_logical_operator`.
  Result<Empty> validate() const;
  /// @brief The `logical_operator` the query sends to release `server`: `logical_operator`,
  /// except an `or` with no condition for it to combine on a release that reads that as "no
  /// service" (before 0.93.3): then none, so that every release answers as the newest does
  /// (every service). Local evaluation follows the same.
  std::optional<LogicalOperator> wire_logical_operator() const;
  /// @brief The validated query: ordered, repeated keys for multi-condition filters.
  Result<QueryParams> to_query_params() const;
  /// @brief `to_query_params()` percent-encoded (RFC 3986), without a leading `?`.
  Result<std::string> to_query_string() const;
  /// @brief Reads a query string (with or without `?`, or a whole URL). `+` is a space, as for
  /// the server; unknown parameters are ignored, as by the server; a single-value parameter given
  /// twice is an error (the server would take the last); a condition whose prefix reads like a
  /// misspelt operator (`startwith:x`) is an error (the server would compare the literal text);
  /// the result is validated.
  static Result<ServiceFilter> parse_query(std::string_view query,
                                           std::int64_t max_page_size = kPageSizeMaximum,
                                           Release server = kNewestKnownRelease);
  /// @brief Reads the JS options object (`{ filter: {...}, logicalOperator, sortBy, page, size,
  /// hydrate, project, scopeUser }`); `signal`, `credentials`, `timeoutMs` are ignored, any
  /// other unknown key is an error. `null` means unset. Conditions are read as by `parse_query`.
  /// The result is validated.
  /// Takes any nlohmann JSON type (`nlohmann::json`, `zenml::Json`); keys are read in the
  /// object's own order, so of several mistakes the first one met is reported.
  template <class J>
  static Result<ServiceFilter> from_json(const J& opts,
                                         std::int64_t max_page_size = kPageSizeMaximum,
                                         Release server = kNewestKnownRelease);
  /// @brief The JS options object `from_json` reads back as this filter (not validated), as
  /// `nlohmann::json` or any other nlohmann JSON type: the keys are inserted in byte order, so
  /// every type dumps the same text.
  template <class J = nlohmann::json>
  J to_json() const;

  friend bool operator==(const ServiceFilter& a, const ServiceFilter& b) {
    for (const FilterField& g : filter_fields()) {
      if (g.conditions && a.*(g.conditions) != b.*(g.conditions)) return false;
      if (g.flag && a.*(g.flag) != b.*(g.flag)) return false;
      if (g.text && a.*(g.text) != b.*(g.text)) return false;
    }
    return a.scope_user == b.scope_user && a.project == b.project &&
           a.logical_operator == b.logical_operator && a.sort_by == b.sort_by && a.page == b.page &&
           a.size == b.size && a.hydrate == b.hydrate;
  }
  friend bool operator!=(const ServiceFilter& a, const ServiceFilter& b) { return !(a == b); }
};

inline std::vector<std::string_view> ServiceFilter::ignored_by_server(Release r) {
  std::vector<std::string_view> out;
  for (const FilterField& g : filter_fields()) {
    const auto kind = g.kind_on(r);
    if (kind && !kind_spec(*kind).applied) out.push_back(g.name);
  }
  return out;
}

inline std::vector<std::string_view> ServiceFilter::sortable_fields(Release r) {
  std::vector<std::string_view> out;
  for (const FilterField& g : filter_fields()) {
    if (g.sortable.contains(r)) out.push_back(g.name);
  }
  return out;
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

/// The operator prefix of `v` (`contains` in `contains:x`), if it has one.
inline std::optional<FilterOp> operator_prefix(std::string_view v) {
  const auto colon = v.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  return filter_op_from_string(v.substr(0, colon));
}

/// The operators a field of `kind` takes on release `r`, in table order.
inline std::vector<std::string_view> allowed_op_names(FieldKind kind, Release r) {
  std::vector<std::string_view> out;
  for (const OperatorSpec& o : kFilterOperators) {
    if (op_allowed(kind, o.op, r)) out.push_back(o.name);
  }
  return out;
}

/// `from 0.80.0`, `from 0.80.0 until 0.90.0` (exclusive), or `on no release`.
inline std::string releases_text(const Releases& rs) {
  if (!rs.ever) return "on no release";
  if (rs.open()) return fmt("from {}", {rs.since.to_string()});
  return fmt("from {} until {} (exclusive)", {rs.since.to_string(), rs.until.to_string()});
}

/// Whether `v` is one datetime, with a message naming the field and operator when it is not.
inline Result<Empty> check_single_datetime(std::string_view name, std::string_view opname,
                                           const std::string& v) {
  const auto comma = v.find(',');
  if (comma != std::string::npos && parse_filter_datetime(std::string_view(v).substr(0, comma))) {
    return Error::invalid_argument(
        "{}: {} takes a single datetime, got \"{}\"; for a range write in:{2}", {name, opname, v});
  }
  if (!parse_filter_datetime(v)) {
    return Error::invalid_argument(
        "{}: \"{}\" is not a valid datetime; write {}:{} (format %Y-%m-%d %H:%M:%S, UTC)",
        {name, v, opname, suggest_datetime(v)});
  }
  return Empty{};
}

/// `; it arrived in 0.95.0` (or nothing when no release has it).
inline std::string arrived(std::string_view what, const std::optional<Release>& first) {
  if (!first) return "";
  return fmt("; {} arrived in {}", {what, first->to_string()});
}

/// `; use one of equals, notequals, …` (the operators field `g` takes on `r`).
inline std::string use_one_of(FieldKind kind, Release r) {
  const auto ops = allowed_op_names(kind, r);
  return ops.empty() ? std::string() : fmt("; use one of {}", {join(ops, ", ")});
}

/// An operator on field `g` where release `r` compares it as a whole text (`exact`), when a later
/// release takes that operator there: what `r` would read instead, and since when it is read right.
inline std::optional<Error> exact_field_refused(const FilterField& g, std::string_view op,
                                                const std::string& wire, Release r) {
  const auto op_id = filter_op_from_string(op);
  const auto first =
      op_id ? first_release_taking(g, *op_id, static_cast<KindSet>(~kind_bit(FieldKind::exact)))
            : std::nullopt;
  if (!first) return std::nullopt;
  const std::string_view name = g.name;
  return Error::invalid_argument(
      "{}: ZenML {} compares {0} as a whole text, with no operators (it would read \"{}\" as "
      "the literal {0}){}; write the exact value",
      {name, r.to_string(), wire, arrived(fmt("the operator {} on {}", {op, name}), first)});
}

/// An operator the kind of field `g` does not take on release `r` (whether the server knows it
/// then, or the kind takes it then, or never): the message says which, and since when.
inline Error operator_refused(const FilterField& g, FieldKind kind, const Condition& c, Release r) {
  const OperatorSpec& spec = operator_spec(c.op);
  const auto first = first_release_taking(g, c.op);
  if (kind == FieldKind::exact) {
    if (auto later = exact_field_refused(g, spec.name, c.to_wire(FieldKind::text), r))
      return *later;
  }
  if ((spec.kinds & kind_bit(kind)) && !spec.releases.contains(r)) {  // unknown to that server
    const std::string wire = c.to_wire(kind);
    const std::string misread = kind == FieldKind::datetime
                                    ? fmt("it answers 422: \"{}\" is not a datetime to it", {wire})
                                    : fmt("it would read \"{}\" as a literal {}", {wire, g.name});
    return Error::invalid_argument(
        "{}: ZenML {} does not know the operator {} ({}){}{}",
        {g.name, r.to_string(), spec.name, misread, arrived("it", first), use_one_of(kind, r)});
  }
  if ((spec.kinds & kind_bit(kind)) &&
      !spec.releases_on(kind).contains(r)) {  // known, not on this kind
    return Error::invalid_argument(
        "{}: ZenML {} does not take the operator {} on {} (it {}){}{}",
        {g.name, r.to_string(), spec.name, g.name, spec.on_kinds.before,
         arrived(fmt("{}={}", {g.name, spec.name}), first), use_one_of(kind, r)});
  }
  return Error::invalid_argument("{}: operator \"{}\" is not allowed on a {} field{}",
                                 {g.name, spec.name, to_string(kind), use_one_of(kind, r)});
}

/// One condition of field `g` (of `kind` on release `r`), by the operator table: whether the
/// kind takes the operator on that release, then the value by the operator's syntax.
inline Result<Empty> validate_condition(const FilterField& g, FieldKind kind, const Condition& c,
                                        Release r = kNewestKnownRelease) {
  const OperatorSpec& spec = operator_spec(c.op);
  const std::string_view opname = spec.name;
  if (!op_allowed(kind, c.op, r)) return operator_refused(g, kind, c, r);
  switch (spec.value) {
    case ValueSyntax::none:
      if (!c.value.empty()) {
        return Error::invalid_argument("{}: {} takes no value, got \"{}\"; write {1}:",
                                       {g.name, opname, c.value});
      }
      return Empty{};
    case ValueSyntax::list:
      if (!parse_string_list(c.value)) {
        std::vector<std::string> parts;
        std::string_view rest = c.value;
        while (true) {
          const auto comma = rest.find(',');
          parts.emplace_back(rest.substr(0, comma));
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
        return Error::invalid_argument(
            "{}: {} needs a JSON list of strings, got \"{}\"; write {1}:{}",
            {g.name, opname, c.value, dump_json(nlohmann::ordered_json(parts))});
      }
      return Empty{};
    case ValueSyntax::range: {
      const auto comma = c.value.find(',');
      const bool two =
          comma != std::string::npos && c.value.find(',', comma + 1) == std::string::npos;
      if (!two || !parse_filter_datetime(std::string_view(c.value).substr(0, comma)) ||
          !parse_filter_datetime(std::string_view(c.value).substr(comma + 1))) {
        return Error::invalid_argument(
            "{}: {} needs exactly two datetimes separated by a comma, got \"{}\"; write "
            "{1}:2026-01-01 00:00:00,2026-02-01 00:00:00 (format %Y-%m-%d %H:%M:%S, UTC)",
            {g.name, opname, c.value});
      }
      return Empty{};
    }
    case ValueSyntax::value:
      if (kind == FieldKind::datetime) return check_single_datetime(g.name, opname, c.value);
      if (kind == FieldKind::exact) {
        if (const auto prefix = operator_prefix(c.value)) {  // read as a whole text there
          if (auto later = exact_field_refused(g, to_string(*prefix), c.value, r)) return *later;
          return Error::invalid_argument(
              "{}: \"{}\" starts with an operator, but ZenML {} compares {} as a whole text, "
              "with no operators; write the exact value",
              {g.name, c.value, r.to_string(), g.name});
        }
        if (c.value.empty() && kind_spec(kind).empty_ignored) {
          const auto first =
              first_release_where(g, [](FieldKind k) { return !kind_spec(k).empty_ignored; });
          return Error::invalid_argument(
              "{}: ZenML {} ignores an empty {0} (it would list every service, not those "
              "whose {0} is empty){}; leave {0} out to list every service",
              {g.name, r.to_string(), arrived(fmt("matching an empty {}", {g.name}), first)});
        }
      }
      // Any text: on a UUID field a non-UUID `equals` never matches (`notequals` then matches
      // every row), as on the server.
      return Empty{};
    case ValueSyntax::ordered:
      if (kind == FieldKind::datetime) return check_single_datetime(g.name, opname, c.value);
      // UUID filters strip the hyphens before the server's float(value).
      if (!python_float(kind == FieldKind::uuid ? replace_all(c.value, "-") : c.value)) {
        return Error::invalid_argument(
            "{}: {} compares numerically (the server casts the field to a number) and needs a "
            "number, got \"{}\"; write e.g. {1}:10, or use startswith/contains/equals to "
            "compare text",
            {g.name, opname, c.value});
      }
      return Empty{};
  }
  return Empty{};
}

/// The conditions of field `g` on release `r`: the field exists then, takes repeated conditions
/// if there are several, and each condition is valid for its kind.
inline Result<Empty> validate_field(const FilterField& g, const std::vector<Condition>& conds,
                                    Release r) {
  if (conds.empty()) return Empty{};
  const auto kind = g.kind_on(r);
  if (!kind) {
    std::string when;
    for (const KindEra& e : g.kinds) {
      if (e.releases.ever) {
        if (!when.empty()) when += ", ";
        when += releases_text(e.releases);
      }
    }
    return Error::invalid_argument("{}: ZenML {} has no {0} filter (it has one {})",
                                   {g.name, r.to_string(), when});
  }
  for (const Condition& c : conds) {
    auto ok = validate_condition(g, *kind, c, r);
    if (!ok) return ok;
  }
  if (conds.size() > 1 && !g.repeatable.contains(r)) {
    return Error::invalid_argument(
        "{}: ZenML {} reads only the last of several conditions on one field (it would answer "
        "for {0}={} alone){}; write one condition, got {}",
        {g.name, r.to_string(), conds.back().to_wire(*kind),
         arrived("combining them",
                 g.repeatable.ever ? std::optional<Release>(g.repeatable.since) : std::nullopt),
         std::to_string(conds.size())});
  }
  return Empty{};
}

/// Reads one condition as the server would read its wire text, refusing a prefix that reads like
/// a misspelt operator (`startwith:`, `StartsWith:`): the server would compare the whole text
/// literally, which is almost never what was meant. `equals:` keeps any literal possible. On an
/// `exact` field the server takes the whole text as the value: so does this reader.
inline Result<Condition> read_condition(const FilterField& g, std::string_view wire, Release r) {
  if (g.kind_on(r) == FieldKind::exact) {
    return Condition{FilterOp::equals,
                     std::string(wire)};  // an operator prefix: refused by validate
  }
  if (const auto meant = operator_typo(wire)) {
    const std::string_view prefix = wire.substr(0, wire.find(':'));
    return Error::invalid_argument(
        "{}: \"{}\" is not an operator, so ZenML would compare the whole text \"{}\" "
        "literally; did you mean {}? For that literal text, write equals:{2}",
        {g.name, prefix, wire, to_string(*meant)});
  }
  return Condition::parse(wire);
}

}  // namespace filter_detail

namespace filter_detail {

/// A query parameter that is not a filter field: it takes a single value.
struct ScalarQueryKey {
  std::string_view name;
  bool in_filter_model;  ///< a field of the server's filter model (so "can not be sorted by" it)
};

inline constexpr std::array<ScalarQueryKey, 7> kScalarQueryKeys = {{{"scope_user", true},
                                                                    {"project", true},
                                                                    {"logical_operator", true},
                                                                    {"sort_by", true},
                                                                    {"page", true},
                                                                    {"size", true},
                                                                    {"hydrate", false}}};

}  // namespace filter_detail

namespace filter_detail {

/// True for `oneof:[]` / `notoneof:[]`, which the server turns into no condition at all.
inline bool is_empty_list(const Condition& c) {
  if (c.op != FilterOp::oneof && c.op != FilterOp::notoneof) return false;
  auto list = parse_string_list(c.value);
  return list && list->empty();
}

/// `server` is a release this package knows the rules of (newer ones are read as the newest).
inline Result<Empty> check_supported(Release server) {
  if (!(server < kOldestSupportedRelease)) return Empty{};
  const std::string oldest = kOldestSupportedRelease.to_string();
  const std::string newest = kNewestKnownRelease.to_string();
  return Error::invalid_argument(
      "serverVersion: ZenML {} is older than {}, the oldest release this package supports (ZenML's "
      "first with projects); it knows the rules of {1} to {} and reads a newer server as {2}",
      {server.to_string(), oldest, newest});
}

/// `logical_operator=or` on release `r`: a field AND-ed whatever it says, or an empty list the
/// release drops from an OR where later ones match every service, would be misread.
inline Result<Empty> check_or(const ServiceFilter& f, Release r) {
  bool empty_list = false, other = false;
  for (const FilterField& g : filter_fields()) {
    if (!g.conditions || (f.*(g.conditions)).empty()) continue;
    const auto kind = g.kind_on(r);
    if (!kind || !kind_spec(*kind).applied) continue;
    if (!kind_spec(*kind).combined) {
      const std::string_view name = g.name;
      const auto first = first_release_where(g, [](FieldKind k) { return kind_spec(k).combined; });
      return Error::invalid_argument(
          "{}: ZenML {} AND-s {0} to the other conditions whatever logical_operator says (with "
          "or it would list only services that match {0} too){}; use logical_operator and, or "
          "filter without {0}",
          {name, r.to_string(), arrived(fmt("{} inside an OR", {name}), first)});
    }
    for (const Condition& c : f.*(g.conditions)) (is_empty_list(c) ? empty_list : other) = true;
  }
  if (empty_list && other && !behaves(Behaviour::empty_list_in_or_matches_all, r)) {
    const BehaviourSpec& b = behaviour_spec(Behaviour::empty_list_in_or_matches_all);
    return Error::invalid_argument(
        "logical_operator: ZenML {} would misread oneof:[] in an OR with other conditions "
        "({}){}; leave the empty list out (it makes the OR match every service)",
        {r.to_string(), b.before,
         arrived("an empty list that matches every service in an OR", b.releases.since)});
  }
  return Empty{};
}

}  // namespace filter_detail

inline std::optional<LogicalOperator> ServiceFilter::wire_logical_operator() const {
  if (logical_operator != LogicalOperator::or_ ||
      behaves(Behaviour::or_without_conditions_matches_all, server)) {
    return logical_operator;
  }
  for (const FilterField& g : filter_fields()) {
    if (!g.conditions || (this->*(g.conditions)).empty()) continue;
    const auto kind = g.kind_on(server);
    if (kind && kind_spec(*kind).applied && kind_spec(*kind).combined) return logical_operator;
  }
  return std::nullopt;  // an OR over nothing: every service, as from 0.93.3 (AND over nothing)
}

inline Result<Empty> ServiceFilter::validate() const {
  auto supported = filter_detail::check_supported(server);
  if (!supported) return supported;
  for (const FilterField& g : filter_fields()) {
    if (!g.conditions) continue;  // running, config: any value of their type will do
    auto r = filter_detail::validate_field(g, this->*(g.conditions), server);
    if (!r) return r;
  }
  if (logical_operator == LogicalOperator::or_) {
    auto r = filter_detail::check_or(*this, server);
    if (!r) return r;
  }
  if (scope_user && !filter_detail::is_query_uuid(*scope_user)) {
    return Error::invalid_argument(
        "scope_user: \"{}\" is not a UUID; write the user's UUID (e.g. {}), or "
        "filter by name with user={0}",
        {*scope_user, filter_detail::kExampleUuid});
  }
  if (project) {
    if (project->empty()) {
      return Error::invalid_argument(
          "project: empty; write a project name or UUID, or leave project unset for the "
          "server's default project");
    }
    if (filter_detail::operator_prefix(*project)) {
      return Error::invalid_argument(
          "project: \"{}\" starts with an operator, but project takes no "
          "operators; write the exact project name or UUID",
          {*project});
    }
  }
  if (sort_by) {
    const auto sortable = sortable_fields(server);
    if (std::find(sortable.begin(), sortable.end(), sort_by->field) == sortable.end()) {
      // The server's own word for the parameters of its filter model: "can not be sorted".
      bool excluded = find_filter_field(sort_by->field) != nullptr;
      for (const auto& q : filter_detail::kScalarQueryKeys) {
        if (q.in_filter_model && q.name == sort_by->field) excluded = true;
      }
      const std::string_view dir = sort_by->order == SortOrder::desc ? "desc:" : "";
      const FilterField* g = find_filter_field(sort_by->field);
      if (g && g->sortable.ever) {  // sortable on other releases
        return Error::invalid_argument(
            "sort_by: ZenML {} cannot sort services by {} (it answers 422){}; sort by one of {} "
            "(e.g. sort_by={}created)",
            {server.to_string(), sort_by->field,
             filter_detail::arrived(filter_detail::fmt("sorting by {}", {sort_by->field}),
                                    g->sortable.since),
             filter_detail::join(sortable, ", "), dir});
      }
      return Error::invalid_argument(
          "sort_by: {}{}\"; sort by one of {} (e.g. sort_by={}created)",
          {excluded ? "services can not be sorted by \"" : "unknown field \"", sort_by->field,
           filter_detail::join(sortable, ", "), dir});
    }
  }
  if (page && *page < 1) {
    return Error::invalid_argument("page: {} is out of range; write a page number >= 1",
                                   {std::to_string(*page)});
  }
  if (size && (*size < 1 || *size > max_page_size)) {
    return Error::invalid_argument("size: {} is out of range; write a size between 1 and {}",
                                   {std::to_string(*size), std::to_string(max_page_size)});
  }
  return Empty{};
}

inline Result<QueryParams> ServiceFilter::to_query_params() const {
  auto ok = validate();
  if (!ok) return std::move(ok).error();
  QueryParams q;
  for (const FilterField& g : filter_fields()) {
    if (!g.conditions) continue;
    const FieldKind kind = g.kind_on(server).value_or(FieldKind::text);
    for (const Condition& c : this->*(g.conditions)) q.emplace_back(g.name, c.to_wire(kind));
  }
  if (scope_user) q.emplace_back("scope_user", *scope_user);
  if (project) q.emplace_back("project", *project);
  for (const FilterField& g : filter_fields()) {  // the ignored ones
    if (g.flag && this->*(g.flag)) q.emplace_back(g.name, *(this->*(g.flag)) ? "true" : "false");
    if (g.text && this->*(g.text)) q.emplace_back(g.name, *(this->*(g.text)));
  }
  if (const auto op = wire_logical_operator()) q.emplace_back("logical_operator", to_string(*op));
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

/// Applies one scalar query parameter (already checked to appear once).
inline Result<Empty> set_scalar(ServiceFilter& f, std::string_view key, const std::string& v) {
  if (key == "scope_user") {
    f.scope_user = v;
  } else if (key == "project") {
    f.project = v;
  } else if (key == "hydrate") {
    auto b = parse_bool(v);
    if (!b) {
      return Error::invalid_argument("{}: \"{}\" is not a boolean; write true or false", {key, v});
    }
    f.hydrate = *b;
  } else if (key == "logical_operator") {
    if (v == "and") {
      f.logical_operator = LogicalOperator::and_;
    } else if (v == "or") {
      f.logical_operator = LogicalOperator::or_;
    } else {
      return Error::invalid_argument("{}: \"{}\" is not a logical operator; write and or or",
                                     {key, v});
    }
  } else if (key == "sort_by") {
    auto s = SortBy::parse(v);
    if (!s) return std::move(s).error();
    f.sort_by = std::move(*s);
  } else {  // page, size
    auto n = parse_int(v);
    if (!n) {
      return Error::invalid_argument("{}: \"{}\" is not an integer; write e.g. {0}={}",
                                     {key, v, key == "page" ? "2" : "50"});
    }
    (key == "page" ? f.page : f.size) = *n;
  }
  return Empty{};
}

/// Sets an ignored field (running, config) from its query text.
inline Result<Empty> set_ignored(ServiceFilter& f, const FilterField& g, const std::string& v) {
  if (g.flag) {
    auto b = parse_bool(v);
    if (!b) {
      return Error::invalid_argument("{}: \"{}\" is not a boolean; write true or false",
                                     {g.name, v});
    }
    f.*(g.flag) = *b;
  } else if (g.text) {
    f.*(g.text) = v;
  }
  return Empty{};
}

}  // namespace filter_detail

inline Result<ServiceFilter> ServiceFilter::parse_query(std::string_view query,
                                                        std::int64_t max_page_size,
                                                        Release server) {
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
        "query: malformed percent-escape in \"{}\"; a literal % must be written "
        "%25 (percent-encode values, e.g. with encodeURIComponent)",
        {query});
  }
  ServiceFilter f;
  f.max_page_size = max_page_size;
  f.server = server;
  std::vector<std::string_view> seen;  // the single-value parameters met so far
  auto once = [&seen](std::string_view key) -> Result<Empty> {
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      return Error::invalid_argument("{}: given more than once; write it once", {key});
    }
    seen.push_back(key);
    return Empty{};
  };
  for (const auto& [key, value] : *params) {
    if (const FilterField* g = find_filter_field(key)) {
      if (g->conditions) {
        auto c = filter_detail::read_condition(*g, value, server);
        if (!c) return std::move(c).error();
        (f.*(g->conditions)).push_back(std::move(*c));
        continue;
      }
      auto r = once(g->name);
      if (r) r = filter_detail::set_ignored(f, *g, value);
      if (!r) return std::move(r).error();
      continue;
    }
    const auto sk =
        std::find_if(filter_detail::kScalarQueryKeys.begin(), filter_detail::kScalarQueryKeys.end(),
                     [&key = key](const auto& q) { return q.name == key; });
    if (sk == filter_detail::kScalarQueryKeys.end()) continue;  // unknown: ignored, like the server
    auto r = once(sk->name);
    if (r) r = filter_detail::set_scalar(f, sk->name, value);
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
  return reader::string(j, path, fmt("a string like \"{}\"", {example}));
}

template <class J>
Result<bool> json_bool(const J& j, const std::string& path) {
  return reader::boolean(j, path);
}

template <class J>
Result<std::int64_t> json_int(const J& j, const std::string& path) {
  return reader::integer(j, path);
}

inline constexpr std::array<std::string_view, 8> kJsonTopKeys = {
    "filter", "logicalOperator", "sortBy", "page", "size", "hydrate", "project", "scopeUser"};
inline constexpr std::array<std::string_view, 3> kJsonIgnoredTopKeys = {"signal", "credentials",
                                                                        "timeoutMs"};

using reader::unknown_key;

/// The keys of the JS options' `filter` object: the names of the field table.
inline std::vector<std::string_view> json_filter_keys() {
  std::vector<std::string_view> known;
  for (const FilterField& g : filter_fields()) known.push_back(g.name);
  return known;
}

template <class J>
Result<Empty> read_json_filter(ServiceFilter& f, const J& filter) {
  if (!filter.is_object()) {
    return reader::wrong_type("filter", "an object like { name: \"startswith:svc-\" }", filter);
  }
  for (const auto& [key, v] : filter.items()) {
    const std::string path = "filter." + key;
    const FilterField* g = find_filter_field(key);
    if (!g) {
      for (std::string_view top : kJsonTopKeys) {
        if (top != "filter" && loose_key(top) == loose_key(key)) {
          return Error::invalid_argument(
              "{}: {} is not a filter but a top-level option; write { {}: ... } beside filter",
              {path, key, top});
        }
      }
      return unknown_key(path, key, json_filter_keys(), "filter");
    }
    if (v.is_null()) continue;
    if (g->flag) {
      auto b = json_bool(v, path);
      if (!b) return std::move(b).error();
      f.*(g->flag) = *b;
    } else if (g->text) {
      auto s = json_string(v, path, "{}");
      if (!s) return std::move(s).error();
      f.*(g->text) = std::move(*s);
    } else {
      auto& conds = f.*(g->conditions);
      auto add = [&](const std::string& wire) -> Result<Empty> {
        auto c = read_condition(*g, wire, f.server);
        if (!c) return std::move(c).error();
        conds.push_back(std::move(*c));
        return Empty{};
      };
      if (v.is_string()) {
        auto r = add(*v.template get_ptr<const std::string*>());
        if (!r) return r;
      } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) {
          auto s = json_string(v[i], fmt("{}[{}]", {path, std::to_string(i)}), "startswith:svc-");
          if (!s) return std::move(s).error();
          auto r = add(*s);
          if (!r) return r;
        }
      } else {
        return reader::wrong_type(path,
                                  "a string or an array of strings like [\"startswith:svc-\"]", v);
      }
    }
  }
  return Empty{};
}

}  // namespace filter_detail

template <class J>
Result<ServiceFilter> ServiceFilter::from_json(const J& opts, std::int64_t max_page_size,
                                               Release server) {
  ServiceFilter f;
  f.max_page_size = max_page_size;
  f.server = server;
  if (opts.is_null()) return f;
  if (!opts.is_object()) {
    return reader::wrong_type("options", "an object like { filter: {...}, page: 1 }", opts);
  }
  for (const auto& [key, v] : opts.items()) {
    if (std::find(filter_detail::kJsonIgnoredTopKeys.begin(),
                  filter_detail::kJsonIgnoredTopKeys.end(),
                  key) != filter_detail::kJsonIgnoredTopKeys.end()) {
      continue;
    }
    const auto known =
        std::find(filter_detail::kJsonTopKeys.begin(), filter_detail::kJsonTopKeys.end(), key);
    if (known == filter_detail::kJsonTopKeys.end()) {
      for (std::string_view filter_key : filter_detail::json_filter_keys()) {
        if (filter_detail::loose_key(filter_key) == filter_detail::loose_key(key)) {
          return Error::invalid_argument(
              "{}: {} is a filter, not a top-level option; write { filter: { {1}: ... } }",
              {key, filter_key});
        }
      }
      std::vector<std::string_view> all(filter_detail::kJsonTopKeys.begin(),
                                        filter_detail::kJsonTopKeys.end());
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
      auto s = filter_detail::json_string(
          v, key, key == "project" ? "default" : filter_detail::kExampleUuid);
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
  J filter = J::object();
  const FilterField* g = nullptr;
  while (true) {  // the next field by name: 13 × 13 comparisons, less code than a sort
    const FilterField* next = nullptr;
    for (const FilterField& h : filter_fields()) {
      if ((!g || h.name > g->name) && (!next || h.name < next->name)) next = &h;
    }
    if (!next) break;
    g = next;
    const std::string key(g->name);
    if (g->flag && this->*(g->flag)) filter[key] = *(this->*(g->flag));
    if (g->text && this->*(g->text)) filter[key] = *(this->*(g->text));
    if (!g->conditions || (this->*(g->conditions)).empty()) continue;
    const FieldKind kind = g->kind_on(server).value_or(FieldKind::text);
    J arr = J::array();
    for (const Condition& c : this->*(g->conditions)) arr.push_back(c.to_wire(kind));
    filter[key] = std::move(arr);
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
