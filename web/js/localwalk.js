// State and label conditions: ZenML has no server filter for either, so the package's
// services({ where }) walks every page the server's own filters return and keeps what meets
// them. This module holds what that walk found (for paging, sorting and export over it, with the
// package's matchServices), its progress bar, count and the conditions' chips; local.js wires
// their form, the Cancel button and the chart legend's clicks.
import { h } from './dom.js';
import { plural, stateInfo } from './format.js';
import { state } from './state.js';
import { el } from './ui.js';
import { filterOptions, whereOf } from './url.js';
import * as zen from './zen.js';

const WALK_PAGE = 500; // services a page of the walk: fewer requests for the same scan

// What the last walk found: { key, items, scanned, total, done }.
let found = null;
let userCancelled = false;
let walkCtl = null;

/** The Cancel button: stops the walk, keeping what it found so far. */
export function cancelWalk() {
  userCancelled = true;
  walkCtl?.abort();
}

/** What a walk answers: the server filters (without sort and paging) and the conditions. */
export function localKey(v = state().view) {
  try {
    const { sortBy: _s, page: _p, size: _z, ...server } = filterOptions(v);
    return zen.toQuery(server) + JSON.stringify(whereOf(v));
  } catch {
    return '';
  }
}

/** The services of the last finished (or cancelled) walk for this view, or null. */
export function foundFor(v = state().view) {
  return found && found.key === localKey(v) ? found : null;
}

/** The view's page of `items`, sorted as the view says (the package's matchServices). */
export function pageOf(items, v = state().view) {
  const pages = Math.max(1, Math.ceil(items.length / v.size));
  return zen.matchServices(items, { sortBy: v.sort, page: Math.min(v.page, pages), size: v.size });
}

/** Every item sorted as the view says (for export). */
export function sortedAll(items, v = state().view) {
  const out = [];
  const size = 10000;
  for (let p = 1; (p - 1) * size < items.length; p++) {
    out.push(...zen.matchServices(items, { sortBy: v.sort, page: p, size }).items);
  }
  return out;
}

function showProgress({ scanned, matched, total }, walking) {
  el.localProgress.hidden = false;
  el.lwProgress.hidden = !walking;
  el.lwCancel.hidden = !walking;
  el.lwProgress.max = Math.max(total, 1);
  el.lwProgress.value = scanned;
  const n = (x) => x.toLocaleString('en');
  el.lwStatus.textContent = walking
    ? `Scanning client-side: ${n(scanned)} of ${plural(total, 'service')} scanned, ${n(matched)} match so far…`
    : `Client-side: scanned ${plural(scanned, 'service')}, ${n(matched)} match.`;
  el.localProgress.dataset.scanned = String(scanned);
  el.localProgress.dataset.done = walking ? 'false' : 'true';
}

/**
 * Walks the server-filtered list with the view's conditions (unless the last walk answers this
 * view already and `again` is false). Resolves to what was found, or null when superseded;
 * throws the walk's error. `signal` is the list's (a newer load aborts it).
 */
export async function walk(signal, { again = false } = {}) {
  const v = state().view;
  const key = localKey(v);
  if (!again && found && found.key === key && found.done) {
    showProgress(
      { scanned: found.scanned, matched: found.items.length, total: found.total },
      false,
    );
    return found;
  }
  const ctl = new AbortController();
  walkCtl = ctl;
  const stop = () => ctl.abort();
  signal.addEventListener('abort', stop, { once: true });
  userCancelled = false;
  const items = [];
  let progress = { scanned: 0, matched: 0, total: state().page?.total ?? 0 };
  showProgress(progress, true);
  try {
    const it = zen.walkServices({
      ...filterOptions(v),
      size: WALK_PAGE,
      hydrate: true,
      where: whereOf(v),
      onProgress: (p) => {
        progress = p;
        showProgress(p, true);
      },
      signal: ctl.signal,
    });
    for await (const svc of it) items.push(svc);
    found = { key, items, scanned: progress.scanned, total: progress.total, done: true };
    showProgress({ ...progress, matched: items.length }, false);
    return found;
  } catch (e) {
    if (e.code === 'aborted' && userCancelled) {
      // Cancelled by the user: what was found so far stays, and says it is partial.
      found = { key, items, scanned: progress.scanned, total: progress.total, done: false };
      showProgress({ ...progress, matched: items.length }, false);
      el.lwStatus.textContent = `Cancelled after scanning ${progress.scanned.toLocaleString('en')} of ${plural(progress.total, 'service')} client-side: showing the ${plural(items.length, 'match', 'matches')} found so far.`;
      el.localProgress.dataset.done = 'cancelled';
      return found;
    }
    if (e.code === 'aborted') return null;
    el.localProgress.hidden = true;
    throw e;
  } finally {
    signal.removeEventListener('abort', stop);
    if (walkCtl === ctl) walkCtl = null;
  }
}

/** No client-side condition: the progress line goes. */
export function hideLocal() {
  el.localProgress.hidden = true;
}

/** Chips of the client-side conditions (chips.js shows them after the server filters). */
export function localChips(v = state().view) {
  const chip = (field, value, data) =>
    h(
      'li',
      { class: 'chip chip-local', title: 'Applied client-side: ZenML has no filter for it' },
      h('span', { class: 'chip-field', text: field }),
      h('span', { class: 'chip-op', text: 'is' }),
      h('span', { class: 'chip-value', text: value }),
      h('span', { class: 'chip-tag', text: 'client-side' }),
      h(
        'button',
        {
          type: 'button',
          class: 'chip-remove',
          'aria-label': `Remove filter: ${field} ${value}`,
          title: 'Remove filter',
          ...data,
        },
        '✕',
      ),
    );
  return [
    ...v.where.states.map((st) => chip('state', stateInfo(st).label, { 'data-local-state': st })),
    ...v.where.labels.map((l) =>
      chip('label', l.includes('=') ? l : `${l} (any value)`, { 'data-local-label': l }),
    ),
  ];
}
