// End-to-end tests of the dashboard (web/) for issue 13's state and label conditions (applied
// client-side by the package's services({ where }), with progress, cancel and the scanned
// count), the chart legend that filters by state, the project switcher (the package's
// listProjects) and links into ZenML's own dashboard, in headless Debian Chromium against a real
// ZenML 0.98.0 server seeded here (services in several states, with labels, in two projects).
//
//   node --test tests/e2e/dashboard-where.test.mjs   (needs dist/: scripts/build.sh --package-only)
//
// Every test fails on any JS dialog, uncaught page error, CSP or Trusted Types violation and any
// request to a URL the dashboard has no business fetching. To see them fail without the
// features, point ZSW_E2E_WEB_DIR at another copy of web/ (e.g. the web/ of main).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { runPipeline } from '../../scripts/seed-lib.mjs';
import { serveWeb } from '../../scripts/serve-web.mjs';
import { launchChromium } from '../support/browser.mjs';
import { assertNoProblems, restFor, watchDashboard } from '../support/dashboard.mjs';
import { ROOT, startServer, venvFor } from '../support/server.mjs';

const DIST = process.env.ZSW_E2E_DIST || path.join(ROOT, 'dist');
const WEB_DIR = process.env.ZSW_E2E_WEB_DIR || path.join(ROOT, 'web');
const STATES = ['active', 'error', 'inactive', 'error', 'pending_startup', 'error', 'active'];
const SECOND_PROJECT = 'second-project';
const FILLER = 500;
let second; // the second project ({ id, name })
let runId; // a real pipeline run (scripts/demo_pipeline.py)
const otherApis = new Set(); // origins of servers a test starts itself (the page may call them)
const OLD = '0.80.0'; // before 0.83.0, ZenML's dashboard has runs at /runs/<id>, not per project

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
  await seedWhere();
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
    allowApi: (u) =>
      (u.origin === apiOrigin || otherApis.has(u.origin)) && u.pathname.startsWith('/api/v1/'),
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

