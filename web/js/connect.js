// Connecting: the server probe, the sign-in form, resuming a remembered session, logging out,
// and falling back to the form when the session ends.

import { setAutoRefresh } from './autorefresh.js';
import { renderFilters } from './chips.js';
import { cancelDetail, closeDetail, openDetail } from './detail.js';
import { $, clear, h, httpUrl, setMessage } from './dom.js';
import { cspAllows, cspBlocked, explain, reachableIgnoringCors, serverSays } from './errors.js';
import { startFilterBar } from './filterbar.js';
import { initFilters, notSortableText, RELEASE, SORTABLE } from './filters.js';
import { refresh, stopLoading } from './list.js';
import { stopRetrying } from './outage.js';
import { loadProjects } from './projects.js';
import { DEFAULT_SORT, setConnection, state, updateView } from './state.js';
import { renderSortable } from './table.js';
import { clearFieldErrors, el, errorBox, notify, showFieldErrors } from './ui.js';
import { parseSort, writeUrl } from './url.js';
import * as zen from './zen.js';

const SESSION_KEY = 'zenml-services-dashboard.session';
const LAST_SERVER_KEY = 'zenml-services-dashboard.server';

/** `127.0.0.1:8237/api/v1/` → `http://127.0.0.1:8237`; null when not an http(s) URL. */
export function normaliseServerUrl(text) {
  let t = String(text || '').trim();
  if (t && !/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) t = `http://${t}`;
  const u = httpUrl(t);
  if (!u) return null;
  const path = u.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${u.origin}${path}`;
}

/** The session remembered in this tab, or null. */
export function readSaved() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
    return s && typeof s.server === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function lastServer() {
  try {
    return localStorage.getItem(LAST_SERVER_KEY) || '';
  } catch {
    return ''; // disabled storage
  }
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
      setMessage(
        el.serverProbe,
        el.serverUrl.value.trim() ? 'Enter an http(s) URL, e.g. http://127.0.0.1:8237' : '',
      );
      return;
    }
    if (!cspAllows(url)) {
      el.serverProbe.textContent = `✗ ${cspBlocked(url).title}`;
      el.serverProbe.dataset.ok = 'false';
      return;
    }
    const ctl = new AbortController();
    probeCtl = ctl;
    el.serverProbe.textContent = `Checking ${url}…`;
    el.serverProbe.hidden = false;
    try {
      const info = await zen.probe(url, { signal: ctl.signal });
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
    }
  }, 350);
}

async function onConnect(ev) {
  ev.preventDefault();
  el.connectError.hidden = true;
  clearFieldErrors(el.connectForm);
  const url = normaliseServerUrl(el.serverUrl.value);
  if (!url) {
    showFieldErrors(el.connectForm, [
      {
        field: el.serverUrl,
        message:
          'Enter the server URL: http or https, e.g. http://127.0.0.1:8237 (the server root, without /api/v1).',
      },
    ]);
    return;
  }
  const method = authMethod();
  const creds = {
    username: el.username.value.trim(),
    password: el.password.value,
    apiKey: el.apiKey.value.trim(),
    token: el.token.value.trim(),
  };
  const missing =
    method === 'password' && !creds.username
      ? ['username', el.username]
      : method === 'apikey' && !creds.apiKey
        ? ['API key', el.apiKey]
        : method === 'token' && !creds.token
          ? ['token', el.token]
          : null;
  if (missing) {
    showFieldErrors(el.connectForm, [{ field: missing[1], message: `Enter the ${missing[0]}.` }]);
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

/** Connects and shows the dashboard. Throws an explain() object on failure. */
async function connect(url, method, creds, remember, { csrf = '', who = '' } = {}) {
  if (!cspAllows(url)) throw cspBlocked(url);
  let c;
  try {
    c = await zen.open(url, method === 'token' ? { token: creds.token, csrfToken: csrf } : {});
  } catch (e) {
    throw explain(e, { serverUrl: url, during: 'login' });
  }
  try {
    let info;
    try {
      info = await zen.serverInfoOf(c);
    } catch (e) {
      const reachable = e.code === 'network' ? await reachableIgnoringCors(url) : undefined;
      throw explain(e, { serverUrl: url, reachable, during: 'login' });
    }
    let tokenInfo = null;
    try {
      if (method === 'password') {
        tokenInfo = await zen.signIn(c, { username: creds.username, password: creds.password });
        who = creds.username;
      } else if (method === 'apikey') {
        tokenInfo = await zen.signIn(c, { apiKey: creds.apiKey });
        who = who || 'API key';
      } else {
        // A token or no auth: prove it works before showing the dashboard.
        await zen.checkAccess(c);
        who = who || (method === 'token' ? 'token' : '');
      }
    } catch (e) {
      if (e.code === 'unauthorized' && method === 'none') {
        throw {
          title: 'This server needs you to sign in',
          detail: serverSays(e),
          hint: `Its auth scheme is ${info.auth_scheme}: choose username & password, an API key or a token.`,
        };
      }
      const reachable = e.code === 'network' ? await reachableIgnoringCors(url) : undefined;
      throw explain(e, { serverUrl: url, reachable, during: 'login' });
    }
    // Connected.
    zen.adopt(c);
    setConnection({ server: url, info, who });
    try {
      localStorage.setItem(LAST_SERVER_KEY, url);
    } catch {
      /* storage may be disabled */
    }
    if (remember) {
      sessionStorage.setItem(
        SESSION_KEY,
        JSON.stringify({
          server: url,
          token: zen.tokenOf(c),
          csrf: tokenInfo?.csrf_token || csrf || '',
          who,
          method,
        }),
      );
    } else {
      sessionStorage.removeItem(SESSION_KEY);
    }
    c = null;
    enterDashboard();
  } finally {
    zen.discard(c);
  }
}

/** Signs in again with the session remembered in this tab. Resolves to whether it worked. */
export async function resumeSession(saved) {
  el.serverUrl.value = saved.server;
  try {
    await connect(saved.server, saved.token ? 'token' : 'none', { token: saved.token }, true, {
      csrf: saved.csrf,
      who: saved.who,
    });
    return true;
  } catch (info) {
    sessionStorage.removeItem(SESSION_KEY);
    showConnect();
    errorBox(el.connectError, {
      ...info,
      title: `Could not resume the remembered session: ${info.title}`,
    });
    return false;
  }
}

/**
 * The filter menus and sort buttons of the connected release (the package's filterSchema() for
 * it), a sort it cannot do replaced by the default, and the note when it is outside the range
 * of releases the package knows.
 */
function followRelease() {
  initFilters(zen.filterSchema());
  startFilterBar();
  renderSortable();
  const { field } = parseSort(state().view.sort);
  if (!SORTABLE.has(field) && SORTABLE.has(parseSort(DEFAULT_SORT).field)) {
    notify(`${notSortableText(field)}: sorted by creation time instead.`, 'warn', 8000);
    updateView((v) => {
      v.sort = DEFAULT_SORT;
    });
  }
  renderReleaseNote();
}

/** Says plainly when the server's release is outside the range the package was tested with. */
function renderReleaseNote() {
  const { version, oldest, newest, standing } = RELEASE;
  const box = el.releaseNote;
  clear(box);
  box.hidden = !standing;
  if (!standing) return;
  const range = `${oldest}–${newest}`;
  const [title, detail] =
    standing === 'older'
      ? [
          `ZenML ${version} is older than the releases this dashboard supports (${range})`,
          `Listing services needs ZenML ${oldest} or newer: the package refuses list queries it ` +
            'cannot read correctly on this release. Opening, editing and deleting a service by its ' +
            'link may still work.',
        ]
      : [
          `ZenML ${version} is newer than the releases this dashboard was tested with (${range})`,
          `Filters and sorts are offered and checked by the rules of ${newest}, the newest it ` +
            'knows; if this release reads a query differently, a list may be wrong or refused.',
        ];
  box.append(
    h('p', { class: 'release-note-title', text: title }),
    h('p', { class: 'release-note-detail', text: detail }),
  );
}

function enterDashboard() {
  const { info, server, who } = state();
  const i = info || {};
  followRelease();
  const sep = () => h('span', { class: 'conn-sep', 'aria-hidden': 'true' }, ' · ');
  clear(el.connSummary);
  el.connSummary.append(
    h('span', { class: 'conn-name', text: i.name || 'ZenML server' }),
    sep(),
    h('span', {
      class: 'conn-release',
      'data-standing': RELEASE.standing,
      title: RELEASE.standing
        ? `Outside the tested releases ${RELEASE.oldest}–${RELEASE.newest}`
        : `The dashboard follows the rules of ZenML ${RELEASE.version}`,
      text: `ZenML ${i.version || '?'}${RELEASE.standing ? ' (untested)' : ''}`,
    }),
    sep(),
    h('span', { class: 'conn-auth', title: 'Authentication scheme', text: i.auth_scheme || '' }),
    sep(),
    h('span', { class: 'conn-url', text: server }),
    who ? sep() : null,
    who ? h('span', { class: 'conn-who', text: `signed in as ${who}` }) : null,
  );
  el.connect.hidden = true;
  el.boot.hidden = true;
  el.toolbar.hidden = false;
  el.dashboard.hidden = false;
  writeUrl({ replace: true });
  renderFilters();
  refresh();
  loadProjects();
  if (state().view.selected) openDetail(state().view.selected, { push: false });
  setAutoRefresh(Number(el.autoRefresh.value));
}

export function showConnect() {
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
  stopLoading();
  cancelDetail();
  zen.endSession({ logout: true });
  sessionStorage.removeItem(SESSION_KEY);
  updateView((v) => {
    v.selected = null;
  });
  writeUrl({ replace: true });
  showConnect();
  el.connectError.hidden = true;
  notify("Logged out. The token was dropped from memory and from this tab's storage.");
  (state().info?.auth_scheme === 'NO_AUTH' ? el.btnConnect : el.username).focus();
}

/** A 401 while working (zen.sessionLost): back to the connect form, keeping the view. */
function onSessionLost(err) {
  setAutoRefresh(0);
  stopRetrying();
  el.autoRefresh.value = '0';
  sessionStorage.removeItem(SESSION_KEY);
  showConnect();
  errorBox(el.connectError, {
    ...explain(err, { serverUrl: state().server }),
    title: 'Your session ended: sign in again',
  });
}

export function initConnect() {
  zen.onSessionLost(onSessionLost);
  el.connectForm.addEventListener('submit', onConnect);
  for (const r of document.querySelectorAll('input[name="auth"]')) {
    r.addEventListener('change', showAuthPanel);
  }
  el.serverUrl.addEventListener('input', probeServer);
  el.btnLogout.addEventListener('click', logout);
}
