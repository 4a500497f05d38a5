// Memory, in Node, with the FakeXHR of decode-core.mjs (no network):
//   node --expose-gc bench/memory.mjs heap <out.json>
//       wasm heap in use (mallinfo) before and after 1,000 listServices calls; linear memory
//       growth while a fresh module decodes the 10,000-service page.
//   node --expose-gc bench/memory.mjs rss <variant> <count>
//       one decode path in a fresh process: resident-set peak above the settled baseline
//       (process.resourceUsage().maxRSS), printed as JSON. bench/run-memory.mjs drives it.

import { readFileSync, writeFileSync } from 'node:fs';
import * as z from 'zod';
import { FakeXHR, VARIANTS } from './decode-core.mjs';
import { pageBytes } from './payload.mjs';
import { makeSchemas } from './zod-schema.mjs';

globalThis.XMLHttpRequest = FakeXHR;
const { createClient } = await import('../dist/node.js');
const [mode, a, b] = process.argv.slice(2);

if (mode === 'heap') {
  const zen = await createClient({
    baseUrl: 'http://bench.invalid',
    token: 'x',
    retries: 0,
    serverVersion: '0.98.0', // the fake answers every path with the page, /api/v1/info too
  });
  const M = zen._M;
  FakeXHR.body = pageBytes(100);
  for (let i = 0; i < 20; i++) await zen.listServices({ size: 100, hydrate: true });
  const base = M.heapInUse();
  for (let i = 0; i < 1000; i++) await zen.listServices({ size: 100, hydrate: true });
  const after = M.heapInUse();
  const calls = {
    calls: 1000,
    pageBytes: FakeXHR.body.byteLength,
    heapBefore: base,
    heapAfter: after,
    liveFetches: M.liveFetches(),
    pendingCalls: zen.pendingCalls,
  };
  zen.close();

  // a fresh module instance for the big page, so earlier growth does not hide this one
  const big = pageBytes(10000);
  const zen2 = await createClient({
    baseUrl: 'http://bench.invalid',
    token: 'x',
    retries: 0,
    serverVersion: '0.98.0',
    moduleOptions: {},
  });
  const M2 = zen2._M;
  FakeXHR.body = pageBytes(1);
  await zen2.listServices({ size: 1, hydrate: true });
  const mem0 = M2.HEAPU8.length,
    inuse0 = M2.heapInUse();
  FakeXHR.body = big;
  const page = await zen2.listServices({ size: 10000, hydrate: true });
  const mem1 = M2.HEAPU8.length,
    inuse1 = M2.heapInUse();
  const bigPage = {
    items: page.items.length,
    payloadBytes: big.byteLength,
    memoryBefore: mem0,
    memoryAfter: mem1,
    growth: mem1 - mem0,
    growthPerPayload: (mem1 - mem0) / big.byteLength,
    heapInUseBefore: inuse0,
    heapInUseAfter: inuse1,
  };
  zen2.close();
  const out = { calls, bigPage };
  if (a) writeFileSync(a, JSON.stringify(out, null, 1));
  else console.log(JSON.stringify(out, null, 1));
} else if (mode === 'rss') {
  const variant = a,
    count = Number(b);
  if (!VARIANTS.includes(variant)) throw new Error(`unknown variant ${variant}`);
  // the page is read from a file the driver wrote: generating it here would set the peak itself
  const file = readFileSync(`${process.env.BENCH_PAYLOAD_DIR}/page-${count}.json`);
  const buf = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
  const td = new TextDecoder();
  const { Page } = makeSchemas(z);
  const zen = await createClient({
    baseUrl: 'http://bench.invalid',
    token: 'x',
    retries: 0,
    serverVersion: '0.98.0', // the fake answers every path with the page, /api/v1/info too
  });
  FakeXHR.body = pageBytes(1);
  await zen.listServices({ size: 1, hydrate: true });
  Page.parse(JSON.parse(td.decode(pageBytes(1))));
  const text = variant === 'JSON.parse(text)' ? td.decode(buf) : null;
  FakeXHR.body = buf;
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  const rss0 = process.memoryUsage().rss;
  const peak0 = process.resourceUsage().maxRSS * 1024;
  let result;
  if (variant === 'JSON.parse(text)') result = JSON.parse(text);
  else if (variant === 'bytes→JSON.parse') result = JSON.parse(td.decode(buf));
  else if (variant === 'bytes→JSON.parse+zod') result = Page.parse(JSON.parse(td.decode(buf)));
  else result = await zen.listServices({ size: count, hydrate: true });
  const peak1 = process.resourceUsage().maxRSS * 1024;
  globalThis.gc();
  const rssHeld = process.memoryUsage().rss;
  console.log(
    JSON.stringify({
      variant,
      count,
      bytes: buf.byteLength,
      items: result.items.length,
      peakAboveBaseline: peak1 - rss0,
      peakIsNew: peak1 > peak0,
      rss0,
      heldAfterGc: rssHeld - rss0,
    }),
  );
} else {
  throw new Error('usage: memory.mjs heap [out] | rss <variant> <count>');
}
