// The npm package in Node (dist/node.js: the same ES module + .wasm as browsers, its own
// XMLHttpRequest over Node's fetch) against a real ZenML 0.98.0 server started for this file.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { createClient, ERROR_CODES, ZenmlError } from '../../dist/node.js';
import { startServer } from '../support/server.mjs';

let server;
let zen;

function svc(name, extra = {}) {
  return {
    project: server.projectId,
    name,
    service_type: { type: 'model-serving', flavor: 'test' },
    config: { nonce: randomUUID(), pipeline_name: 'p1', pipeline_step_name: 's1' },
    ...extra,
  };
}

async function rejects(promise, code, check = () => {}) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ZenmlError, `expected ZenmlError, got ${e?.stack}`);
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    assert.ok(ERROR_CODES.includes(e.code));
    check(e);
    return e;
  }
  assert.fail(`expected a rejection with ${code}`);
}

before(async () => {
  server = await startServer();
  zen = await createClient({ baseUrl: server.url, timeoutMs: 20000 });
});
after(async () => {
  if (zen) zen.close();
  if (server) await server.stop();
});

describe('auth and server info', () => {
  test('serverInfo needs no token and reports the real server', async () => {
    const info = await zen.serverInfo();
    assert.equal(info.version, '0.98.0');
    assert.equal(info.auth_scheme, 'OAUTH2_PASSWORD_BEARER');
  });

  test('without a token a list is unauthorized (401 Not authenticated)', async () => {
    const anon = await createClient({ baseUrl: server.url });
    try {
      await rejects(anon.listServices(), 'unauthorized', (e) => assert.equal(e.status, 401));
    } finally {
      anon.close();
    }
  });

  test('a bad token is unauthorized with ZenML exception type', async () => {
    const bad = await createClient({ baseUrl: server.url, token: 'not-a-jwt' });
    try {
      await rejects(bad.listServices(), 'unauthorized', (e) => {
        assert.equal(e.status, 401);
        assert.ok(e.exceptionType.length > 0, 'exceptionType from the body');
      });
    } finally {
      bad.close();
    }
  });

  test('wrong password is unauthorized; right password logs in', async () => {
    await rejects(zen.login({ username: server.adminUser, password: 'wrong' }), 'unauthorized');
    const t = await zen.login({ username: server.adminUser, password: server.adminPassword });
    assert.equal(t.token_type, 'bearer');
    assert.ok(t.access_token.length > 20);
    assert.equal(zen.token, t.access_token);
  });

  test('currentUser and getProject answer for the logged-in admin and the default project', async () => {
    const me = await zen.currentUser();
    assert.equal(me.name, server.adminUser);
    const project = await zen.getProject('default');
    assert.equal(project.id, server.projectId);
    assert.equal((await zen.getProject(server.projectId)).name, 'default');
    await rejects(zen.getProject('no-such-project'), 'not_found');
    await rejects(zen.getProject('..'), 'invalid_argument');
    assert.equal(zen.csrfToken, '', 'a same-site login gets no CSRF token');
  });

  test('login input is checked before sending', async () => {
    await rejects(zen.login({ username: '' }), 'invalid_argument');
    await rejects(zen.login(null), 'invalid_argument');
    await rejects(zen.login({ apiKey: 'x', username: 'y' }), 'invalid_argument');
  });
});

