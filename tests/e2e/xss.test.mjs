// XSS sweep of the dashboard (web/): a list of classic XSS vectors in every field the dashboard
// displays, against a real ZenML 0.98.0 server, in headless Debian Chromium. The page is served by
// scripts/serve-web.mjs on its own origin (every API call is cross-origin, as in production).
//
//   node --test tests/e2e/xss.test.mjs        (needs dist/: scripts/build.sh --package-only)
//
// Every payload, if it ever ran, would do something observable: a JS dialog (alert), setting
// window.__xss (trapped by a setter that reports at once), or a request to the canary URL
// http://127.0.0.1:1/xss (or some other URL the dashboard never fetches). Every test fails on
//   - any dialog, any uncaught page error,
//   - any securitypolicyviolation event (CSP or Trusted Types), collected in the page,
//   - window.__xss set,
//   - any request outside the page's own files and the ZenML API paths the dashboard uses,
//   - any element or attribute injected into the live DOM that the dashboard never creates
//     itself (a MutationObserver with an allowlist of the tags web/ builds), which catches
//     markup that was parsed but happened not to fire.
// Views: the table (paged through at 20 per page, then all on one page), the detail panel of
// every payload service with every JSON section expanded, the edit dialog pre-filled with the
// payload values, the delete dialog, the type/flavor suggestions, the filter chips (builder and a
// shared link's query), the export (JSON and CSV: there is no preview, the file is checked), and
// the notices after a save and a delete. Each payload is also checked to be shown as text (exact
// textContent, input value or the JSON it is part of), so the test cannot pass vacuously.
// It prints how many payload x field combinations were rendered and checked, per field and view.
//
// To see the detectors work, point ZSW_XSS_WEB_DIR at a copy of web/ with one text sink turned
// into innerHTML: with the page's CSP the Trusted Types violation fails the test; without the CSP
// meta the alert dialogs, window.__xss, the canary request and the injected elements do.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { serveWeb } from '../../scripts/serve-web.mjs';
import { launchChromium } from '../support/browser.mjs';
import { ROOT, startServer } from '../support/server.mjs';

const DIST = process.env.ZSW_E2E_DIST || path.join(ROOT, 'dist');
// Another copy of web/ (e.g. one with a deliberately broken renderer, to see this test fail).
const WEB_DIR = process.env.ZSW_XSS_WEB_DIR || path.join(ROOT, 'web');
const WEB_FILES =
  /^\/(|index\.html|app\.js|style\.css|favicon\.svg|config\.json|js\/[a-z]+\.js|dist\/(index\.js|api\.js|zenml_services\.mjs|zenml_services\.wasm))$/;
// The ZenML API paths the dashboard has any business calling.
const API_PATHS =
  /^\/api\/v1\/(info|login|logout|current-user|services|services\/[^/]+|projects|projects\/[^/]+)$/;
const CANARY = 'http://127.0.0.1:1/xss';

// --------------------------------------------------------------------------------------------
// The payloads. Each one, if executed, calls alert(), sets window.__xss or requests the canary.

const LONG = (() => {
  // exactly 255 characters: the longest name ZenML accepts
  const s = '"><svg/onload=window.__xss=1>'.repeat(9);
  return (s + '<img src=x onerror=alert(1)>'.repeat(3)).slice(0, 255);
})();
const HUGE = `<img src=x onerror=alert(1)>${'"\'><svg/onload=window.__xss=1>'.repeat(700)}<script>alert(1)</script>`;

