// Fault matrix: every fault of tests/faults/server.mjs (plus a refused connection) x every
// endpoint x (Node, Chromium) -> the expected ZenmlError code, or success after the allowed
// retries. Each cell also checks the number of requests the server saw (idempotent calls are
// retried once with `retries: 1`; POSTs never are), that nothing stays pending, and afterwards
// that no Promise rejection went unhandled and the module's live fetches and emval handles are
// back at their baseline. Prints the matrix as a markdown table (docs/reliability.md holds it).
//
//   bash scripts/build.sh --package-only && node --test tests/faults/matrix.test.mjs
//   ZSW_MATRIX_OUT=/tmp/matrix.md node --test tests/faults/matrix.test.mjs   # also write the table

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import * as nodeApi from '../../dist/node.js';
import { openPackagePage } from '../support/browser.mjs';
import { FAULTS, refusedUrl, startFaultServer } from './server.mjs';

const ENDPOINTS = ['list', 'get', 'create', 'update', 'delete', 'login', 'serverInfo'];
const IDEMPOTENT = new Set(['list', 'get', 'update', 'delete', 'serverInfo']);
const FAULT_NAMES = ['refused', ...Object.keys(FAULTS)];
const HUGE = new Set(['huge-100mb-length', 'huge-100mb-chunked']);

/** What each cell must give: { code } for a ZenmlError or { ok: true }, and how many requests. */
function expected(fault, ep) {
  const idem = IDEMPOTENT.has(ep);
  const tries = idem ? 2 : 1;
  switch (fault) {
    case 'refused':
      return { code: 'network', attempts: null };
    // Chromium itself resends an idempotent request once when a reused keep-alive connection
    // closes before any response byte (PUT/DELETE here: their preflight opened the connection);
    // a POST is never resent, by the browser or by us.
    case 'reset-before-headers':
      return {
        code: 'network',
        attempts: tries,
        browserMayRepeat: idem && ep !== 'list' && ep !== 'get' && ep !== 'serverInfo',
      };
    case 'reset-mid-body':
      return { code: 'network', attempts: tries };
    case 'timeout':
    case 'slow-drip':
      return { code: 'timeout', attempts: tries };
    case '500-html':
      return { code: 'server', status: 500, attempts: 1 };
    case '502-html':
      return { code: 'server', status: 502, attempts: tries };
    case '503-html':
      return { code: 'server', status: 503, attempts: tries };
    case '504-html':
      return { code: 'server', status: 504, attempts: tries };
    case '503-then-200':
      return idem ? { ok: true, attempts: 2 } : { code: 'server', status: 503, attempts: 1 };
    case '429-retry-after-120':
      return { code: 'rate_limited', status: 429, retryAfter: 120, attempts: 1 };
    case '429-then-200':
      return idem
        ? { ok: true, attempts: 2, minMs: 1000 }
        : { code: 'rate_limited', status: 429, retryAfter: 1, attempts: 1 };
    case 'json-as-text':
    case 'dup-keys-last-valid':
      return { ok: true, attempts: 1 };
    case 'empty-200':
      return { code: 'bad_response', attempts: 1 }; // DELETE too: ZenML always answers null
    default:
      return { code: 'bad_response', attempts: 1 }; // malformed, hostile or oversized bodies
  }
}

