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
/// @brief Placeholder for "every supported release": the exact release where each capability
/// begins is still to be bisected (the compatibility work); on 0.98.0 all of them hold.
inline constexpr Releases kSinceOldest = since(kOldestSupportedRelease);

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

/// @brief One row of the operator table.
struct OperatorSpec {
  FilterOp op;
  std::string_view name;  ///< the wire name: lower case, as the server matches it
  KindSet kinds;          ///< the kinds of field that accept it
  ValueSyntax value;      ///< what follows `name:`
  Releases releases;      ///< the releases whose server knows the operator (elsewhere: a literal)
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

/// @brief THE operator table, in enum order (the order menus and messages list them in).
/// `releases`: placeholders (kSinceOldest) until the release where each operator arrived is
/// bisected; an operator outside its releases is read by that server as part of a literal.
// clang-format off
inline constexpr std::array<OperatorSpec, 15> kFilterOperators = {{
    // op                   wire name      kinds of field   value syntax          releases
    {FilterOp::equals,      "equals",      kEqualsKinds,    ValueSyntax::value,   kSinceOldest},
    {FilterOp::notequals,   "notequals",   kOperatorKinds,  ValueSyntax::value,   kSinceOldest},
    {FilterOp::contains,    "contains",    kTextKinds,      ValueSyntax::value,   kSinceOldest},
    {FilterOp::notcontains, "notcontains", kTextKinds,      ValueSyntax::value,   kSinceOldest},
    {FilterOp::startswith,  "startswith",  kTextKinds,      ValueSyntax::value,   kSinceOldest},
    {FilterOp::endswith,    "endswith",    kTextKinds,      ValueSyntax::value,   kSinceOldest},
    {FilterOp::oneof,       "oneof",       kTextKinds,      ValueSyntax::list,    kSinceOldest},
    {FilterOp::notoneof,    "notoneof",    kTextKinds,      ValueSyntax::list,    kSinceOldest},
    {FilterOp::gt,          "gt",          kOperatorKinds,  ValueSyntax::ordered, kSinceOldest},
    {FilterOp::gte,         "gte",         kOperatorKinds,  ValueSyntax::ordered, kSinceOldest},
    {FilterOp::lt,          "lt",          kOperatorKinds,  ValueSyntax::ordered, kSinceOldest},
    {FilterOp::lte,         "lte",         kOperatorKinds,  ValueSyntax::ordered, kSinceOldest},
    {FilterOp::in,          "in",          kDatetimeFields, ValueSyntax::range,   kSinceOldest},
    {FilterOp::isnull,      "isnull",      kOperatorKinds,  ValueSyntax::none,    kSinceOldest},
    {FilterOp::isnotnull,   "isnotnull",   kOperatorKinds,  ValueSyntax::none,    kSinceOldest},
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
};

/// @brief The kinds, in enum order.
inline constexpr std::array<KindSpec, 7> kFieldKinds = {{
    {FieldKind::text, "text", "string", true},
    {FieldKind::uuid, "uuid", "UUID", true},
    {FieldKind::datetime, "datetime", "datetime", true},
    {FieldKind::user, "user", "user", true},
    {FieldKind::exact, "exact", "custom exact-match", true},
    {FieldKind::ignored_bool, "ignored_bool", "ignored", false},
    {FieldKind::ignored_text, "ignored_text", "ignored", false},
}};

constexpr const KindSpec& kind_spec(FieldKind k) noexcept {
  return kFieldKinds[static_cast<std::size_t>(k)];
}
/// @brief The kind's word in messages (`string`, `UUID`, `datetime`, …).
constexpr std::string_view to_string(FieldKind k) noexcept {
  return kind_spec(k).label;
}

/// @brief Whether a field of `kind` takes `op` on release `r` (the server knows the operator
/// then, and the kind accepts it).
constexpr bool op_allowed(FieldKind kind, FilterOp op, Release r = kNewestKnownRelease) noexcept {
  const OperatorSpec& o = operator_spec(op);
  return (o.kinds & kind_bit(kind)) != 0 && o.releases.contains(r);
}

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
  return FieldValue{std::nullopt,
                    s.body && s.body->created ? std::optional<double>(s.body->created->epoch_ms)
                                              : std::nullopt,
                    std::nullopt};
}
inline FieldValue updated(const Service& s) {
  return FieldValue{std::nullopt,
                    s.body && s.body->updated ? std::optional<double>(s.body->updated->epoch_ms)
                                              : std::nullopt,
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
  constexpr Releases all = kSinceOldest;  // placeholder: every supported release (see kSinceOldest)
  // clang-format off
  static const std::array<FilterField, kFilterFieldCount> table = {{
      // name                 kind by release                 sortable repeatable
      //   ServiceFilter member (conditions, flag, text)  reader of a service
      {"id",                 {{{K::uuid, all}}},             all,     all,
          &F::id, nullptr, nullptr,                    &columns::id},
      {"created",            {{{K::datetime, all}}},         all,     all,
          &F::created, nullptr, nullptr,               &columns::created},
      {"updated",            {{{K::datetime, all}}},         all,     all,
          &F::updated, nullptr, nullptr,               &columns::updated},
      {"name",               {{{K::text, all}}},             all,     all,
          &F::name, nullptr, nullptr,                  &columns::name},
      // sorts by the creator's name, with no id tie-breaker (as the server)
      {"user",               {{{K::user, all}}},             all,     all,
          &F::user, nullptr, nullptr,                  &columns::user},
      {"type",               {{{K::text, all}}},             all,     all,
          &F::type, nullptr, nullptr,                  &columns::type},
      {"flavor",             {{{K::text, all}}},             all,     all,
          &F::flavor, nullptr, nullptr,                &columns::flavor},
      {"pipeline_name",      {{{K::text, all}}},             all,     all,
          &F::pipeline_name, nullptr, nullptr,         &columns::pipeline_name},
      {"pipeline_step_name", {{{K::text, all}}},             all,     all,
          &F::pipeline_step_name, nullptr, nullptr,    &columns::pipeline_step_name},
      {"model_version_id",   {{{K::uuid, all}}},             all,     all,
          &F::model_version_id, nullptr, nullptr,      &columns::model_version_id},
      {"pipeline_run_id",    {{{K::uuid, all}}},             all,     all,
          &F::pipeline_run_id, nullptr, nullptr,       &columns::pipeline_run_id},
      // accepted and type-checked by the server, not applied: kept so that a query round-trips
      {"running",            {{{K::ignored_bool, all}}},     kNever,  kNever,
          nullptr, &F::running, nullptr,               nullptr},
      {"config",             {{{K::ignored_text, all}}},     kNever,  kNever,
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

// ---------------------------------------------------------------- the tables as JSON

namespace schema_detail {

// The JSON is written as text: every string in it is an identifier or a release number of the
// tables above (no character to escape), and text costs a fraction of the wasm that building
// a JSON DOM does.

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
inline void releases(std::string& out, const Releases& r) {
  if (!r.ever) {
    out += "null";
    return;
  }
  out += '{';
  release_members(out, r);
  out += '}';
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
///     { serverVersion, newestKnown, oldestSupported,
///       kinds:     [{ name, applied }],
///       operators: [{ name, value, kinds: [kind…], supported, releases: {since, until?} }],
///       fields:    [{ name, kind, operators: [op…], sortable, repeatable,
///                     releases: { kinds: [{kind, since, until?}], sortable, repeatable } }] }
///
/// `kind`, `operators`, `supported`, `sortable` and `repeatable` are the rules of release `r`
/// (`kind` is null for a field that release does not have); `releases` holds the rule for every
/// release (null: never).
template <class F = ServiceFilter>
std::string filter_schema_json(Release r = kNewestKnownRelease) {
  using namespace schema_detail;
  std::string out = "{";
  text_member(out, "serverVersion", r.to_string());
  text_member(out, "newestKnown", kNewestKnownRelease.to_string());
  text_member(out, "oldestSupported", kOldestSupportedRelease.to_string());
  key(out, "kinds");
  out += '[';
  for (const KindSpec& k : kFieldKinds) {
    open_item(out);
    text_member(out, "name", k.name);
    bool_member(out, "applied", k.applied);
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
    out += '[';
    for (const KindSpec& k : kFieldKinds) {
      if (o.kinds & kind_bit(k.kind)) item(out, k.name);
    }
    out += ']';
    bool_member(out, "supported", o.releases.contains(r));
    key(out, "releases");
    releases(out, o.releases);
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
    releases(out, g.sortable);
    key(out, "repeatable");
    releases(out, g.repeatable);
    out += "}}";
  }
  out += "]}";
  return out;
}

}  // namespace zenml
