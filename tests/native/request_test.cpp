// Request builders: method, path, query and body per endpoint; ids can never inject.
#include "zenml/request.hpp"

#include <gtest/gtest.h>

using namespace zenml;

namespace {
constexpr const char* kId = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
}

TEST(IsUuid, CanonicalFormOnly) {
  EXPECT_TRUE(is_uuid(kId));
  EXPECT_TRUE(is_uuid("3FA85F64-5717-4562-B3FC-2C963F66AFA6"));
  for (const char* bad :
       {"", "3fa85f6457174562b3fc2c963f66afa6", "3fa85f64-5717-4562-b3fc-2c963f66afa",
        "3fa85f64-5717-4562-b3fc-2c963f66afa6/", "3fa85f64_5717-4562-b3fc-2c963f66afa6",
        "g fa85f64-5717-4562-b3fc-2c963f66afa6", "../../../../../../../../../../../../.."}) {
    EXPECT_FALSE(is_uuid(bad)) << bad;
  }
}

TEST(Requests, ServiceEndpoints) {
  auto get = requests::get_service(kId);
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->method, "GET");
  EXPECT_EQ(get->target(), std::string("/api/v1/services/") + kId + "?hydrate=true");
  EXPECT_EQ(requests::get_service(kId, false)->target(),
            std::string("/api/v1/services/") + kId + "?hydrate=false");

  auto del = requests::delete_service(kId);
  EXPECT_EQ(del->method, "DELETE");
  EXPECT_EQ(del->target(), std::string("/api/v1/services/") + kId);
  EXPECT_TRUE(del->idempotent());

  ServiceUpdate u;
  u.name = "x";
  auto put = requests::update_service(kId, u);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->method, "PUT");
  EXPECT_EQ(put->body, R"({"name":"x"})");
  EXPECT_EQ(*find_header(put->headers, "content-type"), "application/json");
  EXPECT_FALSE(requests::update_service(kId, ServiceUpdate{}).ok());

  ServiceFilter f;
  f.name.push_back(Condition::parse("x&y=z"));
  f.page = 2;
  auto list = requests::list_services(f);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->target().rfind("/api/v1/services?", 0), 0u);
  EXPECT_NE(list->target().find("name=x%26y%3Dz"), std::string::npos) << list->target();
  f.size = 0;
  EXPECT_EQ(requests::list_services(f).error().code, ErrorCode::invalid_argument);
}

TEST(Requests, CreateCarriesProjectQueryWhenGiven) {
  ServiceRequest r;
  r.project = kId;
  r.name = "svc";
  r.service_type = {"model-serving", "test", "", "", ""};
  auto post = requests::create_service(r);
  ASSERT_TRUE(post.ok()) << post.error().message;
  EXPECT_EQ(post->method, "POST");
  EXPECT_FALSE(post->idempotent());
  EXPECT_EQ(post->target(), "/api/v1/services");
  auto named = requests::create_service(r, std::string("my project/x"));
  EXPECT_EQ(named->target(), "/api/v1/services?project_name_or_id=my%20project%2Fx");
  EXPECT_EQ(requests::create_service(r, std::string()).error().code, ErrorCode::invalid_argument);
  r.project = "not-a-uuid";
  EXPECT_EQ(requests::create_service(r).error().code, ErrorCode::invalid_argument);
}

TEST(Requests, BadIdsNeverReachAPath) {
  for (const char* bad :
       {"", "..", "../login", "x?hydrate=false", "3fa85f64-5717-4562-b3fc-2c963f66afa6/..",
        "3fa85f64-5717-4562-b3fc-2c963f66afa6#"}) {
    EXPECT_EQ(requests::get_service(bad).error().code, ErrorCode::invalid_argument) << bad;
    EXPECT_EQ(requests::delete_service(bad).error().code, ErrorCode::invalid_argument) << bad;
    EXPECT_EQ(requests::update_service(bad, ServiceUpdate{}.clear_labels()).error().code,
              ErrorCode::invalid_argument)
        << bad;
  }
  EXPECT_NE(requests::get_service("nope").error().message.find("not a UUID"), std::string::npos);
}

TEST(Requests, LoginIsFormEncoded) {
  auto pw = requests::login_password("ad min", "p&=+%");
  ASSERT_TRUE(pw.ok());
  EXPECT_EQ(pw->method, "POST");
  EXPECT_EQ(pw->path, "/api/v1/login");
  EXPECT_EQ(*find_header(pw->headers, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(pw->body, "grant_type=password&username=ad%20min&password=p%26%3D%2B%25");
  EXPECT_EQ(requests::login_password("u", "")->body, "grant_type=password&username=u&password=");
  EXPECT_FALSE(requests::login_password("", "p").ok());
  EXPECT_EQ(requests::login_api_key("ZENKEY_abc")->body,
            "grant_type=zenml-api-key&password=ZENKEY_abc");
  EXPECT_FALSE(requests::login_api_key("").ok());
}

TEST(Requests, ServerAndProject) {
  EXPECT_EQ(requests::server_info().target(), "/api/v1/info");
  EXPECT_EQ(requests::current_user().target(), "/api/v1/current-user");
  EXPECT_EQ(requests::project("default")->target(), "/api/v1/projects/default");
  EXPECT_EQ(requests::project("a/b?c")->target(), "/api/v1/projects/a%2Fb%3Fc");
  for (const char* bad : {"", ".", ".."}) EXPECT_FALSE(requests::project(bad).ok()) << bad;
}
