// A fault-injecting HTTP server for what a real ZenML server cannot be made to do: resets,
// silence, slow drips, gateway errors with HTML bodies, rate limits, malformed and hostile
// bodies. Successful bodies are the real ones recorded from ZenML 0.98.0 (tests/fixtures).
//
// Routing: a client is created with baseUrl `<url>/f/<fault>/<cell>`; every request below that
// prefix (`/f/<fault>/<cell>/api/v1/...`) gets the fault. `<cell>` is any unique token: retry
// faults ("503 then 200") count requests per cell and endpoint, so every cell starts fresh.
//
// CORS like ZenML 0.98.0 (docs/server-behaviour.md D15), so Chromium can call it cross-origin:
// the Origin is echoed with Allow-Credentials, preflights mirror the requested headers, and
// unlike ZenML it exposes Retry-After (a proxy in front of ZenML would have to do the same for
// browsers to see it).
//
//   import { startFaultServer, refusedUrl, FAULTS } from './server.mjs';
//   const fs = await startFaultServer();   // { url, log, requests(prefix), close() }

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const fixture = (rel) => JSON.parse(readFileSync(path.join(FIXTURES, rel), 'utf8'));

/** Real response bodies per endpoint kind (JSON text as ZenML sent it). */
export const BODIES = (() => {
  const service = fixture('live/200-get.json').body;
  return {
    list: `{"index":1,"max_size":20,"total_pages":1,"total":1,"items":[${service}]}`,
    service,
    delete: 'null',
    token: readFileSync(path.join(FIXTURES, 'token.json'), 'utf8').trim(),
    info: readFileSync(path.join(FIXTURES, 'server_info.json'), 'utf8').trim(),
  };
})();

/** Which body an API path + method stands for. */
export function kindOf(method, apiPath) {
  if (apiPath === '/api/v1/login') return 'token';
  if (apiPath === '/api/v1/info') return 'info';
  if (apiPath === '/api/v1/services') return method === 'POST' ? 'service' : 'list';
  if (apiPath.startsWith('/api/v1/services/')) return method === 'DELETE' ? 'delete' : 'service';
  return 'unknown';
}

const HTML = (code, text) =>
  `<html>\r\n<head><title>${code} ${text}</title></head>\r\n<body>\r\n<center><h1>${code} ${text}</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n`;

/** A body where the last of two duplicate keys decides (JSON.parse semantics). */
function duplicateKeys(kind, lastIsValid) {
  const b = BODIES[kind];
  const bad = lastIsValid ? null : true;
  switch (kind) {
    case 'list':
      return lastIsValid
        ? b.replace('{"index":1,', '{"index":"x","index":1,')
        : b.replace('{"index":1,', '{"index":1,"index":"x",');
    case 'service':
      return lastIsValid
        ? b.replace(/"name":"([^"]*)"}$/, '"name":5,"name":"dup-last-wins"}')
        : b.replace(/}$/, ',"name":5}');
    case 'token':
      return lastIsValid
        ? b.replace('{"access_token":', '{"access_token":5,"access_token":')
        : b.replace(/}$/, ',"access_token":5}');
    case 'info':
      return lastIsValid
        ? b.replace('{"id":', '{"version":5,"id":')
        : b.replace(/}$/, ',"version":5}');
    case 'delete':
      return lastIsValid ? 'null' : '{"a":null,"a":null}';
    default:
      return bad;
  }
}

/** A body with a number that overflows a double. */
function hugeNumber(kind) {
  switch (kind) {
    case 'list':
      return BODIES.list.replace('"total":1,', '"total":1e400,');
    case 'service':
      return BODIES.service.replace('"port":8000', '"port":1e400');
    case 'token':
      return BODIES.token.replace('"expires_in":null', '"expires_in":1e400');
    case 'info':
      return BODIES.info.replace(/}$/, ',"x":1e400}');
    default:
      return '1e400';
  }
}

function invalidUtf8(kind) {
  const text = kind === 'delete' ? '"\u0001"' : BODIES[kind];
  // inside a free-form string value (a name, the token), so only the bytes are wrong
  const i = text.includes('"name":"') ? text.lastIndexOf('"name":"') + 8 : text.indexOf('":"') + 3;
  const buf = Buffer.from(text, 'utf8');
  const at = Buffer.byteLength(text.slice(0, i));
  return Buffer.concat([buf.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), buf.subarray(at)]);
}

