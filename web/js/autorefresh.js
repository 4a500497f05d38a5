// Auto-refresh (off / 5 s / 30 s; paused while a dialog is open, the tab is hidden, a load is
// running or the server is away, when outage.js retries) and the repaint of relative times.
import { parseTimestamp, relativeTime } from './format.js';
import { refresh } from './list.js';
import { state } from './state.js';
import { anyDialogOpen, el, notify } from './ui.js';
import * as zen from './zen.js';

let autoTimer = null;

export function setAutoRefresh(seconds) {
  clearInterval(autoTimer);
  autoTimer = null;
  if (seconds > 0) {
    autoTimer = setInterval(() => {
      if (!zen.connected() || document.hidden || anyDialogOpen()) return;
      if (el.tableWrap.classList.contains('busy')) return;
      if (state().outage) return; // outage.js retries on its own schedule
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

export function initAutoRefresh() {
  el.btnRefresh.addEventListener('click', () => refresh({ again: true }));
  el.autoRefresh.addEventListener('change', () => {
    const s = Number(el.autoRefresh.value);
    setAutoRefresh(s);
    notify(s ? `Auto-refresh every ${s} s.` : 'Auto-refresh off.');
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && autoTimer && zen.connected()) refresh({ quiet: true });
  });
  setInterval(repaintTimes, 30000);
}
