import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../store/test-support/backends.ts';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { listAudit } from '../audit/audit.ts';
import { DomainError } from '../core/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { randomUUID } from 'node:crypto';
import { exampleIncident } from '../objects/fixtures.ts';
import { operationInput, siteInput } from './test-support/fixtures.ts';

const person = (roles: Principal['roles']): Principal => ({
  userId: `u-${roles.join('-')}`,
  username: roles.join('-'),
  roles,
  locale: 'fr',
  via: 'token',
});
const planner = person(['analyst']);
const liaison = person(['liaison']);

async function rejects(p: Promise<unknown>, code: string, path?: string): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    const codes = [e.code, ...e.issues.map((i) => i.code)];
    assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
    if (path !== undefined)
      assert.ok(
        e.issues.some((i) => i.path === path),
        `${path} in ${e.issues.map((i) => i.path).join(', ')}`,
      );
    return e;
  }
  assert.fail(`expected ${code}`);
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] operations service`, () => {
    let t: TestNode;
    before(async () => {
      t = await createTestNode({ backend: backend.name });
    });
    after(async () => t?.dispose());

    test('an operation is stored with REL TO its participating states, versioned and audited', async () => {
      const { object, conflicts } = await t.node.operations.createOperation(planner, operationInput());
      assert.equal(object.status, 'draft');
      assert.deepEqual(conflicts, []);
      const rec = await t.node.records.repo.get(t.node.db, object.id);
      assert.deepEqual(rec!.fields.relTo, ['BFA']);
      assert.equal(rec!.fields.tlp, 'amber');
      const audit = await listAudit(t.node.db, { actions: ['record.create'] }, { limit: 50 });
      assert.ok(audit.items.some((e) => e.target === object.id && e.actor === `user:${planner.userId}`));
    });

    test('bad input names the field and stores nothing', async () => {
      const before = await t.node.records.repo.lastSeq(t.node.db);
      const bowtie = {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [2, 2],
            [2, 0],
            [0, 2],
            [0, 0],
          ],
        ],
      };
      await rejects(
        t.node.operations.createOperation(planner, operationInput({ area: bowtie })),
        'operations.self_intersection',
        '/area/coordinates/0',
      );
      await rejects(
        t.node.operations.createOperation(
          planner,
          operationInput({ area: { type: 'Polygon', coordinates: [] } }),
        ),
        'operations.empty_polygon',
        '/area/coordinates',
      );
      await rejects(
        t.node.operations.createOperation(
          planner,
          operationInput({
            area: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [1, 1],
                  [0, 0],
                ],
              ],
            },
          }),
        ),
        'operations.too_few_points',
      );
      await rejects(
        t.node.operations.createOperation(planner, operationInput({ planned_end: '2026-03-09T00:00:00Z' })),
        'operations.end_before_start',
        '/planned_end',
      );
      await rejects(
        t.node.operations.createOperation(planner, operationInput({ participating_states: ['BFA', 'XYZ'] })),
        'operations.invalid_country',
        '/participating_states/1',
      );
      await rejects(
        t.node.operations.createOperation(planner, operationInput({ participating_states: ['BFA', 'TCD'] })),
        'operations.unknown_state',
        '/participating_states/1',
      );
      await rejects(
        t.node.operations.createOperation(
          planner,
          operationInput({
            units: [
              {
                organisation_ref: 'identity--6b3f9021-7c4d-4e8f-a012-3b4c5d6e7f80',
                designation: '1er BIR',
                country: 'BFA',
              },
            ],
          }),
        ),
        'operations.unknown_unit',
        '/units/0/organisation_ref',
      );
      await rejects(
        t.node.operations.createSite(liaison, siteInput({ valid_until: '2025-01-01T00:00:00Z' })),
        'operations.end_before_start',
        '/valid_until',
      );
      assert.equal(await t.node.records.repo.lastSeq(t.node.db), before, 'nothing half-stored');
    });

    test('units by organisation: a known organisation identity is accepted', async () => {
      const unit = await t.node.records.create(t.node.system, {
        type: 'identity',
        name: '1er Bataillon d’intervention rapide',
        identity_class: 'organization',
      });
      const { object } = await t.node.operations.createOperation(
        planner,
        operationInput({
          planned_start: '2027-01-01T00:00:00Z',
          planned_end: '2027-01-02T00:00:00Z',
          units: [{ organisation_ref: unit.id, designation: '1er BIR', country: 'BFA' }],
        }),
      );
      assert.equal((object.units as unknown[]).length, 1);
    });

    test('lifecycle: transitions are enforced and a completed operation cannot be edited', async () => {
      const { object } = await t.node.operations.createOperation(
        planner,
        operationInput({ planned_start: '2027-02-01T00:00:00Z', planned_end: '2027-02-02T00:00:00Z' }),
      );
      await rejects(
        t.node.operations.setStatus(planner, object.id, 'active'),
        'operations.bad_transition',
        '/status',
      );
      for (const s of ['proposed', 'approved', 'active'])
        await t.node.operations.setStatus(planner, object.id, s);
      t.clock.advance(3_600_000);
      await t.node.operations.setStatus(planner, object.id, 'completed');
      const done = (await t.node.records.repo.get(t.node.db, object.id))!.object;
      assert.ok(done.actual_start && done.actual_end);
      await rejects(
        t.node.operations.updateOperation(planner, object.id, { name: 'autre' }),
        'operations.final',
        '/status',
      );
      assert.equal(
        (await t.node.records.repo.versions(t.node.db, object.id)).length,
        5,
        'every change is a version',
      );
    });

    test('overlapping operation: conflict at once, alert raised, acknowledge and resolve audited', async () => {
      const first = await t.node.operations.createOperation(
        planner,
        operationInput({
          name: 'Op A',
          planned_start: '2026-05-01T06:00:00Z',
          planned_end: '2026-05-02T06:00:00Z',
        }),
      );
      const second = await t.node.operations.createOperation(
        planner,
        operationInput({
          name: 'Patrouille B',
          activity_kind: 'patrol',
          area: {
            type: 'LineString',
            coordinates: [
              [-1.8, 14.2],
              [-1.5, 14.0],
            ],
          },
          buffer_m: 0,
          planned_start: '2026-05-02T05:00:00Z',
          planned_end: '2026-05-02T09:00:00Z',
        }),
      );
      assert.equal(second.conflicts.length, 1, JSON.stringify(second.conflicts));
      // The alert follows at once, after the planner's answer.
      await t.node.operations.settle();
      const c = (await t.node.operations.listConflicts(planner, { recordId: second.object.id }))[0]!;
      assert.equal(c.id, second.conflicts[0]!.id);
      assert.equal(c.kind, 'activity');
      assert.deepEqual([c.aId, c.bId].sort(), [first.object.id, second.object.id].sort());
      assert.equal(c.overlapFrom, '2026-05-02T05:00:00.000Z');
      assert.ok(c.contacts.every((x) => x.role === 'Officier de liaison J3'));
      assert.ok(c.alertId, 'an alert was raised');
      const alert = await t.node.records.repo.get(t.node.db, c.alertId);
      assert.deepEqual((alert!.object.object_refs as string[]).sort(), [c.aId, c.bId].sort());
      await t.node.operations.settle();
      assert.equal(
        (await t.node.operations.listConflicts(planner, { recordId: first.object.id })).length,
        1,
        'the background pass adds no duplicate',
      );
      await t.node.operations.acknowledge(liaison, c.id);
      await rejects(
        t.node.operations.resolve(liaison, c.id, { resolution: 'moved' }),
        'operations.bad_resolution',
        '/resolution',
      );
      const done = await t.node.operations.resolve(liaison, c.id, {
        resolution: 're-timed',
        note: 'Patrouille décalée à 10 h',
      });
      assert.equal(done.status, 'resolved');
      assert.equal((await t.node.records.repo.get(t.node.db, c.alertId))!.object.status, 'resolved');
      const audit = await listAudit(
        t.node.db,
        { actions: ['operations.conflict.acknowledge', 'operations.conflict.resolve'] },
        { limit: 10 },
      );
      assert.equal(audit.items.length, 2);
      await rejects(
        t.node.operations.resolve(liaison, c.id, { resolution: 'coordinated' }),
        'operations.conflict_resolved',
      );
      await rejects(t.node.operations.acknowledge(person(['reporter']), c.id), 'operations.forbidden');
    });

    test('a change re-evaluates the conflicts: re-timed apart → cleared, back → reopened, cancelled → withdrawn', async () => {
      const a = await t.node.operations.createOperation(
        planner,
        operationInput({
          name: 'Op C',
          planned_start: '2026-06-01T06:00:00Z',
          planned_end: '2026-06-01T18:00:00Z',
        }),
      );
      const b = await t.node.operations.createOperation(
        planner,
        operationInput({
          name: 'Op D',
          planned_start: '2026-06-01T10:00:00Z',
          planned_end: '2026-06-01T12:00:00Z',
        }),
      );
      assert.equal(b.conflicts.length, 1);
      const id = b.conflicts[0]!.id;
      const state = async () => {
        const c = (await t.node.operations.listConflicts(planner, { recordId: a.object.id })).find(
          (x) => x.id === id,
        )!;
        return `${c.status}/${c.resolution ?? '-'}`;
      };
      // A week later: no overlap left, the node closes the conflict itself.
      const later = await t.node.operations.updateOperation(planner, b.object.id, {
        planned_start: '2026-06-08T10:00:00Z',
        planned_end: '2026-06-08T12:00:00Z',
      });
      assert.deepEqual(later.conflicts, []);
      assert.equal(await state(), 'resolved/cleared');
      // Back on the same day: the same conflict opens again (one row per pair).
      const back = await t.node.operations.updateOperation(planner, b.object.id, {
        planned_start: '2026-06-01T11:00:00Z',
        planned_end: '2026-06-01T13:00:00Z',
      });
      assert.deepEqual(
        back.conflicts.map((c) => c.id),
        [id],
      );
      assert.equal(await state(), 'open/-');
      await t.node.operations.setStatus(planner, b.object.id, 'cancelled');
      assert.equal(await state(), 'resolved/withdrawn');
      const audit = await listAudit(t.node.db, { actions: ['operations.conflict.clear'] }, { limit: 10 });
      assert.deepEqual(
        audit.items
          .filter((e) => e.target === id)
          .map((e) => (e.details as { resolution: string }).resolution)
          .sort(),
        ['cleared', 'withdrawn'],
      );
    });

    test('protected-site overlap always warns, flash inside the notice lead time', async () => {
      const site = await t.node.operations.createSite(liaison, siteInput());
      assert.ok(site.conflicts.length >= 1, 'the site is checked against planned operations');
      assert.ok(site.conflicts.every((c) => c.kind === 'protected-site' && c.bId === site.object.id));
      // Starts in 24 h, notice lead time is 72 h: flash.
      const soon = await t.node.operations.createOperation(
        planner,
        operationInput({
          name: 'Op imminente',
          planned_start: '2026-03-02T08:00:00Z',
          planned_end: '2026-03-02T12:00:00Z',
        }),
      );
      const sc = soon.conflicts.find((c) => c.bId === site.object.id)!;
      assert.equal(sc.severity, 'flash');
      const far = await t.node.operations.createOperation(
        planner,
        operationInput({
          name: 'Op lointaine',
          area: {
            type: 'LineString',
            coordinates: [
              [-1.62, 14.1025],
              [-1.5, 14.2],
            ],
          },
          buffer_m: 0,
          planned_start: '2026-06-01T08:00:00Z',
          planned_end: '2026-06-01T12:00:00Z',
        }),
      );
      assert.equal(
        far.conflicts.find((c) => c.bId === site.object.id)?.severity,
        'high',
        '280 m from the site, within its 300 m',
      );
    });

    test('outcome: only after completion, incidents before/after counted from the store, summary per period', async () => {
      const { object } = await t.node.operations.createOperation(
        planner,
        operationInput({
          name: 'Op résultats',
          planned_start: '2026-02-01T00:00:00Z',
          planned_end: '2026-02-10T00:00:00Z',
          objectives: [
            { objective: 'o1', indicator: 'i1' },
            { objective: 'o2', indicator: 'i2' },
          ],
        }),
      );
      await rejects(t.node.operations.recordOutcome(planner, object.id, {}), 'operations.not_completed');
      const inc = (occurred: string, lon: number) =>
        t.node.records.create(
          t.node.system,
          exampleIncident(
            { id: `incident--${randomUUID()}` },
            { occurred_at: occurred, location: { lat: 14.1, lon, country: 'BFA' }, actor_refs: undefined },
          ),
        );
      await inc('2026-01-20T00:00:00Z', -1.6);
      await inc('2026-01-25T00:00:00Z', -1.6);
      await inc('2026-02-05T00:00:00Z', -1.6);
      await inc('2026-02-20T00:00:00Z', -1.6);
      await inc('2026-01-20T00:00:00Z', 2.0); // elsewhere
      for (const s of ['proposed', 'approved', 'active'])
        await t.node.operations.setStatus(planner, object.id, s);
      await t.node.operations.updateOperation(planner, object.id, {
        status: 'completed',
        actual_start: '2026-02-01T00:00:00Z',
        actual_end: '2026-02-10T00:00:00Z',
      });
      await rejects(
        t.node.operations.recordOutcome(planner, object.id, {
          results: [{ objective_index: 5, value: 'x' }],
        }),
        'operations.bad_objective',
        '/results/0/objective_index',
      );
      const out = await t.node.operations.recordOutcome(planner, object.id, {
        results: [{ objective_index: 0, value: 'route rouverte', achieved: true }],
        areas_made_accessible: ['Djibo–Arbinda'],
        materiel_recovered: [{ kind: 'AK-47', quantity: 12 }],
        casualties: { friendly_wounded: 2 },
      });
      assert.equal(out.incidents_before, 2);
      assert.equal(out.incidents_after, 1);
      assert.equal((out.incident_refs as string[]).length, 1);
      const s = await t.node.operations.summary(planner, '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z');
      assert.equal(s.operations, 1);
      assert.deepEqual(s.objectives, { total: 2, achieved: 1 });
      assert.equal(s.materiel['AK-47'], 12);
      assert.equal(s.casualties.friendly_wounded, 2);
      assert.deepEqual(s.byMonth, [
        { month: '2026-02', operations: 1, incidentsBefore: 2, incidentsAfter: 1 },
      ]);
    });
  });
}
