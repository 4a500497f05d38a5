// A server that goes away. When a load fails because the server does not answer (nothing
// listens, a timeout, a 5xx, a 429), the rows, the chart and the detail already on screen stay,
// marked stale with the time they were loaded; the page retries with back-off (2, 4, 8, 16,
// then every 30 s; sooner on "Retry now", when the browser goes back online or the tab comes
// back) and, when the server answers again, drops the marks by itself. Nothing here touches an
// open dialog or form: what the user typed stays where it is.
//
// list.js reports each load's outcome (serverAway / serverBack) and hands over how to retry;
// the timers are this module's, the facts (since when, which attempt, the next try) the store's.
import { h } from './dom.js';
import { relativeTime } from './format.js';
import { setOutage, state } from './state.js';
import { el, notify } from './ui.js';
import { viewKey } from './url.js';

export const BACKOFF_S = [2, 4, 8, 16, 30];

let retryTimer = null;
let ticker = null;
let retry = null; // what to call to try again (list.js's quiet refresh)

/** Whether a failure means the server is away for now (worth retrying), not refusing. */
export function transient(err) {
  return ['network', 'timeout', 'server', 'rate_limited'].includes(err?.code);
}

/**
 * A load failed with a transient error (`info`: explain()'s words for it). Marks what is shown
 * stale and schedules the next try of `again`.
 */
export function serverAway(err, info, again) {
  const prev = state().outage;
  const attempt = (prev?.attempt ?? 0) + 1;
  let delay = BACKOFF_S[Math.min(attempt, BACKOFF_S.length) - 1];
  if (err?.code === 'rate_limited' && err.retryAfter > delay) delay = err.retryAfter;
  const now = Date.now();
  if (!prev) notify(`${info.title}: showing the last data loaded, trying again by itself.`, 'warn');
  setOutage({ since: prev?.since ?? now, attempt, delay, retryAt: now + delay * 1000, info });
  retry = again;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(retryNow, delay * 1000);
  if (!ticker) ticker = setInterval(renderOutage, 1000);
  renderOutage();
}

/** A load succeeded. Returns whether the server had been away (the caller says so). */
export function serverBack() {
  const was = state().outage !== null;
  stopRetrying();
  return was;
}

/** Tries again now (the banner's button, the browser back online, the tab shown again). */
export function retryNow() {
  clearTimeout(retryTimer);
  retryTimer = null;
  if (!state().outage || !retry) return;
  setOutage({ ...state().outage, retryAt: null });
  renderOutage();
  retry();
}

/** Forgets the outage and its timers (the server answered, or the session ended). */
export function stopRetrying() {
  clearTimeout(retryTimer);
  clearInterval(ticker);
  retryTimer = null;
  ticker = null;
  retry = null;
  if (state().outage) setOutage(null);
  renderOutage();
}

function clock(ms) {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

// The banner's parts, built once (initOutage) and then only their texts change: the countdown
// repaints every second without recreating the "Retry now" button under a keyboard user.
const part = {};

/** The banner above the filters, and the stale marks on the table and the chart. */
export function renderOutage() {
  const o = state().outage;
  const stale = o !== null && state().page !== null;
  el.tableWrap.classList.toggle('stale', stale);
  el.stateChart.classList.toggle('outage-stale', stale);
  el.outage.hidden = o === null;
  if (!o) {
    delete el.outage.dataset.attempt;
    delete el.outage.dataset.delay;
    return;
  }
  const shown = stale ? state().listed : null;
  part.title.textContent = `${o.info.title} (since ${clock(o.since)})`;
  part.data.hidden = !shown;
  if (shown) {
    part.time.textContent = clock(shown.at);
    part.time.setAttribute('datetime', new Date(shown.at).toISOString());
    const before = shown.key === viewKey() ? '' : ', before your last change';
    part.age.textContent = ` (${relativeTime(new Date(shown.at))})${before}: they may be out of date.`;
  }
  part.detail.textContent = o.info.detail || '';
  part.detail.hidden = !o.info.detail;
  part.hint.textContent = o.info.hint || '';
  part.hint.hidden = !o.info.hint;
  const wait = o.retryAt === null ? 0 : Math.max(0, Math.ceil((o.retryAt - Date.now()) / 1000));
  part.next.textContent =
    o.retryAt === null
      ? `Trying again (attempt ${o.attempt + 1})…`
      : `Trying again in ${wait} s (attempt ${o.attempt + 1}; waits grow up to ${BACKOFF_S.at(-1)} s).`;
  part.retry.disabled = o.retryAt === null;
  el.outage.dataset.attempt = String(o.attempt);
  el.outage.dataset.delay = String(o.delay);
}

export function initOutage() {
  part.title = h('p', { class: 'outage-title' });
  part.time = h('time', { class: 'outage-time' });
  part.age = h('span');
  part.data = h(
    'p',
    { class: 'outage-data' },
    'Showing the services as loaded at ',
    part.time,
    part.age,
  );
  part.detail = h('p', { class: 'outage-detail' });
  part.hint = h('p', { class: 'outage-hint' });
  part.next = h('span');
  part.retry = h('button', { type: 'button', class: 'btn btn-small' }, 'Retry now');
  part.retry.addEventListener('click', retryNow);
  el.outage.append(
    part.title,
    part.data,
    part.detail,
    part.hint,
    h('p', { class: 'outage-retry' }, part.next, ' ', part.retry),
  );
  window.addEventListener('online', retryNow);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) retryNow();
  });
}
