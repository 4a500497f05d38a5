// AbortSignal handling of the package in Node (dist/node.js) against a real ZenML 0.98.0 server:
// a signal that times out (`AbortSignal.timeout()`, or any abort whose reason is a DOMException
// named TimeoutError) rejects with `timeout`, every other abort with `aborted`; many calls that
// share one signal hold one listener on it (no MaxListenersExceededWarning) and none once they
// settled. The mid-flight timeout needs a server that does not answer in time, which a real
// ZenML server cannot be made to do on demand: a node:http server that never answers stands in.
//
// Run: node --test tests/js/signal.test.mjs   (needs dist/: scripts/build.sh --package-only)
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { createClient, ZenmlError } from '../../dist/node.js';
import { startServer } from '../support/server.mjs';

let server; // real ZenML
let zen;
let silent; // accepts requests, never answers
let silentUrl;

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ZenmlError, `expected ZenmlError, got ${e?.stack}`);
    return e;
  }
  assert.fail('expected a rejection');
}

before(async () => {
  server = await startServer();
  zen = await createClient({ baseUrl: server.url, token: server.token, timeoutMs: 20000 });
  silent = createServer(() => {});
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${silent.address().port}`;
});
after(async () => {
  zen?.close();
  silent?.closeAllConnections();
  await new Promise((r) => (silent ? silent.close(r) : r()));
  await server?.stop();
});

describe('a signal that times out', () => {
  test('AbortSignal.timeout() that fires mid-flight rejects with timeout, not aborted', async () => {
    const c = await createClient({ baseUrl: silentUrl, retries: 0, timeoutMs: 0 });
    try {
      const t0 = Date.now();
      const e = await rejection(c.serverInfo({ signal: AbortSignal.timeout(300) }));
      assert.equal(e.code, 'timeout', `${e.code}: ${e.message}`);
      assert.equal(e.status, 0);
      assert.match(e.message, /signal/i);
      assert.ok(Date.now() - t0 >= 250, 'not before the signal fired');
      assert.equal(c.pendingCalls, 0);
    } finally {
      c.close();
    }
  });

  test('a signal that already timed out rejects with timeout before sending', async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(signal.aborted, true);
    const e = await rejection(zen.listServices({ signal }));
    assert.equal(e.code, 'timeout', `${e.code}: ${e.message}`);
  });

  test('an abort with a TimeoutError reason is timeout; other aborts stay aborted', async () => {
    const byReason = new AbortController();
    byReason.abort(new DOMException('gave up', 'TimeoutError'));
    assert.equal((await rejection(zen.serverInfo({ signal: byReason.signal }))).code, 'timeout');

    const plain = new AbortController();
    plain.abort();
    assert.equal((await rejection(zen.serverInfo({ signal: plain.signal }))).code, 'aborted');

    const other = new AbortController();
    other.abort(new DOMException('stop', 'AbortError'));
    assert.equal((await rejection(zen.serverInfo({ signal: other.signal }))).code, 'aborted');

    const c = await createClient({ baseUrl: silentUrl, retries: 0, timeoutMs: 0 });
    try {
      const mid = new AbortController();
      const p = c.serverInfo({ signal: mid.signal });
      setTimeout(() => mid.abort('user pressed cancel'), 50);
      assert.equal((await rejection(p)).code, 'aborted');
      const late = new AbortController();
      const q = c.serverInfo({ signal: late.signal });
      setTimeout(() => late.abort(new DOMException('deadline', 'TimeoutError')), 50);
      assert.equal((await rejection(q)).code, 'timeout');
    } finally {
      c.close();
    }
  });
});

describe('many calls on one signal', () => {
  test('200 concurrent calls sharing one signal print no warning and hold one listener', async () => {
    const warnings = [];
    const onWarning = (w) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const ac = new AbortController();
      const calls = [];
      for (let i = 0; i < 200; i++) calls.push(zen.serverInfo({ signal: ac.signal }));
      const whilePending = getEventListeners(ac.signal, 'abort').length;
      const infos = await Promise.all(calls);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on a later tick
      assert.deepEqual(warnings, []);
      assert.equal(infos.length, 200);
      assert.ok(infos.every((i) => i.version === '0.98.0'));
      assert.equal(whilePending, 1, 'one listener while pending');
      assert.equal(getEventListeners(ac.signal, 'abort').length, 0, 'none once all settled');
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('aborting the shared signal aborts every pending call once; the signal can be reused after', async () => {
    const c = await createClient({ baseUrl: silentUrl, retries: 0, timeoutMs: 0 });
    try {
      const ac = new AbortController();
      const calls = [];
      for (let i = 0; i < 50; i++) calls.push(rejection(c.serverInfo({ signal: ac.signal })));
      // Let every call reach the transport before aborting.
      await new Promise((r) => setTimeout(r, 50));
      ac.abort();
      const errors = await Promise.all(calls);
      assert.ok(errors.every((e) => e.code === 'aborted'));
      assert.equal(c.pendingCalls, 0);
      assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
    } finally {
      c.close();
    }
    // A signal whose calls all settled successfully keeps working for later calls.
    const shared = new AbortController();
    await zen.serverInfo({ signal: shared.signal });
    const p = zen.listServices({ signal: shared.signal, size: 1 });
    shared.abort();
    assert.equal((await rejection(p)).code, 'aborted');
  });
});
