// The npm package (dist/) in headless Debian Chromium against a real ZenML 0.98.0 server.
//
// One server, one browser and one static server for the whole file. The test pages are served
// from their own origin (127.0.0.1:<static port>), the API from another (127.0.0.1:<zenml port>),
// so every API call is a real cross-origin request with real CORS preflights.
//
// Run: node --test tests/browser/package.test.mjs   (needs dist/: scripts/build.sh --package-only)

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { seed } from '../../scripts/seed-lib.mjs';
import { launchChromium, serveStatic } from '../support/browser.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const DIST = path.join(ROOT, 'dist');
const MISSING_ID = '00000000-0000-0000-0000-000000000000';

let server; // real ZenML server
let seeded; // seed-lib summary
let site; // static server for dist/ + pages
let pagesDir;
let browser;
let page; // the main test page (ES module entry)
let hang; // node:http server that accepts requests and never answers
let hangSeen = []; // requests the hanging server got: { method, url, closed }
let refusedOrigin = ''; // a port nobody listens on
const net = []; // every request the main page made: { url, method, headers, type }
const preflights = []; // CORS preflights seen through CDP
const consoleErrors = [];
const pageErrors = [];

// ---------------------------------------------------------------- pages

const MAIN_PAGE = `<!doctype html><meta charset="utf-8"><title>zsw package test</title>
<script type="module">
import * as lib from '/dist/index.js';
const info = (e) => ({ isZenmlError: e instanceof lib.ZenmlError, isError: e instanceof Error, name: e && e.name,
  code: e && e.code, status: e && e.status, exceptionType: e && e.exceptionType, message: e && e.message,
  body: e && e.body });
window.lib = lib;
window.settle = async (p) => { try { return { ok: true, value: await p }; } catch (e) { return { ok: false, error: info(e) }; } };
// resolves once the test's hanging server has received n requests (hangSeenCount is exposed by the test)
window.untilHangSeen = async (n) => {
  for (let i = 0; i < 1000; i++) {
    if (await window.hangSeenCount() >= n) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the hanging server never got the request');
};
window.ready = true;
</script>`;

// Every page below runs its own script and stores { ok, version, total, … } or { error } in
// window.result; the API URL and token come from the query string.
const PAGE_PRELUDE = `const q = new URLSearchParams(location.search);
async function exercise(createClient) {
  try {
    const zen = await createClient({ baseUrl: q.get('api'), token: q.get('token') });
    const info = await zen.serverInfo();
    const page = await zen.listServices({ size: 3, sortBy: 'asc:name' });
    let notFound = null;
    try { await zen.getService('${MISSING_ID}'); } catch (e) { notFound = e.code; }
    const pending = zen.pendingCalls;
    zen.close();
    window.result = { ok: true, version: info.version, total: page.total, items: page.items.length, notFound, pending };
  } catch (e) {
    window.result = { ok: false, error: String(e && e.stack || e), code: e && e.code };
  }
}`;

const SINGLE_CLASSIC = `<!doctype html><meta charset="utf-8"><title>single classic</title>
<script src="/dist/zenml-services.single.js"></script>
<script>${PAGE_PRELUDE}
window.kind = typeof ZenmlServices + '/' + typeof ZenmlServices.createClient + '/' + typeof createZenmlModule;
ZenmlServices.ready().then(() => {
  window.pure = ZenmlServices.toQuery({ filter: { name: 'equals:startwith:x' } }) + ' ' + ZenmlServices.filterSchema().fields.length;
}, (e) => { window.pure = String(e); });
exercise(ZenmlServices.createClient);
</script>`;

const SINGLE_MODULE = `<!doctype html><meta charset="utf-8"><title>single module</title>
<script type="module">
import '/dist/zenml-services.single.js';
${PAGE_PRELUDE}
window.kind = typeof globalThis.ZenmlServices + '/' + typeof globalThis.ZenmlServices.createClient + '/' + typeof globalThis.createZenmlModule;
await globalThis.ZenmlServices.ready();
window.pure = globalThis.ZenmlServices.toQuery({ filter: { name: 'equals:startwith:x' } }) + ' ' + globalThis.ZenmlServices.filterSchema().fields.length;
await exercise(globalThis.ZenmlServices.createClient);
</script>`;

// Strict CSP: no inline script, no eval; wasm compilation allowed; XHR only to self and the API.
const cspPage = (apiOrigin) => `<!doctype html><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${apiOrigin}">
<title>csp</title>
<script type="module" src="/csp-main.js"></script>`;
const CSP_MAIN = `import { createClient } from '/dist/index.js';
${PAGE_PRELUDE}
await exercise(createClient);
`;

// ---------------------------------------------------------------- helpers

/** Runs `fn(args)` in the main page (where window.lib and window.settle exist). */
function run(fn, args) {
  return page.evaluate(fn, args);
}

/** Whether the hanging server saw `seen`'s connection close within 10 s (a loaded machine is slow). */
async function untilClosed(seen) {
  for (let i = 0; i < 500 && !seen.closed; i++) await new Promise((res) => setTimeout(res, 20));
  return seen.closed;
}

/** Runs one client call in the page; resolves to { ok, value } or { ok: false, error }. */
function call(expr, args = {}) {
  // eslint-disable-next-line no-new-func
  return run(
    async ({ expr, args, url, token }) => {
      const zen = await window.lib.createClient({ baseUrl: url, token, timeoutMs: 20000 });
      try {
        const f = new Function('zen', 'args', `return (${expr})`);
        return await window.settle(f(zen, args));
      } finally {
        zen.close();
      }
    },
    { expr, args, url: server.url, token: server.token },
  );
}

