// libFuzzer target for the client's state machine and the error mapping: the input scripts a
// server (status, body, Retry-After, latency, network failures, timeouts, oversized bodies) and
// a caller (which calls, cancellations, the client destroyed mid-flight) over the virtual-time
// FakeTransport. Properties:
//   * every callback fires exactly once, never synchronously inside the call that started it
//     (argument errors included), and nothing stays pending in the client or the transport;
//   * a POST (create, login) is sent again only after a 401 that triggered a re-login: never
//     retried on 5xx/429/timeout/network;
//   * no attempt is made after max_retries + 1 attempts (+1 replay after a re-login);
//   * every error carries a code and a message; a success only ever follows a 2xx.
//
//   bash scripts/fuzz.sh 60
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../native/fake_transport.hpp"
#include "zenml/client.hpp"
#include "zenml/error_mapping.hpp"

using zenml::testing::FakeTransport;

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "\nclient_fuzz: %s %s\n", what, detail.c_str());
  std::abort();
}

constexpr const char* kId = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

const char* const kBodies[] = {
    "",
    "null",
    "{}",
    "[]",
    R"({"index":1,"max_size":20,"total_pages":1,"total":0,"items":[]})",
    R"({"index":1,"max_size":2,"total_pages":3,"total":5,"items":[]})",
    R"({"access_token":"tok","token_type":"bearer","expires_in":null,"refresh_token":null,"csrf_token":"c","scope":null,"device_id":null,"device_metadata":null})",
    R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","name":"zenml","version":"0.98.0","auth_scheme":"OAUTH2_PASSWORD_BEARER","deployment_type":"other","database_type":"sqlite","active":true})",
    R"({"detail":["KeyError","\"Unable to get service with ID '00000000-0000-0000-0000-000000000000': No service with this ID found\""]})",
    R"({"detail":"Not authenticated"})",
    R"(["ValueError","1 validation error:\n  {'type': 'int_parsing', 'loc': ('query', 'page'), 'msg': 'Input should be a valid integer'}"])",
    R"({"detail":["ValueError","Invalid page 4. The requested page size is 4 and there are a total of 9 items for this query. The maximum page value therefore is 3."]})",
    "<html><body><h1>502 Bad Gateway</h1></body></html>",
    "Internal Server Error",
    "{\"detail\":[\"Key",
    "\xff\xfe\xfd",
};

struct Outcome {
  int fired = 0;
  bool sync = false;
  bool ok = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  auto t = std::make_shared<FakeTransport>();

  zenml::ClientOptions o;
  o.base_url = "http://127.0.0.1:8237";
  o.seed = 1 + p.ConsumeIntegral<std::uint8_t>();
  o.max_retries = p.ConsumeIntegralInRange<int>(0, 3);
  o.timeout_ms = p.ConsumeBool() ? 0 : p.ConsumeIntegralInRange<int>(1, 2000);
  o.backoff_initial_ms = p.ConsumeIntegralInRange<int>(0, 500);
  o.max_retry_after_ms = p.ConsumeIntegralInRange<int>(0, 5000);
  o.relogin_on_401 = p.ConsumeBool();
  o.limits.max_bytes = p.ConsumeIntegralInRange<std::size_t>(1, 4096);
  o.limits.max_depth = p.ConsumeIntegralInRange<std::size_t>(1, 300);
  auto created = zenml::Client::create(t, o);
  if (!created) fail("valid options refused", created.error().message);
  std::unique_ptr<zenml::Client> client = std::move(created).value();

  // The scripted server: each request consumes its answer from the input.
  std::map<std::string, int> post_sends;  // body -> POSTs seen
  int responses_401_to_posts = 0;
  t->handler = [&p, &post_sends, &responses_401_to_posts](const FakeTransport::Sent& s,
                                                          double& latency) {
    latency = p.ConsumeIntegralInRange<int>(0, 3000);
    zenml::TransportResult r;
    switch (p.ConsumeIntegralInRange<int>(0, 9)) {
      case 0:
        r.failure = zenml::TransportFailure::network;
        r.message = "refused";
        return r;
      case 1:
        r.failure = zenml::TransportFailure::timeout;
        return r;
      case 2:
        r.failure = zenml::TransportFailure::too_large;
        return r;
      default:
        break;
    }
    static constexpr int kStatus[] = {200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 405,
                                      409, 422, 429, 500, 502, 503, 504, 0,   99,  599, 65535};
    r.response.status = p.ConsumeBool() ? kStatus[p.ConsumeIntegralInRange<std::size_t>(0, 21)]
                                        : p.ConsumeIntegralInRange<int>(0, 700);
    r.response.body = p.ConsumeBool()
                          ? std::string(kBodies[p.ConsumeIntegralInRange<std::size_t>(0, 15)])
                          : p.ConsumeRandomLengthString(512);
    if (p.ConsumeBool())
      r.response.headers.emplace_back(p.ConsumeBool() ? "Retry-After" : "retry-after",
                                      p.ConsumeRandomLengthString(12));
    if (s.request.method == "POST" && s.request.path == "/api/v1/services") {
      ++post_sends[s.request.body];
      if (r.response.status == 401) ++responses_401_to_posts;
    }
    return r;
  };

