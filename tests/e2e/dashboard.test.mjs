// End-to-end tests of the dashboard (web/) in headless Debian Chromium against a real ZenML
// 0.98.0 server. The page is served by scripts/serve-web.mjs on its own port, so every API call
// is cross-origin: CORS and preflights are real.
//
//   node --test tests/e2e/dashboard.test.mjs        (needs dist/: scripts/build.sh --package-only)
//
// Every test fails on any JS dialog (alert/confirm/prompt), any uncaught page error, any CSP or
// Trusted Types violation and any request to a URL the dashboard has no business fetching.
// Screenshots of the main views go to tests/e2e/screenshots/ (git-ignored).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { seed } from '../../scripts/seed-lib.mjs';
import { serveWeb } from '../../scripts/serve-web.mjs';
import { launchChromium } from '../support/browser.mjs';
import { assertNoProblems, restFor, watchDashboard } from '../support/dashboard.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const DIST = process.env.ZSW_E2E_DIST || path.join(ROOT, 'dist');
const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

const XSS = [
  '<img src=x onerror=alert(1)>',
  '"><script>alert(1)</script>',
  'javascript:alert(1)',
  '<svg/onload=alert(1)>',
  '\'"><iframe src=javascript:alert(1)></iframe>',
  '</textarea><img src=x onerror=alert(1)>',
];
const XSS_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.domain)',
  'data:text/html,<script>alert(1)</script>',
  ' javascript:alert(1)',
  'vbscript:msgbox(1)',
  '/relative"><img src=x onerror=alert(1)>',
];

let api; // the real ZenML server
let corsApi; // a second one that allows only http://example.com
let web; // the dashboard
let browser;
let seeded;
const problems = []; // dialogs, page errors, CSP violations, unexpected requests
const putBodies = []; // PUT /api/v1/services/{id} bodies, to check partial updates

// --------------------------------------------------------------------------------------------
// helpers

const { rest, restList } = restFor(() => api);

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function openPage(query = '', { viewport = { width: 1400, height: 900 } } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(web.url + query);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

async function settled(page) {
  await page.waitForFunction(() => {
    const w = document.querySelector('#table-wrap');
    return w && !w.classList.contains('busy');
  });
}

/** Waits until no CSS transition runs (the detail panel slides the layout for 0.2 s). */
async function transitionsDone(page) {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => !(a instanceof CSSTransition) || a.playState !== 'running'),
  );
}

async function login(page, password = api.adminPassword) {
  await page.fill('#username', api.adminUser);
  await page.fill('#password', password);
  await page.click('#btn-connect');
  await page.waitForSelector('#dashboard:not([hidden])');
  await listed(page);
}

/** Waits until the first list has arrived and no reload of it is running. */
async function listed(page) {
  await page.waitForSelector('#result-summary[data-total]');
  await settled(page);
}

async function total(page) {
  await settled(page);
  return Number(await page.getAttribute('#result-summary', 'data-total'));
}

async function waitTotal(page, n) {
  await page.waitForFunction(
    (t) => document.querySelector('#result-summary')?.dataset.total === String(t),
    n,
  );
  await settled(page);
}

async function rowNames(page) {
  return page.$$eval('#rows .row-open', (els) => els.map((e) => e.textContent));
}

async function addFilter(page, field, op, value, value2) {
  await page.selectOption('#f-field', field);
  await page.selectOption('#f-op', op);
  if (value !== undefined) await page.fill('#f-value', value);
  if (value2 !== undefined) await page.fill('#f-value2', value2);
  await page.click('#f-add');
}

async function clearFilters(page) {
  while (await page.$('.chip-remove')) {
    await page.click('.chip-remove');
    await settled(page);
  }
}

function listRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    if (/\/api\/v1\/services(\?|$)/.test(r.url())) seen.push(r.url());
  });
  return seen;
}

