// The packed npm package inside a Vite 7 app: production build (and the dev server) in
// headless Chromium against a real ZenML 0.98.0 server.
//
//   node --test tests/pack/vite.test.mjs
//
// scripts/pack-smoke.sh runs this file with the project it has already installed the tarball
// into (ZSW_PACK_PROJECT) and its running server (ZENML_URL, ZENML_ADMIN_USER,
// ZENML_ADMIN_PASSWORD). Run alone, the file packs, installs and starts a server itself.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, serveStatic } from '../support/browser.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const VITE_BIN = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const VITE_API = path.join(ROOT, 'node_modules', 'vite', 'dist', 'node', 'index.js');
const MISSING_ID = '00000000-0000-0000-0000-000000000000';

let project; // npm project with zenml-services-wasm installed from the tarball
let ownProject = null;
let server; // { url, adminUser, adminPassword, stop? }
let browser;
const cleanups = [];

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** npm pack (prepack builds dist/) and npm install of the tarball into an empty project. */
function packAndInstall() {
  const dir = mkdtempSync(path.join(tmpdir(), 'zsw-vite-'));
  ownProject = dir; // removed in after(), also when packing fails
  const packDir = path.join(dir, 'pack');
  mkdirSync(packDir);
  const stdout = sh('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT });
  const out = JSON.parse(stdout.slice(stdout.search(/^\[$/m))); // after the prepack build's output
  const tgz = path.join(packDir, out[0].filename);
  const proj = path.join(dir, 'app');
  mkdirSync(proj);
  writeFileSync(
    path.join(proj, 'package.json'),
    JSON.stringify({ name: 'zsw-vite-app', private: true, type: 'module' }),
  );
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tgz], {
    cwd: proj,
  });
  return proj;
}

// The app: one page that imports the package by name, as any bundler user would.
const INDEX_HTML = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>vite app</title>
<script type="module" src="/main.js"></script>`;
const MAIN_JS = `import { createClient, ZenmlError } from 'zenml-services-wasm';

