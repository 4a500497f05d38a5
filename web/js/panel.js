// The filter panel folds away: its toggle shows or hides the chip builder and the expert box
// (the search, the chips and AND/OR stay in the panel's head), and the choice is remembered in
// localStorage, so a laptop screen keeps the room for rows.
import { el } from './ui.js';

const FOLD_KEY = 'zenml-services-dashboard.filters';

function remembered() {
  try {
    return localStorage.getItem(FOLD_KEY);
  } catch {
    return null; // disabled storage
  }
}

function showPanel(open) {
  el.filtersBody.hidden = !open;
  el.filtersToggle.setAttribute('aria-expanded', String(open));
  el.filtersToggle.title = open ? 'Hide the filter builder' : 'Show the filter builder';
}

function toggle() {
  const open = el.filtersBody.hidden;
  showPanel(open);
  try {
    localStorage.setItem(FOLD_KEY, open ? 'open' : 'collapsed');
  } catch {
    /* storage may be disabled */
  }
}

export function initPanel() {
  showPanel(remembered() !== 'collapsed');
  el.filtersToggle.addEventListener('click', toggle);
}
