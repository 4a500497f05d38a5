// zenml-services-wasm — EmscriptenFetchTransport (see fetch_transport.hpp for the rules).
#include "fetch_transport.hpp"

#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/fetch.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace zenml::wasm {
namespace {

// Aborting the XHR before closing is what makes cancellation safe in 3.1.6 (docs/toolchain.md §2).
EM_JS(void, zsw_xhr_abort, (unsigned id), {
  var x = Fetch.xhrs[id - 1];
  if (x) x.abort();
});

// XMLHttpRequest.open() throws on a URL it cannot parse (e.g. port 99999). A JS exception
// must never cross emscripten_fetch: it would unwind the wasm frames and leave the request
// registered forever (pending call, live fetch, emval handles, leaked stack).
EM_JS(int, zsw_url_ok, (const char* url), {
  try {
    new URL(UTF8ToString(url));
    return 1;
  } catch (e) {
    return 0;
  }
});

// The response body, copied once from the XHR's ArrayBuffer into the string the client gets.
// Fetches are made without EMSCRIPTEN_FETCH_LOAD_TO_MEMORY, so Fetch.js does not first copy the
// body into a buffer of its own (f->data stays null): one body-sized malloc and memcpy less per
// response, and the heap holds the body once instead of twice.
EM_JS(size_t, zsw_xhr_body_length, (unsigned id), {
  var x = Fetch.xhrs[id - 1];
  return x && x.response ? x.response.byteLength : 0;
});
EM_JS(void, zsw_xhr_body_copy, (unsigned id, char* dst),
      { HEAPU8.set(new Uint8Array(Fetch.xhrs[id - 1].response), dst); });

struct Pending {
  RequestId id = 0;
  emscripten_fetch_t* fetch = nullptr;
  std::function<void(TransportResult)> done;
  std::string method, url, body;            // emscripten_fetch does not copy requestData
  std::vector<std::string> header_storage;  // kept alive for the whole request
  std::vector<const char*> header_ptrs;
  long timer = 0;  // our deadline
  double timeout_ms = 0;
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

// Not emscripten_fetch_unpack_response_headers: in 3.1.6 it keeps the leading space and the
// trailing CR LF in every value (so `Retry-After: 120` read as " 120\r\n" and was never
// honoured) and drops a last line without a line end (xhr2 writes none).
Headers read_headers(emscripten_fetch_t* f) {
  const size_t len = emscripten_fetch_get_response_headers_length(f);
  if (len == 0) return {};
  std::string raw(len + 1, '\0');
  raw.resize(emscripten_fetch_get_response_headers(f, raw.data(), raw.size()));
  return parse_header_block(raw.c_str());
}

// onsuccess (2xx after `load`) and onerror (non-2xx after `load`, or the XHR `error` event).
void on_fetch_done(emscripten_fetch_t* f, bool error_callback) {
  const auto id = static_cast<RequestId>(reinterpret_cast<uintptr_t>(f->userData));
  auto p = take(id);
  if (!p) return;  // cancelled or timed out: that path already closed the fetch
  if (p->timer) emscripten_clear_timeout(p->timer);
  TransportResult r;
  if (f->status == 0) {
    r.failure = TransportFailure::network;
    r.message = "the server could not be reached (down, refused, or blocked by CORS)";
  } else if (error_callback && f->status >= 200 && f->status < 300) {
    // Only the XHR `error` event reaches onerror with a 2xx status: the connection broke after
    // the status line (xhr2 keeps the status, browsers report 0). The body is incomplete.
    r.failure = TransportFailure::network;
    r.message =
        zenml::detail::fmt("the connection closed before the whole response arrived (HTTP {})",
                           {std::to_string(f->status)});
  } else {
    r.response.status = f->status;
    if (const std::size_t n = zsw_xhr_body_length(f->id)) {
      r.response.body.resize(n);
      zsw_xhr_body_copy(f->id, r.response.body.data());
    }
    r.response.headers = read_headers(f);
  }
  emscripten_fetch_close(f);
  p->done(std::move(r));
}
void on_fetch_success(emscripten_fetch_t* f) {
  on_fetch_done(f, false);
}
void on_fetch_error(emscripten_fetch_t* f) {
  on_fetch_done(f, true);
}

// Ends a request that has not completed: abort the XHR, then close, then report `failure`.
void end_early(RequestId id, TransportFailure failure, std::string message) {
  auto p = take(id);
  if (!p) return;
  if (p->timer) emscripten_clear_timeout(p->timer);
  if (p->fetch) {
    zsw_xhr_abort(p->fetch->id);
    emscripten_fetch_close(p->fetch);  // on_fetch_done may run re-entrantly: it finds no entry
  }
  TransportResult r;
  r.failure = failure;
  r.message = std::move(message);
  p->done(std::move(r));
}

// 3.1.6's XHR buffers the whole body in JS before on_fetch_done copies it into the heap; the
// progress events are the only earlier look. They report Content-Length (`totalBytes`, 0 when
// unknown) and the bytes received so far (`dataOffset`), so a body over the limit is aborted at
// the first progress event that shows it, not after it has been read to the end.
void on_fetch_progress(emscripten_fetch_t* f) {
  const auto id = static_cast<RequestId>(reinterpret_cast<uintptr_t>(f->userData));
  auto it = pending().find(id);
  if (it == pending().end() || it->second->max_bytes == 0) return;
  const std::uint64_t max = it->second->max_bytes;
  if (f->totalBytes > max) {
    end_early(id, TransportFailure::too_large,
              zenml::detail::fmt("response body of {} bytes (Content-Length) exceeds the limit "
                                 "of {} bytes (maxResponseBytes)",
                                 {std::to_string(f->totalBytes), std::to_string(max)}));
  } else if (f->dataOffset > max) {
    end_early(id, TransportFailure::too_large,
              zenml::detail::fmt("response body exceeds the limit of {} bytes "
                                 "(maxResponseBytes); stopped reading after {} bytes",
                                 {std::to_string(max), std::to_string(f->dataOffset)}));
  }
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
      return zenml::detail::fmt(
          "the request header {} holds characters XMLHttpRequest refuses "
          "(line breaks, NUL or non-ASCII)",
          {header_name_ok(k) ? k : std::string_view("name")});
    }
  }
  if (!zsw_url_ok(url.c_str())) return "XMLHttpRequest refuses this URL";  // the client names it
  return {};
}

