// Client behaviour over a scripted transport in virtual time: retries, deadlines, re-login,
// cancellation, auth headers, pagination.
#include "zenml/client.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_transport.hpp"
#include "fixtures.hpp"

using namespace zenml;
using zenml::testing::FakeTransport;

namespace {

constexpr const char* kId = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const std::string kToken = R"({"access_token":"tok-2","token_type":"bearer","expires_in":null,"refresh_token":null,"csrf_token":null,"scope":null,"device_id":null,"device_metadata":null})";

std::string page_json(int index, int total_pages, int total) {
  return "{\"index\":" + std::to_string(index) + ",\"max_size\":2,\"total_pages\":" +
         std::to_string(total_pages) + ",\"total\":" + std::to_string(total) + ",\"items\":[]}";
}

struct Fixture : ::testing::Test {
  std::shared_ptr<FakeTransport> t = std::make_shared<FakeTransport>();
  std::unique_ptr<Client> make(ClientOptions o = {}) {
    if (o.base_url.empty()) o.base_url = "http://127.0.0.1:8237/";
    o.seed = 42;
    auto c = Client::create(t, o);
    EXPECT_TRUE(c.ok());
    return std::move(c).value();
  }
};

TransportResult net_error() { return TransportResult{TransportFailure::network, "refused", {}}; }

}  // namespace

TEST(BaseUrl, NormalisesAndRejects) {
  EXPECT_EQ(normalize_base_url("http://h:1/").value(), "http://h:1");
  EXPECT_EQ(normalize_base_url("https://h/zenml//").value(), "https://h/zenml");
  EXPECT_EQ(normalize_base_url("http://[::1]:8237").value(), "http://[::1]:8237");
  EXPECT_EQ(normalize_base_url("https://zen.example.com:443/prefix/").value(), "https://zen.example.com:443/prefix");
  for (const char* bad : {"h:1", "ftp://h", "http://", "http:///x", "http://h?x=1", "http://h#f",
                          "http://u:p@h", "http://h/api/v1", "http://h x", "http://127.0.0.1:99999",
                          "http://h:0", "http://h:", "http://h:80a", "http://[::1", "http://[]:1",
                          "http://a<b>c", "http://h/a b", "http://h/<x>", "http://h\\x"}) {
    auto r = normalize_base_url(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << bad;
  }
}

TEST(Token, TrimmedAndPrintableAsciiOnly) {
  EXPECT_EQ(normalize_token("eyJhbGciOiJIUzI1NiJ9.e30.sig", "token").value(), "eyJhbGciOiJIUzI1NiJ9.e30.sig");
  EXPECT_EQ(normalize_token(" \tabc\r\n", "token").value(), "abc");  // a pasted trailing newline
  EXPECT_EQ(normalize_token("", "token").value(), "");
  for (const char* bad : {"a b", "a\nX-Evil: 1", "\xC3\xBC", "a\x7f"}) {
    auto e = normalize_token(bad, "token");
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.error().code, ErrorCode::invalid_argument);
  }
}

TEST(NextPage, StopsAtTotalPages) {
  EXPECT_EQ(next_page(1, 3), 2);
  EXPECT_EQ(next_page(3, 3), std::nullopt);
  EXPECT_EQ(next_page(1, 1), std::nullopt);  // empty result: total_pages 1
  EXPECT_EQ(next_page(0, 3), std::nullopt);
  EXPECT_EQ(next_page(5, 3), std::nullopt);
}

