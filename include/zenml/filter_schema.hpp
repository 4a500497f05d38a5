// zenml-services-wasm — the server's filter rules as data: ONE table of filter operators and
// ONE table of filter fields (with the field kinds between them), each capability with the ZenML
// releases it holds for. Validation, query and JSON conversion, local evaluation, every message,
// the JS package's filterSchema() and the dashboard's menus are all read from here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zenml/error.hpp"
#include "zenml/result.hpp"
#include "zenml/service.hpp"

namespace zenml {

struct Condition;      // filter.hpp
struct ServiceFilter;  // filter.hpp

// ---------------------------------------------------------------- releases

/// @brief A ZenML server release, `major.minor.patch`, ordered numerically.
struct Release {
  int major = 0;
  int minor = 0;
  int patch = 0;

  /// @brief `0.98.0`: three decimal numbers separated by dots, nothing else.
  static std::optional<Release> parse(std::string_view text) {
    Release r;
    int* parts[3] = {&r.major, &r.minor, &r.patch};
    std::size_t i = 0;
    for (int k = 0; k < 3; ++k) {
      if (k > 0) {
        if (i >= text.size() || text[i] != '.') return std::nullopt;
        ++i;
      }
      const std::size_t start = i;
      long v = 0;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 6) {
        v = v * 10 + (text[i] - '0');
        ++i;
      }
      if (i == start) return std::nullopt;
      *parts[k] = static_cast<int>(v);
    }
    if (i != text.size()) return std::nullopt;
    return r;
  }

  std::string to_string() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  }

  friend constexpr bool operator<(const Release& a, const Release& b) {
    if (a.major != b.major) return a.major < b.major;
    if (a.minor != b.minor) return a.minor < b.minor;
    return a.patch < b.patch;
  }
  friend constexpr bool operator==(const Release& a, const Release& b) {
    return a.major == b.major && a.minor == b.minor && a.patch == b.patch;
  }
  friend constexpr bool operator!=(const Release& a, const Release& b) { return !(a == b); }
};

/// @brief A release given by a caller (`serverVersion`), or invalid_argument naming `what`.
inline Result<Release> release_arg(std::string_view text, std::string_view what) {
  if (auto r = Release::parse(text)) return *r;
  std::string msg(what);
  msg += ": \"";
  msg.append(text);
  msg += "\" is not a ZenML release; write one like 0.98.0 (GET /api/v1/info gives the server's)";
  return Error::invalid_argument(std::move(msg));
}

/// @brief The oldest release the package supports (ZenML's first with projects).
inline constexpr Release kOldestSupportedRelease{0, 80, 0};
/// @brief The newest release whose rules are known (and tested). The default of every function
/// that takes a release; a newer server is treated as this one.
inline constexpr Release kNewestKnownRelease{0, 98, 0};

/// @brief The releases a rule holds for: from `since` (inclusive) up to `until` (exclusive;
/// `until` = 0.0.0 means "still holds"); `ever` is false for a rule that never holds.
struct Releases {
  bool ever = false;
  Release since{};
  Release until{};

  constexpr bool open() const { return until == Release{}; }
  /// @brief Whether the rule holds on `r` (a release newer than the newest known counts as it).
  constexpr bool contains(Release r) const {
    if (kNewestKnownRelease < r) r = kNewestKnownRelease;
    return ever && !(r < since) && (open() || r < until);
  }
};

/// @brief Never: e.g. the `sortable` of a field that cannot be sorted on any release.
inline constexpr Releases kNever{};
/// @brief From `r` on.
constexpr Releases since(Release r) {
  return Releases{true, r, Release{}};
}
/// @brief From `from` up to (not including) `until`.
constexpr Releases between(Release from, Release until) {
  return Releases{true, from, until};
}
/// @brief Every supported release: a rule that holds from the oldest supported release on.
inline constexpr Releases kSinceOldest = since(kOldestSupportedRelease);

/// @brief The releases where the server's reading of a services query changes, each bisected
/// over every ZenML release from 0.80.0 to 0.98.0 and confirmed live on the last release before
/// it and the first with it (docs/compatibility.md lists the evidence).
namespace releases {
/// `user=oneof:[…]` works (0.80.0–0.92.x answer 400: the list was turned into one text).
inline constexpr Release kUserOneOf{0, 93, 0};
/// `type`, `flavor`, `pipeline_name`, `pipeline_step_name` become ordinary text filters (before:
/// a custom `column == value`, always AND-ed, skipped when empty, not sortable); `or` becomes a
/// UNION of one query per condition (before: `or_(False, …)`).
inline constexpr Release kGenericTypedFields{0, 93, 3};
/// `notoneof`, `notcontains`, `isnull`, `isnotnull` exist; every filter field takes repeated
/// conditions (before: the last one only); a descending sort breaks ties by `id` descending.
inline constexpr Release kListFilters{0, 95, 0};
}  // namespace releases

