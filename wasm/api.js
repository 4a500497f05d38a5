// zenml-services-wasm — the JS facade: Promises, AbortSignal, async iterators, ZenmlError.
// It holds no ZenML logic: filters, validation, requests, retries and decoding are C++ (wasm).
// This file has no imports so that it can be bundled as is into the single-file build.

/** Error codes, stable across releases (see ZenmlError.code). */
export const ERROR_CODES = Object.freeze([
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'validation',
  'bad_request',
  'rate_limited',
  'server',
  'network',
  'timeout',
  'aborted',
  'bad_response',
  'invalid_argument',
  'wasm_load',
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
    if (fields.retryAfter !== undefined && fields.retryAfter !== null)
      this.retryAfter = fields.retryAfter;
    /** What the failure means, when a caller may act on it: 'page_out_of_range', 'write_accepted'. */
    if (fields.reason) this.reason = fields.reason;
    /** With page_out_of_range: the last page there is. */
    if (fields.maxPage !== undefined && fields.maxPage !== null) this.maxPage = fields.maxPage;
    /** With write_accepted: the id of the service the server stored ('' when unknown). */
    if (fields.reason === 'write_accepted') this.id = fields.id || '';
  }
}

function argError(message) {
  return new ZenmlError({ code: 'invalid_argument', message });
}

// An options object's `signal` stays here (an AbortSignal is no JSON); everything else, and
// every other argument, goes to C++ as JSON, where one reader checks it (include/zenml/input.hpp).
function splitOptions(opts) {
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts))
    return { signal: undefined, rest: opts };
  const { signal, ...rest } = opts;
  return { signal, rest };
}

function stringifyOptions(opts, what) {
  return stringifyValue(splitOptions(opts).rest, what);
}

function stringifyValue(value, what) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    // BigInt, cycles
    throw argError(`${what}: cannot be sent as JSON (${e?.message})`);
  }
  return text === undefined ? 'null' : text; // undefined, functions
}

function checkSignal(signal) {
  if (signal === undefined || signal === null) return null;
  if (
    typeof signal !== 'object' ||
    typeof signal.aborted !== 'boolean' ||
    typeof signal.addEventListener !== 'function'
  ) {
    throw argError('signal: expected an AbortSignal');
  }
  return signal;
}

// One 'abort' listener per signal, whatever the number of calls waiting on it: a signal shared by
// many calls (one AbortController for a whole page of requests) would otherwise collect one
// listener per call, and Node warns (MaxListenersExceededWarning) past ten. The listener is
// removed when the last call waiting on the signal settles.
const abortWatchers = new WeakMap(); // AbortSignal -> { calls: Set<() => void>, fire }

/** Runs `onAbort` when `signal` aborts; returns the function that stops watching. */
function watchAbort(signal, onAbort) {
  let w = abortWatchers.get(signal);
  if (!w) {
    const calls = new Set();
    const fire = () => {
      abortWatchers.delete(signal);
      for (const f of [...calls]) f();
    };
    w = { calls, fire };
    abortWatchers.set(signal, w);
    signal.addEventListener('abort', fire, { once: true });
  }
  const watcher = w;
  watcher.calls.add(onAbort);
  return () => {
    watcher.calls.delete(onAbort);
    if (watcher.calls.size === 0 && abortWatchers.get(signal) === watcher) {
      abortWatchers.delete(signal);
      signal.removeEventListener('abort', watcher.fire);
    }
  };
}

/**
 * The error of a call ended by its signal: `timeout` when the signal timed out
 * (`AbortSignal.timeout()`, or any abort whose reason is a DOMException named TimeoutError),
 * else `aborted`.
 */
