// Caller input as JSON (what the JS facade passes) -> requests, updates, client config.
#include "zenml/input.hpp"

#include <gtest/gtest.h>

#include "zenml/encode.hpp"

using namespace zenml;

namespace {
OrderedJson j(const char* text) { return OrderedJson::parse(text, nullptr, false); }
std::string msg_of(const Error& e) { return e.message; }
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
  EXPECT_TRUE(service_request_from_json(j(base)).ok());
  struct Case { const char* json; const char* needle; };
  for (const Case& c : {
           Case{"[]", "expected an object"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f"},"cofnig":{}})", "service.cofnig: unknown field"},
           Case{R"({"service_type":{"type":"t","flavor":"f"}})", "service.name: is required"},
           Case{R"({"name":"n"})", "service.service_type: is required"},
           Case{R"({"name":"n","service_type":"t"})", "service.service_type: expected an object"},
           Case{R"({"name":"n","service_type":{"type":"t"}})", "service.service_type.flavor"},
           Case{R"({"name":"n","service_type":{"type":"","flavor":"f"}})", "service.service_type.type"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f","x":1}})", "service.service_type.x: unknown"},
           Case{R"({"name":5,"service_type":{"type":"t","flavor":"f"}})", "service.name: expected a string, got a number"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f"},"labels":{"a":1}})", "service.labels.a"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f"},"labels":[]})", "service.labels: expected an object"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f"},"admin_state":"running"})", "not a service state"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f"},"config":[]})", "service.config: expected an object"},
           Case{R"({"name":"n","service_type":{"type":"t","flavor":"f"},"status":"up"})", "service.status"},
       }) {
    auto r = service_request_from_json(j(c.json));
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(msg_of(r.error()).find(c.needle), std::string::npos) << c.json << " -> " << r.error().message;
  }
  std::string long_name(256, 'n');
  auto r = service_request_from_json(OrderedJson{{"name", long_name}, {"service_type", {{"type", "t"}, {"flavor", "f"}}}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("at most 255"), std::string::npos);
}

TEST(ServiceUpdateInput, OnlyGivenFieldsAndNoAccidentalClears) {
  auto u = service_update_from_json(j(R"({"admin_state":"inactive","labels":{"k":"v"}})"));
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_FALSE(u->name);
  EXPECT_EQ(u->admin_state->raw, "inactive");
  auto body = encode_update(*u);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(OrderedJson::parse(*body), j(R"({"admin_state":"inactive","labels":{"k":"v"}})"));

  for (const char* bad : {R"({"labels":null})", R"({"labels":{}})", R"({"status":{}})", R"({"endpoint":{}})",
                          R"({})", R"({"config":{"a":1}})", R"({"name":""})", R"({"admin_state":"ACTIVE"})",
                          R"({"project":"x"})", "null", R"({"labels":{"a":true}})"}) {
    auto r = service_update_from_json(j(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << bad;
  }
  EXPECT_NE(service_update_from_json(j(R"({"labels":{}})")).error().message.find("clearServiceFields"), std::string::npos);
  EXPECT_NE(service_update_from_json(j(R"({"name":null})")).error().message.find("unchanged"), std::string::npos);
  // {} is refused only where it clears; an empty config-like object elsewhere is a value
  EXPECT_TRUE(service_update_from_json(j(R"({"name":"n2","prediction_url":"http://x"})")).ok());
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
}

TEST(ClientConfigInput, ReadsOptionsAndRefusesNonsense) {
  auto c = client_config_from_json(j(R"({"baseUrl":"http://h:1","token":"t","csrfToken":"c",
                                          "timeoutMs":500,"retries":0,"credentials":"include"})"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->base_url, "http://h:1");
  EXPECT_EQ(c->token, "t");
  EXPECT_EQ(c->csrf_token, "c");
  EXPECT_DOUBLE_EQ(*c->timeout_ms, 500);
  EXPECT_EQ(*c->retries, 0);
  EXPECT_TRUE(c->with_credentials);
  EXPECT_FALSE(client_config_from_json(j(R"({"baseUrl":"http://h","credentials":"omit"})"))->with_credentials);
  for (const char* bad : {R"({})", R"([])", R"({"baseUrl":1})", R"({"baseUrl":"http://h","timeoutMs":-1})",
                          R"({"baseUrl":"http://h","timeoutMs":"5"})", R"({"baseUrl":"http://h","retries":1.5})",
                          R"({"baseUrl":"http://h","retries":11})", R"({"baseUrl":"http://h","credentials":"yes"})",
                          R"({"baseUrl":"http://h","baseURL":"x"})"}) {
    auto r = client_config_from_json(j(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << bad;
  }
}

TEST(ClientConfigInput, TokensMustBeSingleHeaderValues) {
  for (const char* bad : {R"({"baseUrl":"http://h","token":"a\nX-Evil: 1"})", R"({"baseUrl":"http://h","token":"a b"})",
                          R"({"baseUrl":"http://h","csrfToken":"\u00fc"})"}) {
    auto r = client_config_from_json(j(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("printable ASCII"), std::string::npos);
  }
  EXPECT_EQ(client_config_from_json(j(R"({"baseUrl":"http://h","token":"abc\n"})"))->token, "abc");
}
