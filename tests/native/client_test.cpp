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
const std::string kToken =
    R"({"access_token":"tok-2","token_type":"bearer","expires_in":null,"refresh_token":null,"csrf_token":null,"scope":null,"device_id":null,"device_metadata":null})";

std::string page_json(int index, int total_pages, int total) {
  return "{\"index\":" + std::to_string(index) +
         ",\"max_size\":2,\"total_pages\":" + std::to_string(total_pages) +
         ",\"total\":" + std::to_string(total) + ",\"items\":[]}";
}

struct Fixture : ::testing::Test {
  std::shared_ptr<FakeTransport> t = std::make_shared<FakeTransport>();
  /// A client of a server of `server_version`, pinned (no GET /api/v1/info: these fakes answer
  /// every path with the body under test); "" for one that learns it.
  std::unique_ptr<Client> make(ClientOptions o = {}, std::string server_version = "0.98.0") {
    if (o.base_url.empty()) o.base_url = "http://127.0.0.1:8237/";
    o.seed = 42;
    o.server_version = std::move(server_version);
    auto c = Client::create(t, o);
    EXPECT_TRUE(c.ok());
    return std::move(c).value();
  }
};

TransportResult net_error() {
  return TransportResult{TransportFailure::network, "refused", {}};
}

}  // namespace

TEST(BaseUrl, NormalisesAndRejects) {
  EXPECT_EQ(normalize_base_url("http://h:1/").value(), "http://h:1");
  EXPECT_EQ(normalize_base_url("https://h/zenml//").value(), "https://h/zenml");
  EXPECT_EQ(normalize_base_url("http://[::1]:8237").value(), "http://[::1]:8237");
  EXPECT_EQ(normalize_base_url("https://zen.example.com:443/prefix/").value(),
            "https://zen.example.com:443/prefix");
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
  EXPECT_EQ(normalize_token("eyJhbGciOiJIUzI1NiJ9.e30.sig", "token").value(),
            "eyJhbGciOiJIUzI1NiJ9.e30.sig");
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
  t->handler = [](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(200, "null");
  };
  bool done = false;
  c->delete_service(kId, [&](Result<Empty> r) {
    EXPECT_TRUE(r.ok());
    done = true;
  });
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
  t->handler = [](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(200, kToken);
  };
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
  EXPECT_GE(gap1, 125);
  EXPECT_LE(gap1, 250);
  EXPECT_GE(gap2, 250);
  EXPECT_LE(gap2, 500);
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
    return FakeTransport::reply(
        401, R"({"detail":["AuthorizationException","Authentication error: expired"]})");
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
      return FakeTransport::reply(
          401,
          R"({"detail":["AuthorizationException","Authentication error: invalid username or password"]})");
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
    return FakeTransport::reply(401, R"({"detail":"Not authenticated"})",
                                {{"WWW-Authenticate", "Bearer"}});
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
  auto id = c->delete_service(kId, [&](Result<Empty> r) {
    ++calls;
    if (!r) err = r.error();
  });
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
  c->get_service("../../login", true, [&](Result<Service> r) {
    called = true;
    err = r.error();
  });
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
  t->handler = [](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(200, "{\"index\":1");
  };
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
    for (const auto& [k, v] : s.request.query)
      if (k == "page") page = std::stoi(v);
    return FakeTransport::reply(200, page_json(page, 3, 5));
  };
  std::vector<std::int64_t> seen;
  bool done = false;
  c->walk_services(
      ServiceFilter{},
      [&](Page<Service>&& p) {
        seen.push_back(p.index);
        return true;
      },
      [&](Result<Empty> r) { done = r.ok(); });
  t->run();
  EXPECT_TRUE(done);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_F(Fixture, WalkOverNothingMakesOneCall) {
  auto c = make();
  t->handler = [](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(200, page_json(1, 1, 0));
  };
  int pages = 0;
  bool done = false;
  c->walk_services(
      ServiceFilter{},
      [&](Page<Service>&&) {
        ++pages;
        return true;
      },
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
        return FakeTransport::reply(
            400,
            R"({"detail":["ValueError","Invalid page 2. The requested page size is 2 and there are a total of 2 items for this query. The maximum page value therefore is 1."]})");
      }
    }
    return FakeTransport::reply(200, page_json(1, 3, 5));
  };
  int pages = 0;
  bool done = false;
  c->walk_services(
      ServiceFilter{},
      [&](Page<Service>&&) {
        ++pages;
        return true;
      },
      [&](Result<Empty> r) { done = r.ok(); });
  t->run();
  EXPECT_TRUE(done);
  EXPECT_EQ(pages, 1);

  pages = 0;
  c->walk_services(
      ServiceFilter{},
      [&](Page<Service>&&) {
        ++pages;
        return false;
      },
      [&](Result<Empty> r) { done = r.ok(); });
  t->run();
  EXPECT_EQ(pages, 1);
}