TEST_F(Fixture, CreateRejectsBadOptions) {
  ClientOptions o;
  o.base_url = "http://h";
  o.max_retries = 11;
  EXPECT_EQ(Client::create(t, o).error().code, ErrorCode::invalid_argument);
  o.max_retries = 1;
  o.timeout_ms = -1;
  EXPECT_EQ(Client::create(t, o).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(Client::create(nullptr, o).error().code, ErrorCode::invalid_argument);
}

TEST_F(Fixture, SendsAuthHeadersAndNoCookiesByDefault) {
  auto c = make();
  c->set_token("tok-1", "csrf-1");
  t->handler = [](const FakeTransport::Sent&, double&) { return FakeTransport::reply(200, "null"); };
  bool done = false;
  c->delete_service(kId, [&](Result<Empty> r) { EXPECT_TRUE(r.ok()); done = true; });
  t->run();
  ASSERT_TRUE(done);
  ASSERT_EQ(t->sent.size(), 1u);
  const auto& s = t->sent[0];
  EXPECT_EQ(s.url, std::string("http://127.0.0.1:8237/api/v1/services/") + kId);
  EXPECT_EQ(s.request.method, "DELETE");
  EXPECT_EQ(*find_header(s.request.headers, "authorization"), "Bearer tok-1");
  EXPECT_EQ(*find_header(s.request.headers, "X-CSRF-Token"), "csrf-1");
  EXPECT_FALSE(s.options.with_credentials);
  EXPECT_DOUBLE_EQ(s.options.timeout_ms, 30000);
}

TEST_F(Fixture, LoginSendsFormWithoutBearerAndStoresToken) {
  auto c = make();
  c->set_token("old");
  t->handler = [](const FakeTransport::Sent&, double&) { return FakeTransport::reply(200, kToken); };
  bool done = false;
  c->login(Credentials::password("admin", "p&w=1"), [&](Result<TokenResponse> r) {
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->access_token, "tok-2");
    done = true;
  });
  t->run();
  ASSERT_TRUE(done);
  const auto& s = t->sent.at(0);
  EXPECT_EQ(s.request.method, "POST");
  EXPECT_EQ(s.request.path, "/api/v1/login");
  EXPECT_EQ(find_header(s.request.headers, "Authorization"), nullptr);
  EXPECT_EQ(s.request.body, "grant_type=password&username=admin&password=p%26w%3D1");
  EXPECT_EQ(c->token(), "tok-2");
  EXPECT_TRUE(c->has_credentials());
  c->logout();
  EXPECT_EQ(c->token(), "");
  EXPECT_FALSE(c->has_credentials());
}

TEST_F(Fixture, IdempotentCallsRetryNetworkErrorsThenFail) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent&, double&) { return net_error(); };
  std::optional<Error> err;
  c->get_service(kId, true, [&](Result<Service> r) { err = r.error(); });
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::network);
  EXPECT_EQ(err->status, 0);
  EXPECT_EQ(t->sent.size(), 3u);  // 1 + max_retries (2)
  // Back-off with "equal jitter": retry n waits within [cap/2, cap], cap = 250 * 2^n.
  const double gap1 = t->sent[1].at_ms - t->sent[0].at_ms - 10;
  const double gap2 = t->sent[2].at_ms - t->sent[1].at_ms - 10;
  EXPECT_GE(gap1, 125); EXPECT_LE(gap1, 250);
  EXPECT_GE(gap2, 250); EXPECT_LE(gap2, 500);
}

TEST_F(Fixture, PostIsNeverRetried) {
  auto c = make();
  int calls = 0;
  t->handler = [&](const FakeTransport::Sent&, double&) {
    ++calls;
    return calls == 1 ? net_error() : FakeTransport::reply(503, "");
  };
  ServiceRequest req;
  req.project = kId;
  req.name = "svc";
  req.service_type = {"model-serving", "test", "", "", ""};
  std::optional<Error> err;
  c->create_service(req, std::nullopt, [&](Result<Service> r) { err = r.error(); });
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::network);
  EXPECT_EQ(calls, 1);
  c->create_service(req, std::nullopt, [&](Result<Service> r) { err = r.error(); });
  t->run();
  EXPECT_EQ(err->code, ErrorCode::server);
  EXPECT_EQ(err->status, 503);
  EXPECT_EQ(calls, 2);
}

