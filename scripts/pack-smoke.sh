#!/usr/bin/env bash
# Packaging smoke test: packs what `npm publish` would ship, installs the tarball into an empty
# project and uses it there against a real ZenML 0.98.0 server — from Node (ESM import by
# package name, exports subpaths, TypeScript consumers) and from a Vite 7 app in Chromium
# (tests/pack/vite.test.mjs). Prints every check; exits non-zero on the first failure; stops
# its server and removes its temp dirs in every case.
#
#   scripts/pack-smoke.sh            (needs: npm, node, scripts/setup.sh done; npm registry for xhr2)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ZSW_ROOT"
zsw_need npm "nodesource nodejs"
zsw_need node "nodesource nodejs"
zsw_need tar "Debian package tar"
start=$(date +%s)

work="$(mktemp -d "${TMPDIR:-/tmp}/zsw-pack-XXXXXX")"
server_dir="$(mktemp -d "${TMPDIR:-/tmp}/zsw-pack-server-XXXXXX")"
cleanup() {
  ZSW_SERVER_DIR="$server_dir" bash scripts/zenml-server.sh stop >/dev/null 2>&1 || true
  rm -rf "$work" "$server_dir"
}
trap cleanup EXIT
ok() { printf '  \033[32mok\033[0m  %s\n' "$*"; }
fail() { printf '  \033[31mFAIL\033[0m %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. npm pack
zsw_log "npm pack (prepack builds dist/)"
mkdir -p "$work/pack"
npm pack --json --pack-destination "$work/pack" >"$work/pack.json" 2>"$work/pack.err" ||
  { cat "$work/pack.err" "$work/pack.json" >&2; fail "npm pack"; }
tgz="$(ls "$work"/pack/*.tgz)"
ok "packed $(basename "$tgz") ($(du -k "$tgz" | cut -f1) kB)"

# ---------------------------------------------------------------- 2. tarball contents
zsw_log "tarball contents"
tar -tzf "$tgz" | sort >"$work/contents.txt"
expected="package/LICENSE
package/README.md
package/dist/api.js
package/dist/index.d.ts
package/dist/index.js
package/dist/node.js
package/dist/zenml-services.single.js
package/dist/zenml_services.mjs
package/dist/zenml_services.wasm
package/package.json"
if ! diff -u <(echo "$expected") "$work/contents.txt" >"$work/contents.diff"; then
  cat "$work/contents.diff" >&2
  fail "tarball holds exactly dist/ (7 files), README.md, LICENSE, package.json"
fi
ok "exactly dist/ (7 files), README.md, LICENSE, package.json: no build dirs, tests, sources or node_modules"
tar -xzf "$tgz" -C "$work" package/package.json
node --input-type=module - "$work/package/package.json" "$work/contents.txt" <<'EOF'
import { readFileSync } from 'node:fs';
const [pkgPath, listPath] = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
const files = new Set(readFileSync(listPath, 'utf8').split('\n').filter(Boolean).map((f) => f.replace(/^package\//, './')));
const targets = [];
const walk = (v) => { if (typeof v === 'string') targets.push(v); else if (v && typeof v === 'object') Object.values(v).forEach(walk); };
walk(pkg.exports);
for (const f of [pkg.main, pkg.module, pkg.types]) if (f) targets.push(f);
const missing = targets.filter((t) => !files.has(t));
if (missing.length) { console.error(`exports/main/module/types point at files not in the tarball: ${missing}`); process.exit(1); }
if (pkg.exports['.'] && Object.keys(pkg.exports['.'])[0] !== 'types') { console.error('"types" must be the first condition'); process.exit(1); }
const deps = Object.keys(pkg.dependencies || {});
if (deps.join() !== 'xhr2') { console.error(`runtime dependencies should be xhr2 only, got ${deps}`); process.exit(1); }
console.log(`  \x1b[32mok\x1b[0m  every exports/main/module/types target is in the tarball (${targets.length}), "types" first, dependencies: ${deps}`);
EOF

# ---------------------------------------------------------------- 3. install into an empty project
zsw_log "npm install <tarball> into an empty project"
app="$work/app"
mkdir -p "$app"
printf '{ "name": "zsw-pack-smoke", "private": true, "type": "module" }\n' >"$app/package.json"
(cd "$app" && npm install --no-audit --no-fund --prefer-offline --loglevel=error "$tgz") ||
  fail "npm install $tgz"
[ -f "$app/node_modules/xhr2/package.json" ] || fail "xhr2 (dependency) not installed"
ok "installed zenml-services-wasm and its one dependency (xhr2 $(node -p "require('$app/node_modules/xhr2/package.json').version"))"

# ---------------------------------------------------------------- 4. a real server
zsw_log "real ZenML server"
ZSW_SERVER_DIR="$server_dir" bash scripts/zenml-server.sh start >/dev/null
set -a
# shellcheck disable=SC1091
source "$server_dir/env"
set +a
ok "zenml server at $ZENML_URL"

# ---------------------------------------------------------------- 5. Node ESM consumer
zsw_log "Node: import by package name, exports subpaths, calls against the server"
cat >"$app/smoke.mjs" <<'EOF'
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient, loadModule, ZenmlError, ERROR_CODES } from 'zenml-services-wasm';

const ok = (m) => console.log(`  \x1b[32mok\x1b[0m  ${m}`);
const require = createRequire(import.meta.url);
const pkgDir = new URL('./node_modules/zenml-services-wasm/', import.meta.url);
const file = (rel) => fileURLToPath(new URL(rel, pkgDir));

// resolution through "exports", ESM and CJS
assert.equal(fileURLToPath(import.meta.resolve('zenml-services-wasm')), file('dist/node.js'));
ok('import.meta.resolve("zenml-services-wasm") -> dist/node.js (the "node" condition)');
const wasmUrl = import.meta.resolve('zenml-services-wasm/zenml_services.wasm');
assert.equal(fileURLToPath(wasmUrl), file('dist/zenml_services.wasm'));
assert.equal(require.resolve('zenml-services-wasm/zenml_services.wasm'), file('dist/zenml_services.wasm'));
assert.deepEqual([...readFileSync(new URL(wasmUrl)).subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
ok('"zenml-services-wasm/zenml_services.wasm" resolves (import.meta.resolve and require.resolve) to a wasm binary');
assert.equal(require.resolve('zenml-services-wasm/single'), file('dist/zenml-services.single.js'));
assert.equal(require.resolve('zenml-services-wasm/package.json'), file('package.json'));
ok('"zenml-services-wasm/single" and "/package.json" resolve');
assert.throws(() => import.meta.resolve('zenml-services-wasm/dist/api.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
assert.throws(() => require.resolve('zenml-services-wasm/dist/zenml_services.mjs'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
ok('paths outside "exports" are not reachable (ERR_PACKAGE_PATH_NOT_EXPORTED)');

// the module and the version it was built as
const M = await loadModule();
const pkg = JSON.parse(readFileSync(file('package.json'), 'utf8'));
assert.equal(M.version(), pkg.version);
ok(`wasm module loads; version() ${M.version()} = package.json version`);

// calls against the real server
const zen = await createClient({ baseUrl: process.env.ZENML_URL, timeoutMs: 20000 });
const info = await zen.serverInfo();
assert.equal(info.version, '0.98.0');
ok(`serverInfo().version === '0.98.0' (${info.auth_scheme})`);
const tok = await zen.login({ username: process.env.ZENML_ADMIN_USER, password: process.env.ZENML_ADMIN_PASSWORD });
assert.equal(tok.token_type, 'bearer');
const page = await zen.listServices({ size: 5 });
assert.equal(page.index, 1);
assert.ok(Array.isArray(page.items));
ok(`login + listServices (total ${page.total}, page ${page.index}/${page.total_pages})`);
const created = await zen.createService({ project: process.env.ZENML_PROJECT_ID, name: 'pack-smoke',
  service_type: { type: 'model-serving', flavor: 'smoke' }, config: { nonce: String(Date.now()) } });
assert.equal((await zen.getService(created.id)).name, 'pack-smoke');
await zen.deleteService(created.id);
await assert.rejects(zen.getService(created.id), (e) => e instanceof ZenmlError && e.code === 'not_found' && e.status === 404);
assert.ok(ERROR_CODES.includes('not_found'));
assert.equal(zen.pendingCalls, 0);
assert.equal(M.liveFetches(), 0);
zen.close();
ok('create, get, delete, then 404 as ZenmlError not_found; nothing pending');
EOF
(cd "$app" && node smoke.mjs) || fail "Node consumer"

# ---------------------------------------------------------------- 6. TypeScript consumers
zsw_log "TypeScript: types found through \"exports\" (NodeNext and Bundler resolution)"
cat >"$app/consumer.ts" <<'EOF'
import { createClient, ZenmlError, type Page, type Service } from 'zenml-services-wasm';
export async function first(baseUrl: string): Promise<string | undefined> {
  const zen = await createClient({ baseUrl });
  try {
    const page: Page<Service> = await zen.listServices({ sortBy: 'desc:created', size: 1 });
    return page.items[0]?.name;
  } catch (e) {
    if (e instanceof ZenmlError && e.code === 'unauthorized') return undefined;
    throw e;
  } finally { zen.close(); }
}
EOF
for mode in NodeNext Bundler; do
  module=$([ "$mode" = NodeNext ] && echo NodeNext || echo ESNext)
  printf '{ "compilerOptions": { "strict": true, "noEmit": true, "target": "ES2022", "lib": ["ES2022", "DOM"], "types": [], "module": "%s", "moduleResolution": "%s" }, "files": ["consumer.ts"] }\n' \
    "$module" "$mode" >"$app/tsconfig.json"
  (cd "$app" && node "$ZSW_ROOT/node_modules/typescript/bin/tsc" -p tsconfig.json) || fail "tsc ($mode)"
  ok "tsc --strict with moduleResolution $mode"
done

# ---------------------------------------------------------------- 7. Vite 7 app in Chromium
zsw_log "Vite 7: production build + dev server in Chromium (tests/pack/vite.test.mjs)"
ZSW_PACK_PROJECT="$app" node --test --test-reporter=spec tests/pack/vite.test.mjs || fail "Vite app"
ok "Vite production build and dev server call the real server from Chromium"

zsw_log "pack smoke passed in $(( $(date +%s) - start )) s"