function expectError(r, code, status) {
  assert.equal(
    r.ok,
    false,
    `expected ${code}, got success: ${JSON.stringify(r.value)?.slice(0, 200)}`,
  );
  assert.equal(r.error.isZenmlError, true, JSON.stringify(r.error));
  assert.equal(r.error.isError, true);
  assert.equal(r.error.name, 'ZenmlError');
  assert.equal(r.error.code, code, `${r.error.code}: ${r.error.message}`);
  if (status !== undefined) assert.equal(r.error.status, status);
  return r.error;
}

function svcRequest(name, extra = {}) {
  return {
    project: server.projectId,
    name,
    service_type: { type: 'model-serving', flavor: 'browser' },
    config: { nonce: randomUUID(), suite: 'browser' },
    ...extra,
  };
}

/** `2026-11-27T03:07:49.806490` + `addS` seconds, cut to the second: `2026-11-27 03:07:49`. */
function zenmlSecond(ts, addS = 0) {
  const ms = Date.parse(`${ts}Z`) + addS * 1000;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Console errors the browser itself logs for deliberate failures: "Failed to load resource". */
function unexpectedConsoleErrors(list = consoleErrors) {
  const apiOrigins = [
    server.url,
    hang && `http://127.0.0.1:${hang.address().port}`,
    refusedOrigin,
  ].filter(Boolean);
  return list.filter(
    (m) =>
      !(
        m.text.startsWith('Failed to load resource') && apiOrigins.some((o) => m.url.startsWith(o))
      ),
  );
}

async function openPage(urlPath, { init } = {}) {
  const p = await browser.context.newPage();
  const errors = [];
  p.on('console', (m) => {
    if (m.type() === 'error') errors.push({ text: m.text(), url: m.location().url || '' });
  });
  p.on('pageerror', (e) => errors.push({ text: `pageerror: ${e.stack || e}`, url: '' }));
  if (init) await p.addInitScript(init);
  await p.goto(`${site.url}${urlPath}`);
  return { p, errors };
}

// ---------------------------------------------------------------- setup

before(async () => {
  if (!existsSync(path.join(DIST, 'index.js')))
    throw new Error('dist/ is missing: run scripts/build.sh --package-only');
  server = await startServer();
  seeded = await seed({
    url: server.url,
    token: server.token,
    projectId: server.projectId,
    count: 26,
    secondUser: true,
  });

  pagesDir = mkdtempSync(path.join(tmpdir(), 'zsw-pages-'));
  const apiOrigin = new URL(server.url).origin;
  for (const [f, text] of Object.entries({
    'index.html': MAIN_PAGE,
    'single.html': SINGLE_CLASSIC,
    'single-module.html': SINGLE_MODULE,
    'csp.html': cspPage(apiOrigin),
    'csp-main.js': CSP_MAIN,
    'favicon.ico': '',
  }))
    writeFileSync(path.join(pagesDir, f), text);
  site = await serveStatic({ mounts: { '/dist/': DIST, '/': pagesDir } });

  // Never answers; notes when the browser drops the connection (an aborted XHR does).
  hang = createServer((req) => {
    const seen = { method: req.method, url: req.url, closed: false };
    hangSeen.push(seen);
    req.socket.on('close', () => {
      seen.closed = true;
    });
  });
  await new Promise((r) => hang.listen(0, '127.0.0.1', r));

  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push({ text: m.text(), url: m.location().url || '' });
  });
  page.on('pageerror', (e) => pageErrors.push(String(e?.stack || e)));
  page.on('request', (r) => {
    const entry = { url: r.url(), method: r.method(), type: r.resourceType(), headers: null };
    entry.headersSettled = r.allHeaders().then(
      (h) => {
        entry.headers = h;
      },
      () => {},
    );
    net.push(entry);
  });
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => {
    // the browser's own CORS preflights (CDP reports them with type 'Other' or 'Preflight')
    if (e.request.method === 'OPTIONS')
      preflights.push({ url: e.request.url, method: e.request.method, headers: e.request.headers });
  });
  // lets a page wait until the hanging server has the request, instead of sleeping a guess
  await page.exposeFunction('hangSeenCount', () => hangSeen.length);
  await page.goto(`${site.url}/index.html`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    try {
      if (site) await site.close();
    } finally {
      try {
        if (hang) {
          hang.closeAllConnections();
          await new Promise((r) => hang.close(r));
        }
      } finally {
        if (pagesDir) rmSync(pagesDir, { recursive: true, force: true });
        if (server) await server.stop();
      }
    }
  }
});

// ---------------------------------------------------------------- tests

