// Security checks of the package against a real ZenML 0.98.0, in Chromium (and the secret
// checks in Node too):
//   * the token (and the password) never appear in a request URL, a console line, an error
//     (message, body, stack, JSON) of a battery of failing calls, Web Storage, cookies or
//     IndexedDB; the Authorization header goes to the API origin only;
//   * ids and filter values cannot inject path segments or query parameters: hostile ids are
//     refused before anything is sent, hostile filter / project values arrive as exactly one
//     parameter with exactly that value (checked on the URLs Chromium really requested);
//   * `npm audit --omit=dev` is clean (when the registry's audit endpoint answers at all).
//
//   node --test tests/reliability/security.test.mjs   (needs dist/: scripts/build.sh --package-only)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import * as nodeApi from '../../dist/node.js';
import { refusedUrl } from '../faults/server.mjs';
import { openPackagePage } from '../support/browser.mjs';
import { ROOT, startServer } from '../support/server.mjs';

let server;
let site;
let page;
let refused;
const requests = []; // every request the page made: { url, method, headers }
const consoleLines = [];
const pageErrors = [];

before(async () => {
  server = await startServer();
  refused = await refusedUrl();
  site = await openPackagePage((p) => {
    p.on('request', (r) =>
      requests.push({ url: r.url(), method: r.method(), headers: r.headers() }),
    );
    p.on('console', (m) =>
      consoleLines.push(`${m.type()}: ${m.text()} ${JSON.stringify(m.location())}`),
    );
    p.on('pageerror', (e) => pageErrors.push(String(e?.stack || e)));
  });
  ({ page } = site);
});

after(async () => {
  if (site) await site.close();
  if (server) await server.stop();
});

// Runs in Node and in the page: logs in, then makes calls that fail in every way it can, and
// returns every string an error exposes. The token never leaves this function except as
// `tokenLength` and inside the texts the caller searches.
async function secretBattery({ baseUrl, refusedBase, username, password, projectId }) {
  const api = globalThis.__zsw;
  const texts = [];
  const codes = {};
  const record = (label, e) => {
    codes[label] = e?.code;
    texts.push(
      String(e),
      String(e?.message),
      String(e?.body),
      String(e?.stack),
      JSON.stringify(e),
      JSON.stringify(Object.entries(e || {})),
    );
  };
  const attempt = async (label, fn) => {
    try {
      await fn();
      codes[label] = 'ok';
    } catch (e) {
      record(label, e);
    }
  };
  const missing = '00000000-0000-0000-0000-000000000000';

  const zen = await api.createClient({ baseUrl, timeoutMs: 20_000 });
  await attempt('login-wrong-password', () =>
    zen.login({ username, password: `${password}-wrong` }),
  );
  const t = await zen.login({ username, password });
  const token = t.access_token;
  texts.push(JSON.stringify(Object.keys(zen)), String(zen));
  await attempt('get-404', () => zen.getService(missing));
  await attempt('list-400', () => zen.listServices({ page: 9999 }));
  await attempt('update-404', () => zen.updateService(missing, { name: 'x' }));
  await attempt('delete-404', () => zen.deleteService(missing));
  await attempt('create-500', () =>
    zen.createService({
      project: missing,
      name: 'sec',
      service_type: { type: 't', flavor: 'f' },
      config: { n: Math.random() },
    }),
  );
  await attempt('create-404-project', () =>
    zen.createService(
      { project: projectId, name: 'sec', service_type: { type: 't', flavor: 'f' } },
      { project: 'no-such-project' },
    ),
  );
  await attempt('invalid-filter', () => zen.listServices({ filter: { created: 'gte:yesterday' } }));
  await attempt('invalid-id', () => zen.getService('../login'));
  const ac = new AbortController();
  ac.abort();
  await attempt('aborted', () => zen.listServices({ signal: ac.signal }));
  await attempt('timeout', async () => {
    const quick = await api.createClient({ baseUrl, token, timeoutMs: 1, retries: 0 });
    try {
      await quick.listServices();
    } finally {
      quick.close();
    }
  });
  await attempt('network', async () => {
    const down = await api.createClient({ baseUrl: refusedBase, token, retries: 0 });
    try {
      await down.listServices();
    } finally {
      down.close();
    }
  });
  await attempt('bad-token-401', async () => {
    // the real token with one more character: if the server echoed it, the real one would show
    const bad = await api.createClient({ baseUrl, token: `${token}x`, retries: 0 });
    try {
      await bad.listServices();
    } finally {
      bad.close();
    }
  });
  await attempt('relogin-then-404', async () => {
    // a stale token with remembered credentials: 401 -> one re-login -> replay -> 404
    zen.setToken(`${token}x`);
    await zen.login({ username, password });
    zen.setToken(`${token}stale`);
    await zen.getService(missing);
  });
  await attempt('bad-token-characters', () => {
    zen.setToken(`${token}\r\nX-Injected: 1`);
  });
  await attempt('login-invalid', () => zen.login({ username: 'a', apiKey: 'b' }));
  zen.close();
  await attempt('closed', () => zen.listServices());
  const storage = [];
  if (typeof localStorage !== 'undefined') {
    for (const s of [localStorage, sessionStorage])
      for (let i = 0; i < s.length; i += 1) storage.push(s.key(i), s.getItem(s.key(i)));
    storage.push(document.cookie);
    if (indexedDB.databases) storage.push(JSON.stringify(await indexedDB.databases()));
    storage.push(JSON.stringify(performance.getEntriesByType('resource').map((e) => e.name)));
  }
  return { token, texts, codes, storage };
}

