// The two readers of a server response on the same inputs: scanner.hpp (DOM-free, a verdict)
// and decode.hpp (DOM -> models) must agree on every verdict and give the same messages.
#include "zenml/decode.hpp"
#include "zenml/scanner.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

using namespace zenml;

namespace {

using zenml::testing::fixture;
using zenml::testing::read_file;

/// The fixture without its trailing newline, for tests that splice text onto the closing brace.
std::string fixture_trimmed(const std::string& name) {
  std::string text = fixture(name);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

Json parse(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded());
  return j;
}

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool is_syntax(const std::string& message) {
  return message.rfind("invalid JSON", 0) == 0;
}

/// Runs both readers of a page. They must agree on ok/not-ok; on a schema error the messages
/// must be identical; on success the page header must match the decoded page.
/// Returns the validator's error message ("" when valid).
std::string agree_page(const std::string& text, const DecodeLimits& limits = {}) {
  auto v = validate_page(text, limits);
  auto d = decode_page_with_limits(text, limits);
  EXPECT_EQ(v.ok(), d.ok()) << "validator: " << (v ? "ok" : v.error().message)
                            << "\ndecoder:   " << (d ? "ok" : d.error().message)
                            << "\ninput: " << text.substr(0, 400);
  if (v && d) {
    EXPECT_EQ(v->index, d->index);
    EXPECT_EQ(v->max_size, d->max_size);
    EXPECT_EQ(v->total_pages, d->total_pages);
    EXPECT_EQ(v->total, d->total);
    EXPECT_EQ(v->item_count, d->items.size());
    return "";
  }
  if (!v) {
    EXPECT_EQ(v.error().code, ErrorCode::bad_response);
    if (!d) {
      EXPECT_EQ(d.error().code, ErrorCode::bad_response);
      if (!is_syntax(v.error().message) || !is_syntax(d.error().message)) {
        EXPECT_EQ(v.error().message, d.error().message) << "input: " << text.substr(0, 400);
      }
    }
    return v.error().message;
  }
  return d.error().message;
}

std::string agree_service(const std::string& text, const DecodeLimits& limits = {}) {
  auto v = validate_service(text, limits);
  auto d = decode_service_with_limits(text, limits);
  EXPECT_EQ(v.ok(), d.ok()) << "validator: " << (v ? "ok" : v.error().message)
                            << "\ndecoder:   " << (d ? "ok" : d.error().message)
                            << "\ninput: " << text.substr(0, 400);
  if (v && d) return "";
  if (!v) {
    if (!d && (!is_syntax(v.error().message) || !is_syntax(d.error().message))) {
      EXPECT_EQ(v.error().message, d.error().message) << "input: " << text.substr(0, 400);
    }
    return v.error().message;
  }
  return d.error().message;
}

/// page_hydrated.json with one change at a JSON pointer: `remove` or replace by `value`.
std::string mutated(const std::string& file, const std::string& pointer, const Json* value) {
  Json j = parse(fixture(file));
  const Json::json_pointer ptr(pointer);
  Json& parent = j[ptr.parent_pointer()];
  const std::string key = ptr.back();
  if (value == nullptr) {
    if (parent.is_object())
      parent.erase(key);
    else
      parent.erase(static_cast<std::size_t>(std::stoul(key)));
  } else {
    j[ptr] = *value;
  }
  return dump(j);
}

const char* kUuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

}  // namespace

// ---------------------------------------------------------------------------------------------
// Fixtures decode
// ---------------------------------------------------------------------------------------------

TEST(CodecFixtures, HydratedPageDecodes) {
  const std::string text = fixture("page_hydrated.json");
  EXPECT_EQ(agree_page(text), "");
  auto info = validate_page(text);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->index, 1);
  EXPECT_EQ(info->max_size, 50);
  EXPECT_EQ(info->total_pages, 1);
  EXPECT_EQ(info->total, 3);
  EXPECT_EQ(info->item_count, 3u);

  auto page = decode_page(text);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->items.size(), 3u);

  const Service& a = page->items[0];
  EXPECT_EQ(a.id, kUuid);
  EXPECT_EQ(a.name, "svc-a");
  EXPECT_FALSE(a.permission_denied);
  ASSERT_TRUE(a.body);
  EXPECT_EQ(a.body->created->text, "2026-09-12T11:52:44.045303");
  EXPECT_EQ(a.body->created->epoch_ms, 1789213964045.0);
  EXPECT_EQ(a.body->user_id.value(), "6a1b9f0e-2c3d-4e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(a.body->project_id, "0d8c9b7a-6e5f-4d3c-9b2a-1f0e9d8c7b6a");
  EXPECT_EQ(a.body->service_type, (ServiceType{"model-serving", "test", "", "", ""}));
  EXPECT_EQ(a.body->labels.value(), (Labels{{"team", "x"}}));
  EXPECT_EQ(a.body->state->kind(), ServiceStateKind::active);
  ASSERT_TRUE(a.metadata);
  EXPECT_FALSE(a.metadata->service_source);
  EXPECT_EQ(a.metadata->admin_state->raw, "active");
  EXPECT_EQ(a.metadata->config["pipeline_name"], "p1");
  EXPECT_EQ(a.metadata->config["nested"]["list"][5], "\xC3\xBC\n");
  EXPECT_EQ(a.metadata->status.value(), parse(R"({"state":"active"})"));
  EXPECT_FALSE(a.metadata->endpoint);
  EXPECT_FALSE(a.metadata->prediction_url);
  ASSERT_TRUE(a.resources && a.resources->user);
  EXPECT_EQ(a.resources->user->id, "6a1b9f0e-2c3d-4e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(a.resources->user->name, "default");
  EXPECT_EQ(a.resources->user->raw["body"]["is_admin"], true);
  EXPECT_FALSE(a.resources->pipeline_run);
  EXPECT_FALSE(a.resources->model_version);

  const Service& b = page->items[1];
  EXPECT_EQ(b.body->created->epoch_ms, 1789213980000.0);
  EXPECT_EQ(b.body->updated->epoch_ms, 1789214401500.0);
  EXPECT_FALSE(b.body->labels);
  EXPECT_FALSE(b.body->state);
  EXPECT_EQ(b.metadata->service_source.value(),
            "zenml.integrations.seldon.services.SeldonDeploymentService");
  EXPECT_FALSE(b.metadata->admin_state);
  EXPECT_TRUE(b.metadata->config.is_object() && b.metadata->config.empty());
  EXPECT_EQ(b.metadata->endpoint.value()["url"], "http://127.0.0.1:8000");
  EXPECT_EQ(b.metadata->prediction_url.value(), "http://127.0.0.1:8000/invocations");
  EXPECT_EQ(b.resources->pipeline_run->name, "p1-2026_09_12-11_50_00_000000");
  EXPECT_EQ(b.resources->model_version->id, "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918");
  EXPECT_EQ(b.resources->model_version->raw["body"]["number"], 1);

  const Service& c = page->items[2];
  EXPECT_EQ(c.name,
            "svc-c \xE2\x9C\x93 Gr\xC3\xBC\xC3\x9F"
            "e");
  EXPECT_FALSE(c.body->user_id);
  EXPECT_EQ(c.body->labels->at("owner"),
            "Gr\xC3\xBC\xC3\x9F"
            "e \xF0\x9F\x8C\x8D");
  EXPECT_EQ(c.body->state->kind(), ServiceStateKind::scaled_to_zero);
  EXPECT_EQ(c.body->created->epoch_ms, 1769864400100.0);
  EXPECT_EQ(c.body->updated->epoch_ms, 1769864400000.0);
  EXPECT_FALSE(c.metadata->status);
  EXPECT_FALSE(c.resources->user);
}

TEST(CodecFixtures, PlainAndEmptyPages) {
  const std::string plain = fixture("page_plain.json");
  EXPECT_EQ(agree_page(plain), "");
  auto page = decode_page(plain);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->index, 2);
  EXPECT_EQ(page->total_pages, 3);
  ASSERT_EQ(page->items.size(), 2u);
  for (const auto& s : page->items) {
    EXPECT_FALSE(s.metadata);
    EXPECT_TRUE(s.body);
    EXPECT_TRUE(s.resources);
  }
  const std::string empty = fixture("page_empty.json");
  EXPECT_EQ(agree_page(empty), "");
  EXPECT_EQ(validate_page(empty)->item_count, 0u);
  EXPECT_EQ(decode_page(empty)->total_pages, 1);
}

