// Live benchmark in Node (see live-core.mjs). The package runs as an npm user gets it (dist/node.js:
// Emscripten's Fetch over the xhr2 XMLHttpRequest polyfill); the peers use Node's native fetch.
//   node bench/live-node.mjs <url> <token> <out.json>
import { writeFileSync } from 'node:fs';
import createOpenApiClient from 'openapi-fetch';
import * as z from 'zod';
import { createClient } from '../dist/node.js';
import { LIVE_CONFIGS } from './live-configs.mjs';
import { runLive } from './live-core.mjs';

const [url, token, out] = process.argv.slice(2);
const res = await runLive({
  createClient,
  createOpenApiClient,
  z,
  url,
  token,
  configs: LIVE_CONFIGS,
  scanRounds: 3,
  log: (s) => console.error(`[node] ${s}`),
});
writeFileSync(out, JSON.stringify({ env: 'node', ...res }, null, 1));
