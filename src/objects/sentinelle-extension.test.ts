/**
 * The Sentinelle incident extension: each field's rules, the extension-definition object, typed
 * reading, and a property test over random valid incidents.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ALPHA3_CODES } from './countries.ts';
import { exampleIncident, exampleIncidentExtension, FIXTURE_IDS } from './fixtures.ts';
import {
  CASUALTY_CATEGORIES,
  INCIDENT_EXTENSION_REQUIRED,
  incidentExtension,
  MATERIEL_CATEGORIES,
  SENTINELLE_IDENTITY,
  SENTINELLE_IDENTITY_ID,
  SENTINELLE_INCIDENT_EXTENSION,
  SOURCE_RELIABILITY,
  TIME_PRECISIONS,
  validateIncidentExtension,
} from './sentinelle-extension.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID as EXT } from './stix.ts';
import { EVENT_TYPES, subtypesOf } from './taxonomy.ts';
import { formatTimestamp } from './timestamps.ts';
import { validateObject } from './validate.ts';

type Expected = [path: string, code: string][];
const P = `/extensions/${EXT}`;

function issuesOf(extOverrides: Record<string, unknown>): Expected {
  const r = validateObject(exampleIncident({}, extOverrides));
  return r.ok ? [] : r.issues.map((i): [string, string] => [i.path, i.code]).sort();
}

const loc = (o: Record<string, unknown>) => ({ ...(exampleIncidentExtension().location as object), ...o });
const locWithout = (...keys: string[]) => {
  const l: Record<string, unknown> = loc({});
  for (const k of keys) delete l[k];
  return l;
};

const cases: [name: string, ext: Record<string, unknown>, expected: Expected][] = [
  [
    'extension_type other than property-extension',
    { extension_type: 'toplevel-property-extension' },
    [[`${P}/extension_type`, 'stix.invalid_vocab']],
  ],
  ['unknown event_type', { event_type: 'raid' }, [[`${P}/event_type`, 'stix.invalid_vocab']]],
  [
    'sub-type of another event type',
    { event_type: 'battle', event_subtype: 'ambush' },
    [[`${P}/event_subtype`, 'incident_ext.invalid_subtype']],
  ],
  [
    'sub-type judged only against a valid type',
    { event_type: 'raid', event_subtype: 'ambush' },
    [[`${P}/event_type`, 'stix.invalid_vocab']],
  ],
  ['sub-type is optional', { event_subtype: undefined }, []],
  ['sub-type not a string', { event_subtype: 3 }, [[`${P}/event_subtype`, 'stix.expected_string']]],
  ['every event type is accepted', { event_type: 'other', event_subtype: 'protest' }, []],
  ['occurred_at as a date', { occurred_at: '2026-01-09' }, [[`${P}/occurred_at`, 'stix.invalid_timestamp']]],
  [
    'occurred_at with an offset',
    { occurred_at: '2026-01-09T05:40:00+00:00' },
    [[`${P}/occurred_at`, 'stix.invalid_timestamp']],
  ],
  ['time_precision "second"', { time_precision: 'second' }, [[`${P}/time_precision`, 'stix.invalid_vocab']]],
  ['location not an object', { location: 'Bam' }, [[`${P}/location`, 'stix.expected_object']]],
  ['lat above 90', { location: loc({ lat: 90.01 }) }, [[`${P}/location/lat`, 'stix.out_of_range']]],
  ['lat at -90', { location: loc({ lat: -90 }) }, []],
  ['lon below -180', { location: loc({ lon: -180.5 }) }, [[`${P}/location/lon`, 'stix.out_of_range']]],
  ['lon at 180', { location: loc({ lon: 180 }) }, []],
  ['lon as text', { location: loc({ lon: '-1.5' }) }, [[`${P}/location/lon`, 'stix.expected_number']]],
  ['lat without lon', { location: locWithout('lon') }, [[`${P}/location/lon`, 'stix.properties_together']]],
  ['lon without lat', { location: locWithout('lat') }, [[`${P}/location/lat`, 'stix.properties_together']]],
  [
    'precision_m negative',
    { location: loc({ precision_m: -1 }) },
    [[`${P}/location/precision_m`, 'stix.out_of_range']],
  ],
  ['precision_m zero', { location: loc({ precision_m: 0 }) }, []],
  [
    'precision_m without coordinates',
    { location: locWithout('lat', 'lon') },
    [[`${P}/location/precision_m`, 'stix.requires']],
  ],
  ['country only', { location: { country: 'NER' } }, []],
  [
    'country alpha-2',
    { location: loc({ country: 'BF' }) },
    [[`${P}/location/country`, 'incident_ext.invalid_country']],
  ],
  [
    'country not assigned',
    { location: loc({ country: 'XXX' }) },
    [[`${P}/location/country`, 'incident_ext.invalid_country']],
  ],
  [
    'country in lower case',
    { location: loc({ country: 'bfa' }) },
    [[`${P}/location/country`, 'incident_ext.invalid_country']],
  ],
  ['country missing', { location: locWithout('country') }, [[`${P}/location/country`, 'stix.required']]],
  ['admin1 empty', { location: loc({ admin1: '' }) }, [[`${P}/location/admin1`, 'stix.empty_string']]],
  [
    'admin2 not a string',
    { location: loc({ admin2: 7 }) },
    [[`${P}/location/admin2`, 'stix.expected_string']],
  ],
  [
    'location extra field',
    { location: loc({ village: 'Rollo' }) },
    [[`${P}/location/village`, 'stix.unknown_field']],
  ],
  [
    'fatalities negative',
    { fatalities: { civilians: -1 } },
    [[`${P}/fatalities/civilians`, 'stix.out_of_range']],
  ],
  [
    'fatalities fractional',
    { fatalities: { assailants: 1.5 } },
    [[`${P}/fatalities/assailants`, 'stix.expected_integer']],
  ],
  [
    'fatalities unknown category',
    { fatalities: { others: 1 } },
    [[`${P}/fatalities/others`, 'stix.unknown_field']],
  ],
  ['fatalities partial', { fatalities: { unknown: 4 } }, []],
  ['injured not an object', { injured: 3 }, [[`${P}/injured`, 'stix.expected_object']]],
  [
    'injured negative',
    { injured: { security_forces: -2 } },
    [[`${P}/injured/security_forces`, 'stix.out_of_range']],
  ],
  [
    'actor_refs to a location',
    { actor_refs: [FIXTURE_IDS.location] },
    [[`${P}/actor_refs/0`, 'stix.invalid_ref']],
  ],
  [
    'actor_refs to an identity and an intrusion set',
    { actor_refs: [FIXTURE_IDS.identity, FIXTURE_IDS.intrusionSet] },
    [],
  ],
  ['actor_refs empty', { actor_refs: [] }, [[`${P}/actor_refs`, 'stix.empty_list']]],
  ['actor_refs not ids', { actor_refs: ['GANI'] }, [[`${P}/actor_refs/0`, 'stix.invalid_id']]],
  ['source_reliability E', { source_reliability: 'E' }, [[`${P}/source_reliability`, 'stix.invalid_vocab']]],
  [
    'source_reliability lower case',
    { source_reliability: 'b' },
    [[`${P}/source_reliability`, 'stix.invalid_vocab']],
  ],
  ['source_reliability X', { source_reliability: 'X' }, []],
  [
    'information_credibility 0',
    { information_credibility: 0 },
    [[`${P}/information_credibility`, 'stix.out_of_range']],
  ],
  [
    'information_credibility 5',
    { information_credibility: 5 },
    [[`${P}/information_credibility`, 'stix.out_of_range']],
  ],
  [
    'information_credibility as text',
    { information_credibility: '2' },
    [[`${P}/information_credibility`, 'stix.expected_integer']],
  ],
  ['source without name', { source: { reference: 'ged:1' } }, [[`${P}/source/name`, 'stix.required']]],
  [
    'source with a bad url',
    { source: { name: 'UCDP GED', url: 'ucdp' } },
    [[`${P}/source/url`, 'stix.invalid_url']],
  ],
  [
    'source with url',
    { source: { name: 'UCDP GED', reference: 'ged:123456', url: 'https://ucdp.uu.se/' } },
    [],
  ],
  [
    'materiel category unknown',
    { materiel: [{ category: 'tank' }] },
    [[`${P}/materiel/0/category`, 'stix.invalid_vocab']],
  ],
  [
    'materiel without category',
    { materiel: [{ model: 'AK-47' }] },
    [[`${P}/materiel/0/category`, 'stix.required']],
  ],
  [
    'materiel quantity 0',
    { materiel: [{ category: 'ammunition', quantity: 0 }] },
    [[`${P}/materiel/0/quantity`, 'stix.out_of_range']],
  ],
  [
    'materiel extra field',
    { materiel: [{ category: 'explosive', owner: 'x' }] },
    [[`${P}/materiel/0/owner`, 'stix.unknown_field']],
  ],
  [
    'materiel with every field',
    {
      materiel: [
        {
          category: 'small_arm',
          model: 'AK-47',
          manufacturer_marks: '☆ 56',
          serial_number: '1234',
          lot_year: '1986',
          headstamp: '71 86',
          quantity: 2,
        },
      ],
    },
    [],
  ],
  ['materiel empty', { materiel: [] }, [[`${P}/materiel`, 'stix.empty_list']]],
  ['unknown field', { priority: 'high' }, [[`${P}/priority`, 'stix.unknown_field']]],
];

for (const [name, ext, expected] of cases) {
  void test(`incident extension: ${name}`, () => assert.deepEqual(issuesOf(ext), [...expected].sort()));
}

void test('incident extension: dropping each required field gives exactly that stix.required issue', () => {
  for (const key of INCIDENT_EXTENSION_REQUIRED) {
    assert.deepEqual(issuesOf({ [key]: undefined }), [[`${P}/${key}`, 'stix.required']], key);
  }
});

void test('incident extension: not an object', () => {
  const r = validateObject(exampleIncident({ extensions: { [EXT]: 'ambush' } }));
  assert.deepEqual(r.ok ? [] : r.issues.map((i) => [i.path, i.code]), [[P, 'stix.expected_object']]);
});

void test('the extension-definition object is valid and published by the Sentinelle identity', () => {
  assert.ok(validateObject(SENTINELLE_INCIDENT_EXTENSION).ok);
  assert.ok(validateObject(SENTINELLE_IDENTITY).ok);
  assert.equal(SENTINELLE_INCIDENT_EXTENSION.id, EXT);
  assert.equal(SENTINELLE_INCIDENT_EXTENSION.created_by_ref, SENTINELLE_IDENTITY_ID);
  assert.equal(SENTINELLE_INCIDENT_EXTENSION.version, '1.0.0');
  assert.deepEqual(SENTINELLE_INCIDENT_EXTENSION.extension_types, ['property-extension']);
  assert.ok(Object.isFrozen(SENTINELLE_INCIDENT_EXTENSION));
});

void test('incidentExtension reads a valid extension typed, and nothing from a malformed one', () => {
  const ext = incidentExtension(exampleIncident());
  assert.ok(ext);
  assert.equal(ext.event_type, 'armed_attack_security_forces');
  assert.equal(ext.location.country, 'BFA');
  assert.equal(ext.fatalities?.assailants, 5);
  assert.equal(incidentExtension(exampleIncident({}, { information_credibility: 9 })), undefined);
  assert.equal(incidentExtension(exampleIncident({ extensions: undefined })), undefined);
  assert.deepEqual(
    validateIncidentExtension(exampleIncidentExtension({ time_precision: 'x' })).map((i) => i.path),
    ['/time_precision'],
  );
});

// --- property test ---

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Removes undefined members, as JSON would. */
function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const timestampArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true })
  .map(formatTimestamp);

