// Sealed consent exports and snapshots (issue 11): keys, signatures, tampering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { ConsentLedger, generateSigningKey, checkSnapshot } = createRequire(import.meta.url)('esafety');

const code = (expected) => (e) => e.name === 'EsafetyError' && e.code === expected;

function ledger() {
  const l = new ConsentLedger();
  l.record('p1', 'mum', 'school_website', 'given', '2025-09-05T09:00:00Z');
  l.restrict('p2', 'court_order', '2025-09-06T09:00:00Z');
  return l;
}

test('generateSigningKey gives fresh hex key pairs', () => {
  const [priv, pub] = generateSigningKey();
  assert.match(priv, /^[0-9a-f]{64}$/);
  assert.match(pub, /^[0-9a-f]{64}$/);
  assert.notEqual(generateSigningKey()[0], priv);
});

test('a sealed export imports with the public key; truncation or another key is refused', () => {
  const [priv, pub] = generateSigningKey();
  const text = ledger().toJson({ signingKey: priv });
  assert.equal(ConsentLedger.fromJson(text, { publicKey: pub }).length, 2);
  assert.throws(() => ConsentLedger.fromJson(text, { publicKey: generateSigningKey()[1] }), code('ledger_signature_invalid'));
  assert.throws(() => ConsentLedger.fromJson(ledger().toJson(), { publicKey: pub }), code('ledger_signature_invalid'));
  // Cut the last event (the restriction) and re-head the chain: the hash chain holds, the seal does not.
  const doc = JSON.parse(text);
  doc.entries.pop();
  doc.head_hash = doc.entries[doc.entries.length - 1].hash;
  const cut = JSON.stringify(doc);
  assert.throws(() => ConsentLedger.fromJson(cut, { publicKey: pub }), code('ledger_signature_invalid'));
  // Without the key the seal the export carries is still checked; with the seal taken off as
  // well only the school's key can tell.
  assert.throws(() => ConsentLedger.fromJson(cut), code('ledger_signature_invalid'));
  delete doc.seal;
  const unsealed = JSON.stringify(doc);
  assert.equal(ConsentLedger.fromJson(unsealed).length, 1, 'the unsealed import cannot tell');
  assert.throws(() => ConsentLedger.fromJson(unsealed, { publicKey: pub }), code('ledger_signature_invalid'));
  assert.throws(() => ledger().toJson({ signingKey: 'zz' }), (e) => e.name === 'EsafetyError' && typeof e.code === 'string');
  assert.throws(() => ledger().toJson({ signing_kee: priv }), code('unknown_option'));
});

test('a snapshot checks offline until it expires, and refuses edits and other pupils', () => {
  const [priv, pub] = generateSigningKey();
  const l = ledger();
  const snap = l.snapshot(['p1'], 'school_website', '2025-10-01T00:00:00Z', { signingKey: priv });
  const d = checkSnapshot(snap, ['p1'], 'school_website', '2025-10-02T00:00:00Z', { publicKey: pub });
  assert.equal(d.allowed, true);
  assert.throws(() => checkSnapshot(snap.replace('"allowed":true', '"allowed":false'), ['p1'], 'school_website', '2025-10-02T00:00:00Z', { publicKey: pub }),
    code('snapshot_signature_invalid'));
  assert.throws(() => checkSnapshot(snap, ['p1'], 'school_website', '2025-11-01T00:00:00Z', { publicKey: pub }), code('snapshot_expired'));
  assert.throws(() => checkSnapshot(snap, ['p2'], 'school_website', '2025-10-02T00:00:00Z', { publicKey: pub }), code('snapshot_mismatch'));
  assert.throws(() => l.snapshot(['p1'], 'school_website', '2025-10-01T00:00:00Z', {}), code('invalid_argument'));
  assert.throws(() => checkSnapshot(snap, ['p1'], 'school_website', '2025-10-02T00:00:00Z', {}), code('invalid_argument'));
});
