// ZenML Services dashboard. Uses only the public API of the zenml-services-wasm package.
//
// `../dist/index.js` resolves to `/dist/index.js` both when scripts/serve-web.mjs serves web/
// at `/` (URL resolution stops at the root) and when a plain static server serves the
// repository root and the page is opened as `/web/`. See web/README.md.
import { createClient } from '../dist/index.js';
import { h, clear, $, safeLink, setMessage, httpUrl } from './js/dom.js';
import {
  STATES, stateInfo, parseTimestamp, relativeTime, exactTime, plural, prettyJson,
  csvHeader, csvRow, normaliseDatetimeInput,
} from './js/format.js';
import {
  FIELDS, FIELD_BY_NAME, opsFor, opLabel, NO_VALUE_OPS, LIST_OPS, chipsToFilter, filterToChips,
  listValue, chipText, chipParts, valueHelp,
} from './js/filters.js';
import { explain, serverSays, reachableIgnoringCors, cspAllows, cspBlocked } from './js/errors.js';
import { countStates, renderChart } from './js/chart.js';

// ---------------------------------------------------------------------------------------------
// State

const DEFAULT_SORT = 'desc:created';
const DEFAULT_SIZE = 20;
const STATS_CAP = 2000;        // services walked for the state chart and the suggestions
const STATS_PAGE = 500;
const EXPORT_PAGE = 500;
const SESSION_KEY = 'zenml-services-dashboard.session';
const LAST_SERVER_KEY = 'zenml-services-dashboard.server';
const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

const app = {
  helper: null,        // a client used only for the pure helpers (toQuery, fromQuery, validateFilter)
  client: null,        // the connected client
  server: '',          // its base URL
  info: null,          // serverInfo()
  who: '',             // who is signed in, as far as we know
  config: {},          // /config.json, when served
  view: defaultView(),
  page: null,          // the last Page loaded
  listCtl: null,
  statsCtl: null,
  detailCtl: null,
  loadSeq: 0,
  detail: null,        // the hydrated service shown in the panel
  detailOpen: new Set(['config']),  // which JSON sections are expanded
  projectId: null,
  known: { type: new Set(), flavor: new Set(), user: new Set(), name: new Set(), pipeline_name: new Set(), pipeline_step_name: new Set() },
  autoTimer: null,
  exportCtl: null,
  editing: null,       // service being edited, null when creating
  returnFocus: null,
};

function defaultView() {
  return { chips: [], other: {}, logic: 'and', sort: DEFAULT_SORT, page: 1, size: DEFAULT_SIZE, project: null, scopeUser: null, selected: null };
}

// ---------------------------------------------------------------------------------------------
// Elements

const el = {};
function grab() {
  for (const id of [
    'conn-summary', 'toolbar', 'btn-refresh', 'auto-refresh', 'btn-export', 'btn-new', 'btn-logout', 'notices', 'main',
    'boot', 'connect', 'connect-form', 'server-url', 'server-probe', 'username', 'password', 'api-key', 'token', 'remember',
    'connect-error', 'btn-connect', 'dashboard', 'chips', 'filter-form', 'f-field', 'f-op', 'f-value', 'f-value-label',
    'f-suggest', 'f-value-wrap', 'f-value2-wrap', 'f-value2', 'f-add', 'f-help', 'f-error', 'raw-details', 'raw-form',
    'raw-query', 'raw-error', 'result-summary', 'chart-note', 'state-chart', 'table-wrap', 'services', 'rows',
    'table-state', 'pg-first', 'pg-prev', 'pg-label', 'pg-next', 'pg-last', 'pg-size', 'detail', 'detail-title',
    'detail-close', 'detail-copy', 'detail-edit', 'detail-delete', 'detail-body', 'service-dialog', 'service-form',
    'svc-title', 'svc-name', 'svc-project', 'svc-project-help', 'svc-type', 'svc-flavor', 'svc-state', 'svc-admin',
    'svc-pred', 'svc-health', 'svc-labels', 'svc-label-add', 'svc-config', 'svc-config-label', 'svc-config-msg',
    'svc-endpoint', 'svc-endpoint-msg', 'svc-error', 'svc-cancel', 'svc-submit', 'dl-type', 'dl-flavor',
    'delete-dialog', 'delete-form', 'del-text', 'del-id', 'del-error', 'del-cancel', 'del-confirm', 'export-dialog',
    'export-form', 'exp-scope', 'exp-progress-wrap', 'exp-progress', 'exp-status', 'exp-error', 'exp-close',
    'exp-cancel', 'exp-start',
  ]) {
    el[id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())] = $(`#${id}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Notices (aria-live)

function notify(text, kind = 'info', ms = 5000) {
  const n = h('div', { class: `notice notice-${kind}` }, h('span', { text }),
    h('button', { type: 'button', class: 'notice-close', 'aria-label': 'Dismiss', on: { click: () => n.remove() } }, '✕'));
  el.notices.append(n);
  while (el.notices.children.length > 3) el.notices.firstElementChild.remove();
  if (ms) setTimeout(() => n.remove(), ms);
}

/** An error box: title, the server's words, what to try. */
function errorBox(target, info, { retry } = {}) {
  clear(target);
  target.append(h('p', { class: 'error-title', text: info.title }));
  if (info.detail) target.append(h('p', { class: 'error-detail', text: info.detail }));
  if (info.hint) target.append(h('p', { class: 'error-hint', text: info.hint }));
  if (retry) target.append(h('button', { type: 'button', class: 'btn btn-small', on: { click: retry } }, 'Try again'));
  target.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// URL state: ?server=…&<the package's toQuery() of filters/sort/page/size>&service=<id>

function listOptions(v = app.view, { forUrl = false } = {}) {
  const o = {};
  const filter = { ...v.other, ...chipsToFilter(v.chips) };
  if (Object.keys(filter).length) o.filter = filter;
  if (v.logic === 'or') o.logicalOperator = 'or';
  if (!forUrl || v.sort !== DEFAULT_SORT) o.sortBy = v.sort;
  if (!forUrl || v.page !== 1) o.page = v.page;
  if (!forUrl || v.size !== DEFAULT_SIZE) o.size = v.size;
  if (v.project) o.project = v.project;
  if (v.scopeUser) o.scopeUser = v.scopeUser;
  return o;
}

/** The filter part only (no page/size), e.g. for export and stats. */
function filterOptions(v = app.view) {
  const { page, size, ...rest } = listOptions(v);
  return rest;
}

function viewToSearch(v = app.view) {
  const parts = [];
  const server = app.server || el.serverUrl.value.trim();
  if (server) parts.push(`server=${encodeURIComponent(server)}`);
  let q = '';
  try {
    q = app.helper.toQuery(listOptions(v, { forUrl: true }));
  } catch {
    q = '';
  }
  if (q) parts.push(q.replace(/^\?/, ''));
  if (v.selected) parts.push(`service=${encodeURIComponent(v.selected)}`);
  return parts.length ? `?${parts.join('&')}` : location.pathname;
}

function writeUrl({ replace = false } = {}) {
  const search = viewToSearch();
  const target = search.startsWith('?') ? search : location.pathname;
  if (target === location.search || (target === location.pathname && !location.search)) return;
  if (replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
}

/** Reads the view from location.search. Returns an error message when the query is invalid. */
function readUrl() {
  const params = new URLSearchParams(location.search);
  const v = defaultView();
  v.selected = params.get('service') || null;
  params.delete('server');
  params.delete('service');
  const rest = params.toString();
  if (!rest) {
    app.view = v;
    return null;
  }
  let o;
  try {
    o = app.helper.fromQuery(rest);
  } catch (e) {
    app.view = v;
    return `The link's filter could not be read: ${e.message}`;
  }
  const { chips, other } = filterToChips(o.filter);
  v.chips = chips;
  v.other = other;
  v.logic = o.logicalOperator === 'or' ? 'or' : 'and';
  v.sort = o.sortBy ? normaliseSort(o.sortBy) : DEFAULT_SORT;
  v.page = Number.isInteger(o.page) && o.page > 0 ? o.page : 1;
  v.size = Number.isInteger(o.size) && o.size > 0 ? o.size : DEFAULT_SIZE;
  v.project = o.project || null;
  v.scopeUser = o.scopeUser || null;
  app.view = v;
  return null;
}

function normaliseSort(sortBy) {
  const s = String(sortBy);
  return s.startsWith('asc:') ? s.slice(4) : s;
}

function parseSort(sortBy) {
  const s = normaliseSort(sortBy);
  return s.startsWith('desc:') ? { field: s.slice(5), dir: 'desc' } : { field: s, dir: 'asc' };
}

/** A view change made by the user: new history entry, reload. */
function navigate(mutate, { resetPage = true, replace = false } = {}) {
  mutate(app.view);
  if (resetPage) app.view.page = 1;
  writeUrl({ replace });
  renderFilters();
  refresh();
}

