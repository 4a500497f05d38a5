// Seeds a ZenML server with N services quickly: scripts/seed-lib.mjs's service shapes (types,
// flavors, states, labels, endpoints), created by a small pool of concurrent POSTs. Each config
// carries a unique nonce (the server refuses a byte-identical config with 409).
//   node bench/seed-fast.mjs <url> <token> <projectId> [count=10000] [concurrency=8]
import { buildSpecs } from '../scripts/seed-lib.mjs';

export async function seedFast({
  url,
  token,
  projectId,
  count = 10000,
  concurrency = 8,
  prefix = 'bench-',
  log = () => {},
}) {
  const specs = buildSpecs({ count, prefix }).slice(0, count);
  const nonce = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  let next = 0,
    done = 0;
  const t0 = performance.now();
  async function worker() {
    while (next < specs.length) {
      const spec = specs[next++];
      const body = {
        project: projectId,
        ...spec.body,
        config: { ...spec.body.config, nonce: `${nonce}-${spec.key}` },
      };
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${url}/api/v1/services`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        if (res.ok) break;
        if (attempt >= 3) throw new Error(`seed: POST failed ${res.status} ${text.slice(0, 200)}`);
      }
      if (++done % 1000 === 0)
        log(`seeded ${done}/${specs.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { count: done, seconds: (performance.now() - t0) / 1000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, token, projectId, count = '10000', conc = '8'] = process.argv.slice(2);
  const r = await seedFast({
    url,
    token,
    projectId,
    count: +count,
    concurrency: +conc,
    log: (s) => console.error(s),
  });
  console.log(JSON.stringify(r));
}
