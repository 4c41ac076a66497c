import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from '../core/clock.ts';
import {
  BATCH_VERSION,
  encodeFrame,
  encodeItemBytes,
  inspectFrame,
  ITEM_UNCOMPRESSED_MAX,
  isFrame,
  itemDigest,
  signBatch,
  signBatchHeader,
  verifyFrame,
  type FrameResult,
} from './batch-envelope.ts';
import { decodeCbor, encodeCbor } from './cbor.ts';
import { decodeCompact, encodeCompact, type CompactValue } from './compact.ts';
import { HEADER_KIND, parseSign1, signSign1 } from './cose.ts';
import { sign, streamTag, verify } from './envelope.ts';
import { kidBytes } from './keyset.ts';
import { PROTOCOL_VERSION, type EnvelopeBatch, type Item } from './protocol.ts';
import { encodeMessage } from './wire.ts';
import { makePeer, putItem, streamOf } from './test-support/peers.ts';

const bfa = makePeer();
const sen = makePeer();
const mli = makePeer();
const stream = streamOf(bfa, sen);
const clock = manualClock('2026-02-01T08:00:00Z');
const items: Item[] = [0, 1, 2, 3].map((i) =>
  putItem({ id: `incident--0000000${i}-0000-4000-8000-000000000000`, name: `Incident ${i}` }),
);

const run = signBatch(items, { stream, epoch: 1, first: 10 }, bfa.sig, clock);
const frame = (header = run.header, offset = 0, list = run.items) => encodeFrame(header, offset, list);
const outcome = (r: FrameResult) =>
  r.ok ? r.items.map((i) => (i.ok ? `ok ${i.value.seq}` : `${i.nack.reason} ${i.nack.seq}`)) : r.reason;

