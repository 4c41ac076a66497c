import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { manualClock } from '../core/clock.ts';
import { encodeCbor } from './cbor.ts';
import { encodeCompact } from './compact.ts';
import { HEADER_KIND, parseSign1, signSign1 } from './cose.ts';
import { envelopeDigest, inspect, sign, streamTag, verify, type VerifyResult } from './envelope.ts';
import { applyKeySetUpdate, keyEntry, kidBytes, signingKey, signKeySet, type KeySet } from './keyset.ts';
import {
  advance,
  classify,
  LIMITS,
  PROTOCOL_VERSION,
  type Cursor,
  type Item,
  type StreamId,
} from './protocol.ts';
import { makePeer, putItem, streamOf } from './test-support/peers.ts';

const bfa = makePeer();
const sen = makePeer();
const mli = makePeer();
const stream = streamOf(bfa, sen);
const clock = manualClock('2026-02-01T08:00:00Z');
const item = putItem();

const reason = (r: VerifyResult) => (r.ok ? 'ok' : r.reason);
const headSize = (n: number) => (n < 24 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5);

/** Byte ranges of a COSE_Sign1 envelope, by what they hold. */
function regions(bytes: Uint8Array): Record<string, [number, number]> {
  const s = parseSign1(bytes);
  const p0 = 1;
  const p1 = p0 + headSize(s.protectedBytes.length);
  const u0 = p1 + s.protectedBytes.length;
  const u1 = u0 + encodeCbor(s.unprotected).length;
  const pl1 = u1 + headSize(s.payload.length);
  const sg0 = pl1 + s.payload.length;
  return {
    structure: [0, 1],
    protectedHead: [p0, p1],
    protected: [p1, u0],
    unprotected: [u0, u1],
    payloadHead: [u1, pl1],
    payload: [pl1, sg0],
    signatureHead: [sg0, sg0 + 2],
    signature: [sg0 + 2, bytes.length],
  };
}

const ALLOWED: Record<string, string[]> = {
  structure: ['malformed'],
  protectedHead: ['malformed'],
  protected: ['malformed', 'unsupported_version', 'unknown_key', 'bad_signature'],
  unprotected: ['malformed', 'wrong_stream'],
  payloadHead: ['malformed'],
  payload: ['bad_signature'],
  signatureHead: ['malformed'],
  signature: ['bad_signature'],
};