TEST_F(Fixture, RetriesGatewayErrorsAndSucceeds) {
  auto c = make();
  int calls = 0;
  t->handler = [&](const FakeTransport::Sent&, double&) {
    ++calls;
    if (calls == 1) return FakeTransport::reply(502, "<html>bad gateway</html>");
    if (calls == 2) return FakeTransport::reply(504, "");
    return FakeTransport::reply(200, "null");
  };
  bool ok = false;
  c->delete_service(kId, [&](Result<Empty> r) { ok = r.ok(); });
  t->run();
  EXPECT_TRUE(ok);
  EXPECT_EQ(calls, 3);
}

TEST_F(Fixture, ServerErrors500And4xxAreNotRetried) {
  auto c = make();
  int calls = 0;
  t->handler = [&](const FakeTransport::Sent&, double&) {
    ++calls;
    return FakeTransport::reply(500, R"({"detail":"An unexpected error occurred."})");
  };
  std::optional<Error> err;
  c->get_service(kId, true, [&](Result<Service> r) { err = r.error(); });
  t->run();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(err->code, ErrorCode::server);
  EXPECT_EQ(err->message, "An unexpected error occurred.");
}

TEST_F(Fixture, RateLimitHonoursRetryAfter) {
  auto c = make();
  int calls = 0;
  t->handler = [&](const FakeTransport::Sent&, double&) {
    ++calls;
    if (calls == 1) {
      return FakeTransport::reply(429, R"({"error":"Server too busy. Please try again later."})",
                                  {{"Retry-After", "3"}});
    }
    return FakeTransport::reply(200, "null");
  };
  bool ok = false;
  c->delete_service(kId, [&](Result<Empty> r) { ok = r.ok(); });
  t->run();
  EXPECT_TRUE(ok);
  ASSERT_EQ(t->sent.size(), 2u);
  EXPECT_GE(t->sent[1].at_ms - t->sent[0].at_ms, 3000);
}

TEST_F(Fixture, RetryAfterBeyondLimitFailsAtOnceWithTheHint) {
  auto c = make();
  t->handler = [&](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(429, R"({"error":"Server too busy. Please try again later."})",
                                {{"retry-after", "120"}});
  };
  std::optional<Error> err;
  c->delete_service(kId, [&](Result<Empty> r) { err = r.error(); });
  t->run();
  EXPECT_EQ(t->sent.size(), 1u);
  EXPECT_EQ(err->code, ErrorCode::rate_limited);
  ASSERT_TRUE(err->retry_after_s);
  EXPECT_DOUBLE_EQ(*err->retry_after_s, 120);
}

TEST_F(Fixture, TimeoutPerAttemptThenTimeoutError) {
  ClientOptions o;
  o.timeout_ms = 100;
  o.max_retries = 1;
  auto c = make(o);
  t->handler = [](const FakeTransport::Sent&, double& latency) {
    latency = 5000;
    return FakeTransport::reply(200, "null");
  };
  std::optional<Error> err;
  c->delete_service(kId, [&](Result<Empty> r) { err = r.error(); });
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::timeout);
  EXPECT_NE(err->message.find("100 ms"), std::string::npos);
  EXPECT_EQ(t->sent.size(), 2u);
  EXPECT_DOUBLE_EQ(t->sent[0].options.timeout_ms, 100);
  EXPECT_EQ(c->pending(), 0u);
}

