#include "zenml/local_query.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace zenml;

namespace {

constexpr const char* kAdminId = "0d2db3b4-b2eb-4962-8363-ad0ba2310d56";
constexpr const char* kBobId = "b0b0b0b0-0000-4000-8000-000000000002";
constexpr const char* kModelVersion = "f00df00d-0000-4000-8000-000000000001";
constexpr const char* kPipelineRun = "abcdef01-2345-4678-8abc-def012345678";

ResourceRef admin() {
  return ResourceRef{kAdminId, "admin",
                     Json::parse(R"({"body":{"full_name":"Ada Admin"},"name":"admin"})")};
}
ResourceRef bob() {
  return ResourceRef{kBobId, "bob", Json{{"full_name", ""}}};
}

Timestamp ts(const char* text, double extra_ms = 0) {
  std::string t(text);
  return Timestamp{t, parse_filter_datetime(t).value() + extra_ms};
}

/// A service with a body created/updated at `created` (nullptr: no body at all).
Service svc(const char* id, const char* name, const char* created, double extra_ms = 0) {
  Service s;
  s.id = id;
  s.name = name;
  if (created) {
    ServiceBody b;
    b.created = ts(created, extra_ms);
    b.updated = ts(created, extra_ms + 1000);
    b.project_id = "ae078a6b-0073-4edb-b6d5-476ad45b1555";
    b.service_type = ServiceType{"model-serving", "bentoml", "", "", ""};
    s.body = b;
  }
  s.resources = ServiceResources{};
  return s;
}

/// Eight services covering every rule: case, wildcards, unicode, numbers, NULLs, users.
std::vector<Service> dataset() {
  std::vector<Service> v;
  // Input order puts svc_gamma before SVC-Beta: they tie on `created`, `id` breaks the tie.
  v.push_back(svc("1e5aaaaa-1111-4111-8111-111111111111", "svc-alpha", "2026-01-01 00:00:00"));
  v.back().body->service_type.flavor = "mlflow";
  v.back().body->user_id = kAdminId;
  v.back().resources->user = admin();
  v.back().resources->model_version = ResourceRef{kModelVersion, "mv", Json::object()};
  v.back().metadata = ServiceMetadata{};
  v.back().metadata->config = Json{{"pipeline_name", "p1"}, {"pipeline_step_name", "s1"}};

  v.push_back(svc("3ccccccc-3333-4333-8333-333333333333", "svc_gamma", "2026-01-02 00:00:00"));
  v.back().body->user_id = kAdminId;
  v.back().resources->user = admin();
  v.back().metadata = ServiceMetadata{};
  v.back().metadata->config = Json{{"pipeline_name", 5}, {"pipeline_step_name", "s1"}};

  v.push_back(svc("2bbbbbbb-2222-4222-8222-222222222222", "SVC-Beta", "2026-01-02 00:00:00"));
  v.back().body->user_id = kBobId;
  v.back().resources->user = bob();

  v.push_back(svc("aaaa1111-2222-4444-8444-444444444444", "100%", "2026-01-03 12:00:00", 500));
  v.back().body->user_id = kAdminId;  // creator known by id only (no resources.user)

  v.push_back(svc("50000000-5555-4555-8555-555555555555", "42", "2026-01-04 00:00:00"));
  v.back().resources.reset();  // no creator at all

  v.push_back(svc("6ddddddd-6666-4666-8666-666666666666", "7abc", nullptr));  // no body: NULL dates
  v.back().resources->user = bob();

  v.push_back(svc("7eeeeeee-7777-4777-8777-777777777777",
                  "\xC3\xBCn\xC3\xAF"
                  "c\xC3\xB6"
                  "d\xC3\xA9-\xE6\x9C\x8D\xE5\x8A\xA1",
                  "2026-01-05 00:00:00"));
  v.back().body->user_id = kBobId;
  v.back().resources->user = bob();
  v.back().resources->pipeline_run = ResourceRef{kPipelineRun, "run", Json::object()};

  v.push_back(svc("8fffffff-8888-4888-8888-888888888888", "a:b", "2026-01-06 00:00:00"));
  v.back().body->user_id = kBobId;
  v.back().resources->user = bob();
  return v;
}

const std::string kUnicode =
    "\xC3\xBCn\xC3\xAF"
    "c\xC3\xB6"
    "d\xC3\xA9-\xE6\x9C\x8D\xE5\x8A\xA1";

std::vector<std::string> names(const std::vector<Service>& items) {
  std::vector<std::string> out;
  for (const auto& s : items) out.push_back(s.name);
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

/// Names (sorted) of the services `query` selects from the dataset.
std::vector<std::string> select(const std::string& query) {
  auto f = ServiceFilter::parse_query(query);
  EXPECT_TRUE(f.ok()) << query << ": " << (f.ok() ? "" : f.error().message);
  if (!f.ok()) return {"<invalid filter>"};
  f->size = 100;
  auto page = local_query(dataset(), *f);
  EXPECT_TRUE(page.ok()) << query << ": " << (page.ok() ? "" : page.error().message);
  if (!page.ok()) return {"<error>"};
  return sorted(names(page->items));
}

const std::vector<std::string> kAll =
    sorted({"svc-alpha", "svc_gamma", "SVC-Beta", "100%", "42", "7abc", kUnicode, "a:b"});

std::vector<std::string> all_but(std::initializer_list<std::string> gone) {
  std::vector<std::string> out;
  for (const auto& n : kAll) {
    if (std::find(gone.begin(), gone.end(), n) == gone.end()) out.push_back(n);
  }
  return out;
}

struct Case {
  std::string query;
  std::vector<std::string> expected;
};

void run_cases(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    EXPECT_EQ(select(c.query), sorted(c.expected)) << "query: " << c.query;
  }
}

}  // namespace

