import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { manualClock } from '../core/clock.ts';
import {
  applyKeySetUpdate,
  currentKexKey,
  keyEntry,
  keyId,
  keySetFromRegistration,
  keyStatus,
  signingKey,
  signKeySet,
  validateKeySet,
  type KeySet,
} from './keyset.ts';
import { makePeer } from './test-support/peers.ts';

const at = (s: string) => new Date(s);

void describe('key sets', () => {
  void it('[FED-16] a key id is 4 bytes of SHA-256 of the SPKI, in hex', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    assert.match(keyId(publicKey), /^[0-9a-f]{8}$/);
    assert.equal(keyId(publicKey), keyId(publicKey.export({ type: 'spki', format: 'der' })));
  });

  void it('[FED-16] validates a well-formed key set', () => {
    const p = makePeer();
    assert.deepEqual(validateKeySet(p.keyset), { ok: true, value: p.keyset });
  });

  const p = makePeer();
  const [sig, kex] = p.keyset.keys as [KeySet['keys'][0], KeySet['keys'][0]];
  const bad: [string, unknown, string, string][] = [
    ['unknown property', { ...p.keyset, extra: 1 }, '/extra', 'fed.unknown_property'],
    ['no keys', { ...p.keyset, keys: [] }, '/keys', 'fed.bad_length'],
    [
      'a kid that is not the key’s',
      { ...p.keyset, keys: [{ ...sig, kid: '00000000' }, kex] },
      '/keys/0/kid',
      'fed.invalid_value',
    ],
    [
      'a signing key that is X25519',
      { ...p.keyset, keys: [{ ...kex, use: 'sig' }] },
      '/keys/0/spki',
      'fed.invalid_value',
    ],
    ['the same key twice', { ...p.keyset, keys: [sig, sig] }, '/keys/1/kid', 'fed.invalid_value'],
    [
      'until before from',
      { ...p.keyset, keys: [{ ...sig, until: '2024-01-01T00:00:00Z' }, kex] },
      '/keys/0/until',
      'fed.bad_range',
    ],
    ['garbage SPKI', { ...p.keyset, keys: [{ ...sig, spki: 'AAAA' }, kex] }, '/keys/0/spki', 'fed.malformed'],
    [
      'revocation of an unlisted key',
      { ...p.keyset, revocations: [{ kid: 'abcdef01', from: '2026-01-01T00:00:00Z', reason: 'retired' }] },
      '/revocations/0/kid',
      'fed.invalid_value',
    ],
    [
      'unknown revocation reason',
      { ...p.keyset, revocations: [{ kid: sig.kid, from: '2026-01-01T00:00:00Z', reason: 'lost' }] },
      '/revocations/0/reason',
      'fed.invalid_value',
    ],
  ];
  for (const [name, input, path, code] of bad) {
    void it(`[FED-16] refuses a key set with ${name}`, () => {
      const r = validateKeySet(input);
      assert.equal(r.ok, false);
      if (!r.ok)
        assert.deepEqual(
          r.issues.map((i) => [i.path, i.code]),
          [[path, code]],
        );
    });
  }

  void it('[FED-17][FED-18] key status at a given signing time', () => {
    const ks: KeySet = {
      ...p.keyset,
      keys: [{ ...sig, until: '2027-01-01T00:00:00Z' }, kex],
      revocations: [{ kid: sig.kid, from: '2026-06-01T00:00:00Z', reason: 'superseded' }],
    };
    assert.equal(keyStatus(ks, sig.kid, at('2024-12-31T23:59:59Z')).status, 'not_yet_valid');
    assert.equal(keyStatus(ks, sig.kid, at('2025-01-01T00:00:00Z')).status, 'valid');
    assert.equal(keyStatus(ks, sig.kid, at('2026-05-31T23:59:59Z')).status, 'valid');
    assert.equal(keyStatus(ks, sig.kid, at('2026-06-01T00:00:00Z')).status, 'revoked');
    assert.equal(
      keyStatus({ ...ks, revocations: [] }, sig.kid, at('2027-01-01T00:00:00Z')).status,
      'expired',
    );
    assert.equal(
      keyStatus(ks, kex.kid, at('2026-01-01T00:00:00Z')).status,
      'unknown',
      'a kex key never signs',
    );
    assert.equal(keyStatus(ks, 'ffffffff', at('2026-01-01T00:00:00Z')).status, 'unknown');
    const compromised = {
      ...ks,
      revocations: [{ kid: sig.kid, from: '2026-06-01T00:00:00Z', reason: 'compromised' as const }],
    };
    assert.equal(
      keyStatus(compromised, sig.kid, at('2025-02-01T00:00:00Z')).status,
      'revoked',
      'whatever the date',
    );
  });

  void it('[FED-21] picks the latest valid key-agreement key to encrypt to', () => {
    const x2 = generateKeyPairSync('x25519');
    const newer = keyEntry(x2.publicKey, 'kex', '2026-03-01T00:00:00Z');
    const ks: KeySet = { ...p.keyset, keys: [...p.keyset.keys, newer] };
    assert.equal(currentKexKey(ks, at('2026-02-01T00:00:00Z'))?.kid, kex.kid);
    assert.equal(currentKexKey(ks, at('2026-03-02T00:00:00Z'))?.kid, newer.kid);
    const revoked = {
      ...ks,
      revocations: [{ kid: newer.kid, from: '2026-03-01T00:00:00Z', reason: 'compromised' as const }],
    };
    assert.equal(currentKexKey(revoked, at('2026-03-02T00:00:00Z'))?.kid, kex.kid);
  });
});

