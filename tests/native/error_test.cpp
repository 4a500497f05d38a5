#include "zenml/error_mapping.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace zenml;

namespace {

using zenml::testing::read_file;

std::string error_fixture(const std::string& name) {
  return zenml::testing::fixture("errors/" + name);
}

Error from(int status, const std::string& body, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = body;
  r.headers = std::move(headers);
  return error_from_response(r);
}

struct Case {
  const char* file;
  int status;
  ErrorCode code;
  const char* exception_type;
  const char* message;
};

}  // namespace

TEST(ErrorMapping, EveryBodyShape) {
  const Case cases[] = {
      {"404_keyerror.json", 404, ErrorCode::not_found, "KeyError",
       "Unable to get service with ID '3fa85f64-5717-4562-b3fc-2c963f66afa6': No service with this "
       "ID found"},
      {"404_project.json", 404, ErrorCode::not_found, "KeyError",
       "Unable to get project with name or ID 'nope': No project with this name found"},
      {"422_array.json", 422, ErrorCode::validation, "ValueError",
       "[{'type': 'uuid_parsing', 'loc': ('path', 'service_id'), 'msg': 'Input should be a valid "
       "UUID'}]"},
      {"422_detail.json", 422, ErrorCode::validation, "ValueError",
       "1 validation error for ServiceFilter\nsort_by\n  Value error, You can only sort by valid "
       "fields of this "
       "resource [type=value_error, input_value='foo', input_type=str]"},
      {"422_fastapi.json", 422, ErrorCode::validation, "",
       "body.name: Field required; query.size[0]: Input should be less than or equal to 10000"},
      {"401_not_authenticated.json", 401, ErrorCode::unauthorized, "", "Not authenticated"},
      {"401_bad_password.json", 401, ErrorCode::unauthorized, "AuthorizationException",
       "Authentication error: invalid username or password"},
      {"403_illegal.json", 403, ErrorCode::forbidden, "IllegalOperationError", "Not allowed"},
      {"409_exists.json", 409, ErrorCode::conflict, "EntityExistsError",
       "Unable to create service 'svc-a' with the given configuration: A service with the same "
       "configuration "
       "already exists."},
      {"400_page.json", 400, ErrorCode::bad_request, "ValueError",
       "Invalid page 9. The requested page size is 50 and there are a total of 3 items for this "
       "query. The "
       "maximum page value therefore is 1."},
      {"400_grant.json", 400, ErrorCode::bad_request, "", "Unsupported grant type: password."},
      {"429_busy.json", 429, ErrorCode::rate_limited, "",
       "Server too busy. Please try again later."},
      {"500_unexpected.json", 500, ErrorCode::server, "", "An unexpected error occurred."},
      {"500_runtime.json", 500, ErrorCode::server, "RuntimeError", "Something broke"},
      {"502_bad_gateway.html", 502, ErrorCode::server, "", "HTTP 502 Bad Gateway"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string body = error_fixture(c.file);
    const Error e = from(c.status, body);
    EXPECT_EQ(e.code, c.code);
    EXPECT_EQ(e.status, c.status);
    EXPECT_EQ(e.exception_type, c.exception_type);
    EXPECT_EQ(e.message, c.message);
    EXPECT_EQ(e.raw_body, body);
    EXPECT_FALSE(e.retry_after_s);
  }
}

TEST(ErrorMapping, StatusToCode) {
  const std::pair<int, ErrorCode> cases[] = {
      {400, ErrorCode::bad_request}, {401, ErrorCode::unauthorized}, {402, ErrorCode::bad_request},
      {403, ErrorCode::forbidden},   {404, ErrorCode::not_found},    {405, ErrorCode::bad_request},
      {409, ErrorCode::conflict},    {413, ErrorCode::bad_request},  {418, ErrorCode::bad_request},
      {422, ErrorCode::validation},  {429, ErrorCode::rate_limited}, {499, ErrorCode::bad_request},
      {500, ErrorCode::server},      {501, ErrorCode::server},       {502, ErrorCode::server},
      {503, ErrorCode::server},      {504, ErrorCode::server},       {599, ErrorCode::server},
      {0, ErrorCode::network},       {200, ErrorCode::bad_response}, {302, ErrorCode::bad_response},
  };
  for (const auto& [status, code] : cases) {
    EXPECT_EQ(error_code_for_status(status), code) << status;
    EXPECT_EQ(from(status, "").code, code) << status;
  }
}

TEST(ErrorMapping, FallbackMessageNeverDumpsTheBody) {
  EXPECT_EQ(from(500, "").message, "HTTP 500 Internal Server Error");
  EXPECT_EQ(from(503, "   \n").message, "HTTP 503 Service Unavailable");
  EXPECT_EQ(from(413, "").message, "HTTP 413 Content Too Large");
  EXPECT_EQ(from(418, "").message, "HTTP 418");
  EXPECT_EQ(from(0, "").message, "no HTTP response");
  const std::string html = error_fixture("502_bad_gateway.html");
  const Error e = from(502, html);
  EXPECT_EQ(e.message, "HTTP 502 Bad Gateway");
  EXPECT_EQ(e.raw_body, html);
  EXPECT_EQ(from(504, "<html><body>" + std::string(100000, 'x') + "</body></html>").message,
            "HTTP 504 Gateway Timeout");
  // uvicorn's plain-text 500 is short and says something: keep it
  EXPECT_EQ(from(500, "Internal Server Error").message, "Internal Server Error");
  EXPECT_EQ(from(500, std::string(201, 'x')).message, "HTTP 500 Internal Server Error");
  EXPECT_EQ(from(500, "line1\nline2").message, "HTTP 500 Internal Server Error");
  // JSON that says nothing usable
  EXPECT_EQ(from(500, "{}").message, "HTTP 500 Internal Server Error");
  EXPECT_EQ(from(500, R"({"detail":null})").message, "HTTP 500 Internal Server Error");
  EXPECT_EQ(from(500, R"({"detail":[]})").message, "HTTP 500 Internal Server Error");
  EXPECT_EQ(from(500, R"({"detail":[1,2]})").message, "HTTP 500 Internal Server Error");
  EXPECT_EQ(from(500, "[]").message, "HTTP 500 Internal Server Error");
  EXPECT_EQ(from(500, R"({"detail":)").message, "HTTP 500 Internal Server Error");  // broken JSON
  EXPECT_EQ(from(500, "{\"detail\":\"x\xFF\"}").message,
            "HTTP 500 Internal Server Error");  // bad UTF-8
  EXPECT_EQ(from(500, R"({"detail":["KeyError",""]})").message, "HTTP 500 Internal Server Error");
  EXPECT_EQ(from(500, R"({"detail":["KeyError",""]})").exception_type, "KeyError");
}

TEST(ErrorMapping, OtherDetailShapes) {
  EXPECT_EQ(from(400, R"("just a string")").message, "just a string");
  EXPECT_EQ(from(400, R"({"detail":{"msg":"inside"}})").message, "inside");
  EXPECT_EQ(from(400, R"({"detail":["only message"]})").message, "only message");
  EXPECT_EQ(from(400, R"({"message":"generic"})").message, "generic");
  const Error obj = from(409, R"({"detail":["EntityExistsError",{"a":1}]})");
  EXPECT_EQ(obj.exception_type, "EntityExistsError");
  EXPECT_EQ(obj.message, R"({"a":1})");
  const Error three = from(400, R"({"detail":["ValueError","msg","extra"]})");
  EXPECT_EQ(three.exception_type, "ValueError");
  EXPECT_EQ(three.message, "msg");
  // FastAPI list without loc, and with non-dict noise
  EXPECT_EQ(
      from(422, R"({"detail":[{"msg":"bad"},{"loc":["query","page"],"msg":"too small"}]})").message,
      "bad; query.page: too small");
  EXPECT_EQ(from(422, R"([{"loc":["body"],"msg":"not a dict","type":"x"}])").message,
            "body: not a dict");
}

TEST(ErrorMapping, KeyErrorLosesOneLevelOfQuotes) {
  auto msg = [](const std::string& body) { return from(404, body).message; };
  EXPECT_EQ(msg(R"({"detail":["KeyError","'single quoted'"]})"), "single quoted");
  EXPECT_EQ(msg(R"({"detail":["KeyError","\"double quoted\""]})"), "double quoted");
  EXPECT_EQ(msg(R"({"detail":["KeyError","\"\"two levels\"\""]})"), "\"two levels\"");
  EXPECT_EQ(msg(R"({"detail":["KeyError","'it\\'s \\\\ here'"]})"), "it's \\ here");
  EXPECT_EQ(msg(R"({"detail":["KeyError","'a\\nb'"]})"), "a\nb");
  EXPECT_EQ(msg(R"({"detail":["KeyError","unquoted"]})"), "unquoted");
  EXPECT_EQ(msg(R"({"detail":["KeyError","'mismatched\""]})"), "'mismatched\"");
  EXPECT_EQ(msg(R"({"detail":["KeyError","'"]})"), "'");
  // only KeyError messages are Python reprs
  EXPECT_EQ(msg(R"({"detail":["ValueError","'kept'"]})"), "'kept'");
}

TEST(ErrorMapping, RetryAfter) {
  const std::string busy = error_fixture("429_busy.json");
  EXPECT_EQ(from(429, busy, {{"Retry-After", "120"}}).retry_after_s.value(), 120.0);
  EXPECT_EQ(from(429, busy, {{"retry-after", " 3 "}}).retry_after_s.value(), 3.0);
  EXPECT_EQ(from(503, "", {{"RETRY-AFTER", "1.5"}}).retry_after_s.value(), 1.5);
  EXPECT_EQ(from(503, "", {{"Retry-After", "0"}}).retry_after_s.value(), 0.0);
  EXPECT_FALSE(from(429, busy).retry_after_s);
  EXPECT_FALSE(from(503, "", {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}).retry_after_s);
  EXPECT_FALSE(from(503, "", {{"Retry-After", "-1"}}).retry_after_s);
  EXPECT_FALSE(from(503, "", {{"Retry-After", "1e3"}}).retry_after_s);
  EXPECT_FALSE(from(503, "", {{"Retry-After", ".5"}}).retry_after_s);
  EXPECT_FALSE(from(503, "", {{"Retry-After", ""}}).retry_after_s);
  // only 429 and 503 carry it
  EXPECT_FALSE(from(500, "", {{"Retry-After", "5"}}).retry_after_s);
  EXPECT_FALSE(from(400, "", {{"Retry-After", "5"}}).retry_after_s);
}

TEST(ErrorMapping, HostileBodiesDoNotCrash) {
  const std::string deep(100000, '[');
  EXPECT_EQ(from(422, deep).message, "HTTP 422 Unprocessable Content");
  EXPECT_EQ(from(422, "{\"detail\":" + deep + std::string(100000, ']') + "}").message,
            "HTTP 422 Unprocessable Content");
  EXPECT_EQ(from(500, std::string("{\"detail\":\"a\0b\"}", 16)).message,
            "HTTP 500 Internal Server Error");
  const std::string huge = R"({"detail":")" + std::string(5 << 20, 'x') + R"("})";
  EXPECT_EQ(from(500, huge).message,
            "HTTP 500 Internal Server Error");  // over the 4 MiB parse limit
  EXPECT_EQ(from(500, huge).raw_body.size(), huge.size());
}

TEST(ErrorMapping, StatusAndBodyOverload) {
  const Error e = error_from_response(404, R"({"detail":["KeyError","'x'"]})", {});
  EXPECT_EQ(e.code, ErrorCode::not_found);
  EXPECT_EQ(e.message, "x");
  EXPECT_EQ(reason_phrase(429), "Too Many Requests");
}

/// Every error the real server sent (tests/fixtures/live/, recorded by scripts, when present).
TEST(ErrorMapping, LiveErrorBodies) {
  int checked = 0;
  for (const auto& rec : zenml::testing::live_records()) {
    const int status = rec.status;
    if (status < 400) continue;
    SCOPED_TRACE(rec.file);
    Headers headers;
    for (auto it = rec.headers.begin(); it != rec.headers.end(); ++it) {
      if (it.value().is_string()) headers.emplace_back(it.key(), it.value().get<std::string>());
    }
    const std::string& body = rec.body;
    const Error e = error_from_response(status, body, headers);
    EXPECT_EQ(e.status, status);
    EXPECT_EQ(e.code, error_code_for_status(status));
    EXPECT_FALSE(e.message.empty());
    EXPECT_EQ(e.raw_body, body);
    if (body.rfind("{\"detail\":[\"", 0) == 0 || body.rfind("[\"", 0) == 0) {
      EXPECT_FALSE(e.exception_type.empty());
    }
    if (e.exception_type == "KeyError") {
      EXPECT_NE(e.message.front(), '"');
      EXPECT_NE(e.message.back(), '"');
    }
    if (rec.file == "404-get-unknown-service.json") {
      EXPECT_EQ(e.message,
                "Unable to get service with ID '00000000-0000-0000-0000-000000000000': No service "
                "with this ID found");
    }
    if (rec.file == "401-no-token.json") {
      EXPECT_EQ(e.message, "Not authenticated");
    }
    if (rec.file == "500-idempotency-key-not-uuid.json") {
      EXPECT_EQ(e.message, "Internal Server Error");
    }
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

// The page-out-of-range answer is a structured reason, read from ZenML's text here and nowhere
// else (before, client.hpp, api.js and web/app.js each matched "Invalid page" themselves).
TEST(ErrorMapping, PageOutOfRangeIsAReasonWithTheLastPage) {
  const Error e = from(400, error_fixture("400_page.json"));
  EXPECT_EQ(e.code, ErrorCode::bad_request);
  EXPECT_EQ(e.reason, ErrorReason::page_out_of_range);
  EXPECT_EQ(to_string(e.reason), "page_out_of_range");
  EXPECT_EQ(e.max_page, std::optional<std::int64_t>(1));
  // what a live 0.98.0 server sent for page 99 of 27 items, 20 a page
  std::string live_body;
  for (const auto& rec : zenml::testing::live_records()) {
    if (rec.file == "400-page-out-of-range.json") live_body = rec.body;
  }
  ASSERT_FALSE(live_body.empty());
  const Error live = from(400, live_body);
  EXPECT_EQ(live.reason, ErrorReason::page_out_of_range);
  EXPECT_EQ(live.max_page, std::optional<std::int64_t>(2));
  // and exactly what local_query answers offline
  const Error local = Error::page_out_of_range(99, 20, 27, 2);
  EXPECT_EQ(local.message, live.message);
  EXPECT_EQ(local.exception_type, live.exception_type);
  EXPECT_EQ(local.reason, live.reason);
  EXPECT_EQ(local.max_page, live.max_page);

  // no reason for other 400s, for the same words under another status or exception, or when
  // the server's text is not the page answer
  for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
           {400, error_fixture("400_grant.json")},
           {422, R"({"detail":["ValueError","Invalid page 9."]})"},
           {400, R"({"detail":["KeyError","Invalid page 9."]})"},
           {400, R"({"detail":["ValueError","Failed to compare the column"]})"},
           {400, "Invalid page 2"}}) {
    SCOPED_TRACE(body);
    const Error other = from(status, body);
    EXPECT_EQ(other.reason, ErrorReason::none);
    EXPECT_FALSE(other.max_page);
  }
  // the reason without a last page when the text does not say it
  const Error bare = from(400, R"({"detail":["ValueError","Invalid page 9."]})");
  EXPECT_EQ(bare.reason, ErrorReason::page_out_of_range);
  EXPECT_FALSE(bare.max_page);
}
