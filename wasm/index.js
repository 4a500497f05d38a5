// zenml-services-wasm — browser / bundler entry. The .wasm is found next to this file
// (`new URL('zenml_services.wasm', import.meta.url)`), or where moduleOptions.locateFile says.
// dist/index.js is this file with both imports inlined (scripts/package-dist.mjs): one module
// to fetch before the .wasm instead of three.

import { makeApi } from './api.js';
import createZenmlModule from './zenml_services.mjs';

export { ERROR_CODES, ZenmlError } from './api.js';
export const {
  createClient,
  loadModule,
  ready,
  validateFilter,
  toQuery,
  fromQuery,
  matchServices,
  filterSchema,
} = makeApi(createZenmlModule);
