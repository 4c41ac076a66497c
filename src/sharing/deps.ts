/** What the sharing services are built from: passed in by the node (src/node/node.ts), no globals. */
import type { KeyObject } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../store/db.ts';
import type { RecordRepository } from '../store/records.ts';
import type { PolicyGeo } from './geo.ts';

export interface SelfNode {
  nodeId: string;
  organisation: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** STIX identity of the organisation running this node. */
  identityId: string;
  /** Ed25519 SPKI DER, base64url. */
  publicKey: string;
  fingerprint: string;
  privateKey: KeyObject;
}

export interface SharingDeps {
  db: Db;
  clock: Clock;
  self: SelfNode;
  /** Loaded on first use (reading the boundary files costs a few milliseconds). */
  geo: () => PolicyGeo;
  records: RecordRepository;
}
