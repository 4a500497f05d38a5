// The services table, as rendering only: rows, the loading/empty/error states, the summary
// line, the sorted column, the pager, keeping focus and scroll across a reload, and moving
// between rows with the arrow keys. What its controls do is list.js's (sort, pages, retry,
// clear filters), detail.js's (open a row), select.js's (tick rows) and serviceform.js's
// (create a service).
import { adminState, labelChips, shortUrl, stateBadge, timeCell } from './cells.js';
import { clear, h, safeLink } from './dom.js';
import { notSortableText, SORTABLE } from './filters.js';
import { plural } from './format.js';
import { renderSelection } from './select.js';
import { state } from './state.js';
import { el } from './ui.js';
import { parseSort } from './url.js';

/**
 * Offers a column's sort button only when the release sorts by it (filters.js' SORTABLE, from
 * the package's filterSchema()); otherwise the column shows its title as plain text, saying why.
 */
export function renderSortable() {
  for (const b of el.services.querySelectorAll('thead button.sort')) {
    let label = b.nextElementSibling;
    if (!label?.classList.contains('th-label')) {
      label = h('span', { class: 'th-label', text: b.textContent });
      b.after(label);
    }
    const offered = SORTABLE.has(b.dataset.sort);
    b.hidden = !offered;
    label.hidden = offered;
    label.title = offered ? '' : notSortableText(b.dataset.sort);
  }
}

/** Marks the header of the sorted column (aria-sort and the button labels). */
export function renderSortHeaders() {
  const { field, dir } = parseSort(state().view.sort);
  const dirText = dir === 'desc' ? 'descending' : 'ascending';
  for (const th of el.services.querySelectorAll('thead th')) {
    const buttons = [...th.querySelectorAll('button.sort')];
    if (!buttons.length) continue;
    const active = buttons.find((b) => b.dataset.sort === field);
    th.setAttribute('aria-sort', active ? dirText : 'none');
    for (const b of buttons) {
      const on = b.dataset.sort === field;
      b.classList.toggle('sorted', on);
      b.dataset.dir = on ? dir : '';
      const name = b.textContent;
      b.setAttribute(
        'aria-label',
        `${name}: ${on ? `sorted ${dirText}, activate to reverse` : 'activate to sort'}`,
      );
    }
  }
}

export function renderPager() {
  const p = state().page;
  const v = state().view;
  const totalPages = p ? p.total_pages : 1;
  el.pgLabel.textContent = p ? `Page ${v.page} of ${totalPages}` : '';
  el.pgFirst.disabled = !p || v.page <= 1;
  el.pgPrev.disabled = el.pgFirst.disabled;
  el.pgNext.disabled = !p || v.page >= totalPages;
  el.pgLast.disabled = el.pgNext.disabled;
}

function hasFilters(v) {
  return v.search || v.chips.length || Object.keys(v.other).length;
}

/** A button of the box under the table; list.js and serviceform.js act on its data-action. */
function actionButton(action, cls, text) {
  return h('button', { type: 'button', class: cls, 'data-action': action }, text);
}

/** The box under the table: 'loading', 'empty' or 'error' (with an explain() object). */
export function tableMessage(kind, info) {
  const box = el.tableState;
  clear(box);
  box.className = `table-state table-${kind}`;
  if (kind === 'loading') {
    box.append(
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      h('span', { text: 'Loading services…' }),
    );
  } else if (kind === 'empty') {
    const v = state().view;
    const filtered = hasFilters(v) || v.project || v.scopeUser;
    box.append(
      h('p', {
        class: 'empty-title',
        text: filtered ? 'No services match these filters.' : 'No services on this server yet.',
      }),
    );
    box.append(
      filtered
        ? actionButton('clear-filters', 'btn', 'Clear all filters')
        : actionButton('create-service', 'btn btn-primary', 'Create a service'),
    );
  } else if (kind === 'error') {
    box.setAttribute('role', 'alert');
    box.append(h('p', { class: 'error-title', text: info.title }));
    if (info.detail) box.append(h('p', { class: 'error-detail', text: info.detail }));
    if (info.hint) box.append(h('p', { class: 'error-hint', text: info.hint }));
    box.append(actionButton('retry', 'btn', 'Try again'));
  }
  if (kind !== 'error') box.removeAttribute('role');
  box.hidden = false;
}

