// zenml-services-wasm — EmscriptenFetchTransport (see fetch_transport.hpp for the rules).
#include "fetch_transport.hpp"

#include <emscripten.h>
#include <emscripten/eventloop.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace zenml::wasm {
namespace {

// One XMLHttpRequest per request, in a Map keyed by our request id, driven by the few lines of
// JS below instead of Emscripten's Fetch API: Fetch.js (fetchXHR, startFetch, the
// emscripten_fetch_t struct, IndexedDB and streaming branches) was 2.5 kB gzip of the module
// for what this transport uses of it. The XHR is set up as fetchXHR did (withCredentials,
// open, responseType arraybuffer, headers, send of a copy of the body, a failing send reported
// as an error event) and reports back through three exported functions: zsw_xhr_buffer (room
// for the body and the header block, copied straight into the strings the response keeps),
// zsw_xhr_progress and zsw_xhr_end. A request leaves the Map before its end is reported or
// when it is aborted, so an XHR event after either is ignored.
EM_JS(int, zsw_xhr_send, (double id, const char* method, const char* url, const char* headers,
                          const char* body, size_t body_len, int credentials, int progress), {
  var all = Module["zswXhrs"] || (Module["zswXhrs"] = new Map());
  var x = new XMLHttpRequest();
  try {
    x.withCredentials = !!credentials;
    x.open(UTF8ToString(method), UTF8ToString(url));
    x.responseType = "arraybuffer";
    while (HEAPU8[headers]) {  // name NUL value NUL ... NUL
      var k = UTF8ToString(headers);
      headers += lengthBytesUTF8(k) + 1;
      var v = UTF8ToString(headers);
      headers += lengthBytesUTF8(v) + 1;
      x.setRequestHeader(k, v);
    }
  } catch (e) {
    return 0;
  }
  all.set(id, x);
  function end(error) {
    if (all.get(id) !== x) return;
    all.delete(id);
    var data = x.response ? new Uint8Array(x.response) : null;
    var p = data && data.length ? _zsw_xhr_buffer(id, 0, data.length) : 0;
    if (p) HEAPU8.set(data, p);  // (the heap may have grown in _zsw_xhr_buffer: HEAPU8 is read after)
    var h = x.getAllResponseHeaders() || "";
    var n = lengthBytesUTF8(h);
    p = n ? _zsw_xhr_buffer(id, 1, n) : 0;
    if (p) stringToUTF8(h, p, n + 1);
    _zsw_xhr_end(id, error, x.status);
  }
  x.onload = function() { end(0); };
  x.onerror = function() { end(1); };
  if (progress) x.onprogress = function(e) { if (all.get(id) === x) _zsw_xhr_progress(id, e.total, e.loaded); };
  try {
    x.send(body_len ? HEAPU8.slice(body, body + body_len) : null);
  } catch (e) {
    end(1);
  }
  return 1;
});

// Aborting the XHR is what ends a request early: it leaves the Map first, so no event of it is
// reported afterwards.
EM_JS(void, zsw_xhr_abort, (double id), {
  var all = Module["zswXhrs"];
  var x = all && all.get(id);
  if (x) {
    all.delete(id);
    x.abort();
  }
});

// XMLHttpRequest.open() throws on a URL it cannot parse (e.g. port 99999). The transport refuses
// such a request up front, with a message that says why (the JS above would only see a throw).
EM_JS(int, zsw_url_ok, (const char* url), {
  try { new URL(UTF8ToString(url)); return 1; } catch (e) { return 0; }
});

struct Pending {
  std::function<void(TransportResult)> done;
  std::string body;     // the response body, written by the JS (zsw_xhr_buffer)
  std::string headers;  // the response header block, likewise (with room for its NUL)
  long timer = 0;       // our deadline
  std::size_t max_bytes = 0;  // SendOptions::max_response_bytes (0: none)
};

std::map<RequestId, std::unique_ptr<Pending>>& pending() {
  static std::map<RequestId, std::unique_ptr<Pending>> p;
  return p;
}
RequestId next_id = 1;

std::unique_ptr<Pending> take(RequestId id) {
  auto it = pending().find(id);
  if (it == pending().end()) return nullptr;
  auto p = std::move(it->second);
  pending().erase(it);
  return p;
}

Pending* find(double id) {
  auto it = pending().find(static_cast<RequestId>(id));
  return it == pending().end() ? nullptr : it->second.get();
}

// Ends a request that has not completed: abort the XHR, then report `failure`.
void end_early(RequestId id, TransportFailure failure, std::string message) {
  auto p = take(id);
  if (!p) return;
  if (p->timer) emscripten_clear_timeout(p->timer);
  zsw_xhr_abort(static_cast<double>(id));
  TransportResult r;
  r.failure = failure;
  r.message = std::move(message);
  p->done(std::move(r));
}

void on_deadline(void* user) {
  const auto id = static_cast<RequestId>(reinterpret_cast<uintptr_t>(user));
  auto it = pending().find(id);
  if (it == pending().end()) return;
  it->second->timer = 0;
  end_early(id, TransportFailure::timeout, "");
}

struct TimerTask {
  std::function<void()> fn;
};
void on_timer(void* user) {
  std::unique_ptr<TimerTask> t(static_cast<TimerTask*>(user));
  t->fn();
}

// Why XMLHttpRequest would refuse this request, or "" (see zsw_url_ok).
std::string refused_by_xhr(const std::string& url, const HttpRequest& request) {
  for (const auto& [k, v] : request.headers) {
    if (!header_name_ok(k) || !header_value_ok(v)) {
      return "the request header " + (header_name_ok(k) ? k : std::string("name")) +
             " holds characters XMLHttpRequest refuses (line breaks, NUL or non-ASCII)";
    }
  }
  if (!zsw_url_ok(url.c_str())) return "XMLHttpRequest refuses the URL " + url.substr(0, 200);
  return {};
}

void deliver_later(std::function<void(TransportResult)> done, TransportResult r) {
  auto* t = new TimerTask{[done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); }};
  emscripten_set_timeout(&on_timer, 0, t);
}

}  // namespace