// ---------------------------------------------------------------- SQL primitives

TEST(SqlLike, WildcardsCaseAndCodePoints) {
  EXPECT_TRUE(sql_like("svc-alpha", "svc%"));
  EXPECT_TRUE(sql_like("SVC-Beta", "svc%"));  // ASCII case-insensitive
  EXPECT_TRUE(sql_like("svc_gamma", "svc_gamma"));
  EXPECT_TRUE(sql_like("svc-gamma", "svc_gamma"));  // `_` is a wildcard, not a literal
  EXPECT_TRUE(sql_like("anything", "%"));
  EXPECT_TRUE(sql_like("", "%"));
  EXPECT_FALSE(sql_like("", "_"));
  EXPECT_TRUE(sql_like("abc", "%%%c"));
  EXPECT_TRUE(sql_like("abcbc", "%bc"));
  EXPECT_TRUE(sql_like("aXbXc", "a%b%c"));
  EXPECT_FALSE(sql_like("abc", "a%d"));
  EXPECT_FALSE(sql_like("abc", "ab"));
  EXPECT_FALSE(sql_like("ab", "abc"));
  EXPECT_TRUE(sql_like("\xE6\x9C\x8D", "_"));  // one code point, three bytes
  EXPECT_FALSE(sql_like("\xE6\x9C\x8D", "___"));
  EXPECT_TRUE(sql_like("\xF0\x9F\x98\x80!", "_!"));  // four-byte code point
  EXPECT_FALSE(sql_like("\xC3\xBC", "\xC3\x9C"));    // ü vs Ü: no Unicode case folding
  EXPECT_TRUE(sql_like("\xC3", "_"));                // truncated UTF-8: one byte, one char
  EXPECT_TRUE(sql_like("\x80\xFF", "__"));           // stray bytes count one each
}

TEST(SqlCastFloat, LeadingNumericPrefixElseZero) {
  EXPECT_EQ(sql_cast_float("42"), 42.0);
  EXPECT_EQ(sql_cast_float("  -1.5xyz"), -1.5);
  EXPECT_EQ(sql_cast_float("7abc"), 7.0);
  EXPECT_EQ(sql_cast_float("1e5aaaaa"), 100000.0);
  EXPECT_EQ(sql_cast_float("7eeee"), 7.0);  // `e` without digits is not an exponent
  EXPECT_EQ(sql_cast_float("2e+"), 2.0);
  EXPECT_EQ(sql_cast_float(".5"), 0.5);
  EXPECT_EQ(sql_cast_float("5."), 5.0);
  EXPECT_EQ(sql_cast_float("+3"), 3.0);
  EXPECT_EQ(sql_cast_float("."), 0.0);
  EXPECT_EQ(sql_cast_float("abc"), 0.0);
  EXPECT_EQ(sql_cast_float(""), 0.0);
  EXPECT_EQ(sql_cast_float("-"), 0.0);
}

// ---------------------------------------------------------------- filtering, rule by rule

TEST(LocalQuery, StringOperators) {
  run_cases({
      {"", kAll},
      {"name=svc-alpha", {"svc-alpha"}},
      {"name=SVC-ALPHA", {}},  // equals is case-sensitive
      {"name=equals:SVC-Beta", {"SVC-Beta"}},
      {"name=a:b", {"a:b"}},  // no operator prefix: equals "a:b"
      {"name=contains:svc", {"svc-alpha", "svc_gamma", "SVC-Beta"}},  // LIKE ignores ASCII case
      {"name=contains:%25", kAll},                                    // `%` is not escaped
      {"name=contains:_", kAll},  // `_` matches any one character
      {"name=startswith:svc_", {"svc-alpha", "svc_gamma", "SVC-Beta"}},
      {"name=startswith:svc%25g", {"svc_gamma"}},  // `%` inside the value too
      {"name=endswith:A", {"svc-alpha", "svc_gamma", "SVC-Beta"}},
      {"name=contains:%C3%9C", {}},  // Ü does not fold to ü
      {"name=contains:%C3%BC", {kUnicode}},
      {"name=contains:-_%E5%8A%A1", {kUnicode}},  // `_` spans one code point
      {"name=notcontains:svc", all_but({"svc-alpha", "svc_gamma", "SVC-Beta"})},
      {"name=notequals:svc-alpha", all_but({"svc-alpha"})},
      {"name=oneof:[\"42\",\"a:b\",\"nope\"]", {"42", "a:b"}},
      {"name=notoneof:[\"42\"]", all_but({"42"})},
      {"name=oneof:[]", kAll},  // no condition at all (D3)
      {"name=notoneof:[]", kAll},
      {"name=gt:10", {"42", "100%"}},  // CAST(name AS FLOAT) > 10
      {"name=gte:42", {"42", "100%"}},
      {"name=lte:7", {"7abc"}},  // '7abc' casts to 7
      {"name=lt:7", {}},         // a zero cast never matches…
      {"name=lte:0", {}},        // …not even lte:0 (live server)
      {"name=gt:-1", {"42", "100%", "7abc"}},
      {"name=isnull:", {}},
      {"name=isnotnull:", kAll},
      {"name=startswith:svc&name=endswith:gamma", {"svc_gamma"}},  // repeated keys: AND
  });
}

