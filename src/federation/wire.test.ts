import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from '../core/clock.ts';
import { encodeCompact } from './compact.ts';
import type { Ack, Hello, Message } from './protocol.ts';
import { makePeer, streamOf } from './test-support/peers.ts';
import { decodeMessage, encodeMessage, openMessage, signMessage } from './wire.ts';

const bfa = makePeer();
const sen = makePeer();
const clock = manualClock('2026-02-01T08:00:00Z');
const ack: Ack = {
  type: 'ack',
  v: 1,
  stream: streamOf(bfa, sen),
  epoch: 1,
  hwm: 41,
  held: [[43, 50]],
  nacks: [{ epoch: 1, seq: 42, digest: new Uint8Array(8).fill(7), reason: 'outside_agreement' }],
};
const hello: Hello = {
  type: 'hello',
  v: 1,
  from: sen.node,
  to: bfa.node,
  receiving: [{ agreement: ack.stream.agreement, epoch: 1, hwm: 41 }],
  sending: [],
};

void describe('messages on the wire', () => {
  void it('[FED-10][FED-14] encodes and decodes every message type compactly', () => {
    const messages: Message[] = [
      ack,
      hello,
      { type: 'envelope', v: 1, from: bfa.node, to: sen.node, envelopes: [Uint8Array.of(0x84, 1)] },
      {
        type: 'pull',
        v: 1,
        from: sen.node,
        to: bfa.node,
        streams: hello.receiving,
        max_bytes: 1 << 20,
        wait_ms: 25_000,
      },
      { type: 'pull_response', v: 1, from: bfa.node, to: sen.node, envelopes: [], more: true },
      { type: 'fragments', v: 1, fragments: [Uint8Array.of(0x84)] },
    ];
    for (const m of messages)
      assert.deepEqual(decodeMessage(encodeMessage(m)), { ok: true, value: m }, m.type);
    // An ack with a nack fits easily in an Iridium mobile-originated message (340 bytes), signed.
    assert.ok(signMessage(ack, sen.sig, clock).length < 340, `${signMessage(ack, sen.sig, clock).length}`);
  });

  void it('[FED-1] decoding reports problems as issues with JSON pointers', () => {
    const r = decodeMessage(encodeCompact({ ...ack, hwm: -1 } as never));
    assert.deepEqual(r.ok ? [] : r.issues.map((i) => [i.path, i.code]), [['/hwm', 'fed.expected_int']]);
    const junk = decodeMessage(Uint8Array.of(4, 0xff));
    assert.deepEqual(junk.ok ? [] : junk.issues.map((i) => [i.path, i.code]), [['', 'fed.malformed']]);
    const future = decodeMessage(Uint8Array.of(9 << 2, 0xa0));
    assert.deepEqual(future.ok ? [] : future.issues.map((i) => i.code), ['fed.unsupported_version']);
    assert.throws(
      () => encodeMessage({ ...ack, nacks: [{ digest: new Uint8Array(1), reason: 'replay' }] }),
      TypeError,
    );
  });

  void it('[FED-35] a signed ack is a receipt the sender can verify against the receiver’s keys', () => {
    const receipt = signMessage(ack, sen.sig, clock);
    const r = openMessage(receipt, sen.keyset);
    assert.ok(r.ok);
    assert.deepEqual(r.value.message, ack);
    assert.equal(r.value.kid, sen.sig.kid);
    assert.equal(r.value.signedAt.toISOString(), '2026-02-01T08:00:00.000Z');
  });

  void it('[FED-35] refuses a receipt signed by someone else, tampered, or speaking for another node', () => {
    const receipt = signMessage(ack, sen.sig, clock);
    assert.deepEqual(openMessage(receipt, bfa.keyset), { ok: false, reason: 'unknown_key' });
    const tampered = new Uint8Array(receipt);
    tampered[tampered.length - 80] = tampered[tampered.length - 80]! ^ 1;
    assert.equal((openMessage(tampered, sen.keyset) as { reason: string }).reason, 'bad_signature');
    // BFA signs an ack claiming to be SEN's receipt: the author is not the key set's node.
    const impersonation = signMessage(ack, bfa.sig, clock);
    assert.deepEqual(openMessage(impersonation, bfa.keyset), { ok: false, reason: 'wrong_stream' });
    assert.equal((openMessage(Uint8Array.of(1), sen.keyset) as { reason: string }).reason, 'malformed');
  });

  void it('[FED-14] a signed hello cannot be forged to trigger a resynchronisation', () => {
    const signed = signMessage(hello, sen.sig, clock);
    assert.equal(openMessage(signed, sen.keyset).ok, true);
    const byBfa = signMessage({ ...hello }, bfa.sig, clock);
    assert.deepEqual(openMessage(byBfa, sen.keyset), { ok: false, reason: 'unknown_key' });
  });
});
