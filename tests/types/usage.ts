// Compile-time check of the public types (wasm/index.d.ts, shipped as dist/index.d.ts):
//   npx tsc -p tests/types --noEmit
// Never run; it only has to type-check (strict), and every `@ts-expect-error` line must be an
// error, so wrong usage stays rejected.
import {
  type ClearableField,
  type ClientOptions,
  createClient,
  ERROR_CODES,
  type ErrorCode,
  type ErrorReason,
  type FilterField,
  type FilterFieldSchema,
  type FilterKind,
  type FilterOperator,
  type FilterOperatorSchema,
  type FilterSchema,
  type FilterValueSyntax,
  filterSchema,
  fromQuery,
  type KnownServiceState,
  type ListOptions,
  type LocalFieldSchema,
  type LocalWhere,
  type LocalWhereProgress,
  loadModule,
  matchServices,
  matchWhere,
  type NamedEntity,
  type Page,
  type ReleaseOptions,
  ready,
  type ServerBehaviourSchema,
  type ServerInfo,
  type Service,
  type ServiceFilterFields,
  type ServiceRequest,
  type ServiceState,
  type ServiceUpdate,
  type SortBy,
  type TokenInfo,
  toQuery,
  validateFilter,
  type WasmModule,
  type ZenmlClient,
  ZenmlError,
} from 'zenml-services-wasm';

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_: T): void {}