async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
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
  // Two real servers in parallel: the main one and one whose CORS allows only example.com.
  const results = await Promise.allSettled([
    startServer(),
    startServer({ ZSW_CORS_ORIGINS: 'http://example.com' }),
  ]);
  if (results.some((r) => r.status === 'rejected')) {
    await Promise.all(
      results.map((r) => r.status === 'fulfilled' && r.value.stop().catch(() => {})),
    );
    throw results.find((r) => r.status === 'rejected').reason;
  }
  [api, corsApi] = results.map((r) => r.value);

  seeded = await seed({
    url: api.url,
    token: api.token,
    projectId: api.projectId,
    count: 24,
    secondUser: true,
  });
  // Services whose every string is a script payload.
  for (let i = 0; i < XSS.length; i++) {
    const r = await rest('POST', '/api/v1/services', {
      project: api.projectId,
      name: XSS[i],
      service_type: { type: 'xss-test', flavor: XSS[(i + 1) % XSS.length] },
      service_source: XSS[(i + 2) % XSS.length],
      admin_state: 'active',
      labels: { [XSS[i]]: XSS[(i + 3) % XSS.length], team: 'javascript:alert(1)' },
      config: { payload: XSS[i], html: '<b onmouseover=alert(1)>x</b>', i, nonce: seeded.nonce },
      status: { state: 'error', last_error: XSS[(i + 4) % XSS.length] },
      endpoint: { '<script>': '</script>', url: XSS_URLS[i] },
      prediction_url: XSS_URLS[i],
      health_check_url: XSS_URLS[(i + 1) % XSS_URLS.length],
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }

  web = await serveWeb({
    port: 0,
    distDir: DIST,
    config: { server: api.url, username: api.adminUser },
  });
  const webOrigin = new URL(web.url).origin;
  const apiOrigins = [new URL(api.url).origin, new URL(corsApi.url).origin];

  browser = await launchChromium();
  const ctx = browser.context;
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: webOrigin });
  await watchDashboard(ctx, {
    problems,
    webOrigin,
    allowApi: (u) =>
      (apiOrigins.includes(u.origin) && u.pathname.startsWith('/api/v1/')) ||
      // connect to a closed port
      (u.hostname === '127.0.0.1' && u.href.includes('/api/v1/info')),
  });
  ctx.on('request', (req) => {
    if (req.method() === 'PUT' && /\/api\/v1\/services\//.test(req.url()))
      putBodies.push(JSON.parse(req.postData() || 'null'));
  });
});

// A failed test may leave its page open (pending requests, timers): never let it leak into the next.
afterEach(async () => {
  const pages = browser?.context.pages() || [];
  for (const p of pages.slice(1)) await p.close().catch(() => {});
  problems.length = 0;
});

after(async () => {
  await browser?.close().catch(() => {});
  await web?.close().catch(() => {});
  for (const s of [api, corsApi]) {
    try {
      await s?.stop();
    } catch (e) {
      console.error(e);
    }
  }
});

// --------------------------------------------------------------------------------------------

test('connect: server info, auth scheme, first page, state chart', async () => {
  const page = await openPage();
  assert.equal(await page.inputValue('#server-url'), api.url, 'pre-filled from config.json');
  assert.equal(await page.inputValue('#username'), 'admin');
  await page.waitForFunction(() => document.querySelector('#server-probe').dataset.ok === 'true');
  assert.match(
    await page.textContent('#server-probe'),
    /ZenML 0\.98\.0 · auth OAUTH2_PASSWORD_BEARER/,
  );
  await shot(page, 'connect');
  await login(page);
  const summary = await page.textContent('#conn-summary');
  assert.match(summary, /ZenML 0\.98\.0/);
  assert.match(summary, /OAUTH2_PASSWORD_BEARER/);
  assert.match(summary, /signed in as admin/);
  const all = await restList('size=1000');
  assert.equal(await total(page), all.total);
  assert.equal((await rowNames(page)).length, 20);
  // default sort: newest first, as the server says
  const newest = await restList('sort_by=desc:created&size=20');
  assert.deepEqual(
    await rowNames(page),
    newest.items.map((s) => s.name),
  );
  // the chart counts every matching service per state
  await page.waitForFunction(
    () =>
      document.querySelector('#state-chart').dataset.counted ===
      document.querySelector('#result-summary').dataset.total,
  );
  assert.match(await page.textContent('#chart-note'), /over all \d+ matching services/);
  const legend = Object.fromEntries(
    await page.$$eval('.legend li', (lis) =>
      lis.map((li) => [
        li.querySelector('.legend-label').textContent,
        Number(li.querySelector('.legend-count').textContent),
      ]),
    ),
  );
  const expect = {
    Active: 0,
    Starting: 0,
    Stopping: 0,
    'Scaled to zero': 0,
    Inactive: 0,
    Error: 0,
    Unknown: 0,
  };
  const label = {
    active: 'Active',
    pending_startup: 'Starting',
    pending_shutdown: 'Stopping',
    scaled_to_zero: 'Scaled to zero',
    inactive: 'Inactive',
    error: 'Error',
  };
  for (const s of all.items) expect[label[s.body.state] || 'Unknown'] += 1;
  assert.deepEqual(legend, expect);
  // a token never lands in storage unless "remember" was ticked
  assert.equal(
    await page.evaluate(() => sessionStorage.getItem('zenml-services-dashboard.session')),
    null,
  );
  assert.equal(
    await page.evaluate(
      () =>
        JSON.stringify(localStorage).includes(document.cookie) &&
        JSON.stringify(localStorage).includes('eyJ'),
    ),
    false,
  );
  await shot(page, 'table');
  await page.close();
  assertClean('connect');
});

