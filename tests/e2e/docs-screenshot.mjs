#!/usr/bin/env node
// Regenerates the screenshots of the docs from the same demo data as scripts/start.sh (seed.mjs
// and seed-demo.mjs: every state, labels, two projects, a service from a real pipeline run), on
// a fresh real ZenML server. Not part of the test suite.
//   docs/dashboard.png          1280×800: a label condition applied client-side (the count scanned)
//   docs/dashboard-detail.png   1280×800: a service from a pipeline run, linked into ZenML's dashboard
//   docs/dashboard-dark.png     1280×800, dark: the chart legend's Error clicked
//   docs/dashboard-360.png      360×780: the cards of a phone, in the second project
//
//   node tests/e2e/docs-screenshot.mjs
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { seed } from '../../scripts/seed-lib.mjs';
import { serveWeb } from '../../scripts/serve-web.mjs';
import { launchChromium } from '../support/browser.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const LAPTOP = { width: 1280, height: 800 };
const api = await startServer();
let web;
let browser;

async function signIn(page, query) {
  await page.goto(`${web.url}${query}`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.fill('#password', api.adminPassword);
  await page.click('#btn-connect');
  await page.waitForSelector('#result-summary[data-total]');
  await settled(page);
}

async function settled(page) {
  await page.waitForFunction(
    () =>
      !document.querySelector('#table-wrap').classList.contains('busy') &&
      document.querySelector('#local-progress').dataset.done !== 'false' &&
      !document.querySelector('#state-chart').classList.contains('stale') &&
      document.querySelector('#state-chart').dataset.counted !== undefined,
  );
}

async function shot(page, name) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: path.join(ROOT, 'docs', name) });
  console.log(`wrote docs/${name}`);
}

try {
  await seed({
    url: api.url,
    token: api.token,
    projectId: api.projectId,
    count: 24,
    secondUser: true,
    pauseMs: 0,
  });
  const r = spawnSync('node', [path.join(ROOT, 'scripts', 'seed-demo.mjs')], {
    env: {
      ...process.env,
      ZENML_URL: api.url,
      ZENML_PROJECT_ID: api.projectId,
      ZENML_ADMIN_USER: api.adminUser,
      ZENML_ADMIN_PASSWORD: api.adminPassword,
    },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`seed-demo.mjs failed: ${r.stderr}`);
  web = await serveWeb({ port: 0, config: { server: api.url, username: api.adminUser } });
  browser = await launchChromium();

  const page = await browser.context.newPage();
  await page.setViewportSize(LAPTOP);
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await signIn(page, '?project=default&label=env%3Dprod');
  await page.waitForSelector('#local-progress[data-done="true"]');
  await settled(page);
  await shot(page, 'dashboard.png');

  await signIn(page, '?project=default&q=churn-model-from-run');
  await page.click('#rows .row-open >> text=churn-model-from-run');
  await page.waitForSelector('#detail-edit:not([disabled])');
  await page.waitForSelector('#detail-body a[href*="/runs/"]');
  await shot(page, 'dashboard-detail.png');
  await page.close();

  const dark = await browser.context.newPage();
  await dark.setViewportSize(LAPTOP);
  await dark.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await signIn(dark, '?project=default');
  await dark.click('#state-chart button[data-state="error"]');
  await dark.waitForSelector('#local-progress[data-done="true"]');
  await settled(dark);
  await shot(dark, 'dashboard-dark.png');
  await dark.close();

  const phone = await browser.context.newPage();
  await phone.setViewportSize({ width: 360, height: 780 });
  await phone.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await signIn(phone, '?project=research');
  if ((await phone.getAttribute('#filters-toggle', 'aria-expanded')) === 'true')
    await phone.click('#filters-toggle'); // the cards above the fold
  await shot(phone, 'dashboard-360.png');
  await phone.close();
} finally {
  await browser?.close();
  await web?.close();
  await api.stop();
}
