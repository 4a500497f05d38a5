// Loading the list: a view change made by the user (navigate), the page of services the view
// stands for (refresh; when the server does not answer, outage.js keeps what is shown and
// retries), the table's controls (sort, pages, page size, retry, clear filters), and the state
// chart and suggestions over every matching service.
import { countStates, renderChart } from './chart.js';
import { renderFilters } from './chips.js';
import { loadDetail } from './detail.js';
import { clear, h } from './dom.js';
import { explain, reachableIgnoringCors } from './errors.js';
import { plural } from './format.js';
import { hideLocal, pageOf, walk as walkLocal } from './localwalk.js';
import { serverAway, serverBack, stopRetrying, transient } from './outage.js';
import { clearChecked, keepListedChecked } from './select.js';
import { remember, seenValues, setListed, setPage, state, updateView } from './state.js';
import {
  captureScrollAndFocus,
  renderPager,
  renderRows,
  restoreScrollAndFocus,
  tableMessage,
} from './table.js';
import { el, notify } from './ui.js';
import { filterOptions, listOptions, parseSort, viewKey, whereOf, writeUrl } from './url.js';
import * as zen from './zen.js';

const STATS_CAP = 2000; // services walked for the state chart and the suggestions
const STATS_PAGE = 500;

let listCtl = null;
let statsCtl = null;
let loadSeq = 0;

/** A view change made by the user: `mutate` the view, add a history entry, reload. */
export function navigate(mutate, { resetPage = true, replace = false } = {}) {
  updateView((v) => {
    mutate(v);
    if (resetPage) v.page = 1;
  });
  clearChecked();
  writeUrl({ replace });
  renderFilters();
  refresh();
}

/**
 * Reloads the list, the chart and the open detail. quiet: keep the current rows while loading.
 * With state/label conditions the list is what a client-side walk found (local.js): walked
 * again when the conditions or server filters changed, when quiet (auto-refresh, after a
 * change) or `again`; paging and sorting reuse it.
 */
export async function refresh({ quiet = false, again = false } = {}) {
  if (!zen.connected()) return;
  listCtl?.abort();
  statsCtl?.abort(); // a walk for the chart restarts once the list has arrived
  const ctl = new AbortController();
  listCtl = ctl;
  loadSeq += 1;
  const seq = loadSeq;
  const opts = listOptions();
  const invalid = zen.validateFilter(opts);
  if (invalid) {
    tableMessage('error', {
      title: 'These filters cannot be sent',
      detail: invalid.message,
      hint: 'Remove or fix a filter.',
    });
    return;
  }
  el.tableWrap.classList.add('busy');
  el.tableWrap.setAttribute('aria-busy', 'true');
  if (!quiet && !el.rows.children.length) tableMessage('loading');
  const keep = captureScrollAndFocus();
  const key = viewKey();
  try {
    let page;
    let statsPage;
    if (whereOf()) {
      const got = await walkLocal(ctl.signal, { again: again || quiet });
      if (got === null || seq !== loadSeq) return;
      page = pageOf(got.items);
      if (page.index !== state().view.page) {
        updateView((v) => {
          v.page = page.index;
        });
        writeUrl({ replace: true });
      }
      // the chart shows what the server's filters match, so that its legend can narrow it
      statsPage = { total: got.total, items: [] };
    } else {
      hideLocal();
      page = await zen.listServices({ ...opts, hydrate: true, signal: ctl.signal });
      statsPage = page;
    }
    if (seq !== loadSeq) return;
    setPage(page);
    setListed({ at: Date.now(), key });
    keepListedChecked();
    learn(page.items);
    renderRows(page);
    restoreScrollAndFocus(keep);
    const wasAway = serverBack();
    if (wasAway) notify('The server answers again: the list is up to date.', 'ok');
    loadStats(statsPage, seq);
    const { selected } = state().view;
    if (selected && !el.detail.hidden && (quiet || wasAway)) loadDetail(selected, { quiet: true });
  } catch (e) {
    if (seq !== loadSeq || e.code === 'aborted') return;
    if (e.code === 'unauthorized') return zen.sessionLost(e);
    const lastPage = zen.pageOutOfRange(e);
    if (lastPage !== null && state().view.page > 1) {
      updateView((v) => {
        v.page = lastPage;
      });
      writeUrl({ replace: true });
      return refresh({ quiet });
    }
    const reachable =
      e.code === 'network' ? await reachableIgnoringCors(state().server) : undefined;
    if (seq !== loadSeq) return;
    const info = explain(e, { serverUrl: state().server, reachable });
    if (transient(e)) {
      // The server is away: what is on screen stays (marked stale) and outage.js retries.
      serverAway(e, info, () => refresh({ quiet: true }));
      if (state().page) return;
    } else {
      serverBack(); // it answered, if only to refuse
    }
    showLoadError(info);
  } finally {
    if (seq === loadSeq) {
      el.tableWrap.classList.remove('busy');
      el.tableWrap.removeAttribute('aria-busy');
    }
  }
}