const PAYLOADS = [
  // script tags
  '<script>alert(1)</script>',
  '<ScRiPt>window.__xss=1</sCrIpT>',
  `<script src=${CANARY}></script>`,
  `<script>fetch("${CANARY}")</script>`,
  '"><script>alert(1)</script>',
  "'><script>window.__xss=1</script>",
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '--><script>alert(1)</script><!--',
  ']]><script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  // img and other event handlers
  '<img src=x onerror=alert(1)>',
  '<IMG SRC=x OnErRoR=window.__xss=1>',
  `<img src="${CANARY}">`,
  `<img src=x onerror=fetch(\`${CANARY}\`)>`,
  '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;(1)">',
  '<img src=x onerror=\\u0061lert(1)>',
  '<img """><script>alert(1)</script>">',
  '<svg onload=alert(1)>',
  '<svg/onload=window.__xss=1//',
  '<svg><script>alert(1)</script></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<svg><set onbegin=window.__xss=1 attributeName=x to=1>',
  '<svg><a><animate attributeName=href values=javascript:alert(1) /><text x=20 y=20>X</text></a></svg>',
  '<body onload=alert(1)>',
  '<body onpageshow=window.__xss=1>',
  '<iframe src=javascript:alert(1)></iframe>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  `<iframe src="${CANARY}"></iframe>`,
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<video src=x onerror=window.__xss=1>',
  '<audio src=x onerror=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<select autofocus onfocus=window.__xss=1>',
  '<marquee onstart=alert(1)>x</marquee>',
  '<div onmouseover=alert(1) style=position:fixed;inset:0>x</div>',
  // attribute breakouts and JS string / template contexts
  '" onmouseover="alert(1)',
  "' onfocus='alert(1)' autofocus='",
  '"><img src=x onerror=alert(1)>',
  "'-alert(1)-'",
  '";alert(1);//',
  '\\";alert(1);//',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, on purpose
  '${alert(1)}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, on purpose
  '`${window.__xss=1}`',
  '{{constructor.constructor("alert(1)")()}}',
  // URL vectors (also in prediction_url / health_check_url)
  'javascript:alert(1)',
  'JaVaScRiPt:window.__xss=1',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'javascript&colon;alert(1)',
  '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  '<a href=javascript:alert(1)>click</a>',
  '<a href="jAvAsCrIpT:window.__xss=1">x</a>',
  `${CANARY}?"><img src=x onerror=alert(1)>`,
  'https://example.com/#"><script>alert(1)</script>',
  '../../../xss?<script>alert(1)</script>',
  // HTML entities and other encodings
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e',
  '\\x3cimg src=x onerror=alert(1)\\x3e',
  '\uff1cscript\uff1ealert(1)\uff1c/script\uff1e',
  '\u202e<img src=x onerror=alert(1)>\u202c',
  // CSS
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<div style="width:expression(alert(1))">x</div>',
  `<style>@import "${CANARY}";</style>`,
  `<link rel=stylesheet href=${CANARY}>`,
  // math, form, object, meta, base, parser differentials
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math href=javascript:alert(1)>x</math>',
  '<form action=javascript:alert(1)><input type=submit></form>',
  '<button formaction=javascript:alert(1)>x</button>',
  '<object data=javascript:alert(1)></object>',
  '<embed src=javascript:alert(1)>',
  '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
  `<base href=${CANARY}/>`,
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  // polyglots
  'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert(1) )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert(1)//>\\x3e',
  '\'"--></style></script><svg onload=window.__xss=1>',
  // null bytes, CR/LF, very long
  '<scr\u0000ipt>alert(1)</scr\u0000ipt>',
  'x\u0000"><img src=x onerror=alert(1)>',
  'x\r\n\r\n<script>alert(1)</script>',
  LONG,
  HUGE,
];
const N = PAYLOADS.length;

// Where each payload goes: service i carries PAYLOADS[(i + offset) % N] in each slot, so every
// payload lands in every slot exactly once across the N services.
const SLOTS = [
  'name',
  'service_type.type',
  'service_type.flavor',
  'service_type.name',
  'service_type.description',
  'labels key 1',
  'labels value 1',
  'labels key 2',
  'labels value 2',
  'labels key 3',
  'labels value 3',
  'config value',
  'config key',
  'config value (under a payload key)',
  'config.pipeline_name',
  'config.pipeline_step_name',
  'config nested',
  'status.last_error',
  'status key',
  'status nested',
  'endpoint key',
  'endpoint value',
  'endpoint.url',
  'prediction_url',
  'health_check_url',
  'service_source',
];
const OFF = Object.fromEntries(SLOTS.map((s, k) => [s, k]));
const STATES = [
  'active',
  'pending_startup',
  'pending_shutdown',
  'scaled_to_zero',
  'inactive',
  'error',
];

const cut255 = (s) => Array.from(s).slice(0, 255).join('');

/** The request body of service i, and per slot the payload index it carries. */
function serviceSpec(i, nonce) {
  const idx = (slot) => (i + OFF[slot]) % N;
  const p = (slot) => PAYLOADS[idx(slot)];
  const body = {
    name: cut255(p('name')),
    service_type: {
      type: p('service_type.type'),
      flavor: p('service_type.flavor'),
      name: p('service_type.name'),
      description: p('service_type.description'),
    },
    service_source: p('service_source'),
    admin_state: STATES[i % STATES.length],
    labels: {
      [p('labels key 1')]: p('labels value 1'),
      [p('labels key 2')]: p('labels value 2'),
      [p('labels key 3')]: p('labels value 3'),
    },
    config: {
      nonce: `${nonce}-${i}`,
      payload: p('config value'),
      [p('config key')]: p('config value (under a payload key)'),
      pipeline_name: p('config.pipeline_name'),
      pipeline_step_name: p('config.pipeline_step_name'),
      nested: { list: [p('config nested'), { deeper: p('config nested') }] },
    },
    status: {
      state: STATES[(i + 1) % STATES.length],
      last_error: p('status.last_error'),
      [p('status key')]: { deep: [p('status nested')] },
    },
    endpoint: { [p('endpoint key')]: p('endpoint value'), url: p('endpoint.url') },
    prediction_url: p('prediction_url'),
    health_check_url: p('health_check_url'),
  };
  return { body, idx: Object.fromEntries(SLOTS.map((s) => [s, idx(s)])) };
}

// --------------------------------------------------------------------------------------------

let api;
let web;
let browser;
const services = []; // [{ id, body (as sent), idx, got (as the server returns it) }]
const problems = []; // dialogs, page errors, violations, canary, DOM injection, unexpected requests
const apiPathsSeen = new Set();
const notes = []; // findings that are not execution (printed at the end)
const rendered = new Map(); // slot -> Map(payload index -> Set(view))
const t0 = Date.now();

function seen(slot, payloadIndex, view) {
  if (!rendered.has(slot)) rendered.set(slot, new Map());
  const m = rendered.get(slot);
  if (!m.has(payloadIndex)) m.set(payloadIndex, new Set());
  m.get(payloadIndex).add(view);
}

