import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import {
  EVENT_SUBTYPES,
  EVENT_TYPE_LABELS,
  EVENT_TYPES,
  eventLabel,
  fromAcled,
  fromUcdpTypeOfViolence,
  isEventSubtype,
  isEventType,
  subtypesOf,
} from './taxonomy.ts';

void test('event types are the nine fixed by the incident extension, with their labels', () => {
  assert.deepEqual(
    [...EVENT_TYPES],
    [
      'battle',
      'explosion_remote_violence',
      'violence_against_civilians',
      'armed_attack_security_forces',
      'arms_seizure',
      'trafficking_interdiction',
      'kidnapping',
      'ied_found',
      'other',
    ],
  );
  assert.deepEqual(EVENT_TYPE_LABELS.armed_attack_security_forces, {
    fr: 'Attaque armée contre les forces de sécurité',
    en: 'Armed attack on security forces',
  });
  assert.equal(eventLabel('fr', 'ied_found'), 'EEI découvert');
  assert.equal(eventLabel('en', 'kidnapping', 'ransom'), 'Kidnapping for ransom');
  assert.equal(eventLabel('fr', 'kidnapping', 'unknown'), 'Enlèvement');
});

void test('every type and sub-type has distinct, non-empty French and English labels; codes are snake_case', () => {
  for (const type of EVENT_TYPES) {
    assert.ok(subtypesOf(type).length > 0, type);
    for (const [code, m] of Object.entries(EVENT_SUBTYPES[type])) {
      assert.match(code, /^[a-z][a-z0-9_]*$/);
      assert.ok(m.fr.trim() && m.en.trim(), code);
      if (!['grenade'].includes(code)) assert.notEqual(m.fr, m.en, code);
    }
  }
});

void test('the sub-types the briefing names exist', () => {
  const expected: Record<string, string[]> = {
    battle: ['armed_clash', 'attack_on_position'],
    explosion_remote_violence: [
      'ied_detonation',
      'shelling_artillery',
      'air_drone_strike',
      'suicide_bombing',
    ],
    violence_against_civilians: ['killing', 'abduction'],
    armed_attack_security_forces: ['ambush', 'attack_on_base', 'attack_on_convoy'],
    arms_seizure: ['checkpoint_seizure', 'cache_discovered'],
    trafficking_interdiction: ['arms', 'drugs', 'fuel', 'persons', 'vehicles'],
    kidnapping: ['ransom', 'hostage'],
    ied_found: ['disarmed', 'controlled_detonation'],
  };
  for (const [type, subs] of Object.entries(expected)) {
    assert.ok(isEventType(type));
    for (const s of subs) assert.ok(isEventSubtype(type, s), `${type}/${s}`);
  }
  assert.equal(isEventSubtype('battle', 'ambush'), false);
  assert.equal(isEventSubtype('battle', 'toString'), false);
  assert.equal(isEventType('riot'), false);
});

void test('UCDP type_of_violence maps to battle (1, 2) and violence against civilians (3)', () => {
  assert.deepEqual(fromUcdpTypeOfViolence(1), { event_type: 'battle', event_subtype: 'armed_clash' });
  assert.deepEqual(fromUcdpTypeOfViolence(2), { event_type: 'battle', event_subtype: 'armed_clash' });
  assert.deepEqual(fromUcdpTypeOfViolence(3), {
    event_type: 'violence_against_civilians',
    event_subtype: 'killing',
  });
  assert.equal(fromUcdpTypeOfViolence(4), null);
});

void test('ACLED event and sub-event types map to ours', () => {
  const cases: [string, string | undefined, number | undefined, string | null][] = [
    ['Battles', 'Armed clash', undefined, 'battle/armed_clash'],
    ['Battles', 'Government regains territory', undefined, 'battle/government_regains_territory'],
    [
      'Explosions/Remote violence',
      'Remote explosive/landmine/IED',
      undefined,
      'explosion_remote_violence/ied_detonation',
    ],
    [
      'Explosions/Remote violence',
      'Air/drone strike',
      undefined,
      'explosion_remote_violence/air_drone_strike',
    ],
    [
      'Explosions / Remote violence',
      'Shelling/artillery/missile attack',
      undefined,
      'explosion_remote_violence/shelling_artillery',
    ],
    ['Explosions/Remote violence', 'Suicide bomb', undefined, 'explosion_remote_violence/suicide_bombing'],
    ['Violence against civilians', 'Attack', 4, 'violence_against_civilians/killing'],
    ['Violence against civilians', 'Attack', 0, 'violence_against_civilians/physical_assault'],
    [
      'Violence against civilians',
      'Abduction/forced disappearance',
      undefined,
      'violence_against_civilians/abduction',
    ],
    [
      'Violence against civilians',
      'Sexual violence',
      undefined,
      'violence_against_civilians/sexual_violence',
    ],
    ['Protests', 'Peaceful protest', undefined, 'other/protest'],
    ['Protests', 'Excessive force against protesters', undefined, 'violence_against_civilians/killing'],
    ['Riots', 'Mob violence', undefined, 'other/riot'],
    ['Strategic developments', 'Disrupted weapons use', undefined, 'ied_found/disarmed'],
    ['Strategic developments', 'Arrests', undefined, 'other/arrest'],
    ['Strategic developments', 'Agreement', undefined, 'other/strategic_development'],
    ['battles', undefined, undefined, 'battle/'],
    ['Elections', 'Vote', undefined, null],
  ];
  for (const [type, sub, fatalities, expected] of cases) {
    const r = fromAcled(type, sub, fatalities);
    assert.equal(r ? `${r.event_type}/${r.event_subtype ?? ''}` : null, expected, `${type} / ${sub}`);
    if (r?.event_subtype) assert.ok(isEventSubtype(r.event_type, r.event_subtype));
  }
});

void test('docs/taxonomy.md lists every type and sub-type code', () => {
  const doc = readFileSync(new URL('../../docs/taxonomy.md', import.meta.url), 'utf8');
  for (const type of EVENT_TYPES) {
    assert.ok(doc.includes(`\`${type}\``), type);
    for (const s of subtypesOf(type)) assert.ok(doc.includes(`\`${s}\``), `${type}/${s}`);
  }
});

void test('names of Object.prototype members map to nothing', () => {
  assert.equal(fromAcled('constructor', 'toString'), null);
  assert.deepEqual(fromAcled('Battles', 'constructor'), { event_type: 'battle' });
  assert.equal(eventLabel('fr', 'kidnapping', 'toString'), 'Enlèvement');
});
