/**
 * Bad agreement documents (issue 3, "Bad input"): each refused with the field named, every
 * problem reported at once, and the complete example of docs/sharing.md accepted.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allMessages, t } from '../i18n/i18n.ts';
import { validateAgreement } from './validate-agreement.ts';
import { agreementDoc, NODES, testGeo } from './test-support/fixtures.ts';
import './messages.ts';

const env = { areaCountry: (code: string) => testGeo().areaCountry(code) };
type Doc = Record<string, any>;

function issuesOf(mutate: (d: Doc) => void, allowSignatures = false) {
  const doc = structuredClone(agreementDoc()) as Doc;
  mutate(doc);
  const r = validateAgreement(doc, env, { allowSignatures });
  return r.ok ? [] : r.issues;
}

const poly = (ring: number[][]) => ({ type: 'Polygon', coordinates: [ring] });

const CASES: { name: string; mutate: (d: Doc) => void; path: string; code: string }[] = [
  { name: 'unknown field at the root', mutate: (d) => (d.colour = 'vert'), path: '/colour', code: 'agreement.unknown_field' },
  { name: 'unknown field in the scope', mutate: (d) => (d.scope.region = 'Sahel'), path: '/scope/region', code: 'agreement.unknown_field' },
  { name: 'signatures in a draft', mutate: (d) => (d.signatures = []), path: '/signatures', code: 'agreement.unknown_field' },
  { name: 'wrong format', mutate: (d) => (d.format = 'misp-sharing-group'), path: '/format', code: 'agreement.bad_format' },
  { name: '[FED-96] narrow id not a STIX id', mutate: (d) => (d.narrow_ids = ['identity--8bceecf3-3b26-474b-a007-c52acd251597', 'JNIM']), path: '/narrow_ids/1', code: 'agreement.bad_stix_id' },
  { name: '[FED-96] narrow id twice', mutate: (d) => (d.narrow_ids = ['threat-actor--dda8b08b-e332-471c-a4d5-3df5a4ae3e35', 'threat-actor--dda8b08b-e332-471c-a4d5-3df5a4ae3e35']), path: '/narrow_ids/1', code: 'agreement.duplicate' },
  { name: '[FED-96] too many narrow ids', mutate: (d) => (d.narrow_ids = Array.from({ length: 257 }, (_, i) => `identity--8bceecf3-3b26-474b-a007-${String(i).padStart(12, '0')}`)), path: '/narrow_ids', code: 'agreement.too_many' },
  { name: 'id not a UUID', mutate: (d) => (d.id = 'accord-1'), path: '/id', code: 'agreement.bad_uuid' },
  { name: 'version zero', mutate: (d) => (d.version = 0), path: '/version', code: 'agreement.expected_integer' },
  { name: 'missing title', mutate: (d) => delete d.title, path: '/title', code: 'agreement.required' },
  { name: 'one party', mutate: (d) => (d.parties = [NODES.BFA]), path: '/parties', code: 'agreement.too_few_parties' },
  { name: 'a party twice', mutate: (d) => (d.parties = [NODES.BFA, NODES.BFA]), path: '/parties/1', code: 'agreement.duplicate' },
  { name: 'expiry before start', mutate: (d) => (d.expiry = '2025-12-31T00:00:00Z'), path: '/expiry', code: 'agreement.expiry_before_start' },
  { name: 'expiry equal to start', mutate: (d) => (d.expiry = d.start), path: '/expiry', code: 'agreement.expiry_before_start' },
  { name: 'start not a timestamp', mutate: (d) => (d.start = '1er mars'), path: '/start', code: 'agreement.bad_timestamp' },
  { name: 'TLP:RED as maximum', mutate: (d) => (d.scope.max_tlp = 'red'), path: '/scope/max_tlp', code: 'agreement.max_tlp_red' },
  { name: 'an unknown type', mutate: (d) => (d.scope.types = ['incident', 'malware']), path: '/scope/types/1', code: 'agreement.not_in_list' },
  { name: 'marking definitions listed', mutate: (d) => (d.scope.types = ['incident', 'marking-definition']), path: '/scope/types/1', code: 'agreement.reference_type' },
  { name: 'empty types', mutate: (d) => (d.scope.types = []), path: '/scope/types', code: 'agreement.empty_list' },
  { name: 'label required and excluded', mutate: (d) => (d.scope.labels = { any_of: ['frontiere'], none_of: ['interne', 'frontiere'] }), path: '/scope/labels/none_of/1', code: 'agreement.label_contradiction' },
  { name: 'event types without incidents', mutate: (d) => Object.assign(d.scope, { types: ['threat-actor'], event_types: ['battle'] }), path: '/scope/event_types', code: 'agreement.needs_incident' },
  { name: 'grading without incidents', mutate: (d) => Object.assign(d.scope, { types: ['threat-actor'], min_grading: { source_reliability: 'B' } }), path: '/scope/min_grading', code: 'agreement.needs_incident' },
  { name: 'grading X as a minimum', mutate: (d) => (d.scope.min_grading = { source_reliability: 'X' }), path: '/scope/min_grading/source_reliability', code: 'agreement.not_in_list' },
  { name: 'an admin area inside a listed country', mutate: (d) => (d.scope.area = { countries: ['BFA'], admin_areas: ['BF.SM'] }), path: '/scope/area/admin_areas/0', code: 'agreement.area_overlap' },
  { name: 'an unknown admin area', mutate: (d) => (d.scope.area = { admin_areas: ['BF.XX'] }), path: '/scope/area/admin_areas/0', code: 'agreement.unknown_area' },
  { name: 'a bad country', mutate: (d) => (d.scope.area = { countries: ['BF'] }), path: '/scope/area/countries/0', code: 'agreement.bad_country' },
  { name: 'an empty area', mutate: (d) => (d.scope.area = {}), path: '/scope/area', code: 'agreement.area_empty' },
  { name: 'a polygon that does not close', mutate: (d) => (d.scope.area = { polygon: poly([[-2, 13], [-1, 13], [-1, 14], [-2, 14], [-2, 13.5]]) }), path: '/scope/area/polygon/coordinates/0/4', code: 'agreement.polygon_not_closed' },
  { name: 'a bow-tie polygon', mutate: (d) => (d.scope.area = { polygon: poly([[-2, 13], [-1, 14], [-1, 13], [-2, 14], [-2, 13]]) }), path: '/scope/area/polygon/coordinates/0/2', code: 'agreement.polygon_self_intersects' },
  { name: 'a polygon of three positions', mutate: (d) => (d.scope.area = { polygon: poly([[-2, 13], [-1, 13], [-2, 13]]) }), path: '/scope/area/polygon/coordinates/0', code: 'agreement.polygon_too_few' },
  { name: 'a flat polygon', mutate: (d) => (d.scope.area = { polygon: poly([[-2, 13], [-1, 13], [0, 13], [-2, 13]]) }), path: '/scope/area/polygon/coordinates/0/0', code: 'agreement.polygon_degenerate' },
  { name: 'a position out of range', mutate: (d) => (d.scope.area = { polygon: poly([[-2, 13], [-1, 13], [-1, 95], [-2, 13]]) }), path: '/scope/area/polygon/coordinates/0/2', code: 'agreement.polygon_position' },
  { name: 'a MultiPolygon', mutate: (d) => (d.scope.area = { polygon: { type: 'MultiPolygon', coordinates: [] } }), path: '/scope/area/polygon', code: 'agreement.polygon_type' },
  { name: 'time window both ways', mutate: (d) => (d.scope.time_window = { last_days: 90, from: '2026-01-01T00:00:00Z' }), path: '/scope/time_window', code: 'agreement.time_window_ambiguous' },
  { name: 'time window empty', mutate: (d) => (d.scope.time_window = { from: '2026-02-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }), path: '/scope/time_window/to', code: 'agreement.time_window_empty' },
  { name: 'last_days zero', mutate: (d) => (d.scope.time_window = { last_days: 0 }), path: '/scope/time_window/last_days', code: 'agreement.expected_integer' },
  { name: 'H3 without conditions', mutate: (d) => (d.handling.codes = ['H3']), path: '/handling/h3_conditions', code: 'agreement.h3_conditions_required' },
  { name: 'conditions without H3', mutate: (d) => (d.handling.h3_conditions = 'Usage interne'), path: '/handling/h3_conditions', code: 'agreement.h3_conditions_without_h3' },
  { name: 'an unknown handling code', mutate: (d) => (d.handling.codes = ['H4']), path: '/handling/codes/0', code: 'agreement.not_in_list' },
  { name: 'listed consent without nodes', mutate: (d) => (d.handling.onward_sharing = { consent: 'listed' }), path: '/handling/onward_sharing/to', code: 'agreement.onward_to_required' },
  { name: 'no consent with nodes', mutate: (d) => (d.handling.onward_sharing = { consent: 'none', to: [NODES.NER] }), path: '/handling/onward_sharing/to', code: 'agreement.onward_to_forbidden' },
  { name: 'onward sharing to a party', mutate: (d) => (d.handling.onward_sharing = { consent: 'listed', to: [NODES.SEN] }), path: '/handling/onward_sharing/to/0', code: 'agreement.onward_to_party' },
  { name: 'missing retention', mutate: (d) => delete d.handling.retention_days, path: '/handling/retention_days', code: 'agreement.required' },
  { name: 'dropping a required property', mutate: (d) => (d.redaction = { drop_properties: ['name'] }), path: '/redaction/drop_properties/0', code: 'agreement.drop_required_by_type' },
  { name: 'dropping the id', mutate: (d) => (d.redaction = { drop_properties: ['id'] }), path: '/redaction/drop_properties/0', code: 'agreement.drop_core' },
  { name: 'dropping the markings', mutate: (d) => (d.redaction = { drop_properties: ['object_marking_refs'] }), path: '/redaction/drop_properties/0', code: 'agreement.drop_core' },
  { name: 'dropping half a coordinate pair', mutate: (d) => (d.redaction = { drop_properties: ['sentinelle.location.lat'] }), path: '/redaction/drop_properties/0', code: 'agreement.drop_coordinates' },
  { name: 'dropping a required extension property', mutate: (d) => (d.redaction = { drop_properties: ['sentinelle.occurred_at'] }), path: '/redaction/drop_properties/0', code: 'agreement.drop_required_by_type' },
  { name: 'dropping a required nested property', mutate: (d) => (d.redaction = { drop_properties: ['external_references.source_name'] }), path: '/redaction/drop_properties/0', code: 'agreement.drop_nested_required' },
  { name: 'a malformed path', mutate: (d) => (d.redaction = { drop_properties: ['Source/Name'] }), path: '/redaction/drop_properties/0', code: 'agreement.bad_property_path' },
  { name: 'creator dropped and replaced', mutate: (d) => (d.redaction = { drop_properties: ['created_by_ref'], replace_creator: true }), path: '/redaction/replace_creator', code: 'agreement.creator_contradiction' },
  { name: 'two coordinate rules', mutate: (d) => (d.redaction = { coordinates: { precision_deg: 0.1, admin_level: 'admin1' } }), path: '/redaction/coordinates', code: 'agreement.not_in_list' },
  { name: 'a grid finer than allowed', mutate: (d) => (d.redaction = { coordinates: { precision_deg: 0 } }), path: '/redaction/coordinates/precision_deg', code: 'agreement.expected_number' },
  { name: 'coordinates without located types', mutate: (d) => Object.assign(d, { scope: { ...d.scope, types: ['threat-actor'] }, redaction: { coordinates: { admin_level: 'admin1' } } }), path: '/redaction/coordinates', code: 'agreement.redaction_without_place' },
  { name: 'a label in two priority rules', mutate: (d) => (d.priority = { default: 'ROUTINE', rules: [{ labels: ['alerte'], class: 'FLASH' }, { labels: ['alerte'], class: 'IMMEDIATE' }] }), path: '/priority/rules/1/labels/0', code: 'agreement.priority_overlap' },
  { name: 'a priority rule on an excluded label', mutate: (d) => Object.assign(d, { scope: { ...d.scope, labels: { none_of: ['interne'] } }, priority: { default: 'ROUTINE', rules: [{ labels: ['interne'], class: 'FLASH' }] } }), path: '/priority/rules/0/labels/0', code: 'agreement.priority_unreachable' },
  { name: 'a priority rule on an event type out of scope', mutate: (d) => Object.assign(d, { scope: { ...d.scope, event_types: ['battle'] }, priority: { default: 'ROUTINE', rules: [{ event_types: ['kidnapping'], class: 'FLASH' }] } }), path: '/priority/rules/0/event_types/0', code: 'agreement.priority_unreachable' },
  { name: 'a priority rule with no selector', mutate: (d) => (d.priority = { default: 'ROUTINE', rules: [{ class: 'FLASH' }] }), path: '/priority/rules/0', code: 'agreement.priority_rule_empty' },
  { name: 'BULK as a rule class', mutate: (d) => (d.priority = { default: 'ROUTINE', rules: [{ labels: ['x'], class: 'BULK' }] }), path: '/priority/rules/0/class', code: 'agreement.not_in_list' },
];

describe('agreement validation refuses bad input, naming the field', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const issues = issuesOf(c.mutate);
      assert.ok(
        issues.some((i) => i.path === c.path && i.code === c.code),
        `expected ${c.path} ${c.code}, got ${JSON.stringify(issues)}`,
      );
    });
  }

  test('every problem at once, not only the first', () => {
    const issues = issuesOf((d) => {
      d.colour = 'vert';
      d.expiry = '2020-01-01T00:00:00Z';
      d.scope.max_tlp = 'red';
    });
    assert.deepEqual(issues.map((i) => i.path).sort(), ['/colour', '/expiry', '/scope/max_tlp']);
  });

  test('every message exists in French and English', () => {
    for (const c of CASES) {
      const m = allMessages().get(c.code);
      assert.ok(m, c.code);
      assert.notEqual(m.fr, m.en, c.code);
    }
    assert.match(t('fr', 'agreement.polygon_not_closed'), /fermé/);
  });

  test('a signed file is accepted where signatures are allowed', () => {
    const issues = issuesOf((d) => (d.signatures = [{ node_id: NODES.BFA, alg: 'Ed25519', value: 'A'.repeat(86) }]), true);
    assert.deepEqual(issues, []);
    const bad = issuesOf((d) => (d.signatures = [{ node_id: NODES.BFA, alg: 'RSA', value: 'x' }]), true);
    assert.deepEqual(bad.map((i) => i.path), ['/signatures/0/alg', '/signatures/0/value']);
  });

  test('[FED-96] narrow_ids: a list of STIX ids the parties hold, optional', () => {
    assert.deepEqual(issuesOf((d) => (d.narrow_ids = ['identity--8bceecf3-3b26-474b-a007-c52acd251597', 'threat-actor--dda8b08b-e332-471c-a4d5-3df5a4ae3e35'])), []);
    assert.deepEqual(issuesOf(() => undefined), []);
  });

  test('the complete example of docs/sharing.md is valid', () => {
    const text = readFileSync(fileURLToPath(new URL('../../docs/sharing.md', import.meta.url)), 'utf8');
    const json = /```json\n(\{\n {2}"format": "sentinelle-agreement\/1"[\s\S]*?\n\})\n```/.exec(text)?.[1];
    assert.ok(json, 'docs/sharing.md holds a complete example');
    const r = validateAgreement(JSON.parse(json), env);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
  });
});
