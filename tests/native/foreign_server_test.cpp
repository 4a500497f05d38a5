// A base URL that is not a ZenML server (a web app, a static file server, another JSON API, a
// port nobody listens on): every failure names the URL that answered (never a token) and, when
// the answer cannot be ZenML's, says so instead of a bare "HTTP 404 Not Found".
#include <gtest/gtest.h>

#include <string>

#include "fake_transport.hpp"
#include "zenml/client.hpp"

using namespace zenml;
using zenml::testing::FakeTransport;

namespace {

constexpr const char* kSecret = "eyJ.secret-token.sig";
const std::string kHtml =
    "<!doctype html>\n<html><head><title>My App</title></head><body>Not here</body></html>";

struct Foreign : ::testing::Test {
  std::shared_ptr<FakeTransport> t = std::make_shared<FakeTransport>();
  std::unique_ptr<Client> c;
  void SetUp() override {
    ClientOptions o;
    o.base_url = "http://127.0.0.1:5000/";
    o.server_version = "0.98.0";  // pinned: each test's request is the first one sent
    o.max_retries = 0;
    o.seed = 7;
    c = std::move(Client::create(t, o)).value();
    c->set_token(kSecret);
  }
  void answer(int status, std::string body, Headers headers = {}) {
    t->handler = [=](const FakeTransport::Sent&, double&) {
      return FakeTransport::reply(status, body, headers);
    };
  }
  Error info_error() {
    std::optional<Result<std::string>> got;
    c->server_info_json([&](Result<std::string> r) { got = std::move(r); });
    t->run();
    EXPECT_TRUE(got.has_value());
    EXPECT_FALSE(got->ok());
    const Error e = got->ok() ? Error{} : got->error();
    EXPECT_EQ(e.message.find(kSecret), std::string::npos) << e.message;
    return e;
  }
};

}  // namespace

TEST_F(Foreign, AnHtmlPageForInfoSaysItIsNotZenmlAndNamesTheUrl) {
  answer(404, kHtml, {{"Content-Type", "text/html; charset=utf-8"}});
  const Error e = info_error();
  EXPECT_EQ(e.code, ErrorCode::not_found);
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(e.raw_body, kHtml);
  EXPECT_EQ(
      e.message,
      "this does not look like a ZenML server (GET http://127.0.0.1:5000/api/v1/info answered "
      "HTTP 404 Not Found, text/html: \"<!doctype html> <html><head><title>My "
      "App</title></head><bod\"...); "
      "the base URL must be the ZenML server's root, e.g. http://127.0.0.1:8237");
}

TEST_F(Foreign, AnotherApisJsonErrorSaysItIsNotZenml) {
  // Spring Boot's 404: JSON, but not ZenML's {"detail": …}
  answer(
      404,
      R"({"timestamp":"2026-01-01T00:00:00Z","status":404,"error":"Not Found","path":"/api/v1/info"})",
      {{"Content-Type", "application/json"}});
  const Error e = info_error();
  EXPECT_EQ(e.code, ErrorCode::not_found);
  EXPECT_EQ(e.message.rfind(
                "this does not look like a ZenML server (GET http://127.0.0.1:5000/api/v1/info "
                "answered HTTP 404 Not Found, application/json: \"{\\\"timestamp\\\":",
                0),
            0u)
      << e.message;
}

TEST_F(Foreign, ZenmlsOwnErrorsAreUnchanged) {
  answer(404, R"({"detail":"Not Found"})",
         {{"Content-Type", "application/json"}});  // an unknown route
  EXPECT_EQ(info_error().message, "Not Found");
  answer(404, R"({"detail":["KeyError","\"Unable to get service with ID 'x'\""]})");
  EXPECT_EQ(info_error().message, "Unable to get service with ID 'x'");
  answer(429, R"({"error":"Server too busy. Please try again later."})");
  EXPECT_EQ(info_error().message, "Server too busy. Please try again later.");
  // a proxy's page in front of a ZenML server is not "not ZenML": the gateway failed
  answer(502, "<html><body>502 Bad Gateway</body></html>", {{"Content-Type", "text/html"}});
  EXPECT_EQ(info_error().message, "HTTP 502 Bad Gateway");
  // ZenML itself answers some 500s in plain text (docs/server-behaviour.md D13)
  answer(500, "Internal Server Error", {{"Content-Type", "text/plain; charset=utf-8"}});
  EXPECT_EQ(info_error().message, "Internal Server Error");
}

TEST_F(Foreign, AStaticServerRefusingAPostIsNotZenml) {
  t->handler = [](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(405, "Method Not Allowed", {{"Content-Type", "text/plain"}});
  };
  std::optional<Result<TokenResponse>> got;
  c->login(Credentials::password("admin", "hunter2"),
           [&](Result<TokenResponse> r) { got = std::move(r); });
  t->run();
  ASSERT_TRUE(got && !got->ok());
  EXPECT_EQ(got->error().message,
            "this does not look like a ZenML server (POST http://127.0.0.1:5000/api/v1/login "
            "answered HTTP 405 "
            "Method Not Allowed, text/plain: \"Method Not Allowed\"); the base URL must be the "
            "ZenML server's "
            "root, e.g. http://127.0.0.1:8237");
  EXPECT_EQ(got->error().message.find("hunter2"), std::string::npos);
}

