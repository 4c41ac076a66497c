/**
 * The policy engine over the store, on PGlite and PostgreSQL (docs/sharing.md §6, §8, §9):
 * decisions over every agreement with a partner, explanations, withdraw planning from the
 * shares the federation records, onward sharing of received records, reciprocity figures.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../store/test-support/backends.ts';
import { listAudit } from '../audit/audit.ts';
import { DomainError } from '../core/errors.ts';
import { TLP2_IDS } from '../objects/markings.ts';
import { exampleIncident, exampleThreatActor, exampleRelationship, FIXTURE_IDS } from '../objects/fixtures.ts';
import { agreementDoc, NODES, ORG_IDENTITY, testKeys } from './test-support/fixtures.ts';
import { principal, sharingNode, SYSTEM } from './test-support/services.ts';
import { signDocument } from './signing.ts';
import type { AgreementDocument } from './agreement.ts';

const BAM = { lat: 13.45, lon: -1.56, precision_m: 1000, country: 'BFA', admin1: 'Centre-Nord', admin2: 'Bam' };
const liaison = principal('liaison');
const incident = (over: Record<string, unknown> = {}) =>
  exampleIncident({ created_by_ref: ORG_IDENTITY, ...over }, { actor_refs: undefined, occurred_at: '2026-02-27T12:00:00Z', location: BAM });

for (const backend of await testBackends()) {
  describe(`[${backend.name}] sharing service`, () => {
    test('decide, explain, plan puts and withdrawals; onward sharing of received records', async () => {
      const { db, dispose } = await backend.open();
      try {
        const bfa = await sharingNode(db, { nodeId: NODES.BFA, country: 'BFA', organisation: 'Service BFA', identityId: ORG_IDENTITY });
        const senKeys = testKeys();
        const nerKeys = testKeys();
        await bfa.peers.add('cli', { nodeId: NODES.SEN, name: 'Service SEN', country: 'SEN', baseUrl: 'https://sen.example', publicKey: senKeys.publicKeySpki });
        await bfa.peers.add('cli', { nodeId: NODES.NER, name: 'Service NER', country: 'NER', baseUrl: 'https://ner.example', publicKey: nerKeys.publicKeySpki });
        // Both signatures made here, as if SEN's had arrived in an imported file.
        const sign = async (doc: AgreementDocument, other: typeof senKeys, otherId: string) => {
          const proposed = await bfa.agreements.propose(liaison, doc);
          await bfa.agreements.importFile(liaison, { ...doc, signatures: [...proposed.signatures, signDocument(proposed.document, other.privateKey, otherId)] });
        };
        await sign(agreementDoc({ redaction: { coordinates: { precision_deg: 0.5 } }, priority: { default: 'ROUTINE', rules: [{ labels: ['alerte'], class: 'FLASH' }] } }), senKeys, NODES.SEN);

        const amber = await bfa.records.create(SYSTEM, incident({ labels: ['alerte'] }));
        const d = await bfa.sharing.decideFor(db, amber.id, NODES.SEN);
        assert.equal(d.decision, 'release-redacted');
        assert.equal(d.priority, 'FLASH');
        assert.equal((d.redacted!.extensions as Record<string, any>)[Object.keys(d.redacted!.extensions!)[0]!].location.lat, 13.5);
        assert.equal(d.agreement?.version, 1);

        const none = await bfa.sharing.decideFor(db, amber.id, NODES.NER);
        assert.deepEqual(none.reasons, [{ code: 'no_agreement' }]);
        await assert.rejects(bfa.sharing.decideFor(db, 'incident--00000000-0000-4000-8000-000000000000', NODES.SEN), (e: DomainError) => e.kind === 'not_found');

        const ex = await bfa.sharing.explain(liaison, amber.id, NODES.SEN, 'en');
        assert.match(ex.text.join('\n'), /Decision: released redacted \(priority FLASH\)/);
        assert.match(ex.text.join('\n'), /Coordinates coarsened \(0\.5°\)/);
        await assert.rejects(bfa.sharing.explain(principal('analyst'), amber.id, NODES.SEN, 'fr'), (e: DomainError) => e.kind === 'forbidden');
        assert.equal((await listAudit(db, { actions: ['policy.explain'] }, { limit: 10 })).items.length, 2);

        // The federation acts on the plan and records it; a TLP raise then plans a withdrawal.
        const plan = await bfa.sharing.planShare(db, amber.id, NODES.SEN);
        assert.equal(plan.action.action, 'put');
        assert.equal(plan.action.action === 'put' && plan.action.priority, 'FLASH');
        const record = async (p: typeof plan, at: string) =>
          bfa.sharing.shares.insert(db, {
            peerId: NODES.SEN,
            agreementId: p.decision.agreement?.id ?? null,
            agreementVersion: p.decision.agreement?.version ?? null,
            recordId: amber.id,
            recordType: 'incident',
            recordModified: String(amber.modified),
            decision: p.action.action === 'withdraw' ? 'withdraw' : p.decision.decision,
            reasons: p.decision.reasons.map((r) => r.code),
            priority: p.decision.priority,
            contentHash: p.action.action === 'put' ? p.action.contentHash : null,
            at,
          });
        await record(plan, '2026-03-01T08:00:00Z');
        assert.equal((await bfa.sharing.planShare(db, amber.id, NODES.SEN)).action.action, 'none');
        assert.deepEqual(await bfa.sharing.shares.holders(db, amber.id), [NODES.SEN]);
        bfa.clock.advance(60_000);
        await bfa.records.update(SYSTEM, amber.id, { ...amber, modified: undefined, object_marking_refs: [TLP2_IDS.red] });
        const withdraw = await bfa.sharing.planShare(db, amber.id, NODES.SEN);
        assert.equal(withdraw.action.action, 'withdraw');
        assert.ok(withdraw.decision.reasons.some((r) => r.code === 'tlp_above_max'));
        await record(withdraw, '2026-03-01T08:01:00Z');
        assert.deepEqual(await bfa.sharing.shares.holders(db, amber.id), []);

        // A record received from NER: not passed on to SEN without NER's consent, then with it.
        const fromNer = incident({ id: 'incident--4a5b6c7d-8e9f-4a0b-8c1d-2e3f4a5b6c7d', created_by_ref: undefined });
        await bfa.records.importObjects(SYSTEM, [fromNer], { origin: NODES.NER });
        assert.deepEqual((await bfa.sharing.decideFor(db, fromNer.id, NODES.SEN)).reasons.map((r) => r.code), ['onward_without_consent']);
        await bfa.sharing.shares.putConsent(db, { originator: NODES.NER, recordId: fromNer.id, to: NODES.SEN }, '2026-03-01T09:00:00Z');
        assert.ok((await bfa.sharing.decideFor(db, fromNer.id, NODES.SEN)).reasons.some((r) => r.code === 'onward_consented'));
      } finally {
        await dispose();
      }
    });

    test('several agreements: the most permissive wins and is named; relationships need shareable ends', async () => {
      const { db, dispose } = await backend.open();
      try {
        const bfa = await sharingNode(db, { nodeId: NODES.BFA, country: 'BFA', organisation: 'Service BFA', identityId: ORG_IDENTITY });
        const sen = testKeys();
        await bfa.peers.add('cli', { nodeId: NODES.SEN, name: 'Service SEN', country: 'SEN', baseUrl: 'https://sen.example', publicKey: sen.publicKeySpki });
        const strict = agreementDoc({ id: '11111111-1111-4111-8111-111111111111', title: 'Strict', scope: { ...agreementDoc().scope, max_tlp: 'green' } });
        const broad = agreementDoc({ id: '22222222-2222-4222-8222-222222222222', title: 'Large' });
        for (const doc of [strict, broad]) {
          const p = await bfa.agreements.propose(liaison, doc);
          await bfa.agreements.importFile(liaison, { ...doc, signatures: [...p.signatures, signDocument(p.document, sen.privateKey, NODES.SEN)] });
        }
        const inc = await bfa.records.create(SYSTEM, incident({ id: FIXTURE_IDS.incident }));
        const d = await bfa.sharing.decideFor(db, inc.id, NODES.SEN);
        assert.equal(d.decision, 'release');
        assert.equal(d.agreement?.id, broad.id);
        assert.deepEqual(d.evaluations.map((e) => [e.title, e.decision]), [['Strict', 'withhold'], ['Large', 'release']]);
        const ex = await bfa.sharing.explain(liaison, inc.id, NODES.SEN, 'fr');
        assert.match(ex.text.join('\n'), /« Strict » v1 \(en vigueur\) : retenu/);

        const redActor = await bfa.records.create(SYSTEM, exampleThreatActor({ created_by_ref: ORG_IDENTITY, object_marking_refs: [TLP2_IDS.red] }));
        const rel = await bfa.records.create(SYSTEM, exampleRelationship({ created_by_ref: ORG_IDENTITY, object_marking_refs: [TLP2_IDS.green], source_ref: inc.id, target_ref: redActor.id }));
        const r = await bfa.sharing.decideFor(db, rel.id, NODES.SEN);
        assert.equal(r.decision, 'withhold');
        assert.deepEqual(r.evaluations[1]!.reasons, [{ code: 'endpoint_not_shareable', params: { ref: redActor.id } }]);
        assert.equal(r.evaluations[0]!.reasons.length, 2, 'under the strict agreement neither end is shareable');
      } finally {
        await dispose();
      }
    });

    test('reciprocity: released and received per partner and month, by type and priority', async () => {
      const { db, dispose } = await backend.open();
      try {
        const bfa = await sharingNode(db, { nodeId: NODES.BFA, country: 'BFA', organisation: 'Service BFA', identityId: ORG_IDENTITY });
        const sen = testKeys();
        await bfa.peers.add('cli', { nodeId: NODES.SEN, name: 'Service SEN', country: 'SEN', baseUrl: 'https://sen.example', publicKey: sen.publicKeySpki });
        const share = (recordId: string, at: string, decision: 'release' | 'withhold' | 'release-redacted', priority: 'FLASH' | 'ROUTINE', type = 'incident') =>
          bfa.sharing.shares.insert(db, { peerId: NODES.SEN, agreementId: null, agreementVersion: null, recordId, recordType: type, recordModified: at, decision, reasons: [], priority, contentHash: null, at });
        await share('incident--1', '2026-01-10T00:00:00Z', 'release', 'FLASH');
        await share('incident--1', '2026-01-20T00:00:00Z', 'release', 'ROUTINE'); // a new version, same month: counted once
        await share('incident--2', '2026-01-31T23:59:59Z', 'release-redacted', 'ROUTINE');
        await share('incident--3', '2026-02-01T00:00:00Z', 'withhold', 'ROUTINE');
        await share('threat-actor--1', '2026-02-15T00:00:00Z', 'release', 'ROUTINE', 'threat-actor');
        await share('incident--4', '2025-12-31T23:59:59Z', 'release', 'ROUTINE');

        // Received records are counted in the month this node first stored them.
        await bfa.records.importObjects(SYSTEM, [incident({ id: 'incident--5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e', labels: ['alerte'], created_by_ref: undefined })], { origin: NODES.SEN });
        const { rows } = await db.query<{ m: string }>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM') AS m`);
        const storedMonth = rows[0]!.m;

        const report = await bfa.sharing.reciprocity(liaison, { from: '2026-01', to: '2026-02' });
        assert.deepEqual(report.peers.map((p) => p.peerId), [NODES.SEN]);
        const [jan, feb] = report.peers[0]!.months;
        assert.equal(jan!.released.total, 2);
        assert.deepEqual(jan!.released.byPriority, { FLASH: 0, IMMEDIATE: 0, ROUTINE: 2, BULK: 0 });
        assert.deepEqual(feb!.released.byType, { 'threat-actor': 1 });
        assert.equal(report.peers[0]!.totals.released.total, 3);

        const now = await bfa.sharing.reciprocity(liaison, { peerId: NODES.SEN, from: storedMonth, to: storedMonth });
        assert.deepEqual(now.peers[0]!.totals.received.byType, { incident: 1 });

        await assert.rejects(bfa.sharing.reciprocity(liaison, { from: '2026-13' }), (e: DomainError) => e.issues[0]?.path === '/from');
        await assert.rejects(bfa.sharing.reciprocity(liaison, { from: '2026-03', to: '2026-01' }), (e: DomainError) => e.code === 'sharing.bad_range');
        await assert.rejects(bfa.sharing.reciprocity(principal('auditor'), {}), (e: DomainError) => e.kind === 'forbidden');
        const dflt = await bfa.sharing.reciprocity(liaison, {});
        assert.deepEqual([dflt.from, dflt.to], ['2025-04', '2026-03']);
      } finally {
        await dispose();
      }
    });
  });
}
