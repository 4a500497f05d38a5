// zenml-services-wasm — the JS facade: Promises, AbortSignal, async iterators, ZenmlError.
// It holds no ZenML logic: filters, validation, requests, retries and decoding are C++ (wasm).
// This file has no imports so that it can be bundled as is into the single-file build.

/** Error codes, stable across releases (see ZenmlError.code). */
export const ERROR_CODES = Object.freeze([
  'unauthorized', 'forbidden', 'not_found', 'conflict', 'validation', 'bad_request',
  'rate_limited', 'server', 'network', 'timeout', 'aborted', 'bad_response', 'invalid_argument',
]);

/** Every failure of the package: a rejected Promise (or, for synchronous helpers, a throw). */
export class ZenmlError extends Error {
  constructor(fields) {
    super(fields.message || fields.code);
    this.name = 'ZenmlError';
    /** Stable machine-readable code, one of ERROR_CODES. */
    this.code = fields.code;
    /** HTTP status, 0 when no response was involved. */
    this.status = fields.status || 0;
    /** ZenML's exception class name (e.g. 'KeyError', 'EntityExistsError'), or ''. */
    this.exceptionType = fields.exceptionType || '';
    /** The raw response body ('' when none). */
    this.body = fields.body || '';
    /** Seconds from Retry-After, when the server sent one. */
    if (fields.retryAfter !== undefined && fields.retryAfter !== null) this.retryAfter = fields.retryAfter;
    /** What the failure means, when a caller may act on it: 'write_accepted'. */
    if (fields.reason) this.reason = fields.reason;
    /** With write_accepted: the id of the service the server stored ('' when unknown). */
    if (fields.reason === 'write_accepted') this.id = fields.id || '';
  }
}

const OPTION_KEYS = new Set(['signal']);

function argError(message) {
  return new ZenmlError({ code: 'invalid_argument', message });
}

// Options objects are passed to C++ as JSON; AbortSignal and other per-call controls stay here.
function stringifyOptions(opts, what) {
  if (opts === undefined || opts === null) return '{}';
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw argError(`${what}: expected an options object, got ${Array.isArray(opts) ? 'an array' : typeof opts}`);
  }
  const plain = {};
  for (const [k, v] of Object.entries(opts)) {
    if (!OPTION_KEYS.has(k) && v !== undefined) plain[k] = v;
  }
  return stringifyValue(plain, what);
}

function stringifyValue(value, what) {
  try {
    return JSON.stringify(value);
  } catch (e) {  // BigInt, cycles
    throw argError(`${what}: cannot be sent as JSON (${e && e.message})`);
  }
}

function checkSignal(signal) {
  if (signal === undefined || signal === null) return null;
  if (typeof signal !== 'object' || typeof signal.aborted !== 'boolean' ||
      typeof signal.addEventListener !== 'function') {
    throw argError('signal: expected an AbortSignal');
  }
  return signal;
}

function fromWasmError(e) {
  return new ZenmlError(typeof e === 'string' ? JSON.parse(e) : e);
}

// Pure helpers return '{"value":…}' or '{"error":{…}}' as JSON text.
function unwrap(text) {
  const r = JSON.parse(text);
  if (r.error) throw new ZenmlError(r.error);
  return r.value;
}

// ---- the pure functions (no network): the same code for the module-level exports and the
// client's methods, over one loaded module `M` ----

/** null when the list options are valid, else the ZenmlError the server's rules give. */
function validateFilterOn(M, opts) {
  try { unwrap(M.validateFilter(stringifyOptions(opts, 'validateFilter'))); return null; } catch (e) {
    if (e instanceof ZenmlError) return e;
    throw e;
  }
}
/** The query string the server receives for these options (throws ZenmlError when invalid). */
function toQueryOn(M, opts) { return unwrap(M.toQuery(stringifyOptions(opts, 'toQuery'))); }
/** The list options a query string stands for (inverse of toQuery). */
function fromQueryOn(M, query) {
  if (typeof query !== 'string') throw argError('fromQuery: expected a string');
  return unwrap(M.fromQuery(query));
}
/** The page the server would return for opts over services held in memory, with the caller's own objects. */
function matchServicesOn(M, services, opts = {}) {
  if (!Array.isArray(services)) throw argError('matchServices: expected an array of services');
  const r = unwrap(M.matchServices(stringifyValue(services, 'matchServices'), stringifyOptions(opts, 'matchServices')));
  return { ...r, items: r.items.map((i) => services[i]) };
}
/** The filter fields and operators as plain data, for a release (default: the newest known). */
function filterSchemaOn(M, options) {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw argError('filterSchema: expected { serverVersion? }');
  }
  const version = options && options.serverVersion;
  if (version !== undefined && typeof version !== 'string') {
    throw argError('filterSchema: serverVersion must be a string like "0.98.0"');
  }
  return unwrap(M.filterSchema(version ?? ''));
}