/**
 * Every fault: `respond(ctx)` answers one (non-preflight) request. ctx = { req, res, kind, n,
 * send(status, body, headers) } where n counts this cell's requests to this endpoint (1-based).
 */
export const FAULTS = {
  'reset-before-headers': {
    what: 'socket destroyed before any response byte',
    respond: ({ req }) => req.socket.destroy(),
  },
  'reset-mid-body': {
    what: '200, Content-Length of the whole body, half of it written, socket destroyed',
    respond: ({ res, kind, cors }) => {
      const body = Buffer.from(BODIES[kind]);
      res.writeHead(200, {
        ...cors,
        'Content-Type': 'application/json',
        'Content-Length': body.length + 64,
      });
      res.write(body.subarray(0, Math.max(1, body.length >> 1)));
      setTimeout(() => res.socket?.destroy(), 30);
    },
  },
  timeout: { what: 'request read, never answered', respond: () => {} },
  'slow-drip': {
    what: '200 headers at once, then one body byte every 100 ms',
    respond: ({ res, kind, cors }) => {
      const body = Buffer.from(BODIES[kind]);
      res.writeHead(200, {
        ...cors,
        'Content-Type': 'application/json',
        'Content-Length': body.length,
      });
      let i = 0;
      const t = setInterval(() => {
        if (i >= body.length || res.destroyed) {
          clearInterval(t);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(body.subarray(i, i + 1));
        i += 1;
      }, 100);
      res.on('close', () => clearInterval(t));
    },
  },
  '500-html': {
    what: '500 text/html (nginx page)',
    respond: ({ send }) =>
      send(500, HTML(500, 'Internal Server Error'), { 'Content-Type': 'text/html' }),
  },
  '502-html': {
    what: '502 text/html',
    respond: ({ send }) => send(502, HTML(502, 'Bad Gateway'), { 'Content-Type': 'text/html' }),
  },
  '503-html': {
    what: '503 text/html',
    respond: ({ send }) =>
      send(503, HTML(503, 'Service Temporarily Unavailable'), { 'Content-Type': 'text/html' }),
  },
  '504-html': {
    what: '504 text/html',
    respond: ({ send }) =>
      send(504, HTML(504, 'Gateway Time-out'), { 'Content-Type': 'text/html' }),
  },
  '503-then-200': {
    what: 'first request 503 text/html, then the real body',
    respond: ({ send, n, kind }) =>
      n === 1
        ? send(503, HTML(503, 'Service Temporarily Unavailable'), { 'Content-Type': 'text/html' })
        : send(200, BODIES[kind]),
  },
  '429-retry-after-120': {
    what: "429 with Retry-After: 120 (beyond the client's 30 s cap: not waited for)",
    respond: ({ send }) =>
      send(429, '{"error":"Server too busy. Please try again later."}', { 'Retry-After': '120' }),
  },
  '429-then-200': {
    what: 'first 429 with Retry-After: 1, then the real body',
    respond: ({ send, n, kind }) =>
      n === 1
        ? send(429, '{"error":"Server too busy. Please try again later."}', { 'Retry-After': '1' })
        : send(200, BODIES[kind]),
  },
  'truncated-json': {
    what: '200, the real body cut in half',
    respond: ({ send, kind }) =>
      send(200, BODIES[kind].slice(0, Math.max(3, BODIES[kind].length >> 1))),
  },
  'invalid-utf8': {
    what: '200, bytes C3 28 FF inside a JSON string',
    respond: ({ send, kind }) => send(200, invalidUtf8(kind)),
  },
  'html-200': {
    what: '200 text/html login page (captive portal / SSO proxy)',
    respond: ({ send }) =>
      send(200, '<!doctype html><html><body><form>Sign in</form></body></html>', {
        'Content-Type': 'text/html',
      }),
  },
  'json-as-text': {
    what: '200, the real body as text/plain',
    respond: ({ send, kind }) => send(200, BODIES[kind], { 'Content-Type': 'text/plain' }),
  },
  'empty-200': { what: '200, empty body', respond: ({ send }) => send(200, '') },
  'huge-100mb-length': {
    what: '200, Content-Length 100 MB, streamed until the client hangs up',
    respond: ({ res, cors, entry }) => streamHuge(res, cors, true, entry),
  },
  'huge-100mb-chunked': {
    what: '200, 100 MB chunked (no Content-Length), streamed until the client hangs up',
    respond: ({ res, cors, entry }) => streamHuge(res, cors, false, entry),
  },
  'deep-100k': {
    what: '200, 100,000 nested arrays',
    respond: ({ send }) => send(200, '['.repeat(100000) + ']'.repeat(100000)),
  },
  'huge-number': {
    what: '200, the real body with a number 1e400 (overflows a double)',
    respond: ({ send, kind }) => send(200, hugeNumber(kind)),
  },
  'dup-keys-last-valid': {
    what: '200, a duplicate key whose last value is valid',
    respond: ({ send, kind }) => send(200, duplicateKeys(kind, true)),
  },
  'dup-keys-last-invalid': {
    what: '200, a duplicate key whose last value has the wrong type',
    respond: ({ send, kind }) => send(200, duplicateKeys(kind, false)),
  },
};

export const HUGE_BYTES = 100 * 1024 * 1024;
const CHUNK = Buffer.alloc(1 << 20, ' '); // whitespace: valid JSON padding, compresses nothing

function streamHuge(res, cors, withLength, entry) {
  const headers = { ...cors, 'Content-Type': 'application/json' };
  if (withLength) headers['Content-Length'] = HUGE_BYTES;
  res.writeHead(200, headers);
  entry.status = 200;
  let sent = 0;
  res.on('close', () => {
    entry.bytes = sent;
  }); // how much was written before the client hung up
  const pump = () => {
    while (sent < HUGE_BYTES && !res.destroyed) {
      sent += CHUNK.length;
      if (!res.write(CHUNK)) return res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/** A URL on 127.0.0.1 where nothing listens (bound, then closed). */
export async function refusedUrl() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

/** Starts the fault server on 127.0.0.1:<free port>. */
export function startFaultServer() {
  const log = []; // { method, path, fault, cell, apiPath, status|null, bytes? (huge bodies: bytes written) }
  const counts = new Map();
  const sockets = new Set();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const m = /^\/f\/([^/]+)\/([^/]+)(\/.*)$/.exec(url.pathname);
    const origin = req.headers.origin;
    const cors = origin
      ? {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Credentials': 'true',
          Vary: 'Origin',
          'Access-Control-Expose-Headers': 'Retry-After, X-Request-Id',
        }
      : {};
    const entry = {
      method: req.method,
      path: req.url,
      fault: m?.[1],
      cell: m?.[2],
      apiPath: m?.[3],
      status: null,
    };
    log.push(entry);
    req.resume(); // read (and drop) the request body
    if (req.method === 'OPTIONS') {
      res.writeHead(200, {
        ...cors,
        'Content-Type': 'text/plain; charset=utf-8',
        'Access-Control-Max-Age': '600',
        'Access-Control-Allow-Methods': 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '',
      });
      entry.status = 200;
      return res.end('OK');
    }
    const fault = m && FAULTS[m[1]];
    if (!fault) {
      res.writeHead(404, { ...cors, 'Content-Type': 'application/json' });
      entry.status = 404;
      return res.end('{"detail":"Not Found"}');
    }
    const key = `${m[1]}/${m[2]}/${req.method} ${m[3]}`;
    const n = (counts.get(key) || 0) + 1;
    counts.set(key, n);
    const kind = kindOf(req.method, m[3]);
    const send = (status, body, headers = {}) => {
      const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
      res.writeHead(status, {
        ...cors,
        'Content-Type': 'application/json',
        'Content-Length': buf.length,
        ...headers,
      });
      entry.status = status;
      res.end(buf);
    };
    fault.respond({ req, res, kind, n, cors, send, entry });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        log,
        /** Non-preflight requests of one cell. */
        requests: (fault, cell) =>
          log.filter((e) => e.fault === fault && e.cell === cell && e.method !== 'OPTIONS'),
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    }),
  );
}