describe('auth and errors', () => {
  test('serverInfo reports the real server', async () => {
    const r = await call('zen.serverInfo()');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.value.version, '0.98.0');
    assert.equal(r.value.auth_scheme, 'OAUTH2_PASSWORD_BEARER');
  });

  test('401 without a token and with a bad token', async () => {
    const r = await run(
      async ({ url }) => {
        const anon = await window.lib.createClient({ baseUrl: url });
        const bad = await window.lib.createClient({ baseUrl: url, token: 'not-a-jwt' });
        try {
          return [
            await window.settle(anon.listServices()),
            await window.settle(bad.listServices()),
          ];
        } finally {
          anon.close();
          bad.close();
        }
      },
      { url: server.url },
    );
    const none = expectError(r[0], 'unauthorized', 401);
    assert.equal(none.exceptionType, '');
    assert.match(none.message, /Not authenticated/);
    const bad = expectError(r[1], 'unauthorized', 401);
    assert.equal(bad.exceptionType, 'CredentialsNotValid');
    assert.match(bad.body, /CredentialsNotValid/);
  });

  test('password login: wrong password is unauthorized, the right one gives a working token', async () => {
    const r = await run(
      async ({ url, user, pw }) => {
        const zen = await window.lib.createClient({ baseUrl: url });
        try {
          const wrong = await window.settle(zen.login({ username: user, password: 'wrong' }));
          const ok = await window.settle(zen.login({ username: user, password: pw }));
          const list = await window.settle(zen.listServices({ size: 1 }));
          return { wrong, ok, list, tokenSet: zen.token === ok.value?.access_token };
        } finally {
          zen.close();
        }
      },
      { url: server.url, user: server.adminUser, pw: server.adminPassword },
    );
    expectError(r.wrong, 'unauthorized', 401);
    assert.equal(r.ok.ok, true, JSON.stringify(r.ok.error));
    assert.equal(r.ok.value.token_type, 'bearer');
    assert.equal(
      r.ok.value.csrf_token,
      null,
      '127.0.0.1:A -> 127.0.0.1:B is same-site: no CSRF token',
    );
    assert.ok(r.tokenSet);
    assert.equal(r.list.ok, true, JSON.stringify(r.list.error));
    assert.equal(r.list.value.total, seeded.services.length);
  });

  test('404, 409, 400 and invalid_argument map to their codes', async () => {
    const nf = await call(`zen.getService('${MISSING_ID}')`);
    const e404 = expectError(nf, 'not_found', 404);
    assert.equal(e404.exceptionType, 'KeyError');
    assert.ok(!e404.message.startsWith('"'), e404.message);

    const dup = await run(
      async ({ url, token, req }) => {
        const zen = await window.lib.createClient({ baseUrl: url, token });
        try {
          const a = await zen.createService(req);
          const b = await window.settle(zen.createService({ ...req, name: `${req.name}-2` }));
          await zen.deleteService(a.id);
          return b;
        } finally {
          zen.close();
        }
      },
      { url: server.url, token: server.token, req: svcRequest('browser-dup') },
    );
    const e409 = expectError(dup, 'conflict', 409);
    assert.equal(e409.exceptionType, 'EntityExistsError');

    const far = await call(`zen.listServices({ page: 99, size: 20 })`);
    const e400 = expectError(far, 'bad_request', 400);
    assert.match(e400.message, /^Invalid page 99\./);
    assert.equal(e400.exceptionType, 'ValueError');

    expectError(
      await call(`zen.listServices({ filter: { created: 'gte:2026-01-01T00:00:00' } })`),
      'invalid_argument',
      0,
    );
    expectError(await call(`zen.listServices({ filter: { nmae: 'x' } })`), 'invalid_argument', 0);
    expectError(await call(`zen.listServices({ sortBy: 'desc:nope' })`), 'invalid_argument', 0);
    expectError(await call(`zen.getService('not-a-uuid')`), 'invalid_argument', 0);
    expectError(await call(`zen.deleteService('../login')`), 'invalid_argument', 0);
    expectError(
      await call(`zen.updateService('${MISSING_ID}', { admin_state: 'running' })`),
      'invalid_argument',
      0,
    );
  });
});

describe('CRUD', () => {
  test('create, get (hydrated or not), update, clear, delete', async () => {
    const r = await run(
      async ({ url, token, req }) => {
        const zen = await window.lib.createClient({ baseUrl: url, token });
        try {
          const created = await zen.createService(req);
          const got = await zen.getService(created.id);
          const plain = await zen.getService(created.id, { hydrate: false });
          const upd = await zen.updateService(created.id, {
            admin_state: 'inactive',
            labels: { team: 'y', env: 'prod' },
          });
          const cleared = await zen.clearServiceFields(created.id, ['labels', 'status']);
          const del = await zen.deleteService(created.id);
          const gone = await window.settle(zen.getService(created.id));
          const gone2 = await window.settle(zen.deleteService(created.id));
          return {
            created,
            got,
            plain,
            upd,
            cleared,
            del: del === undefined,
            gone,
            gone2,
            pending: zen.pendingCalls,
          };
        } finally {
          zen.close();
        }
      },
      {
        url: server.url,
        token: server.token,
        req: svcRequest('browser-crud-ünï', {
          labels: { team: 'x' },
          status: { state: 'active' },
          admin_state: 'active',
          prediction_url: 'http://127.0.0.1:9/predict',
        }),
      },
    );
    assert.match(r.created.id, /^[0-9a-f-]{36}$/);
    assert.equal(r.created.name, 'browser-crud-ünï');
    assert.equal(r.created.body.state, 'active');
    assert.deepEqual(r.created.body.labels, { team: 'x' });
    assert.equal(r.created.body.project_id, server.projectId);
    assert.ok(r.created.metadata);
    assert.equal(r.got.metadata.prediction_url, 'http://127.0.0.1:9/predict');
    assert.equal(r.plain.metadata, null);
    assert.equal(r.upd.metadata.admin_state, 'inactive');
    assert.deepEqual(r.upd.body.labels, { team: 'y', env: 'prod' });
    assert.equal(r.upd.body.state, 'active');
    assert.equal(r.cleared.body.labels, null);
    assert.equal(r.cleared.body.state, null);
    assert.equal(r.cleared.metadata.admin_state, 'inactive');
    assert.ok(r.del);
    expectError(r.gone, 'not_found', 404);
    expectError(r.gone2, 'not_found', 404);
    assert.equal(r.pending, 0);
  });
});