// ---------------------------------------------------------------- operators and kinds

/// @brief The filter operators; the wire form of a condition is `<op>:<value>`.
enum class FilterOp : std::uint8_t {
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

/// @brief How the server reads the conditions of a field.
enum class FieldKind : std::uint8_t {
  text,          ///< StrFilter on a text column: LIKE operators, numeric casts, NULLs
  uuid,          ///< UUIDFilter: `equals` compares UUIDs, other operators the 32 hex digits
  datetime,      ///< DatetimeFilter: `%Y-%m-%d %H:%M:%S` (UTC) values, `in` ranges
  user,          ///< the creator: one condition tried on the user's id, name and full name, OR-ed
  exact,         ///< a custom filter: `column == value`, the whole text literally, no operators
  ignored_bool,  ///< a boolean the server type-checks and then ignores
  ignored_text,  ///< a string the server accepts and ignores
};

/// @brief What follows `<op>:` in a condition.
enum class ValueSyntax : std::uint8_t {
  value,    ///< one value of the field's type (any text; a datetime on datetime fields)
  ordered,  ///< a number (the server casts text columns to numbers), a datetime on datetime fields
  list,     ///< a JSON list of strings: `["a","b"]`
  range,    ///< two datetimes separated by a comma: `<from>,<to>`, both included
  none,     ///< nothing: `isnull:`
};

/// @brief A set of FieldKinds.
using KindSet = std::uint16_t;
constexpr KindSet kind_bit(FieldKind k) {
  return static_cast<KindSet>(1u << static_cast<unsigned>(k));
}

/// @brief Releases of an operator that differ on some kinds of field: on `kinds`, the
/// operator works on `releases` only, and elsewhere the server answers as `before` says.
struct KindReleases {
  KindSet kinds = 0;
  Releases releases = kNever;
  std::string_view before;  ///< what the server does with it outside `releases`
};

/// @brief One row of the operator table.
struct OperatorSpec {
  FilterOp op;
  std::string_view name;    ///< the wire name: lower case, as the server matches it
  KindSet kinds;            ///< the kinds of field that accept it
  ValueSyntax value;        ///< what follows `name:`
  Releases releases;        ///< the releases whose server knows the operator (elsewhere: a literal)
  KindReleases on_kinds{};  ///< narrower releases on some kinds (none: kinds = 0)

