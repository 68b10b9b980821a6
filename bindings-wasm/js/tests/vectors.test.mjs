// Every conformance vector, replayed in Node through the npm package's public API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { handlers, runCase } from '../conformance.mjs';
import { loadVectorFiles } from '../vector-files.mjs';

const esafety = createRequire(import.meta.url)('../../pkg/node/esafety_wasm.js');

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