describe('CRUD against the live server', () => {
  test('create, get (hydrated or not), update, clear, delete', async () => {
    const created = await zen.createService(
      svc('crud-a', {
        labels: { team: 'x' },
        status: { state: 'active' },
        admin_state: 'active',
        prediction_url: 'http://127.0.0.1:9/predict',
      }),
    );
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.name, 'crud-a');
    assert.equal(created.body.state, 'active');
    assert.deepEqual(created.body.labels, { team: 'x' });
    assert.equal(created.body.service_type.type, 'model-serving');
    assert.ok(created.metadata, 'create answers hydrated');
    assert.match(created.body.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/);

    const got = await zen.getService(created.id);
    assert.ok(got.metadata);
    assert.equal(got.metadata.prediction_url, 'http://127.0.0.1:9/predict');
    const plain = await zen.getService(created.id, { hydrate: false });
    assert.equal(plain.metadata, null);

    const upd = await zen.updateService(created.id, {
      admin_state: 'inactive',
      labels: { team: 'y', env: 'prod' },
    });
    assert.equal(upd.metadata.admin_state, 'inactive');
    assert.deepEqual(upd.body.labels, { team: 'y', env: 'prod' });
    assert.equal(upd.body.state, 'active', 'fields the update did not name are unchanged');
    assert.equal(upd.metadata.prediction_url, 'http://127.0.0.1:9/predict');

    const cleared = await zen.clearServiceFields(created.id, ['labels', 'status']);
    assert.equal(cleared.body.labels, null);
    assert.equal(cleared.body.state, null);
    assert.equal(cleared.metadata.admin_state, 'inactive');

    assert.equal(await zen.deleteService(created.id), undefined);
    await rejects(zen.getService(created.id), 'not_found', (e) => {
      assert.equal(e.status, 404);
      assert.equal(e.exceptionType, 'KeyError');
      assert.ok(!e.message.startsWith('"') && !e.message.startsWith("'"), e.message);
    });
    await rejects(zen.deleteService(created.id), 'not_found');
  });

  test('a duplicate config is a conflict (409 EntityExistsError)', async () => {
    const req = svc('dup');
    const a = await zen.createService(req);
    try {
      await rejects(zen.createService({ ...req, name: 'dup-2' }), 'conflict', (e) => {
        assert.equal(e.status, 409);
        assert.equal(e.exceptionType, 'EntityExistsError');
      });
    } finally {
      await zen.deleteService(a.id);
    }
  });

  test('config key order reaches the server as written (its 409 check compares serialisations)', async () => {
    const nonce = randomUUID();
    const a = await zen.createService(svc('order-a', { config: { zeta: 1, alpha: 2, nonce } }));
    const b = await zen.createService(svc('order-b', { config: { alpha: 2, zeta: 1, nonce } }));
    try {
      assert.deepEqual(Object.keys((await zen.getService(a.id)).metadata.config), [
        'zeta',
        'alpha',
        'nonce',
      ]);
      assert.deepEqual(Object.keys((await zen.getService(b.id)).metadata.config), [
        'alpha',
        'zeta',
        'nonce',
      ]);
      await rejects(
        zen.createService(svc('order-c', { config: { zeta: 1, alpha: 2, nonce } })),
        'conflict',
      );
    } finally {
      await zen.deleteService(a.id);
      await zen.deleteService(b.id);
    }
  });

  test('numbers in config survive the round trip bit for bit (the module parses them with its own strtod)', async () => {
    // the request body goes through nlohmann in wasm, whose number lexer calls wasm/strtod.cpp
    // (no -0: JSON.stringify writes it as 0, before the module sees it)
    const numbers = [
      0.1,
      1 / 3,
      -2.5e-7,
      5e-324,
      // biome-ignore lint/correctness/noPrecisionLoss: the literal rounds on purpose (a strtod edge case)
      2.2250738585072011e-308,
      2.2250738585072014e-308,
      1.7976931348623157e308,
      -1.7976931348623157e308,
      // biome-ignore lint/correctness/noPrecisionLoss: 2^53+1 rounds on purpose (a strtod edge case)
      9007199254740993,
      1e21,
      123456.789e-3,
      4.35,
      Math.PI,
      2 ** 53 + 2,
      Number.EPSILON,
    ];
    const created = await zen.createService(
      svc('numbers', { config: { nonce: randomUUID(), numbers, nested: { x: [0.1, [1e-300]] } } }),
    );
    try {
      for (const got of [created, await zen.getService(created.id)]) {
        assert.equal(got.metadata.config.numbers.length, numbers.length);
        numbers.forEach((n, i) => {
          assert.ok(
            Object.is(got.metadata.config.numbers[i], n),
            `${n} came back as ${got.metadata.config.numbers[i]}`,
          );
        });
        assert.deepEqual(got.metadata.config.nested, { x: [0.1, [1e-300]] });
      }
      // and locally: matchServices parses the same services with nlohmann's DOM
      const local = zen.matchServices([created], { filter: { name: 'numbers' } });
      assert.ok(Object.is(local.items[0].metadata.config.numbers[3], 5e-324));
    } finally {
      await zen.deleteService(created.id);
    }
  });

  test('updates refuse null and {} (they would not do what they look like)', async () => {
    const a = await zen.createService(svc('upd-guard', { labels: { k: 'v' } }));
    try {
      await rejects(zen.updateService(a.id, { labels: null }), 'invalid_argument');
      await rejects(zen.updateService(a.id, { labels: {} }), 'invalid_argument', (e) =>
        assert.match(e.message, /clearServiceFields/),
      );
      await rejects(zen.updateService(a.id, { lables: { k: 'w' } }), 'invalid_argument', (e) =>
        assert.match(e.message, /lables/),
      );
      await rejects(zen.updateService(a.id, {}), 'invalid_argument');
      await rejects(zen.updateService(a.id, { admin_state: 'running' }), 'invalid_argument');
      const still = await zen.getService(a.id);
      assert.deepEqual(still.body.labels, { k: 'v' });
    } finally {
      await zen.deleteService(a.id);
    }
  });

  test('ids are validated before anything is sent (no path injection)', async () => {
    for (const id of [
      '',
      '../login',
      'x'.repeat(36),
      `${randomUUID()}/..`,
      `${randomUUID()}?hydrate=false`,
    ]) {
      await rejects(zen.getService(id), 'invalid_argument');
      await rejects(zen.deleteService(id), 'invalid_argument');
    }
    await rejects(zen.getService(42), 'invalid_argument');
  });

  test('create input is checked with paths in messages', async () => {
    await rejects(zen.createService({ ...svc('x'), labels: { n: 1 } }), 'invalid_argument', (e) =>
      assert.match(e.message, /labels\.n/),
    );
    await rejects(
      zen.createService({ ...svc('x'), service_type: { type: 'a' } }),
      'invalid_argument',
      (e) => assert.match(e.message, /flavor/),
    );
    await rejects(zen.createService({ ...svc('x'), name: 'n'.repeat(256) }), 'invalid_argument');
    await rejects(zen.createService({ ...svc('x'), config: { big: 10n } }), 'invalid_argument');
  });

  // The JS path counted bytes (255 x "é" is 510 bytes: refused before sending) and refused "" on
  // update; ZenML counts code points and takes "" (tests/live: "name length is counted in code
  // points"). One rule on every path now: the server's.
  test('a name is at most 255 code points, as ZenML counts it; "" is a name', async () => {
    const made = [];
    try {
      for (const ch of ['\u00e9', '\u{1F600}']) {
        // 2 and 4 bytes; "😀".length === 2 in JS
        const s = await zen.createService(svc(ch.repeat(255)));
        made.push(s.id);
        assert.equal(s.name, ch.repeat(255));
        await rejects(zen.createService(svc(ch.repeat(256))), 'invalid_argument', (e) =>
          assert.equal(
            e.message,
            'name: 256 characters (Unicode code points); the server allows at most 255',
          ),
        );
        await rejects(zen.updateService(s.id, { name: ch.repeat(256) }), 'invalid_argument', (e) =>
          assert.match(e.message, /^name: 256 characters/),
        );
        assert.equal(
          (await zen.updateService(s.id, { name: ch.repeat(255) })).name,
          ch.repeat(255),
        );
      }
      assert.equal((await zen.updateService(made[0], { name: '' })).name, '');
      const empty = await zen.createService(svc(''));
      made.push(empty.id);
      assert.equal(empty.name, '');
    } finally {
      for (const id of made) await zen.deleteService(id);
    }
  });

  // An unknown key got "did you mean sortBy?" on the list path, a list of 13 names from
  // createService, and nothing at all from login, getService and createService's options (a
  // typo there was dropped silently: getService(id, { hydarte: false }) came back hydrated).
  test('an unknown key is refused with the closest known key, on every path', async () => {
    const cases = [
      [
        () => zen.createService({ ...svc('x'), lables: { a: 'b' } }),
        'lables: unknown field; did you mean labels?',
      ],
      [
        () => zen.updateService(randomUUID(), { lables: { a: 'b' } }),
        'lables: unknown field; did you mean labels?',
      ],
      [
        () => zen.clearServiceFields(randomUUID(), ['lables']),
        'fields[0]: unknown field to clear (ZenML clears only these); did you mean labels?',
      ],
      [
        () => zen.getService(randomUUID(), { hydarte: false }),
        'hydarte: unknown option; did you mean hydrate?',
      ],
      [
        () => zen.createService(svc('x'), { projcet: 'default' }),
        'projcet: unknown option; did you mean project?',
      ],
      [
        () => zen.deleteService(randomUUID(), { sginal: null }),
        'sginal: unknown option; did you mean signal?',
      ],
      [
        () => zen.login({ usrname: 'admin', password: 'x' }),
        'usrname: unknown field; did you mean username?',
      ],
      [() => zen.listServices({ sortby: 'name' }), 'sortby: unknown option; did you mean sortBy?'],
      [
        () => zen.services({ filter: { nmae: 'x' } }).next(),
        'filter.nmae: unknown filter; did you mean name?',
      ],
      [
        () => createClient({ baseURL: server.url }),
        'baseURL: unknown option; did you mean baseUrl?',
      ],
    ];
    for (const [call, message] of cases) {
      await rejects(call(), 'invalid_argument', (e) => assert.equal(e.message, message));
    }
    assert.equal(zen.pendingCalls, 0, 'nothing was sent');
  });

  test('one wording for wrong types, on every path', async () => {
    await rejects(zen.getService(42), 'invalid_argument', (e) =>
      assert.equal(e.message, 'id: expected a string, got number'),
    );
    await rejects(zen.createService({ ...svc('x'), name: 5 }), 'invalid_argument', (e) =>
      assert.equal(e.message, 'name: expected a string, got number'),
    );
    await rejects(zen.getService(randomUUID(), { hydrate: 'no' }), 'invalid_argument', (e) =>
      assert.equal(e.message, 'hydrate: expected true or false, got string'),
    );
    await rejects(zen.listServices({ hydrate: 'no' }), 'invalid_argument', (e) =>
      assert.equal(e.message, 'hydrate: expected true or false, got string'),
    );
    await rejects(zen.updateService(randomUUID(), []), 'invalid_argument', (e) =>
      assert.equal(e.message, 'update: expected an object, got array'),
    );
    await rejects(zen.login('admin'), 'invalid_argument', (e) =>
      assert.equal(
        e.message,
        'credentials: expected { username, password } or { apiKey }, got string',
      ),
    );
    await rejects(createClient('http://x'), 'invalid_argument', (e) =>
      assert.equal(
        e.message,
        'createClient: expected an options object like { baseUrl }, got string',
      ),
    );
    await rejects(createClient({ baseUrl: server.url, timeoutMs: '5' }), 'invalid_argument', (e) =>
      assert.equal(e.message, 'timeoutMs: expected a number, got string'),
    );
    assert.throws(
      () => zen.setToken(5),
      (e) => e instanceof ZenmlError && e.message === 'token: expected a string, got number',
    );
    await rejects(
      zen.createService({ ...svc('x'), name: 'half \ud800' }),
      'invalid_argument',
      (e) => assert.equal(e.message, 'arguments: a string holds an unpaired UTF-16 surrogate'),
    );
  });
});