void deliver_later(std::function<void(TransportResult)> done, TransportResult r) {
  auto* t =
      new TimerTask{[done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); }};
  emscripten_set_timeout(&on_timer, 0, t);
}

}  // namespace

RequestId EmscriptenFetchTransport::send(const std::string& url, const HttpRequest& request,
                                         const SendOptions& options,
                                         std::function<void(TransportResult)> done) {
  const RequestId id = next_id++;
  if (request.method.size() >= sizeof(emscripten_fetch_attr_t::requestMethod)) {
    deliver_later(std::move(done), TransportResult{TransportFailure::network, "bad method", {}});
    return id;
  }
  if (auto why = refused_by_xhr(url, request); !why.empty()) {
    deliver_later(std::move(done), TransportResult{TransportFailure::network, std::move(why), {}});
    return id;
  }
  auto p = std::make_unique<Pending>();
  p->id = id;
  p->done = std::move(done);
  p->url = url;
  p->body = request.body;
  p->timeout_ms = options.timeout_ms;
  p->max_bytes = options.max_response_bytes;
  for (const auto& [k, v] : request.headers) {
    p->header_storage.push_back(k);
    p->header_storage.push_back(v);
  }
  for (const auto& s : p->header_storage) p->header_ptrs.push_back(s.c_str());
  p->header_ptrs.push_back(nullptr);

  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, request.method.c_str(), sizeof attr.requestMethod - 1);
  attr.attributes = EMSCRIPTEN_FETCH_REPLACE;  // not LOAD_TO_MEMORY: see zsw_xhr_body_copy
  attr.requestHeaders = p->header_ptrs.data();
  if (!p->body.empty()) {
    attr.requestData = p->body.data();
    attr.requestDataSize = p->body.size();
  }
  attr.timeoutMSecs = 0;  // our own deadline below
  attr.withCredentials = options.with_credentials ? EM_TRUE : EM_FALSE;
  attr.userData = reinterpret_cast<void*>(static_cast<uintptr_t>(id));
  attr.onsuccess = &on_fetch_success;
  attr.onerror = &on_fetch_error;
  if (options.max_response_bytes) attr.onprogress = &on_fetch_progress;

  const char* url_ptr = p->url.c_str();
  pending()[id] = std::move(p);
  emscripten_fetch_t* f = emscripten_fetch(&attr, url_ptr);
  // The glue reports a failing xhr.send() synchronously, so the request may already be
  // settled and its Pending freed here: look it up again instead of keeping a pointer.
  auto it = pending().find(id);
  if (it != pending().end()) {
    it->second->fetch = f;
    if (options.timeout_ms > 0) {
      it->second->timer = emscripten_set_timeout(
          &on_deadline, options.timeout_ms, reinterpret_cast<void*>(static_cast<uintptr_t>(id)));
    }
  }
  return id;
}

void EmscriptenFetchTransport::cancel(RequestId id) {
  end_early(id, TransportFailure::aborted, "");
}

void EmscriptenFetchTransport::set_timer(double delay_ms, std::function<void()> fn) {
  emscripten_set_timeout(&on_timer, delay_ms, new TimerTask{std::move(fn)});
}

double EmscriptenFetchTransport::now_ms() {
  return emscripten_get_now();
}

std::size_t EmscriptenFetchTransport::live_requests() {
  return pending().size();
}

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