test('refused login, CORS refusal and a server that is down each say which', async () => {
  const page = await openPage();
  await page.fill('#password', 'wrong-password');
  await page.click('#btn-connect');
  await page.waitForSelector('#connect-error:not([hidden])');
  let text = await page.textContent('#connect-error');
  assert.match(text, /Sign-in refused/);
  assert.match(text, /CredentialsNotValid/);
  assert.match(text, /invalid username or password/);

  await page.click('label[for="auth-token"]');
  await page.fill('#token', 'not-a-jwt');
  await page.click('#btn-connect');
  await page.waitForFunction(() =>
    /Not enough segments/.test(document.querySelector('#connect-error').textContent),
  );
  assert.match(await page.textContent('#connect-error'), /Sign-in refused/);

  // a server that does not allow this origin
  await page.fill('#server-url', corsApi.url);
  await page.click('label[for="auth-password"]');
  await page.fill('#password', corsApi.adminPassword);
  await page.click('#btn-connect');
  await page.waitForFunction(() =>
    /CORS/.test(document.querySelector('#connect-error').textContent),
  );
  text = await page.textContent('#connect-error');
  assert.match(text, /refuses requests from this page \(CORS\)/);
  assert.match(text, /ZENML_SERVER_CORS_ALLOW_ORIGINS/);

  // nothing listening
  const closed = `http://127.0.0.1:${await freePort()}`;
  await page.fill('#server-url', closed);
  await page.click('#btn-connect');
  await page.waitForFunction(() =>
    /Cannot reach the server/.test(document.querySelector('#connect-error').textContent),
  );
  assert.match(await page.textContent('#connect-error'), /connection refused/);
  // a plain-http server elsewhere is refused by the page's own CSP, and it says so
  await page.fill('#server-url', 'http://10.255.255.1:8237');
  await page.click('#btn-connect');
  await page.waitForFunction(() =>
    /Content-Security-Policy/.test(document.querySelector('#connect-error').textContent),
  );
  assert.match(await page.textContent('#connect-error'), /connect-src/);
  await page.waitForFunction(() =>
    /Content-Security-Policy/.test(document.querySelector('#server-probe').textContent),
  );
  // (told before sending: no request, so no CSP violation either — assertClean below)
  assert.equal(await page.isVisible('#dashboard'), false);
  await shot(page, 'connect-error');
  await page.close();
  assertClean('refused login');
});

