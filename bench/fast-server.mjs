// A loopback "ZenML" that answers GET /api/v1/services instantly with a hydrated page of `size`
// items, so a benchmark sees only what the client adds (bench/fast-core.mjs). The page is
// bench/payload.mjs's, checked here against the recorded hydrated list
// (tests/fixtures/live/200-list-hydrated.json): same keys in the same order, and the recorded
// response headers (+ Content-Length). The bodies are built once, before listening.
//
// Runs in its own process, so that in Node the server's writes do not share the client's event
// loop (the client is what is measured):
//   import { startFastServer } from './fast-server.mjs';
//   const server = await startFastServer([100, 1000, 5000]);   // { url, close() }
//   node bench/fast-server.mjs serve 100,1000,5000               // prints {"url":...}; stops when stdin closes
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from './child-server.mjs';
import { pageText, service } from './payload.mjs';

const RECORDED = new URL('../tests/fixtures/live/200-list-hydrated.json', import.meta.url);

/** Every key path of a JSON value, in document order ("items[].body.labels"). */
function keyPaths(v, at = '', out = []) {
  if (Array.isArray(v)) {
    if (v.length) keyPaths(v[0], `${at}[]`, out);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(`${at}.${k}`);
      keyPaths(x, `${at}.${k}`, out);
    }
  }
  return out;
}

/** Throws unless bench/payload.mjs's items have the recorded hydrated item's keys, in order. */
export function checkShape() {
  const recorded = JSON.parse(readFileSync(RECORDED, 'utf8'));
  const item = JSON.parse(recorded.body).items[0];
  // labels may be null in either: compare the keys that are there in both
  const ours = keyPaths(service(1)).filter((k) => !k.startsWith('.body.labels.'));
  const theirs = keyPaths(item).filter((k) => !k.startsWith('.body.labels.'));
  if (ours.join() !== theirs.join()) {
    throw new Error(
      `bench/payload.mjs no longer matches ${fileURLToPath(RECORDED)}:\n ours ${ours.join(' ')}\n recorded ${theirs.join(' ')}`,
    );
  }
  return recorded.headers;
}

function serve(sizes) {
  const headers = checkShape();
  const bodies = new Map(sizes.map((n) => [n, Buffer.from(pageText(n))]));
  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    // CORS as ZenML answers it (docs/server-behaviour.md), so Chromium can call it cross-origin
    // (the recorded headers already hold `vary: Origin`)
    const cors = origin
      ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' }
      : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(200, {
        ...cors,
        Vary: 'Origin',
        'Access-Control-Max-Age': '600',
        'Access-Control-Allow-Methods': 'GET',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '',
        'Content-Length': 2,
      });
      return res.end('OK');
    }
    const url = new URL(req.url, 'http://x');
    const body =
      url.pathname === '/api/v1/services' && bodies.get(Number(url.searchParams.get('size')));
    if (req.method !== 'GET' || !body) {
      res.writeHead(404, { ...cors, 'Content-Type': 'application/json' });
      return res.end('{"detail":"Not Found"}');
    }
    res.writeHead(200, { ...headers, ...cors, 'Content-Length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(
      `${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`,
    );
  });
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

/** Starts the server in a child process; resolves to { url, close() }. */
export function startFastServer(sizes) {
  return startServerProcess(
    fileURLToPath(import.meta.url),
    ['serve', sizes.join(',')],
    'fast server',
  );
}

if (process.argv[2] === 'serve') serve(process.argv[3].split(',').map(Number));