describe('lists, filters and pages', () => {
  const made = [];
  before(async () => {
    const names = [
      'flt-alpha',
      'flt-beta',
      'flt-gamma',
      'FLT-delta',
      'flt-a:b',
      'flt-x&y=z',
      'flt-ünï-服务',
      'flt-100%',
      'flt-a_c',
    ];
    for (const [i, name] of names.entries()) {
      made.push(
        await zen.createService(
          svc(name, {
            labels: { i: String(i) },
            status: { state: i % 2 ? 'active' : 'inactive' },
            service_type: { type: i < 4 ? 'model-serving' : 'batch', flavor: 'test' },
          }),
        ),
      );
    }
  });
  after(async () => {
    for (const s of made) await zen.deleteService(s.id);
  });

  const names = (page) => page.items.map((s) => s.name).sort();

  test('startswith/contains are LIKE (ASCII case-insensitive); equals is exact', async () => {
    const p = await zen.listServices({ filter: { name: 'startswith:flt-' }, size: 100 });
    assert.equal(p.total, 9, 'LIKE matches FLT-delta too');
    const eq = await zen.listServices({ filter: { name: 'flt-a:b' } });
    assert.deepEqual(names(eq), ['flt-a:b'], 'a bare value with a colon is an equals filter');
    const amp = await zen.listServices({ filter: { name: 'x&y=z' } });
    assert.equal(amp.total, 0, 'equals is exact');
    const c = await zen.listServices({ filter: { name: 'contains:x&y=z' } });
    assert.deepEqual(names(c), ['flt-x&y=z']);
    const u = await zen.listServices({ filter: { name: 'endswith:服务' } });
    assert.deepEqual(names(u), ['flt-ünï-服务']);
  });

  test('repeated conditions AND by default and OR on request', async () => {
    const and = await zen.listServices({
      filter: { name: ['startswith:flt-', 'endswith:a'] },
      size: 50,
    });
    assert.deepEqual(names(and), ['FLT-delta', 'flt-alpha', 'flt-beta', 'flt-gamma']);
    const or = await zen.listServices({
      filter: { name: ['equals:flt-alpha', 'equals:flt-beta'] },
      logicalOperator: 'or',
    });
    assert.deepEqual(names(or), ['flt-alpha', 'flt-beta']);
  });

  test('type is an ordinary string filter, combined by logicalOperator (0.98.0)', async () => {
    const and = await zen.listServices({
      filter: { type: 'batch', name: 'startswith:flt-a' },
      size: 50,
    });
    assert.deepEqual(names(and), ['flt-a:b', 'flt-a_c']);
    const or = await zen.listServices({
      filter: { type: 'batch', name: ['startswith:flt-a', 'startswith:flt-b'] },
      logicalOperator: 'or',
      size: 50,
    });
    assert.deepEqual(names(or), [
      'flt-100%',
      'flt-a:b',
      'flt-a_c',
      'flt-alpha',
      'flt-beta',
      'flt-x&y=z',
      'flt-ünï-服务',
    ]);
    const ops = await zen.listServices({
      filter: { type: 'startswith:model', name: 'startswith:flt-' },
      size: 50,
    });
    assert.equal(ops.total, 4);
  });

  test('sorting both ways and pagination to the last page and past it', async () => {
    const asc = await zen.listServices({
      filter: { name: 'startswith:flt-' },
      sortBy: 'asc:name',
      size: 100,
    });
    const desc = await zen.listServices({
      filter: { name: 'startswith:flt-' },
      sortBy: 'desc:name',
      size: 100,
    });
    assert.deepEqual(
      desc.items.map((s) => s.id),
      asc.items.map((s) => s.id).reverse(),
    );
    const last = await zen.listServices({ filter: { name: 'startswith:flt-' }, size: 4, page: 3 });
    assert.equal(last.total_pages, 3);
    assert.equal(last.items.length, 1);
    await rejects(
      zen.listServices({ filter: { name: 'startswith:flt-' }, size: 4, page: 4 }),
      'bad_request',
      (e) => {
        assert.equal(e.status, 400);
        assert.match(e.message, /^Invalid page 4/);
        assert.equal(e.reason, 'page_out_of_range'); // structured: no caller reads the server's text
        assert.equal(e.maxPage, 3);
      },
    );
    const local = await zen.listServices({ filter: { name: 'startswith:flt-' }, size: 100 });
    assert.throws(
      () => zen.matchServices(local.items, { size: 4, page: 4 }),
      (e) =>
        e instanceof ZenmlError &&
        e.reason === 'page_out_of_range' &&
        e.maxPage === 3 &&
        e.status === 0,
    );
    const other = await rejects(zen.getService(randomUUID()), 'not_found');
    assert.equal(other.reason, undefined, 'other failures have no reason');
  });

  test('hydrate both ways on lists', async () => {
    const plain = await zen.listServices({ filter: { name: 'flt-alpha' } });
    assert.equal(plain.items[0].metadata, null);
    const hyd = await zen.listServices({ filter: { name: 'flt-alpha' }, hydrate: true });
    assert.equal(hyd.items[0].metadata.config.pipeline_name, 'p1');
  });

  test('pages() yields every page with its totals', async () => {
    const pages = [];
    for await (const p of zen.pages({ filter: { name: 'startswith:flt-' }, size: 4 }))
      pages.push([p.index, p.items.length, p.total]);
    assert.deepEqual(pages, [
      [1, 4, 9],
      [2, 4, 9],
      [3, 1, 9],
    ]);
  });

  test('pages() from a page past the end rejects with the reason; a page that vanishes ends the walk', async () => {
    await rejects(
      zen.pages({ filter: { name: 'startswith:flt-' }, size: 4, page: 9 }).next(),
      'bad_request',
      (e) => assert.equal(e.reason, 'page_out_of_range'),
    );
    const extra = [];
    for (let i = 0; i < 3; ++i) extra.push(await zen.createService(svc(`vanish-${i}`)));
    const seen = [];
    for await (const p of zen.pages({ filter: { name: 'startswith:vanish-' }, size: 1 })) {
      seen.push(p.index);
      // after the first page, the services behind pages 2 and 3 go away
      if (p.index === 1) for (const s of extra.slice(1)) await zen.deleteService(s.id);
    }
    await zen.deleteService(extra[0].id);
    assert.deepEqual(seen, [1], 'page 2 vanished: the walk ended without an error');
    assert.equal(zen.pendingCalls, 0);
  });

  test('services() walks every page', async () => {
    const seen = [];
    for await (const s of zen.services({ filter: { name: 'startswith:flt-' }, size: 2 }))
      seen.push(s.id);
    assert.equal(seen.length, 9);
    assert.equal(new Set(seen).size, 9);
  });

  test('bad filters are refused before sending, with a hint', async () => {
    await rejects(
      zen.listServices({ filter: { created: 'gte:2026-01-01T00:00:00' } }),
      'invalid_argument',
      (e) => assert.match(e.message, /%Y-%m-%d %H:%M:%S|2026-01-01 00:00:00/),
    );
    await rejects(zen.listServices({ sortBy: 'desc:state' }), 'invalid_argument'); // no such column on 0.98.0
    await rejects(zen.listServices({ sortBy: 'desc:config' }), 'invalid_argument');
    await rejects(zen.listServices({ size: 0 }), 'invalid_argument');
    await rejects(zen.listServices({ filter: { nmae: 'x' } }), 'invalid_argument');
    assert.ok(zen.validateFilter({ size: 10001 }) instanceof ZenmlError);
    assert.equal(zen.validateFilter({ size: 10000, filter: { name: 'contains:a' } }), null);
  });

  test('toQuery / fromQuery round-trip and matchServices agrees with the server', async () => {
    const opts = {
      filter: { name: ['startswith:flt-', 'contains:a'] },
      sortBy: 'desc:created',
      size: 3,
      page: 2,
    };
    const q = zen.toQuery(opts);
    assert.match(q, /name=startswith%3Aflt-&name=contains%3Aa/);
    assert.deepEqual(zen.toQuery(zen.fromQuery(q)), q);
    const all = await zen.listServices({ filter: { name: 'startswith:flt-' }, size: 100 });
    const server = await zen.listServices(opts);
    const local = zen.matchServices(all.items, opts);
    assert.equal(local.total, server.total);
    assert.deepEqual(
      local.items.map((s) => s.id),
      server.items.map((s) => s.id),
    );
  });
});