const eventArb = fc.constantFrom(...EVENT_TYPES).chain((event_type) =>
  fc.record({
    event_type: fc.constant(event_type),
    event_subtype: opt(fc.constantFrom(...subtypesOf(event_type))),
  }),
);

const countsArb = opt(
  fc.record(Object.fromEntries(CASUALTY_CATEGORIES.map((k) => [k, fc.nat(1_000)])), { requiredKeys: [] }),
);

const locationArb = fc.record({
  coords: opt(
    fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      precision_m: opt(fc.nat(100_000)),
    }),
  ),
  country: fc.constantFrom(...ALPHA3_CODES),
  admin1: opt(fc.constantFrom('Centre-Nord', 'Ségou', 'Tillabéri', 'Kédougou')),
  admin2: opt(fc.constantFrom('Bam', 'San', 'Ouallam')),
});

const refArb = fc
  .tuple(fc.constantFrom('threat-actor', 'intrusion-set', 'identity'), fc.uuid({ version: [4, 5] }))
  .map(([t, u]) => `${t}--${u}`);

const extensionArb = fc.record({
  event: eventArb,
  occurred_at: timestampArb,
  time_precision: fc.constantFrom(...TIME_PRECISIONS),
  location: locationArb,
  fatalities: countsArb,
  injured: countsArb,
  actor_refs: opt(fc.array(refArb, { minLength: 1, maxLength: 5 })),
  source_reliability: fc.constantFrom(...SOURCE_RELIABILITY),
  information_credibility: fc.constantFrom(1, 2, 3, 4),
  source: opt(
    fc.record({
      name: fc.constantFrom('UCDP GED', 'Rapport de poste'),
      reference: opt(fc.string({ maxLength: 20 })),
    }),
  ),
  materiel: opt(
    fc.array(
      fc.record({
        category: fc.constantFrom(...MATERIEL_CATEGORIES),
        quantity: opt(fc.integer({ min: 1, max: 500 })),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  ),
});

const incidentArb = fc
  .record({
    uuid: fc.uuid({ version: 4 }),
    name: fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim() !== ''),
    description: opt(fc.string({ maxLength: 300 })),
    lang: opt(fc.constantFrom('fr', 'en')),
    created: timestampArb,
    laterBy: fc.nat(10 ** 9),
    ext: extensionArb,
  })
  .map(({ uuid, name, description, lang, created, laterBy, ext }) =>
    json({
      type: 'incident',
      spec_version: '2.1',
      id: `incident--${uuid}`,
      created,
      modified: formatTimestamp(new Date(Date.parse(created) + laterBy)),
      name,
      description,
      lang,
      extensions: {
        [EXT]: {
          extension_type: 'property-extension',
          ...ext.event,
          occurred_at: ext.occurred_at,
          time_precision: ext.time_precision,
          location: {
            ...ext.location.coords,
            country: ext.location.country,
            admin1: ext.location.admin1,
            admin2: ext.location.admin2,
          },
          fatalities: ext.fatalities,
          injured: ext.injured,
          actor_refs: ext.actor_refs,
          source_reliability: ext.source_reliability,
          information_credibility: ext.information_credibility,
          source: ext.source,
          materiel: ext.materiel,
        },
      },
    }),
  );

/** Paths (JSON pointers) of every required property of an incident carrying the extension. */
const REQUIRED_PATHS = [
  ...['type', 'spec_version', 'id', 'created', 'modified', 'name'].map((k) => [k]),
  ...INCIDENT_EXTENSION_REQUIRED.map((k) => ['extensions', EXT, k]),
  ['extensions', EXT, 'location', 'country'],
];

function without(obj: unknown, path: string[]): unknown {
  const copy = structuredClone(obj) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[path.at(-1) as string];
  return copy;
}

void test('property: random valid incidents pass validation', () => {
  fc.assert(
    fc.property(incidentArb, (incident) => {
      const r = validateObject(incident);
      assert.deepEqual(r.ok ? [] : r.issues, []);
    }),
    { numRuns: 300 },
  );
});

void test('property: dropping any required property yields exactly that stix.required issue', () => {
  fc.assert(
    fc.property(incidentArb, fc.constantFrom(...REQUIRED_PATHS), (incident, path) => {
      const r = validateObject(without(incident, path));
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.deepEqual(
          r.issues.map((i) => [i.path, i.code]),
          [[`/${path.join('/')}`, 'stix.required']],
        );
      }
    }),
    { numRuns: 300 },
  );
});

void test('incident extension: names of Object.prototype members are not taken for known values', () => {
  assert.deepEqual(issuesOf({ event_subtype: 'toString' }), [
    [`${P}/event_subtype`, 'incident_ext.invalid_subtype'],
  ]);
  assert.deepEqual(issuesOf({ hasOwnProperty: 1 }), [[`${P}/hasOwnProperty`, 'stix.unknown_field']]);
});