/** Seven services in the default project (states and labels), two in a second project. */
async function seedWhere() {
  for (let i = 0; i < STATES.length; i++) {
    const labels = {};
    if (i % 2 === 0) labels.env = i % 4 === 0 ? 'prod' : 'dev';
    if (i % 3 === 0) labels.gpu = 'a100';
    await create(`where-${i}`, {
      status: { state: STATES[i] },
      ...(Object.keys(labels).length ? { labels } : {}),
    });
  }
  // More services than one page of the walk (500), none in a state: the walk takes two pages.
  for (let i = 0; i < FILLER; i += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, FILLER - i) }, (_, j) =>
        create(`filler-${String(i + j).padStart(3, '0')}`, {
          service_type: { type: 'filler', flavor: 'test' },
        }),
      ),
    );
  }
  // a real pipeline run, before the second project exists (the run goes to the default one)
  runId = await runPipeline({
    url: api.url,
    username: api.adminUser,
    password: api.adminPassword,
    projectId: api.projectId,
  });
  await create('linked-to-run', { status: { state: 'active' }, pipeline_run_id: runId });
  const p = await rest('POST', '/api/v1/projects', {
    name: SECOND_PROJECT,
    display_name: 'Second',
  });
  assert.equal(p.status, 200, JSON.stringify(p.json));
  second = p.json;
  for (const n of ['p2-alpha', 'p2-beta']) {
    const r = await rest('POST', '/api/v1/services', {
      project: second.id,
      name: n,
      service_type: { type: 'e2e-where', flavor: 'test' },
      config: { n, nonce: `${Date.now()}-${Math.random()}` },
      status: { state: 'error' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
}

/** Every service of the default project, as the server sends them. */
async function everyService() {
  return (await restList(`project=${api.projectId}&size=1000&sort_by=asc:name`)).items;
}

async function localDone(page) {
  await page.waitForSelector('#local-progress[data-done="true"]');
  await settled(page);
}

test('state and label conditions: applied client-side over every page, in the URL, with the count scanned; pages and sorts like any list', async () => {
  const all = await everyService();
  const page = await openPage('?size=2&sort_by=asc:name');
  await login(page);
  await openFilters(page);
  await page.selectOption('#lw-state', 'error');
  await page.click('#lw-state-add');
  await localDone(page);
  const errors = all.filter((s) => s.body.state === 'error').map((s) => s.name);
  assert.ok(errors.length >= 3, 'seeded errors');
  await waitTotal(page, errors.length);
  assert.match(page.url(), /[?&]state=error(&|$)/);
  // honest: the count scanned is every service the server's filters match (the whole project)
  assert.equal(
    await page.textContent('#lw-status'),
    `Client-side: scanned ${all.length} services, ${errors.length} match.`,
  );
  assert.match(await page.textContent('#chips'), /state\s*is\s*Error\s*client-side/);
  // pages of 2, sorted by name as the view says
  assert.deepEqual(await rowNames(page), errors.slice(0, 2));
  await page.click('#pg-next');
  await settled(page);
  assert.deepEqual(await rowNames(page), errors.slice(2, 4));
  await page.click('button.sort[data-sort="name"]'); // now descending
  await settled(page);
  assert.deepEqual(await rowNames(page), [...errors].reverse().slice(0, 2));
  assert.match(page.url(), /sort_by=desc(:|%3A)name/);

  // a label: key=value; then a key alone (any value)
  await page.fill('#lw-label', 'env=prod');
  await page.click('#lw-label-add');
  await localDone(page);
  const prodErrors = all
    .filter((s) => s.body.state === 'error' && s.body.labels?.env === 'prod')
    .map((s) => s.name);
  await waitTotal(page, prodErrors.length);
  assert.match(decodeURIComponent(page.url()), /label=env=prod/);

  // a link with the conditions opens the same list, the walk done afresh
  const again = await openPage(new URL(page.url()).search);
  await login(again);
  await localDone(again);
  await waitTotal(again, prodErrors.length);
  await page.evaluate(() => document.querySelector('button[data-local-state="error"]').click());
  await localDone(page);
  const prod = all.filter((s) => s.body.labels?.env === 'prod').map((s) => s.name);
  await waitTotal(page, prod.length);
  await page.evaluate(() => document.querySelector('button[data-local-label="env=prod"]').click());
  await page.fill('#lw-label', 'gpu');
  await page.click('#lw-label-add');
  await localDone(page);
  await waitTotal(page, all.filter((s) => s.body.labels && 'gpu' in s.body.labels).length);
  assert.match(await page.textContent('#chips'), /gpu \(any value\)/);
  // export: what the scan found, sorted as shown
  await page.click('#btn-export');
  await page.waitForSelector('#export-dialog[open]');
  const download = page.waitForEvent('download');
  await page.click('#exp-start');
  const file = await download;
  const lines = readFileSync(await file.path(), 'utf8')
    .trimEnd()
    .split('\r\n');
  assert.equal(lines.length, 1 + all.filter((s) => s.body.labels && 'gpu' in s.body.labels).length);
  await page.close();
  await again.close();
  assertClean('state and label conditions');
});

test('the walk counts the services scanned page by page, and Cancel keeps what it found and says so', async () => {
  const all = await everyService();
  assert.ok(all.length > 500, 'two pages of the walk');
  const active = all.filter((s) => s.body.state === 'active').map((s) => s.name);
  // the first page of the walk (in the server's order: newest first, so the filler is on it)
  const first = (await restList(`project=${api.projectId}&size=500&sort_by=desc:created`)).items;
  const onFirst = first.filter((s) => s.body.state === 'active').length;
  const page = await openPage();
  await login(page);
  let release;
  const held = new Promise((r) => {
    release = r;
  });
  await page.route(
    (u) =>
      u.pathname === '/api/v1/services' &&
      u.searchParams.get('size') === '500' &&
      u.searchParams.get('page') === '2' &&
      u.searchParams.get('hydrate') === 'true',
    async (route) => {
      await held;
      await route.continue().catch(() => {});
    },
  );
  await page.evaluate(() => {
    const s = document.querySelector('#lw-state');
    s.value = 'active';
    document.querySelector('#lw-state-add').click();
  });
  const n = all.length.toLocaleString('en');
  await page.waitForFunction(
    (t) =>
      document
        .querySelector('#lw-status')
        .textContent.startsWith(`Scanning client-side: 500 of ${t} services scanned`),
    n,
  );
  assert.equal(
    await page.textContent('#lw-status'),
    `Scanning client-side: 500 of ${n} services scanned, ${onFirst} match so far…`,
  );
  assert.deepEqual(await page.$eval('#lw-progress', (p) => [p.value, p.max]), [500, all.length]);
  assert.equal(await page.isVisible('#lw-cancel'), true);
  await page.click('#lw-cancel');
  await page.waitForSelector('#local-progress[data-done="cancelled"]');
  assert.equal(
    await page.textContent('#lw-status'),
    `Cancelled after scanning 500 of ${n} services client-side: showing the ${onFirst === 1 ? '1 match' : `${onFirst} matches`} found so far.`,
  );
  await settled(page);
  await waitTotal(page, onFirst);
  assert.equal(await page.isVisible('#lw-cancel'), false);
  release();
  // Refresh walks again, to the end this time
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.click('#btn-refresh');
  await localDone(page);
  await waitTotal(page, active.length);
  assert.equal(
    await page.textContent('#lw-status'),
    `Client-side: scanned ${n} services, ${active.length} match.`,
  );
  await page.close();
  assertClean('progress and cancel');
});

test('a walk cancelled before its first page shows nothing and says so', async () => {
  const page = await openPage();
  await login(page);
  let release;
  const held = new Promise((r) => {
    release = r;
  });
  await page.route(
    (u) =>
      u.pathname === '/api/v1/services' &&
      u.searchParams.get('size') === '500' &&
      u.searchParams.get('hydrate') === 'true',
    async (route) => {
      await held;
      await route.continue().catch(() => {});
    },
  );
  await page.evaluate(() => {
    const s = document.querySelector('#lw-state');
    s.value = 'active';
    document.querySelector('#lw-state-add').click();
  });
  await page.waitForSelector('#local-progress[data-done="false"]');
  assert.equal(await page.isVisible('#lw-cancel'), true);
  assert.equal(await page.isVisible('#lw-progress'), true);
  assert.match(await page.textContent('#lw-status'), /^Scanning client-side: 0 of /);
  await page.click('#lw-cancel');
  await page.waitForSelector('#local-progress[data-done="cancelled"]');
  assert.match(
    await page.textContent('#lw-status'),
    /^Cancelled after scanning 0 of \d+ services client-side: showing the 0 matches found so far\.$/,
  );
  release();
  await settled(page);
  assert.equal(await page.$eval('#result-summary', (e) => e.dataset.total), '0');
  await page.close();
  assertClean('cancel');
});

test('clicking a state in the chart legend filters by it (client-side); again clears it', async () => {
  const all = await everyService();
  const page = await openPage();
  await login(page);
  await page.waitForSelector('#state-chart button[data-state="error"]');
  await page.click('#state-chart button[data-state="error"]');
  await localDone(page);
  await waitTotal(page, all.filter((s) => s.body.state === 'error').length);
  assert.match(page.url(), /[?&]state=error(&|$)/);
  await page.click('#state-chart button[data-state="error"]');
  await page.waitForFunction(() => !/state=/.test(location.search));
  await waitTotal(page, all.length);
  assert.equal(await page.isVisible('#local-progress'), false);
  await page.close();
  assertClean('legend');
});

test('project switcher: the projects from listProjects, the project in the URL, new services created in it', async () => {
  const page = await openPage();
  await login(page);
  await page.waitForSelector(`#project-switch option[value="${SECOND_PROJECT}"]`, {
    state: 'attached',
  });
  assert.deepEqual(await page.$$eval('#project-switch option', (os) => os.map((o) => o.value)), [
    '',
    'default',
    SECOND_PROJECT,
  ]);
  await page.selectOption('#project-switch', SECOND_PROJECT);
  await waitTotal(page, 2);
  assert.deepEqual((await rowNames(page)).sort(), ['p2-alpha', 'p2-beta']);
  assert.match(page.url(), new RegExp(`[?&]project=${SECOND_PROJECT}(&|$)`));

  await page.click('#btn-new');
  await page.waitForSelector('#service-dialog[open]');
  assert.equal(await page.inputValue('#svc-project'), SECOND_PROJECT);
  await page.fill('#svc-name', 'p2-created');
  await page.fill('#svc-type', 'e2e-where');
  await page.fill('#svc-flavor', 'test');
  await page.fill('#svc-config', JSON.stringify({ nonce: `${Date.now()}` }));
  await page.click('#svc-submit');
  await waitTotal(page, 3);
  const made = (await restList(`project=${second.id}&name=p2-created`)).items[0];
  assert.equal(made.body.project_id, second.id);

  // a link keeps the project; back to all projects
  const linked = await openPage(new URL(page.url()).search);
  await login(linked);
  await waitTotal(linked, 3);
  assert.equal(await linked.inputValue('#project-switch'), SECOND_PROJECT);
  await page.selectOption('#project-switch', '');
  await page.waitForFunction(() => !/project=/.test(location.search));
  await linked.close();
  await page.close();
  assertClean('projects');
});

test("a service from a pipeline run links to the run in ZenML's own dashboard, by the run's name", async () => {
  const run = await rest('GET', `/api/v1/runs/${runId}`);
  assert.equal(run.status, 200);
  const info = (await rest('GET', '/api/v1/info')).json;
  assert.notEqual(info.deployment_type, 'cloud');
  // dashboard_utils.get_run_url of 0.98.0: <server_url or the store URL>/projects/<name>/runs/<id>
  const expected = `${info.server_url || api.url}/projects/default/runs/${runId}`;
  const page = await openPage('?q=linked-to-run');
  await login(page);
  await waitTotal(page, 1);
  await page.click('#rows .row-open');
  await page.waitForSelector('#detail:not([hidden])');
  const link = page.locator('#detail-body a', { hasText: run.json.name });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), expected);
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await page.textContent('#detail-body'), /in ZenML’s dashboard/);
  // ZenML's own dashboard answers that page
  const res = await fetch(expected);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  // no model version: no link, and 0.98.0 has no model-version page outside ZenML Pro anyway
  assert.match(await page.textContent('#detail-body'), /Model version\s*none/);
  await page.close();
  assertClean('links');
});