TEST_F(Fixture, ReloginOnceOn401AndReplayWithNewToken) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent& s, double&) {
    if (s.request.path == "/api/v1/login") return FakeTransport::reply(200, kToken);
    const auto* auth = find_header(s.request.headers, "Authorization");
    if (auth && *auth == "Bearer tok-2") return FakeTransport::reply(200, "null");
    return FakeTransport::reply(401, R"({"detail":["AuthorizationException","Authentication error: expired"]})");
  };
  c->login(Credentials::api_key("ZENKEY_x"), [](Result<TokenResponse>) {});
  t->run();
  c->set_token("stale");  // e.g. the server restarted with a new JWT secret
  int ok = 0;
  for (int i = 0; i < 3; ++i) c->delete_service(kId, [&](Result<Empty> r) { ok += r.ok(); });
  t->run();
  EXPECT_EQ(ok, 3);
  std::vector<std::string> login_bodies;
  for (const auto& s : t->sent) {
    if (s.request.path == "/api/v1/login") login_bodies.push_back(s.request.body);
  }
  // the explicit login + ONE shared re-login for three calls, with the remembered key
  ASSERT_EQ(login_bodies.size(), 2u);
  EXPECT_EQ(login_bodies[1], "grant_type=zenml-api-key&password=ZENKEY_x");
  EXPECT_EQ(t->sent.size(), 2u + 3u + 3u);
}

TEST_F(Fixture, NoReloginLoopWhenCredentialsAreRejected) {
  auto c = make();
  int logins = 0;
  t->handler = [&](const FakeTransport::Sent& s, double&) {
    if (s.request.path == "/api/v1/login") {
      if (++logins == 1) return FakeTransport::reply(200, kToken);
      return FakeTransport::reply(401, R"({"detail":["AuthorizationException","Authentication error: invalid username or password"]})");
    }
    return FakeTransport::reply(401, R"({"detail":"Not authenticated"})");
  };
  c->login(Credentials::password("u", "p"), [](Result<TokenResponse>) {});
  t->run();
  std::optional<Error> err;
  c->delete_service(kId, [&](Result<Empty> r) { err = r.error(); });
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::unauthorized);
  EXPECT_EQ(logins, 2);
}

TEST_F(Fixture, Without401CredentialsTheErrorIsReturned) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(401, R"({"detail":"Not authenticated"})", {{"WWW-Authenticate", "Bearer"}});
  };
  std::optional<Error> err;
  c->delete_service(kId, [&](Result<Empty> r) { err = r.error(); });
  t->run();
  EXPECT_EQ(err->code, ErrorCode::unauthorized);
  EXPECT_EQ(err->message, "Not authenticated");
  EXPECT_EQ(t->sent.size(), 1u);
}

TEST_F(Fixture, CancelInFlightAbortsAtOnceAndIgnoresTheLateReply) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent&, double& latency) {
    latency = 1000;
    return FakeTransport::reply(200, "null");
  };
  int calls = 0;
  std::optional<Error> err;
  auto id = c->delete_service(kId, [&](Result<Empty> r) { ++calls; if (!r) err = r.error(); });
  EXPECT_EQ(c->pending(), 1u);
  c->cancel(id);
  EXPECT_EQ(calls, 1);  // settled synchronously by cancel
  EXPECT_EQ(err->code, ErrorCode::aborted);
  t->run();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(t->cancelled.size(), 1u);
  EXPECT_EQ(c->pending(), 0u);
  c->cancel(id);  // finished id: no effect
  c->cancel(987654);
  EXPECT_EQ(calls, 1);
}

TEST_F(Fixture, CancelDuringBackoffStopsRetrying) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent&, double&) { return net_error(); };
  std::optional<Error> err;
  auto id = c->delete_service(kId, [&](Result<Empty> r) { err = r.error(); });
  t->run(1);  // first attempt fails, back-off timer scheduled
  EXPECT_EQ(t->sent.size(), 1u);
  c->cancel(id);
  t->run();
  EXPECT_EQ(t->sent.size(), 1u);
  EXPECT_EQ(err->code, ErrorCode::aborted);
}

TEST_F(Fixture, ArgumentErrorsArriveAsynchronouslyWithoutARequest) {
  auto c = make();
  bool called = false;
  std::optional<Error> err;
  c->get_service("../../login", true, [&](Result<Service> r) { called = true; err = r.error(); });
  EXPECT_FALSE(called);
  t->run();
  ASSERT_TRUE(called);
  EXPECT_EQ(err->code, ErrorCode::invalid_argument);
  EXPECT_TRUE(t->sent.empty());
  EXPECT_EQ(c->pending(), 0u);
}

