/**
 * The stream engine end to end: three real nodes (BFA, MLI, SEN) in one process, each with its
 * HTTP server on loopback, a bilateral BFA–SEN agreement (coordinates coarsened) and a trilateral
 * BFA–MLI–SEN agreement (arms seizures only), signed through the sharing services. Rule numbers
 * are those of docs/sync-spec.md.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { testBackends } from '../../store/test-support/backends.ts';
import { createTestNode, type TestNode } from '../../node/test-support/test-node.ts';
import { listAudit } from '../../audit/audit.ts';
import { exampleIncident } from '../../objects/fixtures.ts';
import { TLP2_IDS } from '../../objects/markings.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID } from '../../objects/sentinelle-extension.ts';
import type { StixObject } from '../../objects/stix.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import type { AgreementDocument } from '../../sharing/agreement.ts';
import { contentHash } from '../../sharing/share-action.ts';
import { sign } from '../envelope.ts';
import { signingKey } from '../keyset.ts';
import { PROTOCOL_VERSION, type Item } from '../protocol.ts';
import { encodeMessage } from '../wire.ts';
import { isStandardObject } from './sender.ts';
import { streamKey } from './receiver.ts';
import {
  backoffMs,
  decodeReceiveResult,
  ENVELOPES_PATH,
  framesOf,
  MAX_MESSAGE_ITEM_BYTES,
  withinBytes,
} from './transport.ts';
import { encodeFrame } from '../batch-envelope.ts';

const KONGOUSSI = {
  lat: 13.33,
  lon: -1.53,
  precision_m: 1000,
  country: 'BFA',
  admin1: 'Centre-Nord',
  admin2: 'Bam',
};

interface Party {
  t: TestNode;
  id: string;
  url: string;
}

async function party(backend: 'pglite' | 'postgres', country: string): Promise<Party> {
  const t = await createTestNode({ backend, country, organisation: `Service ${country}` });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, id: t.node.settings.nodeId, url };
}

/** Signs `doc` on every party in turn, then gives every party the fully signed file. */
async function signEverywhere(doc: AgreementDocument, parties: Party[]): Promise<void> {
  const [first, ...rest] = parties;
  const sys = first!.t.node.system;
  await first!.t.node.agreements.propose(sys, doc);
  let file = await first!.t.node.agreements.exportFile(sys, doc.id);
  for (const p of rest) {
    await p.t.node.agreements.importFile(p.t.node.system, file);
    await p.t.node.agreements.sign(p.t.node.system, doc.id);
    file = await p.t.node.agreements.exportFile(p.t.node.system, doc.id);
  }
  for (const p of parties) await p.t.node.agreements.importFile(p.t.node.system, file);
}

function incident(
  bfa: Party,
  over: Record<string, unknown> = {},
  ext: Record<string, unknown> = {},
): StixObject {
  const id = `incident--${randomUUID()}`;
  return exampleIncident(
    {
      id,
      created_by_ref: bfa.t.node.settings.identityId,
      created: '2026-02-28T10:00:00.000Z',
      modified: '2026-02-28T10:00:00.000Z',
      ...over,
    },
    { occurred_at: '2026-02-27T12:00:00Z', location: KONGOUSSI, actor_refs: undefined, ...ext },
  );
}

const extOf = (o: unknown) =>
  ((o as StixObject).extensions as Record<string, Record<string, { lat: number }>>)[
    SENTINELLE_INCIDENT_EXTENSION_ID
  ]!;

async function post(p: Party, body: Uint8Array) {
  const res = await fetch(new URL(ENVELOPES_PATH, p.url), {
    method: 'POST',
    headers: { 'content-type': 'application/cbor' },
    body: Buffer.from(body),
  });
  assert.equal(res.status, 200);
  return decodeReceiveResult(new Uint8Array(await res.arrayBuffer()))!;
}

test('[FED-13] backoff grows exponentially, is capped, and is jittered', () => {
  assert.equal(
    backoffMs(1, () => 0),
    250,
  );
  assert.equal(
    backoffMs(1, () => 1),
    500,
  );
  assert.equal(
    backoffMs(4, () => 1),
    4000,
  );
  assert.equal(
    backoffMs(40, () => 1),
    300_000,
  );
  assert.ok(backoffMs(3, () => 0.5) > backoffMs(3, () => 0));
});