TEST(CodecFixtures, SingleServices) {
  for (const char* name : {"service_created.json", "service_updated.json"}) {
    const std::string text = fixture(name);
    EXPECT_EQ(agree_service(text), "") << name;
    EXPECT_FALSE(validate_page(text)) << name;
  }
  auto created = decode_service(fixture("service_created.json"));
  ASSERT_TRUE(created);
  EXPECT_EQ(created->metadata->config["nonce"], "n-0001");
  EXPECT_EQ(created->body->state->raw, "active");
  auto updated = decode_service(fixture("service_updated.json"));
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->name, "svc-a-renamed");
  EXPECT_FALSE(updated->body->labels);
  EXPECT_FALSE(updated->body->state);
  EXPECT_EQ(updated->metadata->status.value()["foo"], 1);
  EXPECT_EQ(updated->body->updated->epoch_ms, 1789215005000.0);
}

TEST(CodecFixtures, ServerInfoAndToken) {
  auto info = decode_server_info(fixture("server_info.json"));
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->version, "0.98.0");
  EXPECT_EQ(info->auth_scheme, "OAUTH2_PASSWORD_BEARER");
  EXPECT_EQ(info->deployment_type, "other");
  EXPECT_EQ(info->database_type, "sqlite");
  EXPECT_TRUE(info->active);
  EXPECT_FALSE(info->server_url);
  EXPECT_EQ(info->raw["secrets_store_type"], "sql");

  EXPECT_EQ(decode_server_info(R"({"version":"1"})").error().message,
            "auth_scheme: missing required field");
  EXPECT_EQ(decode_server_info(R"({"version":1,"auth_scheme":"NO_AUTH"})").error().message,
            "version: expected a string, got number");
  EXPECT_EQ(decode_server_info(R"({"version":"1","auth_scheme":"NO_AUTH","active":"yes"})")
                .error()
                .message,
            "active: expected a boolean or null, got string");
  EXPECT_EQ(decode_server_info("[]").error().message, "expected an object, got array");

  auto token = decode_token(fixture("token.json"));
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(token->token_type, "bearer");
  EXPECT_EQ(token->access_token.rfind("eyJ", 0), 0u);
  EXPECT_FALSE(token->expires_in);
  EXPECT_FALSE(token->csrf_token);
  auto csrf = decode_token(
      R"({"access_token":"a","token_type":"bearer","expires_in":3600,"csrf_token":"c","device_id":null})");
  ASSERT_TRUE(csrf);
  EXPECT_EQ(csrf->expires_in.value(), 3600.0);
  EXPECT_EQ(csrf->csrf_token.value(), "c");
  EXPECT_EQ(decode_token(R"({"token_type":"bearer"})").error().message,
            "access_token: missing required field");
  EXPECT_EQ(decode_token(R"({"access_token":"a","token_type":"bearer","expires_in":"1"})")
                .error()
                .message,
            "expires_in: expected a number or null, got string");
}

TEST(CodecFixtures, DeleteBody) {
  EXPECT_TRUE(decode_delete("null"));
  EXPECT_EQ(decode_delete("").error().code,
            ErrorCode::bad_response);  // a 200 from a stub proves nothing
  EXPECT_EQ(decode_delete(" \r\n\t").error().code, ErrorCode::bad_response);
  EXPECT_TRUE(decode_delete(" null\n"));
  EXPECT_EQ(decode_delete("{}").error().message, "expected null, got object");
  EXPECT_EQ(decode_delete("nul").error().code, ErrorCode::bad_response);
  EXPECT_EQ(decode_delete("null x").error().code, ErrorCode::bad_response);
}

