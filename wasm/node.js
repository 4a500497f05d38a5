// zenml-services-wasm — Node.js entry (>= 20): the same ES module and .wasm as the browser,
// plus what Node lacks: the .wasm bytes are read from disk (Node's fetch cannot load a file
// path) and XMLHttpRequest, which Emscripten's Fetch API uses, comes from xhr2.
import { readFileSync } from 'node:fs';
import XMLHttpRequestPolyfill from 'xhr2';
import createZenmlModule from './zenml_services.mjs';
import { makeApi } from './api.js';

if (typeof globalThis.XMLHttpRequest === 'undefined') {
  globalThis.XMLHttpRequest = XMLHttpRequestPolyfill;
}

let wasmBinary;
function factory(options) {
  if (!options.wasmBinary && !options.locateFile && !options.instantiateWasm) {
    wasmBinary ??= readFileSync(new URL('./zenml_services.wasm', import.meta.url));
    options = { ...options, wasmBinary };
  }
  return createZenmlModule(options);
}

export { ZenmlError, ERROR_CODES } from './api.js';
export const {
  createClient, loadModule, ready, validateFilter, toQuery, fromQuery, matchServices, filterSchema,
} = makeApi(factory);