TEST_F(Fixture, DestroyingTheClientAbortsPendingCalls) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent&, double& latency) {
    latency = 1000;
    return FakeTransport::reply(200, "null");
  };
  std::optional<Error> err;
  c->delete_service(kId, [&](Result<Empty> r) { err = r.error(); });
  c.reset();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::aborted);
  t->run();
}

TEST_F(Fixture, BadBodiesAreBadResponses) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent&, double&) { return FakeTransport::reply(200, "{\"index\":1"); };
  std::optional<Error> err;
  c->list_services(ServiceFilter{}, [&](Result<Page<Service>> r) { err = r.error(); });
  t->run();
  EXPECT_EQ(err->code, ErrorCode::bad_response);
  std::optional<Error> err2;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { err2 = r.error(); });
  t->run();
  EXPECT_EQ(err2->code, ErrorCode::bad_response);
}

TEST_F(Fixture, WalkFetchesEveryPageThenStops) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent& s, double&) {
    int page = 1;
    for (const auto& [k, v] : s.request.query) if (k == "page") page = std::stoi(v);
    return FakeTransport::reply(200, page_json(page, 3, 5));
  };
  std::vector<std::int64_t> seen;
  bool done = false;
  c->walk_services(ServiceFilter{}, [&](Page<Service>&& p) { seen.push_back(p.index); return true; },
                   [&](Result<Empty> r) { done = r.ok(); });
  t->run();
  EXPECT_TRUE(done);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_F(Fixture, WalkOverNothingMakesOneCall) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent&, double&) { return FakeTransport::reply(200, page_json(1, 1, 0)); };
  int pages = 0;
  bool done = false;
  c->walk_services(ServiceFilter{}, [&](Page<Service>&&) { ++pages; return true; },
                   [&](Result<Empty> r) { done = r.ok(); });
  t->run();
  EXPECT_TRUE(done);
  EXPECT_EQ(pages, 1);
  EXPECT_EQ(t->sent.size(), 1u);
}

TEST_F(Fixture, WalkEndsWhenAPageVanishesAndStopsOnRequest) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent& s, double&) {
    for (const auto& [k, v] : s.request.query) {
      if (k == "page" && v == "2") {
        return FakeTransport::reply(400, R"({"detail":["ValueError","Invalid page 2. The requested page size is 2 and there are a total of 2 items for this query. The maximum page value therefore is 1."]})");
      }
    }
    return FakeTransport::reply(200, page_json(1, 3, 5));
  };
  int pages = 0;
  bool done = false;
  c->walk_services(ServiceFilter{}, [&](Page<Service>&&) { ++pages; return true; },
                   [&](Result<Empty> r) { done = r.ok(); });
  t->run();
  EXPECT_TRUE(done);
  EXPECT_EQ(pages, 1);

  pages = 0;
  c->walk_services(ServiceFilter{}, [&](Page<Service>&&) { ++pages; return false; },
                   [&](Result<Empty> r) { done = r.ok(); });
  t->run();
  EXPECT_EQ(pages, 1);
}

namespace {
std::string page_query(const FakeTransport::Sent& s) {
  for (const auto& [k, v] : s.request.query) if (k == "page") return v;
  return "1";
}
const char* kPage2Vanished =
    R"({"detail":["ValueError","Invalid page 2. The requested page size is 2 and there are a total of 2 items for this query. The maximum page value therefore is 1."]})";
}  // namespace

