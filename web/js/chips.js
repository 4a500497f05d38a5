// Shows the view's search and filters: the search box, the chips (with their ✕, which
// filterbar.js acts on), AND/OR, the expert box, the page size and the sorted column.
import { $, clear, h, setMessage } from './dom.js';
import { chipParts, chipText } from './filters.js';
import { localChips } from './localwalk.js';
import { state } from './state.js';
import { renderSortHeaders } from './table.js';
import { el } from './ui.js';
import { viewQuery } from './url.js';

/** A chip's ✕; filterbar.js acts on its data attributes. */
function removeButton(label, data, title) {
  return h(
    'button',
    { type: 'button', class: 'chip-remove', 'aria-label': label, title, ...data },
    '✕',
  );
}

/** The project switcher shows the view's project (one a link names is offered too). */
function syncProjectSwitch(v) {
  const want = v.project || '';
  if (want && ![...el.projectSwitch.options].some((o) => o.value === want)) {
    el.projectSwitch.append(h('option', { value: want, text: want }));
  }
  el.projectSwitch.value = want;
}

/** Shows the view's filters: chips, AND/OR, the expert box, the page size, the sort. */
export function renderFilters() {
  clear(el.chips);
  const v = state().view;
  v.chips.forEach((chip, i) => {
    const p = chipParts(chip);
    el.chips.append(
      h(
        'li',
        { class: 'chip' },
        h('span', { class: 'chip-field', text: p.field }),
        h('span', { class: 'chip-op', text: p.op }),
        p.value ? h('span', { class: 'chip-value', text: p.value }) : null,
        removeButton(`Remove filter: ${chipText(chip)}`, { 'data-chip': i }, 'Remove filter'),
      ),
    );
  });
  const extra = [];
  if (v.project) extra.push(['project', v.project, { 'data-drop': 'project' }]);
  if (v.scopeUser) extra.push(['only user', v.scopeUser, { 'data-drop': 'scopeUser' }]);
  for (const [k, val] of Object.entries(v.other)) {
    const text = Array.isArray(val) ? val.join(' & ') : String(val);
    extra.push([k, text, { 'data-drop': 'other', 'data-key': k }]);
  }
  for (const [label, val, data] of extra) {
    el.chips.append(
      h(
        'li',
        { class: 'chip chip-extra' },
        h('span', { class: 'chip-field', text: label }),
        h('span', { class: 'chip-value', text: val }),
        removeButton(`Remove filter: ${label} ${val}`, data),
      ),
    );
  }
  el.chips.append(...localChips(v));
  syncProjectSwitch(v);
  if (!el.chips.children.length) {
    el.chips.append(
      h('li', { class: 'chips-empty muted', text: 'No filters: showing every service.' }),
    );
  }
  $(`#logic-${v.logic}`).checked = true;
  if (document.activeElement !== el.search) el.search.value = v.search;
  const alone = !v.chips.length && !Object.keys(v.other).length;
  setMessage(
    el.searchNote,
    v.search && v.logic === 'or' && !alone
      ? `With “Match any (OR)”, the search is one more alternative: services whose name contains “${v.search}” or that match a filter.`
      : '',
  );
  // the expert box shows what is sent
  if (document.activeElement !== el.rawQuery) {
    el.rawQuery.value = viewQuery(v);
    setMessage(el.rawError, '');
  }
  const sizeText = String(v.size);
  if (![...el.pgSize.options].some((o) => o.value === sizeText)) {
    el.pgSize.append(h('option', { value: sizeText, text: sizeText }));
  }
  el.pgSize.value = sizeText;
  renderSortHeaders();
}
