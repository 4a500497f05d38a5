// Update safety against a real ZenML 0.98.0: random partial updates (updateService) and
// explicit clears (clearServiceFields) on a few services, each followed by a GET compared with
// a model of ZenML's semantics (docs/server-behaviour.md §3.12):
//   * a field the update does not name is unchanged (absent = unchanged);
//   * labels are replaced, never merged; clearing labels / status / endpoint stores null;
//   * body.state follows status.state, and is null when status has no state or is cleared;
//   * prediction_url "" is stored as null, health_check_url "" and service_source "" stay "";
//   * config, service_type, project, user and created never change; updated never goes back.
// The PUT's own response must match the model too, and the other services must not move.
//
//   ZSW_UPDATE_CASES=500 ZSW_UPDATE_SEED=1 node --test tests/reliability/update_safety.test.mjs
// (defaults: 60 cases, seed 20261127; the seed is printed so any failure can be replayed)

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';

import { createClient } from '../../dist/node.js';
import { startServer } from '../support/server.mjs';

const CASES = Number(process.env.ZSW_UPDATE_CASES || 60);
const SEED = Number(process.env.ZSW_UPDATE_SEED || 20261127);
const SERVICES = 3;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (n) => Math.floor(rnd() * n);
const pick = (xs) => xs[int(xs.length)];
const chance = (p) => rnd() < p;

const STATES = [
  'inactive',
  'active',
  'pending_startup',
  'pending_shutdown',
  'error',
  'scaled_to_zero',
];
const WORDS = [
  'a',
  'svc',
  'team',
  'ünï',
  '服务',
  'x&y=z',
  '100%',
  'under_score',
  'a:b',
  ' spaced ',
  'emoji🙂',
  'quote"s',
  'back\\slash',
  'nl\nline',
  '',
];

function text(max = 3) {
  const n = 1 + int(max);
  let s = '';
  for (let i = 0; i < n; i += 1) s += pick(WORDS) + (chance(0.3) ? String(int(1000)) : '');
  return s;
}
function name() {
  let s = text(3).replace(/\n/g, ' ');
  if (!s.trim()) s = `svc-${int(1e6)}`;
  return s.slice(0, 60);
}
function labels() {
  const out = {};
  const n = int(4); // 0..3: an empty object is not allowed as an update (it would clear)
  for (let i = 0; i < n; i += 1) out[text(1) || `k${i}`] = text(2);
  if (Object.keys(out).length === 0) out[`k${int(100)}`] = text(1);
  return out;
}
function jsonValue(depth = 0) {
  switch (int(depth > 1 ? 4 : 6)) {
    case 0:
      return text(2);
    case 1:
      return int(1_000_000) - 500_000;
    case 2:
      return chance(0.5);
    case 3:
      return null;
    case 4:
      return Array.from({ length: int(3) }, () => jsonValue(depth + 1));
    default: {
      const o = {};
      for (let i = 0, n = 1 + int(3); i < n; i += 1)
        o[`${pick(['k', 'key', 'ü', 'x'])}${i}`] = jsonValue(depth + 1);
      return o;
    }
  }
}
function status() {
  const o = {};
  if (chance(0.75)) o.state = pick(STATES);
  if (chance(0.5)) o.last_error = text(2);
  if (chance(0.3)) o.extra = jsonValue(1);
  if (Object.keys(o).length === 0) o.last_state = pick(STATES);
  return o;
}
function endpoint() {
  const o = { protocol: pick(['http', 'https', 'grpc']), port: 1 + int(65535) };
  if (chance(0.5)) o.config = jsonValue(1);
  return o;
}
function url() {
  return chance(0.25)
    ? ''
    : `http://127.0.0.1:${1 + int(65535)}/${pick(['predict', 'v1/models/m:predict', 'ünï', 'a?b=c'])}`;
}

/** A random partial update: 1..4 of the updatable fields. */
function randomUpdate() {
  const fields = [
    'name',
    'admin_state',
    'service_source',
    'status',
    'endpoint',
    'prediction_url',
    'health_check_url',
    'labels',
  ];
  const u = {};
  for (let i = 0, n = 1 + int(4); i < n; i += 1) {
    const f = pick(fields);
    switch (f) {
      case 'name':
        u.name = name();
        break;
      case 'admin_state':
        u.admin_state = pick(STATES);
        break;
      case 'service_source':
        u.service_source = chance(0.2) ? '' : `pkg.${text(1).replace(/\W/g, '') || 'mod'}.Service`;
        break;
      case 'status':
        u.status = status();
        break;
      case 'endpoint':
        u.endpoint = endpoint();
        break;
      case 'prediction_url':
        u.prediction_url = url();
        break;
      case 'health_check_url':
        u.health_check_url = url();
        break;
      default:
        u.labels = labels();
        break;
    }
  }
  return u;
}
function randomClear() {
  const all = ['labels', 'status', 'endpoint'].filter(() => chance(0.5));
  return all.length ? all : [pick(['labels', 'status', 'endpoint'])];
}

