/**
 * [FED-54]–[FED-56] Agreement updates on the stream, between two real nodes (BFA, SEN): an
 * amendment signed last on BFA, an expiry and a revocation on BFA reach SEN as signed files, are
 * verified and applied through SEN's agreement service (so SEN withholds in turn), and a file that
 * does not verify is nacked, audited, and changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { listAudit } from '../../audit/audit.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import { testBackends } from '../../store/test-support/backends.ts';
import { sign } from '../envelope.ts';
import type { Item } from '../protocol.ts';
import {
  heldFrom,
  incident,
  party,
  registerAll,
  signEverywhere,
  pushEnvelopes,
  type Party,
} from './test-support/parties.ts';

for (const backend of await testBackends()) {
  describe(`[${backend.name}] agreement updates on the stream`, () => {
    let bfa: Party, sen: Party;
    const lasting = randomUUID();
    const short = randomUUID();
    before(async () => {
      [bfa, sen] = [await party(backend.name, 'BFA'), await party(backend.name, 'SEN')];
      await registerAll([bfa, sen]);
      const parties = [bfa.id, sen.id];
      await signEverywhere(agreementDoc({ id: lasting, parties, expiry: '2099-01-01T00:00:00Z' }), [
        bfa,
        sen,
      ]);
      await signEverywhere(agreementDoc({ id: short, parties, expiry: '2026-03-02T00:00:00Z' }), [bfa, sen]);
      await bfa.t.node.federation.sync();
      await sen.t.node.federation.sync();
    });
    after(async () => {
      for (const p of [bfa, sen]) await p?.t.dispose();
    });

    const view = (p: Party, id: string) => p.t.node.agreements.get('cli', id);
    const updates = async (p: Party, outcome: string) =>
      (await listAudit(p.t.node.db, { actions: ['agreement.update'] }, { limit: 50 })).items.filter(
        (e) => e.outcome === outcome,
      );

    test('[FED-54][FED-55] an amendment signed last on BFA reaches SEN: version 2 in force there, version 1 superseded', async () => {
      const draft = {
        ...agreementDoc({ id: lasting, parties: [bfa.id, sen.id], expiry: '2099-01-01T00:00:00Z' }),
        version: 2,
        title: 'Accord BFA–SEN, avenant 1',
      };
      await sen.t.node.agreements.propose('cli', draft);
      await bfa.t.node.agreements.importFile(
        'cli',
        await sen.t.node.agreements.exportFile('cli', lasting, 2),
      );
      await bfa.t.node.agreements.sign('cli', lasting, 2);
      assert.equal((await view(sen, lasting)).state, 'awaiting_signatures', 'SEN lacks BFA’s signature');
      await bfa.t.node.federation.sync();
      const v = await view(sen, lasting);
      assert.equal(v.document.version, 2);
      assert.equal(v.state, 'effective');
      assert.deepEqual(v.versions, [
        { version: 1, state: 'superseded' },
        { version: 2, state: 'effective' },
      ]);
      assert.equal((await updates(sen, 'success')).length, 1);
    });

    test('[FED-54][FED-9] expiry on BFA goes on the stream once; what the expired agreement carried is withdrawn', async () => {
      for (const p of [bfa, sen]) p.t.clock.set('2026-03-02T06:00:00.000Z');
      const before = (await updates(sen, 'success')).length;
      await bfa.t.node.federation.sync();
      const after = await updates(sen, 'success');
      assert.equal(after.length, before + 1);
      assert.equal((after[0]!.details as { state: string }).state, 'expired');
      assert.equal((await bfa.t.node.federation.sync()).enqueued, 0, 'sent once');
    });

    test('[FED-54][FED-55][FED-9] revocation on BFA: SEN’s agreement is revoked too, and withdrawals follow both ways', async () => {
      const mine = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      const theirs = await sen.t.node.records.create(sen.t.node.system, incident(sen));
      await bfa.t.node.federation.sync();
      await sen.t.node.federation.sync();
      assert.ok((await heldFrom(sen, bfa)).includes(mine.id));
      assert.ok((await heldFrom(bfa, sen)).includes(theirs.id));

      await bfa.t.node.agreements.revoke('cli', lasting, undefined, 'fin de coopération');
      await bfa.t.node.federation.sync();
      const v = await view(sen, lasting);
      assert.equal(v.state, 'revoked', 'SEN knows the agreement is revoked');
      assert.deepEqual(
        v.revocations.map((r) => r.node_id),
        [bfa.id],
      );
      assert.ok(!(await heldFrom(sen, bfa)).includes(mine.id), 'BFA’s record withdrawn from SEN');
      // SEN's own sender now withholds too: its release to BFA is withdrawn at its next round.
      await sen.t.node.federation.sync();
      assert.ok(!(await heldFrom(bfa, sen)).includes(theirs.id), 'SEN’s record withdrawn from BFA');
      assert.equal((await bfa.t.node.federation.sync()).enqueued, 0, 'the revocation is sent once');
    });

    test('[FED-56][FED-12] an agreement item that does not verify is nacked, audited, and changes nothing', async () => {
      const file = await bfa.t.node.agreements.exportFile('cli', lasting, 2);
      const tampered = {
        ...file,
        signatures: (file.signatures ?? []).map((s) => ({
          ...s,
          value: s.value.slice(0, -4) + (s.value.endsWith('AAAA') ? 'BBBB' : 'AAAA'),
        })),
        title: 'Accord modifié en route',
        version: 3,
      };
      const other = await bfa.t.node.agreements.exportFile('cli', short);
      const stream = { sender: bfa.id, receiver: sen.id, agreement: lasting };
      const { rows } = await sen.t.node.db.query<{ epoch: number; position: string }>(
        `SELECT epoch, position FROM fed_cursors WHERE direction = 'in' AND stream_key = $1`,
        [`${bfa.id}/${lasting}`],
      );
      const at = rows[0]!;
      const envelope = (document: Record<string, unknown>, k: number) => {
        const item: Item = { kind: 'agreement', priority: 'flash', document };
        return sign(
          item,
          { stream, epoch: at.epoch, seq: Number(at.position) + k },
          bfa.t.node.federation.signingKey,
          bfa.t.clock,
        );
      };
      const stateBefore = await view(sen, lasting);
      await pushEnvelopes(sen, bfa, [envelope({ ...tampered }, 1), envelope({ ...other }, 2)]);
      const stateAfter = await view(sen, lasting);
      assert.deepEqual(stateAfter.versions, stateBefore.versions, 'no version 3, nothing changed');
      const rejects = (
        await listAudit(sen.t.node.db, { actions: ['federation.reject'] }, { limit: 20 })
      ).items.map((e) => (e.details as { reason: string }).reason);
      assert.ok(rejects.includes('invalid_object'), 'bad signatures');
      assert.ok(rejects.includes('outside_agreement'), 'another agreement’s file on this stream');
      const failures = await updates(sen, 'failure');
      assert.equal(failures.length, 2);
      const codes = failures.flatMap((e) =>
        (e.details as { issues: { code: string }[] }).issues.map((i) => i.code),
      );
      assert.ok(codes.includes('agreement.signature_invalid'), codes.join(','));
      assert.ok(codes.includes('agreement.wrong_stream'), codes.join(','));
    });
  });
}
