import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { manualClock } from '../core/clock.ts';
import {
  readBundle,
  readBundleFile,
  writeBundle,
  writeBundleFile,
  type BundleContents,
} from './bundle-file.ts';
import { sign } from './envelope.ts';
import type { KeySet } from './keyset.ts';
import { advance, classify, type Cursor } from './protocol.ts';
import { makePeer, putItem, streamOf } from './test-support/peers.ts';

const bfa = makePeer();
const sen = makePeer();
const mli = makePeer();
const clock = manualClock('2026-02-01T08:00:00Z');
const stream = streamOf(bfa, sen);
const other = streamOf(bfa, sen, 'agreement-bfa-sen-annex');
const envelopes = [
  ...[1, 2, 3].map((seq) =>
    sign(putItem({ name: `Incident ${seq}` }), { stream, epoch: 1, seq }, bfa.sig, clock),
  ),
  sign(putItem({ name: 'Annexe' }), { stream: other, epoch: 1, seq: 1 }, bfa.sig, clock),
];
const keysets = new Map<string, KeySet>([[bfa.node, bfa.keyset]]);
const keysetOf = (node: string) => keysets.get(node);
const write = () =>
  writeBundle(envelopes, { node: sen.node, kex: sen.kexPublic }, { node: bfa.node, key: bfa.sig }, clock);
const read = (bytes: Uint8Array) => {
  const r = readBundle(bytes, { node: sen.node, kex: [sen.kex] }, keysetOf);
  assert.ok(r.ok, r.ok ? '' : `${r.reason}: ${r.detail}`);
  return r.value;
};

