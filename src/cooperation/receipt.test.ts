/**
 * Proof of receipt across two real nodes joined by a signed agreement: BFA (provider) records a
 * delivery, which reaches SEN before it ships (advance notice); SEN signs the receipt with its node
 * key; BFA verifies it with SEN's registered key. A forged receipt is refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { testBackends } from '../store/test-support/backends.ts';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { agreementDoc } from '../sharing/test-support/fixtures.ts';
import type { AgreementDocument } from '../sharing/agreement.ts';
import { DomainError } from '../core/errors.ts';
import { TLP2_IDS } from '../objects/markings.ts';
import { deliveryInput, programmeInput } from './test-support/fixtures.ts';
import { signReceipt } from './receipt.ts';
import { reportCsv, reportHtml } from './report.ts';

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

async function signEverywhere(doc: AgreementDocument, parties: Party[]): Promise<void> {
  const [first, ...rest] = parties;
  await first!.t.node.agreements.propose(first!.t.node.system, doc);
  let file = await first!.t.node.agreements.exportFile(first!.t.node.system, doc.id);
  for (const p of rest) {
    await p.t.node.agreements.importFile(p.t.node.system, file);
    await p.t.node.agreements.sign(p.t.node.system, doc.id);
    file = await p.t.node.agreements.exportFile(p.t.node.system, doc.id);
  }
  for (const p of parties) await p.t.node.agreements.importFile(p.t.node.system, file);
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] proof of receipt between two nodes`, () => {
    let bfa: Party, sen: Party;
    let programme: string;

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
      await signEverywhere(
        agreementDoc({
          id: randomUUID(),
          parties: [bfa.id, sen.id],
          title: 'Accord BFA–SEN : registre de coopération',
          scope: {
            types: [
              'identity',
              'x-sentinelle-programme',
              'x-sentinelle-delivery',
              'x-sentinelle-receipt',
              'x-sentinelle-equipment-log',
            ],
            max_tlp: 'amber',
            rel_to_required: false,
          },
        }),
        [bfa, sen],
      );
      // The programme is BFA's; SEN's receiving unit is declared in it.
      programme = (
        await bfa.t.node.cooperation.createProgramme(
          'cli',
          programmeInput(bfa.id, sen.id, { object_marking_refs: [TLP2_IDS.amber] }),
        )
      ).id;
    });

    after(async () => {
      for (const p of [bfa, sen]) await p?.t.dispose();
    });

    test('advance notice reaches the receiver before shipping; B signs the receipt, A verifies it', async () => {
      const delivery = await bfa.t.node.cooperation.createDelivery(
        'cli',
        deliveryInput(programme, bfa.id, sen.id, {
          receiving_unit: 'BSEN-1',
          status: 'notified',
          shipped_at: undefined,
          planned_ship_date: '2026-03-05T00:00:00Z',
          object_marking_refs: [TLP2_IDS.amber],
        }),
      );
      await bfa.t.node.federation.sync();
      const notice = await sen.t.node.records.repo.get(sen.t.node.db, delivery.id);
      assert.ok(notice, 'SEN holds the delivery record');
      assert.equal(notice.object.status, 'notified', 'before it ships');
      assert.equal(notice.origin, bfa.id);

      // Only the receiving node signs.
      await assert.rejects(
        bfa.t.node.cooperation.signReceipt('cli', { delivery_ref: delivery.id }),
        (e: unknown) => e instanceof DomainError && e.issues[0]!.code === 'cooperation.not_receiver',
      );

      bfa.t.clock.set('2026-03-06T00:00:00Z');
      await bfa.t.node.cooperation.updateDelivery('cli', delivery.id, { status: 'shipped' });
      await bfa.t.node.federation.sync();
      sen.t.clock.set('2026-03-09T00:00:00Z');
      await assert.rejects(
        sen.t.node.cooperation.signReceipt('cli', {
          delivery_ref: delivery.id,
          received_at: '2026-03-01T00:00:00Z',
        }),
        (e: unknown) => e instanceof DomainError && e.issues[0]!.path === '/received_at',
      );
      const receipt = await sen.t.node.cooperation.signReceipt('cli', {
        delivery_ref: delivery.id,
        note: 'Reçu au complet',
      });
      assert.equal(receipt.receiver_node, sen.id);
      assert.equal((await sen.t.node.cooperation.verifyReceipt('cli', receipt.id)).valid, true);
      await sen.t.node.federation.sync();

      const atBfa = await bfa.t.node.records.repo.get(bfa.t.node.db, receipt.id);
      assert.ok(atBfa, 'the receipt reached the provider');
      assert.equal(atBfa.origin, sen.id);
      assert.deepEqual(await bfa.t.node.cooperation.verifyReceipt('cli', receipt.id), {
        valid: true,
        check: 'valid',
        delivery: delivery.id,
      });
      const states = await bfa.t.node.cooperation.deliveryStates('cli');
      assert.equal(states.get(delivery.id)!.receipt, 'received');
      bfa.t.clock.set('2026-06-01T00:00:00Z');
      assert.ok(
        !(await bfa.t.node.cooperation.completeness('cli')).some(
          (g) => g.kind === 'receipt_overdue' && g.recordId === delivery.id,
        ),
      );
    });

    test('a forged or altered receipt is refused and the delivery stays awaiting receipt', async () => {
      const delivery = await bfa.t.node.cooperation.createDelivery(
        'cli',
        deliveryInput(programme, bfa.id, sen.id, {
          receiving_unit: 'BSEN-1',
          items: [{ item_type: 'Jumelles', category: 'optics', quantity: 4, measure: 'each' }],
        }),
      );
      const forger = generateKeyPairSync('ed25519');
      const body: Record<string, unknown> = {
        type: 'x-sentinelle-receipt',
        spec_version: '2.1',
        id: `x-sentinelle-receipt--${randomUUID()}`,
        created: '2026-03-02T00:00:00.000Z',
        modified: '2026-03-02T00:00:00.000Z',
        delivery_ref: delivery.id,
        delivery_modified: delivery.modified,
        provider_node: bfa.id,
        receiver_node: sen.id,
        received_at: '2026-03-02T00:00:00Z',
        items: [{ item_type: 'Jumelles', quantity: 4 }],
        extensions: delivery.extensions,
      };
      const forged = { ...body, signature: signReceipt(body, forger.privateKey, sen.id) };
      // A genuine signature by SEN over other content (4 → 1 items), then the quantity altered.
      const genuine = signReceipt(
        { ...body, items: [{ item_type: 'Jumelles', quantity: 1 }] },
        sen.t.node.keys.privateKey,
        sen.id,
      );
      const altered = { ...body, id: `x-sentinelle-receipt--${randomUUID()}`, signature: genuine };
      // Stored as if received from SEN through federation.
      await bfa.t.node.records.importObjects(bfa.t.node.system, [forged, altered], { origin: sen.id });
      assert.deepEqual(await bfa.t.node.cooperation.verifyReceipt('cli', body.id as string), {
        valid: false,
        check: 'bad_signature',
        delivery: delivery.id,
      });
      assert.equal((await bfa.t.node.cooperation.verifyReceipt('cli', altered.id)).valid, false);
      const state = (await bfa.t.node.cooperation.deliveryStates('cli')).get(delivery.id)!;
      assert.equal(state.receipt, 'invalid');
      bfa.t.clock.set('2026-06-01T00:00:00Z');
      assert.ok(
        (await bfa.t.node.cooperation.completeness('cli')).some(
          (g) => g.kind === 'receipt_overdue' && g.recordId === delivery.id,
        ),
      );
    });

    test('the partner report counts what was provided and received, readiness, and gaps', async () => {
      const svc = bfa.t.node.cooperation;
      const [provided] = (await svc.all('x-sentinelle-delivery')).filter(
        (d) => d.shipped_at === '2026-03-06T00:00:00.000Z',
      );
      assert.ok(provided);
      await svc.logEquipment('cli', {
        delivery_ref: provided.id,
        entry_kind: 'serviceability',
        observed_at: '2026-03-20T00:00:00Z',
        status: 'under_repair',
        serial_number: 'RV-002',
      });
      await svc.logEquipment('cli', {
        delivery_ref: provided.id,
        entry_kind: 'serviceability',
        observed_at: '2026-04-02T00:00:00Z',
        status: 'operational',
        serial_number: 'rv 002',
      });
      await svc.logEquipment('cli', {
        delivery_ref: provided.id,
        entry_kind: 'serviceability',
        observed_at: '2026-04-03T00:00:00Z',
        status: 'operational',
        item_type: 'Gilet pare-balles',
        quantity: 50,
      });
      await assert.rejects(
        svc.report('cli', { peer: sen.id, from: '2026-04-01', to: '2026-03-01' }),
        (e: unknown) => e instanceof DomainError && e.issues[0]!.path === '/to',
      );
      await assert.rejects(
        svc.report('cli', { peer: sen.id, from: '2026-13-01', to: '2026-03-01' }),
        (e: unknown) => e instanceof DomainError && e.issues[0]!.path === '/from',
      );
      const r = await svc.report('cli', { peer: sen.id, from: '2026-03-01', to: '2026-04-30' });
      assert.equal(r.equipment.provided.deliveries, 1);
      assert.equal(r.equipment.provided.confirmed, 1);
      assert.deepEqual(r.equipment.provided.byCategory, { communications: 2, protective: 50 });
      assert.equal(r.equipment.received.deliveries, 0);
      assert.ok(r.intelligence.provided >= 2, 'records released to SEN (programme, deliveries)');
      // Received records are counted by the month this node stored them (the database's time, not the test clock).
      assert.equal(typeof r.intelligence.received, 'number');
      // Both deliveries to SEN (52 + 4 binoculars). March: RV-002 under repair, the rest unreported → 0 %;
      // April: RV-002 and the 50 vests operational, RV-001 and the binoculars unreported → 100 % of the known.
      assert.deepEqual(
        r.readiness.provided.map((p) => [p.month, p.operationalRate, p.total]),
        [
          ['2026-03', 0, 56],
          ['2026-04', 1, 56],
        ],
      );
      assert.deepEqual(r.readiness.provided[1]!.counts, { unreported: 5, operational: 51 });
      const csv = reportCsv(r, 'en');
      assert.match(csv, /^section,item,provided,received,note\r\n/);
      assert.match(csv, /Equipment,deliveries,1,0,/);
      assert.match(reportCsv(r, 'fr'), /Équipement,livraisons,1,0,/);
      const html = reportHtml(r, 'fr');
      assert.match(html, /<html lang="fr">/);
      assert.match(html, /@media print/);
      assert.match(html, /Rapport de coopération/);
      assert.ok(r.gaps.every((g) => g.partner === sen.id));
    });
  });
}
