/**
 * Table-driven tests of the policy engine over every scope rule, with the edges pinned
 * (docs/sharing.md §4): TLP equal to the maximum, a point exactly on the agreed polygon's border,
 * the time-window bounds, the agreement's [start, expiry) period, grading thresholds.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { t } from '../i18n/i18n.ts';
import { TLP2_IDS } from '../objects/markings.ts';
import { EXT_ID } from '../objects/sentinelle-extension.ts';
import { exampleIncident, exampleMarkingDefinition, exampleNote, exampleRelationship, exampleReport, exampleThreatActor, exampleLocation, exampleIdentity, FIXTURE_IDS } from '../objects/fixtures.ts';
import type { StixObject } from '../objects/stix.ts';
import type { AgreementDocument, AgreementStatus, Scope } from './agreement.ts';
import { combineDecisions, decide, dependenciesOf, type PolicyDecision, type PolicyPartner, type PolicyRecord } from './policy.ts';
import { explainReason } from './reasons.ts';
import { agreementDoc, context, inForce, NER, NODES, NOW, ORG_IDENTITY, policyRecord, REL_TO, SEN } from './test-support/fixtures.ts';

const DAY = 86_400_000;
const BAM = { lat: 13.45, lon: -1.56, precision_m: 1000, country: 'BFA', admin1: 'Centre-Nord', admin2: 'Bam' };

/** An AMBER incident in Bam (BFA), two days before NOW, graded B2, without actors. */
function incident(over: Record<string, unknown> = {}, ext: Record<string, unknown> = {}): StixObject {
  return exampleIncident(over, { actor_refs: undefined, occurred_at: '2026-02-27T12:00:00Z', location: BAM, ...ext });
}

interface Row {
  name: string;
  object?: StixObject;
  origin?: string;
  scope?: Partial<Scope>;
  doc?: Partial<AgreementDocument>;
  status?: Partial<AgreementStatus>;
  partner?: PolicyPartner;
  now?: number;
  related?: PolicyRecord[];
  expect: PolicyDecision['decision'];
  codes?: string[];
}

function run(row: Row): PolicyDecision {
  const base = agreementDoc();
  const doc = agreementDoc({ ...row.doc, scope: { ...base.scope, ...row.doc?.scope, ...row.scope } });
  const ctx = context(row.related ?? [], row.now === undefined ? {} : { now: row.now });
  return decide(policyRecord(row.object ?? incident(), row.origin), inForce(doc, row.status), row.partner ?? SEN, ctx);
}

function check(rows: Row[]): void {
  for (const row of rows) {
    test(row.name, () => {
      const d = run(row);
      assert.equal(d.decision, row.expect, JSON.stringify(d.reasons));
      if (row.codes) {
        const got = d.reasons.map((r) => r.code).filter((c) => row.codes!.includes(c) || row.expect === 'withhold');
        assert.deepEqual(got, row.codes);
      }
    });
  }
}

const square = { type: 'Polygon' as const, coordinates: [[[-2, 13], [-1, 13], [-1, 14], [-2, 14], [-2, 13]]] };