/// Room for `n` bytes of the response body (`which` 0) or header block (1) of request `id`.
extern "C" EMSCRIPTEN_KEEPALIVE char* zsw_xhr_buffer(double id, int which, std::size_t n) {
  Pending* p = find(id);
  if (p == nullptr) return nullptr;
  std::string& s = which == 0 ? p->body : p->headers;
  s.resize(which == 0 ? n : n + 1);
  return s.data();
}

// 3.1.6's XHR buffers the whole body in JS before the load event; the progress events are the
// only earlier look. They report Content-Length (`total`, 0 when unknown) and the bytes received
// so far (`loaded`), so a body over the limit is aborted at the first progress event that shows
// it, not after it has been read to the end.
extern "C" EMSCRIPTEN_KEEPALIVE void zsw_xhr_progress(double id, double total, double loaded) {
  Pending* p = find(id);
  if (p == nullptr || p->max_bytes == 0) return;
  const std::uint64_t max = p->max_bytes;
  const auto total_bytes = static_cast<std::uint64_t>(total);
  const auto loaded_bytes = static_cast<std::uint64_t>(loaded);
  if (total_bytes > max) {
    end_early(static_cast<RequestId>(id), TransportFailure::too_large,
                    "response body of " + std::to_string(total_bytes) + " bytes (Content-Length) exceeds the limit of " +
                        std::to_string(max) + " bytes (maxResponseBytes)");
  } else if (loaded_bytes > max) {
    end_early(static_cast<RequestId>(id), TransportFailure::too_large,
                    "response body exceeds the limit of " + std::to_string(max) +
                        " bytes (maxResponseBytes); stopped reading after " + std::to_string(loaded_bytes) + " bytes");
  }
}

