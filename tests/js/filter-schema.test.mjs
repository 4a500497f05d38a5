// The filter tables as the package exports them (filterSchema()), the module-level pure
// functions, and the proof that wasm/index.d.ts types the same fields, sort keys, operators,
// kinds and value syntaxes as the tables: a TypeScript file generated from filterSchema() must
// compile against the .d.ts, so a change to either side alone fails here. No server needed.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import * as pkg from '../../dist/node.js';
import { ROOT } from '../support/server.mjs';

const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');

// Runs first, in this process's fresh package: nothing is loaded yet.
test('the module-level functions need the module loaded, and say how', async () => {
  for (const [name, call] of [
    ['toQuery', () => pkg.toQuery({})],
    ['fromQuery', () => pkg.fromQuery('')],
    ['validateFilter', () => pkg.validateFilter({})],
    ['matchServices', () => pkg.matchServices([])],
    ['filterSchema', () => pkg.filterSchema()],
  ]) {
    assert.throws(
      call,
      (e) =>
        e instanceof pkg.ZenmlError &&
        e.code === 'invalid_argument' &&
        e.message ===
          `${name}: the wasm module is not loaded yet; \`await ready()\` once before calling it ` +
            '(createClient() loads it too)',
      name,
    );
  }
  assert.equal(await pkg.ready(), undefined);
  assert.equal(await pkg.ready(), undefined, 'a second ready() resolves at once');
  assert.equal(pkg.toQuery({ size: 5 }), 'size=5');
});

test('module-level functions equal the client methods and need no client', async () => {
  await pkg.ready();
  const opts = {
    filter: { name: ['startswith:svc-', 'equals:contains:x'], created: 'gte:2026-01-01 00:00:00' },
    sortBy: 'desc:name',
    size: 7,
  };
  const zen = await pkg.createClient({ baseUrl: 'http://127.0.0.1:9' }); // never contacted
  try {
    assert.equal(pkg.toQuery(opts), zen.toQuery(opts));
    assert.deepEqual(pkg.fromQuery(pkg.toQuery(opts)), zen.fromQuery(zen.toQuery(opts)));
    assert.equal(pkg.validateFilter(opts), null);
    const bad = { filter: { created: 'gte:yesterday' } };
    assert.equal(pkg.validateFilter(bad).message, zen.validateFilter(bad).message);
    const services = [
      {
        id: '1e5aaaaa-1111-4111-8111-111111111111',
        name: 'svc-a',
        body: null,
        metadata: null,
        resources: null,
      },
    ];
    assert.deepEqual(
      pkg.matchServices(services, { filter: { name: 'svc-a' } }),
      zen.matchServices(services, { filter: { name: 'svc-a' } }),
    );
    assert.equal(pkg.matchServices(services, {}).items[0], services[0], "the caller's own objects");
  } finally {
    zen.close();
  }
});

