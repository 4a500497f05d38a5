// Seed a ZenML server with a varied, deterministic set of services through the REST API.
//
// Used by scripts/seed.mjs (CLI) and by the live tests (import { seed } from ".../seed-lib.mjs").
// Node >= 18 (global fetch), no dependencies.
//
// Determinism: names, types, flavors, states, labels, URLs and the creation order depend only on
// the options (count, prefix, secondUser). Only `config.nonce` (and therefore the ids and
// timestamps) differ between runs, because the server rejects a second service whose `config`
// is byte-identical to an existing one (409). Re-running on the same server therefore works;
// it just adds another copy of the set.

export const SERVICE_STATES = [
  'inactive',
  'active',
  'pending_startup',
  'pending_shutdown',
  'error',
  'scaled_to_zero',
];

export const TYPES = ['model-serving', 'model-deployer', 'batch-inference'];
export const FLAVORS = ['mlflow', 'bentoml', 'seldon', 'test'];
export const PIPELINES = [
  ['training_pipeline', 'deploy_step'],
  ['deployment_pipeline', 'serve_step'],
  [null, null],
];

/** Names that exercise URL encoding, the `<op>:<value>` parser and LIKE wildcards. */
export const SPECIAL_NAMES = [
  'a:b', // not an operator prefix -> `name=a:b` means equals "a:b"
  'contains:x', // literal; matched only by `name=equals:contains:x`
  'x&y=z', // must be percent-encoded in a query string
  'ünïcödé-服务', // non-ASCII
  '100%_done', // LIKE wildcards in the data
  'under_score',
  'underXscore', // matched by `contains:r_s` because `_` is a LIKE wildcard
  'Mixed-Case-Name', // SQLite LIKE is case-insensitive, `=` is not
  '42', // numeric: `name=gt:41` casts the column to FLOAT
];

export const SECOND_USER = {
  name: 'seed-user-2',
  full_name: 'Second Seed User',
  password: 'seed-user-2-pw',
};

export const ADMIN_PAUSE_MS = 1100;

function nowNonce() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

async function api(url, token, method, path, body, { expect = [200] } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(url + path, { method, headers, body: payload });
  const text = await res.text();
  if (!expect.includes(res.status)) {
    const err = new Error(`${method} ${path} -> HTTP ${res.status}: ${text}`);
    err.status = res.status;
    err.body = text;
    throw err;
  }
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
}

export async function login(url, username, password) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${url}/api/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }).toString(),
    });
    const text = await res.text();
    if (res.status === 200) {
      const token = JSON.parse(text).access_token;
      // known transient: a token issued in the same second as a password change is rejected
      const check = await fetch(`${url}/api/v1/current-user`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      await check.text();
      if (check.status === 200) return token;
      if (attempt >= 2) throw new Error(`token check for ${username} failed: HTTP ${check.status}`);
    } else if (attempt >= 2) {
      throw new Error(`login ${username} failed: HTTP ${res.status} ${text}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function ensureSecondUser(url, adminToken) {
  const res = await api(
    url,
    adminToken,
    'POST',
    '/api/v1/users',
    {
      name: SECOND_USER.name,
      full_name: SECOND_USER.full_name,
      password: SECOND_USER.password,
      is_admin: false,
      active: true,
    },
    { expect: [200, 409] },
  );
  let user = res.json;
  if (res.status === 409) {
    user = (await api(url, adminToken, 'GET', `/api/v1/users/${SECOND_USER.name}`)).json;
  }
  const token = await login(url, SECOND_USER.name, SECOND_USER.password);
  return {
    id: user.id,
    name: SECOND_USER.name,
    full_name: SECOND_USER.full_name,
    password: SECOND_USER.password,
    token,
  };
}

/**
 * Build the deterministic list of service specs (without nonce / project).
 * Each spec: { key, group, owner: "admin"|"second", body }.
 */
export function buildSpecs({ count = 12, prefix = 'svc-', secondUser = false } = {}) {
  const specs = [];
  let k = 0;
  const mk = (name, group, owner, i) => {
    const type = TYPES[i % TYPES.length];
    const flavor = FLAVORS[i % FLAVORS.length];
    const [pipeline_name, pipeline_step_name] = PIPELINES[i % PIPELINES.length];
    const config = { seed_index: k, kind: 'seed' };
    if (pipeline_name) config.pipeline_name = pipeline_name;
    if (pipeline_step_name) config.pipeline_step_name = pipeline_step_name;
    const body = {
      name,
      service_type: { type, flavor },
      service_source: `seed.services.${flavor}.Service${i % 3}`,
      config,
    };
    // states: cycle through all six; every 7th has no status at all (state null)
    if (i % 7 !== 6) {
      body.status = { state: SERVICE_STATES[i % SERVICE_STATES.length], last_error: '' };
    }
    const adminStates = ['active', 'inactive', null];
    const adminState = adminStates[i % adminStates.length];
    if (adminState) body.admin_state = adminState;
    if (i % 2 === 0) {
      body.labels = { team: i % 4 === 0 ? 'alpha' : 'beta', seed: 'yes' };
    }
    if (i % 3 === 0) {
      body.prediction_url = `http://127.0.0.1:${9000 + i}/predict`;
      body.health_check_url = `http://127.0.0.1:${9000 + i}/health`;
      body.endpoint = { protocol: 'http', port: 9000 + i };
    }
    specs.push({ key: k++, group, owner, body });
  };
  const half = Math.ceil(count / 2);
  let i = 0;
  // group 1: first half of the ordinary names + the special names + a duplicated name
  for (let n = 0; n < half; n++, i++)
    mk(`${prefix}${String(n).padStart(3, '0')}`, 'g1', 'admin', i);
  for (const name of SPECIAL_NAMES) mk(name, 'g1', 'admin', i++);
  mk(`${prefix}dup`, 'g1', 'admin', i++);
  mk(`${prefix}dup`, 'g1', 'admin', i++);
  // group 2: rest of the ordinary names (created after a pause)
  for (let n = half; n < count; n++, i++)
    mk(`${prefix}${String(n).padStart(3, '0')}`, 'g2', 'admin', i);
  // group 3: created after another pause; by the second user if requested
  for (let n = 0; n < 4; n++, i++) {
    mk(`${prefix}late-${n}`, 'g3', secondUser ? 'second' : 'admin', i);
  }
  return specs;
}

