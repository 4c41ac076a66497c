/**
 * Property-based tests of the policy engine (issue 3): over random records, markings and
 * agreements, a record outside the scope is never released (and one inside is), a redacted copy
 * never holds a dropped property or finer coordinates than allowed and stays valid STIX, decisions
 * are deterministic, and a received record never goes on without its originator's consent.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TLP2_IDS, TLP_ORDER } from '../objects/markings.ts';
import { EXT_ID } from '../objects/sentinelle-extension.ts';
import { exampleIncident } from '../objects/fixtures.ts';
import { validateObject } from '../objects/validate.ts';
import { EVENT_TYPES } from '../objects/taxonomy.ts';
import type { Tlp } from '../objects/index-fields.ts';
import type { StixObject } from '../objects/stix.ts';
import type { AgreementDocument, AgreementStatus, Redaction, Scope } from './agreement.ts';
import { decide, type OnwardConsent } from './policy.ts';
import { pointInClosedPolygon } from './geometry.ts';
import { agreementDoc, context, inForce, NODES, NOW, policyRecord, REL_TO, SEN } from './test-support/fixtures.ts';

const DAY = 86_400_000;
const LABELS = ['alerte', 'frontiere', 'interne', 'convoi'];
const COUNTRIES = ['BFA', 'MLI', 'NER', 'SEN'];
const POLY = { type: 'Polygon' as const, coordinates: [[[-3, 12], [0, 12], [0, 15], [-3, 15], [-3, 12]]] };

const recordArb = fc.record({
  tlp: fc.constantFrom<Tlp | null>(null, ...TLP_ORDER),
  relTo: fc.constantFrom<'none' | 'BFA_SEN' | 'BFA_NER'>('none', 'BFA_SEN', 'BFA_NER'),
  labels: fc.subarray(LABELS),
  eventType: fc.constantFrom(...EVENT_TYPES),
  country: fc.constantFrom(...COUNTRIES),
  // A 0.25° lattice puts many points exactly on the polygon's border.
  lat: fc.integer({ min: 40, max: 70 }).map((n) => n / 4),
  lon: fc.integer({ min: -20, max: 8 }).map((n) => n / 4),
  withPoint: fc.boolean(),
  daysAgo: fc.integer({ min: -5, max: 200 }),
  reliability: fc.constantFrom('A', 'B', 'C', 'D', 'X'),
  credibility: fc.integer({ min: 1, max: 4 }),
  revoked: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});
type Rec = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

const scopeArb = fc.record(
  {
    max_tlp: fc.constantFrom<Scope['max_tlp']>('clear', 'green', 'amber', 'amber+strict'),
    rel_to_required: fc.boolean(),
    allow_unmarked: fc.boolean(),
    // Each constraint is absent half of the time, so that many records qualify and both outcomes are exercised.
    any_of: fc.option(fc.subarray(LABELS.slice(0, 2), { minLength: 1 }), { nil: undefined, freq: 2 }),
    none_of: fc.option(fc.subarray(LABELS.slice(2), { minLength: 1 }), { nil: undefined, freq: 2 }),
    event_types: fc.option(fc.subarray([...EVENT_TYPES], { minLength: 1 }), { nil: undefined, freq: 2 }),
    countries: fc.option(fc.subarray(COUNTRIES, { minLength: 1 }), { nil: undefined, freq: 2 }),
    polygon: fc.boolean(),
    last_days: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined, freq: 2 }),
    min_rel: fc.option(fc.constantFrom<'A' | 'B' | 'C' | 'D'>('A', 'B', 'C', 'D'), { nil: undefined, freq: 2 }),
    min_cred: fc.option(fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4), { nil: undefined, freq: 2 }),
  },
  { requiredKeys: ['max_tlp', 'rel_to_required', 'allow_unmarked', 'polygon'] },
);
type ScopeGen = typeof scopeArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * A record drawn near the scope: each constraint is met with probability 0.85, by moving the
 * random value onto the allowed set (often onto its edge: TLP equal to the maximum, an event
 * exactly `last_days` old, grading equal to the minimum). Both outcomes then occur often.
 */
