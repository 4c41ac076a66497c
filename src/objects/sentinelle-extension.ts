/**
 * The Sentinelle incident extension: a STIX 2.1 property-extension (§7.3) carried by incidents
 * under `extensions["extension-definition--2f0e5c1a-…"]`, giving what STIX 2.1's incident stub lacks
 * for field reports: event class, time and precision, place, casualties, actors, grading and
 * materiel. Its shape is fixed (other modules and partner nodes rely on it); this file holds its
 * extension-definition object, its TypeScript type and its validator.
 */
import {
  Checker,
  closed,
  int,
  list,
  nameStr,
  num,
  objectOf,
  refList,
  str,
  timestamp,
  url,
} from './checks.ts';
import type { Check } from './checks.ts';
import { isAlpha3 } from './countries.ts';
import { deepFreeze, isRecord, SENTINELLE_INCIDENT_EXTENSION_ID, type StixObject } from './stix.ts';
import { EVENT_TYPES, isEventSubtype, isEventType, subtypesOf, type EventType } from './taxonomy.ts';
import { pointer, type Issue } from '../core/errors.ts';

export { SENTINELLE_INCIDENT_EXTENSION_ID };

/** The identity that publishes Sentinelle's shared definitions (extension, taxonomy). */
export const SENTINELLE_IDENTITY_ID = 'identity--8e2f4c7a-3b1d-4e5f-a6c9-0d2b7e4f1a35';

export const SENTINELLE_IDENTITY: StixObject = deepFreeze({
  type: 'identity',
  spec_version: '2.1',
  id: SENTINELLE_IDENTITY_ID,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'Sentinelle',
  description: 'Plateforme fédérée d’échange de rapports d’incidents de sécurité (STIX 2.1 / TAXII 2.1).',
  identity_class: 'organization',
  lang: 'fr',
});

export const TIME_PRECISIONS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];

/** Source reliability (Admiralty grading as used by the partners): A–D, X = cannot be judged. */
export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'D', 'X'] as const;
export type SourceReliability = (typeof SOURCE_RELIABILITY)[number];

export const CASUALTY_CATEGORIES = ['security_forces', 'civilians', 'assailants', 'unknown'] as const;
export type CasualtyCounts = Partial<Record<(typeof CASUALTY_CATEGORIES)[number], number>>;

export const MATERIEL_CATEGORIES = [
  'small_arm',
  'light_weapon',
  'heavy_weapon',
  'ammunition',
  'explosive',
  'ied_component',
  'vehicle',
  'communication_equipment',
  'other',
] as const;
export type MaterielCategory = (typeof MATERIEL_CATEGORIES)[number];

export interface MaterielItem {
  category: MaterielCategory;
  model?: string;
  manufacturer_marks?: string;
  serial_number?: string;
  lot_year?: string;
  headstamp?: string;
  quantity?: number;
}

export interface IncidentLocation {
  lat?: number;
  lon?: number;
  precision_m?: number;
  /** ISO 3166-1 alpha-3. */
  country: string;
  admin1?: string;
  admin2?: string;
}

export interface IncidentExtension {
  extension_type: 'property-extension';
  event_type: EventType;
  event_subtype?: string;
  occurred_at: string;
  time_precision: TimePrecision;
  location: IncidentLocation;
  fatalities?: CasualtyCounts;
  injured?: CasualtyCounts;
  actor_refs?: string[];
  source_reliability: SourceReliability;
  information_credibility: 1 | 2 | 3 | 4;
  source?: { name: string; reference?: string; url?: string };
  materiel?: MaterielItem[];
}

/** Properties an incident extension must have (the property test drops each in turn). */
export const INCIDENT_EXTENSION_REQUIRED = [
  'extension_type',
  'event_type',
  'occurred_at',
  'time_precision',
  'location',
  'source_reliability',
  'information_credibility',
] as const;

/** The extension-definition object (STIX 2.1 §7.3) that incidents' extension key refers to. */
export const SENTINELLE_INCIDENT_EXTENSION: StixObject = deepFreeze({
  type: 'extension-definition',
  spec_version: '2.1',
  id: SENTINELLE_INCIDENT_EXTENSION_ID,
  created_by_ref: SENTINELLE_IDENTITY_ID,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'Sentinelle incident',
  description:
    'Adds to STIX 2.1 incidents the event class, time, place, casualties, actors, source grading and materiel of a security incident report.',
  schema:
    'Property-extension of incident. Properties: event_type (closed: battle, explosion_remote_violence, ' +
    'violence_against_civilians, armed_attack_security_forces, arms_seizure, trafficking_interdiction, kidnapping, ' +
    'ied_found, other); event_subtype (closed per event_type, optional); occurred_at (RFC 3339 UTC); time_precision ' +
    '(minute|hour|day|week|month|year); location {lat -90..90, lon -180..180, precision_m >= 0, country ISO 3166-1 ' +
    'alpha-3, admin1, admin2}; fatalities and injured {security_forces, civilians, assailants, unknown: integers >= 0}; ' +
    'actor_refs (threat-actor, intrusion-set or identity ids); source_reliability (A|B|C|D|X); information_credibility ' +
    '(1..4); source {name, reference, url} (optional); materiel [{category, model, manufacturer_marks, serial_number, ' +
    'lot_year, headstamp, quantity}] (optional). Taxonomy: docs/taxonomy.md of the Sentinelle repository.',
  version: '1.0.0',
  extension_types: ['property-extension'],
});

