// A deterministic Transport for client tests: a virtual clock and a scripted server.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "zenml/transport.hpp"

namespace zenml::testing {

/// Each request is answered by `handler` after `latency_ms` of virtual time; timers run in
/// virtual time too. `run()` drains everything, so tests are instant and repeatable.
class FakeTransport : public Transport {
 public:
  struct Sent {
    std::string url;
    HttpRequest request;
    SendOptions options;
    double at_ms;
  };
  /// Returns the outcome for a request; `latency_ms` may be set per reply.
  using Handler = std::function<TransportResult(const Sent&, double& latency_ms)>;

  Handler handler;
  std::vector<Sent> sent;
  std::vector<RequestId> cancelled;
  double now = 0;

  RequestId send(const std::string& url, const HttpRequest& request, const SendOptions& options,
                 std::function<void(TransportResult)> done) override {
    const RequestId id = next_id_++;
    sent.push_back({url, request, options, now});
    double latency = 10;
    TransportResult r = handler ? handler(sent.back(), latency)
                                : TransportResult{TransportFailure::network, "no handler", {}};
    if (options.timeout_ms > 0 && latency > options.timeout_ms) {
      r = TransportResult{TransportFailure::timeout, "", {}};
      latency = options.timeout_ms;
    }
    pending_[id] = std::move(done);
    schedule(latency, [this, id, r = std::move(r)]() mutable {
      auto it = pending_.find(id);
      if (it == pending_.end()) return;
      auto cb = std::move(it->second);
      pending_.erase(it);
      cb(std::move(r));
    });
    return id;
  }

  void cancel(RequestId id) override {
    cancelled.push_back(id);
    auto it = pending_.find(id);
    if (it == pending_.end()) return;
    auto cb = std::move(it->second);
    pending_.erase(it);
    schedule(0, [cb = std::move(cb)] { cb(TransportResult{TransportFailure::aborted, "", {}}); });
  }

  void set_timer(double delay_ms, std::function<void()> fn) override {
    schedule(delay_ms, std::move(fn));
  }
  double now_ms() override { return now; }

  /// Runs tasks in time order until none is left (or `limit` tasks ran).
  void run(int limit = 100000) {
    while (!tasks_.empty() && limit-- > 0) {
      auto it = tasks_.begin();
      now = it->first.first;
      auto fn = std::move(it->second);
      tasks_.erase(it);
      fn();
    }
  }
  std::size_t in_flight() const { return pending_.size(); }

  static TransportResult reply(int status, std::string body, Headers headers = {}) {
    TransportResult r;
    r.response.status = status;
    r.response.body = std::move(body);
    r.response.headers = std::move(headers);
    return r;
  }

 private:
  void schedule(double delay, std::function<void()> fn) {
    tasks_.emplace(std::make_pair(now + delay, seq_++), std::move(fn));
  }
  std::map<std::pair<double, std::uint64_t>, std::function<void()>> tasks_;
  std::map<RequestId, std::function<void(TransportResult)>> pending_;
  RequestId next_id_ = 1;
  std::uint64_t seq_ = 0;
};

}  // namespace zenml::testing