const q = new URLSearchParams(location.search);
(async () => {
  try {
    const zen = await createClient({ baseUrl: q.get('api') });
    const info = await zen.serverInfo();
    await zen.login({ username: q.get('user'), password: q.get('pw') });
    const page = await zen.listServices({ size: 1 });
    let notFound = null;
    try { await zen.getService('${MISSING_ID}'); } catch (e) { notFound = e instanceof ZenmlError ? e.code : String(e); }
    window.result = { ok: true, version: info.version, total: page.total, notFound, pending: zen.pendingCalls };
    zen.close();
  } catch (e) {
    window.result = { ok: false, code: e && e.code, error: String((e && e.stack) || e) };
  }
})();
`;
const VITE_CONFIG = `// optimizeDeps.exclude: the dev server pre-bundles dependencies into node_modules/.vite/deps.
// The Emscripten glue finds its wasm with new URL('zenml_services.wasm', import.meta.url), which
// after pre-bundling points into .vite/deps, where no .wasm is copied: the dev server answers
// with index.html (createClient rejects with ZenmlError wasm_load: "GET …/zenml_services.wasm
// answered text/html starting with "<!doctype html>…", not a WebAssembly module: … add
// optimizeDeps: { exclude: ['zenml-services-wasm'] } …"). Excluded, the package is served from
// node_modules as is and the URL resolves. \`vite build\` (Rollup) needs no help: it sees the
// new URL(…, import.meta.url) pattern and emits the .wasm as a hashed asset.
export default {
  optimizeDeps: { exclude: ['zenml-services-wasm'] },
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
};
`;

function freePort() {
  return new Promise((resolve) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Opens `url`, waits for window.result; returns { result, errors } (errors: console + pageerror). */
async function loadApp(url, apiOrigin) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push({ text: m.text(), url: m.location().url || '' });
  });
  page.on('pageerror', (e) => errors.push({ text: `pageerror: ${e.stack || e}`, url: '' }));
  try {
    const q = new URLSearchParams({
      api: server.url,
      user: server.adminUser,
      pw: server.adminPassword,
    });
    await page.goto(`${url}/index.html?${q}`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.result);
    // the browser logs the deliberate 404 as a failed load of the API URL; nothing else may appear
    const unexpected = errors.filter(
      (e) => !(e.text.startsWith('Failed to load resource') && e.url.startsWith(apiOrigin)),
    );
    return { result, unexpected };
  } finally {
    await page.close();
  }
}

function checkResult({ result, unexpected }) {
  assert.equal(result.ok, true, result.error);
  assert.equal(result.version, '0.98.0');
  assert.ok(result.total >= 0);
  assert.equal(result.notFound, 'not_found');
  assert.equal(result.pending, 0);
  assert.deepEqual(unexpected, []);
}

before(async () => {
  if (!existsSync(VITE_BIN))
    throw new Error(`${VITE_BIN} missing: npm install (vite is a devDependency)`);
  project = process.env.ZSW_PACK_PROJECT || packAndInstall();
  if (!existsSync(path.join(project, 'node_modules', 'zenml-services-wasm', 'package.json'))) {
    throw new Error(`${project} has no node_modules/zenml-services-wasm`);
  }
  if (process.env.ZENML_URL) {
    server = {
      url: process.env.ZENML_URL,
      adminUser: process.env.ZENML_ADMIN_USER,
      adminPassword: process.env.ZENML_ADMIN_PASSWORD,
    };
  } else {
    server = await startServer();
    cleanups.push(() => server.stop());
  }
  for (const [f, text] of Object.entries({
    'index.html': INDEX_HTML,
    'main.js': MAIN_JS,
    'vite.config.mjs': VITE_CONFIG,
  })) {
    writeFileSync(path.join(project, f), text);
  }
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    try {
      for (const f of cleanups.reverse()) await f();
    } finally {
      if (ownProject) rmSync(ownProject, { recursive: true, force: true });
    }
  }
});

test('vite build bundles the package and emits the .wasm as a hashed asset', async (t) => {
  sh(process.execPath, [VITE_BIN, 'build'], { cwd: project });
  const out = path.join(project, 'dist');
  const assets = readdirSync(path.join(out, 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  const js = assets.filter((f) => f.endsWith('.js'));
  assert.equal(wasm.length, 1, assets.join(', '));
  assert.equal(js.length, 1, assets.join(', '));
  const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');
  assert.equal(
    sha(path.join(out, 'assets', wasm[0])),
    sha(path.join(project, 'node_modules', 'zenml-services-wasm', 'dist', 'zenml_services.wasm')),
    'the packaged wasm, unchanged',
  );
  const bundle = readFileSync(path.join(out, 'assets', js[0]), 'utf8');
  assert.ok(bundle.includes(wasm[0]), 'the bundle points at the hashed wasm');
  assert.ok(
    !/NodeXMLHttpRequest|node:fs|readFileSync/.test(bundle),
    'the browser entry was chosen, not the Node one',
  );
  assert.match(
    readFileSync(path.join(out, 'index.html'), 'utf8'),
    new RegExp(`/assets/${js[0].replace('.', '\\.')}`),
  );
  t.diagnostic(`bundle: ${js[0]} ${bundle.length} B, ${wasm[0]}`);

  const site = await serveStatic({ mounts: { '/': out } });
  try {
    checkResult(await loadApp(site.url, new URL(server.url).origin));
  } finally {
    await site.close();
  }
});

test('vite dev server serves the package (optimizeDeps.exclude)', async () => {
  const { createServer } = await import(VITE_API);
  const port = await freePort();
  const dev = await createServer({
    root: project,
    configFile: path.join(project, 'vite.config.mjs'),
    server: { host: '127.0.0.1', port, strictPort: true },
    clearScreen: false,
  });
  await dev.listen();
  try {
    checkResult(await loadApp(`http://127.0.0.1:${port}`, new URL(server.url).origin));
  } finally {
    await dev.close();
  }
});

test('control: without the exclude the dev server breaks the wasm URL (why the config has it)', async () => {
  const { createServer } = await import(VITE_API);
  const port = await freePort();
  const dev = await createServer({
    root: project,
    configFile: false,
    cacheDir: 'node_modules/.vite-no-exclude',
    server: { host: '127.0.0.1', port, strictPort: true },
    clearScreen: false,
    logLevel: 'warn',
  });
  await dev.listen();
  try {
    const { result } = await loadApp(`http://127.0.0.1:${port}`, new URL(server.url).origin);
    assert.equal(
      result.ok,
      false,
      'Vite now serves the pre-bundled wasm: optimizeDeps.exclude may be unnecessary',
    );
    // the package says what happened and what to write, not Emscripten's "expected magic word"
    assert.equal(result.code, 'wasm_load', result.error);
    assert.match(
      result.error,
      /^ZenmlError: GET http:\/\/127\.0\.0\.1:\d+\/\S+\/zenml_services\.wasm answered text\/html starting with "<!doctype html>/i,
    );
    assert.ok(
      result.error.includes(
        "add optimizeDeps: { exclude: ['zenml-services-wasm'] } to vite.config.js",
      ),
      result.error,
    );
  } finally {
    await dev.close();
  }
});
