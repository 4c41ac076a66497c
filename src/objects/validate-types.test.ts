/**
 * Table-driven rules per supported type: every example is valid, dropping any required property
 * gives exactly that `stix.required` issue, and each invalid case gives exactly the listed issues.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATEGORY_REQUIRED } from './common-properties.ts';
import {
  exampleCampaign,
  exampleExtensionDefinition,
  exampleGrouping,
  exampleIdentity,
  exampleIncident,
  exampleIndicator,
  exampleIntrusionSet,
  exampleLocation,
  exampleMarkingDefinition,
  exampleNote,
  exampleReport,
  exampleSighting,
  exampleRelationship,
  exampleThreatActor,
  examplesByType,
  FIXTURE_IDS,
} from './fixtures.ts';
import { TLP, TLP1, TLP1_IDS, TLP2_IDS } from './markings.ts';
import {
  SENTINELLE_INCIDENT_EXTENSION_ID,
  SUPPORTED_TYPES,
  TLP2_EXTENSION_ID,
  type StixObject,
} from './stix.ts';
import { TYPE_RULES } from './type-rules.ts';
import { validateObject } from './validate.ts';

type Expected = [path: string, code: string][];

function issuesOf(input: unknown): Expected {
  const r = validateObject(input);
  return r.ok ? [] : r.issues.map((i): [string, string] => [i.path, i.code]).sort();
}

const V1_UUID = 'c9bd6a2e-1b5c-11ee-be56-0242ac120002';
const ids = FIXTURE_IDS;

void test('every supported type has a valid example', () => {
  const examples = examplesByType();
  assert.deepEqual(Object.keys(examples).sort(), [...SUPPORTED_TYPES].sort());
  for (const [type, obj] of Object.entries(examples)) assert.deepEqual(issuesOf(obj), [], type);
});

void test('dropping any required property of any type gives exactly that stix.required issue', () => {
  for (const [type, obj] of Object.entries(examplesByType())) {
    const rule = TYPE_RULES[type as keyof typeof TYPE_RULES];
    for (const prop of [...CATEGORY_REQUIRED[rule.category], ...rule.required]) {
      const copy: Record<string, unknown> = { ...obj };
      delete copy[prop];
      const r = validateObject(copy);
      assert.equal(r.ok, false, `${type} without ${prop}`);
      if (!r.ok) {
        const expectedType = prop === 'type' ? 'STIX' : type;
        assert.deepEqual(r.issues, [
          { path: `/${prop}`, code: 'stix.required', params: { property: prop, type: expectedType } },
        ]);
      }
    }
  }
});

const long = (n: number) => 'a'.repeat(n);

const cases: [name: string, input: StixObject, expected: Expected][] = [
  // identity (§4.5)
  ['identity: empty name', exampleIdentity({ name: '  ' }), [['/name', 'stix.empty_string']]],
  [
    'identity: name over 1,000 characters',
    exampleIdentity({ name: long(1001) }),
    [['/name', 'stix.too_long']],
  ],
  [
    'identity: identity_class not a string',
    exampleIdentity({ identity_class: 42 }),
    [['/identity_class', 'stix.expected_string']],
  ],
  ['identity: identity_class is open', exampleIdentity({ identity_class: 'military-unit' }), []],
  ['identity: empty roles', exampleIdentity({ roles: [] }), [['/roles', 'stix.empty_list']]],
  [
    'identity: sectors not a list',
    exampleIdentity({ sectors: 'government' }),
    [['/sectors', 'stix.expected_list']],
  ],
  [
    'identity: created_by_ref to a location',
    exampleIdentity({ created_by_ref: ids.location }),
    [['/created_by_ref', 'stix.invalid_ref']],
  ],
  [
    'identity: bare custom property',
    exampleIdentity({ x_acme_rank: 3 }),
    [['/x_acme_rank', 'stix.unknown_property']],
  ],
  // location (§4.11)
  [
    'location: no region, country nor coordinates',
    exampleLocation({ latitude: undefined, longitude: undefined, precision: undefined, country: undefined }),
    [['', 'stix.location_missing_place']],
  ],
  [
    'location: region alone is a place',
    exampleLocation({
      latitude: undefined,
      longitude: undefined,
      precision: undefined,
      country: undefined,
      region: 'western-africa',
    }),
    [],
  ],
  [
    'location: latitude without longitude',
    exampleLocation({ longitude: undefined }),
    [['/longitude', 'stix.properties_together']],
  ],
  [
    'location: longitude without latitude',
    exampleLocation({ latitude: undefined }),
    [['/latitude', 'stix.properties_together']],
  ],
  ['location: latitude above 90', exampleLocation({ latitude: 90.5 }), [['/latitude', 'stix.out_of_range']]],
  [
    'location: longitude below -180',
    exampleLocation({ longitude: -180.01 }),
    [['/longitude', 'stix.out_of_range']],
  ],
  [
    'location: latitude as text',
    exampleLocation({ latitude: '13.3' }),
    [['/latitude', 'stix.expected_number']],
  ],
  ['location: negative precision', exampleLocation({ precision: -1 }), [['/precision', 'stix.out_of_range']]],
  [
    'location: precision without coordinates',
    exampleLocation({ latitude: undefined, longitude: undefined }),
    [['/precision', 'stix.requires']],
  ],
  ['location: empty city', exampleLocation({ city: '' }), [['/city', 'stix.empty_string']]],
  // incident (§4.6)
  [
    'incident: kill chain phase without phase_name',
    exampleIncident({ kill_chain_phases: [{ kill_chain_name: 'sahel' }] }),
    [['/kill_chain_phases/0/phase_name', 'stix.required']],
  ],
  [
    'incident: kill chain phase with an extra field',
    exampleIncident({ kill_chain_phases: [{ kill_chain_name: 'k', phase_name: 'p', x: 1 }] }),
    [['/kill_chain_phases/0/x', 'stix.unknown_field']],
  ],
  [
    'incident: description over 20,000 characters',
    exampleIncident({ description: long(20_001) }),
    [['/description', 'stix.too_long']],
  ],
  ['incident: without the Sentinelle extension', exampleIncident({ extensions: undefined }), []],
  // threat-actor (§4.17)
  [
    'threat-actor: last_seen before first_seen',
    exampleThreatActor({ last_seen: '2024-02-29T23:59:59.999Z' }),
    [['/last_seen', 'stix.must_not_precede']],
  ],
  [
    'threat-actor: last_seen equal to first_seen',
    exampleThreatActor({ last_seen: '2024-03-01T00:00:00.000Z' }),
    [],
  ],
  [
    'threat-actor: alias not a string',
    exampleThreatActor({ aliases: ['ok', 3] }),
    [['/aliases/1', 'stix.expected_string']],
  ],
  [
    'threat-actor: types are an open vocabulary',
    exampleThreatActor({ threat_actor_types: ['bandit-group'] }),
    [],
  ],
  // intrusion-set (§4.9)
  [
    'intrusion-set: first_seen as a date only',
    exampleIntrusionSet({ first_seen: '2025-06-01' }),
    [['/first_seen', 'stix.invalid_timestamp']],
  ],
  [
    'intrusion-set: secondary_motivations not a list',
    exampleIntrusionSet({ secondary_motivations: 'revenge' }),
    [['/secondary_motivations', 'stix.expected_list']],
  ],
  [
    'intrusion-set: last_seen before first_seen',
    exampleIntrusionSet({ last_seen: '2025-05-31T00:00:00Z' }),
    [['/last_seen', 'stix.must_not_precede']],
  ],
  // campaign (§4.2)
  [
    'campaign: last_seen before first_seen',
    exampleCampaign({ last_seen: '2025-10-31T23:00:00Z' }),
    [['/last_seen', 'stix.must_not_precede']],
  ],
  [
    'campaign: objective not a string',
    exampleCampaign({ objective: 5 }),
    [['/objective', 'stix.expected_string']],
  ],
  // report (§4.16)
  ['report: empty object_refs', exampleReport({ object_refs: [] }), [['/object_refs', 'stix.empty_list']]],
  [
    'report: object_refs entry not an id',
    exampleReport({ object_refs: ['nope'] }),
    [['/object_refs/0', 'stix.invalid_id']],
  ],
  [
    'report: published not a timestamp',
    exampleReport({ published: 'hier' }),
    [['/published', 'stix.invalid_timestamp']],
  ],
  [
    'report: report_types not a list',
    exampleReport({ report_types: 'threat-report' }),
    [['/report_types', 'stix.expected_list']],
  ],
  // note (§4.13)
  ['note: blank content', exampleNote({ content: '   ' }), [['/content', 'stix.empty_string']]],
  ['note: empty authors', exampleNote({ authors: [] }), [['/authors', 'stix.empty_list']]],
  [
    'note: object_refs with a UUIDv1',
    exampleNote({ object_refs: [`incident--${V1_UUID}`] }),
    [['/object_refs/0', 'stix.invalid_id']],
  ],
  // sighting (§5.2)
  ['sighting: negative count', exampleSighting({ count: -1 }), [['/count', 'stix.out_of_range']]],
  [
    'sighting: count above 999,999,999',
    exampleSighting({ count: 1_000_000_000 }),
    [['/count', 'stix.out_of_range']],
  ],
  ['sighting: count at the maximum', exampleSighting({ count: 999_999_999 }), []],
  ['sighting: fractional count', exampleSighting({ count: 1.5 }), [['/count', 'stix.expected_integer']]],
  [
    'sighting: where_sighted_refs to a threat actor',
    exampleSighting({ where_sighted_refs: [ids.threatActor] }),
    [['/where_sighted_refs/0', 'stix.invalid_ref']],
  ],
  [
    'sighting: sighting_of_ref to a relationship',
    exampleSighting({ sighting_of_ref: ids.relationship }),
    [['/sighting_of_ref', 'stix.invalid_ref']],
  ],
  [
    'sighting: sighting_of_ref to an SCO',
    exampleSighting({ sighting_of_ref: 'file--36057a94-da71-478e-a7b7-829f5643421e' }),
    [['/sighting_of_ref', 'stix.invalid_ref']],
  ],
  [
    'sighting: observed_data_refs to an incident',
    exampleSighting({ observed_data_refs: [ids.incident] }),
    [['/observed_data_refs/0', 'stix.invalid_ref']],
  ],
  ['sighting: summary as text', exampleSighting({ summary: 'yes' }), [['/summary', 'stix.expected_boolean']]],
  [
    'sighting: last_seen before first_seen',
    exampleSighting({ last_seen: '2026-01-09T05:39:59Z' }),
    [['/last_seen', 'stix.must_not_precede']],
  ],
  // relationship (§5.1)
  [
    'relationship: type with capitals and spaces',
    exampleRelationship({ relationship_type: 'Attributed To' }),
    [['/relationship_type', 'stix.invalid_relationship_type']],
  ],
  [
    'relationship: custom lower-case type',
    exampleRelationship({ relationship_type: 'supplied-arms-to' }),
    [],
  ],
  [
    'relationship: source_ref to a marking definition',
    exampleRelationship({ source_ref: TLP2_IDS.red }),
    [['/source_ref', 'stix.invalid_ref']],
  ],
  [
    'relationship: target_ref to a sighting',
    exampleRelationship({ target_ref: ids.sighting }),
    [['/target_ref', 'stix.invalid_ref']],
  ],
  [
    'relationship: stop_time equal to start_time',
    exampleRelationship({ stop_time: '2026-01-09T05:40:00.000Z' }),
    [['/stop_time', 'stix.must_follow']],
  ],
  [
    'relationship: stop_time after start_time',
    exampleRelationship({ stop_time: '2026-01-09T05:40:00.001Z' }),
    [],
  ],
  // grouping (§4.4)
  [
    'grouping: more than 10,000 refs',
    exampleGrouping({ object_refs: Array.from({ length: 10_001 }, () => ids.incident) }),
    [['/object_refs', 'stix.too_many_items']],
  ],
  [
    'grouping: context not a string',
    exampleGrouping({ context: ['x'] }),
    [['/context', 'stix.expected_string']],
  ],
  // indicator (§4.7)
  [
    'indicator: unbalanced STIX pattern',
    exampleIndicator({ pattern: "[domain-name:value = 'x'" }),
    [['/pattern', 'stix.invalid_pattern']],
  ],
  [
    'indicator: STIX pattern without observation',
    exampleIndicator({ pattern: "domain-name:value = 'x'" }),
    [['/pattern', 'stix.invalid_pattern']],
  ],
  [
    'indicator: brackets inside a quoted string',
    exampleIndicator({ pattern: "[file:name = 'a]b(\\'c']" }),
    [],
  ],
  [
    'indicator: non-STIX pattern types are not parsed',
    exampleIndicator({ pattern_type: 'sigma', pattern: 'title: x {' }),
    [],
  ],
  ['indicator: empty pattern', exampleIndicator({ pattern: '' }), [['/pattern', 'stix.empty_string']]],
  [
    'indicator: valid_until equal to valid_from',
    exampleIndicator({ valid_until: '2026-01-01T00:00:00.000Z' }),
    [['/valid_until', 'stix.must_follow']],
  ],
  // marking-definition (§7.2.1)
  [
    'marking-definition: modified does not apply',
    exampleMarkingDefinition({ modified: '2026-01-10T08:00:00Z' }),
    [['/modified', 'stix.forbidden']],
  ],
  [
    'marking-definition: labels do not apply',
    exampleMarkingDefinition({ labels: ['x'] }),
    [['/labels', 'stix.forbidden']],
  ],
  [
    'marking-definition: no definition nor extensions',
    exampleMarkingDefinition({ definition: undefined, definition_type: undefined }),
    [
      ['/definition', 'stix.required'],
      ['/definition_type', 'stix.required'],
    ],
  ],
  [
    'marking-definition: unknown definition_type',
    exampleMarkingDefinition({ definition_type: 'copyright' }),
    [['/definition_type', 'stix.invalid_vocab']],
  ],
  [
    'marking-definition: empty statement',
    exampleMarkingDefinition({ definition: { statement: '' } }),
    [['/definition/statement', 'stix.empty_string']],
  ],
  [
    'marking-definition: statement missing',
    exampleMarkingDefinition({ definition: { text: 'x' } }),
    [
      ['/definition/statement', 'stix.required'],
      ['/definition/text', 'stix.unknown_field'],
    ],
  ],
  [
    'marking-definition: plain statement',
    exampleMarkingDefinition({ name: undefined, definition: { statement: 'Copyright 2026 DGPN' } }),
    [],
  ],
  [
    'marking-definition: REL TO unsorted',
    exampleMarkingDefinition({ definition: { statement: 'REL TO SEN, BFA' } }),
    [['/definition/statement', 'stix.invalid_rel_to']],
  ],
  [
    'marking-definition: REL TO unknown code',
    exampleMarkingDefinition({ definition: { statement: 'REL TO BFA, XYZ' } }),
    [['/definition/statement', 'stix.invalid_rel_to']],
  ],
  [
    'marking-definition: REL TO alpha-2 codes',
    exampleMarkingDefinition({ definition: { statement: 'REL TO BF, SN' } }),
    [['/definition/statement', 'stix.invalid_rel_to']],
  ],
  ['marking-definition: TLP 1.0 with its own id', TLP1.amber, []],
  [
    'marking-definition: TLP 1.0 under another id',
    { ...TLP1.white, id: ids.markingDefinition },
    [['/id', 'stix.tlp_id_mismatch']],
  ],
  [
    'marking-definition: TLP 1.0 with a TLP 2.0 colour',
    { ...TLP1.white, definition: { tlp: 'clear' } },
    [['/definition/tlp', 'stix.invalid_vocab']],
  ],
  [
    'marking-definition: TLP 2.0 under another id',
    { ...TLP.red, id: ids.markingDefinition },
    [['/id', 'stix.tlp_id_mismatch']],
  ],
  [
    'marking-definition: TLP 2.0 with a TLP 1.0 colour',
    {
      ...TLP.clear,
      extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'white' } },
    },
    [[`/extensions/${TLP2_EXTENSION_ID}/tlp_2_0`, 'stix.invalid_vocab']],
  ],
  [
    'marking-definition: definition_type without definition',
    { ...TLP.clear, definition_type: 'statement' },
    [['/definition', 'stix.properties_together']],
  ],
  [
    'marking-definition: Sentinelle extension does not apply',
    exampleMarkingDefinition({
      extensions: { [SENTINELLE_INCIDENT_EXTENSION_ID]: { extension_type: 'property-extension' } },
    }),
    [[`/extensions/${SENTINELLE_INCIDENT_EXTENSION_ID}`, 'stix.extension_not_applicable']],
  ],
  // extension-definition (§7.3)
  [
    'extension-definition: unknown extension type',
    exampleExtensionDefinition({ extension_types: ['new-thing'] }),
    [['/extension_types/0', 'stix.invalid_vocab']],
  ],
  [
    'extension-definition: empty extension_types',
    exampleExtensionDefinition({ extension_types: [] }),
    [['/extension_types', 'stix.empty_list']],
  ],
  [
    'extension-definition: extension_properties without toplevel',
    exampleExtensionDefinition({ extension_properties: ['rank'] }),
    [['/extension_properties', 'stix.extension_properties_not_allowed']],
  ],
  [
    'extension-definition: toplevel with properties',
    exampleExtensionDefinition({
      extension_types: ['toplevel-property-extension'],
      extension_properties: ['rank', 'toxicity'],
    }),
    [],
  ],
  [
    'extension-definition: bad property name',
    exampleExtensionDefinition({
      extension_types: ['toplevel-property-extension'],
      extension_properties: ['Rank-1'],
    }),
    [['/extension_properties/0', 'stix.invalid_property_name']],
  ],
  [
    'extension-definition: lang does not apply',
    exampleExtensionDefinition({ lang: 'fr' }),
    [['/lang', 'stix.forbidden']],
  ],
  [
    'extension-definition: extensions do not apply',
    exampleExtensionDefinition({ extensions: { [SENTINELLE_INCIDENT_EXTENSION_ID]: {} } }),
    [['/extensions', 'stix.forbidden']],
  ],
  [
    'extension-definition: blank schema',
    exampleExtensionDefinition({ schema: ' ' }),
    [['/schema', 'stix.empty_string']],
  ],
];

for (const [name, input, expected] of cases) {
  void test(name, () => {
    assert.deepEqual(issuesOf(input), [...expected].sort());
  });
}

void test('TLP 1.0 ids are those of STIX 2.1 §7.2.1.4', () => {
  assert.equal(TLP1.white.id, TLP1_IDS.white);
  assert.deepEqual(issuesOf(TLP1.white), []);
});

void test('marking-definition: a TLP colour named like a prototype member is just invalid', () => {
  assert.deepEqual(issuesOf({ ...TLP1.white, definition: { tlp: 'toString' } }), [
    ['/definition/tlp', 'stix.invalid_vocab'],
  ]);
});
