// Ticking rows for a bulk action: a checkbox per row, shift-click for a range, the header's
// "every service on this page", and the bar that says how many are ticked (bulk.js acts on
// them). The ticked ids are the store's `checked`; they are always rows of the page shown
// (list.js drops them when the view changes and keeps only those still listed after a reload).
import { plural } from './format.js';
import { setChecked, state } from './state.js';
import { el } from './ui.js';

let anchor = null; // the id of the last row ticked or unticked without shift: a range's start

function pageIds() {
  return (state().page?.items || []).map((s) => s.id);
}

/** Ticks (or unticks) `ids`, keeping the page's order. */
function mark(ids, on) {
  const set = new Set(state().checked);
  for (const id of ids) {
    if (on) set.add(id);
    else set.delete(id);
  }
  setChecked(pageIds().filter((id) => set.has(id)));
  renderSelection();
}

/** The services ticked, as listed (for bulk.js's confirmation). */
export function checkedServices() {
  const byId = new Map((state().page?.items || []).map((s) => [s.id, s]));
  return state()
    .checked.map((id) => byId.get(id))
    .filter(Boolean);
}

/** Unticks everything (a new view, or after a bulk action succeeded everywhere). */
export function clearChecked() {
  anchor = null;
  if (state().checked.length) setChecked([]);
  renderSelection();
}

/** Keeps only the ticked rows that the page still lists (after a reload). */
export function keepListedChecked() {
  const listed = new Set(pageIds());
  const kept = state().checked.filter((id) => listed.has(id));
  if (kept.length !== state().checked.length) setChecked(kept);
  if (anchor && !listed.has(anchor)) anchor = null;
}

/** Shows the ticks: each row's box, the header's box (all, some, none) and the bulk bar. */
export function renderSelection() {
  const checked = new Set(state().checked);
  for (const tr of el.rows.querySelectorAll('tr[data-id]')) {
    const on = checked.has(tr.dataset.id);
    tr.classList.toggle('checked', on);
    const box = tr.querySelector('input.row-check');
    if (box) box.checked = on;
  }
  const n = state().checked.length;
  const onPage = pageIds().length;
  el.selectPage.checked = n > 0 && n === onPage;
  el.selectPage.indeterminate = n > 0 && n < onPage;
  el.selectPage.disabled = onPage === 0;
  el.bulkBar.hidden = n === 0;
  el.bulkCount.textContent = n ? `${plural(n, 'service')} selected` : '';
}

/** A click in a row's select cell: toggles the box; with shift, the range from the last one. */
function onRowsClick(ev) {
  const cell = ev.target.closest('td.c-select');
  if (!cell) return;
  const box = cell.querySelector('input.row-check');
  if (!box) return;
  // A click on the cell around the box toggles it too (a larger target).
  if (ev.target !== box) box.checked = !box.checked;
  const id = cell.closest('tr').dataset.id;
  const ids = pageIds();
  let range = [id];
  if (ev.shiftKey && anchor && ids.includes(anchor)) {
    const a = ids.indexOf(anchor);
    const b = ids.indexOf(id);
    range = ids.slice(Math.min(a, b), Math.max(a, b) + 1);
    getSelection()?.removeAllRanges(); // shift-click selects text on the way
  } else {
    anchor = id;
  }
  mark(range, box.checked);
}

export function initSelect() {
  el.rows.addEventListener('click', onRowsClick);
  el.selectPage.addEventListener('change', () => {
    anchor = null;
    mark(pageIds(), el.selectPage.checked);
  });
  el.bulkClear.addEventListener('click', () => {
    clearChecked();
    el.selectPage.focus();
  });
}
