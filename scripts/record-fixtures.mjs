#!/usr/bin/env node
// Record real response bodies of a zenml[server]==0.98.0 server as test fixtures.
//
//   node scripts/record-fixtures.mjs [--url U --token T --project-id P] [--out DIR] [--openapi FILE]
//
// Without --url (and without $ZENML_URL) a throw-away server is started with
// scripts/zenml-server.sh in a temporary state dir and stopped afterwards.
//
// Writes
//   tests/fixtures/live/<status>-<case>.json   {request, status, headers, body(raw text)}
//   tests/fixtures/openapi-services.json        the services operations + schemas (trimmed)
//
// Every fixture is a real response; volatile values (ids, timestamps, tokens) are left as
// recorded. The only rewrite: the absolute venv path that FastAPI-level 422 messages embed
// is replaced by "<venv>" so re-recording on another machine gives a small diff.
//
// The module also exports helpers the live contract test reuses (extractServicesOpenApi,
// makeForeignJwt). Servers are started by tests/support/server.mjs, as in every suite.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../tests/support/server.mjs';
import { seed } from './seed-lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '..');

// ---------------------------------------------------------------- OpenAPI contract

export const SERVICE_OPERATIONS = [
  ['/api/v1/services', 'get'],
  ['/api/v1/services', 'post'],
  ['/api/v1/services/{service_id}', 'get'],
  ['/api/v1/services/{service_id}', 'put'],
  ['/api/v1/services/{service_id}', 'delete'],
];
export const SERVICE_SCHEMAS = [
  'ServiceRequest',
  'ServiceUpdate',
  'ServiceResponse',
  'ServiceResponseBody',
  'ServiceResponseMetadata',
  'ServiceResponseResources',
  'Page_ServiceResponse_',
  'ServiceType',
  'ServiceState',
  'LogicalOperators',
];

function stripDocs(v) {
  if (Array.isArray(v)) return v.map(stripDocs);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'title' || k === 'description' || k === 'examples' || k === 'example') continue;
      out[k] = stripDocs(x);
    }
    return out;
  }
  return v;
}

/** The part of /openapi.json our client is written against (docs text stripped). */
export function extractServicesOpenApi(openapi) {
  const operations = {};
  for (const [path, method] of SERVICE_OPERATIONS) {
    const op = openapi.paths?.[path]?.[method];
    if (!op) throw new Error(`openapi: missing ${method.toUpperCase()} ${path}`);
    operations[`${method.toUpperCase()} ${path}`] = {
      operationId: op.operationId,
      parameters: stripDocs(op.parameters ?? []),
      requestBody: op.requestBody ? stripDocs(op.requestBody) : null,
      responses: Object.fromEntries(
        Object.entries(op.responses ?? {}).map(([code, r]) => [code, stripDocs(r.content ?? null)]),
      ),
    };
  }
  const schemas = {};
  for (const name of SERVICE_SCHEMAS) {
    const s = openapi.components?.schemas?.[name];
    if (!s) throw new Error(`openapi: missing schema ${name}`);
    schemas[name] = stripDocs(s);
  }
  return { zenml_version: openapi.info?.version ?? null, operations, schemas };
}

// ---------------------------------------------------------------- helpers

/** A syntactically valid HS256 JWT for `sub`/`iss`/`aud`, signed with the wrong key. */
export function makeForeignJwt(sub, serverId) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({ sub, iss: serverId, aud: serverId, iat: Math.floor(Date.now() / 1000) });
  const sig = createHmac('sha256', 'not-the-server-key')
    .update(`${head}.${body}`)
    .digest('base64url');
  return `${head}.${body}.${sig}`;
}

const KEEP_HEADERS = /^(content-type|www-authenticate|allow|vary|access-control-.*)$/;

export function pickHeaders(res) {
  const h = {};
  for (const [k, v] of res.headers) if (KEEP_HEADERS.test(k)) h[k] = v;
  return h;
}