/// The real server's bodies (recorded by scripts into tests/fixtures/live/, when present).
TEST(CodecFixtures, LiveSuccessBodies) {
  int checked = 0;
  for (const auto& rec : zenml::testing::live_records()) {
    const std::string& method = rec.method;
    const std::string& path = rec.path;
    const std::string& body = rec.body;
    if (rec.status != 200 || path.rfind("/api/v1/services", 0) != 0 || method == "OPTIONS")
      continue;
    SCOPED_TRACE(rec.file);
    const bool list = path == "/api/v1/services" || path.rfind("/api/v1/services?", 0) == 0;
    if (method == "DELETE") {
      EXPECT_TRUE(decode_delete(body));
    } else if (method == "GET" && list) {
      EXPECT_EQ(agree_page(body), "");
    } else {
      EXPECT_EQ(agree_service(body), "");
    }
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

// ---------------------------------------------------------------------------------------------
// Schema: every wrong type and the only required fields (ids, the page header), with the exact
// path; a field that may be missing in some release never fails (compat_decode_test.cpp
// removes every field of every recorded release's answers)
// ---------------------------------------------------------------------------------------------

struct Mutation {
  std::string pointer;
  std::optional<Json> value;  // nullopt: remove the key
  std::string message;        // "" when the result must be valid
};

class PageMutation : public ::testing::TestWithParam<Mutation> {};

TEST_P(PageMutation, BothReadersReportThePath) {
  const Mutation& m = GetParam();
  const std::string text = mutated("page_hydrated.json", m.pointer, m.value ? &*m.value : nullptr);
  EXPECT_EQ(agree_page(text), m.message);
}

const Json kNum = 5;
const Json kStr = "x";
const Json kNull = nullptr;
const Json kArr = Json::array();
const Json kObj = Json::object();

INSTANTIATE_TEST_SUITE_P(
    Page, PageMutation,
    ::testing::Values(
        Mutation{"/index", std::nullopt, "index: missing required field"},
        Mutation{"/index", Json("1"), "index: expected an integer, got string"},
        Mutation{"/index", Json(1.5), "index: expected an integer, got number"},
        Mutation{"/index", kNull, "index: expected an integer, got null"},
        Mutation{"/max_size", std::nullopt, "max_size: missing required field"},
        Mutation{"/max_size", Json(true), "max_size: expected an integer, got boolean"},
        Mutation{"/total_pages", std::nullopt, "total_pages: missing required field"},
        Mutation{"/total_pages", kArr, "total_pages: expected an integer, got array"},
        Mutation{"/total", std::nullopt, "total: missing required field"},
        Mutation{"/total", kObj, "total: expected an integer, got object"},
        Mutation{"/items", std::nullopt, "items: missing required field"},
        Mutation{"/items", kObj, "items: expected an array, got object"},
        Mutation{"/items", kNull, "items: expected an array, got null"},
        Mutation{"/items/1", kNum, "items[1]: expected an object, got number"},
        Mutation{"/items/2", kNull, "items[2]: expected an object, got null"},
        // ServiceResponse
        Mutation{"/items/0/id", std::nullopt, "items[0].id: missing required field"},
        Mutation{"/items/0/id", kNum, "items[0].id: expected a UUID string, got number"},
        Mutation{"/items/0/id", kNull, "items[0].id: expected a UUID string, got null"},
        Mutation{"/items/0/id", Json("nope"), R"(items[0].id: expected a UUID, got "nope")"},
        Mutation{"/items/0/id", Json("3fa85f64-5717-4562-b3fc-2c963f66afaZ"),
                 R"(items[0].id: expected a UUID, got "3fa85f64-5717-4562-b3fc-2c963f66afaZ")"},
        Mutation{"/items/0/id", Json("3FA85F64-5717-4562-B3FC-2C963F66AFA6"), ""},
        Mutation{"/items/0/name", std::nullopt, ""},
        Mutation{"/items/0/name", kNull, "items[0].name: expected a string, got null"},
        Mutation{"/items/0/permission_denied", std::nullopt, ""},
        Mutation{"/items/0/permission_denied", kStr,
                 "items[0].permission_denied: expected a boolean, got string"},
        Mutation{"/items/0/permission_denied", kNull,
                 "items[0].permission_denied: expected a boolean, got null"},
        Mutation{"/items/0/body", std::nullopt, ""}, Mutation{"/items/0/body", kNull, ""},
        Mutation{"/items/0/body", kArr, "items[0].body: expected an object or null, got array"},
        // ServiceResponseBody
        Mutation{"/items/0/body/created", std::nullopt, ""},
        Mutation{"/items/0/body/created", kNum,
                 "items[0].body.created: expected a timestamp string, got number"},
        Mutation{
            "/items/0/body/created", Json("2026-09-12 11:52:44"),
            R"(items[0].body.created: expected an ISO-8601 timestamp, got "2026-09-12 11:52:44")"},
        Mutation{"/items/0/body/created", Json("2026-09-12T11:52:44Z"), ""},
        Mutation{"/items/0/body/updated", std::nullopt, ""},
        Mutation{"/items/0/body/updated", kNull,
                 "items[0].body.updated: expected a timestamp string, got null"},
        Mutation{
            "/items/1/body/updated", Json("2026-02-30T00:00:00"),
            R"(items[1].body.updated: expected an ISO-8601 timestamp, got "2026-02-30T00:00:00")"},
        Mutation{"/items/0/body/user_id", std::nullopt, ""},
        Mutation{"/items/0/body/user_id", kNull, ""},
        Mutation{"/items/0/body/user_id", kNum,
                 "items[0].body.user_id: expected a UUID string or null, got number"},
        Mutation{"/items/0/body/user_id", kStr,
                 R"(items[0].body.user_id: expected a UUID, got "x")"},
        Mutation{"/items/0/body/project_id", std::nullopt, ""},
        Mutation{"/items/0/body/project_id", kNull,
                 "items[0].body.project_id: expected a UUID string, got null"},
        Mutation{"/items/0/body/service_type", std::nullopt, ""},
        Mutation{"/items/0/body/service_type", kNull,
                 "items[0].body.service_type: expected an object, got null"},
        Mutation{"/items/0/body/service_type/type", std::nullopt, ""},
        Mutation{"/items/0/body/service_type/flavor", kNum,
                 "items[0].body.service_type.flavor: expected a string, got number"},
        Mutation{"/items/0/body/service_type/flavor", std::nullopt, ""},
        Mutation{"/items/0/body/service_type/name", std::nullopt, ""},
        Mutation{"/items/0/body/service_type/name", kNull,
                 "items[0].body.service_type.name: expected a string, got null"},
        Mutation{"/items/0/body/service_type/description", kArr,
                 "items[0].body.service_type.description: expected a string, got array"},
        Mutation{"/items/0/body/service_type/logo_url", kNum,
                 "items[0].body.service_type.logo_url: expected a string, got number"},
        Mutation{"/items/0/body/labels", std::nullopt, ""},
        Mutation{"/items/0/body/labels", kNull, ""}, Mutation{"/items/0/body/labels", kObj, ""},
        Mutation{"/items/0/body/labels", kStr,
                 "items[0].body.labels: expected an object or null, got string"},
        Mutation{"/items/0/body/labels/team", kNum,
                 "items[0].body.labels.team: expected a string, got number"},
        Mutation{"/items/0/body/labels/a b", kNull,
                 R"(items[0].body.labels["a b"]: expected a string, got null)"},
        Mutation{"/items/0/body/state", std::nullopt, ""},
        Mutation{"/items/0/body/state", kNull, ""},
        Mutation{"/items/0/body/state", Json("warming_up"), ""},
        Mutation{"/items/0/body/state", kNum,
                 "items[0].body.state: expected a string or null, got number"},
        // ServiceResponseMetadata
        Mutation{"/items/0/metadata", kNull, ""}, Mutation{"/items/0/metadata", std::nullopt, ""},
        Mutation{"/items/0/metadata", kStr,
                 "items[0].metadata: expected an object or null, got string"},
        Mutation{"/items/0/metadata/config", std::nullopt, ""},
        Mutation{"/items/0/metadata/config", kArr,
                 "items[0].metadata.config: expected an object, got array"},
        Mutation{"/items/0/metadata/config", kNull,
                 "items[0].metadata.config: expected an object, got null"},
        Mutation{"/items/0/metadata/status", kNull, ""},
        Mutation{"/items/0/metadata/status", std::nullopt, ""},
        Mutation{"/items/0/metadata/status", kArr,
                 "items[0].metadata.status: expected an object or null, got array"},
        Mutation{"/items/1/metadata/endpoint", kNum,
                 "items[1].metadata.endpoint: expected an object or null, got number"},
        Mutation{"/items/0/metadata/service_source", kNum,
                 "items[0].metadata.service_source: expected a string or null, got number"},
        Mutation{"/items/0/metadata/service_source", std::nullopt, ""},
        Mutation{"/items/0/metadata/admin_state", kObj,
                 "items[0].metadata.admin_state: expected a string or null, got object"},
        Mutation{"/items/0/metadata/admin_state", Json("hibernating"), ""},
        Mutation{"/items/1/metadata/prediction_url", Json(false),
                 "items[1].metadata.prediction_url: expected a string or null, got boolean"},
        Mutation{"/items/1/metadata/health_check_url", kArr,
                 "items[1].metadata.health_check_url: expected a string or null, got array"},
        // ServiceResponseResources
        Mutation{"/items/0/resources", kNull, ""},
        Mutation{"/items/0/resources", kArr,
                 "items[0].resources: expected an object or null, got array"},
        Mutation{"/items/0/resources/user", kNum,
                 "items[0].resources.user: expected an object or null, got number"},
        Mutation{"/items/0/resources/user/id", std::nullopt,
                 "items[0].resources.user.id: missing required field"},
        Mutation{"/items/0/resources/user/id", kStr,
                 R"(items[0].resources.user.id: expected a UUID, got "x")"},
        Mutation{"/items/0/resources/user/name", kNull, ""},
        Mutation{"/items/0/resources/user/name", kNum,
                 "items[0].resources.user.name: expected a string or null, got number"},
        Mutation{"/items/0/resources/user/body", kNum, ""},
        Mutation{"/items/1/resources/pipeline_run/id", kNull,
                 "items[1].resources.pipeline_run.id: expected a UUID string, got null"},
        Mutation{"/items/1/resources/model_version", kStr,
                 "items[1].resources.model_version: expected an object or null, got string"},
        Mutation{"/items/1/resources/model_version/name", std::nullopt, ""}));

TEST(CodecSchema, FirstErrorInDeclaredOrderWins) {
  Json j = parse(fixture("page_hydrated.json"));
  j["items"][1]["name"] = 1;
  j["items"][2]["id"] = 1;
  j["items"][1]["body"]["created"] = 1;
  j["items"][1]["id"] = "bad";
  EXPECT_EQ(agree_page(dump(j)), R"(items[1].id: expected a UUID, got "bad")");
  j["total"] = "many";
  EXPECT_EQ(agree_page(dump(j)), "total: expected an integer, got string");
  j.erase("index");
  EXPECT_EQ(agree_page(dump(j)), "index: missing required field");
}

TEST(CodecSchema, RootMustBeAnObject) {
  for (const char* text : {"[]", "null", "1", "\"x\"", "true"}) {
    EXPECT_EQ(agree_page(text).rfind("expected an object, got ", 0), 0u) << text;
    EXPECT_EQ(agree_service(text).rfind("expected an object, got ", 0), 0u) << text;
  }
}

TEST(CodecSchema, UnknownFieldsIgnoredAtEveryLevel) {
  Json j = parse(fixture("page_hydrated.json"));
  const Json extra = parse(R"({"deep":[1,{"x":[null,true,"\u00e9"]}],"n":-1.5e-7})");
  j["zz_future"] = extra;
  for (auto& item : j["items"]) {
    item["zz"] = extra;
    item["body"]["zz"] = extra;
    item["body"]["service_type"]["zz"] = extra;
    if (item["metadata"].is_object()) item["metadata"]["zz"] = extra;
    item["resources"]["zz"] = extra;
    if (item["resources"]["user"].is_object()) item["resources"]["user"]["zz"] = extra;
  }
  EXPECT_EQ(agree_page(dump(j)), "");
  Json s = j["items"][0];
  EXPECT_EQ(agree_service(dump(s)), "");
}

TEST(CodecSchema, UnknownStateKeptRaw) {
  Json j = parse(fixture("service_created.json"));
  j["body"]["state"] = "warming_up";
  j["metadata"]["admin_state"] = "frozen";
  auto s = decode_service(dump(j));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->body->state->raw, "warming_up");
  EXPECT_EQ(s->body->state->kind(), ServiceStateKind::unknown);
  EXPECT_FALSE(s->body->state->known());
  EXPECT_EQ(s->metadata->admin_state->raw, "frozen");
  EXPECT_TRUE(validate_service(dump(j)));
}

TEST(CodecSchema, MissingNullableKeysReadAsNull) {
  const std::string minimal =
      R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"m","body":{"created":"2026-01-01T00:00:00",)"
      R"("updated":"2026-01-01T00:00:00","project_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6",)"
      R"("service_type":{"type":"t","flavor":"f"}},"metadata":{"config":{}}})";
  EXPECT_EQ(agree_service(minimal), "");
  auto s = decode_service(minimal);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->permission_denied);
  EXPECT_FALSE(s->body->user_id);
  EXPECT_FALSE(s->body->labels);
  EXPECT_FALSE(s->body->state);
  EXPECT_EQ(s->body->service_type.name, "");
  EXPECT_FALSE(s->metadata->status);
  EXPECT_FALSE(s->metadata->admin_state);
  EXPECT_FALSE(s->resources);
}

