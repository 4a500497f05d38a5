// The Chromium half of the benchmarks (Debian's chromium via playwright-core, headless):
//   node bench/browser.mjs decode <out.json>     (ZSW_BENCH_SIZES=100,1000 for fewer sizes)
//   node bench/browser.mjs live <url> <token> <out.json>
//   node bench/browser.mjs fast <out.json>          (starts bench/fast-server.mjs itself)
//   node bench/browser.mjs startup <out.json> [loads=20]
// Pages are served from their own origin (so the ZenML server is cross-origin, as for a real
// dashboard), cross-origin isolated (COOP/COEP) so performance.now() has 5 µs resolution
// instead of 100 µs. dist/ is the built package; zod and openapi-fetch come from node_modules.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM, launchChromium } from '../tests/support/browser.mjs';
import { ROOT } from '../tests/support/server.mjs';
import { FAST_SIZES } from './fast-core.mjs';
import { startFastServer } from './fast-server.mjs';
import { startStaticServer } from './static-server.mjs';

const IMPORTS = `<script type="importmap">{"imports": {
  "zod": "/node_modules/zod/index.js",
  "openapi-fetch": "/node_modules/openapi-fetch/dist/index.mjs"}}</script>`;

const STARTUP = (head) => `<!doctype html>${head}<script type="module">
    const t0 = performance.now();
    const { createClient } = await import('/dist/index.js');
    const zen = await createClient({ baseUrl: 'http://127.0.0.1:9' });
    window.startup = { ms: performance.now() - t0, sinceNavigation: performance.now() };
    zen.close();
  </script>`;

const PAGES = {
  '/decode.html': `<!doctype html>${IMPORTS}<script type="module">
    import * as z from 'zod';
    import { FakeXHR, runDecode } from '/bench/decode-core.mjs';
    import { pageBytes } from '/bench/payload.mjs';
    import { loadValidator } from '/bench/validator.mjs';
    window.XMLHttpRequest = FakeXHR;   // Emscripten's Fetch looks it up per request
    const { createClient } = await import('/dist/index.js');
    const wasm = await fetch('/build-bench/validate_bench.wasm');
    if (!wasm.ok) throw new Error('build-bench/validate_bench.wasm: ' + wasm.status);
    const validator = await loadValidator(await wasm.arrayBuffer());
    window.runBench = (sizes) => runDecode({ createClient, z, pageBytes, sizes, validator,
      rounds: (n) => (n <= 100 ? 200 : n <= 1000 ? 60 : 15), batch: (n) => (n <= 100 ? 5 : 1),
      log: (s) => console.log(s) });
    window.ready = true;
  </script>`,
  '/live.html': `<!doctype html>${IMPORTS}<script type="module">
    import * as z from 'zod';
    import createOpenApiClient from 'openapi-fetch';
    import { runLive } from '/bench/live-core.mjs';
    import { LIVE_CONFIGS } from '/bench/live-configs.mjs';
    const { createClient } = await import('/dist/index.js');
    window.runBench = (url, token) => runLive({ createClient, createOpenApiClient, z, url, token,
      configs: LIVE_CONFIGS, scanRounds: 3, log: (s) => console.log(s) });
    window.ready = true;
  </script>`,
  '/fast.html': `<!doctype html><script type="module">
    import { runFast } from '/bench/fast-core.mjs';
    const { createClient } = await import('/dist/index.js');
    window.runBench = (url, sizes) => runFast({ createClient, url, sizes, log: (s) => console.log(s) });
    window.ready = true;
  </script>`,
  // import to first ready client: the module (dist/index.js: glue + facade), the .wasm fetch,
  // compile + instantiate, embind registration, createClient()
  '/startup.html': STARTUP(''),
  // the same with the preload hints README recommends: both downloads start with the page
  '/startup-hints.html': STARTUP(`<link rel="modulepreload" href="/dist/index.js">
    <link rel="preload" href="/dist/zenml_services.wasm" as="fetch" type="application/wasm" crossorigin>`),
  // the single-file build (the .wasm inlined as base64): one request instead of two, more bytes
  '/startup-single.html': `<!doctype html><script>
    const t0 = performance.now();
    const s = document.createElement('script');
    s.src = '/dist/zenml-services.single.js';
    s.onload = async () => {
      const zen = await ZenmlServices.createClient({ baseUrl: 'http://127.0.0.1:9' });
      window.startup = { ms: performance.now() - t0, sinceNavigation: performance.now() };
      zen.close();
    };
    document.head.append(s);
  </script>`,
  // floors on this machine: one small file over the same server, and fetch + compile of the
  // .wasm alone (what the engine needs for our bytes, without any of our code running)
  '/startup-floor.html': `<!doctype html><script type="module">
    const t0 = performance.now();
    await (await fetch('/dist/index.d.ts')).text();
    const t1 = performance.now();
    await WebAssembly.compileStreaming(fetch('/dist/zenml_services.wasm'));
    const t2 = performance.now();
    window.startup = { roundTrip: t1 - t0, wasmCompile: t2 - t1, sinceNavigation: t2 };
  </script>`,
};

