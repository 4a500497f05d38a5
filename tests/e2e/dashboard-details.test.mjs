// End-to-end tests of four dashboard details a new user meets (issue 12, item 8), in headless
// Debian Chromium against a real ZenML 0.98.0 server, the page served by scripts/serve-web.mjs on
// its own port: the "skip to content" link paints nothing until it is focused; form errors show
// at their fields and the first one is focused; on a narrow screen the auto-refresh select keeps
// its label; the "cannot reach the server" hint says what to do in ZenML terms, not with a
// script of this repository.
//
//   node --test tests/e2e/dashboard-details.test.mjs   (needs dist/: scripts/build.sh --package-only)
//
// Like the other e2e suites, every test fails on any JS dialog, uncaught page error, CSP or
// Trusted Types violation and any request the dashboard has no business making. To see the tests
// fail without the changes, point ZSW_E2E_WEB_DIR at another copy of web/.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { serveWeb } from '../../scripts/serve-web.mjs';
import { launchChromium } from '../support/browser.mjs';
import { assertNoProblems, watchDashboard } from '../support/dashboard.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const DIST = process.env.ZSW_E2E_DIST || path.join(ROOT, 'dist');
const WEB_DIR = process.env.ZSW_E2E_WEB_DIR || path.join(ROOT, 'web');

let api;
let web;
let browser;
let closedPort; // a port nobody listens on: "the server is down"
const problems = [];

// --------------------------------------------------------------------------------------------
// helpers

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

async function login(page) {
  await page.fill('#username', api.adminUser);
  await page.fill('#password', api.adminPassword);
  await page.click('#btn-connect');
  await page.waitForSelector('#dashboard:not([hidden])');
  await page.waitForSelector('#result-summary[data-total]');
}

const assertClean = (what) => assertNoProblems(problems, what);

/** The error message shown at `selector`'s field, and how the control refers to it. */
function fieldError(page, selector) {
  return page.evaluate((sel) => {
    const input = document.querySelector(sel);
    const box = input.closest('.label-row') || input.closest('.field');
    const msg = box.querySelector('.field-error');
    return {
      text: msg?.textContent ?? null,
      visible: !!msg && msg.getBoundingClientRect().height > 0,
      invalid: input.getAttribute('aria-invalid'),
      describedBy: (input.getAttribute('aria-describedby') || '').split(/\s+/).includes(msg?.id),
    };
  }, selector);
}

const focused = (page) =>
  page.evaluate(() => document.activeElement?.id || document.activeElement?.className);

// --------------------------------------------------------------------------------------------

before(async () => {
  if (!existsSync(path.join(DIST, 'index.js')))
    throw new Error(`${DIST} has no built package: run scripts/build.sh --package-only`);
  api = await startServer();
  closedPort = await freePort();
  web = await serveWeb({
    port: 0,
    webDir: WEB_DIR,
    distDir: DIST,
    config: { server: api.url, username: api.adminUser },
  });
  const webOrigin = new URL(web.url).origin;
  const apiOrigin = new URL(api.url).origin;
  const closedOrigin = `http://127.0.0.1:${closedPort}`;
  browser = await launchChromium();
  const ctx = browser.context;
  await watchDashboard(ctx, {
    problems,
    webOrigin,
    allowApi: (u) =>
      (u.origin === apiOrigin || u.origin === closedOrigin) && u.pathname.startsWith('/api/v1/'),
  });
});

afterEach(async () => {
  for (const p of browser?.context.pages() || []) await p.close().catch(() => {});
  problems.length = 0;
});

after(async () => {
  await browser?.close().catch(() => {});
  await web?.close().catch(() => {});
  await api?.stop();
});

// --------------------------------------------------------------------------------------------

test('the skip link paints nothing in the top-left corner until it is focused; Tab shows it, Enter moves to the content', async () => {
  for (const stage of ['connect', 'dashboard']) {
    const page = await openPage();
    if (stage === 'dashboard') await login(page);
    await page.evaluate(() => document.activeElement?.blur());
    const corner = { x: 0, y: 0, width: 160, height: 80 };
    const shot = () => page.screenshot({ clip: corner, animations: 'disabled', caret: 'hide' });
    const withLink = await shot();
    // the same corner without the link (CSSOM: the page's CSP allows no injected <style>)
    const display = (v) =>
      page.evaluate((d) => {
        document.querySelector('.skip-link').style.display = d;
      }, v);
    await display('none');
    const withoutLink = await shot();
    await display('');
    assert.ok(
      withLink.equals(withoutLink),
      `${stage}: the unfocused skip link changes pixels in the top-left corner`,
    );

    // keyboard users still get it: the link is the one tab stop before the page's first control
    const first = stage === 'connect' ? '#server-url' : '#project-switch';
    await page.focus(first);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    const box = await page.locator('.skip-link').boundingBox();
    assert.ok(box && box.y >= 0 && box.height > 10, `${stage}: focused, it is on screen`);
    const seen = await shot();
    assert.ok(!seen.equals(withoutLink), `${stage}: focused, it is painted`);
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'main');
    await page.close();
  }
  assertClean('skip link');
});

