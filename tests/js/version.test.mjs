// One version source: package.json feeds CMake, which compiles it into the module's version().

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { loadModule } from '../../dist/node.js';

test("the module's version() is package.json's version", async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  const mod = await loadModule();
  assert.equal(mod.version(), pkg.version);
});
