/**
 * Blind matching never reveals an operation to a partner that is not party to it (property-based,
 * fast-check): across random operations, markings and agreements, (1) the policy engine never
 * releases the operation to a non-party, and (2) the notice the holder of both sides sends that
 * partner contains nothing of the operation but the contact it chose to give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { manualClock } from '../core/clock.ts';
import { indexFields } from '../objects/index-fields.ts';
import { builtinMarking, releasabilityMarking, TLP2_IDS, type Tlp } from '../objects/markings.ts';
import { OPERATIONS_EXTENSIONS } from '../objects/custom/operations-extension.ts';
import type { StixObject } from '../objects/stix.ts';
import { validateObject } from '../objects/validate.ts';
import { decide } from '../sharing/policy.ts';
import { agreementDoc, context, inForce, NODES, ORG_IDENTITY } from '../sharing/test-support/fixtures.ts';
import type { ScopeType } from '../sharing/agreement.ts';
import { footprintOf } from './footprint.ts';
import { FootprintIndex } from './index.ts';
import { blindNotice } from './notice.ts';

const clock = manualClock('2026-03-01T00:00:00.000Z');
const COUNTRIES = ['BFA', 'MLI', 'NER', 'SEN'] as const;
const PARTNER_NODE: Record<string, string> = {
  BFA: NODES.BFA,
  MLI: NODES.MLI,
  NER: NODES.NER,
  SEN: NODES.SEN,
};
const TLPS: Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];
const word = fc.stringMatching(/^[A-Z][a-z]{4,10}$/);
/** Coordinates off the 0.5° grid by construction (…3 in the 5th decimal). */
const coord = (lo: number, hi: number) =>
  fc.integer({ min: lo * 1000, max: hi * 1000 }).map((k) => k / 1000 + 0.00003);

const arbOperation = fc.record({
  name: fc.tuple(word, word).map(([a, b]) => `Opération ${a} ${b}`),
  description: fc.tuple(word, word).map(([a, b]) => `Objectif ${a} ${b}`),
  lon: coord(-5, 3),
  lat: coord(11, 16),
  w: fc.integer({ min: 5, max: 50 }).map((k) => k / 100),
  h: fc.integer({ min: 5, max: 50 }).map((k) => k / 100),
  route: fc.boolean(),
  states: fc.subarray([...COUNTRIES], { minLength: 1 }),
  tlp: fc.constantFrom(...TLPS),
  units: fc.array(
    fc
      .tuple(word, fc.constant(0))
      .map(([w]) => ({ organisation_ref: `identity--${randomUUID()}`, designation: `${w} Bataillon` })),
    { maxLength: 3 },
  ),
  contact: fc.record({
    role: fc.integer({ min: 1, max: 99 }).map((n) => `Cellule ${n}`),
    channel: fc.integer({ min: 10_000, max: 99_999 }).map((n) => `+000 ${n}`),
  }),
  startH: fc.integer({ min: 0, max: 24 * 60 }),
  durH: fc.integer({ min: 1, max: 72 }),
});

const arbAgreement = fc.record({
  types: fc.subarray(
    [
      'identity',
      'incident',
      'x-sentinelle-operation',
      'x-sentinelle-deconfliction-notice',
      'x-sentinelle-protected-site',
    ] as ScopeType[],
    { minLength: 1 },
  ),
  maxTlp: fc.constantFrom('clear' as const, 'green' as const, 'amber' as const, 'amber+strict' as const),
  relToRequired: fc.boolean(),
});

