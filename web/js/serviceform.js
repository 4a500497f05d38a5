// The service dialog: create a service, or edit one (sending only what changed; emptied
// labels, status or endpoint are cleared with clearServiceFields).
import { openDetail, renderDetail } from './detail.js';
import { clear, h, httpUrl } from './dom.js';
import { explain, reachableIgnoringCors } from './errors.js';
import { plural, prettyJson, STATES, stateInfo } from './format.js';
import { refresh } from './list.js';
import { rememberProject, setDetail, setEditing, state } from './state.js';
import { clearFieldErrors, el, errorBox, notify, showDialog, showFieldErrors } from './ui.js';
import * as zen from './zen.js';

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const NO_ENDPOINT = 'Empty: no endpoint.';

function fillStateSelects() {
  clear(el.svcState).append(h('option', { value: '', text: '(no status)' }));
  for (const s of STATES) {
    el.svcState.append(h('option', { value: s, text: `${stateInfo(s).label} (${s})` }));
  }
  clear(el.svcAdmin).append(h('option', { value: '', text: '(not set)' }));
  for (const s of STATES) el.svcAdmin.append(h('option', { value: s, text: s }));
}

function labelRow(k = '', v = '') {
  const li = h('li', { class: 'label-row' });
  const n = el.svcLabels.children.length + 1;
  const input = (cls, label, placeholder) =>
    h('input', {
      class: cls,
      'aria-label': label,
      placeholder,
      spellcheck: 'false',
      autocomplete: 'off',
    });
  const key = input('lk', `Label ${n} key`, 'key');
  const val = input('lv', `Label ${n} value`, 'value');
  key.value = k;
  val.value = v;
  const rm = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-icon btn-quiet',
      'aria-label': `Remove label ${n}`,
      title: 'Remove label',
    },
    '✕',
  );
  rm.addEventListener('click', () => {
    const next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    (next?.querySelector('input') || el.svcLabelAdd).focus();
  });
  li.append(key, h('span', { class: 'eq', 'aria-hidden': 'true', text: '=' }), val, rm);
  return li;
}

/** The labels, and { field, message } for each row that cannot be sent. */
function readLabels() {
  const out = {};
  const problems = [];
  for (const li of el.svcLabels.children) {
    const key = li.querySelector('.lk');
    const k = key.value.trim();
    const v = li.querySelector('.lv').value;
    if (!k && !v) continue;
    if (!k) problems.push({ field: key, message: 'A label with a value needs a key.' });
    else if (Object.hasOwn(out, k))
      problems.push({ field: key, message: `Label key "${k}" is used twice.` });
    else out[k] = v;
  }
  return { labels: out, problems };
}

/** Live JSON check of a textarea: { ok, value, message } */
function checkJsonObject(textarea, msgEl, { allowEmpty }) {
  const text = textarea.value.trim();
  let result;
  if (!text) {
    result = allowEmpty
      ? { ok: true, value: null, message: allowEmpty }
      : {
          ok: false,
          value: null,
          message: 'Required: a JSON object, e.g. {"model": "churn-v3"}.',
        };
  } else {
    try {
      const v = JSON.parse(text);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        result = { ok: false, value: null, message: 'Must be a JSON object ({ … }).' };
      } else {
        const keys = plural(Object.keys(v).length, 'key');
        result = { ok: true, value: v, message: `✓ Valid JSON object with ${keys}.` };
      }
    } catch (e) {
      result = { ok: false, value: null, message: `Invalid JSON: ${e.message}` };
    }
  }
  msgEl.textContent = result.message;
  msgEl.classList.toggle('bad', !result.ok);
  if (result.ok) textarea.removeAttribute('aria-invalid');
  else textarea.setAttribute('aria-invalid', 'true');
  return result;
}

const checkConfig = () => checkJsonObject(el.svcConfig, el.svcConfigMsg, { allowEmpty: false });
const checkEndpoint = () =>
  checkJsonObject(el.svcEndpoint, el.svcEndpointMsg, { allowEmpty: NO_ENDPOINT });

