// zenml-services-wasm — Node.js entry (>= 20): the same Emscripten glue and .wasm as the browser,
// plus what Node lacks: the .wasm bytes are read from disk (Node's fetch cannot load a file
// path), and the XMLHttpRequest that Emscripten's Fetch API uses is node_xhr.js, over Node's own
// fetch. No runtime dependency.
//
// dist/node.js is this file with the glue inlined (scripts/package-dist.mjs), so the glue's
// `new XMLHttpRequest()` resolves to the binding below and nothing is installed on globalThis:
// libraries that pick their transport by looking for a global XMLHttpRequest are not misled by
// this partial one. An XMLHttpRequest that is already global when this module loads (jsdom, a
// benchmark's fake) is used instead.
import { readFileSync } from 'node:fs';
import { makeApi } from './api.js';
import { XMLHttpRequest as NodeXMLHttpRequest } from './node_xhr.js';
import createZenmlModule from './zenml_services.mjs';

// biome-ignore lint/correctness/noUnusedVariables: the glue's `new XMLHttpRequest()` finds it (scripts/package-dist.mjs inlines the glue below)
const XMLHttpRequest = globalThis.XMLHttpRequest ?? NodeXMLHttpRequest;

let wasmBinary;
function factory(options) {
  if (!options.wasmBinary && !options.locateFile && !options.instantiateWasm) {
    wasmBinary ??= readFileSync(new URL('./zenml_services.wasm', import.meta.url));
    options = { ...options, wasmBinary };
  }
  return createZenmlModule(options);
}

export { ERROR_CODES, ZenmlError } from './api.js';
export const {
  createClient,
  loadModule,
  ready,
  validateFilter,
  toQuery,
  fromQuery,
  matchServices,
  matchWhere,
  filterSchema,
} = makeApi(factory);