test('a non-party never receives the operation, and its notice carries no detail of it', () => {
  fc.assert(
    fc.property(arbOperation, arbAgreement, fc.constantFrom(...COUNTRIES), (o, a, partnerCountry) => {
      fc.pre(!o.states.includes(partnerCountry));
      const lead = o.states[0]!;
      const rel = releasabilityMarking(o.states, ORG_IDENTITY, clock);
      const area = o.route
        ? {
            type: 'LineString',
            coordinates: [
              [o.lon, o.lat],
              [o.lon + o.w, o.lat + o.h],
            ],
          }
        : {
            type: 'Polygon',
            coordinates: [
              [
                [o.lon, o.lat],
                [o.lon + o.w, o.lat],
                [o.lon + o.w, o.lat + o.h],
                [o.lon, o.lat + o.h],
                [o.lon, o.lat],
              ],
            ],
          };
      const start = Date.parse('2026-03-02T00:00:00Z') + o.startH * 3_600_000;
      const op: StixObject = {
        type: 'x-sentinelle-operation',
        spec_version: '2.1',
        id: `x-sentinelle-operation--${randomUUID()}`,
        created: '2026-03-01T00:00:00.000Z',
        modified: '2026-03-01T00:00:00.000Z',
        created_by_ref: ORG_IDENTITY,
        name: o.name,
        description: o.description,
        activity_kind: 'operation',
        area,
        planned_start: new Date(start).toISOString(),
        planned_end: new Date(start + o.durH * 3_600_000).toISOString(),
        status: 'approved',
        participating_states: o.states,
        ...(o.units.length ? { units: o.units.map((u) => ({ ...u, country: lead })) } : {}),
        liaison_contacts: [o.contact],
        object_marking_refs: [TLP2_IDS[o.tlp], rel.id],
        extensions: { ...OPERATIONS_EXTENSIONS },
      };
      assert.ok(validateObject(op).ok, JSON.stringify(validateObject(op)));

      // (1) The policy engine never releases the operation to a non-party, whatever the agreement.
      const parties = [NODES.BFA, PARTNER_NODE[partnerCountry]!].filter((v, i, all) => all.indexOf(v) === i);
      const doc = agreementDoc({
        parties,
        scope: { types: a.types, max_tlp: a.maxTlp, rel_to_required: a.relToRequired },
      });
      const record = {
        object: op,
        origin: 'local',
        fields: indexFields(op, (id) => builtinMarking(id) ?? (id === rel.id ? rel : undefined)),
      };
      const d = decide(
        record,
        inForce(doc),
        { nodeId: PARTNER_NODE[partnerCountry]!, country: partnerCountry },
        context([]),
      );
      assert.equal(d.decision, 'withhold');

      // (2) The partner's patrol crosses the operation; the notice is built as the service builds it.
      const index = new FootprintIndex();
      index.put(op.id, footprintOf(op, 'local'));
      const patrol: StixObject = {
        ...op,
        id: `x-sentinelle-operation--${randomUUID()}`,
        name: 'patrol',
        activity_kind: 'patrol',
        area: {
          type: 'LineString',
          coordinates: [
            [o.lon - 0.2, o.lat + o.h / 2],
            [o.lon + o.w + 0.2, o.lat + o.h / 2],
          ],
        },
      };
      const overlaps = index.overlapsOf(footprintOf(patrol, PARTNER_NODE[partnerCountry]!)!);
      assert.equal(overlaps.length, 1);
      const ov = overlaps[0]!;
      const notice = blindNotice(
        op,
        patrol.id,
        { startMs: ov.window.startMs, where: ov.where },
        {
          severity: 'high',
          markingRefs: [TLP2_IDS.amber, releasabilityMarking([partnerCountry], ORG_IDENTITY, clock).id],
          createdByRef: ORG_IDENTITY,
          now: '2026-03-01T00:00:00.000Z',
          fallbackContact: { role: 'Officier de liaison', channel: 'standard' },
        },
      );
      assert.ok(validateObject(notice).ok);
      const json = JSON.stringify(notice);
      const secrets = [
        o.name,
        o.description,
        op.id,
        rel.id,
        ...o.units.flatMap((u) => [u.designation, u.organisation_ref]),
        ...JSON.stringify(area.coordinates).match(/-?\d+\.\d+/g)!,
      ];
      for (const s of secrets) assert.ok(!json.includes(s), `the notice reveals ${s}`);
      assert.deepEqual(
        Object.keys(notice)
          .filter(
            (k) =>
              ![
                'type',
                'spec_version',
                'id',
                'created',
                'modified',
                'created_by_ref',
                'object_marking_refs',
                'extensions',
              ].includes(k),
          )
          .sort(),
        ['about_ref', 'conflict_day', 'contact', 'notice_kind', 'rough_area', 'severity', 'status'],
      );
    }),
    { numRuns: 300 },
  );
});