function leaks(haystacks, secret) {
  return haystacks
    .filter((h) => typeof h === 'string' && h.includes(secret))
    .map((h) => h.slice(0, 200));
}

test('the token and the password never show in URLs, console, errors or storage (Chromium and Node)', {
  timeout: 120_000,
}, async () => {
  const args = {
    baseUrl: server.url,
    refusedBase: refused,
    username: server.adminUser,
    password: server.adminPassword,
    projectId: server.projectId,
  };
  const inPage = await page.evaluate(secretBattery, args);
  globalThis.__zsw = nodeApi;
  const inNode = await secretBattery(args);

  const expectedCodes = {
    'login-wrong-password': 'unauthorized',
    'get-404': 'not_found',
    'list-400': 'bad_request',
    'update-404': 'not_found',
    'delete-404': 'not_found',
    'create-500': 'server',
    'create-404-project': 'not_found',
    'invalid-filter': 'invalid_argument',
    'invalid-id': 'invalid_argument',
    aborted: 'aborted',
    network: 'network',
    'bad-token-401': 'unauthorized',
    'relogin-then-404': 'not_found',
    'bad-token-characters': 'invalid_argument',
    'login-invalid': 'invalid_argument',
    closed: 'invalid_argument',
  };
  for (const [env, r] of [
    ['chromium', inPage],
    ['node', inNode],
  ]) {
    for (const [k, v] of Object.entries(expectedCodes)) assert.equal(r.codes[k], v, `${env} ${k}`);
    assert.ok(['timeout', 'ok'].includes(r.codes.timeout), `${env} timeout: ${r.codes.timeout}`);
    assert.ok(r.token.length > 40, 'a real token');
    const secrets = [r.token, args.password].filter((s) => s && s.length >= 8);
    for (const secret of secrets) {
      assert.deepEqual(leaks(r.texts, secret), [], `${env}: a secret in an error`);
      assert.deepEqual(leaks(r.storage, secret), [], `${env}: a secret in storage`);
    }
  }
  const apiOrigin = new URL(server.url).origin;
  for (const secret of [inPage.token, args.password].filter((s) => s && s.length >= 8)) {
    assert.deepEqual(
      leaks(
        requests.map((q) => q.url),
        secret,
      ),
      [],
      'a secret in a URL',
    );
    assert.deepEqual(leaks(consoleLines, secret), [], 'a secret in the console');
    assert.deepEqual(leaks(pageErrors, secret), [], 'a secret in a page error');
  }
  const withAuth = requests.filter((q) => q.headers.authorization);
  assert.ok(withAuth.length > 5, 'authenticated requests were made');
  // only to the origins the clients were created for (the live server; the refused port)
  const allowed = new Set([apiOrigin, new URL(refused).origin]);
  for (const q of withAuth)
    assert.ok(allowed.has(new URL(q.url).origin), `Authorization sent to ${q.url}`);
  assert.ok(
    !requests.some((q) => q.url.startsWith(site.url) && q.headers.authorization),
    'Authorization sent to the page origin',
  );
  assert.ok(
    !requests.some((q) => Object.keys(q.headers).some((h) => h.toLowerCase() === 'x-injected')),
    'a header was injected',
  );
  const login = requests.filter((q) => q.url.endsWith('/api/v1/login'));
  assert.ok(
    login.length >= 2 && login.every((q) => q.method === 'POST' && !new URL(q.url).search),
    'credentials go in a POST body',
  );
  console.log(
    `security: ${inPage.texts.length + inNode.texts.length} error strings, ${requests.length} request URLs, ` +
      `${consoleLines.length} console lines, ${inPage.storage.length} storage entries searched: no token, no password`,
  );
});