async function main(signal: AbortSignal): Promise<void> {
  const options: ClientOptions = {
    baseUrl: 'http://127.0.0.1:8237',
    timeoutMs: 30000,
    retries: 2,
    credentials: 'omit',
    moduleOptions: { locateFile: (file, prefix) => `${prefix}${file}` },
  };
  const zen: ZenmlClient = await createClient(options);
  const withToken = await createClient({
    baseUrl: 'http://127.0.0.1:8237',
    token: 't',
    csrfToken: 'c',
    credentials: 'include',
  });
  withToken.close();
  const fixed = await createClient({ baseUrl: 'http://127.0.0.1:8237', serverVersion: '0.90.0' });
  const learned: string | null = fixed.serverVersion;
  const onItsRelease: FilterSchema = filterSchema({ serverVersion: learned });
  fixed.validateFilter({ filter: { name: 'notoneof:["a"]' } }); // its release's rules
  fixed.close();

  const tok: TokenInfo = await zen.login({ username: 'admin', password: 'pw' }, { signal });
  const tokenText: string = tok.access_token;
  const expires: number | null = tok.expires_in;
  await zen.login({ apiKey: 'ZENKEY_abc' });
  zen.setToken(tokenText);
  zen.setToken(tokenText, 'csrf');
  zen.logout();
  const base: string = zen.baseUrl;
  const current: string = zen.token;
  const pending: number = zen.pendingCalls;

  const info: ServerInfo = await zen.serverInfo({ signal });
  const version: string = info.version;
  const deployment: string = info.deployment_type;
  const lastActivity: string | null = info.last_user_activity;
  void [deployment, lastActivity];
  // @ts-expect-error misspelt field of the server info
  void info.verison;
  // @ts-expect-error misspelt field of the token
  void tok.acess_token;
  if (info.auth_scheme === 'OAUTH2_PASSWORD_BEARER' || info.auth_scheme === 'something-newer') {
    /* open string union */
  }

  const list: ListOptions = {
    filter: {
      name: ['startswith:svc-', 'endswith:-a'],
      created: 'gte:2026-01-01 00:00:00',
      user: 'admin',
      type: 'model-serving',
      flavor: ['oneof:["mlflow","seldon"]'],
      pipeline_name: 'isnull:',
      id: 'startswith:b6dd85bc',
      running: true,
    },
    logicalOperator: 'or',
    sortBy: 'desc:created',
    page: 1,
    size: 50,
    hydrate: false,
    project: 'default',
    scopeUser: '00000000-0000-0000-0000-000000000000',
  };
  const page: Page<Service> = await zen.listServices({ ...list, signal });
  const pageFields: [number, number, number, number] = [
    page.index,
    page.max_size,
    page.total_pages,
    page.total,
  ];
  for (const s of page.items) {
    const id: string = s.id;
    const name: string = s.name;
    // what every ZenML release sends is typed as present: body and resources, never null
    const state: ServiceState | null = s.body.state;
    const flavor: string = s.body.service_type.flavor;
    const config: Record<string, unknown> | undefined = s.metadata?.config;
    const userName: string | undefined = s.resources.user?.name;
    const denied: boolean = s.permission_denied;
    void [id, name, state, flavor, config, userName, denied];
    // @ts-expect-error misspelt field of a service
    void s.nmae;
    // @ts-expect-error misspelt field of the body
    void s.body.stat;
    // @ts-expect-error misspelt field of the metadata
    void s.metadata?.confg;
    // @ts-expect-error misspelt field of the resources
    void s.resources.usr;
    // @ts-expect-error metadata is null unless hydrated
    void s.metadata.config;
  }
  for await (const s of zen.services({ filter: { name: 'contains:a' }, size: 500, signal })) {
    const created: string = s.body.created;
    void created;
  }
  // @ts-expect-error misspelt page field
  void page.totl;

  const req: ServiceRequest = {
    project: '00000000-0000-0000-0000-000000000000',
    name: 'svc',
    service_type: { type: 'model-serving', flavor: 'mlflow' },
    config: { model: 'x', replicas: 2 },
    admin_state: 'active',
    labels: { team: 'a' },
    status: { state: 'active' },
    prediction_url: 'http://127.0.0.1:9000/predict',
  };
  const created: Service = await zen.createService(req, { project: 'default', signal });
  const one: Service = await zen.getService(created.id, { hydrate: true, signal });
  const upd: ServiceUpdate = { admin_state: 'inactive', labels: { team: 'b' }, name: 'renamed' };
  const updated: Service = await zen.updateService(one.id, upd, { signal });
  const fields: ClearableField[] = ['labels', 'status', 'endpoint'];
  await zen.clearServiceFields(updated.id, fields);
  // biome-ignore lint/suspicious/noConfusingVoidType: deleteService resolves to nothing
  const deleted: void = await zen.deleteService(updated.id, { signal });

  const invalid: ZenmlError | null = zen.validateFilter(list);
  const query: string = zen.toQuery(list);
  const back: ListOptions = zen.fromQuery(query);
  // matchServices keeps the caller's own element type
  const mine: Array<Service & { pinned: boolean }> = page.items.map((s) => ({
    ...s,
    pinned: false,
  }));
  const local: Page<Service & { pinned: boolean }> = zen.matchServices(mine, back);
  const pinned: boolean | undefined = local.items[0]?.pinned;

  try {
    await zen.getService('00000000-0000-0000-0000-000000000000');
  } catch (e) {
    if (e instanceof ZenmlError) {
      const code: ErrorCode = e.code;
      const status: number = e.status;
      const exceptionType: string = e.exceptionType;
      const body: string = e.body;
      const retryAfter: number | undefined = e.retryAfter;
      const name: 'ZenmlError' = e.name;
      const message: string = e.message;
      const asError: Error = e;
      void [code, status, exceptionType, body, retryAfter, name, message, asError];
      switch (
        e.code // narrowing on the code: every member is a known literal
      ) {
        case 'not_found':
          break;
        case 'unauthorized':
        case 'forbidden':
          break;
        case 'timeout':
        case 'network':
        case 'aborted':
          break;
        case 'conflict':
        case 'validation':
        case 'bad_request':
        case 'rate_limited':
        case 'server':
        case 'bad_response':
        case 'invalid_argument':
        case 'wasm_load':
          break;
        default: {
          const never: never = e.code; // fails to compile if a code is added and not handled here
          void never;
        }
      }
      if (e.code === 'rate_limited' && e.retryAfter !== undefined) {
        const wait: number = e.retryAfter * 1000;
        void wait;
      }
      if (e.reason === 'page_out_of_range') {
        // a page past the end: go to the last one
        const last: number | undefined = e.maxPage;
        void last;
      }
      if (e.reason === 'write_accepted' && e.id) {
        // stored, answer unreadable: read it back
        const stored: Promise<Service> = zen.getService(e.id);
        void stored;
      }
    }
  }
  const codes: readonly ErrorCode[] = ERROR_CODES;
  const known: KnownServiceState = 'scaled_to_zero';
  const future: ServiceState = 'some_state_from_a_newer_server';
  const sorts: SortBy[] = ['name', 'asc:type', 'desc:pipeline_step_name', 'desc:user'];
  const filterFields: ServiceFilterFields = {
    updated: ['gt:2026-01-01 00:00:00', 'lt:2027-01-01 00:00:00'],
  };
  // literal conditions that compile: known operators, bare values (a datetime's ':' is no
  // operator), equals: before a literal that holds ':', and text only known at run time
  const dynamic: string = String(Date.now());
  const names: string[] = [dynamic];
  await zen.listServices({
    filter: {
      name: ['startswith:svc-', 'equals:team:a', names[0] ?? ''],
      created: '2026-01-01 00:00:00',
      updated: 'in:2026-01-01 00:00:00,2026-12-31 23:59:59',
      user: dynamic,
      flavor: names,
      pipeline_name: 'isnull:',
      running: false,
    },
  });
  const kept = { filter: { name: 'startwith:svc-' } }; // widened to string: checked at run time
  await zen.listServices(kept);

  const M: WasmModule = await loadModule();
  const live: number = M.liveFetches();
  const handles: number = M.count_emval_handles();
  assertType<Equals<ReturnType<typeof M.version>, string>>(true);
  assertType<Equals<Awaited<ReturnType<ZenmlClient['deleteService']>>, void>>(true);
  assertType<Equals<ZenmlError['code'], ErrorCode>>(true);
  assertType<Equals<ZenmlError['reason'], ErrorReason | undefined>>(true);

  zen.close();
  void [
    learned,
    onItsRelease,
    expires,
    base,
    current,
    pending,
    version,
    pageFields,
    deleted,
    invalid,
    pinned,
    codes,
    known,
    future,
    sorts,
    filterFields,
    live,
    handles,
  ];

  // ---- wrong usage must not compile ----

  // @ts-expect-error baseUrl is required
  await createClient({ token: 't' });
  // @ts-expect-error credentials is 'omit' | 'include'
  await createClient({ baseUrl: 'http://x', credentials: 'same-origin' });
  // @ts-expect-error serverVersion is a release like '0.90.0'
  await createClient({ baseUrl: 'http://x', serverVersion: 0.9 });
  // @ts-expect-error serverVersion is read-only
  zen.serverVersion = '0.90.0';
  // @ts-expect-error unknown sort field
  await zen.listServices({ sortBy: 'desc:nope' });
  // @ts-expect-error `state` is not sortable (no such column on 0.98.0)
  await zen.listServices({ sortBy: 'asc:state' });
  // @ts-expect-error logicalOperator is 'and' | 'or'
  await zen.listServices({ logicalOperator: 'xor' });
  // @ts-expect-error misspelled filter field
  await zen.listServices({ filter: { nmae: 'x' } });
  // @ts-expect-error misspelled filter field next to a right one
  await zen.listServices({ filter: { name: 'x', nmae: 'x' } });
  // @ts-expect-error misspelled list option next to a right one
  await zen.listServices({ size: 5, sortyBy: 'name' });
  // @ts-expect-error misspelled sort field
  await zen.listServices({ sortBy: 'desc:nmae' });
  // @ts-expect-error misspelled sort direction
  await zen.listServices({ sortBy: 'dsc:name' });
  // @ts-expect-error misspelled operator (ZenML would look for the name "startwith:svc-")
  await zen.listServices({ filter: { name: 'startwith:svc-' } });
  // @ts-expect-error an operator in the wrong case
  await zen.listServices({ filter: { name: 'StartsWith:svc-' } });
  // @ts-expect-error a misspelled operator among repeated conditions
  await zen.listServices({ filter: { name: ['startswith:svc-', 'endwith:-a'] } });
  // @ts-expect-error a word before ':' that is no operator: write equals:team:a for that literal
  await zen.listServices({ filter: { user: 'team:a' } });
  // @ts-expect-error misspelled operator in the iterators too
  zen.services({ filter: { flavor: 'oneOf:["a"]' } });
  // @ts-expect-error and in the pure functions
  zen.toQuery({ filter: { created: 'gt_e:2026-01-01 00:00:00' } });
  // @ts-expect-error misspelled update field
  await zen.updateService('id', { admin_sate: 'inactive' });
  // @ts-expect-error misspelled update field
  await zen.updateService('id', { lables: { team: 'a' } });
  // @ts-expect-error page is a number
  await zen.listServices({ page: '2' });
  // @ts-expect-error admin_state takes only the known states
  await zen.updateService('id', { admin_state: 'running' });
  // @ts-expect-error config cannot be updated
  await zen.updateService('id', { config: {} });
  // @ts-expect-error labels are string-valued
  await zen.updateService('id', { labels: { n: 1 } });
  // @ts-expect-error a ServiceRequest needs project, name, service_type and config
  await zen.createService({ name: 'x', service_type: { type: 't', flavor: 'f' }, config: {} });
  // @ts-expect-error service_type needs a flavor
  await zen.createService({ ...req, service_type: { type: 't' } });
  // @ts-expect-error only labels, status and endpoint can be cleared
  await zen.clearServiceFields('id', ['name']);
  // @ts-expect-error login takes { username, password? } or { apiKey }
  await zen.login({ user: 'admin' });
  // @ts-expect-error ids are strings
  await zen.getService(42);
  // @ts-expect-error hydrate is a boolean
  await zen.getService('id', { hydrate: 'yes' });
  // @ts-expect-error signal must be an AbortSignal
  await zen.serverInfo({ signal: 'stop' });
  // @ts-expect-error not an error code
  const badCode: ErrorCode = 'teapot';
  // @ts-expect-error not an error reason
  const badReason: ErrorReason = 'page_gone';
  // @ts-expect-error ZenmlError fields are read-only
  if (invalid) invalid.code = 'timeout';
  void [badCode, badReason];
}

