// Bulk actions on the ticked rows (select.js): delete them, or set their admin state. One
// confirmation names every service; then each one's request runs (a few at a time) and its
// row in the dialog says how it went, and the summary says exactly which succeeded and which
// failed, and why. The ones that failed stay ticked, so trying again is one click.
import { closeDetail } from './detail.js';
import { clear, h } from './dom.js';
import { explain } from './errors.js';
import { plural, STATES } from './format.js';
import { refresh } from './list.js';
import { checkedServices, renderSelection } from './select.js';
import { setChecked, state } from './state.js';
import { el, notify, showDialog } from './ui.js';
import * as zen from './zen.js';

const AT_ONCE = 4; // requests in flight at a time

let plan = null; // { action: 'delete' | 'admin', admin, services }
let running = false;

function nameOf(svc) {
  return svc.name === '' ? '(no name)' : svc.name;
}

function quoted(services) {
  return services.map((s) => `“${nameOf(s)}”`).join(', ');
}

function openBulkDialog(action, admin) {
  const services = checkedServices();
  if (!services.length) return;
  plan = { action, admin, services };
  const n = plural(services.length, 'service');
  el.bulkTitle.textContent =
    action === 'delete' ? `Delete ${n}?` : `Set the admin state of ${n} to “${admin}”?`;
  el.bulkText.textContent =
    action === 'delete'
      ? `These ${n} will be deleted. This cannot be undone.`
      : `These ${n} get the admin state “${admin}”.`;
  clear(el.bulkList);
  for (const svc of services) {
    el.bulkList.append(
      h(
        'li',
        { 'data-id': svc.id },
        h('span', { class: 'bulk-name', text: nameOf(svc) }),
        h('code', { class: 'bulk-id muted small', text: svc.id }),
        h('span', {
          class: 'bulk-outcome muted small',
          text:
            action === 'admin' ? `admin state now: ${svc.metadata?.admin_state ?? 'not set'}` : '',
        }),
      ),
    );
  }
  el.bulkSummary.hidden = true;
  clear(el.bulkSummary);
  el.bulkConfirm.hidden = false;
  el.bulkConfirm.disabled = false;
  el.bulkConfirm.className = action === 'delete' ? 'btn btn-danger' : 'btn btn-primary';
  el.bulkConfirm.textContent = action === 'delete' ? `Delete ${n}` : `Set ${n} to “${admin}”`;
  el.bulkCancel.textContent = 'Cancel';
  el.bulkCancel.disabled = false;
  showDialog(el.bulkDialog);
  el.bulkCancel.focus();
}

function showOutcome(id, ok, text) {
  const li = el.bulkList.querySelector(`li[data-id="${CSS.escape(id)}"]`);
  if (!li) return;
  li.dataset.outcome = ok === null ? 'pending' : ok ? 'ok' : 'failed';
  const out = li.querySelector('.bulk-outcome');
  out.className = `bulk-outcome small${ok === false ? ' inline-error' : ''}`;
  out.textContent = text;
}

/** Runs `work` on every service, AT_ONCE at a time; resolves to [{ svc, error }]. */
async function runAll(services, work) {
  const results = [];
  let next = 0;
  let lost = null; // a 401: the session ended, nothing more is sent
  async function worker() {
    while (next < services.length && !lost) {
      const svc = services[next++];
      showOutcome(svc.id, null, 'Working…');
      try {
        await work(svc);
        results.push({ svc, error: null });
      } catch (e) {
        if (e.code === 'unauthorized') lost = e;
        results.push({ svc, error: e });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, services.length) }, worker));
  return { results, lost };
}

function reason(e) {
  const x = explain(e, { serverUrl: state().server });
  return x.detail ? `${x.title}: ${x.detail}` : x.title;
}

async function onConfirm(ev) {
  ev.preventDefault();
  if (running || !plan) return;
  running = true;
  const { action, admin, services } = plan;
  el.bulkConfirm.disabled = true;
  el.bulkCancel.disabled = true;
  const done = action === 'delete' ? 'Deleted' : `Admin state set to “${admin}”`;
  const { results, lost } = await runAll(services, (svc) =>
    action === 'delete'
      ? zen.deleteService(svc.id)
      : zen.updateService(svc.id, { admin_state: admin }),
  );
  running = false;
  const ok = services.filter((s) => results.some((r) => r.svc === s && !r.error));
  const failed = results.filter((r) => r.error);
  const skipped = services.filter((s) => !results.some((r) => r.svc === s));
  for (const s of ok) showOutcome(s.id, true, done);
  for (const r of failed) showOutcome(r.svc.id, false, `Failed: ${reason(r.error)}`);
  for (const s of skipped) showOutcome(s.id, false, 'Not attempted: the session ended.');
  if (lost) {
    el.bulkDialog.close();
    return zen.sessionLost(lost);
  }
  summarise(action, admin, ok, failed);
  el.bulkConfirm.hidden = true;
  el.bulkCancel.disabled = false;
  el.bulkCancel.textContent = 'Close';
  el.bulkCancel.focus();
  // The ones that failed stay ticked; the others are done with.
  setChecked(failed.map((r) => r.svc.id));
  renderSelection();
  if (action === 'delete' && ok.some((s) => s.id === state().view.selected)) {
    closeDetail({ push: true });
  }
  refresh({ quiet: true });
}

function summarise(action, admin, ok, failed) {
  const total = ok.length + failed.length;
  const verb = action === 'delete' ? 'Deleted' : `Set the admin state to “${admin}” on`;
  let text;
  if (!failed.length) {
    text = `${verb} ${total === 1 ? 'the service' : `all ${plural(total, 'service')}`}: ${quoted(ok)}.`;
  } else if (!ok.length) {
    text = `Nothing changed: ${total === 1 ? 'the request' : `all ${total} requests`} failed.`;
  } else {
    text = `${verb} ${ok.length} of ${plural(total, 'service')}: ${quoted(ok)}. ${failed.length} failed: ${failed
      .map((r) => `“${nameOf(r.svc)}” (${reason(r.error)})`)
      .join('; ')}.`;
  }
  clear(el.bulkSummary).append(
    h('p', { class: failed.length ? 'error-title' : 'bulk-ok', text }),
    failed.length
      ? h('p', { class: 'error-hint', text: 'The ones that failed stay selected.' })
      : null,
  );
  el.bulkSummary.className = failed.length ? 'bulk-summary error-box' : 'bulk-summary';
  el.bulkSummary.setAttribute('role', failed.length ? 'alert' : 'status');
  el.bulkSummary.hidden = false;
  notify(
    failed.length
      ? `${verb} ${ok.length} of ${plural(total, 'service')}; ${failed.length} failed.`
      : `${verb} ${plural(total, 'service')}.`,
    failed.length ? 'warn' : 'ok',
  );
}

export function initBulk() {
  clear(el.bulkAdmin).append(h('option', { value: '', text: 'Choose…' }));
  for (const s of STATES) el.bulkAdmin.append(h('option', { value: s, text: s }));
  el.bulkDelete.addEventListener('click', () => openBulkDialog('delete'));
  el.bulkAdmin.addEventListener('change', () => {
    const admin = el.bulkAdmin.value;
    el.bulkAdmin.value = '';
    if (admin) openBulkDialog('admin', admin);
  });
  el.bulkForm.addEventListener('submit', onConfirm);
  el.bulkCancel.addEventListener('click', () => el.bulkDialog.close());
  // While the requests run, the dialog stays (Escape would hide the outcome).
  el.bulkDialog.addEventListener('cancel', (ev) => {
    if (running) ev.preventDefault();
  });
}
