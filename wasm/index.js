// zenml-services-wasm — browser / bundler entry. The .wasm is found next to this file
// (`new URL('zenml_services.wasm', import.meta.url)`), or where moduleOptions.locateFile says.
// dist/index.js is this file with both imports inlined (scripts/package-dist.mjs): one module
// to fetch before the .wasm instead of three.

import { makeApi } from './api.js';
import createZenmlModule from './zenml_services.mjs';

export { ERROR_CODES, ZenmlError } from './api.js';

// Where the .wasm is fetched from: next to this file (the glue's own expression, which bundlers
// such as Vite recognise and rewrite to the emitted asset), or what moduleOptions.locateFile says
// for it, given this file's folder as the glue would.
function wasmUrl(locateFile) {
  if (!locateFile) return new URL('zenml_services.wasm', import.meta.url).href;
  const folder = import.meta.url.replace(/[?#].*$/, '').replace(/[^/]*$/, '');
  return locateFile('zenml_services.wasm', folder);
}

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
} = makeApi(createZenmlModule, {}, { wasmUrl });
