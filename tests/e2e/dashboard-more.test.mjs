// End-to-end tests of the dashboard (web/) for issue 13's search, bulk actions, laptop layout,
// export progress and a server that goes away, in headless Debian Chromium against a real
// ZenML 0.98.0 server (seeded here; the outage test halts that very server and resumes it on
// the same port with the same data). The page is served by scripts/serve-web.mjs on its own
// port, so every API call is cross-origin.
//
//   node --test tests/e2e/dashboard-more.test.mjs   (needs dist/: scripts/build.sh --package-only)
//
// Like dashboard.test.mjs, every test fails on any JS dialog, uncaught page error, CSP or
// Trusted Types violation and any request to a URL the dashboard has no business fetching.
// Nothing waits for a fixed time: every step waits for the DOM state it needs.
//
// To see the tests fail without the features, point ZSW_E2E_WEB_DIR at another copy of web/
// (e.g. the web/ of a commit before them).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { seed } from '../../scripts/seed-lib.mjs';
import { serveWeb } from '../../scripts/serve-web.mjs';
import { launchChromium } from '../support/browser.mjs';
import { assertNoProblems, restFor, watchDashboard } from '../support/dashboard.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const DIST = process.env.ZSW_E2E_DIST || path.join(ROOT, 'dist');
const WEB_DIR = process.env.ZSW_E2E_WEB_DIR || path.join(ROOT, 'web');
const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');
// More services than one export page (500): the export test needs a second page.
const FILLER = 520;
const FOLD_KEY = 'zenml-services-dashboard.filters';

let api;
let web;
let browser;
const problems = [];

// --------------------------------------------------------------------------------------------
// helpers

const { rest, restList } = restFor(() => api);

async function create(name, extra = {}) {
  const r = await rest('POST', '/api/v1/services', {
    project: api.projectId,
    name,
    service_type: { type: 'e2e-more', flavor: 'test' },
    config: { name, nonce: `${Date.now()}-${Math.random()}` },
    ...extra,
  });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json;
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

async function login(page) {
  await page.fill('#username', api.adminUser);
  await page.fill('#password', api.adminPassword);
  await page.click('#btn-connect');
  await page.waitForSelector('#dashboard:not([hidden])');
  await page.waitForSelector('#result-summary[data-total]');
  await settled(page);
}

async function waitTotal(page, n) {
  try {
    await page.waitForFunction(
      (t) => document.querySelector('#result-summary')?.dataset.total === String(t),
      n,
    );
  } catch (e) {
    const now = await page.evaluate(() => ({
      total: document.querySelector('#result-summary')?.dataset.total,
      chips: document.querySelector('#chips')?.textContent,
      search: document.querySelector('#search')?.value,
      url: location.search,
    }));
    throw new Error(
      `waiting for ${n} services, the page shows ${JSON.stringify(now)}: ${e.message}`,
    );
  }
  await settled(page);
}

async function rowNames(page) {
  return page.$$eval('#rows .row-open', (els) => els.map((e) => e.textContent));
}

/** Opens the filter builder if a previous test folded it (localStorage is per browser). */
async function openFilters(page) {
  if ((await page.getAttribute('#filters-toggle', 'aria-expanded')) === 'false')
    await page.click('#filters-toggle');
  await page.waitForSelector('#filter-form', { state: 'visible' });
}

async function addFilter(page, field, op, value) {
  await openFilters(page);
  await page.selectOption('#f-field', field);
  await page.selectOption('#f-op', op);
  await page.fill('#f-value', value);
  await page.click('#f-add');
}

/** The table's list requests the page sends from now on (decoded URLs; not the chart's walks). */
function listRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const u = decodeURIComponent(r.url());
    if (/\/api\/v1\/services\?/.test(u) && u.includes('hydrate=true')) seen.push(u);
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
  api = await startServer();
  await seed({
    url: api.url,
    token: api.token,
    projectId: api.projectId,
    count: 24,
    secondUser: true,
    pauseMs: 0,
  });
  // The filler, a few at a time (SQLite takes one write at a time anyway).
  for (let i = 0; i < FILLER; i += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, FILLER - i) }, (_, j) =>
        create(`filler-${String(i + j).padStart(3, '0')}`, {
          service_type: { type: 'filler', flavor: 'test' },
        }),
      ),
    );
  }

  web = await serveWeb({
    port: 0,
    webDir: WEB_DIR,
    distDir: DIST,
    config: { server: api.url, username: api.adminUser },
  });
  const webOrigin = new URL(web.url).origin;
  const apiOrigin = new URL(api.url).origin;
  browser = await launchChromium();
  const ctx = browser.context;
  await watchDashboard(ctx, {
    problems,
    webOrigin,
    allowApi: (u) => u.origin === apiOrigin && u.pathname.startsWith('/api/v1/'),
  });
});

