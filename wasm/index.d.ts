// zenml-services-wasm — hand-written types (Emscripten 3.1.6 cannot emit them).
// Model objects keep the REST API's field names; methods and options are camelCase.

/** Stable error codes: `ZenmlError.code`. */
export type ErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'validation'
  | 'bad_request'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'bad_response'
  | 'invalid_argument'
  /** The .wasm could not be loaded (createClient, ready, loadModule): the message names the URL and the fix; the next call tries again. */
  | 'wasm_load';

export declare const ERROR_CODES: readonly ErrorCode[];

/**
 * What a failure means, when a caller may act on it beyond its code: `ZenmlError.reason`.
 * - `page_out_of_range`: the page asked for lies past the last one (`code` 'bad_request',
 *   status 400 from the server, or 0 from matchServices); `maxPage` is the last page there is.
 * - `write_accepted`: the server accepted a create or update (HTTP 2xx: the write happened) but
 *   its answer could not be read (`code` 'bad_response'); `id` is the service written. Do not
 *   retry a create (the service exists: a retry gets 409); read it back with getService(id).
 */
export type ErrorReason = 'page_out_of_range' | 'write_accepted';

/** Every failure: a rejected Promise (synchronous helpers throw it). */
export declare class ZenmlError extends Error {
  readonly name: 'ZenmlError';
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** HTTP status; 0 when no response was involved (network, timeout, aborted, invalid_argument). */
  readonly status: number;
  /** ZenML's exception class (`KeyError`, `EntityExistsError`, `ValueError`, …) or ''. */
  readonly exceptionType: string;
  /** The raw response body, '' when none. */
  readonly body: string;
  /** Seconds the server asked to wait (Retry-After), when it said. */
  readonly retryAfter?: number;
  /** What the failure means, when a caller may act on it (absent otherwise). */
  readonly reason?: ErrorReason;
  /** With reason 'page_out_of_range': the last page there is (at least 1). */
  readonly maxPage?: number;
  /** With reason 'write_accepted': the id of the service the server stored: from its answer, or
   *  the id an update was sent to; '' when a create's answer named none. */
  readonly id?: string;
}

/** The six states ZenML knows. A newer server may send others: they are passed through. */
export type KnownServiceState =
  | 'inactive'
  | 'active'
  | 'pending_startup'
  | 'pending_shutdown'
  | 'error'
  | 'scaled_to_zero';
export type ServiceState = KnownServiceState | (string & {});

export interface ServiceType {
  type: string;
  flavor: string;
  name?: string;
  description?: string;
  logo_url?: string;
}

/** Naive ISO-8601 timestamp in UTC, e.g. `2026-09-12T11:52:44.045303` (no zone suffix). */
export type ZenmlTimestamp = string;

// The response types hold exactly the fields ZenML sends, with no index signature, so a
// misspelt read (`s.nmae`, `info.verison`) does not compile. Every ZenML release 0.80–0.98 sends
// every field below (null where marked, absent only where marked optional); the objects
// themselves are ZenML's JSON, so a field a newer server adds is there at run time, just not typed.

/**
 * `ServiceResponseBody`: always present on a service, in the normalised shape (the current
 * release's), whatever release answered: for 0.80.0-0.82.x `user_id` and `project_id` are filled
 * from the embedded `user` and project, which stay in the object too (docs/compatibility.md,
 * "Decoding").
 */
export interface ServiceResponseBody {
  created: ZenmlTimestamp;
  updated: ZenmlTimestamp;
  /** The creator's id; null when the user was deleted. */
  user_id: string | null;
  /** Absent only from 0.80.0-0.82.0 answers without metadata (hydrate: false): they say no project. */
  project_id?: string;
  /** As created, with ZenML's defaults filled in (`name`, `description`, `logo_url` are '' unless set). */
  service_type: Required<ServiceType>;
  labels: Record<string, string> | null;
  /** `status.state` of the request; null when the service was created without one. */
  state: ServiceState | null;
}

/** `ServiceResponseMetadata`: only on hydrated services (get, create, update; lists with `hydrate: true`). */
export interface ServiceResponseMetadata {
  service_source: string | null;
  admin_state: ServiceState | null;
  config: Record<string, unknown>;
  status: Record<string, unknown> | null;
  endpoint: Record<string, unknown> | null;
  prediction_url: string | null;
  health_check_url: string | null;
}