/// Every value of every fixture replaced by each JSON type (and removed): the validator and the
/// decoder must agree on each of the thousands of results, message for message.
TEST(CodecSchema, ValidatorAndDecoderAgreeOnEveryMutation) {
  const std::vector<Json> replacements = {nullptr,
                                          1,
                                          -2.5,
                                          "x",
                                          true,
                                          Json::array(),
                                          Json::object(),
                                          kUuid,
                                          "2026-01-01T00:00:00.5",
                                          parse(R"({"id":"x"})")};
  int cases = 0;
  for (const char* file :
       {"page_hydrated.json", "page_plain.json", "service_created.json", "service_updated.json"}) {
    const Json base = parse(fixture(file));
    const bool page = base.contains("items");
    std::vector<std::string> pointers;
    std::function<void(const Json&, const std::string&)> walk = [&](const Json& v,
                                                                    const std::string& at) {
      if (!at.empty()) pointers.push_back(at);
      if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) walk(it.value(), at + "/" + it.key());
      } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) walk(v[i], at + "/" + std::to_string(i));
      }
    };
    walk(base, "");
    for (const auto& p : pointers) {
      const Json::json_pointer ptr(p);
      for (std::size_t r = 0; r <= replacements.size(); ++r) {
        Json j = base;
        if (r == replacements.size()) {
          Json& parent = j[ptr.parent_pointer()];
          if (parent.is_object())
            parent.erase(ptr.back());
          else
            parent.erase(static_cast<std::size_t>(std::stoul(ptr.back())));
        } else {
          j[ptr] = replacements[r];
        }
        const std::string text = dump(j);
        if (page)
          agree_page(text);
        else
          agree_service(text);
        ++cases;
      }
    }
  }
  EXPECT_GT(cases, 2000);
}

