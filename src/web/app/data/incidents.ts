/**
 * Incidents as the map, the feed and the analytics read them: a flat view of a STIX incident and
 * its Sentinelle extension (the fixed shape of src/objects/sentinelle-extension.ts), the map
 * filters, and how they become an /api/v1/objects query.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { IncidentExtension } from '../../../objects/sentinelle-extension.ts';
import type { RecordItem } from '../api.ts';
import { CASUALTY_CATEGORIES, EXT_ID, isFlash, type TimePrecision, type Tlp } from '../constants.ts';

export interface IncidentView {
  id: string;
  name: string;
  eventType: string;
  eventSubtype: string | undefined;
  occurredAt: string | undefined;
  precision: TimePrecision | undefined;
  lat: number | undefined;
  lon: number | undefined;
  country: string | undefined;
  admin1: string | undefined;
  admin2: string | undefined;
  fatalities: number;
  injured: number;
  tlp: Tlp | null;
  relTo: string[];
  origin: string;
  /** Threat actors and intrusion sets the incident is attributed to (extension actor_refs). */
  actorRefs: string[];
  labels: string[];
  flash: boolean;
  revoked: boolean;
  modified: string | undefined;
  seq: number;
}

const sum = (c: Partial<Record<string, number>> | undefined) => CASUALTY_CATEGORIES.reduce((s, k) => s + (c?.[k] ?? 0), 0);

/** The extension of an incident object, when present (shape checked by the node on write). */
export function extensionOf(object: Record<string, unknown>): Partial<IncidentExtension> | undefined {
  const exts = object.extensions as Record<string, unknown> | undefined;
  const ext = exts?.[EXT_ID];
  return typeof ext === 'object' && ext !== null ? (ext) : undefined;
}

/** The view of a record, or null when it is not an incident. */
export function toIncidentView(item: RecordItem): IncidentView | null {
  const o = item.object;
  if (o.type !== 'incident') return null;
  const ext = extensionOf(o);
  const loc = ext?.location;
  return {
    id: o.id,
    name: typeof o.name === 'string' ? o.name : '',
    eventType: ext?.event_type ?? 'other',
    eventSubtype: ext?.event_subtype,
    occurredAt: ext?.occurred_at,
    precision: ext?.time_precision,
    lat: typeof loc?.lat === 'number' ? loc.lat : undefined,
    lon: typeof loc?.lon === 'number' ? loc.lon : undefined,
    country: loc?.country ?? item.meta.country ?? undefined,
    admin1: loc?.admin1 ?? item.meta.admin1 ?? undefined,
    admin2: loc?.admin2,
    fatalities: sum(ext?.fatalities),
    injured: sum(ext?.injured),
    tlp: (item.meta.tlp as Tlp | null) ?? null,
    relTo: item.meta.rel_to ?? [],
    origin: item.meta.origin,
    actorRefs: Array.isArray(ext?.actor_refs) ? ext.actor_refs.filter((r): r is string => typeof r === 'string') : [],
    labels: Array.isArray(o.labels) ? o.labels : [],
    flash: isFlash(o.labels),
    revoked: o.revoked === true,
    modified: o.modified,
    seq: item.meta.seq,
  };
}

export const WINDOWS = ['24h', '7d', '30d', '90d', '1y', 'all'] as const;
export type WindowKey = (typeof WINDOWS)[number];
const WINDOW_MS: Readonly<Record<WindowKey, number | null>> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
  '1y': 365 * 86_400_000,
  all: null,
};

export interface MapFilters {
  window: WindowKey;
  type: string;
  tlp: Tlp | '';
  country: string;
  admin1: string;
  /** 'local' or a partner node id; '' for every origin. */
  origin: string;
  /** A threat-actor or intrusion-set id the incident is attributed to. */
  actor: string;
}

export const DEFAULT_FILTERS: MapFilters = {
  window: 'all',
  type: '',
  tlp: '',
  country: '',
  admin1: '',
  origin: '',
  actor: '',
};

/** Filters applied in the page (the API does not index them): the rest go to /api/v1/objects. */
export type ServerFilters = Omit<MapFilters, 'type' | 'actor'>;

/** Start of the time window, or undefined for "all". */
export function windowStart(window: WindowKey, now: number): string | undefined {
  const ms = WINDOW_MS[window];
  return ms === null ? undefined : new Date(now - ms).toISOString();
}

/** Query parameters of /api/v1/objects for the filters (event time, newest first). */
export function filterQuery(f: ServerFilters, now: number): Record<string, string | undefined> {
  return {
    type: 'incident',
    from: windowStart(f.window, now),
    time_field: f.window === 'all' ? undefined : 'event_time',
    tlp: f.tlp || undefined,
    country: f.country || undefined,
    admin1: f.admin1 || undefined,
    origin: f.origin || undefined,
    order: 'event_time_desc',
  };
}

/** Whether an incident that arrived live belongs on the map under the current filters. */
export function matchesFilters(v: IncidentView, f: MapFilters, now: number): boolean {
  if (v.revoked) return false;
  if (f.type && v.eventType !== f.type) return false;
  if (f.tlp && v.tlp !== f.tlp) return false;
  if (f.country && v.country !== f.country) return false;
  if (f.admin1 && v.admin1 !== f.admin1) return false;
  if (f.origin && v.origin !== f.origin) return false;
  if (f.actor && !v.actorRefs.includes(f.actor)) return false;
  const from = windowStart(f.window, now);
  if (from && (!v.occurredAt || v.occurredAt < from)) return false;
  return true;
}

/** GeoJSON points for MapLibre (RFC 7946 positions are [lon, lat]). */
export function toFeatureCollection(views: readonly IncidentView[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: views
      .filter((v) => v.lat !== undefined && v.lon !== undefined)
      .map((v) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [v.lon!, v.lat!] },
        properties: { id: v.id, event_type: v.eventType, origin: v.origin, fatalities: v.fatalities, flash: v.flash },
      })),
  };
}
