import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { manualClock } from '../core/clock.ts';
import { sign, verify } from './envelope.ts';
import { forLink, Reassembler, SBD_MT_BYTES, type FragmentKeys } from './fragments.ts';
import type { KeySet } from './keyset.ts';
import {
  encodeNarrow,
  FORM,
  NARROW_VERSION,
  openNarrow,
  sealNarrow,
  signNarrow,
  SIV_TAG_BYTES,
  type NarrowLink,
  type OpenOptions,
} from './narrow.ts';
import type { Item } from './protocol.ts';
import { makePeer, putItem, streamOf } from './test-support/peers.ts';

const bfa = makePeer();
const sen = makePeer();
const mali = makePeer();
const clock = manualClock('2026-02-01T08:00:00Z');
const stream = streamOf(bfa, sen);
const back = streamOf(sen, bfa);
const link: NarrowLink = { streams: [stream, back], localIds: [] };
const now = new Date('2026-02-01T08:00:00Z');

const keysets = new Map<string, KeySet>([
  [bfa.node, bfa.keyset],
  [sen.node, sen.keyset],
  [mali.node, mali.keyset],
]);
const atSen: OpenOptions = { me: sen.node, keysetOf: (n) => keysets.get(n), kex: [sen.kex], now };

const signed = (seq: number, item: Item = putItem()) =>
  signNarrow(item, { stream, epoch: 1, seq }, link, bfa.sig, bfa.keyset, clock);
const sealed = (seq: number, item: Item = putItem()) =>
  sealNarrow(signed(seq, item), link, bfa.kex.privateKey, sen.kexPublic.publicKey);