void describe('signed envelopes', () => {
  void it('[FED-3] signs and verifies an item, wide and narrow forms', () => {
    for (const narrow of [false, true]) {
      const env = sign(item, { stream, epoch: 3, seq: 42 }, bfa.sig, clock, { narrow });
      const r = verify(env, bfa.keyset, stream);
      assert.ok(r.ok, reason(r));
      assert.deepEqual(r.value.item, item);
      assert.deepEqual([r.value.epoch, r.value.seq, r.value.kid], [3, 42, bfa.sig.kid]);
      assert.equal(r.value.signedAt.toISOString(), '2026-02-01T08:00:00.000Z');
      assert.deepEqual(r.value.digest, envelopeDigest(env));
      const claims = inspect(env);
      assert.deepEqual(claims?.stream, narrow ? undefined : stream);
      assert.deepEqual(claims?.tag, streamTag(stream));
    }
  });

  void it('[FED-3] the protected header carries version, stream tag, epoch, sequence, key id and time', () => {
    const s = parseSign1(sign(item, { stream, epoch: 2, seq: 7 }, bfa.sig, clock, { narrow: true }));
    assert.deepEqual(s.kid, kidBytes(bfa.sig.kid));
    assert.deepEqual(s.params, [
      PROTOCOL_VERSION,
      HEADER_KIND.item,
      streamTag(stream),
      2,
      7,
      Date.parse('2026-02-01T08:00:00Z') / 1000,
    ]);
    assert.equal(s.unprotected.size, 0);
  });

  void it('[FED-29] tampering with any byte of an envelope is rejected with the reason of its region', () => {
    for (const narrow of [false, true]) {
      const env = sign(item, { stream, epoch: 1, seq: 9 }, bfa.sig, clock, { narrow });
      const byRegion = regions(env);
      for (const [region, [from, to]] of Object.entries(byRegion)) {
        for (let i = from; i < to; i++) {
          for (const mask of [0x01, 0x80]) {
            const t = new Uint8Array(env);
            t[i] = t[i]! ^ mask;
            const r = verify(t, bfa.keyset, stream);
            assert.ok(!r.ok, `${region} byte ${i} mask ${mask} accepted`);
            assert.ok(ALLOWED[region]!.includes(r.reason), `${region} byte ${i}: ${r.reason}`);
          }
        }
      }
      // Truncation and extension too; and the genuine envelope still verifies (no state).
      assert.equal(reason(verify(env.subarray(0, env.length - 1), bfa.keyset, stream)), 'malformed');
      assert.equal(reason(verify(Uint8Array.from([...env, 0]), bfa.keyset, stream)), 'malformed');
      assert.equal(reason(verify(env, bfa.keyset, stream)), 'ok');
    }
  });

  void it('[FED-29] a forged signature is bad_signature, whatever the envelope claims', () => {
    const attacker = generateKeyPairSync('ed25519');
    const iat = Date.parse('2026-02-01T08:00:00Z') / 1000;
    const forged = signSign1(
      kidBytes(bfa.sig.kid),
      [PROTOCOL_VERSION, HEADER_KIND.item, streamTag(stream), 1, 1, iat],
      encodeCompact(item as never),
      attacker.privateKey,
      new Map(),
    );
    assert.equal(reason(verify(forged, bfa.keyset, stream)), 'bad_signature');
    const env = sign(item, { stream, epoch: 1, seq: 1 }, bfa.sig, clock);
    const zeroed = new Uint8Array(env);
    zeroed.fill(0, env.length - 64);
    assert.equal(reason(verify(zeroed, bfa.keyset, stream)), 'bad_signature');
  });

  void it('[FED-16] an unknown key is unknown_key (another node’s key, or the right node with a key not in its set)', () => {
    const byMali = sign(item, { stream, epoch: 1, seq: 1 }, mli.sig, clock);
    assert.equal(reason(verify(byMali, bfa.keyset, stream)), 'unknown_key');
    const env = sign(item, { stream, epoch: 1, seq: 1 }, bfa.sig, clock);
    assert.equal(
      reason(verify(env, mli.keyset, stream)),
      'unknown_key',
      'key set of another node than the stream sender',
    );
  });

  void it('[FED-18] a revoked key: refused from the revocation date, and always when compromised', () => {
    const before = sign(item, { stream, epoch: 1, seq: 1 }, bfa.sig, manualClock('2026-02-28T23:59:59Z'));
    const after = sign(item, { stream, epoch: 1, seq: 2 }, bfa.sig, manualClock('2026-03-01T00:00:00Z'));
    const superseded: KeySet = {
      ...bfa.keyset,
      revocations: [{ kid: bfa.sig.kid, from: '2026-03-01T00:00:00Z', reason: 'superseded' }],
    };
    assert.equal(reason(verify(before, superseded, stream)), 'ok');
    assert.equal(reason(verify(after, superseded, stream)), 'revoked_key');
    const compromised: KeySet = {
      ...superseded,
      revocations: [{ kid: bfa.sig.kid, from: '2026-03-01T00:00:00Z', reason: 'compromised' }],
    };
    assert.equal(reason(verify(before, compromised, stream)), 'revoked_key');
  });

  void it('[FED-17] a key not yet valid or expired at the signed time is key_not_valid', () => {
    const env = sign(item, { stream, epoch: 1, seq: 1 }, bfa.sig, clock);
    const [sigEntry, kexEntry] = bfa.keyset.keys as [KeySet['keys'][0], KeySet['keys'][0]];
    const notYet: KeySet = { ...bfa.keyset, keys: [{ ...sigEntry, from: '2026-02-01T08:00:01Z' }, kexEntry] };
    const expired: KeySet = {
      ...bfa.keyset,
      keys: [{ ...sigEntry, until: '2026-02-01T08:00:00Z' }, kexEntry],
    };
    assert.equal(reason(verify(env, notYet, stream)), 'key_not_valid');
    assert.equal(reason(verify(env, expired, stream)), 'key_not_valid');
    assert.throws(
      () =>
        sign(
          item,
          { stream, epoch: 1, seq: 1 },
          signingKey(bfa.sig.privateKey, '2027-01-01T00:00:00Z'),
          clock,
        ),
      RangeError,
    );
  });

  void it('[FED-3] an envelope of another stream is wrong_stream (cross-stream and cross-receiver replay)', () => {
    for (const narrow of [false, true]) {
      const env = sign(item, { stream, epoch: 1, seq: 1 }, bfa.sig, clock, { narrow });
      const toMali: StreamId = { ...stream, receiver: mli.node };
      const otherAgreement: StreamId = { ...stream, agreement: 'agreement-aes-2026' };
      assert.equal(reason(verify(env, bfa.keyset, toMali)), 'wrong_stream');
      assert.equal(reason(verify(env, bfa.keyset, otherAgreement)), 'wrong_stream');
    }
  });

  void it('[FED-3] a routing hint that does not match the signed tag is wrong_stream', () => {
    const s = parseSign1(sign(item, { stream, epoch: 1, seq: 1 }, bfa.sig, clock));
    const lying = encodeCbor([
      s.protectedBytes,
      new Map([['s', [stream.sender, mli.node, stream.agreement]]]),
      s.payload,
      s.signature,
    ]);
    assert.equal(reason(verify(lying, bfa.keyset, { ...stream, receiver: mli.node })), 'wrong_stream');
    assert.equal(reason(verify(lying, bfa.keyset, stream)), 'wrong_stream');
  });

  void it('[FED-30] an envelope above the size limit is too_large before any parsing', () => {
    const r = verify(new Uint8Array(LIMITS.maxEnvelopeBytes + 1), bfa.keyset, stream);
    assert.equal(reason(r), 'too_large');
    if (!r.ok) assert.equal(r.digest.length, 8);
  });

  void it('[FED-1][FED-12] other version, signed garbage and invalid items are refused with their reason', () => {
    const iat = Date.parse('2026-02-01T08:00:00Z') / 1000;
    const header = (v: number) => [v, HEADER_KIND.item, streamTag(stream), 1, 1, iat];
    const mk = (v: number, payload: Uint8Array) =>
      signSign1(kidBytes(bfa.sig.kid), header(v), payload, bfa.sig.privateKey);
    assert.equal(
      reason(verify(mk(3, encodeCompact(item as never)), bfa.keyset, stream)),
      'unsupported_version',
    );
    const notCompact = verify(mk(1, Uint8Array.from([0xff, 0])), bfa.keyset, stream);
    assert.equal(reason(notCompact), 'unsupported_version', 'unknown dictionary version');
    assert.equal(reason(verify(mk(1, Uint8Array.from([4, 0xff])), bfa.keyset, stream)), 'malformed');
    const badItem = verify(mk(1, encodeCompact({ kind: 'put', priority: 'routine' })), bfa.keyset, stream);
    assert.equal(reason(badItem), 'malformed');
    if (!badItem.ok) {
      assert.deepEqual(
        badItem.issues?.map((i) => i.path),
        ['/object'],
      );
      assert.deepEqual(badItem.claimed, { epoch: 1, seq: 1 }, 'a verified position: the nack consumes it');
    }
    const keysetKind = signSign1(
      kidBytes(bfa.sig.kid),
      [1, HEADER_KIND.keyset, iat],
      encodeCompact(item as never),
      bfa.sig.privateKey,
    );
    assert.equal(
      reason(verify(keysetKind, bfa.keyset, stream)),
      'malformed',
      'a key-set signature never passes for an item',
    );
  });

  void it('[FED-17][FED-38] decisions do not depend on clocks: skewed senders are judged by their signed time', () => {
    // A sender whose clock runs days ahead or behind signs with a key valid at its own time; the
    // receiver never reads its own clock, so the decision is the same for any receiver time.
    for (const skewDays of [-3, -1 / 1440, 0, 1 / 1440, 5]) {
      const skewed = manualClock(new Date(Date.parse('2026-02-01T08:00:00Z') + skewDays * 86_400_000));
      assert.equal(
        reason(verify(sign(item, { stream, epoch: 1, seq: 1 }, bfa.sig, skewed), bfa.keyset, stream)),
        'ok',
      );
    }
  });

  void it('[FED-19] rotation on the stream: in-flight items signed with the old key still verify however late', () => {
    const next = generateKeyPairSync('ed25519');
    const nextKey = signingKey(next.privateKey, '2026-03-01T00:00:00Z');
    const rotated: KeySet = {
      ...bfa.keyset,
      version: 2,
      keys: [...bfa.keyset.keys, keyEntry(next.publicKey, 'sig', '2026-03-01T00:00:00Z')],
      revocations: [{ kid: bfa.sig.kid, from: '2026-03-01T00:00:00Z', reason: 'superseded' }],
    };
    const keysetItem: Item = {
      kind: 'keyset',
      priority: 'flash',
      keyset: signKeySet(rotated, bfa.sig, clock),
    };
    const e1 = sign(keysetItem, { stream, epoch: 1, seq: 1 }, bfa.sig, clock);
    const e2 = sign(item, { stream, epoch: 1, seq: 2 }, bfa.sig, manualClock('2026-02-20T00:00:00Z'));
    const e3 = sign(item, { stream, epoch: 1, seq: 3 }, nextKey, manualClock('2026-03-02T00:00:00Z'));
    const e4old = sign(item, { stream, epoch: 1, seq: 4 }, bfa.sig, manualClock('2026-03-02T00:00:00Z'));
    // The receiver applies the key-set item first (it comes first in the stream).
    const r1 = verify(e1, bfa.keyset, stream);
    assert.ok(r1.ok && r1.value.item.kind === 'keyset');
    const updated = applyKeySetUpdate(bfa.keyset, r1.value.item.keyset);
    assert.ok(updated.ok);
    // Weeks later, e2 (signed before the switch) arrives: still valid — no time window.
    assert.equal(reason(verify(e2, updated.keyset, stream)), 'ok');
    assert.equal(reason(verify(e3, updated.keyset, stream)), 'ok');
    assert.equal(reason(verify(e4old, updated.keyset, stream)), 'revoked_key');
  });
});