const casualties: Check = objectOf(
  'casualties',
  Object.fromEntries(CASUALTY_CATEGORIES.map((k) => [k, int(0, 1_000_000)])),
);

const country: Check = (c, v, path) => {
  if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
  if (!isAlpha3(v)) c.add(path, 'incident_ext.invalid_country', { value: v.slice(0, 50) });
};

const locationShape: Check = objectOf(
  'location',
  {
    lat: num(-90, 90),
    lon: num(-180, 180),
    // Half the Earth's circumference: anything larger says nothing about the place.
    precision_m: num(0, 20_000_000),
    country,
    admin1: str({ max: 200, nonEmpty: true }),
    admin2: str({ max: 200, nonEmpty: true }),
  },
  ['country'],
);

/** Coordinates come in pairs; a precision needs coordinates to be precise about. */
const location: Check = (c, v, path, ctx) => {
  locationShape(c, v, path, ctx);
  if (!isRecord(v)) return;
  const hasLat = 'lat' in v;
  const hasLon = 'lon' in v;
  if (hasLat !== hasLon)
    c.add(pointer(path, hasLat ? 'lon' : 'lat'), 'stix.properties_together', { a: 'lat', b: 'lon' });
  if ('precision_m' in v && !hasLat && !hasLon) {
    c.add(pointer(path, 'precision_m'), 'stix.requires', { property: 'precision_m', requires: 'lat, lon' });
  }
};

const materielItem: Check = objectOf(
  'materiel',
  {
    category: closed(MATERIEL_CATEGORIES),
    model: str({ max: 200, nonEmpty: true }),
    manufacturer_marks: str({ max: 500 }),
    serial_number: str({ max: 200 }),
    lot_year: str({ max: 50 }),
    headstamp: str({ max: 200 }),
    quantity: int(1, 1_000_000),
  },
  ['category'],
);

const extensionShape: Check = objectOf(
  'sentinelle-incident',
  {
    extension_type: closed(['property-extension']),
    event_type: closed(EVENT_TYPES),
    event_subtype: str({ max: 100 }),
    occurred_at: timestamp,
    time_precision: closed(TIME_PRECISIONS),
    location,
    fatalities: casualties,
    injured: casualties,
    actor_refs: refList(['threat-actor', 'intrusion-set', 'identity'], undefined, 1_000),
    source_reliability: closed(SOURCE_RELIABILITY),
    information_credibility: int(1, 4),
    source: objectOf('source', { name: nameStr, reference: str({ max: 1_000 }), url }, ['name']),
    materiel: list(materielItem, 1_000),
  },
  INCIDENT_EXTENSION_REQUIRED,
);

/** Checks the extension object found at `path` (an incident's `extensions[<Sentinelle id>]`). */
export const checkIncidentExtension: Check = (c, v, path, ctx) => {
  extensionShape(c, v, path, ctx);
  if (!isRecord(v)) return;
  const { event_type: type, event_subtype: subtype } = v;
  // The sub-type is judged only against a valid event type, so one mistake gives one issue.
  if (typeof subtype === 'string' && isEventType(type) && !isEventSubtype(type, subtype)) {
    c.add(pointer(path, 'event_subtype'), 'incident_ext.invalid_subtype', {
      value: subtype.slice(0, 100),
      event_type: type,
      values: subtypesOf(type).join(', '),
    });
  }
};

/** Validates an incident extension value on its own (paths relative to it). */
export function validateIncidentExtension(value: unknown): Issue[] {
  const c = new Checker();
  checkIncidentExtension(c, value, '', { root: isRecord(value) ? value : {}, type: 'incident' });
  return c.issues;
}

/**
 * The Sentinelle extension of an incident, typed; undefined when the object has none or when it
 * does not validate (so a caller never reads a malformed extension as if it were sound).
 */
export function incidentExtension(obj: StixObject | Record<string, unknown>): IncidentExtension | undefined {
  const exts = obj.extensions;
  if (!isRecord(exts)) return undefined;
  const ext = exts[SENTINELLE_INCIDENT_EXTENSION_ID];
  if (ext === undefined || validateIncidentExtension(ext).length > 0) return undefined;
  return ext as unknown as IncidentExtension;
}

/** Short aliases. */
export const EXT_ID = SENTINELLE_INCIDENT_EXTENSION_ID;
export const SENTINELLE_EXTENSION_DEFINITION = SENTINELLE_INCIDENT_EXTENSION;