describe('lists against the seeded set', () => {
  let all; // every service, hydrated, in the server's default order
  let cases;

  before(async () => {
    const r = await call('zen.listServices({ size: 1000, hydrate: true })');
    assert.equal(r.ok, true, JSON.stringify(r.error));
    all = r.value.items;
    assert.ok(all.length >= 40, `${all.length} services`);
    assert.ok(
      all.every((s) => s.metadata),
      'hydrated',
    );

    const g = seeded.groups;
    const s2 = zenmlSecond(g.g1.created_max, 1); // g1 < s2 <= g2 (1.1 s pause between groups)
    const s3 = zenmlSecond(g.g2.created_max, 1); // g2 < s3 <= g3
    const admin = seeded.users.admin;
    const second = seeded.users.second;
    const someId = all[7].id;
    const otherId = all[30].id;
    const hex8 = someId.replace(/-/g, '').slice(0, 8);
    cases = [
      {},
      { size: 100 },
      { filter: { name: 'a:b' } },
      { filter: { name: 'equals:contains:x' } },
      { filter: { name: 'notequals:svc-dup' }, size: 100 },
      { filter: { name: 'contains:%' }, size: 100 },
      { filter: { name: 'contains:r_s' } },
      { filter: { name: 'notcontains:svc' }, size: 100 },
      { filter: { name: 'startswith:MIXED' } },
      { filter: { name: 'endswith:服务' } },
      { filter: { name: 'contains:ÜNÏ' } },
      { filter: { name: 'oneof:["a:b","42","x&y=z","no-such"]' } },
      { filter: { name: 'notoneof:["a:b","42"]' }, size: 100, sortBy: 'desc:name' },
      { filter: { name: 'oneof:[]' }, size: 100 },
      { filter: { name: 'gt:41' } },
      { filter: { name: 'lte:42' }, size: 100 },
      { filter: { name: ['startswith:svc-', 'endswith:5'] } },
      {
        filter: { name: ['startswith:svc-0', 'endswith:5', 'equals:a:b'] },
        logicalOperator: 'or',
        size: 100,
      },
      { filter: { type: 'model-serving', flavor: 'mlflow' }, size: 100 },
      {
        filter: { type: 'startswith:model', flavor: 'oneof:["seldon","test"]' },
        logicalOperator: 'or',
        size: 100,
      },
      { filter: { pipeline_name: 'isnull:' }, size: 100 },
      { filter: { pipeline_name: 'notequals:training_pipeline' }, size: 100 },
      { filter: { pipeline_step_name: 'contains:serve', flavor: 'notcontains:flow' }, size: 100 },
      { filter: { created: `gte:${s2}` }, size: 100 },
      { filter: { created: `lt:${s2}` }, size: 100, sortBy: 'desc:created' },
      { filter: { created: `in:${s2},${s3}` }, size: 100 },
      { filter: { created: [`lt:${s2}`, `gte:${s3}`] }, logicalOperator: 'or', size: 100 },
      { filter: { updated: `gt:${s3}`, created: 'isnotnull:' }, size: 100 },
      { filter: { created: s2 } },
      { filter: { id: someId } },
      { filter: { id: `startswith:${hex8.toUpperCase()}` } },
      { filter: { id: `oneof:["${someId}","${otherId}"]` } },
      { filter: { id: `notequals:${someId}` }, size: 100 },
      { filter: { user: second.name }, size: 100 },
      { filter: { user: 'contains:Second Seed' }, size: 100 },
      { filter: { user: admin.id }, size: 100 },
      { filter: { user: `notequals:${admin.name}` }, size: 100 },
      { filter: { model_version_id: 'isnull:', pipeline_run_id: 'isnotnull:' } },
      {
        filter: { model_version_id: 'isnull:', pipeline_run_id: 'isnotnull:' },
        logicalOperator: 'or',
        size: 100,
      },
      { logicalOperator: 'or', size: 100 },
      { filter: { running: true, config: 'anything' }, size: 100 },
      {
        filter: { name: 'startswith:svc' },
        scopeUser: second.id,
        logicalOperator: 'or',
        size: 100,
      },
      { sortBy: 'asc:name', size: 100 },
      { sortBy: 'desc:name', size: 100 },
      { sortBy: 'user', size: 100 },
      { sortBy: 'desc:user', size: 100 },
      { sortBy: 'desc:type', size: 100 },
      { sortBy: 'asc:pipeline_name', size: 100 },
      { sortBy: 'desc:pipeline_step_name', size: 100 },
      { sortBy: 'desc:updated', filter: { name: 'startswith:svc-' }, size: 100 },
      { sortBy: 'id', size: 7, page: 2 },
      { sortBy: 'asc:name', size: 7, page: Math.ceil(all.length / 7) }, // last page (short)
      { sortBy: 'asc:name', size: 7, page: Math.ceil(all.length / 7) + 1 }, // past the end: 400
      { filter: { name: 'no-such-name' }, page: 2 }, // past the end of nothing
      { filter: { name: 'startswith:svc-' }, size: 5, page: 3, hydrate: true },
      { filter: { name: 'startswith:svc-' }, size: 5, page: 3, hydrate: false },
    ];
  });

  test(`listServices on the server and matchServices on the full set agree`, async () => {
    const results = await run(
      async ({ url, token, all, cases }) => {
        const zen = await window.lib.createClient({ baseUrl: url, token });
        const out = [];
        try {
          for (const opts of cases) {
            const remote = await window.settle(zen.listServices(opts));
            let local;
            try {
              local = { ok: true, value: zen.matchServices(all, opts) };
            } catch (e) {
              local = {
                ok: false,
                error: {
                  code: e.code,
                  status: e.status,
                  message: e.message,
                  isZenmlError: e instanceof window.lib.ZenmlError,
                },
              };
            }
            const shape = (r) =>
              r.ok
                ? {
                    ok: true,
                    index: r.value.index,
                    max_size: r.value.max_size,
                    total_pages: r.value.total_pages,
                    total: r.value.total,
                    ids: r.value.items.map((s) => s.id),
                    hydrated: r.value.items.map((s) => s.metadata !== null),
                  }
                : { ok: false, code: r.error.code, message: r.error.message };
            out.push({
              opts,
              query: zen.toQuery(opts),
              remote: shape(remote),
              local: shape(local),
            });
          }
          return out;
        } finally {
          zen.close();
        }
      },
      { url: server.url, token: server.token, all, cases },
    );

    assert.equal(results.length, cases.length);
    const failures = [];
    let nonEmpty = 0;
    let errors = 0;
    for (const { opts, query, remote, local } of results) {
      const { hydrated, ...r } = remote;
      const { hydrated: _, ...l } = local;
      try {
        if (r.ok) {
          assert.deepEqual(l, r);
          assert.ok(
            hydrated.every((h) => h === !!opts.hydrate),
            'hydrate as asked',
          );
          if (r.total > 0) nonEmpty++;
        } else {
          assert.equal(r.code, 'bad_request', r.message);
          assert.equal(l.ok, false, 'local must refuse what the server refuses');
          assert.equal(l.code, r.code);
          assert.equal(l.message, r.message);
          errors++;
        }
      } catch (e) {
        failures.push(
          `${query}\n  server: ${JSON.stringify(r)}\n  local:  ${JSON.stringify(l)}\n  ${e.message.split('\n')[0]}`,
        );
      }
    }
    assert.deepEqual(
      failures,
      [],
      `${failures.length} of ${results.length} cases disagree:\n${failures.join('\n')}`,
    );
    assert.ok(nonEmpty >= 30, `${nonEmpty} cases had results`);
    assert.equal(errors, 2, 'two past-the-end cases');
  });

  test('the async iterator walks every page in order', async () => {
    const r = await run(
      async ({ url, token }) => {
        const zen = await window.lib.createClient({ baseUrl: url, token });
        try {
          const ids = [];
          for await (const s of zen.services({
            filter: { name: 'startswith:svc-' },
            sortBy: 'desc:name',
            size: 4,
          }))
            ids.push(s.id);
          const one = await zen.listServices({
            filter: { name: 'startswith:svc-' },
            sortBy: 'desc:name',
            size: 100,
          });
          const empty = [];
          for await (const s of zen.services({ filter: { name: 'no-such-name' } }))
            empty.push(s.id);
          return { ids, expected: one.items.map((s) => s.id), empty, pending: zen.pendingCalls };
        } finally {
          zen.close();
        }
      },
      { url: server.url, token: server.token },
    );
    assert.ok(r.expected.length > 8, 'more than two pages');
    assert.deepEqual(r.ids, r.expected);
    assert.deepEqual(r.empty, []);
    assert.equal(r.pending, 0);
  });
});

