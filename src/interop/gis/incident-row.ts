/**
 * An incident flattened for GIS tools: one row of plain values, the same columns in CSV and in
 * GeoJSON properties. Field names are short, lower case and ASCII (Shapefile/GeoPackage friendly).
 */
import { incidentExtension } from '../../objects/sentinelle-extension.ts';
import type { CurrentRecord } from '../../store/records.ts';

export const INCIDENT_COLUMNS = [
  'id',
  'name',
  'event_type',
  'event_subtype',
  'occurred_at',
  'time_precision',
  'latitude',
  'longitude',
  'precision_m',
  'country',
  'admin1',
  'admin2',
  'fatalities',
  'fat_security_forces',
  'fat_civilians',
  'fat_assailants',
  'fat_unknown',
  'injured',
  'source_reliability',
  'information_credibility',
  'source_name',
  'source_reference',
  'tlp',
  'labels',
  'created_by_ref',
  'created',
  'modified',
] as const;

export type IncidentColumn = (typeof INCIDENT_COLUMNS)[number];
export type IncidentRow = Record<IncidentColumn, string | number | null>;

const sum = (c: Record<string, number | undefined> | undefined): number | null =>
  c ? Object.values(c).reduce<number>((a, b) => a + (b ?? 0), 0) : null;

/** The row of a stored incident; null for another type. Missing values are null. */
export function incidentRow(rec: CurrentRecord): IncidentRow | null {
  const o = rec.object as Record<string, unknown>;
  if (o.type !== 'incident') return null;
  const ext = incidentExtension(o);
  const loc = ext?.location;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: String(o.id),
    name: str(o.name),
    event_type: ext?.event_type ?? null,
    event_subtype: ext?.event_subtype ?? null,
    occurred_at: ext?.occurred_at ?? null,
    time_precision: ext?.time_precision ?? null,
    latitude: loc?.lat ?? null,
    longitude: loc?.lon ?? null,
    precision_m: loc?.precision_m ?? null,
    country: loc?.country ?? rec.fields.country ?? null,
    admin1: loc?.admin1 ?? null,
    admin2: loc?.admin2 ?? null,
    fatalities: sum(ext?.fatalities),
    fat_security_forces: ext?.fatalities?.security_forces ?? null,
    fat_civilians: ext?.fatalities?.civilians ?? null,
    fat_assailants: ext?.fatalities?.assailants ?? null,
    fat_unknown: ext?.fatalities?.unknown ?? null,
    injured: sum(ext?.injured),
    source_reliability: ext?.source_reliability ?? null,
    information_credibility: ext?.information_credibility ?? null,
    source_name: ext?.source?.name ?? null,
    source_reference: ext?.source?.reference ?? null,
    tlp: rec.fields.tlp ?? null,
    labels: Array.isArray(o.labels)
      ? o.labels.filter((l): l is string => typeof l === 'string').join(';')
      : null,
    created_by_ref: str(o.created_by_ref),
    created: str(o.created),
    modified: str(o.modified),
  };
}