async function rest(method, p, body) {
  const res = await fetch(api.url + p, {
    method,
    headers: {
      Authorization: `Bearer ${api.token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function openPage(query = '') {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(web.url + query);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

/** Activates a button from the keyboard (as fast as a click, without waiting for hit-testing). */
async function press(page, selector) {
  // Detail actions are disabled while the service (re)loads; a person waits for them too.
  await page.waitForSelector(`${selector}:not([disabled])`);
  await page.focus(selector);
  await page.keyboard.press('Enter');
}

// A closed dialog gives focus back to its opener from its `close` event, a task after the dialog
// is hidden: a key pressed before then lands on the opener, not where the test put focus.
async function focusReturnedTo(page, selector) {
  await page.waitForFunction((sel) => document.activeElement?.matches(sel), selector);
}

async function settled(page) {
  await page.waitForFunction(() => {
    const w = document.querySelector('#table-wrap');
    return (
      w &&
      !w.classList.contains('busy') &&
      document.querySelector('#result-summary')?.dataset.total !== undefined
    );
  });
}

async function login(page, { remember = false } = {}) {
  if (remember) await page.check('#remember');
  await page.fill('#username', api.adminUser);
  await page.fill('#password', api.adminPassword);
  await page.click('#btn-connect');
  await page.waitForSelector('#dashboard:not([hidden])');
  await settled(page);
}

async function waitTotal(page, n) {
  await page.waitForFunction(
    (t) => document.querySelector('#result-summary')?.dataset.total === String(t),
    n,
  );
  await settled(page);
}

/** Everything collected so far, plus the page's own record (violations, window.__xss, DOM). */
async function assertClean(page, what) {
  await page.waitForTimeout(150); // let any injected handler (onerror, onload, ontoggle) fire
  const inPage = await page.evaluate(() => ({
    xss: window.__xss,
    violations: window.__violations || [],
    dom: window.__domHits || [],
  }));
  const all = [...problems];
  if (inPage.xss !== undefined) all.push(`window.__xss = ${JSON.stringify(inPage.xss)}`);
  for (const v of inPage.violations) all.push(`securitypolicyviolation (in page): ${v}`);
  for (const d of inPage.dom) all.push(`DOM injection (in page): ${d}`);
  assert.deepEqual(
    [...new Set(all)],
    [],
    `${what}: something executed, was blocked or was injected`,
  );
}

/** The problems reported so far (node side: dialogs, errors, console reports, requests). */
function noProblems(what) {
  assert.deepEqual(
    [...new Set(problems)],
    [],
    `${what}: something executed, was blocked or was injected`,
  );
}

/** What the table shows for each row. */
function readRows(page) {
  return page.$$eval('#rows tr[data-id]', (trs) =>
    trs.map((tr) => {
      const url = tr.querySelector('td.c-url');
      const link = url.querySelector('a, code');
      return {
        id: tr.dataset.id,
        name: tr.querySelector('.row-open').textContent,
        nameIsText: [...tr.querySelector('.row-open').childNodes].every(
          (n) => n.nodeType === Node.TEXT_NODE,
        ),
        type: tr.querySelector('.type').textContent,
        flavor: tr.querySelector('.flavor').textContent,
        labels: [...tr.querySelectorAll('.c-labels .label:not(.label-more)')].map((l) => [
          l.querySelector('.label-k').textContent,
          l.querySelector('.label-v').textContent,
        ]),
        more: tr.querySelector('.c-labels .label-more')?.getAttribute('title') ?? null,
        url: link
          ? { tag: link.tagName, text: link.textContent, href: link.getAttribute('href') }
          : null,
      };
    }),
  );
}

/** Checks one table row against the service; records what was seen. */
function checkRow(row, svc, view) {
  const b = svc.body;
  assert.equal(row.name, b.name, `${view}: name cell`);
  assert.ok(row.nameIsText, `${view}: the name cell holds only text`);
  seen('name', svc.idx.name, view);
  assert.equal(row.type, b.service_type.type);
  seen('service_type.type', svc.idx['service_type.type'], view);
  assert.equal(row.flavor, b.service_type.flavor);
  seen('service_type.flavor', svc.idx['service_type.flavor'], view);
  const entries = Object.entries(b.labels);
  assert.deepEqual(row.labels, entries.slice(0, 2), `${view}: first two labels`);
  assert.equal(
    row.more,
    entries
      .slice(2)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  for (const n of [1, 2]) {
    seen(`labels key ${n}`, svc.idx[`labels key ${n}`], view);
    seen(`labels value ${n}`, svc.idx[`labels value ${n}`], view);
  }
  checkUrl(row.url, b.prediction_url, `${view}: prediction URL`, true);
  seen('prediction_url', svc.idx.prediction_url, view);
}

/** http(s) URLs are links (the table shows host+path), anything else is inert text in <code>. */
function checkUrl(got, value, what, short) {
  let u = null;
  try {
    u = new URL(value);
  } catch {
    /* not a URL */
  }
  if (u && (u.protocol === 'http:' || u.protocol === 'https:')) {
    assert.equal(got.tag, 'A', what);
    assert.equal(got.href, u.href, what);
    assert.equal(
      got.text,
      short ? `${u.host}${u.pathname === '/' ? '' : u.pathname}${u.search}` : value,
      what,
    );
  } else {
    assert.equal(got.tag, 'CODE', `${what}: a non-http(s) value is not a link`);
    assert.equal(got.href, null, what);
    assert.equal(got.text, value, what);
  }
}

// --------------------------------------------------------------------------------------------

before(async () => {
  if (
    !existsSync(path.join(DIST, 'index.js')) ||
    !existsSync(path.join(DIST, 'zenml_services.wasm'))
  ) {
    throw new Error(`${DIST} has no built package: run scripts/build.sh --package-only`);
  }
  assert.ok(N >= 50, `at least 50 payloads (${N})`);
  assert.equal(new Set(PAYLOADS).size, N, 'payloads are distinct');
  assert.equal(LONG.length, 255);
  api = await startServer();

  // One service per payload. Configs are unique server-wide: the nonce.
  const nonce = `xss-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const specs = PAYLOADS.map((_, i) => serviceSpec(i, nonce));
  assert.equal(new Set(specs.map((s) => s.body.name)).size, N, 'names are distinct');
  const pre = await rest('GET', '/api/v1/services?size=1');
  assert.equal(pre.json.total, 0, 'a fresh server');
  for (let i = 0; i < N; i += 8) {
    services.push(
      ...(await Promise.all(
        specs.slice(i, i + 8).map(async (spec) => {
          const r = await rest('POST', '/api/v1/services', {
            project: api.projectId,
            ...spec.body,
          });
          assert.equal(
            r.status,
            200,
            `create ${JSON.stringify(spec.body.name)}: ${JSON.stringify(r.json)}`,
          );
          return { id: r.json.id, ...spec };
        }),
      )),
    );
  }
  // The server keeps every payload byte for byte (else the checks below would compare the wrong thing).
  const list = await rest('GET', '/api/v1/services?size=1000&hydrate=true');
  assert.equal(list.json.total, N);
  const byId = new Map(list.json.items.map((s) => [s.id, s]));
  for (const svc of services) {
    const g = byId.get(svc.id);
    svc.got = g;
    assert.equal(g.name, svc.body.name);
    for (const k of ['type', 'flavor', 'name', 'description'])
      assert.equal(g.body.service_type[k], svc.body.service_type[k]);
    assert.deepEqual(g.body.labels, svc.body.labels);
    assert.deepEqual(g.metadata.config, svc.body.config);
    assert.deepEqual(g.metadata.status, svc.body.status);
    assert.deepEqual(g.metadata.endpoint, svc.body.endpoint);
    for (const k of ['prediction_url', 'health_check_url', 'service_source'])
      assert.equal(g.metadata[k], svc.body[k]);
  }

  web = await serveWeb({
    port: 0,
    webDir: WEB_DIR,
    distDir: DIST,
    config: { server: api.url, username: api.adminUser },
  });
  const webOrigin = new URL(web.url).origin;
  const apiOrigin = new URL(api.url).origin;

  browser = await launchChromium();
  const ctx = browser.context;
  await ctx.addInitScript(() => {
    // CSP and Trusted Types violations, recorded in the page and reported on the console.
    const violations = [];
    Object.defineProperty(window, '__violations', { value: violations });
    window.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const msg = `${e.violatedDirective} blocked=${e.blockedURI} sample=${JSON.stringify(e.sample)}`;
        violations.push(msg);
        console.error(`XSS-CANARY securitypolicyviolation ${msg}`);
      },
      true,
    );
    // window.__xss = anything: reported the moment it happens.
    let hit;
    Object.defineProperty(window, '__xss', {
      configurable: false,
      get: () => hit,
      set: (v) => {
        hit = v;
        console.error(`XSS-CANARY window.__xss set to ${JSON.stringify(v)}`);
      },
    });
    // Markup injected into the live DOM: the dashboard only ever creates these elements itself.
    const domHits = [];
    Object.defineProperty(window, '__domHits', { value: domHits });
    const HTML_OK = new Set([
      'a',
      'button',
      'code',
      'dd',
      'details',
      'div',
      'dl',
      'dt',
      'h3',
      'input',
      'li',
      'option',
      'p',
      'pre',
      'span',
      'summary',
      'td',
      'time',
      'tr',
      'ul',
    ]);
    const SVG_OK = new Set(['svg', 'rect', 'title']);
    const SVG_NS = 'http://www.w3.org/2000/svg';
    const HTML_NS = 'http://www.w3.org/1999/xhtml';
    const URL_ATTRS = new Set([
      'href',
      'src',
      'action',
      'formaction',
      'data',
      'poster',
      'background',
      'xlink:href',
      'srcset',
      'codebase',
      'manifest',
    ]);
    const flag = (m) => {
      domHits.push(m);
      console.error(`XSS-CANARY DOM injection: ${m}`);
    };
    const checkAttr = (node, name) => {
      const n = name.toLowerCase();
      const v = node.getAttribute(name) ?? '';
      if (
        n.startsWith('on') ||
        n === 'srcdoc' ||
        (n === 'style' && !node.closest?.('#state-chart'))
      ) {
        // style: the dashboard never sets a style attribute (dom.js forbids it)
        flag(`<${node.localName} ${name}=${JSON.stringify(v).slice(0, 120)}>`);
      } else if (URL_ATTRS.has(n) && !/^(https?:|blob:|#)/i.test(v.trim())) {
        flag(`<${node.localName} ${name}=${JSON.stringify(v).slice(0, 120)}>`);
      }
    };
    const checkEl = (node, parent) => {
      const tag = node.localName;
      const inChart = !!parent?.closest?.('#state-chart');
      const ok =
        node.namespaceURI === HTML_NS
          ? HTML_OK.has(tag)
          : node.namespaceURI === SVG_NS && inChart && SVG_OK.has(tag);
      if (!ok)
        flag(
          `element <${node.namespaceURI === HTML_NS ? '' : `${node.namespaceURI}:`}${tag}> added under ${parent?.id ? `#${parent.id}` : parent?.localName}`,
        );
      for (const a of node.getAttributeNames()) checkAttr(node, a);
    };
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') {
          if (r.target.nodeType === Node.ELEMENT_NODE && r.target.hasAttribute(r.attributeName))
            checkAttr(r.target, r.attributeName);
          continue;
        }
        for (const n of r.addedNodes) {
          if (n.nodeType !== Node.ELEMENT_NODE) continue;
          checkEl(n, r.target);
          for (const d of n.querySelectorAll('*')) checkEl(d, d.parentElement);
        }
      }
    });
    // From the first paint on: the page's own static markup is not under test.
    document.addEventListener('DOMContentLoaded', () => {
      observer.observe(document, { subtree: true, childList: true, attributes: true });
    });
  });
  ctx.on('page', (page) => {
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.type()} ${JSON.stringify(d.message())}`);
      d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (
        /XSS-CANARY|Content Security Policy|TrustedHTML|TrustedScript|Trusted Type/i.test(m.text())
      )
        problems.push(`console ${m.type()}: ${m.text()}`);
    });
  });
  ctx.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'blob:') return;
    if (u.origin === webOrigin && WEB_FILES.test(u.pathname)) return;
    if (u.origin === apiOrigin && API_PATHS.test(u.pathname)) {
      apiPathsSeen.add(`${req.method()} ${u.pathname.replace(/\/[0-9a-f-]{36}$/, '/{id}')}`);
      return;
    }
    problems.push(`unexpected request: ${req.method()} ${req.url().slice(0, 300)}`);
  });
});

afterEach(async () => {
  if (problems.length)
    console.log(`xss: reported during the last test:\n  ${[...new Set(problems)].join('\n  ')}`);
  for (const p of browser?.context.pages() || []) await p.close().catch(() => {});
  problems.length = 0;
});

after(async () => {
  try {
    await browser?.close();
  } catch (e) {
    console.error(e);
  }
  try {
    await web?.close();
  } catch (e) {
    console.error(e);
  }
  try {
    await api?.stop();
  } catch (e) {
    console.error(e);
  }
  // What was rendered and checked as text.
  let combos = 0;
  const perSlot = SLOTS.map((s) => {
    const m = rendered.get(s) || new Map();
    combos += m.size;
    const views = new Set([...m.values()].flatMap((v) => [...v]));
    return `  ${s.padEnd(36)} ${String(m.size).padStart(3)}/${N}  (${[...views].join(', ')})`;
  });
  console.log(
    `xss: ${N} payloads x ${SLOTS.length} field slots = ${N * SLOTS.length}; rendered and checked as text: ${combos}`,
  );
  console.log(perSlot.join('\n'));
  for (const n of notes) console.log(`xss: note: ${n}`);
  console.log(`xss: API paths called: ${[...apiPathsSeen].sort().join(', ')}`);
  console.log(
    `xss: ${((Date.now() - t0) / 1000).toFixed(1)} s including the server and the browser`,
  );
});

// --------------------------------------------------------------------------------------------

test('table: every payload service, paged through at 20 per page and all on one page', async () => {
  const page = await openPage();
  await login(page);
  assert.equal(await page.getAttribute('#result-summary', 'data-total'), String(N));
  const byId = new Map(services.map((s) => [s.id, s]));
  const seenIds = new Set();
  const pages = Math.ceil(N / 20);
  for (let p = 1; p <= pages; p++) {
    assert.equal(await page.textContent('#pg-label'), `Page ${p} of ${pages}`);
    const rows = await readRows(page);
    await assertClean(page, `table page ${p}`);
    assert.equal(rows.length, p < pages ? 20 : N - 20 * (pages - 1));
    for (const row of rows) {
      assert.ok(!seenIds.has(row.id), 'no row twice');
      seenIds.add(row.id);
      checkRow(row, byId.get(row.id), 'table');
    }
    if (p < pages) {
      await page.click('#pg-next');
      await page.waitForFunction(
        (x) =>
          document.querySelector('#pg-label').textContent ===
          `Page ${x} of ${Math.ceil(document.querySelector('#result-summary').dataset.total / 20)}`,
        p + 1,
      );
      await settled(page);
    }
  }
  assert.equal(seenIds.size, N);

  // all on one page
  await page.selectOption('#pg-size', '100');
  await page.waitForFunction((n) => document.querySelectorAll('#rows tr[data-id]').length === n, N);
  await settled(page);
  const rows = await readRows(page);
  assert.equal(rows.length, N);
  for (const row of rows) checkRow(row, byId.get(row.id), 'table (100 per page)');
  // the type/flavor suggestions of the create form: option values, never markup
  const dl = await page.evaluate(() => ({
    type: [...document.querySelectorAll('#dl-type option')].map((o) => o.value),
    flavor: [...document.querySelectorAll('#dl-flavor option')].map((o) => o.value),
  }));
  assert.deepEqual(new Set(dl.type), new Set(services.map((s) => s.body.service_type.type)));
  assert.deepEqual(new Set(dl.flavor), new Set(services.map((s) => s.body.service_type.flavor)));
  // the dashboard's own links: only http(s)
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
  for (const h of hrefs) assert.match(h, /^(https?:\/\/|#main$)/, h);
  await assertClean(page, 'table, one page');
  await page.close();
});

test('detail panel (all JSON sections open), edit dialog and delete dialog of every payload service', async () => {
  const page = await openPage('?size=100');
  await login(page);
  await page.waitForFunction((n) => document.querySelectorAll('#rows tr[data-id]').length === n, N);
  let expanded = false;
  for (const svc of services) {
    const b = svc.body;
    await page.click(`#rows tr[data-id="${svc.id}"] .row-open`);
    await page.waitForFunction(
      ({ id }) =>
        document.querySelector('#detail-body code.id')?.textContent === id &&
        !document.querySelector('#detail-edit').disabled,
      { id: svc.id },
    );
    if (!expanded) {
      for (const key of ['config', 'status', 'endpoint', 'raw']) {
        if (!(await page.$eval(`details.json[data-key="${key}"]`, (d) => d.open)))
          await page.click(`details.json[data-key="${key}"] summary`);
      }
      expanded = true;
    }
    const d = await page.evaluate(() => {
      const facts = {};
      for (const dt of document.querySelectorAll('#detail-body dl.facts dt')) {
        const dd = dt.nextElementSibling;
        const link = dd.querySelector('a, code');
        facts[dt.textContent] = {
          text: dd.textContent,
          spans: [...dd.children].map((c) => c.textContent),
          link: link
            ? { tag: link.tagName, text: link.textContent, href: link.getAttribute('href') }
            : null,
          labels: [...dd.querySelectorAll('.label')].map((l) => [
            l.querySelector('.label-k').textContent,
            l.querySelector('.label-v').textContent,
          ]),
        };
      }
      const json = {};
      for (const det of document.querySelectorAll('#detail-body details.json')) {
        json[det.dataset.key] = { open: det.open, text: det.querySelector('pre').textContent };
      }
      return { title: document.querySelector('#detail-title').textContent, facts, json };
    });
    noProblems(`detail of ${JSON.stringify(b.name)}`);
    const v = 'detail';
    assert.equal(d.title, b.name);
    seen('name', svc.idx.name, v);
    assert.deepEqual(d.facts.Type.spans, [b.service_type.type, ` / ${b.service_type.flavor}`]);
    seen('service_type.type', svc.idx['service_type.type'], v);
    seen('service_type.flavor', svc.idx['service_type.flavor'], v);
    assert.equal(
      d.facts['Type info'].text,
      `${b.service_type.name} — ${b.service_type.description}`,
    );
    seen('service_type.name', svc.idx['service_type.name'], v);
    seen('service_type.description', svc.idx['service_type.description'], v);
    checkUrl(d.facts['Prediction URL'].link, b.prediction_url, 'detail: prediction URL', false);
    seen('prediction_url', svc.idx.prediction_url, v);
    checkUrl(
      d.facts['Health check URL'].link,
      b.health_check_url,
      'detail: health check URL',
      false,
    );
    seen('health_check_url', svc.idx.health_check_url, v);
    assert.deepEqual(d.facts.Labels.labels, Object.entries(b.labels));
    for (const n of [1, 2, 3]) {
      seen(`labels key ${n}`, svc.idx[`labels key ${n}`], v);
      seen(`labels value ${n}`, svc.idx[`labels value ${n}`], v);
    }
    assert.equal(d.facts['Service source'].text, b.service_source);
    seen('service_source', svc.idx.service_source, v);
    assert.equal(
      d.facts.Pipeline.text,
      `${b.config.pipeline_name} › ${b.config.pipeline_step_name}`,
    );
    seen('config.pipeline_name', svc.idx['config.pipeline_name'], v);
    seen('config.pipeline_step_name', svc.idx['config.pipeline_step_name'], v);
    for (const key of ['config', 'status', 'endpoint', 'raw'])
      assert.equal(d.json[key].open, true, `${key} JSON expanded`);
    // the JSON sections are the values, pretty-printed as text (escapes are JSON's, nothing else)
    assert.equal(d.json.config.text, JSON.stringify(b.config, null, 2));
    for (const s of [
      'config value',
      'config key',
      'config value (under a payload key)',
      'config nested',
    ])
      seen(s, svc.idx[s], `${v} JSON`);
    assert.equal(d.json.status.text, JSON.stringify(b.status, null, 2));
    for (const s of ['status.last_error', 'status key', 'status nested'])
      seen(s, svc.idx[s], `${v} JSON`);
    assert.equal(d.json.endpoint.text, JSON.stringify(b.endpoint, null, 2));
    for (const s of ['endpoint key', 'endpoint value', 'endpoint.url'])
      seen(s, svc.idx[s], `${v} JSON`);
    const raw = JSON.parse(d.json.raw.text);
    assert.equal(raw.id, svc.id);
    assert.equal(raw.name, b.name);
    assert.deepEqual(raw.metadata.config, b.config);
    assert.deepEqual(raw.body.labels, b.labels);

    // the edit dialog, pre-filled with the payloads
    await press(page, '#detail-edit');
    await page.waitForSelector('#service-dialog[open]');
    const e = await page.evaluate(() => ({
      title: document.querySelector('#svc-title').textContent,
      name: document.querySelector('#svc-name').value,
      pred: document.querySelector('#svc-pred').value,
      health: document.querySelector('#svc-health').value,
      labels: [...document.querySelectorAll('#svc-labels li')].map((li) => [
        li.querySelector('.lk').value,
        li.querySelector('.lv').value,
      ]),
      config: document.querySelector('#svc-config').value,
      endpoint: document.querySelector('#svc-endpoint').value,
    }));
    noProblems(`edit dialog of ${JSON.stringify(b.name)}`);
    const ve = 'edit dialog';
    assert.equal(e.title, `Edit “${b.name}”`);
    // an <input> drops line breaks from its value (HTML's value sanitisation), nothing else
    assert.equal(e.name, b.name.replace(/[\r\n]/g, ''));
    seen('name', svc.idx.name, ve);
    // <input type=url> keeps any text as its value (line breaks aside: the value sanitisation)
    assert.equal(e.pred, b.prediction_url.replace(/[\r\n]/g, '').trim());
    seen('prediction_url', svc.idx.prediction_url, ve);
    assert.equal(e.health, b.health_check_url.replace(/[\r\n]/g, '').trim());
    seen('health_check_url', svc.idx.health_check_url, ve);
    assert.deepEqual(
      e.labels,
      Object.entries(b.labels).map(([k, x]) => [
        k.replace(/[\r\n]/g, ''),
        x.replace(/[\r\n]/g, ''),
      ]),
    );
    for (const n of [1, 2, 3]) {
      seen(`labels key ${n}`, svc.idx[`labels key ${n}`], ve);
      seen(`labels value ${n}`, svc.idx[`labels value ${n}`], ve);
    }
    assert.deepEqual(JSON.parse(e.config), b.config);
    for (const s of [
      'config value',
      'config key',
      'config value (under a payload key)',
      'config.pipeline_name',
      'config.pipeline_step_name',
      'config nested',
    ])
      seen(s, svc.idx[s], ve);
    assert.deepEqual(JSON.parse(e.endpoint), b.endpoint);
    for (const s of ['endpoint key', 'endpoint value', 'endpoint.url']) seen(s, svc.idx[s], ve);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#service-dialog', { state: 'hidden' });
    await focusReturnedTo(page, '#detail-edit');

    // the delete confirmation names it
    await press(page, '#detail-delete');
    await page.waitForSelector('#delete-dialog[open]');
    assert.equal(
      await page.textContent('#del-text'),
      `Delete the service “${b.name}”? This cannot be undone.`,
    );
    seen('name', svc.idx.name, 'delete dialog');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#delete-dialog', { state: 'hidden' });
    await focusReturnedTo(page, '#detail-delete');
    noProblems(`delete dialog of ${JSON.stringify(b.name)}`);
  }
  await assertClean(page, 'detail, edit and delete dialogs');
  await page.close();
});

