// zenml-services-wasm — the XMLHttpRequest of the Node entry, over Node's own fetch (undici).
//
// Exactly what Emscripten 3.1.6's Fetch API (src/Fetch.js, fetchXHR) and wasm/fetch_transport.cpp
// use, and nothing more:
//   open(method, url, async = true, user?, password?), setRequestHeader, send(Uint8Array | null),
//   abort(), timeout, withCredentials, responseType 'arraybuffer', overrideMimeType (a no-op: the
//   body is handed over as bytes), readyState, status, statusText, response, responseURL,
//   getAllResponseHeaders(), getResponseHeader(), and the handler properties
//   onreadystatechange, onprogress, onload, onerror, ontimeout, onabort, onloadend.
// Not there: synchronous requests, other response types, upload, addEventListener (Fetch.js
// assigns on* properties only).
//
// How it behaves where it matters to the transport:
// * The body is streamed into one ArrayBuffer (allocated once from Content-Length when the body
//   is not content-encoded); a progress event per chunk gives `loaded` and `total`, so the
//   transport can abort a body over its limit before it is all read.
// * A body that ends early (a reset or a close before Content-Length bytes, a broken chunked
//   stream) is an `error`, never a `load`. The status line that did arrive is kept on the error
//   (browsers report 0 there; Node is not hiding anything from a page), which lets the transport
//   say "the connection closed before the whole response arrived (HTTP 200)".
// * abort() and the deadline end the fetch through an AbortController. After abort() no event
//   fires any more: Emscripten closes (frees) the fetch right after aborting it.
// * An exception thrown by a handler is rethrown on its own (an uncaught exception, as an event
//   handler's error is reported in a browser) and never turns into an XHR `error`.
// * Cookies: Node's fetch keeps none, so withCredentials changes nothing.

const UNSENT = 0,
  OPENED = 1,
  HEADERS_RECEIVED = 2,
  LOADING = 3,
  DONE = 4;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\0\r\n]/;
const STANDARD_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

const domError = (message, name) => new DOMException(message, name);

export class XMLHttpRequest {
  constructor() {
    this.readyState = UNSENT;
    this.status = 0;
    this.statusText = '';
    this.response = null;
    this.responseURL = '';
    this.timeout = 0;
    this.withCredentials = false;
    this.onreadystatechange = this.onprogress = this.onload = this.onerror = null;
    this.ontimeout = this.onabort = this.onloadend = null;
    this._responseType = '';
    this._method = 'GET';
    this._url = '';
    this._headers = [];
    this._res = null; // the Response, once its headers are in
    this._controller = null; // while a fetch is in flight
    this._timer = null;
    this._loaded = 0;
    this._total = 0;
  }

  get responseType() {
    return this._responseType;
  }
  set responseType(type) {
    if (type !== 'arraybuffer' && type !== '')
      throw domError(
        `responseType '${type}' is not supported here (only 'arraybuffer')`,
        'NotSupportedError',
      );
    this._responseType = type;
  }