void describe('[FED-6][FED-7] a receiver built on verify() and classify()', () => {
  /** The receiving half of a stream as the engine will run it (in memory here). */
  function receiver(keyset: KeySet, expect: StreamId) {
    let cursor: Cursor = { epoch: 1, hwm: 0 };
    const held = new Map<number, Item>();
    const applied: number[] = [];
    const nacks: string[] = [];
    return {
      applied,
      nacks,
      get cursor() {
        return cursor;
      },
      take(env: Uint8Array) {
        const r = verify(env, keyset, expect);
        if (!r.ok) return void nacks.push(r.reason);
        const at = { epoch: r.value.epoch, seq: r.value.seq };
        const c = classify(at, cursor);
        if (c === 'replay' || c === 'stale_epoch') return void nacks.push(c);
        if (c === 'ahead') return void held.set(at.seq, r.value.item);
        applied.push(at.seq);
        cursor = advance(cursor, at);
        for (let next = held.get(cursor.hwm + 1); next; next = held.get(cursor.hwm + 1)) {
          held.delete(cursor.hwm + 1);
          applied.push(cursor.hwm + 1);
          cursor = advance(cursor, { epoch: cursor.epoch, seq: cursor.hwm + 1 });
        }
      },
    };
  }

  void it('[FED-6][FED-7] applies each item once, in order, whatever the arrival order and duplicates', () => {
    const envs = [1, 2, 3, 4, 5].map((seq) => sign(putItem(), { stream, epoch: 1, seq }, bfa.sig, clock));
    const rx = receiver(bfa.keyset, stream);
    for (const i of [2, 0, 0, 4, 1, 3, 2, 4, 0]) rx.take(envs[i]!);
    assert.deepEqual(rx.applied, [1, 2, 3, 4, 5]);
    assert.deepEqual(rx.cursor, { epoch: 1, hwm: 5 });
    assert.deepEqual(rx.nacks, ['replay', 'replay', 'replay', 'replay']);
  });

  void it('[FED-12] forged and tampered envelopes change nothing while valid traffic keeps flowing', () => {
    const rx = receiver(bfa.keyset, stream);
    const good = [1, 2, 3].map((seq) => sign(putItem(), { stream, epoch: 1, seq }, bfa.sig, clock));
    const tampered = new Uint8Array(good[1]!);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
    const forgedAhead = sign(putItem(), { stream, epoch: 1, seq: 2 }, mli.sig, clock);
    rx.take(good[0]!);
    rx.take(tampered);
    rx.take(forgedAhead);
    assert.deepEqual(rx.cursor, { epoch: 1, hwm: 1 }, 'no unverified envelope moves the HWM');
    rx.take(good[2]!);
    rx.take(good[1]!);
    assert.deepEqual(rx.applied, [1, 2, 3]);
    assert.deepEqual(rx.nacks, ['bad_signature', 'unknown_key']);
  });

  void it('[FED-15] after a new epoch, late items of the old epoch are stale and never applied', () => {
    const rx = receiver(bfa.keyset, stream);
    rx.take(sign(putItem(), { stream, epoch: 1, seq: 1 }, bfa.sig, clock));
    rx.take(sign(putItem(), { stream, epoch: 2, seq: 1 }, bfa.sig, clock));
    rx.take(sign(putItem(), { stream, epoch: 1, seq: 2 }, bfa.sig, clock));
    assert.deepEqual(rx.cursor, { epoch: 2, hwm: 1 });
    assert.deepEqual(rx.nacks, ['stale_epoch']);
  });
});
