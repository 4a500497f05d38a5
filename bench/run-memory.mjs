// Drives bench/memory.mjs: the wasm heap checks, then each decode path's RSS peak in fresh
// processes (three runs each, median), for the 1,000- and 10,000-service pages.
//   node bench/run-memory.mjs <workdir> <out.json>
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VARIANTS } from './decode-core.mjs';
import { pageText } from './payload.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [work, out] = process.argv.slice(2);
mkdirSync(work, { recursive: true });
const counts = [1000, 10000];
for (const n of counts) writeFileSync(path.join(work, `page-${n}.json`), pageText(n));
const node = (args) =>
  execFileSync(process.execPath, ['--expose-gc', path.join(here, 'memory.mjs'), ...args], {
    env: { ...process.env, BENCH_PAYLOAD_DIR: work },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });

node(['heap', path.join(work, 'heap.json')]);
const heap = JSON.parse(readFileSync(path.join(work, 'heap.json'), 'utf8'));
console.error(
  `[memory] heap ${heap.calls.heapBefore} -> ${heap.calls.heapAfter} after 1000 calls; ` +
    `14 MB page grew linear memory by ${(heap.bigPage.growth / 1e6).toFixed(1)} MB (${heap.bigPage.growthPerPayload.toFixed(2)}x)`,
);
const rss = [];
for (const n of counts) {
  for (const v of VARIANTS) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(JSON.parse(node(['rss', v, String(n)])));
    runs.sort((a, b) => a.peakAboveBaseline - b.peakAboveBaseline);
    rss.push({ ...runs[1], runs: runs.map((r) => r.peakAboveBaseline) });
    console.error(`[memory] ${n} ${v}: peak +${(runs[1].peakAboveBaseline / 1e6).toFixed(1)} MB`);
  }
}
writeFileSync(out, JSON.stringify({ heap, rss }, null, 1));