function recordFor(s: ScopeGen): fc.Arbitrary<Rec> {
  const comply = fc.array(fc.integer({ min: 0, max: 99 }).map((n) => n < 85), { minLength: 9, maxLength: 9 });
  return fc.tuple(recordArb, comply).map(([b, c]) => {
    const r = { ...b, labels: [...b.labels] };
    if (c[0] && (r.tlp === null ? !s.allow_unmarked : TLP_ORDER.indexOf(r.tlp) > TLP_ORDER.indexOf(s.max_tlp))) r.tlp = s.max_tlp;
    if (c[1] && (r.relTo === 'BFA_NER' || (r.relTo === 'none' && s.rel_to_required))) r.relTo = 'BFA_SEN';
    if (c[2] && s.any_of && !r.labels.some((l) => s.any_of!.includes(l))) r.labels.push(s.any_of[0]!);
    if (c[3] && s.none_of) r.labels = r.labels.filter((l) => !s.none_of!.includes(l));
    if (c[4] && s.event_types && !s.event_types.includes(r.eventType)) r.eventType = s.event_types[0]!;
    if (c[5] && s.countries) r.country = s.countries[0]!;
    else if (c[5] && s.polygon) Object.assign(r, { withPoint: true, lat: 13.5, lon: r.lon > 0 ? 0 : r.lon < -3 ? -3 : r.lon });
    if (c[6] && s.last_days && r.daysAgo > s.last_days) r.daysAgo = s.last_days;
    if (c[7] && s.min_rel && (r.reliability === 'X' || r.reliability > s.min_rel)) r.reliability = s.min_rel;
    if (c[7] && s.min_cred && r.credibility > s.min_cred) r.credibility = s.min_cred;
    if (c[8]) r.revoked = false;
    return r;
  });
}

function buildRecord(r: Rec): StixObject {
  const markings = [...(r.tlp ? [TLP2_IDS[r.tlp]] : []), ...(r.relTo === 'none' ? [] : [REL_TO[r.relTo].id])];
  const occurred = new Date(NOW - r.daysAgo * DAY).toISOString();
  return exampleIncident(
    { labels: r.labels.length ? r.labels : undefined, object_marking_refs: markings.length ? markings : undefined, ...(r.revoked ? { revoked: true } : {}) },
    {
      event_type: r.eventType,
      event_subtype: undefined,
      occurred_at: occurred,
      actor_refs: undefined,
      location: r.withPoint ? { lat: r.lat, lon: r.lon, precision_m: 10, country: r.country } : { country: r.country },
      source_reliability: r.reliability,
      information_credibility: r.credibility,
    },
  );
}

function buildDoc(s: ScopeGen, redaction?: Redaction): AgreementDocument {
  const scope: Scope = { types: ['incident'], max_tlp: s.max_tlp, rel_to_required: s.rel_to_required, allow_unmarked: s.allow_unmarked };
  if (s.any_of || s.none_of) scope.labels = { ...(s.any_of ? { any_of: s.any_of } : {}), ...(s.none_of ? { none_of: s.none_of } : {}) };
  if (s.event_types) scope.event_types = s.event_types;
  if (s.countries || s.polygon) scope.area = { ...(s.countries ? { countries: s.countries } : {}), ...(s.polygon ? { polygon: POLY } : {}) };
  if (s.last_days) scope.time_window = { last_days: s.last_days };
  if (s.min_rel || s.min_cred) scope.min_grading = { ...(s.min_rel ? { source_reliability: s.min_rel } : {}), ...(s.min_cred ? { information_credibility: s.min_cred } : {}) };
  return agreementDoc({ scope, ...(redaction ? { redaction } : {}) });
}

