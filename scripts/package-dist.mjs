// Assembles dist/ (the npm package's payload) from build-wasm/ and wasm/.
//   dist/index.js                     the browser/bundler entry: glue + facade in one ES module
//   dist/node.js, node_xhr.js, api.js the Node entry (glue inlined; imports its XMLHttpRequest and the facade)
//   dist/zenml_services.{mjs,wasm}    the Emscripten ES module and its wasm
//   dist/zenml-services.single.js     one classic script, wasm inlined: window.ZenmlServices
//   dist/index.d.ts                   hand-written types
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = path.join(root, 'build-wasm', 'wasm');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

for (const f of ['zenml_services.mjs', 'zenml_services.wasm']) {
  const src = path.join(build, f);
  if (!existsSync(src)) throw new Error(`${src} is missing: run scripts/build.sh first`);
  copyFileSync(src, path.join(dist, f));
}
for (const f of ['node_xhr.js', 'api.js', 'index.d.ts']) {
  copyFileSync(path.join(root, 'wasm', f), path.join(dist, f));
}

// The facade without its `export` keywords, for the two builds that inline it.
const api = readFileSync(path.join(root, 'wasm', 'api.js'), 'utf8').replace(
  /^export (?=(const|class|function) )/gm,
  '',
);
if (/^\s*(import|export)\b/m.test(api))
  throw new Error('api.js must stay free of imports/exports other than declarations');

// The two files a browser loads as they are (index.js, the single-file build) are minified:
// the glue is already (Closure), the facade is not, and its comments and names were ~4.5 kB of
// the gzipped index.js (docs/benchmarks.md, size). Only whitespace, syntax and local names
// change; ZenmlError sets its `name` itself, and `new URL('zenml_services.wasm', import.meta.url)`
// stays as bundlers look for it. Node's entry (node.js, api.js) is left readable.
function minify(code, what) {
  const { code: out, warnings } = transformSync(code, { minify: true, legalComments: 'inline' });
  if (warnings.length) throw new Error(`${what}: esbuild warned: ${warnings[0].text}`);
  return out;
}

/** `text` with `from` replaced by `to`, which must occur exactly once. */
function replaceOnce(text, from, to, what) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + from.length) >= 0)
    throw new Error(`${what}: expected exactly one ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

// dist/index.js: wasm/index.js with its two imports inlined (the ES glue and the facade), so a
// page loads index.js and then the .wasm, two round trips instead of three (index.js, then
// api.js + glue, then the .wasm): the import -> ready time in docs/benchmarks.md. The glue keeps
// `import.meta.url`, so the .wasm is still found next to index.js.
const esGlue = replaceOnce(
  readFileSync(path.join(build, 'zenml_services.mjs'), 'utf8'),
  'export default createZenmlModule;',
  '',
  'zenml_services.mjs',
);
let index = readFileSync(path.join(root, 'wasm', 'index.js'), 'utf8');
index = replaceOnce(
  index,
  "import createZenmlModule from './zenml_services.mjs';\n",
  `${esGlue}\n`,
  'wasm/index.js',
);
index = replaceOnce(index, "import { makeApi } from './api.js';\n", `${api}\n`, 'wasm/index.js');
index = replaceOnce(
  index,
  "export { ERROR_CODES, ZenmlError } from './api.js';",
  'export { ERROR_CODES, ZenmlError };',
  'wasm/index.js',
);
if (/^\s*import\b/m.test(index)) throw new Error('dist/index.js must not import anything');
index = minify(index, 'dist/index.js');
if (!index.includes('new URL("zenml_services.wasm",import.meta.url)'))
  throw new Error('dist/index.js: the .wasm URL expression bundlers rewrite is gone');
writeFileSync(path.join(dist, 'index.js'), index);

// dist/node.js: wasm/node.js with the ES glue inlined, so that the glue's `new XMLHttpRequest()`
// resolves to node.js's module-level `XMLHttpRequest` (node_xhr.js over Node's fetch) instead of
// a global: the Node entry installs nothing on globalThis.
let node = readFileSync(path.join(root, 'wasm', 'node.js'), 'utf8');
node = replaceOnce(
  node,
  "import createZenmlModule from './zenml_services.mjs';\n",
  '',
  'wasm/node.js',
);
node = replaceOnce(node, '\nlet wasmBinary;\n', `\n${esGlue}\nlet wasmBinary;\n`, 'wasm/node.js');
if (/zenml_services\.mjs/.test(node.replace(esGlue, '')))
  throw new Error('dist/node.js must not import the glue');
writeFileSync(path.join(dist, 'node.js'), node);

// The single-file build: Emscripten's classic glue (defines createZenmlModule) + the facade,
// wrapped so that only window.ZenmlServices is global. -sSINGLE_FILE embeds the wasm as a base64
// `data:` URL, which Emscripten 3.1.6 first tries to fetch(): under a Content-Security-Policy
// that is a connect-src violation (logged with the whole URL) before it falls back to decoding
// the string. So the literal moves out of the glue into `wasmDataUri`, and the wrapper decodes it
// itself and passes the bytes as `wasmBinary`: the glue then never fetches anything. Same bytes,
// one copy: the file grows only by the decoder.
const DATA_URI = /"(data:application\/octet-stream;base64,[A-Za-z0-9+/]+={0,2})"/g;
let glue = readFileSync(path.join(build, 'zenml_services_single.js'), 'utf8');
const embedded = [...glue.matchAll(DATA_URI)];
if (embedded.length !== 1)
  throw new Error(
    `zenml_services_single.js: expected one embedded wasm data: URL, found ${embedded.length}`,
  );
const wasmDataUri = embedded[0][1];
const magic = Buffer.from(
  wasmDataUri.slice(wasmDataUri.indexOf(',') + 1, wasmDataUri.indexOf(',') + 9),
  'base64',
);
if (!magic.subarray(0, 4).equals(Buffer.from([0x00, 0x61, 0x73, 0x6d])))
  throw new Error('zenml_services_single.js: the embedded data: URL is not a wasm binary');
glue = replaceOnce(glue, embedded[0][0], 'wasmDataUri', 'zenml_services_single.js');
const single = `/*! zenml-services-wasm single-file build: <script src="zenml-services.single.js"></script> then ZenmlServices.createClient({...}) */
(function (root) {
"use strict";
var wasmDataUri = "${wasmDataUri}";
var wasmBytes;
function factory(options) {
  if (!options.wasmBinary && !options.instantiateWasm) {
    if (!wasmBytes) {
      var s = atob(wasmDataUri.slice(wasmDataUri.indexOf(",") + 1));
      wasmBytes = new Uint8Array(s.length);
      for (var i = 0; i < s.length; i++) wasmBytes[i] = s.charCodeAt(i);
    }
    options = Object.assign({}, options, { wasmBinary: wasmBytes });
  }
  return createZenmlModule(options);
}
${glue}
${api}
root.ZenmlServices = Object.freeze(makeApi(factory));
})(typeof globalThis !== 'undefined' ? globalThis : self);
`;
writeFileSync(path.join(dist, 'zenml-services.single.js'), minify(single, 'single-file build'));
console.log(
  'dist/ ready:',
  [
    'index.js',
    'node.js',
    'node_xhr.js',
    'api.js',
    'index.d.ts',
    'zenml_services.mjs',
    'zenml_services.wasm',
    'zenml-services.single.js',
  ].join(', '),
);