describe('operator typos against the live server', () => {
  let literal;
  before(async () => {
    literal = await zen.createService(svc('startwith:typo-x'));
  });
  after(async () => {
    if (literal) await zen.deleteService(literal.id);
  });

  const raw = async (query) => {
    const r = await fetch(`${server.url}/api/v1/services?${query}`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    assert.equal(r.status, 200, query);
    return (await r.json()).items.map((s) => s.id);
  };

  test('ZenML reads an unknown prefix as a literal, which is why the package refuses a misspelt one', async () => {
    // the server: `startwith:` is no operator, so the whole text is compared (and matches here)
    assert.deepEqual(await raw('name=startwith%3Atypo-x'), [literal.id]);
    assert.deepEqual(await raw('name=equals%3Astartwith%3Atypo-x'), [literal.id]);
    // the package: refused before sending, with the operator meant and the literal's spelling
    await rejects(
      zen.listServices({ filter: { name: 'startwith:typo-x' } }),
      'invalid_argument',
      (e) => {
        assert.match(
          e.message,
          /did you mean startswith\? For that literal text, write equals:startwith:typo-x$/,
        );
      },
    );
    assert.equal(zen.pendingCalls, 0);
  });

  test('equals: keeps the literal, and the server finds exactly it', async () => {
    const page = await zen.listServices({ filter: { name: 'equals:startwith:typo-x' } });
    assert.deepEqual(
      page.items.map((s) => s.id),
      [literal.id],
    );
    assert.equal(
      zen.toQuery({ filter: { name: 'equals:startwith:typo-x' } }),
      'name=equals%3Astartwith%3Atypo-x',
    );
    // offline, on what the server returned, the same answer
    assert.deepEqual(
      zen
        .matchServices(page.items, { filter: { name: 'equals:startwith:typo-x' } })
        .items.map((s) => s.id),
      [literal.id],
    );
  });
});

describe('cancellation', () => {
  test('an aborted signal rejects with aborted and leaves nothing pending', async () => {
    const ac = new AbortController();
    ac.abort();
    await rejects(zen.listServices({ signal: ac.signal }), 'aborted');
    const ac2 = new AbortController();
    const p = zen.listServices({ signal: ac2.signal, size: 5 });
    ac2.abort();
    await rejects(p, 'aborted');
    assert.equal(zen.pendingCalls, 0);
  });
});
