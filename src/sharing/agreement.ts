/**
 * The sharing agreement document (docs/sharing.md §1): one JSON document, versioned, held and
 * signed by every party. It names the parties, the period, what may be released (scope), how the
 * receiver must handle it (handling), what is removed before release (redaction) and in which
 * order items travel (priority). Its shape is closed: validate-agreement.ts refuses anything else.
 */
import type { Tlp } from '../objects/index-fields.ts';
import { SUPPORTED_TYPES, type SupportedType } from '../objects/stix.ts';
import type { EventType } from '../objects/taxonomy.ts';
import type { SourceReliability } from '../objects/sentinelle-extension.ts';

/** The `format` of an agreement document; also separates its signatures from any other use of the key. */
export const AGREEMENT_FORMAT = 'sentinelle-agreement/1';
/** The `format` of a signed revocation. */
export const REVOCATION_FORMAT = 'sentinelle-agreement-revocation/1';

/** SIENA handling codes (DOMAIN.md): H0 purpose-bound, H1 not in court, H2 no onward dissemination, H3 other restrictions. */
export const HANDLING_CODES = ['H0', 'H1', 'H2', 'H3'] as const;
export type HandlingCode = (typeof HANDLING_CODES)[number];

/** Priority classes, most urgent first: a FLASH alert goes before a BULK backfill. */
export const PRIORITIES = ['FLASH', 'IMMEDIATE', 'ROUTINE', 'BULK'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Record types an agreement may name. Marking and extension definitions travel as needed (reference data). */
/** Record types an agreement may scope: every supported type but the definitions every node shares anyway. */
export type ScopeType = Exclude<SupportedType, 'marking-definition' | 'extension-definition'>;
export const SCOPE_TYPES: readonly ScopeType[] = SUPPORTED_TYPES.filter(
  (t): t is ScopeType => t !== 'marking-definition' && t !== 'extension-definition',
);

/** GeoJSON Polygon (RFC 7946 §3.1.6): outer ring then holes, positions [lon, lat], rings closed. */
export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface AreaScope {
  /** ISO 3166-1 alpha-3. */
  countries?: string[];
  /** HASC codes of the bundled admin areas (src/geo/boundaries.ts). */
  admin_areas?: string[];
  polygon?: GeoJsonPolygon;
}

/** On event time: `last_days` (an event exactly that old is in) or `[from, to)`. */
export type TimeWindow = { last_days: number } | { from?: string; to?: string };

export interface Scope {
  types: ScopeType[];
  /** Incidents only: the event types in scope (absent = all). */
  event_types?: EventType[];
  /** The most restrictive TLP that may be released (TLP:RED never is). */
  max_tlp: Exclude<Tlp, 'red'>;
  /** Records without a TLP marking are released only when true. */
  allow_unmarked?: boolean;
  /** Records without a `REL TO` statement are released only when false. */
  rel_to_required: boolean;
  labels?: { any_of?: string[]; none_of?: string[] };
  area?: AreaScope;
  time_window?: TimeWindow;
  /** Incidents only: grading at least this good (A best, D worst; X never qualifies). */
  min_grading?: { source_reliability?: Exclude<SourceReliability, 'X'>; information_credibility?: 1 | 2 | 3 | 4 };
}

export type OnwardSharing = { consent: 'none' } | { consent: 'listed'; to: string[] };

export interface Handling {
  codes: HandlingCode[];
  /** Required with H3, forbidden without. */
  h3_conditions?: string;
  /** The originator's consent, given in advance, to a receiving party passing its records on. */
  onward_sharing: OnwardSharing;
  /** Days after receipt when the receiver must purge a record. */
  retention_days: number;
}

export type CoordinateRedaction = { precision_deg: number } | { admin_level: 'admin1' | 'admin2' };

export interface Redaction {
  /** Dotted property paths; `sentinelle.` addresses the incident extension (e.g. `sentinelle.source`). */
  drop_properties?: string[];
  coordinates?: CoordinateRedaction;
  strip_free_text?: boolean;
  /** Local records: created_by_ref becomes this node's organisation identity. */
  replace_creator?: boolean;
}

export interface PriorityRule {
  labels?: string[];
  event_types?: EventType[];
  class: Exclude<Priority, 'BULK'>;
}

export interface PriorityClasses {
  default: Exclude<Priority, 'BULK'>;
  rules?: PriorityRule[];
  /** Records whose event is older than this many days travel as BULK (a backfill). */
  bulk_after_days?: number;
}

export interface AgreementDocument {
  format: typeof AGREEMENT_FORMAT;
  /** UUID, the same for every version. */
  id: string;
  version: number;
  title: string;
  description?: string;
  /** Node ids, at least two. */
  parties: string[];
  /** RFC 3339; effective on [start, expiry). */
  start: string;
  expiry: string;
  scope: Scope;
  handling: Handling;
  redaction?: Redaction;
  priority?: PriorityClasses;
  /**
   * [FED-96] Records both parties hold that narrow links name by their index in this list (the
   * parties' identities, armed groups, REL TO markings): one or two bytes instead of seventeen.
   */
  narrow_ids?: string[];
}

/** A party's Ed25519 signature over the canonical form of the document (signing.ts). */
export interface AgreementSignature {
  node_id: string;
  alg: 'Ed25519';
  /** base64url. */
  value: string;
}

/** What a party signs to revoke a version (and every earlier one) of an agreement. */
export interface RevocationStatement {
  format: typeof REVOCATION_FORMAT;
  agreement_id: string;
  version: number;
  node_id: string;
  revoked_at: string;
  reason?: string;
}

export interface SignedRevocation extends RevocationStatement {
  signature: string;
}

/** The exchanged file: the document plus the signatures and revocations gathered so far (not signed themselves). */
export interface AgreementFile extends AgreementDocument {
  signatures?: AgreementSignature[];
  revocations?: SignedRevocation[];
}

/** Where an agreement version stands on this node (computed, never stored). */
export interface AgreementStatus {
  /** Every party has a valid signature from its registered key. */
  signed: boolean;
  /** Parties that have signed validly. */
  signedBy: string[];
  /** Parties still expected to sign (or whose signature does not verify). */
  missing: string[];
  /** Parties not (or no longer) registered here, so their signature cannot count. */
  unregistered: string[];
  revoked: boolean;
  revokedBy: string[];
  /** A later version of the same agreement is fully signed. */
  superseded: boolean;
}

/** An agreement version together with its status: what the policy engine is given. */
export interface AgreementInForce {
  document: AgreementDocument;
  status: AgreementStatus;
}
