// Load in Chromium against a real ZenML 0.98.0: one client, 200 concurrent calls (lists and
// gets, some of them 404s), then 100 more of which 50 are aborted mid-flight with
// AbortController. Every call must settle, typed (a value of the right shape or a ZenmlError
// with a known code), and afterwards the client's pendingCalls, the module's liveFetches() and
// its emval handles are back at their baseline. Prints timings.
//
//   node --test tests/reliability/load.test.mjs   (needs dist/: scripts/build.sh --package-only)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seed } from '../../scripts/seed-lib.mjs';
import { openPackagePage } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';

const CONCURRENT = Number(process.env.ZSW_LOAD_CALLS || 200);
const ABORTED = 50;

let server;
let seeded;
let site;
let page;
const problems = [];

before(async () => {
  server = await startServer();
  seeded = await seed({
    url: server.url,
    token: server.token,
    projectId: server.projectId,
    count: 40,
    pauseMs: 0,
  });
  site = await openPackagePage((p) =>
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`)),
  );
  ({ page } = site);
});

after(async () => {
  if (site) await site.close();
  if (server) await server.stop();
});

// In the page: fires `n` calls at once and describes how each settled.
async function burst({ baseUrl, token, ids, n, abort }) {
  const { api, M } = window;
  const zen = await api.createClient({ baseUrl, token, timeoutMs: 60_000 });
  const codes = new Set(api.ERROR_CODES);
  // warm-up: module, preflight cache, connections
  await zen.listServices({ size: 1 });
  const baseline = {
    pending: zen.pendingCalls,
    fetches: M.liveFetches(),
    emval: M.count_emval_handles(),
    heap: M.HEAP8.buffer.byteLength,
  };
  const missing = '00000000-0000-0000-0000-000000000000';
  const calls = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1) {
    const ac = abort && i % 2 === 0 ? new AbortController() : null;
    const signal = ac ? ac.signal : undefined;
    const kind =
      i % 4 === 0 ? 'list' : i % 4 === 1 ? 'list-filtered' : i % 10 === 3 ? 'get-missing' : 'get';
    const started = performance.now();
    const p =
      kind === 'list'
        ? zen.listServices({ size: 1 + (i % 50), page: 1, signal })
        : kind === 'list-filtered'
          ? zen.listServices({
              filter: { name: 'startswith:svc-' },
              sortBy: 'desc:created',
              hydrate: i % 3 === 0,
              signal,
            })
          : kind === 'get-missing'
            ? zen.getService(missing, { signal })
            : zen.getService(ids[i % ids.length], { hydrate: i % 2 === 0, signal });
    calls.push(
      p.then(
        (v) => ({
          kind,
          ok: true,
          ms: performance.now() - started,
          shape: kind.startsWith('list')
            ? Array.isArray(v.items) && typeof v.total === 'number'
            : typeof v.id === 'string' && !!v.body,
        }),
        (e) => ({
          kind,
          ok: false,
          ms: performance.now() - started,
          typed: e instanceof api.ZenmlError && codes.has(e.code),
          code: e.code,
          message: e.message,
        }),
      ),
    );
    // abort mid-flight: after the request went out, before most answers arrive
    if (ac) setTimeout(() => ac.abort(), 5 + (i % 7) * 5);
  }
  const midFlight = { pending: zen.pendingCalls, fetches: M.liveFetches() };
  const results = await Promise.all(calls);
  const wallMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 200)); // late XHR events of aborted requests
  const end = {
    pending: zen.pendingCalls,
    fetches: M.liveFetches(),
    emval: M.count_emval_handles(),
    heap: M.HEAP8.buffer.byteLength,
  };
  zen.close();
  const endAfterClose = { fetches: M.liveFetches(), emval: M.count_emval_handles() };
  return { baseline, midFlight, end, endAfterClose, wallMs, results, problems: window.__problems };
}

function summarize(label, r) {
  const ms = r.results
    .filter((x) => x.ok)
    .map((x) => x.ms)
    .sort((a, b) => a - b);
  const q = (p) =>
    ms.length ? ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(0) : '-';
  const byCode = {};
  for (const x of r.results) {
    const k = x.ok ? 'ok' : x.code;
    byCode[k] = (byCode[k] || 0) + 1;
  }
  const line =
    `${label}: ${r.results.length} calls settled in ${r.wallMs.toFixed(0)} ms ` +
    `(${(r.results.length / (r.wallMs / 1000)).toFixed(0)} calls/s); per call p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms; ` +
    `outcomes ${JSON.stringify(byCode)}; in flight at the peak: ${r.midFlight.pending} calls, ${r.midFlight.fetches} fetches; ` +
    `after: pendingCalls ${r.end.pending}, liveFetches ${r.end.fetches}, emval ${r.baseline.emval}->${r.end.emval}, ` +
    `wasm memory ${(r.baseline.heap / 1048576).toFixed(0)}->${(r.end.heap / 1048576).toFixed(0)} MiB`;
  console.log(line);
  return byCode;
}

function checkSettled(r) {
  for (const x of r.results) {
    if (x.ok) assert.ok(x.shape, `${x.kind}: a value of the wrong shape`);
    else assert.ok(x.typed, `${x.kind}: untyped failure ${x.code}: ${x.message}`);
  }
  assert.equal(r.end.pending, r.baseline.pending, 'pendingCalls back at baseline');
  assert.equal(r.end.fetches, r.baseline.fetches, 'liveFetches back at baseline');
  assert.equal(r.end.emval, r.baseline.emval, 'emval handles back at baseline');
  assert.equal(r.endAfterClose.fetches, 0);
  assert.deepEqual(r.problems, [], 'no unhandled rejections');
}

test(`${CONCURRENT} concurrent list/get calls from one client in Chromium all settle, typed, no leaks`, {
  timeout: 120_000,
}, async () => {
  const ids = seeded.services.map((s) => s.id);
  const r = await page.evaluate(burst, {
    baseUrl: server.url,
    token: server.token,
    ids,
    n: CONCURRENT,
    abort: false,
  });
  const byCode = summarize(`load: ${CONCURRENT} concurrent`, r);
  checkSettled(r);
  assert.equal(r.midFlight.pending, CONCURRENT, 'all calls were in flight together');
  // only the deliberate 404s fail
  const missing = r.results.filter((x) => x.kind === 'get-missing').length;
  assert.equal(byCode.not_found || 0, missing);
  assert.equal(byCode.ok, CONCURRENT - missing);
});

test(`${ABORTED} of 100 concurrent calls aborted mid-flight: aborted ones reject with 'aborted', the rest succeed, no leaks`, {
  timeout: 120_000,
}, async () => {
  const ids = seeded.services.map((s) => s.id);
  const r = await page.evaluate(burst, {
    baseUrl: server.url,
    token: server.token,
    ids,
    n: 2 * ABORTED,
    abort: true,
  });
  const byCode = summarize(`load: ${2 * ABORTED} concurrent, ${ABORTED} aborted`, r);
  checkSettled(r);
  const aborted = r.results.filter((_x, i) => i % 2 === 0);
  const kept = r.results.filter((_x, i) => i % 2 === 1);
  // an abort that comes after the answer is a no-op: those count as ok
  for (const x of aborted)
    assert.ok(
      x.ok || x.code === 'aborted' || (x.kind === 'get-missing' && x.code === 'not_found'),
      `${x.kind}: ${x.code}`,
    );
  for (const x of kept)
    assert.ok(
      x.ok || (x.kind === 'get-missing' && x.code === 'not_found'),
      `${x.kind}: ${x.code} ${x.message}`,
    );
  console.log(
    `load: ${aborted.filter((x) => x.code === 'aborted').length} of ${ABORTED} aborts landed mid-flight (the rest had already settled)`,
  );
  assert.ok(
    (byCode.aborted || 0) >= ABORTED / 2,
    'most aborts landed while the request was in flight',
  );
  assert.deepEqual(problems, []);
});