// Runs in Node and, serialised, in the page: everything it needs comes from globalThis.__zsw.
async function runCell({ baseUrl, endpoint, opts }) {
  const api = globalThis.__zsw;
  const ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  const M = await api.loadModule();
  const heapBefore = M.HEAP8.buffer.byteLength;
  const t0 = performance.now();
  // the release pinned: each cell's fault hits its own call, not the GET /api/v1/info a list
  // would first send to learn the release (the client's own tests cover that request's faults)
  const zen = await api.createClient({ baseUrl, serverVersion: '0.98.0', ...opts });
  let value;
  let error;
  try {
    switch (endpoint) {
      case 'list':
        value = await zen.listServices({ size: 5 });
        break;
      case 'get':
        value = await zen.getService(ID);
        break;
      case 'create':
        value = await zen.createService({
          project: ID,
          name: 'fault',
          service_type: { type: 't', flavor: 'f' },
          config: { n: Math.random() },
        });
        break;
      case 'update':
        value = await zen.updateService(ID, { name: 'renamed' });
        break;
      case 'delete':
        value = await zen.deleteService(ID);
        break;
      case 'login':
        value = await zen.login({ username: 'u', password: 'p' });
        break;
      case 'serverInfo':
        value = await zen.serverInfo();
        break;
      default:
        throw new Error(`unknown endpoint ${endpoint}`);
    }
  } catch (e) {
    error = e;
  }
  const out = {
    ms: Math.round(performance.now() - t0),
    pending: zen.pendingCalls,
    heapGrowth: M.HEAP8.buffer.byteLength - heapBefore,
  };
  if (error) {
    Object.assign(out, {
      ok: false,
      zenmlError: error instanceof api.ZenmlError,
      code: error.code,
      status: error.status,
      retryAfter: error.retryAfter ?? null,
      message: String(error.message).slice(0, 160),
      bodyLength: (error.body || '').length,
    });
  } else {
    out.ok = true;
    out.summary =
      endpoint === 'list'
        ? `index ${value.index}, ${value.items.length} items, name ${value.items[0]?.name}`
        : endpoint === 'delete'
          ? String(value)
          : endpoint === 'login'
            ? `token ${zen.token.slice(0, 12)}`
            : endpoint === 'serverInfo'
              ? `version ${value.version}`
              : `name ${value.name}`;
  }
  zen.close();
  return out;
}

let faults;
let refused;
let site;
let page;
const pageProblems = [];
const nodeProblems = [];
const onUnhandled = (e) => nodeProblems.push(`unhandledRejection: ${e?.stack || e}`);
const onUncaught = (e) => nodeProblems.push(`uncaughtException: ${e?.stack || e}`);

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUncaught);
  faults = await startFaultServer();
  refused = await refusedUrl();
  globalThis.__zsw = nodeApi;
  site = await openPackagePage(async (p) => {
    await p.addInitScript(() => {
      window.__problems = [];
      window.addEventListener('unhandledrejection', (e) =>
        window.__problems.push(`unhandledrejection: ${e.reason?.stack || e.reason}`),
      );
      window.addEventListener('error', (e) => window.__problems.push(`error: ${e.message}`));
    });
    p.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
  });
  ({ page } = site);
});

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUncaught);
  if (site) await site.close();
  if (faults) await faults.close();
});

let cellSeq = 0;
const DEADLINE = new Set(['timeout', 'slow-drip']);
function cellOptions(fault) {
  // A short deadline only where the fault is the deadline (it keeps the run short); every other
  // cell gets time to spare, since the fault server shares this process's event loop with the
  // Node run (a 100 MB body or a deep parse there can hold up a Chromium cell's answer).
  return { timeoutMs: DEADLINE.has(fault) ? 300 : HUGE.has(fault) ? 20_000 : 10_000, retries: 1 };
}