/**
 * A related entity as ZenML embeds it (the creator, a pipeline run, a model version): its own
 * response, not hydrated. Its `body` holds the entity's fields (e.g. a user's `full_name`).
 */
export interface ResourceRef {
  id: string;
  name: string;
  permission_denied: boolean;
  body: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  resources: Record<string, unknown> | null;
}

/** `ServiceResponseResources`: always present on a service, also when not hydrated. */
export interface ServiceResponseResources {
  /** The creator; null when the user was deleted. */
  user: ResourceRef | null;
  pipeline_run: ResourceRef | null;
  model_version: ResourceRef | null;
}

/** `ServiceResponse`. `metadata` is null unless hydrated. */
export interface Service {
  id: string;
  name: string;
  permission_denied: boolean;
  body: ServiceResponseBody;
  metadata: ServiceResponseMetadata | null;
  resources: ServiceResponseResources;
}

export interface Page<T> {
  /** The page returned, 1-based. */
  index: number;
  max_size: number;
  /** At least 1, also for an empty result. */
  total_pages: number;
  total: number;
  items: T[];
}

/** `ServiceRequest` (POST body). `config` must be unique across the whole server. */
export interface ServiceRequest {
  /** Project UUID. Required by ZenML even when `{ project }` is passed to createService. */
  project: string;
  name: string;
  service_type: ServiceType;
  config: Record<string, unknown>;
  service_source?: string;
  admin_state?: KnownServiceState;
  labels?: Record<string, string>;
  /** `status.state` becomes `body.state`. */
  status?: Record<string, unknown>;
  endpoint?: Record<string, unknown>;
  prediction_url?: string;
  health_check_url?: string;
  model_version_id?: string;
  pipeline_run_id?: string;
}

/**
 * `ServiceUpdate`: only the given keys change. `null` and `{}` are refused (on ZenML `null`
 * changes nothing and `{}` clears): use `clearServiceFields` to clear.
 */
export interface ServiceUpdate {
  name?: string;
  admin_state?: KnownServiceState;
  service_source?: string;
  status?: Record<string, unknown>;
  endpoint?: Record<string, unknown>;
  prediction_url?: string;
  health_check_url?: string;
  labels?: Record<string, string>;
  model_version_id?: string;
}

export type ClearableField = 'labels' | 'status' | 'endpoint';

/**
 * One condition or several (repeated keys) per field, as `"<op>:<value>"` or a bare value
 * (= equals); the operators are `FilterOperator` (which fields take which: `filterSchema()`).
 * Values: `oneof`/`notoneof` a JSON list of strings, `in` two datetimes `in:<dt1>,<dt2>`,
 * `isnull:`/`isnotnull:` nothing; datetimes `%Y-%m-%d %H:%M:%S`, UTC. A prefix that reads like
 * a misspelt operator (`startwith:`, `StartsWith:`) is refused; `equals:<text>` is always the
 * literal text. Written as literals, conditions are also checked at compile time: see
 * `CheckCondition`.
 */
export type Condition = string | readonly string[];

/** A condition with an explicit operator: `"<op>:<value>"`. */
export type OperatorCondition = `${FilterOperator}:${string}`;

type Letter =
  | 'a'
  | 'b'
  | 'c'
  | 'd'
  | 'e'
  | 'f'
  | 'g'
  | 'h'
  | 'i'
  | 'j'
  | 'k'
  | 'l'
  | 'm'
  | 'n'
  | 'o'
  | 'p'
  | 'q'
  | 'r'
  | 's'
  | 't'
  | 'u'
  | 'v'
  | 'w'
  | 'x'
  | 'y'
  | 'z'
  | '_';
type IsWord<S extends string> = S extends `${Letter | Uppercase<Letter>}${infer Rest}`
  ? Rest extends ''
    ? true
    : IsWord<Rest>
  : false;

/**
 * A condition written as a literal, as the types check it: `"<op>:<value>"` with a known
 * operator, or a bare value (equals; also a datetime, whose text before `:` is no word). A
 * literal whose text before its first `:` is a word but no operator (`'startwith:svc-'`,
 * `'StartsWith:svc-'`, `'team:a'`) does not compile: ZenML would read it as a literal name, and
 * the package refuses the likeliest of those typos at run time too. For such a literal, write
 * `'equals:team:a'`. Conditions not known at compile time (type `string`) are checked at run time.
 */