/** What a GET shows, restricted to what the model tracks. */
function view(s) {
  return {
    name: s.name,
    labels: s.body.labels,
    state: s.body.state,
    service_type: s.body.service_type,
    project_id: s.body.project_id,
    user_id: s.body.user_id,
    created: s.body.created,
    service_source: s.metadata.service_source,
    admin_state: s.metadata.admin_state,
    config: s.metadata.config,
    status: s.metadata.status,
    endpoint: s.metadata.endpoint,
    prediction_url: s.metadata.prediction_url,
    health_check_url: s.metadata.health_check_url,
    model_version: s.resources?.model_version,
    pipeline_run: s.resources?.pipeline_run,
  };
}

/** ZenML's semantics: the expected view after `op` on a service that looked like `v`. */
function apply(v, op) {
  const n = structuredClone(v);
  if (op.clear) {
    for (const f of op.clear) {
      if (f === 'labels') n.labels = null;
      if (f === 'status') {
        n.status = null;
        n.state = null;
      }
      if (f === 'endpoint') n.endpoint = null;
    }
    return n;
  }
  const u = op.update;
  if ('name' in u) n.name = u.name;
  if ('admin_state' in u) n.admin_state = u.admin_state;
  if ('service_source' in u) n.service_source = u.service_source;
  if ('status' in u) {
    n.status = u.status;
    n.state = u.status.state ?? null;
  }
  if ('endpoint' in u) n.endpoint = u.endpoint;
  if ('prediction_url' in u) n.prediction_url = u.prediction_url === '' ? null : u.prediction_url;
  if ('health_check_url' in u) n.health_check_url = u.health_check_url;
  if ('labels' in u) n.labels = u.labels; // replaced, not merged
  return n;
}

/** Field-by-field differences between two views: [field, expected, actual]. */
function diff(want, got) {
  const out = [];
  for (const k of Object.keys(want)) {
    try {
      assert.deepStrictEqual(got[k], want[k]);
    } catch {
      out.push([k, want[k], got[k]]);
    }
  }
  return out;
}

let server;
let zen;
before(async () => {
  server = await startServer();
  zen = await createClient({ baseUrl: server.url, token: server.token, timeoutMs: 30_000 });
});
after(async () => {
  if (zen) zen.close();
  if (server) await server.stop();
});

test(`random partial updates and clears keep every field the update did not name (${CASES} cases, seed ${SEED})`, {
  timeout: 600_000,
}, async () => {
  console.log(
    `update safety: ${CASES} cases over ${SERVICES} services, seed ${SEED} (replay: ZSW_UPDATE_SEED=${SEED} ZSW_UPDATE_CASES=${CASES})`,
  );
  const t0 = Date.now();
  const svcs = [];
  for (let i = 0; i < SERVICES; i += 1) {
    const created = await zen.createService({
      project: server.projectId,
      name: name(),
      service_type: { type: 'model-serving', flavor: pick(['mlflow', 'seldon', 'test']) },
      config: {
        nonce: randomUUID(),
        pipeline_name: 'p',
        pipeline_step_name: 's',
        extra: jsonValue(1),
      },
      service_source: 'pkg.mod.Service',
      admin_state: pick(STATES),
      labels: labels(),
      status: status(),
      endpoint: endpoint(),
      prediction_url: url(),
      health_check_url: url(),
    });
    svcs.push({
      id: created.id,
      model: view(await zen.getService(created.id)),
      updated: created.body.updated,
      history: [],
    });
  }
  let fieldsChecked = 0;
  let updates = 0;
  let clears = 0;
  const failures = [];
  try {
    for (let c = 0; c < CASES && failures.length === 0; c += 1) {
      const s = pick(svcs);
      const op = chance(0.2) ? { clear: randomClear() } : { update: randomUpdate() };
      s.history.push(op);
      const expectedView = apply(s.model, op);
      const response = op.clear
        ? await zen.clearServiceFields(s.id, op.clear)
        : await zen.updateService(s.id, op.update);
      if (op.clear) clears += 1;
      else updates += 1;
      const fromPut = diff(expectedView, view(response));
      const fromGet = diff(expectedView, view(await zen.getService(s.id)));
      fieldsChecked += 2 * Object.keys(expectedView).length;
      if (fromPut.length || fromGet.length) {
        failures.push({ case: c, service: s.id, op, fromPut, fromGet, history: s.history });
      }
      if (response.body.updated < s.updated)
        failures.push({
          case: c,
          problem: `updated went back: ${s.updated} -> ${response.body.updated}`,
        });
      s.updated = response.body.updated;
      s.model = expectedView;
      // the other services did not move
      if (c % 10 === 9 || c === CASES - 1) {
        for (const o of svcs) {
          const d = diff(o.model, view(await zen.getService(o.id)));
          fieldsChecked += Object.keys(o.model).length;
          if (d.length)
            failures.push({ case: c, service: o.id, problem: 'changed without an update', d });
        }
      }
    }
  } finally {
    for (const s of svcs) await zen.deleteService(s.id).catch(() => {});
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(
    `update safety: ${updates} updates + ${clears} clears, ${fieldsChecked} field comparisons, ` +
      `${failures.length ? 'FAILED' : '0 fields lost or changed'} in ${secs} s (seed ${SEED})`,
  );
  if (failures.length) console.log(JSON.stringify(failures[0], null, 1));
  assert.deepEqual(failures, []);
});