describe('cancellation, timeouts, network errors', () => {
  test('AbortSignal: before sending and mid-flight -> aborted, nothing pending', async () => {
    const hangUrl = `http://127.0.0.1:${hang.address().port}`;
    hangSeen = [];
    const r = await run(
      async ({ url, token, hangUrl }) => {
        const M = await window.lib.loadModule();
        const zen = await window.lib.createClient({ baseUrl: url, token });
        // no token: a simple GET without preflight (Chromium lets a pending preflight run on
        // after the XHR is aborted, so only a simple request shows the connection being dropped)
        const slow = await window.lib.createClient({ baseUrl: hangUrl, timeoutMs: 0 });
        try {
          const pre = new AbortController();
          pre.abort();
          const before = await window.settle(zen.listServices({ signal: pre.signal }));
          // real server: the XHR is sent synchronously, abort before the answer arrives
          const ac = new AbortController();
          const p = zen.listServices({ signal: ac.signal, size: 5 });
          const inFlight = { pending: zen.pendingCalls, live: M.liveFetches() };
          ac.abort();
          const mid = await window.settle(p);
          // a server that never answers: abort once it has the request
          const ac2 = new AbortController();
          const hungCall = window.settle(slow.serverInfo({ signal: ac2.signal }));
          await window.untilHangSeen(1);
          const t0 = performance.now();
          ac2.abort();
          const hung = await hungCall;
          const elapsed = performance.now() - t0;
          const after = await window.settle(zen.listServices({ size: 1 }));
          return {
            before,
            mid,
            hung,
            elapsed,
            inFlight,
            after: after.ok,
            pending: zen.pendingCalls + slow.pendingCalls,
            live: M.liveFetches(),
          };
        } finally {
          zen.close();
          slow.close();
        }
      },
      { url: server.url, token: server.token, hangUrl },
    );
    expectError(r.before, 'aborted', 0);
    assert.deepEqual(r.inFlight, { pending: 1, live: 1 });
    expectError(r.mid, 'aborted', 0);
    expectError(r.hung, 'aborted', 0);
    // settled by the abort itself (this client has no timeout); generous for a loaded machine
    assert.ok(r.elapsed < 5000, `settled ${r.elapsed} ms after abort()`);
    assert.equal(r.after, true, 'the client still works');
    assert.equal(r.pending, 0);
    assert.equal(r.live, 0);
    assert.deepEqual(
      hangSeen.map((h) => `${h.method} ${h.url}`),
      ['GET /api/v1/info'],
      'the hanging server got the request',
    );
    assert.ok(await untilClosed(hangSeen[0]), 'the aborted XHR dropped its connection');
  });

  test('close() aborts calls in flight; a closed client answers with ZenmlError, not embind errors', async () => {
    const hangUrl = `http://127.0.0.1:${hang.address().port}`;
    hangSeen = [];
    const r = await run(
      async ({ hangUrl }) => {
        const M = await window.lib.loadModule();
        const zen = await window.lib.createClient({ baseUrl: hangUrl, timeoutMs: 0 });
        const p = window.settle(zen.serverInfo());
        const live = M.liveFetches();
        await window.untilHangSeen(1);
        zen.close();
        const out = { live, inFlight: await p, liveAfter: M.liveFetches() };
        const tryIt = (f) => {
          try {
            return { value: f() };
          } catch (e) {
            return { name: e.name, code: e.code };
          }
        };
        out.pending = tryIt(() => zen.pendingCalls);
        out.token = tryIt(() => zen.token);
        out.logout = tryIt(() => zen.logout());
        out.setToken = tryIt(() => zen.setToken('t'));
        out.call = await window.settle(zen.listServices());
        zen.close(); // twice is fine
        return out;
      },
      { hangUrl },
    );
    assert.equal(r.live, 1);
    expectError(r.inFlight, 'aborted', 0);
    assert.equal(r.liveAfter, 0);
    assert.deepEqual(r.pending, { value: 0 });
    assert.deepEqual(r.token, { value: '' });
    assert.equal(r.logout.name, undefined, 'logout() after close() does not throw');
    assert.deepEqual(r.setToken, { name: 'ZenmlError', code: 'invalid_argument' });
    expectError(r.call, 'invalid_argument', 0);
    assert.ok(hangSeen[0], 'the request reached the server before close()');
    assert.ok(
      await untilClosed(hangSeen[0]),
      'close() aborted the XHR: the connection was dropped',
    );
  });

  test('timeoutMs 1000 with retries 0 -> timeout after ~1 s; a refused port -> network', async () => {
    const hangUrl = `http://127.0.0.1:${hang.address().port}`;
    const refused = createServer();
    await new Promise((r) => refused.listen(0, '127.0.0.1', r));
    const refusedUrl = `http://127.0.0.1:${refused.address().port}`;
    refusedOrigin = refusedUrl;
    await new Promise((r) => refused.close(r));
    hangSeen = [];
    const r = await run(
      async ({ hangUrl, refusedUrl }) => {
        const M = await window.lib.loadModule();
        const slow = await window.lib.createClient({
          baseUrl: hangUrl,
          timeoutMs: 1000,
          retries: 0,
          serverVersion: '0.98.0', // the list's own attempt, not the GET /api/v1/info before it
        });
        const down = await window.lib.createClient({
          baseUrl: refusedUrl,
          timeoutMs: 5000,
          retries: 0,
        });
        try {
          let t0 = performance.now();
          const timeout = await window.settle(slow.listServices());
          const timeoutMs = performance.now() - t0;
          t0 = performance.now();
          const network = await window.settle(down.serverInfo());
          const networkMs = performance.now() - t0;
          return {
            timeout,
            timeoutMs,
            network,
            networkMs,
            pending: slow.pendingCalls + down.pendingCalls,
            live: M.liveFetches(),
          };
        } finally {
          slow.close();
          down.close();
        }
      },
      { hangUrl, refusedUrl },
    );
    const t = expectError(r.timeout, 'timeout', 0);
    assert.match(t.message, /1000 ms/);
    // not before the deadline; the upper bound only rules out "never" on a loaded machine
    assert.ok(r.timeoutMs >= 990 && r.timeoutMs < 6000, `timed out after ${r.timeoutMs} ms`);
    expectError(r.network, 'network', 0);
    assert.ok(r.networkMs < 3000, `refused after ${r.networkMs} ms`);
    assert.equal(r.pending, 0);
    assert.equal(r.live, 0);
    assert.deepEqual(
      hangSeen.map((h) => `${h.method} ${h.url}`),
      ['GET /api/v1/services'],
      'one attempt (retries: 0)',
    );
    assert.ok(await untilClosed(hangSeen[0]), 'the timed-out XHR was aborted (connection dropped)');
  });
});

