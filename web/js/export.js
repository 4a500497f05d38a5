// Export: every matching service, page by page (services()), as CSV or JSON; cancellable.
import { explain, reachableIgnoringCors } from './errors.js';
import { csvHeader, csvRow, plural } from './format.js';
import { foundFor, sortedAll } from './localwalk.js';
import { state } from './state.js';
import { el, errorBox, notify, showDialog } from './ui.js';
import { filterOptions, parseSort, whereOf } from './url.js';
import * as zen from './zen.js';

const EXPORT_PAGE = 500;

let exportCtl = null;

function openExportDialog() {
  const total = state().page?.total;
  const { field, dir } = parseSort(state().view.sort);
  const what = total === undefined ? 'All services' : `All ${plural(total, 'service')}`;
  const order = dir === 'desc' ? 'descending' : 'ascending';
  el.expScope.textContent = whereOf()
    ? `The ${plural(total ?? 0, 'service')} the client-side scan found (state/label conditions), sorted by ${field} ${order}, with their metadata.`
    : `${what} matching the current filters (not only this page), sorted by ${field} ${order}, with their metadata.`;
  el.expStatus.textContent = '';
  el.expError.hidden = true;
  el.expProgressWrap.hidden = true;
  el.expCancel.hidden = true;
  el.expStart.disabled = false;
  showDialog(el.exportDialog);
  el.expStart.focus();
}

/** The file's text and type for `items`. */
function serialise(items, format) {
  if (format === 'json') {
    return { text: `${JSON.stringify(items, null, 2)}\n`, type: 'application/json' };
  }
  return { text: csvHeader() + items.map(csvRow).join(''), type: 'text/csv' };
}

async function onExport(ev) {
  ev.preventDefault();
  if (exportCtl) return;
  const format = document.querySelector('input[name="format"]:checked')?.value || 'csv';
  const ctl = new AbortController();
  exportCtl = ctl;
  let total = state().page?.total || 0;
  el.expError.hidden = true;
  el.expStart.disabled = true;
  el.expCancel.hidden = false;
  el.expProgressWrap.hidden = false;
  el.expProgress.max = Math.max(total, 1);
  el.expProgress.value = 0;
  el.expStatus.textContent = 'Starting…';
  const items = [];
  try {
    if (whereOf()) {
      // State/label conditions: what the client-side scan found is the list; nothing to fetch.
      const found = foundFor();
      if (!found)
        throw Object.assign(new Error('The client-side scan has not finished yet.'), {
          code: 'bad_request',
        });
      items.push(...sortedAll(found.items));
      el.expStatus.textContent = `Fetched ${plural(items.length, 'service')} (client-side scan).`;
    }
    // Page by page, so that the progress counts the services fetched so far ("500 of 1,158"
    // after the first page of 500), against the total the server reports with each page.
    const walk = whereOf()
      ? []
      : zen.walkPages({
          ...filterOptions(),
          size: EXPORT_PAGE,
          hydrate: true,
          signal: ctl.signal,
        });
    for await (const page of walk) {
      items.push(...page.items);
      total = Math.max(page.total, items.length);
      el.expProgress.max = Math.max(total, 1);
      el.expProgress.value = items.length;
      el.expStatus.textContent = `Fetched ${items.length.toLocaleString('en')} of ${plural(total, 'service')}…`;
    }
    el.expProgress.max = Math.max(items.length, 1);
    el.expProgress.value = items.length;
    const stamp = new Date().toISOString().replace(/[:]/g, '').replace(/\..*$/, 'Z');
    const { text, type } = serialise(items, format);
    const blob = new Blob([text], { type: `${type};charset=utf-8` });
    download(blob, `zenml-services-${stamp}.${format}`);
    const kb = Math.ceil(blob.size / 1024).toLocaleString('en');
    const what = `${plural(items.length, 'service')} as ${format.toUpperCase()}`;
    el.expStatus.textContent = `Exported ${what} (${kb} kB).`;
    notify(`Exported ${what}.`, 'ok');
  } catch (e) {
    if (e.code === 'aborted') {
      el.expStatus.textContent = `Export cancelled after ${plural(items.length, 'service')}; nothing was saved.`;
    } else {
      const reachable =
        e.code === 'network' ? await reachableIgnoringCors(state().server) : undefined;
      errorBox(el.expError, explain(e, { serverUrl: state().server, reachable }));
      el.expStatus.textContent = `Export failed after ${plural(items.length, 'service')}.`;
    }
  } finally {
    exportCtl = null;
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

export function initExport() {
  el.btnExport.addEventListener('click', openExportDialog);
  el.exportForm.addEventListener('submit', onExport);
  el.expCancel.addEventListener('click', () => exportCtl?.abort());
  el.expClose.addEventListener('click', () => el.exportDialog.close());
  el.exportDialog.addEventListener('close', () => exportCtl?.abort());
}