/** A list that could not be loaded: no rows, no chart, the reason in the table. */
function showLoadError(info) {
  setPage(null);
  clear(el.rows);
  clearChecked();
  renderPager();
  statsCtl?.abort();
  clear(el.stateChart);
  delete el.stateChart.dataset.key;
  el.chartNote.textContent = '';
  tableMessage('error', info);
  delete el.resultSummary.dataset.total;
  el.resultSummary.textContent = 'Could not load services.';
}

/** Cancels the list and chart requests in flight and forgets the rows (logging out). */
export function stopLoading() {
  listCtl?.abort();
  statsCtl?.abort();
  stopRetrying();
  setPage(null);
  clear(el.rows);
  clearChecked();
}

// ---------------------------------------------------------------------------------------------
// The table's controls

function onSort(field) {
  const cur = parseSort(state().view.sort);
  let dir;
  if (cur.field === field) dir = cur.dir === 'asc' ? 'desc' : 'asc';
  else dir = field === 'created' || field === 'updated' ? 'desc' : 'asc';
  navigate((v) => {
    v.sort = dir === 'desc' ? `desc:${field}` : field;
  });
}

function goPage(p) {
  const total = state().page?.total_pages || 1;
  const page = Math.min(Math.max(1, p), total);
  if (page === state().view.page) return;
  navigate(
    (v) => {
      v.page = page;
    },
    { resetPage: false },
  );
}

function clearAllFilters() {
  navigate((v) => {
    v.search = '';
    v.chips = [];
    v.other = {};
    v.project = null;
    v.scopeUser = null;
    v.logic = 'and';
    v.where = { states: [], labels: [] };
  });
}

export function initList() {
  for (const b of el.services.querySelectorAll('button.sort')) {
    b.addEventListener('click', () => onSort(b.dataset.sort));
  }
  el.pgFirst.addEventListener('click', () => goPage(1));
  el.pgPrev.addEventListener('click', () => goPage(state().view.page - 1));
  el.pgNext.addEventListener('click', () => goPage(state().view.page + 1));
  el.pgLast.addEventListener('click', () => goPage(state().page?.total_pages || 1));
  el.pgSize.addEventListener('change', () =>
    navigate((v) => {
      v.size = Number(el.pgSize.value);
    }),
  );
  // The buttons of the empty and error states (table.js renders them).
  el.tableState.addEventListener('click', (ev) => {
    const action = ev.target.closest('[data-action]')?.dataset.action;
    if (action === 'retry') refresh();
    else if (action === 'clear-filters') clearAllFilters();
  });
}

// ---------------------------------------------------------------------------------------------
// State chart and suggestions: walks every matching service (up to STATS_CAP) with services()

async function loadStats(page, seq) {
  statsCtl?.abort();
  const ctl = new AbortController();
  statsCtl = ctl;
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
      const walk = zen.walkServices({
        ...filterOptions(),
        size: STATS_PAGE,
        hydrate: false,
        signal: ctl.signal,
      });
      for await (const svc of walk) {
        items.push(svc);
        if (items.length >= STATS_CAP) {
          capped = true;
          break;
        }
      }
    } catch (e) {
      if (e.code === 'aborted' || seq !== loadSeq) return;
      el.chartNote.textContent = `State counts unavailable: ${e.message}`;
      return;
    }
  }
  if (seq !== loadSeq) return;
  renderChart(el.stateChart, countStates(items));
  el.stateChart.classList.remove('stale');
  el.stateChart.dataset.key = statsKey();
  el.stateChart.dataset.counted = String(items.length);
  el.chartNote.textContent =
    page.total === 0
      ? ''
      : capped
        ? `State counts over the first ${STATS_CAP.toLocaleString('en')} of ${plural(page.total, 'matching service')} (capped; the server cannot count by state).`
        : `State counts over all ${plural(items.length, 'matching service')}.`;
  learn(items);
}

/** What the chart counts: the filter part of the view. */
function statsKey() {
  try {
    return zen.toQuery(filterOptions());
  } catch {
    return '';
  }
}

/** Remembers the values seen and offers them in the type/flavor inputs of the service form. */
function learn(items) {
  remember(items);
  for (const [dl, field] of [
    [el.dlType, 'type'],
    [el.dlFlavor, 'flavor'],
  ]) {
    clear(dl);
    for (const v of seenValues(field)) dl.append(h('option', { value: v }));
  }
}
