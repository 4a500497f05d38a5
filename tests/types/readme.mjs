// Type-checks the README's JavaScript examples, so that the README and the types cannot drift:
// every fenced `js` block directly after a `<!-- typecheck -->` marker is compiled, as written, as
// a consumer's TypeScript module (`.mts`, so top-level await works) importing
// 'zenml-services-wasm', with tsc and the settings of tests/types/tsconfig.json (--strict and
// more), against wasm/index.d.ts. Only noUnusedLocals is off: an example may show a value it
// does not use.
//
//   node tests/types/readme.mjs   (scripts/test.sh types runs it after tests/types/usage.ts)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TYPES = process.env.ZSW_TYPES_DTS || path.join(ROOT, 'wasm', 'index.d.ts');

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const markers = readme.match(/<!-- typecheck -->/g)?.length ?? 0;
const blocks = [...readme.matchAll(/<!-- typecheck -->\n```js\n([\s\S]*?)\n```\n/g)].map((m) => ({
  line: readme.slice(0, m.index).split('\n').length + 2,
  code: m[1],
}));
if (!existsSync(TSC)) throw new Error(`${TSC} missing: npm ci (typescript is a devDependency)`);
if (blocks.length === 0) throw new Error('README.md has no <!-- typecheck --> js block');
if (blocks.length !== markers)
  throw new Error('every <!-- typecheck --> marker must be directly followed by a ```js block');
for (const b of blocks) {
  if (!/from 'zenml-services-wasm';/.test(b.code))
    throw new Error(
      `README.md line ${b.line}: a checked example imports from 'zenml-services-wasm'`,
    );
}

const dir = mkdtempSync(path.join(tmpdir(), 'zsw-readme-types-'));
try {
  const files = blocks.map((b) => {
    const f = path.join(dir, `readme-line-${b.line}.mts`);
    writeFileSync(f, `${b.code}\n`);
    return f;
  });
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(ROOT, 'tests', 'types', 'tsconfig.json'),
      compilerOptions: { noUnusedLocals: false, paths: { 'zenml-services-wasm': [TYPES] } },
      files,
    }),
  );
  try {
    execFileSync(process.execPath, [TSC, '-p', path.join(dir, 'tsconfig.json'), '--noEmit'], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (e) {
    // name the README's lines, not the temp files'
    const out = `${e.stdout}${e.stderr}`.replace(
      /\S*readme-line-(\d+)\.mts\((\d+),(\d+)\)/g,
      (_, start, l, c) => `README.md(${Number(start) + Number(l) - 1},${c})`,
    );
    process.stderr.write(out);
    process.stderr.write(`\nREADME.md: ${blocks.length} checked example(s) do not type-check\n`);
    process.exitCode = 1;
  }
  if (!process.exitCode)
    console.log(`README.md: ${blocks.length} example(s) type-check with tsc --strict`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