/** Opens the dialog to edit `svc`, or to create a service when `svc` is null. */
export function openServiceDialog(svc) {
  const editing = !!svc;
  const { projectId } = state();
  el.svcTitle.textContent = editing ? `Edit “${svc.name}”` : 'New service';
  el.svcSubmit.textContent = editing ? 'Save changes' : 'Create service';
  for (const n of el.serviceForm.querySelectorAll('[data-create-only]')) n.hidden = editing;
  for (const n of el.serviceForm.querySelectorAll('[data-edit-only]')) n.hidden = !editing;
  el.svcError.hidden = true;
  clearFieldErrors(el.serviceForm);
  clear(el.svcLabels);
  const b = svc?.body || {};
  const m = svc?.metadata || {};
  el.svcName.value = svc?.name ?? '';
  el.svcType.value = '';
  el.svcFlavor.value = '';
  const chosen = state().view.project; // the project switcher's
  el.svcProject.value = chosen || projectId || 'default';
  el.svcProjectHelp.textContent = chosen
    ? 'The project chosen in the toolbar.'
    : projectId
      ? 'The project of the listed services.'
      : 'No service listed yet: the project is looked up by name on the server.';
  el.svcState.value = b.state && STATES.includes(b.state) ? b.state : '';
  el.svcAdmin.value = m.admin_state && STATES.includes(m.admin_state) ? m.admin_state : '';
  // ZenML cannot unset admin_state: offer "(not set)" only when it is not set.
  el.svcAdmin.options[0].disabled = editing && m.admin_state != null;
  el.svcPred.value = m.prediction_url ?? '';
  el.svcHealth.value = m.health_check_url ?? '';
  for (const [k, v] of Object.entries(b.labels || {})) el.svcLabels.append(labelRow(k, v));
  if (editing) {
    el.svcConfig.value = prettyJson(m.config ?? {});
    el.svcConfig.readOnly = true;
    el.svcConfigLabel.textContent = 'Config (fixed at creation)';
    el.svcConfigMsg.textContent = "ZenML does not change a service's config after creation.";
    el.svcConfigMsg.classList.remove('bad');
    el.svcEndpoint.value = m.endpoint ? prettyJson(m.endpoint) : '';
    checkEndpoint();
  } else {
    el.svcConfig.readOnly = false;
    el.svcConfig.value = '{\n  "model_name": "",\n  "replicas": 1\n}';
    el.svcConfigLabel.textContent = 'Config (JSON object, unique on the server)';
    checkConfig();
  }
  // What the form reads back when a field is left alone. Inputs drop line breaks and the form
  // trims, so an edit compares with this, not with the service: a field the user did not touch
  // is never sent, even when its value cannot survive a text input unchanged.
  setEditing(
    editing
      ? {
          service: svc,
          shown: {
            name: el.svcName.value.trim(),
            pred: el.svcPred.value.trim(),
            health: el.svcHealth.value.trim(),
            labels: readLabels().labels,
          },
        }
      : null,
  );
  showDialog(el.serviceDialog);
  el.svcName.focus();
  el.svcName.select();
}

function closeServiceDialog() {
  if (el.serviceDialog.open) el.serviceDialog.close();
}