const HOSTILE = [
  '../',
  '../../login',
  '..%2F..%2Flogin',
  '%2F',
  '/',
  '?',
  '?x=y',
  '#',
  '#frag',
  '&x=y',
  '&size=1',
  'a=b',
  '=',
  '+',
  ' ',
  'a b',
  '%',
  '%%',
  '%00',
  '\u0000',
  '\r\nX-Injected: 1',
  '\n',
  '\t',
  ';',
  ',',
  '\\',
  '"',
  "'",
  '<script>',
  'ünïcödé-服务',
  '🙂',
  '\u202e',
  'é'.normalize('NFD'),
  'a:b',
  'equals:../x',
  'x'.repeat(2000),
];

// In the page: every hostile value through every place it can go; returns what each call did.
async function hostileCalls({ baseUrl, token, values }) {
  const api = globalThis.__zsw;
  const zen = await api.createClient({ baseUrl, token, timeoutMs: 20_000, retries: 0 });
  const settle = (p) =>
    p.then(
      () => 'ok',
      (e) => (e instanceof api.ZenmlError ? e.code : `untyped: ${e}`),
    );
  // the client learns the server's release from this call, so no other GET /api/v1/info is sent
  // below but the markers
  await zen.serverInfo();
  const out = [];
  for (const v of values) {
    out.push({
      v,
      get: await settle(zen.getService(v)),
      put: await settle(zen.updateService(v, { name: 'x' })),
      clear: await settle(zen.clearServiceFields(v, ['labels'])),
      del: await settle(zen.deleteService(v)),
      getPrefixed: await settle(zen.getService(`00000000-0000-0000-0000-000000000000${v}`)),
      sortBy: await settle(zen.listServices({ sortBy: v })),
      scopeUser: await settle(zen.listServices({ scopeUser: v })),
    });
    const r = out[out.length - 1];
    r.listName = await settle(zen.listServices({ filter: { name: v }, size: 1 }));
    r.mark1 = await settle(zen.serverInfo()); // separates the requests of one value from the next
    r.listFlavor = await settle(
      zen.listServices({ filter: { flavor: [v, `contains:${v}`] }, size: 1 }),
    );
    r.listProject = await settle(zen.listServices({ project: v, size: 1 }));
    r.mark2 = await settle(zen.serverInfo());
  }
  zen.close();
  return out;
}