// ---------------------------------------------------------------------------------------------
// Connect

function normaliseServerUrl(text) {
  let t = String(text || '').trim();
  if (t && !/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) t = `http://${t}`;
  const u = httpUrl(t);
  if (!u) return null;
  let path = u.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${u.origin}${path}`;
}

function authMethod() {
  return document.querySelector('input[name="auth"]:checked')?.value || 'password';
}

function showAuthPanel() {
  const m = authMethod();
  for (const p of document.querySelectorAll('.auth-panel')) p.hidden = p.dataset.auth !== m;
}

let probeCtl = null;
let probeTimer = null;
/** Shows who answers at the URL typed (serverInfo), before signing in. */
function probeServer() {
  clearTimeout(probeTimer);
  probeCtl?.abort();
  probeCtl = null;
  el.serverProbe.textContent = '';
  delete el.serverProbe.dataset.ok;
  probeTimer = setTimeout(async () => {
    const url = normaliseServerUrl(el.serverUrl.value);
    probeCtl?.abort();
    if (!url) {
      setMessage(el.serverProbe, el.serverUrl.value.trim() ? 'Enter an http(s) URL, e.g. http://127.0.0.1:8237' : '');
      return;
    }
    if (!cspAllows(url)) {
      el.serverProbe.textContent = `✗ ${cspBlocked(url).title}`;
      el.serverProbe.dataset.ok = 'false';
      return;
    }
    const ctl = probeCtl = new AbortController();
    el.serverProbe.textContent = `Checking ${url}…`;
    el.serverProbe.hidden = false;
    let c;
    try {
      c = await createClient({ baseUrl: url, timeoutMs: 5000, retries: 0 });
      const info = await c.serverInfo({ signal: ctl.signal });
      if (ctl !== probeCtl) return;
      el.serverProbe.textContent = `✓ ${info.name || 'ZenML server'} · ZenML ${info.version} · auth ${info.auth_scheme}`;
      el.serverProbe.dataset.ok = 'true';
      if (info.auth_scheme === 'NO_AUTH') $('#auth-none').checked = true;
      else if (authMethod() === 'none') $('#auth-password').checked = true;
      showAuthPanel();
    } catch (e) {
      if (ctl !== probeCtl || e.code === 'aborted') return;
      const reachable = e.code === 'network' ? await reachableIgnoringCors(url) : undefined;
      if (ctl !== probeCtl) return;
      const x = explain(e, { serverUrl: url, reachable, during: 'login' });
      el.serverProbe.textContent = `✗ ${x.title}`;
      el.serverProbe.dataset.ok = 'false';
    } finally {
      c?.close();
    }
  }, 350);
}

async function onConnect(ev) {
  ev.preventDefault();
  el.connectError.hidden = true;
  const url = normaliseServerUrl(el.serverUrl.value);
  if (!url) {
    errorBox(el.connectError, { title: 'Enter the server URL', detail: 'An http or https URL such as http://127.0.0.1:8237 (the server root, without /api/v1).', hint: '' });
    el.serverUrl.focus();
    return;
  }
  const method = authMethod();
  const creds = {
    username: el.username.value.trim(), password: el.password.value,
    apiKey: el.apiKey.value.trim(), token: el.token.value.trim(),
  };
  const missing = method === 'password' && !creds.username ? ['username', el.username]
    : method === 'apikey' && !creds.apiKey ? ['API key', el.apiKey]
      : method === 'token' && !creds.token ? ['token', el.token] : null;
  if (missing) {
    errorBox(el.connectError, { title: `Enter the ${missing[0]}`, detail: '', hint: '' });
    missing[1].focus();
    return;
  }
  el.btnConnect.disabled = true;
  el.btnConnect.textContent = 'Connecting…';
  try {
    await connect(url, method, creds, el.remember.checked);
    el.password.value = '';
    el.apiKey.value = '';
    el.token.value = '';
  } catch (info) {
    errorBox(el.connectError, info);
  } finally {
    el.btnConnect.disabled = false;
    el.btnConnect.textContent = 'Connect';
  }
}

/** Throws an explain() object on failure. */
async function connect(url, method, creds, remember, { csrf = '', who = '' } = {}) {
  if (!cspAllows(url)) throw cspBlocked(url);
  let c;
  try {
    c = await createClient({ baseUrl: url, timeoutMs: 20000, retries: 1,
      ...(method === 'token' ? { token: creds.token, csrfToken: csrf } : {}) });
  } catch (e) {
    throw explain(e, { serverUrl: url, during: 'login' });
  }
  try {
    let info;
    try {
      info = await c.serverInfo();
    } catch (e) {
      const reachable = e.code === 'network' ? await reachableIgnoringCors(url) : undefined;
      throw explain(e, { serverUrl: url, reachable, during: 'login' });
    }
    let tokenInfo = null;
    try {
      if (method === 'password') {
        tokenInfo = await c.login({ username: creds.username, password: creds.password });
        who = creds.username;
      } else if (method === 'apikey') {
        tokenInfo = await c.login({ apiKey: creds.apiKey });
        who = who || 'API key';
      } else {
        // A token or no auth: prove it works before showing the dashboard.
        await c.listServices({ size: 1 });
        who = who || (method === 'token' ? 'token' : '');
      }
    } catch (e) {
      if (e.code === 'unauthorized' && method === 'none') {
        throw { title: 'This server needs you to sign in', detail: serverSays(e), hint: `Its auth scheme is ${info.auth_scheme}: choose username & password, an API key or a token.` };
      }
      const reachable = e.code === 'network' ? await reachableIgnoringCors(url) : undefined;
      throw explain(e, { serverUrl: url, reachable, during: 'login' });
    }
    // Connected.
    app.client?.close();
    app.client = c;
    app.server = url;
    app.info = info;
    app.who = who;
    try { localStorage.setItem(LAST_SERVER_KEY, url); } catch { /* storage may be disabled */ }
    if (remember) {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify({
        server: url, token: c.token, csrf: tokenInfo?.csrf_token || csrf || '', who, method,
      }));
    } else {
      sessionStorage.removeItem(SESSION_KEY);
    }
    c = null;
    enterDashboard();
  } finally {
    c?.close();
  }
}

async function resumeSession(saved) {
  el.serverUrl.value = saved.server;
  try {
    await connect(saved.server, saved.token ? 'token' : 'none', { token: saved.token }, true, { csrf: saved.csrf, who: saved.who });
    return true;
  } catch (info) {
    sessionStorage.removeItem(SESSION_KEY);
    showConnect();
    errorBox(el.connectError, { ...info, title: `Could not resume the remembered session: ${info.title}` });
    return false;
  }
}

function enterDashboard() {
  const i = app.info || {};
  clear(el.connSummary);
  el.connSummary.append(
    h('span', { class: 'conn-name', text: i.name || 'ZenML server' }),
    h('span', { class: 'conn-sep', 'aria-hidden': 'true' }, ' · '),
    h('span', { text: `ZenML ${i.version || '?'}` }),
    h('span', { class: 'conn-sep', 'aria-hidden': 'true' }, ' · '),
    h('span', { class: 'conn-auth', title: 'Authentication scheme', text: i.auth_scheme || '' }),
    h('span', { class: 'conn-sep', 'aria-hidden': 'true' }, ' · '),
    h('span', { class: 'conn-url', text: app.server }),
    app.who ? h('span', { class: 'conn-sep', 'aria-hidden': 'true' }, ' · ') : null,
    app.who ? h('span', { class: 'conn-who', text: `signed in as ${app.who}` }) : null);
  el.connect.hidden = true;
  el.boot.hidden = true;
  el.toolbar.hidden = false;
  el.dashboard.hidden = false;
  writeUrl({ replace: true });
  renderFilters();
  refresh();
  if (app.view.selected) openDetail(app.view.selected, { push: false });
  setAutoRefresh(Number(el.autoRefresh.value));
}

function showConnect() {
  el.boot.hidden = true;
  el.dashboard.hidden = true;
  el.toolbar.hidden = true;
  closeDetail({ push: false, keepSelection: true });
  el.connect.hidden = false;
  el.connSummary.textContent = 'Not connected';
  showAuthPanel();
  probeServer();
}

function logout() {
  setAutoRefresh(0);
  el.autoRefresh.value = '0';
  app.listCtl?.abort();
  app.statsCtl?.abort();
  app.detailCtl?.abort();
  app.client?.logout();
  app.client?.close();
  app.client = null;
  app.page = null;
  sessionStorage.removeItem(SESSION_KEY);
  clear(el.rows);
  app.view.selected = null;
  writeUrl({ replace: true });
  showConnect();
  el.connectError.hidden = true;
  notify('Logged out. The token was dropped from memory and from this tab\'s storage.');
  (app.info?.auth_scheme === 'NO_AUTH' ? el.btnConnect : el.username).focus();
}

/** A 401 while working: back to the connect form, keeping the view. */
function sessionLost(err) {
  setAutoRefresh(0);
  el.autoRefresh.value = '0';
  app.client?.close();
  app.client = null;
  sessionStorage.removeItem(SESSION_KEY);
  showConnect();
  errorBox(el.connectError, { ...explain(err, { serverUrl: app.server }), title: 'Your session ended: sign in again' });
}

// ---------------------------------------------------------------------------------------------
// Filters

function fillFieldSelect() {
  clear(el.fField);
  for (const f of FIELDS) el.fField.append(h('option', { value: f.name, text: f.label }));
}

function fillOpSelect() {
  const field = el.fField.value;
  const kind = FIELD_BY_NAME[field]?.kind || 'string';
  const prev = el.fOp.value;
  clear(el.fOp);
  for (const op of opsFor(field)) el.fOp.append(h('option', { value: op, text: opLabel(kind, op) }));
  if (opsFor(field).includes(prev)) el.fOp.value = prev;
  else el.fOp.value = kind === 'datetime' ? 'gte' : kind === 'uuid' ? 'startswith' : field === 'name' ? 'contains' : 'equals';
  updateValueInputs();
}

function updateValueInputs() {
  const field = el.fField.value;
  const op = el.fOp.value;
  const { placeholder, help } = valueHelp(field, op);
  el.fValueWrap.hidden = NO_VALUE_OPS.has(op);
  el.fValue2Wrap.hidden = op !== 'in';
  el.fValue.placeholder = placeholder;
  el.fValueLabel.textContent = op === 'in' ? 'From' : 'Value';
  el.fHelp.textContent = help;
  // suggestions from the services seen
  clear(el.fSuggest);
  const known = app.known[field];
  if (known && !['gt', 'gte', 'lt', 'lte'].includes(op)) {
    for (const v of [...known].sort().slice(0, 200)) el.fSuggest.append(h('option', { value: v }));
  }
  validateBuilder(false);
}

/** The chip the builder describes, or null when a value is still missing. */
function builderChip() {
  const field = el.fField.value;
  const op = el.fOp.value;
  const kind = FIELD_BY_NAME[field]?.kind;
  let value = el.fValue.value;
  if (NO_VALUE_OPS.has(op)) value = '';
  else if (LIST_OPS.has(op)) value = listValue(value);
  else if (op === 'in') value = `${normaliseDatetimeInput(el.fValue.value)},${normaliseDatetimeInput(el.fValue2.value)}`;
  else if (kind === 'datetime') value = normaliseDatetimeInput(value);
  else if (kind === 'uuid') value = value.trim();
  return { field, op, value };
}

/** validateFilter() of the filters with the builder's chip added; shows the error inline. */
function validateBuilder(showEmpty) {
  const chip = builderChip();
  const empty = !NO_VALUE_OPS.has(chip.op) && el.fValue.value.trim() === '' && (chip.op !== 'in' || el.fValue2.value.trim() === '');
  if (empty) {
    setMessage(el.fError, showEmpty ? 'Enter a value.' : '');
    el.fValue.removeAttribute('aria-invalid');
    return null;
  }
  const err = app.helper?.validateFilter({ filter: chipsToFilter([...app.view.chips, chip]) });
  setMessage(el.fError, err ? err.message : '');
  if (err) el.fValue.setAttribute('aria-invalid', 'true');
  else el.fValue.removeAttribute('aria-invalid');
  return err ? null : chip;
}

function onAddFilter(ev) {
  ev.preventDefault();
  const chip = validateBuilder(true);
  if (!chip) {
    (el.fValueWrap.hidden ? el.fOp : el.fValue).focus();
    return;
  }
  el.fValue.value = '';
  el.fValue2.value = '';
  navigate((v) => { v.chips.push(chip); });
  el.fValue.focus();
}

function removeChip(index) {
  navigate((v) => { v.chips.splice(index, 1); });
  const next = el.chips.querySelectorAll('.chip-remove')[Math.min(index, app.view.chips.length - 1)];
  (next || el.fField).focus();
}

function renderFilters() {
  clear(el.chips);
  const v = app.view;
  v.chips.forEach((chip, i) => {
    const text = chipText(chip);
    const p = chipParts(chip);
    el.chips.append(h('li', { class: 'chip' },
      h('span', { class: 'chip-field', text: p.field }),
      h('span', { class: 'chip-op', text: p.op }),
      p.value ? h('span', { class: 'chip-value', text: p.value }) : null,
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove filter: ${text}`, title: 'Remove filter', on: { click: () => removeChip(i) } }, '✕')));
  });
  const extra = [];
  if (v.project) extra.push(['project', v.project, () => navigate((x) => { x.project = null; })]);
  if (v.scopeUser) extra.push(['only user', v.scopeUser, () => navigate((x) => { x.scopeUser = null; })]);
  for (const [k, val] of Object.entries(v.other)) extra.push([k, Array.isArray(val) ? val.join(' & ') : String(val), () => navigate((x) => { delete x.other[k]; })]);
  for (const [label, val, remove] of extra) {
    el.chips.append(h('li', { class: 'chip chip-extra' }, h('span', { class: 'chip-field', text: label }),
      h('span', { class: 'chip-value', text: val }),
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove filter: ${label} ${val}`, on: { click: remove } }, '✕')));
  }
  if (!el.chips.children.length) el.chips.append(h('li', { class: 'chips-empty muted', text: 'No filters: showing every service.' }));
  $(`#logic-${v.logic}`).checked = true;
  // the expert box shows what is sent
  if (document.activeElement !== el.rawQuery) {
    try {
      el.rawQuery.value = app.helper.toQuery(listOptions(v, { forUrl: true }));
    } catch (e) {
      el.rawQuery.value = '';
    }
    setMessage(el.rawError, '');
  }
  const sizeText = String(v.size);
  if (![...el.pgSize.options].some((o) => o.value === sizeText)) el.pgSize.append(h('option', { value: sizeText, text: sizeText }));
  el.pgSize.value = sizeText;
  renderSortHeaders();
}

function onRawQuery(ev) {
  ev.preventDefault();
  const text = el.rawQuery.value.trim().replace(/^\?/, '');
  let o;
  try {
    o = app.helper.fromQuery(text);
  } catch (e) {
    setMessage(el.rawError, e.message);
    el.rawQuery.setAttribute('aria-invalid', 'true');
    return;
  }
  const err = app.helper.validateFilter(o);
  if (err) {
    setMessage(el.rawError, err.message);
    el.rawQuery.setAttribute('aria-invalid', 'true');
    return;
  }
  el.rawQuery.removeAttribute('aria-invalid');
  setMessage(el.rawError, '');
  const { chips, other } = filterToChips(o.filter);
  navigate((v) => {
    v.chips = chips;
    v.other = other;
    v.logic = o.logicalOperator === 'or' ? 'or' : 'and';
    v.sort = o.sortBy ? normaliseSort(o.sortBy) : DEFAULT_SORT;
    v.size = o.size || DEFAULT_SIZE;
    v.project = o.project || null;
    v.scopeUser = o.scopeUser || null;
  });
  if (o.page) {
    app.view.page = o.page;
    writeUrl({ replace: true });
    refresh();
  }
  el.rawQuery.blur();
}

function onRawInput() {
  const text = el.rawQuery.value.trim().replace(/^\?/, '');
  try {
    const o = app.helper.fromQuery(text);
    const err = app.helper.validateFilter(o);
    setMessage(el.rawError, err ? err.message : '');
    if (err) el.rawQuery.setAttribute('aria-invalid', 'true');
    else el.rawQuery.removeAttribute('aria-invalid');
  } catch (e) {
    setMessage(el.rawError, e.message);
    el.rawQuery.setAttribute('aria-invalid', 'true');
  }
}

// ---------------------------------------------------------------------------------------------
// Sorting and pagination

function renderSortHeaders() {
  const { field, dir } = parseSort(app.view.sort);
  for (const th of el.services.querySelectorAll('thead th')) {
    const buttons = [...th.querySelectorAll('button.sort')];
    if (!buttons.length) continue;
    const active = buttons.find((b) => b.dataset.sort === field);
    th.setAttribute('aria-sort', active ? (dir === 'desc' ? 'descending' : 'ascending') : 'none');
    for (const b of buttons) {
      const on = b.dataset.sort === field;
      b.classList.toggle('sorted', on);
      b.dataset.dir = on ? dir : '';
      const name = b.textContent;
      b.setAttribute('aria-label', `${name}: ${on ? `sorted ${dir === 'desc' ? 'descending' : 'ascending'}, activate to reverse` : 'activate to sort'}`);
    }
  }
}

function onSort(field) {
  const cur = parseSort(app.view.sort);
  let dir;
  if (cur.field === field) dir = cur.dir === 'asc' ? 'desc' : 'asc';
  else dir = field === 'created' || field === 'updated' ? 'desc' : 'asc';
  navigate((v) => { v.sort = dir === 'desc' ? `desc:${field}` : field; });
}

function goPage(p) {
  const total = app.page?.total_pages || 1;
  const page = Math.min(Math.max(1, p), total);
  if (page === app.view.page) return;
  navigate((v) => { v.page = page; }, { resetPage: false });
}

function renderPager() {
  const p = app.page;
  const v = app.view;
  const totalPages = p ? p.total_pages : 1;
  el.pgLabel.textContent = p ? `Page ${v.page} of ${totalPages}` : '';
  el.pgFirst.disabled = el.pgPrev.disabled = !p || v.page <= 1;
  el.pgNext.disabled = el.pgLast.disabled = !p || v.page >= totalPages;
}

// ---------------------------------------------------------------------------------------------
// Loading the list

/** Reloads the list, the chart and the open detail. quiet: keep the current rows while loading. */
async function refresh({ quiet = false } = {}) {
  if (!app.client) return;
  app.listCtl?.abort();
  const ctl = app.listCtl = new AbortController();
  const seq = ++app.loadSeq;
  const opts = listOptions();
  const invalid = app.client.validateFilter(opts);
  if (invalid) {
    tableMessage('error', { title: 'These filters cannot be sent', detail: invalid.message, hint: 'Remove or fix a filter.' });
    return;
  }
  el.tableWrap.classList.add('busy');
  el.tableWrap.setAttribute('aria-busy', 'true');
  if (!quiet && !el.rows.children.length) tableMessage('loading');
  const keep = captureScrollAndFocus();
  try {
    const page = await app.client.listServices({ ...opts, hydrate: true, signal: ctl.signal });
    if (seq !== app.loadSeq) return;
    app.page = page;
    learn(page.items);
    renderRows(page);
    restoreScrollAndFocus(keep);
    loadStats(page, seq);
  } catch (e) {
    if (seq !== app.loadSeq || e.code === 'aborted') return;
    if (e.code === 'unauthorized') return sessionLost(e);
    if (e.reason === 'page_out_of_range' && app.view.page > 1) {
      app.view.page = Math.max(1, e.maxPage || 1);
      writeUrl({ replace: true });
      return refresh({ quiet });
    }
    app.page = null;
    clear(el.rows);
    renderPager();
    app.statsCtl?.abort();
    clear(el.stateChart);
    delete el.stateChart.dataset.key;
    el.chartNote.textContent = '';
    const reachable = e.code === 'network' ? await reachableIgnoringCors(app.server) : undefined;
    if (seq !== app.loadSeq) return;
    tableMessage('error', explain(e, { serverUrl: app.server, reachable }));
    delete el.resultSummary.dataset.total;
    el.resultSummary.textContent = 'Could not load services.';
  } finally {
    if (seq === app.loadSeq) {
      el.tableWrap.classList.remove('busy');
      el.tableWrap.removeAttribute('aria-busy');
    }
  }
  if (app.view.selected && !el.detail.hidden && quiet) loadDetail(app.view.selected, { quiet: true });
}

function tableMessage(kind, info) {
  const box = el.tableState;
  clear(box);
  box.className = `table-state table-${kind}`;
  if (kind === 'loading') {
    box.append(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', { text: 'Loading services…' }));
  } else if (kind === 'empty') {
    const filtered = app.view.chips.length || Object.keys(app.view.other).length || app.view.project || app.view.scopeUser;
    box.append(h('p', { class: 'empty-title', text: filtered ? 'No services match these filters.' : 'No services on this server yet.' }));
    box.append(filtered
      ? h('button', { type: 'button', class: 'btn', on: { click: () => navigate((v) => { v.chips = []; v.other = {}; v.project = null; v.scopeUser = null; v.logic = 'and'; }) } }, 'Clear all filters')
      : h('button', { type: 'button', class: 'btn btn-primary', on: { click: () => openServiceDialog(null) } }, 'Create a service'));
  } else if (kind === 'error') {
    box.setAttribute('role', 'alert');
    box.append(h('p', { class: 'error-title', text: info.title }));
    if (info.detail) box.append(h('p', { class: 'error-detail', text: info.detail }));
    if (info.hint) box.append(h('p', { class: 'error-hint', text: info.hint }));
    box.append(h('button', { type: 'button', class: 'btn', on: { click: () => refresh() } }, 'Try again'));
  }
  if (kind !== 'error') box.removeAttribute('role');
  box.hidden = false;
}

function timeCell(ts) {
  const d = parseTimestamp(ts);
  const t = h('time', { datetime: d ? d.toISOString() : '', title: d ? exactTime(d) : String(ts ?? ''), 'data-ts': ts ?? '' }, d ? relativeTime(d) : '—');
  return t;
}

function stateBadge(state, { small = false } = {}) {
  const info = stateInfo(state);
  return h('span', { class: `badge state-${info.cls}${small ? ' badge-small' : ''}`, title: state == null ? 'No state reported' : `state: ${state}` },
    h('span', { class: 'dot', 'aria-hidden': 'true' }), info.label);
}

function labelChips(labels, max = 2) {
  const entries = Object.entries(labels || {});
  if (!entries.length) return h('span', { class: 'muted', text: '—' });
  const wrap = h('span', { class: 'labels' });
  for (const [k, v] of entries.slice(0, max)) wrap.append(h('span', { class: 'label', title: `${k}=${v}` }, h('span', { class: 'label-k', text: k }), h('span', { class: 'label-v', text: v })));
  if (entries.length > max) wrap.append(h('span', { class: 'label label-more', title: entries.slice(max).map(([k, v]) => `${k}=${v}`).join('\n'), text: `+${entries.length - max}` }));
  return wrap;
}

/** `127.0.0.1:8018/v1/predict` for http(s) URLs (the full URL is the link's title). */
function shortUrl(value) {
  const u = httpUrl(value);
  return u ? `${u.host}${u.pathname === '/' ? '' : u.pathname}${u.search}` : value;
}

function renderRows(page) {
  const frag = document.createDocumentFragment();
  for (const svc of page.items) {
    const body = svc.body || {};
    const meta = svc.metadata || {};
    const st = body.service_type || {};
    const selected = svc.id === app.view.selected;
    const nameBtn = h('button', { type: 'button', class: 'row-open', 'data-id': svc.id, title: `Open ${svc.name || 'service'} (${svc.id})` },
      svc.name === '' ? h('span', { class: 'muted', text: '(no name)' }) : svc.name);
    const tr = h('tr', { 'data-id': svc.id, class: selected ? 'selected' : '', 'aria-current': selected ? 'true' : false },
      h('td', { class: 'c-name', 'data-label': 'Name' }, nameBtn),
      h('td', { class: 'c-type', 'data-label': 'Type / flavor' }, h('span', { class: 'type', text: st.type ?? '' }), h('span', { class: 'flavor', text: st.flavor ?? '' })),
      h('td', { class: 'c-state', 'data-label': 'State' }, stateBadge(body.state)),
      h('td', { class: 'c-admin', 'data-label': 'Admin state' }, meta.admin_state == null ? h('span', { class: 'muted', text: '—' }) : h('span', { class: 'admin', text: meta.admin_state })),
      h('td', { class: 'c-labels', 'data-label': 'Labels' }, labelChips(body.labels)),
      h('td', { class: 'c-user', 'data-label': 'Owner' }, svc.resources?.user?.name ?? h('span', { class: 'muted', text: '—' })),
      h('td', { class: 'c-time', 'data-label': 'Created' }, timeCell(body.created)),
      h('td', { class: 'c-time', 'data-label': 'Updated' }, timeCell(body.updated)),
      h('td', { class: 'c-url', 'data-label': 'Prediction URL' }, meta.prediction_url ? safeLink(meta.prediction_url, shortUrl(meta.prediction_url)) : h('span', { class: 'muted', text: '—' })));
    frag.append(tr);
  }
  el.rows.replaceChildren(frag);
  if (page.items.length) {
    el.tableState.hidden = true;
    el.tableState.removeAttribute('role');
  } else {
    tableMessage('empty');
  }
  const v = app.view;
  const from = page.total ? (page.index - 1) * page.max_size + 1 : 0;
  const to = (page.index - 1) * page.max_size + page.items.length;
  const filtered = v.chips.length || Object.keys(v.other).length;
  el.resultSummary.dataset.total = String(page.total);
  el.resultSummary.textContent = page.total
    ? `${from.toLocaleString('en')}–${to.toLocaleString('en')} of ${plural(page.total, 'service')}${filtered ? ' matching the filters' : ''}`
    : (filtered ? 'No services match the filters' : 'No services');
  renderPager();
}

function captureScrollAndFocus() {
  const active = document.activeElement;
  const row = active?.closest?.('#rows tr');
  return {
    x: window.scrollX, y: window.scrollY, left: el.tableWrap.scrollLeft, detail: el.detailBody.scrollTop,
    focusId: row ? row.dataset.id : null,
    focusLink: row && active.tagName === 'A',
  };
}

function restoreScrollAndFocus(k) {
  if (k.focusId) {
    const row = el.rows.querySelector(`tr[data-id="${CSS.escape(k.focusId)}"]`);
    const target = row && (k.focusLink ? row.querySelector('a') : row.querySelector('.row-open'));
    target?.focus({ preventScroll: true });
  }
  el.tableWrap.scrollLeft = k.left;
  window.scrollTo(k.x, k.y);
}

// ---------------------------------------------------------------------------------------------
// State chart and suggestions: walks every matching service (up to STATS_CAP) with services()

async function loadStats(page, seq) {
  app.statsCtl?.abort();
  const ctl = app.statsCtl = new AbortController();
  let items;
  let capped = false;
  if (page.total <= page.items.length) {
    items = page.items;
  } else {
    items = [];
    if (el.stateChart.dataset.key !== statsKey()) {
      el.chartNote.textContent = `Counting ${plural(page.total, 'service')} per state…`;
      el.stateChart.classList.add('stale');
    }
    try {
      for await (const svc of app.client.services({ ...filterOptions(), size: STATS_PAGE, hydrate: false, signal: ctl.signal })) {
        items.push(svc);
        if (items.length >= STATS_CAP) {
          capped = true;
          break;
        }
      }
    } catch (e) {
      if (e.code === 'aborted' || seq !== app.loadSeq) return;
      el.chartNote.textContent = `State counts unavailable: ${e.message}`;
      return;
    }
  }
  if (seq !== app.loadSeq) return;
  renderChart(el.stateChart, countStates(items));
  el.stateChart.classList.remove('stale');
  el.stateChart.dataset.key = statsKey();
  el.stateChart.dataset.counted = String(items.length);
  el.chartNote.textContent = page.total === 0 ? ''
    : capped ? `State counts over the first ${STATS_CAP.toLocaleString('en')} of ${plural(page.total, 'matching service')} (capped; the server cannot count by state).`
      : `State counts over all ${plural(items.length, 'matching service')}.`;
  learn(items);
}

/** What the chart counts: the filter part of the view. */
function statsKey() {
  try {
    return app.helper.toQuery(filterOptions());
  } catch {
    return '';
  }
}

/** Remembers values seen (for suggestions) and the project id (for creating services). */
function learn(items) {
  for (const svc of items) {
    const b = svc.body || {};
    if (b.project_id && !app.projectId) app.projectId = b.project_id;
    if (b.service_type?.type) app.known.type.add(b.service_type.type);
    if (b.service_type?.flavor) app.known.flavor.add(b.service_type.flavor);
    if (svc.resources?.user?.name) app.known.user.add(svc.resources.user.name);
    if (svc.name && app.known.name.size < 500) app.known.name.add(svc.name);
  }
  for (const [dl, set] of [[el.dlType, app.known.type], [el.dlFlavor, app.known.flavor]]) {
    clear(dl);
    for (const v of [...set].sort()) dl.append(h('option', { value: v }));
  }
}

// ---------------------------------------------------------------------------------------------
// Detail panel

function openDetail(id, { push = true } = {}) {
  const changed = app.view.selected !== id;
  app.view.selected = id;
  if (push && changed) writeUrl();
  for (const tr of el.rows.querySelectorAll('tr')) {
    const on = tr.dataset.id === id;
    tr.classList.toggle('selected', on);
    if (on) tr.setAttribute('aria-current', 'true');
    else tr.removeAttribute('aria-current');
  }
  el.detail.hidden = false;
  document.body.classList.add('has-detail');
  if (changed || !app.detail || app.detail.id !== id) {
    app.detail = null;
    el.detailTitle.textContent = 'Loading…';
    clear(el.detailBody).append(h('p', { class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Loading service…'));
  }
  setDetailButtons(false);
  loadDetail(id);
}

function setDetailButtons(enabled) {
  el.detailCopy.disabled = !app.view.selected;
  el.detailEdit.disabled = !enabled;
  el.detailDelete.disabled = !enabled;
}

async function loadDetail(id, { quiet = false } = {}) {
  if (!app.client) return;
  app.detailCtl?.abort();
  const ctl = app.detailCtl = new AbortController();
  const scroll = el.detailBody.scrollTop;
  try {
    const svc = await app.client.getService(id, { hydrate: true, signal: ctl.signal });
    if (ctl !== app.detailCtl || app.view.selected !== id) return;
    app.detail = svc;
    renderDetail(svc);
    el.detailBody.scrollTop = scroll;
    if (!quiet && window.matchMedia('(max-width: 900px)').matches) el.detailTitle.focus();
  } catch (e) {
    if (ctl !== app.detailCtl || e.code === 'aborted') return;
    if (e.code === 'unauthorized') return sessionLost(e);
    app.detail = null;
    setDetailButtons(false);
    el.detailTitle.textContent = e.code === 'not_found' ? 'Service not found' : 'Could not load the service';
    const box = h('div', { class: 'error-box', role: 'alert' });
    const reachable = e.code === 'network' ? await reachableIgnoringCors(app.server) : undefined;
    errorBox(box, e.code === 'not_found'
      ? { title: 'This service does not exist (any more).', detail: serverSays(e), hint: 'It may have been deleted.' }
      : explain(e, { serverUrl: app.server, reachable }), { retry: () => loadDetail(id) });
    clear(el.detailBody).append(box);
  }
}

function closeDetail({ push = true, keepSelection = false } = {}) {
  if (el.detail.hidden && !app.view.selected) return;
  const id = app.view.selected;
  app.detailCtl?.abort();
  el.detail.hidden = true;
  document.body.classList.remove('has-detail');
  if (!keepSelection) {
    app.view.selected = null;
    app.detail = null;
    for (const tr of el.rows.querySelectorAll('tr.selected')) {
      tr.classList.remove('selected');
      tr.removeAttribute('aria-current');
    }
    if (push) writeUrl();
    const btn = id && el.rows.querySelector(`tr[data-id="${CSS.escape(id)}"] .row-open`);
    if (btn) btn.focus();
  }
}

function jsonSection(key, title, value) {
  const d = h('details', { class: 'json', 'data-key': key });
  d.open = app.detailOpen.has(key);
  d.addEventListener('toggle', () => { if (d.open) app.detailOpen.add(key); else app.detailOpen.delete(key); });
  const empty = value === null || value === undefined || (typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).length);
  d.append(h('summary', {}, h('span', { text: title }), h('span', { class: 'muted small', text: empty ? ' (none)' : ` (${typeof value === 'object' ? `${Object.keys(value).length} keys` : typeof value})` })),
    h('pre', { class: 'code', tabindex: '0', 'aria-label': `${title} JSON` }, empty && value == null ? 'null' : prettyJson(value)));
  return d;
}

function fact(label, ...value) {
  return [h('dt', { text: label }), h('dd', {}, ...value)];
}

function resourceLink(ref) {
  if (!ref) return h('span', { class: 'muted', text: 'none' });
  return h('span', { class: 'resource' }, h('span', { class: 'resource-name', text: ref.name ?? '(unnamed)' }), ' ', h('code', { class: 'muted small', text: ref.id ?? '' }));
}

function renderDetail(svc) {
  const b = svc.body || {};
  const m = svc.metadata || {};
  const r = svc.resources || {};
  const st = b.service_type || {};
  el.detailTitle.textContent = svc.name === '' ? '(no name)' : svc.name;
  setDetailButtons(true);
  const created = parseTimestamp(b.created);
  const updated = parseTimestamp(b.updated);
  const pipeline = m.config && typeof m.config === 'object' ? m.config : {};
  const dl = h('dl', { class: 'facts' },
    fact('ID', h('code', { class: 'id', text: svc.id })),
    fact('State', stateBadge(b.state), ' ', h('span', { class: 'muted small', text: 'admin: ' }), m.admin_state == null ? h('span', { class: 'muted', text: '—' }) : h('span', { class: 'admin', text: m.admin_state })),
    fact('Type', h('span', { text: st.type ?? '' }), h('span', { class: 'muted', text: ` / ${st.flavor ?? ''}` })),
    st.name || st.description ? fact('Type info', `${st.name || ''}${st.name && st.description ? ' — ' : ''}${st.description || ''}`) : null,
    fact('Created', h('time', { datetime: created?.toISOString() ?? '', title: exactTime(created) }, created ? `${relativeTime(created)} · ${exactTime(created).split('\n')[0]}` : String(b.created ?? '—'))),
    fact('Updated', h('time', { datetime: updated?.toISOString() ?? '', title: exactTime(updated) }, updated ? `${relativeTime(updated)} · ${exactTime(updated).split('\n')[0]}` : String(b.updated ?? '—'))),
    fact('Prediction URL', m.prediction_url ? safeLink(m.prediction_url) : h('span', { class: 'muted', text: 'none' })),
    fact('Health check URL', m.health_check_url ? safeLink(m.health_check_url) : h('span', { class: 'muted', text: 'none' })),
    fact('Labels', labelChips(b.labels, 50)),
    fact('Service source', m.service_source ? h('code', { text: m.service_source }) : h('span', { class: 'muted', text: 'none' })),
    fact('Project', h('code', { class: 'small', text: b.project_id ?? '' })),
    pipeline.pipeline_name ? fact('Pipeline', `${pipeline.pipeline_name}${pipeline.pipeline_step_name ? ` › ${pipeline.pipeline_step_name}` : ''}`) : null,
  );
  const links = h('dl', { class: 'facts' },
    fact('User', resourceLink(r.user)),
    fact('Pipeline run', resourceLink(r.pipeline_run)),
    fact('Model version', resourceLink(r.model_version)));
  clear(el.detailBody).append(
    dl,
    h('h3', { text: 'Linked resources' }),
    links,
    h('h3', { text: 'Configuration and status' }),
    jsonSection('config', 'Config', m.config),
    jsonSection('status', 'Status', m.status),
    jsonSection('endpoint', 'Endpoint', m.endpoint),
    jsonSection('raw', 'Full response', svc));
}

async function copyId() {
  const id = app.view.selected;
  if (!id) return;
  try {
    await navigator.clipboard.writeText(id);
    notify(`Copied the service ID ${id}.`);
  } catch {
    // Clipboard denied: select the id so that Ctrl+C works.
    const code = el.detailBody.querySelector('code.id');
    if (code) getSelection().selectAllChildren(code);
    notify('Copying was refused by the browser: the ID is selected, press Ctrl+C.', 'warn');
  }
}

// ---------------------------------------------------------------------------------------------
// Create / edit

function fillStateSelects() {
  clear(el.svcState).append(h('option', { value: '', text: '(no status)' }));
  for (const s of STATES) el.svcState.append(h('option', { value: s, text: `${stateInfo(s).label} (${s})` }));
  clear(el.svcAdmin).append(h('option', { value: '', text: '(not set)' }));
  for (const s of STATES) el.svcAdmin.append(h('option', { value: s, text: s }));
}

function labelRow(k = '', v = '') {
  const li = h('li', { class: 'label-row' });
  const n = el.svcLabels.children.length + 1;
  const key = h('input', { class: 'lk', 'aria-label': `Label ${n} key`, placeholder: 'key', spellcheck: 'false', autocomplete: 'off' });
  const val = h('input', { class: 'lv', 'aria-label': `Label ${n} value`, placeholder: 'value', spellcheck: 'false', autocomplete: 'off' });
  key.value = k;
  val.value = v;
  const rm = h('button', { type: 'button', class: 'btn btn-icon btn-quiet', 'aria-label': `Remove label ${n}`, title: 'Remove label' }, '✕');
  rm.addEventListener('click', () => {
    const next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    (next?.querySelector('input') || el.svcLabelAdd).focus();
  });
  li.append(key, h('span', { class: 'eq', 'aria-hidden': 'true', text: '=' }), val, rm);
  return li;
}

function readLabels() {
  const out = {};
  const problems = [];
  for (const li of el.svcLabels.children) {
    const k = li.querySelector('.lk').value.trim();
    const v = li.querySelector('.lv').value;
    if (!k && !v) continue;
    if (!k) problems.push('A label has a value but no key.');
    else if (Object.prototype.hasOwnProperty.call(out, k)) problems.push(`Label key "${k}" is used twice.`);
    else out[k] = v;
  }
  return { labels: out, problems };
}

/** Live JSON check of a textarea: { ok, value, message } */
function checkJsonObject(textarea, msgEl, { allowEmpty }) {
  const text = textarea.value.trim();
  let result;
  if (!text) {
    result = allowEmpty ? { ok: true, value: null, message: allowEmpty } : { ok: false, value: null, message: 'Required: a JSON object, e.g. {"model": "churn-v3"}.' };
  } else {
    try {
      const v = JSON.parse(text);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) result = { ok: false, value: null, message: 'Must be a JSON object ({ … }).' };
      else result = { ok: true, value: v, message: `✓ Valid JSON object with ${plural(Object.keys(v).length, 'key')}.` };
    } catch (e) {
      result = { ok: false, value: null, message: `Invalid JSON: ${e.message}` };
    }
  }
  msgEl.textContent = result.message;
  msgEl.classList.toggle('bad', !result.ok);
  if (result.ok) textarea.removeAttribute('aria-invalid');
  else textarea.setAttribute('aria-invalid', 'true');
  return result;
}

function openServiceDialog(svc) {
  app.editing = svc;
  app.returnFocus = document.activeElement;
  const editing = !!svc;
  el.svcTitle.textContent = editing ? `Edit “${svc.name}”` : 'New service';
  el.svcSubmit.textContent = editing ? 'Save changes' : 'Create service';
  for (const n of el.serviceForm.querySelectorAll('[data-create-only]')) n.hidden = editing;
  for (const n of el.serviceForm.querySelectorAll('[data-edit-only]')) n.hidden = !editing;
  el.svcError.hidden = true;
  clear(el.svcLabels);
  const b = svc?.body || {};
  const m = svc?.metadata || {};
  el.svcName.value = svc?.name ?? '';
  el.svcType.value = '';
  el.svcFlavor.value = '';
  el.svcProject.value = app.projectId || 'default';
  el.svcProjectHelp.textContent = app.projectId ? 'The project of the listed services.' : 'No service listed yet: the project is looked up by name on the server.';
  el.svcState.value = b.state && STATES.includes(b.state) ? b.state : '';
  el.svcAdmin.value = m.admin_state && STATES.includes(m.admin_state) ? m.admin_state : '';
  // ZenML cannot unset admin_state: offer "(not set)" only when it is not set.
  el.svcAdmin.options[0].disabled = editing && m.admin_state != null;
  el.svcPred.value = m.prediction_url ?? '';
  el.svcHealth.value = m.health_check_url ?? '';
  for (const [k, v] of Object.entries(b.labels || {})) el.svcLabels.append(labelRow(k, v));
  if (editing) {
    el.svcConfig.value = prettyJson(m.config ?? {});
    el.svcConfig.readOnly = true;
    el.svcConfigLabel.textContent = 'Config (fixed at creation)';
    el.svcConfigMsg.textContent = 'ZenML does not change a service\'s config after creation.';
    el.svcConfigMsg.classList.remove('bad');
    el.svcEndpoint.value = m.endpoint ? prettyJson(m.endpoint) : '';
    checkJsonObject(el.svcEndpoint, el.svcEndpointMsg, { allowEmpty: 'Empty: no endpoint.' });
  } else {
    el.svcConfig.readOnly = false;
    el.svcConfig.value = '{\n  "model_name": "",\n  "replicas": 1\n}';
    el.svcConfigLabel.textContent = 'Config (JSON object, unique on the server)';
    checkJsonObject(el.svcConfig, el.svcConfigMsg, { allowEmpty: false });
  }
  // What the form reads back when a field is left alone. Inputs drop line breaks and the form
  // trims, so an edit compares with this, not with the service: a field the user did not touch
  // is never sent, even when its value cannot survive a text input unchanged.
  app.editingShown = editing
    ? { name: el.svcName.value.trim(), pred: el.svcPred.value.trim(), health: el.svcHealth.value.trim(), labels: readLabels().labels }
    : null;
  el.serviceDialog.showModal();
  el.svcName.focus();
  el.svcName.select();
}

function closeServiceDialog() {
  if (el.serviceDialog.open) el.serviceDialog.close();
}

function sameJson(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function sameLabels(a, b) {
  const ka = Object.keys(a || {}).sort();
  const kb = Object.keys(b || {}).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

function urlProblem(value, label) {
  if (value === '') return null;
  return httpUrl(value) ? null : `${label} must be an http(s) URL.`;
}

async function onServiceSubmit(ev) {
  ev.preventDefault();
  el.svcError.hidden = true;
  const editing = app.editing;
  const problems = [];
  const name = el.svcName.value.trim();
  if (!name) problems.push('Enter a name.');
  const { labels, problems: lp } = readLabels();
  problems.push(...lp);
  const pred = el.svcPred.value.trim();
  const health = el.svcHealth.value.trim();
  const st = el.svcState.value;
  const admin = el.svcAdmin.value;

  if (!editing) {
    const type = el.svcType.value.trim();
    const flavor = el.svcFlavor.value.trim();
    if (!type) problems.push('Enter the service type.');
    if (!flavor) problems.push('Enter the flavor.');
    const cfg = checkJsonObject(el.svcConfig, el.svcConfigMsg, { allowEmpty: false });
    if (!cfg.ok) problems.push(`Config: ${cfg.message}`);
    for (const p of [urlProblem(pred, 'The prediction URL'), urlProblem(health, 'The health check URL')]) if (p) problems.push(p);
    const project = el.svcProject.value.trim();
    if (!project) problems.push('Enter the project (UUID or name).');
    if (problems.length) return showFormProblems(problems);
    const req = { project: '', name, service_type: { type, flavor }, config: cfg.value };
    if (admin) req.admin_state = admin;
    if (Object.keys(labels).length) req.labels = labels;
    if (st) req.status = { state: st };
    if (pred) req.prediction_url = pred;
    if (health) req.health_check_url = health;
    await submitting(async () => {
      // ZenML wants the project's UUID in the body: look a name up first.
      req.project = UUID_RE.test(project) ? project : (await app.client.getProject(project)).id;
      const created = await app.client.createService(req);
      closeServiceDialog();
      notify(`Created service “${created.name}”.`, 'ok');
      if (!app.projectId && created.body?.project_id) app.projectId = created.body.project_id;
      openDetail(created.id);
      refresh({ quiet: true });
    });
    return;
  }

  // Edit: send only what changed; clearing is explicit (clearServiceFields).
  const b = editing.body || {};
  const m = editing.metadata || {};
  const shown = app.editingShown;
  const update = {};
  const clearFields = [];
  if (name !== shown.name) update.name = name;
  if (admin && admin !== m.admin_state) update.admin_state = admin;
  if (st !== (b.state ?? '')) {
    if (st) update.status = { ...(m.status || {}), state: st };
    else {
      const rest = { ...(m.status || {}) };
      delete rest.state;
      if (Object.keys(rest).length) update.status = rest;
      else clearFields.push('status');
    }
  }
  if (!sameLabels(labels, shown.labels)) {
    if (Object.keys(labels).length) update.labels = labels;
    else clearFields.push('labels');
  }
  if (pred !== shown.pred) {
    const p = urlProblem(pred, 'The prediction URL');
    if (p) problems.push(p);
    update.prediction_url = pred;
  }
  if (health !== shown.health) {
    const p = urlProblem(health, 'The health check URL');
    if (p) problems.push(p);
    update.health_check_url = health;
  }
  const ep = checkJsonObject(el.svcEndpoint, el.svcEndpointMsg, { allowEmpty: 'Empty: no endpoint.' });
  if (!ep.ok) problems.push(`Endpoint: ${ep.message}`);
  else if (!sameJson(ep.value, m.endpoint)) {
    if (ep.value === null || !Object.keys(ep.value).length) clearFields.push('endpoint');
    else update.endpoint = ep.value;
  }
  if (problems.length) return showFormProblems(problems);
  const changed = [...Object.keys(update), ...clearFields.map((f) => `${f} (cleared)`)];
  if (!changed.length) {
    closeServiceDialog();
    notify('Nothing changed.');
    return;
  }
  await submitting(async () => {
    let svc = editing;
    if (Object.keys(update).length) svc = await app.client.updateService(editing.id, update);
    if (clearFields.length) svc = await app.client.clearServiceFields(editing.id, clearFields);
    closeServiceDialog();
    app.detail = svc;
    if (app.view.selected === svc.id) renderDetail(svc);
    notify(`Saved “${svc.name}”: ${changed.join(', ')}.`, 'ok');
    refresh({ quiet: true });
  });
}

function showFormProblems(problems) {
  clear(el.svcError).append(h('p', { class: 'error-title', text: 'Please fix:' }), h('ul', {}, problems.map((p) => h('li', { text: p }))));
  el.svcError.hidden = false;
  el.svcError.scrollIntoView({ block: 'nearest' });
}

async function submitting(fn) {
  el.svcSubmit.disabled = true;
  try {
    await fn();
  } catch (e) {
    if (e.code === 'unauthorized') {
      closeServiceDialog();
      return sessionLost(e);
    }
    const reachable = e.code === 'network' ? await reachableIgnoringCors(app.server) : undefined;
    errorBox(el.svcError, explain(e, { serverUrl: app.server, reachable }));
    el.svcError.scrollIntoView({ block: 'nearest' });
  } finally {
    el.svcSubmit.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Delete

function openDeleteDialog() {
  const svc = app.detail;
  if (!svc) return;
  app.returnFocus = document.activeElement;
  el.delText.textContent = `Delete the service “${svc.name}”? This cannot be undone.`;
  el.delId.textContent = `ID ${svc.id}`;
  el.delConfirm.textContent = `Delete “${svc.name.length > 40 ? `${svc.name.slice(0, 39)}…` : svc.name}”`;
  el.delError.hidden = true;
  el.deleteDialog.showModal();
  el.delCancel.focus();
}

async function onDelete(ev) {
  ev.preventDefault();
  const svc = app.detail;
  if (!svc) return;
  el.delConfirm.disabled = true;
  try {
    await app.client.deleteService(svc.id);
    el.deleteDialog.close();
    notify(`Deleted service “${svc.name}”.`, 'ok');
    closeDetail({ push: true });
    refresh({ quiet: true });
    el.btnNew.focus();
  } catch (e) {
    if (e.code === 'unauthorized') {
      el.deleteDialog.close();
      return sessionLost(e);
    }
    const reachable = e.code === 'network' ? await reachableIgnoringCors(app.server) : undefined;
    errorBox(el.delError, explain(e, { serverUrl: app.server, reachable }));
  } finally {
    el.delConfirm.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Export: every matching service, page by page (services()), cancellable

function openExportDialog() {
  app.returnFocus = document.activeElement;
  const total = app.page?.total;
  const { field, dir } = parseSort(app.view.sort);
  el.expScope.textContent = `${total === undefined ? 'All services' : `All ${plural(total, 'service')}`} matching the current filters (not only this page), sorted by ${field} ${dir === 'desc' ? 'descending' : 'ascending'}, with their metadata.`;
  el.expStatus.textContent = '';
  el.expError.hidden = true;
  el.expProgressWrap.hidden = true;
  el.expCancel.hidden = true;
  el.expStart.disabled = false;
  el.exportDialog.showModal();
  el.expStart.focus();
}

async function onExport(ev) {
  ev.preventDefault();
  if (app.exportCtl) return;
  const format = document.querySelector('input[name="format"]:checked')?.value || 'csv';
  const ctl = app.exportCtl = new AbortController();
  const total = app.page?.total || 0;
  el.expError.hidden = true;
  el.expStart.disabled = true;
  el.expCancel.hidden = false;
  el.expProgressWrap.hidden = false;
  el.expProgress.max = Math.max(total, 1);
  el.expProgress.value = 0;
  el.expStatus.textContent = 'Starting…';
  const items = [];
  let lastPaint = 0;
  try {
    for await (const svc of app.client.services({ ...filterOptions(), size: EXPORT_PAGE, hydrate: true, signal: ctl.signal })) {
      items.push(svc);
      const now = performance.now();
      if (now - lastPaint > 100) {
        lastPaint = now;
        if (items.length > el.expProgress.max) el.expProgress.max = items.length;
        el.expProgress.value = items.length;
        el.expStatus.textContent = `Fetched ${items.length.toLocaleString('en')} of ${total.toLocaleString('en')} services…`;
      }
    }
    el.expProgress.max = Math.max(items.length, 1);
    el.expProgress.value = items.length;
    const stamp = new Date().toISOString().replace(/[:]/g, '').replace(/\..*$/, 'Z');
    let text;
    let type;
    if (format === 'json') {
      text = `${JSON.stringify(items, null, 2)}\n`;
      type = 'application/json';
    } else {
      text = csvHeader() + items.map(csvRow).join('');
      type = 'text/csv';
    }
    const blob = new Blob([text], { type: `${type};charset=utf-8` });
    download(blob, `zenml-services-${stamp}.${format}`);
    el.expStatus.textContent = `Exported ${plural(items.length, 'service')} as ${format.toUpperCase()} (${Math.ceil(blob.size / 1024).toLocaleString('en')} kB).`;
    notify(`Exported ${plural(items.length, 'service')} as ${format.toUpperCase()}.`, 'ok');
  } catch (e) {
    if (e.code === 'aborted') {
      el.expStatus.textContent = `Export cancelled after ${plural(items.length, 'service')}; nothing was saved.`;
    } else {
      const reachable = e.code === 'network' ? await reachableIgnoringCors(app.server) : undefined;
      errorBox(el.expError, explain(e, { serverUrl: app.server, reachable }));
      el.expStatus.textContent = `Export failed after ${plural(items.length, 'service')}.`;
    }
  } finally {
    app.exportCtl = null;
    el.expStart.disabled = false;
    el.expCancel.hidden = true;
  }
}

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

// ---------------------------------------------------------------------------------------------
// Auto-refresh

function anyDialogOpen() {
  return el.serviceDialog.open || el.deleteDialog.open || el.exportDialog.open;
}

function setAutoRefresh(seconds) {
  clearInterval(app.autoTimer);
  app.autoTimer = null;
  if (seconds > 0) {
    app.autoTimer = setInterval(() => {
      if (!app.client || document.hidden || anyDialogOpen() || el.tableWrap.classList.contains('busy')) return;
      refresh({ quiet: true });
    }, seconds * 1000);
  }
}

// Relative times drift: repaint them every 30 s without a request.
function repaintTimes() {
  for (const t of document.querySelectorAll('time[data-ts]')) {
    const d = parseTimestamp(t.dataset.ts);
    if (d) t.textContent = relativeTime(d);
  }
}

// ---------------------------------------------------------------------------------------------
// Keyboard

function onKeydown(ev) {
  const typing = ev.target.closest?.('input, textarea, select, [contenteditable]');
  if (ev.key === 'Escape' && !anyDialogOpen() && !el.detail.hidden && !typing) {
    ev.preventDefault();
    closeDetail();
    return;
  }
  if (typing || ev.ctrlKey || ev.metaKey || ev.altKey || anyDialogOpen() || !app.client) return;
  if (ev.key === '/') {
    ev.preventDefault();
    el.fValue.hidden ? el.fField.focus() : el.fValue.focus();
  } else if (ev.key === 'n') {
    ev.preventDefault();
    openServiceDialog(null);
  } else if (ev.key === 'r') {
    ev.preventDefault();
    refresh();
  }
}

/** Up/Down move between rows, Home/End to the first/last one. */
function onRowsKeydown(ev) {
  const btn = ev.target.closest('.row-open');
  if (!btn) return;
  const buttons = [...el.rows.querySelectorAll('.row-open')];
  const i = buttons.indexOf(btn);
  let j = null;
  if (ev.key === 'ArrowDown') j = Math.min(i + 1, buttons.length - 1);
  else if (ev.key === 'ArrowUp') j = Math.max(i - 1, 0);
  else if (ev.key === 'Home') j = 0;
  else if (ev.key === 'End') j = buttons.length - 1;
  if (j === null) return;
  ev.preventDefault();
  buttons[j].focus();
}

// ---------------------------------------------------------------------------------------------
// Wiring and boot

function wire() {
  el.connectForm.addEventListener('submit', onConnect);
  for (const r of document.querySelectorAll('input[name="auth"]')) r.addEventListener('change', showAuthPanel);
  el.serverUrl.addEventListener('input', probeServer);

  el.btnRefresh.addEventListener('click', () => refresh());
  el.autoRefresh.addEventListener('change', () => {
    const s = Number(el.autoRefresh.value);
    setAutoRefresh(s);
    notify(s ? `Auto-refresh every ${s} s.` : 'Auto-refresh off.');
  });
  el.btnNew.addEventListener('click', () => openServiceDialog(null));
  el.btnExport.addEventListener('click', openExportDialog);
  el.btnLogout.addEventListener('click', logout);

  el.fField.addEventListener('change', fillOpSelect);
  el.fOp.addEventListener('change', updateValueInputs);
  el.fValue.addEventListener('input', () => validateBuilder(false));
  el.fValue2.addEventListener('input', () => validateBuilder(false));
  el.filterForm.addEventListener('submit', onAddFilter);
  for (const r of document.querySelectorAll('input[name="logic"]')) {
    r.addEventListener('change', () => navigate((v) => { v.logic = r.value; }));
  }
  el.rawForm.addEventListener('submit', onRawQuery);
  el.rawQuery.addEventListener('input', onRawInput);
  el.rawQuery.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) {
      ev.preventDefault();
      el.rawForm.requestSubmit();
    }
  });

  for (const b of el.services.querySelectorAll('button.sort')) b.addEventListener('click', () => onSort(b.dataset.sort));
  el.pgFirst.addEventListener('click', () => goPage(1));
  el.pgPrev.addEventListener('click', () => goPage(app.view.page - 1));
  el.pgNext.addEventListener('click', () => goPage(app.view.page + 1));
  el.pgLast.addEventListener('click', () => goPage(app.page?.total_pages || 1));
  el.pgSize.addEventListener('change', () => navigate((v) => { v.size = Number(el.pgSize.value); }));

  el.rows.addEventListener('click', (ev) => {
    if (ev.target.closest('a')) return;
    const tr = ev.target.closest('tr[data-id]');
    if (tr) openDetail(tr.dataset.id);
  });
  el.rows.addEventListener('keydown', onRowsKeydown);

  el.detailClose.addEventListener('click', () => closeDetail());
  el.detailCopy.addEventListener('click', copyId);
  el.detailEdit.addEventListener('click', () => app.detail && openServiceDialog(app.detail));
  el.detailDelete.addEventListener('click', openDeleteDialog);

  el.serviceForm.addEventListener('submit', onServiceSubmit);
  el.svcCancel.addEventListener('click', closeServiceDialog);
  el.svcLabelAdd.addEventListener('click', () => {
    const row = labelRow();
    el.svcLabels.append(row);
    row.querySelector('input').focus();
  });
  el.svcConfig.addEventListener('input', () => { if (!el.svcConfig.readOnly) checkJsonObject(el.svcConfig, el.svcConfigMsg, { allowEmpty: false }); });
  el.svcEndpoint.addEventListener('input', () => checkJsonObject(el.svcEndpoint, el.svcEndpointMsg, { allowEmpty: 'Empty: no endpoint.' }));

  el.deleteForm.addEventListener('submit', onDelete);
  el.delCancel.addEventListener('click', () => el.deleteDialog.close());

  el.exportForm.addEventListener('submit', onExport);
  el.expCancel.addEventListener('click', () => app.exportCtl?.abort());
  el.expClose.addEventListener('click', () => el.exportDialog.close());

  for (const d of [el.serviceDialog, el.deleteDialog, el.exportDialog]) {
    d.addEventListener('close', () => {
      if (d === el.exportDialog) app.exportCtl?.abort();
      const f = app.returnFocus;
      app.returnFocus = null;
      if (f && f.isConnected && !f.closest('dialog')) f.focus();
    });
  }

  document.addEventListener('keydown', onKeydown);
  window.addEventListener('popstate', () => {
    const err = readUrl();
    if (err) notify(err, 'warn', 8000);
    renderFilters();
    if (!app.client) return;
    refresh();
    if (app.view.selected) openDetail(app.view.selected, { push: false });
    else closeDetail({ push: false });
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && app.autoTimer && app.client) refresh({ quiet: true });
  });
  setInterval(repaintTimes, 30000);
}

async function loadConfig() {
  try {
    const res = await fetch('config.json', { cache: 'no-store', credentials: 'same-origin' });
    if (!res.ok) return {};
    const c = await res.json();
    return c && typeof c === 'object' ? c : {};
  } catch {
    return {};
  }
}

function readSaved() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
    return s && typeof s.server === 'string' ? s : null;
  } catch {
    return null;
  }
}

async function boot() {
  grab();
  fillFieldSelect();
  fillStateSelects();
  wire();
  const params = new URLSearchParams(location.search);
  const [config] = await Promise.all([loadConfig()]);
  app.config = config;
  const saved = readSaved();
  let lastServer = '';
  try { lastServer = localStorage.getItem(LAST_SERVER_KEY) || ''; } catch { /* disabled storage */ }
  const fromParam = normaliseServerUrl(params.get('server') || '');
  const server = fromParam || saved?.server || normaliseServerUrl(config.server || '') || lastServer || 'http://127.0.0.1:8237';
  el.serverUrl.value = server;
  if (config.username) el.username.value = config.username;
  try {
    app.helper = await createClient({ baseUrl: server });
  } catch (e) {
    el.boot.hidden = false;
    errorBox(el.boot, { title: 'The ZenML client could not be loaded', detail: e.message, hint: 'The page needs the built package at /dist/ (run scripts/build.sh --package-only) and a browser with WebAssembly.' });
    el.boot.classList.add('error-box');
    return;
  }
  const urlErr = readUrl();
  if (urlErr) notify(urlErr, 'warn', 10000);
  fillOpSelect();
  renderFilters();
  if (saved && (!fromParam || fromParam === saved.server)) {
    el.boot.textContent = `Resuming your session on ${saved.server}…`;
    if (await resumeSession(saved)) return;
  } else {
    showConnect();
  }
  if (!el.connect.hidden) (el.username.value ? el.password : el.username).focus();
  document.documentElement.dataset.ready = 'true';
}

boot().finally(() => { document.documentElement.dataset.ready = 'true'; });