/** The scope rules of docs/sharing.md §4, written again independently of the engine. */
function oracle(r: Rec, s: ScopeGen): boolean {
  if (r.revoked) return false;
  if (r.tlp === null ? !s.allow_unmarked : TLP_ORDER.indexOf(r.tlp) > TLP_ORDER.indexOf(s.max_tlp)) return false;
  if (r.relTo === 'BFA_NER') return false;
  if (r.relTo === 'none' && s.rel_to_required) return false;
  if (s.any_of && !r.labels.some((l) => s.any_of!.includes(l))) return false;
  if (s.none_of && r.labels.some((l) => s.none_of!.includes(l))) return false;
  if (s.event_types && !s.event_types.includes(r.eventType)) return false;
  if (s.countries || s.polygon) {
    const byCountry = s.countries?.includes(r.country) ?? false;
    const byPolygon = s.polygon && r.withPoint && pointInClosedPolygon(POLY.coordinates, r.lon, r.lat);
    if (!byCountry && !byPolygon) return false;
  }
  if (s.last_days && r.daysAgo > s.last_days) return false;
  if (s.min_rel && (r.reliability === 'X' || r.reliability > s.min_rel)) return false;
  if (s.min_cred && r.credibility > s.min_cred) return false;
  return true;
}

const RUNS = { numRuns: 1000, seed: 20260301 };