function abortError(signal, when) {
  if (signal.reason?.name === 'TimeoutError') {
    return new ZenmlError({
      code: 'timeout',
      message: `the call's signal timed out ${when} (AbortSignal.timeout)`,
    });
  }
  return new ZenmlError({ code: 'aborted', message: `aborted ${when}` });
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

// Each takes the release whose rules it follows as `{ serverVersion? }` (absent: the newest
// known), read in C++ like filterSchema()'s.

/** null when the list options are valid for that release, else the ZenmlError its rules give. */
function validateFilterOn(M, opts, release) {
  try {
    unwrap(
      M.validateFilter(
        stringifyOptions(opts, 'validateFilter'),
        stringifyValue(release, 'validateFilter'),
      ),
    );
    return null;
  } catch (e) {
    if (e instanceof ZenmlError) return e;
    throw e;
  }
}
/** The query string that release's server receives for these options (throws ZenmlError when invalid). */
function toQueryOn(M, opts, release) {
  return unwrap(M.toQuery(stringifyOptions(opts, 'toQuery'), stringifyValue(release, 'toQuery')));
}
/** The list options a query string stands for (inverse of toQuery), read as that release reads it. */
function fromQueryOn(M, query, release) {
  return unwrap(
    M.fromQuery(stringifyValue(query, 'fromQuery'), stringifyValue(release, 'fromQuery')),
  );
}
/** The page that release's server would return for opts over services held in memory, with the caller's own objects. */
function matchServicesOn(M, services, opts = {}, release = undefined) {
  if (!Array.isArray(services)) throw argError('matchServices: expected an array of services');
  const r = unwrap(
    M.matchServices(
      stringifyValue(services, 'matchServices'),
      stringifyOptions(opts, 'matchServices'),
      stringifyValue(release, 'matchServices'),
    ),
  );
  return { ...r, items: r.items.map((i) => services[i]) };
}
/**
 * The positions of the services (an array of ServiceResponse objects, or a page's JSON text as
 * the server sent it) that meet the local-only conditions `where` ({ state?, labels? }).
 */
function whereIndicesOn(M, servicesJson, whereJson) {
  return unwrap(M.matchWhere(servicesJson, whereJson));
}
/** The services of the array that meet `where` (the caller's own objects, in order). */
function matchWhereOn(M, services, where) {
  if (!Array.isArray(services)) throw argError('matchWhere: expected an array of services');
  const at = whereIndicesOn(
    M,
    stringifyValue(services, 'matchWhere'),
    stringifyValue(where ?? null, 'where'),
  );
  return at.map((i) => services[i]);
}
/** The filter fields and operators as plain data, for a release (default: the newest known). */
function filterSchemaOn(M, options) {
  return unwrap(M.filterSchema(stringifyValue(options, 'filterSchema')));
}

// ---- loading the .wasm: every failure a ZenmlError `wasm_load` that names the URL and the fix ----

const WASM_FILE = 'zenml_services.wasm';
const WASM_WHERE =
  `serve the package's dist/${WASM_FILE} at that URL (it belongs next to dist/index.js), or say ` +
  "where it is served: createClient({ …, moduleOptions: { locateFile: (file) => '/assets/' + file } })";
const WASM_VITE =
  "with Vite's dev server, add optimizeDeps: { exclude: ['zenml-services-wasm'] } to vite.config.js";

function wasmLoadError(message, status = 0) {
  return new ZenmlError({ code: 'wasm_load', status, message });
}

function described(e) {
  return e?.name && e?.message ? `${e.name}: ${e.message}` : String(e);
}

/** The start of a body that is not wasm, as text when it reads as text, else as hex bytes. */
function bodyStart(bytes) {
  const head = bytes.subarray(0, 40);
  if (head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127))) {
    const text = String.fromCharCode(...head).replace(/\s+/g, ' ');
    return JSON.stringify(bytes.length > 40 ? `${text}…` : text);
  }
  return [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** An instantiation error: a CSP that forbids compiling wasm, or another build's .wasm. */
function compileError(url, e) {
  const csp = /unsafe-eval|Content.Security.Policy/i.test(String(e?.message));
  return wasmLoadError(
    `the WebAssembly module ${url} could not be instantiated (${described(e)}): ` +
      (csp
        ? "the page's Content-Security-Policy forbids compiling WebAssembly; add 'wasm-unsafe-eval' to script-src"
        : 'it is not the zenml_services.wasm of this build of the package; serve the dist/ files of one build together'),
  );
}

/**
 * Fetches, checks and compiles the .wasm at `url` (what Emscripten's loader does, but every
 * failure says which URL answered what, and nothing is logged): the same request as the glue's
 * (credentials same-origin, so a `<link rel=preload as=fetch crossorigin>` is reused) and
 * streaming compilation when the server says application/wasm. Needs no imports, so it starts
 * before the glue runs (instantiate() below).
 */
async function compileWasmAt(url) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    throw wasmLoadError(
      `could not fetch the WebAssembly module ${url} (${described(e)}): the request got no answer. ` +
        `Under a Content-Security-Policy, connect-src must allow ${new URL(url).origin} (the .wasm is fetched, ` +
        'so connect-src governs it, not script-src); from another origin, that server must send ' +
        'CORS headers (Access-Control-Allow-Origin); else it is down or unreachable',
    );
  }
  if (!response.ok) {
    throw wasmLoadError(
      `GET ${url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} ` +
        `instead of the WebAssembly module: ${WASM_WHERE}; ${WASM_VITE}`,
      response.status,
    );
  }
  const type = (response.headers.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
  if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (e) {
      if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError)
        throw compileError(url, e);
      throw wasmLoadError(`reading the WebAssembly module ${url} failed (${described(e)})`);
    }
  }
  let bytes;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    throw wasmLoadError(`reading the WebAssembly module ${url} failed (${described(e)})`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw wasmLoadError(
      `GET ${url} answered ${type || 'a body without Content-Type'} starting with ` +
        `${bodyStart(bytes)}, not a WebAssembly module: the server answers that path with a page ` +
        `of its own (a dev server's index.html fallback, an error or login page); ${WASM_VITE}; ` +
        `else ${WASM_WHERE}`,
      response.status,
    );
  }
  try {
    return await WebAssembly.compile(bytes);
  } catch (e) {
    throw compileError(url, e);
  }
}