// Unpinned, a list first asks GET /api/v1/info for the release: a foreign server is named there.
TEST_F(Foreign, LearningTheReleaseFromAForeignServerSaysSo) {
  ClientOptions o;
  o.base_url = "http://127.0.0.1:5000";
  o.max_retries = 0;
  c = std::move(Client::create(t, o)).value();
  answer(200, R"({"status":"ok"})", {{"Content-Type", "application/json"}});
  std::optional<Result<std::string>> got;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { got = std::move(r); });
  t->run();
  ASSERT_TRUE(got && !got->ok());
  EXPECT_EQ(got->error().code, ErrorCode::bad_response);
  EXPECT_EQ(got->error().message.rfind("this does not look like a ZenML server (GET "
                                       "http://127.0.0.1:5000/api/v1/info answered JSON that is "
                                       "not ZenML's server info",
                                       0),
            0u)
      << got->error().message;
  EXPECT_EQ(c->server_version(), "");  // nothing learned
}

TEST_F(Foreign, A200PageIsNotZenml) {
  answer(200, kHtml, {{"Content-Type", "text/html"}});  // a single-page app answers every path
  std::optional<Result<std::string>> got;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { got = std::move(r); });
  t->run();
  ASSERT_TRUE(got && !got->ok());
  EXPECT_EQ(got->error().code, ErrorCode::bad_response);
  EXPECT_EQ(got->error().status, 200);
  EXPECT_EQ(got->error().message.rfind(
                "this does not look like a ZenML server (GET "
                "http://127.0.0.1:5000/api/v1/services answered HTTP 200, text/html: "
                "\"<!doctype html>",
                0),
            0u)
      << got->error().message;
  EXPECT_EQ(info_error().code, ErrorCode::bad_response);
  answer(200, "");
  EXPECT_EQ(info_error().message,
            "this does not look like a ZenML server (GET http://127.0.0.1:5000/api/v1/info "
            "answered HTTP 200 "
            "with an empty body); the base URL must be the ZenML server's root, e.g. "
            "http://127.0.0.1:8237");
}

TEST_F(Foreign, InfoOfAnotherShapeIsNotZenml) {
  answer(200, R"({"name":"grafana","version":11,"commit":"abc"})",
         {{"Content-Type", "application/json"}});
  const Error e = info_error();
  EXPECT_EQ(e.code, ErrorCode::bad_response);
  EXPECT_EQ(
      e.message,
      "this does not look like a ZenML server (GET http://127.0.0.1:5000/api/v1/info answered JSON "
      "that is not ZenML's server info: version: expected a string, got number); the base URL must "
      "be "
      "the ZenML server's root, e.g. http://127.0.0.1:8237");
  // the typed call says the same
  std::optional<Result<ServerInfo>> typed;
  c->server_info([&](Result<ServerInfo> r) { typed = std::move(r); });
  t->run();
  ASSERT_TRUE(typed && !typed->ok());
  EXPECT_EQ(typed->error().message, e.message);
}

TEST_F(Foreign, NetworkErrorsAndTimeoutsNameTheUrl) {
  t->handler = [](const FakeTransport::Sent&, double&) {
    return TransportResult{TransportFailure::network, "", {}};
  };
  Error e = info_error();
  EXPECT_EQ(e.code, ErrorCode::network);
  EXPECT_EQ(
      e.message,
      "network error: GET http://127.0.0.1:5000/api/v1/info got no answer: the server could not be "
      "reached (down, refused, or blocked by CORS)");
  t->handler = [](const FakeTransport::Sent&, double&) {
    return TransportResult{TransportFailure::network,
                           "the connection closed before the whole response arrived (HTTP 200)",
                           {}};
  };
  EXPECT_EQ(info_error().message,
            "network error: GET http://127.0.0.1:5000/api/v1/info got no answer: the connection "
            "closed before "
            "the whole response arrived (HTTP 200)");

  ClientOptions o;
  o.base_url = "http://127.0.0.1:5000";
  o.server_version = "0.98.0";
  o.timeout_ms = 100;
  o.max_retries = 0;
  c = std::move(Client::create(t, o)).value();
  c->set_token(kSecret);
  t->handler = [](const FakeTransport::Sent&, double& latency) {
    latency = 1000;
    return FakeTransport::reply(200, "{}");
  };
  std::optional<Result<std::string>> got;
  ServiceFilter f;
  f.page = 2;
  c->list_services_json(f, [&](Result<std::string> r) { got = std::move(r); });
  t->run();
  ASSERT_TRUE(got && !got->ok());
  EXPECT_EQ(got->error().code, ErrorCode::timeout);
  EXPECT_EQ(got->error().message,
            "GET http://127.0.0.1:5000/api/v1/services?page=2: no response within 100 ms");
}