describe('CORS and credentials', () => {
  test('API calls go cross-origin, are preflighted, and carry no cookies by default', async () => {
    await browser.context.addCookies([
      { name: 'zsw_probe', value: 'omit-check', domain: '127.0.0.1', path: '/', sameSite: 'Lax' },
    ]);
    const mark = net.length;
    const pmark = preflights.length;
    // fresh URLs: Chromium caches preflights per URL (the server sends Max-Age: 600)
    const fresh = randomUUID();
    const r = await call(`zen.listServices({ size: 2, filter: { name: 'cors-${fresh}' } })
      .then(() => zen.getService('${fresh}').catch((e) => e.code))`);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.value, 'not_found');
    await Promise.all(net.slice(mark).map((e) => e.headersSettled)); // allHeaders() settles asynchronously
    const pageOrigin = new URL(site.url).origin;
    const apiOrigin = new URL(server.url).origin;
    assert.notEqual(pageOrigin, apiOrigin);
    const sent = net.slice(mark).filter((e) => e.url.startsWith(apiOrigin));
    // the client's first list learns the release: GET /api/v1/info needs no token, so it goes
    // as a simple request, with neither Authorization nor a preflight
    const isInfo = (e) => new URL(e.url).pathname === '/api/v1/info';
    for (const e of sent.filter(isInfo)) {
      assert.equal(e.headers.authorization, undefined, 'GET /api/v1/info carries no token');
      assert.equal(e.headers.cookie, undefined);
      assert.ok(!preflights.slice(pmark).some((p) => p.url === e.url), 'and is not preflighted');
    }
    const api = sent.filter((e) => !isInfo(e));
    assert.ok(api.length >= 2, JSON.stringify(net.slice(mark)));
    for (const e of api) {
      assert.ok(e.headers, `headers of ${e.url}`);
      assert.equal(e.headers.origin, pageOrigin, 'a cross-origin request');
      assert.equal(e.headers.cookie, undefined, `no Cookie on ${e.method} ${e.url}`);
      assert.match(e.headers.authorization, /^Bearer /);
    }
    // every API URL of this test was preflighted (Authorization is not a simple header)
    const pre = preflights.slice(pmark);
    for (const e of api) {
      assert.ok(
        pre.some((p) => p.url === e.url && p.method === 'OPTIONS'),
        `preflight for ${e.url}: ${JSON.stringify(pre)}`,
      );
    }
    assert.ok(
      pre.every((p) =>
        /authorization/i.test(
          p.headers['Access-Control-Request-Headers'] ||
            p.headers['access-control-request-headers'] ||
            '',
        ),
      ),
    );
    // the overall log: every API request of the whole file went to the API origin, none with a cookie
    const everything = net.filter((e) => e.url.startsWith(apiOrigin));
    assert.ok(everything.every((e) => !e.headers || e.headers.cookie === undefined));
    await browser.context.clearCookies();
  });

  test("credentials: 'include' works and sends cookies", async () => {
    await browser.context.addCookies([
      {
        name: 'zsw_probe',
        value: 'include-check',
        domain: '127.0.0.1',
        path: '/',
        sameSite: 'Lax',
      },
    ]);
    const mark = net.length;
    const r = await run(
      async ({ url, token, user, pw }) => {
        const zen = await window.lib.createClient({ baseUrl: url, token, credentials: 'include' });
        try {
          const list = await window.settle(zen.listServices({ size: 2 }));
          const login = await window.settle(zen.login({ username: user, password: pw }));
          const again = await window.settle(zen.listServices({ size: 2 }));
          return { list, login, again };
        } finally {
          zen.close();
        }
      },
      { url: server.url, token: server.token, user: server.adminUser, pw: server.adminPassword },
    );
    assert.equal(r.list.ok, true, JSON.stringify(r.list.error));
    assert.equal(r.login.ok, true, JSON.stringify(r.login.error));
    assert.equal(r.again.ok, true, JSON.stringify(r.again.error));
    await Promise.all(net.slice(mark).map((e) => e.headersSettled));
    const api = net.slice(mark).filter((e) => e.url.startsWith(server.url));
    assert.ok(api.length >= 3);
    for (const e of api)
      assert.match(e.headers?.cookie || '', /zsw_probe=include-check/, `${e.method} ${e.url}`);
    const cookies = await browser.context.cookies(server.url);
    assert.ok(
      cookies.some((c) => c.name.startsWith('zenml-server-')),
      'the login cookie was stored (credentialed CORS)',
    );
    await browser.context.clearCookies();
  });
});

