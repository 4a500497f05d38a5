// The dashboard's state, in one place.
//
// state() returns a frozen snapshot; nothing changes it except the setters below, each named for
// what it changes, so a reader can find every write with one search. The view (what the URL
// says: search, filters, sort, page, selection) is frozen all the way down and changes through
// updateView(), which hands the mutator a copy.
//
// What is not here, on purpose: the signed-in client (zen.js owns it), and the transient
// handles of work in flight (AbortControllers, timers, sequence numbers), which belong to the
// module that starts and cancels that work.

export const DEFAULT_SORT = 'desc:created';
export const DEFAULT_SIZE = 20;

/** The view a bare URL stands for. */
export function defaultView() {
  return {
    search: '', // the search box's text: names containing it (the server's `contains`)
    chips: [], // [{ field, op, value }]: the filter bar's conditions
    other: {}, // filter keys this page has no chip for, kept as read from a link
    logic: 'and',
    sort: DEFAULT_SORT,
    page: 1,
    size: DEFAULT_SIZE,
    project: null,
    scopeUser: null,
    // conditions no server filter exists for, applied client-side (services({ where })):
    // states (any of) and labels ('key=value' equal, 'key' present)
    where: { states: [], labels: [] },
    selected: null, // the id of the service in the detail panel
  };
}

function freezeView(v) {
  for (const c of v.chips) Object.freeze(c);
  Object.freeze(v.chips);
  for (const x of Object.values(v.other)) if (Array.isArray(x)) Object.freeze(x);
  Object.freeze(v.other);
  Object.freeze(v.where.states);
  Object.freeze(v.where.labels);
  Object.freeze(v.where);
  return Object.freeze(v);
}

function copyView(v) {
  return {
    ...v,
    chips: v.chips.map((c) => ({ ...c })),
    where: { states: [...(v.where?.states || [])], labels: [...(v.where?.labels || [])] },
    other: Object.fromEntries(
      Object.entries(v.other).map(([k, x]) => [k, Array.isArray(x) ? [...x] : x]),
    ),
  };
}

let current = Object.freeze({
  server: '', // the base URL last connected to (kept after logging out)
  info: null, // its serverInfo()
  who: '', // who is signed in, as far as we know
  view: freezeView(defaultView()),
  page: null, // the last Page listed
  listed: null, // { at, key }: when that page arrived (ms) and the query it answered
  checked: Object.freeze([]), // ids of the rows ticked for a bulk action, in the page's order
  outage: null, // while the server does not answer: { since, attempt, delay, retryAt, info }
  detail: null, // the hydrated service shown in the detail panel
  openSections: Object.freeze(['config']), // which JSON sections of the detail are expanded
  projectId: null, // the project of the listed services, for creating one
  projects: Object.freeze([]), // listProjects(): [{ id, name }] the switcher offers
  editing: null, // { service, shown } while the service dialog edits one; null when creating
});

// Values seen in listed services, offered as suggestions. They only grow, so they are kept
// outside the snapshot and read through seenValues().
const seen = {
  type: new Set(),
  flavor: new Set(),
  user: new Set(),
  name: new Set(),
  pipeline_name: new Set(),
  pipeline_step_name: new Set(),
};
const MAX_SEEN_NAMES = 500;

export function state() {
  return current;
}

function set(patch) {
  current = Object.freeze({ ...current, ...patch });
}

/** Records a successful connection (zen.js holds the client itself). */
export function setConnection({ server, info, who }) {
  set({ server, info, who });
}

/** Replaces the view (e.g. with the one read from the URL). */
export function setView(view) {
  set({ view: freezeView(copyView(view)) });
}

/** Changes the view: `mutate` gets a mutable copy. Returns the new view. */
export function updateView(mutate) {
  const v = copyView(current.view);
  mutate(v);
  set({ view: freezeView(v) });
  return current.view;
}

export function setPage(page) {
  set({ page });
}

/** Records when the page shown was listed and for which query (see list.js). */
export function setListed(listed) {
  set({ listed: listed ? Object.freeze({ ...listed }) : null });
}

/** The rows ticked for a bulk action (ids). */
export function setChecked(ids) {
  set({ checked: Object.freeze([...ids]) });
}

/** The server stopped answering (an outage record, see outage.js), or answers again (null). */
export function setOutage(outage) {
  set({ outage: outage ? Object.freeze({ ...outage }) : null });
}

export function setDetail(detail) {
  set({ detail });
}

export function setSectionOpen(key, open) {
  const others = current.openSections.filter((k) => k !== key);
  set({ openSections: Object.freeze(open ? [...others, key] : others) });
}

export function setProjects(projects) {
  set({ projects: Object.freeze(projects.map((p) => Object.freeze({ id: p.id, name: p.name }))) });
}

export function setEditing(editing) {
  set({ editing: editing ? Object.freeze({ ...editing }) : null });
}

/** Remembers the values seen in `items` (for suggestions) and the first project id seen. */
export function remember(items) {
  for (const svc of items) {
    const b = svc.body || {};
    if (b.project_id && !current.projectId) set({ projectId: b.project_id });
    if (b.service_type?.type) seen.type.add(b.service_type.type);
    if (b.service_type?.flavor) seen.flavor.add(b.service_type.flavor);
    if (svc.resources?.user?.name) seen.user.add(svc.resources.user.name);
    if (svc.name && seen.name.size < MAX_SEEN_NAMES) seen.name.add(svc.name);
  }
}

/** Sets the project id for new services, unless one is already known. */
export function rememberProject(projectId) {
  if (projectId && !current.projectId) set({ projectId });
}

/** The sorted values seen for a filter field, or null for a field that has no suggestions. */
export function seenValues(field) {
  return Object.hasOwn(seen, field) ? [...seen[field]].sort() : null;
}
