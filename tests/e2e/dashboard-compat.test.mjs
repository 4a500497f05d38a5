// End-to-end: the dashboard follows the connected server's release (issue 11 item 6), in
// headless Debian Chromium against real ZenML 0.90.0 and 0.98.0 servers started side by side.
// On 0.90.0 the filter menus do not offer the operators that release reads as literals
// (notoneof, notcontains, isnull, isnotnull), type/flavor/pipeline fields take only an exact
// value, and the table cannot be sorted by type or flavor; on 0.98.0 all of them are offered.
// The connected release is shown in the connection area.
//
// A release outside the tested range cannot be had from a real server (0.80.0 and 0.98.0 are
// the ends of the range), so for those two tests a small proxy in front of the real 0.98.0
// server changes only the `version` of GET /api/v1/info (to 0.99.0, then 0.70.0); everything
// else is the real server's answer.
//
//   node --test tests/e2e/dashboard-compat.test.mjs   (needs dist/: scripts/build.sh --package-only)
//
// Like the other e2e files, every test fails on any JS dialog, uncaught page error, CSP or
// Trusted Types violation and any request to a URL the dashboard has no business fetching.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, request } from 'node:http';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { serveWeb } from '../../scripts/serve-web.mjs';
import { launchChromium } from '../support/browser.mjs';
import { assertNoProblems, watchDashboard } from '../support/dashboard.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const DIST = process.env.ZSW_E2E_DIST || path.join(ROOT, 'dist');
const WEB_DIR = process.env.ZSW_E2E_WEB_DIR || path.join(ROOT, 'web');
const OLD = '0.90.0';
const NEW = '0.98.0';
const SEEDED = 4;

const servers = {};
const proxies = {};
let web;
let browser;
const problems = [];

// --------------------------------------------------------------------------------------------
// helpers

/** Forwards everything to `target` unchanged, except the `version` in GET /api/v1/info's answer. */
function versionProxy(target, version) {
  const up = new URL(target.url);
  const server = createServer((req, res) => {
    const fwd = request(
      {
        host: up.hostname,
        port: up.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: up.host },
      },
      (answer) => {
        if (!(req.method === 'GET' && req.url.split('?')[0] === '/api/v1/info')) {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks = [];
        answer.on('data', (c) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.from(
            Buffer.concat(chunks)
              .toString('utf8')
              .replace(/"version":"[^"]*"/, `"version":"${version}"`),
          );
          res.writeHead(answer.statusCode, { ...answer.headers, 'content-length': body.length });
          res.end(body);
        });
      },
    );
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((r) => server.close(r)),
      }),
    );
  });
}

async function seed(server) {
  for (let i = 0; i < SEEDED; i++) {
    const res = await fetch(`${server.url}/api/v1/services`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        project: server.projectId,
        name: `compat-${i}`,
        service_type: { type: i % 2 ? 'model-serving' : 'batch', flavor: 'mlflow' },
        config: { nonce: `${Date.now()}-${i}` },
      }),
    });
    assert.equal(res.status, 200, await res.text());
  }
}