TEST(LocalQuery, DatetimeOperatorsAndNulls) {
  run_cases({
      {"created=gte:2026-01-02 00:00:00", all_but({"svc-alpha", "7abc"})},  // NULL never compares
      {"created=equals:2026-01-02 00:00:00", {"svc_gamma", "SVC-Beta"}},
      {"created=equals:2026-01-03 12:00:00", {}},  // stored 12:00:00.500: not equal
      {"created=gt:2026-01-03 12:00:00", {"100%", "42", kUnicode, "a:b"}},
      {"created=in:2026-01-02 00:00:00,2026-01-03 12:00:00",
       {"svc_gamma", "SVC-Beta"}},  // inclusive
      {"created=in:2026-01-01 00:00:00,2026-01-01 00:00:00", {"svc-alpha"}},
      {"created=lt:2026-01-02 00:00:00", {"svc-alpha"}},
      {"created=lte:2026-01-02 00:00:00", {"svc-alpha", "svc_gamma", "SVC-Beta"}},
      {"created=notequals:2026-01-01 00:00:00", all_but({"svc-alpha", "7abc"})},  // not NULL
      {"created=isnull:", {"7abc"}},
      {"created=isnotnull:", all_but({"7abc"})},
      {"updated=equals:2026-01-01 00:00:01", {"svc-alpha"}},
      {"created=gte:2026-01-02 00:00:00&created=lt:2026-01-04 00:00:00",
       {"svc_gamma", "SVC-Beta", "100%"}},
  });
}

TEST(LocalQuery, UuidOperators) {
  run_cases({
      {"id=1e5aaaaa-1111-4111-8111-111111111111", {"svc-alpha"}},
      {"id=1E5AAAAA-1111-4111-8111-111111111111", {"svc-alpha"}},  // compares the UUID value
      {"id=1e5aaaaa111141118111111111111111", {"svc-alpha"}},
      {"id=notequals:1e5aaaaa-1111-4111-8111-111111111111", all_but({"svc-alpha"})},
      {"id=startswith:3ccc", {"svc_gamma"}},
      {"id=contains:11-112222", {"100%"}},  // hyphens stripped: hex aaaa11112222…
      {"id=contains:1111-2222", {"100%"}},
      {"id=startswith:AAAA", {"100%"}},  // LIKE: case-insensitive
      {"id=endswith:8888", {"a:b"}},
      {"id=oneof:[\"2bbbbbbb-2222-4222-8222-222222222222\",\"nope\"]", {"SVC-Beta"}},
      {"id=notoneof:[\"2bbbbbbb222242228222222222222222\"]", all_but({"SVC-Beta"})},
      {"id=gt:99999", {"svc-alpha", "42"}},  // CAST('1e5aaaaa…') = 1e5; '5000…' huge
      {"id=lt:3", {"SVC-Beta"}},             // '2bbb…' = 2; 'aaaa…' casts to 0: never
      {"id=gte:1-2", {"svc-alpha", "42"}},   // the value's hyphens go too: >= 12
      {"id=notcontains:3ccc", all_but({"svc_gamma"})},
      {"id=notcontains:-", {}},  // value hyphens stripped too: NOT LIKE '%%'
      {"model_version_id=f00df00d-0000-4000-8000-000000000001", {"svc-alpha"}},
      {"model_version_id=notequals:f00df00d-0000-4000-8000-000000000001",
       {}},  // NULL rows excluded
      {"model_version_id=isnull:", all_but({"svc-alpha"})},
      {"model_version_id=isnotnull:", {"svc-alpha"}},
      {"model_version_id=notoneof:[]", kAll},  // the one op that matches NULL besides isnull
      {"model_version_id=notoneof:[\"x\"]", {"svc-alpha"}},
      {"model_version_id=oneof:[]", kAll},
      // A value that is no UUID: equals is FALSE, notequals TRUE for every row, NULLs included.
      {"id=notauuid", {}},
      {"model_version_id=notequals:zzz", kAll},
      {"id=%7B1e5aaaaa-1111-4111-8111-111111111111%7D", {"svc-alpha"}},  // braces accepted
      {"model_version_id=contains:", {"svc-alpha"}},
      {"pipeline_run_id=startswith:abcdef012345", {kUnicode}},
      {"pipeline_run_id=isnull:", all_but({kUnicode})},
  });
}