export type CheckCondition<S> = S extends `${infer Prefix}:${string}`
  ? Prefix extends FilterOperator
    ? S
    : IsWord<Prefix> extends true
      ? OperatorCondition
      : S
  : S;

type CheckConditions<C> = C extends string
  ? CheckCondition<C>
  : { [I in keyof C]: CheckCondition<C[I]> };

/** The filter fields that take conditions (`running` and `config` take a boolean and a text). */
export type ConditionField = Exclude<keyof ServiceFilterFields, 'running' | 'config'>;

type CheckedFilter<F> = {
  [K in keyof F]: K extends ConditionField
    ? CheckConditions<F[K]>
    : K extends keyof ServiceFilterFields
      ? F[K]
      : never;
};

/**
 * List options `O` as written (inferred as literals), checked: every literal condition by
 * `CheckCondition`, and keys that `Shape` does not have refused (also inside `filter`).
 */
export type CheckedListOptions<O, Shape = ListOptions & CallOptions> = O & {
  [K in Exclude<keyof O, keyof Shape>]: never;
} & (O extends { filter?: infer F } ? { filter?: CheckedFilter<F> } : unknown);

/** The filter operators (`filterSchema().operators`). */
export type FilterOperator =
  | 'equals'
  | 'notequals'
  | 'contains'
  | 'notcontains'
  | 'startswith'
  | 'endswith'
  | 'oneof'
  | 'notoneof'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'in'
  | 'isnull'
  | 'isnotnull';

/**
 * How the server reads a field's conditions: `text` (LIKE operators, numeric casts), `uuid`,
 * `datetime`, `user` (id, name or full name of the creator), `exact` (a custom filter comparing
 * the whole text, no operators), and the two kinds the server accepts and ignores.
 */
export type FilterKind =
  | 'text'
  | 'uuid'
  | 'datetime'
  | 'user'
  | 'exact'
  | 'ignored_bool'
  | 'ignored_text';

/**
 * What follows `<op>:`: `value` (one value; a datetime on datetime fields), `ordered` (a number,
 * the server casting the field to one; a datetime on datetime fields), `list` (a JSON list of
 * strings), `range` (two datetimes `<from>,<to>`, both included), `none` (nothing).
 */
export type FilterValueSyntax = 'value' | 'ordered' | 'list' | 'range' | 'none';

export interface ServiceFilterFields {
  id?: Condition;
  name?: Condition;
  created?: Condition;
  updated?: Condition;
  /** Creator by name, id or full name. */
  user?: Condition;
  model_version_id?: Condition;
  pipeline_run_id?: Condition;
  /**
   * `service_type.type`, `.flavor` and `config.pipeline_name` / `.pipeline_step_name`: ordinary
   * string filters on ZenML 0.98.0 (every operator, repeated conditions, combined by
   * logicalOperator like the others).
   */
  type?: Condition;
  flavor?: Condition;
  pipeline_name?: Condition;
  pipeline_step_name?: Condition;
  /** Accepted by the server but not applied (ZenML ignores it). */
  running?: boolean;
  /** Accepted by the server but not applied (ZenML ignores it). */
  config?: string;
}

/** The filter fields (`filterSchema().fields`). */
export type FilterField = keyof ServiceFilterFields;

export type SortField =
  | 'id'
  | 'created'
  | 'updated'
  | 'name'
  | 'type'
  | 'flavor'
  | 'pipeline_name'
  | 'pipeline_step_name'
  | 'model_version_id'
  | 'pipeline_run_id'
  | 'user';
export type SortBy = SortField | `asc:${SortField}` | `desc:${SortField}`;

export interface ListOptions {
  filter?: ServiceFilterFields;
  logicalOperator?: 'and' | 'or';
  sortBy?: SortBy;
  /** 1-based. */
  page?: number;
  /** 1..10000. */
  size?: number;
  /** Include metadata (config, status, …). Default false for lists. */
  hydrate?: boolean;
  /** Project name or UUID; the server's default project when omitted. */
  project?: string;
  /** Only services of this user (UUID), always AND-ed. */
  scopeUser?: string;
}