describe('scope: types and markings', () => {
  check([
    { name: 'an incident in scope is released as is', expect: 'release', codes: ['in_scope'] },
    { name: 'a type outside the scope is withheld', scope: { types: ['threat-actor'] }, expect: 'withhold', codes: ['type_out_of_scope'] },
    { name: 'TLP equal to the maximum is released', scope: { max_tlp: 'amber' }, expect: 'release' },
    { name: 'TLP below the maximum is released', object: incident({ object_marking_refs: [TLP2_IDS.green] }), expect: 'release' },
    { name: 'TLP:RED above AMBER is withheld', object: incident({ object_marking_refs: [TLP2_IDS.red] }), expect: 'withhold', codes: ['tlp_above_max'] },
    { name: 'AMBER+STRICT above AMBER is withheld', object: incident({ object_marking_refs: [TLP2_IDS['amber+strict']] }), expect: 'withhold', codes: ['tlp_above_max'] },
    { name: 'AMBER above GREEN is withheld', scope: { max_tlp: 'green' }, expect: 'withhold', codes: ['tlp_above_max'] },
    { name: 'an unmarked record is withheld by default', object: incident({ object_marking_refs: undefined }), expect: 'withhold', codes: ['tlp_missing'] },
    { name: 'an unmarked record is released when allowed', object: incident({ object_marking_refs: undefined }), scope: { allow_unmarked: true }, expect: 'release' },
    { name: 'REL TO naming the partner is released', object: incident({ object_marking_refs: [TLP2_IDS.amber, REL_TO.BFA_SEN.id] }), scope: { rel_to_required: true }, expect: 'release' },
    { name: 'REL TO leaving the partner out is withheld, whatever the agreement', object: incident({ object_marking_refs: [TLP2_IDS.amber, REL_TO.BFA_NER.id] }), expect: 'withhold', codes: ['rel_to_excludes_partner'] },
    { name: 'contradictory REL TO statements release to nobody', object: incident({ object_marking_refs: [TLP2_IDS.amber, REL_TO.BFA_NER.id, REL_TO.BFA_SEN.id] }), partner: NER, doc: { parties: [NODES.BFA, NODES.SEN, NODES.NER] }, expect: 'withhold', codes: ['rel_to_excludes_partner'] },
    { name: 'no REL TO when required is withheld', scope: { rel_to_required: true }, expect: 'withhold', codes: ['rel_to_missing'] },
    {
      name: 'a granular TLP:RED marking above the maximum is withheld',
      object: incident({ granular_markings: [{ selectors: ['description'], marking_ref: TLP2_IDS.red }] }),
      expect: 'withhold',
      codes: ['granular_marking_exceeds'],
    },
    { name: 'a granular GREEN marking is fine', object: incident({ granular_markings: [{ selectors: ['description'], marking_ref: TLP2_IDS.green }] }), expect: 'release' },
    { name: 'a revoked record is withheld', object: incident({ revoked: true }), expect: 'withhold', codes: ['record_revoked'] },
  ]);

  test('the TLP reason reads as the issue asks, in both languages', () => {
    const d = run({ name: '', object: incident({ object_marking_refs: [TLP2_IDS.red] }), expect: 'withhold' });
    assert.equal(explainReason('en', d.reasons[0]!), 'TLP:RED exceeds the agreement’s maximum AMBER.');
    assert.equal(explainReason('fr', d.reasons[0]!), "TLP:RED dépasse le maximum de l'accord, AMBER.");
    assert.notEqual(t('fr', 'policy.reason.area_outside', { place: 'x' }), t('en', 'policy.reason.area_outside', { place: 'x' }));
  });
});

describe('scope: labels, event types, grading', () => {
  check([
    { name: 'a required label present is released', scope: { labels: { any_of: ['embuscade', 'alerte'] } }, expect: 'release' },
    { name: 'no required label is withheld', scope: { labels: { any_of: ['alerte'] } }, expect: 'withhold', codes: ['label_missing'] },
    { name: 'an excluded label is withheld', scope: { labels: { none_of: ['embuscade'] } }, expect: 'withhold', codes: ['label_excluded'] },
    { name: 'an event type in scope is released', scope: { event_types: ['armed_attack_security_forces'] }, expect: 'release' },
    { name: 'an event type outside the scope is withheld', scope: { event_types: ['arms_seizure'] }, expect: 'withhold', codes: ['event_type_out_of_scope'] },
    { name: 'grading equal to the minimum (B2) is released', scope: { min_grading: { source_reliability: 'B', information_credibility: 2 } }, expect: 'release' },
    { name: 'reliability C below B is withheld', object: incident({}, { source_reliability: 'C' }), scope: { min_grading: { source_reliability: 'B' } }, expect: 'withhold', codes: ['grading_below_minimum'] },
    { name: 'reliability X never meets a minimum', object: incident({}, { source_reliability: 'X' }), scope: { min_grading: { source_reliability: 'D' } }, expect: 'withhold', codes: ['grading_below_minimum'] },
    { name: 'credibility 3 below 2 is withheld', object: incident({}, { information_credibility: 3 }), scope: { min_grading: { information_credibility: 2 } }, expect: 'withhold', codes: ['grading_below_minimum'] },
    { name: 'grading does not apply to threat actors', object: exampleThreatActor({ object_marking_refs: [TLP2_IDS.green] }), scope: { min_grading: { source_reliability: 'A' } }, expect: 'release' },
  ]);
});