  open(method, url, async = true, user, password) {
    if (async === false)
      throw domError('synchronous XMLHttpRequest is not supported', 'InvalidAccessError');
    method = String(method);
    if (!TOKEN.test(method))
      throw domError(`invalid method ${JSON.stringify(method)}`, 'SyntaxError');
    const upper = method.toUpperCase();
    if (FORBIDDEN_METHODS.has(upper))
      throw domError(`method ${upper} is not allowed`, 'SecurityError');
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw domError(`invalid URL ${String(url).slice(0, 200)}`, 'SyntaxError');
    }
    this._stop();
    this._method = STANDARD_METHODS.has(upper) ? upper : method;
    this._headers = [];
    if (user != null || password != null || parsed.username || parsed.password) {
      // fetch() refuses a URL with credentials: they travel as Basic authentication instead
      const u = user != null ? String(user) : decodeURIComponent(parsed.username);
      const p = password != null ? String(password) : decodeURIComponent(parsed.password);
      parsed.username = parsed.password = '';
      this._headers.push(['Authorization', `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`]);
    }
    parsed.hash = '';
    this._url = parsed.href;
    this._reset();
    this._setState(OPENED);
  }

  setRequestHeader(name, value) {
    if (this.readyState !== OPENED || this._controller)
      throw domError('setRequestHeader() needs an opened, unsent request', 'InvalidStateError');
    name = String(name);
    value = String(value).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (!TOKEN.test(name) || BAD_VALUE.test(value))
      throw domError(`invalid request header ${JSON.stringify(name)}`, 'SyntaxError');
    this._headers.push([name, value]);
  }

  overrideMimeType() {}

  send(body = null) {
    if (this.readyState !== OPENED || this._controller)
      throw domError('send() needs an opened, unsent request', 'InvalidStateError');
    const controller = new AbortController();
    this._controller = controller;
    const init = {
      method: this._method,
      headers: this._headers,
      signal: controller.signal,
      redirect: 'follow',
    };
    if (body != null && this._method !== 'GET' && this._method !== 'HEAD') init.body = body;
    if (this.timeout > 0)
      this._timer = setTimeout(() => this._fail(controller, 'timeout'), this.timeout);
    fetch(this._url, init)
      .then(
        (res) => this._receive(controller, res),
        () => this._fail(controller, 'error'),
      )
      .catch(() => this._fail(controller, 'error'));
  }

  abort() {
    const controller = this._controller;
    if (!controller) {
      if (this.readyState === DONE) {
        this.readyState = UNSENT;
        this.response = null;
      }
      return;
    }
    this._stop();
    this.status = 0;
    this.statusText = '';
    this.response = null;
    this._res = null;
    this._setState(DONE);
    this._fire('onabort', 'abort');
    this._fire('onloadend', 'loadend');
    this.readyState = UNSENT;
  }

  getAllResponseHeaders() {
    if (!this._res) return '';
    let out = '';
    for (const [k, v] of this._res.headers) out += `${k}: ${v}\r\n`;
    return out;
  }

  getResponseHeader(name) {
    return this._res ? this._res.headers.get(name) : null;
  }

  // --- internals ---

  _reset() {
    this.status = 0;
    this.statusText = '';
    this.response = null;
    this.responseURL = '';
    this._res = null;
    this._loaded = 0;
    this._total = 0;
  }

  /** Ends the fetch in flight, if any, without firing anything. */
  _stop() {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    const controller = this._controller;
    this._controller = null;
    if (controller) controller.abort();
  }

  async _receive(controller, res) {
    if (this._controller !== controller) {
      res.body?.cancel().catch(() => {});
      return;
    }
    this._res = res;
    this.status = res.status;
    this.statusText = res.statusText;
    this.responseURL = res.url;
    const length = res.headers.get('content-length');
    const encoded =
      (res.headers.get('content-encoding') || 'identity').toLowerCase() !== 'identity';
    // Content-Length counts the bytes on the wire: it sizes the buffer only when no decoding changes them
    this._total = length !== null && /^\d{1,15}$/.test(length) ? Number(length) : 0;
    this._setState(HEADERS_RECEIVED);
    if (this._controller !== controller) return;

    // The buffer is allocated after the first progress event, which may abort a body over the
    // transport's limit from its Content-Length alone.
    const expected = !encoded && this._total > 0 ? this._total : 0;
    let buf = null;
    const chunks = [];
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        let step;
        try {
          step = await reader.read();
        } catch {
          this._fail(controller, 'error'); // reset, early close, broken chunking, or our own abort
          return;
        }
        if (this._controller !== controller) {
          reader.cancel().catch(() => {});
          return;
        }
        if (step.done) break;
        const chunk = step.value;
        const at = this._loaded;
        this._loaded += chunk.length;
        if (this.readyState !== LOADING) this._setState(LOADING);
        if (this._controller === controller) this._fire('onprogress', 'progress');
        if (this._controller !== controller) {
          reader.cancel().catch(() => {});
          return;
        }
        if (expected && !buf && !chunks.length) buf = new Uint8Array(expected);
        if (buf && this._loaded <= buf.length) {
          buf.set(chunk, at);
        } else {
          if (buf) {
            chunks.push(buf.subarray(0, at));
            buf = null;
          }
          chunks.push(chunk);
        }
      }
      // undici already fails a body shorter than its Content-Length; this keeps it so
      if (expected && this._loaded < expected) {
        this._fail(controller, 'error');
        return;
      }
    }
    let body;
    if (buf) {
      body = buf.buffer; // filled to its Content-Length: no second copy
    } else {
      const all = new Uint8Array(this._loaded);
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      body = all.buffer;
    }
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    this._controller = null;
    this.response = body;
    this._setState(DONE);
    this._fire('onload', 'load');
    this._fire('onloadend', 'loadend');
  }

  /** A network error or the deadline: the request ends with `type` ('error' or 'timeout'). */
  _fail(controller, type) {
    if (this._controller !== controller) return; // already settled, aborted or reopened
    this._stop();
    this.response = null;
    this._res = null;
    if (type === 'timeout') {
      this.status = 0;
      this.statusText = '';
    }
    this._setState(DONE);
    this._fire(type === 'timeout' ? 'ontimeout' : 'onerror', type);
    this._fire('onloadend', 'loadend');
  }

  _setState(state) {
    this.readyState = state;
    this._fire('onreadystatechange', 'readystatechange');
  }

  _fire(handler, type) {
    const fn = this[handler];
    if (typeof fn !== 'function') return;
    const event = {
      type,
      target: this,
      currentTarget: this,
      lengthComputable: this._total > 0,
      loaded: this._loaded,
      total: this._total,
    };
    try {
      fn.call(this, event);
    } catch (e) {
      queueMicrotask(() => {
        throw e;
      });
    }
  }
}

XMLHttpRequest.UNSENT = UNSENT;
XMLHttpRequest.OPENED = OPENED;
XMLHttpRequest.HEADERS_RECEIVED = HEADERS_RECEIVED;
XMLHttpRequest.LOADING = LOADING;
XMLHttpRequest.DONE = DONE;
