// The one door into the zenml-services-wasm package: no other file of the dashboard imports it
// or calls a method of a client. The dashboard uses only the package's public API.
//
// `../../dist/index.js` resolves to `/dist/index.js` both when scripts/serve-web.mjs serves web/
// at `/` (URL resolution stops at the root) and when a static server serves the repository
// root and the page is opened as `/web/`. See web/README.md.
import * as pkg from '../../dist/index.js';

const { createClient, ready } = pkg;

// The signed-in client, while there is one.
let session = null;

// The package's pure functions (module-level: no client), for the rest of the dashboard, which
// imports them from this file, never from dist/. They need the .wasm loaded: load() first.
// While signed in they follow the rules of the server's release (before: the newest known).

/** `{ serverVersion }` of the session's server once its release is known, else undefined. */
function release() {
  const v = session?.serverVersion;
  return v ? { serverVersion: v } : undefined;
}

/** The server's release (`0.90.0`) while signed in and known, else null. */
export function serverVersion() {
  return session?.serverVersion ?? null;
}

/** The filter fields, operators and sorts: of the session's release, or as given. */
export function filterSchema(options = release()) {
  return pkg.filterSchema(options);
}
export function validateFilter(options) {
  return pkg.validateFilter(options, release());
}
export function toQuery(options) {
  return pkg.toQuery(options, release());
}
export function fromQuery(query) {
  return pkg.fromQuery(query, release());
}
/** Filter, sort and page services held in memory, with the server's semantics. */
export function matchServices(services, options) {
  return pkg.matchServices(services, options, release());
}

/** Loads the package (the .wasm): the page can do nothing before this resolves. */
export async function load() {
  await ready();
}

/** The last page there is, when `err` is the server refusing a page past the end; else null. */
export function pageOutOfRange(err) {
  return err?.reason === 'page_out_of_range' ? Math.max(1, err.maxPage || 1) : null;
}

// ---------------------------------------------------------------------------------------------
// Before signing in

/** Who answers at `url` (serverInfo()), with a throwaway client. */
export async function probe(url, { signal } = {}) {
  let c;
  try {
    c = await createClient({ baseUrl: url, timeoutMs: 5000, retries: 0 });
    return await c.serverInfo({ signal });
  } finally {
    c?.close();
  }
}

/**
 * A client for `url`, not yet adopted. The calls below that take it (serverInfoOf, signIn,
 * checkAccess) are the steps of connecting; adopt() makes it the session, discard() drops it.
 */
export function open(url, { token, csrfToken } = {}) {
  return createClient({
    baseUrl: url,
    timeoutMs: 20000,
    retries: 1,
    ...(token !== undefined ? { token, csrfToken } : {}),
  });
}

export function serverInfoOf(client) {
  return client.serverInfo();
}

/** Logs in with a username and password or an API key; resolves to the token info. */
export function signIn(client, credentials) {
  return client.login(credentials);
}

/** Proves that a token (or no auth) is accepted, with the cheapest listing there is. */
export function checkAccess(client) {
  return client.listServices({ size: 1 });
}

export function tokenOf(client) {
  return client.token;
}

export function discard(client) {
  client?.close();
}

/** Makes `client` the session's client, closing the one before. */
export function adopt(client) {
  if (session && session !== client) session.close();
  session = client;
}

// ---------------------------------------------------------------------------------------------
// The session

export function connected() {
  return session !== null;
}

/** Ends the session: logs out on the server first when `logout` (best effort), then closes. */
export function endSession({ logout = false } = {}) {
  if (logout) session?.logout();
  session?.close();
  session = null;
}

let onLost = () => {};

/** Sets what happens when the server refuses the session (connect.js: back to the form). */
export function onSessionLost(handler) {
  onLost = handler;
}

/** The server answered 401 while working: ends the session and tells onSessionLost's handler. */
export function sessionLost(err) {
  endSession();
  onLost(err);
}

export function listServices(options) {
  return session.listServices(options);
}

/** Every matching service, page by page (an async iterator). */
export function walkServices(options) {
  return session.services(options);
}

/** Every matching page, one after the other (an async iterator of Pages). */
export function walkPages(options) {
  return session.pages(options);
}

export function getService(id, options) {
  return session.getService(id, options);
}

export function getProject(nameOrId) {
  return session.getProject(nameOrId);
}

/** One page of the projects (listProjects). */
export function listProjects(options) {
  return session.listProjects(options);
}

export function createService(request) {
  return session.createService(request);
}

export function updateService(id, update) {
  return session.updateService(id, update);
}

export function clearServiceFields(id, fields) {
  return session.clearServiceFields(id, fields);
}

export function deleteService(id) {
  return session.deleteService(id);
}
