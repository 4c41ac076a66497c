/**
 * What the store indexes about a STIX object, besides the object itself: the columns used by
 * filters, access checks and search. Computed here (objects know their own shape), stored by
 * src/store/records.ts.
 */
import { foldText } from '../core/text.ts';
import { alpha2ToAlpha3, isAlpha3 } from './countries.ts';
import { parseRelTo, tlpOf } from './markings.ts';
import { incidentExtension, type IncidentExtension } from './sentinelle-extension.ts';
import type { StixObject } from './stix.ts';

export type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

export interface IndexFields {
  type: string;
  created: string; // RFC 3339 exactly as in the object
  modified: string; // RFC 3339 exactly as in the object
  revoked: boolean;
  createdByRef: string | null;
  tlp: Tlp | null;
  /** ISO 3166-1 alpha-3 codes from REL TO statement markings; empty = no releasability statement. */
  relTo: string[];
  labels: string[];
  markingRefs: string[];
  country: string | null; // ISO 3166-1 alpha-3
  admin1: string | null;
  admin2: string | null;
  lat: number | null;
  lon: number | null;
  /** When the event happened (incidents: occurred_at), else null. RFC 3339. */
  eventTime: string | null;
  /** Names, descriptions, aliases...: lower-cased, accents folded (see foldText), space-joined. */
  searchText: string;
}

/** A marking-definition by id (stored, or built in like the TLP markings), or undefined. */
export type MarkingLookup = (id: string) => StixObject | Record<string, unknown> | undefined;

/**
 * Intersection of the REL TO statements among the object's markings: each one restricts who may
 * receive the object, so together they allow only the countries all of them name. Contradictory
 * statements (nothing in common) yield `['ZZZ']`, an ISO user-assigned code no partner has, so the
 * object is released to nobody rather than to everybody.
 */
function relToOf(markingRefs: readonly string[], lookup: MarkingLookup): string[] {
  let allowed: Set<string> | null = null;
  for (const id of markingRefs) {
    const codes = parseRelTo(lookup(id));
    if (codes === null) continue;
    allowed = allowed === null ? new Set(codes) : new Set(codes.filter((x) => allowed?.has(x)));
  }
  if (allowed === null) return [];
  return allowed.size > 0 ? [...allowed].sort() : [REL_TO_NOBODY];
}

/** The releasability of contradictory REL TO statements (see relToOf). */
export const REL_TO_NOBODY = 'ZZZ';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
}

function text(value: unknown): string[] {
  return typeof value === 'string' ? [value] : [];
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

interface Place {
  country: string | null;
  admin1: string | null;
  admin2: string | null;
  lat: number | null;
  lon: number | null;
}

const NO_PLACE: Place = { country: null, admin1: null, admin2: null, lat: null, lon: null };

/** Where the object is: the incident extension's location, or a location object's own fields. */
function placeOf(obj: StixObject, ext: IncidentExtension | undefined): Place {
  if (ext) {
    const l = ext.location;
    return {
      country: l.country,
      admin1: l.admin1 ?? null,
      admin2: l.admin2 ?? null,
      lat: l.lat ?? null,
      lon: l.lon ?? null,
    };
  }
  if (obj.type === 'location') {
    // STIX location countries are alpha-2 (§4.11); the index speaks alpha-3.
    const raw = typeof obj.country === 'string' ? obj.country : null;
    const country = raw === null ? null : isAlpha3(raw) ? raw : (alpha2ToAlpha3(raw) ?? null);
    const admin1 = typeof obj.administrative_area === 'string' ? obj.administrative_area : null;
    return { country, admin1, admin2: null, lat: finite(obj.latitude), lon: finite(obj.longitude) };
  }
  if (obj.type.startsWith('x-sentinelle-')) {
    // Sentinelle's custom types place themselves by convention: `location: {lat, lon}`, `country`
    // (ISO 3166-1 alpha-3) and `admin1`, all optional.
    const loc = obj.location;
    const point = loc !== null && typeof loc === 'object' ? (loc as Record<string, unknown>) : {};
    const country = typeof obj.country === 'string' && isAlpha3(obj.country) ? obj.country : null;
    const admin1 = typeof obj.admin1 === 'string' ? obj.admin1 : null;
    return { country, admin1, admin2: null, lat: finite(point.lat), lon: finite(point.lon) };
  }
  return NO_PLACE;
}

/** When a custom Sentinelle object is about, by convention `event_time`, else `period_start`. */
function customEventTime(obj: StixObject): string | null {
  if (!obj.type.startsWith('x-sentinelle-')) return null;
  if (typeof obj.event_time === 'string') return obj.event_time;
  return typeof obj.period_start === 'string' ? obj.period_start : null;
}

/**
 * The columns the store indexes for a (validated) STIX object. `markingLookup` resolves the
 * object's marking refs so that REL TO statements can be read; unresolved refs are skipped.
 * searchText folds name, description, aliases, a note's abstract and content, and the incident's
 * admin names.
 */
export function indexFields(obj: StixObject, markingLookup: MarkingLookup): IndexFields {
  const ext = obj.type === 'incident' ? incidentExtension(obj) : undefined;
  const markingRefs = strings(obj.object_marking_refs);
  const place = placeOf(obj, ext);
  const created = typeof obj.created === 'string' ? obj.created : '';
  const firstSeen =
    (obj.type === 'incident' || obj.type === 'campaign') && typeof obj.first_seen === 'string'
      ? obj.first_seen
      : null;
  const search = [
    ...text(obj.name),
    ...text(obj.description),
    ...strings(obj.aliases),
    ...(obj.type === 'note' ? [...text(obj.abstract), ...text(obj.content)] : []),
    ...(ext
      ? [ext.location.admin1, ext.location.admin2].filter((x): x is string => typeof x === 'string')
      : []),
  ];
  return {
    type: obj.type,
    created,
    // Marking definitions have no `modified` (STIX 2.1 §7.2.1): their only version is the created one.
    modified: typeof obj.modified === 'string' ? obj.modified : created,
    revoked: obj.revoked === true,
    createdByRef: typeof obj.created_by_ref === 'string' ? obj.created_by_ref : null,
    tlp: tlpOf(obj),
    relTo: relToOf(markingRefs, markingLookup),
    labels: strings(obj.labels),
    markingRefs,
    ...place,
    eventTime: ext?.occurred_at ?? firstSeen ?? customEventTime(obj),
    searchText: foldText(search.join(' ')),
  };
}
