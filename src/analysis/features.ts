/** What correlation compares of an incident, read once from its stored record. */
import { incidentExtension } from '../objects/sentinelle-extension.ts';
import type { StixObject } from '../objects/stix.ts';
import type { CurrentRecord } from '../store/records.ts';
import { keysOfItems, type IdentifierKey } from './materiel.ts';

export interface IncidentFeatures {
  id: string;
  /** Who reported it: created_by_ref (a partner's identity, the UCDP source…), else `origin:<origin>`. */
  provenance: string;
  origin: string;
  /** Epoch milliseconds. */
  time: number;
  lat: number | null;
  lon: number | null;
  /** PRIO-GRID cell id (0.5°), or null without coordinates. */
  cell: number | null;
  country: string | null;
  admin1: string | null;
  eventType: string;
  /** Sum of the fatality counts, or null when none were given. */
  fatalities: number | null;
  actorRefs: string[];
  materiel: IdentifierKey[];
  seq: number;
}

/** PRIO-GRID cell id (row-major from the south-west corner, 720 columns, from 1) of a point. */
export function cellOf(lat: number, lon: number): number {
  const row = Math.min(359, Math.floor((lat + 90) * 2));
  const col = Math.min(719, Math.floor((lon + 180) * 2));
  return row * 720 + col + 1;
}

/** Cells whose area may hold points within `km` of (lat, lon). */
export function cellsAround(lat: number, lon: number, km: number): number[] {
  const dLat = km / 111.0;
  const cos = Math.max(0.05, Math.cos((Math.min(89, Math.abs(lat) + dLat) * Math.PI) / 180));
  const dLon = km / (111.32 * cos);
  const r0 = Math.max(0, Math.floor((lat - dLat + 90) * 2));
  const r1 = Math.min(359, Math.floor((lat + dLat + 90) * 2));
  const c0 = Math.floor((lon - dLon + 180) * 2);
  const c1 = Math.floor((lon + dLon + 180) * 2);
  const out: number[] = [];
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) out.push(r * 720 + (((c % 720) + 720) % 720) + 1);
  }
  return out;
}

/** The features of a current incident record, or null for anything else (other types, revoked, no extension). */
export function featuresOf(rec: CurrentRecord): IncidentFeatures | null {
  return featuresOfObject(rec.object as StixObject, rec.origin, rec.seq);
}

/** The features of an incident object stored with this origin at this feed position (benchmarks seed the index with it). */
export function featuresOfObject(obj: StixObject, origin: string, seq: number): IncidentFeatures | null {
  if (obj.type !== 'incident' || obj.revoked === true) return null;
  const ext = incidentExtension(obj);
  if (!ext) return null;
  const time = Date.parse(ext.occurred_at);
  if (!Number.isFinite(time)) return null;
  const { lat, lon } = ext.location;
  const hasPoint = typeof lat === 'number' && typeof lon === 'number';
  const counts = ext.fatalities
    ? Object.values(ext.fatalities).filter((n): n is number => typeof n === 'number')
    : [];
  return {
    id: String(obj.id),
    provenance: typeof obj.created_by_ref === 'string' ? obj.created_by_ref : `origin:${origin}`,
    origin,
    time,
    lat: hasPoint ? lat : null,
    lon: hasPoint ? lon : null,
    cell: hasPoint ? cellOf(lat, lon) : null,
    country: ext.location.country ?? null,
    admin1: ext.location.admin1 ?? null,
    eventType: ext.event_type,
    fatalities: counts.length ? counts.reduce((a, b) => a + b, 0) : null,
    actorRefs: [...new Set(ext.actor_refs ?? [])].sort(),
    materiel: keysOfItems(ext.materiel ?? []),
    seq,
  };
}
