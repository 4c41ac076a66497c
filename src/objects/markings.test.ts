import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { exampleMarkingDefinition, FIXTURE_IDS } from './fixtures.ts';
import {
  builtinMarking,
  isBuiltinMarking,
  parseRelTo,
  parseRelToStatement,
  releasabilityMarking,
  TLP,
  TLP1,
  TLP1_IDS,
  TLP2_IDS,
  TLP_MARKING_DEFINITIONS,
  TLP_ORDER,
  tlpAtLeast,
  tlpOf,
  tlpOfMarkingId,
} from './markings.ts';
import { TLP2_EXTENSION_ID } from './stix.ts';
import { validateObject } from './validate.ts';

void test('TLP 2.0 marking-definitions carry the OASIS ids and validate', () => {
  assert.deepEqual(TLP_ORDER, ['clear', 'green', 'amber', 'amber+strict', 'red']);
  assert.equal(TLP2_IDS.clear, 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487');
  assert.equal(TLP2_IDS.green, 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb');
  assert.equal(TLP2_IDS.amber, 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421');
  assert.equal(TLP2_IDS['amber+strict'], 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003');
  assert.equal(TLP2_IDS.red, 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1');
  assert.equal(TLP2_EXTENSION_ID, 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d');
  assert.equal(TLP_MARKING_DEFINITIONS.length, 5);
  for (const m of [...TLP_MARKING_DEFINITIONS, ...Object.values(TLP1)]) {
    assert.ok(validateObject(m).ok, m.id);
    assert.ok(isBuiltinMarking(m.id));
    assert.equal(builtinMarking(m.id), m);
  }
  assert.equal(TLP['amber+strict'].name, 'TLP:AMBER+STRICT');
  assert.ok(Object.isFrozen(TLP.red));
  assert.equal(isBuiltinMarking(FIXTURE_IDS.markingDefinition), false);
});

void test('TLP 1.0 ids are read as their TLP 2.0 level, WHITE as CLEAR', () => {
  assert.equal(tlpOfMarkingId(TLP1_IDS.white), 'clear');
  assert.equal(tlpOfMarkingId(TLP1_IDS.green), 'green');
  assert.equal(tlpOfMarkingId(TLP1_IDS.amber), 'amber');
  assert.equal(tlpOfMarkingId(TLP1_IDS.red), 'red');
  assert.equal(tlpOfMarkingId(FIXTURE_IDS.markingDefinition), null);
});

void test('tlpOf picks the most restrictive TLP among the object markings', () => {
  const cases: [unknown, string | null][] = [
    [undefined, null],
    [[], null],
    [[FIXTURE_IDS.markingDefinition], null],
    [[TLP2_IDS.green], 'green'],
    [[TLP2_IDS.green, TLP2_IDS.amber], 'amber'],
    [[TLP2_IDS.red, TLP2_IDS.clear], 'red'],
    [[TLP2_IDS.amber, TLP2_IDS['amber+strict']], 'amber+strict'],
    [[TLP2_IDS['amber+strict'], TLP2_IDS.amber], 'amber+strict'],
    [[TLP1_IDS.white], 'clear'],
    [[TLP1_IDS.white, TLP2_IDS.green, FIXTURE_IDS.markingDefinition], 'green'],
    [[TLP1_IDS.amber, TLP2_IDS['amber+strict']], 'amber+strict'],
    ['not a list', null],
  ];
  for (const [refs, expected] of cases)
    assert.equal(tlpOf({ object_marking_refs: refs }), expected, JSON.stringify(refs));
  assert.ok(tlpAtLeast('red', 'amber'));
  assert.ok(tlpAtLeast('amber', 'amber'));
  assert.equal(tlpAtLeast('green', 'amber+strict'), false);
});

void test('releasabilityMarking builds a valid, canonical REL TO statement marking', () => {
  const clock = manualClock('2026-02-01T10:00:00.000Z');
  const m = releasabilityMarking(['SEN', 'BFA', 'SEN'], FIXTURE_IDS.identity, clock);
  assert.deepEqual(validateObject(m).ok, true);
  assert.equal(m.definition_type, 'statement');
  assert.deepEqual(m.definition, { statement: 'REL TO BFA, SEN' });
  assert.equal(m.created, '2026-02-01T10:00:00.000Z');
  assert.equal(m.created_by_ref, FIXTURE_IDS.identity);
  assert.equal(m.modified, undefined);
  // Same countries, same creator: same id (store once, reuse); another creator: another id.
  clock.advance(60_000);
  assert.equal(releasabilityMarking(['BFA', 'SEN'], FIXTURE_IDS.identity, clock).id, m.id);
  assert.notEqual(
    releasabilityMarking(['BFA', 'SEN'], 'identity--8e2f4c7a-3b1d-4e5f-a6c9-0d2b7e4f1a35', clock).id,
    m.id,
  );
  assert.deepEqual(parseRelTo(m), ['BFA', 'SEN']);
});

void test('releasabilityMarking refuses unknown or missing countries', () => {
  const clock = manualClock();
  for (const bad of [[], ['BF'], ['BFA', 'XYZ'], ['sen']]) {
    assert.throws(
      () => releasabilityMarking(bad, FIXTURE_IDS.identity, clock),
      (e: unknown) =>
        e instanceof DomainError && e.kind === 'invalid' && e.code === 'marking.invalid_countries',
      JSON.stringify(bad),
    );
  }
});

void test('parseRelTo reads only canonical REL TO statement markings', () => {
  const md = (statement: unknown) => exampleMarkingDefinition({ definition: { statement } });
  const cases: [unknown, string[] | null][] = [
    [md('REL TO BFA, SEN'), ['BFA', 'SEN']],
    [md('REL TO MLI'), ['MLI']],
    [md('REL TO BFA, MLI, NER, SEN'), ['BFA', 'MLI', 'NER', 'SEN']],
    [md('REL TO SEN, BFA'), null], // not sorted
    [md('REL TO BFA,SEN'), null], // no space
    [md('REL TO BFA, BFA'), null], // duplicate
    [md('REL TO BFA, XYZ'), null], // not assigned
    [md('REL TO bfa'), null],
    [md('rel to BFA'), null],
    [md('REL TO '), null],
    [md('Copyright DGPN'), null],
    [md(42), null],
    [exampleMarkingDefinition({ definition_type: 'tlp', definition: { tlp: 'red' } }), null],
    [TLP.red, null],
    [{ type: 'identity', definition_type: 'statement', definition: { statement: 'REL TO BFA' } }, null],
    [undefined, null],
  ];
  for (const [m, expected] of cases) assert.deepEqual(parseRelTo(m), expected, JSON.stringify(m));
  assert.deepEqual(parseRelToStatement('REL TO CIV, GHA'), ['CIV', 'GHA']);
});