export interface CallOptions {
  /**
   * Cancels the call: it rejects with `timeout` when the signal timed out
   * (`AbortSignal.timeout(ms)`, or an abort whose reason is a DOMException named TimeoutError),
   * else with `aborted`. Any number of calls may share one signal.
   */
  signal?: AbortSignal;
}

/** A user (`currentUser()`) or project (`getProject()`) as ZenML sends it. */
export interface NamedEntity {
  id: string;
  name: string;
  permission_denied: boolean;
  /** The entity's fields (a user's `full_name`, `is_admin`, …; a project's `display_name`, …). */
  body: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  resources: Record<string, unknown> | null;
}

/** `GET /api/v1/info`: ZenML's `ServerModel`, the same on every release 0.80–0.98. */
export interface ServerInfo {
  id: string;
  name: string | null;
  /** The ZenML release, e.g. '0.98.0'. */
  version: string;
  active: boolean;
  debug: boolean;
  deployment_type: string;
  database_type: string;
  secrets_store_type: string;
  auth_scheme: 'NO_AUTH' | 'HTTP_BASIC' | 'OAUTH2_PASSWORD_BEARER' | 'EXTERNAL' | (string & {});
  server_url: string | null;
  dashboard_url: string | null;
  analytics_enabled: boolean;
  metadata: Record<string, string>;
  last_user_activity: ZenmlTimestamp | null;
  pro_dashboard_url: string | null;
  pro_api_url: string | null;
  pro_organization_id: string | null;
  pro_organization_name: string | null;
  pro_workspace_id: string | null;
  pro_workspace_name: string | null;
}

export interface TokenInfo {
  access_token: string;
  token_type: string;
  expires_in: number | null;
  csrf_token: string | null;
}

export type LoginCredentials = { username: string; password?: string } | { apiKey: string };

export interface ClientOptions {
  /** Server root, e.g. `http://127.0.0.1:8237` (without `/api/v1`). */
  baseUrl: string;
  /** Bearer token to use (instead of login()). */
  token?: string;
  /** CSRF token issued with a cross-site login. */
  csrfToken?: string;
  /** Per attempt; default 30000; 0 = none. */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls on network errors, timeouts, 429, 502-504. Default 2. */
  retries?: number;
  /** 'omit' (default): never send cookies, so a stale cookie cannot override the token. */
  credentials?: 'omit' | 'include';
  /**
   * Largest response body accepted, in bytes (1 … 1073741824; default 67108864 = 64 MiB). A
   * longer body, success or error, rejects with `bad_response` before it is parsed; the request
   * is aborted as soon as Content-Length or the bytes received show it is too long.
   */
  maxResponseBytes?: number;
  /** Deepest JSON nesting accepted in a response (1 … 10000; default 256); deeper is `bad_response`. */
  maxDepth?: number;
  /**
   * The server's ZenML release (`major.minor.patch`, e.g. `'0.90.0'`), pinned: the client follows
   * its rules and never asks `GET /api/v1/info` for it. Default: learned from `/api/v1/info`.
   */
  serverVersion?: string;
  /**
   * How the wasm module is loaded, when this call loads it (the first createClient/ready):
   * `locateFile(file, folder)` returns the URL of `file` (`zenml_services.wasm`; `folder` is the
   * module's own), for a .wasm served elsewhere; `wasmBinary` gives the bytes themselves.
   */
  moduleOptions?: {
    locateFile?: (file: string, prefix: string) => string;
    wasmBinary?: ArrayBuffer | Uint8Array;
  };
}