TEST(LocalQuery, UserMatchesNameIdOrFullName) {
  run_cases({
      {"user=admin", {"svc-alpha", "svc_gamma"}},
      {"user=contains:ADM", {"svc-alpha", "svc_gamma"}},
      {"user=Ada Admin", {"svc-alpha", "svc_gamma"}},  // full_name (in body)
      {std::string("user=") + kAdminId,
       {"svc-alpha", "svc_gamma", "100%"}},  // id; 100% has only the id
      {"user=startswith:0d2db3b4b2eb", {"svc-alpha", "svc_gamma", "100%"}},  // hex of the id
      {"user=bob", {"SVC-Beta", "7abc", kUnicode, "a:b"}},
      {"user=equals:", {"SVC-Beta", "7abc", kUnicode, "a:b"}},  // bob's full_name is ""
      {"user=oneof:[\"bob\",\"admin\"]", all_but({"100%", "42"})},
      {"user=isnull:", {}},  // no creator: no match
      {"user=notoneof:[]", all_but({"42"})},
      // The id branch of a non-UUID `notequals` is TRUE: every service with a creator (D18).
      {"user=notequals:admin", all_but({"42"})},
      {"user=admin&name=contains:gamma", {"svc_gamma"}},
  });
}

TEST(LocalQuery, TypeFlavorAndPipelineFieldsAreStringFilters) {
  run_cases({
      {"flavor=mlflow", {"svc-alpha"}},
      {"type=model-serving", all_but({"7abc"})},  // no body: NULL
      {"type=Model-Serving", {}},                 // equals is case-sensitive
      {"type=startswith:MODEL", all_but({"7abc"})},
      {"flavor=notequals:mlflow", all_but({"svc-alpha", "7abc"})},  // NULL excluded
      {"flavor=oneof:[\"mlflow\",\"seldon\"]", {"svc-alpha"}},
      {"pipeline_name=p1", {"svc-alpha"}},  // from metadata.config
      {"pipeline_name=5", {"svc_gamma"}},   // a number is stored as its text
      {"pipeline_name=isnull:", all_but({"svc-alpha", "svc_gamma"})},
      {"pipeline_name=notequals:p1", {"svc_gamma"}},
      {"pipeline_step_name=s1", {"svc-alpha", "svc_gamma"}},
      {"type=model-serving&flavor=bentoml&name=contains:svc", {"svc_gamma", "SVC-Beta"}},
      {"type=model-serving&type=batch-inference", {}},  // repeated keys: AND
  });
}

TEST(LocalQuery, AndedOnTopAndIgnoredFields) {
  run_cases({
      {std::string("scope_user=") + kAdminId, {"svc-alpha", "svc_gamma", "100%"}},
      {"scope_user=0D2DB3B4B2EB49628363AD0BA2310D56", {"svc-alpha", "svc_gamma", "100%"}},
      {std::string("scope_user=") + kBobId, {"SVC-Beta", "7abc", kUnicode, "a:b"}},
      // running / config are accepted but not applied, by the server and here.
      {"running=true&config=%7B%7D", kAll},
      {"running=false", kAll},
      // project is not evaluated: the caller passes the services of one project.
      {"project=elsewhere", kAll},
  });
}

TEST(LocalQuery, LogicalOperator) {
  const bool all_or = behaves(Behaviour::or_without_conditions_matches_all);
  run_cases({
      {"logical_operator=or&name=svc-alpha&name=42", {"svc-alpha", "42"}},
      {"logical_operator=and&name=svc-alpha&name=42", {}},
      {"name=svc-alpha&name=42", {}},                                   // and is the default
      {"logical_operator=or&name=42&created=isnull:", {"42", "7abc"}},  // across fields too
      {"logical_operator=or&user=bob&name=42", {"SVC-Beta", "7abc", kUnicode, "a:b", "42"}},
      // type/flavor/pipeline_* are part of the OR (D1); scope_user is AND-ed on top.
      {"logical_operator=or&name=42&flavor=mlflow", {"svc-alpha", "42"}},
      {"logical_operator=or&type=model-serving&flavor=mlflow", all_but({"7abc"})},
      {std::string("logical_operator=or&name=svc-alpha&name=SVC-Beta&scope_user=") + kBobId,
       {"SVC-Beta"}},
      {std::string("logical_operator=or&scope_user=") + kBobId,
       {"SVC-Beta", "7abc", kUnicode, "a:b"}},
      // `or` without any filter applies no condition (D2 in docs/server-behaviour.md; ZenML's older
      // source: nothing).
      {"logical_operator=or", all_or ? kAll : std::vector<std::string>{}},
      {"logical_operator=or&running=true", all_or ? kAll : std::vector<std::string>{}},
      {"logical_operator=or&name=oneof:[]&name=42", kAll},  // oneof:[] is TRUE inside an OR
      {"name=oneof:[]&name=42", {"42"}},
      {"logical_operator=and", kAll},
  });
}

