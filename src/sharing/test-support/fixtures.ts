/**
 * Building blocks for sharing tests: node ids of four partner nodes, a valid agreement document,
 * statuses, REL TO markings and PolicyRecords indexed exactly as the store indexes them.
 */
import { generateKeyPairSync } from 'node:crypto';
import { manualClock } from '../../core/clock.ts';
import { indexFields } from '../../objects/index-fields.ts';
import { builtinMarking, releasabilityMarking } from '../../objects/markings.ts';
import type { StixObject } from '../../objects/stix.ts';
import { defaultBoundaries } from '../../geo/boundaries.ts';
import { fingerprint, type NodeKeys } from '../../node/keys.ts';
import { AGREEMENT_FORMAT, type AgreementDocument, type AgreementInForce, type AgreementStatus } from '../agreement.ts';
import { boundariesGeo, type PolicyGeo } from '../geo.ts';
import { buildAreaIndex } from '../area-index.ts';
import type { PolicyContext, PolicyRecord } from '../policy.ts';

export const NODES = Object.freeze({
  BFA: '0b7f5a52-1c3e-4d2a-9e8f-0a1b2c3d4e5f',
  SEN: '1c8a6b63-2d4f-4e3b-8f90-1b2c3d4e5f60',
  NER: '2d9b7c74-3e50-4f4c-9a01-2c3d4e5f6071',
  MLI: '3eac8d85-4f61-4a5d-8b12-3d4e5f607182',
});

export const ORG_IDENTITY = 'identity--5a2e8f10-6b3c-4d7e-9f01-2a3b4c5d6e7f';
export const UNIT_IDENTITY = 'identity--6b3f9021-7c4d-4e8f-a012-3b4c5d6e7f80';
export const AGREEMENT_ID = '7d1e2f30-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

/** A valid bilateral BFA–SEN agreement, effective 2026-01-01 → 2027-01-01, with no redaction. */
export function agreementDoc(overrides: Partial<AgreementDocument> = {}): AgreementDocument {
  return {
    format: AGREEMENT_FORMAT,
    id: AGREEMENT_ID,
    version: 1,
    title: 'Accord BFA–SEN : incidents sécuritaires',
    parties: [NODES.BFA, NODES.SEN],
    start: '2026-01-01T00:00:00Z',
    expiry: '2027-01-01T00:00:00Z',
    scope: { types: ['incident', 'threat-actor', 'relationship', 'identity', 'location', 'report', 'sighting'], max_tlp: 'amber', rel_to_required: false },
    handling: { codes: ['H2'], onward_sharing: { consent: 'none' }, retention_days: 365 },
    ...overrides,
  };
}

export function status(overrides: Partial<AgreementStatus> = {}): AgreementStatus {
  return { signed: true, signedBy: [NODES.BFA, NODES.SEN], missing: [], unregistered: [], revoked: false, revokedBy: [], superseded: false, ...overrides };
}

export function inForce(doc: AgreementDocument = agreementDoc(), st: Partial<AgreementStatus> = {}): AgreementInForce {
  return { document: doc, status: status(st) };
}

const clock = manualClock('2026-01-05T00:00:00.000Z');
/** REL TO statement markings by country list, created by the organisation. */
export const REL_TO = {
  BFA_SEN: releasabilityMarking(['BFA', 'SEN'], ORG_IDENTITY, clock),
  BFA_NER: releasabilityMarking(['BFA', 'NER'], ORG_IDENTITY, clock),
};
const MARKINGS = new Map<string, StixObject>(Object.values(REL_TO).map((m) => [m.id, m]));

/** A record as the store would index it. */
export function policyRecord(object: StixObject, origin = 'local'): PolicyRecord {
  return { object, origin, fields: indexFields(object, (id) => builtinMarking(id) ?? MARKINGS.get(id)) };
}

let geo: PolicyGeo | undefined;
export function testGeo(): PolicyGeo {
  geo ??= boundariesGeo(defaultBoundaries(), buildAreaIndex());
  return geo;
}

export const NOW = Date.parse('2026-03-01T12:00:00Z');

/** A context on BFA's node at NOW, with the given related records. */
export function context(related: readonly PolicyRecord[] = [], extra: Partial<PolicyContext> = {}): PolicyContext {
  const byId = new Map(related.map((r) => [r.object.id, r]));
  for (const m of MARKINGS.values()) byId.set(m.id, policyRecord(m));
  return { self: { nodeId: NODES.BFA, identityId: ORG_IDENTITY }, now: NOW, geo: testGeo(), related: (id) => byId.get(id), ...extra };
}

export const SEN = { nodeId: NODES.SEN, country: 'SEN' };
export const NER = { nodeId: NODES.NER, country: 'NER' };

/** A fresh Ed25519 key pair shaped like a node's keys. */
export function testKeys(): NodeKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, publicKey, publicKeySpki: spki.toString('base64url'), fingerprint: fingerprint(spki) };
}
