// ZenML Services dashboard: the entry module. Each section of web/js/ attaches its own
// listeners in its init function; this file calls them, handles back/forward and boots the
// page. Uses only the public API of the zenml-services-wasm package, through js/zen.js.
// See web/README.md ("Code layout") for the map and the one direction imports go.
import { initAutoRefresh } from './js/autorefresh.js';
import { initBulk } from './js/bulk.js';
import { renderFilters } from './js/chips.js';
import {
  initConnect,
  lastServer,
  normaliseServerUrl,
  readSaved,
  resumeSession,
  showConnect,
} from './js/connect.js';
import { initDelete } from './js/delete.js';
import { closeDetail, initDetail, openDetail } from './js/detail.js';
import { initExport } from './js/export.js';
import { initFilterBar, startFilterBar } from './js/filterbar.js';
import { initFilters } from './js/filters.js';
import { initKeyboard } from './js/keyboard.js';
import { initList, refresh } from './js/list.js';
import { initLocal } from './js/local.js';
import { initOutage } from './js/outage.js';
import { initPanel } from './js/panel.js';
import { initProjects } from './js/projects.js';
import { cancelSearch, initSearch } from './js/search.js';
import { initSelect } from './js/select.js';
import { initServiceForm } from './js/serviceform.js';
import { state } from './js/state.js';
import { initTable } from './js/table.js';
import { el, errorBox, grab, notify, wireDialogs } from './js/ui.js';
import { readUrl } from './js/url.js';
import * as zen from './js/zen.js';

const DEFAULT_SERVER = 'http://127.0.0.1:8237';

function wire() {
  initConnect();
  initAutoRefresh();
  initFilterBar();
  initPanel();
  initSearch();
  initList();
  initProjects();
  initOutage();
  initTable();
  initSelect();
  initDetail();
  initServiceForm();
  initDelete();
  initBulk();
  initExport();
  wireDialogs();
  initKeyboard();
  window.addEventListener('popstate', () => {
    cancelSearch();
    const err = readUrl();
    if (err) notify(err, 'warn', 8000);
    renderFilters();
    if (!zen.connected()) return;
    refresh();
    const { selected } = state().view;
    if (selected) openDetail(selected, { push: false });
    else closeDetail({ push: false });
  });
}

/** /config.json (written by scripts/serve-web.mjs), or {} when there is none. */
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

async function boot() {
  grab();
  wire();
  const params = new URLSearchParams(location.search);
  const config = await loadConfig();
  const saved = readSaved();
  const fromParam = normaliseServerUrl(params.get('server') || '');
  const server =
    fromParam ||
    saved?.server ||
    normaliseServerUrl(config.server || '') ||
    lastServer() ||
    DEFAULT_SERVER;
  el.serverUrl.value = server;
  if (config.username) el.username.value = config.username;
  try {
    await zen.load();
  } catch (e) {
    el.boot.hidden = false;
    errorBox(el.boot, {
      title: 'The ZenML client could not be loaded',
      detail: e.message,
      hint: 'The page needs the built package at /dist/ (run scripts/build.sh --package-only) and a browser with WebAssembly.',
    });
    el.boot.classList.add('error-box');
    return;
  }
  initFilters(zen.filterSchema()); // the bar's fields and operators: the package's tables
  initLocal(); // the state and label conditions: the package's local-only fields
  const urlErr = readUrl();
  if (urlErr) notify(urlErr, 'warn', 10000);
  startFilterBar();
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

boot().finally(() => {
  document.documentElement.dataset.ready = 'true';
});