void describe('offline bundles', () => {
  void it('[FED-32][FED-33] writes and reads back every item, verified, across the agreements of the pair', () => {
    const b = read(write());
    assert.equal(b.sender, bfa.node);
    assert.equal(b.receiver, sen.node);
    assert.equal(b.createdAt.toISOString(), '2026-02-01T08:00:00.000Z');
    assert.equal(b.complete, true);
    assert.equal(b.trailer, 'ok');
    assert.deepEqual(b.rejected, []);
    assert.deepEqual(
      b.items.map((i) => i.envelope),
      envelopes,
    );
    assert.deepEqual(
      b.items.map((i) => [i.verified.stream.agreement, i.verified.seq]),
      [
        [stream.agreement, 1],
        [stream.agreement, 2],
        [stream.agreement, 3],
        [other.agreement, 1],
      ],
    );
  });

  void it('[FED-22] the file shows nothing of the content (a stick lost at a checkpoint)', () => {
    const bytes = Buffer.from(write());
    assert.ok(!bytes.includes(Buffer.from('Incident')) && !bytes.includes(Buffer.from('Kongoussi')));
  });

  void it('[FED-33] a bundle for another node is refused as a whole: wrong_receiver', () => {
    const r = readBundle(write(), { node: mli.node, kex: [mli.kex] }, keysetOf);
    assert.deepEqual(r, { ok: false, reason: 'wrong_receiver', detail: sen.node });
  });

  void it('[FED-23] without the receiver’s key nothing opens; each item is listed, none silently dropped', () => {
    const r = readBundle(write(), { node: sen.node, kex: [mli.kex] }, keysetOf);
    assert.ok(r.ok);
    assert.equal(r.value.items.length, 0);
    assert.deepEqual(
      r.value.rejected.map((x) => [x.index, x.reason]),
      [0, 1, 2, 3].map((i) => [i, 'wrong_receiver']),
    );
  });

  void it('[FED-33] refuses files that are not bundles, of another version, or from a node of unknown keys', () => {
    const bytes = write();
    assert.equal(
      (
        readBundle(Uint8Array.from([1, 2, 3]), { node: sen.node, kex: [sen.kex] }, keysetOf) as {
          reason: string;
        }
      ).reason,
      'malformed',
    );
    const v2 = new Uint8Array(bytes);
    v2[4] = 2;
    assert.equal(
      (readBundle(v2, { node: sen.node, kex: [sen.kex] }, keysetOf) as { reason: string }).reason,
      'unsupported_version',
    );
    assert.equal(
      (readBundle(bytes, { node: sen.node, kex: [sen.kex] }, () => undefined) as { reason: string }).reason,
      'unknown_key',
    );
  });

  void it('[FED-33] a truncated file yields its intact items and is marked incomplete', () => {
    const bytes = write();
    const cut = read(bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    assert.equal(cut.complete, false);
    assert.equal(cut.trailer, 'missing');
    assert.ok(cut.items.length >= 1 && cut.items.length < 4);
    assert.deepEqual(
      cut.items.map((i) => i.envelope),
      envelopes.slice(0, cut.items.length),
    );
  });

  void it('[FED-11][FED-33] an altered record is rejected with its reason; the others stand; the trailer no longer matches', () => {
    const bytes = write();
    const b = read(bytes);
    assert.equal(b.items.length, 4);
    // Flip a byte inside one of the sealed records.
    const record = Buffer.from(bytes).indexOf(Buffer.from([0x53]), 100);
    const altered = new Uint8Array(bytes);
    altered[record + 60] = altered[record + 60]! ^ 1;
    const r = read(altered);
    assert.deepEqual(
      r.rejected.map((x) => x.reason),
      ['decrypt_failed'],
    );
    assert.equal(r.items.length, 3);
    assert.equal(r.trailer, 'mismatch');
    assert.equal(r.complete, false);
  });

  void it('[FED-33] a trailer by another key is refused', () => {
    const forged = writeBundle(
      envelopes,
      { node: sen.node, kex: sen.kexPublic },
      { node: bfa.node, key: { ...mli.sig, kid: bfa.sig.kid } },
      clock,
    );
    assert.equal(read(forged).trailer, 'bad_signature');
  });

  void it('only wide-form envelopes of the pair go in a bundle', () => {
    const narrow = sign(putItem(), { stream, epoch: 1, seq: 9 }, bfa.sig, clock, { narrow: true });
    assert.throws(
      () =>
        writeBundle(
          [narrow],
          { node: sen.node, kex: sen.kexPublic },
          { node: bfa.node, key: bfa.sig },
          clock,
        ),
      TypeError,
    );
    const toMali = sign(putItem(), { stream: streamOf(bfa, mli), epoch: 1, seq: 1 }, bfa.sig, clock);
    assert.throws(
      () =>
        writeBundle(
          [toMali],
          { node: sen.node, kex: sen.kexPublic },
          { node: bfa.node, key: bfa.sig },
          clock,
        ),
      TypeError,
    );
  });

  void it('[FED-34] importing the same bundle twice changes nothing', () => {
    const cursors = new Map<string, Cursor>();
    const applied: string[] = [];
    const apply = (b: BundleContents) => {
      for (const { verified: v } of b.items) {
        const cursor = cursors.get(v.stream.agreement) ?? { epoch: 1, hwm: 0 };
        if (classify(v, cursor) !== 'next') continue;
        cursors.set(v.stream.agreement, advance(cursor, v));
        applied.push(`${v.stream.agreement}#${v.seq}`);
      }
    };
    const bytes = write();
    apply(read(bytes));
    const after = structuredClone([...cursors]);
    apply(read(bytes));
    assert.deepEqual([...cursors], after);
    assert.deepEqual(applied, [
      `${stream.agreement}#1`,
      `${stream.agreement}#2`,
      `${stream.agreement}#3`,
      `${other.agreement}#1`,
    ]);
  });

  void it('[FED-32] bundle files are written atomically, readable by their owner only', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'snt-bundle-')), 'bfa-sen.sntb');
    await writeBundleFile(path, write());
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(read(await readBundleFile(path)).items.length, 4);
  });
});