// The walk's stop rule lives in PageWalk; walk_services (C++) and next_page_json (the JS
// iterators) both follow it.
TEST(PageWalkRule, NextPageLastPageAndVanishedPage) {
  PageWalk w(ServiceFilter{});
  ASSERT_NE(w.next(), nullptr);
  EXPECT_FALSE(w.next()->page);
  w.arrived(1, 3);
  ASSERT_NE(w.next(), nullptr);
  EXPECT_EQ(w.next()->page, std::optional<std::int64_t>(2));
  Error gone = Error::page_out_of_range(2, 20, 20, 1);
  EXPECT_TRUE(w.failed(gone));  // a later page vanished: the walk ends normally
  EXPECT_EQ(w.next(), nullptr);

  PageWalk first(ServiceFilter{});
  EXPECT_FALSE(first.failed(gone));  // the first page asked for is out of range: the caller's error
  EXPECT_TRUE(first.done());

  PageWalk other(ServiceFilter{});
  other.arrived(1, 2);
  EXPECT_FALSE(other.failed(Error::make(ErrorCode::server, "boom")));
  EXPECT_TRUE(other.done());
  // the words alone do not end a walk: only the reason error_from_response gives
  PageWalk words(ServiceFilter{});
  words.arrived(1, 2);
  EXPECT_FALSE(words.failed(Error::make(ErrorCode::bad_request, "Invalid page 2.")));

  PageWalk last(ServiceFilter{});
  last.arrived(1, 1);
  EXPECT_EQ(last.next(), nullptr);
}

TEST_F(Fixture, NextPageJsonWalksToTheLastPageThenIsDone) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent& s, double&) {
    const int page = std::stoi(page_query(s));
    return FakeTransport::reply(200, page_json(page, 2, 3));
  };
  auto walk = std::make_shared<PageWalk>(ServiceFilter{});
  std::vector<std::string> got;
  std::function<void()> pull = [&] {
    c->next_page_json(walk, [&](Result<std::optional<std::string>> r) {
      ASSERT_TRUE(r.ok()) << r.error().message;
      ASSERT_TRUE(r->has_value());
      got.push_back(**r);
      if (!walk->done()) pull();
    });
  };
  pull();
  t->run();
  EXPECT_EQ(got, (std::vector<std::string>{page_json(1, 2, 3), page_json(2, 2, 3)}));
  EXPECT_EQ(t->sent.size(), 2u);  // the end is known from page 2: no third request
  // asking a finished walk for more is the caller's mistake, answered asynchronously
  std::optional<Error> err;
  c->next_page_json(walk, [&](Result<std::optional<std::string>> r) { err = r.error(); });
  EXPECT_FALSE(err);
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::invalid_argument);
  EXPECT_EQ(t->sent.size(), 2u);
}

TEST_F(Fixture, NextPageJsonEndsOnAVanishedPageButNotOnTheFirst) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent& s, double&) {
    if (page_query(s) == "2") return FakeTransport::reply(400, kPage2Vanished);
    return FakeTransport::reply(200, page_json(1, 3, 5));
  };
  auto walk = std::make_shared<PageWalk>(ServiceFilter{});
  std::vector<bool> pages;  // true: a page, false: the end
  std::function<void()> pull = [&] {
    c->next_page_json(walk, [&](Result<std::optional<std::string>> r) {
      ASSERT_TRUE(r.ok()) << r.error().message;
      pages.push_back(r->has_value());
      if (r->has_value() && !walk->done()) pull();
    });
  };
  pull();
  t->run();
  EXPECT_EQ(pages, (std::vector<bool>{true, false}));
  EXPECT_TRUE(walk->done());

  ServiceFilter from2;
  from2.page = 2;
  auto walk2 = std::make_shared<PageWalk>(from2);
  std::optional<Error> err;
  c->next_page_json(walk2, [&](Result<std::optional<std::string>> r) { err = r.error(); });
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->reason, ErrorReason::page_out_of_range);
  EXPECT_EQ(err->max_page, std::optional<std::int64_t>(1));
}