describe('policy properties', () => {
  test('a record outside the scope is never released, and one inside always is', () => {
    const seen = { released: 0, withheld: 0, atMaxTlp: 0 };
    fc.assert(
      fc.property(scopeArb.chain((s) => fc.tuple(fc.constant(s), recordFor(s))), ([s, r]) => {
        const d = decide(policyRecord(buildRecord(r)), inForce(buildDoc(s)), SEN, context());
        assert.equal(d.decision !== 'withhold', oracle(r, s), JSON.stringify(d.reasons));
        seen[d.decision === 'withhold' ? 'withheld' : 'released']++;
        if (d.decision !== 'withhold' && r.tlp === s.max_tlp) seen.atMaxTlp++;
      }),
      RUNS,
    );
    // The generators must exercise both outcomes, edges included, for the property to mean anything.
    assert.ok(seen.released >= 150 && seen.withheld >= 150 && seen.atMaxTlp >= 30, JSON.stringify(seen));
  });

  test('nothing is released under an agreement that is not in force', () => {
    const st = fc.constantFrom<Partial<AgreementStatus>[]>({ signed: false, missing: [NODES.SEN] }, { revoked: true }, { superseded: true }, { unregistered: [NODES.SEN], signed: false });
    fc.assert(
      fc.property(recordArb, scopeArb, st, (r, s, status) => {
        assert.equal(decide(policyRecord(buildRecord(r)), inForce(buildDoc(s), status), SEN, context()).decision, 'withhold');
      }),
      RUNS,
    );
  });

  const DROPPABLE = ['description', 'external_references', 'labels', 'sentinelle.source', 'sentinelle.materiel', 'sentinelle.fatalities', 'sentinelle.location.admin1', 'sentinelle.event_subtype'];
  const redactionArb = fc.record(
    {
      drop: fc.subarray(DROPPABLE),
      coordinates: fc.option(fc.oneof(fc.constantFrom(0.01, 0.1, 0.25, 0.5, 1).map((p) => ({ precision_deg: p })), fc.constantFrom<'admin1' | 'admin2'>('admin1', 'admin2').map((l) => ({ admin_level: l }))), { nil: undefined }),
      strip: fc.boolean(),
    },
    { requiredKeys: ['drop', 'strip'] },
  );

  test('a redacted copy never holds a dropped property nor finer coordinates, and stays valid STIX', () => {
    const open: ScopeGen = { max_tlp: 'amber+strict', rel_to_required: false, allow_unmarked: true, polygon: false };
    fc.assert(
      fc.property(recordArb, redactionArb, (r, red) => {
        const redaction: Redaction = { ...(red.drop.length ? { drop_properties: red.drop } : {}), ...(red.coordinates ? { coordinates: red.coordinates } : {}), strip_free_text: red.strip };
        const record = buildRecord({ ...r, revoked: false, relTo: 'none', labels: r.labels.filter((l) => l !== 'interne') });
        const d = decide(policyRecord(record), inForce(buildDoc(open, redaction)), SEN, context());
        if (d.decision === 'withhold') return;
        const copy = d.redacted ?? record;
        const ext = copy.extensions![EXT_ID] as Record<string, any>;
        for (const path of red.drop) {
          const [head, ...rest] = path.split('.');
          const holder: Record<string, any> = head === 'sentinelle' ? (rest.length === 2 ? ext[rest[0]!] : ext) : copy;
          assert.equal(holder?.[rest.at(-1) ?? head!], undefined, path);
        }
        if (red.strip) assert.equal(copy.description, undefined);
        const loc = ext.location as Record<string, number | undefined>;
        if (red.coordinates && 'precision_deg' in red.coordinates && loc.lat !== undefined) {
          const p = red.coordinates.precision_deg;
          for (const v of [loc.lat, loc.lon!]) assert.ok(Math.abs(v / p - Math.round(v / p)) < 1e-6, `${v} is on the ${p}° grid`);
        }
        if (red.coordinates && 'admin_level' in red.coordinates && loc.lat !== undefined) {
          const c = context().geo.centroid(red.coordinates.admin_level, { country: r.country, admin1: null, admin2: null, lat: r.lat, lon: r.lon });
          assert.ok(c, 'a point is kept only at a known area centre');
          assert.deepEqual([loc.lat, loc.lon], [Number(c.lat.toFixed(5)), Number(c.lon.toFixed(5))]);
        }
        const v = validateObject(structuredClone(copy));
        assert.ok(v.ok, JSON.stringify(!v.ok && v.issues));
      }),
      RUNS,
    );
  });

  test('decisions are deterministic: equal inputs, equal outputs', () => {
    fc.assert(
      fc.property(recordArb, scopeArb, redactionArb, (r, s, red) => {
        const redaction: Redaction = { drop_properties: red.drop.length ? red.drop : undefined, strip_free_text: red.strip, ...(red.coordinates ? { coordinates: red.coordinates } : {}) };
        const once = decide(policyRecord(buildRecord(r)), inForce(buildDoc(s, redaction)), SEN, context());
        const again = decide(policyRecord(structuredClone(buildRecord(r))), inForce(structuredClone(buildDoc(s, redaction))), SEN, context());
        assert.deepEqual(again, once);
      }),
      RUNS,
    );
  });

  test('a received record never goes on to a third party without its originator’s consent', () => {
    const origins = fc.constantFrom('local', NODES.NER, NODES.MLI, NODES.SEN);
    const consentArb = fc.array(fc.record({ originator: fc.constantFrom(NODES.NER, NODES.MLI), to: fc.constantFrom(NODES.SEN, NODES.MLI, NODES.NER), same: fc.boolean() }), { maxLength: 3 });
    const originAgreementArb = fc.option(fc.record({ originator: fc.constantFrom(NODES.NER, NODES.MLI), to: fc.constantFrom(NODES.SEN, NODES.NER), revoked: fc.boolean() }), { nil: undefined });
    const open: ScopeGen = { max_tlp: 'amber+strict', rel_to_required: false, allow_unmarked: true, polygon: false };
    fc.assert(
      fc.property(recordArb, origins, consentArb, originAgreementArb, (r, origin, cs, oa) => {
        const record = buildRecord({ ...r, revoked: false, relTo: 'none' });
        const consents: OnwardConsent[] = cs.map((k) => ({ originator: k.originator, to: k.to, recordId: k.same ? record.id : 'incident--00000000-0000-4000-8000-000000000000' }));
        const originAgreements = oa && oa.originator !== oa.to
          ? [inForce(agreementDoc({ id: '9f3a4b52-6c7d-4e8f-9a01-b2c3d4e5f607', parties: [NODES.BFA, oa.originator], handling: { codes: ['H2'], onward_sharing: { consent: 'listed', to: [oa.to] }, retention_days: 30 } }), { revoked: oa.revoked })]
          : [];
        const d = decide(policyRecord(record, origin), inForce(buildDoc(open)), SEN, context([], { consents, originAgreements }));
        if (origin === 'local' || d.decision === 'withhold') return;
        assert.notEqual(origin, NODES.SEN, 'never back to the originator');
        const perRecord = consents.some((k) => k.originator === origin && k.recordId === record.id && k.to === NODES.SEN);
        const inAgreement = oa !== undefined && !oa.revoked && oa.originator === origin && oa.to === NODES.SEN;
        assert.ok(perRecord || inAgreement, 'released only with consent');
      }),
      RUNS,
    );
  });
});