/**
 * Builds the public API over a module factory produced by Emscripten (`createZenmlModule`).
 * @param {(opts?: object) => Promise<any>} factory
 * @param {object} [defaults] module options used when createClient() gives none (Node: wasmBinary)
 */
export function makeApi(factory, defaults = {}) {
  let shared = null;
  function loadModule(moduleOptions) {
    if (moduleOptions) return remember(factory({ ...defaults, ...moduleOptions }));
    if (!shared) shared = remember(factory({ ...defaults }));
    return shared;
  }

  // The module-level pure functions run on the first module instance that finished loading
  // (ready(), createClient() or loadModule() load one): synchronous, like the client's methods.
  let loaded = null;
  let readying = null;
  function remember(promise) {
    return promise.then((M) => { loaded ??= M; return M; });
  }
  /** Loads the wasm module once (createClient() does too); the pure functions need it loaded. */
  function ready(moduleOptions) {
    if (loaded) return Promise.resolve();
    readying ??= loadModule(moduleOptions).then(() => {}, (e) => { readying = null; throw e; });
    return readying;
  }
  function pure(what) {
    if (!loaded) {
      throw argError(`${what}: the wasm module is not loaded yet; \`await ready()\` once before calling it ` +
        '(createClient() loads it too)');
    }
    return loaded;
  }
  const validateFilter = (opts) => validateFilterOn(pure('validateFilter'), opts);
  const toQuery = (opts) => toQueryOn(pure('toQuery'), opts);
  const fromQuery = (query) => fromQueryOn(pure('fromQuery'), query);
  const matchServices = (services, opts) => matchServicesOn(pure('matchServices'), services, opts);
  const filterSchema = (options) => filterSchemaOn(pure('filterSchema'), options);

  class ZenmlClient {
    /** @internal use createClient() */
    constructor(M, handle, options) {
      this._M = M;
      this._h = handle;  // the C++ client's handle (bindings.cpp)
      this._closed = false;
      this.baseUrl = options.baseUrl;
    }

    _call(start, signal) {
      return new Promise((resolve, reject) => {
        if (this._closed) return reject(argError('client is closed'));
        let sig;
        try { sig = checkSignal(signal); } catch (e) { return reject(e); }
        if (sig && sig.aborted) {
          return reject(new ZenmlError({ code: 'aborted', message: 'aborted before the request was sent' }));
        }
        let call;
        try { call = start(); } catch (e) { return reject(e instanceof ZenmlError ? e : argError(String(e && e.message || e))); }
        const onAbort = () => this._M.cancel(this._h, call.id);
        if (sig) sig.addEventListener('abort', onAbort, { once: true });
        call.promise.then(
          (text) => { if (sig) sig.removeEventListener('abort', onAbort); resolve(text); },
          (err) => { if (sig) sig.removeEventListener('abort', onAbort); reject(fromWasmError(err)); });
      });
    }

    /** Logs in with { username, password } or { apiKey }; keeps the token in memory. */
    async login(credentials, { signal } = {}) {
      const text = await this._call(() => {
        if (!credentials || typeof credentials !== 'object') throw argError('login: expected { username, password } or { apiKey }');
        return this._M.login(this._h, stringifyValue(credentials, 'login'));
      }, signal);
      const t = JSON.parse(text);
      return { access_token: t.access_token, token_type: t.token_type, expires_in: t.expires_in ?? null,
               csrf_token: t.csrf_token ?? null };
    }

    /** Forgets the token and any remembered credentials. */
    logout() { if (!this._closed) this._M.logout(this._h); }
    /** The bearer token in use ('' when none, and after close()). */
    get token() { return this._closed ? '' : this._M.token(this._h); }
    /** Uses an existing bearer token (and CSRF token for cross-site sessions). */
    setToken(token, csrfToken = '') {
      if (typeof token !== 'string' || typeof csrfToken !== 'string') throw argError('setToken: token must be a string');
      if (this._closed) throw argError('client is closed');
      const err = this._M.setToken(this._h, token, csrfToken);
      if (err) throw fromWasmError(err);
    }

    /** The CSRF token sent with every call ('' unless a cross-site login issued one). */
    get csrfToken() { return this._closed ? '' : this._M.csrfToken(this._h); }

    /** GET /api/v1/current-user: who the token belongs to ({ id, name, body, … }). */
    async currentUser({ signal } = {}) {
      return JSON.parse(await this._call(() => this._M.currentUser(this._h), signal));
    }

    /** GET /api/v1/projects/{nameOrId}: e.g. getProject('default').id for createService. */
    async getProject(nameOrId, { signal } = {}) {
      return JSON.parse(await this._call(() => {
        if (typeof nameOrId !== 'string') throw argError('getProject: expected a project name or id');
        return this._M.getProject(this._h, nameOrId);
      }, signal));
    }

    /** GET /api/v1/info: name, version, auth_scheme, … (no authentication needed). */
    async serverInfo({ signal } = {}) {
      return JSON.parse(await this._call(() => this._M.serverInfo(this._h), signal));
    }

    /** One page of services: { index, max_size, total_pages, total, items }. */
    async listServices(opts = {}) {
      const signal = opts && opts.signal;
      return JSON.parse(await this._call(() => this._M.listServices(this._h, stringifyOptions(opts, 'listServices')), signal));
    }

    /** Every page matching opts, from opts.page (default 1) to the last. */
    async *pages(opts = {}) {
      const base = opts || {};
      const first = base.page ?? 1;
      let page = first;
      for (;;) {
        let p;
        try {
          p = await this.listServices({ ...base, page });
        } catch (e) {
          // Services deleted during the walk can make the next page vanish: that ends the walk.
          if (page !== first && e.code === 'bad_request' && /^Invalid page/.test(e.message)) return;
          throw e;
        }
        yield p;
        const next = this._M.nextPage(p.index, p.total_pages);
        if (next === null || next === undefined) return;
        page = next;
      }
    }

    /** Every service matching opts, fetching pages as it goes. */
    async *services(opts = {}) {
      for await (const p of this.pages(opts)) yield* p.items;
    }

    /** One service; hydrated (metadata included) unless { hydrate: false }. */
    async getService(id, { hydrate = true, signal } = {}) {
      return JSON.parse(await this._call(() => {
        if (typeof id !== 'string') throw argError('getService: id must be a string UUID');
        if (typeof hydrate !== 'boolean') throw argError('getService: hydrate must be a boolean');
        return this._M.getService(this._h, id, hydrate);
      }, signal));
    }

    /** Creates a service. `project` (name or id) overrides request.project on the server. */
    async createService(request, { project, signal } = {}) {
      return JSON.parse(await this._call(() => {
        if (project !== undefined && typeof project !== 'string') throw argError('createService: project must be a string');
        return this._M.createService(this._h, stringifyValue(request, 'createService'), project ?? '', project !== undefined);
      }, signal));
    }

    /** Partial update: only the given fields change. */
    async updateService(id, update, { signal } = {}) {
      return JSON.parse(await this._call(() => {
        if (typeof id !== 'string') throw argError('updateService: id must be a string UUID');
        return this._M.updateService(this._h, id, stringifyValue(update, 'updateService'));
      }, signal));
    }

    /** Clears labels, status and/or endpoint (ZenML stores them as null). */
    async clearServiceFields(id, fields, { signal } = {}) {
      return JSON.parse(await this._call(() => {
        if (typeof id !== 'string') throw argError('clearServiceFields: id must be a string UUID');
        return this._M.clearServiceFields(this._h, id, stringifyValue(fields, 'clearServiceFields'));
      }, signal));
    }

    /** Deletes a service. Resolves to undefined. */
    async deleteService(id, { signal } = {}) {
      await this._call(() => {
        if (typeof id !== 'string') throw argError('deleteService: id must be a string UUID');
        return this._M.deleteService(this._h, id);
      }, signal);
    }

    // The pure functions, on this client's module: aliases of the module-level exports.
    validateFilter(opts) { return validateFilterOn(this._M, opts); }
    toQuery(opts) { return toQueryOn(this._M, opts); }
    fromQuery(query) { return fromQueryOn(this._M, query); }
    matchServices(services, opts = {}) { return matchServicesOn(this._M, services, opts); }

    /** Calls not yet settled (diagnostics). */
    get pendingCalls() { return this._closed ? 0 : this._M.pending(this._h); }

    /** Aborts pending calls and frees the wasm object. The client is unusable afterwards. */
    close() {
      if (this._closed) return;
      this._closed = true;
      this._M.closeClient(this._h);
    }
  }

  /**
   * Creates a client.
   * @param {{ baseUrl: string, token?: string, csrfToken?: string, timeoutMs?: number,
   *           retries?: number, credentials?: 'omit'|'include', maxResponseBytes?: number,
   *           maxDepth?: number, moduleOptions?: object }} options
   */
  async function createClient(options) {
    if (!options || typeof options !== 'object') throw argError('createClient: expected { baseUrl, … }');
    const { moduleOptions, ...rest } = options;
    const M = await loadModule(moduleOptions);
    const handle = M.newClient(stringifyValue(rest, 'createClient'));
    if (typeof handle === 'string') throw fromWasmError(handle);
    return new ZenmlClient(M, handle, rest);
  }

  return {
    createClient, ZenmlError, ERROR_CODES, loadModule,
    ready, validateFilter, toQuery, fromQuery, matchServices, filterSchema,
  };
}
