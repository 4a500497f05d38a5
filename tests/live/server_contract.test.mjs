// Evidence that docs/server-behaviour.md matches a real zenml[server]==0.98.0.
//
//   node --test tests/live/server_contract.test.mjs
//
// Starts two throw-away servers (default CORS, and one restricted with ZSW_CORS_ORIGINS) via
// scripts/zenml-server.sh, seeds the first with scripts/seed-lib.mjs and checks every documented
// behaviour with raw fetch. Read-only list checks run first (the default project then holds
// exactly the seeded services); mutating checks come after. Runtime ~22 s on 2 cores.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { extractServicesOpenApi, makeForeignJwt, REPO } from '../../scripts/record-fixtures.mjs';
import { SECOND_USER, seed } from '../../scripts/seed-lib.mjs';
import { startServer } from '../support/server.mjs';

const ORIGIN = 'http://127.0.0.1:9999';
const ALLOWED = 'http://allowed.example:1234';
const ZERO = '00000000-0000-0000-0000-000000000000';
const TS_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?$/;

let srv; // main server
let cors; // server with ZSW_CORS_ORIGINS=ALLOWED
let S; // seed summary
let other; // {id, name} of a second project
let info;

async function api(
  path,
  { method = 'GET', body, tok, auth = true, headers = {}, raw = false, server } = {},
) {
  const s = server ?? srv;
  const h = { ...headers };
  if (auth) h.Authorization = `Bearer ${tok ?? s.token}`;
  let payload;
  if (body !== undefined) {
    payload = raw ? body : JSON.stringify(body);
    h['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(s.url + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** All names of a list query (size=100), sorted; asserts 200. */
async function names(qs) {
  const r = await api(`/api/v1/services?size=100&${qs}`);
  assert.equal(r.status, 200, `${qs} -> ${r.status} ${r.text.slice(0, 300)}`);
  return r.json.items.map((i) => i.name).sort();
}
const seeded = (pred) =>
  S.services
    .filter(pred)
    .map((s) => s.name)
    .sort();
const q = encodeURIComponent;
const secondFloor = (iso) => iso.slice(0, 19).replace('T', ' '); // "%Y-%m-%d %H:%M:%S"
let nonceN = 0;
const uniq = () => `${Date.now()}-${++nonceN}-${Math.random().toString(36).slice(2)}`;
const svcBody = (name, extra = {}) => ({
  project: srv.projectId,
  name,
  service_type: { type: 'contract-test', flavor: 'test' },
  config: { nonce: uniq() },
  ...extra,
});

/** `{"detail": [cls, msg]}` */
function assertDetail(r, status, cls, msgPart) {
  assert.equal(r.status, status, r.text.slice(0, 400));
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.ok(
    r.json && Array.isArray(r.json.detail),
    `expected {"detail":[...]}, got ${r.text.slice(0, 200)}`,
  );
  assert.equal(r.json.detail.length, 2);
  assert.equal(r.json.detail[0], cls);
  if (msgPart instanceof RegExp) assert.match(r.json.detail[1], msgPart);
  else if (msgPart !== undefined) assert.ok(r.json.detail[1].includes(msgPart), r.json.detail[1]);
}
/** top-level `[cls, msg]` (FastAPI RequestValidationError) */
function assertTopArray(r, msgPart) {
  assert.equal(r.status, 422, r.text.slice(0, 400));
  assert.ok(Array.isArray(r.json), `expected top-level array, got ${r.text.slice(0, 200)}`);
  assert.equal(r.json.length, 2);
  assert.equal(r.json[0], 'ValueError');
  assert.ok(r.json[1].startsWith("1 validation error:\n  {'type': "), r.json[1]);
  if (msgPart) assert.ok(r.json[1].includes(msgPart), r.json[1]);
}

before(async () => {
  const started = await Promise.allSettled([
    startServer(),
    startServer({ ZSW_CORS_ORIGINS: ALLOWED }),
  ]);
  [srv, cors] = started.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason; // `after` still stops whichever server did start
  S = await seed({ url: srv.url, token: srv.token, projectId: srv.projectId, secondUser: true });
  info = (await api('/api/v1/info', { auth: false })).json;
  const p = await api('/api/v1/projects', {
    method: 'POST',
    body: { name: 'other', display_name: 'Other' },
  });
  assert.equal(p.status, 200, p.text);
  other = { id: p.json.id, name: 'other' };
  for (const n of ['in-other-1', 'in-other-2']) {
    const r = await api(`/api/v1/services?project_name_or_id=other`, {
      method: 'POST',
      body: svcBody(n),
    });
    assert.equal(r.status, 200, r.text);
  }
});

after(async () => {
  await Promise.all([srv?.stop(), cors?.stop()]);
});

describe('server basics', () => {
  it("/health and /ready answer text/plain 'ok' without CORS headers", async () => {
    for (const p of ['/health', '/ready']) {
      const r = await api(p, { auth: false, headers: { Origin: ORIGIN } });
      assert.equal(r.status, 200);
      assert.equal(r.text, 'ok');
      assert.equal(r.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(r.headers.get('access-control-allow-origin'), null);
    }
  });

  it('/version and /info', async () => {
    const v = await api('/api/v1/version', { auth: false });
    assert.equal(v.json, '0.98.0');
    assert.equal(info.version, '0.98.0');
    assert.equal(info.auth_scheme, 'OAUTH2_PASSWORD_BEARER');
    assert.equal(info.database_type, 'sqlite');
    assert.equal(info.active, true);
  });

  it('live OpenAPI services contract equals tests/fixtures/openapi-services.json', async () => {
    const live = extractServicesOpenApi((await api('/openapi.json', { auth: false })).json);
    const fixture = JSON.parse(
      readFileSync(join(REPO, 'tests', 'fixtures', 'openapi-services.json'), 'utf8'),
    );
    assert.deepStrictEqual(live, fixture);
  });

  it('trailing slash: GET 404 / POST,PUT,DELETE 405 with plain-string detail; PATCH 405', async () => {
    const g = await api('/api/v1/services/');
    assert.equal(g.status, 404);
    assert.deepEqual(g.json, { detail: 'Not Found' });
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const r = await api('/api/v1/services/', {
        method,
        body: method === 'DELETE' ? undefined : {},
      });
      assert.equal(r.status, 405, method);
      assert.deepEqual(r.json, { detail: 'Method Not Allowed' });
      assert.equal(r.headers.get('allow'), 'GET');
    }
    const p = await api(`/api/v1/services/${S.services[0].id}`, { method: 'PATCH', body: {} });
    assert.equal(p.status, 405);
    assert.equal(p.headers.get('allow'), 'GET');
  });
});

describe('authentication', () => {
  it("no token: 401 {detail:'Not authenticated'} + WWW-Authenticate: Bearer", async () => {
    const r = await api('/api/v1/services', { auth: false });
    assert.equal(r.status, 401);
    assert.equal(r.text, '{"detail":"Not authenticated"}');
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
  });

  it('bad tokens: 401 CredentialsNotValid, no WWW-Authenticate', async () => {
    const a = await api('/api/v1/services', { tok: 'not-a-jwt' });
    assertDetail(
      a,
      401,
      'CredentialsNotValid',
      'Authentication error: error decoding access token: Invalid JWT token: Not enough segments.',
    );
    assert.equal(a.headers.get('www-authenticate'), null);
    const b = await api('/api/v1/services', { tok: makeForeignJwt(S.users.admin.id, info.id) });
    assertDetail(
      b,
      401,
      'CredentialsNotValid',
      'Authentication error: error decoding access token: Invalid JWT token: Signature verification failed.',
    );
  });

  it("wrong password: 401 CredentialsNotValid 'invalid username or password'", async () => {
    const r = await api('/api/v1/login', {
      method: 'POST',
      auth: false,
      raw: true,
      body: 'username=admin&password=wrong',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(
      r.text,
      '{"detail":["CredentialsNotValid","Authentication error: invalid username or password"]}',
    );
  });

  it('login token shape; cross-site Origin gets csrf_token and then needs X-CSRF-Token', async () => {
    const login = async (origin) => {
      const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
      if (origin) headers.Origin = origin;
      const r = await fetch(`${srv.url}/api/v1/login`, {
        method: 'POST',
        headers,
        body: `username=admin&password=${q(srv.env.ZENML_ADMIN_PASSWORD)}`,
      });
      assert.equal(r.status, 200);
      return r.json();
    };
    const plain = await login(null);
    assert.deepEqual(Object.keys(plain), [
      'access_token',
      'token_type',
      'expires_in',
      'refresh_token',
      'csrf_token',
      'scope',
      'device_id',
      'device_metadata',
    ]);
    assert.equal(plain.token_type, 'bearer');
    assert.equal(plain.expires_in, null);
    assert.equal(plain.csrf_token, null);
    assert.equal((await login(ORIGIN)).csrf_token, null, '127.0.0.1 origin counts as same site');
    const xs = await login('http://localhost:9999');
    assert.equal(typeof xs.csrf_token, 'string');
    const no = await api('/api/v1/services?size=1', { tok: xs.access_token });
    assertDetail(no, 401, 'CredentialsNotValid', 'Authentication error: missing CSRF token');
    const yes = await api('/api/v1/services?size=1', {
      tok: xs.access_token,
      headers: { 'X-CSRF-Token': xs.csrf_token },
    });
    assert.equal(yes.status, 200);
  });
});

describe('list: page shape, hydrate, pagination', () => {
  it('page and item shape; hydrate=false gives metadata null, resources populated', async () => {
    const r = await api('/api/v1/services?size=2');
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ['index', 'max_size', 'total_pages', 'total', 'items']);
    assert.equal(r.json.total, S.counts.total);
    assert.equal(r.json.total_pages, Math.ceil(S.counts.total / 2));
    const it0 = r.json.items[0];
    assert.deepEqual(Object.keys(it0), [
      'body',
      'metadata',
      'resources',
      'id',
      'permission_denied',
      'name',
    ]);
    assert.deepEqual(Object.keys(it0.body), [
      'created',
      'updated',
      'user_id',
      'project_id',
      'service_type',
      'labels',
      'state',
    ]);
    assert.equal(it0.metadata, null);
    assert.deepEqual(Object.keys(it0.resources), ['user', 'pipeline_run', 'model_version']);
    assert.equal(it0.resources.user.name, 'admin');
    assert.equal(it0.resources.user.metadata, null);
    assert.equal(it0.permission_denied, false);
    assert.deepEqual(Object.keys(it0.body.service_type), [
      'type',
      'flavor',
      'name',
      'description',
      'logo_url',
    ]);
  });

  it('hydrate=true gives metadata; FastAPI bool spellings', async () => {
    const h = await api('/api/v1/services?size=1&hydrate=true');
    assert.deepEqual(Object.keys(h.json.items[0].metadata), [
      'service_source',
      'admin_state',
      'config',
      'status',
      'endpoint',
      'prediction_url',
      'health_check_url',
    ]);
    for (const v of ['1', 'yes', 'on', 't', 'True']) {
      const r = await api(`/api/v1/services?size=1&hydrate=${v}`);
      assert.notEqual(r.json.items[0].metadata, null, v);
    }
    for (const v of ['0', 'no', 'off', 'FALSE']) {
      const r = await api(`/api/v1/services?size=1&hydrate=${v}`);
      assert.equal(r.json.items[0].metadata, null, v);
    }
    assertTopArray(await api('/api/v1/services?hydrate=2'), "'loc': ('query', 'hydrate')");
  });

  it('get: hydrate default true, hydrate=false -> metadata null', async () => {
    const id = S.services[0].id;
    const a = await api(`/api/v1/services/${id}`);
    assert.notEqual(a.json.metadata, null);
    const b = await api(`/api/v1/services/${id}?hydrate=false`);
    assert.equal(b.json.metadata, null);
    assert.notEqual(b.json.resources.user, null);
  });

  it('timestamps are naive ISO-8601 with microseconds', async () => {
    const r = await api('/api/v1/services?size=100');
    for (const it0 of r.json.items) {
      assert.match(it0.body.created, TS_RE);
      assert.match(it0.body.updated, TS_RE);
      assert.ok(it0.body.updated >= it0.body.created);
    }
  });

  it('empty result: total 0, total_pages 1; page beyond -> 400 ValueError', async () => {
    const e = await api('/api/v1/services?name=no-such-name');
    assert.equal(e.text, '{"index":1,"max_size":20,"total_pages":1,"total":0,"items":[]}');
    const p2 = await api('/api/v1/services?name=no-such-name&page=2');
    assert.equal(
      p2.text,
      '{"detail":["ValueError","Invalid page 2. The requested page size is 20 and there are a total of 0 items for this query. The maximum page value therefore is 1."]}',
    );
    const p = await api('/api/v1/services?page=99&size=10');
    assertDetail(
      p,
      400,
      'ValueError',
      `Invalid page 99. The requested page size is 10 and there are a total of ${S.counts.total} items for this query. The maximum page value therefore is ${Math.ceil(S.counts.total / 10)}.`,
    );
  });

  it('size/page/type errors are FastAPI 422 top-level arrays', async () => {
    assertTopArray(
      await api('/api/v1/services?size=0'),
      "'type': 'greater_than_equal', 'loc': ('query', 'size')",
    );
    assertTopArray(
      await api('/api/v1/services?size=10001'),
      "'type': 'less_than_equal', 'loc': ('query', 'size')",
    );
    assertTopArray(
      await api('/api/v1/services?page=0'),
      "'type': 'greater_than_equal', 'loc': ('query', 'page')",
    );
    assertTopArray(
      await api('/api/v1/services?page=abc'),
      "'type': 'int_parsing', 'loc': ('query', 'page')",
    );
    assertTopArray(
      await api('/api/v1/services?size=1.5'),
      "'type': 'int_parsing', 'loc': ('query', 'size')",
    );
    assertTopArray(
      await api('/api/v1/services?logical_operator=xor'),
      "'type': 'enum', 'loc': ('query', 'logical_operator')",
    );
    assertTopArray(
      await api('/api/v1/services?logical_operator=OR'),
      "'loc': ('query', 'logical_operator')",
    );
    assertTopArray(
      await api('/api/v1/services?running=maybe'),
      "'type': 'bool_parsing', 'loc': ('query', 'running')",
    );
    assertTopArray(await api('/api/v1/services?running='), "'loc': ('query', 'running')");
    assertTopArray(
      await api('/api/v1/services?scope_user=xyz'),
      "'type': 'uuid_parsing', 'loc': ('query', 'scope_user')",
    );
    const a = await api('/api/v1/services?size=0');
    assert.match(
      a.json[1],
      /\n\n {2}File ".*\/zenml\/zen_server\/utils\.py", line \d+, in list_services\n {4}GET \/api\/v1\/services$/,
    );
    assertTopArray(
      await api('/api/v1/services/not-a-uuid'),
      "'type': 'uuid_parsing', 'loc': ('path', 'service_id')",
    );
  });
});

describe('list: filters', () => {
  it('logical_operator=or without any filter returns everything', async () => {
    assert.deepEqual(
      await names('logical_operator=or'),
      seeded(() => true),
    );
  });

  it('type/flavor/pipeline_name/pipeline_step_name are generic string filters', async () => {
    assert.deepEqual(
      await names('type=model-serving'),
      seeded((s) => s.type === 'model-serving'),
    );
    assert.deepEqual(
      await names('type=startswith:model'),
      seeded((s) => s.type.startsWith('model')),
    );
    assert.deepEqual(await names('type=model-serving&type=batch-inference'), []);
    assert.deepEqual(
      await names('type=model-serving&type=batch-inference&logical_operator=or'),
      seeded((s) => s.type === 'model-serving' || s.type === 'batch-inference'),
    );
    assert.deepEqual(
      await names('type=model-serving&flavor=mlflow&logical_operator=or'),
      seeded((s) => s.type === 'model-serving' || s.flavor === 'mlflow'),
    );
    assert.deepEqual(
      await names('type=model-serving&flavor=mlflow'),
      seeded((s) => s.type === 'model-serving' && s.flavor === 'mlflow'),
    );
    assert.deepEqual(
      await names('flavor=notequals:mlflow'),
      seeded((s) => s.flavor !== 'mlflow'),
    );
    assert.deepEqual(
      await names('pipeline_name=contains:deploy'),
      seeded((s) => (s.pipeline_name ?? '').includes('deploy')),
    );
    assert.deepEqual(
      await names('pipeline_name=isnull:'),
      seeded((s) => s.pipeline_name === null),
    );
    assert.deepEqual(
      await names('pipeline_name=isnotnull:'),
      seeded((s) => s.pipeline_name !== null),
    );
    assert.deepEqual(
      await names(`pipeline_step_name=${q('oneof:["serve_step"]')}`),
      seeded((s) => s.pipeline_step_name === 'serve_step'),
    );
  });

  it('notequals / notcontains / notoneof do not match NULL', async () => {
    assert.deepEqual(
      await names('pipeline_name=notequals:training_pipeline'),
      seeded((s) => s.pipeline_name === 'deployment_pipeline'),
    );
    assert.deepEqual(
      await names('pipeline_name=notcontains:deploy'),
      seeded((s) => s.pipeline_name === 'training_pipeline'),
    );
    assert.deepEqual(
      await names(`pipeline_name=${q('notoneof:["training_pipeline"]')}`),
      seeded((s) => s.pipeline_name === 'deployment_pipeline'),
    );
    assert.deepEqual(
      await names('name=notcontains:svc'),
      seeded((s) => !s.name.includes('svc')),
    );
  });

  it('running and config are accepted but ignored; unknown params ignored', async () => {
    const all = seeded(() => true);
    for (const qs of [
      'running=true',
      'running=false',
      'config=abc',
      'state=active',
      'admin_state=active',
      'labels=x',
      'foo=bar',
    ]) {
      assert.deepEqual(await names(qs), all, qs);
    }
  });

  it("value syntax: split on first ':', unknown prefix = literal equals", async () => {
    assert.deepEqual(await names(`name=${q('a:b')}`), ['a:b']);
    assert.deepEqual(await names(`name=${q('equals:contains:x')}`), ['contains:x']);
    assert.deepEqual(await names(`name=${q('x&y=z')}`), ['x&y=z']);
    assert.deepEqual(await names(`name=${q('ünïcödé-服务')}`), ['ünïcödé-服务']);
    assert.deepEqual(await names('name=foo:bar'), []);
    assert.deepEqual(await names('name='), []);
    assert.deepEqual(await names('name=equals:'), []);
    assert.deepEqual(
      await names('name=startswith:'),
      seeded(() => true),
    );
  });

  it('SQLite: equals/oneof case-sensitive, LIKE ops ASCII-case-insensitive, % and _ unescaped', async () => {
    assert.deepEqual(await names('name=mixed-case-name'), []);
    assert.deepEqual(await names('name=Mixed-Case-Name'), ['Mixed-Case-Name']);
    assert.deepEqual(await names(`name=${q('oneof:["mixed-case-name"]')}`), []);
    assert.deepEqual(await names('name=contains:mixed'), ['Mixed-Case-Name']);
    assert.deepEqual(await names('name=startswith:MIXED'), ['Mixed-Case-Name']);
    assert.deepEqual(
      await names('name=contains:x'),
      seeded((s) => s.name.toLowerCase().includes('x')),
    );
    assert.deepEqual(await names(`name=contains:${q('ÜNÏ')}`), []);
    assert.deepEqual(await names(`name=contains:${q('ünï')}`), ['ünïcödé-服务']);
    assert.deepEqual(
      await names(`name=contains:${q('%')}`),
      seeded(() => true),
    );
    assert.deepEqual(await names('name=contains:r_s'), ['underXscore', 'under_score']);
    assert.deepEqual(
      await names(`name=contains:${q('%_d')}`),
      seeded((s) => /.+d/i.test(s.name)),
    );
  });

  it('gt/gte/lt/lte on strings cast to FLOAT; non-numeric value -> 400', async () => {
    assert.deepEqual(await names('name=gt:41'), ['100%_done', '42']);
    assert.deepEqual(await names('name=gte:42'), ['100%_done', '42']);
    assert.deepEqual(await names('name=lte:0'), []);
    const r = await api('/api/v1/services?name=gt:abc');
    assert.equal(
      r.text,
      `{"detail":["ValueError","Failed to compare the column 'ServiceSchema.name' to the value 'abc' (must be numeric): could not convert string to float: 'abc'"]}`,
    );
  });

  it('oneof/notoneof: [] is a no-op (matches all); non-string items match nothing; nested list -> 500', async () => {
    const all = seeded(() => true);
    assert.deepEqual(await names(`name=${q('oneof:[]')}`), all);
    assert.deepEqual(await names(`name=${q('notoneof:[]')}`), all);
    assert.deepEqual(await names(`name=${q('oneof:[]')}&name=svc-000&logical_operator=or`), all);
    assert.deepEqual(await names(`name=${q('oneof:[]')}&name=svc-000`), ['svc-000']);
    assert.deepEqual(await names(`name=${q('oneof:["svc-000","svc-001"]')}`), [
      'svc-000',
      'svc-001',
    ]);
    assert.deepEqual(
      await names(`name=${q('notoneof:["svc-000"]')}`),
      seeded((s) => s.name !== 'svc-000'),
    );
    for (const v of ['oneof:[1]', 'oneof:[null]', 'oneof:[true]'])
      assert.deepEqual(await names(`name=${q(v)}`), [], v);
    const nested = await api(`/api/v1/services?name=${q('oneof:[["a"]]')}`);
    assertDetail(
      nested,
      500,
      'RuntimeError',
      "(sqlite3.ProgrammingError) Error binding parameter 1: type 'list' is not supported",
    );
    for (const v of ['oneof:notjson', 'oneof:{"a":1}', 'oneof:"a"', 'oneof:{}', 'notoneof:x']) {
      const r = await api(`/api/v1/services?name=${q(v)}`);
      assertDetail(
        r,
        422,
        'ValueError',
        "1 validation error for ServiceFilter\n  Value error, When you are using the 'oneof:'/'notoneof:' filtering make sure that the provided value is a json formatted list. [type=value_error, input_value={'sort_by': 'created', 'l...'pipeline_run_id': None}, input_type=dict]",
      );
    }
  });

  it('isnull/isnotnull on strings, datetimes and UUIDs; value after colon -> 422', async () => {
    const all = seeded(() => true);
    assert.deepEqual(await names('name=isnull:'), []);
    assert.deepEqual(await names('name=isnotnull:'), all);
    assert.deepEqual(await names('created=isnull:'), []);
    assert.deepEqual(await names('created=isnotnull:'), all);
    assert.deepEqual(await names('updated=isnotnull:'), all);
    assert.deepEqual(await names('model_version_id=isnull:'), all);
    assert.deepEqual(await names('model_version_id=isnotnull:'), []);
    assert.deepEqual(await names('pipeline_run_id=isnull:&id=isnotnull:'), all);
    for (const v of ['name=isnull:x', 'name=isnotnull:x', 'created=isnull:x']) {
      assertDetail(
        await api(`/api/v1/services?${v}`),
        422,
        'ValueError',
        "Value error, When using 'isnull:'/'isnotnull:', use the explicit 'operator:' form without a value (e.g. 'isnull:').",
      );
    }
  });

  it('in: only on datetimes (inclusive, exactly two values); on strings -> 422', async () => {
    const r = await api('/api/v1/services?name=in:a,b');
    assertDetail(
      r,
      422,
      'ValueError',
      "1 validation error for ServiceFilter\noperation\n  Value error, This datatype can not be filtered using this operation: 'in'. The allowed operations are: [<GenericFilterOps.EQUALS: 'equals'>",
    );
    assertDetail(
      await api(`/api/v1/services?id=${q('in:a,b')}`),
      422,
      'ValueError',
      "filtered using this operation: 'in'",
    );
    const g1 = S.groups.g1,
      g2 = S.groups.g2;
    assert.deepEqual(
      await names(
        `created=${q(`in:${secondFloor(g1.created_min)},${secondFloor(g2.created_min)}`)}`,
      ),
      seeded((s) => s.group === 'g1'),
    );
    assertDetail(
      await api(`/api/v1/services?created=${q('in:2026-01-01 00:00:00')}`),
      422,
      'ValueError',
      'Value error, Two comma separated datetime values are required for the `in` operator.',
    );
    assertDetail(
      await api(`/api/v1/services?created=${q('lt:2026-01-01 00:00:00,2026-01-02 00:00:00')}`),
      422,
      'ValueError',
      'Value error, Only a single datetime value is allowed for operator lt.',
    );
  });

  it("datetimes: only '%Y-%m-%d %H:%M:%S' (with or without operator); ISO 'T', fractions, zones, dates -> 422", async () => {
    const bad = [
      'gte:2026-01-01T00:00:00',
      '2026-01-01T00:00:00',
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00.5',
      'gte:2026-01-01 00:00:00.5',
      'gte:2026-01-01',
      '2026-01-01',
      'banana',
      S.services[0].created,
    ];
    for (const v of bad) {
      assertDetail(
        await api(`/api/v1/services?created=${q(v)}`),
        422,
        'ValueError',
        '1 validation error for ServiceFilter\n  Value error, The datetime filter only works with values in the following format: %Y-%m-%d %H:%M:%S [type=value_error,',
      );
    }
    // bare value = equals at second precision (stored values have microseconds -> no match)
    assert.deepEqual(await names(`created=${q(secondFloor(S.services[0].created))}`), []);
    const cut = secondFloor(S.groups.g2.created_min);
    assert.deepEqual(
      await names(`created=${q(`gte:${cut}`)}`),
      seeded((s) => s.group !== 'g1'),
    );
    assert.deepEqual(
      await names(`created=${q(`lt:${cut}`)}`),
      seeded((s) => s.group === 'g1'),
    );
    const cut3 = secondFloor(S.groups.g3.created_min);
    assert.deepEqual(
      await names(`created=${q(`gte:${cut}`)}&created=${q(`lt:${cut3}`)}`),
      seeded((s) => s.group === 'g2'),
    );
    assert.deepEqual(
      await names(`created=${q(`lt:${cut}`)}&created=${q(`gte:${cut3}`)}&logical_operator=or`),
      seeded((s) => s.group !== 'g2'),
    );
  });

  it('UUID fields: equals compares UUIDs, other ops compare 32-hex strings (hyphens stripped)', async () => {
    const s = S.services[1];
    const hex = s.id.replace(/-/g, '');
    assert.deepEqual(await names(`id=${s.id}`), [s.name]);
    assert.deepEqual(await names(`id=${hex}`), [s.name]);
    assert.deepEqual(await names(`id=${s.id.toUpperCase()}`), [s.name]);
    assert.deepEqual(
      await names(`id=startswith:${s.id.slice(0, 8)}`),
      seeded((x) => x.id.startsWith(s.id.slice(0, 8))),
    );
    assert.deepEqual(
      await names(`id=startswith:${s.id.slice(0, 13)}`),
      seeded((x) => x.id.startsWith(s.id.slice(0, 13))),
    );
    assert.deepEqual(
      await names(`id=startswith:${s.id.slice(0, 8).toUpperCase()}`),
      seeded((x) => x.id.startsWith(s.id.slice(0, 8))),
    );
    assert.deepEqual(await names(`id=endswith:${hex.slice(-10)}`), [s.name]);
    assert.deepEqual(await names(`id=${q(`oneof:["${s.id}"]`)}`), [s.name]);
    assert.deepEqual(await names(`id=${q(`oneof:["${hex}"]`)}`), [s.name]);
    assert.deepEqual(
      await names(`id=notequals:${s.id}`),
      seeded((x) => x.id !== s.id),
    );
    // non-UUID values are not an error
    assert.deepEqual(await names('id=notauuid'), []);
    assert.deepEqual(
      await names('id=notequals:zzz'),
      seeded(() => true),
    );
    assert.deepEqual(await names(`id=${q('oneof:["zzz"]')}`), []);
  });

  it('user: name, id, full_name (OR-ed), operators; repeated user combines with logical_operator', async () => {
    const second = S.users.second;
    const bySecond = seeded((s) => s.owner === 'second');
    assert.ok(bySecond.length > 0);
    assert.deepEqual(await names(`user=${SECOND_USER.name}`), bySecond);
    assert.deepEqual(await names(`user=${second.id}`), bySecond);
    assert.deepEqual(await names(`user=${q('contains:Second Seed')}`), bySecond);
    assert.deepEqual(await names('user=startswith:seed'), bySecond);
    assert.deepEqual(await names(`user=startswith:${second.id.slice(0, 8)}`), bySecond);
    assert.deepEqual(
      await names(`user=${q('oneof:["admin"]')}`),
      seeded((s) => s.owner === 'admin'),
    );
    assert.deepEqual(
      await names('user=contains:ADMIN'),
      seeded((s) => s.owner === 'admin'),
    );
    assert.deepEqual(await names(`user=admin&user=${SECOND_USER.name}`), []);
    assert.deepEqual(
      await names(`user=admin&user=${SECOND_USER.name}&logical_operator=or`),
      seeded(() => true),
    );
    assert.deepEqual(await names('user=nobody'), []);
    // notequals is OR-ed over id/name/full_name, so it matches the admin too (full_name "" != "admin")
    assert.deepEqual(
      await names('user=notequals:admin'),
      seeded(() => true),
    );
  });

  it('scope_user is always AND-ed, even with logical_operator=or', async () => {
    const second = S.users.second;
    assert.deepEqual(
      await names(`scope_user=${second.id}`),
      seeded((s) => s.owner === 'second'),
    );
    assert.deepEqual(await names(`scope_user=${second.id}&name=svc-000&logical_operator=or`), []);
  });

  it('project: default implied; name or UUID exact; other projects invisible; unknown -> 404', async () => {
    assert.deepEqual(
      await names('project=default'),
      seeded(() => true),
    );
    assert.deepEqual(
      await names(`project=${srv.projectId}`),
      seeded(() => true),
    );
    assert.deepEqual(await names('name=startswith:in-other'), []);
    assert.deepEqual(await names('project=other&name=startswith:in-other'), [
      'in-other-1',
      'in-other-2',
    ]);
    assert.deepEqual(await names(`project=${other.id}`), ['in-other-1', 'in-other-2']);
    const r = await api('/api/v1/services?project=nope');
    assert.equal(
      r.text,
      `{"detail":["KeyError","\\"Unable to get project with name or ID 'nope': 'nope' is not a valid  UUID and no project with this name exists.\\""]}`,
    );
    assert.equal(r.status, 404);
    const u = await api(`/api/v1/services?project=${ZERO}`);
    assert.equal(
      u.text,
      `{"detail":["KeyError","\\"Unable to get project with name or ID '${ZERO}': No project with this ID found.\\""]}`,
    );
    assertDetail(await api('/api/v1/services?project=OTHER'), 404, 'KeyError');
    assertDetail(
      await api('/api/v1/services?project=contains:def'),
      404,
      'KeyError',
      "'contains:def' is not a valid  UUID",
    );
  });
});

describe('list: sorting', () => {
  it('sortable: any filter column incl. type/flavor/pipeline_*; excluded/unknown -> 422', async () => {
    for (const s of [
      'type',
      'desc:type',
      'flavor',
      'pipeline_name',
      'pipeline_step_name',
      'model_version_id',
      'pipeline_run_id',
      'id',
      'created',
      'updated',
      'name',
      'user',
    ]) {
      assert.equal((await api(`/api/v1/services?size=1&sort_by=${s}`)).status, 200, s);
    }
    for (const s of [
      'running',
      'config',
      'project',
      'scope_user',
      'page',
      'size',
      'logical_operator',
      'sort_by',
    ]) {
      const r = await api(`/api/v1/services?sort_by=${s}`);
      assert.equal(
        r.text,
        `{"detail":["ValueError","1 validation error for ServiceFilter\\nsort_by\\n  Value error, This resource can not be sorted by this field: '${s}' [type=value_error, input_value='${s}', input_type=str]\\n    For further information visit https://errors.pydantic.dev/2.12/v/value_error"]}`,
      );
    }
    for (const s of ['nope', 'state', 'labels', 'asc:', 'admin_state']) {
      assertDetail(
        await api(`/api/v1/services?sort_by=${q(s)}`),
        422,
        'ValueError',
        `sort_by\n  Value error, You can only sort by valid fields of this resource [type=value_error, input_value='${s}', input_type=str]`,
      );
    }
  });

  it('unknown or upper-case prefix silently means asc', async () => {
    const asc = (await api('/api/v1/services?size=100&sort_by=asc:name')).json.items.map(
      (i) => i.id,
    );
    for (const s of ['foo:name', 'DESC:name', 'name']) {
      assert.deepEqual(
        (await api(`/api/v1/services?size=100&sort_by=${s}`)).json.items.map((i) => i.id),
        asc,
        s,
      );
    }
  });

  it('name sort is binary (case-sensitive); tie-break id follows the direction', async () => {
    const items = (await api('/api/v1/services?size=100&sort_by=asc:name')).json.items;
    const got = items.map((i) => i.name);
    const bin = [...got].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual(got, bin);
    assert.ok(got.indexOf('Mixed-Case-Name') < got.indexOf('a:b'));
    assert.ok(got.indexOf('underXscore') < got.indexOf('under_score'));
    const dupAsc = items.filter((i) => i.name === 'svc-dup').map((i) => i.id);
    assert.deepEqual(dupAsc, [...dupAsc].sort());
    const dupDesc = (await api('/api/v1/services?size=100&sort_by=desc:name')).json.items
      .filter((i) => i.name === 'svc-dup')
      .map((i) => i.id);
    assert.deepEqual(dupDesc, [...dupAsc].sort().reverse());
  });

  it('default sort is created asc (= creation order); NULLs first on asc', async () => {
    const items = (await api('/api/v1/services?size=100')).json.items;
    assert.deepEqual(
      items.map((i) => i.id),
      S.services.map((s) => s.id),
    );
    const pn = (await api('/api/v1/services?size=100&sort_by=pipeline_name')).json.items.map(
      (i) => i.id,
    );
    const nullIds = new Set(S.services.filter((s) => s.pipeline_name === null).map((s) => s.id));
    assert.ok(pn.slice(0, nullIds.size).every((id) => nullIds.has(id)));
  });

  it('sort_by=user orders by user name (no id tie-break)', async () => {
    const asc = (await api('/api/v1/services?size=100&sort_by=user')).json.items.map(
      (i) => i.resources.user.name,
    );
    assert.deepEqual(asc, [...asc].sort());
    const desc = (await api('/api/v1/services?size=100&sort_by=desc:user')).json.items.map(
      (i) => i.resources.user.name,
    );
    assert.deepEqual(desc, [...desc].sort().reverse());
  });
});

describe('create', () => {
  it('200 with hydrated body; defaults echoed; user/unknown fields ignored', async () => {
    const r = await api('/api/v1/services', {
      method: 'POST',
      body: svcBody('c-full', {
        user: ZERO,
        unknown_field: 1,
        service_type: { type: 'contract-test', flavor: 'test', extra: 1 },
        status: { state: 'scaled_to_zero' },
        admin_state: 'inactive',
        labels: { a: 'b' },
      }),
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json), [
      'body',
      'metadata',
      'resources',
      'id',
      'permission_denied',
      'name',
    ]);
    assert.equal(r.json.body.user_id, S.users.admin.id);
    assert.deepEqual(r.json.body.service_type, {
      type: 'contract-test',
      flavor: 'test',
      name: '',
      description: '',
      logo_url: '',
    });
    assert.equal(r.json.body.state, 'scaled_to_zero');
    assert.equal(r.json.metadata.admin_state, 'inactive');
    assert.deepEqual(r.json.body.labels, { a: 'b' });
    assert.match(r.json.body.created, TS_RE);
    assert.ok(r.json.body.updated > r.json.body.created, 'updated is set a few µs after created');
  });

  it("empty containers become null; prediction_url '' -> null but health_check_url/service_source '' kept", async () => {
    const r = await api('/api/v1/services', {
      method: 'POST',
      body: svcBody('c-empty', {
        labels: {},
        status: {},
        endpoint: {},
        prediction_url: '',
        health_check_url: '',
        service_source: '',
      }),
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.body.labels, null);
    assert.equal(r.json.body.state, null);
    assert.deepEqual(r.json.metadata, {
      service_source: '',
      admin_state: null,
      config: r.json.metadata.config,
      status: null,
      endpoint: null,
      prediction_url: null,
      health_check_url: '',
    });
    const st = await api('/api/v1/services', {
      method: 'POST',
      body: svcBody('c-nostate', { status: { foo: 1 } }),
    });
    assert.equal(st.json.body.state, null);
    assert.deepEqual(st.json.metadata.status, { foo: 1 });
  });

  it('409 on byte-identical config (re-serialised, key order matters, across projects)', async () => {
    const cfg = { k1: 1, k2: uniq() };
    const a = await api('/api/v1/services', {
      method: 'POST',
      body: { ...svcBody('c-dup-a'), config: cfg },
    });
    assert.equal(a.status, 200);
    const b = await api('/api/v1/services', {
      method: 'POST',
      raw: true,
      body: JSON.stringify({ ...svcBody('c-dup-b'), config: undefined }).replace(
        /}$/,
        `,"config": { "k1" : 1 , "k2":"${cfg.k2}" }}`,
      ),
    });
    assert.equal(
      b.text,
      `{"detail":["EntityExistsError","Unable to create service 'c-dup-b' with the given configuration: A service with the same configuration already exists."]}`,
    );
    assert.equal(b.status, 409);
    const c = await api('/api/v1/services', {
      method: 'POST',
      body: { ...svcBody('c-dup-c'), config: { k2: cfg.k2, k1: 1 } },
    });
    assert.equal(c.status, 200, 'different key order is a different config');
    const d = await api('/api/v1/services?project_name_or_id=other', {
      method: 'POST',
      body: { ...svcBody('c-dup-d'), config: cfg },
    });
    assertDetail(d, 409, 'EntityExistsError');
  });

  it("name: '' accepted, 255 ok, 256 -> 422 array", async () => {
    assert.equal(
      (await api('/api/v1/services', { method: 'POST', body: svcBody('') })).status,
      200,
    );
    assert.equal(
      (await api('/api/v1/services', { method: 'POST', body: svcBody('n'.repeat(255)) })).status,
      200,
    );
    assertTopArray(
      await api('/api/v1/services', { method: 'POST', body: svcBody('n'.repeat(256)) }),
      "'type': 'string_too_long', 'loc': ('body', 'name'), 'msg': 'String should have at most 255 characters'",
    );
  });

  it("name length is counted in code points (Python's len), on create and update alike", async () => {
    // "é" is 2 bytes of UTF-8; "😀" is 4 bytes and 2 UTF-16 units (JS: "😀".length === 2). The
    // server counts neither: 255 of any of them is accepted, 256 refused. The client applies the
    // same rule on every path (check_name in include/zenml/codec.hpp).
    const tooLong =
      "'type': 'string_too_long', 'loc': ('body', 'name'), 'msg': 'String should have at most 255 characters'";
    const target = await api('/api/v1/services', { method: 'POST', body: svcBody('c-len') });
    assert.equal(target.status, 200, target.text);
    for (const ch of ['n', '\u00e9', '\u{1F600}']) {
      const ok = ch.repeat(255);
      const over = ch.repeat(256);
      const c = await api('/api/v1/services', { method: 'POST', body: svcBody(ok) });
      assert.equal(c.status, 200, `255 x ${ch}: ${c.text.slice(0, 200)}`);
      assert.equal(c.json.name, ok);
      assert.equal((await api(`/api/v1/services/${c.json.id}`, { method: 'DELETE' })).status, 200);
      assertTopArray(
        await api('/api/v1/services', { method: 'POST', body: svcBody(over) }),
        tooLong,
      );
      const u = await api(`/api/v1/services/${target.json.id}`, {
        method: 'PUT',
        body: { name: ok },
      });
      assert.equal(u.status, 200, `update to 255 x ${ch}: ${u.text.slice(0, 200)}`);
      assertTopArray(
        await api(`/api/v1/services/${target.json.id}`, { method: 'PUT', body: { name: over } }),
        tooLong,
      );
    }
    // code points, not what a reader sees: "e" + U+0301 looks like one letter and counts as two
    assertTopArray(
      await api('/api/v1/services', { method: 'POST', body: svcBody('e\u0301'.repeat(128)) }),
      tooLong,
    );
    assert.equal(
      (await api(`/api/v1/services/${target.json.id}`, { method: 'DELETE' })).status,
      200,
    );
  });

  it('body validation -> 422 arrays (missing project, label types, admin_state, bad JSON, missing flavor)', async () => {
    const { project, ...noProject } = svcBody('c-np');
    assertTopArray(
      await api('/api/v1/services?project_name_or_id=default', { method: 'POST', body: noProject }),
      "'type': 'missing', 'loc': ('body', 'project'), 'msg': 'Field required'",
    );
    assertTopArray(
      await api('/api/v1/services', { method: 'POST', body: svcBody('c-l', { labels: { a: 1 } }) }),
      "'type': 'string_type', 'loc': ('body', 'labels', 'a')",
    );
    assertTopArray(
      await api('/api/v1/services', {
        method: 'POST',
        body: svcBody('c-a', { admin_state: 'bogus' }),
      }),
      "'type': 'enum', 'loc': ('body', 'admin_state')",
    );
    assertTopArray(
      await api('/api/v1/services', { method: 'POST', raw: true, body: '{"project":' }),
      "'type': 'json_invalid', 'loc': ('body', 11), 'msg': 'JSON decode error'",
    );
    assertTopArray(
      await api('/api/v1/services', {
        method: 'POST',
        body: svcBody('c-f', { service_type: { type: 't' } }),
      }),
      "'loc': ('body', 'service_type', 'flavor')",
    );
  });

  it('project_name_or_id overrides body.project; unknown -> 404; deprecated workspace route works', async () => {
    const r = await api('/api/v1/services?project_name_or_id=other', {
      method: 'POST',
      body: { ...svcBody('c-ov'), project: ZERO },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.body.project_id, other.id);
    const n = await api('/api/v1/services?project_name_or_id=nope', {
      method: 'POST',
      body: svcBody('c-404'),
    });
    assertDetail(
      n,
      404,
      'KeyError',
      "\"Unable to get project with name or ID 'nope': 'nope' is not a valid  UUID and no project with this name exists.\"",
    );
    const w = await api('/api/v1/workspaces/other/services', {
      method: 'POST',
      body: svcBody('c-ws'),
    });
    assert.equal(w.status, 200);
    assert.equal(w.json.body.project_id, other.id);
  });

  it('non-existent project UUID in body -> 500 RuntimeError (FK), nothing stored', async () => {
    const r = await api('/api/v1/services', {
      method: 'POST',
      body: { ...svcBody('c-fk'), project: ZERO },
    });
    assertDetail(r, 500, 'RuntimeError', '(sqlite3.IntegrityError) FOREIGN KEY constraint failed');
    assert.deepEqual(await names('name=c-fk'), []);
  });

  it('unknown model_version_id / pipeline_run_id -> 404 KeyError', async () => {
    const mv = await api('/api/v1/services', {
      method: 'POST',
      body: svcBody('c-mv', { model_version_id: ZERO }),
    });
    assertDetail(
      mv,
      404,
      'KeyError',
      `"The model version with ID ${ZERO} referenced by the service being created was not found in the '${srv.projectId}' project"`,
    );
    const pr = await api('/api/v1/services', {
      method: 'POST',
      body: svcBody('c-pr', { pipeline_run_id: ZERO }),
    });
    assertDetail(
      pr,
      404,
      'KeyError',
      `"The pipeline run with ID ${ZERO} referenced by the service being created was not found in the '${srv.projectId}' project"`,
    );
  });

  it('Idempotency-Key: replay returns the first response (re-serialised); non-UUID key -> bare 500', async () => {
    const key = crypto.randomUUID();
    const body = svcBody('c-idem');
    const a = await api('/api/v1/services', {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': key },
    });
    const b = await api('/api/v1/services', {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': key },
    });
    const c = await api('/api/v1/services', {
      method: 'POST',
      body: svcBody('c-idem-other'),
      headers: { 'Idempotency-Key': key },
    });
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(c.status, 200);
    assert.deepEqual(b.json, a.json);
    assert.deepEqual(
      c.json,
      a.json,
      'a different body with the same key still gets the cached response',
    );
    assert.notEqual(b.text, a.text, "replay uses Python json.dumps separators (', ' and ': ')");
    assert.ok(b.text.startsWith('{"body": {"created": '));
    assert.deepEqual(await names('name=startswith:c-idem'), ['c-idem']);
    const bad = await api('/api/v1/services', {
      method: 'POST',
      body: svcBody('c-idem-bad'),
      headers: { 'Idempotency-Key': 'not-a-uuid', Origin: ORIGIN },
    });
    assert.equal(bad.status, 500);
    assert.equal(bad.text, 'Internal Server Error');
    assert.equal(bad.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(bad.headers.get('access-control-allow-origin'), null);
  });
});

describe('get / update / delete', () => {
  let id;
  before(async () => {
    const r = await api('/api/v1/services', {
      method: 'POST',
      body: svcBody('u-target', {
        labels: { team: 'a' },
        status: { state: 'active', x: 1 },
        endpoint: { port: 1 },
        prediction_url: 'http://p',
        health_check_url: 'http://h',
        service_source: 'src',
        admin_state: 'active',
      }),
    });
    id = r.json.id;
  });
  const put = async (body) => {
    const r = await api(`/api/v1/services/${id}`, { method: 'PUT', body });
    assert.equal(r.status, 200, `${JSON.stringify(body)} -> ${r.text.slice(0, 300)}`);
    return r.json;
  };

  it('partial update: absent/null = unchanged, {} clears, status without state clears state, updated bumps', async () => {
    const before0 = (await api(`/api/v1/services/${id}`)).json;
    let r = await put({});
    assert.ok(r.body.updated > before0.body.updated, '{} still bumps updated');
    assert.deepEqual(r.body.labels, { team: 'a' });
    r = await put({ labels: { x: 'y' } });
    assert.deepEqual(r.body.labels, { x: 'y' }, 'labels are replaced, not merged');
    r = await put({ labels: null });
    assert.deepEqual(r.body.labels, { x: 'y' });
    r = await put({ labels: {} });
    assert.equal(r.body.labels, null);
    r = await put({ status: { state: 'error', msg: 'm' } });
    assert.equal(r.body.state, 'error');
    r = await put({ status: { foo: 1 } });
    assert.equal(r.body.state, null);
    assert.deepEqual(r.metadata.status, { foo: 1 });
    r = await put({ status: null });
    assert.deepEqual(r.metadata.status, { foo: 1 });
    r = await put({ status: {} });
    assert.equal(r.metadata.status, null);
    assert.equal(r.body.state, null);
    r = await put({ endpoint: null });
    assert.deepEqual(r.metadata.endpoint, { port: 1 });
    r = await put({ endpoint: {} });
    assert.equal(r.metadata.endpoint, null);
    r = await put({ prediction_url: '' });
    assert.equal(r.metadata.prediction_url, null);
    r = await put({ health_check_url: '' });
    assert.equal(r.metadata.health_check_url, '');
    r = await put({ service_source: '' });
    assert.equal(r.metadata.service_source, '');
    r = await put({ admin_state: null });
    assert.equal(r.metadata.admin_state, 'active');
    r = await put({ admin_state: 'error' });
    assert.equal(r.metadata.admin_state, 'error');
    r = await put({ name: '' });
    assert.equal(r.name, '');
    r = await put({ name: 'u-target' });
    const cfg = r.metadata.config;
    r = await put({
      config: { changed: 1 },
      project: ZERO,
      service_type: { type: 'z', flavor: 'z' },
      pipeline_run_id: ZERO,
    });
    assert.deepEqual(r.metadata.config, cfg, 'config is immutable (ignored)');
    assert.equal(r.body.project_id, srv.projectId);
    assert.equal(r.body.service_type.type, 'contract-test');
  });

  it('update errors: unknown id 404, bad id 422, bad body 422, unknown model version 404', async () => {
    const nf = await api(`/api/v1/services/${ZERO}`, { method: 'PUT', body: {} });
    assert.equal(
      nf.text,
      `{"detail":["KeyError","\\"Unable to get service with ID '${ZERO}': No service with this ID found\\""]}`,
    );
    assert.equal(nf.status, 404);
    assertTopArray(
      await api('/api/v1/services/nope', { method: 'PUT', body: {} }),
      "'loc': ('path', 'service_id')",
    );
    assertTopArray(
      await api(`/api/v1/services/${id}`, { method: 'PUT', body: [1] }),
      "'type': 'model_attributes_type', 'loc': ('body',)",
    );
    assertTopArray(
      await api(`/api/v1/services/${id}`, { method: 'PUT', body: { name: 'n'.repeat(256) } }),
      "'loc': ('body', 'name')",
    );
    assertTopArray(
      await api(`/api/v1/services/${id}`, { method: 'PUT', body: { labels: { a: 1 } } }),
      "'loc': ('body', 'labels', 'a')",
    );
    const mv = await api(`/api/v1/services/${id}`, {
      method: 'PUT',
      body: { model_version_id: ZERO },
    });
    assertDetail(
      mv,
      404,
      'KeyError',
      `"The model version with ID ${ZERO} referenced by the service schema being updated was not found in the 'default' project"`,
    );
  });

  it("no RBAC on OSS: a non-admin user can update another user's service", async () => {
    const r = await api(`/api/v1/services/${id}`, {
      method: 'PUT',
      body: { labels: { by: 'second' } },
      tok: S.users.second.token,
    });
    assert.equal(r.status, 200);
    assert.equal(r.json.body.user_id, S.users.admin.id);
  });

  it("delete: 200 'null'; again 404; get 404; the config becomes reusable", async () => {
    const body = svcBody('d-target');
    const c = await api('/api/v1/services', { method: 'POST', body });
    const d = await api(`/api/v1/services/${c.json.id}`, { method: 'DELETE' });
    assert.equal(d.status, 200);
    assert.equal(d.text, 'null');
    assert.match(d.headers.get('content-type'), /^application\/json/);
    const d2 = await api(`/api/v1/services/${c.json.id}`, { method: 'DELETE' });
    assert.equal(
      d2.text,
      `{"detail":["KeyError","\\"Unable to get service with ID '${c.json.id}': No service with this ID found\\""]}`,
    );
    assert.equal((await api(`/api/v1/services/${c.json.id}`)).status, 404);
    assert.equal((await api('/api/v1/services', { method: 'POST', body })).status, 200);
  });
});

describe('invalid status.state poisons the row', () => {
  let pname;
  before(async () => {
    pname = `poison-${Date.now().toString(36)}`;
    const p = await api('/api/v1/projects', { method: 'POST', body: { name: pname } });
    assert.equal(p.status, 200, p.text);
  });

  it('create with bogus state: 422 ServiceResponseBody, row stored, list/get/put/delete all 422', async () => {
    const expected = `{"detail":["ValueError","1 validation error for ServiceResponseBody\\nstate\\n  Input should be 'inactive', 'active', 'pending_startup', 'pending_shutdown', 'error' or 'scaled_to_zero' [type=enum, input_value='bogus', input_type=str]\\n    For further information visit https://errors.pydantic.dev/2.12/v/enum"]}`;
    const r = await api(`/api/v1/services?project_name_or_id=${pname}`, {
      method: 'POST',
      body: svcBody('poisoned', { status: { state: 'bogus' } }),
    });
    assert.equal(r.status, 422);
    assert.equal(r.text, expected);
    const l = await api(`/api/v1/services?project=${pname}`);
    assert.equal(l.status, 422);
    assert.equal(l.text, expected);
    // find the id: pages that do not contain the row still work
    let prefix = '';
    for (let i = 0; i < 32; i++) {
      const hexes = [...'0123456789abcdef'];
      const st = await Promise.all(
        hexes.map((ch) => api(`/api/v1/services?project=${pname}&id=startswith:${prefix + ch}`)),
      );
      const hit = st.findIndex((t) => t.status === 422);
      if (hit < 0) break;
      prefix += hexes[hit];
    }
    assert.equal(prefix.length, 32);
    const pid = prefix.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    for (const [method, body] of [['GET'], ['PUT', { status: { state: 'active' } }], ['DELETE']]) {
      const x = await api(`/api/v1/services/${pid}`, { method, body });
      assert.equal(x.status, 422, method);
      assert.equal(x.text, expected, method);
    }
    assert.equal((await api(`/api/v1/services?project=${pname}&size=1&name=nothing`)).status, 200);
    // the default project is unaffected
    assert.equal((await api('/api/v1/services?size=1')).status, 200);
  });

  it("update to an invalid state ('ACTIVE') is committed too and then poisons", async () => {
    const c = await api(`/api/v1/services?project_name_or_id=${pname}`, {
      method: 'POST',
      body: svcBody('to-poison'),
    });
    assert.equal(c.status, 200);
    const u = await api(`/api/v1/services/${c.json.id}`, {
      method: 'PUT',
      body: { status: { state: 'ACTIVE' } },
    });
    assertDetail(
      u,
      422,
      'ValueError',
      "1 validation error for ServiceResponseBody\nstate\n  Input should be 'inactive', 'active', 'pending_startup', 'pending_shutdown', 'error' or 'scaled_to_zero' [type=enum, input_value='ACTIVE'",
    );
    assert.equal((await api(`/api/v1/services/${c.json.id}`)).status, 422);
  });
});

describe('CORS', () => {
  it('default (*): preflight echoes origin, mirrors requested headers, allows credentials', async () => {
    const r = await api('/api/v1/services', {
      method: 'OPTIONS',
      auth: false,
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'DELETE',
        'Access-Control-Request-Headers': 'authorization,content-type,x-csrf-token',
      },
    });
    assert.equal(r.status, 200);
    assert.equal(r.text, 'OK');
    assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(r.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(
      r.headers.get('access-control-allow-headers'),
      'authorization,content-type,x-csrf-token',
    );
    assert.equal(
      r.headers.get('access-control-allow-methods'),
      'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY',
    );
    assert.equal(r.headers.get('access-control-max-age'), '600');
  });

  it("default (*): actual responses (200/401/404/422/500) echo the origin, never '*', no expose-headers", async () => {
    const cases = [
      ['/api/v1/services?size=1', {}, 200],
      ['/api/v1/services?size=1', { auth: false }, 401],
      [`/api/v1/services/${ZERO}`, {}, 404],
      ['/api/v1/services?size=0', {}, 422],
      [
        '/api/v1/services',
        { method: 'POST', body: { ...svcBody('cors-500'), project: ZERO } },
        500,
      ],
    ];
    for (const [path, opts, status] of cases) {
      const r = await api(path, { ...opts, headers: { Origin: ORIGIN } });
      assert.equal(r.status, status, path);
      assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN, path);
      assert.equal(r.headers.get('access-control-allow-credentials'), 'true', path);
      assert.equal(r.headers.get('access-control-expose-headers'), null, path);
      assert.equal(r.headers.get('vary'), 'Origin', path);
    }
    const noOrigin = await api('/api/v1/services?size=1');
    assert.equal(noOrigin.headers.get('access-control-allow-origin'), null);
    assert.equal(noOrigin.headers.get('vary'), 'Origin');
  });

  it("ZENML_SERVER_CORS_ALLOW_ORIGINS: other origins get 400 'Disallowed CORS origin' preflight, no ACAO", async () => {
    const pre = (origin) =>
      api('/api/v1/services', {
        server: cors,
        method: 'OPTIONS',
        auth: false,
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
    const ok = await pre(ALLOWED);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), ALLOWED);
    const no = await pre(ORIGIN);
    assert.equal(no.status, 400);
    assert.equal(no.text, 'Disallowed CORS origin');
    assert.equal(no.headers.get('access-control-allow-origin'), null);
    const simple = await api('/api/v1/services?size=1', {
      server: cors,
      headers: { Origin: ORIGIN },
    });
    assert.equal(simple.status, 200);
    assert.equal(simple.headers.get('access-control-allow-origin'), null);
    const simpleOk = await api('/api/v1/services?size=1', {
      server: cors,
      headers: { Origin: ALLOWED },
    });
    assert.equal(simpleOk.headers.get('access-control-allow-origin'), ALLOWED);
  });
});