test('hostile ids and filter values cannot inject path segments or query parameters (Chromium)', {
  timeout: 180_000,
}, async () => {
  const before = requests.length;
  const results = await page.evaluate(hostileCalls, {
    baseUrl: server.url,
    token: server.token,
    values: HOSTILE,
  });
  const sent = requests
    .slice(before)
    .filter((q) => q.method !== 'OPTIONS' && q.url.startsWith(server.url));
  // split the requests per value at the serverInfo markers
  const groups = [];
  let cur = [];
  for (const q of sent) {
    if (new URL(q.url).pathname === '/api/v1/info') {
      groups.push(cur);
      cur = [];
    } else cur.push(q);
  }
  assert.deepEqual(groups.shift(), [], 'nothing sent before the first serverInfo()');
  assert.equal(groups.length, 2 * HOSTILE.length, 'two markers per value');
  const isUuid = (s) =>
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s);
  let checkedUrls = 0;
  for (const [i, r] of results.entries()) {
    const v = HOSTILE[i];
    const label = JSON.stringify(v).slice(0, 40);
    // ids: refused before sending (none of these is a UUID)
    for (const k of ['get', 'put', 'clear', 'del', 'getPrefixed'])
      assert.equal(r[k], 'invalid_argument', `${label} ${k}`);
    assert.equal(r.sortBy, 'invalid_argument', `${label} sortBy`);
    assert.equal(r.scopeUser, 'invalid_argument', `${label} scopeUser`);
    assert.ok(!isUuid(v));
    // group 2i: id calls (none sent), the name list; group 2i+1: flavor list, project list
    const [first, second] = [groups[2 * i], groups[2 * i + 1]];
    const lists = [...first, ...second];
    for (const q of lists) {
      const u = new URL(q.url);
      assert.equal(u.pathname, '/api/v1/services', `${label}: path ${u.pathname}`);
      assert.equal(u.hash, '');
      checkedUrls += 1;
    }
    const expectValue = v.startsWith('equals:') ? v.slice(7) : v;
    const params = (q) => [...new URL(q.url).searchParams.entries()];
    if (r.listName === 'invalid_argument') {
      assert.equal(first.length, 0, `${label}: refused, yet sent`);
    } else {
      assert.equal(first.length, 1, `${label}: one list request`);
      assert.deepEqual(
        params(first[0]),
        [
          ['name', expectValue],
          ['size', '1'],
        ],
        `${label}: name list`,
      );
      assert.ok(
        ['ok', 'bad_request', 'validation', 'not_found'].includes(r.listName),
        `${label} listName ${r.listName}`,
      );
    }
    const flavorSent = r.listFlavor === 'invalid_argument' ? 0 : 1;
    const projectSent = r.listProject === 'invalid_argument' ? 0 : 1;
    assert.equal(second.length, flavorSent + projectSent, `${label}: requests of the second group`);
    if (flavorSent)
      assert.deepEqual(
        params(second[0]),
        [
          ['flavor', expectValue],
          ['flavor', `contains:${v}`],
          ['size', '1'],
        ],
        `${label}: flavor list`,
      );
    if (projectSent)
      assert.deepEqual(
        params(second[flavorSent]),
        [
          ['project', v],
          ['size', '1'],
        ],
        `${label}: project list`,
      );
    for (const k of ['listName', 'listFlavor', 'listProject'])
      assert.ok(!String(r[k]).startsWith('untyped'), `${label} ${k}: ${r[k]}`);
  }
  // values that must have been sent (not refused): the plain hostile strings
  for (const v of ['../', '?x=y', '&size=1', '#frag', '%2F', '\r\nX-Injected: 1', 'ünïcödé-服务']) {
    const r = results[HOSTILE.indexOf(v)];
    assert.notEqual(
      r.listName,
      'invalid_argument',
      `${JSON.stringify(v)} should be sent as a value`,
    );
  }
  assert.ok(
    !sent.some((q) => Object.keys(q.headers).some((h) => h.toLowerCase() === 'x-injected')),
    'a header was injected',
  );
  assert.deepEqual(
    leaks(
      requests.map((q) => q.url),
      server.token,
    ),
    [],
    'the token in a URL',
  );
  assert.deepEqual(leaks(consoleLines, server.token), [], 'the token in the console');
  console.log(
    `security: ${HOSTILE.length} hostile values x 9 call sites; ${checkedUrls} list URLs checked param by param, ` +
      `${HOSTILE.length * 7} id/sort/scope uses refused before sending; 0 injected paths or parameters`,
  );
  assert.deepEqual(pageErrors, []);
});

test('npm audit --omit=dev: no known vulnerabilities in the runtime dependencies', {
  timeout: 120_000,
}, () => {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 90_000,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  // the runtime tree is what audit would look at: empty (Node's transport is wasm/node_xhr.js)
  const ls = spawnSync('npm', ['ls', '--omit=dev', '--all', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const tree = JSON.parse(ls.stdout);
  assert.deepEqual(
    Object.keys(tree.dependencies || {}),
    [],
    'the package has no runtime dependency',
  );
  let report = null;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    /* not JSON: see below */
  }
  if (!report || report.error || !report.metadata) {
    // e.g. a registry mirror without the audit endpoint: "405 Method Not Allowed - POST
    // .../-/npm/v1/security/advisories/bulk". Documented in docs/reliability.md, not a failure.
    console.log(
      `security: npm audit unavailable here (${
        (report?.error?.summary) ||
        out
          .trim()
          .split('\n')
          .find((l) => /audit|405|ENOTFOUND|ECONN/i.test(l)) ||
        `exit ${r.status}`
      }); runtime tree: empty, no dependency`,
    );
    return;
  }
  console.log(`security: npm audit --omit=dev: ${JSON.stringify(report.metadata.vulnerabilities)}`);
  assert.equal(report.metadata.vulnerabilities.total, 0);
});