test('filters: a string, a UUID and a datetime field, operators per kind, inline validation', async () => {
  const page = await openPage();
  await login(page);
  const all = (await restList('size=1000')).items;

  // operators offered depend on the field kind
  await page.selectOption('#f-field', 'created');
  const dtOps = await page.$$eval('#f-op option', (o) => o.map((x) => x.value));
  assert.ok(
    dtOps.includes('in') && !dtOps.includes('contains') && !dtOps.includes('oneof'),
    dtOps.join(),
  );
  await page.selectOption('#f-field', 'name');
  const strOps = await page.$$eval('#f-op option', (o) => o.map((x) => x.value));
  assert.ok(
    !strOps.includes('in') && strOps.includes('startswith') && strOps.includes('isnull'),
    strOps.join(),
  );

  // string
  await addFilter(page, 'name', 'startswith', 'svc-0');
  let expected = await restList('name=startswith:svc-0&size=1');
  await waitTotal(page, expected.total);
  assert.ok(expected.total > 0 && expected.total < all.length);
  for (const n of await rowNames(page)) assert.ok(n.toLowerCase().startsWith('svc-0'), n);
  assert.match(page.url(), /name=startswith%3Asvc-0|name=startswith:svc-0/);
  await clearFilters(page);

  // UUID (hex prefix, hyphens ignored)
  const target = all.find((s) => s.name === 'svc-005');
  await addFilter(page, 'id', 'startswith', target.id.slice(0, 8));
  await waitTotal(page, 1);
  assert.deepEqual(await rowNames(page), ['svc-005']);
  await clearFilters(page);

  // datetime: the later half of the services
  // the first seeded group ends >= 1.1 s before the second starts: the next full second splits them
  const g1max = new Date(`${seeded.groups.g1.created_max}Z`);
  const boundary = new Date(Math.floor(g1max.getTime() / 1000) * 1000 + 1000)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ');
  await addFilter(page, 'created', 'gte', boundary);
  expected = await restList(`created=gte:${encodeURIComponent(boundary)}&size=1`);
  await waitTotal(page, expected.total);
  assert.ok(expected.total > 0 && expected.total < all.length);
  assert.match(await page.textContent('#chips'), /Created\s*on or after\s*"?\d{4}-/);
  await clearFilters(page);

  // type with a list operator, user by name
  await addFilter(page, 'type', 'oneof', 'model-serving, batch-inference');
  expected = await restList(
    `type=${encodeURIComponent('oneof:["model-serving","batch-inference"]')}&size=1`,
  );
  await waitTotal(page, expected.total);
  await clearFilters(page);
  await addFilter(page, 'user', 'equals', 'seed-user-2');
  expected = await restList('user=seed-user-2&size=1');
  await waitTotal(page, expected.total);
  assert.equal(expected.total, 4);
  await clearFilters(page);
  await waitTotal(page, all.length);

  // validation happens before anything is sent
  const sent = listRequests(page);
  await page.selectOption('#f-field', 'created');
  await page.selectOption('#f-op', 'lt');
  await page.fill('#f-value', 'yesterday');
  await page.waitForSelector('#f-error:not([hidden])');
  assert.match(await page.textContent('#f-error'), /not a valid datetime.*%Y-%m-%d %H:%M:%S/);
  assert.equal(await page.getAttribute('#f-value', 'aria-invalid'), 'true');
  await page.click('#f-add');
  await page.selectOption('#f-field', 'name');
  await page.selectOption('#f-op', 'gt');
  await page.fill('#f-value', 'abc');
  assert.match(await page.textContent('#f-error'), /compares numerically/);
  await page.click('#f-add');
  // a misspelt operator typed after "is": the package's "did you mean", no chip
  await page.selectOption('#f-op', 'equals');
  await page.fill('#f-value', 'startwith:svc-');
  await page.waitForFunction(() =>
    /did you mean startswith\?/.test(document.querySelector('#f-error').textContent),
  );
  assert.match(
    await page.textContent('#f-error'),
    /For that literal text, write equals:startwith:svc-$/,
  );
  await page.click('#f-add');
  assert.equal(await page.$$eval('#chips .chip', (c) => c.length), 0);
  assert.deepEqual(sent, [], 'nothing sent for invalid filters');
  // the literal, as the message says: accepted, and shown as the text it is
  await page.fill('#f-value', 'equals:startwith:svc-');
  await page.waitForFunction(() => document.querySelector('#f-error').textContent === '');
  await page.click('#f-add');
  await page.waitForSelector('#chips .chip');
  assert.match(await page.textContent('#chips .chip'), /Name\s*is\s*"startwith:svc-"/);
  assert.match(page.url(), /name=equals%3Astartwith%3Asvc-/);
  await waitTotal(page, 0);
  await clearFilters(page);
  await waitTotal(page, all.length);

  // the expert box: fromQuery / toQuery, with validation
  await page.click('#raw-details summary');
  await page.fill('#raw-query', 'name=contains:late&flavor=notequals:test&sort_by=desc:name');
  await page.click('#raw-form button[type="submit"]');
  expected = await restList('name=contains:late&flavor=notequals:test&size=1');
  await waitTotal(page, expected.total);
  assert.equal(await page.$$eval('#chips .chip', (c) => c.length), 2);
  assert.equal(await page.getAttribute('th[data-col="name"]', 'aria-sort'), 'descending');
  await page.fill('#raw-query', 'created=2026-01-01T00:00:00');
  await page.click('#raw-form button[type="submit"]');
  await page.waitForSelector('#raw-error:not([hidden])');
  assert.match(await page.textContent('#raw-error'), /datetime/);
  await shot(page, 'filters');
  await page.close();
  assertClean('filters');
});

test('AND / OR switch', async () => {
  const page = await openPage();
  await login(page);
  await addFilter(page, 'name', 'equals', 'a:b');
  await waitTotal(page, 1);
  await addFilter(page, 'name', 'equals', '42');
  await waitTotal(page, 0);
  assert.match(await page.textContent('#table-state'), /No services match these filters/);
  await page.click('label[for="logic-or"]');
  await waitTotal(page, 2);
  assert.deepEqual((await rowNames(page)).sort(), ['42', 'a:b']);
  assert.match(page.url(), /logical_operator=or/);
  await page.click('label[for="logic-and"]');
  await waitTotal(page, 0);
  await page.click('#table-state button'); // "Clear all filters"
  await waitTotal(page, (await restList('size=1')).total);
  await page.close();
  assertClean('and/or');
});

test('sort by clicking headers, paginate, back/forward, page size', async () => {
  const page = await openPage();
  await login(page);
  await page.click('button.sort[data-sort="name"]');
  await settled(page);
  assert.match(page.url(), /sort_by=name(&|$)/);
  assert.equal(await page.getAttribute('th[data-col="name"]', 'aria-sort'), 'ascending');
  assert.deepEqual(
    await rowNames(page),
    (await restList('sort_by=name&size=20')).items.map((s) => s.name),
  );
  await page.click('button.sort[data-sort="name"]');
  await settled(page);
  assert.equal(await page.getAttribute('th[data-col="name"]', 'aria-sort'), 'descending');
  assert.deepEqual(
    await rowNames(page),
    (await restList('sort_by=desc:name&size=20')).items.map((s) => s.name),
  );
  await page.click('button.sort[data-sort="flavor"]');
  await settled(page);
  assert.deepEqual(
    await rowNames(page),
    (await restList('sort_by=flavor&size=20')).items.map((s) => s.name),
  );

  await page.selectOption('#pg-size', '10');
  await settled(page);
  const totalPages = (await restList('sort_by=flavor&size=10')).total_pages;
  assert.equal((await rowNames(page)).length, 10);
  assert.equal(await page.textContent('#pg-label'), `Page 1 of ${totalPages}`);
  await page.click('#pg-next');
  await settled(page);
  assert.equal(await page.textContent('#pg-label'), `Page 2 of ${totalPages}`);
  assert.match(page.url(), /page=2/);
  assert.deepEqual(
    await rowNames(page),
    (await restList('sort_by=flavor&size=10&page=2')).items.map((s) => s.name),
  );
  await page.click('#pg-last');
  await settled(page);
  assert.equal(await page.textContent('#pg-label'), `Page ${totalPages} of ${totalPages}`);
  assert.equal(await page.isDisabled('#pg-next'), true);
  await page.goBack();
  await settled(page);
  assert.equal(await page.textContent('#pg-label'), `Page 2 of ${totalPages}`);
  await page.goBack();
  await settled(page);
  assert.equal(await page.textContent('#pg-label'), `Page 1 of ${totalPages}`);
  await page.goForward();
  await settled(page);
  assert.equal(await page.textContent('#pg-label'), `Page 2 of ${totalPages}`);
  await page.close();
  // a link to a page past the end (services deleted since): the server's page_out_of_range
  // answer takes the dashboard to the last page there is (ZenmlError.maxPage)
  const late = await openPage('?sort_by=flavor&size=10&page=999');
  await login(late);
  assert.equal(await late.textContent('#pg-label'), `Page ${totalPages} of ${totalPages}`);
  assert.match(late.url(), new RegExp(`page=${totalPages}(&|$)`));
  await late.close();
  assertClean('sort/paginate');
});

test('detail panel: hydrated service, links, JSON, resources, copy id, keyboard', async () => {
  const page = await openPage();
  await login(page);
  const svc = (await restList('name=svc-000&hydrate=true')).items[0];
  // ↑/↓ move between rows
  await page.focus('#rows tr:nth-child(1) .row-open');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(
    await page.evaluate(
      () =>
        document.activeElement.closest('tr') === document.querySelector('#rows tr:nth-child(3)'),
    ),
    true,
  );
  await page.keyboard.press('Home');
  assert.equal(
    await page.evaluate(
      () =>
        document.activeElement.closest('tr') === document.querySelector('#rows tr:nth-child(1)'),
    ),
    true,
  );
  await addFilter(page, 'name', 'equals', 'svc-000');
  await waitTotal(page, 1);
  // keyboard: the name is a button; Enter opens the detail
  await page.focus('#rows .row-open');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('#detail-title').textContent === 'svc-000',
  );
  assert.match(page.url(), new RegExp(`service=${svc.id}`));
  const body = await page.textContent('#detail-body');
  assert.ok(body.includes(svc.id));
  assert.ok(body.includes('seed_index'), 'config JSON shown');
  assert.match(body, /User\s*admin/);
  const link = await page.$('#detail-body a[href^="http://127.0.0.1:9000/predict"]');
  assert.ok(link, 'prediction URL is a link');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await page.$eval('details.json[data-key="config"]', (d) => d.open), true);
  await page.click('details.json[data-key="status"] summary');
  assert.match(
    await page.textContent('details.json[data-key="status"] pre'),
    /"state": "inactive"/,
  );
  await page.click('#detail-copy');
  await page.waitForFunction(() =>
    /Copied the service ID/.test(document.querySelector('#notices').textContent),
  );
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), svc.id);
  await shot(page, 'detail');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#detail', { state: 'hidden' });
  assert.doesNotMatch(page.url(), /service=/);
  assert.equal(
    await page.evaluate(() => document.activeElement.classList.contains('row-open')),
    true,
    'focus returns to the row',
  );
  await page.close();
  assertClean('detail');
});