test('[FED-93] a message carries item bytes up to its bound, always at least one item', () => {
  const rows = [700_000, 700_000, 700_000, 10].map((n) => ({ envelope: new Uint8Array(n) }));
  assert.equal(MAX_MESSAGE_ITEM_BYTES, 2 * 1024 * 1024);
  assert.equal(withinBytes(rows, MAX_MESSAGE_ITEM_BYTES).length, 2);
  assert.equal(withinBytes(rows.slice(2), MAX_MESSAGE_ITEM_BYTES).length, 2);
  assert.equal(withinBytes([{ envelope: new Uint8Array(3_000_000) }], MAX_MESSAGE_ITEM_BYTES).length, 1);
  assert.equal(withinBytes([], MAX_MESSAGE_ITEM_BYTES).length, 0);
});

for (const backend of await testBackends()) {
  describe(`[${backend.name}] federation between three nodes`, () => {
    let bfa: Party, mli: Party, sen: Party;
    const bilateral = randomUUID();
    const trilateral = randomUUID();

    before(async () => {
      [bfa, mli, sen] = [
        await party(backend.name, 'BFA'),
        await party(backend.name, 'MLI'),
        await party(backend.name, 'SEN'),
      ];
      for (const a of [bfa, mli, sen]) {
        for (const b of [bfa, mli, sen]) {
          if (a === b) continue;
          await a.t.node.peers.add(a.t.node.system, {
            nodeId: b.id,
            name: `Service ${b.t.node.settings.country}`,
            country: b.t.node.settings.country,
            baseUrl: b.url,
            publicKey: b.t.node.keys.publicKeySpki,
          });
        }
      }
      await signEverywhere(
        agreementDoc({
          id: bilateral,
          parties: [bfa.id, sen.id],
          redaction: { coordinates: { precision_deg: 0.5 } },
        }),
        [bfa, sen],
      );
      await signEverywhere(
        agreementDoc({
          id: trilateral,
          title: 'Accord BFA–MLI–SEN : saisies d’armes',
          parties: [bfa.id, mli.id, sen.id],
          scope: {
            types: ['incident', 'identity'],
            event_types: ['arms_seizure'],
            max_tlp: 'amber',
            rel_to_required: false,
          },
        }),
        [bfa, mli, sen],
      );
    });

    after(async () => {
      for (const p of [bfa, mli, sen]) await p?.t.dispose();
    });

    test('[FED-4][FED-10][FED-28] a record created on BFA reaches SEN redacted as agreed, and not MLI', async () => {
      const obj = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      const r = await bfa.t.node.federation.sync();
      assert.ok(r.enqueued >= 2, 'the incident and its creator identity');
      const got = await sen.t.node.records.repo.get(sen.t.node.db, obj.id);
      assert.ok(got, 'SEN holds the incident');
      assert.equal(got.origin, bfa.id);
      assert.equal(extOf(got.object).location!.lat, 13.5, 'coordinates coarsened to 0.5°');
      assert.ok(
        await sen.t.node.records.repo.get(sen.t.node.db, bfa.t.node.settings.identityId),
        'the creator identity went first',
      );
      assert.equal(
        await mli.t.node.records.repo.get(mli.t.node.db, obj.id),
        null,
        'outside the trilateral scope',
      );
      const status = await bfa.t.node.federation.status();
      const toSen = status.find((s) => s.peerId === sen.id)!;
      assert.equal(toSen.backlog, 0);
      assert.equal(toSen.connected, true);
      const receipts = await bfa.t.node.federation.store.receipts(bfa.t.node.db, sen.id);
      assert.ok(receipts.length >= 1, '[FED-35] the signed ack is kept as a receipt');
    });

    test('[FED-8][FED-7] re-delivering the same batch applies nothing twice', async () => {
      // Every item numbered so far, acknowledged or not, in frames under their batch headers.
      const { rows } = await bfa.t.node.db.query<{
        envelope: Uint8Array;
        agreement_id: string;
        seq: number;
        header: Uint8Array;
        first_seq: number;
      }>(
        `SELECT o.envelope, o.agreement_id, o.seq, b.header, b.first_seq FROM fed_outbox o JOIN fed_batches b ON b.id = o.batch_id
          WHERE o.peer_id = $1 AND o.seq IS NOT NULL ORDER BY o.agreement_id, o.seq`,
        [sen.id],
      );
      const streams = new Set(rows.map((r) => r.agreement_id)).size;
      const batch = encodeMessage({
        type: 'envelope',
        v: PROTOCOL_VERSION,
        from: bfa.id,
        to: sen.id,
        envelopes: rows.map((r) =>
          encodeFrame(new Uint8Array(r.header), Number(r.seq) - Number(r.first_seq), [
            new Uint8Array(r.envelope),
          ]),
        ),
      });
      const count = async () =>
        Number(
          (await sen.t.node.db.query<{ n: number }>('SELECT count(*) AS n FROM object_versions')).rows[0]!.n,
        );
      const before = await count();
      const first = await post(sen, batch);
      const second = await post(sen, batch);
      assert.equal(await count(), before);
      assert.equal(first.acks.length, streams, 'one signed ack per stream');
      assert.equal(second.acks.length, streams);
    });

    test('[FED-9] a TLP raise on BFA withdraws the record from SEN', async () => {
      const obj = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await bfa.t.node.federation.sync();
      assert.ok(await sen.t.node.records.repo.get(sen.t.node.db, obj.id));
      await bfa.t.node.records.update(bfa.t.node.system, obj.id, {
        ...obj,
        modified: '2026-02-28T11:00:00.000Z',
        object_marking_refs: [TLP2_IDS.red],
      });
      await bfa.t.node.federation.sync();
      assert.equal(await sen.t.node.records.repo.get(sen.t.node.db, obj.id), null);
      // The change feed says so, for the live feed and the map (a `withdraw` change naming the id).
      const feed = await sen.t.node.records.repo.changesSince(sen.t.node.db, 0, 10_000);
      assert.deepEqual(
        feed.filter((c) => c.id === obj.id).map((c) => c.op),
        ['create', 'withdraw'],
      );
      // [FED-8] A late duplicate of the withdrawn version never resurrects it.
      const { rows } = await bfa.t.node.db.query<{
        envelope: Uint8Array;
        seq: number;
        header: Uint8Array;
        first_seq: number;
      }>(
        `SELECT o.envelope, o.seq, b.header, b.first_seq FROM fed_outbox o JOIN fed_batches b ON b.id = o.batch_id
          WHERE o.peer_id = $1 AND o.record_id = $2 AND o.kind = 'put'`,
        [sen.id, obj.id],
      );
      await post(
        sen,
        encodeMessage({
          type: 'envelope',
          v: PROTOCOL_VERSION,
          from: bfa.id,
          to: sen.id,
          envelopes: rows.map((r) =>
            encodeFrame(new Uint8Array(r.header), Number(r.seq) - Number(r.first_seq), [
              new Uint8Array(r.envelope),
            ]),
          ),
        }),
      );
      assert.equal(await sen.t.node.records.repo.get(sen.t.node.db, obj.id), null);
    });

    test('[FED-11][FED-12][FED-29] forged and tampered envelopes are rejected and audited, valid ones in the same batch flow', async () => {
      const obj = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await bfa.t.node.federation.sender.drain();
      await bfa.t.node.federation.sender.assign(sen.id);
      const pending = await bfa.t.node.federation.store.pending(bfa.t.node.db, sen.id, 100);
      assert.equal(pending.length, 1);
      const valid = { ...pending[0]!, envelope: framesOf(pending)[0]!.bytes };
      const stream = { sender: bfa.id, receiver: sen.id, agreement: valid.agreementId };
      const thief = signingKey(generateKeyPairSync('ed25519').privateKey, '2025-01-01T00:00:00Z');
      const forgedItem: Item = { kind: 'put', priority: 'flash', object: incident(bfa) };
      const forged = sign(forgedItem, { stream, epoch: valid.epoch, seq: valid.seq + 1 }, thief, bfa.t.clock);
      const tampered = new Uint8Array(valid.envelope);
      tampered[tampered.length - 70] = tampered[tampered.length - 70]! ^ 0xff;
      const key = streamKey(stream);
      const cursorBefore = (
        await sen.t.node.db.query<{ position: number }>(
          `SELECT position FROM fed_cursors WHERE direction = 'in' AND stream_key = $1`,
          [key],
        )
      ).rows[0]!.position;
      const res = await post(
        sen,
        encodeMessage({
          type: 'envelope',
          v: PROTOCOL_VERSION,
          from: bfa.id,
          to: sen.id,
          envelopes: [forged, tampered, valid.envelope],
        }),
      );
      assert.equal(res.acks.length, 1);
      assert.ok(await sen.t.node.records.repo.get(sen.t.node.db, obj.id), 'the valid envelope was applied');
      assert.equal(await sen.t.node.records.repo.get(sen.t.node.db, forgedItem.object.id), null);
      const cursorAfter = (
        await sen.t.node.db.query<{ position: number }>(
          `SELECT position FROM fed_cursors WHERE direction = 'in' AND stream_key = $1`,
          [key],
        )
      ).rows[0]!.position;
      assert.equal(Number(cursorAfter), Number(cursorBefore) + 1, 'only the valid item moved the hwm');
      const audit = await listAudit(sen.t.node.db, { actions: ['federation.reject'] }, { limit: 100 });
      const reasons = audit.items.map((e) => (e.details as { reason: string }).reason);
      assert.ok(reasons.includes('unknown_key'), 'forged with a key BFA never published');
      assert.ok(reasons.includes('bad_signature') || reasons.includes('malformed'), 'tampered');
      // The sender then settles its item from the ack of the next round.
      await bfa.t.node.federation.sync();
      assert.equal((await bfa.t.node.federation.status()).find((s) => s.peerId === sen.id)!.backlog, 0);
    });

    test('[FED-9] revoking the bilateral agreement withdraws what it carried', async () => {
      const seizure = await bfa.t.node.records.create(
        bfa.t.node.system,
        incident(bfa, {}, { event_type: 'arms_seizure', event_subtype: undefined }),
      );
      const attack = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await bfa.t.node.federation.sync();
      assert.ok(await sen.t.node.records.repo.get(sen.t.node.db, attack.id));
      assert.ok(
        await mli.t.node.records.repo.get(mli.t.node.db, seizure.id),
        '[FED-2] the trilateral stream reaches MLI',
      );
      await bfa.t.node.agreements.revoke(bfa.t.node.system, bilateral, undefined, 'fin de coopération');
      await bfa.t.node.federation.sync();
      assert.equal(await sen.t.node.records.repo.get(sen.t.node.db, attack.id), null);
      assert.ok(
        await sen.t.node.records.repo.get(sen.t.node.db, seizure.id),
        'still released under the trilateral agreement',
      );
    });

    test('[FED-28] what SEN holds from BFA equals what the policy engine releases from BFA’s state', async () => {
      await bfa.t.node.federation.sync();
      const { rows } = await bfa.t.node.db.query<{ id: string }>(
        `SELECT id FROM objects WHERE origin = 'local'`,
      );
      let released = 0;
      for (const { id } of rows) {
        if (isStandardObject(id)) continue;
        const d = await bfa.t.node.sharing.decideFor(bfa.t.node.db, id, sen.id);
        const held = await sen.t.node.records.repo.get(sen.t.node.db, id);
        if (d.decision === 'withhold') assert.equal(held, null, id);
        else {
          released++;
          assert.ok(held, id);
          const bfaRec = await bfa.t.node.records.repo.get(bfa.t.node.db, id);
          assert.equal(
            contentHash(held.object as StixObject),
            contentHash((d.redacted ?? bfaRec!.object) as StixObject),
            id,
          );
        }
      }
      assert.ok(released >= 2);
    });

    test('[FED-5] live path: after start(), a release reaches MLI without an explicit sync', async () => {
      bfa.t.node.federation.start();
      try {
        const obj = await bfa.t.node.records.create(
          bfa.t.node.system,
          incident(bfa, {}, { event_type: 'arms_seizure', event_subtype: undefined }),
        );
        let got = null;
        for (let i = 0; i < 500 && !got; i++) {
          await new Promise((r) => setTimeout(r, 20));
          got = await mli.t.node.records.repo.get(mli.t.node.db, obj.id);
        }
        assert.ok(got);
      } finally {
        await bfa.t.node.federation.stop();
      }
    });

    test('[FED-39] peer status in the API', async () => {
      const res = await bfa.t.app.inject({
        method: 'GET',
        url: '/api/v1/peers/status',
        headers: bfa.t.as('admin'),
      });
      assert.equal(res.statusCode, 200);
      const body = res.json<{ peers: { node_id: string; backlog: number; connected: boolean }[] }>();
      assert.deepEqual(body.peers.map((p) => p.node_id).sort(), [mli.id, sen.id].sort());
      assert.ok(body.peers.every((p) => p.backlog === 0 && p.connected));
      const denied = await bfa.t.app.inject({
        method: 'GET',
        url: '/api/v1/peers/status',
        headers: bfa.t.as('analyst'),
      });
      assert.equal(denied.statusCode, 403);
    });
  });
}
