// Starts and stops a real ZenML server for a test file (scripts/zenml-server.sh), each in its
// own state dir so suites never share one by accident.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'zenml-server.sh');

function run(args, env) {
  const r = spawnSync('bash', [SCRIPT, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`zenml-server.sh ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function parseEnv(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
  return out;
}

/** Starts a fresh server; resolves to { url, token, projectId, adminUser, adminPassword, stop }. */
export function startServer(extraEnv = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zsw-server-'));
  const env = { ZSW_SERVER_DIR: dir, ...extraEnv };
  run(['start'], env);
  const e = parseEnv(readFileSync(path.join(dir, 'env'), 'utf8'));
  let stopped = false;
  return {
    dir,
    url: e.ZENML_URL,
    token: e.ZENML_TOKEN,
    projectId: e.ZENML_PROJECT_ID,
    adminUser: e.ZENML_ADMIN_USER,
    adminPassword: e.ZENML_ADMIN_PASSWORD,
    stop() {
      if (stopped) return;
      stopped = true;
      try { run(['stop'], env); } finally { rmSync(dir, { recursive: true, force: true }); }
    },
  };
}
