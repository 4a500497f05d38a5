// The Node entry's XMLHttpRequest (dist/node_xhr.js, over Node's fetch) held to what Emscripten
// 3.1.6's Fetch API and wasm/fetch_transport.cpp rely on: the events and their order, the body
// as one ArrayBuffer, the header block, and above all that a body cut short is an `error`, never
// a `load`. A small local server produces what a real ZenML cannot (resets, cut chunked streams,
// close-delimited and gzip bodies, silence); the package end to end is the fault matrix's job.
//
//   bash scripts/build.sh --package-only && node --test tests/faults/node_xhr.test.mjs

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { XMLHttpRequest } from '../../dist/node_xhr.js';
import { refusedUrl } from './server.mjs';

const BODY = Buffer.from(
  JSON.stringify({ name: 'svc-ünïcödé-服务', items: Array.from({ length: 4000 }, (_, i) => i) }),
);
const HUGE = 100 * 1024 * 1024;
let server;
let base;
const closed = new Map(); // path -> bytes written when the client hung up

before(async () => {
  server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const sock = req.socket;
      switch (req.url) {
        case '/ok':
          res.writeHead(200, {
            'Content-Type': 'application/json',
            'Retry-After': '5',
            'X-A': '1',
            'Content-Length': BODY.length,
          });
          return res.end(BODY);
        case '/echo':
          res.writeHead(201, { 'Content-Type': 'application/json' });
          return res.end(
            JSON.stringify({
              method: req.method,
              headers: req.headers,
              body: Buffer.concat(chunks).toString('latin1'),
            }),
          );
        case '/gzip': {
          const z = gzipSync(BODY);
          res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': z.length });
          return res.end(z);
        }
        case '/empty':
          res.writeHead(204);
          return res.end();
        case '/404':
          res.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': 22 });
          return res.end('{"detail":"Not Found"}');
        case '/reset-mid-body':
          res.writeHead(200, { 'Content-Length': BODY.length });
          res.write(BODY.subarray(0, BODY.length >> 1));
          return setTimeout(() => sock.destroy(), 30);
        case '/chunked-cut': // chunked, then the socket goes before the last chunk
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.write(BODY.subarray(0, 1000));
          return setTimeout(() => sock.destroy(), 30);
        case '/close-delimited': // no length, no chunking: the close ends the body (complete)
          sock.write(
            `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n`,
          );
          sock.write(BODY);
          return sock.end();
        case '/silent':
          res.on('close', () => closed.set(req.url, 0));
          return; // never answered
        case '/huge': {
          res.writeHead(200, { 'Content-Length': HUGE });
          let sent = 0;
          const block = Buffer.alloc(1 << 20, 32);
          res.on('close', () => closed.set(req.url, sent));
          const pump = () => {
            while (sent < HUGE && !res.destroyed) {
              sent += block.length;
              if (!res.write(block)) return res.once('drain', pump);
            }
            if (!res.destroyed) res.end();
          };
          return pump();
        }
        default:
          res.writeHead(404);
          return res.end();
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(
  () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

/** Runs one request the way Fetch.js sets it up; resolves once `loadend` fired, with the log. */
function run(method, url, { headers = {}, body = null, timeout = 0, onprogress } = {}) {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    const log = [];
    x.withCredentials = false;
    x.open(method, url, true, undefined, undefined);
    x.timeout = timeout;
    x.responseType = 'arraybuffer';
    for (const [k, v] of Object.entries(headers)) x.setRequestHeader(k, v);
    x.onreadystatechange = () => log.push(`readystatechange:${x.readyState}`);
    x.onprogress = (e) => {
      log.push('progress');
      if (onprogress) onprogress(x, e);
    };
    for (const t of ['load', 'error', 'timeout', 'abort']) x[`on${t}`] = () => log.push(t);
    x.onloadend = () => {
      log.push('loadend');
      resolve({ x, log });
    };
    x.send(body);
  });
}
const squash = (log) => log.filter((e, i) => e !== 'progress' || log[i - 1] !== 'progress');
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

test('a 200: events in order, the body as one ArrayBuffer, the header block as XHR gives it', async () => {
  const { x, log } = await run('GET', `${base}/ok`, { headers: { Accept: 'application/json' } });
  assert.deepEqual(squash(log), [
    'readystatechange:2',
    'readystatechange:3',
    'progress',
    'readystatechange:4',
    'load',
    'loadend',
  ]);
  assert.equal(x.status, 200);
  assert.equal(x.statusText, 'OK');
  assert.equal(x.readyState, 4);
  assert.ok(x.response instanceof ArrayBuffer);
  assert.deepEqual(Buffer.from(x.response), BODY);
  assert.equal(x.responseURL, `${base}/ok`);
  const block = x.getAllResponseHeaders();
  assert.match(block, /^content-length: \d+\r\n/m);
  assert.match(block, /^retry-after: 5\r\n/m);
  assert.match(block, /^x-a: 1\r\n/m);
  assert.ok(
    block.endsWith('\r\n') && !/[A-Z]/.test(block.replace(/: .*$/gm, '')),
    'lower-case names, every line ends with CRLF',
  );
  assert.equal(x.getResponseHeader('X-A'), '1');
});

test('a POST sends its bytes and headers; a GET sends no body; non-2xx bodies are read too', async () => {
  const body = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xc3, 0xa9, 0x7d]);
  const post = await run('post', `${base}/echo`, {
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t' },
    body,
  });
  const seen = JSON.parse(Buffer.from(post.x.response).toString());
  assert.equal(post.x.status, 201);
  assert.equal(seen.method, 'POST');
  assert.equal(seen.headers.authorization, 'Bearer t');
  assert.equal(seen.headers['content-type'], 'application/json');
  assert.equal(Buffer.from(seen.body, 'latin1').toString('hex'), Buffer.from(body).toString('hex'));
  const get = await run('GET', `${base}/echo`, { body });
  assert.equal(JSON.parse(Buffer.from(get.x.response).toString()).body, '');
  const nf = await run('GET', `${base}/404`);
  assert.deepEqual(squash(nf.log).slice(-2), ['load', 'loadend']);
  assert.equal(nf.x.status, 404);
  assert.equal(Buffer.from(nf.x.response).toString(), '{"detail":"Not Found"}');
  const empty = await run('DELETE', `${base}/empty`);
  assert.equal(empty.x.status, 204);
  assert.equal(empty.x.response.byteLength, 0);
});