TEST(LocalQuery, MatchesToleratesUnvalidatedFilters) {
  // `matches` never fails; conditions the server would reject simply do not match.
  const auto data = dataset();
  const Service& alpha = data[0];
  for (Condition c :
       {Condition{FilterOp::gt, "abc"}, Condition{FilterOp::oneof, "a,b"},
        Condition{FilterOp::notoneof, "nope"}, Condition{FilterOp::in, "svc-alpha,x"}}) {
    ServiceFilter f;
    f.name = {c};
    EXPECT_FALSE(matches(alpha, f)) << c.to_wire();
  }
  ServiceFilter bad_dt;
  bad_dt.created = {Condition{FilterOp::gte, "yesterday"}};
  EXPECT_FALSE(matches(alpha, bad_dt));
  bad_dt.created = {Condition{FilterOp::in, "no-comma"}};
  EXPECT_FALSE(matches(alpha, bad_dt));
  bad_dt.created = {Condition{FilterOp::contains, "2026"}};
  EXPECT_FALSE(matches(alpha, bad_dt));
  ServiceFilter bad_id;
  bad_id.id = {Condition{FilterOp::equals, "1e5aaaaa"}};
  EXPECT_FALSE(matches(alpha, bad_id));
  bad_id.id = {Condition{FilterOp::notequals, "1e5aaaaa"}};
  EXPECT_TRUE(matches(alpha, bad_id));
  bad_id.id = {Condition{FilterOp::oneof, "x"}};
  EXPECT_FALSE(matches(alpha, bad_id));
  // config values as the TEXT column holds them: booleans 1/0, objects and null are NULL.
  Service odd_config = alpha;
  odd_config.metadata->config = Json{{"pipeline_name", true}, {"pipeline_step_name", {{"a", 1}}}};
  ServiceFilter cfg;
  cfg.pipeline_name = {Condition{FilterOp::equals, "1"}};
  cfg.pipeline_step_name = {Condition::is_null()};
  EXPECT_TRUE(matches(odd_config, cfg));
  ServiceFilter bad_scope;
  bad_scope.scope_user = "admin";
  EXPECT_FALSE(matches(alpha, bad_scope));
  // An id that is not a UUID (hand-made data) is compared hyphen-stripped and lowercased.
  Service odd = alpha;
  odd.id = "Not-A-Uuid";
  ServiceFilter by_hex;
  by_hex.id = {Condition{FilterOp::equals, "notauuid"}};
  EXPECT_FALSE(matches(odd, by_hex));
  by_hex.id = {Condition{FilterOp::startswith, "notau"}};
  EXPECT_TRUE(matches(odd, by_hex));
  // A resource without an id counts as NULL.
  Service no_mv_id = alpha;
  no_mv_id.resources->model_version->id.clear();
  ServiceFilter mv;
  mv.model_version_id = {Condition::is_null()};
  EXPECT_TRUE(matches(no_mv_id, mv));
  // A creator known by name only (no id anywhere).
  Service name_only = data[2];
  name_only.body->user_id.reset();
  name_only.resources->user->id.clear();
  ServiceFilter by_user;
  by_user.user = {Condition{FilterOp::equals, "bob"}};
  EXPECT_TRUE(matches(name_only, by_user));
  by_user.user = {Condition{FilterOp::startswith, "b0b0"}};
  EXPECT_FALSE(matches(name_only, by_user));
  ServiceFilter scope;
  scope.scope_user = kBobId;
  EXPECT_FALSE(matches(name_only, scope));
}

// ---------------------------------------------------------------- sorting

namespace {
std::vector<std::string> order(const std::string& query) {
  auto f = ServiceFilter::parse_query(query);
  EXPECT_TRUE(f.ok()) << query;
  auto page = local_query(dataset(), *f);
  EXPECT_TRUE(page.ok()) << query;
  return names(page->items);
}
}  // namespace

TEST(LocalQuerySort, DefaultIsCreatedAscendingNullsFirstIdBreaksTies) {
  const std::vector<std::string> expected = {"7abc", "svc-alpha", "SVC-Beta", "svc_gamma",
                                             "100%", "42",        kUnicode,   "a:b"};
  EXPECT_EQ(order(""), expected);  // SVC-Beta (2bbb…) before svc_gamma (3ccc…), unlike input order
  EXPECT_EQ(order("sort_by=created"), expected);
  EXPECT_EQ(order("sort_by=asc:created"), expected);
}

TEST(LocalQuerySort, DescendingPutsNullsLastAndTiesByIdDescending) {
  ASSERT_TRUE(behaves(Behaviour::tiebreak_follows_direction));
  EXPECT_EQ(order("sort_by=desc:created"),
            (std::vector<std::string>{"a:b", kUnicode, "42", "100%", "svc_gamma", "SVC-Beta",
                                      "svc-alpha", "7abc"}));
  EXPECT_EQ(order("sort_by=desc:updated").front(), "a:b");
}

TEST(LocalQuerySort, ByNameIsBinary) {
  EXPECT_EQ(order("sort_by=name"),
            (std::vector<std::string>{"100%", "42", "7abc", "SVC-Beta", "a:b", "svc-alpha",
                                      "svc_gamma", kUnicode}));
  EXPECT_EQ(order("sort_by=desc:name").front(), kUnicode);
}

TEST(LocalQuerySort, ByIdUserAndResourceIds) {
  EXPECT_EQ(order("sort_by=id"), (std::vector<std::string>{"svc-alpha", "SVC-Beta", "svc_gamma",
                                                           "42", "7abc", kUnicode, "a:b", "100%"}));
  EXPECT_EQ(order("sort_by=desc:id").front(), "100%");
  // By creator name; no known name sorts as NULL (first). No tie-breaker: input order.
  EXPECT_EQ(order("sort_by=user"), (std::vector<std::string>{"100%", "42", "svc-alpha", "svc_gamma",
                                                             "SVC-Beta", "7abc", kUnicode, "a:b"}));
  EXPECT_EQ(order("sort_by=desc:user"),
            (std::vector<std::string>{"SVC-Beta", "7abc", kUnicode, "a:b", "svc-alpha", "svc_gamma",
                                      "100%", "42"}));
  EXPECT_EQ(order("sort_by=model_version_id").back(), "svc-alpha");
  EXPECT_EQ(order("sort_by=desc:model_version_id").front(), "svc-alpha");
  EXPECT_EQ(order("sort_by=desc:pipeline_run_id").front(), kUnicode);
}

