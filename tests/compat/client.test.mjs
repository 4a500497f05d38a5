// The version-aware client (issue 11 item 2) against real servers of two releases started side
// by side: 0.90.0, which reads `notoneof`, `notcontains`, `isnull`, `isnotnull` as literals and
// cannot sort by type, and 0.98.0, which reads them all. The client learns each server's release
// from GET /api/v1/info (once, before its first list), refuses before sending what that release
// would misread, and works as usual otherwise.
//
// What the package sends is recorded from the one fetch its Node XMLHttpRequest calls
// (wasm/node_xhr.js), so "nothing was sent" is a fact about the wire, not about the package's
// word. The servers' raw answers come from fetch itself.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { createClient, filterSchema, ZenmlError } from '../../dist/node.js';
import { startServer } from '../support/server.mjs';

const OLD = '0.90.0'; // before 0.93.3 (typed fields) and 0.95.0 (the negative operators)
const NEW = '0.98.0';
const servers = {};

// ---- every request the package sends, by server origin ----

const sent = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (url, init) => {
  sent.push({ url: String(url), method: init?.method ?? 'GET' });
  return realFetch(url, init);
};

/** The package's requests to `server` since `from` (an index into `sent`), as `GET /path`. */
function sentTo(server, from = 0) {
  return sent
    .slice(from)
    .filter((r) => r.url.startsWith(`${server.url}/`))
    .map((r) => `${r.method} ${new URL(r.url).pathname}`);
}

async function rejects(promise, code) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ZenmlError, `expected a ZenmlError, got ${e?.stack}`);
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`expected a rejection with ${code}`);
}