export interface ZenmlClient {
  readonly baseUrl: string;
  /** The bearer token in use, '' when none. */
  readonly token: string;
  /** Calls not settled yet. */
  readonly pendingCalls: number;
  login(credentials: LoginCredentials, options?: CallOptions): Promise<TokenInfo>;
  logout(): void;
  /** Throws ZenmlError `invalid_argument` (keeping the old token) for values no HTTP header can carry. */
  setToken(token: string, csrfToken?: string): void;
  /** The CSRF token sent with every call ('' unless a cross-site login issued one). */
  readonly csrfToken: string;
  /**
   * The server's ZenML release, `major.minor.patch` (e.g. `'0.90.0'`; a suffix of the server's
   * version such as `.dev1` dropped), or as `createClient({ serverVersion })` pinned it; `null`
   * until known. The client's `validateFilter`, `toQuery`, `fromQuery` and `matchServices` follow
   * it once known (unless given another), and it can be handed to any function that takes
   * `{ serverVersion }`. The client learns it from `GET /api/v1/info`, once, before the
   * first `listServices` / `pages` / `services` (or from a `serverInfo()` call), and validates every
   * list query for that release before sending it: what it would misread rejects with
   * `invalid_argument` naming the release and the first release that reads it right. A release
   * newer than `filterSchema().newestKnown` gets the newest rules; lists on one older than
   * `oldestSupported` reject with `invalid_argument`. A failed `/api/v1/info` fails the call with
   * its error, and the next call asks again.
   */
  readonly serverVersion: string | null;
  /** GET /api/v1/info; also teaches the client `serverVersion` if it did not know it yet. */
  serverInfo(options?: CallOptions): Promise<ServerInfo>;
  /** The user the token belongs to. */
  currentUser(options?: CallOptions): Promise<NamedEntity>;
  /** A project by name or id, e.g. `(await zen.getProject('default')).id` for createService. */
  getProject(nameOrId: string, options?: CallOptions): Promise<NamedEntity>;
  listServices<const O extends ListOptions & CallOptions>(
    options?: CheckedListOptions<O>,
  ): Promise<Page<Service>>;
  /** Every matching page, from `page` (default 1) to the last. */
  pages<const O extends ListOptions & CallOptions>(
    options?: CheckedListOptions<O>,
  ): AsyncGenerator<Page<Service>, void, undefined>;
  /**
   * Every matching service, fetching pages as it goes. With `where`, the services are also
   * narrowed by conditions the server has no filter for (see `LocalWhere`): CLIENT-SIDE, so
   * every page the server's own filters return is fetched (cost: one request per page of the
   * server-filtered list, however few match) and `onProgress` reports the walk.
   */
  services<const O extends ListOptions & CallOptions & LocalWhereOptions>(
    options?: CheckedListOptions<O, ListOptions & CallOptions & LocalWhereOptions>,
  ): AsyncGenerator<Service, void, undefined>;
  /** One page of the projects the token may see (`GET /api/v1/projects`), sorted by name. */
  listProjects(options?: ProjectListOptions & CallOptions): Promise<Page<NamedEntity>>;
  getService(id: string, options?: { hydrate?: boolean } & CallOptions): Promise<Service>;
  createService(
    request: ServiceRequest,
    options?: { project?: string } & CallOptions,
  ): Promise<Service>;
  updateService(id: string, update: ServiceUpdate, options?: CallOptions): Promise<Service>;
  clearServiceFields(id: string, fields: ClearableField[], options?: CallOptions): Promise<Service>;
  deleteService(id: string, options?: CallOptions): Promise<void>;
  // The pure functions, also exported at module level (no client needed). On the client they
  // follow `serverVersion` once it is known (before: the newest known), unless `release` names one.
  /** null when valid, else the error the server's own rules would give. */
  validateFilter<const O extends ListOptions>(
    options: CheckedListOptions<O, ListOptions>,
    release?: ReleaseOptions,
  ): ZenmlError | null;
  /** The query string sent for these options. Throws ZenmlError when invalid. */
  toQuery<const O extends ListOptions>(
    options: CheckedListOptions<O, ListOptions>,
    release?: ReleaseOptions,
  ): string;
  /** The options a query string stands for (inverse of toQuery). Throws ZenmlError. */
  fromQuery(query: string, release?: ReleaseOptions): ListOptions;
  /** Filter, sort and page services in memory with the server's semantics. */
  matchServices<S extends Service, const O extends ListOptions = ListOptions>(
    services: S[],
    options?: CheckedListOptions<O, ListOptions>,
    release?: ReleaseOptions,
  ): Page<S>;
  /** The services that meet `where` (the caller's objects, in order). Throws ZenmlError. */
  matchWhere<S extends Service>(services: S[], where?: LocalWhere | null): S[];
  /** Aborts pending calls and frees the wasm instance. */
  close(): void;
}

/** `listProjects()`: which page (default 1) of how many projects (default 20, at most 10000). */
export interface ProjectListOptions {
  page?: number;
  size?: number;
}

