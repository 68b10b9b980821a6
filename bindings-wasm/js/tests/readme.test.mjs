// The README's JavaScript example runs as written, importing the package by its name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const pkgRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readme = readFileSync(join(pkgRoot, '..', 'README.md'), 'utf8');

test('README js examples run in Node against the npm package', async () => {
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map(m => m[1]);
  assert.ok(blocks.length > 0, 'README has no js example');
  for (const [i, code] of blocks.entries()) {
    // Written inside the package so that `import ... from 'esafety'` resolves to itself.
    const file = join(pkgRoot, `.readme-example-${i}.mjs`);
    writeFileSync(file, code);
    try {
      await import(pathToFileURL(file).href);
    } finally {
      rmSync(file);
    }
  }
});