describe('scope: area (border inclusive for the agreed polygon)', () => {
  check([
    { name: 'a country in the area is released', scope: { area: { countries: ['BFA'] } }, expect: 'release' },
    { name: 'a country outside the area is withheld', scope: { area: { countries: ['SEN'] } }, expect: 'withhold', codes: ['area_outside'] },
    { name: 'an admin area containing the point is released', scope: { area: { admin_areas: ['BF.BM'] } }, expect: 'release' },
    { name: 'another admin area is withheld', scope: { area: { admin_areas: ['BF.SM'] } }, expect: 'withhold', codes: ['area_outside'] },
    {
      name: 'without coordinates, the admin area is found by name (BFA: province = admin2)',
      object: incident({}, { location: { country: 'BFA', admin1: 'Centre-Nord', admin2: 'Bam' } }),
      scope: { area: { admin_areas: ['BF.BM'] } },
      expect: 'release',
    },
    {
      name: 'a region name alone is too coarse to place a record in one province',
      object: incident({}, { location: { country: 'BFA', admin1: 'Centre-Nord' } }),
      scope: { area: { admin_areas: ['BF.BM'] } },
      expect: 'withhold',
      codes: ['area_outside'],
    },
    { name: 'a point inside the polygon is released', scope: { area: { polygon: square } }, expect: 'release' },
    { name: 'a point exactly on the polygon edge is inside', object: incident({}, { location: { ...BAM, lat: 13.5, lon: -1 } }), scope: { area: { polygon: square } }, expect: 'release' },
    { name: 'a polygon vertex is inside', object: incident({}, { location: { ...BAM, lat: 14, lon: -2 } }), scope: { area: { polygon: square } }, expect: 'release' },
    { name: 'a point just beyond the edge is outside', object: incident({}, { location: { ...BAM, lat: 13.5, lon: -0.9999999 } }), scope: { area: { polygon: square } }, expect: 'withhold', codes: ['area_outside'] },
    { name: 'without coordinates a polygon cannot be matched', object: incident({}, { location: { country: 'BFA' } }), scope: { area: { polygon: square } }, expect: 'withhold', codes: ['area_outside'] },
    { name: 'countries, areas and polygon are a union', scope: { area: { countries: ['SEN'], polygon: square } }, expect: 'release' },
    { name: 'a location object without place is withheld', object: exampleLocation({ latitude: undefined, longitude: undefined, precision: undefined, country: undefined, administrative_area: undefined, city: undefined, region: 'western-africa', object_marking_refs: [TLP2_IDS.green] }), scope: { area: { countries: ['BFA'] } }, expect: 'withhold', codes: ['location_unknown'] },
    { name: 'the area does not restrict records without a place', object: exampleThreatActor({ object_marking_refs: [TLP2_IDS.green] }), scope: { area: { countries: ['SEN'] } }, expect: 'release' },
  ]);
});