namespace {
std::string page_query(const FakeTransport::Sent& s) {
  for (const auto& [k, v] : s.request.query)
    if (k == "page") return v;
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
  t->handler = [](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(200, "{\"index\":1");
  };
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
  c->get_service_json(
      kId, true, [&](Result<std::string> r) { text = r.value(); },
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
  EXPECT_EQ(sent, (std::vector<std::string>{"GET /api/v1/info", "GET /api/v1/current-user",
                                            "GET /api/v1/projects/default", "POST /api/v1/services",
                                            std::string("PUT /api/v1/services/") + kId,
                                            std::string("DELETE /api/v1/services/") + kId}));
  // a body that breaks the contract is a bad_response, not text for JSON.parse
  t->handler = [](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(200, R"({"id":5})");
  };
  std::vector<ErrorCode> codes;
  auto code = [&](Result<std::string> r) {
    codes.push_back(r ? ErrorCode::server : r.error().code);
  };
  c->server_info_json(code);
  c->current_user_json(code);
  c->delete_service_json(kId, code);
  t->run();
  EXPECT_EQ(codes, (std::vector<ErrorCode>(3, ErrorCode::bad_response)));
}

// ---- the server's release: learned once from GET /api/v1/info, or pinned ----

namespace {

std::string info_json(const std::string& version) {
  std::string info = zenml::testing::fixture("server_info.json");
  const std::string from = "\"version\":\"0.98.0\"";
  const auto at = info.find(from);
  EXPECT_NE(at, std::string::npos);
  return info.replace(at, from.size(), "\"version\":\"" + version + "\"");
}

std::size_t count_path(const FakeTransport& t, const std::string& path) {
  std::size_t n = 0;
  for (const auto& s : t.sent) n += s.request.path == path;
  return n;
}

/// A server of `version`: /api/v1/info answers it, every list an empty page.
FakeTransport::Handler server_of(std::string version) {
  return [info = info_json(version)](const FakeTransport::Sent& s, double&) {
    if (s.request.path == "/api/v1/info") return FakeTransport::reply(200, info);
    return FakeTransport::reply(200, page_json(1, 1, 0));
  };
}

/// A list filter that 0.90.0 would misread (it reads notoneof:[…] as a literal name).
template <class T>
std::optional<Error> error_of(const Result<T>& r) {
  if (r) return std::nullopt;
  return r.error();
}

ServiceFilter not_one_of() {
  return ServiceFilter::parse_query("name=notoneof:[\"x\"]").value();
}

}  // namespace

TEST(ServerRelease, ReadFromTheVersionTheServerGives) {
  EXPECT_EQ(release_of_server_version("0.90.0").value(), (Release{0, 90, 0}));
  EXPECT_EQ(release_of_server_version("0.99.0.dev20260101").value(), (Release{0, 99, 0}));
  EXPECT_EQ(release_of_server_version("0.95.0rc1").value(), (Release{0, 95, 0}));
  for (const char* bad : {"", "abc", "0.90", "0..90.0", ".0.90.0", "v0.90.0"}) {
    auto r = release_of_server_version(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::bad_response) << bad;
  }
}

TEST_F(Fixture, ConcurrentFirstCallsShareOneInfoRequest) {
  auto c = make({}, "");
  c->set_token("tok-1");
  t->handler = server_of("0.90.0");
  EXPECT_EQ(c->server_version(), "");
  EXPECT_FALSE(c->server_release());
  int ok = 0;
  auto count = [&](auto r) { ok += r.ok(); };
  c->list_services(ServiceFilter{}, [&](Result<Page<Service>> r) { count(r); });
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { count(r); });
  c->next_page_json(std::make_shared<PageWalk>(ServiceFilter{}),
                    [&](Result<std::optional<std::string>> r) { count(r); });
  c->walk_services(
      ServiceFilter{}, [](Page<Service>&&) { return true; }, [&](Result<Empty> r) { count(r); });
  EXPECT_EQ(t->sent.size(), 1u);  // only /api/v1/info so far
  EXPECT_EQ(c->pending(), 4u);    // the caller's calls, not the client's own /api/v1/info
  t->run();
  EXPECT_EQ(ok, 4);
  EXPECT_EQ(count_path(*t, "/api/v1/info"), 1u);
  EXPECT_EQ(count_path(*t, "/api/v1/services"), 4u);
  EXPECT_EQ(t->sent.front().request.path, "/api/v1/info");
  // it needs no token, and without one a browser sends it with no CORS preflight
  EXPECT_EQ(find_header(t->sent.front().request.headers, "Authorization"), nullptr);
  EXPECT_EQ(*find_header(t->sent.back().request.headers, "Authorization"), "Bearer tok-1");
  EXPECT_EQ(c->server_version(), "0.90.0");
  EXPECT_EQ(c->server_release(), (Release{0, 90, 0}));
  // known from now on: no second /info
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { count(r); });
  t->run();
  EXPECT_EQ(ok, 5);
  EXPECT_EQ(count_path(*t, "/api/v1/info"), 1u);
  EXPECT_EQ(c->pending(), 0u);
}