/** An instance of the compiled `module`; a LinkError is another build's .wasm. */
async function instantiateCompiled(url, module, imports) {
  try {
    return await WebAssembly.instantiate(module, imports);
  } catch (e) {
    throw compileError(url, e);
  }
}

/**
 * One instance of the module, or a ZenmlError `wasm_load`. `wasmUrl(locateFile)` gives the URL
 * the .wasm is fetched from (browser entry); without it, or when the options carry the bytes
 * (`wasmBinary`) or their own `instantiateWasm`, Emscripten's loader runs as is.
 */
function instantiate(factory, options, wasmUrl) {
  return new Promise((resolve, reject) => {
    const opts = { ...options };
    let url = '';
    if (wasmUrl && !opts.wasmBinary && !opts.instantiateWasm) {
      try {
        // absolute, as fetch() resolves it, so that messages name the whole URL
        url = new URL(wasmUrl(opts.locateFile), globalThis.location?.href).href;
      } catch (e) {
        return reject(
          wasmLoadError(`moduleOptions.locateFile gave no usable URL (${described(e)})`),
        );
      }
      delete opts.locateFile; // asked once, here: the glue would ask again for a URL it never uses
      // The download and compilation start now, not when the glue asks for the instance: the
      // glue's first run (parsing and compiling its own code) then overlaps the network.
      const compiling = compileWasmAt(url);
      compiling.catch(() => {}); // reported below when the glue asks; unheard if it never does
      opts.instantiateWasm = (imports, receiveInstance) => {
        const instantiated = compiling.then((module) =>
          instantiateCompiled(url, module, imports).then((instance) => ({ instance, module })),
        );
        instantiated.then(({ instance, module }) => {
          try {
            receiveInstance(instance, module);
          } catch (e) {
            reject(
              wasmLoadError(`the WebAssembly module ${url} failed to start (${described(e)})`),
            );
          }
        }, reject);
        return {}; // the exports arrive through receiveInstance
      };
    }
    const failed = (e) =>
      reject(
        e instanceof ZenmlError
          ? e
          : wasmLoadError(
              `the WebAssembly module${url ? ` ${url}` : ''} could not be loaded (${described(e)})`,
            ),
      );
    try {
      Promise.resolve(factory(opts)).then(resolve, failed);
    } catch (e) {
      failed(e);
    }
  });
}

