// Size ladder: the wasm module rebuilt with wasm/CMakeLists.txt's size options switched on one
// at a time (each step keeps the ones before), then both flavours of the shipped build (dist/).
//   node bench/size.mjs <workdir> <out.json>
// Needs NODE_PATH=/usr/share/nodejs (scripts/lib.sh) like every em++ link at -Oz.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../tests/support/server.mjs';

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
];

const rows = [];
let opts = {};
LADDER.forEach((step, i) => {
  opts = { ...opts, ...step.opts };
  const dir = path.join(work, `size-${i}`);
  const defs = Object.entries(opts).map(([k, v]) => `-D${k}=${v}`);
  console.error(`[size] ${step.lever}`);
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
  const targets = ['zenml_services', ...(step.single ? ['zenml_services_single'] : [])];
  execFileSync('cmake', ['--build', dir, '-j', jobs, '--target', ...targets], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const row = {
    lever: step.lever,
    wasm: size(path.join(dir, 'wasm', 'zenml_services.wasm')),
    glue: size(path.join(dir, 'wasm', 'zenml_services.mjs')),
  };
  if (step.single) row.single = size(path.join(dir, 'wasm', 'zenml_services_single.js'));
  rows.push(row);
});

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
writeFileSync(out, JSON.stringify({ ladder: rows, shipped }, null, 1));