describe('leaks', () => {
  test('200 calls (list + 404): emval handles back at baseline, nothing pending, no live fetches', async () => {
    const r = await run(
      async ({ url, token, missing }) => {
        const M = await window.lib.loadModule();
        const zen = await window.lib.createClient({ baseUrl: url, token });
        try {
          await zen.listServices({ size: 5 });
          await zen.getService(missing).catch(() => {});
          const base = { handles: M.count_emval_handles(), heap: M.HEAPU8 ? M.HEAPU8.length : -1 };
          let ok = 0;
          let nf = 0;
          for (let i = 0; i < 100; i++) {
            const [a, b] = await Promise.all([
              zen.listServices({ size: 5, filter: { name: 'startswith:svc-' } }),
              zen.getService(missing).catch((e) => e),
            ]);
            if (a.items.length === 5) ok++;
            if (b.code === 'not_found') nf++;
          }
          const afterCalls = {
            handles: M.count_emval_handles(),
            heap: M.HEAPU8 ? M.HEAPU8.length : -1,
          };
          return { ok, nf, base, afterCalls, pending: zen.pendingCalls, live: M.liveFetches() };
        } finally {
          zen.close();
        }
      },
      { url: server.url, token: server.token, missing: MISSING_ID },
    );
    assert.equal(r.ok, 100);
    assert.equal(r.nf, 100);
    assert.equal(r.pending, 0);
    assert.equal(r.live, 0);
    assert.equal(
      r.afterCalls.handles,
      r.base.handles,
      `emval handles ${r.base.handles} -> ${r.afterCalls.handles}`,
    );
    assert.equal(r.afterCalls.heap, r.base.heap, 'the wasm heap did not grow');
  });
});