TEST_F(Fixture, CallsThatDoNotDependOnTheReleaseDoNotAskForIt) {
  auto c = make({}, "");
  t->handler = [](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(200, "null");
  };
  bool done = false;
  c->delete_service(kId, [&](Result<Empty> r) { done = r.ok(); });
  t->run();
  EXPECT_TRUE(done);
  EXPECT_EQ(count_path(*t, "/api/v1/info"), 0u);
  EXPECT_EQ(c->server_version(), "");
}

TEST_F(Fixture, TheQueryIsRefusedForTheLearnedReleaseBeforeItIsSent) {
  auto c = make({}, "");
  t->handler = server_of("0.90.0");
  std::optional<Error> err, walk_err;
  c->list_services_json(not_one_of(), [&](Result<std::string> r) { err = error_of(r); });
  auto walk = std::make_shared<PageWalk>(not_one_of());
  c->next_page_json(walk, [&](Result<std::optional<std::string>> r) { walk_err = error_of(r); });
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::invalid_argument);
  EXPECT_NE(err->message.find("0.90.0"), std::string::npos) << err->message;
  EXPECT_NE(err->message.find("0.95.0"), std::string::npos) << err->message;
  ASSERT_TRUE(walk_err);
  EXPECT_EQ(walk_err->message, err->message);
  EXPECT_TRUE(walk->done());
  EXPECT_EQ(count_path(*t, "/api/v1/services"), 0u);  // nothing was sent
  EXPECT_EQ(count_path(*t, "/api/v1/info"), 1u);
}

TEST_F(Fixture, AFilterReaderReadsForTheLearnedRelease) {
  auto c = make({}, "");
  t->handler = server_of("0.90.0");
  std::vector<Release> asked;
  FilterFor read = [&](Release r) {
    asked.push_back(r);
    return ServiceFilter::parse_query("name=startswith:svc-", kPageSizeMaximum, r);
  };
  std::optional<std::string> body;
  c->list_services_json(read, [&](Result<std::string> r) { body = r.value(); });
  auto walk = std::make_shared<PageWalk>(read);
  EXPECT_EQ(walk->next(), nullptr);  // not read yet
  std::optional<std::string> page;
  c->next_page_json(walk, [&](Result<std::optional<std::string>> r) { page = r.value(); });
  t->run();
  EXPECT_TRUE(body);
  EXPECT_TRUE(page);
  EXPECT_EQ(asked, (std::vector<Release>{Release{0, 90, 0}, Release{0, 90, 0}}));
  EXPECT_TRUE(walk->done());
  ASSERT_EQ(count_path(*t, "/api/v1/services"), 2u);
  EXPECT_EQ(t->sent.back().request.target(), "/api/v1/services?name=startswith%3Asvc-");
}

