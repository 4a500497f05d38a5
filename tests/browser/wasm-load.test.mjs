// Loading the .wasm in headless Debian Chromium when it goes wrong the ways a new user meets:
// a .wasm that is not served (404), a dev server that answers its path with an HTML page, and a
// Content-Security-Policy whose connect-src does not allow fetching it. Each must reject with a
// ZenmlError `wasm_load` that names the URL tried and the likely fix, log nothing of its own,
// and leave nothing cached: once the server is fixed, the next createClient() / ready() /
// loadModule() loads the module and talks to a real ZenML server. The page is the ES module entry
// (dist/index.js), served by a static server of this file whose answer for the .wasm a test sets.
//
// Run: node --test tests/browser/wasm-load.test.mjs   (needs dist/: scripts/build.sh --package-only)

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from '../support/browser.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const DIST = process.env.ZSW_BROWSER_DIST || path.join(ROOT, 'dist');
const WASM = '/dist/zenml_services.wasm';
// What Vite's dev server answers for a path it does not know (its index.html fallback).
const HTML_FALLBACK =
  '<!doctype html>\n<html lang="en"><head><script type="module" src="/@vite/client"></script></head><body><div id="app"></div></body></html>\n';

let server; // real ZenML
let site; // the static server: { url, close }
let browser;
let wasmMode = 'ok'; // what GET /dist/zenml_services.wasm answers: 'ok' | 'missing' | 'html'
let cspConnect = ''; // connect-src of /csp.html
const wasmRequests = []; // paths of every .wasm request

// The page: the package as an ES module; `window.attempt(kind, moduleOptions)` runs
// createClient / ready / loadModule once and reports { ok, version? } or { ok: false, error }.
const PAGE_JS = `import * as lib from '/dist/index.js';
const api = new URLSearchParams(location.search).get('api');
const info = (e) => ({ isZenmlError: e instanceof lib.ZenmlError, name: e?.name, code: e?.code,
  status: e?.status, message: String(e?.message ?? e) });
window.attempt = async (kind, moduleOptions) => {
  try {
    if (kind === 'ready') {
      await lib.ready(moduleOptions);
      return { ok: true, query: lib.toQuery({ filter: { name: 'startswith:svc-' } }) };
    }
    if (kind === 'loadModule') {
      const M = await lib.loadModule(moduleOptions);
      return { ok: true, version: M.version() };
    }
    const zen = await lib.createClient({ baseUrl: api, ...(moduleOptions ? { moduleOptions } : {}) });
    try {
      return { ok: true, version: (await zen.serverInfo()).version };
    } finally {
      zen.close();
    }
  } catch (e) {
    return { ok: false, error: info(e) };
  }
};
window.__problems = [];
window.addEventListener('unhandledrejection', (e) => window.__problems.push(String(e.reason?.stack || e.reason)));
window.ready = true;
`;
const PAGE =
  '<!doctype html><meta charset="utf-8"><title>wasm load</title><script type="module" src="/page.js"></script>';

