// The search box: one text over service names, sent as the server's `name=contains:` condition
// (ANDed or ORed with the filter bar's conditions like any other), 250 ms after the last
// keystroke; Enter, clearing it or leaving it at once. The view keeps it as `search` and the
// URL as `q=` (url.js); an empty box sends no condition at all.
import { navigate } from './list.js';
import { state } from './state.js';
import { el } from './ui.js';

export const SEARCH_DEBOUNCE_MS = 250;

let timer = null;
// Whether this round of typing already added a history entry: the first change of a round
// pushes one (Back undoes the search), the next keystrokes replace it.
let pushed = false;

function commit() {
  clearTimeout(timer);
  timer = null;
  const text = el.search.value.trim();
  if (text === state().view.search) return;
  navigate(
    (v) => {
      v.search = text;
    },
    { replace: pushed },
  );
  pushed = true;
}

/** Drops a change still waiting for its debounce (the view changed another way). */
export function cancelSearch() {
  clearTimeout(timer);
  timer = null;
}

export function initSearch() {
  el.search.addEventListener('input', () => {
    clearTimeout(timer);
    if (el.search.value.trim() === '') commit();
    else timer = setTimeout(commit, SEARCH_DEBOUNCE_MS);
  });
  el.search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      commit();
    }
  });
  el.search.addEventListener('focus', () => {
    pushed = false;
  });
  // Leaving the box commits what it says at once: the view is then rendered from the view, and
  // a change still waiting for its pause would be overwritten (and lost) by the box's old text.
  el.search.addEventListener('blur', () => {
    if (timer) commit();
  });
}
