// Decode benchmark in Node (see decode-core.mjs). Usage: node bench/decode-node.mjs [out.json] [sizes]
// The package is imported from dist/ (scripts/build.sh --package-only), as an npm user would get it.
import { readFileSync, writeFileSync } from 'node:fs';
import * as z from 'zod';
import { FakeXHR, runDecode } from './decode-core.mjs';
import { pageBytes } from './payload.mjs';
import { loadValidator, VALIDATOR_WASM } from './validator.mjs';

globalThis.XMLHttpRequest = FakeXHR; // before the package loads: dist/node.js keeps an existing one
const { createClient } = await import('../dist/node.js');

const sizes = (process.argv[3] || '100,1000,10000').split(',').map(Number);
const validator = await loadValidator(readFileSync(VALIDATOR_WASM));
const results = await runDecode({
  createClient,
  z,
  pageBytes,
  sizes,
  rounds: (n) => (n <= 100 ? 200 : n <= 1000 ? 60 : 15),
  batch: (n) => (n <= 100 ? 5 : 1),
  validator,
  log: (s) => console.error(s),
});
const out = { env: 'node', node: process.version, results };
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(out, null, 1));
else console.log(JSON.stringify(out, null, 1));