TEST_F(Fixture, BadPageEndsTheWalkWithTheError) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent&, double&) { return FakeTransport::reply(200, "{\"index\":1"); };
  auto walk = std::make_shared<PageWalk>(ServiceFilter{});
  std::optional<Error> err;
  c->next_page_json(walk, [&](Result<std::optional<std::string>> r) { err = r.error(); });
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::bad_response);
  EXPECT_TRUE(walk->done());
}

// The calls for JS hand back the body once checked, with the check the caller passes (the wasm
// build passes its -O2 copies of the scanner).
TEST_F(Fixture, TextCallsUseTheGivenCheck) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent&, double&) { return FakeTransport::reply(200, "{}"); };
  std::optional<Error> err;
  c->get_service_json(kId, true, [&](Result<std::string> r) { err = r.error(); });
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::bad_response);  // the codec's check by default
  std::optional<std::string> text;
  c->get_service_json(kId, true, [&](Result<std::string> r) { text = r.value(); },
                      [](std::string&, const DecodeLimits&) -> Result<Empty> { return Empty{}; });
  t->run();
  EXPECT_EQ(text, std::optional<std::string>("{}"));
  std::optional<Error> bad_id;
  c->get_service_json("nope", true, [&](Result<std::string> r) { bad_id = r.error(); });
  t->run();
  ASSERT_TRUE(bad_id);
  EXPECT_EQ(bad_id->code, ErrorCode::invalid_argument);
}

// Every call for JS reaches its endpoint and hands back the body it checked.
TEST_F(Fixture, EveryTextCallSendsItsRequestAndHandsBackTheBody) {
  auto c = make();
  const std::string service = zenml::testing::fixture("service_created.json");
  const std::string entity = R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"default"})";
  const std::string info = zenml::testing::fixture("server_info.json");
  t->handler = [&](const FakeTransport::Sent& s, double&) {
    if (s.request.path == "/api/v1/info") return FakeTransport::reply(200, info);
    if (s.request.path == "/api/v1/current-user" || s.request.path == "/api/v1/projects/default") {
      return FakeTransport::reply(200, entity);
    }
    if (s.request.method == "DELETE") return FakeTransport::reply(200, "null");
    return FakeTransport::reply(200, service);
  };
  std::vector<std::string> got;
  auto keep = [&](Result<std::string> r) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    got.push_back(*r);
  };
  ServiceRequest req;
  req.project = kId;
  req.name = "n";
  req.service_type = {"t", "f", "", "", ""};
  ServiceUpdate upd;
  upd.name = "m";
  c->server_info_json(keep);
  c->current_user_json(keep);
  c->project_json("default", keep);
  c->create_service_json(req, std::string("default"), keep);
  c->update_service_json(kId, upd, keep);
  c->delete_service_json(kId, keep);
  t->run();
  EXPECT_EQ(got, (std::vector<std::string>{info, entity, entity, service, service, "null"}));
  ASSERT_EQ(t->sent.size(), 6u);
  std::vector<std::string> sent;
  for (const auto& s : t->sent) sent.push_back(s.request.method + " " + s.request.path);
  EXPECT_EQ(sent, (std::vector<std::string>{"GET /api/v1/info", "GET /api/v1/current-user", "GET /api/v1/projects/default",
                                            "POST /api/v1/services", std::string("PUT /api/v1/services/") + kId,
                                            std::string("DELETE /api/v1/services/") + kId}));
  // a body that breaks the contract is a bad_response, not text for JSON.parse
  t->handler = [](const FakeTransport::Sent&, double&) { return FakeTransport::reply(200, R"({"id":5})"); };
  std::vector<ErrorCode> codes;
  auto code = [&](Result<std::string> r) { codes.push_back(r ? ErrorCode::server : r.error().code); };
  c->server_info_json(code);
  c->current_user_json(code);
  c->delete_service_json(kId, code);
  t->run();
  EXPECT_EQ(codes, (std::vector<ErrorCode>(3, ErrorCode::bad_response)));
}