describe('scope: time window on event time', () => {
  const at = (iso: string) => incident({}, { occurred_at: iso });
  const exactly90 = new Date(NOW - 90 * DAY).toISOString().replace('.000Z', 'Z');
  const justOlder = new Date(NOW - 90 * DAY - 1).toISOString();
  check([
    { name: 'last_days: an event exactly 90 days old is in (inclusive)', object: at(exactly90), scope: { time_window: { last_days: 90 } }, expect: 'release' },
    { name: 'last_days: one millisecond older is out', object: at(justOlder), scope: { time_window: { last_days: 90 } }, expect: 'withhold', codes: ['before_time_window'] },
    { name: 'last_days: a future event is in', object: at('2026-03-02T00:00:00Z'), scope: { time_window: { last_days: 90 } }, expect: 'release' },
    { name: 'from/to: the from instant is in', object: at('2026-02-01T00:00:00Z'), scope: { time_window: { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' } }, expect: 'release' },
    { name: 'from/to: the to instant is out (exclusive)', object: at('2026-03-01T00:00:00Z'), scope: { time_window: { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' } }, expect: 'withhold', codes: ['after_time_window'] },
    { name: 'from/to: just before to is in', object: at('2026-02-28T23:59:59.999Z'), scope: { time_window: { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' } }, expect: 'release' },
    { name: 'from/to: before from is out', object: at('2026-01-31T23:59:59Z'), scope: { time_window: { from: '2026-02-01T00:00:00Z' } }, expect: 'withhold', codes: ['before_time_window'] },
    { name: 'no event time, no time restriction', object: exampleThreatActor({ object_marking_refs: [TLP2_IDS.green], first_seen: undefined }), scope: { time_window: { last_days: 1 } }, expect: 'release' },
  ]);
});

describe('agreement status and period [start, expiry)', () => {
  check([
    { name: 'unsigned is withheld', status: { signed: false, missing: [NODES.SEN] }, expect: 'withhold', codes: ['agreement_unsigned'] },
    { name: 'a party no longer registered is withheld', status: { signed: false, unregistered: [NODES.SEN] }, expect: 'withhold', codes: ['agreement_party_unregistered'] },
    { name: 'revoked is withheld', status: { revoked: true, revokedBy: [NODES.SEN] }, expect: 'withhold', codes: ['agreement_revoked'] },
    { name: 'superseded is withheld', status: { superseded: true }, expect: 'withhold', codes: ['agreement_superseded'] },
    { name: 'the start instant is in', now: Date.parse('2026-01-01T00:00:00Z'), object: incident({}, { occurred_at: '2025-12-31T00:00:00Z' }), expect: 'release' },
    { name: 'just before start is out', now: Date.parse('2026-01-01T00:00:00Z') - 1, object: incident({}, { occurred_at: '2025-12-31T00:00:00Z' }), expect: 'withhold', codes: ['agreement_not_started'] },
    { name: 'the expiry instant is out', now: Date.parse('2027-01-01T00:00:00Z'), expect: 'withhold', codes: ['agreement_expired'] },
    { name: 'a partner not party is withheld', partner: NER, expect: 'withhold', codes: ['partner_not_party'] },
  ]);
});

describe('origin and onward sharing', () => {
  const onward = agreementDoc({ id: '8e2f3a41-5b6c-4d7e-9f80-a1b2c3d4e5f6', parties: [NODES.BFA, NODES.NER], handling: { codes: ['H2'], onward_sharing: { consent: 'listed', to: [NODES.SEN] }, retention_days: 30 } });
  test('a record never goes back to its originator', () => {
    const d = decide(policyRecord(incident(), NODES.SEN), inForce(), SEN, context());
    assert.deepEqual(d.reasons.map((r) => r.code), ['origin_is_partner']);
  });
  test('a received record is not passed on without the originator’s consent', () => {
    const d = decide(policyRecord(incident(), NODES.NER), inForce(), SEN, context());
    assert.equal(d.decision, 'withhold');
    assert.deepEqual(d.reasons.map((r) => r.code), ['onward_without_consent']);
  });
  test('consent given in the originator’s agreement lets it go on, origin kept', () => {
    const d = decide(policyRecord(incident(), NODES.NER), inForce(), SEN, context([], { originAgreements: [inForce(onward)] }));
    assert.equal(d.decision, 'release');
    assert.ok(d.reasons.some((r) => r.code === 'onward_consented'));
  });
  test('consent in an expired or revoked originator agreement does not count', () => {
    for (const st of [{ revoked: true }, { signed: false }]) {
      const d = decide(policyRecord(incident(), NODES.NER), inForce(), SEN, context([], { originAgreements: [inForce(onward, st)] }));
      assert.equal(d.decision, 'withhold');
    }
    const late = decide(policyRecord(incident(), NODES.NER), inForce(), SEN, context([], { now: Date.parse('2027-06-01T00:00:00Z'), originAgreements: [inForce(onward)] }));
    assert.ok(late.reasons.some((r) => r.code === 'onward_without_consent'));
  });
  test('a per-record consent from the originator lets that record only go on', () => {
    const rec = incident();
    const consents = [{ originator: NODES.NER, recordId: rec.id, to: NODES.SEN }];
    assert.equal(decide(policyRecord(rec, NODES.NER), inForce(), SEN, context([], { consents })).decision, 'release');
    const other = incident({ id: 'incident--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    assert.equal(decide(policyRecord(other, NODES.NER), inForce(), SEN, context([], { consents })).decision, 'withhold');
    const fromSomeoneElse = [{ originator: NODES.MLI, recordId: rec.id, to: NODES.SEN }];
    assert.equal(decide(policyRecord(rec, NODES.NER), inForce(), SEN, context([], { consents: fromSomeoneElse })).decision, 'withhold');
  });
});

describe('non-incident records', () => {
  const actor = policyRecord(exampleThreatActor({ object_marking_refs: [TLP2_IDS.green] }));
  const redActor = policyRecord(exampleThreatActor({ object_marking_refs: [TLP2_IDS.red] }));
  const inc = policyRecord(incident({ id: FIXTURE_IDS.incident }));
  test('marking-definitions and the organisation identity are reference data, released to any party', () => {
    for (const obj of [exampleMarkingDefinition(), REL_TO.BFA_SEN, exampleIdentity({ id: ORG_IDENTITY })]) {
      const d = decide(policyRecord(obj), inForce(agreementDoc({ scope: { types: ['incident'], max_tlp: 'clear', rel_to_required: true } })), SEN, context());
      assert.equal(d.decision, 'release', obj.id);
      assert.equal(d.reasons[0]?.code, 'reference_data');
    }
    const notParty = decide(policyRecord(exampleMarkingDefinition()), inForce(), NER, context());
    assert.equal(notParty.decision, 'withhold');
  });
  test('another identity is judged by the scope like any record', () => {
    assert.equal(decide(policyRecord(exampleIdentity()), inForce(), SEN, context()).reasons[0]?.code, 'tlp_missing');
  });
  test('a relationship is released only when both ends are', () => {
    const rel = policyRecord(exampleRelationship({ object_marking_refs: [TLP2_IDS.green] }));
    assert.equal(decide(rel, inForce(), SEN, context([inc, actor])).decision, 'release');
    const hidden = decide(rel, inForce(), SEN, context([inc, redActor]));
    assert.equal(hidden.decision, 'withhold');
    assert.deepEqual(hidden.reasons, [{ code: 'endpoint_not_shareable', params: { ref: FIXTURE_IDS.threatActor } }]);
    const unknown = decide(rel, inForce(), SEN, context([inc]));
    assert.equal(unknown.reasons[0]?.code, 'endpoint_not_shareable');
  });
  test('actor references an agreement does not cover are removed from the copy', () => {
    const withActor = policyRecord(exampleIncident({}, { location: BAM, occurred_at: '2026-02-27T12:00:00Z' }));
    const d = decide(withActor, inForce(), SEN, context([redActor]));
    assert.equal(d.decision, 'release-redacted');
    assert.ok(d.reasons.some((r) => r.code === 'redacted_refs_removed'));
    assert.equal((d.redacted!.extensions![EXT_ID] as Record<string, unknown>).actor_refs, undefined);
    assert.deepEqual((withActor.object.extensions![EXT_ID] as Record<string, unknown>).actor_refs, [FIXTURE_IDS.threatActor], 'stored record untouched');
    assert.equal(decide(withActor, inForce(), SEN, context([actor])).decision, 'release');
  });
  test('a report whose references are all withheld is withheld', () => {
    const report = policyRecord(exampleReport({ object_marking_refs: [TLP2_IDS.green], object_refs: [FIXTURE_IDS.threatActor] }));
    assert.equal(decide(report, inForce(), SEN, context([redActor])).reasons[0]?.code, 'refs_not_shareable');
    const partly = decide(policyRecord(exampleReport({ object_marking_refs: [TLP2_IDS.green] })), inForce(), SEN, context([inc, redActor]));
    assert.equal(partly.decision, 'release-redacted');
    assert.deepEqual(partly.redacted!.object_refs, [FIXTURE_IDS.incident]);
  });
  test('a note about a record the partner itself sent names only what the partner holds: it may go back [FED-36]', () => {
    // Received from SEN, withheld from anyone else by the agreement's onward-sharing terms.
    const received = policyRecord(exampleReport({ id: FIXTURE_IDS.incident.replace('incident', 'report'), object_marking_refs: [TLP2_IDS.red] }), NODES.SEN);
    const note = policyRecord(exampleNote({ object_marking_refs: [TLP2_IDS.green], object_refs: [received.object.id] }));
    const toSen = decide(note, inForce(agreementDoc({ scope: { ...agreementDoc().scope, types: ['note'] } })), SEN, context([received]));
    assert.notEqual(toSen.decision, 'withhold', JSON.stringify(toSen.reasons));
    const withNer = agreementDoc({ parties: [NODES.BFA, NODES.SEN, NODES.NER], scope: { ...agreementDoc().scope, types: ['note'] } });
    const toOther = decide(note, inForce(withNer), NER, context([received]));
    assert.equal(toOther.reasons[0]?.code, 'refs_not_shareable', 'anyone else does not learn of it');
  });
  test('dependencies: non-built-in markings and the creator', () => {
    const obj = incident({ object_marking_refs: [TLP2_IDS.amber, REL_TO.BFA_SEN.id] });
    assert.deepEqual(dependenciesOf(obj), [REL_TO.BFA_SEN.id, FIXTURE_IDS.identity].sort());
  });
});

describe('priority classes and several agreements', () => {
  const prio = { default: 'ROUTINE' as const, rules: [{ labels: ['alerte'], class: 'FLASH' as const }, { event_types: ['armed_attack_security_forces' as const], class: 'IMMEDIATE' as const }], bulk_after_days: 30 };
  test('most urgent matching rule wins; default otherwise; old events are BULK', () => {
    const doc = agreementDoc({ priority: prio });
    const p = (obj: StixObject) => decide(policyRecord(obj), inForce(doc), SEN, context()).priority;
    assert.equal(p(incident({ labels: ['alerte'] })), 'FLASH');
    assert.equal(p(incident()), 'IMMEDIATE');
    assert.equal(p(incident({}, { event_type: 'arms_seizure', event_subtype: undefined })), 'ROUTINE');
    assert.equal(p(incident({ labels: ['alerte'] }, { occurred_at: new Date(NOW - 30 * DAY).toISOString() })), 'FLASH', 'exactly 30 days: not yet a backfill');
    assert.equal(p(incident({ labels: ['alerte'] }, { occurred_at: new Date(NOW - 30 * DAY - 1).toISOString() })), 'BULK');
    assert.equal(decide(policyRecord(incident()), inForce(), SEN, context()).priority, 'ROUTINE', 'no priority section: ROUTINE');
  });
  test('most permissive wins, then priority, then agreement id; the winner is named', () => {
    const a = agreementDoc({ id: '00000000-0000-4000-8000-000000000001', scope: { ...agreementDoc().scope, max_tlp: 'green' } });
    const b = agreementDoc({ id: '00000000-0000-4000-8000-000000000002', redaction: { strip_free_text: true } });
    const c = agreementDoc({ id: '00000000-0000-4000-8000-000000000003' });
    const rec = policyRecord(incident());
    const ds = [a, b, c].map((d) => decide(rec, inForce(d), SEN, context()));
    assert.deepEqual(ds.map((d) => d.decision), ['withhold', 'release-redacted', 'release']);
    assert.equal(combineDecisions(ds)?.agreement.id, c.id);
    assert.equal(combineDecisions(ds.slice(0, 2))?.agreement.id, b.id);
    assert.equal(combineDecisions([ds[0]!])?.decision, 'withhold');
    assert.equal(combineDecisions([]), null);
    const d2 = agreementDoc({ id: '00000000-0000-4000-8000-000000000004', priority: { default: 'FLASH' } });
    assert.equal(combineDecisions([...ds, decide(rec, inForce(d2), SEN, context())])?.agreement.id, d2.id, 'same decision: the more urgent wins');
  });
});
