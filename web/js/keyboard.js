// Page-wide keys: `/` focuses the search box, `n` opens "new service", `r` reloads, Escape closes
// the detail panel. (Row keys are table.js's; dialogs close on Escape by themselves.)
import { closeDetail } from './detail.js';
import { refresh } from './list.js';
import { openServiceDialog } from './serviceform.js';
import { anyDialogOpen, el } from './ui.js';
import * as zen from './zen.js';

function onKeydown(ev) {
  const typing = ev.target.closest?.('input, textarea, select, [contenteditable]');
  if (ev.key === 'Escape' && !anyDialogOpen() && !el.detail.hidden && !typing) {
    ev.preventDefault();
    closeDetail();
    return;
  }
  if (typing || ev.ctrlKey || ev.metaKey || ev.altKey || anyDialogOpen() || !zen.connected()) {
    return;
  }
  if (ev.key === '/') {
    ev.preventDefault();
    el.search.focus();
    el.search.select();
  } else if (ev.key === 'n') {
    ev.preventDefault();
    openServiceDialog(null);
  } else if (ev.key === 'r') {
    ev.preventDefault();
    refresh({ again: true });
  }
}

export function initKeyboard() {
  document.addEventListener('keydown', onKeydown);
}
