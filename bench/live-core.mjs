// End-to-end benchmark against a live ZenML server: the same GET through four clients,
// alternated call by call so that server and machine noise hit all of them alike.
// Runs unchanged in Node (bench/live-node.mjs) and in Chromium (bench/browser.mjs).
//
//   ours              zen.listServices(opts)            (wasm: validated, then JSON.parse)
//   fetch             fetch(url).then(r => r.json())     (no validation: the floor)
//   openapi-fetch     client.GET('/api/v1/services', { params: { query } })  (types from openapi-typescript)
//   openapi-fetch+zod the same, then the zod schema of bench/zod-schema.mjs
//
// Every variant requests the byte-identical URL (query from zen.toQuery), so a browser's
// preflight cache treats them alike.

import { summarize } from './decode-core.mjs';
import { makeSchemas } from './zod-schema.mjs';

export const LIVE_VARIANTS = ['ours', 'fetch', 'openapi-fetch', 'openapi-fetch+zod'];

export async function runLive({
  createClient,
  createOpenApiClient,
  z,
  url,
  token,
  configs,
  scanRounds = 3,
  log = () => {},
}) {
  const { Page } = makeSchemas(z);
  const zen = await createClient({ baseUrl: url, token, timeoutMs: 120000, retries: 0 });
  const api = createOpenApiClient({ baseUrl: url, headers: { Authorization: `Bearer ${token}` } });
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };

  function variantsFor(opts) {
    const qs = zen.toQuery(opts);
    const query = Object.fromEntries(new URLSearchParams(qs));
    const full = `${url}/api/v1/services?${qs}`;
    const viaApi = async () => {
      const { data, error } = await api.GET('/api/v1/services', { params: { query } });
      if (error) throw new Error(`openapi-fetch: ${JSON.stringify(error).slice(0, 200)}`);
      return data;
    };
    return {
      ours: () => zen.listServices(opts),
      fetch: async () => {
        const r = await fetch(full, { headers });
        if (!r.ok) throw new Error(`fetch: ${r.status}`);
        return r.json();
      },
      'openapi-fetch': viaApi,
      'openapi-fetch+zod': async () => Page.parse(await viaApi()),
    };
  }

  const pages = [];
  for (const { size, hydrate, rounds } of configs) {
    const opts = { size, hydrate, page: 1 };
    const run = variantsFor(opts);
    const check = await Promise.all(LIVE_VARIANTS.map((v) => run[v]()));
    for (const [i, p] of check.entries()) {
      if (p.items.length !== size || p.items[0].id !== check[0].items[0].id) {
        throw new Error(`${LIVE_VARIANTS[i]} returned a different page for size ${size}`);
      }
    }
    const bytes = new TextEncoder().encode(JSON.stringify(check[1])).length;
    const samples = Object.fromEntries(LIVE_VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < LIVE_VARIANTS.length; i++) {
        const v = LIVE_VARIANTS[(i + r) % LIVE_VARIANTS.length];
        const t0 = performance.now();
        await run[v]();
        samples[v].push(performance.now() - t0);
      }
    }
    const row = { size, hydrate, bytes, variants: {} };
    for (const v of LIVE_VARIANTS) row.variants[v] = summarize(samples[v]);
    for (const v of LIVE_VARIANTS)
      row.variants[v].ratio = row.variants[v].median / row.variants.fetch.median;
    log(
      `size ${size} hydrate ${hydrate}: ` +
        LIVE_VARIANTS.map((v) => `${v} ${row.variants[v].median.toFixed(1)} ms`).join(', '),
    );
    pages.push(row);
  }

  // Full scan: every service, 1,000 per page, through each client's natural loop.
  const scanOpts = { size: 1000, hydrate: false };
  const scans = {
    'ours (services() iterator)': async () => {
      let n = 0;
      for await (const s of zen.services(scanOpts)) n += s.id ? 1 : 0;
      return n;
    },
    fetch: async () => {
      let n = 0;
      for (let page = 1; ; page++) {
        const p = await variantsFor({ ...scanOpts, page }).fetch();
        n += p.items.length;
        if (page >= p.total_pages) return n;
      }
    },
    'openapi-fetch+zod': async () => {
      let n = 0;
      for (let page = 1; ; page++) {
        const p = await variantsFor({ ...scanOpts, page })['openapi-fetch+zod']();
        n += p.items.length;
        if (page >= p.total_pages) return n;
      }
    },
  };
  const scanNames = Object.keys(scans);
  const scanSamples = Object.fromEntries(scanNames.map((v) => [v, []]));
  let total = 0;
  for (let r = 0; r < scanRounds; r++) {
    for (let i = 0; i < scanNames.length; i++) {
      const v = scanNames[(i + r) % scanNames.length];
      const t0 = performance.now();
      const n = await scans[v]();
      scanSamples[v].push(performance.now() - t0);
      if (total && n !== total) throw new Error(`${v} scanned ${n} services, others ${total}`);
      total = n;
    }
  }
  const scan = { total, size: scanOpts.size, hydrate: scanOpts.hydrate, variants: {} };
  for (const v of scanNames) scan.variants[v] = summarize(scanSamples[v]);
  log(
    `full scan of ${total}: ` +
      scanNames.map((v) => `${v} ${(scan.variants[v].median / 1000).toFixed(2)} s`).join(', '),
  );
  zen.close();
  return { pages, scan };
}