TEST(LocalQuerySort, ByTypeFlavorAndPipelineFields) {
  const auto by_pipeline = order("sort_by=pipeline_name");  // NULLs (ties by id) then "5" < "p1"
  EXPECT_EQ(by_pipeline, (std::vector<std::string>{"SVC-Beta", "42", "7abc", kUnicode, "a:b",
                                                   "100%", "svc_gamma", "svc-alpha"}));
  EXPECT_EQ(order("sort_by=desc:flavor").front(), "svc-alpha");  // mlflow > bentoml
  EXPECT_EQ(order("sort_by=desc:flavor").back(), "7abc");        // NULL last
  EXPECT_EQ(order("sort_by=type").front(), "7abc");
  EXPECT_EQ(order("sort_by=pipeline_step_name").back(), "svc_gamma");  // s1 twice: id 3ccc > 1e5a
}

TEST(LocalQuerySort, StableForFullTies) {
  // Same id and same key: input order is kept (std::stable_sort).
  std::vector<Service> v;
  for (const char* n : {"first", "second", "third"}) {
    v.push_back(svc("11111111-1111-4111-8111-111111111111", n, "2026-01-01 00:00:00"));
  }
  v.push_back(svc("00000000-1111-4111-8111-111111111111", "zero", "2026-01-01 00:00:00"));
  ServiceFilter f;
  EXPECT_EQ(names(local_query(v, f)->items),
            (std::vector<std::string>{"zero", "first", "second", "third"}));
  f.sort_by = SortBy{"created", SortOrder::desc};  // id tie-break descending, then input order
  EXPECT_EQ(names(local_query(v, f)->items),
            (std::vector<std::string>{"first", "second", "third", "zero"}));
  f.sort_by = SortBy{"user", SortOrder::desc};  // no tie-break at all: input order
  EXPECT_EQ(names(local_query(v, f)->items),
            (std::vector<std::string>{"first", "second", "third", "zero"}));
  f.sort_by = SortBy{"name", SortOrder::desc};
  EXPECT_EQ(names(local_query(v, f)->items),
            (std::vector<std::string>{"zero", "third", "second", "first"}));
}

// ---------------------------------------------------------------- pagination

TEST(LocalQueryPage, SizesAndLastPage) {
  ServiceFilter f;
  auto p = local_query(dataset(), f);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->index, 1);
  EXPECT_EQ(p->max_size, 20);  // the server's default size
  EXPECT_EQ(p->total, 8);
  EXPECT_EQ(p->total_pages, 1);
  EXPECT_EQ(p->items.size(), 8u);

  f.size = 3;
  f.page = 3;
  p = local_query(dataset(), f);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->total_pages, 3);
  EXPECT_EQ(names(p->items), (std::vector<std::string>{kUnicode, "a:b"}));  // last page: 2 of 3

  f.size = 4;
  f.page = 2;
  p = local_query(dataset(), f);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->total_pages, 2);  // exact multiple
  EXPECT_EQ(p->items.size(), 4u);
  EXPECT_EQ(p->index, 2);
  EXPECT_EQ(p->max_size, 4);
}

TEST(LocalQueryPage, PagePastTheEndIsTheServersBadRequest) {
  ServiceFilter f;
  f.size = 3;
  f.page = 4;
  auto p = local_query(dataset(), f);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::bad_request);
  EXPECT_EQ(p.error().exception_type, "ValueError");
  EXPECT_EQ(p.error().status, 0);
  EXPECT_EQ(
      p.error().message,
      "Invalid page 4. The requested page size is 3 and there are a total of 8 items for this "
      "query. The maximum page value therefore is 3.");
  EXPECT_EQ(p.error().reason, ErrorReason::page_out_of_range);
  EXPECT_EQ(p.error().max_page, std::optional<std::int64_t>(3));

  // The text a live 0.98.0 server sent (tests/fixtures/live/400-page-out-of-range.json).
  std::vector<Service> many;
  for (int i = 0; i < 27; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "%08d-0000-4000-8000-000000000000", i);
    many.push_back(svc(id, "svc", "2026-01-01 00:00:00"));
  }
  ServiceFilter g;
  g.page = 99;
  g.size = 20;
  EXPECT_EQ(
      local_query(many, g).error().message,
      "Invalid page 99. The requested page size is 20 and there are a total of 27 items for this "
      "query. The maximum page value therefore is 2.");
}

TEST(LocalQueryPage, EmptyResultHasOnePage) {
  ServiceFilter f;
  f.name = {Condition{FilterOp::equals, "no-such-service"}};
  auto p = local_query(dataset(), f);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->total, 0);
  EXPECT_EQ(p->total_pages, 1);
  EXPECT_TRUE(p->items.empty());
  EXPECT_TRUE(local_query({}, ServiceFilter{}).ok());
  f.page = 2;
  EXPECT_EQ(
      local_query(dataset(), f).error().message,
      "Invalid page 2. The requested page size is 20 and there are a total of 0 items for this "
      "query. The maximum page value therefore is 1.");
}

