// Conditions the server cannot filter on (services({ where }): state, labels), evaluated by the
// package: offline with matchWhere(), live over a real ZenML 0.98.0 server's pages; and
// listProjects() over GET /api/v1/projects of the same server.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { createClient, filterSchema, matchWhere, ready, ZenmlError } from '../../dist/node.js';
import { startServer } from '../support/server.mjs';

let server;
let zen;
const run = randomUUID().slice(0, 8);
const STATES = ['active', 'error', 'inactive', 'error', 'scaled_to_zero', null, 'error'];

function spec(i) {
  const body = {
    project: server.projectId,
    name: `where-${run}-${i}`,
    service_type: { type: 'model-serving', flavor: 'test' },
    config: { nonce: randomUUID() },
  };
  if (STATES[i]) body.status = { state: STATES[i] };
  if (i % 2 === 0) body.labels = { env: i % 4 === 0 ? 'prod' : 'dev', team: 'a' };
  if (i % 3 === 0) body.labels = { ...body.labels, gpu: i === 0 ? '' : 'a100' };
  return body;
}

function throwsCode(fn, code, re) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof ZenmlError, String(e));
    assert.equal(e.code, code, e.message);
    if (re) assert.match(e.message, re);
    return true;
  });
}

before(async () => {
  server = await startServer();
  zen = await createClient({ baseUrl: server.url, token: server.token, timeoutMs: 20000 });
  await ready();
  for (let i = 0; i < STATES.length; i++) await zen.createService(spec(i));
});
after(async () => {
  if (zen) zen.close();
  if (server) await server.stop();
});

const svc = (name, state, labels) => ({
  id: randomUUID(),
  name,
  body: {
    created: '2026-01-01T00:00:00',
    updated: '2026-01-01T00:00:00',
    service_type: { type: 't', flavor: 'f' },
    state,
    labels,
  },
});

describe('matchWhere (offline)', () => {
  const list = [
    svc('a', 'error', { env: 'prod', gpu: 'a100' }),
    svc('b', 'active', { env: 'dev' }),
    svc('c', null, null),
    svc('d', 'error', { gpu: '' }),
  ];
  const names = (where) => matchWhere(list, where).map((s) => s.name);

  test('state: one or any of several; labels: equal or present; all of them hold', () => {
    assert.deepEqual(names({ state: 'error' }), ['a', 'd']);
    assert.deepEqual(names({ state: ['active', 'error'] }), ['a', 'b', 'd']);
    assert.deepEqual(names({ labels: { env: 'prod' } }), ['a']);
    assert.deepEqual(names({ labels: { gpu: true } }), ['a', 'd']);
    assert.deepEqual(names({ state: 'error', labels: { gpu: 'a100' } }), ['a']);
    assert.deepEqual(names({}), ['a', 'b', 'c', 'd']);
    assert.deepEqual(names(null), ['a', 'b', 'c', 'd']);
    // the caller's own objects come back
    assert.equal(matchWhere(list, { state: 'active' })[0], list[1]);
  });

  test('bad conditions are invalid_argument naming the key and what fits', () => {
    throwsCode(
      () => names({ state: 'broken' }),
      'invalid_argument',
      /where\.state.*scaled_to_zero/,
    );
    throwsCode(() => names({ state: [] }), 'invalid_argument', /where\.state/);
    throwsCode(() => names({ labels: { env: 3 } }), 'invalid_argument', /where\.labels\.env/);
    throwsCode(() => names({ label: { env: 'x' } }), 'invalid_argument', /labels/);
    throwsCode(() => matchWhere('nope', {}), 'invalid_argument', /array of services/);
  });

  test('filterSchema() lists the local-only fields with the states they take', () => {
    const local = filterSchema().localFields;
    assert.deepEqual(
      local.map((f) => [f.name, f.reads]),
      [
        ['state', 'body.state'],
        ['labels', 'body.labels'],
      ],
    );
    assert.deepEqual(local[0].values, [
      'inactive',
      'active',
      'pending_startup',
      'pending_shutdown',
      'error',
      'scaled_to_zero',
    ]);
    // and none of them is a server filter field
    const server = new Set(filterSchema().fields.map((f) => f.name));
    for (const f of local) assert.ok(!server.has(f.name), f.name);
  });
});

