import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { manualClock } from '../core/clock.ts';
import { sign, verify } from './envelope.ts';
import { isSealed, kexPrivateKey, kexPublicKey, seal, SEAL_OVERHEAD, unseal } from './seal.ts';
import { makePeer, putItem, streamOf } from './test-support/peers.ts';

const sen = makePeer();
const mli = makePeer();
const plain = new TextEncoder().encode('Embuscade contre une patrouille près de Kongoussi');

void describe('sealing to the receiving node', () => {
  void it('[FED-22] seals and unseals with 53 bytes of overhead; two seals never look alike', () => {
    const a = seal(plain, sen.kexPublic);
    const b = seal(plain, sen.kexPublic);
    assert.equal(SEAL_OVERHEAD, 53);
    assert.equal(a.length, plain.length + SEAL_OVERHEAD);
    assert.notDeepEqual(a, b, 'fresh ephemeral key each time');
    assert.ok(isSealed(a));
    assert.deepEqual(unseal(a, [sen.kex]), { ok: true, plaintext: plain, kid: sen.kex.kid });
    assert.ok(!Buffer.from(a).includes(Buffer.from('Kongoussi')));
  });

  void it('[FED-23] the wrong key: wrong_receiver when the id is not ours', () => {
    assert.deepEqual(unseal(seal(plain, sen.kexPublic), [mli.kex]), { ok: false, reason: 'wrong_receiver' });
    assert.deepEqual(unseal(seal(plain, sen.kexPublic), []), { ok: false, reason: 'wrong_receiver' });
  });

  void it('[FED-23] a key that merely claims our id cannot decrypt: decrypt_failed', () => {
    const impostor = { kid: sen.kex.kid, privateKey: generateKeyPairSync('x25519').privateKey };
    assert.deepEqual(unseal(seal(plain, sen.kexPublic), [impostor]), { ok: false, reason: 'decrypt_failed' });
  });

  void it('[FED-23] any altered byte is refused (header, ephemeral key, ciphertext, tag)', () => {
    const sealed = seal(plain, sen.kexPublic);
    for (let i = 0; i < sealed.length; i++) {
      const t = new Uint8Array(sealed);
      t[i] = t[i]! ^ 0x01;
      const r = unseal(t, [sen.kex]);
      assert.equal(r.ok, false, `byte ${i}`);
      if (!r.ok)
        assert.ok(
          ['malformed', 'wrong_receiver', 'decrypt_failed'].includes(r.reason),
          `byte ${i}: ${r.reason}`,
        );
    }
    assert.deepEqual(unseal(sealed.subarray(0, 40), [sen.kex]), { ok: false, reason: 'malformed' });
  });

  void it('[FED-21] keeps old key-agreement keys usable for late arrivals', () => {
    const old = generateKeyPairSync('x25519');
    const sealedToOld = seal(plain, kexPublicKey(old.publicKey));
    const r = unseal(sealedToOld, [sen.kex, kexPrivateKey(old.privateKey)]);
    assert.ok(r.ok);
    assert.throws(() => seal(plain, { kid: 'abcdef01', publicKey: sen.publicKey }), TypeError);
  });

  void it('[FED-22] sign then encrypt: the unsealed envelope verifies end to end', () => {
    const bfa = makePeer();
    const stream = streamOf(bfa, sen);
    const env = sign(putItem(), { stream, epoch: 1, seq: 1 }, bfa.sig, manualClock('2026-02-01T00:00:00Z'));
    const opened = unseal(seal(env, sen.kexPublic), [sen.kex]);
    assert.ok(opened.ok);
    assert.equal(verify(opened.plaintext, bfa.keyset, stream).ok, true);
  });
});
