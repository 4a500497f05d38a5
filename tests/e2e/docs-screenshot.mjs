#!/usr/bin/env node
// Regenerates the README screenshots (docs/dashboard.png, docs/dashboard-detail.png) from the
// same demo data as scripts/start.sh, on a fresh real ZenML server. Not part of the test suite.
//
//   node tests/e2e/docs-screenshot.mjs
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { seed } from '../../scripts/seed-lib.mjs';
import { serveWeb } from '../../scripts/serve-web.mjs';
import { launchChromium } from '../support/browser.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const api = await startServer();
let web;
let browser;
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
  await page.setViewportSize({ width: 1440, height: 860 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await page.goto(`${web.url}?size=10`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.fill('#password', api.adminPassword);
  await page.click('#btn-connect');
  await page.waitForSelector('#result-summary[data-total]');
  await page.selectOption('#f-field', 'type');
  await page.selectOption('#f-op', 'equals');
  await page.fill('#f-value', 'model-serving');
  await page.click('#f-add');
  await page.waitForFunction(
    () =>
      /matching the filters/.test(document.querySelector('#result-summary').textContent) &&
      !document.querySelector('#table-wrap').classList.contains('busy') &&
      document.querySelector('#result-summary').dataset.total ===
        document.querySelector('#state-chart').dataset.counted,
  );
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: path.join(ROOT, 'docs', 'dashboard.png') });
  await page.click('#rows .row-open >> text=fraud-detector-v2');
  await page.waitForSelector('#detail-edit:not([disabled])');
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: path.join(ROOT, 'docs', 'dashboard-detail.png') });
  console.log('wrote docs/dashboard.png and docs/dashboard-detail.png');
} finally {
  await browser?.close();
  await web?.close();
  await api.stop();
}