// ---------------------------------------------------------------------------------------------
// Duplicate keys: the last one wins, as in JSON.parse and nlohmann
// ---------------------------------------------------------------------------------------------

TEST(CodecDuplicates, LastKeyWins) {
  const std::string svc = fixture_trimmed("service_created.json");
  const std::string tail = svc.substr(1);
  // a bad value followed by a good one: valid
  EXPECT_EQ(agree_service(R"({"id":5,"name":null,"body":[],)" + tail), "");
  // a good value followed by a bad one: invalid
  std::string bad = svc.substr(0, svc.size() - 1) + R"(,"id":"x"})";
  EXPECT_EQ(agree_service(bad), R"(id: expected a UUID, got "x")");
  auto s = decode_service(R"({"id":5,)" + tail);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->id, kUuid);

  // whole items array replaced
  const std::string page = fixture_trimmed("page_plain.json");
  EXPECT_EQ(agree_page(R"({"items":[1,2,3],)" + page.substr(1)), "");
  const std::string replaced = page.substr(0, page.size() - 1) + R"(,"items":[]})";
  EXPECT_EQ(agree_page(replaced), "");
  EXPECT_EQ(validate_page(replaced)->item_count, 0u);
  EXPECT_EQ(agree_page(page.substr(0, page.size() - 1) + R"(,"items":[7]})"),
            "items[0]: expected an object, got number");
  // nested: a broken metadata object replaced by null
  EXPECT_EQ(agree_service(svc.substr(0, svc.size() - 1) + R"(,"metadata":null})"), "");
  EXPECT_EQ(agree_service(R"({"metadata":{"config":1},)" + tail), "");
}

// The scanner first checks the key it expects next (servers write an object's keys in a fixed
// order); any other order, and a missing or bad field met out of order, must give the same verdict.
TEST(CodecSchema, KeyOrderDoesNotChangeTheVerdict) {
  const Json svc = parse(fixture("service_created.json"));
  auto reordered = [](const Json& j, bool reverse, int rotate) {
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
    if (reverse) std::reverse(keys.begin(), keys.end());
    std::rotate(keys.begin(), keys.begin() + (rotate % static_cast<int>(keys.size())), keys.end());
    std::string out = "{";
    for (const auto& k : keys)
      out += (out.size() > 1 ? "," : "") + Json(k).dump() + ":" + dump(j[k]);
    return out + "}";
  };
  for (int rot = 0; rot < 6; ++rot) {
    for (bool rev : {false, true}) {
      SCOPED_TRACE("rotate " + std::to_string(rot) + (rev ? " reversed" : ""));
      EXPECT_EQ(agree_service(reordered(svc, rev, rot)), "");
      Json no_id = svc;
      no_id.erase("id");
      EXPECT_EQ(agree_service(reordered(no_id, rev, rot)), "id: missing required field");
      Json bad_name = svc;
      bad_name["name"] = 1;
      EXPECT_EQ(agree_service(reordered(bad_name, rev, rot)),
                "name: expected a string, got number");
      Json bad_id = svc;
      bad_id["id"] = "x";
      EXPECT_EQ(agree_service(reordered(bad_id, rev, rot)), R"(id: expected a UUID, got "x")");
      Json body = svc;
      body["body"] = parse(reordered(svc["body"], rev, rot));
      EXPECT_EQ(agree_service(dump(body)), "");
    }
  }
}

// The scanner checks the key a server writes next with one comparison against the expected name
// (scanner.hpp, `object`). Everything near that case must read as before: keys
// that are a prefix or an extension of the expected one, the expected key escaped or followed by
// whitespace, whitespace anywhere, and UUIDs that are almost canonical.
TEST(CodecSchema, NearMissesOfTheExpectedKeyReadTheSame) {
  const std::string svc = dump(parse(fixture("service_created.json")));
  const Json j = parse(svc);
  const std::string id = j["id"].get<std::string>();
  const std::string tail = svc.substr(1);  // the fixture's members and its closing brace
  struct Case {
    std::string text;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {R"({"i":1,)" + tail, ""},                              // a prefix of "id": unknown
      {R"({"ids":1,)" + tail, ""},                            // an extension: unknown
      {R"({"id":")" + id + R"(",)" + tail, ""},               // "id" escaped, then the real one
      {R"({"id" :"x",)" + tail, ""},                          // whitespace before ':'
      {R"({ "id":"x"})", R"(id: expected a UUID, got "x")"},  // whitespace before the key
      {R"({"id": "x"})", R"(id: expected a UUID, got "x")"},  // whitespace after ':'
      {R"({"id":"x" })", R"(id: expected a UUID, got "x")"},  // whitespace before '}'
      {R"({"id":"x"})", R"(id: expected a UUID, got "x")"},
      {R"({"id":")" + id + R"("})", ""},
      {R"({"id":")" + id.substr(0, 35) + R"("})",
       R"(id: expected a UUID, got ")" + id.substr(0, 35) + R"(")"},
      {R"({"id":")" + id + R"(x"})", R"(id: expected a UUID, got ")" + id + R"(x")"},
      {R"({"id":")" + id.substr(0, 8) + "_" + id.substr(9) + R"("})",
       R"(id: expected a UUID, got ")" + id.substr(0, 8) + "_" + id.substr(9) + R"(")"},
      {R"({"id":")" + id.substr(0, 35) + R"(a"})", ""},  // an escaped digit is still a UUID
      {R"({"id":)", "invalid JSON at byte 6: unexpected end of input"},
      {R"({"id")", "invalid JSON at byte 5: unexpected end of input"},
      {R"({"id":")" + id, "invalid JSON at byte 43: unterminated string (in id)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text.substr(0, 120));
    EXPECT_EQ(agree_service(c.text), c.expect);
  }
  // The whole fixture pretty-printed (whitespace everywhere a server could put it) and compact.
  EXPECT_EQ(agree_service(j.dump(2)), "");
  EXPECT_EQ(agree_page(parse(fixture("page_hydrated.json")).dump(1, '\t')), "");
}