test("create, edit (only changed fields, explicit clears), delete, and ZenML's own error", async () => {
  const page = await openPage();
  await login(page);
  const name = `e2e-created-${Date.now()}`;
  const config = `{"model": "e2e", "nonce": "${Date.now()}"}`;
  await page.click('#btn-new');
  await page.waitForSelector('#service-dialog[open]');
  assert.equal(
    await page.inputValue('#svc-project'),
    api.projectId,
    'project id taken from the listed services',
  );
  await page.fill('#svc-name', name);
  await page.fill('#svc-type', 'model-serving');
  await page.fill('#svc-flavor', 'e2e-flavor');
  await page.fill('#svc-config', '{"model": ');
  assert.match(await page.textContent('#svc-config-msg'), /Invalid JSON/);
  await page.fill('#svc-config', config);
  assert.match(await page.textContent('#svc-config-msg'), /Valid JSON object with 2 keys/);
  await page.click('#svc-label-add');
  await page.fill('#svc-labels li:last-child .lk', 'team');
  await page.fill('#svc-labels li:last-child .lv', 'e2e');
  await page.selectOption('#svc-state', 'active');
  await page.selectOption('#svc-admin', 'inactive');
  await page.fill('#svc-pred', 'https://e2e.example.com/predict');
  await shot(page, 'create');
  await page.click('#svc-submit');
  await page.waitForSelector('#service-dialog', { state: 'hidden' });
  await page.waitForFunction(
    (n) => document.querySelector('#detail-title').textContent === n,
    name,
  );
  const id = new URL(page.url()).searchParams.get('service');
  let got = (await rest('GET', `/api/v1/services/${id}`)).json;
  assert.equal(got.name, name);
  assert.deepEqual(got.body.labels, { team: 'e2e' });
  assert.equal(got.body.state, 'active');
  assert.equal(got.metadata.admin_state, 'inactive');
  assert.equal(got.body.service_type.flavor, 'e2e-flavor');
  assert.equal(got.metadata.prediction_url, 'https://e2e.example.com/predict');

  // the same config again: ZenML's EntityExistsError is shown
  await page.click('#btn-new');
  await page.fill('#svc-name', `${name}-dup`);
  await page.fill('#svc-type', 'model-serving');
  await page.fill('#svc-flavor', 'e2e-flavor');
  await page.fill('#svc-config', config);
  await page.click('#svc-submit');
  await page.waitForSelector('#svc-error:not([hidden])');
  assert.match(await page.textContent('#svc-error'), /EntityExistsError.*same configuration/s);
  // the name's length is ZenML's rule, applied by the package (255 code points), not the
  // browser's maxlength, which counts UTF-16 units and cut 256 emoji to 127
  await page.fill('#svc-name', '\u{1F600}'.repeat(256));
  assert.equal(await page.inputValue('#svc-name'), '\u{1F600}'.repeat(256));
  await page.click('#svc-submit');
  await page.waitForFunction(() =>
    /256 characters \(Unicode code points\); the server allows at most 255/.test(
      document.querySelector('#svc-error').textContent,
    ),
  );
  await page.click('#svc-cancel');

  // edit: a new name only -> PUT {name}
  putBodies.length = 0;
  await page.click('#detail-edit');
  await page.waitForSelector('#service-dialog[open]');
  assert.equal(await page.inputValue('#svc-name'), name);
  await page.fill('#svc-name', `${name}-edited`);
  await page.click('#svc-submit');
  await page.waitForFunction(
    (n) => document.querySelector('#detail-title').textContent === n,
    `${name}-edited`,
  );
  assert.deepEqual(putBodies, [{ name: `${name}-edited` }]);

  // edit: remove the only label and the status -> cleared explicitly; admin state -> PUT {admin_state}
  putBodies.length = 0;
  await page.click('#detail-edit');
  await page.click('#svc-labels li:last-child button');
  await page.selectOption('#svc-state', '');
  await page.selectOption('#svc-admin', 'active');
  await page.click('#svc-submit');
  await page.waitForSelector('#service-dialog', { state: 'hidden' });
  await page.waitForFunction(() => /Saved/.test(document.querySelector('#notices').textContent));
  assert.equal(putBodies.length, 2, JSON.stringify(putBodies));
  assert.deepEqual(putBodies[0], { admin_state: 'active' });
  assert.deepEqual(Object.keys(putBodies[1]).sort(), ['labels', 'status']);
  got = (await rest('GET', `/api/v1/services/${id}`)).json;
  assert.equal(got.name, `${name}-edited`);
  assert.equal(got.body.labels, null);
  assert.equal(got.body.state, null);
  assert.equal(got.metadata.admin_state, 'active');
  assert.equal(got.metadata.prediction_url, 'https://e2e.example.com/predict', 'untouched');

  // delete, with a confirmation naming the service
  await page.click('#detail-delete');
  await page.waitForSelector('#delete-dialog[open]');
  assert.match(await page.textContent('#del-text'), new RegExp(`“${name}-edited”`));
  await shot(page, 'delete');
  await page.click('#del-confirm');
  await page.waitForSelector('#detail', { state: 'hidden' });
  assert.equal((await rest('GET', `/api/v1/services/${id}`)).status, 404);
  await page.close();
  assertClean('create/edit/delete');
});

