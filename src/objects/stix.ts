/**
 * STIX 2.1 object shapes as Sentinelle handles them. Objects stay plain JSON records (they travel
 * between nodes and are stored as jsonb); the common properties (STIX 2.1 §3.2) are typed so callers
 * need no casts for them, and a few per-type interfaces name the properties code reads most.
 * A value of these types is only trustworthy after `validateObject` (src/objects/validate.ts).
 */
import { ANALYSIS_TYPES } from './custom/analysis-types.ts';
import { OPERATIONS_TYPES } from './custom/operations-types.ts';
import { COOPERATION_TYPES } from './custom/cooperation-types.ts';

/** Any STIX object: a JSON record whose common properties, when present, have their STIX types. */
export type StixObject = Record<string, unknown> & {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  created_by_ref?: string;
  revoked?: boolean;
  labels?: string[];
  confidence?: number;
  lang?: string;
  external_references?: ExternalReference[];
  object_marking_refs?: string[];
  granular_markings?: GranularMarking[];
  extensions?: Record<string, Record<string, unknown>>;
};

/** STIX 2.1 §2.5. */
export interface ExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  hashes?: Record<string, string>;
  external_id?: string;
}

/** STIX 2.1 §7.2.3: exactly one of marking_ref and lang. */
export interface GranularMarking {
  selectors: string[];
  marking_ref?: string;
  lang?: string;
}

/** STIX 2.1 §2.7. */
export interface KillChainPhase {
  kill_chain_name: string;
  phase_name: string;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** The STIX 2.1 types of the specification that this node accepts, stores and shares. */
export const CORE_TYPES = [
  'identity',
  'location',
  'incident',
  'threat-actor',
  'intrusion-set',
  'campaign',
  'report',
  'note',
  'sighting',
  'relationship',
  'grouping',
  'indicator',
  'marking-definition',
  'extension-definition',
] as const;

/** Every object type this node accepts, stores and shares: STIX 2.1 types and Sentinelle's own. */
export const SUPPORTED_TYPES = [...CORE_TYPES, ...ANALYSIS_TYPES, ...OPERATIONS_TYPES, ...COOPERATION_TYPES] as const;

export type SupportedType = (typeof SUPPORTED_TYPES)[number];
export type CoreType = (typeof CORE_TYPES)[number];

export function isSupportedType(type: unknown): type is SupportedType {
  return typeof type === 'string' && (SUPPORTED_TYPES as readonly string[]).includes(type);
}

/** The 19 STIX Domain Object types of STIX 2.1 §4. */
export const SDO_TYPES: readonly string[] = [
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
];

export const SRO_TYPES: readonly string[] = ['relationship', 'sighting'];

/** The 18 STIX Cyber-observable Object types of STIX 2.1 §6. */
export const SCO_TYPES: readonly string[] = [
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
];

/** Types that are neither SDOs nor SCOs: what relationship ends may not point at (STIX 2.1 §5.1). */
export const META_TYPES: readonly string[] = [
  'bundle',
  'language-content',
  'marking-definition',
  'extension-definition',
  ...SRO_TYPES,
];

/** The Sentinelle incident extension (fixed id; see src/objects/sentinelle-extension.ts). */
export const SENTINELLE_INCIDENT_EXTENSION_ID = 'extension-definition--2f0e5c1a-7b3d-4c1e-9a6f-5d8e4b3c2a10';

/** OASIS TLP 2.0 extension (cti-stix-common-objects, extension-definition-specifications/tlp-2.0). */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

export interface IdentityObject extends StixObject {
  type: 'identity';
  name: string;
  description?: string;
  roles?: string[];
  identity_class?: string;
  sectors?: string[];
  contact_information?: string;
}

export interface LocationObject extends StixObject {
  type: 'location';
  name?: string;
  latitude?: number;
  longitude?: number;
  precision?: number;
  region?: string;
  /** ISO 3166-1 alpha-2 (STIX 2.1 §4.11). */
  country?: string;
  administrative_area?: string;
  city?: string;
}

export interface IncidentObject extends StixObject {
  type: 'incident';
  name: string;
  description?: string;
  kill_chain_phases?: KillChainPhase[];
}

export interface MarkingDefinitionObject extends StixObject {
  type: 'marking-definition';
  name?: string;
  definition_type?: string;
  definition?: Record<string, unknown>;
}

export interface RelationshipObject extends StixObject {
  type: 'relationship';
  relationship_type: string;
  source_ref: string;
  target_ref: string;
  start_time?: string;
  stop_time?: string;
}

export interface SightingObject extends StixObject {
  type: 'sighting';
  sighting_of_ref: string;
  first_seen?: string;
  last_seen?: string;
  count?: number;
  where_sighted_refs?: string[];
  observed_data_refs?: string[];
  summary?: boolean;
}

export interface ExtensionDefinitionObject extends StixObject {
  type: 'extension-definition';
  name: string;
  schema: string;
  version: string;
  extension_types: string[];
  extension_properties?: string[];
}

/** True for a non-null, non-array object (a JSON object). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Freezes a JSON value and everything inside it (for shared constant objects). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