void describe('[FED-16] signed key-set updates', () => {
  const clock = manualClock('2026-02-01T00:00:00Z');
  const peer = makePeer();
  const registered = keySetFromRegistration(peer.node, peer.keyset.keys[0]!.spki);
  const next = generateKeyPairSync('ed25519');
  const nextKey = signingKey(next.privateKey, '2026-03-01T00:00:00Z');
  const rotated: KeySet = {
    ...peer.keyset,
    version: 2,
    keys: [...peer.keyset.keys, keyEntry(next.publicKey, 'sig', '2026-03-01T00:00:00Z')],
    revocations: [{ kid: peer.sig.kid, from: '2026-03-01T00:00:00Z', reason: 'superseded' }],
  };

  void it('[FED-16] chains trust from the key registered out of band', () => {
    const r = applyKeySetUpdate(registered, signKeySet(peer.keyset, peer.sig, clock));
    assert.equal(r.ok, true);
    if (r.ok) {
      assert.deepEqual(r.keyset, peer.keyset);
      assert.equal(r.changed, true);
      assert.equal(r.signer, peer.sig.kid);
    }
  });

  void it('[FED-19] rotation: the new key becomes valid, the old one is revoked from a date', () => {
    const r = applyKeySetUpdate(peer.keyset, signKeySet(rotated, peer.sig, clock));
    assert.ok(r.ok);
    const ks = r.keyset;
    assert.equal(keyStatus(ks, peer.sig.kid, at('2026-02-15T00:00:00Z')).status, 'valid');
    assert.equal(keyStatus(ks, peer.sig.kid, at('2026-03-01T00:00:00Z')).status, 'revoked');
    assert.equal(keyStatus(ks, nextKey.kid, at('2026-03-01T00:00:00Z')).status, 'valid');
    // A later update signed by the new key is accepted; one by the old key after its revocation is not.
    const v3 = { ...rotated, version: 3 };
    const later = manualClock('2026-04-01T00:00:00Z');
    assert.equal(applyKeySetUpdate(ks, signKeySet(v3, nextKey, later)).ok, true);
    const oldAfter = signingKey(peer.sig.privateKey, '2025-01-01T00:00:00Z');
    assert.deepEqual(applyKeySetUpdate(ks, signKeySet(v3, oldAfter, later)), {
      ok: false,
      reason: 'revoked_key',
    });
  });

  void it('[FED-16] the same version again is an idempotent no-op', () => {
    const r = applyKeySetUpdate(peer.keyset, signKeySet(peer.keyset, peer.sig, clock));
    assert.ok(r.ok && !r.changed);
  });

  const stranger = makePeer();
  const cases: [string, () => Uint8Array, string][] = [
    ['signed by a key of another node', () => signKeySet(rotated, stranger.sig, clock), 'unknown_key'],
    [
      '[FED-16] an older version (replayed update)',
      () => signKeySet({ ...peer.keyset, version: 0 }, peer.sig, clock),
      'stale_version',
    ],
    [
      'the same version with other content',
      () => signKeySet({ ...rotated, version: 1 }, peer.sig, clock),
      'stale_version',
    ],
    ['for another node', () => signKeySet({ ...stranger.keyset, version: 9 }, peer.sig, clock), 'wrong_node'],
    [
      '[FED-18] dropping a revocation',
      () => signKeySet({ ...rotated, version: 3, revocations: [] }, peer.sig, clock),
      'history_rewritten',
    ],
    [
      'dropping a key',
      () => signKeySet({ ...peer.keyset, version: 3, keys: [peer.keyset.keys[0]!] }, peer.sig, clock),
      'history_rewritten',
    ],
    [
      'malformed content',
      () => signKeySet({ ...peer.keyset, version: 3, keys: [] }, peer.sig, clock),
      'malformed',
    ],
  ];
  for (const [name, make, reason] of cases) {
    void it(`refuses an update ${name}`, () => {
      const base = name.includes('revocation')
        ? (applyKeySetUpdate(peer.keyset, signKeySet(rotated, peer.sig, clock)) as { keyset: KeySet }).keyset
        : peer.keyset;
      const r = applyKeySetUpdate(base, make());
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.reason, reason);
    });
  }

  void it('[FED-16] refuses a tampered update (bad_signature) and a signer not yet valid', () => {
    const signed = signKeySet(rotated, peer.sig, clock);
    signed[signed.length - 70] = signed[signed.length - 70]! ^ 1; // inside the payload
    assert.equal((applyKeySetUpdate(peer.keyset, signed) as { reason: string }).reason, 'bad_signature');
    const early = {
      ...peer.keyset,
      keys: [{ ...peer.keyset.keys[0]!, from: '2027-01-01T00:00:00Z' }, peer.keyset.keys[1]!],
    };
    const r = applyKeySetUpdate(early, signKeySet(rotated, peer.sig, clock));
    assert.deepEqual(r, { ok: false, reason: 'key_not_valid' });
  });

  void it('[FED-17] a signer refuses to sign outside its key validity', () => {
    assert.throws(() => signKeySet(rotated, nextKey, clock), RangeError);
  });
});