afterEach(async () => {
  const pages = browser?.context.pages() || [];
  for (const p of pages.slice(1)) await p.close().catch(() => {});
  problems.length = 0;
});

after(async () => {
  await browser?.close().catch(() => {});
  await web?.close().catch(() => {});
  try {
    await api?.stop();
  } catch (e) {
    console.error(e);
  }
});

// --------------------------------------------------------------------------------------------

test('search: names containing the text, one request per pause in typing, in the URL, combined with the filters, cleared', async () => {
  const page = await openPage();
  await login(page);
  const all = (await restList('size=1')).total;
  const sent = listRequests(page);

  // Six keystrokes in one go: the page waits for the pause, then sends one request.
  await page.focus('#search');
  await page.evaluate(() => {
    const box = document.querySelector('#search');
    for (const prefix of ['s', 'sv', 'svc', 'svc-', 'svc-0', 'svc-01']) {
      box.value = prefix;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  let expected = await restList('name=contains:svc-01&size=100');
  assert.ok(expected.total > 0 && expected.total < all);
  await waitTotal(page, expected.total);
  const searched = sent.filter((u) => u.includes('name=contains:'));
  assert.equal(searched.length, 1, `one request for six keystrokes: ${searched.join('\n')}`);
  assert.match(searched[0], /name=contains:svc-01(&|$)/);
  assert.deepEqual((await rowNames(page)).sort(), expected.items.map((s) => s.name).sort());
  assert.equal(new URL(page.url()).searchParams.get('q'), 'svc-01', 'kept in the URL');

  // Typed for real, as a person types: the result is the server's `contains` of the whole text.
  await page.fill('#search', '');
  await waitTotal(page, all);
  await page.type('#search', 'LATE');
  expected = await restList('name=contains:LATE&size=100');
  assert.ok(expected.total > 0, 'contains is case-insensitive on the server');
  await waitTotal(page, expected.total);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'LATE');
  await page.fill('#search', '');

  // Combined with a filter of the filter bar, in one request.
  await waitTotal(page, all);
  await page.fill('#search', 'svc-0');
  await addFilter(page, 'type', 'equals', 'model-serving');
  expected = await restList('name=contains:svc-0&type=model-serving&size=100');
  assert.ok(expected.total > 0);
  await waitTotal(page, expected.total);
  assert.match(sent.at(-1), /[?&]name=contains:svc-0&/);
  assert.match(sent.at(-1), /[?&]type=(equals:)?model-serving&/);
  for (const n of await rowNames(page)) assert.match(n, /svc-0/i);
  const link = page.url();
  assert.equal(new URL(link).searchParams.get('q'), 'svc-0');
  assert.match(
    await page.textContent('#chips'),
    /Type\s*is\s*"model-serving"/,
    'the search is not a chip',
  );

  // The link restores the search (a new tab, signed in again).
  const other = await openPage(new URL(link).search);
  await login(other);
  await waitTotal(other, expected.total);
  assert.equal(await other.inputValue('#search'), 'svc-0');
  await other.close();

  // Clearing the box drops the condition: no name condition is sent, and the URL has no q.
  sent.length = 0;
  await page.fill('#search', '');
  const typeOnly = await restList('type=model-serving&size=1');
  await waitTotal(page, typeOnly.total);
  assert.ok(sent.length > 0 && sent.every((u) => !u.includes('name=')), sent.join('\n'));
  assert.equal(new URL(page.url()).searchParams.has('q'), false);
  await shot(page, 'search');
  await page.close();
  assertClean('search');
});

test('bulk actions: shift-click and select-all, one confirmation naming them, each outcome shown, a partial failure says which', async () => {
  const run = Date.now().toString(36);
  const del = [];
  for (let i = 1; i <= 4; i++) del.push(await create(`bulk-${run}-del-${i}`));
  const adm = [];
  for (let i = 1; i <= 3; i++)
    adm.push(await create(`bulk-${run}-adm-${i}`, { admin_state: 'active' }));

  const page = await openPage(`?q=bulk-${run}-del-&sort_by=name`);
  await login(page);
  await waitTotal(page, 4);
  assert.deepEqual(
    await rowNames(page),
    del.map((s) => s.name),
  );
  // A tick is not a click on the row: the detail stays closed.
  await page.click('#rows tr:nth-child(1) input.row-check');
  await page.click('#rows tr:nth-child(3) input.row-check', { modifiers: ['Shift'] });
  assert.deepEqual(
    await page.$$eval('#rows tr', (trs) =>
      trs.map((tr) => tr.querySelector('input.row-check').checked),
    ),
    [true, true, true, false],
    'shift-click ticks the range',
  );
  assert.equal(await page.isHidden('#detail'), true);
  assert.equal(await page.textContent('#bulk-count'), '3 services selected');
  assert.equal(await page.$eval('#select-page', (b) => b.indeterminate), true);

  // Someone deletes the second one meanwhile: its request will fail.
  assert.equal((await rest('DELETE', `/api/v1/services/${del[1].id}`)).status, 200);
  await page.click('#bulk-delete');
  await page.waitForSelector('#bulk-dialog[open]');
  assert.equal(await page.textContent('#bulk-title'), 'Delete 3 services?');
  assert.deepEqual(
    await page.$$eval('#bulk-list .bulk-name', (s) => s.map((x) => x.textContent)),
    del.slice(0, 3).map((s) => s.name),
  );
  await shot(page, 'bulk-confirm');
  await page.click('#bulk-confirm');
  await page.waitForSelector('#bulk-summary:not([hidden])');
  const outcomes = await page.$$eval('#bulk-list li', (lis) =>
    lis.map((li) => [li.dataset.outcome, li.querySelector('.bulk-outcome').textContent]),
  );
  assert.deepEqual(
    outcomes.map((o) => o[0]),
    ['ok', 'failed', 'ok'],
  );
  assert.match(outcomes[1][1], /Failed: Not found/);
  const summary = await page.textContent('#bulk-summary');
  assert.match(
    summary,
    new RegExp(
      `Deleted 2 of 3 services: “${del[0].name}”, “${del[2].name}”\\. 1 failed: “${del[1].name}” \\(Not found`,
    ),
  );
  assert.equal(await page.getAttribute('#bulk-summary', 'role'), 'alert');
  await shot(page, 'bulk-partial');
  for (const s of [del[0], del[2]])
    assert.equal((await rest('GET', `/api/v1/services/${s.id}`)).status, 404);
  assert.equal(
    (await rest('GET', `/api/v1/services/${del[3].id}`)).status,
    200,
    'the unticked one is untouched',
  );
  await page.click('#bulk-cancel');
  await waitTotal(page, 1);
  assert.deepEqual(await rowNames(page), [del[3].name]);
  assert.equal(await page.isHidden('#bulk-bar'), true, 'nothing ticked is left on the page');

  // Select all on this page, then set the admin state.
  await page.fill('#search', `bulk-${run}-adm-`);
  await waitTotal(page, 3);
  await page.check('#select-page');
  assert.deepEqual(await page.$$eval('#rows input.row-check', (b) => b.map((x) => x.checked)), [
    true,
    true,
    true,
  ]);
  await page.selectOption('#bulk-admin', 'inactive');
  await page.waitForSelector('#bulk-dialog[open]');
  assert.equal(
    await page.textContent('#bulk-title'),
    'Set the admin state of 3 services to “inactive”?',
  );
  assert.deepEqual(
    (await page.$$eval('#bulk-list .bulk-name', (s) => s.map((x) => x.textContent))).sort(),
    adm.map((s) => s.name).sort(),
  );
  await page.click('#bulk-confirm');
  await page.waitForSelector('#bulk-summary:not([hidden])');
  assert.deepEqual(
    await page.$$eval('#bulk-list li', (lis) => lis.map((li) => li.dataset.outcome)),
    ['ok', 'ok', 'ok'],
  );
  assert.match(
    await page.textContent('#bulk-summary'),
    /Set the admin state to “inactive” on all 3 services/,
  );
  for (const s of adm)
    assert.equal(
      (await rest('GET', `/api/v1/services/${s.id}`)).json.metadata.admin_state,
      'inactive',
    );
  await page.click('#bulk-cancel');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('#rows td.c-admin')].every((td) => td.textContent === 'inactive'),
  );
  assert.equal(await page.isHidden('#bulk-bar'), true);
  await page.close();
  assertClean('bulk');
});

