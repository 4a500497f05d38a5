// The README's static-page recipes, exactly as the README writes them, in headless Debian
// Chromium under exactly the README's Content-Security-Policy (sent as a response header),
// against a real ZenML server.
//
// The recipes are read from README.md itself: every fenced block preceded by
// `<!-- recipe: NAME -->`. `policy` is the header; `DIR/index.html` and `DIR/app.js` are one
// page, served at /DIR/ next to the built package (/DIR/dist/ = dist/). The only edits are the
// README's placeholders: the server's origin for http://127.0.0.1:8237 and the admin password
// for '…'; each must occur where the test expects it, so README and test cannot drift apart.
//
// A page passes when it logs "ZenML <version>: <n> services" for the real server (serverInfo,
// then a list after login) with no console error or warning, no page error, no failed request
// and no `securitypolicyviolation` event.
//
// Run: node --test tests/browser/recipes.test.mjs   (needs dist/: scripts/build.sh --package-only)

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium, serveStatic } from '../support/browser.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const DIST = path.join(ROOT, 'dist');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PLACEHOLDER_URL = 'http://127.0.0.1:8237';
const PAGES = ['module', 'single', 'single-module'];
const SEEDED = 2; // services created before the pages run: what their list must report

/** `<!-- recipe: NAME -->` + a fenced block -> Map NAME -> the block's text. */
function readRecipes(text) {
  const recipes = new Map();
  const markers = text.match(/<!-- recipe:/g)?.length ?? 0;
  for (const m of text.matchAll(/<!-- recipe: (\S+) -->\n```[\w-]*\n([\s\S]*?)\n```\n/g)) {
    assert.ok(!recipes.has(m[1]), `README recipe ${m[1]} appears twice`);
    recipes.set(m[1], `${m[2]}\n`);
  }
  assert.equal(
    recipes.size,
    markers,
    'every <!-- recipe: NAME --> marker is directly followed by a fenced block',
  );
  return recipes;
}

/** `text` with `from` (which must occur exactly once) replaced by `to`. */
function fill(text, from, to, what) {
  const n = text.split(from).length - 1;
  assert.equal(n, 1, `${what}: expected ${JSON.stringify(from)} once, found it ${n} times`);
  return text.replace(from, () => to);
}

const recipes = readRecipes(README);

let server; // real ZenML server
let info; // its serverInfo(), read from Node
let policy; // the README's policy for this server
let site; // static server: the recipe pages + dist/
let pagesDir;
let browser;

before(async () => {
  if (!existsSync(path.join(DIST, 'index.js')))
    throw new Error('dist/ is missing: run scripts/build.sh --package-only');
  server = await startServer();
  const { createClient } = await import(path.join(DIST, 'node.js'));
  const zen = await createClient({ baseUrl: server.url, token: server.token });
  try {
    info = await zen.serverInfo();
    for (let i = 0; i < SEEDED; i++) {
      await zen.createService({
        project: server.projectId,
        name: `recipe-${i}`,
        service_type: { type: 'model-serving', flavor: 'recipes' },
        config: { nonce: randomUUID() },
      });
    }
  } finally {
    zen.close();
  }

  const origin = new URL(server.url).origin;
  const header = recipes.get('policy');
  assert.ok(header, 'README has a <!-- recipe: policy --> block');
  const m = /^Content-Security-Policy: (.+)\n$/.exec(header);
  assert.ok(m, `the policy block is one "Content-Security-Policy: …" header line: ${header}`);
  policy = fill(m[1], PLACEHOLDER_URL, origin, 'policy');

  pagesDir = mkdtempSync(path.join(tmpdir(), 'zsw-recipes-'));
  // The site's own icon, not part of any recipe: without one Chromium logs the 404 as an error.
  writeFileSync(path.join(pagesDir, 'favicon.ico'), '');
  const mounts = { '/': pagesDir };
  for (const name of PAGES) {
    const app = [
      [PLACEHOLDER_URL, server.url],
      ["username: 'admin'", `username: ${JSON.stringify(server.adminUser)}`],
      ["password: '…'", `password: ${JSON.stringify(server.adminPassword)}`],
    ].reduce(
      (text, [from, to]) => fill(text, from, to, `${name}/app.js`),
      recipes.get(`${name}/app.js`) ?? '',
    );
    mkdirSync(path.join(pagesDir, name));
    writeFileSync(path.join(pagesDir, name, 'index.html'), recipes.get(`${name}/index.html`) ?? '');
    writeFileSync(path.join(pagesDir, name, 'app.js'), app);
    mounts[`/${name}/dist/`] = DIST;
  }
  site = await serveStatic({ mounts, headers: { 'Content-Security-Policy': policy } });
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    try {
      if (site) await site.close();
    } finally {
      if (pagesDir) rmSync(pagesDir, { recursive: true, force: true });
      if (server) await server.stop();
    }
  }
});