TEST_F(Fixture, AFailedInfoFailsTheWaitingCallsAndTheNextCallAsksAgain) {
  ClientOptions o;
  o.max_retries = 0;
  auto c = make(o, "");
  t->handler = [](const FakeTransport::Sent&, double&) { return net_error(); };
  std::vector<ErrorCode> codes;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) {
    codes.push_back(r ? ErrorCode::server : r.error().code);
  });
  c->list_services(ServiceFilter{}, [&](Result<Page<Service>> r) {
    codes.push_back(r ? ErrorCode::server : r.error().code);
  });
  t->run();
  EXPECT_EQ(codes, (std::vector<ErrorCode>{ErrorCode::network, ErrorCode::network}));
  EXPECT_EQ(t->sent.size(), 1u);  // one /info, no list
  EXPECT_EQ(c->server_version(), "");
  // a body that is no ServerInfo, then a version that is no release: bad_response, and again
  t->handler = [](const FakeTransport::Sent&, double&) { return FakeTransport::reply(200, "[]"); };
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) {
    codes.push_back(r ? ErrorCode::server : r.error().code);
  });
  t->run();
  t->handler = [](const FakeTransport::Sent&, double&) {
    return FakeTransport::reply(200, info_json("latest"));
  };
  std::string message;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) {
    codes.push_back(r ? ErrorCode::server : r.error().code);
    message = r ? "" : r.error().message;
  });
  t->run();
  EXPECT_EQ(codes, (std::vector<ErrorCode>{ErrorCode::network, ErrorCode::network,
                                           ErrorCode::bad_response, ErrorCode::bad_response}));
  EXPECT_NE(message.find("\"latest\""), std::string::npos) << message;
  EXPECT_EQ(count_path(*t, "/api/v1/info"), 3u);
  // the server answers now: the next call learns the release and lists
  t->handler = server_of("0.98.0");
  bool ok = false;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { ok = r.ok(); });
  t->run();
  EXPECT_TRUE(ok);
  EXPECT_EQ(count_path(*t, "/api/v1/info"), 4u);
  EXPECT_EQ(count_path(*t, "/api/v1/services"), 1u);
  EXPECT_EQ(c->server_version(), "0.98.0");
}

TEST_F(Fixture, TheInfoRequestIsRetriedLikeAnyIdempotentCall) {
  auto c = make({}, "");
  int infos = 0;
  t->handler = [&, info = info_json("0.98.0")](const FakeTransport::Sent& s, double&) {
    if (s.request.path == "/api/v1/info" && ++infos == 1) return net_error();
    if (s.request.path == "/api/v1/info") return FakeTransport::reply(200, info);
    return FakeTransport::reply(200, page_json(1, 1, 0));
  };
  bool ok = false;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { ok = r.ok(); });
  t->run();
  EXPECT_TRUE(ok);
  EXPECT_EQ(infos, 2);
}

TEST_F(Fixture, APinnedReleaseIsNeverAskedFor) {
  auto c = make({}, "0.90.0");
  EXPECT_EQ(c->server_version(), "0.90.0");
  EXPECT_EQ(c->server_release(), (Release{0, 90, 0}));
  t->handler = server_of("0.98.0");  // what the server says does not matter: the caller pinned it
  std::optional<Error> err;
  c->list_services_json(not_one_of(), [&](Result<std::string> r) { err = error_of(r); });
  bool ok = false;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { ok = r.ok(); });
  bool info = false;
  c->server_info_json([&](Result<std::string> r) { info = r.ok(); });
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::invalid_argument);
  EXPECT_NE(err->message.find("0.90.0"), std::string::npos) << err->message;
  EXPECT_TRUE(ok);
  EXPECT_TRUE(info);
  EXPECT_EQ(count_path(*t, "/api/v1/info"), 1u);  // the caller's own serverInfo call only
  EXPECT_EQ(count_path(*t, "/api/v1/services"), 1u);
  EXPECT_EQ(c->server_version(), "0.90.0");  // still the pinned one
  // a pinned version must be a release
  for (const char* bad : {"0.90", "latest", "0.90.0rc1", " 0.90.0"}) {
    ClientOptions o;
    o.base_url = "http://h";
    o.server_version = bad;
    auto e = Client::create(t, o);
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(e.error().message.find("serverVersion"), std::string::npos) << e.error().message;
  }
}