  /// @brief The releases where a field of `kind` takes it (given that the kind accepts it).
  constexpr const Releases& releases_on(FieldKind kind) const noexcept {
    return (on_kinds.kinds & (1u << static_cast<unsigned>(kind))) != 0 ? on_kinds.releases
                                                                       : releases;
  }
};

inline constexpr KindSet kTextFields = kind_bit(FieldKind::text);
inline constexpr KindSet kUuidFields = kind_bit(FieldKind::uuid);
inline constexpr KindSet kDatetimeFields = kind_bit(FieldKind::datetime);
inline constexpr KindSet kUserFields = kind_bit(FieldKind::user);
inline constexpr KindSet kExactFields = kind_bit(FieldKind::exact);
/// The kinds compared as text (LIKE operators, lists): all that take operators but datetimes.
inline constexpr KindSet kTextKinds = kTextFields | kUuidFields | kUserFields;
/// The kinds that take operators at all (not `exact`, not the ignored ones).
inline constexpr KindSet kOperatorKinds = kTextKinds | kDatetimeFields;
/// `equals` is also the one operator of an `exact` field (implicitly: its text is the value).
inline constexpr KindSet kEqualsKinds = kOperatorKinds | kExactFields;

/// @brief The four operators of 0.95.0; before it the server reads `<op>:<value>` as one
/// literal text (an unknown prefix is not an error there).
inline constexpr Releases kNegationAndNullOps = since(releases::kListFilters);
/// @brief `oneof` on `user` (the custom id/name/full-name filter).
inline constexpr KindReleases kUserOneOfReleases{kUserFields, since(releases::kUserOneOf),
                                                 "answers 400 (it turns the list into one text)"};

/// @brief THE operator table, in enum order (the order menus and messages list them in).
/// An operator outside its releases is read by that server as part of a literal.
// clang-format off
inline constexpr std::array<OperatorSpec, 15> kFilterOperators = {{
    // op                   wire name      kinds of field   value syntax          releases
    //   releases on some kinds
    {FilterOp::equals,      "equals",      kEqualsKinds,    ValueSyntax::value,   kSinceOldest},
    {FilterOp::notequals,   "notequals",   kOperatorKinds,  ValueSyntax::value,   kSinceOldest},
    {FilterOp::contains,    "contains",    kTextKinds,      ValueSyntax::value,   kSinceOldest},
    {FilterOp::notcontains, "notcontains", kTextKinds,      ValueSyntax::value,   kNegationAndNullOps},
    {FilterOp::startswith,  "startswith",  kTextKinds,      ValueSyntax::value,   kSinceOldest},
    {FilterOp::endswith,    "endswith",    kTextKinds,      ValueSyntax::value,   kSinceOldest},
    {FilterOp::oneof,       "oneof",       kTextKinds,      ValueSyntax::list,    kSinceOldest,
        kUserOneOfReleases},
    {FilterOp::notoneof,    "notoneof",    kTextKinds,      ValueSyntax::list,    kNegationAndNullOps},
    {FilterOp::gt,          "gt",          kOperatorKinds,  ValueSyntax::ordered, kSinceOldest},
    {FilterOp::gte,         "gte",         kOperatorKinds,  ValueSyntax::ordered, kSinceOldest},
    {FilterOp::lt,          "lt",          kOperatorKinds,  ValueSyntax::ordered, kSinceOldest},
    {FilterOp::lte,         "lte",         kOperatorKinds,  ValueSyntax::ordered, kSinceOldest},
    {FilterOp::in,          "in",          kDatetimeFields, ValueSyntax::range,   kSinceOldest},
    {FilterOp::isnull,      "isnull",      kOperatorKinds,  ValueSyntax::none,    kNegationAndNullOps},
    {FilterOp::isnotnull,   "isnotnull",   kOperatorKinds,  ValueSyntax::none,    kNegationAndNullOps},
}};
// clang-format on

/// @brief The row of `op` in the operator table.
constexpr const OperatorSpec& operator_spec(FilterOp op) noexcept {
  return kFilterOperators[static_cast<std::size_t>(op)];
}

namespace schema_detail {
constexpr bool operators_in_enum_order() {
  for (std::size_t i = 0; i < kFilterOperators.size(); ++i) {
    if (static_cast<std::size_t>(kFilterOperators[i].op) != i) return false;
  }
  return true;
}
static_assert(operators_in_enum_order(),
              "kFilterOperators must list the operators in FilterOp order");
}  // namespace schema_detail

/// @brief The wire name of an operator, e.g. `"startswith"`.
constexpr std::string_view to_string(FilterOp op) noexcept {
  return operator_spec(op).name;
}

/// @brief The operator with this exact (lower-case) wire name, if any, whatever the release.
constexpr std::optional<FilterOp> filter_op_from_string(std::string_view s) noexcept {
  for (const OperatorSpec& o : kFilterOperators) {
    if (o.name == s) return o.op;
  }
  return std::nullopt;
}

/// @brief One row of the kind table.
struct KindSpec {
  FieldKind kind;
  std::string_view name;   ///< as filterSchema() names it
  std::string_view label;  ///< in messages: "not allowed on a <label> field"
  bool applied;            ///< false: the server accepts the parameter and ignores it
  /// false: the server AND-s its condition to the rest whatever `logical_operator` says
  bool combined;
  /// true: the server skips an empty value (no condition) instead of matching the empty text
  bool empty_ignored;
};

/// @brief The kinds, in enum order.
inline constexpr std::array<KindSpec, 7> kFieldKinds = {{
    {FieldKind::text, "text", "string", true, true, false},
    {FieldKind::uuid, "uuid", "UUID", true, true, false},
    {FieldKind::datetime, "datetime", "datetime", true, true, false},
    {FieldKind::user, "user", "user", true, true, false},
    // ZenML's ServiceFilter.generate_filter of 0.80.0–0.93.2: `and_(base, column == value)`
    // after the generic filters, `if self.<field>:`.
    {FieldKind::exact, "exact", "custom exact-match", true, false, true},
    {FieldKind::ignored_bool, "ignored_bool", "ignored", false, false, false},
    {FieldKind::ignored_text, "ignored_text", "ignored", false, false, false},
}};

constexpr const KindSpec& kind_spec(FieldKind k) noexcept {
  return kFieldKinds[static_cast<std::size_t>(k)];
}
/// @brief The kind's word in messages (`string`, `UUID`, `datetime`, …).
constexpr std::string_view to_string(FieldKind k) noexcept {
  return kind_spec(k).label;
}

/// @brief Whether a field of `kind` takes `op` on release `r` (the server knows the operator
/// then, and the kind accepts it then).
constexpr bool op_allowed(FieldKind kind, FilterOp op, Release r = kNewestKnownRelease) noexcept {
  const OperatorSpec& o = operator_spec(op);
  return (o.kinds & kind_bit(kind)) != 0 && o.releases.contains(r) &&
         o.releases_on(kind).contains(r);
}

// ---------------------------------------------------------------- behaviours of the server

/// @brief How the server reads a query as a whole, where that is not a capability of one field
/// or operator. Each holds on its releases; elsewhere the server does what `before` says.
enum class Behaviour : std::uint8_t {
  or_without_conditions_matches_all,
  empty_list_in_or_matches_all,
  empty_list_matches_all,
  tiebreak_follows_direction,
  numeric_compare_skips_zero,
  bare_datetime_refused,
};

/// @brief One row of the behaviour table.
struct BehaviourSpec {
  Behaviour behaviour;
  std::string_view name;    ///< as filterSchema() names it
  std::string_view text;    ///< what the server does on `releases`
  std::string_view before;  ///< what it does on the supported releases outside them
  Releases releases;
};

/// @brief THE behaviour table, in enum order (docs/server-behaviour.md names them D2, D3, D9).
// clang-format off
inline constexpr std::array<BehaviourSpec, 6> kBehaviours = {{
    {Behaviour::or_without_conditions_matches_all, "or_without_conditions_matches_all",
     "logical_operator=or with no condition for it to combine applies no condition: every service",
     "or_(False): no service",
     since(releases::kGenericTypedFields)},
    {Behaviour::empty_list_in_or_matches_all, "empty_list_in_or_matches_all",
     "oneof:[] inside an OR matches every service (one query per condition, UNION-ed)",
     "oneof:[] inside an OR is dropped: only the other conditions count",
     since(releases::kGenericTypedFields)},
    {Behaviour::empty_list_matches_all, "empty_list_matches_all",
     "oneof:[] (and notoneof:[] where it exists) applies no condition: every service, NULLs too",
     "",
     kSinceOldest},
    {Behaviour::tiebreak_follows_direction, "tiebreak_follows_direction",
     "a sort breaks ties by id in the sort's direction (desc:x: id descending)",
     "a sort breaks ties by id ascending in both directions",
     since(releases::kListFilters)},
    {Behaviour::numeric_compare_skips_zero, "numeric_compare_skips_zero",
     "gt/gte/lt/lte on text compare CAST(col AS FLOAT), and a zero cast never matches",
     "",
     kSinceOldest},
    // The package always writes an operator and the %Y-%m-%d %H:%M:%S format, so this only
    // explains why a bare ISO datetime is refused on every release.
    {Behaviour::bare_datetime_refused, "bare_datetime_refused",
     "a datetime without operator must be %Y-%m-%d %H:%M:%S too (2026-01-01T00:00:00: a 422)",
     "a datetime without operator is parsed by pydantic (ISO 8601) and compared with equals",
     since(releases::kListFilters)},
}};
// clang-format on

namespace schema_detail {
constexpr bool behaviours_in_enum_order() {
  for (std::size_t i = 0; i < kBehaviours.size(); ++i) {
    if (static_cast<std::size_t>(kBehaviours[i].behaviour) != i) return false;
  }
  return true;
}
static_assert(behaviours_in_enum_order(),
              "kBehaviours must list the behaviours in Behaviour order");
}  // namespace schema_detail

constexpr const BehaviourSpec& behaviour_spec(Behaviour b) noexcept {
  return kBehaviours[static_cast<std::size_t>(b)];
}
/// @brief Whether the server of release `r` behaves as `b` says.
constexpr bool behaves(Behaviour b, Release r = kNewestKnownRelease) noexcept {
  return behaviour_spec(b).releases.contains(r);
}

// ---------------------------------------------------------------- conditions only the client can
// apply

/// @brief How a local-only condition reads a service.
enum class LocalFieldKind : std::uint8_t {
  state,   ///< `body.state` is one of the listed ServiceStates (a service without one: none)
  labels,  ///< `body.labels`: each `key: "value"` equal, each `key: true` present (any value)
};

/// @brief One row of the local-only field table: a condition no supported release has a query
/// parameter for (ServiceFilter has neither `state` nor `labels`), so the package evaluates it
/// on every service the server's own filters let through, page by page (services({ where })).
/// Its cost is the walk: every page of the server-filtered list is fetched.
struct LocalFieldSpec {
  std::string_view name;  ///< the key in `where`
  LocalFieldKind kind;
  std::string_view reads;  ///< the part of a service it reads
  std::string_view value;  ///< what the key takes, in messages and filterSchema()
};

/// @brief THE local-only field table (in `where`, the keys the package accepts).
// clang-format off
inline constexpr std::array<LocalFieldSpec, 2> kLocalFields = {{
    {"state",  LocalFieldKind::state,  "body.state",
     "a ServiceState or a list of them (any of): inactive, active, pending_startup, "
     "pending_shutdown, error, scaled_to_zero"},
    {"labels", LocalFieldKind::labels, "body.labels",
     "an object of label conditions: key: 'value' (equal) or key: true (present)"},
}};
// clang-format on

/// @brief The ServiceStates a `state` condition may name (the known ones, in the enum's order).
inline constexpr std::array<ServiceStateKind, 6> kKnownStates = {
    ServiceStateKind::inactive,         ServiceStateKind::active, ServiceStateKind::pending_startup,
    ServiceStateKind::pending_shutdown, ServiceStateKind::error,  ServiceStateKind::scaled_to_zero};

// ---------------------------------------------------------------- how a field reads a service

/// @brief What a service shows of its creator: the id (from `resources.user` or
/// `body.user_id`), and name / full_name when `resources.user` carries them.
struct UserView {
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> full_name;
};

/// @brief What a service holds for a filter field, as the server's SQL store compares it.
/// Which member is set follows the field's kind; none is set for SQL NULL.
struct FieldValue {
  std::optional<std::string> text;  ///< text, exact: the column; uuid: the id as sent
  std::optional<double> time;       ///< datetime: milliseconds since the Unix epoch (UTC)
  std::optional<UserView> user;     ///< user: the creator
};

/// @brief Readers of a service, one per filter field: where the server's column comes from.
namespace columns {

inline FieldValue of_text(std::optional<std::string> s) {
  return FieldValue{std::move(s), std::nullopt, std::nullopt};
}

/// `config[key]` as the server stored it in a TEXT column at creation: strings verbatim,
/// integers and floats as their decimal text, booleans as 1/0; absent, null or structured
/// values are NULL.
inline std::optional<std::string> config_text(const Service& s, const char* key) {
  if (!s.metadata || !s.metadata->config.is_object()) return std::nullopt;
  const auto it = s.metadata->config.find(key);
  if (it == s.metadata->config.end()) return std::nullopt;
  if (it->is_string()) return it->get_ref<const std::string&>();
  if (it->is_boolean()) return std::string(it->get<bool>() ? "1" : "0");
  if (it->is_number()) return it->dump();
  return std::nullopt;
}

inline std::optional<std::string> resource_id(const Service& s,
                                              std::optional<ResourceRef> ServiceResources::*m) {
  if (!s.resources || !((*s.resources).*m) || ((*s.resources).*m)->id.empty()) return std::nullopt;
  return ((*s.resources).*m)->id;
}

inline FieldValue id(const Service& s) {
  return of_text(s.id);
}
inline FieldValue name(const Service& s) {
  return of_text(s.name);
}
inline FieldValue type(const Service& s) {
  return of_text(s.body ? std::optional<std::string>(s.body->service_type.type) : std::nullopt);
}
inline FieldValue flavor(const Service& s) {
  return of_text(s.body ? std::optional<std::string>(s.body->service_type.flavor) : std::nullopt);
}
/// `config["pipeline_name"]` at creation: un-hydrated services hold NULL here.
inline FieldValue pipeline_name(const Service& s) {
  return of_text(config_text(s, "pipeline_name"));
}
inline FieldValue pipeline_step_name(const Service& s) {
  return of_text(config_text(s, "pipeline_step_name"));
}
inline FieldValue model_version_id(const Service& s) {
  return of_text(resource_id(s, &ServiceResources::model_version));
}
inline FieldValue pipeline_run_id(const Service& s) {
  return of_text(resource_id(s, &ServiceResources::pipeline_run));
}
inline FieldValue created(const Service& s) {
  return FieldValue{
      std::nullopt,
      s.body && s.body->created ? std::optional<double>(s.body->created->epoch_ms) : std::nullopt,
      std::nullopt};
}
inline FieldValue updated(const Service& s) {
  return FieldValue{
      std::nullopt,
      s.body && s.body->updated ? std::optional<double>(s.body->updated->epoch_ms) : std::nullopt,
      std::nullopt};
}

/// The creator, from `resources.user` (`full_name` from its `body`, or its top level), else
/// `body.user_id`.
inline FieldValue user(const Service& s) {
  UserView u;
  if (s.resources && s.resources->user) {
    const ResourceRef& r = *s.resources->user;
    if (!r.id.empty()) u.id = r.id;
    if (!r.name.empty()) u.name = r.name;
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
  FieldValue v;
  if (u.id || u.name) v.user = std::move(u);
  return v;
}

}  // namespace columns

// ---------------------------------------------------------------- the field table

/// @brief The kind a field has over a range of releases.
struct KindEra {
  FieldKind kind = FieldKind::text;
  Releases releases = kNever;
};

/// @brief One row of the field table: a query parameter of `GET /api/v1/services` that filters
/// (or that the server accepts and ignores), under the same name in the JS `filter` object.
struct FilterField {
  std::string_view name;         ///< wire name: query key, JS filter key and `sort_by` field
  std::array<KindEra, 2> kinds;  ///< its kind by release (an unused era has `kNever`)
  Releases sortable;             ///< releases where `sort_by=<name>` works
  Releases repeatable;           ///< releases that combine repeated conditions (else one only)
  /// Where a ServiceFilter keeps it: the conditions of an applied kind, or the value of an
  /// ignored one (exactly one of the three is set).
  std::vector<Condition> ServiceFilter::*conditions;
  std::optional<bool> ServiceFilter::*flag;
  std::optional<std::string> ServiceFilter::*text;
  /// How local evaluation reads it from a service (nullptr for ignored kinds).
  FieldValue (*read)(const Service&);