/** Opens /NAME/index.html; resolves once the page logged its result or a problem occurred. */
async function openRecipe(name) {
  const page = await browser.context.newPage();
  const problems = [];
  const logs = [];
  const api = [];
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.effectiveDirective} blocked ${String(e.blockedURI).slice(0, 80)}`),
    );
    window.addEventListener('unhandledrejection', (e) =>
      console.error(`unhandled rejection: ${e.reason?.stack || e.reason}`),
    );
  });
  page.on('console', (msg) => {
    if (msg.type() === 'log') logs.push(msg.text());
    else if (msg.type() === 'error' || msg.type() === 'warning')
      problems.push(
        `console.${msg.type()}: ${msg.text().slice(0, 300)} (${msg.location().url || 'no url'})`,
      );
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.stack || e}`));
  page.on('requestfailed', (r) =>
    problems.push(
      `request failed: ${r.method()} ${r.url().slice(0, 100)}: ${r.failure()?.errorText}`,
    ),
  );
  page.on('response', (r) => {
    if (r.url().startsWith(server.url))
      api.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
  });
  const mark = site.log.length;
  const response = await page.goto(`${site.url}/${name}/index.html`);
  const done = () => logs.length > 0 || problems.length > 0;
  for (let i = 0; i < 600 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  // one more task in the page, so that violation events queued before the log have fired
  const csp = await page.evaluate(
    () => new Promise((r) => setTimeout(() => r(window.__csp.slice()), 0)),
  );
  return { page, response, logs, problems, csp, api, requests: () => site.log.slice(mark) };
}

describe("the README's static-page recipes under the README's CSP", () => {
  test('the README holds the policy and the three pages (index.html + app.js), and every html block is a recipe', () => {
    assert.deepEqual(
      [...recipes.keys()].sort(),
      ['policy', ...PAGES.flatMap((p) => [`${p}/app.js`, `${p}/index.html`])].sort(),
    );
    const htmlBlocks = README.match(/^```html$/gm)?.length ?? 0;
    assert.equal(
      htmlBlocks,
      PAGES.length,
      'no HTML example in the README outside the tested recipes',
    );
    for (const p of PAGES) {
      const html = recipes.get(`${p}/index.html`);
      assert.doesNotMatch(
        html,
        /<script(?![^>]*\bsrc=)[^>]*>/,
        `${p}/index.html: no inline <script>`,
      );
      assert.match(html, /<script[^>]*\bsrc="\.\/app\.js"/, `${p}/index.html loads ./app.js`);
    }
  });

  for (const name of PAGES) {
    test(`${name}: serverInfo, login and a list, with no CSP violation and no console error`, {
      timeout: 60_000,
    }, async () => {
      const r = await openRecipe(name);
      try {
        assert.equal(r.response.status(), 200);
        assert.equal(
          r.response.headers()['content-security-policy'],
          policy,
          'the page is served under the README policy',
        );
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.csp, []);
        assert.deepEqual(r.logs, [`ZenML ${info.version}: ${SEEDED} services`]);
        assert.match(info.version, /^\d+\.\d+\.\d+/);
        // the calls really went to the server, the list after the login
        const list = r.api.findIndex((a) => a.startsWith('GET /api/v1/services '));
        assert.ok(r.api.includes('GET /api/v1/info 200'), r.api.join(', '));
        assert.ok(
          list > r.api.indexOf('POST /api/v1/login 200') &&
            r.api.indexOf('POST /api/v1/login 200') >= 0,
          r.api.join(', '),
        );
        assert.equal(r.api[list], 'GET /api/v1/services 200');

        const requests = r.requests();
        const count = (p) => requests.filter((l) => l === `GET /${name}/dist/${p}`).length;
        if (name === 'module') {
          // the preload hints were used: one download each, not a second one by the module
          assert.equal(count('index.js'), 1, requests.join(', '));
          assert.equal(count('zenml_services.wasm'), 1, requests.join(', '));
        } else {
          assert.equal(count('zenml-services.single.js'), 1, requests.join(', '));
          assert.equal(
            requests.filter((l) => l.includes('.wasm')).length,
            0,
            'the single file fetches no .wasm',
          );
        }

        // control: the policy is in force and a violation would have been seen
        const refused = await r.page.evaluate(() =>
          fetch('http://127.0.0.1:1/').then(
            () => 'fetched',
            () => 'refused',
          ),
        );
        assert.equal(refused, 'refused');
        await r.page.waitForFunction(() => window.__csp.length > 0, null, { timeout: 5000 });
        assert.match(
          (await r.page.evaluate(() => window.__csp))[0],
          /^connect-src blocked http:\/\/127\.0\.0\.1:1\//,
        );
      } finally {
        await r.page.close();
      }
    });
  }
});