test('the pure functions follow the rules of { serverVersion } (default: the newest known)', async () => {
  await pkg.ready();
  const zen = await pkg.createClient({ baseUrl: 'http://127.0.0.1:9' }); // never contacted
  try {
    const notoneof = { filter: { name: 'notoneof:["a"]' } };
    assert.equal(pkg.validateFilter(notoneof), null);
    assert.equal(pkg.validateFilter(notoneof, { serverVersion: '0.95.0' }), null);
    const err = pkg.validateFilter(notoneof, { serverVersion: '0.94.6' });
    assert.ok(err instanceof pkg.ZenmlError && err.code === 'invalid_argument');
    assert.equal(
      err.message,
      'name: ZenML 0.94.6 does not know the operator notoneof (it would read "notoneof:["a"]" as a literal ' +
        'name); it arrived in 0.95.0; use one of equals, notequals, contains, startswith, endswith, oneof, gt, ' +
        'gte, lt, lte',
    );
    assert.equal(zen.validateFilter(notoneof, { serverVersion: '0.94.6' }).message, err.message);
    // the wire form: an OR over nothing goes without logical_operator where it would mean "none"
    assert.equal(pkg.toQuery({ logicalOperator: 'or' }, { serverVersion: '0.93.2' }), '');
    assert.equal(
      pkg.toQuery({ logicalOperator: 'or' }, { serverVersion: '0.93.3' }),
      'logical_operator=or',
    );
    assert.equal(zen.toQuery({ logicalOperator: 'or' }, { serverVersion: '0.93.2' }), '');
    // reading a query as that release does
    assert.throws(
      () => pkg.fromQuery('name=a&name=b', { serverVersion: '0.94.6' }),
      (e) => e.code === 'invalid_argument' && /ZenML 0\.94\.6 reads only the last/.test(e.message),
    );
    assert.deepEqual(pkg.fromQuery('type=startswith%3Am', { serverVersion: '0.93.3' }), {
      filter: { type: ['startswith:m'] },
    });
    assert.throws(
      () => zen.fromQuery('type=startswith%3Am', { serverVersion: '0.93.2' }),
      /arrived in 0\.93\.3/,
    );
    // local evaluation: ties of a descending sort (all model_version_id NULL) by id, ascending before 0.95.0
    const services = ['1', '2', '3'].map((d) => ({
      id: `${d}e5aaaaa-1111-4111-8111-111111111111`,
      name: `svc-${d}`,
      body: null,
      metadata: null,
      resources: null,
    }));
    const names = (page) => page.items.map((x) => x.name);
    const desc = { sortBy: 'desc:model_version_id' };
    assert.deepEqual(names(pkg.matchServices(services, desc)), ['svc-3', 'svc-2', 'svc-1']);
    assert.deepEqual(names(pkg.matchServices(services, desc, { serverVersion: '0.94.6' })), [
      'svc-1',
      'svc-2',
      'svc-3',
    ]);
    assert.deepEqual(names(zen.matchServices(services, desc, { serverVersion: '0.94.6' })), [
      'svc-1',
      'svc-2',
      'svc-3',
    ]);
    assert.throws(
      () => pkg.matchServices(services, { sortBy: 'type' }, { serverVersion: '0.93.2' }),
      /sort_by: ZenML 0\.93\.2 cannot sort services by type \(it answers 422\); sorting by type arrived in 0\.93\.3/,
    );
    // newer than the newest known: its rules; older than the oldest supported: refused
    assert.equal(pkg.validateFilter(notoneof, { serverVersion: '2.0.0' }), null);
    assert.match(
      pkg.validateFilter({}, { serverVersion: '0.79.0' }).message,
      /^serverVersion: ZenML 0\.79\.0 is older than 0\.80\.0, the oldest release this package supports/,
    );
    // the argument itself: read as filterSchema() reads its options
    assert.match(
      pkg.validateFilter({}, { serverVersion: 'latest' }).message,
      /^serverVersion: "latest" is not a ZenML release; write one like 0\.98\.0/,
    );
    assert.equal(
      pkg.validateFilter({}, { serverVersion: 98 }).message,
      'serverVersion: expected a string, got number',
    );
    assert.throws(
      () => pkg.toQuery({}, '0.98.0'),
      (e) =>
        e.message === "options: expected an object like { serverVersion: '0.98.0' }, got string",
    );
    assert.throws(
      () => pkg.matchServices([], {}, { serverVerison: '0.90.0' }),
      (e) => e.message === 'serverVerison: unknown option; did you mean serverVersion?',
    );
    assert.throws(
      () => pkg.fromQuery('', { serverVersion: 98 }),
      (e) => e.message === 'serverVersion: expected a string, got number',
    );
    assert.equal(pkg.toQuery({ size: 5 }, null), 'size=5');
    assert.equal(pkg.toQuery({ size: 5 }, {}), 'size=5');
  } finally {
    zen.close();
  }
});

test('operator typos are refused with the operator meant; equals: keeps the literal', async () => {
  await pkg.ready();
  const err = pkg.validateFilter({ filter: { name: 'startwith:svc-' } });
  assert.ok(err instanceof pkg.ZenmlError);
  assert.equal(err.code, 'invalid_argument');
  assert.equal(
    err.message,
    'name: "startwith" is not an operator, so ZenML would compare the whole text ' +
      '"startwith:svc-" literally; did you mean startswith? For that literal text, write equals:startwith:svc-',
  );
  assert.match(
    pkg.validateFilter({ filter: { name: 'StartsWith:svc-' } }).message,
    /did you mean startswith\?/,
  );
  assert.match(
    pkg.validateFilter({ filter: { type: ['batch', 'notequal:x'] } }).message,
    /^type: .*did you mean notequals\?/,
  );
  assert.throws(() => pkg.fromQuery('name=StartsWith%3Asvc-'), /did you mean startswith\?/);
  assert.throws(
    () => pkg.fromQuery(42),
    (e) => e.code === 'invalid_argument' && e.message === 'query: expected a string, got number',
  );
  assert.throws(
    () => pkg.toQuery({ filter: { name: 'startwith:x' } }),
    /did you mean startswith\?/,
  );
  assert.equal(pkg.validateFilter({ filter: { name: 'equals:startwith:svc-' } }), null);
  assert.equal(
    pkg.toQuery({ filter: { name: 'equals:startwith:x' } }),
    'name=equals%3Astartwith%3Ax',
  );
  assert.deepEqual(pkg.fromQuery('name=equals%3Astartwith%3Ax'), {
    filter: { name: ['equals:startwith:x'] },
  });
  assert.equal(
    pkg.validateFilter({ filter: { name: 'a:b' } }),
    null,
    'an ordinary colon is no typo',
  );
});

