// Request encoding (encode.hpp): the bodies of POST/PUT /api/v1/services and the login form.
#include "zenml/encode.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace zenml;

namespace {

Json parse(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded());
  return j;
}

const char* kUuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

}  // namespace

TEST(CodecEncode, UpdateSendsOnlySetFields) {
  ServiceUpdate u;
  EXPECT_EQ(encode_update(u).error().message, "nothing to update");
  EXPECT_EQ(encode_update(u).error().code, ErrorCode::invalid_argument);

  u.name = "renamed";
  EXPECT_EQ(encode_update(u).value(), R"({"name":"renamed"})");

  ServiceUpdate l;
  l.labels = Labels{{"team", "x"}, {"a", "b"}};
  EXPECT_EQ(encode_update(l).value(), R"({"labels":{"a":"b","team":"x"}})");

  ServiceUpdate all;
  all.name = "n";
  all.admin_state = ServiceState{"active"};
  all.service_source = "src";
  all.status = parse(R"({"state":"pending_startup","x":1})");
  all.endpoint = parse(R"({"port":1})");
  all.prediction_url = "http://p";
  all.health_check_url = "http://h";
  all.labels = Labels{};
  all.model_version_id = kUuid;
  auto text = encode_update(all);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(parse(*text), parse(R"({"name":"n","admin_state":"active","service_source":"src",
      "status":{"state":"pending_startup","x":1},"endpoint":{"port":1},"prediction_url":"http://p",
      "health_check_url":"http://h","labels":{},"model_version_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6"})"));
}

TEST(CodecEncode, UpdateClears) {
  ServiceUpdate u;
  u.clear_labels();
  EXPECT_EQ(encode_update(u).value(), R"({"labels":{}})");
  u.clear_status().clear_endpoint();
  EXPECT_EQ(encode_update(u).value(), R"({"labels":{},"status":{},"endpoint":{}})");

  ServiceUpdate both;
  both.labels = Labels{{"a", "b"}};
  both.clear_labels();
  EXPECT_EQ(encode_update(both).error().message, "labels: both set and cleared");
  ServiceUpdate s;
  s.status = Json::object();
  s.clear_status();
  EXPECT_EQ(encode_update(s).error().code, ErrorCode::invalid_argument);
  ServiceUpdate e;
  e.endpoint = Json::object();
  e.clear_endpoint();
  EXPECT_EQ(encode_update(e).error().message, "endpoint: both set and cleared");
}

TEST(CodecEncode, UpdateChecksTheServerRules) {
  auto err = [](ServiceUpdate u) { return encode_update(u).error().message; };
  ServiceUpdate u;
  u.admin_state = ServiceState{"bogus"};
  EXPECT_EQ(err(u).rfind(R"(admin_state: "bogus" is not a ServiceState the server accepts)", 0), 0u)
      << err(u);
  u.admin_state = ServiceState{"scaled_to_zero"};
  EXPECT_TRUE(encode_update(u));

  ServiceUpdate n;
  std::string name;
  for (int i = 0; i < 255; ++i) name += "\xC3\xBC";  // 255 characters, 510 bytes
  n.name = name;
  EXPECT_TRUE(encode_update(n));
  n.name = name + "x";
  EXPECT_EQ(err(n), "name: 256 characters (Unicode code points); the server allows at most 255");
  n.name = "";
  EXPECT_TRUE(encode_update(n));

  ServiceUpdate st;
  st.status = parse(R"({"state":"bogus"})");
  EXPECT_EQ(err(st).rfind(R"(status.state: "bogus" is not a ServiceState)", 0), 0u);
  st.status = parse(R"({"state":1})");
  EXPECT_EQ(err(st), "status.state: expected a string or null, got number");
  st.status = parse(R"({"state":null})");
  EXPECT_TRUE(encode_update(st));
  st.status = Json(nullptr);
  EXPECT_EQ(err(st), "status: expected an object, got null");
  st.status = Json::array();
  EXPECT_EQ(err(st), "status: expected an object, got array");

  ServiceUpdate ep;
  ep.endpoint = Json("x");
  EXPECT_EQ(err(ep), "endpoint: expected an object, got string");
  Json deep = Json::object();
  Json* cur = &deep;
  for (int i = 0; i < 300; ++i) cur = &((*cur)["a"] = Json::object());
  ep.endpoint = deep;
  EXPECT_EQ(err(ep), "endpoint: nested deeper than 248 levels");

  ServiceUpdate mv;
  mv.model_version_id = "nope";
  EXPECT_EQ(err(mv), R"(model_version_id: expected a UUID, got "nope")");
}