describe('services({ where }) against the live server', () => {
  test('why it is client-side: ZenML 0.98.0 ignores state and labels parameters', async () => {
    const get = async (q) => {
      const r = await fetch(`${server.url}/api/v1/services?name=startswith:where-${run}-&${q}`, {
        headers: { Authorization: `Bearer ${server.token}` },
      });
      assert.equal(r.status, 200, q);
      return (await r.json()).total;
    };
    const all = await get('size=1');
    assert.equal(all, STATES.length);
    // every service comes back, errors or not, labelled or not
    for (const q of [
      'state=error',
      'status=error',
      'labels=env:prod',
      'label=env',
      'labels={"env":"prod"}',
    ])
      assert.equal(await get(`${q}&size=1`), all, q);
    // and the package's filter has no such field
    assert.equal(zen.validateFilter({ filter: { state: 'error' } })?.code, 'invalid_argument');
  });

  const mine = { filter: { name: `startswith:where-${run}-` }, size: 2, sortBy: 'name' };

  test('keeps what meets where, walking every page, with progress', async () => {
    const progress = [];
    const got = [];
    for await (const s of zen.services({
      ...mine,
      where: { state: 'error' },
      onProgress: (p) => progress.push(p),
    })) {
      got.push(s.name);
    }
    const expected = STATES.map((st, i) => (st === 'error' ? `where-${run}-${i}` : null)).filter(
      Boolean,
    );
    assert.deepEqual(got, expected);
    // one report per page of 2 over 7 services, counting items, ending at the total
    assert.deepEqual(
      progress.map((p) => p.scanned),
      [2, 4, 6, 7],
    );
    assert.ok(progress.every((p) => p.total === 7));
    assert.equal(progress.at(-1).matched, expected.length);
  });

  test('labels: equal and present agree with the server-sent labels', async () => {
    const all = [];
    for await (const s of zen.services(mine)) all.push(s);
    const byHand = (f) => all.filter(f).map((s) => s.name);
    const names = async (where) => {
      const out = [];
      for await (const s of zen.services({ ...mine, where })) out.push(s.name);
      return out;
    };
    assert.deepEqual(
      await names({ labels: { env: 'prod' } }),
      byHand((s) => s.body.labels?.env === 'prod'),
    );
    const gpu = await names({ labels: { gpu: true } });
    assert.deepEqual(
      gpu,
      byHand((s) => s.body.labels && 'gpu' in s.body.labels),
    );
    assert.ok(gpu.includes(`where-${run}-0`), 'an empty label value is present');
    assert.deepEqual(await names({ state: ['active', 'inactive'], labels: { team: 'a' } }), [
      `where-${run}-0`,
      `where-${run}-2`,
    ]);
  });

  test('a bad where rejects before any request; a signal cancels the walk', async () => {
    const it = zen.services({ ...mine, where: { state: 'nope' } });
    await assert.rejects(
      it.next(),
      (e) => e instanceof ZenmlError && e.code === 'invalid_argument',
    );
    const ac = new AbortController();
    const seen = [];
    await assert.rejects(
      (async () => {
        for await (const s of zen.services({
          ...mine,
          where: {},
          signal: ac.signal,
          onProgress: (p) => {
            if (p.scanned >= 2) ac.abort();
          },
        })) {
          seen.push(s);
        }
      })(),
      (e) => e instanceof ZenmlError && e.code === 'aborted',
    );
    assert.ok(seen.length <= 2, `stopped after the first page (${seen.length})`);
    assert.equal(zen.pendingCalls, 0);
    await assert.rejects(
      zen.services({ ...mine, where: {}, onProgress: 3 }).next(),
      (e) => e.code === 'invalid_argument' && /onProgress/.test(e.message),
    );
  });
});

describe('listProjects against the live server', () => {
  test('lists every project by name, typed and checked', async () => {
    const name = `proj-${run}`;
    const res = await fetch(`${server.url}/api/v1/projects`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, display_name: 'Second project' }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const page = await zen.listProjects({ size: 50 });
    assert.equal(page.index, 1);
    assert.equal(page.total, 2);
    assert.deepEqual(
      page.items.map((p) => p.name),
      ['default', name].sort(),
    );
    assert.ok(page.items.some((p) => p.id === server.projectId));
    const one = await zen.listProjects({ size: 1, page: 2 });
    assert.equal(one.items.length, 1);
    assert.equal(one.total_pages, 2);
  });

  test('bad options are invalid_argument; no token is unauthorized', async () => {
    await assert.rejects(zen.listProjects({ size: 0 }), (e) => e.code === 'invalid_argument');
    await assert.rejects(zen.listProjects({ pgae: 1 }), (e) => /page/.test(e.message));
    const anon = await createClient({ baseUrl: server.url });
    try {
      await assert.rejects(
        anon.listProjects(),
        (e) => e.code === 'unauthorized' && e.status === 401,
      );
    } finally {
      anon.close();
    }
  });
});
