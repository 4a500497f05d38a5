// Writes the seed corpora of the fuzz targets from the recorded server responses in
// tests/fixtures/live/ (which wrap each body in {request, status, headers, body}), plus a few
// hand-written filter shapes. The output is committed; re-run after re-recording fixtures:
//   node tests/fuzz/make-corpus.mjs

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const live = path.join(here, '..', 'fixtures', 'live');
const out = path.join(here, 'corpus');

const fixtures = readdirSync(live)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f, ...JSON.parse(readFileSync(path.join(live, f), 'utf8')) }));

function writeAll(target, seeds) {
  const dir = path.join(out, target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const s of seeds) {
    const buf = Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8');
    writeFileSync(path.join(dir, createHash('sha1').update(buf).digest('hex').slice(0, 16)), buf);
  }
  console.log(`${target}: ${seeds.length} seeds`);
}

// codec_fuzz: the raw bodies exactly as the server sent them, and the answers of every recorded
// release's shape (tests/fixtures/compat/ keeps them parsed: compact JSON here).
const compatDir = path.join(here, '..', 'fixtures', 'compat');
const compat = readdirSync(compatDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.stringify(JSON.parse(readFileSync(path.join(compatDir, f), 'utf8')).body));
writeAll('codec_fuzz', [
  ...new Set([
    ...fixtures.map((f) => f.body).filter((b) => typeof b === 'string' && b.length),
    ...compat,
  ]),
]);

// filter_fuzz: every query the recordings used, hand-written shapes, and JS options objects.
const queries = fixtures
  .map((f) => f.request.path)
  .filter((p) => p.includes('?'))
  .map((p) => p.slice(p.indexOf('?') + 1));
queries.push(
  'name=startswith%3Asvc-&name=endswith%3A-a&logical_operator=or&sort_by=desc%3Acreated&page=2&size=50&hydrate=true',
  'name=oneof%3A%5B%22a%22%2C%22b%22%5D&type=notoneof%3A%5B%5D&flavor=contains%3A%25',
  'created=in%3A2026-01-01%2000%3A00%3A00%2C2026-12-31%2023%3A59%3A59&updated=gte%3A2026-01-01%2000%3A00%3A00',
  'id=startswith%3Ab6dd85bc&model_version_id=isnull%3A&pipeline_run_id=isnotnull%3A',
  'user=contains%3ASecond%20Seed&scope_user=3fa85f64-5717-4562-b3fc-2c963f66afa6&project=default',
  'pipeline_name=notequals%3Atraining_pipeline&pipeline_step_name=gt%3A41&running=true&config=%7B%7D',
  'name=a%3Ab&name=equals%3Acontains%3Ax&name=x%26y%3Dz&name=%C3%BC%C3%B1%C3%AF',
  'sort_by=user&logical_operator=and&size=10000',
  '?name=svc#fragment',
  'http://127.0.0.1:8237/api/v1/services?name=svc-1',
);
const options = [
  {
    filter: {
      name: ['startswith:svc-', 'endswith:-a'],
      type: 'model-serving',
      created: 'gte:2026-01-01 00:00:00',
    },
    logicalOperator: 'and',
    sortBy: 'desc:created',
    page: 1,
    size: 50,
    hydrate: false,
  },
  {
    filter: {
      id: 'oneof:["3fa85f64-5717-4562-b3fc-2c963f66afa6"]',
      user: 'admin',
      running: true,
      config: '{}',
    },
    project: 'default',
    scopeUser: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  },
  {
    filter: { updated: 'in:2026-01-01 00:00:00,2026-02-01 00:00:00', pipeline_name: null },
    sortBy: 'name',
  },
  { filter: { nmae: 'x' } },
  { page: 1.0, size: 1e3, signal: null },
];
writeAll('filter_fuzz', [...queries, ...options.map((o) => JSON.stringify(o))]);

// local_query_fuzz: <mode byte><query>\n<body>. mode % 3: 0 page, 1 JSON array of services,
// 2 services built from the bytes; 0x80 forces OR, 0x40 tries every sort field, 0x20 descending.
const pages = fixtures
  .filter(
    (f) =>
      f.status === 200 &&
      f.request.method === 'GET' &&
      f.request.path.startsWith('/api/v1/services?'),
  )
  .map((f) => f.body);
const lq = [];
const lqQueries = [
  '',
  'name=startswith%3Asvc-',
  'sort_by=desc%3Aname&size=2',
  'logical_operator=or&type=model-serving&name=contains%3A1',
  'created=gte%3A2020-01-01%2000%3A00%3A00&sort_by=updated',
  'user=admin&sort_by=user',
  'page=2&size=1',
  'id=startswith%3A0&name=oneof%3A%5B%22svc-000%22%5D',
];
for (const body of pages) {
  const items = JSON.stringify(JSON.parse(body).items);
  for (const q of lqQueries) {
    lq.push(Buffer.concat([Buffer.from([0x00]), Buffer.from(`${q}\n${body}`)]));
    lq.push(Buffer.concat([Buffer.from([0x61]), Buffer.from(`${q}\n${items}`)]));
  }
}
for (const q of lqQueries) {
  const bytes = createHash('sha512').update(q).digest();
  lq.push(Buffer.concat([Buffer.from([0x02]), Buffer.from(`${q}\n`), bytes, bytes]));
  lq.push(Buffer.concat([Buffer.from([0xe2]), Buffer.from(`${q}\n`), bytes]));
}
writeAll('local_query_fuzz', lq);
