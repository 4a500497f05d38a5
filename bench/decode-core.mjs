// Decode benchmark, no network: the same bytes through four paths (and the package's validation on
// its own), alternated round by round.
// Runs unchanged in Node (bench/decode-node.mjs) and in Chromium (bench/decode.html).
//
//   JSON.parse(text)        the engine alone, on a string already decoded (the absolute floor)
//   bytes→JSON.parse        TextDecoder + JSON.parse from the response bytes: what `await res.json()`
//                           does, i.e. an unvalidated fetch client (the floor every client starts from)
//   bytes→JSON.parse+zod    the same, then a zod schema of the same models (the validated JS peer)
//   ours: listServices      the package's real production path, unchanged: createClient() +
//                           listServices({ size, hydrate: true }). Only XMLHttpRequest is replaced
//                           by FakeXHR, which answers with the same bytes on the next microtask,
//                           so Emscripten's Fetch copies them into the wasm heap, the C++ client
//                           validates them, and the facade JSON.parses them as with a real server.
//   ours, validation alone  the check inside "ours" by itself: scanner.hpp at -O2 in a module of its
//                           own (bench/validate_bench.cpp, bench/validator.mjs), on the same bytes

import { makeSchemas } from './zod-schema.mjs';

/** Just enough of XMLHttpRequest for Emscripten 3.1.6's Fetch.js (src/Fetch.js fetchXHR). */
export class FakeXHR {
  static body = new ArrayBuffer(0);
  constructor() {
    this.readyState = 0;
    this.status = 0;
    this.statusText = '';
    this.response = null;
    this.timeout = 0;
    this.withCredentials = false;
    this.responseType = '';
  }
  open(method, url) {
    this.method = method;
    this.url = url;
    this.readyState = 1;
  }
  setRequestHeader() {}
  overrideMimeType() {}
  getAllResponseHeaders() {
    return 'content-type: application/json\r\n';
  }
  getResponseHeader(k) {
    return k.toLowerCase() === 'content-type' ? 'application/json' : null;
  }
  abort() {}
  send() {
    const body = FakeXHR.body;
    queueMicrotask(() => {
      this.readyState = 4;
      this.status = 200;
      this.statusText = 'OK';
      this.response = body;
      if (this.onreadystatechange) this.onreadystatechange({});
      if (this.onload) this.onload({});
    });
  }
}

function quantile(sorted, q) {
  const i = (sorted.length - 1) * q,
    lo = Math.floor(i),
    hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}
export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    median: quantile(s, 0.5),
    p25: quantile(s, 0.25),
    p75: quantile(s, 0.75),
    min: s[0],
    max: s[s.length - 1],
  };
}

export const VARIANTS = [
  'JSON.parse(text)',
  'bytes→JSON.parse',
  'bytes→JSON.parse+zod',
  'ours: listServices',
];
/** The package's validation on its own (bench/validator.mjs): a part of "ours", not a client. */
export const VALIDATION = 'ours, validation alone';

/**
 * @param {object} o
 * @param {Function} o.createClient   the package's createClient
 * @param {object} o.z                zod
 * @param {Function} o.pageBytes      (count) => ArrayBuffer
 * @param {number[]} o.sizes          item counts
 * @param {(count:number)=>number} o.rounds   samples per variant
 * @param {(count:number)=>number} o.batch    calls per sample (coarse browser timers)
 * @param {{load:Function, run:Function}} o.validator  bench/validator.mjs's scanner alone
 * @param {Function} [o.log]
 */
export async function runDecode({
  createClient,
  z,
  pageBytes,
  sizes,
  rounds,
  batch,
  validator,
  log = () => {},
}) {
  if (!validator) throw new Error('runDecode needs the validator (bench/validator.mjs)');
  const variants = [...VARIANTS, VALIDATION];
  const { Page } = makeSchemas(z);
  const td = new TextDecoder();
  const zen = await createClient({
    baseUrl: 'http://bench.invalid',
    token: 'x',
    retries: 0,
    serverVersion: '0.98.0', // the fake answers every path with the page, /api/v1/info too
  });
  const results = [];
  for (const count of sizes) {
    const buf = pageBytes(count);
    const bytes = buf.byteLength;
    const text = td.decode(buf);
    FakeXHR.body = buf;
    const opts = { size: count, hydrate: true };
    // correctness first: every path must produce the same page
    const ref = JSON.parse(text);
    const ours = await zen.listServices(opts);
    const viaZod = Page.parse(JSON.parse(td.decode(buf)));
    if (JSON.stringify(ours) !== text)
      throw new Error(`listServices decoded a different page for ${count} items`);
    if (
      viaZod.items.length !== count ||
      viaZod.items[count - 1].name !== ref.items[count - 1].name
    ) {
      throw new Error(`zod decoded a different page for ${count} items`);
    }
    validator.load(buf);
    if (validator.run() !== count)
      throw new Error(`the validator alone did not accept the page of ${count} items`);
    const run = {
      'JSON.parse(text)': () => JSON.parse(text),
      'bytes→JSON.parse': () => JSON.parse(td.decode(buf)),
      'bytes→JSON.parse+zod': () => Page.parse(JSON.parse(td.decode(buf))),
      'ours: listServices': () => zen.listServices(opts),
      [VALIDATION]: () => validator.run(),
    };
    const k = batch(count);
    const samples = Object.fromEntries(variants.map((v) => [v, []]));
    // warm-up: two batches each
    for (const v of variants) for (let i = 0; i < 2 * k; i++) await run[v]();
    const R = rounds(count);
    for (let r = 0; r < R; r++) {
      const order = variants.map((_, i) => variants[(i + r) % variants.length]); // rotate who goes first
      for (const v of order) {
        const f = run[v];
        const t0 = performance.now();
        for (let i = 0; i < k; i++) await f();
        samples[v].push((performance.now() - t0) / k);
      }
    }
    const row = { count, bytes, variants: {} };
    for (const v of variants) {
      const s = summarize(samples[v]);
      row.variants[v] = { ...s, mbps: bytes / 1e6 / (s.median / 1e3) };
    }
    const base = row.variants['bytes→JSON.parse'].median;
    for (const v of variants) row.variants[v].ratio = row.variants[v].median / base;
    row.variants['ours: listServices'].ratioVsText =
      row.variants['ours: listServices'].median / row.variants['JSON.parse(text)'].median;
    row.variants['ours: listServices'].ratioVsZod =
      row.variants['ours: listServices'].median / row.variants['bytes→JSON.parse+zod'].median;
    log(
      `${count} items (${(bytes / 1e6).toFixed(2)} MB): ` +
        variants.map((v) => `${v} ${row.variants[v].median.toFixed(2)} ms`).join(', '),
    );
    results.push(row);
  }
  zen.close();
  return results;
}