// The XHR's load event (`error` 0: any status) or error event (1).
extern "C" EMSCRIPTEN_KEEPALIVE void zsw_xhr_end(double id, int error, int status) {
  auto p = take(static_cast<RequestId>(id));
  if (!p) return;
  if (p->timer) emscripten_clear_timeout(p->timer);
  TransportResult r;
  if (status == 0) {
    r.failure = TransportFailure::network;
    r.message = "network error: the server could not be reached (down, refused, or blocked by CORS)";
  } else if (error && status >= 200 && status < 300) {
    // Only the XHR `error` event comes with a 2xx status: the connection broke after the status
    // line (xhr2 keeps the status, browsers report 0). The body is incomplete.
    r.failure = TransportFailure::network;
    r.message = "network error: the connection closed before the whole response arrived (HTTP " +
                std::to_string(status) + ")";
  } else {
    r.response.status = status;
    r.response.body = std::move(p->body);
    if (!p->headers.empty()) r.response.headers = parse_header_block(p->headers.c_str());
  }
  p->done(std::move(r));
}

RequestId EmscriptenFetchTransport::send(const std::string& url, const HttpRequest& request,
                                         const SendOptions& options,
                                         std::function<void(TransportResult)> done) {
  const RequestId id = next_id++;
  if (auto why = refused_by_xhr(url, request); !why.empty()) {
    deliver_later(std::move(done), TransportResult{TransportFailure::network, std::move(why), {}});
    return id;
  }
  std::string headers;  // "name\0value\0...\0"
  for (const auto& [k, v] : request.headers) {
    headers.append(k).push_back('\0');
    headers.append(v).push_back('\0');
  }
  auto p = std::make_unique<Pending>();
  p->done = std::move(done);
  p->max_bytes = options.max_response_bytes;
  pending()[id] = std::move(p);
  const bool sent = zsw_xhr_send(static_cast<double>(id), request.method.c_str(), url.c_str(), headers.c_str(),
                                 request.body.data(), request.body.size(), options.with_credentials ? 1 : 0,
                                 options.max_response_bytes ? 1 : 0);
  if (!sent) {  // XMLHttpRequest threw in open() or setRequestHeader() (refused_by_xhr missed it)
    if (auto q = take(id)) {
      deliver_later(std::move(q->done),
                    TransportResult{TransportFailure::network, "XMLHttpRequest refused the request", {}});
    }
    return id;
  }
  // A failing xhr.send() is reported synchronously, so the request may already be settled
  // and its Pending freed here: look it up again instead of keeping a pointer.
  auto it = pending().find(id);
  if (it != pending().end() && options.timeout_ms > 0) {
    it->second->timer = emscripten_set_timeout(&on_deadline, options.timeout_ms,
                                               reinterpret_cast<void*>(static_cast<uintptr_t>(id)));
  }
  return id;
}

void EmscriptenFetchTransport::cancel(RequestId id) {
  end_early(id, TransportFailure::aborted, "");
}

void EmscriptenFetchTransport::set_timer(double delay_ms, std::function<void()> fn) {
  emscripten_set_timeout(&on_timer, delay_ms, new TimerTask{std::move(fn)});
}

double EmscriptenFetchTransport::now_ms() { return emscripten_get_now(); }

std::size_t EmscriptenFetchTransport::live_requests() { return pending().size(); }

bool header_name_ok(std::string_view name) {
  if (name.empty()) return false;
  for (char ch : name) {  // RFC 9110 token
    const auto c = static_cast<unsigned char>(ch);
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && (c == 0 || !std::strchr("!#$%&'*+-.^_`|~", c))) return false;
  }
  return true;
}

bool header_value_ok(std::string_view value) {
  // XHR trims leading/trailing HTTP whitespace, then refuses NUL, CR and LF. Bytes >= 0x80 are
  // refused here as well: XHR would send them as Latin-1 code units, not the UTF-8 we hold.
  std::size_t b = 0, e = value.size();
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (b < e && ws(value[b])) ++b;
  while (e > b && ws(value[e - 1])) --e;
  for (std::size_t i = b; i < e; ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c == 0 || c == '\r' || c == '\n' || c >= 0x80) return false;
  }
  return true;
}

}  // namespace zenml::wasm
