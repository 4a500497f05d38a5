// Caller input as JSON (what the JS facade passes) -> requests, updates, credentials, options,
// client config; and the rules every one of those paths must word and apply the same way.
#include "zenml/input.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "fake_transport.hpp"
#include "zenml/decode.hpp"
#include "zenml/encode.hpp"
#include "zenml/filter.hpp"

using namespace zenml;

namespace {
OrderedJson j(const char* text) {
  return OrderedJson::parse(text, nullptr, false);
}
std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.append(unit);
  return out;
}
constexpr const char* kProject = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
OrderedJson request_named(const std::string& name) {
  return OrderedJson{
      {"project", kProject}, {"name", name}, {"service_type", {{"type", "t"}, {"flavor", "f"}}}};
}
/// The whole JS path of a create: the reader, then the request builder (which encodes).
Result<HttpRequest> create_from_js(const OrderedJson& request) {
  auto r = service_request_from_json(request);
  if (!r) return std::move(r).error();
  return requests::create_service(*r);
}
Result<HttpRequest> update_from_js(const OrderedJson& update) {
  auto u = service_update_from_json(update);
  if (!u) return std::move(u).error();
  return requests::update_service(kProject, *u);
}
template <class T>
std::string message(const Result<T>& r) {
  return r ? std::string("(accepted)") : r.error().message;
}
}  // namespace

TEST(ServiceRequestInput, FullObjectRoundTripsThroughTheEncoder) {
  auto r = service_request_from_json(j(R"({
    "project": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "name": "svc-a",
    "service_type": {"type": "model-serving", "flavor": "mlflow"},
    "config": {"b": 1, "a": [1, 2]}, "labels": {"team": "x"}, "status": {"state": "active"},
    "admin_state": "active", "endpoint": {"url": "u"}, "prediction_url": "http://p",
    "health_check_url": "http://h", "service_source": "src",
    "model_version_id": "3fa85f64-5717-4562-b3fc-2c963f66afa7",
    "pipeline_run_id": "3fa85f64-5717-4562-b3fc-2c963f66afa8"})"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->name, "svc-a");
  EXPECT_EQ(r->service_type.flavor, "mlflow");
  EXPECT_EQ(r->labels->at("team"), "x");
  EXPECT_EQ(r->admin_state->raw, "active");
  auto body = encode_request_checked(*r);
  ASSERT_TRUE(body.ok()) << body.error().message;
  // key order of config is kept: the server's 409 check compares the serialisation
  EXPECT_NE(body->find(R"("config":{"b":1,"a":[1,2]})"), std::string::npos) << *body;
}

TEST(ServiceRequestInput, RefusesWhatTheServerWouldRefuseOrDropWithAPath) {
  const char* base = R"({"project":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"n",
    "service_type":{"type":"t","flavor":"f"},"config":{}})";
  EXPECT_TRUE(create_from_js(j(base)).ok());
  struct Case {
    const char* json;
    const char* message;
  };
  for (const Case& c : {
           Case{"[]", "request: expected an object, got array"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f"},"cofnig":{}})",
                "cofnig: unknown field; did you mean config?"},
           Case{R"({"service_type":{"type":"t","flavor":"f"}})", "name: is required"},
           Case{R"({"name":"n"})",
                "service_type: is required, e.g. { type: 'model-serving', flavor: 'mlflow' }"},
           Case{R"({"name":"n","service_type":"t"})",
                "service_type: expected an object, got string"},
           Case{R"({"name":"n","service_type":{"type":"t"}})", "service_type.flavor: is required"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f","x":1}})",
                "service_type.x: unknown field; write one of type, flavor, name, description, "
                "logo_url"},
           Case{R"({"name":5,"service_type":{"type":"t","flavor":"f"}})",
                "name: expected a string, got number"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f"},"labels":{"a":1}})",
                "labels.a: expected a string, got number"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f"},"labels":[]})",
                "labels: expected an object of strings, got array"},
       }) {
    auto r = service_request_from_json(j(c.json));
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(r.error().message, c.message) << c.json;
  }
  // Rules on values are the encoder's, so the JS path gives exactly what a C++ caller gets.
  for (
      const Case& c : {
          Case{
              R"({"project":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"n","service_type":{"type":"","flavor":"f"}})",
              "service_type.type: must not be empty"},
          Case{
              R"({"project":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"n","service_type":{"type":"t","flavor":"f"},"admin_state":"running"})",
              "admin_state: \"running\" is not a ServiceState the server accepts (inactive, "
              "active, pending_startup, "
              "pending_shutdown, error, scaled_to_zero)"},
          Case{
              R"({"project":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"n","service_type":{"type":"t","flavor":"f"},"config":[]})",
              "config: expected an object, got array"},
          Case{
              R"({"project":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"n","service_type":{"type":"t","flavor":"f"},"status":"up"})",
              "status: expected an object, got string"},
          Case{R"({"name":"n","service_type":{"type":"t","flavor":"f"}})",
               "project: expected a UUID, got \"\""},
      }) {
    EXPECT_EQ(message(create_from_js(j(c.json))), c.message) << c.json;
  }
}

