/**
 * Protocol v2 in the engine ([FED-86]–[FED-92]): runs signed once, frames verified item by item,
 * a partial nack inside a batch, one cumulative signed ack per push, forged headers refused with
 * no state change, and v1 single envelopes still applied (a node upgraded mid-stream drains).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { listAudit } from '../../audit/audit.ts';
import { TLP2_IDS } from '../../objects/markings.ts';
import { testBackends } from '../../store/test-support/backends.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import { encodeFrame, signBatch } from '../batch-envelope.ts';
import { encodeCompact, type CompactValue } from '../compact.ts';
import { HEADER_KIND, signSign1 } from '../cose.ts';
import { streamTag } from '../envelope.ts';
import { kidBytes } from '../keyset.ts';
import type { Item, StreamId } from '../protocol.ts';
import { openMessage } from '../wire.ts';
import { streamKey } from './receiver.ts';
import { incident, party, pushEnvelopes, registerAll, signEverywhere, type Party } from './test-support/parties.ts';


for (const backend of await testBackends()) {
  describe(`[${backend.name}] batch envelopes in the engine`, () => {
    let bfa: Party, sen: Party;
    const agreement = randomUUID();
    let stream: StreamId;

    const cursor = async () => {
      const { rows } = await sen.t.node.db.query<{ epoch: number; position: number }>(
        `SELECT epoch, position FROM fed_cursors WHERE direction = 'in' AND stream_key = $1`,
        [streamKey(stream)],
      );
      return { epoch: Number(rows[0]!.epoch), hwm: Number(rows[0]!.position) };
    };
    const held = async (id: string) => (await sen.t.node.records.repo.get(sen.t.node.db, id)) !== null;
    const put = (o: Record<string, unknown>): Item => ({
      kind: 'put',
      priority: 'routine',
      object: o as never,
    });

    before(async () => {
      bfa = await party(backend.name, 'BFA');
      sen = await party(backend.name, 'SEN');
      await registerAll([bfa, sen]);
      await signEverywhere(
        agreementDoc({ id: agreement, parties: [bfa.id, sen.id], expiry: '2099-01-01T00:00:00Z' }),
        [bfa, sen],
      );
      stream = { sender: bfa.id, receiver: sen.id, agreement };
    });
    after(async () => {
      await bfa.t.dispose();
      await sen.t.dispose();
    });

    test('[FED-86][FED-92] a run is signed once; one cumulative signed ack per push, kept as a receipt', async () => {
      const objs: { id: string }[] = [];
      for (let i = 0; i < 5; i++)
        objs.push(await bfa.t.node.records.create(bfa.t.node.system, incident(bfa)));
      const receiptsBefore = (await bfa.t.node.federation.store.receipts(bfa.t.node.db, sen.id)).length;
      await bfa.t.node.federation.sync();
      for (const o of objs) assert.ok(await held(o.id), o.id);
      const { rows } = await bfa.t.node.db.query<{ n: number; batches: number }>(
        `SELECT count(*) AS n, count(DISTINCT batch_id) AS batches FROM fed_outbox WHERE peer_id = $1 AND agreement_id = $2`,
        [sen.id, agreement],
      );
      assert.ok(Number(rows[0]!.n) >= 5);
      assert.equal(Number(rows[0]!.batches), 1, 'every item of the round under one signed header');
      const receipts = await bfa.t.node.federation.store.receipts(bfa.t.node.db, sen.id);
      assert.equal(receipts.length - receiptsBefore, 1, 'one ack for the whole batch');
      assert.deepEqual(receipts.at(-1)!.hwm, (await cursor()).hwm);
      const shares = await bfa.t.node.federation.shares(sen.id);
      assert.ok(
        shares.filter((s) => objs.some((o) => o.id === s.recordId)).every((s) => s.receipt === 'verified'),
      );
    });

    test('[FED-88][FED-28][FED-11] an item outside the agreement is nacked with its reason; the rest of the batch applies', async () => {
      const at = await cursor();
      const ok1 = incident(bfa);
      const red = incident(bfa, { object_marking_refs: [TLP2_IDS.red] });
      const ok2 = incident(bfa);
      const run = signBatch(
        [put(ok1), put(red), put(ok2)],
        { stream, epoch: at.epoch, first: at.hwm + 1 },
        bfa.t.node.federation.signingKey,
        bfa.t.clock,
      );
      const { result } = await pushEnvelopes(sen, bfa, [encodeFrame(run.header, 0, run.items)]);
      assert.ok(await held(ok1.id));
      assert.ok(await held(ok2.id));
      assert.equal(await held(red.id), false);
      assert.deepEqual(
        await cursor(),
        { epoch: at.epoch, hwm: at.hwm + 3 },
        'the nack consumes its position',
      );
      assert.equal(result.acks.length, 1);
      const keyset = (await bfa.t.node.federation.receiver.keysetOf(bfa.t.node.db, sen.id))!;
      const opened = openMessage(result.acks[0]!, keyset);
      assert.ok(opened.ok && opened.value.message.type === 'ack');
      const ack = opened.value.message;
      assert.equal(ack.hwm, at.hwm + 3);
      assert.deepEqual(
        ack.nacks.map((n) => [n.seq, n.reason]),
        [[at.hwm + 2, 'outside_agreement']],
      );
      const audit = await listAudit(sen.t.node.db, { actions: ['federation.reject'] }, { limit: 100 });
      assert.ok(audit.items.some((e) => (e.details as { seq?: number }).seq === at.hwm + 2));
    });

    test('[FED-89][FED-12] a forged batch header is refused, audited, and changes nothing', async () => {
      const at = await cursor();
      const obj = incident(bfa);
      const run = signBatch(
        [put(obj)],
        { stream, epoch: at.epoch, first: at.hwm + 1 },
        bfa.t.node.federation.signingKey,
        bfa.t.clock,
      );
      const forged = run.header.slice();
      forged[forged.length - 1]! ^= 0x01; // last byte of the signature
      const rejectsBefore = (
        await listAudit(sen.t.node.db, { actions: ['federation.reject'] }, { limit: 1000 })
      ).items.length;
      const { result } = await pushEnvelopes(sen, bfa, [encodeFrame(forged, 0, run.items)]);
      assert.equal(await held(obj.id), false);
      assert.deepEqual(await cursor(), at);
      const keyset = (await bfa.t.node.federation.receiver.keysetOf(bfa.t.node.db, sen.id))!;
      const opened = openMessage(result.acks[0]!, keyset);
      assert.ok(opened.ok && opened.value.message.type === 'ack');
      assert.deepEqual(
        opened.value.message.nacks.map((n) => n.reason),
        ['bad_signature'],
      );
      const audit = await listAudit(sen.t.node.db, { actions: ['federation.reject'] }, { limit: 1000 });
      assert.equal(audit.items.length, rejectsBefore + 1);
      // The same items under the genuine header then apply.
      await pushEnvelopes(sen, bfa, [encodeFrame(run.header, 0, run.items)]);
      assert.ok(await held(obj.id));
    });

    test('[FED-91][FED-1] v1 single envelopes in a v1 message are still applied and answered in v1', async () => {
      const at = await cursor();
      const obj = incident(bfa);
      const key = bfa.t.node.federation.signingKey;
      const iat = Math.floor(bfa.t.clock.now().getTime() / 1000);
      const v1 = signSign1(
        kidBytes(key.kid),
        [1, HEADER_KIND.item, streamTag(stream), at.epoch, at.hwm + 1, iat],
        encodeCompact(put(obj) as unknown as CompactValue),
        key.privateKey,
        new Map([['s', [stream.sender, stream.receiver, stream.agreement]]]),
      );
      const { bytes, result } = await pushEnvelopes(sen, bfa, [v1], 1);
      assert.ok(await held(obj.id));
      assert.deepEqual(await cursor(), { epoch: at.epoch, hwm: at.hwm + 1 });
      assert.ok(bytes.length > 0 && result.acks.length === 1);
      const keyset = (await bfa.t.node.federation.receiver.keysetOf(bfa.t.node.db, sen.id))!;
      const opened = openMessage(result.acks[0]!, keyset);
      assert.ok(opened.ok && opened.value.message.type === 'ack');
      assert.equal(opened.value.message.v, 1);
    });
  });
}
