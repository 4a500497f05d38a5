// Assembles dist/ (the npm package's payload) from build-wasm/ and wasm/.
//   dist/index.js, node.js, api.js    the ES entries (browser/bundler, Node) and the facade
//   dist/zenml_services.{mjs,wasm}    the Emscripten ES module and its wasm
//   dist/zenml-services.single.js     one classic script, wasm inlined: window.ZenmlServices
//   dist/index.d.ts                   hand-written types
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

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
for (const f of ['index.js', 'node.js', 'api.js', 'index.d.ts']) {
  copyFileSync(path.join(root, 'wasm', f), path.join(dist, f));
}

// The single-file build: Emscripten's classic glue (defines createZenmlModule) + the facade
// without its `export` keywords, wrapped so that only window.ZenmlServices is global.
const glue = readFileSync(path.join(build, 'zenml_services_single.js'), 'utf8');
const api = readFileSync(path.join(root, 'wasm', 'api.js'), 'utf8').replace(/^export (?=(const|class|function) )/gm, '');
if (/^\s*(import|export)\b/m.test(api)) throw new Error('api.js must stay free of imports/exports other than declarations');
const single = `/*! zenml-services-wasm single-file build: <script src="zenml-services.single.js"></script> then ZenmlServices.createClient({...}) */
(function (root) {
"use strict";
${glue}
${api}
root.ZenmlServices = Object.freeze(makeApi(createZenmlModule));
})(typeof globalThis !== 'undefined' ? globalThis : self);
`;
writeFileSync(path.join(dist, 'zenml-services.single.js'), single);
console.log('dist/ ready:', ['index.js', 'node.js', 'api.js', 'index.d.ts', 'zenml_services.mjs',
  'zenml_services.wasm', 'zenml-services.single.js'].join(', '));
