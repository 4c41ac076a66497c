/**
 * The ledger service on a real node (PGlite and PostgreSQL): validation naming the field with
 * nothing stored, the activity lifecycle, aggregation on hand-made data, the completeness
 * dashboard as the clock moves, and the lost-then-seized serial number alert.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testBackends } from '../store/test-support/backends.ts';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { DomainError } from '../core/errors.ts';
import { exampleIncident } from '../objects/fixtures.ts';
import { trainingAggregate, certificates } from './ledger.ts';
import { deliveryInput, PARTNER, programmeInput, trainingInput } from './test-support/fixtures.ts';

async function rejects(p: Promise<unknown>, path: string, code?: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e));
    const hit = e.issues.find((i) => i.path === path);
    assert.ok(hit, `an issue at ${path}: ${JSON.stringify(e.issues)}`);
    if (code) assert.equal(hit.code, code);
    return true;
  });
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] cooperation ledger service`, () => {
    let tn: TestNode;
    let self: string;
    let programme: string;
    const count = async (type: string) => tn.node.records.repo.count(tn.node.db, { types: [type] });

    before(async () => {
      tn = await createTestNode({ backend: backend.name });
      self = tn.node.settings.nodeId;
      programme = (await tn.node.cooperation.createProgramme('cli', programmeInput(self))).id;
    });
    after(async () => tn?.dispose());

    test('bad input names the field and stores nothing', async () => {
      const svc = tn.node.cooperation;
      const before = await count('x-sentinelle-delivery');
      const items = (over: Record<string, unknown>) => [
        { item_type: 'Radio', category: 'communications', measure: 'each', quantity: 1, ...over },
      ];
      await rejects(
        svc.createDelivery(
          'cli',
          deliveryInput(programme, self, PARTNER, {
            receiving_unit: 'BSEN-1',
            items: items({ quantity: -3 }),
          }),
        ),
        '/items/0/quantity',
        'stix.out_of_range',
      );
      await rejects(
        svc.createDelivery('cli', deliveryInput(programme, self, PARTNER, { receiving_unit: 'NOPE' })),
        '/receiving_unit',
        'cooperation.unknown_unit',
      );
      await rejects(
        svc.createDelivery(
          'cli',
          deliveryInput(programme, self, PARTNER, {
            receiving_unit: 'BSEN-1',
            items: items({ measure: 'gallon' }),
          }),
        ),
        '/items/0/measure',
        'stix.invalid_vocab',
      );
      await rejects(
        svc.createDelivery(
          'cli',
          deliveryInput(programme, self, PARTNER, {
            receiving_unit: 'BSEN-1',
            items: items({ quantity: 2, serial_numbers: ['AB-1', 'ab 1'] }),
          }),
        ),
        '/items/0/serial_numbers/1',
        'cooperation.duplicate_serial',
      );
      await rejects(
        svc.createDelivery(
          'cli',
          deliveryInput(programme, self, PARTNER, {
            receiving_unit: 'BSEN-1',
            expected_arrival: '2026-01-15T00:00:00Z',
          }),
        ),
        '/expected_arrival',
        'stix.must_not_precede',
      );
      await rejects(
        svc.createDelivery('cli', deliveryInput(`x-sentinelle-programme--${randomUUID()}`, self, PARTNER)),
        '/programme_ref',
        'cooperation.programme_not_found',
      );
      await rejects(
        svc.signReceipt('cli', { delivery_ref: `x-sentinelle-delivery--${randomUUID()}` }),
        '/delivery_ref',
        'cooperation.delivery_not_found',
      );
      await rejects(
        svc.createActivity(
          'cli',
          trainingInput(programme, PARTNER, self, {
            start: '2026-03-01T00:00:00Z',
            end: '2026-02-01T00:00:00Z',
          }),
        ),
        '/end',
        'stix.must_not_precede',
      );
      await rejects(
        svc.createActivity(
          'cli',
          trainingInput(programme, PARTNER, self, { trainees: [{ unit: 'GIR-9', count: 3, hours: 1 }] }),
        ),
        '/trainees/0/unit',
        'cooperation.unknown_unit',
      );
      assert.equal(await count('x-sentinelle-delivery'), before);
      // A serial number already delivered elsewhere is refused.
      await svc.createDelivery(
        'cli',
        deliveryInput(programme, self, PARTNER, {
          receiving_unit: 'BSEN-1',
          items: items({ serial_numbers: ['DUP-77'] }),
        }),
      );
      await rejects(
        svc.createDelivery(
          'cli',
          deliveryInput(programme, self, PARTNER, {
            receiving_unit: 'BSEN-1',
            items: items({ serial_numbers: ['dup 77'] }),
          }),
        ),
        '/items/0/serial_numbers/0',
        'cooperation.serial_in_use',
      );
    });

    test('the activity lifecycle is enforced: proposed → planned → ongoing → completed, or cancelled', async () => {
      const svc = tn.node.cooperation;
      const a = await svc.createActivity('cli', {
        name: 'Exercice conjoint',
        programme_ref: programme,
        activity_kind: 'exercise',
        status: 'proposed',
        provider_node: self,
        receiver_node: PARTNER,
      });
      await rejects(
        svc.updateActivity('cli', a.id, { status: 'ongoing' }),
        '/status',
        'cooperation.bad_transition',
      );
      await rejects(
        svc.updateActivity('cli', a.id, { status: 'completed' }),
        '/status',
        'cooperation.bad_transition',
      );
      assert.equal((await svc.updateActivity('cli', a.id, { status: 'planned' })).status, 'planned');
      const ongoing = await svc.updateActivity('cli', a.id, { status: 'ongoing' });
      assert.equal(ongoing.start, '2026-03-01T08:00:00.000Z', 'start filled from the node clock');
      const done = await svc.updateActivity('cli', a.id, {
        status: 'completed',
        outcomes: 'Procédures communes validées',
      });
      assert.equal(done.status, 'completed');
      await rejects(
        svc.updateActivity('cli', a.id, { status: 'cancelled' }),
        '/status',
        'cooperation.bad_transition',
      );
      await rejects(
        svc.updateActivity('cli', a.id, { status: 'ongoing' }),
        '/status',
        'cooperation.bad_transition',
      );
      const b = await svc.createActivity('cli', {
        name: 'Audit',
        programme_ref: programme,
        activity_kind: 'advisory',
        provider_node: self,
        receiver_node: PARTNER,
      });
      assert.equal(b.status, 'proposed');
      assert.equal((await svc.updateActivity('cli', b.id, { status: 'cancelled' })).status, 'cancelled');
      await rejects(
        svc.updateActivity('cli', b.id, { status: 'planned' }),
        '/status',
        'cooperation.bad_transition',
      );
    });

    test('training aggregates per unit and skill, and certificates with expiry', async () => {
      const svc = tn.node.cooperation;
      await svc.createActivity('cli', trainingInput(programme, PARTNER, self));
      await svc.createActivity(
        'cli',
        trainingInput(programme, PARTNER, self, {
          name: 'Stage DIH',
          course: { name: 'DIH', skills: ['international_humanitarian_law'] },
          trainees: [{ unit: 'GIR-1', count: 15, hours: 8, passed: 15 }],
          certificate: undefined,
        }),
      );
      // Not counted: not completed.
      await svc.createActivity(
        'cli',
        trainingInput(programme, PARTNER, self, { status: 'planned', outcomes: undefined, end: undefined }),
      );
      const data = await svc.data('cli');
      const rows = trainingAggregate(data.activities);
      const row = (unit: string, skill: string) => rows.find((r) => r.unit === unit && r.skill === skill);
      assert.deepEqual(row('GIR-1', 'counter_ied'), {
        unit: 'GIR-1',
        skill: 'counter_ied',
        sessions: 1,
        trainees: 20,
        traineeHours: 1200,
        passed: 18,
        failed: 2,
      });
      assert.deepEqual(row('GIR-2', 'first_aid_under_fire'), {
        unit: 'GIR-2',
        skill: 'first_aid_under_fire',
        sessions: 1,
        trainees: 10,
        traineeHours: 400,
        passed: 10,
        failed: 0,
      });
      assert.deepEqual(row('GIR-1', 'international_humanitarian_law'), {
        unit: 'GIR-1',
        skill: 'international_humanitarian_law',
        sessions: 1,
        trainees: 15,
        traineeHours: 120,
        passed: 15,
        failed: 0,
      });
      assert.equal(rows.length, 5);
      const certs = certificates(data.activities, new Date('2027-02-14T00:00:00Z'));
      assert.deepEqual(
        certs.map((c) => [c.unit, c.holders, c.expires, c.valid]),
        [
          ['GIR-1', 18, '2027-02-13T00:00:00.000Z', false],
          ['GIR-2', 10, '2027-02-13T00:00:00.000Z', false],
        ],
      );
      assert.equal(certificates(data.activities, new Date('2026-12-01T00:00:00Z'))[0]!.valid, true);
    });

    test('the completeness dashboard lists exactly the overdue entries as the clock moves', async () => {
      const fresh = await createTestNode({ backend: backend.name });
      try {
        const svc = fresh.node.cooperation;
        const me = fresh.node.settings.nodeId;
        const prog = (await svc.createProgramme('cli', programmeInput(me))).id;
        const d1 = await svc.createDelivery(
          'cli',
          deliveryInput(prog, me, PARTNER, {
            receiving_unit: 'BSEN-1',
            shipped_at: '2026-03-01T00:00:00Z',
            planned_ship_date: '2026-03-01T00:00:00Z',
          }),
        );
        const d2 = await svc.createDelivery(
          'cli',
          deliveryInput(prog, me, PARTNER, {
            receiving_unit: 'BSEN-1',
            status: 'notified',
            shipped_at: undefined,
            planned_ship_date: '2026-03-20T00:00:00Z',
            items: [{ item_type: 'Fusil', category: 'weapon', quantity: 5, measure: 'each' }],
            end_use_checks: [{ due: '2026-05-01T00:00:00Z' }],
          }),
        );
        const a = await svc.createActivity('cli', {
          name: 'Atelier',
          programme_ref: prog,
          activity_kind: 'advisory',
          status: 'ongoing',
          start: '2026-03-01T00:00:00Z',
          provider_node: me,
          receiver_node: PARTNER,
        });
        const gaps = async () =>
          (await svc.completeness('cli'))
            .map((g) => `${g.kind} ${g.recordId === d1.id ? 'd1' : g.recordId === d2.id ? 'd2' : 'a'}`)
            .sort();
        fresh.clock.set('2026-03-10T00:00:00Z');
        assert.deepEqual(await gaps(), []);
        fresh.clock.set('2026-03-16T00:00:00Z');
        assert.deepEqual(await gaps(), ['receipt_overdue d1']);
        await svc.updateActivity('cli', a.id, { status: 'completed' });
        assert.deepEqual(await gaps(), ['outcome_missing a', 'receipt_overdue d1']);
        fresh.clock.set('2026-04-05T00:00:00Z');
        assert.deepEqual(await gaps(), [
          'end_use_check_overdue d1',
          'outcome_missing a',
          'receipt_overdue d1',
          'receipt_overdue d2',
          'serials_missing d2',
        ]);
        await svc.logEquipment('cli', {
          delivery_ref: d1.id,
          entry_kind: 'end-use-check',
          observed_at: '2026-04-02T00:00:00Z',
          check_due: '2026-04-01T00:00:00Z',
          finding: 'compliant',
          evidence: [{ description: 'Inventaire signé, photos' }],
        });
        await svc.updateActivity('cli', a.id, { outcomes: 'Plan de formation adopté' });
        assert.deepEqual(await gaps(), ['receipt_overdue d1', 'receipt_overdue d2', 'serials_missing d2']);
      } finally {
        await fresh.dispose();
      }
    });

    test('an item reported stolen whose serial number appears later in a seizure raises an alert', async () => {
      const svc = tn.node.cooperation;
      const d = await svc.createDelivery(
        'cli',
        deliveryInput(programme, PARTNER, self, {
          items: [
            {
              item_type: 'Fusil d’assaut',
              category: 'weapon',
              quantity: 2,
              measure: 'each',
              serial_numbers: ['FA-2026-0001', 'FA-2026-0002'],
            },
          ],
        }),
      );
      await rejects(
        svc.logEquipment('cli', {
          delivery_ref: d.id,
          entry_kind: 'serviceability',
          observed_at: '2026-02-20T00:00:00Z',
          status: 'stolen',
          serial_number: 'ZZ-999',
        }),
        '/serial_number',
        'cooperation.serial_not_delivered',
      );
      await rejects(
        svc.logEquipment('cli', {
          delivery_ref: d.id,
          entry_kind: 'serviceability',
          observed_at: '2026-01-20T00:00:00Z',
          status: 'stolen',
          serial_number: 'FA-2026-0001',
        }),
        '/observed_at',
        'stix.must_not_precede',
      );
      const log = await svc.logEquipment('cli', {
        delivery_ref: d.id,
        entry_kind: 'serviceability',
        observed_at: '2026-02-20T00:00:00Z',
        status: 'stolen',
        serial_number: 'FA-2026-0001',
      });
      const alerts = () =>
        tn.node.records.repo.list(
          tn.node.db,
          { types: ['x-sentinelle-alert'] },
          { limit: 50, cursor: null, order: 'seq_asc' },
        );
      assert.equal((await alerts()).items.length, 0);
      // A revoked report naming the serial, and one naming none, raise nothing.
      const materiel = [{ category: 'small_arm', model: 'AK', quantity: 1, serial_number: 'FA-2026-0001' }];
      await tn.node.records.create(
        tn.node.system,
        exampleIncident(
          { id: `incident--${randomUUID()}`, created_by_ref: tn.node.settings.identityId, revoked: true },
          { event_type: 'arms_seizure', event_subtype: undefined, actor_refs: undefined, materiel },
        ),
      );
      await tn.node.records.create(
        tn.node.system,
        exampleIncident(
          { id: `incident--${randomUUID()}`, created_by_ref: tn.node.settings.identityId },
          { event_type: 'arms_seizure', event_subtype: undefined, actor_refs: undefined, materiel: [{ category: 'small_arm', model: 'AK', quantity: 1 }] },
        ),
      );
      await svc.catchUp();
      assert.equal((await alerts()).items.length, 0);
      const seizure = exampleIncident(
        { id: `incident--${randomUUID()}`, created_by_ref: tn.node.settings.identityId },
        {
          event_type: 'arms_seizure',
          event_subtype: undefined,
          actor_refs: undefined,
          materiel: [{ category: 'small_arm', model: 'AK', quantity: 1, serial_number: 'fa 2026 0001' }],
        },
      );
      await tn.node.records.create(tn.node.system, seizure);
      await svc.catchUp();
      const found = (await alerts()).items.map((r) => r.object);
      assert.equal(found.length, 1);
      assert.equal(found[0]!.alert_kind, 'lost-equipment-seen');
      assert.deepEqual(new Set(found[0]!.object_refs as string[]), new Set([seizure.id, log.id, d.id]));
      // Seen again (re-processing): still one alert.
      await svc.catchUp();
      assert.equal((await alerts()).items.length, 1);
    });
  });
}
