// The state and label conditions' own controls: their form, removing their chips, the walk's
// Cancel button, and the state chart's legend, a click on which filters by that state
// (localwalk.js walks and shows the progress).
import { clear, h } from './dom.js';
import { stateInfo } from './format.js';
import { navigate } from './list.js';
import { cancelWalk } from './localwalk.js';
import { state } from './state.js';
import { el } from './ui.js';
import * as zen from './zen.js';

function addState(st) {
  if (!st || state().view.where.states.includes(st)) return;
  navigate((v) => {
    v.where.states.push(st);
  });
}

export function initLocal() {
  const schema = zen.filterSchema().localFields;
  const states = schema.find((f) => f.name === 'state')?.values ?? [];
  clear(el.lwState);
  el.lwState.append(h('option', { value: '', text: 'Choose a state…' }));
  for (const st of states) el.lwState.append(h('option', { value: st, text: stateInfo(st).label }));
  el.lwStateAdd.addEventListener('click', () => {
    addState(el.lwState.value);
    el.lwState.value = '';
  });
  el.localForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = el.lwLabel.value.trim();
    const key = text.split('=')[0].trim();
    if (!key) {
      el.lwError.hidden = false;
      el.lwError.textContent = 'Enter a label as key=value, or a key alone for any value.';
      return;
    }
    el.lwError.hidden = true;
    const i = text.indexOf('=');
    const label = i < 0 ? key : `${key}=${text.slice(i + 1).trim()}`;
    el.lwLabel.value = '';
    if (state().view.where.labels.includes(label)) return;
    navigate((v) => {
      v.where.labels.push(label);
    });
  });
  el.chips.addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-local-state], button[data-local-label]');
    if (!b) return;
    const { localState, localLabel } = b.dataset;
    navigate((v) => {
      if (localState) v.where.states = v.where.states.filter((x) => x !== localState);
      if (localLabel) v.where.labels = v.where.labels.filter((x) => x !== localLabel);
    });
  });
  el.lwCancel.addEventListener('click', cancelWalk);
  // The chart's legend: a state filters by it (again: that state alone), client-side.
  el.stateChart.addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-state]');
    if (!b) return;
    const st = b.dataset.state;
    navigate((v) => {
      const only = v.where.states.length === 1 && v.where.states[0] === st;
      v.where.states = only ? [] : [st];
    });
  });
}