export function scrub(text) {
  // FastAPI-level 422 bodies embed the absolute path of zen_server/utils.py
  return text.replace(/File \\"[^"\\]*?(\/zenml\/zen_server\/[^"\\]+)\\"/g, 'File \\"<venv>$1\\"');
}

// ---------------------------------------------------------------- recording

async function record({ url, token, projectId, out }) {
  const base = url.replace(/\/+$/, '');
  const fixtures = {};
  async function call(
    name,
    method,
    path,
    { body, headers = {}, auth = true, tok = token, raw = false } = {},
  ) {
    const h = { ...headers };
    if (auth && tok) h.Authorization = `Bearer ${tok}`;
    let payload;
    if (body !== undefined) {
      payload = raw ? body : JSON.stringify(body);
      h['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(base + path, { method, headers: h, body: payload });
    const text = await res.text();
    const fx = {
      request: {
        method,
        path,
        ...(Object.keys(headers).length ? { headers } : {}),
        ...(body !== undefined ? { body: raw ? body : body } : {}),
      },
      status: res.status,
      headers: pickHeaders(res),
      body: scrub(text),
    };
    if (name) fixtures[name] = fx;
    return {
      status: res.status,
      text,
      json: (() => {
        try {
          return JSON.parse(text);
        } catch {
          return undefined;
        }
      })(),
    };
  }

  const summary = await seed({ url: base, token, projectId, secondUser: true, pauseMs: 0 });
  const admin = summary.users.admin;
  const svc = summary.services;
  const nonce = randomUUID();
  const svcBody = (name, extra = {}) => ({
    project: projectId,
    name,
    service_type: { type: 'model-serving', flavor: 'test' },
    config: {
      pipeline_name: 'fixture_pipeline',
      pipeline_step_name: 'fixture_step',
      nonce: `${nonce}-${name}`,
    },
    ...extra,
  });
  const info = (await call(null, 'GET', '/api/v1/info', { auth: false })).json;

  // ---- successes
  await call(
    '200-list-hydrated',
    'GET',
    '/api/v1/services?hydrate=true&size=3&sort_by=asc:name&name=startswith:svc-00',
  );
  await call(
    '200-list-not-hydrated',
    'GET',
    '/api/v1/services?size=3&sort_by=asc:name&name=startswith:svc-00',
  );
  await call('200-list-empty', 'GET', '/api/v1/services?name=no-such-service');
  const created = await call('200-create', 'POST', '/api/v1/services', {
    body: svcBody('fixture-svc', {
      service_source: 'fixtures.Service',
      admin_state: 'active',
      labels: { team: 'fixtures' },
      status: { state: 'pending_startup', last_error: '' },
      endpoint: { protocol: 'http', port: 8000 },
      prediction_url: 'http://127.0.0.1:8000/predict',
      health_check_url: 'http://127.0.0.1:8000/health',
    }),
  });
  const id = created.json.id;
  await call('200-update', 'PUT', `/api/v1/services/${id}`, {
    body: {
      name: 'fixture-svc-renamed',
      labels: { team: 'fixtures', v: '2' },
      status: { state: 'active' },
      admin_state: 'active',
    },
  });
  await call('200-get', 'GET', `/api/v1/services/${id}`);
  await call('200-get-not-hydrated', 'GET', `/api/v1/services/${id}?hydrate=false`);
  await call('200-delete', 'DELETE', `/api/v1/services/${id}`);
  await call('200-health', 'GET', '/health', { auth: false });
  await call('200-cors-preflight', 'OPTIONS', '/api/v1/services', {
    auth: false,
    headers: {
      Origin: 'http://127.0.0.1:9999',
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization,content-type',
    },
  });
  await call('200-cors-simple-get', 'GET', '/api/v1/services?size=1&name=svc-000', {
    headers: { Origin: 'http://127.0.0.1:9999' },
  });

  // ---- 400
  await call('400-page-out-of-range', 'GET', '/api/v1/services?page=99&size=20');
  await call('400-string-gt-non-numeric', 'GET', '/api/v1/services?name=gt:abc');

  // ---- 401
  await call('401-no-token', 'GET', '/api/v1/services', { auth: false });
  await call('401-malformed-token', 'GET', '/api/v1/services', { tok: 'not-a-jwt' });
  await call('401-wrong-signature', 'GET', '/api/v1/services', {
    tok: makeForeignJwt(admin.id, info.id),
  });
  await call('401-login-wrong-password', 'POST', '/api/v1/login', {
    auth: false,
    raw: true,
    body: 'username=admin&password=wrong',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  {
    const login = await fetch(`${base}/api/v1/login`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'http://localhost:9999',
      },
      body: new URLSearchParams({
        username: 'admin',
        password: process.env.ZSW_ADMIN_PASSWORD || 'zenml-admin-pw',
      }),
    });
    const tok = (await login.json()).access_token;
    await call('401-missing-csrf-token', 'GET', '/api/v1/services?size=1', { tok });
  }

  // ---- 404
  const zero = '00000000-0000-0000-0000-000000000000';
  await call('404-get-unknown-service', 'GET', `/api/v1/services/${zero}`);
  await call('404-update-unknown-service', 'PUT', `/api/v1/services/${zero}`, { body: {} });
  await call('404-delete-unknown-service', 'DELETE', `/api/v1/services/${zero}`);
  await call('404-list-unknown-project-name', 'GET', '/api/v1/services?project=no-such-project');
  await call('404-list-unknown-project-uuid', 'GET', `/api/v1/services?project=${zero}`);
  await call(
    '404-create-unknown-project-name-or-id',
    'POST',
    '/api/v1/services?project_name_or_id=no-such-project',
    {
      body: svcBody('fixture-404-project'),
    },
  );
  await call('404-create-unknown-model-version', 'POST', '/api/v1/services', {
    body: svcBody('fixture-404-mv', { model_version_id: zero }),
  });
  await call('404-create-unknown-pipeline-run', 'POST', '/api/v1/services', {
    body: svcBody('fixture-404-run', { pipeline_run_id: zero }),
  });
  await call('404-update-unknown-model-version', 'PUT', `/api/v1/services/${svc[1].id}`, {
    body: { model_version_id: zero },
  });
  await call('404-get-trailing-slash', 'GET', '/api/v1/services/');

  // ---- 405
  await call('405-post-trailing-slash', 'POST', '/api/v1/services/', {
    body: svcBody('fixture-405'),
  });
  await call('405-patch-service', 'PATCH', `/api/v1/services/${svc[1].id}`, { body: {} });

  // ---- 409
  const dup = svcBody('fixture-dup');
  await call(null, 'POST', '/api/v1/services', { body: dup });
  await call('409-duplicate-config', 'POST', '/api/v1/services', {
    body: { ...dup, name: 'fixture-dup-2' },
  });

  // ---- 422, FastAPI level (top-level array)
  await call('422-path-id-not-uuid', 'GET', '/api/v1/services/not-a-uuid');
  await call('422-size-0', 'GET', '/api/v1/services?size=0');
  await call('422-size-10001', 'GET', '/api/v1/services?size=10001');
  await call('422-page-0', 'GET', '/api/v1/services?page=0');
  await call('422-page-not-int', 'GET', '/api/v1/services?page=abc');
  await call('422-logical-operator-invalid', 'GET', '/api/v1/services?logical_operator=xor');
  await call('422-running-not-bool', 'GET', '/api/v1/services?running=maybe');
  await call('422-hydrate-not-bool', 'GET', '/api/v1/services?hydrate=2');
  await call('422-scope-user-not-uuid', 'GET', '/api/v1/services?scope_user=xyz');
  await call('422-create-missing-project', 'POST', '/api/v1/services?project_name_or_id=default', {
    body: { name: 'x', service_type: { type: 't', flavor: 'f' }, config: { nonce } },
  });
  await call('422-create-name-too-long', 'POST', '/api/v1/services', {
    body: svcBody('n'.repeat(256)),
  });
  await call('422-create-label-not-string', 'POST', '/api/v1/services', {
    body: svcBody('fixture-422-label', { labels: { a: 1 } }),
  });
  await call('422-create-invalid-admin-state', 'POST', '/api/v1/services', {
    body: svcBody('fixture-422-admin', { admin_state: 'bogus' }),
  });
  await call('422-create-invalid-json', 'POST', '/api/v1/services', {
    raw: true,
    body: '{"project":',
  });
  await call('422-update-body-not-object', 'PUT', `/api/v1/services/${svc[1].id}`, { body: [1] });

  // ---- 422, filter-model level ({"detail": [...]})
  await call('422-filter-bad-sort-by', 'GET', '/api/v1/services?sort_by=nope');
  await call('422-filter-sort-by-excluded-field', 'GET', '/api/v1/services?sort_by=running');
  await call('422-filter-bad-datetime', 'GET', '/api/v1/services?created=gte:2026-01-01T00:00:00');
  await call(
    '422-filter-datetime-in-one-value',
    'GET',
    '/api/v1/services?created=in:2026-01-01%2000:00:00',
  );
  await call(
    '422-filter-datetime-two-values-without-in',
    'GET',
    '/api/v1/services?created=lt:2026-01-01%2000:00:00,2026-01-02%2000:00:00',
  );
  await call('422-filter-oneof-malformed', 'GET', '/api/v1/services?name=oneof:notjson');
  await call(
    '422-filter-oneof-not-list',
    'GET',
    `/api/v1/services?name=${encodeURIComponent('oneof:{"a":1}')}`,
  );
  await call('422-filter-isnull-with-value', 'GET', '/api/v1/services?name=isnull:x');
  await call('422-filter-in-on-string', 'GET', '/api/v1/services?name=in:a,b');

  // ---- 422 / poisoned rows: invalid status.state is stored, then cannot be serialised.
  // Done in a dedicated project so the default project stays listable.
  const pname = `poison-${nonce.slice(0, 8)}`;
  await call(null, 'POST', '/api/v1/projects', { body: { name: pname } });
  await call(
    '422-create-invalid-status-state',
    'POST',
    `/api/v1/services?project_name_or_id=${pname}`,
    {
      body: svcBody('fixture-poison', { status: { state: 'bogus' } }),
    },
  );
  await call('422-list-page-with-invalid-state-row', 'GET', `/api/v1/services?project=${pname}`);

  // ---- 500
  await call('500-create-nonexistent-project-uuid', 'POST', '/api/v1/services', {
    body: { ...svcBody('fixture-500'), project: zero },
  });
  await call('500-idempotency-key-not-uuid', 'POST', '/api/v1/services', {
    body: svcBody('fixture-500-idem'),
    headers: { 'Idempotency-Key': 'not-a-uuid' },
  });
  await call(
    '500-oneof-nested-list',
    'GET',
    `/api/v1/services?name=${encodeURIComponent('oneof:[["a"]]')}`,
  );

  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) if (f.endsWith('.json')) unlinkSync(join(out, f));
  for (const [name, fx] of Object.entries(fixtures)) {
    writeFileSync(join(out, `${name}.json`), `${JSON.stringify(fx, null, 2)}\n`);
  }
  return Object.keys(fixtures).length;
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (n, d) => {
    const i = args.indexOf(n);
    return i >= 0 ? args[i + 1] : d;
  };
  const out = resolve(opt('--out', join(REPO, 'tests', 'fixtures', 'live')));
  const openapiOut = resolve(
    opt('--openapi', join(REPO, 'tests', 'fixtures', 'openapi-services.json')),
  );
  let url = opt('--url', process.env.ZENML_URL);
  let token = opt('--token', process.env.ZENML_TOKEN);
  let projectId = opt('--project-id', process.env.ZENML_PROJECT_ID);
  let server = null;
  try {
    if (!url) {
      server = await startServer();
      ({ url, token, projectId } = server);
      process.stderr.write(`record-fixtures: started ${url} in ${server.seconds.toFixed(1)}s\n`);
    }
    const openapi = await (await fetch(`${url.replace(/\/+$/, '')}/openapi.json`)).json();
    writeFileSync(openapiOut, `${JSON.stringify(extractServicesOpenApi(openapi), null, 2)}\n`);
    const n = await record({ url, token, projectId, out });
    process.stderr.write(`record-fixtures: wrote ${n} fixtures to ${out} and ${openapiOut}\n`);
  } finally {
    if (server) await server.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`record-fixtures: ${e.stack || e}\n`);
    process.exit(1);
  });
}