TEST(CodecDuplicates, LabelsLastKeyWinsAndSmallestBadKeyIsReported) {
  Json j = parse(fixture("service_created.json"));
  auto with_labels = [&](const std::string& labels) {
    std::string text = dump(j);
    const std::string from = R"("labels":{"team":"x"})";
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos);
    return text.replace(at, from.size(), R"("labels":)" + labels);
  };
  EXPECT_EQ(agree_service(with_labels(R"({"a":1,"a":"x"})")), "");
  EXPECT_EQ(agree_service(with_labels(R"({"a":"x","a":1})")),
            "body.labels.a: expected a string, got number");
  EXPECT_EQ(agree_service(with_labels(R"({"b":1,"a":2,"c":"x"})")),
            "body.labels.a: expected a string, got number");
  EXPECT_EQ(agree_service(with_labels(R"({"b":1,"a":2,"a":"ok"})")),
            "body.labels.b: expected a string, got number");
  EXPECT_EQ(agree_service(with_labels(R"({"\u0061":1,"a":"ok"})")), "");
  EXPECT_EQ(agree_service(with_labels(R"({"\u00e9":1})")),
            "body.labels[\"\xC3\xA9\"]: expected a string, got number");
  auto s = decode_service(with_labels(R"({"a":1,"a":"x","b":"y"})"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->body->labels.value(), (Labels{{"a", "x"}, {"b", "y"}}));
}

TEST(CodecDuplicates, EscapedKeysAndValuesAreDecodedBeforeMatching) {
  std::string svc = fixture("service_created.json");
  // "\u0069d" is "id", "n\u0061me" is "name"; the UUID value is written with escapes
  std::string text =
      R"({"\u0069d":"\u0033fa85f64-5717-4562-b3fc-2c963f66afa6","n\u0061me":"\u00fc",)" +
      svc.substr(1);
  // drop the plain "id"/"name" so the escaped keys are the only ones
  for (std::string_view k :
       {R"("id":"3fa85f64-5717-4562-b3fc-2c963f66afa6",)", R"("name":"svc-a",)"}) {
    text.erase(text.find(k, 60), k.size());
  }
  EXPECT_EQ(agree_service(text), "");
  auto s = decode_service(text);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "\xC3\xBC");
  const std::string missing = R"({"\u0069d ":"x",)" + svc.substr(svc.find(R"("name")"));
  EXPECT_EQ(agree_service(missing), "id: missing required field");
  std::string ts = svc;
  ts.replace(ts.find("2026-09-12T11:52:44.045303"), 4, "\\u0032026");
  EXPECT_EQ(agree_service(ts), "");
}

// ---------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------

TEST(CodecTimestamps, EpochMillisecondsExact) {
  const std::pair<const char*, double> cases[] = {
      {"1970-01-01T00:00:00", 0.0},
      {"2026-09-12T11:52:44.045303", 1789213964045.0},
      {"2026-09-12T11:52:44", 1789213964000.0},
      {"2026-09-12T12:00:01.5", 1789214401500.0},
      {"2026-01-31T13:00:00.1", 1769864400100.0},
      {"2026-01-31T13:00:00.000001", 1769864400000.0},
      {"1969-12-31T23:59:59.999", -1.0},
      {"2024-02-29T23:59:59.999999", 1709251199999.0},
      {"2026-09-12T11:52:44Z", 1789213964000.0},
      {"2026-09-12T11:52:44+00:00", 1789213964000.0},
      {"2026-09-12T11:52:44-00:00", 1789213964000.0},
      {"2026-09-12T11:52:44+02:00", 1789206764000.0},
      {"2026-09-12T11:52:44.5-05:30", 1789233764500.0},
      {"0001-01-01T00:00:00", -62135596800000.0},
      {"9999-12-31T23:59:59.999999", 253402300799999.0},
  };
  for (const auto& [text, ms] : cases) {
    const auto got = detail::parse_timestamp_ms(text);
    ASSERT_TRUE(got) << text;
    EXPECT_EQ(*got, ms) << text;
    Json j = parse(fixture("service_created.json"));
    j["body"]["created"] = text;
    EXPECT_EQ(agree_service(dump(j)), "") << text;
    auto s = decode_service(dump(j));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->body->created->epoch_ms, ms) << text;
    EXPECT_EQ(s->body->created->text, text);
  }
}

TEST(CodecTimestamps, OtherShapesRejected) {
  for (const char* text : {"",
                           "2026-09-12",
                           "2026-09-12 11:52:44",
                           "2026-09-12t11:52:44",
                           "2026-9-12T11:52:44",
                           "2026-09-12T11:52:4",
                           "2026-09-12T11:52:44.",
                           "2026-09-12T11:52:44.1234567",
                           "2026-09-12T24:00:00",
                           "2026-09-12T11:60:00",
                           "2026-09-12T11:52:60",
                           "2026-13-01T00:00:00",
                           "2026-00-01T00:00:00",
                           "2026-04-31T00:00:00",
                           "2023-02-29T00:00:00",
                           "1900-02-29T00:00:00",
                           "0000-01-01T00:00:00",
                           "2026-09-12T11:52:44+0200",
                           "2026-09-12T11:52:44+24:00",
                           "2026-09-12T11:52:44+02:60",
                           "2026-09-12T11:52:44Z ",
                           "2026-09-12T11:52:44z",
                           "2026-09-12T11:52:44.5Zx",
                           "+2026-09-12T11:52:44",
                           " 2026-09-12T11:52:44",
                           "2026-09-12T11:52:44.-5",
                           "2026-09-12T11:52:44,5"}) {
    EXPECT_FALSE(detail::parse_timestamp_ms(text)) << text;
    Json j = parse(fixture("service_created.json"));
    j["body"]["updated"] = text;
    EXPECT_EQ(agree_service(dump(j)).rfind("body.updated: expected an ISO-8601 timestamp, got ", 0),
              0u)
        << text;
  }
  EXPECT_TRUE(detail::parse_timestamp_ms("2000-02-29T00:00:00"));
}

// ---------------------------------------------------------------------------------------------
// Syntax, UTF-8, numbers
// ---------------------------------------------------------------------------------------------

