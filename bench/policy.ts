/**
 * Policy decisions per second (issue 3: aim ≥ 100,000/s): 100k synthetic incidents × 3 agreements
 * — a plain country scope, a polygon with a time window and grid coarsening plus free-text
 * stripping, and admin areas with admin-centre coarsening and priority rules — with the bundled
 * boundaries as geo helper. Setup (generation, indexing) is not timed.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { syntheticIncidents } from './synthetic.ts';
import { indexFields } from '../src/objects/index-fields.ts';
import { builtinMarking } from '../src/objects/markings.ts';
import type { StixObject } from '../src/objects/stix.ts';
import { defaultBoundaries } from '../src/geo/boundaries.ts';
import { boundariesGeo } from '../src/sharing/geo.ts';
import { buildAreaIndex } from '../src/sharing/area-index.ts';
import { decide, type PolicyRecord } from '../src/sharing/policy.ts';
import { AGREEMENT_FORMAT, type AgreementDocument, type AgreementInForce } from '../src/sharing/agreement.ts';

const N = Number(process.env.BENCH_POLICY_N ?? 100_000);
const BFA = '0b7f5a52-1c3e-4d2a-9e8f-0a1b2c3d4e5f';
const SEN = '1c8a6b63-2d4f-4e3b-8f90-1b2c3d4e5f60';
const status = { signed: true, signedBy: [BFA, SEN], missing: [], unregistered: [], revoked: false, revokedBy: [], superseded: false };
const base = {
  format: AGREEMENT_FORMAT,
  version: 1,
  parties: [BFA, SEN],
  start: '2019-01-01T00:00:00Z',
  expiry: '2030-01-01T00:00:00Z',
  handling: { codes: ['H2' as const], onward_sharing: { consent: 'none' as const }, retention_days: 365 },
};

const agreements: AgreementInForce[] = (
  [
    { ...base, id: 'a0000000-0000-4000-8000-000000000001', title: 'Pays', scope: { types: ['incident'], max_tlp: 'amber', rel_to_required: false, area: { countries: ['BFA', 'MLI'] } } },
    {
      ...base,
      id: 'a0000000-0000-4000-8000-000000000002',
      title: 'Polygone',
      scope: { types: ['incident'], max_tlp: 'green', rel_to_required: false, area: { polygon: { type: 'Polygon', coordinates: [[[-5, 10], [2, 10], [2, 16], [-1, 17], [-5, 16], [-5, 10]]] } }, time_window: { last_days: 1200 } },
      redaction: { coordinates: { precision_deg: 0.1 }, strip_free_text: true },
    },
    {
      ...base,
      id: 'a0000000-0000-4000-8000-000000000003',
      title: 'Zones',
      scope: { types: ['incident'], max_tlp: 'amber', rel_to_required: false, area: { admin_areas: ['BF.SM', 'BF.OD', 'BF.SE', 'BF.YG', 'ML.MO', 'ML.GA', 'NE.TL'] }, min_grading: { source_reliability: 'C' } },
      redaction: { coordinates: { admin_level: 'admin2' }, drop_properties: ['sentinelle.source'] },
      priority: { default: 'ROUTINE', rules: [{ event_types: ['armed_attack_security_forces'], class: 'IMMEDIATE' }], bulk_after_days: 365 },
    },
  ] as AgreementDocument[]
).map((document) => ({ document, status }));

export async function policyBench(): Promise<void> {
  const records: PolicyRecord[] = (syntheticIncidents(N, 11) as StixObject[]).map((object) => ({ object, origin: 'local', fields: indexFields(object, (id) => builtinMarking(id)) }));
  const ctx = { self: { nodeId: BFA, identityId: 'identity--5a2e8f10-6b3c-4d7e-9f01-2a3b4c5d6e7f' }, now: Date.parse('2024-01-01T00:00:00Z'), geo: boundariesGeo(defaultBoundaries(), buildAreaIndex()), related: () => undefined };
  const partner = { nodeId: SEN, country: 'SEN' };
  const tally = { release: 0, 'release-redacted': 0, withhold: 0 };
  // One warm-up pass over a slice, so the JIT has seen every path before timing.
  for (const r of records.slice(0, 2000)) for (const a of agreements) decide(r, a, partner, ctx);
  // Collect the setup's garbage now, so that it is not charged to the decisions.
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  const t0 = performance.now();
  for (const r of records) for (const a of agreements) tally[decide(r, a, partner, ctx).decision]++;
  const s = (performance.now() - t0) / 1000;
  const n = records.length * agreements.length;
  const rate = n / s;
  console.log(
    `policy: ${n} decisions (${records.length} records × ${agreements.length} agreements) in ${s.toFixed(2)} s = ${Math.round(rate)} decisions/s (target 100000/s, ratio ${(rate / 100_000).toFixed(2)}); ` +
      `release ${tally.release}, release-redacted ${tally['release-redacted']}, withhold ${tally.withhold}`,
  );
}
