/**
 * Transports and recovery of the stream engine between real nodes on loopback: key sets on the
 * stream, pull and long poll for a node that accepts no inbound connection, signed receipts as
 * proof of what was shared, agreement expiry reaching the partner, and a receiver restored from
 * an old backup. Rule numbers are those of docs/sync-spec.md.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { testBackends } from '../../store/test-support/backends.ts';
import { listAudit } from '../../audit/audit.ts';
import type { StixObject } from '../../objects/stix.ts';
import { TLP2_IDS } from '../../objects/markings.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import { contentHash } from '../../sharing/share-action.ts';
import { sign, verify } from '../envelope.ts';
import { keyEntry, signKeySet, signingKey, type KeySet } from '../keyset.ts';
import { isStandardObject } from './sender.ts';
import { itemOfBytes } from './store.ts';
import {
  heldFrom,
  incident,
  party,
  registerAll,
  signEverywhere,
  pushEnvelopes,
  type Party,
} from './test-support/parties.ts';

const seizure = { event_type: 'arms_seizure', event_subtype: undefined };

/** Syncs until nothing waits for `peer` (bounded: a failure to converge fails the test). */
async function converge(from: Party, peer: Party, rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await from.t.node.federation.sync();
    const s = (await from.t.node.federation.status()).find((x) => x.peerId === peer.id)!;
    if (s.backlog === 0) return;
  }
  assert.fail(`no convergence towards ${peer.t.node.settings.country}`);
}

/** [FED-28] What `holder` has from `origin` is exactly what the policy engine releases to it. */
async function assertPolicyEqual(origin: Party, holder: Party): Promise<number> {
  const { rows } = await origin.t.node.db.query<{ id: string }>(
    `SELECT id FROM objects WHERE origin = 'local'`,
  );
  let released = 0;
  for (const { id } of rows) {
    if (isStandardObject(id)) continue;
    const d = await origin.t.node.sharing.decideFor(origin.t.node.db, id, holder.id);
    const held = await holder.t.node.records.repo.get(holder.t.node.db, id);
    if (d.decision === 'withhold') assert.equal(held, null, `${id} is withheld but held`);
    else {
      released++;
      assert.ok(held, `${id} is released but missing`);
      const own = await origin.t.node.records.repo.get(origin.t.node.db, id);
      assert.equal(
        contentHash(held.object as StixObject),
        contentHash((d.redacted ?? own!.object) as StixObject),
        id,
      );
    }
  }
  return released;
}

const SNAPSHOT_TABLES = [
  'objects',
  'earlier_versions',
  'changes',
  'counters',
  'fed_cursors',
  'fed_tombstones',
  'fed_peer_keysets',
];