test('filter chips: each payload as a name filter, and shared links whose query carries one', async () => {
  const page = await openPage();
  await login(page);
  await page.selectOption('#f-field', 'name');
  await page.selectOption('#f-op', 'equals');
  for (const svc of services) {
    const name = svc.body.name;
    // an <input> drops line breaks from what is typed
    const typed = name.replace(/[\r\n]/g, '');
    await page.fill('#f-value', typed);
    await page.press('#f-value', 'Enter'); // submits the filter form, like "Add filter"
    await page.waitForFunction(() => document.querySelectorAll('#chips .chip').length === 1);
    // what the server itself answers for that filter
    const expected = (
      await rest('GET', `/api/v1/services?name=${encodeURIComponent(`equals:${typed}`)}&size=1`)
    ).json.total;
    if (expected !== (typed === name ? 1 : 0))
      notes.push(
        `server: name=equals:${JSON.stringify(typed).slice(0, 60)} matches ${expected} service(s)`,
      );
    await waitTotal(page, expected);
    const chip = await page.$eval('#chips .chip', (c) => ({
      field: c.querySelector('.chip-field').textContent,
      op: c.querySelector('.chip-op').textContent,
      value: c.querySelector('.chip-value').textContent,
    }));
    noProblems(`name filter ${JSON.stringify(typed)}`);
    assert.deepEqual(chip, { field: 'Name', op: 'is', value: JSON.stringify(typed) });
    if (expected) {
      checkRow((await readRows(page))[0], svc, 'filtered table');
      seen('name', svc.idx.name, 'filter chip');
    }
    await press(page, '.chip-remove');
    await waitTotal(page, N);
    await page.selectOption('#f-op', 'equals');
  }
  await assertClean(page, 'chips from the filter builder');
  await page.close();

  // Shared links: the filter comes from the query (and the selected service is a payload too);
  // the first needs a sign-in (remembered for the tab), the others resume the session.
  const linked = services.filter((_, i) => i % 6 === 0);
  let shared = null;
  for (const [k, svc] of linked.entries()) {
    const name = svc.body.name;
    let other = PAYLOADS[(svc.idx.name + 1) % N];
    if (other.length > 1000) other = PAYLOADS[0]; // a URL the static server (16 kB headers) accepts
    const query = `?name=${encodeURIComponent(`equals:${name}`)}&size=100&service=${encodeURIComponent(other)}`;
    if (!shared) {
      shared = await openPage(query);
      await login(shared, { remember: true });
    } else {
      await shared.goto(web.url + query);
      await shared.waitForSelector('#dashboard:not([hidden])');
      await settled(shared);
    }
    await waitTotal(shared, 1);
    noProblems(`shared link #${k}`);
    const chip = await shared.$eval(
      '#chips .chip',
      (c) => c.querySelector('.chip-value').textContent,
    );
    assert.equal(chip, JSON.stringify(name), 'the chip restored from the link');
    checkRow((await readRows(shared))[0], svc, 'table from a shared link');
    seen('name', svc.idx.name, 'filter chip from a shared link');
    // the payload "service id": an error in the detail panel, as text
    await shared.waitForSelector('#detail:not([hidden])');
    await shared.waitForFunction(() =>
      /not found|Could not load/i.test(document.querySelector('#detail-title').textContent),
    );
    // the expert box shows the query that is sent: the payload, percent-encoded
    const raw = await shared.inputValue('#raw-query');
    assert.ok(
      new URLSearchParams(raw).getAll('name').some((x) => x === name || x === `equals:${name}`),
      raw.slice(0, 300),
    );
    await assertClean(shared, `shared link #${k}`);
  }
  await shared.close();
});