describe('input the XMLHttpRequest would refuse', () => {
  // setRequestHeader/open throw synchronously; before the fix that exception unwound through
  // emscripten_fetch and left a pending call, a live fetch and emval handles behind forever.
  test('bad tokens are invalid_argument up front; unparsable URLs fail as network, nothing leaks', async () => {
    const r = await run(
      async ({ url, token }) => {
        const M = await window.lib.loadModule();
        const base = M.count_emval_handles();
        const out = { tokens: [], urls: [] };
        for (const bad of ['a\nb', 'x\r\nX-Evil: 1', 'tök€n'])
          out.tokens.push(
            await window.settle(window.lib.createClient({ baseUrl: url, token: bad })),
          );
        const zen = await window.lib.createClient({ baseUrl: url, token: `${token}\n` }); // XHR trims surrounding whitespace
        try {
          out.trimmed = (await window.settle(zen.listServices({ size: 1 }))).ok;
          try {
            zen.setToken('a\nb');
            out.setToken = 'accepted';
          } catch (e) {
            out.setToken = e.code;
          }
          out.kept = (await window.settle(zen.listServices({ size: 1 }))).ok;
        } finally {
          zen.close();
        }
        // The core refuses these before any client exists (they used to fail only at the first call).
        for (const baseUrl of ['http://127.0.0.1:99999', 'http://[::1', 'http://a<b>c']) {
          out.urls.push(await window.settle(window.lib.createClient({ baseUrl, retries: 0 })));
        }
        out.pending = 0;
        out.live = M.liveFetches();
        out.handles = M.count_emval_handles() - base;
        return out;
      },
      { url: server.url, token: server.token },
    );
    for (const t of r.tokens)
      assert.match(expectError(t, 'invalid_argument', 0).message, /printable ASCII/);
    assert.equal(r.trimmed, true);
    assert.equal(r.setToken, 'invalid_argument');
    assert.equal(r.kept, true, 'a refused setToken keeps the previous token');
    for (const u of r.urls) assert.match(expectError(u, 'invalid_argument', 0).message, /baseUrl/);
    assert.equal(r.pending, 0);
    assert.equal(r.live, 0);
    assert.equal(r.handles, 0);
  });
});

describe('other builds and environments', () => {
  for (const [name, file] of [
    ['classic <script>', 'single.html'],
    ['<script type="module">', 'single-module.html'],
  ]) {
    test(`single-file build from a ${name}`, async () => {
      const q = new URLSearchParams({ api: server.url, token: server.token });
      const { p, errors } = await openPage(`/${file}?${q}`);
      try {
        await p.waitForFunction(() => window.result !== undefined, null, { timeout: 20_000 });
        await p.waitForFunction(() => window.pure !== undefined, null, { timeout: 20_000 });
        const { result, kind, pure } = await p.evaluate(() => ({
          result: window.result,
          kind: window.kind,
          pure: window.pure,
        }));
        assert.equal(result.ok, true, result.error);
        assert.equal(
          pure,
          'name=equals%3Astartwith%3Ax 13',
          'the module-level pure functions, after ready()',
        );
        assert.equal(result.version, '0.98.0');
        assert.equal(result.total, seeded.services.length);
        assert.equal(result.items, 3);
        assert.equal(result.notFound, 'not_found');
        assert.equal(result.pending, 0);
        assert.equal(kind, 'object/function/undefined', 'only ZenmlServices is global');
        assert.deepEqual(unexpectedConsoleErrors(errors), []);
      } finally {
        await p.close();
      }
    });
  }

  test('ES module under a strict CSP (no inline script, no eval, connect-src limited)', async () => {
    const q = new URLSearchParams({ api: server.url, token: server.token });
    const { p, errors } = await openPage(`/csp.html?${q}`, {
      init: () => {
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      },
    });
    try {
      await p.waitForFunction(() => window.result !== undefined, null, { timeout: 20_000 });
      const result = await p.evaluate(() => window.result);
      assert.equal(result.ok, true, result.error);
      assert.equal(result.version, '0.98.0');
      assert.equal(result.total, seeded.services.length);
      assert.equal(result.notFound, 'not_found');
      assert.deepEqual(await p.evaluate(() => window.__csp), []);
      assert.deepEqual(unexpectedConsoleErrors(errors), []);
      // control: the policy is really in force (a connect to another origin is refused)
      const blocked = await p.evaluate(async () => {
        try {
          await fetch('http://127.0.0.1:1/x');
          return 'fetched';
        } catch {
          return 'refused';
        }
      });
      assert.equal(blocked, 'refused');
      await p.waitForFunction(() => window.__csp.length > 0, null, { timeout: 5000 });
      assert.match(
        (await p.evaluate(() => window.__csp))[0],
        /^connect-src http:\/\/127\.0\.0\.1:1/,
      );
    } finally {
      await p.close();
    }
  });
});

describe('page health', () => {
  test('no pageerror and no console errors except the browser logging deliberate failed loads', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(unexpectedConsoleErrors(), []);
  });
});