TEST(CodecEncode, InvalidUtf8IsReplacedNotFatal) {
  ServiceUpdate u;
  u.name =
      "a\xFF"
      "b";
  u.labels = Labels{{"k\xC3", "v\x80"}};
  auto text = encode_update(u);
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("a\xEF\xBF\xBD"
                       "b"),
            std::string::npos)
      << *text;
  EXPECT_FALSE(parse(*text).is_discarded());
}

ServiceRequest sample_request() {
  ServiceRequest r;
  r.project = "0d8c9b7a-6e5f-4d3c-9b2a-1f0e9d8c7b6a";
  r.name = "svc-a";
  r.service_type = ServiceType{"model-serving", "test", "", "", ""};
  r.config = parse(R"({"pipeline_name":"p1","pipeline_step_name":"s1","nonce":"n"})");
  return r;
}

TEST(CodecEncode, Request) {
  ServiceRequest r = sample_request();
  EXPECT_EQ(parse(encode_request(r)),
            parse(R"({"project":"0d8c9b7a-6e5f-4d3c-9b2a-1f0e9d8c7b6a","name":"svc-a",
      "service_type":{"type":"model-serving","flavor":"test"},
      "config":{"pipeline_name":"p1","pipeline_step_name":"s1","nonce":"n"}})"));
  r.labels = Labels{{"team", "x"}};
  r.status = parse(R"({"state":"active"})");
  r.admin_state = ServiceState{"active"};
  r.service_type.logo_url = "http://logo";
  r.pipeline_run_id = kUuid;
  const Json j = parse(encode_request(r));
  EXPECT_EQ(j["labels"], parse(R"({"team":"x"})"));
  EXPECT_EQ(j["status"]["state"], "active");
  EXPECT_EQ(j["admin_state"], "active");
  EXPECT_EQ(j["service_type"]["logo_url"], "http://logo");
  EXPECT_EQ(j["pipeline_run_id"], kUuid);
  EXPECT_FALSE(j.contains("endpoint"));
  EXPECT_FALSE(j.contains("model_version_id"));
  EXPECT_EQ(encode_request_checked(r).value(), encode_request(r));
}

TEST(CodecEncode, RequestChecked) {
  auto err = [](const ServiceRequest& r) { return encode_request_checked(r).error().message; };
  ServiceRequest r = sample_request();
  r.project = "default";
  EXPECT_EQ(err(r), R"(project: expected a UUID, got "default")");
  r = sample_request();
  r.name = "";
  EXPECT_TRUE(encode_request_checked(r));  // ZenML accepts "" (tests/live), as on update
  r.name = std::string(256, 'n');
  EXPECT_EQ(err(r), "name: 256 characters (Unicode code points); the server allows at most 255");
  r = sample_request();
  r.service_type.type = "";
  EXPECT_EQ(err(r), "service_type.type: must not be empty");
  r = sample_request();
  r.service_type.flavor = "";
  EXPECT_EQ(err(r), "service_type.flavor: must not be empty");
  r = sample_request();
  r.config = Json::array();
  EXPECT_EQ(err(r), "config: expected an object, got array");
  r = sample_request();
  r.admin_state = ServiceState{"on"};
  EXPECT_EQ(err(r).rfind(R"(admin_state: "on" is not a ServiceState)", 0), 0u);
  r = sample_request();
  r.status = parse(R"({"state":"running"})");
  EXPECT_EQ(err(r).rfind(R"(status.state: "running" is not a ServiceState)", 0), 0u);
  r = sample_request();
  r.endpoint = Json(1);
  EXPECT_EQ(err(r), "endpoint: expected an object, got number");
  r = sample_request();
  r.model_version_id = "x";
  EXPECT_EQ(err(r), R"(model_version_id: expected a UUID, got "x")");
  r = sample_request();
  r.pipeline_run_id = "";
  EXPECT_EQ(err(r), R"(pipeline_run_id: expected a UUID, got "")");
  EXPECT_EQ(encode_request_checked(r).error().code, ErrorCode::invalid_argument);
}

TEST(CodecEncode, Form) {
  EXPECT_EQ(encode_form({{"grant_type", "password"}, {"username", "default"}, {"password", ""}}),
            "grant_type=password&username=default&password=");
  EXPECT_EQ(encode_form({{"password", "p&ss w=rd+\xC3\xBC"}}), "password=p%26ss%20w%3Drd%2B%C3%BC");
}
