// Size ladder: the wasm module rebuilt with wasm/CMakeLists.txt's size options switched on one
// at a time (each step keeps the ones before), then the trade-off of hot_path.cpp's optimisation
// level (size against decode speed, measured here in Node), then the shipped build (dist/).
//   node bench/size.mjs <workdir> <out.json>
// Needs NODE_PATH=/usr/share/nodejs (scripts/lib.sh) like every em++ link at -Oz.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../tests/support/server.mjs';
import { FakeXHR, summarize } from './decode-core.mjs';
import { pageBytes } from './payload.mjs';

const [work, out] = process.argv.slice(2);
const jobs = String(Math.max(1, Number(execFileSync('nproc', { encoding: 'utf8' }).trim())));
const size = (file) => {
  const b = readFileSync(file);
  return { raw: b.length, gz: gzipSync(b, { level: 9 }).length };
};

const LADDER = [
  {
    lever: 'before: -Oz + LTO only',
    opts: {
      ZSW_WASM_CLOSURE: 'OFF',
      ZSW_WASM_MALLOC: 'dlmalloc',
      ZSW_WASM_RTTI: 'ON',
      ZSW_WASM_INLINE: 'OFF',
      ZSW_WASM_HOT_O2: 'OFF',
      ZSW_WASM_FAST_MEMCPY: 'OFF',
      ZSW_WASM_JS_STRTOD: 'OFF',
      ZSW_WASM_SMALL_SNPRINTF: 'OFF',
      ZSW_WASM_HOT_OPT: '-O2',
    },
    single: true,
  },
  { lever: '+ --closure 1 (glue)', opts: { ZSW_WASM_CLOSURE: 'ON' } },
  { lever: '+ -sMALLOC=emmalloc', opts: { ZSW_WASM_MALLOC: 'emmalloc' } },
  { lever: '+ -fno-rtti', opts: { ZSW_WASM_RTTI: 'OFF' } },
  { lever: '+ -sINLINING_LIMIT=0', opts: { ZSW_WASM_INLINE: 'ON' } },
  { lever: '+ hot_path.cpp at -O2 (speed)', opts: { ZSW_WASM_HOT_O2: 'ON' } },
  { lever: '+ linked at -Os: fast memcpy (speed)', opts: { ZSW_WASM_FAST_MEMCPY: 'ON' } },
  { lever: '+ strtod by the JS engine (strtod.cpp)', opts: { ZSW_WASM_JS_STRTOD: 'ON' } },
  {
    lever: '+ snprintf for integers only (snprintf.cpp, no musl vfprintf)',
    opts: { ZSW_WASM_SMALL_SNPRINTF: 'ON' },
  },
];

// The trade-off: hot_path.cpp (the response scanner) at other levels than the shipped -O2, all
// other levers as shipped. Each is rebuilt, then timed on the decode path in Node.
const HOT_LEVELS = [
  { level: '-O2 (shipped)', opt: null },
  { level: '-O2, inline threshold 100', opt: '-O2;-mllvm;-inline-threshold=100' },
  { level: '-Os', opt: '-Os' },
  { level: '-Oz (as the rest)', opt: '-Oz' },
];