  std::vector<std::shared_ptr<Outcome>> outcomes;
  std::vector<zenml::Client::CallId> ids;
  int creates = 0;
  auto track = [&outcomes]() {
    auto out = std::make_shared<Outcome>();
    outcomes.push_back(out);
    return out;
  };
  auto mark = [](const std::shared_ptr<Outcome>& out, bool ok, const zenml::Error* e) {
    ++out->fired;
    out->ok = ok;
    if (e && (e->message.empty() || zenml::to_string(e->code).empty()))
      fail("error without code or message");
  };

  bool in_start = false;
  auto start_one = [&](int kind) {
    auto out = track();
    in_start = true;
    zenml::Client::CallId id = 0;
    auto on = [out, &in_start, mark](auto r) {
      if (in_start) out->sync = true;
      mark(out, r.ok(), r.ok() ? nullptr : &r.error());
    };
    switch (kind) {
      case 0:
        id = client->server_info([on](zenml::Result<zenml::ServerInfo> r) { on(std::move(r)); });
        break;
      case 1:
        id = client->list_services(
            zenml::ServiceFilter{},
            [on](zenml::Result<zenml::Page<zenml::Service>> r) { on(std::move(r)); });
        break;
      case 2:
        id = client->list_services_json(zenml::ServiceFilter{},
                                        [on](zenml::Result<std::string> r) { on(std::move(r)); });
        break;
      case 3:
        id = client->get_service(p.ConsumeBool() ? kId : "not-a-uuid", true,
                                 [on](zenml::Result<zenml::Service> r) { on(std::move(r)); });
        break;
      case 4: {
        zenml::ServiceRequest req;
        req.project = kId;
        req.name = "svc-" + std::to_string(creates);
        req.service_type = {"t", "f", "", "", ""};
        req.config = {{"n", creates++}};
        id = client->create_service(req, std::nullopt,
                                    [on](zenml::Result<zenml::Service> r) { on(std::move(r)); });
        break;
      }
      case 5: {
        zenml::ServiceUpdate u;
        u.name = "renamed";
        id = client->update_service(kId, u,
                                    [on](zenml::Result<zenml::Service> r) { on(std::move(r)); });
        break;
      }
      case 6:
        id = client->delete_service(kId, [on](zenml::Result<zenml::Empty> r) { on(std::move(r)); });
        break;
      case 7:
        id = client->login(
            p.ConsumeBool() ? zenml::Credentials::password("u", "p") : zenml::Credentials{},
            [on](zenml::Result<zenml::TokenResponse> r) { on(std::move(r)); });
        break;
      default: {
        // a walk: on_done fires exactly once
        auto pages = std::make_shared<int>(0);
        client->walk_services(
            zenml::ServiceFilter{}, [pages](zenml::Page<zenml::Service>&&) { return ++*pages < 5; },
            [on](zenml::Result<zenml::Empty> r) { on(std::move(r)); });
        break;
      }
    }
    in_start = false;
    if (id) ids.push_back(id);
  };

  const int steps = p.ConsumeIntegralInRange<int>(1, 12);
  bool destroyed = false;
  for (int i = 0; i < steps && !destroyed; ++i) {
    switch (p.ConsumeIntegralInRange<int>(0, 12)) {
      case 10:  // cancel some earlier call (maybe finished: must be ignored)
        if (!ids.empty())
          client->cancel(ids[p.ConsumeIntegralInRange<std::size_t>(0, ids.size() - 1)]);
        break;
      case 11:  // let virtual time pass for a while
        t->run(p.ConsumeIntegralInRange<int>(0, 20));
        break;
      case 12:  // the caller goes away with calls in flight
        if (p.ConsumeBool()) {
          client.reset();
          destroyed = true;
        }
        break;
      default:
        start_one(p.ConsumeIntegralInRange<int>(0, 8));
    }
  }
  t->run();
  if (t->in_flight() != 0) fail("transport requests left in flight");
  if (client && client->pending() != 0) fail("client calls left pending");
  for (const auto& out : outcomes) {
    if (out->fired != 1) fail("a callback fired", std::to_string(out->fired) + " times");
    if (out->sync) fail("a callback fired synchronously inside the call that started it");
  }
  for (const auto& [body, n] : post_sends) {
    // each create has a distinct body; only a 401 (re-login) may cause a replay
    if (n > 1 + responses_401_to_posts)
      fail("a POST was retried", std::to_string(n) + " sends: " + body);
  }
  return 0;
}
