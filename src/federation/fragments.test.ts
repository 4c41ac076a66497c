import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { manualClock } from '../core/clock.ts';
import { sign, verify } from './envelope.ts';
import { forLink, fragment, isFragment, Reassembler, SBD_MT_BYTES, type FragmentKeys } from './fragments.ts';
import { signingKey, signKeySet } from './keyset.ts';
import { SimLink } from './link-sim.ts';
import { advance, classify, type Cursor, type Item } from './protocol.ts';
import { seal, unseal } from './seal.ts';
import { makePeer, putItem, streamOf, type TestPeer } from './test-support/peers.ts';

const bfa = makePeer();
const sen = makePeer();
const stream = streamOf(bfa, sen);
const clock = manualClock('2026-02-01T08:00:00Z');

const keysOf =
  (...peers: TestPeer[]): FragmentKeys =>
  (kid) =>
    peers.filter((p) => p.sig.kid === kid).map((p) => ({ id: p.node, publicKey: p.publicKey }));

/** A sealed, signed item as it goes over a narrow link. */
const sealedItem = (seq: number, item: Item = putItem()) =>
  seal(sign(item, { stream, epoch: 1, seq }, bfa.sig, clock, { narrow: true }), sen.kexPublic);

void describe('[FED-24] signed fragments', () => {
  void it('[FED-24] cuts a sealed item into signed fragments that fit the SBD cap, full but for the last', () => {
    const message = sealedItem(1);
    assert.ok(message.length > SBD_MT_BYTES);
    const frags = fragment(message, bfa.sig, SBD_MT_BYTES);
    assert.ok(frags.length >= 2);
    assert.ok(frags.every((f) => f.length <= SBD_MT_BYTES && isFragment(f)));
    assert.ok(
      frags.slice(0, -1).every((f) => f.length >= SBD_MT_BYTES - 1),
      frags.map((f) => f.length).join(','),
    );
    const big = fragment(randomBytes(20_000), bfa.sig, SBD_MT_BYTES);
    assert.ok(big.every((f) => f.length <= SBD_MT_BYTES));
    assert.throws(() => fragment(message, bfa.sig, 90), RangeError);
    assert.deepEqual(forLink(Uint8Array.of(1, 2), bfa.sig, SBD_MT_BYTES), [Uint8Array.of(1, 2)]);
  });

  void it('[FED-24] reassembles in any order, drops duplicates, waits for missing pieces', () => {
    const message = new Uint8Array(randomBytes(900));
    const frags = fragment(message, bfa.sig, SBD_MT_BYTES);
    const r = new Reassembler(keysOf(bfa));
    const order = [...frags.keys()].reverse();
    const last = order.pop()!;
    for (const i of order) assert.equal(r.accept(frags[i]!).status, 'pending');
    assert.equal(r.accept(frags[order[0]!]!).status, 'duplicate');
    assert.equal(r.pendingCount, 1);
    const done = r.accept(frags[last]!);
    assert.equal(done.status, 'complete');
    if (done.status === 'complete') {
      assert.deepEqual(done.message, message);
      assert.equal(done.signer, bfa.node);
    }
    assert.equal(r.accept(frags[0]!).status, 'duplicate', 'a late duplicate of a completed message');
    assert.equal(r.pendingCount, 0);
  });

  void it('[FED-24] refuses forged, tampered and unknown-key fragments on arrival, without disturbing the genuine ones', () => {
    const message = new Uint8Array(randomBytes(600));
    const frags = fragment(message, bfa.sig, SBD_MT_BYTES);
    const thief = generateKeyPairSync('ed25519');
    // Same key id as BFA's, another private key: a forgery.
    const forged = fragment(
      new Uint8Array(randomBytes(600)),
      { ...bfa.sig, privateKey: thief.privateKey },
      SBD_MT_BYTES,
    );
    const stranger = makePeer();
    const r = new Reassembler(keysOf(bfa));
    assert.deepEqual(r.accept(forged[1]!), { status: 'rejected', reason: 'bad_signature' });
    assert.deepEqual(r.accept(fragment(message, stranger.sig, SBD_MT_BYTES)[0]!), {
      status: 'rejected',
      reason: 'unknown_key',
    });
    const tampered = new Uint8Array(frags[0]!);
    tampered[tampered.length - 100] = tampered[tampered.length - 100]! ^ 1;
    assert.deepEqual(r.accept(tampered), { status: 'rejected', reason: 'bad_signature' });
    assert.deepEqual(r.accept(Uint8Array.of(1, 2, 3)), { status: 'rejected', reason: 'malformed' });
    assert.equal(r.pendingCount, 0, 'nothing was stored for refused fragments');
    const results = frags.map((f) => r.accept(f));
    assert.equal(results.at(-1)?.status, 'complete');
  });

  void it('[FED-24] keeps reassembly state per signer when two peers share a key id', () => {
    // A partner can grind a key whose 4-byte id collides with BFA's.
    const other = generateKeyPairSync('ed25519');
    const collider: TestPeer = {
      ...makePeer(),
      publicKey: other.publicKey,
      sig: { ...signingKey(other.privateKey, '2025-01-01T00:00:00Z'), kid: bfa.sig.kid },
    };
    const message = new Uint8Array(randomBytes(600));
    const genuine = fragment(message, bfa.sig, SBD_MT_BYTES);
    const colliding = fragment(message, collider.sig, SBD_MT_BYTES);
    const r = new Reassembler(keysOf(bfa, collider));
    // The colliding peer sends pieces of the same message id first: they fill its own slot only.
    for (const f of colliding.slice(1)) assert.equal(r.accept(f).status, 'pending');
    const done = genuine.map((f) => r.accept(f)).at(-1);
    assert.ok(done?.status === 'complete' && done.signer === bfa.node);
  });

  void it('[FED-24] bounds memory: the oldest pending message is dropped beyond the limit', () => {
    const r = new Reassembler(keysOf(bfa), { maxPending: 2 });
    const msgs = [1, 2, 3].map(() => fragment(new Uint8Array(randomBytes(500)), bfa.sig, SBD_MT_BYTES));
    for (const m of msgs) r.accept(m[0]!);
    assert.equal(r.pendingCount, 2);
    const first = msgs[0]!;
    for (const f of first.slice(1)) assert.equal(r.accept(f).status, 'pending', 'restarted from scratch');
    assert.deepEqual(new Reassembler(keysOf(bfa), { maxMessageBytes: 300 }).accept(msgs[1]![1]!), {
      status: 'rejected',
      reason: 'too_large',
    });
  });

  void it('[FED-24][FED-31] under link chaos (drop, duplicate, reorder, 270-byte cap, partition), every item arrives exactly once', () => {
    const t = manualClock('2026-03-01T00:00:00Z');
    const link = new SimLink({
      seed: 2026,
      clock: t,
      dropRate: 0.25,
      duplicateRate: 0.2,
      delayMs: 2_000,
      jitterMs: 120_000,
      maxBytes: SBD_MT_BYTES,
      bandwidthBps: 40,
      partitions: [{ from: '2026-03-01T00:02:00Z', until: '2026-03-03T00:02:00Z' }],
    });
    // Twelve items: small incidents and a large key-set update (many fragments).
    const rotated = { ...bfa.keyset, version: 2 };
    const items: Item[] = Array.from({ length: 12 }, (_, i) =>
      i === 5
        ? { kind: 'keyset', priority: 'flash', keyset: signKeySet(rotated, bfa.sig, clock) }
        : putItem({ name: `Incident ${i}` }),
    );
    const outbox = new Map(
      items.map((item, i) => [i + 1, forLink(sealedItem(i + 1, item), bfa.sig, SBD_MT_BYTES)]),
    );
    const reassembler = new Reassembler(keysOf(bfa));
    let cursor: Cursor = { epoch: 1, hwm: 0 };
    const held = new Map<number, Item>();
    const applied: Item[] = [];
    const take = (bytes: Uint8Array) => {
      let whole = bytes;
      if (isFragment(bytes)) {
        const f = reassembler.accept(bytes);
        if (f.status !== 'complete') return;
        whole = f.message;
      }
      const opened = unseal(whole, [sen.kex]);
      assert.ok(opened.ok);
      const v = verify(opened.plaintext, bfa.keyset, stream);
      assert.ok(v.ok, v.ok ? '' : v.reason);
      const c = classify(v.value, cursor);
      if (c === 'ahead') held.set(v.value.seq, v.value.item);
      if (c !== 'next') return;
      applied.push(v.value.item);
      cursor = advance(cursor, v.value);
      for (let n = held.get(cursor.hwm + 1); n; n = held.get(cursor.hwm + 1)) {
        held.delete(cursor.hwm + 1);
        applied.push(n);
        cursor = advance(cursor, { epoch: 1, seq: cursor.hwm + 1 });
      }
    };
    // The sender re-sends whatever is not acknowledged every 30 simulated minutes (the ack comes
    // back over a reliable channel here: the sender learns the receiver's HWM).
    for (let round = 0; round < 400 && cursor.hwm < items.length; round++) {
      for (const [seq, frags] of outbox)
        if (seq > cursor.hwm) for (const f of frags) assert.equal(link.send(f).accepted, true);
      const until = t.now().getTime() + 30 * 60_000;
      for (let next = link.nextArrival(); next !== undefined && next <= until; next = link.nextArrival()) {
        t.set(new Date(next));
        for (const b of link.receive()) take(b);
      }
      t.set(new Date(until));
    }
    assert.deepEqual(cursor, { epoch: 1, hwm: items.length });
    assert.deepEqual(applied, items, 'exact convergence: every item once, in order');
    assert.ok(link.stats.dropped > 0 && link.stats.duplicated > 0 && link.stats.partitioned > 0);
  });
});