void main;

// Added: project/user lookups and the page iterator.
async function lookups(zen: ZenmlClient): Promise<void> {
  const project: NamedEntity = await zen.getProject('default');
  const me: NamedEntity = await zen.currentUser();
  const fullName: unknown = me.body?.full_name;
  void fullName;
  // @ts-expect-error misspelt field of a user
  void me.nmae;
  const csrf: string = zen.csrfToken;
  for await (const p of zen.pages({ size: 100 })) {
    const n: number = p.total;
    void n;
  }
  void project.id;
  void me.name;
  void csrf;
}
void lookups;

// Added: the pure functions at module level and the filter tables.
async function pureFunctions(services: Service[]): Promise<void> {
  await ready();
  await ready({ locateFile: (file) => `/assets/${file}` });
  const err: ZenmlError | null = validateFilter({ filter: { name: 'startswith:svc-' } });
  const q: string = toQuery({ filter: { name: 'equals:startwith:x' }, sortBy: 'desc:created' });
  const back: ListOptions = fromQuery(q);
  const page: Page<Service> = matchServices(services, back);
  const schema: FilterSchema = filterSchema();
  const old: FilterSchema = filterSchema({ serverVersion: '0.83.1' });
  for (const f of schema.fields) {
    const name: FilterField = f.name;
    const kind: FilterKind | null = f.kind;
    const ops: FilterOperator[] = f.operators;
    const sortable: boolean = f.sortable;
    const since: string | undefined = f.releases.sortable?.since;
    void [name, kind, ops, sortable, since];
  }
  const op: FilterOperatorSchema | undefined = schema.operators[0];
  const syntax: FilterValueSyntax | undefined = op?.value;
  const field: FilterFieldSchema | undefined = old.fields[0];
  void [err, page, syntax, field];
  // every pure function follows the rules of a release
  const release: ReleaseOptions = { serverVersion: '0.90.0' };
  const errOld: ZenmlError | null = validateFilter({ filter: { name: 'notoneof:["a"]' } }, release);
  const qOld: string = toQuery({ logicalOperator: 'or' }, release);
  const backOld: ListOptions = fromQuery(qOld, { serverVersion: '0.93.3' });
  const pageOld: Page<Service> = matchServices(services, backOld, release);
  const behaviour: ServerBehaviourSchema | undefined = old.behaviours[0];
  const holds: boolean | undefined = behaviour?.holds;
  const rulesOf: string = old.rulesOf;
  const byKind: string | undefined = old.operators[0]?.kindReleases[0]?.since;
  void [errOld, pageOld, holds, rulesOf, byKind, old.supported, old.kinds[0]?.combined];
  // @ts-expect-error the release is an options object, not a string
  toQuery({}, '0.90.0');

  // @ts-expect-error serverVersion is a string like '0.98.0'
  filterSchema({ serverVersion: 98 });
  // @ts-expect-error not an operator
  const badOp: FilterOperator = 'like';
  // @ts-expect-error not a filter field
  const badField: FilterField = 'state';
  // @ts-expect-error the pure functions are synchronous
  await toQuery({}).then(() => {});
  // @ts-expect-error misspelled operator in a module-level pure function
  validateFilter({ filter: { name: 'contain:x' } });
  // @ts-expect-error misspelled operator in matchServices
  matchServices(services, { filter: { type: 'Equals:model-serving' } });
  // @ts-expect-error a pure function takes no signal
  toQuery({ signal: AbortSignal.timeout(1) });
  void [badOp, badField];
}
void pureFunctions;