async function openPage(serverUrl, query = '') {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  const q = new URLSearchParams(query);
  q.set('server', serverUrl);
  await page.goto(`${web.url}?${q}`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

/** Signs in as the admin of `server` (both real servers have the same admin and password). */
async function login(page, server) {
  await page.fill('#username', server.adminUser);
  await page.fill('#password', server.adminPassword);
  await page.click('#btn-connect');
  await page.waitForSelector('#dashboard:not([hidden])');
}

async function settled(page) {
  await page.waitForSelector('#result-summary[data-total]');
  await page.waitForFunction(() => {
    const w = document.querySelector('#table-wrap');
    return w && !w.classList.contains('busy');
  });
}

async function openFilters(page) {
  if ((await page.getAttribute('#filters-toggle', 'aria-expanded')) === 'false')
    await page.click('#filters-toggle');
  await page.waitForSelector('#filter-form', { state: 'visible' });
}

/** The operators the builder offers for `field`. */
async function offeredOps(page, field) {
  await openFilters(page);
  await page.selectOption('#f-field', field);
  return page.$$eval('#f-op option', (os) => os.map((o) => o.value));
}

/** Per sortable column: whether its sort button is offered (visible), else the plain title's hint. */
async function sortHeaders(page) {
  return page.$$eval('#services thead button.sort', (bs) =>
    Object.fromEntries(
      bs.map((b) => {
        const label = b.nextElementSibling;
        const plain = label?.classList.contains('th-label') && !label.hidden;
        return [b.dataset.sort, b.hidden ? (plain ? label.title : 'hidden, no title') : 'sort'];
      }),
    ),
  );
}

const assertClean = (what) => assertNoProblems(problems, what);

// --------------------------------------------------------------------------------------------

before(async () => {
  if (
    !existsSync(path.join(DIST, 'index.js')) ||
    !existsSync(path.join(DIST, 'zenml_services.wasm'))
  ) {
    throw new Error(`${DIST} has no built package: run scripts/build.sh --package-only`);
  }
  const [old, neu] = await Promise.all([
    startServer({}, { version: OLD }),
    startServer({}, { version: NEW }),
  ]);
  servers[OLD] = old;
  servers[NEW] = neu;
  await Promise.all([seed(old), seed(neu)]);
  proxies.newer = await versionProxy(neu, '0.99.0');
  proxies.older = await versionProxy(neu, '0.70.0');

  web = await serveWeb({ port: 0, webDir: WEB_DIR, distDir: DIST, config: {} });
  const webOrigin = new URL(web.url).origin;
  const apiOrigins = new Set(
    [old, neu, proxies.newer, proxies.older].map((s) => new URL(s.url).origin),
  );
  browser = await launchChromium();
  const ctx = browser.context;
  await watchDashboard(ctx, {
    problems,
    webOrigin,
    allowApi: (u) => apiOrigins.has(u.origin) && u.pathname.startsWith('/api/v1/'),
  });
});

afterEach(async () => {
  for (const p of browser?.context.pages() || []) await p.close().catch(() => {});
  problems.length = 0;
});

after(async () => {
  await browser?.close().catch(() => {});
  await web?.close().catch(() => {});
  await Promise.all(Object.values(proxies).map((p) => p.close()));
  await Promise.all(Object.values(servers).map((s) => s.stop().catch((e) => console.error(e))));
});

// --------------------------------------------------------------------------------------------

test(`ZenML ${OLD}: the release is shown, and only what it reads right is offered`, async () => {
  const server = servers[OLD];
  const page = await openPage(server.url);
  await login(page, server);
  await settled(page);
  assert.equal(await page.textContent('#conn-summary .conn-release'), `ZenML ${OLD}`);
  assert.equal(await page.getAttribute('#conn-summary .conn-release', 'data-standing'), '');
  assert.equal(await page.isHidden('#release-note'), true, 'a tested release gets no note');
  assert.equal(await page.getAttribute('#result-summary', 'data-total'), String(SEEDED));

  const nameOps = await offeredOps(page, 'name');
  assert.ok(nameOps.includes('contains') && nameOps.includes('oneof'), nameOps.join());
  for (const op of ['notoneof', 'notcontains', 'isnull', 'isnotnull']) {
    assert.ok(!nameOps.includes(op), `${op} is not offered on ${OLD}: ${nameOps.join()}`);
  }
  assert.deepEqual(await offeredOps(page, 'type'), ['equals'], 'type: an exact value only');

  const sorts = await sortHeaders(page);
  assert.equal(sorts.name, 'sort');
  assert.equal(sorts.created, 'sort');
  assert.match(sorts.type, /ZenML 0\.90\.0 cannot sort by type \(ZenML 0\.93\.3 can\)/);
  assert.match(sorts.flavor, /cannot sort by flavor/);

  // The builder's check follows the release: a second condition on one field is refused,
  // naming the release and the first that reads it.
  await page.selectOption('#f-field', 'name');
  await page.selectOption('#f-op', 'startswith');
  await page.fill('#f-value', 'compat-');
  await page.click('#f-add');
  await page.waitForFunction(() =>
    document.querySelector('#chips')?.textContent.includes('compat-'),
  );
  await settled(page);
  await page.selectOption('#f-op', 'endswith');
  await page.fill('#f-value', '1');
  await page.waitForFunction(() =>
    document.querySelector('#f-error')?.textContent.includes('0.90.0'),
  );
  assert.match(await page.textContent('#f-error'), /0\.95\.0/);
  assertClean(OLD);
});

test(`ZenML ${OLD}: a link sorted by type falls back to the default sort, saying why`, async () => {
  const server = servers[OLD];
  const page = await openPage(server.url, 'sort_by=type');
  await login(page, server);
  await settled(page);
  assert.match(await page.textContent('#notices'), /cannot sort by type.*sorted by creation time/);
  assert.equal(new URL(page.url()).searchParams.get('sort_by'), null, 'the default sort');
  assert.equal(await page.getAttribute('#result-summary', 'data-total'), String(SEEDED));
  assertClean(`${OLD} sort link`);
});

test(`ZenML ${NEW}: the release is shown, and every operator and sort is offered`, async () => {
  const server = servers[NEW];
  const page = await openPage(server.url);
  await login(page, server);
  await settled(page);
  assert.equal(await page.textContent('#conn-summary .conn-release'), `ZenML ${NEW}`);
  assert.equal(await page.isHidden('#release-note'), true);
  const nameOps = await offeredOps(page, 'name');
  for (const op of ['notoneof', 'notcontains', 'isnull', 'isnotnull'])
    assert.ok(nameOps.includes(op), `${op} is offered on ${NEW}`);
  assert.ok((await offeredOps(page, 'type')).includes('startswith'));
  const sorts = await sortHeaders(page);
  for (const f of ['name', 'type', 'flavor', 'user', 'created', 'updated'])
    assert.equal(sorts[f], 'sort', f);

  // and what it offers works: notoneof, sorted by type
  await page.selectOption('#f-field', 'name');
  await page.selectOption('#f-op', 'notoneof');
  await page.fill('#f-value', 'compat-0, compat-1');
  await page.click('#f-add');
  await page.waitForFunction(
    (n) => document.querySelector('#result-summary')?.dataset.total === String(n),
    SEEDED - 2,
  );
  await page.click('#services thead button.sort[data-sort="type"]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('sort_by') === 'type');
  await settled(page);
  assert.deepEqual(
    await page.$$eval('#rows .row-open', (els) => els.map((e) => e.textContent)),
    ['compat-2', 'compat-3'], // batch before model-serving
  );
  assertClean(NEW);
});

test('a release newer than the newest tested: said plainly, the newest rules offered, the list works', async () => {
  const page = await openPage(proxies.newer.url);
  await login(page, servers[NEW]);
  await settled(page);
  assert.equal(await page.textContent('#conn-summary .conn-release'), 'ZenML 0.99.0 (untested)');
  assert.equal(await page.getAttribute('#conn-summary .conn-release', 'data-standing'), 'newer');
  assert.equal(await page.isVisible('#release-note'), true);
  const note = await page.textContent('#release-note');
  assert.match(
    note,
    /ZenML 0\.99\.0 is newer than the releases this dashboard was tested with \(0\.80\.0–0\.98\.0\)/,
  );
  assert.match(note, /rules of 0\.98\.0/);
  assert.equal(await page.getAttribute('#result-summary', 'data-total'), String(SEEDED));
  assert.ok((await offeredOps(page, 'name')).includes('notoneof'));
  assertClean('newer');
});

test('a release older than the oldest supported: said plainly, and the list is refused with the reason', async () => {
  const page = await openPage(proxies.older.url);
  await login(page, servers[NEW]);
  await page.waitForSelector('#release-note:not([hidden])');
  assert.equal(await page.textContent('#conn-summary .conn-release'), 'ZenML 0.70.0 (untested)');
  const note = await page.textContent('#release-note');
  assert.match(
    note,
    /ZenML 0\.70\.0 is older than the releases this dashboard supports \(0\.80\.0–0\.98\.0\)/,
  );
  await page.waitForFunction(() =>
    /0\.70\.0/.test(document.querySelector('#table-state')?.textContent || ''),
  );
  assert.match(await page.textContent('#table-state'), /0\.80\.0/);
  assertClean('older');
});