function build(dir, opts, targets) {
  const defs = Object.entries(opts).map(([k, v]) => `-D${k}=${v}`);
  execFileSync(
    'emcmake',
    [
      'cmake',
      '-S',
      ROOT,
      '-B',
      dir,
      '-DCMAKE_BUILD_TYPE=Release',
      '-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node',
      ...defs,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  execFileSync('cmake', ['--build', dir, '-j', jobs, '--target', ...targets], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const rows = [];
let opts = {};
let shippedDir = '';
LADDER.forEach((step, i) => {
  opts = { ...opts, ...step.opts };
  const dir = path.join(work, `size-${i}`);
  console.error(`[size] ${step.lever}`);
  build(dir, opts, ['zenml_services', ...(step.single ? ['zenml_services_single'] : [])]);
  shippedDir = dir;
  const row = {
    lever: step.lever,
    wasm: size(path.join(dir, 'wasm', 'zenml_services.wasm')),
    glue: size(path.join(dir, 'wasm', 'zenml_services.mjs')),
  };
  if (step.single) row.single = size(path.join(dir, 'wasm', 'zenml_services_single.js'));
  rows.push(row);
});

// The decode path of one build (its own glue and .wasm, the package's facade), timed against
// bytes→JSON.parse exactly as bench/decode-core.mjs does: XMLHttpRequest answers with the bytes.
globalThis.XMLHttpRequest = FakeXHR;
const { makeApi } = await import(pathToFileURL(path.join(ROOT, 'wasm', 'api.js')).href);
async function clientOf(dir) {
  const glue = pathToFileURL(path.join(dir, 'wasm', 'zenml_services.mjs')).href;
  const { default: createZenmlModule } = await import(`${glue}?${dir}`);
  const wasmBinary = readFileSync(path.join(dir, 'wasm', 'zenml_services.wasm'));
  const api = makeApi((o) => createZenmlModule({ ...o, wasmBinary }));
  return api.createClient({
    baseUrl: 'http://bench.invalid',
    token: 'x',
    retries: 0,
    serverVersion: '0.98.0',
  });
}

const curve = [];
for (const h of HOT_LEVELS) {
  let dir = shippedDir;
  if (h.opt) {
    dir = path.join(work, `hot${h.opt.replace(/[^A-Za-z0-9]+/g, '_')}`);
    console.error(`[size] hot_path.cpp at ${h.level}`);
    build(dir, { ...opts, ZSW_WASM_HOT_OPT: h.opt }, ['zenml_services']);
  }
  curve.push({
    level: h.level,
    dir,
    wasm: size(path.join(dir, 'wasm', 'zenml_services.wasm')),
    glue: size(path.join(dir, 'wasm', 'zenml_services.mjs')),
  });
}
const clients = [];
for (const c of curve) clients.push(await clientOf(c.dir));
const td = new TextDecoder();
for (const [count, rounds, batch] of [
  [100, 300, 5],
  [1000, 100, 1],
]) {
  const buf = pageBytes(count);
  FakeXHR.body = buf;
  const opts = { size: count, hydrate: true };
  const text = td.decode(buf);
  for (const z of clients) {
    if (JSON.stringify(await z.listServices(opts)) !== text)
      throw new Error(`a trade-off build decoded a different page of ${count} items`);
  }
  const paths = [
    async () => JSON.parse(td.decode(buf)),
    ...clients.map((z) => () => z.listServices(opts)),
  ];
  const samples = paths.map(() => []);
  for (const f of paths) for (let i = 0; i < 2 * batch; i++) await f();
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < paths.length; j++) {
      const k = (j + r) % paths.length; // rotate who goes first
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) await paths[k]();
      samples[k].push((performance.now() - t0) / batch);
    }
  }
  const floor = summarize(samples[0]).median;
  curve.forEach((c, i) => {
    c.decode ??= {};
    c.decode[count] = summarize(samples[i + 1]).median / floor;
  });
}
for (const z of clients) z.close();
for (const c of curve) delete c.dir;

// The shipped package, as scripts/build.sh --package-only assembled it.
const dist = path.join(ROOT, 'dist');
const shipped = {
  wasm: size(path.join(dist, 'zenml_services.wasm')),
  glue: size(path.join(dist, 'zenml_services.mjs')),
  facade: size(path.join(dist, 'api.js')),
  entry: size(path.join(dist, 'index.js')),
  node: size(path.join(dist, 'node.js')),
  nodeXhr: existsSync(path.join(dist, 'node_xhr.js')) ? size(path.join(dist, 'node_xhr.js')) : null,
  single: existsSync(path.join(dist, 'zenml-services.single.js'))
    ? size(path.join(dist, 'zenml-services.single.js'))
    : null,
};
writeFileSync(out, JSON.stringify({ ladder: rows, curve, shipped }, null, 1));