async function runEnv(env) {
  const results = {};
  const baseline =
    env === 'node'
      ? await (async () => {
          const M = await nodeApi.loadModule();
          return {
            emval: M.count_emval_handles(),
            fetches: M.liveFetches(),
            heap: M.HEAP8.buffer.byteLength,
          };
        })()
      : await page.evaluate(async () => {
          const M = await globalThis.__zsw.loadModule();
          return {
            emval: M.count_emval_handles(),
            fetches: M.liveFetches(),
            heap: M.HEAP8.buffer.byteLength,
          };
        });
  for (const fault of FAULT_NAMES) {
    for (const endpoint of ENDPOINTS) {
      const cell = `${env}-${++cellSeq}`;
      const baseUrl = fault === 'refused' ? refused : `${faults.url}/f/${fault}/${cell}`;
      const args = { baseUrl, endpoint, opts: cellOptions(fault) };
      let r;
      try {
        r = env === 'node' ? await runCell(args) : await page.evaluate(runCell, args);
      } catch (e) {
        r = { ok: false, crashed: String(e?.stack || e) };
      }
      r.attempts = fault === 'refused' ? null : faults.requests(fault, cell).length;
      r.cell = cell;
      results[`${fault}|${endpoint}`] = r;
    }
  }
  // let late events (aborted XHRs, closed sockets) arrive before the leak check
  await new Promise((res) => setTimeout(res, 300));
  for (const fault of HUGE) {
    for (const endpoint of ENDPOINTS) {
      const r = results[`${fault}|${endpoint}`];
      const entry = faults.requests(fault, r.cell)[0];
      r.bytesSent = entry?.bytes;
    }
  }
  const end =
    env === 'node'
      ? await (async () => {
          const M = await nodeApi.loadModule();
          return {
            emval: M.count_emval_handles(),
            fetches: M.liveFetches(),
            heap: M.HEAP8.buffer.byteLength,
          };
        })()
      : await page.evaluate(async () => {
          const M = await globalThis.__zsw.loadModule();
          return {
            emval: M.count_emval_handles(),
            fetches: M.liveFetches(),
            heap: M.HEAP8.buffer.byteLength,
            problems: window.__problems,
          };
        });
  return { results, baseline, end };
}

function check(fault, endpoint, r, env) {
  const want = expected(fault, endpoint);
  const problems = [];
  if (r.crashed) return [`crashed: ${r.crashed}`];
  if (want.ok) {
    if (!r.ok) problems.push(`expected success, got ${r.code}: ${r.message}`);
  } else {
    if (r.ok) problems.push(`expected ${want.code}, got success (${r.summary})`);
    else {
      if (!r.zenmlError) problems.push('not a ZenmlError');
      if (r.code !== want.code)
        problems.push(`expected ${want.code}, got ${r.code} (${r.status}): ${r.message}`);
      if (want.status !== undefined && r.status !== want.status)
        problems.push(`status ${r.status}, expected ${want.status}`);
      if (want.retryAfter !== undefined && r.retryAfter !== want.retryAfter)
        problems.push(`retryAfter ${r.retryAfter}, expected ${want.retryAfter}`);
      if (!r.message) problems.push('empty message');
    }
  }
  if (want.attempts !== null && want.attempts !== undefined) {
    const max = want.browserMayRepeat && env === 'chromium' ? 2 * want.attempts : want.attempts;
    if (r.attempts < want.attempts || r.attempts > max) {
      problems.push(
        `${r.attempts} requests reached the server, expected ${want.attempts === max ? want.attempts : `${want.attempts}-${max}`}`,
      );
    }
  }
  if (want.minMs && r.ms < want.minMs)
    problems.push(`settled after ${r.ms} ms, before Retry-After (${want.minMs} ms)`);
  if (r.pending !== 0) problems.push(`pendingCalls ${r.pending} after settling`);
  if (fault === 'dup-keys-last-valid' && r.ok) {
    const want2 = {
      list: /^index 1,/,
      get: /dup-last-wins/,
      update: /dup-last-wins/,
      create: /dup-last-wins/,
      login: /^token eyJ/,
      serverInfo: /0\.98\.0/,
      delete: /undefined/,
    }[endpoint];
    if (!want2.test(r.summary)) problems.push(`the last duplicate should win: ${r.summary}`);
  }
  if (HUGE.has(fault) && r.heapGrowth > 8 * 1024 * 1024)
    problems.push(`wasm heap grew by ${r.heapGrowth} bytes for an over-limit body`);
  return problems;
}

function cellText(fault, endpoint, r, env) {
  if (r.crashed) return 'CRASH';
  const want = expected(fault, endpoint);
  const ok = check(fault, endpoint, r, env).length === 0 ? '' : ' ✗';
  const what = r.ok ? 'ok' : r.code;
  const tries = want.attempts && want.attempts > 1 ? ` (${r.attempts}×)` : '';
  return `${what}${tries}${ok}`;
}