test('export: CSV and JSON of the whole filtered set, cancellable', async () => {
  const page = await openPage();
  await login(page);
  const all = await restList('size=1000');
  // CSV of everything (more than one page of the table)
  await page.click('#btn-export');
  await page.waitForSelector('#export-dialog[open]');
  let [download] = await Promise.all([page.waitForEvent('download'), page.click('#exp-start')]);
  assert.match(download.suggestedFilename(), /^zenml-services-.*\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  assert.ok(lines[0].startsWith('id,name,type,flavor,state,admin_state,labels'));
  // names with newlines would break this count; none of the seeded ones has one
  assert.equal(lines.length, all.total + 1);
  assert.ok(csv.includes('"x&y=z"') || csv.includes('x&y=z'));
  await page.waitForFunction(() =>
    /Exported \d+ services as CSV/.test(document.querySelector('#exp-status').textContent),
  );
  await page.click('#exp-close');

  // JSON of a filtered set
  await addFilter(page, 'type', 'equals', 'batch-inference');
  const expected = await restList('type=batch-inference&size=1000&hydrate=true');
  await waitTotal(page, expected.total);
  await page.click('#btn-export');
  await page.click('label[for="exp-json"]');
  [download] = await Promise.all([page.waitForEvent('download'), page.click('#exp-start')]);
  const items = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(items.length, expected.total);
  assert.deepEqual(items.map((s) => s.id).sort(), expected.items.map((s) => s.id).sort());
  assert.ok(items.every((s) => s.metadata && s.body.service_type.type === 'batch-inference'));

  // cancel while the server is (made) slow: its answers wait until the cancel was clicked
  let release;
  const cancelled = new Promise((r) => {
    release = r;
  });
  await page.route(/\/api\/v1\/services\?/, async (route) => {
    await cancelled;
    await route.continue().catch(() => {});
  });
  await page.click('#exp-start');
  await page.waitForSelector('#exp-cancel:not([hidden])');
  await page.click('#exp-cancel');
  release();
  await page.waitForFunction(() =>
    /cancelled/.test(document.querySelector('#exp-status').textContent),
  );
  await page.unroute(/\/api\/v1\/services\?/);
  await shot(page, 'export');
  await page.close();
  assertClean('export');
});

test('shared URL: a reload restores filters, sort, page, size and the selected service; remember me', async () => {
  const page = await openPage();
  await login(page);
  await addFilter(page, 'name', 'startswith', 'svc-');
  await page.click('button.sort[data-sort="name"]');
  await settled(page);
  await page.selectOption('#pg-size', '10');
  await settled(page);
  await page.click('#pg-next');
  await settled(page);
  const names = await rowNames(page);
  await page.click(`#rows tr:nth-child(3) .row-open`);
  await page.waitForFunction(
    (n) => document.querySelector('#detail-title').textContent === n,
    names[2],
  );
  const shared = page.url();
  await page.close();

  // another tab, not signed in: the link survives the login
  const other = await browser.context.newPage();
  await other.setViewportSize({ width: 1400, height: 900 });
  await other.goto(shared);
  await other.waitForSelector('html[data-ready="true"]');
  await other.check('#remember');
  await login(other);
  assert.deepEqual(await rowNames(other), names);
  assert.equal(
    await other.textContent('#pg-label'),
    `Page 2 of ${(await restList('name=startswith:svc-&size=10')).total_pages}`,
  );
  assert.equal(await other.getAttribute('th[data-col="name"]', 'aria-sort'), 'ascending');
  assert.match(await other.textContent('#chips'), /Name\s*starts with\s*"svc-"/);
  await other.waitForFunction(
    (n) => document.querySelector('#detail-title').textContent === n,
    names[2],
  );
  assert.equal(
    await other.evaluate(() => !!sessionStorage.getItem('zenml-services-dashboard.session')),
    true,
  );
  assert.equal(
    await other.evaluate(() => localStorage.getItem('zenml-services-dashboard.session')),
    null,
  );
  // reload: remembered for this tab, no login form
  await other.reload();
  await other.waitForSelector('#dashboard:not([hidden])');
  await other.waitForFunction(
    (n) => document.querySelector('#detail-title').textContent === n,
    names[2],
  );
  // the detail and the list load side by side: the detail may arrive first (CI saw that)
  await listed(other);
  assert.deepEqual(await rowNames(other), names);
  // log out forgets it
  await other.click('#btn-logout');
  await other.waitForSelector('#connect:not([hidden])');
  assert.equal(
    await other.evaluate(() => sessionStorage.getItem('zenml-services-dashboard.session')),
    null,
  );
  assert.equal(await other.textContent('#conn-summary'), 'Not connected');
  await other.close();
  assertClean('shared URL');
});

test('XSS: script payloads in names, labels, config, URLs and the page URL stay inert text', async () => {
  const page = await openPage(
    `?server=${encodeURIComponent('javascript:alert(1)')}&service=${encodeURIComponent('<img src=x onerror=alert(1)>')}`,
  );
  assert.equal(await page.inputValue('#server-url'), api.url, 'a javascript: server is ignored');
  await login(page);
  await page.waitForSelector('#detail:not([hidden])');
  await page.waitForFunction(() =>
    /not found|Could not load/i.test(document.querySelector('#detail-title').textContent),
  );
  await page.click('#detail-close');
  await addFilter(page, 'type', 'equals', 'xss-test');
  await waitTotal(page, XSS.length);
  assert.deepEqual((await rowNames(page)).sort(), [...XSS].sort());
  // labels, flavors and URLs: text; only http(s) URLs are links
  const rowsText = await page.textContent('#rows');
  assert.ok(rowsText.includes('javascript:alert(1)'));
  assert.ok(rowsText.includes('"><script>alert(1)</script>'));
  assert.equal(
    await page.$$eval('#rows img, #rows script, #rows iframe, #rows svg', (e) => e.length),
    0,
  );
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
  for (const h of hrefs) assert.match(h, /^(https?:\/\/|#main$)/, h);
  assert.ok((await page.$$eval('#rows code.inert-url', (c) => c.length)) >= 5);
  // payload as a filter value: a chip of text
  await addFilter(page, 'name', 'equals', XSS[0]);
  await waitTotal(page, 1);
  assert.ok((await page.textContent('#chips')).includes(XSS[0]));
  if (!(await page.$eval('#raw-details', (d) => d.open))) await page.click('#raw-details summary');
  for (const name of XSS) {
    await page.fill('#raw-query', `type=xss-test&name=${encodeURIComponent(name)}`);
    await page.click('#raw-form button[type="submit"]');
    await waitTotal(page, 1);
    await page.click('#rows .row-open');
    await page.waitForFunction(
      (n) => document.querySelector('#detail-title').textContent === n,
      name,
    );
    const detail = await page.textContent('#detail-body');
    assert.ok(detail.includes(name));
    assert.ok(detail.includes('<b onmouseover=alert(1)>x</b>'));
    assert.equal(
      await page.$$eval(
        '#detail img, #detail script, #detail iframe, #detail b, #detail svg',
        (e) => e.length,
      ),
      0,
    );
    // the edit form shows the payloads as values, nothing else
    await page.click('#detail-edit');
    assert.equal(await page.inputValue('#svc-name'), name);
    assert.equal(
      await page.$$eval(
        '#service-dialog img, #service-dialog script, #service-dialog iframe',
        (e) => e.length,
      ),
      0,
    );
    await page.click('#svc-cancel');
    await page.click('#detail-delete');
    assert.ok((await page.textContent('#del-text')).includes(name));
    await page.click('#del-cancel');
  }
  await shot(page, 'xss');
  await page.waitForTimeout(300); // give any injected handler a chance to fire
  await page.close();
  assertClean('xss');
});

test('auto-refresh keeps the selection and the scroll position; narrow and dark layouts', async () => {
  const page = await openPage('', { viewport: { width: 1400, height: 600 } });
  await login(page);
  const before = await total(page);
  await page.click('#rows tr:nth-child(4) .row-open');
  const selected = new URL(page.url()).searchParams.get('service');
  await page.waitForSelector('#detail-edit:not([disabled])');
  await transitionsDone(page); // the layout narrows for the panel; scroll anchoring would move y
  await page.evaluate(() => window.scrollTo(0, 300));
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 0);
  await page.selectOption('#auto-refresh', '5');
  const r = await rest('POST', '/api/v1/services', {
    project: api.projectId,
    name: 'e2e-auto-refresh',
    service_type: { type: 'model-serving', flavor: 'test' },
    config: { auto: Date.now() },
  });
  assert.equal(r.status, 200);
  await page.waitForFunction(
    (n) => document.querySelector('#result-summary').dataset.total === String(n),
    before + 1,
    { timeout: 30_000 },
  );
  await settled(page);
  assert.equal(await page.evaluate(() => window.scrollY), y, 'scroll kept');
  assert.equal(
    await page.getAttribute(`#rows tr[data-id="${selected}"]`, 'aria-current'),
    'true',
    'selection kept',
  );
  assert.equal(await page.isVisible('#detail'), true);
  await page.selectOption('#auto-refresh', '0');
  await rest('DELETE', `/api/v1/services/${r.json.id}`);
  await page.click('#btn-refresh');
  await waitTotal(page, before);

  // 360 px: no horizontal scrolling, the table becomes cards
  await page.click('#detail-close');
  await page.setViewportSize({ width: 360, height: 780 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await transitionsDone(page);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'fits 360 px');
  await shot(page, 'narrow-360');
  await page.click('#rows tr:nth-child(1) .row-open');
  await page.waitForSelector('#detail-edit:not([disabled])');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
  await shot(page, 'narrow-360-detail');
  await page.click('#detail-close');
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, 'rgb(245, 246, 248)', 'dark background');
  await shot(page, 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.close();
  assertClean('auto-refresh/layout');
});

test('a stopped server: the rows stay and the page says the server cannot be reached', async () => {
  const page = await openPage();
  await login(page);
  const names = await rowNames(page);
  await api.stop();
  await page.click('#btn-refresh');
  await page.waitForSelector('#outage:not([hidden])');
  assert.deepEqual(await rowNames(page), names, 'the last rows stay (marked stale)');
  const text = await page.textContent('#outage');
  assert.match(text, /Cannot reach the server/);
  assert.match(text, /Start the ZenML server \(a local one: zenml login --local\)/);
  await shot(page, 'server-down');
  await page.close();
  assertClean('stopped server');
});