TEST(LocalQueryPage, InvalidFilterIsRefusedFirst) {
  ServiceFilter f;
  f.created = {Condition{FilterOp::gte, "2026-01-01T00:00:00"}};
  auto p = local_query(dataset(), f);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(p.error().message.find("created:"), std::string::npos);
  f = ServiceFilter{};
  f.size = 0;
  EXPECT_EQ(local_query(dataset(), f).error().code, ErrorCode::invalid_argument);
}

TEST(LocalQueryIndices, PositionsMatchTheCopyingQuery) {
  std::vector<zenml::Service> all;
  for (int i = 0; i < 7; ++i) {
    zenml::Service s;
    s.id = "00000000-0000-4000-8000-00000000000" + std::to_string(i);
    s.name = i % 2 ? "odd-" + std::to_string(i) : "even-" + std::to_string(i);
    all.push_back(s);
  }
  zenml::ServiceFilter f;
  f.name.push_back(zenml::Condition::parse("startswith:odd"));
  f.sort_by = zenml::SortBy::parse("desc:name").value();
  f.size = 2;
  f.page = 2;
  auto idx = zenml::local_query_indices(all, f);
  auto copy = zenml::local_query(all, f);
  ASSERT_TRUE(idx.ok());
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(idx->total, 3);
  EXPECT_EQ(idx->total_pages, 2);
  ASSERT_EQ(idx->items.size(), copy->items.size());
  for (std::size_t k = 0; k < idx->items.size(); ++k) {
    EXPECT_EQ(all[idx->items[k]].id, copy->items[k].id);
  }
  EXPECT_EQ(all[idx->items.at(0)].name, "odd-1");
}

// ---------------------------------------------------------------- the field table's readers

TEST(LocalQueryColumns, EveryFieldIsReadByItsRow) {
  // The reader of each row (filter_schema.hpp), on the dataset's first service: where the
  // server's column comes from. No field falls back to another one's column.
  const Service s = dataset()[0];
  auto text = [&s](const char* field) { return find_filter_field(field)->read(s).text; };
  EXPECT_EQ(text("id"), std::optional<std::string>("1e5aaaaa-1111-4111-8111-111111111111"));
  EXPECT_EQ(text("name"), std::optional<std::string>("svc-alpha"));
  EXPECT_EQ(text("type"), std::optional<std::string>("model-serving"));
  EXPECT_EQ(text("flavor"), std::optional<std::string>("mlflow"));
  EXPECT_EQ(text("pipeline_name"), std::optional<std::string>("p1"));
  EXPECT_EQ(text("pipeline_step_name"), std::optional<std::string>("s1"));
  EXPECT_EQ(text("model_version_id"), std::optional<std::string>(kModelVersion));
  EXPECT_EQ(text("pipeline_run_id"), std::nullopt);
  EXPECT_EQ(find_filter_field("created")->read(s).time,
            parse_filter_datetime("2026-01-01 00:00:00"));
  EXPECT_EQ(find_filter_field("updated")->read(s).time,
            *parse_filter_datetime("2026-01-01 00:00:00") + 1000);
  const auto u = find_filter_field("user")->read(s).user;
  ASSERT_TRUE(u);
  EXPECT_EQ(u->id, std::optional<std::string>(kAdminId));
  EXPECT_EQ(u->name, std::optional<std::string>("admin"));
  EXPECT_EQ(u->full_name, std::optional<std::string>("Ada Admin"));
  EXPECT_EQ(find_filter_field("running")->read, nullptr);  // ignored by the server: never evaluated
  // a service with nothing: NULL everywhere but its own id and name
  Service bare;
  bare.id = "x";
  for (const FilterField& g : filter_fields()) {
    if (!g.read || g.name == "id" || g.name == "name") continue;
    const FieldValue v = g.read(bare);
    EXPECT_FALSE(v.text || v.time || v.user) << g.name;
  }
}

TEST(LocalQueryColumns, ExactKindIsEqualityOfTheWholeText) {
  const Service s = dataset()[0];
  const FieldValue type = columns::type(s);
  EXPECT_TRUE(filter_detail::eval_field(FieldKind::exact,
                                        Condition{FilterOp::equals, "model-serving"}, type));
  EXPECT_FALSE(filter_detail::eval_field(FieldKind::exact,
                                         Condition{FilterOp::equals, "Model-Serving"}, type));
  EXPECT_FALSE(
      filter_detail::eval_field(FieldKind::exact, Condition{FilterOp::equals, "model"}, type));
  EXPECT_FALSE(filter_detail::eval_field(FieldKind::exact, Condition{FilterOp::equals, ""},
                                         FieldValue{}));  // NULL
}

// ---------------------------------------------------------------- each release's semantics (issue
// 11)
//
// `matches` and `sort_indices` follow `f.server`: on the last release before each boundary and
// the first one with it. Filters are built unvalidated here, so that a query the package refuses
// for an old release (because that release would misread it) still shows how that release reads
// it; tests/compat/rules.test.mjs checks the same against real servers.