TEST(CodecSyntax, ErrorsCarryTheByteOffset) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({"index":1,)", "invalid JSON at byte 11: unexpected end of input"},
      {R"({"index":tru})", "invalid JSON at byte 9: invalid literal"},
      {R"({"index":1 "total":2})", "invalid JSON at byte 11: expected ',' or '}'"},
      {R"({"index":1,})", "invalid JSON at byte 11: expected a string key"},
      {R"({"index" 1})", "invalid JSON at byte 9: expected ':'"},
      {R"({"items":[1 2]})", "invalid JSON at byte 12: expected ',' or ']' (in items)"},
      {R"({"items":[1,]})", "invalid JSON at byte 12: unexpected character (in items[1])"},
      {"{} x", "invalid JSON at byte 3: unexpected data after the JSON value"},
      {"", "invalid JSON at byte 0: unexpected end of input"},
      {"  \n", "invalid JSON at byte 3: unexpected end of input"},
      {R"({"a":"b)", "invalid JSON at byte 7: unterminated string"},
      {R"({"a":"\x"})", "invalid JSON at byte 6: invalid escape"},
      {R"({"a":"\u12"})", "invalid JSON at byte 6: invalid \\u escape"},
      {R"({"a":"\ud800"})", "invalid JSON at byte 6: unpaired surrogate in \\u escape"},
      {R"({"a":"\udc00\ud800"})", "invalid JSON at byte 6: unpaired surrogate in \\u escape"},
      {R"({"a":"\ud800\u0041"})", "invalid JSON at byte 6: unpaired surrogate in \\u escape"},
      {"{\"a\":\"\t\"}", "invalid JSON at byte 6: control character in string"},
      {R"({"a":01})", "invalid JSON at byte 6: expected ',' or '}'"},
      {R"({"a":-})", "invalid JSON at byte 6: invalid number"},
      {R"({"a":1.})", "invalid JSON at byte 7: invalid number"},
      {R"({"a":1e+})", "invalid JSON at byte 8: invalid number"},
      {R"({"a":+1})", "invalid JSON at byte 5: unexpected character"},
      {R"({"a":.5})", "invalid JSON at byte 5: unexpected character"},
      {R"({"a":NaN})", "invalid JSON at byte 5: unexpected character"},
      {R"({"a":[1,2})", "invalid JSON at byte 9: expected ',' or ']'"},
      {R"({"metadata":{"config":{"a":[}}})", "invalid JSON at byte 28: unexpected character"},
  };
  for (const auto& [text, message] : cases) {
    auto v = validate_page(text);
    ASSERT_FALSE(v) << text;
    EXPECT_EQ(v.error().code, ErrorCode::bad_response);
    EXPECT_EQ(v.error().message.substr(0, message.size()), message) << text;
    auto d = decode_page(text);
    ASSERT_FALSE(d) << text;
    EXPECT_EQ(d.error().message.rfind("invalid JSON", 0), 0u) << d.error().message;
    EXPECT_FALSE(validate_service(text));
    EXPECT_FALSE(decode_service(text));
  }
}

TEST(CodecSyntax, SyntaxErrorAfterASchemaErrorWins) {
  // JSON.parse would throw on this text, so that is the error to report
  EXPECT_EQ(validate_page(R"({"index":"1","total":)").error().message,
            "invalid JSON at byte 21: unexpected end of input");
  EXPECT_TRUE(is_syntax(agree_page(R"({"items":[5], "x": [})")));
}

TEST(CodecSyntax, ByteOrderMarkAndNul) {
  const std::string page = fixture("page_plain.json");
  EXPECT_EQ(agree_page("\xEF\xBB\xBF" + page), "");
  EXPECT_TRUE(is_syntax(agree_page("\xEF\xBB" + page)));
  std::string nul = page;
  nul.push_back('\0');
  EXPECT_TRUE(is_syntax(agree_page(nul)));
  EXPECT_TRUE(is_syntax(agree_page(nul + "garbage")));
  EXPECT_EQ(validate_page(std::string("\0", 1)).error().message,
            "invalid JSON at byte 0: unexpected character");
}

TEST(CodecSyntax, InvalidUtf8Rejected) {
  const std::string svc = fixture("service_created.json");
  const auto at = svc.find("svc-a");
  const char* bad[] = {
      "\x80",              // lone continuation byte
      "\xC0\x80",          // overlong NUL
      "\xC1\xBF",          // overlong
      "\xE0\x80\x80",      // overlong 3-byte
      "\xE0\x9F\xBF",      // overlong 3-byte
      "\xED\xA0\x80",      // UTF-16 surrogate encoded in UTF-8
      "\xF0\x8F\xBF\xBF",  // overlong 4-byte
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xF5\x80\x80\x80",  // invalid lead byte
      "\xFF",              // invalid byte
      "\xC3",              // truncated before the quote
      "\xE2\x82",          // truncated
      "\xF0\x9F\x8C",      // truncated
      "\xC3\x28",          // bad continuation
  };
  for (const char* b : bad) {
    std::string text = svc;
    text.insert(at, b);
    const std::string m = agree_service(text);
    EXPECT_NE(m.find("invalid UTF-8 in string"), std::string::npos) << m;
    EXPECT_FALSE(validate_page(R"({"x":")" + std::string(b) + R"("})"));
  }
  const char* good[] = {"\xC2\x80",         "\xDF\xBF",         "\xE0\xA0\x80",
                        "\xED\x9F\xBF",     "\xEE\x80\x80",     "\xEF\xBF\xBF",
                        "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xE2\x9C\x93"};
  for (const char* g : good) {
    std::string text = svc;
    text.insert(at, g);
    EXPECT_EQ(agree_service(text), "");
  }
  // the UTF-8 check also covers keys and free-form values
  std::string in_config = svc;
  in_config.insert(svc.find("nonce"), "\xFE");
  EXPECT_TRUE(is_syntax(agree_service(in_config)));
}