void describe('[FED-74] narrow envelope profile', () => {
  void it('[FED-76] signed and sealed forms open to the same verified item as the wide envelope', () => {
    const item = putItem({ description: 'Embuscade contre une patrouille à 12 km au nord de Kongoussi.' });
    const wide = verify(sign(item, { stream, epoch: 1, seq: 7 }, bfa.sig, clock), bfa.keyset, stream);
    assert.ok(wide.ok);
    for (const bytes of [signed(7, item), sealed(7, item)]) {
      const r = openNarrow(bytes, link, atSen);
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.equal(r.sealed, ((bytes[0]! >> 3) & 1) === FORM.sealed);
      assert.deepStrictEqual(r.value.item, wide.value.item);
      assert.deepStrictEqual(r.value.stream, stream);
      assert.equal(r.value.epoch, 1);
      assert.equal(r.value.seq, 7);
      assert.equal(r.value.kid, bfa.sig.kid);
      // Signed to the minute, never after the real signing time.
      assert.equal(r.value.signedAt.toISOString(), '2026-02-01T08:00:00.000Z');
    }
    // One identity for both forms: nacks and audit name the same digest.
    const a = openNarrow(signed(7, item), link, atSen);
    const b = openNarrow(sealed(7, item), link, atSen);
    assert.ok(a.ok && b.ok);
    assert.deepStrictEqual(a.value.digest, b.value.digest);
  });

  void it('[FED-80] encodeNarrow: one frame when it fits, signed fragments otherwise; both open', () => {
    const sender = { key: bfa.sig, keyset: bfa.keyset, kex: bfa.kex.privateKey };
    const small = encodeNarrow(putItem(), { stream, epoch: 1, seq: 1 }, link, sender, clock, {
      receiverKex: sen.kexPublic.publicKey,
      cap: 1000,
    });
    assert.equal(small.length, 1);
    const r = openNarrow(small[0]!, link, { ...atSen, requireSealed: true });
    assert.ok(r.ok && r.sealed);
    const pieces = encodeNarrow(putItem(), { stream, epoch: 1, seq: 2 }, link, sender, clock, {
      receiverKex: sen.kexPublic.publicKey,
    });
    assert.ok(pieces.length > 1 && pieces.every((p) => p.length <= SBD_MT_BYTES));
  });

  void it('[FED-84] profile v2 and v3: 8-byte header for a 4-digit seq; profile v1 and v2 envelopes still open', () => {
    const item = putItem({ description: 'Embuscade contre une patrouille à 12 km au nord de Kongoussi.' });
    const v2 = signNarrow(item, { stream, epoch: 1, seq: 2292 }, link, bfa.sig, bfa.keyset, clock);
    assert.equal(NARROW_VERSION, 3);
    const v1 = signNarrow(item, { stream, epoch: 1, seq: 2292 }, link, bfa.sig, bfa.keyset, clock, 1);
    assert.equal(v2[0]! >> 4, NARROW_VERSION);
    assert.equal(v1[0]! >> 4, 1);
    // form+key 1, stream 1, epoch 1, seq 2, minute 3 (2026) against v1's 1+1+1+1+3+5.
    assert.ok(v2.length <= v1.length - 4, `${v2.length} vs ${v1.length}`);
    const p2 = signNarrow(item, { stream, epoch: 1, seq: 2292 }, link, bfa.sig, bfa.keyset, clock, 2);
    assert.equal(p2[0]! >> 4, 2);
    for (const bytes of [v1, p2, v2, sealNarrow(v1, link, bfa.kex.privateKey, sen.kexPublic.publicKey)]) {
      const r = openNarrow(bytes, link, atSen);
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.deepStrictEqual(r.value.item, item);
      assert.equal(r.value.seq, 2292);
      assert.equal(r.value.signedAt.toISOString(), '2026-02-01T08:00:00.000Z');
    }
    // A key index past the first byte's room (7 and up) travels as 7 + a varint.
    const many: KeySet = {
      ...bfa.keyset,
      keys: [
        ...Array.from({ length: 9 }, () => bfa.keyset.keys.find((k) => k.use === 'kex')!),
        ...bfa.keyset.keys,
      ],
    };
    const far = signNarrow(item, { stream, epoch: 1, seq: 3 }, link, bfa.sig, many, clock);
    assert.equal(far[0]! & 7, 7);
    const r = openNarrow(far, link, { ...atSen, keysetOf: () => many });
    assert.ok(r.ok, r.ok ? '' : r.reason);
  });

  void it('[FED-77] sealing costs exactly the 16-byte tag; no nonce travels and equal inputs give equal bytes', () => {
    const s = signed(3);
    const x = sealNarrow(s, link, bfa.kex.privateKey, sen.kexPublic.publicKey);
    assert.equal(x.length, s.length + SIV_TAG_BYTES);
    assert.deepStrictEqual(sealNarrow(s, link, bfa.kex.privateKey, sen.kexPublic.publicKey), x);
    // Another position, same item: another tag, so another keystream.
    const y = sealed(4);
    assert.notDeepStrictEqual(y.subarray(y.length - 16), x.subarray(x.length - 16));
  });

  void it('[FED-78] any altered byte is refused, in either form', () => {
    for (const bytes of [signed(9), sealed(9)]) {
      for (let i = 0; i < bytes.length; i++) {
        const t = new Uint8Array(bytes);
        t[i] = t[i]! ^ 0x01;
        assert.ok(!openNarrow(t, link, atSen).ok, `byte ${i} accepted`);
      }
      for (const cut of [1, 16, 64])
        assert.ok(!openNarrow(bytes.subarray(0, bytes.length - cut), link, atSen).ok);
    }
  });

  void it('[FED-78] a signature by another key, an unknown key index or a revoked key is refused', () => {
    // Mali's key, passed off as BFA's first key.
    const forged = signNarrow(
      putItem(),
      { stream, epoch: 1, seq: 1 },
      link,
      mali.sig,
      { ...mali.keyset, node: bfa.node },
      clock,
    );
    const r1 = openNarrow(forged, link, atSen);
    assert.ok(!r1.ok && r1.reason === 'bad_signature');
    const unknown = new Uint8Array(signed(1));
    // [FED-84] The key index is the first byte's low three bits.
    unknown[0] = (unknown[0]! & 0xf8) | 5;
    const r2 = openNarrow(unknown, link, atSen);
    assert.ok(!r2.ok && r2.reason === 'unknown_key');
    const revoked: KeySet = {
      ...bfa.keyset,
      revocations: [{ kid: bfa.sig.kid, from: '2025-06-01T00:00:00Z', reason: 'superseded' }],
    };
    const r3 = openNarrow(signed(1), link, { ...atSen, keysetOf: () => revoked });
    assert.ok(!r3.ok && r3.reason === 'revoked_key');
  });

  void it('[FED-79] a replayed sequence or a stale epoch is refused against the receiver cursor', () => {
    const cursorOf = () => ({ epoch: 2, hwm: 5 });
    const at = (epoch: number, seq: number) =>
      openNarrow(signNarrow(putItem(), { stream, epoch, seq }, link, bfa.sig, bfa.keyset, clock), link, {
        ...atSen,
        cursorOf,
      });
    for (const [epoch, seq, reason] of [
      [2, 5, 'replay'],
      [2, 1, 'replay'],
      [1, 9, 'stale_epoch'],
    ] as const) {
      const r = at(epoch, seq);
      assert.ok(!r.ok && r.reason === reason, `${epoch}/${seq}`);
    }
    assert.ok(at(2, 6).ok);
    assert.ok(at(3, 1).ok);
  });

  void it('[FED-78] the wrong receiver is refused: another node, or a node without the pair key', () => {
    const bytes = sealed(2);
    const r1 = openNarrow(bytes, link, { ...atSen, me: mali.node, kex: [mali.kex] });
    assert.ok(!r1.ok && r1.reason === 'wrong_receiver');
    // Mali claims to be the receiver but holds another key-agreement key: the tag does not verify.
    const r2 = openNarrow(bytes, link, { ...atSen, kex: [mali.kex] });
    assert.ok(!r2.ok && r2.reason === 'decrypt_failed');
    // Sealed to Mali's key instead of SEN's: SEN cannot open it either.
    const toMali = sealNarrow(signed(2), link, bfa.kex.privateKey, mali.kexPublic.publicKey);
    const r3 = openNarrow(toMali, link, atSen);
    assert.ok(!r3.ok && r3.reason === 'decrypt_failed');
    // The return stream (SEN → BFA) read by SEN: not its to receive.
    const wrongWay = signNarrow(
      putItem(),
      { stream: back, epoch: 1, seq: 1 },
      link,
      sen.sig,
      sen.keyset,
      clock,
    );
    const r4 = openNarrow(wrongWay, link, atSen);
    assert.ok(!r4.ok && r4.reason === 'wrong_receiver');
    const r5 = openNarrow(signed(2), link, { ...atSen, requireSealed: true });
    assert.ok(!r5.ok && r5.reason === 'malformed');
  });

  void it('refuses headers of another profile version, unknown forms and non-shortest integers', () => {
    const s = signed(1);
    const other = new Uint8Array(s);
    other[0] = (4 << 4) | FORM.signed;
    const r1 = openNarrow(other, link, atSen);
    assert.ok(!r1.ok && r1.reason === 'unsupported_version');
    // Profile v1: a form nibble other than 0 and 1; key index 0 written on two bytes (0x18 0x00).
    const v1 = signNarrow(putItem(), { stream, epoch: 1, seq: 1 }, link, bfa.sig, bfa.keyset, clock, 1);
    const form = new Uint8Array(v1);
    form[0] = (1 << 4) | 7;
    const r2 = openNarrow(form, link, atSen);
    assert.ok(!r2.ok && r2.reason === 'malformed');
    const long = Uint8Array.from([v1[0]!, 0x18, 0x00, ...v1.subarray(2)]);
    const r3 = openNarrow(long, link, atSen);
    assert.ok(!r3.ok && r3.reason === 'malformed');
    // [FED-84] Profile v2 and v3 (this one): stream index 0 as a two-byte varint (0x80 0x00).
    const long2 = Uint8Array.from([s[0]!, 0x80, 0x00, ...s.subarray(2)]);
    const r4 = openNarrow(long2, link, atSen);
    assert.ok(!r4.ok && r4.reason === 'malformed');
    assert.throws(() =>
      signNarrow(
        putItem(),
        { stream: streamOf(mali, sen), epoch: 1, seq: 1 },
        link,
        mali.sig,
        mali.keyset,
        clock,
      ),
    );
  });

  void it('[FED-80] property: a large item crosses a 270-byte link as signed fragments, in any order, duplicated', () => {
    const keysFor: FragmentKeys = (kid) =>
      [bfa].filter((p) => p.sig.kid === kid).map((p) => ({ id: p.node, publicKey: p.publicKey }));
    // Text the model cannot predict (pseudo-random base64): several fragments whatever the coder.
    const long = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7919 + 13) % 251)).toString('base64');
    const item = putItem({ description: long });
    const frame = sealed(11, item);
    const pieces = forLink(frame, bfa.sig, SBD_MT_BYTES);
    assert.ok(pieces.length > 2 && pieces.every((p) => p.length <= SBD_MT_BYTES));
    const all = [...pieces.keys()];
    // Every fragment at least once, some several times, in any order.
    const deliveries = fc
      .array(fc.constantFrom(...all), { maxLength: 3 * all.length })
      .chain((extra) => fc.shuffledSubarray([...all, ...extra], { minLength: all.length + extra.length }));
    fc.assert(
      fc.property(deliveries, (order) => {
        const r = new Reassembler(keysFor);
        let complete = 0;
        for (const i of order) {
          const res = r.accept(pieces[i]!);
          assert.notEqual(res.status, 'rejected');
          if (res.status === 'complete') {
            complete++;
            const opened = openNarrow(res.message, link, atSen);
            assert.ok(opened.ok);
            assert.deepStrictEqual(opened.value.item, item);
          }
        }
        assert.equal(complete, 1);
      }),
      { numRuns: 60 },
    );
  });
});
