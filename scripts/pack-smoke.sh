#!/usr/bin/env bash
# Packaging smoke test: packs what `npm publish` would ship, installs the tarball into an empty
# project and uses it there against a real ZenML 0.98.0 server — from Node (ESM import by
# package name, exports subpaths, TypeScript consumers) and from a Vite 7 app in Chromium
# (tests/pack/vite.test.mjs). Prints every check; exits non-zero on the first failure; stops
# its server and removes its temp dirs in every case.
#
#   scripts/pack-smoke.sh            (needs: npm, node, scripts/setup.sh done; no registry: the package has no dependency)
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
package/dist/node_xhr.js
package/dist/zenml-services.single.js
package/dist/zenml_services.mjs
package/dist/zenml_services.wasm
package/docs/benchmarks.md
package/docs/benchmarks.svg
package/docs/compatibility.md
package/docs/dashboard.png
package/docs/server-behaviour.md
package/package.json"
if ! diff -u <(echo "$expected") "$work/contents.txt" >"$work/contents.diff"; then
  cat "$work/contents.diff" >&2
  fail "tarball holds exactly dist/ (8 files), the docs the README links to (5 files), README.md, LICENSE, package.json"
fi
ok "exactly dist/ (8 files), the docs the README links to (5 files), README.md, LICENSE, package.json: no build dirs, tests, sources or node_modules"
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
const deps = [...Object.keys(pkg.dependencies || {}), ...Object.keys(pkg.peerDependencies || {}), ...Object.keys(pkg.optionalDependencies || {})];
if (deps.length) { console.error(`the package should have no runtime dependency, got ${deps}`); process.exit(1); }
console.log(`  \x1b[32mok\x1b[0m  every exports/main/module/types target is in the tarball (${targets.length}), "types" first, no runtime dependency`);
EOF

# ---------------------------------------------------------------- 2b. links of the packed README
# The README is the package's page (npm, unpkg, an editor opening node_modules): every relative
# link and image in it, and in every markdown file shipped beside it, must name a file in the
# tarball (and a heading there, for a #fragment into markdown). Fenced and inline code is not
# markup; absolute URLs are not checked.
zsw_log "packed README: every relative link and image resolves inside the tarball"
mkdir -p "$work/unpacked"
tar -xzf "$tgz" -C "$work/unpacked"
node --input-type=module - "$work/unpacked/package" "$work/contents.txt" <<'EOF' || fail "a relative link of the packed README (or a packed doc) does not resolve inside the tarball"
import { readFileSync } from 'node:fs';
import path from 'node:path';
const [root, listPath] = process.argv.slice(2);
const files = new Set(readFileSync(listPath, 'utf8').split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')));
const docs = [...files].filter((f) => f.endsWith('.md')).sort();
if (!docs.includes('README.md')) { console.error('README.md is not in the tarball'); process.exit(1); }

/** Lines outside fenced code blocks, inline code spans blanked: [lineNo, text]. */
function prose(text) {
  const out = [];
  let fence = null;
  text.split('\n').forEach((line, i) => {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) { if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = null; return; }
    if (f) { fence = f[1]; return; }
    out.push([i + 1, line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, (m) => ' '.repeat(m.length))]);
  });
  return out;
}
/** GitHub's heading ids: lowercase, punctuation dropped, spaces to '-', repeats get -1, -2, … */
function anchors(text) {
  const seen = new Map();
  const ids = new Set();
  // heading text keeps what inline code spans hold: drop their backticks before prose() blanks them
  for (const [, line] of prose(text.replace(/^ {0,3}#{1,6}\s.*$/gm, (h) => h.replace(/`/g, '')))) {
    for (const m of line.matchAll(/<a\s[^>]*\b(?:name|id)=["']([^"']+)["']/g)) ids.add(m[1]);
    const h = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const plain = h[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '').replace(/[*]/g, '');
    const base = plain.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n ? `${base}-${n}` : base);
  }
  return ids;
}
/** Every link/image target: inline [..](t), reference definitions [x]: t, HTML src/href. */
function targets(text) {
  const out = [];
  for (const [n, line] of prose(text)) {
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g)) out.push([n, m[1]]);
    const ref = /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)/.exec(line);
    if (ref) out.push([n, ref[1]]);
    for (const m of line.matchAll(/<(?:img|a|source)\b[^>]*?\s(?:src|href|srcset)=["']([^"'\s]+)/gi)) out.push([n, m[1]]);
  }
  return out;
}

const bad = [];
let checked = 0;
for (const doc of docs) {
  const text = readFileSync(path.join(root, doc), 'utf8');
  for (const [line, target] of targets(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;   // absolute
    checked++;
    const [rawPath, fragment] = target.split('#', 2);
    let file = doc;
    if (rawPath) {
      const rel = decodeURIComponent(rawPath.split('?')[0]);
      file = rel.startsWith('/') ? rel.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(doc), rel));
      if (!files.has(file)) { bad.push(`${doc}:${line}: ${target} -> ${file} is not in the tarball`); continue; }
    }
    if (fragment && file.endsWith('.md') && !anchors(readFileSync(path.join(root, file), 'utf8')).has(decodeURIComponent(fragment))) {
      bad.push(`${doc}:${line}: ${target} -> no heading #${fragment} in ${file}`);
    }
  }
}
if (bad.length) { console.error(`relative links that do not resolve inside the tarball:\n  ${bad.join('\n  ')}`); process.exit(1); }
if (!checked) { console.error('no relative link found in the packed markdown: is the checker still parsing it?'); process.exit(1); }
console.log(`  \x1b[32mok\x1b[0m  ${checked} relative links/images in ${docs.join(', ')} resolve inside the tarball`);
EOF

# ---------------------------------------------------------------- 3. install into an empty project
zsw_log "npm install <tarball> into an empty project"
app="$work/app"
mkdir -p "$app"
printf '{ "name": "zsw-pack-smoke", "private": true, "type": "module" }\n' >"$app/package.json"
(cd "$app" && npm install --no-audit --no-fund --prefer-offline --loglevel=error "$tgz") ||
  fail "npm install $tgz"
installed="$(cd "$app/node_modules" && ls -A | grep -v '^\.package-lock\.json$' | tr '\n' ' ')"
[ "$installed" = "zenml-services-wasm " ] || fail "npm installed more than the package: $installed"
ok "installed zenml-services-wasm and nothing else (no runtime dependency)"

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
assert.equal(globalThis.XMLHttpRequest, undefined, 'the Node entry installs no global XMLHttpRequest');

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