test('export (JSON and CSV of every payload service) and the notices after a save and a delete', async () => {
  const page = await openPage('?size=100');
  await login(page);
  await page.click('#btn-export');
  await page.waitForSelector('#export-dialog[open]');
  await page.click('label[for="exp-json"]');
  let [download] = await Promise.all([page.waitForEvent('download'), page.click('#exp-start')]);
  const items = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(items.length, N);
  const byId = new Map(items.map((s) => [s.id, s]));
  for (const svc of services) {
    const x = byId.get(svc.id);
    assert.equal(x.name, svc.body.name);
    assert.deepEqual(x.metadata.config, svc.body.config);
    assert.deepEqual(x.metadata.status, svc.body.status);
    assert.deepEqual(x.metadata.endpoint, svc.body.endpoint);
    assert.deepEqual(x.body.labels, svc.body.labels);
    assert.equal(x.metadata.service_source, svc.body.service_source);
  }
  await page.waitForFunction(() =>
    /Exported \d+ services as JSON/.test(document.querySelector('#exp-status').textContent),
  );
  await page.click('label[for="exp-csv"]');
  [download] = await Promise.all([page.waitForEvent('download'), page.click('#exp-start')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('id,name,type,flavor,'));
  for (const svc of services) assert.ok(csv.includes(svc.id));
  await page.click('#exp-close');
  await assertClean(page, 'export');

  // a save: the notice names the service
  // one whose values survive the form's inputs unchanged (no line breaks, no outer spaces), so that
  // changing only the admin state saves only that
  const clean = (x) => !/[\r\n]/.test(x) && x.trim() === x;
  const saved = services.find(
    (s) =>
      clean(s.body.name) &&
      clean(s.body.prediction_url) &&
      clean(s.body.health_check_url) &&
      Object.entries(s.body.labels).every(([k, x]) => clean(k) && clean(x)),
  );
  await page.click(`#rows tr[data-id="${saved.id}"] .row-open`);
  await page.waitForFunction(
    (id) =>
      document.querySelector('#detail-body code.id')?.textContent === id &&
      !document.querySelector('#detail-edit').disabled,
    saved.id,
  );
  await page.click('#detail-edit');
  await page.waitForSelector('#service-dialog[open]');
  const admin = saved.body.admin_state === 'active' ? 'inactive' : 'active';
  await page.selectOption('#svc-admin', admin);
  await page.click('#svc-submit');
  await page.waitForSelector('#service-dialog', { state: 'hidden' });
  await page.waitForFunction(() => /Saved/.test(document.querySelector('#notices').textContent));
  const savedNotice = await page.$$eval('#notices .notice span', (s) =>
    s.map((x) => x.textContent),
  );
  assert.ok(
    savedNotice.includes(`Saved “${saved.body.name}”: admin_state.`),
    JSON.stringify(savedNotice),
  );
  seen('name', saved.idx.name, 'notice');
  assert.equal(
    (await rest('GET', `/api/v1/services/${saved.id}`)).json.name,
    saved.body.name,
    'name unchanged',
  );

  // a delete: the notice names it too
  const gone = services[N - 1];
  await page.click(`#rows tr[data-id="${gone.id}"] .row-open`);
  await page.waitForFunction(
    (id) =>
      document.querySelector('#detail-body code.id')?.textContent === id &&
      !document.querySelector('#detail-delete').disabled,
    gone.id,
  );
  await page.click('#detail-delete');
  await page.waitForSelector('#delete-dialog[open]');
  await page.click('#del-confirm');
  await page.waitForSelector('#detail', { state: 'hidden' });
  await page.waitForFunction(() =>
    /Deleted service/.test(document.querySelector('#notices').textContent),
  );
  const goneNotice = await page.$$eval('#notices .notice span', (s) => s.map((x) => x.textContent));
  assert.ok(
    goneNotice.includes(`Deleted service “${gone.body.name}”.`),
    JSON.stringify(goneNotice).slice(0, 300),
  );
  seen('name', gone.idx.name, 'notice');
  assert.equal((await rest('GET', `/api/v1/services/${gone.id}`)).status, 404);
  await waitTotal(page, N - 1);
  await page.waitForTimeout(300);
  await assertClean(page, 'save and delete notices');
  await page.close();
});
