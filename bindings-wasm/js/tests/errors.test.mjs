// Bad input throws a typed Error and the module keeps working afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const esafety = createRequire(import.meta.url)('esafety');

test('invalid url throws EsafetyError with a code, then the module still works', () => {
  assert.throws(() => esafety.parseUrl('http://example.com:99999/'), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'EsafetyError');
    assert.equal(e.code, 'url_invalid_port');
    assert.equal(e.domain, 'url');
    return true;
  });
  assert.equal(esafety.parseUrl('Example.COM.').host, 'example.com');
});

test('a non-string argument is rejected without killing the module', () => {
  assert.throws(() => esafety.parseUrl(undefined));
  assert.equal(esafety.parseUrl('example.org').host, 'example.org');
});

test('versions', () => {
  assert.equal(esafety.schemaVersion(), 1);
  assert.match(esafety.version(), /^\d+\.\d+\.\d+/);
});