TEST(ServiceUpdateInput, OnlyGivenFieldsAndNoAccidentalClears) {
  auto u = service_update_from_json(j(R"({"admin_state":"inactive","labels":{"k":"v"}})"));
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_FALSE(u->name);
  EXPECT_EQ(u->admin_state->raw, "inactive");
  auto body = encode_update(*u);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(OrderedJson::parse(*body), j(R"({"admin_state":"inactive","labels":{"k":"v"}})"));

  for (const char* bad :
       {R"({"labels":null})", R"({"labels":{}})", R"({"status":{}})", R"({"endpoint":{}})", R"({})",
        R"({"config":{"a":1}})", R"({"admin_state":"ACTIVE"})", R"({"status":"up"})",
        R"({"project":"x"})", "null", R"({"labels":{"a":true}})"}) {
    auto r = update_from_js(j(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << bad;
  }
  EXPECT_EQ(message(service_update_from_json(j(R"({"labels":{}})"))),
            "labels: {} clears the field on ZenML; say so explicitly with clearServiceFields(id, "
            "['labels'])");
  EXPECT_NE(message(service_update_from_json(j(R"({"name":null})"))).find("unchanged"),
            std::string::npos);
  EXPECT_EQ(message(service_update_from_json(j("{}"))),
            "update: nothing to update; pass at least one field");
  // {} is refused only where it clears; an empty config-like object elsewhere is a value
  EXPECT_TRUE(update_from_js(j(R"({"name":"n2","prediction_url":"http://x"})")).ok());
}

TEST(ServiceClearInput, NamesTheClearableFieldsOnly) {
  auto u = service_clear_from_json(j(R"(["labels","endpoint"])"));
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u->clear_labels_flag);
  EXPECT_TRUE(u->clear_endpoint_flag);
  EXPECT_FALSE(u->clear_status_flag);
  EXPECT_EQ(OrderedJson::parse(encode_update(*u).value()), j(R"({"labels":{},"endpoint":{}})"));
  for (const char* bad : {"[]", "{}", R"(["name"])", "[1]", R"("labels")"}) {
    auto r = service_clear_from_json(j(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  }
  EXPECT_EQ(message(service_clear_from_json(j(R"(["labels","lables"])"))),
            "fields[1]: unknown field to clear (ZenML clears only these); did you mean labels?");
  EXPECT_EQ(message(service_clear_from_json(j(R"(["name"])"))),
            "fields[0]: unknown field to clear (ZenML clears only these); write one of labels, "
            "status, endpoint");
  EXPECT_EQ(message(service_clear_from_json(j("[1]"))),
            "fields[0]: expected a field name, got number");
}

TEST(CredentialsInput, PasswordOrApiKeyNeverBoth) {
  auto pw = credentials_from_json(j(R"({"username":"admin","password":"pw"})"));
  ASSERT_TRUE(pw.ok());
  EXPECT_EQ(pw->kind, Credentials::Kind::password);
  EXPECT_EQ(pw->username, "admin");
  EXPECT_EQ(pw->secret, "pw");
  auto nopw =
      credentials_from_json(j(R"({"username":"default"})"));  // ZenML's default user has none
  ASSERT_TRUE(nopw.ok());
  EXPECT_EQ(nopw->secret, "");
  auto key = credentials_from_json(j(R"({"apiKey":"ZENKEY_x"})"));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->kind, Credentials::Kind::api_key);
  EXPECT_EQ(key->secret, "ZENKEY_x");
  EXPECT_EQ(message(credentials_from_json(j(R"({"apiKey":"x","username":"y"})"))),
            "credentials: give either { username, password } or { apiKey }, not both");
  EXPECT_EQ(message(credentials_from_json(j("null"))),
            "credentials: expected { username, password } or { apiKey }, got null");
  EXPECT_EQ(message(credentials_from_json(j(R"({"password":"x"})"))),
            "username: is required, e.g. { username, password } or { apiKey }");
  EXPECT_EQ(message(credentials_from_json(j(R"({"username":1})"))),
            "username: expected a string, got number");
  // Before the one reader, a misspelt key was dropped and the call failed with a generic hint.
  EXPECT_EQ(message(credentials_from_json(j(R"({"username":"a","pasword":"x"})"))),
            "pasword: unknown field; did you mean password?");
  EXPECT_EQ(message(credentials_from_json(j(R"({"api_key":"x"})"))),
            "api_key: unknown field; did you mean apiKey?");
}

TEST(CallOptionsInput, EachCallTakesItsOwnKeysAndSignal) {
  auto none = call_options_from_json(j("null"), {"hydrate"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->hydrate);
  auto h = call_options_from_json(j(R"({"hydrate":false})"), {"hydrate"});
  ASSERT_TRUE(h.ok());
  EXPECT_FALSE(h->hydrate);
  auto p = call_options_from_json(j(R"({"project":"default"})"), {"project"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p->project, "default");
  // A typo was silently ignored before: getService(id, { hydarte: false }) came back hydrated.
  EXPECT_EQ(message(call_options_from_json(j(R"({"hydarte":false})"), {"hydrate"})),
            "hydarte: unknown option; did you mean hydrate?");
  EXPECT_EQ(message(call_options_from_json(j(R"({"hydrate":false})"), {})),
            "hydrate: unknown option; write one of signal");
  EXPECT_EQ(message(call_options_from_json(j(R"({"hydrate":"no"})"), {"hydrate"})),
            "hydrate: expected true or false, got string");
  EXPECT_EQ(message(call_options_from_json(j("[]"), {})), "options: expected an object, got array");
}

TEST(ClientConfigInput, ReadsOptionsAndRefusesNonsense) {
  auto c = client_config_from_json(j(R"({"baseUrl":"http://h:1","token":"t","csrfToken":"c",
                                          "timeoutMs":500,"retries":0,"credentials":"include"})"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->options.base_url, "http://h:1");
  EXPECT_EQ(c->token, "t");
  EXPECT_EQ(c->csrf_token, "c");
  EXPECT_DOUBLE_EQ(c->options.timeout_ms, 500);
  EXPECT_EQ(c->options.max_retries, 0);
  EXPECT_TRUE(c->options.with_credentials);
  EXPECT_FALSE(client_config_from_json(j(R"({"baseUrl":"http://h","credentials":"omit"})"))
                   ->options.with_credentials);
  auto defaults = client_config_from_json(j(R"({"baseUrl":"http://h"})"));
  ASSERT_TRUE(defaults.ok());
  EXPECT_DOUBLE_EQ(defaults->options.timeout_ms, ClientOptions{}.timeout_ms);
  EXPECT_EQ(defaults->options.max_retries, ClientOptions{}.max_retries);
  for (const char* bad :
       {R"({})", R"([])", R"({"baseUrl":1})", R"({"baseUrl":"http://h","timeoutMs":-1})",
        R"({"baseUrl":"http://h","timeoutMs":"5"})", R"({"baseUrl":"http://h","retries":1.5})",
        R"({"baseUrl":"http://h","retries":11})", R"({"baseUrl":"http://h","credentials":"yes"})",
        R"({"baseUrl":"http://h","baseURL":"x"})"}) {
    auto r = client_config_from_json(j(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << bad;
  }
  EXPECT_EQ(message(client_config_from_json(j(R"({"baseUrl":"http://h","baseURL":"x"})"))),
            "baseURL: unknown option; did you mean baseUrl?");
  EXPECT_EQ(message(client_config_from_json(j("[]"))),
            "createClient: expected an options object like { baseUrl }, got array");
  EXPECT_EQ(message(client_config_from_json(j("{}"))),
            "baseUrl: is required, e.g. 'http://127.0.0.1:8237'");
}

// createClient({ serverVersion }) pins the server's release: a release, or refused.
TEST(ClientConfigInput, ServerVersionPinsARelease) {
  auto c = client_config_from_json(j(R"({"baseUrl":"http://h","serverVersion":"0.90.0"})"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->options.server_version, "0.90.0");
  EXPECT_EQ(client_config_from_json(j(R"({"baseUrl":"http://h"})"))->options.server_version, "");
  EXPECT_EQ(
      message(client_config_from_json(j(R"({"baseUrl":"http://h","serverVersion":"0.90"})"))),
      "serverVersion: \"0.90\" is not a ZenML release; write one like 0.98.0 (GET /api/v1/info "
      "gives the server's)");
  EXPECT_EQ(message(client_config_from_json(j(R"({"baseUrl":"http://h","serverVersion":90})"))),
            "serverVersion: expected a string, got number");
  EXPECT_EQ(
      message(client_config_from_json(j(R"({"baseUrl":"http://h","serverversion":"0.90.0"})"))),
      "serverversion: unknown option; did you mean serverVersion?");
}

TEST(ClientConfigInput, TokensMustBeSingleHeaderValues) {
  for (const char* bad : {R"({"baseUrl":"http://h","token":"a\nX-Evil: 1"})",
                          R"({"baseUrl":"http://h","token":"a b"})",
                          R"({"baseUrl":"http://h","csrfToken":"\u00fc"})"}) {
    auto r = client_config_from_json(j(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("printable ASCII"), std::string::npos);
  }
  EXPECT_EQ(client_config_from_json(j(R"({"baseUrl":"http://h","token":"abc\n"})"))->token, "abc");
}

// ---- the rules that used to differ between paths ----

// ZenML 0.98.0 counts a name's length as Python does, in code points, and accepts "" (live:
// tests/live/server_contract.test.mjs "name length is counted in code points"). The JS path
// counted bytes (255 x "é" = 510 bytes was refused) and refused "" on update; the C++ path
// counted code points and refused "" on create.
TEST(OneRulePerValue, NameLengthInCodePointsOnCreateAndUpdateAndEmptyIsAccepted) {
  for (std::string_view unit :
       {std::string_view("a"), std::string_view("\xC3\xA9"),
        std::string_view("\xF0\x9F\x98\x80")}) {  // a, é (2 bytes), 😀 (4 bytes)
    SCOPED_TRACE(std::to_string(unit.size()) + "-byte character");
    const std::string ok = repeat(unit, 255), too_long = repeat(unit, 256);
    EXPECT_TRUE(create_from_js(request_named(ok)).ok())
        << message(create_from_js(request_named(ok)));
    EXPECT_TRUE(update_from_js(OrderedJson{{"name", ok}}).ok());
    const std::string refusal =
        "name: 256 characters (Unicode code points); the server allows at most 255";
    EXPECT_EQ(message(create_from_js(request_named(too_long))), refusal);
    EXPECT_EQ(message(update_from_js(OrderedJson{{"name", too_long}})), refusal);
    ServiceRequest r;
    r.project = kProject;
    r.name = too_long;
    r.service_type = {"t", "f", "", "", ""};
    EXPECT_EQ(message(encode_request_checked(r)), refusal);  // the C++ path says the same
  }
  EXPECT_TRUE(create_from_js(request_named("")).ok());
  EXPECT_TRUE(update_from_js(j(R"({"name":""})")).ok());
  ServiceRequest r;
  r.project = kProject;
  r.service_type = {"t", "f", "", "", ""};
  EXPECT_TRUE(encode_request_checked(r).ok());
}

// An unknown key got "did you mean sortBy?" from the list options and a list of 13 names from
// createService (`{lables: …}`): now every reader answers with the closest known key.
TEST(OneRulePerValue, EveryReaderSuggestsTheClosestKnownKey) {
  EXPECT_EQ(message(service_request_from_json(
                j(R"({"name":"n","service_type":{"type":"t","flavor":"f"},"lables":{}})"))),
            "lables: unknown field; did you mean labels?");
  EXPECT_EQ(message(service_update_from_json(j(R"({"lables":{"a":"b"}})"))),
            "lables: unknown field; did you mean labels?");
  EXPECT_EQ(message(service_request_from_json(
                j(R"({"name":"n","service_type":{"type":"t","flavour":"f"}})"))),
            "service_type.flavour: unknown field; did you mean flavor?");
  EXPECT_EQ(message(client_config_from_json(j(R"({"baseUrl":"http://h","timeout":1})"))),
            "timeout: unknown option; did you mean timeoutMs?");
  EXPECT_EQ(message(client_config_from_json(j(R"({"baseUrl":"http://h","proxy":1})"))),
            "proxy: unknown option; write one of baseUrl, token, csrfToken, timeoutMs, retries, "
            "credentials, maxResponseBytes, maxDepth, serverVersion");
  EXPECT_EQ(message(client_config_from_json(j(R"({"baseUrl":"http://h","timeout_ms":1})"))),
            "timeout_ms: unknown option; did you mean timeoutMs?");
  EXPECT_EQ(message(ServiceFilter::from_json(j(R"({"sortby":"name"})"))),
            "sortby: unknown option; did you mean sortBy?");
  EXPECT_EQ(message(ServiceFilter::from_json(j(R"({"filter":{"nmae":"x"}})"))),
            "filter.nmae: unknown filter; did you mean name?");
}

// Types were worded "got a number" (caller input), "got number" (responses, list options) and
// "must be …" (list options): one wording now, the response decoder's.
TEST(OneRulePerValue, OneWordingForJsonTypes) {
  EXPECT_EQ(message(service_request_from_json(j(R"({"name":5})"))),
            "name: expected a string, got number");
  EXPECT_EQ(message(ServiceFilter::from_json(j(R"({"sortBy":5})"))),
            "sortBy: expected a string like \"desc:created\", got number");
  EXPECT_EQ(message(ServiceFilter::from_json(j(R"({"hydrate":"yes"})"))),
            "hydrate: expected true or false, got string");
  EXPECT_EQ(message(call_options_from_json(j(R"({"hydrate":"yes"})"), {"hydrate"})),
            "hydrate: expected true or false, got string");
  EXPECT_EQ(message(ServiceFilter::from_json(j(R"({"page":"2"})"))),
            "page: expected an integer, got string");
  EXPECT_EQ(message(ServiceFilter::from_json(j(R"({"page":1.5})"))),
            "page: expected an integer, got 1.5");
  EXPECT_EQ(message(ServiceFilter::from_json(j(R"({"filter":[]})"))),
            "filter: expected an object like { name: \"startswith:svc-\" }, got array");
  EXPECT_EQ(message(ServiceFilter::from_json(j("5"))),
            "options: expected an object like { filter: {...}, page: 1 }, got number");
  EXPECT_EQ(message(client_config_from_json(j(R"({"baseUrl":"http://h","timeoutMs":"5"})"))),
            "timeoutMs: expected a number, got string");
  // the response decoder, for comparison
  EXPECT_EQ(
      message(validate_named_entity(R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":5})")),
      "name: expected a string, got number");
}

// Limits were literals in input.hpp (3600000, 10, 1073741824.0, 10000) next to Client's own
// checks, which had no upper bound on timeoutMs: a C++ client took 3600001 ms, JS refused it.
TEST(OneRulePerValue, ClientLimitsAreTheNamedConstantsOnBothPaths) {
  auto t = std::make_shared<zenml::testing::FakeTransport>();
  struct Case {
    const char* key;
    double over;
    std::function<void(ClientOptions&)> set;
  };
  const Case cases[] = {
      {"timeoutMs", Client::kMaxTimeoutMs + 1,
       [](ClientOptions& o) { o.timeout_ms = Client::kMaxTimeoutMs + 1; }},
      {"retries", Client::kMaxRetries + 1,
       [](ClientOptions& o) { o.max_retries = Client::kMaxRetries + 1; }},
      {"maxResponseBytes", static_cast<double>(Client::kMaxResponseBytesLimit) + 1,
       [](ClientOptions& o) { o.limits.max_bytes = Client::kMaxResponseBytesLimit + 1; }},
      {"maxDepth", static_cast<double>(Client::kMaxDepthLimit) + 1,
       [](ClientOptions& o) { o.limits.max_depth = Client::kMaxDepthLimit + 1; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key);
    OrderedJson js{{"baseUrl", "http://h"}, {c.key, c.over}};
    auto from_js = client_config_from_json(js);
    ClientOptions o;
    o.base_url = "http://h";
    c.set(o);
    auto from_cpp = Client::create(t, o);
    ASSERT_FALSE(from_js.ok());
    ASSERT_FALSE(from_cpp.ok());
    EXPECT_EQ(from_js.error().message, from_cpp.error().message);
    js[c.key] = c.over - 1;  // the limit itself is accepted on both paths
    auto at_limit = client_config_from_json(js);
    ASSERT_TRUE(at_limit.ok()) << at_limit.error().message;
    EXPECT_TRUE(Client::create(t, at_limit->options).ok());
  }
  EXPECT_EQ(message(client_config_from_json(j(R"({"baseUrl":"http://h","timeoutMs":3600001})"))),
            "timeoutMs: expected a number of milliseconds between 0 and 3600000 (0 = no timeout), "
            "got 3600001");
  EXPECT_EQ(message(client_config_from_json(j(R"({"baseUrl":"http://h","maxResponseBytes":1.5})"))),
            "maxResponseBytes: expected a whole number of bytes between 1 and 1073741824, got 1.5");
}

TEST(SchemaOptionsInput, TheReleaseOrTheNewestKnown) {
  EXPECT_EQ(schema_options_from_json(j("null")).value(), kNewestKnownRelease);
  EXPECT_EQ(schema_options_from_json(j("{}")).value(), kNewestKnownRelease);
  // a client's serverVersion before it knows it
  EXPECT_EQ(schema_options_from_json(j(R"({"serverVersion":null})")).value(), kNewestKnownRelease);
  EXPECT_EQ(schema_options_from_json(j(R"({"serverVersion":"0.83.1"})")).value(),
            (Release{0, 83, 1}));
  // filterSchema() checked its options in JS with words of its own and no unknown-key check
  EXPECT_EQ(message(schema_options_from_json(j(R"({"serverVerison":"0.83.1"})"))),
            "serverVerison: unknown option; did you mean serverVersion?");
  EXPECT_EQ(message(schema_options_from_json(j(R"({"serverVersion":98})"))),
            "serverVersion: expected a string, got number");
  EXPECT_EQ(message(schema_options_from_json(j(R"("0.98.0")"))),
            "options: expected an object like { serverVersion: '0.98.0' }, got string");
  EXPECT_NE(message(schema_options_from_json(j(R"({"serverVersion":"latest"})")))
                .find("is not a ZenML release"),
            std::string::npos);
}