function table(node, chromium) {
  const lines = [];
  lines.push(`| fault | ${ENDPOINTS.join(' | ')} |`);
  lines.push(`|---|${ENDPOINTS.map(() => '---').join('|')}|`);
  for (const fault of FAULT_NAMES) {
    const cells = ENDPOINTS.map((ep) => {
      const a = cellText(fault, ep, node[`${fault}|${ep}`], 'node');
      const b = cellText(fault, ep, chromium[`${fault}|${ep}`], 'chromium');
      return a === b ? a : `node: ${a} / chromium: ${b}`;
    });
    lines.push(`| \`${fault}\` | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

test('fault matrix: every fault x endpoint x (Node, Chromium) gives the expected outcome, no leaks', {
  timeout: 240_000,
}, async () => {
  const t0 = Date.now();
  const [node, chromium] = await Promise.all([runEnv('node'), runEnv('chromium')]);
  const wall = Math.round((Date.now() - t0) / 1000);

  const failures = [];
  for (const [env, run] of [
    ['node', node],
    ['chromium', chromium],
  ]) {
    for (const fault of FAULT_NAMES) {
      for (const ep of ENDPOINTS) {
        for (const p of check(fault, ep, run.results[`${fault}|${ep}`], env))
          failures.push(`${env} ${fault} ${ep}: ${p}`);
      }
    }
    if (run.end.fetches !== run.baseline.fetches)
      failures.push(`${env}: liveFetches ${run.baseline.fetches} -> ${run.end.fetches}`);
    if (run.end.emval !== run.baseline.emval)
      failures.push(`${env}: emval handles ${run.baseline.emval} -> ${run.end.emval}`);
  }
  for (const p of [...nodeProblems, ...pageProblems, ...(chromium.end.problems || [])])
    failures.push(p);

  const md = table(node.results, chromium.results);
  const hugeRows = [];
  for (const [env, run] of [
    ['node', node],
    ['chromium', chromium],
  ]) {
    for (const fault of HUGE) {
      for (const ep of ENDPOINTS) {
        const r = run.results[`${fault}|${ep}`];
        hugeRows.push(
          `| ${env} | \`${fault}\` | ${ep} | ${r.ms} | ${r.bytesSent === undefined ? '?' : (r.bytesSent / 1048576).toFixed(1)} | ${(r.heapGrowth / 1048576).toFixed(1)} | ${(r.message || '').replace(/\|/g, '\\|')} |`,
        );
      }
    }
  }
  const huge = [
    '| env | fault | endpoint | ms | MiB written by the server before the client hung up | wasm heap growth (MiB) | message |',
    '|---|---|---|---|---|---|---|',
    ...hugeRows,
  ].join('\n');
  const timing = ENDPOINTS.length * FAULT_NAMES.length;
  const summary =
    `${timing * 2} cells (${FAULT_NAMES.length} faults x ${ENDPOINTS.length} endpoints x 2 environments) in ${wall} s; ` +
    `node: emval ${node.baseline.emval}->${node.end.emval}, liveFetches ${node.baseline.fetches}->${node.end.fetches}, wasm memory ${(node.baseline.heap / 1048576).toFixed(0)}->${(node.end.heap / 1048576).toFixed(0)} MiB; ` +
    `chromium: emval ${chromium.baseline.emval}->${chromium.end.emval}, liveFetches ${chromium.baseline.fetches}->${chromium.end.fetches}, wasm memory ${(chromium.baseline.heap / 1048576).toFixed(0)}->${(chromium.end.heap / 1048576).toFixed(0)} MiB; ` +
    `unhandled rejections/errors: ${nodeProblems.length + pageProblems.length + (chromium.end.problems || []).length}`;
  const out = `${md}\n\n${summary}\n\nOver-limit bodies (default maxResponseBytes, 64 MiB):\n\n${huge}\n`;
  console.log(out);
  if (process.env.ZSW_MATRIX_OUT) writeFileSync(process.env.ZSW_MATRIX_OUT, out);
  assert.deepEqual(failures, []);
});