/**
 * Builds the public API over a module factory produced by Emscripten (`createZenmlModule`).
 * @param {(opts?: object) => Promise<any>} factory
 * @param {object} [defaults] module options used when createClient() gives none (Node: wasmBinary)
 * @param {{ wasmUrl?: (locateFile?: Function) => string }} [loader] the browser entry's: where the
 *   .wasm is fetched from, by default or through moduleOptions.locateFile
 */
export function makeApi(factory, defaults = {}, { wasmUrl } = {}) {
  let shared = null;
  function loadModule(moduleOptions) {
    if (moduleOptions)
      return remember(instantiate(factory, { ...defaults, ...moduleOptions }, wasmUrl));
    if (!shared) {
      // A failed load is not kept: the next call (createClient, ready, loadModule) tries again.
      const attempt = remember(instantiate(factory, { ...defaults }, wasmUrl));
      shared = attempt;
      attempt.catch(() => {
        if (shared === attempt) shared = null;
      });
    }
    return shared;
  }

  // The module-level pure functions run on the first module instance that finished loading
  // (ready(), createClient() or loadModule() load one): synchronous, like the client's methods.
  let loaded = null;
  let readying = null;
  function remember(promise) {
    return promise.then((M) => {
      loaded ??= M;
      return M;
    });
  }
  /** Loads the wasm module once (createClient() does too); the pure functions need it loaded. */
  function ready(moduleOptions) {
    if (loaded) return Promise.resolve();
    readying ??= loadModule(moduleOptions).then(
      () => {},
      (e) => {
        readying = null;
        throw e;
      },
    );
    return readying;
  }
  function pure(what) {
    if (!loaded) {
      throw argError(
        `${what}: the wasm module is not loaded yet; \`await ready()\` once before calling it ` +
          '(createClient() loads it too)',
      );
    }
    return loaded;
  }
  const validateFilter = (opts, release) => validateFilterOn(pure('validateFilter'), opts, release);
  const toQuery = (opts, release) => toQueryOn(pure('toQuery'), opts, release);
  const fromQuery = (query, release) => fromQueryOn(pure('fromQuery'), query, release);
  const matchServices = (services, opts, release) =>
    matchServicesOn(pure('matchServices'), services, opts, release);
  const filterSchema = (options) => filterSchemaOn(pure('filterSchema'), options);
  const matchWhere = (services, where) => matchWhereOn(pure('matchWhere'), services, where);

  class ZenmlClient {
    /** @internal use createClient() */
    constructor(M, handle, options) {
      this._M = M;
      this._h = handle; // the C++ client's handle (bindings.cpp)
      this._closed = false;
      this.baseUrl = options.baseUrl;
    }

    _call(start, signal) {
      return new Promise((resolve, reject) => {
        if (this._closed) return reject(argError('client is closed'));
        let sig;
        try {
          sig = checkSignal(signal);
        } catch (e) {
          return reject(e);
        }
        if (sig?.aborted) return reject(abortError(sig, 'before the request was sent'));
        let call;
        try {
          call = start();
        } catch (e) {
          return reject(e instanceof ZenmlError ? e : argError(String(e?.message || e)));
        }
        let byTheSignal = false;
        const unwatch = sig
          ? watchAbort(sig, () => {
              byTheSignal = true;
              this._M.cancel(this._h, call.id);
            })
          : () => {};
        call.promise.then(
          (text) => {
            unwatch();
            resolve(text);
          },
          (err) => {
            unwatch();
            const e = fromWasmError(err);
            reject(
              byTheSignal && e.code === 'aborted'
                ? abortError(sig, 'while waiting for the answer')
                : e,
            );
          },
        );
      });
    }

    // Calls `method` of the module with the arguments as one JSON array; the last argument is
    // the call's options object, whose `signal` stays here. Resolves to the answer's JSON text.
    _send(method, args) {
      const { signal, rest } = splitOptions(args[args.length - 1]);
      const sent = [...args.slice(0, -1), rest];
      return this._call(() => this._M[method](this._h, stringifyValue(sent, method)), signal);
    }

    /** Logs in with { username, password } or { apiKey }; keeps the token in memory. */
    async login(credentials, options) {
      const t = JSON.parse(await this._send('login', [credentials, options]));
      return {
        access_token: t.access_token,
        token_type: t.token_type,
        expires_in: t.expires_in ?? null,
        csrf_token: t.csrf_token ?? null,
      };
    }

    /** Forgets the token and any remembered credentials. */
    logout() {
      if (!this._closed) this._M.logout(this._h);
    }
    /** The bearer token in use ('' when none, and after close()). */
    get token() {
      return this._closed ? '' : this._M.token(this._h);
    }
    /** Uses an existing bearer token (and CSRF token for cross-site sessions). */
    setToken(token, csrfToken = '') {
      if (this._closed) throw argError('client is closed');
      const err = this._M.setToken(this._h, stringifyValue([token, csrfToken], 'setToken'));
      if (err) throw fromWasmError(err);
    }

    /** The CSRF token sent with every call ('' unless a cross-site login issued one). */
    get csrfToken() {
      return this._closed ? '' : this._M.csrfToken(this._h);
    }

    /**
     * The server's ZenML release, major.minor.patch (e.g. '0.90.0'; a suffix such as .dev1
     * dropped), or as createClient({ serverVersion }) pinned it; null until known. The client
     * learns it from GET /api/v1/info (once) before the first listServices / pages() /
     * services(), or from a serverInfo() call.
     */
    get serverVersion() {
      return (!this._closed && this._M.serverVersion(this._h)) || null;
    }

    // The release a pure function on this client follows: the caller's { serverVersion }, else
    // the server's once known, else (none given) the newest known.
    _release(options) {
      if (options === undefined || options === null) return { serverVersion: this.serverVersion };
      if (
        typeof options === 'object' &&
        !Array.isArray(options) &&
        options.serverVersion === undefined
      )
        return { ...options, serverVersion: this.serverVersion };
      return options; // the caller's release, or something the reader refuses with its message
    }

    /** GET /api/v1/current-user: who the token belongs to ({ id, name, body, … }). */
    async currentUser(options) {
      return JSON.parse(await this._send('currentUser', [options]));
    }

    /** GET /api/v1/projects/{nameOrId}: e.g. getProject('default').id for createService. */
    async getProject(nameOrId, options) {
      return JSON.parse(await this._send('getProject', [nameOrId, options]));
    }

    /** GET /api/v1/projects: one page ({ page?, size? }, default 1 and 20) of projects, by name. */
    async listProjects(options) {
      return JSON.parse(await this._send('listProjects', [options]));
    }

    /** GET /api/v1/info: name, version, auth_scheme, … (no authentication needed). */
    async serverInfo(options) {
      return JSON.parse(await this._send('serverInfo', [options]));
    }

    /** One page of services: { index, max_size, total_pages, total, items }. */
    async listServices(opts) {
      return JSON.parse(await this._send('listServices', [opts]));
    }

    /**
     * Every page matching opts, from opts.page (default 1) to the last. When to stop is the
     * client's rule (PageWalk in include/zenml/client.hpp): after the last page, or when a later
     * page vanished because services were deleted meanwhile.
     */
    async *pages(opts) {
      if (this._closed) throw argError('client is closed');
      const { signal, rest } = splitOptions(opts);
      const walk = this._M.walkStart(this._h, stringifyValue([rest], 'pages'));
      if (typeof walk === 'string') throw fromWasmError(walk);
      try {
        for (;;) {
          const page = JSON.parse(await this._call(() => this._M.walkNext(this._h, walk), signal));
          if (page === null) return; // it vanished: services were deleted meanwhile
          yield page;
          if (this._M.walkDone(this._h, walk)) return;
        }
      } finally {
        if (!this._closed) this._M.walkEnd(this._h, walk);
      }
    }

    /**
     * Every service matching opts, fetching pages as it goes. With `where` ({ state?, labels? }:
     * conditions the server has no filter for), every page the server's own filters return is
     * fetched and only the services that meet `where` are yielded: client-side, so the cost is
     * the whole server-filtered walk. `onProgress({ scanned, matched, total })` follows it
     * after each page (`total`: what the server's filters matched).
     */
    async *services(opts) {
      const o = opts !== null && typeof opts === 'object' && !Array.isArray(opts) ? opts : null;
      if (!o || (o.where === undefined && o.onProgress === undefined)) {
        for await (const p of this.pages(opts)) yield* p.items;
        return;
      }
      const { where, onProgress, signal, ...filter } = o;
      if (onProgress !== undefined && typeof onProgress !== 'function')
        throw argError('onProgress: expected a function');
      if (this._closed) throw argError('client is closed');
      const whereJson = stringifyValue(where ?? null, 'where');
      whereIndicesOn(this._M, '[]', whereJson); // a bad `where` fails before any request
      const walk = this._M.walkStart(this._h, stringifyValue([filter], 'services'));
      if (typeof walk === 'string') throw fromWasmError(walk);
      let scanned = 0;
      let matched = 0;
      try {
        for (;;) {
          const text = await this._call(() => this._M.walkNext(this._h, walk), signal);
          if (text === 'null') return; // it vanished: services were deleted meanwhile
          const page = JSON.parse(text);
          const at = whereIndicesOn(this._M, text, whereJson);
          scanned += page.items.length;
          matched += at.length;
          onProgress?.({ scanned, matched, total: page.total });
          for (const i of at) {
            if (signal?.aborted) throw abortError(signal, 'between services');
            yield page.items[i];
          }
          if (this._M.walkDone(this._h, walk)) return;
        }
      } finally {
        if (!this._closed) this._M.walkEnd(this._h, walk);
      }
    }

    /** One service; hydrated (metadata included) unless { hydrate: false }. */
    async getService(id, options) {
      return JSON.parse(await this._send('getService', [id, options]));
    }

    /** Creates a service. `project` (name or id) overrides request.project on the server. */
    async createService(request, options) {
      return JSON.parse(await this._send('createService', [request, options]));
    }

    /** Partial update: only the given fields change. */
    async updateService(id, update, options) {
      return JSON.parse(await this._send('updateService', [id, update, options]));
    }

    /** Clears labels, status and/or endpoint (ZenML stores them as null). */
    async clearServiceFields(id, fields, options) {
      return JSON.parse(await this._send('clearServiceFields', [id, fields, options]));
    }

    /** Deletes a service. Resolves to undefined. */
    async deleteService(id, options) {
      await this._send('deleteService', [id, options]);
    }

    // The pure functions, on this client's module: the module-level exports, following the
    // server's release once the client knows it (see serverVersion) unless told another.
    validateFilter(opts, options) {
      return validateFilterOn(this._M, opts, this._release(options));
    }
    toQuery(opts, options) {
      return toQueryOn(this._M, opts, this._release(options));
    }
    fromQuery(query, options) {
      return fromQueryOn(this._M, query, this._release(options));
    }
    matchServices(services, opts = {}, options = undefined) {
      return matchServicesOn(this._M, services, opts, this._release(options));
    }
    matchWhere(services, where) {
      return matchWhereOn(this._M, services, where);
    }

    /** Calls not yet settled (diagnostics). */
    get pendingCalls() {
      return this._closed ? 0 : this._M.pending(this._h);
    }

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
   *           maxDepth?: number, serverVersion?: string, moduleOptions?: object }} options
   */
  async function createClient(options) {
    const object = options !== null && typeof options === 'object' && !Array.isArray(options);
    const { moduleOptions, ...rest } = object ? options : {};
    const M = await loadModule(moduleOptions);
    const handle = M.newClient(stringifyValue(object ? rest : options, 'createClient'));
    if (typeof handle === 'string') throw fromWasmError(handle);
    return new ZenmlClient(M, handle, rest);
  }

  return {
    createClient,
    ZenmlError,
    ERROR_CODES,
    loadModule,
    ready,
    validateFilter,
    toQuery,
    fromQuery,
    matchServices,
    matchWhere,
    filterSchema,
  };
}