function muted(text) {
  return h('span', { class: 'muted', text });
}

function row(svc) {
  const body = svc.body || {};
  const meta = svc.metadata || {};
  const st = body.service_type || {};
  const selected = svc.id === state().view.selected;
  const checked = state().checked.includes(svc.id);
  const nameBtn = h(
    'button',
    {
      type: 'button',
      class: 'row-open',
      'data-id': svc.id,
      title: `Open ${svc.name || 'service'} (${svc.id})`,
    },
    svc.name === '' ? muted('(no name)') : svc.name,
  );
  const td = (cls, label, ...content) => h('td', { class: cls, 'data-label': label }, ...content);
  return h(
    'tr',
    {
      'data-id': svc.id,
      class: [selected && 'selected', checked && 'checked'],
      'aria-current': selected ? 'true' : false,
    },
    td(
      'c-select',
      'Select',
      h('input', {
        type: 'checkbox',
        class: 'check row-check',
        checked,
        'aria-label': `Select ${svc.name || 'this service'}`,
      }),
    ),
    td('c-name', 'Name', nameBtn),
    td(
      'c-type',
      'Type / flavor',
      h('span', { class: 'type', text: st.type ?? '' }),
      h('span', { class: 'flavor', text: st.flavor ?? '' }),
    ),
    td('c-state', 'State', stateBadge(body.state)),
    td('c-admin', 'Admin state', adminState(meta.admin_state)),
    td('c-labels', 'Labels', labelChips(body.labels)),
    td('c-user', 'Owner', svc.resources?.user?.name ?? muted('—')),
    td('c-time c-created', 'Created', timeCell(body.created)),
    td('c-time c-updated', 'Updated', timeCell(body.updated)),
    td(
      'c-url',
      'Prediction URL',
      meta.prediction_url
        ? safeLink(meta.prediction_url, shortUrl(meta.prediction_url))
        : muted('—'),
    ),
  );
}

/** Shows a Page: its rows, the summary line and the pager. */
export function renderRows(page) {
  const frag = document.createDocumentFragment();
  for (const svc of page.items) frag.append(row(svc));
  el.rows.replaceChildren(frag);
  renderSelection();
  if (page.items.length) {
    el.tableState.hidden = true;
    el.tableState.removeAttribute('role');
  } else {
    tableMessage('empty');
  }
  const from = page.total ? (page.index - 1) * page.max_size + 1 : 0;
  const to = (page.index - 1) * page.max_size + page.items.length;
  const filtered = hasFilters(state().view);
  el.resultSummary.dataset.total = String(page.total);
  el.resultSummary.textContent = page.total
    ? `${from.toLocaleString('en')}–${to.toLocaleString('en')} of ${plural(page.total, 'service')}${filtered ? ' matching the filters' : ''}`
    : filtered
      ? 'No services match the filters'
      : 'No services';
  renderPager();
}

/** Where the focus and the scroll positions are, to put them back after a reload. */
export function captureScrollAndFocus() {
  const active = document.activeElement;
  const tr = active?.closest?.('#rows tr');
  return {
    x: window.scrollX,
    y: window.scrollY,
    left: el.tableWrap.scrollLeft,
    detail: el.detailBody.scrollTop,
    focusId: tr ? tr.dataset.id : null,
    focusLink: tr && active.tagName === 'A',
  };
}

export function restoreScrollAndFocus(k) {
  if (k.focusId) {
    const tr = el.rows.querySelector(`tr[data-id="${CSS.escape(k.focusId)}"]`);
    const target = tr && (k.focusLink ? tr.querySelector('a') : tr.querySelector('.row-open'));
    target?.focus({ preventScroll: true });
  }
  el.tableWrap.scrollLeft = k.left;
  window.scrollTo(k.x, k.y);
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

export function initTable() {
  el.rows.addEventListener('keydown', onRowsKeydown);
}