test('filterSchema(): the tables as plain data, for a release', async () => {
  await pkg.ready();
  const s = pkg.filterSchema();
  assert.equal(s.serverVersion, '0.98.0');
  assert.equal(s.newestKnown, '0.98.0');
  assert.notEqual(pkg.filterSchema(), s, 'a fresh copy each call');
  const byName = Object.fromEntries(s.fields.map((f) => [f.name, f]));
  assert.deepEqual(
    s.fields.map((f) => f.name),
    [
      'id',
      'created',
      'updated',
      'name',
      'user',
      'type',
      'flavor',
      'pipeline_name',
      'pipeline_step_name',
      'model_version_id',
      'pipeline_run_id',
      'running',
      'config',
    ],
  );
  assert.equal(byName.created.kind, 'datetime');
  assert.ok(
    byName.created.operators.includes('in') && !byName.created.operators.includes('contains'),
  );
  assert.ok(!byName.name.operators.includes('in') && byName.name.operators.includes('notoneof'));
  assert.equal(byName.running.kind, 'ignored_bool');
  assert.deepEqual(byName.running.operators, []);
  assert.equal(byName.running.sortable, false);
  assert.deepEqual(
    s.operators.find((o) => o.name === 'oneof'),
    {
      name: 'oneof',
      value: 'list',
      kinds: ['text', 'uuid', 'user'],
      supported: true,
      releases: { since: '0.80.0' },
      kindReleases: [
        {
          kinds: ['user'],
          since: '0.93.0',
          before: 'answers 400 (it turns the list into one text)',
        },
      ],
    },
  );
  // what the tables say is what validation does, field by field and operator by operator
  for (const f of s.fields) {
    if (f.kind === 'ignored_bool' || f.kind === 'ignored_text') continue;
    for (const o of s.operators) {
      const err = pkg.validateFilter({ filter: { [f.name]: `${o.name}:` } });
      const refusedForTheOperator = err?.message.startsWith(
        `${f.name}: operator "${o.name}" is not allowed`,
      );
      assert.equal(
        !refusedForTheOperator,
        f.operators.includes(o.name),
        `${f.name} ${o.name}: ${err?.message}`,
      );
    }
    assert.equal(pkg.validateFilter({ sortBy: `desc:${f.name}` }) === null, f.sortable, f.name);
  }
  assert.equal(
    pkg.filterSchema({ serverVersion: '0.79.0' }).fields[0].kind,
    null,
    'before the oldest supported',
  );
  assert.equal(
    pkg.filterSchema({ serverVersion: '1.4.0' }).fields[0].kind,
    'uuid',
    'newer: as the newest known',
  );
  assert.throws(
    () => pkg.filterSchema({ serverVersion: 'latest' }),
    (e) =>
      e.code === 'invalid_argument' &&
      /serverVersion: "latest" is not a ZenML release; write one like 0\.98\.0/.test(e.message),
  );
  // read like every other argument (include/zenml/input.hpp): one wording, "did you mean"
  assert.throws(
    () => pkg.filterSchema({ serverVersion: 98 }),
    (e) => e.message === 'serverVersion: expected a string, got number',
  );
  assert.throws(
    () => pkg.filterSchema('0.98.0'),
    (e) => e.message === "options: expected an object like { serverVersion: '0.98.0' }, got string",
  );
  assert.throws(
    () => pkg.filterSchema({ serverVerison: '0.98.0' }),
    (e) =>
      e.code === 'invalid_argument' &&
      e.message === 'serverVerison: unknown option; did you mean serverVersion?',
  );
});

function tsc(dir) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSC, '-p', dir, '--noEmit'],
      { encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ code: err ? err.code : 0, out: `${stdout}${stderr}` }),
    );
  });
}