test('a 1280×800 laptop: the key columns fit without sideways scrolling, the header sticks, the filter panel folds (remembered), 10+ rows above the fold; 360 px cards', async () => {
  const page = await openPage('', { viewport: { width: 1280, height: 800 } });
  await page.evaluate((k) => localStorage.removeItem(k), FOLD_KEY);
  await login(page);
  assert.equal(await page.isVisible('#filter-form'), true, 'open by default');
  await page.click('#filters-toggle');
  assert.equal(await page.isHidden('#filters-body'), true);
  assert.equal(await page.getAttribute('#filters-toggle', 'aria-expanded'), 'false');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), FOLD_KEY), 'collapsed');
  // remembered: a new page starts folded
  await page.close();
  const laptop = await openPage('', { viewport: { width: 1280, height: 800 } });
  await login(laptop);
  assert.equal(await laptop.isHidden('#filters-body'), true, 'still folded');
  assert.equal(await laptop.isVisible('#search'), true, 'the search stays');
  await shot(laptop, 'laptop-1280');

  const fit = await laptop.evaluate(() => {
    const wrap = document.querySelector('#table-wrap');
    const box = wrap.getBoundingClientRect();
    const cols = [
      'c-name',
      'c-type',
      'c-state',
      'c-admin',
      'c-labels',
      'c-user',
      'c-created',
      'c-url',
    ];
    const tr = document.querySelector('#rows tr');
    const out = {};
    for (const c of cols) {
      const r = tr.querySelector(`td.${c}`).getBoundingClientRect();
      const th = document.querySelector(`thead th.${c}`).getBoundingClientRect();
      out[c] =
        r.width > 20 &&
        th.width > 20 &&
        r.left >= box.left &&
        r.right <= box.right + 0.5 &&
        r.right <= innerWidth;
    }
    return {
      out,
      page: document.documentElement.scrollWidth,
      wrap: [wrap.scrollWidth, wrap.clientWidth],
    };
  });
  for (const [c, ok] of Object.entries(fit.out))
    assert.ok(ok, `${c} visible without scrolling sideways`);
  assert.ok(fit.page <= 1280, `the page does not scroll sideways (${fit.page})`);
  assert.ok(fit.wrap[0] <= fit.wrap[1], `the table does not scroll sideways (${fit.wrap})`);
  const above = await laptop.$$eval(
    '#rows tr',
    (trs) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= innerHeight).length,
  );
  assert.ok(above >= 10, `${above} rows above the fold`);

  // The header row stays visible while the page scrolls, right under the top bar: scrolled to
  // the end, the table's top is far above the top bar, its header row is not.
  await laptop.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await laptop.waitForFunction(
    () => document.querySelector('#services').getBoundingClientRect().top < -100,
  );
  const sticky = await laptop.evaluate(() => {
    const bar = document.querySelector('.topbar').getBoundingClientRect();
    const th = document.querySelector('thead th.c-name').getBoundingClientRect();
    const hit = document.elementFromPoint(th.left + th.width / 2, th.top + th.height / 2);
    return { bar: bar.bottom, top: th.top, hitInHead: !!hit?.closest('thead') };
  });
  assert.ok(
    Math.abs(sticky.top - sticky.bar) <= 1,
    `header at ${sticky.top}, top bar ends at ${sticky.bar}`,
  );
  assert.ok(sticky.hitInHead, 'nothing covers the header');
  await shot(laptop, 'laptop-1280-scrolled');

  // 360 px: still cards, nothing sideways, the row's tick inside its card.
  await laptop.setViewportSize({ width: 360, height: 780 });
  await laptop.evaluate(() => window.scrollTo(0, 0));
  await laptop.waitForFunction(
    () => getComputedStyle(document.querySelector('#rows tr')).display === 'grid',
  );
  const narrow = await laptop.evaluate(() => {
    const tr = document.querySelector('#rows tr').getBoundingClientRect();
    const box = document.querySelector('#rows tr input.row-check').getBoundingClientRect();
    return {
      w: document.documentElement.scrollWidth,
      inside: box.left >= tr.left && box.right <= tr.right && box.width > 0,
    };
  });
  assert.ok(narrow.w <= 360, `fits 360 px (${narrow.w})`);
  assert.ok(narrow.inside, 'the tick sits inside the card');
  await shot(laptop, 'laptop-360');
  await laptop.close();
  assertClean('layout');
});

