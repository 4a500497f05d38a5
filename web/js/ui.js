// The page's elements by id, notices, error boxes and the modal dialogs' focus handling.
import { $, clear, h } from './dom.js';

// Every id the page's code looks up; grab() throws if index.html lacks one.
const IDS = `
  conn-summary toolbar btn-refresh auto-refresh btn-export btn-new btn-logout notices main boot
  connect connect-form server-url server-probe username password api-key token remember
  connect-error btn-connect dashboard chips filter-form f-field f-op f-value f-value-label
  f-suggest f-value-wrap f-value2-wrap f-value2 f-add f-help f-error raw-details raw-form
  raw-query raw-error result-summary chart-note state-chart table-wrap services rows table-state
  pg-first pg-prev pg-label pg-next pg-last pg-size detail detail-title detail-close detail-copy
  detail-edit detail-delete detail-body service-dialog service-form svc-title svc-name
  svc-project svc-project-help svc-type svc-flavor svc-state svc-admin svc-pred svc-health
  svc-labels svc-label-add svc-config svc-config-label svc-config-msg svc-endpoint
  svc-endpoint-msg svc-error svc-cancel svc-submit dl-type dl-flavor delete-dialog delete-form
  del-text del-id del-error del-cancel del-confirm export-dialog export-form exp-scope
  exp-progress-wrap exp-progress exp-status exp-error exp-close exp-cancel exp-start
  outage search search-note filters-toggle filters-body select-page bulk-bar
  bulk-count bulk-delete bulk-admin bulk-clear bulk-dialog bulk-form bulk-title bulk-text
  bulk-list bulk-summary bulk-cancel bulk-confirm release-note local-form lw-state lw-state-add
  lw-label lw-error local-progress lw-progress lw-status lw-cancel project-switch
`
  .trim()
  .split(/\s+/);

/** The page's elements, by camel-cased id (`btn-refresh` is `el.btnRefresh`); see grab(). */
export const el = {};

/** Fills `el`. */
export function grab() {
  for (const id of IDS) el[id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())] = $(`#${id}`);
}

// ---------------------------------------------------------------------------------------------
// Notices (aria-live)

export function notify(text, kind = 'info', ms = 5000) {
  const n = h(
    'div',
    { class: `notice notice-${kind}` },
    h('span', { text }),
    h(
      'button',
      {
        type: 'button',
        class: 'notice-close',
        'aria-label': 'Dismiss',
        on: { click: () => n.remove() },
      },
      '✕',
    ),
  );
  el.notices.append(n);
  while (el.notices.children.length > 3) el.notices.firstElementChild.remove();
  if (ms) setTimeout(() => n.remove(), ms);
}

/** An error box: title, the server's words, what to try. */
export function errorBox(target, info, { retry } = {}) {
  clear(target);
  target.append(h('p', { class: 'error-title', text: info.title }));
  if (info.detail) target.append(h('p', { class: 'error-detail', text: info.detail }));
  if (info.hint) target.append(h('p', { class: 'error-hint', text: info.hint }));
  if (retry) {
    target.append(
      h('button', { type: 'button', class: 'btn btn-small', on: { click: retry } }, 'Try again'),
    );
  }
  target.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Form errors, each at its field

/**
 * Shows each problem ({ field, message }) at its field, in the page's order, and focuses the
 * first: the message goes under the field (its `.field`, or a label row), the control gets
 * aria-invalid and is described by it. `message` null marks a field whose own hint already says
 * what is wrong (the JSON editors). Editing a field clears its message.
 */
export function showFieldErrors(form, problems) {
  clearFieldErrors(form);
  const sorted = [...problems].sort((a, b) =>
    a.field.compareDocumentPosition(b.field) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
  for (const { field, message } of sorted) {
    if (!message) continue;
    const id = `${field.id || `f${Math.random().toString(36).slice(2)}`}-error`;
    const p = h('p', { class: 'field-error', id, text: message });
    (field.closest('.label-row') || field.closest('.field') || field.parentElement).append(p);
    field.setAttribute('aria-invalid', 'true');
    field.dataset.fieldError = id;
    field.setAttribute(
      'aria-describedby',
      [field.getAttribute('aria-describedby'), id].filter(Boolean).join(' '),
    );
    field.addEventListener('input', () => clearFieldError(field), { once: true });
  }
  sorted[0]?.field.focus();
}

function clearFieldError(field) {
  const id = field.dataset.fieldError;
  if (!id) return;
  document.getElementById(id)?.remove();
  delete field.dataset.fieldError;
  field.removeAttribute('aria-invalid');
  const rest = (field.getAttribute('aria-describedby') || '')
    .split(/\s+/)
    .filter((t) => t && t !== id);
  if (rest.length) field.setAttribute('aria-describedby', rest.join(' '));
  else field.removeAttribute('aria-describedby');
}

/** Removes every message showFieldErrors() put in `form`. */
export function clearFieldErrors(form) {
  for (const f of form.querySelectorAll('[data-field-error]')) clearFieldError(f);
}

// ---------------------------------------------------------------------------------------------
// Modal dialogs: focus goes back where it was when one closes

let returnFocus = null;

/** Opens a modal dialog, remembering the focused element to return to. */
export function showDialog(dialog) {
  returnFocus = document.activeElement;
  dialog.showModal();
}

export function anyDialogOpen() {
  return (
    el.serviceDialog.open || el.deleteDialog.open || el.exportDialog.open || el.bulkDialog.open
  );
}

/** Makes every dialog return focus where it was when it closes. */
export function wireDialogs() {
  for (const d of [el.serviceDialog, el.deleteDialog, el.exportDialog, el.bulkDialog]) {
    d.addEventListener('close', () => {
      const f = returnFocus;
      returnFocus = null;
      if (f?.isConnected && !f.closest('dialog')) f.focus();
    });
  }
}