/**
 * Conditions no ZenML release can filter on (ServiceFilter has neither state nor labels),
 * evaluated by the package on each service the server returns; all of them must hold.
 * `filterSchema().localFields` lists them.
 */
export interface LocalWhere {
  /** The service's `body.state` is this state or one of these (a service without one: none). */
  state?: KnownServiceState | KnownServiceState[] | null;
  /** `"key": "value"`: the label equals it exactly; `"key": true`: the label is present. */
  labels?: Record<string, string | true> | null;
}

/** Progress of a `services({ where })` walk, after each page. */
export interface LocalWhereProgress {
  /** Services fetched so far. */
  scanned: number;
  /** Of those, the ones that meet `where`. */
  matched: number;
  /** What the server's own filters match: the most `scanned` reaches. */
  total: number;
}

export interface LocalWhereOptions {
  where?: LocalWhere | null;
  onProgress?: (progress: LocalWhereProgress) => void;
}

export declare function createClient(options: ClientOptions): Promise<ZenmlClient>;

// ---- the pure functions at module level (no client, no network) ----
// Synchronous, like the client's methods, once the wasm module is loaded: `await ready()` once
// (createClient() loads it too). Called before that, they throw ZenmlError `invalid_argument`.

/**
 * Loads the wasm module (once; later calls resolve at once). Rejects with the load error.
 * `moduleOptions` (e.g. `locateFile`) apply if nothing is loaded yet.
 */
export declare function ready(moduleOptions?: ClientOptions['moduleOptions']): Promise<void>;
/**
 * The ZenML release whose rules a pure function follows: `serverVersion` is `major.minor.patch`
 * (`GET /api/v1/info` gives a server's `version`). Default: the newest known release
 * (`filterSchema().newestKnown`); a newer release is read as that one; one older than
 * `oldestSupported` is refused (`invalid_argument`).
 */
export interface ReleaseOptions {
  /** `null` (what a client's `serverVersion` is until it is known): the newest known. */
  serverVersion?: string | null;
}

/**
 * null when valid for that release, else the error (`invalid_argument`) its rules give: what its
 * server would refuse, and what it would misread (silently wrong pages), each message naming the
 * release and the first release that reads it right: an operator it does not know (before 0.95.0:
 * `notoneof`, `notcontains`, `isnull`, `isnotnull`), several conditions on one field (before
 * 0.95.0), an operator, an empty value or `logicalOperator: 'or'` on `type`, `flavor`,
 * `pipeline_name`, `pipeline_step_name` (before 0.93.3), `oneof:[]` in an OR with other
 * conditions (before 0.93.3), `user` with `oneof` (before 0.93.0), a sort it cannot do.
 */
export declare function validateFilter<const O extends ListOptions>(
  options: CheckedListOptions<O, ListOptions>,
  release?: ReleaseOptions,
): ZenmlError | null;
/**
 * The query string sent for these options to that release. Throws ZenmlError when invalid. An
 * `or` with no condition to combine is sent without `logical_operator` before 0.93.3 (those
 * releases would list no service; from 0.93.3 it means every service, as it does here).
 */
export declare function toQuery<const O extends ListOptions>(
  options: CheckedListOptions<O, ListOptions>,
  release?: ReleaseOptions,
): string;
/** The options a query string stands for (inverse of toQuery), read as that release reads it. Throws ZenmlError. */
export declare function fromQuery(query: string, release?: ReleaseOptions): ListOptions;
/**
 * Filter, sort and page services in memory with the semantics of that release's server: the
 * page `listServices(options)` gets from it (e.g. ties of a descending sort by id ascending
 * before 0.95.0, in the sort's direction from it).
 */
export declare function matchServices<S extends Service, const O extends ListOptions = ListOptions>(
  services: S[],
  options?: CheckedListOptions<O, ListOptions>,
  release?: ReleaseOptions,
): Page<S>;
/** The services that meet `where` (the caller's objects, in order). Throws ZenmlError. */
export declare function matchWhere<S extends Service>(
  services: S[],
  where?: LocalWhere | null,
): S[];
/**
 * The filter fields and operators the package validates with, as plain data (a fresh copy each
 * call), resolved for `serverVersion` (default: `newestKnown`, whose rules a newer server gets).
 */