function serveSite() {
  const http = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = url.pathname;
    const common = { 'Cache-Control': 'no-store' };
    if (p.endsWith('.wasm')) wasmRequests.push(p);
    if (p === '/page.html' || p === '/csp.html') {
      const csp =
        p === '/csp.html'
          ? {
              'Content-Security-Policy': `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src ${cspConnect}`,
            }
          : {};
      res.writeHead(200, { ...common, ...csp, 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(PAGE);
    }
    if (p === '/page.js') {
      res.writeHead(200, { ...common, 'Content-Type': 'text/javascript' });
      return res.end(PAGE_JS);
    }
    if (p === WASM && wasmMode === 'missing') {
      res.writeHead(404, { ...common, 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    if (p === WASM && wasmMode === 'html') {
      res.writeHead(200, { ...common, 'Content-Type': 'text/html' });
      return res.end(HTML_FALLBACK);
    }
    // the package, and the same .wasm "served elsewhere" for locateFile
    const file =
      p === '/elsewhere/assets/zenml_services.wasm'
        ? path.join(DIST, 'zenml_services.wasm')
        : p.startsWith('/dist/') && /^[\w.-]+$/.test(p.slice(6))
          ? path.join(DIST, p.slice(6))
          : null;
    if (file && existsSync(file)) {
      const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      res.writeHead(200, { ...common, 'Content-Type': type });
      return res.end(readFileSync(file));
    }
    res.writeHead(404, { ...common, 'Content-Type': 'text/plain' });
    res.end('not found');
  });
  return new Promise((resolve) =>
    http.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${http.address().port}`,
        close: () =>
          new Promise((r) => {
            http.closeAllConnections();
            http.close(() => r());
          }),
      }),
    ),
  );
}

/** Opens `file` of the site; collects console messages other than the browser's own "Failed to load resource". */
async function open(file) {
  const page = await browser.context.newPage();
  const logged = [];
  page.on('console', (m) => {
    if (m.type() === 'log' || m.text().startsWith('Failed to load resource')) return;
    logged.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => logged.push(`pageerror: ${e.stack || e}`));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${site.url}/${file}?${new URLSearchParams({ api: server.url })}`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
  return {
    page,
    logged,
    attempt: (kind, moduleOptions) =>
      page.evaluate(([k, o]) => window.attempt(k, o), [kind, moduleOptions]),
  };
}

function expectLoadError(r, what) {
  assert.equal(r.ok, false, `${what}: expected a failure, got ${JSON.stringify(r)}`);
  assert.equal(r.error.isZenmlError, true, `${what}: ${JSON.stringify(r.error)}`);
  assert.equal(r.error.name, 'ZenmlError');
  assert.equal(r.error.code, 'wasm_load', `${what}: ${r.error.code}: ${r.error.message}`);
  return r.error;
}

before(async () => {
  if (!existsSync(path.join(DIST, 'index.js')))
    throw new Error('dist/ is missing: run scripts/build.sh --package-only');
  server = await startServer();
  site = await serveSite();
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    try {
      if (site) await site.close();
    } finally {
      if (server) await server.stop();
    }
  }
});

describe('a .wasm that cannot be loaded', () => {
  test('404: wasm_load naming the URL, where the .wasm must be served and the Vite line; the next call retries and works once it is served', async () => {
    wasmMode = 'missing';
    const { page, logged, attempt } = await open('page.html');
    try {
      const url = `${site.url}${WASM}`;
      const before = wasmRequests.length;
      const e = expectLoadError(await attempt('createClient'), 'createClient');
      assert.equal(e.status, 404);
      assert.ok(e.message.includes(`GET ${url} answered HTTP 404`), e.message);
      assert.ok(e.message.includes('next to dist/index.js'), e.message);
      assert.ok(e.message.includes('locateFile'), e.message);
      assert.ok(
        e.message.includes("optimizeDeps: { exclude: ['zenml-services-wasm'] }"),
        e.message,
      );
      // nothing cached: each entry point asks again
      expectLoadError(await attempt('ready'), 'ready');
      expectLoadError(await attempt('loadModule'), 'loadModule');
      expectLoadError(await attempt('createClient'), 'createClient again');
      assert.equal(wasmRequests.length - before, 4, 'one request per attempt, none cached');

      wasmMode = 'ok';
      const r = await attempt('createClient');
      assert.deepEqual(r, { ok: true, version: '0.98.0' });
      assert.deepEqual(await attempt('ready'), {
        ok: true,
        query: 'name=startswith%3Asvc-',
      });
      assert.deepEqual(await page.evaluate(() => window.__problems), []);
      assert.deepEqual(logged, [], 'the package logs nothing of its own');
    } finally {
      wasmMode = 'ok';
      await page.close();
    }
  });

  test("a dev server's HTML page for the .wasm: wasm_load saying so, with the Vite line; a retry works once fixed", async () => {
    wasmMode = 'html';
    const { page, logged, attempt } = await open('page.html');
    try {
      const e = expectLoadError(await attempt('ready'), 'ready');
      assert.ok(e.message.includes(`GET ${site.url}${WASM} answered text/html`), e.message);
      assert.ok(e.message.includes('"<!doctype html>'), e.message);
      assert.ok(e.message.includes('not a WebAssembly module'), e.message);
      assert.ok(
        e.message.includes("optimizeDeps: { exclude: ['zenml-services-wasm'] }"),
        e.message,
      );
      assert.doesNotMatch(e.message, /magic word|Aborted\(/);
      expectLoadError(await attempt('createClient'), 'createClient');

      wasmMode = 'ok';
      assert.deepEqual(await attempt('createClient'), { ok: true, version: '0.98.0' });
      assert.deepEqual(await page.evaluate(() => window.__problems), []);
      assert.deepEqual(logged, [], 'the package logs nothing of its own');
    } finally {
      wasmMode = 'ok';
      await page.close();
    }
  });

  test('a CSP whose connect-src does not allow the .wasm: wasm_load naming connect-src and the origin; each call tries again; the fixed policy loads', async () => {
    cspConnect = new URL(server.url).origin; // the API only, not 'self'
    let { page, logged, attempt } = await open('csp.html');
    try {
      const e = expectLoadError(await attempt('createClient'), 'createClient');
      assert.ok(e.message.includes(`${site.url}${WASM}`), e.message);
      assert.ok(e.message.includes(`connect-src must allow ${site.url}`), e.message);
      assert.equal(e.status, 0);
      expectLoadError(await attempt('createClient'), 'createClient again');
      const violations = await page.evaluate(() => window.__csp);
      assert.deepEqual(
        violations,
        [`connect-src ${site.url}${WASM}`, `connect-src ${site.url}${WASM}`],
        'two attempts, two blocked fetches: the failure was not cached',
      );
      assert.deepEqual(await page.evaluate(() => window.__problems), []);
      assert.deepEqual(
        logged.filter((l) => !l.includes('Content Security Policy')),
        [],
        'nothing logged but the browser reporting the violation',
      );
    } finally {
      await page.close();
    }
    cspConnect = `'self' ${new URL(server.url).origin}`; // the fix: the server sends a policy that allows it
    ({ page, logged, attempt } = await open('csp.html'));
    try {
      assert.deepEqual(await attempt('createClient'), { ok: true, version: '0.98.0' });
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
      assert.deepEqual(logged, []);
    } finally {
      await page.close();
    }
  });
});

describe('a .wasm served elsewhere', () => {
  test('moduleOptions.locateFile points the package at it; a wrong one is a wasm_load naming the URL it gave', async () => {
    wasmMode = 'missing'; // nothing next to index.js
    const { page, logged } = await open('page.html');
    try {
      const wrong = expectLoadError(
        await page.evaluate(async () => {
          const lib = await import('/dist/index.js');
          try {
            await lib.ready({ locateFile: (f) => `/nowhere/${f}` });
            return { ok: true };
          } catch (e) {
            const { name, code, message } = e;
            return {
              ok: false,
              error: { isZenmlError: e instanceof lib.ZenmlError, name, code, message },
            };
          }
        }),
        'ready with a wrong locateFile',
      );
      assert.ok(
        wrong.message.includes(`GET ${site.url}/nowhere/zenml_services.wasm answered HTTP 404`),
        wrong.message,
      );

      const before = wasmRequests.length;
      const r = await page.evaluate(async () => {
        const lib = await import('/dist/index.js');
        const located = [];
        const zen = await lib.createClient({
          baseUrl: new URLSearchParams(location.search).get('api'),
          moduleOptions: {
            locateFile: (file, prefix) => {
              located.push([file, prefix]);
              return `/elsewhere/assets/${file}`;
            },
          },
        });
        try {
          return { version: (await zen.serverInfo()).version, located };
        } finally {
          zen.close();
        }
      });
      assert.deepEqual(r, {
        version: '0.98.0',
        located: [['zenml_services.wasm', `${site.url}/dist/`]],
      });
      assert.deepEqual(wasmRequests.slice(before), ['/elsewhere/assets/zenml_services.wasm']);
      assert.deepEqual(await page.evaluate(() => window.__problems), []);
      assert.deepEqual(logged, []);
    } finally {
      wasmMode = 'ok';
      await page.close();
    }
  });
});