async function withBrowser(fn) {
  // in a process of its own (bench/static-server.mjs says why)
  const server = await startStaticServer({
    mounts: {
      '/dist/': path.join(ROOT, 'dist'),
      '/bench/': path.join(ROOT, 'bench'),
      '/build-bench/': path.join(ROOT, 'build-bench'),
      '/node_modules/': path.join(ROOT, 'node_modules'),
    },
    pages: PAGES,
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  });
  const browser = await launchChromium();
  try {
    return await fn(browser.context, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function openBench(context, base, page) {
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => console.error(`[chromium] ${m.text()}`));
  await p.goto(`${base}${page}`);
  await p
    .waitForFunction(() => window.ready === true || window.startup, null, { timeout: 60_000 })
    .catch((e) => {
      throw new Error(`${page} did not get ready: ${errors.join('; ') || e.message}`);
    });
  return p;
}

const [mode, ...args] = process.argv.slice(2);
const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
if (mode === 'decode') {
  const [out] = args;
  const results = await withBrowser(async (context, base) => {
    const p = await openBench(context, base, '/decode.html');
    if (!(await p.evaluate(() => crossOriginIsolated)))
      console.error('[chromium] warning: not cross-origin isolated');
    return p.evaluate(
      (s) => window.runBench(s),
      (process.env.ZSW_BENCH_SIZES || '100,1000,10000').split(',').map(Number),
    );
  });
  writeFileSync(out, JSON.stringify({ env: 'chromium', chromium: version, results }, null, 1));
} else if (mode === 'live') {
  const [url, token, out] = args;
  const res = await withBrowser(async (context, base) => {
    const p = await openBench(context, base, '/live.html');
    return p.evaluate(([u, t]) => window.runBench(u, t), [url, token]);
  });
  writeFileSync(out, JSON.stringify({ env: 'chromium', chromium: version, ...res }, null, 1));
} else if (mode === 'fast') {
  const [out] = args;
  const server = await startFastServer(FAST_SIZES);
  try {
    const results = await withBrowser(async (context, base) => {
      const p = await openBench(context, base, '/fast.html');
      return p.evaluate(([u, s]) => window.runBench(u, s), [server.url, FAST_SIZES]);
    });
    writeFileSync(out, JSON.stringify({ env: 'chromium', chromium: version, results }, null, 1));
  } finally {
    await server.close();
  }
} else if (mode === 'startup') {
  // Fresh pages, the three kinds alternated load by load; the first round (cold disk cache) is
  // reported apart.
  const [out, loads = '20'] = args;
  const kinds = {
    plain: '/startup.html',
    hints: '/startup-hints.html',
    single: '/startup-single.html',
    floor: '/startup-floor.html',
  };
  const samples = await withBrowser(async (context, base) => {
    const list = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    for (let i = 0; i < Number(loads) + 1; i++) {
      for (const [kind, page] of Object.entries(kinds)) {
        const p = await context.newPage();
        await p.goto(`${base}${page}`);
        await p.waitForFunction(() => window.startup, null, { timeout: 30_000 });
        list[kind].push(await p.evaluate(() => window.startup));
        await p.close();
      }
    }
    return list;
  });
  const rest = (k) => samples[k].slice(1);
  writeFileSync(
    out,
    JSON.stringify(
      {
        env: 'chromium',
        chromium: version,
        first: samples.plain[0],
        loads: rest('plain'),
        hints: rest('hints'),
        single: rest('single'),
        floor: rest('floor'),
      },
      null,
      1,
    ),
  );
} else {
  throw new Error(
    'usage: browser.mjs decode <out> | live <url> <token> <out> | fast <out> | startup <out> [loads]',
  );
}