// services({ where }): conditions only the client applies; listProjects(); matchWhere().
async function localWhereAndProjects(zen: ZenmlClient, services: Service[]) {
  const progress: LocalWhereProgress[] = [];
  for await (const s of zen.services({
    filter: { type: 'model-serving' },
    where: { state: ['error', 'active'], labels: { env: 'prod', gpu: true } },
    onProgress: (p) => progress.push(p),
    signal: AbortSignal.timeout(1000),
  })) {
    const st: string | null = s.body.state;
    void st;
  }
  const one: LocalWhere = { state: 'error' };
  const kept: Service[] = matchWhere(services, one);
  const alsoKept: Service[] = zen.matchWhere(services, null);
  const projects: Page<NamedEntity> = await zen.listProjects({ page: 1, size: 50 });
  const names: string[] = projects.items.map((p) => p.name);
  const local: LocalFieldSchema[] = filterSchema().localFields;
  void [kept, alsoKept, names, local];
  // @ts-expect-error not a ServiceState
  zen.services({ where: { state: 'broken' } });
  // @ts-expect-error a label condition is a string or true
  zen.services({ where: { labels: { env: 3 } } });
  // @ts-expect-error false is no label condition (omit the key)
  matchWhere(services, { labels: { gpu: false } });
  // @ts-expect-error listProjects takes page and size only
  zen.listProjects({ sortBy: 'name' });
}
void localWhereAndProjects;
