import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { testBackends } from '../store/test-support/backends.ts';
import { exampleIncident } from '../objects/fixtures.ts';
import { newStixId } from '../objects/ids.ts';
import { TLP, relToStatement } from '../objects/markings.ts';
import { DomainError } from '../core/errors.ts';
import { alertId, raiseAlert, setAlertStatus, type AlertInput } from './alerts.ts';

const base = (over: Partial<AlertInput> = {}): AlertInput => ({
  kind: 'cross-border-pattern',
  severity: 'high',
  title: 'Même groupe des deux côtés de la frontière',
  explanation: 'JNIM : 2 incidents à 38 km de part et d’autre de la frontière BFA–NER en 5 jours',
  score: 0.8,
  objectRefs: [],
  signals: [
    { name: 'distance_km', value: 38 },
    { name: 'days', value: 5, weight: 0.4 },
  ],
  location: { lat: 13.1, lon: 1.2 },
  country: 'BFA',
  dedupeKey: 'xb:test:1',
  ...over,
});

for (const backend of await testBackends()) {
  describe(`[${backend.name}] alerts`, () => {
    let tn: TestNode;
    before(async () => {
      tn = await createTestNode({ backend: backend.name });
    });
    after(async () => tn.dispose());

    test('an alert is a stored, valid record, indexed by place, with the alert type published', async () => {
      const a = await raiseAlert(tn.node, base());
      assert.equal(a.type, 'x-sentinelle-alert');
      assert.equal(a.id, alertId(tn.node, 'xb:test:1'));
      const stored = await tn.node.records.repo.get(tn.node.db, a.id);
      assert.equal(stored?.object.alert_kind, 'cross-border-pattern');
      const { rows } = await tn.node.db.query<{ country: string; lat: number }>(
        'SELECT country, lat FROM objects WHERE id = $1',
        [a.id],
      );
      assert.deepEqual(rows[0], { country: 'BFA', lat: 13.1 });
      assert.ok(
        await tn.node.records.repo.get(
          tn.node.db,
          'extension-definition--7d3fe0da-649a-40c4-96fc-3850424390c0',
        ),
      );
    });

    test('raising the same alert again adds no record and no version; a change adds a version', async () => {
      const first = await raiseAlert(tn.node, base({ dedupeKey: 'xb:test:2' }));
      const again = await raiseAlert(tn.node, base({ dedupeKey: 'xb:test:2' }));
      assert.equal(again.modified, first.modified);
      tn.clock.advance(1000);
      const changed = await raiseAlert(tn.node, base({ dedupeKey: 'xb:test:2', score: 0.9 }));
      assert.equal(changed.id, first.id);
      assert.notEqual(changed.modified, first.modified);
      const versions = await tn.node.records.repo.versions(tn.node.db, first.id);
      assert.equal(versions.length, 2);
    });

    test('a dismissed alert stays dismissed when raised again with new figures', async () => {
      const a = await raiseAlert(tn.node, base({ dedupeKey: 'xb:test:3' }));
      tn.clock.advance(1000);
      await setAlertStatus(tn.node, a.id, 'dismissed');
      tn.clock.advance(1000);
      const again = await raiseAlert(tn.node, base({ dedupeKey: 'xb:test:3', score: 0.95 }));
      assert.equal(again.status, 'dismissed');
      assert.equal(again.score, 0.95);
    });

    test('an alert inherits the strictest TLP and the releasability of the records it is about', async () => {
      const rel = await tn.node.records.create(tn.node.system, {
        type: 'marking-definition',
        name: 'REL TO BFA, NER',
        definition_type: 'statement',
        definition: { statement: relToStatement(['BFA', 'NER']) },
      });
      const red = await tn.node.records.create(
        tn.node.system,
        exampleIncident({ id: newStixId('incident'), object_marking_refs: [TLP.red.id, rel.id] }),
      );
      const green = await tn.node.records.create(
        tn.node.system,
        exampleIncident({ id: newStixId('incident'), object_marking_refs: [TLP.green.id] }),
      );
      const a = await raiseAlert(tn.node, base({ dedupeKey: 'xb:test:4', objectRefs: [red.id, green.id] }));
      assert.deepEqual(a.object_marking_refs, [TLP.red.id, rel.id]);
      const none = await raiseAlert(tn.node, base({ dedupeKey: 'xb:test:5' }));
      assert.deepEqual(none.object_marking_refs, [TLP.amber.id], 'TLP:AMBER when nothing is known');
    });

    test('bad input names the field and stores nothing', async () => {
      const before = await tn.node.db.query<{ n: number }>('SELECT count(*)::int AS n FROM objects');
      await assert.rejects(
        raiseAlert(tn.node, base({ dedupeKey: 'xb:test:6', country: 'XXX' })),
        (e: unknown) => e instanceof DomainError && e.issues.some((i) => i.path === '/country'),
      );
      await assert.rejects(
        raiseAlert(
          tn.node,
          base({
            dedupeKey: 'xb:test:7',
            period: { from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' },
          }),
        ),
        (e: unknown) => e instanceof DomainError && e.issues.some((i) => i.path === '/period_end'),
      );
      const after = await tn.node.db.query<{ n: number }>('SELECT count(*)::int AS n FROM objects');
      assert.equal(after.rows[0]!.n, before.rows[0]!.n);
    });
  });
}
