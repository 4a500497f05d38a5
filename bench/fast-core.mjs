// The client's share: the same GET against a server that answers instantly (bench/fast-server.mjs),
// so the time is the client's own (request, transport, body, validation, objects), not ZenML's.
// Runs unchanged in Node (bench/fast-node.mjs) and in Chromium (bench/browser.mjs fast).
//
//   ours    zen.listServices({ size, hydrate: true })         the package as an npm user gets it
//   fetch   fetch(url, { headers }).then((r) => r.json())      the same URL and headers, no validation
//
// Alternated call by call, the order swapped every round; medians of `rounds(count)` rounds.

import { summarize } from './decode-core.mjs';

export const FAST_VARIANTS = ['ours', 'fetch'];
export const FAST_SIZES = [100, 1000, 5000];
export const fastRounds = (n) => (n <= 100 ? 200 : n <= 1000 ? 60 : 30);

export async function runFast({
  createClient,
  url,
  sizes = FAST_SIZES,
  rounds = fastRounds,
  log = () => {},
}) {
  const token = 'bench';
  const zen = await createClient({
    baseUrl: url,
    token,
    timeoutMs: 60000,
    retries: 0,
    serverVersion: '0.98.0', // the fast server answers only /api/v1/services
  });
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` }; // what the client sends
  const results = [];
  for (const count of sizes) {
    const opts = { size: count, hydrate: true };
    const full = `${url}/api/v1/services?${zen.toQuery(opts)}`;
    const run = {
      ours: () => zen.listServices(opts),
      fetch: async () => {
        const r = await fetch(full, { headers });
        if (!r.ok) throw new Error(`fetch: ${r.status}`);
        return r.json();
      },
    };
    // correctness first: both give the same page
    const [a, b] = [await run.ours(), await run.fetch()];
    const text = JSON.stringify(b);
    if (b.items.length !== count || JSON.stringify(a) !== text)
      throw new Error(`ours and fetch differ for ${count} items`);
    const bytes = new TextEncoder().encode(text).length;
    for (let i = 0; i < 5; i++) for (const v of FAST_VARIANTS) await run[v](); // warm-up
    const samples = Object.fromEntries(FAST_VARIANTS.map((v) => [v, []]));
    const R = rounds(count);
    for (let r = 0; r < R; r++) {
      for (let i = 0; i < FAST_VARIANTS.length; i++) {
        const v = FAST_VARIANTS[(i + r) % FAST_VARIANTS.length];
        const t0 = performance.now();
        await run[v]();
        samples[v].push(performance.now() - t0);
      }
    }
    const row = { count, bytes, variants: {} };
    for (const v of FAST_VARIANTS) row.variants[v] = summarize(samples[v]);
    row.ratio = row.variants.ours.median / row.variants.fetch.median;
    log(
      `${count} items (${(bytes / 1e6).toFixed(2)} MB): ours ${row.variants.ours.median.toFixed(2)} ms, ` +
        `fetch ${row.variants.fetch.median.toFixed(2)} ms, ours ÷ fetch ${row.ratio.toFixed(2)}×`,
    );
    results.push(row);
  }
  zen.close();
  return results;
}