function sameJson(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function sameLabels(a, b) {
  const ka = Object.keys(a || {}).sort();
  const kb = Object.keys(b || {}).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** { field, message } when the URL field holds something other than an http(s) URL. */
function urlProblem(field, label) {
  const value = field.value.trim();
  if (value === '' || httpUrl(value)) return null;
  return { field, message: `${label} must be an http(s) URL, e.g. https://host/predict.` };
}

/** What the form says, common to creating and editing; `problems` are { field, message }. */
function readForm() {
  const problems = [];
  const name = el.svcName.value.trim();
  if (!name) problems.push({ field: el.svcName, message: 'Enter a name.' });
  const { labels, problems: labelProblems } = readLabels();
  problems.push(...labelProblems);
  return {
    problems,
    name,
    labels,
    pred: el.svcPred.value.trim(),
    health: el.svcHealth.value.trim(),
    st: el.svcState.value,
    admin: el.svcAdmin.value,
  };
}

async function createFromForm() {
  const { problems, name, labels, pred, health, st, admin } = readForm();
  const type = el.svcType.value.trim();
  const flavor = el.svcFlavor.value.trim();
  if (!type) problems.push({ field: el.svcType, message: 'Enter the service type.' });
  if (!flavor) problems.push({ field: el.svcFlavor, message: 'Enter the flavor.' });
  const cfg = checkConfig();
  if (!cfg.ok) problems.push({ field: el.svcConfig, message: null }); // its hint says why
  for (const p of [
    urlProblem(el.svcPred, 'The prediction URL'),
    urlProblem(el.svcHealth, 'The health check URL'),
  ]) {
    if (p) problems.push(p);
  }
  const project = el.svcProject.value.trim();
  if (!project)
    problems.push({ field: el.svcProject, message: 'Enter the project (UUID or name).' });
  if (problems.length) return showFieldErrors(el.serviceForm, problems);
  const req = { project: '', name, service_type: { type, flavor }, config: cfg.value };
  if (admin) req.admin_state = admin;
  if (Object.keys(labels).length) req.labels = labels;
  if (st) req.status = { state: st };
  if (pred) req.prediction_url = pred;
  if (health) req.health_check_url = health;
  await submitting(async () => {
    // ZenML wants the project's UUID in the body: look a name up first.
    req.project = UUID_RE.test(project) ? project : (await zen.getProject(project)).id;
    const created = await zen.createService(req);
    closeServiceDialog();
    notify(`Created service “${created.name}”.`, 'ok');
    rememberProject(created.body?.project_id);
    openDetail(created.id);
    refresh({ quiet: true });
  });
}

// Edit: send only what changed; clearing is explicit (clearServiceFields).
async function updateFromForm({ service: editing, shown }) {
  const { problems, name, labels, pred, health, st, admin } = readForm();
  const b = editing.body || {};
  const m = editing.metadata || {};
  const update = {};
  const clearFields = [];
  if (name !== shown.name) update.name = name;
  if (admin && admin !== m.admin_state) update.admin_state = admin;
  if (st !== (b.state ?? '')) {
    if (st) update.status = { ...(m.status || {}), state: st };
    else {
      const rest = { ...(m.status || {}) };
      delete rest.state;
      if (Object.keys(rest).length) update.status = rest;
      else clearFields.push('status');
    }
  }
  if (!sameLabels(labels, shown.labels)) {
    if (Object.keys(labels).length) update.labels = labels;
    else clearFields.push('labels');
  }
  if (pred !== shown.pred) {
    const p = urlProblem(el.svcPred, 'The prediction URL');
    if (p) problems.push(p);
    update.prediction_url = pred;
  }
  if (health !== shown.health) {
    const p = urlProblem(el.svcHealth, 'The health check URL');
    if (p) problems.push(p);
    update.health_check_url = health;
  }
  const ep = checkEndpoint();
  if (!ep.ok)
    problems.push({ field: el.svcEndpoint, message: null }); // its hint says why
  else if (!sameJson(ep.value, m.endpoint)) {
    if (ep.value === null || !Object.keys(ep.value).length) clearFields.push('endpoint');
    else update.endpoint = ep.value;
  }
  if (problems.length) return showFieldErrors(el.serviceForm, problems);
  const changed = [...Object.keys(update), ...clearFields.map((f) => `${f} (cleared)`)];
  if (!changed.length) {
    closeServiceDialog();
    notify('Nothing changed.');
    return;
  }
  await submitting(async () => {
    let svc = editing;
    if (Object.keys(update).length) svc = await zen.updateService(editing.id, update);
    if (clearFields.length) svc = await zen.clearServiceFields(editing.id, clearFields);
    closeServiceDialog();
    setDetail(svc);
    if (state().view.selected === svc.id) renderDetail(svc);
    notify(`Saved “${svc.name}”: ${changed.join(', ')}.`, 'ok');
    refresh({ quiet: true });
  });
}

function onServiceSubmit(ev) {
  ev.preventDefault();
  el.svcError.hidden = true;
  clearFieldErrors(el.serviceForm);
  const { editing } = state();
  return editing ? updateFromForm(editing) : createFromForm();
}

async function submitting(fn) {
  el.svcSubmit.disabled = true;
  try {
    await fn();
  } catch (e) {
    if (e.code === 'unauthorized') {
      closeServiceDialog();
      return zen.sessionLost(e);
    }
    const reachable =
      e.code === 'network' ? await reachableIgnoringCors(state().server) : undefined;
    errorBox(el.svcError, explain(e, { serverUrl: state().server, reachable }));
    el.svcError.scrollIntoView({ block: 'nearest' });
  } finally {
    el.svcSubmit.disabled = false;
  }
}

export function initServiceForm() {
  fillStateSelects();
  el.btnNew.addEventListener('click', () => openServiceDialog(null));
  el.detailEdit.addEventListener('click', () => {
    const svc = state().detail;
    if (svc) openServiceDialog(svc);
  });
  // The empty table's "Create a service" button (table.js renders it).
  el.tableState.addEventListener('click', (ev) => {
    if (ev.target.closest('[data-action="create-service"]')) openServiceDialog(null);
  });
  el.serviceForm.addEventListener('submit', onServiceSubmit);
  el.svcCancel.addEventListener('click', closeServiceDialog);
  el.svcLabelAdd.addEventListener('click', () => {
    const r = labelRow();
    el.svcLabels.append(r);
    r.querySelector('input').focus();
  });
  el.svcConfig.addEventListener('input', () => {
    if (!el.svcConfig.readOnly) checkConfig();
  });
  el.svcEndpoint.addEventListener('input', checkEndpoint);
}
