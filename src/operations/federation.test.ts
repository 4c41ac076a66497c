/**
 * The full flow across two real nodes (docs/operations.md §3): BFA plans an operation it shares
 * with nobody else; SEN's patrol, released to BFA for deconfliction, crosses it. BFA holds both
 * sides: it is alerted with the details, and SEN receives only a blind notice (day, 0.5° cell,
 * contact) about its own patrol. Both resolve on their own node.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testBackends } from '../store/test-support/backends.ts';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { agreementDoc } from '../sharing/test-support/fixtures.ts';
import type { AgreementDocument } from '../sharing/agreement.ts';
import type { Principal } from '../auth/principal.ts';
import { operationInput, siteInput } from './test-support/fixtures.ts';

const planner: Principal = {
  userId: 'planner',
  username: 'planner',
  roles: ['analyst'],
  locale: 'fr',
  via: 'token',
};

interface Party {
  t: TestNode;
  id: string;
}

async function party(backend: 'pglite' | 'postgres', country: string): Promise<Party & { url: string }> {
  const t = await createTestNode({ backend, country, organisation: `Service ${country}` });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, id: t.node.settings.nodeId, url };
}

async function signBoth(doc: AgreementDocument, a: Party, b: Party): Promise<void> {
  await a.t.node.agreements.propose(a.t.node.system, doc);
  await b.t.node.agreements.importFile(
    b.t.node.system,
    await a.t.node.agreements.exportFile(a.t.node.system, doc.id),
  );
  await b.t.node.agreements.sign(b.t.node.system, doc.id);
  await a.t.node.agreements.importFile(
    a.t.node.system,
    await b.t.node.agreements.exportFile(b.t.node.system, doc.id),
  );
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] deconfliction across two nodes`, () => {
    let bfa: Party & { url: string }, sen: Party & { url: string };

    before(async () => {
      [bfa, sen] = [await party(backend.name, 'BFA'), await party(backend.name, 'SEN')];
      for (const [a, b] of [
        [bfa, sen],
        [sen, bfa],
      ] as const) {
        await a.t.node.peers.add(a.t.node.system, {
          nodeId: b.id,
          name: `Service ${b.t.node.settings.country}`,
          country: b.t.node.settings.country,
          baseUrl: b.url,
          publicKey: b.t.node.keys.publicKeySpki,
        });
      }
      const doc = agreementDoc({
        id: randomUUID(),
        parties: [bfa.id, sen.id],
        scope: {
          types: [
            'identity',
            'x-sentinelle-operation',
            'x-sentinelle-protected-site',
            'x-sentinelle-deconfliction-notice',
          ],
          max_tlp: 'amber',
          rel_to_required: false,
        },
      });
      await signBoth(doc, bfa, sen);
    });

    after(async () => {
      for (const p of [bfa, sen]) await p?.t.dispose();
    });

    test('plan on BFA, SEN is warned blind about its own patrol, both resolve', async () => {
      const patrol = await sen.t.node.operations.createOperation(
        planner,
        operationInput({
          name: 'Patrouille SEN Falcon',
          activity_kind: 'patrol',
          area: {
            type: 'LineString',
            coordinates: [
              [-1.8, 14.1],
              [-1.4, 14.1],
            ],
          },
          buffer_m: 200,
          participating_states: ['SEN'],
          shared_with: ['BFA'],
          planned_start: '2026-04-02T04:00:00Z',
          planned_end: '2026-04-02T10:00:00Z',
          liaison_contacts: [{ role: 'Cellule de coordination SEN', channel: 'VHF 45' }],
        }),
      );
      await sen.t.node.federation.sync();
      assert.ok(
        await bfa.t.node.records.repo.get(bfa.t.node.db, patrol.object.id),
        'BFA holds the patrol released to it',
      );
      await bfa.t.node.operations.settle();

      const secret = await bfa.t.node.operations.createOperation(
        planner,
        operationInput({
          name: 'Opération Secrète Harmattan',
          participating_states: ['BFA'],
          planned_start: '2026-04-01T18:00:00Z',
          planned_end: '2026-04-02T08:00:00Z',
        }),
      );
      assert.equal(secret.conflicts.length, 1, 'BFA sees the conflict at once');
      await bfa.t.node.operations.settle();
      const onBfa = (await bfa.t.node.operations.listConflicts(planner, { recordId: secret.object.id }))[0]!;
      assert.equal(onBfa.noticeIds.length, 1, 'a blind notice for SEN');
      assert.ok(
        onBfa.contacts.some((c) => c.role === 'Cellule de coordination SEN'),
        'BFA knows whom to call',
      );

      await bfa.t.node.federation.sync();
      assert.equal(
        await sen.t.node.records.repo.get(sen.t.node.db, secret.object.id),
        null,
        'the operation itself never reaches SEN',
      );
      const notice = await sen.t.node.records.repo.get(sen.t.node.db, onBfa.noticeIds[0]!);
      assert.ok(notice, 'SEN received the notice');
      const json = JSON.stringify(notice.object);
      for (const secretBit of [
        'Harmattan',
        secret.object.id,
        '-1.7',
        '14.15',
        'J3'.replace('J3', 'Opération'),
      ])
        assert.ok(!json.includes(secretBit), `notice leaks ${secretBit}`);
      assert.equal(notice.object.about_ref, patrol.object.id);
      assert.equal(notice.object.conflict_day, '2026-04-02');
      assert.deepEqual(notice.object.contact, {
        role: 'Officier de liaison J3',
        channel: 'HF 7.5 MHz / +226 25 00 00 00',
      });

      await sen.t.node.operations.settle();
      const onSen = await sen.t.node.operations.listConflicts(planner, { status: ['open'] });
      assert.equal(onSen.length, 1);
      assert.equal(onSen[0]!.kind, 'notice');
      assert.equal(onSen[0]!.aId, patrol.object.id);
      assert.ok(onSen[0]!.alertId, 'SEN is alerted too');
      const senAlert = await sen.t.node.records.repo.get(sen.t.node.db, onSen[0]!.alertId);
      assert.ok(!JSON.stringify(senAlert!.object).includes('Harmattan'));

      // BFA, which holds both sides, resolves: its notice says so, and SEN's conflict closes too.
      const liaison: Principal = { ...planner, roles: ['liaison'] };
      assert.equal(
        (await bfa.t.node.operations.resolve(liaison, onBfa.id, { resolution: 're-timed' })).status,
        'resolved',
      );
      const closed = await bfa.t.node.records.repo.get(bfa.t.node.db, onBfa.noticeIds[0]!);
      assert.equal(closed!.object.status, 'resolved');
      assert.equal(closed!.object.resolution, 're-timed');
      await bfa.t.node.federation.sync();
      await sen.t.node.operations.settle();
      const after = (await sen.t.node.operations.listConflicts(planner, {})).find(
        (c) => c.id === onSen[0]!.id,
      )!;
      assert.equal(after.status, 'resolved');
      assert.equal(after.resolution, 're-timed');
      assert.equal(after.resolvedBy, `peer:${bfa.id}`);
      const senAlertAfter = await sen.t.node.records.repo.get(sen.t.node.db, onSen[0]!.alertId);
      assert.equal(senAlertAfter!.object.status, 'resolved');
      // Still nothing of the operation in the closed notice.
      const json2 = JSON.stringify(
        (await sen.t.node.records.repo.get(sen.t.node.db, onBfa.noticeIds[0]!))!.object,
      );
      assert.ok(!json2.includes('Harmattan') && !json2.includes(secret.object.id));
    });

    test('a partner’s patrol arriving later is checked by the feed follower; a protected site always warns', async () => {
      const site = await bfa.t.node.operations.createSite(
        { ...planner, roles: ['liaison'] },
        siteInput({
          name: 'Camp de déplacés de Barsalogho',
          site_kind: 'idp-camp',
          area: { type: 'Point', coordinates: [-1.06, 13.42] },
        }),
      );
      const patrol = await sen.t.node.operations.createOperation(
        planner,
        operationInput({
          name: 'Convoi SEN',
          activity_kind: 'convoy',
          area: {
            type: 'LineString',
            coordinates: [
              [-1.2, 13.42],
              [-0.9, 13.42],
            ],
          },
          participating_states: ['SEN'],
          shared_with: ['BFA'],
          planned_start: '2026-05-02T04:00:00Z',
          planned_end: '2026-05-02T10:00:00Z',
        }),
      );
      await sen.t.node.federation.sync();
      await bfa.t.node.operations.settle();
      const found = await bfa.t.node.operations.listConflicts(planner, { recordId: site.object.id });
      assert.equal(found.length, 1);
      assert.equal(found[0]!.kind, 'protected-site');
      assert.equal(found[0]!.aId, patrol.object.id);
      // The site is TLP:GREEN and in the agreement's scope: SEN sees it and checks itself, no notice needed.
      assert.deepEqual(found[0]!.noticeIds, []);
    });
  });
}