test('export: the progress counts the services fetched ("500 of N" after the first page) and ends at the total', async () => {
  const page = await openPage();
  await login(page);
  const all = (await restList('size=1')).total;
  assert.ok(all > 500, `${all} services: more than one export page`);
  // the state chart walks every page too: let it finish first
  await page.waitForFunction(
    () =>
      document.querySelector('#state-chart').dataset.counted ===
      document.querySelector('#result-summary').dataset.total,
  );
  // Hold the export's second page until the first page's progress has been read.
  let release;
  const held = new Promise((r) => {
    release = r;
  });
  let secondAsked;
  const asked = new Promise((r) => {
    secondAsked = r;
  });
  await page.route(
    (u) =>
      /\/api\/v1\/services\?/.test(u.href) &&
      u.searchParams.get('page') === '2' &&
      u.searchParams.get('hydrate') === 'true',
    async (route) => {
      secondAsked();
      await held;
      await route.continue().catch(() => {});
    },
  );
  await page.click('#btn-export');
  await page.waitForSelector('#export-dialog[open]');
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.click('#exp-start');
  await asked;
  const fmt = all.toLocaleString('en');
  await page.waitForFunction(
    (t) => document.querySelector('#exp-status').textContent === `Fetched 500 of ${t} services…`,
    fmt,
  );
  assert.deepEqual(await page.$eval('#exp-progress', (p) => [p.value, p.max]), [500, all]);
  release();
  const file = await download;
  await page.waitForFunction(() =>
    /^Exported /.test(document.querySelector('#exp-status').textContent),
  );
  assert.match(
    await page.textContent('#exp-status'),
    new RegExp(`^Exported ${fmt} services as CSV`),
  );
  assert.deepEqual(
    await page.$eval('#exp-progress', (p) => [p.value, p.max]),
    [all, all],
    'ends at the total',
  );
  const lines = readFileSync(await file.path(), 'utf8')
    .trimEnd()
    .split('\r\n');
  assert.equal(lines.length, all + 1);
  await page.close();
  assertClean('export');
});