export declare function filterSchema(options?: ReleaseOptions): FilterSchema;

/** The releases a rule holds for: from `since` up to, not including, `until` (absent: still holds). */
export interface ReleaseRange {
  since: string;
  until?: string;
}

export interface FilterOperatorSchema {
  name: FilterOperator;
  /** What follows `<name>:`. */
  value: FilterValueSyntax;
  /** The kinds of field that take it. */
  kinds: FilterKind[];
  /** Whether the server of `serverVersion` knows it (elsewhere it is read as part of a literal). */
  supported: boolean;
  releases: ReleaseRange | null;
  /** Narrower releases on some kinds (`oneof` on `user`: from 0.93.0), and what the server does outside them. */
  kindReleases: Array<ReleaseRange & { kinds: FilterKind[]; before: string }>;
}

/** A way the server reads a query as a whole that changed between releases (or may change). */
export interface ServerBehaviourSchema {
  name:
    | 'or_without_conditions_matches_all'
    | 'empty_list_in_or_matches_all'
    | 'empty_list_matches_all'
    | 'tiebreak_follows_direction'
    | 'numeric_compare_skips_zero'
    | 'bare_datetime_refused';
  /** Whether the server of `serverVersion` behaves so. */
  holds: boolean;
  /** What the server does on `releases`. */
  text: string;
  /** What it does on the supported releases outside them ('' when none). */
  before: string;
  releases: ReleaseRange | null;
}

export interface FilterFieldSchema {
  /** The query key, the key in `ListOptions.filter`, and the `sortBy` field. */
  name: FilterField;
  /** Its kind on `serverVersion`; null when that release has no such filter. */
  kind: FilterKind | null;
  /** The operators it takes on `serverVersion`, in table order. */
  operators: FilterOperator[];
  /** Whether `sortBy` takes it on `serverVersion`. */
  sortable: boolean;
  /** Whether `serverVersion` combines several conditions on it (else one only). */
  repeatable: boolean;
  /** Each rule for every release. */
  releases: {
    kinds: Array<ReleaseRange & { kind: FilterKind }>;
    sortable: ReleaseRange | null;
    repeatable: ReleaseRange | null;
  };
}

export interface FilterSchema {
  /** The release the resolved rules (`kind`, `operators`, `sortable`, …) are for. */
  serverVersion: string;
  /** The newest release whose rules are known: the default, and what a newer server is taken for. */
  newestKnown: string;
  oldestSupported: string;
  /** Whether `serverVersion` is a supported release (not older than `oldestSupported`). */
  supported: boolean;
  /** The release whose rules apply: `serverVersion`, or `newestKnown` for a newer one. */
  rulesOf: string;
  /**
   * `applied: false`: the server accepts such a parameter and ignores it. `combined: false`: it
   * AND-s the field's condition whatever `logicalOperator` says; `emptyIgnored`: it skips an empty value.
   */
  kinds: Array<{ name: FilterKind; applied: boolean; combined: boolean; emptyIgnored: boolean }>;
  operators: FilterOperatorSchema[];
  /** In query order. */
  fields: FilterFieldSchema[];
  behaviours: ServerBehaviourSchema[];
  /** The conditions only the client can apply (`services({ where })`), one per key of `where`. */
  localFields: LocalFieldSchema[];
}

export interface LocalFieldSchema {
  name: 'state' | 'labels';
  kind: 'state' | 'labels';
  /** The part of a service it reads, e.g. `body.state`. */
  reads: string;
  /** What the key takes, in words. */
  value: string;
  /** For `state`: the ServiceStates it may name. */
  values: string[];
}

/** The Emscripten module behind the clients (diagnostics; the embind surface is internal). */
export interface WasmModule {
  /** Requests handed to the browser and not yet settled, across all clients of this module. */
  liveFetches(): number;
  /** Live embind value handles (leak checks). */
  count_emval_handles(): number;
  /** The package version compiled into the module. */
  version(): string;
  [internal: string]: unknown;
}

/**
 * The shared module createClient() uses (the same Promise every time), or a new instance when
 * moduleOptions are given.
 */
export declare function loadModule(
  moduleOptions?: ClientOptions['moduleOptions'],
): Promise<WasmModule>;
