/** The ledger's STIX types: valid examples, required properties, and the rules relating properties (table-driven). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateObject } from '../objects/validate.ts';
import { TYPE_RULES } from '../objects/type-rules.ts';
import { COOPERATION_TYPES } from '../objects/custom/cooperation-types.ts';
import { cooperationExamples } from '../objects/custom/cooperation-examples.ts';

const issues = (o: unknown) => {
  const r = validateObject(o);
  return r.ok ? [] : r.issues.map((i) => [i.path, i.code]);
};

test('every ledger type has a valid example', () => {
  const ex = cooperationExamples();
  assert.deepEqual(Object.keys(ex).sort(), [...COOPERATION_TYPES].sort());
  for (const [type, o] of Object.entries(ex)) assert.deepEqual(issues(o), [], type);
});

test('dropping a required property gives exactly that stix.required issue', () => {
  for (const [type, o] of Object.entries(cooperationExamples())) {
    for (const prop of TYPE_RULES[type as keyof typeof TYPE_RULES].required) {
      const copy: Record<string, unknown> = { ...o };
      delete copy[prop];
      assert.deepEqual(issues(copy), [[`/${prop}`, 'stix.required']], `${type} without ${prop}`);
    }
  }
});

test('rules relating properties name the field', () => {
  const ex = cooperationExamples();
  const cases: [string, Record<string, unknown>, [string, string][]][] = [
    [
      'x-sentinelle-programme',
      {
        parties: [{ node_id: '0b7f5a52-1c3e-4d2a-9e8f-0a1b2c3d4e5f', country: 'BFA', name: 'A' }],
        units: undefined,
      },
      [['/parties', 'cooperation.two_parties']],
    ],
    [
      'x-sentinelle-programme',
      { start: '2026-05-01T00:00:00Z', end: '2026-04-01T00:00:00Z' },
      [['/end', 'stix.must_not_precede']],
    ],
    [
      'x-sentinelle-programme',
      { units: [{ code: 'U', name: 'U', node_id: '3eac8d85-4f61-4a5d-8b12-3d4e5f607182' }] },
      [['/units/0/node_id', 'cooperation.unit_not_party']],
    ],
    ['x-sentinelle-coop-activity', { status: 'ongoing' }, [['/start', 'cooperation.start_required']]],
    [
      'x-sentinelle-coop-activity',
      { status: 'completed', start: '2026-01-01T00:00:00Z' },
      [['/end', 'cooperation.end_required']],
    ],
    ['x-sentinelle-coop-activity', { status: 'finished' }, [['/status', 'stix.invalid_vocab']]],
    ['x-sentinelle-coop-activity', { activity_kind: 'training' }, [['/course', 'stix.required']]],
    [
      'x-sentinelle-coop-activity',
      { trainees: [{ unit: 'GIR-1', count: 3, hours: 2, passed: 3, failed: 1 }] },
      [['/trainees/0/passed', 'cooperation.results_exceed_count']],
    ],
    ['x-sentinelle-coop-activity', { provider_node: 'BFA' }, [['/provider_node', 'cooperation.bad_node_id']]],
    [
      'x-sentinelle-delivery',
      { items: [{ item_type: 'R', category: 'weapon', quantity: -1, measure: 'each' }] },
      [['/items/0/quantity', 'stix.out_of_range']],
    ],
    [
      'x-sentinelle-delivery',
      {
        items: [
          { item_type: 'R', category: 'weapon', quantity: 3, measure: 'each', serial_numbers: ['A1', 'B2'] },
        ],
      },
      [['/items/0/serial_numbers', 'cooperation.serials_count']],
    ],
    [
      'x-sentinelle-delivery',
      {
        items: [
          { item_type: 'R', category: 'weapon', quantity: 1, measure: 'each', serial_numbers: ['A-1'] },
          { item_type: 'S', category: 'weapon', quantity: 1, measure: 'each', serial_numbers: ['a 1'] },
        ],
      },
      [['/items/1/serial_numbers/0', 'cooperation.duplicate_serial']],
    ],
    ['x-sentinelle-delivery', { status: 'shipped' }, [['/shipped_at', 'stix.required']]],
    [
      'x-sentinelle-delivery',
      { end_use_checks: [{ due: '2026-01-01T00:00:00Z' }] },
      [['/end_use_checks/0/due', 'stix.must_not_precede']],
    ],
    [
      'x-sentinelle-equipment-log',
      { entry_kind: 'end-use-check', status: undefined },
      [
        ['/check_due', 'stix.required'],
        ['/finding', 'stix.required'],
      ],
    ],
    ['x-sentinelle-equipment-log', { status: 'missing' }, [['/status', 'stix.invalid_vocab']]],
  ];
  for (const [type, over, expected] of cases) {
    const o = Object.fromEntries(
      Object.entries({ ...ex[type as keyof typeof ex], ...over }).filter(([, v]) => v !== undefined),
    );
    assert.deepEqual(issues(o), expected, `${type} ${JSON.stringify(over)}`);
  }
});