for (const backend of await testBackends()) {
  describe(`[${backend.name}] transports and recovery`, () => {
    let bfa: Party, sen: Party, mli: Party;
    const bilateral = randomUUID();
    const withMali = randomUUID();

    before(async () => {
      // MLI accepts no inbound connection: BFA knows it by an unreachable address.
      [bfa, sen, mli] = [
        await party(backend.name, 'BFA'),
        await party(backend.name, 'SEN'),
        await party(backend.name, 'MLI', false),
      ];
      await registerAll([bfa, sen, mli]);
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
          id: withMali,
          title: 'Accord BFA–MLI : saisies d’armes',
          parties: [bfa.id, mli.id],
          expiry: '2026-06-01T00:00:00Z',
          scope: {
            types: ['incident', 'identity'],
            event_types: ['arms_seizure'],
            max_tlp: 'amber',
            rel_to_required: false,
          },
        }),
        [bfa, mli],
      );
    });
    after(async () => {
      for (const p of [bfa, sen, mli]) await p?.t.dispose();
    });

    test('[FED-16][FED-21] the key set travels FLASH on the stream: SEN learns BFA’s key-agreement key', async () => {
      await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await converge(bfa, sen);
      const ks = await sen.t.node.federation.store.peerKeyset(sen.t.node.db, bfa.id);
      assert.ok(ks, 'SEN stored the verified key set');
      assert.equal(ks.keys.find((k) => k.use === 'kex')?.kid, bfa.t.node.federation.kex!.kid);
      const audit = await listAudit(sen.t.node.db, { actions: ['federation.keyset'] }, { limit: 10 });
      assert.equal(audit.items.length, 1);
      // Sent once per version: a second round queues no key set again.
      await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await converge(bfa, sen);
      const { rows } = await bfa.t.node.db.query<{ n: number }>(
        `SELECT count(*) AS n FROM fed_outbox WHERE peer_id = $1 AND kind = 'keyset'`,
        [sen.id],
      );
      assert.equal(Number(rows[0]!.n), 1);
    });

    test('[FED-5] pull: MLI, unreachable, pulls from BFA; its acks in the next request clear BFA’s outbox', async () => {
      const obj = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa, {}, seizure));
      const r = await bfa.t.node.federation.sync();
      assert.ok('error' in r.pushed[mli.id]!, 'pushing to MLI fails');
      assert.equal(await mli.t.node.records.repo.get(mli.t.node.db, obj.id), null);
      // [FED-22] BFA knows MLI's key set (exchanged out of band): pull responses are sealed to MLI.
      await bfa.t.node.federation.importKeyset(mli.t.node.federation.exportKeyset());
      const pulled = await mli.t.node.federation.pull(bfa.id);
      assert.ok(pulled.applied >= 2, 'the incident and its creator identity');
      assert.ok(await mli.t.node.records.repo.get(mli.t.node.db, obj.id));
      const status = (await bfa.t.node.federation.status()).find((s) => s.peerId === mli.id)!;
      assert.equal(status.backlog, 0, 'acknowledged by the pull that followed');
      assert.ok(
        (await bfa.t.node.federation.store.receipts(bfa.t.node.db, mli.id)).length >= 1,
        '[FED-35] receipts kept',
      );
      // [FED-28] Outside the agreement's scope: never pulled.
      const attack = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await mli.t.node.federation.pull(bfa.id);
      assert.equal(await mli.t.node.records.repo.get(mli.t.node.db, attack.id), null);
    });

    test('[FED-5] long poll: a pull held open on BFA returns the release committed meanwhile', async () => {
      const waiting = mli.t.node.federation.pull(bfa.id, 20_000);
      await new Promise((r) => setTimeout(r, 300));
      const obj = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa, {}, seizure));
      const report = await waiting;
      assert.ok(report.applied >= 1);
      assert.ok(await mli.t.node.records.repo.get(mli.t.node.db, obj.id));
    });

    test('[FED-35] audit shares: every acknowledged release carries a verified signed receipt; a tampered one shows', async () => {
      await converge(bfa, sen);
      const lines = await bfa.t.node.federation.shares(sen.id);
      assert.ok(lines.length >= 3);
      assert.ok(lines.every((l) => l.agreementId === bilateral));
      assert.ok(
        lines.every((l) => l.ackedAt !== null && l.receipt === 'verified'),
        JSON.stringify(lines.filter((l) => l.receipt !== 'verified')),
      );
      // Both sides' audit trails: sends and receipts on BFA, receptions on SEN.
      const bfaAudit = await listAudit(
        bfa.t.node.db,
        { actions: ['federation.send', 'federation.receipt'] },
        { limit: 200 },
      );
      assert.ok(bfaAudit.items.some((e) => e.action === 'federation.send' && e.target === sen.id));
      assert.ok(bfaAudit.items.some((e) => e.action === 'federation.receipt' && e.target === sen.id));
      const senAudit = await listAudit(sen.t.node.db, { actions: ['federation.receive'] }, { limit: 200 });
      assert.ok(senAudit.items.length >= 1);
      // A receipt altered in the database no longer verifies.
      const { rows } = await bfa.t.node.db.query<{ id: number; receipt: Uint8Array }>(
        'SELECT id, receipt FROM fed_receipts WHERE peer_id = $1 ORDER BY id LIMIT 1',
        [sen.id],
      );
      const bad = new Uint8Array(rows[0]!.receipt);
      bad[bad.length - 3]! ^= 0xff;
      await bfa.t.node.db.query('UPDATE fed_receipts SET receipt = $2 WHERE id = $1', [
        rows[0]!.id,
        Buffer.from(bad),
      ]);
      const after = await bfa.t.node.federation.shares(sen.id);
      assert.ok(after.some((l) => l.receipt === 'invalid'));
      await bfa.t.node.db.query('UPDATE fed_receipts SET receipt = $2 WHERE id = $1', [
        rows[0]!.id,
        Buffer.from(rows[0]!.receipt),
      ]);
    });

    test('[FED-15][FED-14] SEN restored from an old backup: BFA opens a new epoch and re-sends what it lacks, nothing lost', async () => {
      await converge(bfa, sen);
      const db = sen.t.node.db;
      for (const t of SNAPSHOT_TABLES) await db.query(`CREATE TABLE snap_${t} AS SELECT * FROM ${t}`);
      const before = await heldFrom(sen, bfa);
      for (let i = 0; i < 3; i++) await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await converge(bfa, sen);
      assert.equal((await heldFrom(sen, bfa)).length, before.length + 3);
      // The restore: SEN's data goes back to the snapshot.
      await db.transaction(async (tx) => {
        for (const t of SNAPSHOT_TABLES) {
          await tx.query(`DELETE FROM ${t}`);
          await tx.query(`INSERT INTO ${t} SELECT * FROM snap_${t}`);
        }
      });
      assert.deepEqual(await heldFrom(sen, bfa), before);
      await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await converge(bfa, sen);
      const epochs = await listAudit(bfa.t.node.db, { actions: ['federation.epoch'] }, { limit: 10 });
      assert.equal(epochs.items.length, 1, 'one new epoch');
      assert.equal((epochs.items[0]!.details as { cause: string }).cause, 'receiver_regressed');
      assert.equal((await heldFrom(sen, bfa)).length, before.length + 4, 'nothing lost');
      const released = await assertPolicyEqual(bfa, sen);
      assert.ok(released >= before.length + 4 - 1);
    });

    test('[FED-19][FED-18][FED-16] key rotation and revocation items are applied on arrival: a new key verifies, then a compromised one is refused', async () => {
      await converge(bfa, sen);
      const stream = { sender: bfa.id, receiver: sen.id, agreement: bilateral };
      const queue = async (ks: KeySet) => {
        const signed = signKeySet(ks, bfa.t.node.federation.signingKey, bfa.t.clock);
        const item = {
          kind: 'keyset',
          priority: 'flash',
          keyset: { b64: Buffer.from(signed).toString('base64url') },
        };
        await bfa.t.node.federation.store.enqueue(bfa.t.node.db, [
          {
            peerId: sen.id,
            agreementId: bilateral,
            kind: 'keyset',
            priority: 'flash',
            recordId: null,
            recordModified: null,
            item,
            at: bfa.t.clock.now().toISOString(),
          },
        ]);
        await converge(bfa, sen);
      };
      const v1 = (await sen.t.node.federation.store.peerKeyset(sen.t.node.db, bfa.id))!;
      const next = generateKeyPairSync('ed25519');
      const nextKey = signingKey(next.privateKey, '2026-01-01T00:00:00Z');
      await queue({
        ...v1,
        version: 2,
        keys: [...v1.keys, keyEntry(next.publicKey, 'sig', '2026-01-01T00:00:00Z')],
      });
      const v2 = (await sen.t.node.federation.store.peerKeyset(sen.t.node.db, bfa.id))!;
      assert.equal(v2.version, 2);
      const probe = sign(
        { kind: 'put', priority: 'routine', object: incident(bfa) },
        { stream, epoch: 9, seq: 1 },
        nextKey,
        bfa.t.clock,
      );
      assert.ok(verify(probe, v2, stream).ok, 'an envelope signed with the new key verifies on SEN');
      await queue({
        ...v2,
        version: 3,
        revocations: [{ kid: nextKey.kid, from: '2026-02-01T00:00:00Z', reason: 'compromised' }],
      });
      const v3 = (await sen.t.node.federation.store.peerKeyset(sen.t.node.db, bfa.id))!;
      assert.equal(v3.version, 3);
      const r = verify(probe, v3, stream);
      assert.equal(r.ok ? 'ok' : r.reason, 'revoked_key');
      // Pushed to SEN, it is rejected and audited, and changes nothing.
      const before = await heldFrom(sen, bfa);
      await pushEnvelopes(sen, bfa, [probe]);
      assert.deepEqual(await heldFrom(sen, bfa), before);
      const audit = await listAudit(sen.t.node.db, { actions: ['federation.reject'] }, { limit: 50 });
      assert.ok(audit.items.some((e) => (e.details as { reason: string }).reason === 'revoked_key'));
      // Valid traffic keeps flowing.
      const obj = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await converge(bfa, sen);
      assert.ok(await sen.t.node.records.repo.get(sen.t.node.db, obj.id));
    });

    test('[FED-38][FED-17] clock skew of days on the receiver and minutes on the sender changes no accept/reject decision', async () => {
      sen.t.clock.set('2026-03-04T08:00:00.000Z'); // three days ahead
      bfa.t.clock.set('2026-03-01T07:50:00.000Z'); // ten minutes behind
      try {
        const kept = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
        const red = await bfa.t.node.records.create(
          bfa.t.node.system,
          incident(bfa, { object_marking_refs: [TLP2_IDS.red] }),
        );
        await converge(bfa, sen);
        assert.ok(await sen.t.node.records.repo.get(sen.t.node.db, kept.id));
        assert.equal(await sen.t.node.records.repo.get(sen.t.node.db, red.id), null);
        const nacks = await bfa.t.node.db.query<{ n: number }>(
          `SELECT count(*) AS n FROM fed_outbox WHERE peer_id = $1 AND nack_reason IS NOT NULL AND nack_reason <> 'stale_epoch'`,
          [sen.id],
        );
        assert.equal(Number(nacks.rows[0]!.n), 0, 'no item refused because of the clocks');
        await assertPolicyEqual(bfa, sen);
      } finally {
        sen.t.clock.set('2026-03-01T08:00:00.000Z');
        bfa.t.clock.set('2026-03-01T08:00:00.000Z');
      }
    });

    test('[FED-9] agreement expiry reaches the partner: BFA’s clock passes the expiry, MLI’s copies are withdrawn', async () => {
      await mli.t.node.federation.pull(bfa.id);
      const held = await heldFrom(mli, bfa);
      assert.ok(held.some((id) => id.startsWith('incident--')));
      bfa.t.clock.set('2026-06-02T00:00:00.000Z');
      try {
        await bfa.t.node.federation.sync();
        await mli.t.node.federation.pull(bfa.id);
        assert.deepEqual(
          (await heldFrom(mli, bfa)).filter((id) => id.startsWith('incident--')),
          [],
        );
        // [FED-103] Outbox items are kept as their compact bytes.
        const { rows } = await bfa.t.node.db.query<{ envelope: Uint8Array }>(
          `SELECT envelope FROM fed_outbox WHERE peer_id = $1 AND kind = 'withdraw'`,
          [mli.id],
        );
        const reasons = rows.map((r) => itemOfBytes(new Uint8Array(r.envelope)).reason);
        assert.ok(reasons.length >= 1 && reasons.every((r) => r === 'agreement_expired'));
      } finally {
        bfa.t.clock.set('2026-03-01T08:00:00.000Z');
      }
    });
  });
}
