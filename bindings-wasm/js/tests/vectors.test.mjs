// Every conformance vector, replayed in Node through the npm package's public API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { handlers, runCase } from '../conformance.mjs';
import { loadVectorFiles } from '../vector-files.mjs';

const esafety = createRequire(import.meta.url)('esafety');

for (const { file, doc } of loadVectorFiles()) {
  if (!(doc.concept in handlers)) continue; // concepts without a JS handler fail in `handlers coverage`
  for (const testCase of doc.cases) {
    test(`${file} :: ${testCase.name}`, () => {
      assert.equal(runCase(esafety, doc.concept, testCase), null);
    });
  }
}

test('handlers coverage: every vector concept has a JS handler', () => {
  const missing = [...new Set(loadVectorFiles().map(f => f.doc.concept))].filter(c => !(c in handlers));
  assert.deepEqual(missing, []);
});

test('bad_input files are dispatched on their concept; elsewhere the directory must be the concept', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const root = mkdtempSync(join(tmpdir(), 'esafety-vectors-'));
  try {
    const doc = (concept) => JSON.stringify({
      schemaVersion: 1, concept, description: 'd',
      cases: [{ name: 'bad-port', description: 'd', source: 's', input: { url: 'http://x:99999/' }, expect: { error: 'url_invalid_port' } }],
    });
    mkdirSync(join(root, 'bad_input'));
    writeFileSync(join(root, 'bad_input', 'urls.json'), doc('url'));
    const files = loadVectorFiles(root);
    assert.deepEqual(files.map(f => [f.file, f.doc.concept]), [['bad_input/urls.json', 'url']]);
    assert.equal(runCase(esafety, files[0].doc.concept, files[0].doc.cases[0]), null);
    writeFileSync(join(root, 'bad_input', 'nope.json'), doc('bad_input'));
    assert.throws(() => loadVectorFiles(root), /bad vector file bad_input\/nope.json/);
    rmSync(join(root, 'bad_input'), { recursive: true });
    mkdirSync(join(root, 'filter'));
    writeFileSync(join(root, 'filter', 'urls.json'), doc('url'));
    assert.throws(() => loadVectorFiles(root), /bad vector file filter\/urls.json/);
  } finally {
    rmSync(root, { recursive: true });
  }
});