void describe('batch envelopes (protocol v2)', () => {
  void it('[FED-86] one signature covers a run; each item verifies at its own position', () => {
    assert.equal(PROTOCOL_VERSION, 2);
    const s = parseSign1(run.header);
    assert.deepEqual(s.params.slice(0, 2), [BATCH_VERSION, HEADER_KIND.batch]);
    assert.deepEqual(s.params.slice(3, 6), [1, 10, 13]);
    assert.equal(s.payload.length, 4 * 16);
    assert.deepEqual(s.payload.subarray(16, 32), itemDigest(run.items[1]!));
    const r = verifyFrame(frame(), bfa.keyset, stream);
    assert.deepEqual(outcome(r), ['ok 10', 'ok 11', 'ok 12', 'ok 13']);
    const third = r.ok ? r.items[2] : undefined;
    assert.ok(third?.ok && third.value.item.kind === 'put');
    assert.ok(isFrame(frame()) && !isFrame(sign(items[0]!, { stream, epoch: 1, seq: 1 }, bfa.sig, clock)));
    assert.deepEqual(inspectFrame(frame()), { stream, epoch: 1, first: 10, last: 13 });
  });

  void it('[FED-87] a tail of the run travels again with the same header', () => {
    const r = verifyFrame(frame(run.header, 2, run.items.slice(2)), bfa.keyset, stream);
    assert.deepEqual(outcome(r), ['ok 12', 'ok 13']);
    // Claiming more items than the header lists is malformed.
    assert.equal(
      outcome(verifyFrame(frame(run.header, 3, run.items.slice(2)), bfa.keyset, stream)),
      'malformed',
    );
  });

  void it('[FED-88] a tampered item fails alone as bad_signature; the others still verify', () => {
    const tampered = run.items.map((b) => b.slice());
    tampered[1]![tampered[1]!.length - 1]! ^= 1;
    assert.deepEqual(outcome(verifyFrame(frame(run.header, 0, tampered), bfa.keyset, stream)), [
      'ok 10',
      'bad_signature 11',
      'ok 12',
      'ok 13',
    ]);
  });

  void it('[FED-88] reordered items fail at the positions they do not belong to', () => {
    const swapped = [run.items[0]!, run.items[2]!, run.items[1]!, run.items[3]!];
    assert.deepEqual(outcome(verifyFrame(frame(run.header, 0, swapped), bfa.keyset, stream)), [
      'ok 10',
      'bad_signature 11',
      'bad_signature 12',
      'ok 13',
    ]);
  });

  void it('[FED-89] a forged or altered header refuses the whole frame, its claims unread', () => {
    // Another node's key, claiming to be BFA's key id.
    const s = parseSign1(run.header);
    const forged = signSign1(kidBytes(bfa.sig.kid), s.params, s.payload, mli.sig.privateKey, s.unprotected);
    assert.equal(outcome(verifyFrame(frame(forged), bfa.keyset, stream)), 'bad_signature');
    // The digest list swapped for the digests of other items: the signature no longer holds.
    const other = signBatch([putItem({ name: 'autre' })], { stream, epoch: 1, first: 10 }, bfa.sig, clock);
    const top = decodeCbor(run.header) as unknown[];
    const altered = encodeCbor([top[0], top[1], parseSign1(other.header).payload, top[3]] as never);
    assert.equal(outcome(verifyFrame(frame(altered, 0, other.items), bfa.keyset, stream)), 'malformed');
    const others = items.map((_, i) => putItem({ name: `Autre ${i}` }));
    const sameLength = signBatch(others, { stream, epoch: 1, first: 10 }, bfa.sig, clock);
    const mixed = encodeCbor([top[0], top[1], parseSign1(sameLength.header).payload, top[3]] as never);
    assert.equal(outcome(verifyFrame(frame(mixed), bfa.keyset, stream)), 'bad_signature');
    // Signed for another receiver or stream.
    assert.equal(outcome(verifyFrame(frame(), bfa.keyset, streamOf(bfa, mli))), 'wrong_stream');
    // Unknown sender key set.
    assert.equal(outcome(verifyFrame(frame(), mli.keyset, stream)), 'unknown_key');
    // A version this node does not speak.
    const params = [...s.params];
    params[0] = 3;
    const future = signSign1(kidBytes(bfa.sig.kid), params, s.payload, bfa.sig.privateKey, s.unprotected);
    assert.equal(outcome(verifyFrame(frame(future), bfa.keyset, stream)), 'unsupported_version');
  });

  void it('[FED-90] a re-signed header covers the same items at the same positions', () => {
    const later = manualClock('2026-02-02T08:00:00Z');
    const again = signBatchHeader(run.items, { stream, epoch: 1, first: 10 }, bfa.sig, later);
    assert.notDeepEqual(again, run.header);
    assert.deepEqual(outcome(verifyFrame(frame(again, 1, run.items.slice(1)), bfa.keyset, stream)), [
      'ok 11',
      'ok 12',
      'ok 13',
    ]);
  });

  void it('[FED-93] small items travel uncompressed, so the message compresses a run together', () => {
    // Low 2 bits of a compact frame's first byte: 0 = no DEFLATE of its own.
    assert.ok(run.items.every((b) => (b[0]! & 3) === 0));
    assert.deepEqual(decodeCompact(run.items[2]!), items[2]);
    const similar = Array.from({ length: 50 }, (_, i) =>
      putItem({
        id: `incident--${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
        description: `Mise à jour ${i} : bilan révisé après enquête.`,
      }),
    );
    const message = (list: Uint8Array[]) => {
      const header = signBatchHeader(list, { stream, epoch: 1, first: 1 }, bfa.sig, clock);
      const m: EnvelopeBatch = {
        type: 'envelope',
        v: PROTOCOL_VERSION,
        from: stream.sender,
        to: stream.receiver,
        envelopes: [encodeFrame(header, 0, list)],
      };
      return encodeMessage(m).length;
    };
    const oneByOne = similar.map((it) => encodeCompact(it as unknown as CompactValue));
    const asSent = signBatch(similar, { stream, epoch: 1, first: 1 }, bfa.sig, clock).items;
    // 50 digests (800 B, incompressible) are in both; the items compressed together cost less.
    assert.ok(message(asSent) < 0.85 * message(oneByOne), `${message(asSent)} vs ${message(oneByOne)}`);
  });

  void it('[FED-93] an item too large to travel uncompressed keeps its own DEFLATE', () => {
    const big = putItem({ description: 'Rapport détaillé. '.repeat(ITEM_UNCOMPRESSED_MAX / 8) });
    const bytes = encodeItemBytes(big);
    assert.equal(bytes[0]! & 3, 1);
    assert.ok(bytes.length < ITEM_UNCOMPRESSED_MAX);
    const r = verifyFrame(
      frame(signBatchHeader([bytes], { stream, epoch: 1, first: 1 }, bfa.sig, clock), 0, [bytes]),
      bfa.keyset,
      stream,
    );
    assert.ok(r.ok && r.items[0]?.ok && r.items[0].value.item.kind === 'put');
  });

  void it('[FED-93][FED-91] items each compressed by an earlier v2 sender still verify one by one', () => {
    const earlier = items.map((it) => encodeCompact(it as unknown as CompactValue, { compress: 'always' }));
    const header = signBatchHeader(earlier, { stream, epoch: 1, first: 10 }, bfa.sig, clock);
    assert.deepEqual(outcome(verifyFrame(frame(header, 0, earlier), bfa.keyset, stream)), [
      'ok 10',
      'ok 11',
      'ok 12',
      'ok 13',
    ]);
  });

  void it('[FED-91] single envelopes signed with version 1 still verify', () => {
    const iat = Math.floor(clock.now().getTime() / 1000);
    const v1 = signSign1(
      kidBytes(bfa.sig.kid),
      [1, HEADER_KIND.item, streamTag(stream), 1, 1, iat],
      parseSign1(sign(items[0]!, { stream, epoch: 1, seq: 1 }, bfa.sig, clock)).payload,
      bfa.sig.privateKey,
      new Map([['s', [stream.sender, stream.receiver, stream.agreement]]]),
    );
    const r = verify(v1, bfa.keyset, stream);
    assert.ok(r.ok, r.ok ? '' : r.reason);
  });
});