test('wasm/index.d.ts types exactly the fields, sort keys, operators, kinds and syntaxes of the tables', async () => {
  assert.ok(existsSync(TSC), `${TSC} is missing: run npm ci (scripts/setup.sh)`);
  await pkg.ready();
  const s = pkg.filterSchema();
  const union = (names) => [...new Set(names)].map((n) => JSON.stringify(n)).join(' | ');
  const fields = union(s.fields.map((f) => f.name));
  // sortable on any release the tables know, as the .d.ts types one union for all releases
  const sortable = union(s.fields.filter((f) => f.releases.sortable !== null).map((f) => f.name));
  const operators = union(s.operators.map((o) => o.name));
  const kinds = union(s.kinds.map((k) => k.name));
  const syntaxes = union(s.operators.map((o) => o.value));
  const behaviours = union(s.behaviours.map((b) => b.name));
  const valueType = (f) => {
    const ks = new Set(f.releases.kinds.map((k) => k.kind));
    if (ks.has('ignored_bool')) return 'boolean';
    if (ks.has('ignored_text')) return 'string';
    return 'Condition';
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'zsw-schema-types-'));
  try {
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: [],
          lib: ['ES2022', 'DOM'],
          paths: { 'zenml-services-wasm': [path.join(ROOT, 'wasm', 'index.d.ts')] },
        },
        files: ['check.ts'],
      }),
    );
    const check = `// generated by tests/js/filter-schema.test.mjs from filterSchema()
import type { Condition, FilterField, FilterKind, FilterOperator, FilterValueSyntax, ServerBehaviourSchema,
  ServiceFilterFields, SortField } from 'zenml-services-wasm';
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const same = <T extends true>(_: T): void => {};
same<Equals<FilterField, ${fields}>>(true);
same<Equals<keyof ServiceFilterFields, ${fields}>>(true);
same<Equals<SortField, ${sortable}>>(true);
same<Equals<FilterOperator, ${operators}>>(true);
same<Equals<FilterKind, ${kinds}>>(true);
same<Equals<FilterValueSyntax, ${syntaxes}>>(true);
same<Equals<ServerBehaviourSchema['name'], ${behaviours}>>(true);
${s.fields.map((f) => `same<Equals<Required<ServiceFilterFields>[${JSON.stringify(f.name)}], ${valueType(f)}>>(true);`).join('\n')}
// the check can fail: one name fewer is not equal
// @ts-expect-error
same<Equals<FilterOperator, Exclude<${operators}, ${JSON.stringify(s.operators[0].name)}>>>(true);
`;
    writeFileSync(path.join(dir, 'check.ts'), check);
    const r = await tsc(dir);
    assert.equal(
      r.code,
      0,
      `the .d.ts and filterSchema() disagree:\n${r.out}\n--- check.ts ---\n${check}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the dashboard's filter bar offers what filterSchema() says and gets the package's typo message", async () => {
  await pkg.ready();
  const bar = await import('../../web/js/filters.js');
  const schema = pkg.filterSchema();
  bar.initFilters(schema);
  // every field the server applies, none it ignores; each with the schema's operators
  const applied = schema.fields.filter((f) => schema.kinds.find((k) => k.name === f.kind).applied);
  assert.deepEqual(bar.FIELDS.map((f) => f.name).sort(), applied.map((f) => f.name).sort());
  for (const f of applied) assert.deepEqual(bar.opsFor(f.name), f.operators, f.name);
  assert.equal(bar.FIELDS[0].name, 'name', 'text fields first');
  assert.deepEqual(
    bar.ALL_OPS,
    schema.operators.map((o) => o.name),
  );
  assert.deepEqual([...bar.NO_VALUE_OPS], ['isnull', 'isnotnull']);
  assert.deepEqual([...bar.LIST_OPS], ['oneof', 'notoneof']);
  // "is" + a misspelt operator: the builder's chip is checked as written
  const typo = bar.chipFromBuilder('name', 'equals', 'startwith:svc-');
  assert.match(
    pkg.validateFilter({ filter: bar.chipsToFilter([typo]) }).message,
    /did you mean startswith\? For that literal text, write equals:startwith:svc-$/,
  );
  // the literal, as the message says; and a real operator typed into the box
  const literal = bar.chipFromBuilder('name', 'equals', 'equals:startwith:svc-');
  assert.equal(pkg.validateFilter({ filter: bar.chipsToFilter([literal]) }), null);
  assert.equal(bar.chipText(literal), 'Name is "startwith:svc-"');
  assert.equal(
    bar.chipText(bar.chipFromBuilder('name', 'equals', 'startswith:svc-')),
    'Name starts with "svc-"',
  );
  assert.equal(
    bar.chipText(bar.chipFromBuilder('name', 'contains', 'startwith:x')),
    'Name contains "startwith:x"',
  );
  // chips from a URL are sent explicitly, whatever their value
  const { chips } = bar.filterToChips(
    pkg.fromQuery(
      'name=equals%3Astartwith%3Ax&created=in%3A2026-01-01%2000%3A00%3A00%2C2026-02-01%2000%3A00%3A00',
    ).filter,
  );
  assert.equal(
    pkg.toQuery({ filter: bar.chipsToFilter(chips) }),
    'created=in%3A2026-01-01%2000%3A00%3A00%2C2026-02-01%2000%3A00%3A00&name=equals%3Astartwith%3Ax',
  );
  assert.equal(
    bar.chipText(chips[0]),
    'Created between 2026-01-01 00:00:00 and 2026-02-01 00:00:00',
  );
});