TEST_F(Fixture, ServerInfoTeachesTheRelease) {
  auto c = make({}, "");
  t->handler = server_of("0.95.0");
  std::optional<ServerInfo> info;
  c->server_info([&](Result<ServerInfo> r) { info = r.value(); });
  t->run();
  ASSERT_TRUE(info);
  EXPECT_EQ(c->server_version(), "0.95.0");
  bool ok = false;
  c->list_services_json(not_one_of(), [&](Result<std::string> r) { ok = r.ok(); });
  t->run();
  EXPECT_TRUE(ok);  // 0.95.0 knows notoneof
  EXPECT_EQ(count_path(*t, "/api/v1/info"), 1u);
}

TEST_F(Fixture, AReleaseNewerThanTheNewestKnownGetsTheNewestRules) {
  auto c = make({}, "");
  t->handler = server_of("0.99.0.dev2");
  bool ok = false;
  c->list_services_json(not_one_of(), [&](Result<std::string> r) { ok = r.ok(); });
  t->run();
  EXPECT_TRUE(ok);
  EXPECT_EQ(c->server_version(), "0.99.0");  // its release, the suffix dropped
  ASSERT_EQ(count_path(*t, "/api/v1/services"), 1u);
  EXPECT_EQ(t->sent.back().request.target(), "/api/v1/services?name=notoneof%3A%5B%22x%22%5D");
}

TEST_F(Fixture, AReleaseOlderThanTheOldestSupportedRefusesListsOnly) {
  auto c = make({}, "");
  const std::string service = zenml::testing::fixture("service_created.json");
  t->handler = [&, info = info_json("0.70.0")](const FakeTransport::Sent& s, double&) {
    if (s.request.path == "/api/v1/info") return FakeTransport::reply(200, info);
    return FakeTransport::reply(200, service);
  };
  std::optional<Error> err;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { err = error_of(r); });
  bool got = false;
  c->get_service_json(kId, true, [&](Result<std::string> r) { got = r.ok(); });
  t->run();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::invalid_argument);
  for (const char* release : {"0.70.0", "0.80.0", "0.98.0"}) {
    EXPECT_NE(err->message.find(release), std::string::npos) << release << ": " << err->message;
  }
  EXPECT_TRUE(got);
  EXPECT_EQ(c->server_version(), "0.70.0");
  EXPECT_EQ(count_path(*t, "/api/v1/services"), 0u);
}

TEST_F(Fixture, CancellingTheLastWaitingCallCancelsTheInfoRequest) {
  auto c = make({}, "");
  t->handler = server_of("0.98.0");
  std::optional<Error> a, b;
  const auto id_a =
      c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { a = error_of(r); });
  const auto id_b =
      c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { b = error_of(r); });
  ASSERT_EQ(t->sent.size(), 1u);
  c->cancel(id_a);
  ASSERT_TRUE(a);  // at once
  EXPECT_EQ(a->code, ErrorCode::aborted);
  EXPECT_TRUE(t->cancelled.empty());  // b still waits for it
  c->cancel(id_b);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->code, ErrorCode::aborted);
  EXPECT_EQ(t->cancelled.size(), 1u);  // nobody needs it now
  t->run();
  EXPECT_EQ(c->pending(), 0u);
  EXPECT_EQ(c->server_version(), "");
  // the next call asks again
  bool ok = false;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { ok = r.ok(); });
  t->run();
  EXPECT_TRUE(ok);
  EXPECT_EQ(count_path(*t, "/api/v1/info"), 2u);
}

TEST_F(Fixture, DestroyingTheClientAbortsCallsWaitingForTheRelease) {
  auto c = make({}, "");
  t->handler = server_of("0.98.0");
  std::optional<Error> err;
  c->list_services_json(ServiceFilter{}, [&](Result<std::string> r) { err = error_of(r); });
  c.reset();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::aborted);
  t->run();
  EXPECT_EQ(count_path(*t, "/api/v1/services"), 0u);
}
