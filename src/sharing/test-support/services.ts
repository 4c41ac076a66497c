/** The sharing services of one node over a test database, without the rest of a node. */
import type { Db } from '../../store/db.ts';
import { manualClock } from '../../core/clock.ts';
import { RecordService } from '../../records/service.ts';
import { TLP_MARKING_DEFINITIONS } from '../../objects/markings.ts';
import { SENTINELLE_EXTENSION_DEFINITION, SENTINELLE_IDENTITY } from '../../objects/sentinelle-extension.ts';
import type { Principal } from '../../auth/principal.ts';
import { AgreementService } from '../agreements.ts';
import type { SharingDeps } from '../deps.ts';
import { PeerService, type PeerInput } from '../peers.ts';
import { SharingService } from '../sharing.ts';
import { testGeo, testKeys } from './fixtures.ts';

export const SYSTEM: Principal = { userId: 'system', username: 'system', roles: ['admin', 'analyst', 'liaison', 'auditor'], locale: 'fr', via: 'system' };

export function principal(role: Principal['roles'][number]): Principal {
  return { userId: `u-${role}`, username: role, roles: [role], locale: 'fr', via: 'token' };
}

export interface TestSharingNode {
  deps: SharingDeps;
  clock: ReturnType<typeof manualClock>;
  records: RecordService;
  peers: PeerService;
  agreements: AgreementService;
  sharing: SharingService;
  /** How a partner registers this node. */
  card(): PeerInput;
}

export async function sharingNode(db: Db, who: { nodeId: string; country: string; organisation: string; identityId: string }, now = '2026-03-01T08:00:00.000Z'): Promise<TestSharingNode> {
  const clock = manualClock(now);
  const keys = testKeys();
  const records = new RecordService({ db, clock, nodeIdentityId: who.identityId });
  const identity = { type: 'identity', spec_version: '2.1', id: who.identityId, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: who.organisation, identity_class: 'organization' };
  await records.importObjects(SYSTEM, [SENTINELLE_IDENTITY, SENTINELLE_EXTENSION_DEFINITION, ...TLP_MARKING_DEFINITIONS, identity]);
  const deps: SharingDeps = {
    db,
    clock,
    self: { ...who, publicKey: keys.publicKeySpki, fingerprint: keys.fingerprint, privateKey: keys.privateKey },
    geo: testGeo,
    records: records.repo,
  };
  const peers = new PeerService(deps);
  const agreements = new AgreementService(deps, peers);
  return {
    deps,
    clock,
    records,
    peers,
    agreements,
    sharing: new SharingService(deps, peers, agreements),
    card: () => ({ nodeId: who.nodeId, name: who.organisation, country: who.country, baseUrl: `https://${who.country.toLowerCase()}.sentinelle.example`, publicKey: keys.publicKeySpki }),
  };
}