// Runs in Node and in the page: limits given to createClient reach the decoders, and calls in
// flight end cleanly when aborted or when the client is closed.
async function limitsAndTeardown({ faultUrl, cell }) {
  const api = globalThis.__zsw;
  const ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  const M = await api.loadModule();
  const codeOf = (p) =>
    p.then(
      () => 'ok',
      (e) => (e instanceof api.ZenmlError ? e.code : `not a ZenmlError: ${e}`),
    );
  const out = {};
  // the recorded list page is ~1.3 kB, a service ~1.3 kB with config/endpoint 3 levels down
  const small = await api.createClient({
    baseUrl: `${faultUrl}/f/json-as-text/${cell}-a`,
    serverVersion: '0.98.0',
    maxResponseBytes: 1000,
  });
  out.smallList = await codeOf(small.listServices());
  out.smallMessage = await small.getService(ID).catch((e) => e.message);
  small.close();
  const roomy = await api.createClient({
    baseUrl: `${faultUrl}/f/json-as-text/${cell}-b`,
    maxResponseBytes: 1 << 20,
    maxDepth: 3,
  });
  out.shallowGet = await codeOf(roomy.getService(ID));
  out.shallowInfo = await codeOf(roomy.serverInfo()); // info is 2 levels deep
  roomy.close();
  out.badOptions = [];
  for (const o of [
    { maxResponseBytes: 0 },
    { maxResponseBytes: 1.5 },
    { maxResponseBytes: '1000' },
    { maxDepth: 10001 },
    { maxDepth: -1 },
  ]) {
    out.badOptions.push(await codeOf(api.createClient({ baseUrl: faultUrl, ...o })));
  }
  // abort mid-flight and close with calls in flight (the server never answers)
  const slow = await api.createClient({
    baseUrl: `${faultUrl}/f/timeout/${cell}-c`,
    timeoutMs: 0,
    serverVersion: '0.98.0',
  });
  const ac = new AbortController();
  const aborted = codeOf(slow.listServices({ signal: ac.signal }));
  const closed = [
    codeOf(slow.getService(ID)),
    codeOf(slow.deleteService(ID)),
    codeOf(
      slow.createService({ project: ID, name: 'x', service_type: { type: 't', flavor: 'f' } }),
    ),
  ];
  await new Promise((r) => setTimeout(r, 50));
  out.liveDuring = M.liveFetches();
  ac.abort();
  out.aborted = await aborted;
  out.pendingAfterAbort = slow.pendingCalls;
  slow.close();
  out.closed = await Promise.all(closed);
  out.afterClose = await codeOf(slow.serverInfo());
  out.liveAfter = M.liveFetches();
  out.emval = M.count_emval_handles();
  return out;
}

test('limits from createClient and teardown of calls in flight (Node and Chromium)', {
  timeout: 60_000,
}, async () => {
  for (const env of ['node', 'chromium']) {
    const args = { faultUrl: faults.url, cell: `teardown-${env}` };
    const r =
      env === 'node' ? await limitsAndTeardown(args) : await page.evaluate(limitsAndTeardown, args);
    assert.equal(r.smallList, 'bad_response', env);
    assert.match(r.smallMessage, /exceeds the limit of 1000 bytes \(maxResponseBytes\)/, env);
    assert.equal(r.shallowGet, 'bad_response', env);
    assert.equal(r.shallowInfo, 'ok', env);
    assert.deepEqual(r.badOptions, Array(5).fill('invalid_argument'), env);
    assert.equal(r.liveDuring, 4, `${env}: four requests in flight`);
    assert.equal(r.aborted, 'aborted', env);
    assert.equal(r.pendingAfterAbort, 3, env);
    assert.deepEqual(r.closed, ['aborted', 'aborted', 'aborted'], env);
    assert.equal(r.afterClose, 'invalid_argument', `${env}: a closed client refuses calls`);
    assert.equal(r.liveAfter, 0, env);
    assert.equal(r.emval, 0, env);
  }
  assert.deepEqual(
    [...nodeProblems, ...pageProblems, ...(await page.evaluate(() => window.__problems))],
    [],
  );
});