test('a server that goes away: the rows stay, marked stale with their time; back-off; it recovers by itself; an open form keeps what was typed', async () => {
  const page = await openPage();
  await login(page);
  const names = await rowNames(page);
  assert.equal(names.length, 20);
  await page.selectOption('#auto-refresh', '5');
  await api.halt();

  // The next auto-refresh finds nobody: the rows stay, marked stale, with the time they were loaded.
  await page.waitForSelector('#outage:not([hidden])', { timeout: 30_000 });
  assert.deepEqual(await rowNames(page), names, 'the last data stays on screen');
  assert.equal(await page.$eval('#table-wrap', (w) => w.classList.contains('stale')), true);
  assert.equal(await page.isHidden('#table-state'), true, 'no error box instead of the rows');
  const banner = await page.textContent('#outage');
  assert.match(banner, /Cannot reach the server/);
  assert.match(banner, /Showing the services as loaded at \d\d:\d\d:\d\d/);
  assert.match(banner, /Start the ZenML server \(a local one: zenml login --local\)/);
  await shot(page, 'outage');

  // Back-off: each try waits longer than the one before.
  const delays = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.waitForFunction(
      (a) => Number(document.querySelector('#outage').dataset.attempt) >= a,
      attempt,
      { timeout: 60_000 },
    );
    delays.push(Number(await page.getAttribute('#outage', 'data-delay')));
  }
  assert.ok(delays[0] < delays[1] && delays[1] < delays[2], `waits grow: ${delays}`);

  // Meanwhile the user starts creating a service.
  await page.click('#btn-new');
  await page.waitForSelector('#service-dialog[open]');
  const name = `e2e-outage-${Date.now()}`;
  const config = `{"outage": "${Date.now()}"}`;
  await page.fill('#svc-name', name);
  await page.fill('#svc-type', 'model-serving');
  await page.fill('#svc-flavor', 'outage-test');
  await page.fill('#svc-config', config);
  await page.click('#svc-label-add');
  await page.fill('#svc-labels li:last-child .lk', 'typed');
  await page.fill('#svc-labels li:last-child .lv', 'during-outage');

  // The server comes back: the page notices by itself (nobody clicks anything).
  await api.resume();
  await page.waitForSelector('#outage', { state: 'hidden', timeout: 120_000 });
  assert.match(await page.textContent('#notices'), /answers again/);
  await settled(page);
  assert.equal(await page.$eval('#table-wrap', (w) => w.classList.contains('stale')), false);
  assert.equal((await rowNames(page)).length, 20);

  // The form is as the user left it, and it works.
  assert.equal(await page.isVisible('#service-dialog'), true);
  assert.equal(await page.inputValue('#svc-name'), name);
  assert.equal(await page.inputValue('#svc-flavor'), 'outage-test');
  assert.equal(await page.inputValue('#svc-config'), config);
  assert.equal(await page.inputValue('#svc-labels li:last-child .lv'), 'during-outage');
  await page.click('#svc-submit');
  await page.waitForSelector('#service-dialog', { state: 'hidden' });
  const made = await restList(`name=${encodeURIComponent(name)}`);
  assert.equal(made.total, 1);
  assert.deepEqual(made.items[0].body.labels, { typed: 'during-outage' });
  await page.selectOption('#auto-refresh', '0');
  await page.close();
  assertClean('outage');
});
