// zenml-services-wasm — browser / bundler entry. The .wasm is found next to this file
// (`new URL('zenml_services.wasm', import.meta.url)`), or where moduleOptions.locateFile says.
import createZenmlModule from './zenml_services.mjs';
import { makeApi } from './api.js';

export { ZenmlError, ERROR_CODES } from './api.js';
export const { createClient, loadModule } = makeApi(createZenmlModule);
