// Headless Debian Chromium (playwright-core) and a tiny static server for browser tests.
// The page is served from its own origin, so calls to the ZenML server are cross-origin and
// CORS / preflights are real.

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './server.mjs';

export const CHROMIUM = '/usr/bin/chromium';

/** Launches Chromium (a missing browser is an error, never a skip). */
export async function launchChromium() {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: run scripts/setup.sh (Debian package chromium)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'zsw-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A page that loads the built package (served at /dist/) and exposes it: `window.api` (also
 * `globalThis.__zsw`), the module as `window.M`, unhandled rejections in `window.__problems`,
 * and `window.ready = true` once the wasm is instantiated.
 */
export const PACKAGE_PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
  import * as api from '/dist/index.js';
  window.api = api;
  globalThis.__zsw = api;
  window.__problems = [];
  window.addEventListener('unhandledrejection', (e) => window.__problems.push(String(e.reason && e.reason.stack || e.reason)));
  window.M = await api.loadModule();
  window.ready = true;
</script>`;

/**
 * Serves PACKAGE_PAGE, launches Chromium and opens the page; `prepare(page)` runs before the
 * navigation (listeners, init scripts). Resolves once the wasm is instantiated, to
 * { page, url (the page's origin), close() }.
 */
export async function openPackagePage(prepare = async () => {}) {
  const site = await serveStatic({ pages: { '/package.html': PACKAGE_PAGE } });
  let browser;
  const close = async () => {
    try {
      if (browser) await browser.close();
    } finally {
      await site.close();
    }
  };
  try {
    browser = await launchChromium();
    const page = await browser.context.newPage();
    await prepare(page);
    await page.goto(`${site.url}/package.html`);
    await page.waitForFunction(() => window.ready === true, null, { timeout: 30_000 });
    return { page, url: site.url, close };
  } catch (e) {
    await close().catch(() => {});
    throw e;
  }
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css',
  '.d.ts': 'text/plain',
};

/**
 * Serves `mounts` ({ '/dist/': '<abs dir>', '/': '<abs dir>' }) on 127.0.0.1:<free port>.
 * `pages` ({ '/x.html': '<html>…' }) are served from memory. Resolves to { url, close, log }.
 */
export function serveStatic({
  mounts = { '/dist/': path.join(ROOT, 'dist') },
  pages = {},
  headers = {},
} = {}) {
  const log = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    log.push(`${req.method} ${url.pathname}`);
    const common = { 'Cache-Control': 'no-store', ...headers };
    if (pages[url.pathname] !== undefined) {
      res.writeHead(200, { ...common, 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(pages[url.pathname]);
    }
    for (const [prefix, dir] of Object.entries(mounts).sort((a, b) => b[0].length - a[0].length)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const rel = decodeURIComponent(url.pathname.slice(prefix.length));
      const file = path.resolve(dir, rel);
      if (
        !file.startsWith(path.resolve(dir) + path.sep) ||
        !existsSync(file) ||
        !statSync(file).isFile()
      )
        break;
      const ext = Object.keys(TYPES).find((e) => file.endsWith(e)) || '';
      res.writeHead(200, { ...common, 'Content-Type': TYPES[ext] || 'application/octet-stream' });
      return res.end(readFileSync(file));
    }
    res.writeHead(404, common);
    res.end('not found');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        log,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    }),
  );
}