/** The server's own answer to a list query (raw fetch, not the package). */
async function rawList(server, query) {
  const res = await realFetch(`${server.url}/api/v1/services?${query}`, {
    headers: { Authorization: `Bearer ${server.token}`, Accept: 'application/json' },
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

const client = (server, extra = {}) =>
  createClient({ baseUrl: server.url, token: server.token, timeoutMs: 30000, ...extra });

const NOT_ONE_OF = { filter: { name: 'notoneof:["compat-b"]' }, size: 50 };

before(async () => {
  // side by side: each takes most of its time starting Python
  const [old, neu] = await Promise.all([
    startServer({}, { version: OLD }),
    startServer({}, { version: NEW }),
  ]);
  servers[OLD] = old;
  servers[NEW] = neu;
  for (const server of [old, neu]) {
    const zen = await client(server);
    try {
      for (const name of ['compat-a', 'compat-b', 'compat-c']) {
        await zen.createService({
          project: server.projectId,
          name,
          service_type: {
            type: 'model-serving',
            flavor: name === 'compat-c' ? 'seldon' : 'mlflow',
          },
          config: { nonce: randomUUID() },
        });
      }
    } finally {
      zen.close();
    }
  }
});

after(async () => {
  globalThis.fetch = realFetch;
  await Promise.all(Object.values(servers).map((s) => s.stop()));
});

for (const version of [OLD, NEW]) {
  const knows = version === NEW; // notoneof, sorting by type

  describe(`ZenML ${version}`, () => {
    test('serverVersion is learned from one GET /api/v1/info, shared by concurrent first calls', async () => {
      const server = servers[version];
      const zen = await client(server);
      try {
        assert.equal(zen.serverVersion, null);
        const from = sent.length;
        const [a, b, c] = await Promise.all([
          zen.listServices({ size: 1 }),
          zen.listServices({ size: 2 }),
          (async () => {
            const names = [];
            for await (const s of zen.services({ sortBy: 'name' })) names.push(s.name);
            return names;
          })(),
        ]);
        assert.equal(zen.serverVersion, version);
        assert.equal(a.total, 3);
        assert.equal(b.items.length, 2);
        assert.deepEqual(c, ['compat-a', 'compat-b', 'compat-c']);
        const requests = sentTo(server, from);
        assert.equal(
          requests.filter((r) => r === 'GET /api/v1/info').length,
          1,
          requests.join('\n'),
        );
        assert.equal(
          requests[0],
          'GET /api/v1/info',
          'the release is learned before the first list',
        );
        assert.equal(requests.filter((r) => r === 'GET /api/v1/services').length, 3);
        // known from now on
        const again = sent.length;
        await zen.listServices({ size: 1 });
        assert.deepEqual(sentTo(server, again), ['GET /api/v1/services']);
        assert.equal(zen.pendingCalls, 0);
      } finally {
        zen.close();
      }
    });

    test(`a notoneof list is ${knows ? 'answered as the server answers it' : 'refused before anything is sent'}`, async () => {
      const server = servers[version];
      const zen = await client(server);
      try {
        const from = sent.length;
        if (knows) {
          const page = await zen.listServices(NOT_ONE_OF);
          const raw = await rawList(server, zen.toQuery(NOT_ONE_OF));
          assert.deepEqual(
            page.items.map((s) => s.name),
            raw.items.map((s) => s.name),
          );
          assert.deepEqual(page.items.map((s) => s.name).sort(), ['compat-a', 'compat-c']);
          assert.equal(zen.validateFilter(NOT_ONE_OF), null);
          return;
        }
        const e = await rejects(zen.listServices(NOT_ONE_OF), 'invalid_argument');
        assert.match(e.message, /\b0\.90\.0\b/, 'names the release');
        assert.match(e.message, /\b0\.95\.0\b/, 'names the first release that reads it');
        assert.equal(e.status, 0);
        const walk = await rejects(
          (async () => {
            for await (const _ of zen.services(NOT_ONE_OF));
          })(),
          'invalid_argument',
        );
        assert.equal(walk.message, e.message);
        assert.deepEqual(
          sentTo(server, from),
          ['GET /api/v1/info'],
          'only the release was asked for: no list was sent',
        );
        // the client's synchronous helpers follow the learned release too
        assert.equal(zen.validateFilter(NOT_ONE_OF)?.message, e.message);
        assert.throws(() => zen.toQuery(NOT_ONE_OF), { code: 'invalid_argument' });
        // unless told another
        assert.equal(zen.validateFilter(NOT_ONE_OF, { serverVersion: NEW }), null);
        // and what the server would answer to it is not the answer the package stands for
        const raw = await rawList(server, zen.toQuery(NOT_ONE_OF, { serverVersion: NEW }));
        assert.equal(raw.total, 0, 'the release reads notoneof:[…] as a literal name');
      } finally {
        zen.close();
      }
    });

    test(`sorting by type is ${knows ? 'sent' : 'refused'}, and offered ${knows ? '' : 'not '}by filterSchema`, async () => {
      const server = servers[version];
      const zen = await client(server);
      try {
        const sortable = filterSchema({ serverVersion: version }).fields.find(
          (f) => f.name === 'type',
        ).sortable;
        assert.equal(sortable, knows);
        const from = sent.length;
        const list = zen.listServices({ sortBy: 'desc:type' });
        if (knows) {
          assert.equal((await list).total, 3);
        } else {
          const e = await rejects(list, 'invalid_argument');
          assert.match(e.message, /0\.90\.0/);
          assert.match(e.message, /0\.93\.3/);
          assert.deepEqual(sentTo(server, from), ['GET /api/v1/info']);
        }
      } finally {
        zen.close();
      }
    });

    test('create, get, update, list and delete work', async () => {
      const server = servers[version];
      const zen = await client(server);
      try {
        const name = `crud-${randomUUID().slice(0, 8)}`;
        const created = await zen.createService({
          project: server.projectId,
          name,
          service_type: { type: 'model-serving', flavor: 'mlflow' },
          labels: { team: 'compat' },
          config: { nonce: randomUUID() },
        });
        assert.equal(created.name, name);
        assert.equal(created.body.project_id, server.projectId);
        const got = await zen.getService(created.id);
        assert.equal(got.id, created.id);
        assert.deepEqual(got.body.labels, { team: 'compat' });
        const updated = await zen.updateService(created.id, { name: `${name}-2` });
        assert.equal(updated.name, `${name}-2`);
        const page = await zen.listServices({ filter: { name: `${name}-2` } });
        assert.deepEqual(
          page.items.map((s) => s.id),
          [created.id],
        );
        assert.equal(zen.serverVersion, version);
        await zen.deleteService(created.id);
        await rejects(zen.getService(created.id), 'not_found');
      } finally {
        zen.close();
      }
    });

    test('serverInfo() teaches the release; a pinned release is never asked for', async () => {
      const server = servers[version];
      const zen = await client(server);
      try {
        const info = await zen.serverInfo();
        assert.equal(info.version, version);
        assert.equal(zen.serverVersion, version);
        const from = sent.length;
        await zen.listServices({ size: 1 });
        assert.deepEqual(sentTo(server, from), ['GET /api/v1/services']);
      } finally {
        zen.close();
      }
      // pinned to the other release: its rules, and no GET /api/v1/info
      const other = version === OLD ? NEW : OLD;
      const pinned = await client(server, { serverVersion: other });
      try {
        assert.equal(pinned.serverVersion, other);
        const from = sent.length;
        const list = pinned.listServices(NOT_ONE_OF);
        if (other === OLD) await rejects(list, 'invalid_argument');
        else assert.equal((await list).total, version === NEW ? 2 : 0);
        assert.deepEqual(sentTo(server, from), other === OLD ? [] : ['GET /api/v1/services']);
      } finally {
        pinned.close();
      }
    });
  });
}
