// Synthetic `Page[ServiceResponse]` bodies shaped like the seeded server's hydrated list
// (tests/fixtures/live/200-list-hydrated.json): same keys, same order, same value kinds, with
// per-item variation (ids, names, timestamps, labels null or set, non-ASCII in a third of them).
// Deterministic: the same count gives the same bytes. Works in Node and in the browser.

function hex(n, digits) {
  let s = '';
  for (let i = 0; i < digits; i++) {
    s = '0123456789abcdef'[n & 15] + s;
    n >>>= 4;
  }
  return s;
}
function uuid(n) {
  const a = Math.imul(n + 1, 2654435761) >>> 0;
  const b = Math.imul(n + 7, 40503) >>> 0;
  return `${hex(a, 8)}-${hex(n & 0xffff, 4)}-4${hex(a >>> 4, 3)}-8${hex(b, 3)}-${hex(b ^ a, 8)}${hex(n, 4)}`;
}
function ts(i, base) {
  const us = String(100000 + ((i * 7919) % 900000)).padStart(6, '0');
  const sec = String((base + i) % 60).padStart(2, '0');
  const min = String(Math.floor((base + i) / 60) % 60).padStart(2, '0');
  return `2026-11-27T03:${min}:${sec}.${us}`;
}

const USER_ID = uuid(900001);
const PROJECT_ID = uuid(900002);
const FLAVORS = ['mlflow', 'bentoml', 'seldon', 'kserve'];
const TYPES = ['model-serving', 'model-deployer'];
const STATES = [
  'inactive',
  'active',
  'pending_startup',
  'pending_shutdown',
  'error',
  'scaled_to_zero',
];

/** One hydrated service, as the server serialises it (key order included). */
export function service(i) {
  const state = STATES[i % STATES.length];
  const labels =
    i % 3 === 0
      ? null
      : i % 3 === 1
        ? { team: 'alpha', seed: 'yes' }
        : { team: 'beta', seed: 'yes', owner: 'Grüße 🌍 ünïcödé-服务' };
  return {
    body: {
      created: ts(i, 0),
      updated: ts(i, 5),
      user_id: USER_ID,
      project_id: PROJECT_ID,
      service_type: {
        type: TYPES[i % 2],
        flavor: FLAVORS[i % 4],
        name: '',
        description: '',
        logo_url: '',
      },
      labels,
      state,
    },
    metadata: {
      service_source: `seed.services.${FLAVORS[i % 4]}.Service${i}`,
      admin_state: i % 5 === 0 ? 'inactive' : 'active',
      config: {
        seed_index: i,
        kind: 'seed',
        pipeline_name: 'training_pipeline',
        pipeline_step_name: 'deploy_step',
        nonce: `mwyen75g-gf9qy3rd-${i}`,
      },
      status: { state, last_error: '' },
      endpoint: { protocol: 'http', port: 9000 + (i % 100) },
      prediction_url: `http://127.0.0.1:${9000 + (i % 100)}/predict`,
      health_check_url: `http://127.0.0.1:${9000 + (i % 100)}/health`,
    },
    resources: {
      user: {
        body: {
          created: '2026-11-27T03:11:29.113603',
          updated: '2026-11-27T03:11:29.113615',
          active: true,
          activation_token: null,
          full_name: '',
          email_opted_in: null,
          is_service_account: false,
          is_admin: true,
          default_project_id: null,
          avatar_url: null,
        },
        metadata: null,
        resources: null,
        id: USER_ID,
        permission_denied: false,
        name: 'admin',
      },
      pipeline_run: null,
      model_version: null,
    },
    id: uuid(i),
    permission_denied: false,
    name: `svc-${String(i).padStart(5, '0')}`,
  };
}

/** The JSON text of a page of `count` hydrated services (compact, like the server). */
export function pageText(count) {
  const items = [];
  for (let i = 0; i < count; i++) items.push(service(i));
  return JSON.stringify({ index: 1, max_size: count, total_pages: 1, total: count, items });
}

/** The UTF-8 bytes of pageText(count), as a fresh ArrayBuffer (what XHR/fetch hand over). */
export function pageBytes(count) {
  const u8 = new TextEncoder().encode(pageText(count));
  return u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
}
