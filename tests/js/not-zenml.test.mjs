// A base URL that is not a ZenML server, from Node (dist/node.js): a web app answering HTML, a
// single-page app answering every path with its page, another JSON API, and a port nobody listens
// on. Every failure names the URL that answered (never the token) and, when the answer cannot be
// ZenML's, says "this does not look like a ZenML server". These servers are plain node:http
// servers: what they answer is not a ZenML behaviour, so no real ZenML server can stand in.
//
// Run: node --test tests/js/not-zenml.test.mjs   (needs dist/: scripts/build.sh --package-only)
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { createClient, ZenmlError } from '../../dist/node.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.not-for-messages';
const PAGE =
  '<!doctype html>\n<html><head><title>Some web app</title></head><body>Not found</body></html>';
const servers = [];
let webApp; // 404 text/html for every path (a web app's own not-found page), 405 for POST
let spa; // 200 text/html for every path (a single-page app's index.html fallback)
let otherApi; // another JSON API: 404 {"status":404,"error":"Not Found",…}, /api/v1/info 200 of its own shape
let closedUrl; // a port nobody listens on

function serve(handler) {
  const s = createServer(handler);
  servers.push(s);
  return new Promise((r) =>
    s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${s.address().port}`)),
  );
}

async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ZenmlError, `expected ZenmlError, got ${e?.stack}`);
    assert.ok(!e.message.includes(TOKEN), `the message carries the token: ${e.message}`);
    return e;
  }
  assert.fail('expected a rejection');
}

// `serverVersion` pinned: the client does not ask /api/v1/info before a list
async function client(baseUrl, serverVersion) {
  return createClient({ baseUrl, token: TOKEN, retries: 0, timeoutMs: 10000, serverVersion });
}

before(async () => {
  webApp = await serve((req, res) => {
    res.writeHead(req.method === 'POST' ? 405 : 404, {
      'Content-Type': 'text/html; charset=utf-8',
    });
    res.end(PAGE);
  });
  spa = await serve((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(PAGE);
  });
  otherApi = await serve((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/api/v1/info') {
      res.writeHead(200);
      return res.end(JSON.stringify({ name: 'grafana', version: 11, commit: 'abc' }));
    }
    res.writeHead(404);
    res.end(JSON.stringify({ status: 404, error: 'Not Found', path: req.url }));
  });
  const gone = createServer();
  await new Promise((r) => gone.listen(0, '127.0.0.1', r));
  closedUrl = `http://127.0.0.1:${gone.address().port}`;
  await new Promise((r) => gone.close(r));
});

after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

describe('a server that is not ZenML', () => {
  test('a web app answering HTML: serverInfo says this is not ZenML, naming the URL and the answer', async () => {
    const zen = await client(webApp);
    try {
      const e = await failure(zen.serverInfo());
      assert.equal(e.code, 'not_found');
      assert.equal(e.status, 404);
      assert.equal(e.body, PAGE);
      assert.ok(
        e.message.startsWith(
          `this does not look like a ZenML server (GET ${webApp}/api/v1/info answered HTTP 404 Not Found, text/html: "<!doctype html> <html><head><title>Some web app</title>`,
        ),
        e.message,
      );
      assert.ok(
        e.message.endsWith(
          "the base URL must be the ZenML server's root, e.g. http://127.0.0.1:8237",
        ),
        e.message,
      );
      // a list first asks /api/v1/info for the release: that is the request it names
      const first = await failure(zen.listServices({ filter: { name: 'startswith:svc-' } }));
      assert.equal(first.code, 'not_found');
      assert.ok(
        first.message.includes(`(GET ${webApp}/api/v1/info answered HTTP 404`),
        first.message,
      );
      // every call says the same for its own request
      const pinned = await client(webApp, '0.98.0');
      const list = await failure(pinned.listServices({ filter: { name: 'startswith:svc-' } }));
      pinned.close();
      assert.ok(
        list.message.includes(
          `(GET ${webApp}/api/v1/services?name=startswith%3Asvc- answered HTTP 404`,
        ),
        list.message,
      );
      const login = await failure(zen.login({ username: 'admin', password: 'hunter2' }));
      assert.equal(login.status, 405);
      assert.ok(
        login.message.includes(`(POST ${webApp}/api/v1/login answered HTTP 405 Method Not Allowed`),
        login.message,
      );
      assert.ok(!login.message.includes('hunter2'));
    } finally {
      zen.close();
    }
  });

  test('a single-page app answering every path with its page: bad_response saying this is not ZenML', async () => {
    const zen = await client(spa);
    try {
      const e = await failure(zen.serverInfo());
      assert.equal(e.code, 'bad_response');
      assert.ok(
        e.message.startsWith(
          `this does not look like a ZenML server (GET ${spa}/api/v1/info answered HTTP 200, text/html: "<!doctype html>`,
        ),
        e.message,
      );
      const get = await failure(zen.getService('3fa85f64-5717-4562-b3fc-2c963f66afa6'));
      assert.equal(get.code, 'bad_response');
      assert.ok(
        get.message.includes(
          `(GET ${spa}/api/v1/services/3fa85f64-5717-4562-b3fc-2c963f66afa6?hydrate=true answered HTTP 200`,
        ),
        get.message,
      );
    } finally {
      zen.close();
    }
  });

  test('another JSON API: its 404 and its own /api/v1/info both say this is not ZenML', async () => {
    const zen = await client(otherApi);
    try {
      const info = await failure(zen.serverInfo());
      assert.equal(info.code, 'bad_response');
      assert.equal(
        info.message,
        `this does not look like a ZenML server (GET ${otherApi}/api/v1/info answered JSON that is not ZenML's server info: version: expected a string, got number); the base URL must be the ZenML server's root, e.g. http://127.0.0.1:8237`,
      );
      // a list asks /api/v1/info first, and says the same
      const first = await failure(zen.listServices());
      assert.equal(first.code, 'bad_response');
      assert.equal(first.message, info.message);
      const pinned = await client(otherApi, '0.98.0');
      const list = await failure(pinned.listServices());
      pinned.close();
      assert.equal(list.code, 'not_found');
      assert.ok(
        list.message.startsWith(
          `this does not look like a ZenML server (GET ${otherApi}/api/v1/services answered HTTP 404 Not Found, application/json: "{\\"status\\":404,`,
        ),
        list.message,
      );
    } finally {
      zen.close();
    }
  });
});

describe('no server at all', () => {
  test('a closed port: network, naming the URL that got no answer', async () => {
    const zen = await client(closedUrl);
    try {
      const e = await failure(zen.serverInfo());
      assert.equal(e.code, 'network');
      assert.equal(e.status, 0);
      assert.ok(
        e.message.startsWith(`network error: GET ${closedUrl}/api/v1/info got no answer: `),
        e.message,
      );
      const del = await failure(zen.deleteService('3fa85f64-5717-4562-b3fc-2c963f66afa6'));
      assert.ok(
        del.message.startsWith(
          `network error: DELETE ${closedUrl}/api/v1/services/3fa85f64-5717-4562-b3fc-2c963f66afa6 got no answer: `,
        ),
        del.message,
      );
    } finally {
      zen.close();
    }
  });
});