test('a gzip body is decoded (its Content-Length counts the compressed bytes)', async () => {
  const { x, log } = await run('GET', `${base}/gzip`);
  assert.equal(log.at(-2), 'load');
  assert.deepEqual(Buffer.from(x.response), BODY);
});

test('a body closed by the server without a length is complete: load', async () => {
  const { x, log } = await run('GET', `${base}/close-delimited`);
  assert.equal(log.at(-2), 'load');
  assert.deepEqual(Buffer.from(x.response), BODY);
});

for (const path of ['/reset-mid-body', '/chunked-cut']) {
  test(`${path}: a body cut short is an error, never a load; the status line that arrived is kept`, async () => {
    const { x, log } = await run('GET', `${base}${path}`);
    assert.ok(!log.includes('load'), log.join());
    assert.deepEqual(squash(log).slice(-3), ['readystatechange:4', 'error', 'loadend']);
    assert.equal(x.status, 200);
    assert.equal(x.response, null);
    assert.equal(x.getAllResponseHeaders(), '');
  });
}

test('a refused connection: error with status 0', async () => {
  const { x, log } = await run('GET', `${await refusedUrl()}/x`);
  assert.deepEqual(log, ['readystatechange:4', 'error', 'loadend']);
  assert.equal(x.status, 0);
});

test('timeout: the timeout event, status 0, the connection closed', async () => {
  const t0 = Date.now();
  const { x, log } = await run('GET', `${base}/silent`, { timeout: 150 });
  assert.deepEqual(log, ['readystatechange:4', 'timeout', 'loadend']);
  assert.ok(Date.now() - t0 >= 140);
  assert.equal(x.status, 0);
  await wait(100);
  assert.equal(closed.get('/silent'), 0, 'the server saw the client hang up');
});