TEST(CodecSyntax, NumbersAndHugeNumbers) {
  const std::string svc = fixture("service_created.json");
  auto with_config_value = [&](const std::string& v) {
    std::string text = svc;
    const std::string from = R"("nonce":"n-0001")";
    return text.replace(text.find(from), from.size(), R"("nonce":)" + v);
  };
  for (const char* ok : {"0", "-0", "1.5e-3", "1E+2", "-12.25E2", "1e308", "1.7976931348623157e308",
                         "-1.7976931348623157e308", "1e-400", "0e999999999999", "0.0000e99999",
                         "123456789012345678901234567890", "0.00000000000000000000000000001e330",
                         "18446744073709551616", "-9223372036854775809"}) {
    EXPECT_EQ(agree_service(with_config_value(ok)), "") << ok;
  }
  const std::string digits400 = "1" + std::string(400, '0');
  for (const std::string& bad :
       {std::string("1e309"), std::string("-1e309"), std::string("1.7976931348623159e308"),
        std::string("1e99999999999999999999"), digits400, "0." + digits400 + "e310",
        std::string("10e308")}) {
    const std::string m = agree_service(with_config_value(bad));
    EXPECT_TRUE(is_syntax(m)) << bad << ": " << m;
    EXPECT_NE(validate_service(with_config_value(bad)).error().message.find("number out of range"),
              std::string::npos);
  }
  // page integers: int64 exactly
  Json j = parse(fixture("page_empty.json"));
  const std::string base = dump(j);
  auto with_total = [&](const std::string& v) {
    std::string text = base;
    const std::string from = R"("total":0)";
    return text.replace(text.find(from), from.size(), R"("total":)" + v);
  };
  EXPECT_EQ(agree_page(with_total("9223372036854775807")), "");
  EXPECT_EQ(validate_page(with_total("9223372036854775807"))->total, INT64_MAX);
  EXPECT_EQ(agree_page(with_total("-9223372036854775808")), "");
  EXPECT_EQ(decode_page(with_total("-9223372036854775808"))->total, INT64_MIN);
  EXPECT_EQ(agree_page(with_total("-0")), "");
  for (const char* bad : {"9223372036854775808", "-9223372036854775809", "18446744073709551615",
                          "18446744073709551616", "1e2", "1.0", "123456789012345678901234567890"}) {
    EXPECT_EQ(agree_page(with_total(bad)), "total: expected an integer, got number") << bad;
  }
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

TEST(CodecLimits, DeepNestingIsACleanError) {
  const std::string deep(100000, '[');
  for (const std::string& text : {deep, "{\"items\":" + deep, deep + std::string(100000, ']')}) {
    auto v = validate_page(text);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code, ErrorCode::bad_response);
    EXPECT_NE(v.error().message.find("nesting too deep (max_depth 256)"), std::string::npos)
        << v.error().message;
    auto d = decode_page(text);
    ASSERT_FALSE(d);
    EXPECT_NE(d.error().message.find("nesting too deep"), std::string::npos) << d.error().message;
    EXPECT_FALSE(validate_service(text));
    EXPECT_FALSE(decode_service(text));
    EXPECT_FALSE(decode_delete(text));
  }
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  EXPECT_NE(validate_service(objects).error().message.find("nesting too deep"), std::string::npos);
  EXPECT_NE(decode_service(objects).error().message.find("nesting too deep"), std::string::npos);
}

TEST(CodecLimits, DepthLimitIsExact) {
  // page{1} items[2] item{3} metadata{4} config{5}: k arrays inside config reach depth 5 + k
  Json j = parse(fixture("page_hydrated.json"));
  const std::string base = dump(j);
  auto nest = [&](int k) {
    std::string text = base;
    const std::string from = R"("nonce":"a-1")";
    return text.replace(text.find(from), from.size(),
                        R"("nonce":)" + std::string(static_cast<std::size_t>(k), '[') +
                            std::string(static_cast<std::size_t>(k), ']'));
  };
  EXPECT_EQ(agree_page(nest(251)), "");
  EXPECT_TRUE(is_syntax(agree_page(nest(252))));
  // the fixture itself reaches depth 7 (items[0].metadata.config.nested.list)
  DecodeLimits small;
  small.max_depth = 7;
  EXPECT_EQ(agree_page(base, small), "");
  small.max_depth = 6;
  EXPECT_TRUE(is_syntax(agree_page(base, small)));
}

TEST(CodecLimits, LargeDepthLimitStillIterative) {
  DecodeLimits big;
  big.max_depth = 200000;  // beyond the scanner's inline depth stack
  Json j = parse(fixture("service_created.json"));
  std::string text = dump(j);
  const std::string from = R"("nonce":"n-0001")";
  text.replace(text.find(from), from.size(),
               R"("nonce":)" + std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_TRUE(validate_service(text, big));
  auto d = decode_service_with_limits(text, big);
  EXPECT_TRUE(d);
  EXPECT_FALSE(validate_service(text));  // default limit
}

TEST(CodecLimits, MaxBytes) {
  const std::string page = fixture("page_plain.json");
  DecodeLimits small;
  small.max_bytes = page.size() - 1;
  for (const auto& m : {validate_page(page, small).error().message,
                        decode_page_with_limits(page, small).error().message,
                        validate_service(page, small).error().message}) {
    EXPECT_EQ(m, "response of " + std::to_string(page.size()) + " bytes exceeds max_bytes (" +
                     std::to_string(page.size() - 1) + ")");
  }
  small.max_bytes = page.size();
  EXPECT_TRUE(validate_page(page, small));
  EXPECT_TRUE(decode_page_with_limits(page, small));
}

TEST(CodecLimits, EveryPrefixFailsCleanly) {
  const std::string page = fixture("page_hydrated.json");
  for (std::size_t n = 0; n < page.size(); ++n) {
    const std::string prefix = page.substr(0, n);
    if (n + 2 < page.size()) {  // all but the final "}\n" region are truncated JSON
      EXPECT_FALSE(validate_page(prefix)) << n;
    }
    agree_page(prefix);
  }
}

TEST(CodecNamedEntity, IdAndNameChecked) {
  EXPECT_TRUE(validate_named_entity(
      R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"default","body":{}})"));
  EXPECT_EQ(validate_named_entity("[]").error().message, "expected an object, got array");
  EXPECT_EQ(validate_named_entity(R"({"name":"x"})").error().message, "id: missing required field");
  // The words of the page and service readers (detail/messages.hpp), not a wording of its own.
  EXPECT_EQ(validate_named_entity(R"({"id":"nope","name":"x"})").error().message,
            R"(id: expected a UUID, got "nope")");
  EXPECT_EQ(validate_named_entity(R"({"id":7,"name":"x"})").error().message,
            "id: expected a UUID string, got number");
  EXPECT_EQ(
      validate_named_entity(R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6"})").error().message,
      "name: missing required field");
  EXPECT_EQ(validate_named_entity(R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":1})")
                .error()
                .message,
            "name: expected a string, got number");
  EXPECT_EQ(validate_named_entity(R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":1})")
                .error()
                .code,
            ErrorCode::bad_response);
  EXPECT_EQ(validate_named_entity("{").error().code, ErrorCode::bad_response);
}

// The normalising edits of an older release's text: applied at their offsets in the original,
// whatever order they were collected in, and those at one offset in the order given.
TEST(CodecNormalise, InsertionsApplyInOffsetOrderKeepingTheirOrderAtOneOffset) {
  EXPECT_EQ(apply_insertions("abcdef", {}), "abcdef");
  EXPECT_EQ(apply_insertions("abcdef", {{6, "<end>"}, {0, "<0>"}, {3, "<3a>"}, {3, "<3b>"}}),
            "<0>abc<3a><3b>def<end>");
  // many edits in reverse order, several per offset: the result of a stable sort
  Insertions edits;
  std::string text(200, '.');
  for (int i = 199; i >= 0; --i) {
    for (int k = 0; k < 3; ++k) {
      edits.push_back({static_cast<std::size_t>(i), std::to_string(i) + char('a' + k)});
    }
  }
  std::string expect;
  for (int i = 0; i < 200; ++i)
    expect += std::to_string(i) + "a" + std::to_string(i) + "b" + std::to_string(i) + "c.";
  EXPECT_EQ(apply_insertions(text, edits), expect);
}
