// One build against the response shapes of every supported ZenML release: the package (dist/node.js)
// against real servers of 0.80.2 (owner and project only in embedded objects), 0.82.1 (plus a
// top-level project_id) and 0.98.0 (the current shape), started side by side. Every operation
// (create, get with and without hydration, list with and without hydration, update, delete) must
// answer in the normalised shape: exactly the server's own answer to the same request, fetched
// raw, mapped by the rules of docs/compatibility.md ("Response shapes"). Releases: the
// ZSW_COMPAT_RELEASES environment variable (comma- or space-separated); else, under
// scripts/test.sh, the matrix of scripts/lib.sh (ZSW_COMPAT_VERSIONS and ZSW_ZENML_VERSION); else
// the three above. At most ZSW_COMPAT_AHEAD (default 3) servers run at once: the next ones start
// while one is under test.
//
// Also here, with the fault server (a real server never answers a write it stored with a body
// that cannot be read): a create or update the server accepted but whose answer cannot be read
// rejects with code 'bad_response', reason 'write_accepted' and the service's id.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { createClient, ZenmlError } from '../../dist/node.js';
import { startFaultServer } from '../faults/server.mjs';
import { startServer } from '../support/server.mjs';

const env = process.env;
const RELEASES = (
  env.ZSW_COMPAT_RELEASES ||
  (env.ZSW_COMPAT_VERSIONS
    ? `${env.ZSW_COMPAT_VERSIONS} ${env.ZSW_ZENML_VERSION || ''}`
    : '0.80.2,0.82.1,0.98.0')
)
  .split(/[\s,]+/)
  .filter(Boolean);
const AHEAD = Math.max(1, Number(env.ZSW_COMPAT_AHEAD || 3));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The shape a release answers in (docs/compatibility.md): s1 0.80.0-0.82.0, s2 0.82.1-0.82.x, s3 0.83.0 on. */
function shapeOf(version) {
  const [maj, min, patch] = version.split('.').map(Number);
  if (maj > 0 || min >= 83) return 's3';
  return min === 82 && patch >= 1 ? 's2' : 's1';
}

/**
 * The normalised shape of one raw item, by the rules (restated here on purpose: the scanner applies
 * them to the text, the Decoder to its models): a key already there is never touched;
 * body.user_id <- body.user.id (null for a null user); body.project_id <- the top-level project_id,
 * else metadata.project.id; resources.user <- body.user. Everything else stays as sent.
 */
function mapped(raw) {
  const item = structuredClone(raw);
  const b = item.body;
  if (b && typeof b === 'object') {
    if (!('user_id' in b) && 'user' in b) b.user_id = b.user ? b.user.id : null;
    if (!('project_id' in b)) {
      if ('project_id' in item) b.project_id = item.project_id;
      else if (item.metadata?.project) b.project_id = item.metadata.project.id;
    }
    if (
      item.resources &&
      typeof item.resources === 'object' &&
      !('user' in item.resources) &&
      'user' in b
    ) {
      item.resources.user = b.user;
    }
  }
  return item;
}
const mappedPage = (raw) => ({ ...raw, items: raw.items.map(mapped) });

