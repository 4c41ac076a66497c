/**
 * Common properties (STIX 2.1 §3.2, §2.5, §7.2.3, §7.3), the node's limits, and bundles.
 * Each invalid case asserts the exact issues (path and code).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIMITS } from './checks.ts';
import { exampleBundle, exampleIdentity, exampleIncident, exampleReport, FIXTURE_IDS } from './fixtures.ts';
import { TLP2_IDS } from './markings.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID, type StixObject } from './stix.ts';
import { validateBundle, validateObject } from './validate.ts';

type Expected = [path: string, code: string][];

function issuesOf(r: ReturnType<typeof validateObject> | ReturnType<typeof validateBundle>): Expected {
  return r.ok ? [] : r.issues.map((i): [string, string] => [i.path, i.code]).sort();
}

const FOREIGN_EXT = 'extension-definition--72527ac9-1a28-4dcb-85f5-aef391b2df4a';
const toplevel = { [FOREIGN_EXT]: { extension_type: 'toplevel-property-extension' } };
const base = () => exampleIdentity();

const cases: [name: string, input: unknown, expected: Expected][] = [
  ['not an object: null', null, [['', 'stix.not_object']]],
  ['not an object: list', [base()], [['', 'stix.not_object']]],
  ['not an object: string', 'identity', [['', 'stix.not_object']]],
  ['type missing', exampleIdentity({ type: undefined }), [['/type', 'stix.required']]],
  ['type not a string', exampleIdentity({ type: 5 }), [['/type', 'stix.expected_string']]],
  ['type badly formed', exampleIdentity({ type: 'Identity_Object' }), [['/type', 'stix.invalid_type_name']]],
  ['type not supported', exampleIdentity({ type: 'malware' }), [['/type', 'stix.unsupported_type']]],
  ['id of another type', exampleIdentity({ id: FIXTURE_IDS.location }), [['/id', 'stix.id_type_mismatch']]],
  [
    'id with a UUIDv1',
    exampleIdentity({ id: 'identity--c9bd6a2e-1b5c-11ee-be56-0242ac120002' }),
    [['/id', 'stix.invalid_id']],
  ],
  [
    'id in upper case',
    exampleIdentity({ id: FIXTURE_IDS.identity.toUpperCase() }),
    [['/id', 'stix.invalid_id']],
  ],
  ['id not a string', exampleIdentity({ id: 12 }), [['/id', 'stix.expected_string']]],
  [
    'spec_version 2.0',
    exampleIdentity({ spec_version: '2.0' }),
    [['/spec_version', 'stix.invalid_spec_version']],
  ],
  [
    'created with an offset',
    exampleIdentity({ created: '2026-01-10T08:00:00+01:00' }),
    [['/created', 'stix.invalid_timestamp']],
  ],
  [
    'modified not a string',
    exampleIdentity({ modified: 1767000000 }),
    [['/modified', 'stix.expected_string']],
  ],
  [
    'modified before created',
    exampleIdentity({ created: '2026-01-10T08:00:00Z', modified: '2026-01-10T07:59:59.999Z' }),
    [['/modified', 'stix.must_not_precede']],
  ],
  [
    'modified 0.1 ms before created',
    exampleIdentity({ created: '2026-01-10T08:00:00.0001Z', modified: '2026-01-10T08:00:00.000Z' }),
    [['/modified', 'stix.must_not_precede']],
  ],
  [
    'modified equal to created',
    exampleIdentity({ created: '2026-01-10T08:00:00Z', modified: '2026-01-10T08:00:00.000Z' }),
    [],
  ],
  ['created with seconds only is accepted', exampleIdentity({ created: '2026-01-10T08:00:00Z' }), []],
  ['revoked as text', exampleIdentity({ revoked: 'false' }), [['/revoked', 'stix.expected_boolean']]],
  ['revoked true', exampleIdentity({ revoked: true }), []],
  [
    'confidence fractional',
    exampleIdentity({ confidence: 50.5 }),
    [['/confidence', 'stix.expected_integer']],
  ],
  ['confidence above 100', exampleIdentity({ confidence: 101 }), [['/confidence', 'stix.out_of_range']]],
  ['confidence 0 and 100 are allowed', exampleIdentity({ confidence: 0 }), []],
  ['lang with region', exampleIdentity({ lang: 'fr-BF' }), []],
  ['lang with script and region', exampleIdentity({ lang: 'ff-Adlm-BF' }), []],
  ['lang not RFC 5646', exampleIdentity({ lang: 'français' }), [['/lang', 'stix.invalid_lang']]],
  ['lang with underscore', exampleIdentity({ lang: 'fr_FR' }), [['/lang', 'stix.invalid_lang']]],
  ['empty label', exampleIdentity({ labels: ['a', ''] }), [['/labels/1', 'stix.empty_string']]],
  ['labels empty list', exampleIdentity({ labels: [] }), [['/labels', 'stix.empty_list']]],
  // §2.5 external references
  [
    'external reference with only source_name',
    exampleIdentity({ external_references: [{ source_name: 'ucdp' }] }),
    [['/external_references/0', 'stix.external_reference_incomplete']],
  ],
  [
    'external reference without source_name',
    exampleIdentity({ external_references: [{ url: 'https://ucdp.uu.se/' }] }),
    [['/external_references/0/source_name', 'stix.required']],
  ],
  [
    'external reference with a bad URL',
    exampleIdentity({ external_references: [{ source_name: 'x', url: 'pas une url' }] }),
    [['/external_references/0/url', 'stix.invalid_url']],
  ],
  [
    'external reference with a short SHA-256',
    exampleIdentity({
      external_references: [{ source_name: 'x', url: 'https://e.org/a.pdf', hashes: { 'SHA-256': 'abc' } }],
    }),
    [['/external_references/0/hashes/SHA-256', 'stix.invalid_hash']],
  ],
  [
    'external reference with a valid SHA-256',
    exampleIdentity({
      external_references: [
        { source_name: 'x', url: 'https://e.org/a.pdf', hashes: { 'SHA-256': 'ab'.repeat(32) } },
      ],
    }),
    [],
  ],
  [
    'external reference with empty hashes',
    exampleIdentity({ external_references: [{ source_name: 'x', external_id: '1', hashes: {} }] }),
    [['/external_references/0/hashes', 'stix.empty_dictionary']],
  ],
  [
    'external reference with a bad hash key',
    exampleIdentity({
      external_references: [{ source_name: 'x', external_id: '1', hashes: { 'sha 1': 'ab' } }],
    }),
    [['/external_references/0/hashes/sha 1', 'stix.invalid_dictionary_key']],
  ],
  [
    'external reference with an extra field',
    exampleIdentity({ external_references: [{ source_name: 'x', external_id: '1', note: 'n' }] }),
    [['/external_references/0/note', 'stix.unknown_field']],
  ],
  // object markings
  [
    'object_marking_refs to an identity',
    exampleIdentity({ object_marking_refs: [FIXTURE_IDS.identity] }),
    [['/object_marking_refs/0', 'stix.invalid_ref']],
  ],
  [
    'object_marking_refs empty',
    exampleIdentity({ object_marking_refs: [] }),
    [['/object_marking_refs', 'stix.empty_list']],
  ],
  // §7.2.3 granular markings
  [
    'granular marking on a present property',
    exampleIdentity({
      granular_markings: [{ selectors: ['name', 'sectors.[0]'], marking_ref: TLP2_IDS.red }],
    }),
    [],
  ],
  [
    'granular marking with a language',
    exampleIdentity({ granular_markings: [{ selectors: ['name'], lang: 'fr' }] }),
    [],
  ],
  [
    'granular marking with marking_ref and lang',
    exampleIdentity({ granular_markings: [{ selectors: ['name'], marking_ref: TLP2_IDS.red, lang: 'fr' }] }),
    [['/granular_markings/0', 'stix.marking_ref_xor_lang']],
  ],
  [
    'granular marking with neither',
    exampleIdentity({ granular_markings: [{ selectors: ['name'] }] }),
    [['/granular_markings/0', 'stix.marking_ref_xor_lang']],
  ],
  [
    'granular marking without selectors',
    exampleIdentity({ granular_markings: [{ marking_ref: TLP2_IDS.red }] }),
    [['/granular_markings/0/selectors', 'stix.required']],
  ],
  [
    'granular marking on an absent property',
    exampleIdentity({ granular_markings: [{ selectors: ['description'], marking_ref: TLP2_IDS.red }] }),
    [['/granular_markings/0/selectors/0', 'stix.selector_not_found']],
  ],
  [
    'granular marking past the end of a list',
    exampleIdentity({ granular_markings: [{ selectors: ['sectors.[1]'], marking_ref: TLP2_IDS.red }] }),
    [['/granular_markings/0/selectors/0', 'stix.selector_not_found']],
  ],
  [
    'granular marking with a malformed selector',
    exampleIdentity({ granular_markings: [{ selectors: ['name..x'], marking_ref: TLP2_IDS.red }] }),
    [['/granular_markings/0/selectors/0', 'stix.invalid_selector']],
  ],
  [
    'granular marking_ref to an identity',
    exampleIdentity({ granular_markings: [{ selectors: ['name'], marking_ref: FIXTURE_IDS.identity }] }),
    [['/granular_markings/0/marking_ref', 'stix.invalid_ref']],
  ],
  // §7.3 extensions and custom properties
  ['extensions empty', exampleIdentity({ extensions: {} }), [['/extensions', 'stix.empty_dictionary']]],
  [
    'extension key not an extension-definition id',
    exampleIdentity({ extensions: { 'x-acme-ext': { extension_type: 'property-extension' } } }),
    [['/extensions/x-acme-ext', 'stix.invalid_extension_key']],
  ],
  [
    'predefined SCO extension name on an SDO',
    exampleIdentity({ extensions: { 'archive-ext': { contains_refs: [] } } }),
    [['/extensions/archive-ext', 'stix.invalid_extension_key']],
  ],
  [
    'foreign extension without extension_type',
    exampleIdentity({ extensions: { [FOREIGN_EXT]: { rank: 1 } } }),
    [[`/extensions/${FOREIGN_EXT}/extension_type`, 'stix.required']],
  ],
  [
    'foreign extension with an unknown extension_type',
    exampleIdentity({ extensions: { [FOREIGN_EXT]: { extension_type: 'plugin' } } }),
    [[`/extensions/${FOREIGN_EXT}/extension_type`, 'stix.invalid_vocab']],
  ],
  [
    'foreign property-extension',
    exampleIdentity({ extensions: { [FOREIGN_EXT]: { extension_type: 'property-extension', rank: 5 } } }),
    [],
  ],
  [
    'foreign extension with an oversized string',
    exampleIdentity({
      extensions: {
        [FOREIGN_EXT]: { extension_type: 'property-extension', blob: 'a'.repeat(LIMITS.openString + 1) },
      },
    }),
    [[`/extensions/${FOREIGN_EXT}/blob`, 'stix.too_long']],
  ],
  [
    'Sentinelle extension on an identity',
    exampleIdentity({
      extensions: { [SENTINELLE_INCIDENT_EXTENSION_ID]: { extension_type: 'property-extension' } },
    }),
    [[`/extensions/${SENTINELLE_INCIDENT_EXTENSION_ID}`, 'stix.extension_not_applicable']],
  ],
  [
    'custom property without an extension',
    exampleIdentity({ rank: 3 }),
    [['/rank', 'stix.unknown_property']],
  ],
  [
    'x_ custom property without an extension',
    exampleIdentity({ x_acme_rank: 3 }),
    [['/x_acme_rank', 'stix.unknown_property']],
  ],
  [
    'custom property with a toplevel-property-extension',
    exampleIdentity({ extensions: toplevel, acme_rank: 3, acme_notes: { a: ['b'] } }),
    [],
  ],
  [
    'custom property with a bad name',
    exampleIdentity({ extensions: toplevel, 'Acme-Rank': 3 }),
    [['/Acme-Rank', 'stix.invalid_property_name']],
  ],
  [
    'custom property with a too long string',
    exampleIdentity({ extensions: toplevel, acme_blob: 'a'.repeat(LIMITS.openString + 1) }),
    [['/acme_blob', 'stix.too_long']],
  ],
  [
    'custom property with a non-finite number',
    exampleIdentity({ extensions: toplevel, acme_rank: Number.POSITIVE_INFINITY }),
    [['/acme_rank', 'stix.expected_number']],
  ],
];

for (const [name, input, expected] of cases) {
  void test(`object: ${name}`, () => {
    assert.deepEqual(issuesOf(validateObject(input)), [...expected].sort());
  });
}

void test('all issues of an object are reported together', () => {
  const r = validateObject({
    type: 'incident',
    id: 'incident--x',
    spec_version: '2.0',
    created: '2020-13-01T00:00:00Z',
    modified: 'x',
    confidence: 101,
    lang: 'fr_FR',
    labels: [],
    foo: 1,
  });
  assert.deepEqual(issuesOf(r), [
    ['/confidence', 'stix.out_of_range'],
    ['/created', 'stix.invalid_timestamp'],
    ['/foo', 'stix.unknown_property'],
    ['/id', 'stix.invalid_id'],
    ['/labels', 'stix.empty_list'],
    ['/lang', 'stix.invalid_lang'],
    ['/modified', 'stix.invalid_timestamp'],
    ['/name', 'stix.required'],
    ['/spec_version', 'stix.invalid_spec_version'],
  ]);
});

void test('issues carry the parameters their messages need', () => {
  const r = validateObject(exampleIncident({ name: undefined }));
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.issues[0]?.params, { property: 'name', type: 'incident' });
});

void test('nesting deeper than the limit is refused with one issue, before anything else', () => {
  let deep: unknown = 'x';
  for (let i = 0; i < LIMITS.depth + 2; i++) deep = { a: deep };
  const r = validateObject(exampleIdentity({ extensions: toplevel, acme_deep: deep, bad: 1 }));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.issues.length, 1);
    assert.equal(r.issues[0]?.code, 'stix.too_deep');
    assert.match(r.issues[0]?.path ?? '', /^\/acme_deep(\/a)+$/);
  }
});

void test('the number of issues is capped, with one issue saying so', () => {
  const r = validateObject(
    exampleReport({ object_refs: Array.from({ length: 1_500 }, (_, i) => `bad-${i}`) }),
  );
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.issues.length, LIMITS.issues + 1);
    assert.deepEqual(r.issues.at(-1), { path: '', code: 'stix.too_many_issues' });
  }
});

void test('a valid object is returned as is', () => {
  const obj = exampleIncident();
  const r = validateObject(obj);
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.value, obj);
});

// --- bundles (§8) ---

const bundleCases: [name: string, input: unknown, expected: Expected][] = [
  ['bundle of every supported type', exampleBundle(), []],
  ['bundle without objects', { type: 'bundle', id: FIXTURE_IDS.bundle }, []],
  ['not an object', [], [['', 'stix.not_object']]],
  ['wrong type', { ...exampleBundle(), type: 'bndl' }, [['/type', 'stix.expected_bundle']]],
  [
    'missing type and id',
    { objects: [exampleIdentity()] },
    [
      ['/id', 'stix.required'],
      ['/type', 'stix.required'],
    ],
  ],
  ['bad id', { ...exampleBundle(), id: 'bundle--x' }, [['/id', 'stix.invalid_id']]],
  ['id of another type', { ...exampleBundle(), id: FIXTURE_IDS.report }, [['/id', 'stix.id_type_mismatch']]],
  [
    'spec_version is not a 2.1 bundle property',
    { ...exampleBundle(), spec_version: '2.1' },
    [['/spec_version', 'stix.unknown_property']],
  ],
  ['objects not a list', { ...exampleBundle(), objects: {} }, [['/objects', 'stix.expected_list']]],
  ['objects empty', { ...exampleBundle(), objects: [] }, [['/objects', 'stix.empty_list']]],
  [
    'issues of objects carry their index',
    exampleBundle([
      exampleIdentity(),
      exampleReport({ created: 'hier' }),
      exampleIncident({}, { information_credibility: 9 }),
    ]),
    [
      ['/objects/1/created', 'stix.invalid_timestamp'],
      [
        `/objects/2/extensions/${SENTINELLE_INCIDENT_EXTENSION_ID}/information_credibility`,
        'stix.out_of_range',
      ],
    ],
  ],
  [
    'an object that is not an object',
    exampleBundle([exampleIdentity(), 'x' as unknown as StixObject]),
    [['/objects/1', 'stix.not_object']],
  ],
];

for (const [name, input, expected] of bundleCases) {
  void test(`bundle: ${name}`, () => {
    assert.deepEqual(issuesOf(validateBundle(input)), [...expected].sort());
  });
}

void test('bundle: the validated value lists the objects', () => {
  const r = validateBundle(exampleBundle([exampleIdentity(), exampleIncident()]));
  assert.ok(r.ok);
  if (r.ok) {
    assert.equal(r.value.id, FIXTURE_IDS.bundle);
    assert.deepEqual(
      r.value.objects.map((o) => o.type),
      ['identity', 'incident'],
    );
  }
  const empty = validateBundle({ type: 'bundle', id: FIXTURE_IDS.bundle });
  assert.ok(empty.ok && empty.value.objects.length === 0);
});

void test('bundle: more objects than the limit are refused without validating them', () => {
  const objects = Array.from({ length: LIMITS.bundleObjects + 1 }, () => exampleIdentity());
  assert.deepEqual(issuesOf(validateBundle(exampleBundle(objects))), [['/objects', 'stix.too_many_items']]);
});

void test('names of Object.prototype members are ordinary names, never prototype lookups', () => {
  assert.deepEqual(issuesOf(validateObject(exampleIdentity({ constructor: 1 }))), [
    ['/constructor', 'stix.unknown_property'],
  ]);
  const nested = exampleIdentity({
    external_references: [{ source_name: 'x', external_id: '1', toString: 'x' }],
  });
  assert.deepEqual(issuesOf(validateObject(nested)), [
    ['/external_references/0/toString', 'stix.unknown_field'],
  ]);
  const hashes = exampleIdentity({
    external_references: [{ source_name: 'x', external_id: '1', hashes: { constructor: 'ab' } }],
  });
  assert.deepEqual(issuesOf(validateObject(hashes)), []);
});
