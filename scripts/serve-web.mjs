#!/usr/bin/env node
import { createReadStream, realpathSync, statSync } from 'node:fs';
// A small static server for the dashboard: web/ at `/`, the built package (dist/) at `/dist/`.
//
//   node scripts/serve-web.mjs [--port 8080] [--host 127.0.0.1] [--server URL] [--username NAME]
//
// web/js/zen.js imports `../../dist/index.js`; from `/js/zen.js` that resolves to
// `/dist/index.js` (URL resolution stops at the root), and from `/web/js/zen.js` — when any
// other static server serves the repository root — to the same file. So the page needs no
// build step and no rewriting, whichever way it is served.
//
// `/config.json` is generated from --server/--username (the dashboard pre-fills the connect
// form from it); without them it is 404 and the page falls back to `?server=` or its defaults.
//
// Only GET/HEAD, only regular files under web/ or dist/ (no listings, no dot-files, no `..`,
// no symlinks out of the tree), explicit content types (`.wasm` as application/wasm so that
// WebAssembly.instantiateStreaming works), nosniff, no-store, no framing.
// Prints `serving http://HOST:PORT/` on stdout once it listens; stops on SIGINT/SIGTERM.
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  // frame-ancestors only works as a header; the page's full policy is its <meta> CSP.
  'Content-Security-Policy': "frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  });
  res.end(body);
}

/** Maps a URL path to a file under one of the roots, or null. */
function resolveFile(roots, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  let base = roots.web;
  if (segments[0] === 'dist') {
    base = roots.dist;
    segments.shift();
  }
  if (segments.length === 0) segments.push('index.html');
  const candidate = path.join(base, ...segments);
  let real;
  try {
    real = realpathSync(candidate);
    const realBase = realpathSync(base);
    if (real !== realBase && !real.startsWith(realBase + path.sep)) return null;
    if (!statSync(real).isFile()) return null;
  } catch {
    return null;
  }
  return real;
}

/**
 * Starts the server. Resolves to { url, port, close() }.
 * @param {{ port?: number, host?: string, config?: object|null, webDir?: string, distDir?: string }} opts
 */
export function serveWeb({
  port = 8080,
  host = '127.0.0.1',
  config = null,
  webDir = path.join(ROOT, 'web'),
  distDir = path.join(ROOT, 'dist'),
} = {}) {
  const roots = { web: webDir, dist: distDir };
  const configBody = config ? JSON.stringify(config) : null;
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    let pathname;
    try {
      pathname = new URL(req.url, 'http://localhost').pathname;
    } catch {
      send(res, 400, 'Bad Request\n');
      return;
    }
    if (pathname === '/config.json' && configBody) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': TYPES['.json'] });
      res.end(req.method === 'HEAD' ? undefined : configBody);
      return;
    }
    const file = resolveFile(roots, pathname);
    if (!file) {
      send(res, 404, 'Not Found\n');
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    const size = statSync(file).size;
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = server.address().port;
      const url = `http://${host}:${actual}/`;
      resolve({
        url,
        port: actual,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}

function parseArgs(argv) {
  const o = { port: 8080, host: '127.0.0.1', server: null, username: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${a}`);
      return argv[++i];
    };
    switch (a) {
      case '--port':
        o.port = Number.parseInt(val(), 10);
        break;
      case '--host':
        o.host = val();
        break;
      case '--server':
        o.server = val();
        break;
      case '--username':
        o.username = val();
        break;
      case '-h':
      case '--help':
        console.log(
          'usage: node scripts/serve-web.mjs [--port 8080] [--host 127.0.0.1] [--server URL] [--username NAME]',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${a}`);
    }
  }
  if (!(o.port >= 0 && o.port < 65536)) throw new Error('--port must be 0..65535');
  return o;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const o = parseArgs(process.argv.slice(2));
    const config = o.server
      ? { server: o.server, ...(o.username ? { username: o.username } : {}) }
      : null;
    const s = await serveWeb({ port: o.port, host: o.host, config });
    console.log(`serving ${s.url}`);
    const stop = () => {
      s.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    console.error(`serve-web.mjs: ${e.message}`);
    process.exit(1);
  }
}
