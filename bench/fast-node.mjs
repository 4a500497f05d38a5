// The client's share in Node (see fast-core.mjs): the package as an npm user gets it (dist/node.js)
// against bench/fast-server.mjs (its own process), alternated with Node's own fetch + res.json().
//   node bench/fast-node.mjs [out.json] [sizes]
import { writeFileSync } from 'node:fs';
import { createClient } from '../dist/node.js';
import { FAST_SIZES, runFast } from './fast-core.mjs';
import { startFastServer } from './fast-server.mjs';

const sizes = process.argv[3] ? process.argv[3].split(',').map(Number) : FAST_SIZES;
const server = await startFastServer(sizes);
try {
  const results = await runFast({
    createClient,
    url: server.url,
    sizes,
    log: (s) => console.error(`[node] ${s}`),
  });
  const out = { env: 'node', node: process.version, results };
  if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(out, null, 1));
  else console.log(JSON.stringify(out, null, 1));
} finally {
  await server.close();
}