describe('the normalised shape on every release', () => {
  // release -> Promise of its server; started AHEAD at a time, stopped when its tests are done
  const starting = new Map();
  function serverFor(i) {
    for (let j = i; j < Math.min(RELEASES.length, i + AHEAD); j++) {
      const v = RELEASES[j];
      if (starting.has(v)) continue;
      const p = startServer({}, { version: v });
      p.catch(() => {}); // awaited (and reported) by the release's own before()
      starting.set(v, p);
    }
    return starting.get(RELEASES[i]); // a release that does not start fails its tests: no skip
  }
  after(async () => {
    await Promise.allSettled([...starting.values()].map((p) => p.then((s) => s.stop())));
  });

  RELEASES.forEach((version, index) => {
    describe(`ZenML ${version} (${shapeOf(version)})`, () => {
      const shape = shapeOf(version);
      let server;
      let zen;
      const made = [];

      async function raw(path, init = {}) {
        const res = await fetch(server.url + path, {
          ...init,
          headers: { Authorization: `Bearer ${server.token}`, ...init.headers },
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
      }
      async function rawOk(path) {
        const r = await raw(path);
        assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
        return r.body;
      }
      function request(name) {
        return {
          project: server.projectId,
          name,
          service_type: { type: 'model-serving', flavor: 'mlflow' },
          config: {
            nonce: randomUUID(),
            pipeline_name: 'training_pipeline',
            pipeline_step_name: 'deploy_step',
          },
          labels: { team: 'a' },
          status: { state: 'active', last_error: '' },
          admin_state: 'active',
          prediction_url: 'http://127.0.0.1:9000/predict',
          endpoint: { protocol: 'http', port: 9000 },
        };
      }
      /** What the current shape promises, whatever the release sent. */
      function assertNormalised(s, { hydrated }) {
        assert.match(s.id, UUID);
        assert.match(s.body.user_id, UUID, 'body.user_id');
        assert.equal(s.resources.user.id, s.body.user_id, 'resources.user is the owner');
        if (shape === 's1' && !hydrated) {
          assert.ok(!('project_id' in s.body), '0.80.0-0.82.0 without metadata name no project');
        } else {
          assert.equal(s.body.project_id, server.projectId, 'body.project_id');
        }
        if (hydrated) assert.equal(typeof s.metadata.config, 'object');
        else assert.equal(s.metadata, null);
      }
      /** The raw answer has the release's own shape (so the test sees the mapping at work). */
      function assertRawShape(r) {
        if (shape === 's3') {
          assert.match(r.body.user_id, UUID);
          assert.ok(!('user' in r.body));
        } else {
          assert.ok(!('user_id' in r.body), `${version} sends no body.user_id`);
          assert.match(r.body.user.id, UUID);
          assert.ok(!('project_id' in r.body));
          assert.equal('project_id' in r, shape === 's2');
        }
      }

      before(async () => {
        server = await serverFor(index);
        zen = await createClient({ baseUrl: server.url, token: server.token, timeoutMs: 30000 });
      });
      after(async () => {
        if (zen) zen.close();
        if (server) await server.stop();
      });

      test('the server is the release under test', async () => {
        const info = await zen.serverInfo();
        assert.equal(info.version, version);
      });

      test('create: the stored service in the normalised shape (not a failure after the write)', async () => {
        for (const name of ['cmp-alpha', 'cmp-beta', 'cmp-gamma']) {
          const s = await zen.createService(request(name));
          made.push(s.id);
          // the create answer is hydrated: the same as a hydrated GET of the service right after
          const r = await rawOk(`/api/v1/services/${s.id}?hydrate=true`);
          assertRawShape(r);
          assert.deepEqual(s, mapped(r));
          assertNormalised(s, { hydrated: true });
          assert.equal(s.name, name);
        }
      });

      for (const hydrate of [true, false]) {
        test(`get (hydrate ${hydrate}) equals the raw answer, normalised`, async () => {
          const s = await zen.getService(made[0], { hydrate });
          const r = await rawOk(`/api/v1/services/${made[0]}?hydrate=${hydrate}`);
          assertRawShape(r);
          assert.deepEqual(s, mapped(r));
          assertNormalised(s, { hydrated: hydrate });
        });

        test(`list (hydrate ${hydrate}) equals the raw page, normalised`, async () => {
          const opts = { size: 2, hydrate, sortBy: 'desc:created' };
          const page = await zen.listServices(opts);
          const r = await rawOk(`/api/v1/services?${zen.toQuery(opts)}`);
          assert.equal(r.total, 3);
          assert.equal(page.items.length, 2);
          for (const item of r.items) assertRawShape(item);
          assert.deepEqual(page, mappedPage(r));
          for (const item of page.items) assertNormalised(item, { hydrated: hydrate });
          // every page of the walk too
          const all = [];
          for await (const s of zen.services(opts)) all.push(s);
          assert.deepEqual(
            all.map((s) => s.name),
            ['cmp-gamma', 'cmp-beta', 'cmp-alpha'],
          );
          for (const s of all) assertNormalised(s, { hydrated: hydrate });
        });
      }

      test('update: the stored service in the normalised shape', async () => {
        const s = await zen.updateService(made[1], { name: 'cmp-beta-2', labels: { team: 'b' } });
        const r = await rawOk(`/api/v1/services/${made[1]}?hydrate=true`);
        assert.deepEqual(s, mapped(r));
        assertNormalised(s, { hydrated: true });
        assert.equal(s.name, 'cmp-beta-2');
        assert.deepEqual(s.body.labels, { team: 'b' });
      });

      test('delete, then the service is gone', async () => {
        for (const id of made) assert.equal(await zen.deleteService(id), undefined);
        for (const id of made) assert.equal((await raw(`/api/v1/services/${id}`)).status, 404);
        const page = await zen.listServices({ hydrate: true });
        assert.equal(page.total, 0);
      });
    });
  });
});

describe('a write the server accepted is never reported as failed without its id', () => {
  let faults;
  before(async () => {
    faults = await startFaultServer();
  });
  after(() => faults?.close());

  async function writeError(fault, write) {
    const zen = await createClient({
      baseUrl: `${faults.url}/f/${fault}/${randomUUID()}`,
      token: 't',
      retries: 0,
    });
    try {
      await write(zen);
    } catch (e) {
      return e;
    } finally {
      zen.close();
    }
    assert.fail(`${fault}: expected a rejection`);
  }
  const create = (zen) =>
    zen.createService({
      project: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      name: 'x',
      service_type: { type: 't', flavor: 'f' },
      config: {},
    });
  const target = '3fa85f64-5717-4562-b3fc-2c963f66afa7';
  const update = (zen) => zen.updateService(target, { name: 'y' });

  test('an answer with a field of the wrong type: the id is read from it', async () => {
    for (const write of [create, update]) {
      const e = await writeError('dup-keys-last-invalid', write);
      assert.ok(e instanceof ZenmlError);
      assert.equal(e.code, 'bad_response');
      assert.equal(e.reason, 'write_accepted');
      assert.equal(e.status, 200);
      assert.match(e.id, UUID);
      assert.notEqual(e.id, target, 'the id the server says, not the one asked for');
      assert.match(
        e.message,
        /^the server accepted the write \(HTTP 200\): service [0-9a-f-]{36}, but its answer could not be read: name: expected a string, got number$/,
      );
      assert.ok(e.body.length > 100, 'the raw answer is kept');
    }
  });

  test('an answer cut off before the id: a create says it happened, an update names its target', async () => {
    const c = await writeError('truncated-json', create);
    assert.equal(c.reason, 'write_accepted');
    assert.equal(c.id, '');
    assert.match(
      c.message,
      /^the server accepted the write \(HTTP 200\), but its answer could not be read: invalid JSON/,
    );
    const u = await writeError('truncated-json', update);
    assert.equal(u.reason, 'write_accepted');
    assert.equal(u.id, target);
  });

  test('a refused write or a read is no accepted write', async () => {
    const e = await writeError('500-html', create);
    assert.equal(e.code, 'server');
    assert.equal(e.reason, undefined);
    assert.equal(e.id, undefined);
    const g = await writeError('truncated-json', (zen) => zen.getService(target));
    assert.equal(g.code, 'bad_response');
    assert.equal(g.reason, undefined);
  });
});