test('abort(): readystatechange 4, abort, loadend at once, then nothing; the connection is closed', async () => {
  closed.delete('/silent');
  const x = new XMLHttpRequest();
  const log = [];
  x.open('GET', `${base}/silent`);
  x.responseType = 'arraybuffer';
  for (const t of ['load', 'error', 'timeout', 'abort', 'loadend', 'progress'])
    x[`on${t}`] = () => log.push(t);
  x.onreadystatechange = () => log.push(`readystatechange:${x.readyState}`);
  x.send(null);
  await wait(50);
  x.abort();
  assert.deepEqual(log, ['readystatechange:4', 'abort', 'loadend']);
  assert.equal(x.readyState, 0);
  await wait(150);
  assert.deepEqual(log, ['readystatechange:4', 'abort', 'loadend'], 'no event after abort()');
  assert.equal(closed.get('/silent'), 0);
});

test("abort() from a progress event (the transport's size limit) ends the download early", async () => {
  closed.delete('/huge');
  const seen = [];
  let first;
  const x = new XMLHttpRequest();
  await new Promise((resolve) => {
    x.open('GET', `${base}/huge`);
    x.responseType = 'arraybuffer';
    x.onprogress = (e) => {
      first ??= { loaded: e.loaded, total: e.total, lengthComputable: e.lengthComputable };
      x.abort();
    };
    for (const t of ['load', 'error', 'timeout', 'abort']) x[`on${t}`] = () => seen.push(t);
    x.onloadend = () => resolve();
    x.send(null);
  });
  assert.equal(first.total, HUGE);
  assert.equal(first.lengthComputable, true);
  assert.ok(first.loaded > 0 && first.loaded < HUGE);
  await wait(300);
  assert.deepEqual(seen, ['abort']);
  assert.ok(
    closed.get('/huge') < HUGE / 4,
    `the server wrote ${closed.get('/huge')} bytes before the client hung up`,
  );
});

test('what XMLHttpRequest refuses is refused at once (open, setRequestHeader, responseType, send)', () => {
  const x = new XMLHttpRequest();
  assert.throws(() => x.open('GET', 'http://127.0.0.1:99999/'), { name: 'SyntaxError' });
  assert.throws(() => x.open('GET', '/relative'), { name: 'SyntaxError' });
  assert.throws(() => x.open('GET', base, false), { name: 'InvalidAccessError' });
  assert.throws(() => x.open('TRACE', base), { name: 'SecurityError' });
  assert.throws(() => x.setRequestHeader('A', 'b'), { name: 'InvalidStateError' });
  assert.throws(() => x.send(null), { name: 'InvalidStateError' });
  x.open('GET', base);
  assert.throws(() => x.setRequestHeader('X-Injected', 'a\r\nB: c'), { name: 'SyntaxError' });
  assert.throws(() => x.setRequestHeader('Bad Name', 'a'), { name: 'SyntaxError' });
  assert.throws(
    () => {
      x.responseType = 'json';
    },
    { name: 'NotSupportedError' },
  );
});

test('an exception in a handler is reported as uncaught and does not turn into an XHR error', async () => {
  const xhr = fileURLToPath(new URL('../../dist/node_xhr.js', import.meta.url));
  const script = `
    import { XMLHttpRequest } from ${JSON.stringify(xhr)};
    const events = [];
    process.on('uncaughtException', (e) => { events.push('uncaught:' + e.message); });
    const x = new XMLHttpRequest();
    x.open('GET', ${JSON.stringify(`${base}/ok`)});
    x.responseType = 'arraybuffer';
    x.onload = () => { events.push('load'); throw new Error('boom'); };
    x.onerror = () => events.push('error');
    x.onloadend = () => events.push('loadend');
    x.send(null);
    setTimeout(() => console.log(JSON.stringify(events)), 500);`;
  // (a child process: node:test counts an uncaught exception as a failure of its own; the server
  // lives in this process, so the child runs asynchronously)
  const stdout = await new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { timeout: 10_000 },
      (e, out, err) => (e ? reject(new Error(`${e.message}\n${err}`)) : resolve(out)),
    ),
  );
  assert.deepEqual(JSON.parse(stdout), ['load', 'loadend', 'uncaught:boom']);
});

test('dist/node.js installs no global XMLHttpRequest', async () => {
  await import('../../dist/node.js');
  assert.equal(globalThis.XMLHttpRequest, undefined);
});
