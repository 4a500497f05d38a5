// URL state: ?server=…&q=<search>&<the package's toQuery() of filters/sort/page/size>&service=<id>.
// The search is its own parameter, so that a link tells it apart from a "name contains" chip;
// what is sent to the server is one more `name=contains:` condition (listOptions).
// The view in the store and the address bar say the same thing: writeUrl() after a change,
// readUrl() at start-up and on back/forward.
import { chipsToFilter, filterToChips } from './filters.js';
import { DEFAULT_SIZE, DEFAULT_SORT, defaultView, setView, state } from './state.js';
import { el } from './ui.js';
import { fromQuery, toQuery } from './zen.js';

/** The package's list options for a view (forUrl: leave out what is the default, and the search). */
export function listOptions(v = state().view, { forUrl = false } = {}) {
  const o = {};
  const filter = { ...v.other, ...chipsToFilter(v.chips) };
  if (v.search && !forUrl) {
    const name = [filter.name ?? []].flat();
    name.push(`contains:${v.search}`);
    filter.name = name.length === 1 ? name[0] : name;
  }
  if (Object.keys(filter).length) o.filter = filter;
  if (v.logic === 'or') o.logicalOperator = 'or';
  if (!forUrl || v.sort !== DEFAULT_SORT) o.sortBy = v.sort;
  if (!forUrl || v.page !== 1) o.page = v.page;
  if (!forUrl || v.size !== DEFAULT_SIZE) o.size = v.size;
  if (v.project) o.project = v.project;
  if (v.scopeUser) o.scopeUser = v.scopeUser;
  return o;
}

/** The filter part only (no page/size), e.g. for export and stats. */
export function filterOptions(v = state().view) {
  const { page: _page, size: _size, ...rest } = listOptions(v);
  return rest;
}

/** The query string of a view's filters, sort and paging, without the search ('' when invalid). */
export function viewQuery(v = state().view) {
  try {
    return toQuery(listOptions(v, { forUrl: true }));
  } catch {
    return '';
  }
}

/** What the view asks the server, as one string (tells whether the rows shown answer it). */
export function viewKey(v = state().view) {
  try {
    return toQuery(listOptions(v)) + JSON.stringify(v.where);
  } catch {
    return '';
  }
}

/**
 * The package's `where` for the view's client-side conditions, or null when there are none:
 * states (any of), labels 'key=value' (equal) or 'key' (present).
 */
export function whereOf(v = state().view) {
  const { states, labels } = v.where;
  if (!states.length && !labels.length) return null;
  const where = {};
  if (states.length) where.state = [...states];
  if (labels.length) {
    where.labels = {};
    for (const l of labels) {
      const i = l.indexOf('=');
      if (i < 0) where.labels[l] = true;
      else where.labels[l.slice(0, i)] = l.slice(i + 1);
    }
  }
  return where;
}

function viewToSearch(v = state().view) {
  const parts = [];
  const server = state().server || el.serverUrl.value.trim();
  if (server) parts.push(`server=${encodeURIComponent(server)}`);
  if (v.search) parts.push(`q=${encodeURIComponent(v.search)}`);
  const q = viewQuery(v);
  if (q) parts.push(q.replace(/^\?/, ''));
  for (const st of v.where.states) parts.push(`state=${encodeURIComponent(st)}`);
  for (const l of v.where.labels) parts.push(`label=${encodeURIComponent(l)}`);
  if (v.selected) parts.push(`service=${encodeURIComponent(v.selected)}`);
  return parts.length ? `?${parts.join('&')}` : location.pathname;
}

/** Puts the view in the address bar: a new history entry, or `replace` the current one. */
export function writeUrl({ replace = false } = {}) {
  const search = viewToSearch();
  const target = search.startsWith('?') ? search : location.pathname;
  if (target === location.search || (target === location.pathname && !location.search)) return;
  if (replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
}

/**
 * The view parts that fromQuery() options stand for (filters, logic, sort, size, project,
 * user scope); page and selection are the caller's.
 */
export function viewFromOptions(o) {
  const { chips, other } = filterToChips(o.filter);
  return {
    chips,
    other,
    logic: o.logicalOperator === 'or' ? 'or' : 'and',
    sort: o.sortBy ? normaliseSort(o.sortBy) : DEFAULT_SORT,
    size: o.size || DEFAULT_SIZE,
    project: o.project || null,
    scopeUser: o.scopeUser || null,
  };
}

/** Sets the view from location.search. Returns an error message when the query is invalid. */
export function readUrl() {
  const params = new URLSearchParams(location.search);
  const v = defaultView();
  v.selected = params.get('service') || null;
  v.search = (params.get('q') || '').trim();
  // the client-side conditions (local.js): no server parameter, so never sent as one
  v.where = {
    states: [...new Set(params.getAll('state').filter(Boolean))],
    labels: [...new Set(params.getAll('label').filter(Boolean))],
  };
  params.delete('server');
  params.delete('service');
  params.delete('q');
  params.delete('state');
  params.delete('label');
  const rest = params.toString();
  if (!rest) {
    setView(v);
    return null;
  }
  let o;
  try {
    o = fromQuery(rest);
  } catch (e) {
    setView(v);
    return `The link's filter could not be read: ${e.message}`;
  }
  Object.assign(v, viewFromOptions(o));
  v.page = Number.isInteger(o.page) && o.page > 0 ? o.page : 1;
  v.size = Number.isInteger(o.size) && o.size > 0 ? o.size : DEFAULT_SIZE;
  setView(v);
  return null;
}

function normaliseSort(sortBy) {
  const s = String(sortBy);
  return s.startsWith('asc:') ? s.slice(4) : s;
}

/** 'desc:created' → { field: 'created', dir: 'desc' } */
export function parseSort(sortBy) {
  const s = normaliseSort(sortBy);
  return s.startsWith('desc:') ? { field: s.slice(5), dir: 'desc' } : { field: s, dir: 'asc' };
}
