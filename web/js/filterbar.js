// The filter bar's inputs: the chip builder (field · operator · value), removing a chip, AND/OR,
// and the expert query box (chips.js shows the filters). What each field offers comes from
// filters.js; whether a filter may be sent is the package's validateFilter().
import { clear, h, setMessage } from './dom.js';
import {
  chipFromBuilder,
  chipsToFilter,
  FIELD_BY_NAME,
  FIELDS,
  LIST_OPS,
  listValue,
  NO_VALUE_OPS,
  opLabel,
  opsFor,
  valueHelp,
} from './filters.js';
import { normaliseDatetimeInput } from './format.js';
import { navigate, refresh } from './list.js';
import { seenValues, state, updateView } from './state.js';
import { el } from './ui.js';
import { viewFromOptions, writeUrl } from './url.js';
import { fromQuery, validateFilter } from './zen.js';

function fillFieldSelect() {
  clear(el.fField);
  for (const f of FIELDS) el.fField.append(h('option', { value: f.name, text: f.label }));
}

function fillOpSelect() {
  const field = el.fField.value;
  const kind = FIELD_BY_NAME[field]?.kind || 'text';
  const prev = el.fOp.value;
  clear(el.fOp);
  for (const op of opsFor(field)) {
    el.fOp.append(h('option', { value: op, text: opLabel(kind, op) }));
  }
  if (opsFor(field).includes(prev)) el.fOp.value = prev;
  else {
    el.fOp.value =
      kind === 'datetime'
        ? 'gte'
        : kind === 'uuid'
          ? 'startswith'
          : field === 'name'
            ? 'contains'
            : 'equals';
  }
  updateValueInputs();
}

function updateValueInputs() {
  const field = el.fField.value;
  const op = el.fOp.value;
  const { placeholder, help } = valueHelp(field, op);
  el.fValueWrap.hidden = NO_VALUE_OPS.has(op);
  el.fValue2Wrap.hidden = op !== 'in';
  el.fValue.placeholder = placeholder;
  el.fValueLabel.textContent = op === 'in' ? 'From' : 'Value';
  el.fHelp.textContent = help;
  // suggestions from the services seen
  clear(el.fSuggest);
  const known = seenValues(field);
  if (known && !['gt', 'gte', 'lt', 'lte'].includes(op)) {
    for (const v of known.slice(0, 200)) el.fSuggest.append(h('option', { value: v }));
  }
  validateBuilder(false);
}

/** The chip the builder describes, or null when a value is still missing. */
function builderChip() {
  const field = el.fField.value;
  const op = el.fOp.value;
  const kind = FIELD_BY_NAME[field]?.kind;
  let value = el.fValue.value;
  if (NO_VALUE_OPS.has(op)) value = '';
  else if (LIST_OPS.has(op)) value = listValue(value);
  else if (op === 'in') {
    value = `${normaliseDatetimeInput(el.fValue.value)},${normaliseDatetimeInput(el.fValue2.value)}`;
  } else if (kind === 'datetime') value = normaliseDatetimeInput(value);
  else if (kind === 'uuid') value = value.trim();
  return chipFromBuilder(field, op, value);
}

/** validateFilter() of the filters with the builder's chip added; shows the error inline. */
function validateBuilder(showEmpty) {
  const chip = builderChip();
  const empty =
    !NO_VALUE_OPS.has(chip.op) &&
    el.fValue.value.trim() === '' &&
    (chip.op !== 'in' || el.fValue2.value.trim() === '');
  if (empty) {
    setMessage(el.fError, showEmpty ? 'Enter a value.' : '');
    el.fValue.removeAttribute('aria-invalid');
    return null;
  }
  const err = validateFilter({ filter: chipsToFilter([...state().view.chips, chip]) });
  setMessage(el.fError, err ? err.message : '');
  if (err) el.fValue.setAttribute('aria-invalid', 'true');
  else el.fValue.removeAttribute('aria-invalid');
  return err ? null : chip;
}

function onAddFilter(ev) {
  ev.preventDefault();
  const chip = validateBuilder(true);
  if (!chip) {
    (el.fValueWrap.hidden ? el.fOp : el.fValue).focus();
    return;
  }
  el.fValue.value = '';
  el.fValue2.value = '';
  navigate((v) => {
    v.chips.push(chip);
  });
  el.fValue.focus();
}

function removeChip(index) {
  navigate((v) => {
    v.chips.splice(index, 1);
  });
  const buttons = el.chips.querySelectorAll('.chip-remove');
  const next = buttons[Math.min(index, state().view.chips.length - 1)];
  (next || el.fField).focus();
}

/** Drops one of the filters a link can carry that have no chip of their own. */
function dropExtra(button) {
  const { drop, key } = button.dataset;
  navigate((v) => {
    if (drop === 'other') delete v.other[key];
    else v[drop] = null;
  });
}

/** The expert box's text as options, or the message saying why it cannot be used. */
function readRawQuery() {
  const text = el.rawQuery.value.trim().replace(/^\?/, '');
  let o;
  try {
    o = fromQuery(text);
  } catch (e) {
    return { error: e.message };
  }
  const err = validateFilter(o);
  return err ? { error: err.message } : { options: o };
}

function showRawError(error) {
  setMessage(el.rawError, error || '');
  if (error) el.rawQuery.setAttribute('aria-invalid', 'true');
  else el.rawQuery.removeAttribute('aria-invalid');
}

function onRawQuery(ev) {
  ev.preventDefault();
  const { options: o, error } = readRawQuery();
  showRawError(error);
  if (error) return;
  navigate((v) => {
    Object.assign(v, viewFromOptions(o));
  });
  if (o.page) {
    updateView((v) => {
      v.page = o.page;
    });
    writeUrl({ replace: true });
    refresh();
  }
  el.rawQuery.blur();
}

export function initFilterBar() {
  el.fField.addEventListener('change', fillOpSelect);
  el.fOp.addEventListener('change', updateValueInputs);
  el.fValue.addEventListener('input', () => validateBuilder(false));
  el.fValue2.addEventListener('input', () => validateBuilder(false));
  el.filterForm.addEventListener('submit', onAddFilter);
  el.chips.addEventListener('click', (ev) => {
    const button = ev.target.closest('.chip-remove');
    if (!button) return;
    if (button.dataset.chip !== undefined) removeChip(Number(button.dataset.chip));
    else dropExtra(button);
  });
  for (const r of document.querySelectorAll('input[name="logic"]')) {
    r.addEventListener('change', () =>
      navigate((v) => {
        v.logic = r.value;
      }),
    );
  }
  el.rawForm.addEventListener('submit', onRawQuery);
  el.rawQuery.addEventListener('input', () => showRawError(readRawQuery().error));
  el.rawQuery.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) {
      ev.preventDefault();
      el.rawForm.requestSubmit();
    }
  });
}

/** Fills the operator menu for the chosen field (once the package is loaded). */
/** Once the package is loaded and initFilters() has run: the menus. */
export function startFilterBar() {
  fillFieldSelect();
  fillOpSelect();
}
