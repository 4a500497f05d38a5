// What every end-to-end suite of the dashboard (tests/e2e/dashboard*.test.mjs) watches and calls.
import assert from 'node:assert/strict';

/** The files the dashboard may load from its own origin; any other request is a problem. */
export const WEB_FILES =
  /^\/(|index\.html|app\.js|style\.css|favicon\.svg|config\.json|js\/[a-z]+\.js|dist\/(index\.js|api\.js|zenml_services\.mjs|zenml_services\.wasm))$/;

/**
 * Records into `problems` what a clean run of the dashboard never does in the browser context
 * `ctx`: an alert/confirm dialog, an uncaught page error, a CSP or Trusted Types violation, and a
 * request other than a blob:, one of WEB_FILES from `webOrigin`, or one `allowApi(url, req)`
 * accepts (the ZenML servers the suite started).
 */
export async function watchDashboard(ctx, { problems, webOrigin, allowApi }) {
  // CSP / Trusted Types violations reach the console, where the listener below sees them.
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  ctx.on('page', (page) => {
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.type()} ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (
        m.type() === 'error' &&
        /CSP-VIOLATION|Content Security Policy|TrustedHTML|Trusted Type/i.test(m.text())
      )
        problems.push(`console: ${m.text()}`);
    });
  });
  ctx.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'blob:') return;
    if (u.origin === webOrigin && WEB_FILES.test(u.pathname)) return;
    if (allowApi(u, req)) return;
    problems.push(`unexpected request: ${req.method()} ${req.url()}`);
  });
}

/** Fails with the problems watchDashboard recorded, if any. */
export function assertNoProblems(problems, what) {
  assert.deepEqual(
    problems,
    [],
    `${what}: dialogs, page errors, CSP violations or unexpected requests`,
  );
}

/**
 * The suite's own calls to the server `getApi()` returns (a startServer() result), around the
 * dashboard: `rest(method, path, body?, token?)` resolves to { status, json }; `restList(query)`
 * to a page of services, asserting HTTP 200.
 */
export function restFor(getApi) {
  async function rest(method, p, body, token = getApi().token) {
    const res = await fetch(getApi().url + p, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }
  async function restList(query) {
    const r = await rest('GET', `/api/v1/services?${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return r.json;
  }
  return { rest, restList };
}