namespace {

constexpr Release k0932{0, 93, 2}, k0933{0, 93, 3}, k0946{0, 94, 6}, k0950{0, 95, 0};

/// Names (sorted) of the services `f` selects, on release `r`, without validating `f`.
std::vector<std::string> select_on(Release r, ServiceFilter f) {
  f.server = r;
  std::vector<std::string> out;
  for (const Service& s : dataset()) {
    if (matches(s, f)) out.push_back(s.name);
  }
  return sorted(out);
}

}  // namespace

TEST(LocalQueryReleases, ExactFieldsAreAndedWhateverTheOperatorBefore0933) {
  ServiceFilter f;
  f.logical_operator = LogicalOperator::or_;
  f.name = {Condition{FilterOp::equals, "svc-alpha"}};
  f.id = {Condition{FilterOp::startswith, "2bbb"}};  // SVC-Beta
  f.flavor = {Condition{FilterOp::equals, "bentoml"}};
  // 0.93.2: (svc-alpha OR SVC-Beta) AND flavor = bentoml; 0.93.3: a union of the three.
  EXPECT_EQ(select_on(k0932, f), (std::vector<std::string>{"SVC-Beta"}));
  EXPECT_EQ(select_on(k0933, f), all_but({"7abc"}));  // 7abc has no body: NULL flavor
}

TEST(LocalQueryReleases, AnEmptyExactFieldIsNoConditionBefore0933) {
  ServiceFilter f;
  f.type = {Condition{FilterOp::equals, ""}};
  EXPECT_EQ(select_on(k0932, f), kAll);
  EXPECT_EQ(select_on(k0933, f), std::vector<std::string>{});
  // an operator there is part of the literal
  f.type = {Condition{FilterOp::startswith, "model"}};
  EXPECT_EQ(select_on(k0932, f), std::vector<std::string>{});
  EXPECT_EQ(select_on(k0933, f), all_but({"7abc"}));
  f.type = {Condition{FilterOp::equals, "model-serving"}};
  EXPECT_EQ(select_on(k0932, f), all_but({"7abc"}));
}

TEST(LocalQueryReleases, OrOverNothingAndEmptyListsInAnOr) {
  ServiceFilter f;
  f.logical_operator = LogicalOperator::or_;
  // no condition to combine: sent without logical_operator before 0.93.3, so every release lists
  // all
  EXPECT_EQ(select_on(k0932, f), kAll);
  EXPECT_EQ(select_on(k0933, f), kAll);
  // oneof:[] alone in an OR: every service everywhere (or_(False, or_()) before, no condition
  // after)
  f.name = {Condition::one_of({})};
  EXPECT_EQ(select_on(k0932, f), kAll);
  EXPECT_EQ(select_on(k0933, f), kAll);
  // with another condition: dropped before 0.93.3, every service from it
  f.id = {Condition{FilterOp::startswith, "2bbb"}};
  EXPECT_EQ(select_on(k0932, f), (std::vector<std::string>{"SVC-Beta"}));
  EXPECT_EQ(select_on(k0933, f), kAll);
  // under AND it is no condition on every release
  f.logical_operator = LogicalOperator::and_;
  EXPECT_EQ(select_on(k0932, f), (std::vector<std::string>{"SVC-Beta"}));
  EXPECT_EQ(select_on(k0933, f), (std::vector<std::string>{"SVC-Beta"}));
}

TEST(LocalQueryReleases, UnknownOperatorsAreLiteralsAndRepeatsKeepTheLastBefore095) {
  ServiceFilter f;
  f.name = {Condition::not_one_of({})};
  EXPECT_EQ(select_on(k0946, f), std::vector<std::string>{});  // name = 'notoneof:[]'
  EXPECT_EQ(select_on(k0950, f), kAll);
  f.name = {Condition{FilterOp::isnotnull, ""}};
  EXPECT_EQ(select_on(k0946, f), std::vector<std::string>{});
  EXPECT_EQ(select_on(k0950, f), kAll);
  f.name = {Condition{FilterOp::equals, "svc-alpha"}, Condition{FilterOp::equals, "42"}};
  EXPECT_EQ(select_on(k0946, f), (std::vector<std::string>{"42"}));
  EXPECT_EQ(select_on(k0950, f), std::vector<std::string>{});
}

TEST(LocalQueryReleases, ADescendingSortBreaksTiesByIdAscendingBefore095) {
  auto order_on = [](Release r) {
    ServiceFilter f;
    f.sort_by = SortBy{"created", SortOrder::desc};
    f.server = r;
    f.size = 100;
    auto page = local_query(dataset(), f);
    EXPECT_TRUE(page.ok());
    return names(page->items);
  };
  // SVC-Beta (2bbb…) and svc_gamma (3ccc…) share `created`
  EXPECT_EQ(order_on(k0946), (std::vector<std::string>{"a:b", kUnicode, "42", "100%", "SVC-Beta",
                                                       "svc_gamma", "svc-alpha", "7abc"}));
  EXPECT_EQ(order_on(k0950), (std::vector<std::string>{"a:b", kUnicode, "42", "100%", "svc_gamma",
                                                       "SVC-Beta", "svc-alpha", "7abc"}));
  // ascending: id ascending on both
  ServiceFilter asc;
  asc.server = k0946;
  EXPECT_EQ(names(local_query(dataset(), asc)->items), order(""));
}
