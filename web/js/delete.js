// The delete dialog: a confirmation naming the service shown in the detail panel.
import { closeDetail } from './detail.js';
import { explain, reachableIgnoringCors } from './errors.js';
import { refresh } from './list.js';
import { state } from './state.js';
import { el, errorBox, notify, showDialog } from './ui.js';
import * as zen from './zen.js';

function openDeleteDialog() {
  const svc = state().detail;
  if (!svc) return;
  const short = svc.name.length > 40 ? `${svc.name.slice(0, 39)}…` : svc.name;
  el.delText.textContent = `Delete the service “${svc.name}”? This cannot be undone.`;
  el.delId.textContent = `ID ${svc.id}`;
  el.delConfirm.textContent = `Delete “${short}”`;
  el.delError.hidden = true;
  showDialog(el.deleteDialog);
  el.delCancel.focus();
}

async function onDelete(ev) {
  ev.preventDefault();
  const svc = state().detail;
  if (!svc) return;
  el.delConfirm.disabled = true;
  try {
    await zen.deleteService(svc.id);
    el.deleteDialog.close();
    notify(`Deleted service “${svc.name}”.`, 'ok');
    closeDetail({ push: true });
    refresh({ quiet: true });
    el.btnNew.focus();
  } catch (e) {
    if (e.code === 'unauthorized') {
      el.deleteDialog.close();
      return zen.sessionLost(e);
    }
    const reachable =
      e.code === 'network' ? await reachableIgnoringCors(state().server) : undefined;
    errorBox(el.delError, explain(e, { serverUrl: state().server, reachable }));
  } finally {
    el.delConfirm.disabled = false;
  }
}

export function initDelete() {
  el.detailDelete.addEventListener('click', openDeleteDialog);
  el.deleteForm.addEventListener('submit', onDelete);
  el.delCancel.addEventListener('click', () => el.deleteDialog.close());
}