function countBy(items, f) {
  const out = {};
  for (const it of items) {
    const key = String(f(it));
    out[key] = (out[key] || 0) + 1;
  }
  return out;
}

/**
 * Seed the server. Returns a JSON-serialisable summary.
 * options: { url, token, projectId, count, prefix, secondUser, nonce, pauseMs }
 */
export async function seed(options) {
  const {
    url,
    token,
    projectId,
    count = 12,
    prefix = 'svc-',
    secondUser = false,
    nonce = nowNonce(),
    pauseMs = ADMIN_PAUSE_MS,
  } = options;
  if (!url || !token || !projectId) throw new Error('seed: url, token and projectId are required');
  const base = url.replace(/\/+$/, '');

  const admin = (await api(base, token, 'GET', '/api/v1/current-user')).json;
  let second = null;
  if (secondUser) second = await ensureSecondUser(base, token);

  const specs = buildSpecs({ count, prefix, secondUser });
  const services = [];
  const groups = {};
  let lastGroup = null;
  for (const spec of specs) {
    if (lastGroup !== null && spec.group !== lastGroup && pauseMs > 0) {
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    lastGroup = spec.group;
    const body = {
      project: projectId,
      ...spec.body,
      config: { ...spec.body.config, nonce: `${nonce}-${spec.key}` },
    };
    const tok = spec.owner === 'second' ? second.token : token;
    const created = (await api(base, tok, 'POST', '/api/v1/services', body)).json;
    const rec = {
      id: created.id,
      name: created.name,
      group: spec.group,
      owner: spec.owner,
      // older releases embed the user (body.user) instead of sending body.user_id (docs/compatibility.md)
      user_id: created.body.user_id ?? created.body.user?.id ?? null,
      type: created.body.service_type.type,
      flavor: created.body.service_type.flavor,
      state: created.body.state ?? null,
      admin_state: created.metadata.admin_state ?? null,
      pipeline_name: body.config.pipeline_name ?? null,
      pipeline_step_name: body.config.pipeline_step_name ?? null,
      labels: created.body.labels ?? null,
      prediction_url: created.metadata.prediction_url ?? null,
      created: created.body.created,
    };
    services.push(rec);
    groups[spec.group] ??= { ids: [], created_min: rec.created, created_max: rec.created };
    const g = groups[spec.group];
    g.ids.push(rec.id);
    if (rec.created < g.created_min) g.created_min = rec.created;
    if (rec.created > g.created_max) g.created_max = rec.created;
  }

  return {
    nonce,
    url: base,
    project_id: projectId,
    users: {
      admin: { id: admin.id, name: admin.name },
      ...(second
        ? {
            second: {
              id: second.id,
              name: second.name,
              full_name: second.full_name,
              password: second.password,
              token: second.token,
            },
          }
        : {}),
    },
    services,
    groups,
    counts: {
      total: services.length,
      by_state: countBy(services, (s) => s.state),
      by_type: countBy(services, (s) => s.type),
      by_flavor: countBy(services, (s) => s.flavor),
      by_admin_state: countBy(services, (s) => s.admin_state),
      by_owner: countBy(services, (s) => s.owner),
      by_group: countBy(services, (s) => s.group),
    },
  };
}

/**
 * Runs scripts/demo_pipeline.py (a one-step pipeline) with the ZenML venv's python against the
 * server at `url`, signed in as `username`/`password`, in project `projectId`, so that services can link to a real
 * pipeline run (ZenML's REST API has no simple way to create one). Its client config lives in a
 * temporary dir, never the user's. Resolves to the run's id.
 */
export async function runPipeline({
  url,
  username,
  password,
  projectId,
  venv = process.env.ZSW_VENV,
}) {
  const { execFile } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { homedir, tmpdir } = await import('node:os');
  const path = await import('node:path');
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const python = path.join(
    venv || path.join(homedir(), '.cache', 'zenml-services-wasm', 'venv-0.98.0'),
    'bin',
    'python',
  );
  const config = mkdtempSync(path.join(tmpdir(), 'zsw-pipeline-'));
  try {
    const out = await new Promise((resolve, reject) => {
      execFile(
        python,
        [path.join(root, 'scripts', 'demo_pipeline.py')],
        {
          cwd: config,
          timeout: 300_000,
          env: {
            ...process.env,
            ZENML_CONFIG_PATH: config,
            ZENML_STORE_URL: url,
            ZENML_STORE_USERNAME: username,
            ZENML_STORE_PASSWORD: password,
            ...(projectId ? { ZENML_ACTIVE_PROJECT_ID: projectId } : {}),
            ZENML_ANALYTICS_OPT_IN: 'false',
            ZENML_ENABLE_RICH_TRACEBACK: 'false',
            ZENML_LOGGING_VERBOSITY: 'WARN',
          },
        },
        (err, stdout, stderr) =>
          err
            ? reject(new Error(`demo_pipeline.py failed: ${err.message}\n${stderr}`))
            : resolve(stdout),
      );
    });
    const id = /RUN_ID ([0-9a-f-]{36})/.exec(out)?.[1];
    if (!id) throw new Error(`demo_pipeline.py printed no run id:\n${out}`);
    return id;
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}