test('form errors show at their fields, the first is focused, and editing a field clears its error', async () => {
  // the connect form
  const page = await openPage();
  await page.fill('#server-url', '');
  await page.click('#btn-connect');
  await page.waitForSelector('#server-url[aria-invalid="true"]');
  const url = await fieldError(page, '#server-url');
  assert.match(url.text, /Enter the server URL/);
  assert.deepEqual([url.visible, url.invalid, url.describedBy], [true, 'true', true]);
  assert.equal(await focused(page), 'server-url');
  assert.equal(await page.isVisible('#connect-error'), false, 'not listed at the bottom');
  await page.fill('#server-url', api.url);
  assert.equal((await fieldError(page, '#server-url')).text, null, 'editing clears it');
  await page.fill('#username', '');
  await page.click('#btn-connect');
  await page.waitForSelector('#username[aria-invalid="true"]');
  assert.match((await fieldError(page, '#username')).text, /Enter the username/);
  assert.equal(await focused(page), 'username');
  assert.equal(await page.isVisible('#connect-error'), false);

  // the service dialog
  await login(page);
  await page.click('#btn-new');
  await page.waitForSelector('#service-dialog[open]');
  await page.fill('#svc-name', '');
  await page.fill('#svc-type', '');
  await page.fill('#svc-flavor', 'test');
  await page.fill('#svc-pred', 'not a url');
  await page.click('#svc-label-add');
  await page.fill('#svc-labels li:nth-child(1) .lv', 'orphan value');
  await page.fill('#svc-config', '{"model": ');
  await page.click('#svc-submit');
  await page.waitForSelector('#svc-name[aria-invalid="true"]');
  assert.equal(await page.isVisible('#svc-error'), false, 'not listed at the bottom');
  const name = await fieldError(page, '#svc-name');
  assert.deepEqual(name, {
    text: 'Enter a name.',
    visible: true,
    invalid: 'true',
    describedBy: true,
  });
  assert.equal((await fieldError(page, '#svc-type')).text, 'Enter the service type.');
  assert.equal((await fieldError(page, '#svc-flavor')).text, null, 'a filled field has none');
  assert.match(
    (await fieldError(page, '#svc-pred')).text,
    /prediction URL must be an http\(s\) URL/,
  );
  assert.match((await fieldError(page, '#svc-labels li:nth-child(1) .lk')).text, /needs a key/);
  assert.equal(await page.getAttribute('#svc-config', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#svc-config-msg'), /Invalid JSON/);
  assert.equal(await focused(page), 'svc-name', 'the first field in the form is focused');

  // fixing them one by one
  await page.fill('#svc-name', 'details-created');
  assert.equal((await fieldError(page, '#svc-name')).text, null);
  assert.equal(await page.getAttribute('#svc-name', 'aria-invalid'), null);
  await page.fill('#svc-type', 'model-serving');
  await page.click('#svc-submit');
  await page.waitForFunction(() => document.activeElement?.id === 'svc-pred', null, {
    timeout: 5000,
  });
  await page.fill('#svc-pred', 'https://example.com/predict');
  await page.fill('#svc-labels li:nth-child(1) .lk', 'team');
  await page.click('#svc-submit');
  assert.equal(await focused(page), 'svc-config', 'the JSON editor, whose hint says why');
  await page.fill('#svc-config', `{"model": "details", "nonce": "${Date.now()}"}`);
  await page.click('#svc-submit');
  await page.waitForFunction(() =>
    /Created service “details-created”/.test(document.querySelector('#notices').textContent),
  );
  assert.equal(await page.$$eval('.field-error', (e) => e.length), 0);
  await page.close();
  assertClean('form errors');
});

test('on a narrow screen the auto-refresh select keeps its label, and the page does not scroll sideways', async () => {
  const page = await openPage('', { viewport: { width: 360, height: 740 } });
  await login(page);
  const label = await page.evaluate(() => {
    const select = document.querySelector('#auto-refresh');
    const span = select.closest('label').querySelector('span');
    const r = span.getBoundingClientRect();
    const s = select.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      text: span.textContent,
      width: r.width,
      height: r.height,
      onScreen: r.left >= 0 && r.right <= innerWidth,
      hit: hit === span || span.contains(hit),
      beside: Math.abs(r.top + r.height / 2 - (s.top + s.height / 2)) < s.height,
      selectShows: select.selectedOptions[0].textContent,
      sideways: document.documentElement.scrollWidth > innerWidth,
    };
  });
  assert.equal(label.text, 'Auto-refresh');
  assert.equal(label.selectShows, 'Off');
  assert.ok(label.width > 40 && label.height > 8, `the label is shown: ${JSON.stringify(label)}`);
  assert.ok(label.onScreen && label.hit, `the label is visible: ${JSON.stringify(label)}`);
  assert.ok(label.beside, 'next to its select');
  assert.equal(label.sideways, false);
  await page.close();
  assertClean('narrow toolbar');
});

test('a server that is down: the hint says to start the ZenML server and check the URL, naming no script of this repository', async () => {
  const page = await openPage();
  await page.fill('#server-url', `http://127.0.0.1:${closedPort}`);
  await page.fill('#username', api.adminUser);
  await page.fill('#password', api.adminPassword);
  await page.click('#btn-connect');
  await page.waitForFunction(() =>
    /Cannot reach the server/.test(document.querySelector('#connect-error').textContent),
  );
  const hint = await page.textContent('#connect-error .error-hint');
  assert.match(hint, /Start the ZenML server/);
  assert.match(hint, /zenml login --local/);
  assert.match(hint, /check the URL/);
  assert.doesNotMatch(hint, /scripts\/|\.sh\b/);
  assert.doesNotMatch(await page.textContent('body'), /scripts\/[\w-]+\.(sh|mjs)/);
  await page.close();
  assertClean('server down');
});
