// The detail panel of one service (getService, hydrated): facts, linked resources, the JSON
// sections, copy ID. A click on a row opens it.
import { adminState, labelChips, stateBadge } from './cells.js';
import { clear, h, safeLink } from './dom.js';
import { explain, reachableIgnoringCors, serverSays } from './errors.js';
import { exactTime, parseTimestamp, prettyJson, relativeTime } from './format.js';
import { setDetail, setSectionOpen, state, updateView } from './state.js';
import { el, errorBox, notify } from './ui.js';
import { writeUrl } from './url.js';
import * as zen from './zen.js';
import { dashboardUrl } from './zenlinks.js';

let detailCtl = null;

/** Opens the panel on service `id` (push: add a history entry when the selection changes). */
export function openDetail(id, { push = true } = {}) {
  const changed = state().view.selected !== id;
  if (changed) {
    updateView((v) => {
      v.selected = id;
    });
  }
  if (push && changed) writeUrl();
  for (const tr of el.rows.querySelectorAll('tr')) {
    const on = tr.dataset.id === id;
    tr.classList.toggle('selected', on);
    if (on) tr.setAttribute('aria-current', 'true');
    else tr.removeAttribute('aria-current');
  }
  el.detail.hidden = false;
  document.body.classList.add('has-detail');
  const shown = state().detail;
  if (changed || !shown || shown.id !== id) {
    setDetail(null);
    el.detailTitle.textContent = 'Loading…';
    clear(el.detailBody).append(
      h(
        'p',
        { class: 'muted' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        ' Loading service…',
      ),
    );
  }
  setDetailButtons(false);
  loadDetail(id);
}

function setDetailButtons(enabled) {
  el.detailCopy.disabled = !state().view.selected;
  el.detailEdit.disabled = !enabled;
  el.detailDelete.disabled = !enabled;
}

/** (Re)loads service `id` into the panel; quiet: keep the focus where it is. */
export async function loadDetail(id, { quiet = false } = {}) {
  if (!zen.connected()) return;
  detailCtl?.abort();
  const ctl = new AbortController();
  detailCtl = ctl;
  const scroll = el.detailBody.scrollTop;
  try {
    const svc = await zen.getService(id, { hydrate: true, signal: ctl.signal });
    if (ctl !== detailCtl || state().view.selected !== id) return;
    setDetail(svc);
    renderDetail(svc);
    el.detailBody.scrollTop = scroll;
    if (!quiet && window.matchMedia('(max-width: 900px)').matches) el.detailTitle.focus();
  } catch (e) {
    if (ctl !== detailCtl || e.code === 'aborted') return;
    if (e.code === 'unauthorized') return zen.sessionLost(e);
    setDetail(null);
    setDetailButtons(false);
    el.detailTitle.textContent =
      e.code === 'not_found' ? 'Service not found' : 'Could not load the service';
    const box = h('div', { class: 'error-box', role: 'alert' });
    const reachable =
      e.code === 'network' ? await reachableIgnoringCors(state().server) : undefined;
    errorBox(
      box,
      e.code === 'not_found'
        ? {
            title: 'This service does not exist (any more).',
            detail: serverSays(e),
            hint: 'It may have been deleted.',
          }
        : explain(e, { serverUrl: state().server, reachable }),
      { retry: () => loadDetail(id) },
    );
    clear(el.detailBody).append(box);
  }
}

/** Cancels a detail request in flight. */
export function cancelDetail() {
  detailCtl?.abort();
}

/** Closes the panel; keepSelection: only hide it (the URL keeps the service). */
export function closeDetail({ push = true, keepSelection = false } = {}) {
  if (el.detail.hidden && !state().view.selected) return;
  const id = state().view.selected;
  detailCtl?.abort();
  el.detail.hidden = true;
  document.body.classList.remove('has-detail');
  if (!keepSelection) {
    updateView((v) => {
      v.selected = null;
    });
    setDetail(null);
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
  d.open = state().openSections.includes(key);
  d.addEventListener('toggle', () => setSectionOpen(key, d.open));
  const empty =
    value === null ||
    value === undefined ||
    (typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).length);
  d.append(
    h(
      'summary',
      {},
      h('span', { text: title }),
      h('span', { class: 'muted small', text: empty ? ' (none)' : ` (${sizeText(value)})` }),
    ),
    h(
      'pre',
      { class: 'code', tabindex: '0', 'aria-label': `${title} JSON` },
      empty && value == null ? 'null' : prettyJson(value),
    ),
  );
  return d;
}

function sizeText(value) {
  return typeof value === 'object' ? `${Object.keys(value).length} keys` : typeof value;
}

function fact(label, ...value) {
  return [h('dt', { text: label }), h('dd', {}, ...value)];
}

/** The project's name for a link into ZenML's dashboard: the switcher's list knows it. */
function projectName(id) {
  return state().projects.find((p) => p.id === id)?.name ?? null;
}

/** A linked resource by its name (the hydrated resource's), its id, and where ZenML's own
 * dashboard has a page for it (`kind`: 'run' | 'model_version'), a link there. */
function resourceLink(ref, kind) {
  if (!ref) return h('span', { class: 'muted', text: 'none' });
  const url = kind ? dashboardUrl(kind, ref, projectName) : null;
  const name = ref.name ?? '(unnamed)';
  return h(
    'span',
    { class: 'resource' },
    url ? safeLink(url, name) : h('span', { class: 'resource-name', text: name }),
    ' ',
    h('code', { class: 'muted small', text: ref.id ?? '' }),
    url ? h('span', { class: 'muted small zen-link', text: '(in ZenML’s dashboard)' }) : null,
  );
}

function timeFact(label, ts) {
  const d = parseTimestamp(ts);
  return fact(
    label,
    h(
      'time',
      { datetime: d?.toISOString() ?? '', title: exactTime(d) },
      d ? `${relativeTime(d)} · ${exactTime(d).split('\n')[0]}` : String(ts ?? '—'),
    ),
  );
}

function urlFact(label, url) {
  return fact(label, url ? safeLink(url) : h('span', { class: 'muted', text: 'none' }));
}

/** Shows `svc` in the panel. */
export function renderDetail(svc) {
  const b = svc.body || {};
  const m = svc.metadata || {};
  const r = svc.resources || {};
  const st = b.service_type || {};
  el.detailTitle.textContent = svc.name === '' ? '(no name)' : svc.name;
  setDetailButtons(true);
  const pipeline = m.config && typeof m.config === 'object' ? m.config : {};
  const typeInfo = `${st.name || ''}${st.name && st.description ? ' — ' : ''}${st.description || ''}`;
  const dl = h(
    'dl',
    { class: 'facts' },
    fact('ID', h('code', { class: 'id', text: svc.id })),
    fact(
      'State',
      stateBadge(b.state),
      ' ',
      h('span', { class: 'muted small', text: 'admin: ' }),
      adminState(m.admin_state),
    ),
    fact(
      'Type',
      h('span', { text: st.type ?? '' }),
      h('span', { class: 'muted', text: ` / ${st.flavor ?? ''}` }),
    ),
    st.name || st.description ? fact('Type info', typeInfo) : null,
    timeFact('Created', b.created),
    timeFact('Updated', b.updated),
    urlFact('Prediction URL', m.prediction_url),
    urlFact('Health check URL', m.health_check_url),
    fact('Labels', labelChips(b.labels, 50)),
    fact(
      'Service source',
      m.service_source
        ? h('code', { text: m.service_source })
        : h('span', { class: 'muted', text: 'none' }),
    ),
    fact(
      'Project',
      projectName(b.project_id) ? h('span', { text: `${projectName(b.project_id)} ` }) : null,
      h('code', { class: 'small muted', text: b.project_id ?? '' }),
    ),
    pipeline.pipeline_name
      ? fact(
          'Pipeline',
          `${pipeline.pipeline_name}${pipeline.pipeline_step_name ? ` › ${pipeline.pipeline_step_name}` : ''}`,
        )
      : null,
  );
  const links = h(
    'dl',
    { class: 'facts' },
    fact('User', resourceLink(r.user)),
    fact('Pipeline run', resourceLink(r.pipeline_run, 'run')),
    fact('Model version', resourceLink(r.model_version, 'model_version')),
  );
  clear(el.detailBody).append(
    dl,
    h('h3', { text: 'Linked resources' }),
    links,
    h('h3', { text: 'Configuration and status' }),
    jsonSection('config', 'Config', m.config),
    jsonSection('status', 'Status', m.status),
    jsonSection('endpoint', 'Endpoint', m.endpoint),
    jsonSection('raw', 'Full response', svc),
  );
}

async function copyId() {
  const id = state().view.selected;
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

export function initDetail() {
  el.rows.addEventListener('click', (ev) => {
    if (ev.target.closest('a, .c-select')) return; // a link, or ticking the row (select.js)
    const tr = ev.target.closest('tr[data-id]');
    if (tr) openDetail(tr.dataset.id);
  });
  el.detailClose.addEventListener('click', () => closeDetail());
  el.detailCopy.addEventListener('click', copyId);
  // Edit and Delete are wired by the dialogs they open (serviceform.js, delete.js).
}