test(`ZenML ${OLD}: the run link follows that release's dashboard_utils.py (/runs/<id>), and the switcher lists its projects`, async () => {
  const old = await startServer({}, { version: OLD });
  try {
    otherApis.add(new URL(old.url).origin);
    const id = await runPipeline({
      url: old.url,
      username: old.adminUser,
      password: old.adminPassword,
      venv: venvFor(OLD),
    });
    const res = await fetch(`${old.url}/api/v1/services`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${old.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        project: old.projectId,
        name: 'old-linked',
        service_type: { type: 'e2e-where', flavor: 'test' },
        config: { nonce: `${Date.now()}` },
        pipeline_run_id: id,
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const run = await (
      await fetch(`${old.url}/api/v1/runs/${id}`, {
        headers: { Authorization: `Bearer ${old.token}` },
      })
    ).json();
    const info = await (await fetch(`${old.url}/api/v1/info`)).json();
    const expected = `${info.server_url || old.url}/runs/${id}`;

    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${web.url}?server=${encodeURIComponent(old.url)}`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.fill('#server-url', old.url);
    await login(page);
    await page.waitForSelector('#project-switch option[value="default"]', { state: 'attached' });
    assert.deepEqual(await page.$$eval('#project-switch option', (os) => os.map((o) => o.value)), [
      '',
      'default',
    ]);
    await page.click('#rows .row-open >> text=old-linked');
    const link = page.locator('#detail-body a', { hasText: run.name });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), expected);
    const answer = await fetch(expected);
    assert.equal(answer.status, 200, `${OLD}'s own dashboard serves ${expected}`);
    await page.close();
    assertClean(`links on ${OLD}`);
  } finally {
    await old.stop();
  }
});