  /// @brief Its kind on release `r`; nullopt when that release has no such filter.
  constexpr std::optional<FieldKind> kind_on(Release r = kNewestKnownRelease) const {
    for (const KindEra& e : kinds) {
      if (e.releases.contains(r)) return e.kind;
    }
    return std::nullopt;
  }
  /// @brief Its kind on the newest known release.
  constexpr FieldKind kind() const { return kind_on().value_or(FieldKind::text); }
};

inline constexpr std::size_t kFilterFieldCount = 13;

/// @brief THE field table, in query order (the order `to_query_params` writes them in).
///
/// A function template only so that this header can name ServiceFilter's members before
/// filter.hpp completes the struct: it is instantiated where it is called (always as
/// `filter_fields()`, after filter.hpp).
template <class F = ServiceFilter>
const std::array<FilterField, kFilterFieldCount>& filter_fields() {
  using K = FieldKind;
  constexpr Releases all = kSinceOldest;
  // The four fields ZenML filtered with a custom `column == value` before 0.93.3.
  constexpr std::array<KindEra, 2> typed = {
      {{K::exact, between(kOldestSupportedRelease, releases::kGenericTypedFields)},
       {K::text, since(releases::kGenericTypedFields)}}};
  constexpr Releases typed_sortable = since(releases::kGenericTypedFields);
  // Every filter field a list (`name=a&name=b`: two conditions); before, FastAPI kept the last.
  constexpr Releases lists = since(releases::kListFilters);
  // clang-format off
  static const std::array<FilterField, kFilterFieldCount> table = {{
      // name                 kind by release                 sortable        repeatable
      //   ServiceFilter member (conditions, flag, text)  reader of a service
      {"id",                 {{{K::uuid, all}}},             all,            lists,
          &F::id, nullptr, nullptr,                    &columns::id},
      {"created",            {{{K::datetime, all}}},         all,            lists,
          &F::created, nullptr, nullptr,               &columns::created},
      {"updated",            {{{K::datetime, all}}},         all,            lists,
          &F::updated, nullptr, nullptr,               &columns::updated},
      {"name",               {{{K::text, all}}},             all,            lists,
          &F::name, nullptr, nullptr,                  &columns::name},
      // sorts by the creator's name, with no id tie-breaker (as the server)
      {"user",               {{{K::user, all}}},             all,            lists,
          &F::user, nullptr, nullptr,                  &columns::user},
      {"type",               typed,                          typed_sortable, lists,
          &F::type, nullptr, nullptr,                  &columns::type},
      {"flavor",             typed,                          typed_sortable, lists,
          &F::flavor, nullptr, nullptr,                &columns::flavor},
      {"pipeline_name",      typed,                          typed_sortable, lists,
          &F::pipeline_name, nullptr, nullptr,         &columns::pipeline_name},
      {"pipeline_step_name", typed,                          typed_sortable, lists,
          &F::pipeline_step_name, nullptr, nullptr,    &columns::pipeline_step_name},
      {"model_version_id",   {{{K::uuid, all}}},             all,            lists,
          &F::model_version_id, nullptr, nullptr,      &columns::model_version_id},
      {"pipeline_run_id",    {{{K::uuid, all}}},             all,            lists,
          &F::pipeline_run_id, nullptr, nullptr,       &columns::pipeline_run_id},
      // accepted and type-checked by the server, not applied: kept so that a query round-trips
      {"running",            {{{K::ignored_bool, all}}},     kNever,         kNever,
          nullptr, &F::running, nullptr,               nullptr},
      {"config",             {{{K::ignored_text, all}}},     kNever,         kNever,
          nullptr, nullptr, &F::config,                nullptr},
  }};
  // clang-format on
  return table;
}

/// @brief The row named `name`, or nullptr.
template <class F = ServiceFilter>
const FilterField* find_filter_field(std::string_view name) {
  for (const FilterField& g : filter_fields<F>()) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

/// @brief The first release whose rules put field `g` in a kind that `pred` accepts, if any
/// (the era that begins first).
template <class Pred>
std::optional<Release> first_release_where(const FilterField& g, Pred pred) {
  std::optional<Release> best;
  for (const KindEra& e : g.kinds) {
    if (e.releases.ever && pred(e.kind) && (!best || e.releases.since < *best))
      best = e.releases.since;
  }
  return best;
}

/// @brief The first release on which field `g` takes operator `op` (its kind accepts it then and
/// the server knows it then), if any; only the releases where its kind is `among` count.
inline std::optional<Release> first_release_taking(const FilterField& g, FilterOp op,
                                                   KindSet among = static_cast<KindSet>(~0u)) {
  const OperatorSpec& o = operator_spec(op);
  std::optional<Release> best;
  for (const KindEra& e : g.kinds) {
    if (!e.releases.ever || !(o.kinds & kind_bit(e.kind) & among)) continue;
    const Releases& on = o.releases_on(e.kind);
    if (!o.releases.ever || !on.ever) continue;
    Release start = e.releases.since;
    if (start < o.releases.since) start = o.releases.since;
    if (start < on.since) start = on.since;
    if (e.releases.contains(start) && o.releases.contains(start) && on.contains(start) &&
        (!best || start < *best)) {
      best = start;
    }
  }
  return best;
}

// ---------------------------------------------------------------- the tables as JSON

namespace schema_detail {

// The JSON is written as text: every string in it is an identifier, a release number or a
// sentence of the tables above, none with a character to escape (checked below), and text costs
// a fraction of the wasm that building a JSON DOM does.

constexpr bool needs_no_escape(std::string_view s) {
  for (char c : s) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}
constexpr bool table_texts_need_no_escape() {
  for (const BehaviourSpec& b : kBehaviours) {
    if (!needs_no_escape(b.name) || !needs_no_escape(b.text) || !needs_no_escape(b.before))
      return false;
  }
  for (const OperatorSpec& o : kFilterOperators) {
    if (!needs_no_escape(o.on_kinds.before)) return false;
  }
  return true;
}
static_assert(table_texts_need_no_escape(),
              "the table texts are written into JSON without escaping");

inline void key(std::string& out, std::string_view k) {
  if (out.back() != '{') out += ',';
  out += '"';
  out += k;
  out += "\":";
}
inline void str(std::string& out, std::string_view s) {
  out += '"';
  out += s;
  out += '"';
}
inline void boolean(std::string& out, bool b) {
  out += b ? "true" : "false";
}
/// `"k":"v"` and `"k":true` inside an object.
inline void text_member(std::string& out, std::string_view k, std::string_view v) {
  key(out, k);
  str(out, v);
}
inline void bool_member(std::string& out, std::string_view k, bool b) {
  key(out, k);
  boolean(out, b);
}
/// The `{` of an object in an array, after a comma unless it is the first.
inline void open_item(std::string& out) {
  if (out.back() != '[') out += ',';
  out += '{';
}
/// `["a","b"]`, with a comma before every item but the first.
inline void item(std::string& out, std::string_view s) {
  if (out.back() != '[') out += ',';
  str(out, s);
}
/// `"since":"0.80.0"` and, when it ends, `,"until":"…"`: the members of a releases object.
inline void release_members(std::string& out, const Releases& r) {
  text_member(out, "since", r.since.to_string());
  if (!r.open()) text_member(out, "until", r.until.to_string());
}
inline void releases_json(std::string& out, const Releases& r) {
  if (!r.ever) {
    out += "null";
    return;
  }
  out += '{';
  release_members(out, r);
  out += '}';
}

/// `["text","uuid"]`: the names of the kinds in `set`, in table order.
inline void kind_names(std::string& out, KindSet set) {
  out += '[';
  for (const KindSpec& k : kFieldKinds) {
    if (set & kind_bit(k.kind)) item(out, k.name);
  }
  out += ']';
}

inline std::string_view syntax_name(ValueSyntax v) {
  switch (v) {
    case ValueSyntax::value:
      return "value";
    case ValueSyntax::ordered:
      return "ordered";
    case ValueSyntax::list:
      return "list";
    case ValueSyntax::range:
      return "range";
    case ValueSyntax::none:
      return "none";
  }
  return "value";
}

}  // namespace schema_detail

/// @brief The tables as JSON text (what the JS package's `filterSchema()` returns), resolved
/// for release `r` and with every capability's releases:
///
///     { serverVersion, newestKnown, oldestSupported, supported, rulesOf,
///       kinds:      [{ name, applied, combined, emptyIgnored }],
///       operators:  [{ name, value, kinds: [kind…], supported, releases: {since, until?},
///                      kindReleases: [{ kinds: [kind…], since, until?, before }] }],
///       fields:     [{ name, kind, operators: [op…], sortable, repeatable,
///                      releases: { kinds: [{kind, since, until?}], sortable, repeatable } }],
///       behaviours: [{ name, holds, text, before, releases }] }
///
/// `supported`: whether `r` is in the supported range (not older than `oldestSupported`);
/// `rulesOf`: the release whose rules apply (`r`, or `newestKnown` for a newer release).
/// `kind`, `operators`, `supported`, `sortable`, `repeatable` and `holds` are the rules of
/// release `r` (`kind` is null for a field that release does not have); `releases` holds the
/// rule for every release (null: never).
template <class F = ServiceFilter>
std::string filter_schema_json(Release r = kNewestKnownRelease) {
  using namespace schema_detail;
  std::string out = "{";
  text_member(out, "serverVersion", r.to_string());
  text_member(out, "newestKnown", kNewestKnownRelease.to_string());
  text_member(out, "oldestSupported", kOldestSupportedRelease.to_string());
  bool_member(out, "supported", !(r < kOldestSupportedRelease));
  text_member(out, "rulesOf", (kNewestKnownRelease < r ? kNewestKnownRelease : r).to_string());
  key(out, "kinds");
  out += '[';
  for (const KindSpec& k : kFieldKinds) {
    open_item(out);
    text_member(out, "name", k.name);
    bool_member(out, "applied", k.applied);
    bool_member(out, "combined", k.combined);
    bool_member(out, "emptyIgnored", k.empty_ignored);
    out += '}';
  }
  out += ']';
  key(out, "operators");
  out += '[';
  for (const OperatorSpec& o : kFilterOperators) {
    open_item(out);
    text_member(out, "name", o.name);
    text_member(out, "value", syntax_name(o.value));
    key(out, "kinds");
    kind_names(out, o.kinds);
    bool_member(out, "supported", o.releases.contains(r));
    key(out, "releases");
    releases_json(out, o.releases);
    key(out, "kindReleases");
    out += '[';
    if (o.on_kinds.kinds) {
      open_item(out);
      key(out, "kinds");
      kind_names(out, o.on_kinds.kinds);
      release_members(out, o.on_kinds.releases);
      text_member(out, "before", o.on_kinds.before);
      out += '}';
    }
    out += ']';
    out += '}';
  }
  out += ']';
  key(out, "fields");
  out += '[';
  for (const FilterField& g : filter_fields<F>()) {
    const auto kind = g.kind_on(r);
    open_item(out);
    text_member(out, "name", g.name);
    key(out, "kind");
    if (kind) {
      str(out, kind_spec(*kind).name);
    } else {
      out += "null";
    }
    key(out, "operators");
    out += '[';
    for (const OperatorSpec& o : kFilterOperators) {
      if (kind && op_allowed(*kind, o.op, r)) item(out, o.name);
    }
    out += ']';
    bool_member(out, "sortable", g.sortable.contains(r));
    bool_member(out, "repeatable", g.repeatable.contains(r));
    key(out, "releases");
    out += '{';
    key(out, "kinds");
    out += '[';
    for (const KindEra& e : g.kinds) {
      if (!e.releases.ever) continue;
      open_item(out);
      release_members(out, e.releases);
      text_member(out, "kind", kind_spec(e.kind).name);
      out += '}';
    }
    out += ']';
    key(out, "sortable");
    releases_json(out, g.sortable);
    key(out, "repeatable");
    releases_json(out, g.repeatable);
    out += "}}";
  }
  out += ']';
  key(out, "behaviours");
  out += '[';
  for (const BehaviourSpec& b : kBehaviours) {
    open_item(out);
    text_member(out, "name", b.name);
    bool_member(out, "holds", b.releases.contains(r));
    text_member(out, "text", b.text);
    text_member(out, "before", b.before);
    key(out, "releases");
    releases_json(out, b.releases);
    out += '}';
  }
  out += ']';
  key(out, "localFields");
  out += '[';
  for (const LocalFieldSpec& l : kLocalFields) {
    open_item(out);
    text_member(out, "name", l.name);
    text_member(out, "kind", l.kind == LocalFieldKind::state ? "state" : "labels");
    text_member(out, "reads", l.reads);
    text_member(out, "value", l.value);
    key(out, "values");
    out += '[';
    if (l.kind == LocalFieldKind::state) {
      for (ServiceStateKind k : kKnownStates) item(out, to_string(k));
    }
    out += ']';
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace zenml
