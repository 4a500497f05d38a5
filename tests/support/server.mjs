// The one way tests, benchmarks and scripts/record-fixtures.mjs start a real ZenML server
// (scripts/zenml-server.sh), each in its own state dir so suites never share one by accident.
// Asynchronous, so a suite that needs two servers starts them side by side.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'zenml-server.sh');

function run(args, env) {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [SCRIPT, ...args],
      { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 },
      (err, stdout, stderr) => {
        if (err)
          reject(
            new Error(
              `zenml-server.sh ${args.join(' ')} failed (${err.code}):\n${stdout}\n${stderr}`,
            ),
          );
        else resolve(stdout);
      },
    );
  });
}

function parseEnv(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
  return out;
}

/** The cached virtualenv of one ZenML release (scripts/setup.sh makes it). */
export function venvFor(version) {
  const cache = process.env.ZSW_CACHE || path.join(homedir(), '.cache', 'zenml-services-wasm');
  return path.join(cache, `venv-${version}`);
}

/**
 * Starts a fresh server (of `version`, default the newest release scripts/setup.sh installs). Resolves to { dir, url, token, projectId, adminUser, adminPassword,
 * env (every variable of `zenml-server.sh env`), seconds (start-up time), halt(), resume(), stop() }.
 * stop() returns a Promise; calling it again returns the same one. A failed start stops
 * whatever did start and removes the state dir before rejecting.
 */
export async function startServer(extraEnv = {}, { version } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zsw-server-'));
  const env = { ZSW_SERVER_DIR: dir, ...extraEnv };
  if (version) env.ZSW_VENV = venvFor(version);
  const t0 = Date.now();
  let e;
  try {
    await run(['start'], env);
    e = parseEnv(readFileSync(path.join(dir, 'env'), 'utf8'));
  } catch (err) {
    await run(['stop'], env).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let stopping = null;
  return {
    dir,
    url: e.ZENML_URL,
    token: e.ZENML_TOKEN,
    projectId: e.ZENML_PROJECT_ID,
    adminUser: e.ZENML_ADMIN_USER,
    adminPassword: e.ZENML_ADMIN_PASSWORD,
    env: e,
    seconds: (Date.now() - t0) / 1000,
    /** Ends the server process but keeps its data, port and token (a server that goes away). */
    halt() {
      return run(['halt'], env);
    },
    /** Starts a halted server again: same port, same data, the same token still valid. */
    resume() {
      return run(['resume'], env);
    },
    stop() {
      stopping ??= run(['stop'], env).finally(() => rmSync(dir, { recursive: true, force: true }));
      return stopping;
    },
  };
}
