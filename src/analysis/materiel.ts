/**
 * Arms tracing identifiers: serial numbers, manufacturer marks with lot/year marks, and
 * ammunition headstamps, normalised so that "AK-47 n° 12 345", "ak47 12345" compare as written by
 * different services. The index (`analysis_materiel`) is filled by the correlation worker from
 * every current incident; `findMaterielMatches` looks identifiers up in it (used by the worker and
 * by the cooperation ledger: a lost or delivered item's serial seen in a seizure or an incident).
 */
import type { Queryable } from '../store/db.ts';

export type IdentifierKind = 'serial' | 'marks_lot' | 'headstamp';

/** One materiel description, as in the incident extension's `materiel` items (all optional). */
export interface MaterielIdentifiers {
  serial_number?: string | undefined;
  manufacturer_marks?: string | undefined;
  lot_year?: string | undefined;
  headstamp?: string | undefined;
}

export interface IdentifierKey {
  kind: IdentifierKind;
  /** Normalised value; for marks_lot, `<marks>|<lot>`. */
  value: string;
  /** As written (for people), e.g. "AK-47 12 345". */
  label: string;
}

/** Values that say "no identifier" in the partners' reports: never matched. */
const PLACEHOLDERS = new Set([
  'NA',
  'NAN',
  'NONE',
  'NULL',
  'UNKNOWN',
  'INCONNU',
  'INCONNUE',
  'ND',
  'NR',
  'AUCUN',
  'AUCUNE',
  'SANS',
  'EFFACE',
  'LIME',
  'ILLISIBLE',
]);

/**
 * Upper case, accents removed, and every character that is not a letter or a digit dropped
 * (spaces, dashes, dots, slashes, "n°"). Returns null for values too short to identify anything
 * (fewer than 3 characters) and for placeholders such as "N/A" or "inconnu".
 */
export function normaliseIdentifier(raw: string | undefined | null): string | null {
  if (typeof raw !== 'string') return null;
  const v = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/N°|NO\.|#/g, '')
    .replace(/[^A-Z0-9]/g, '');
  if (v.length < 3 || PLACEHOLDERS.has(v) || /^0+$/.test(v)) return null;
  return v;
}

/** The identifier keys of one materiel item (0 to 3). */
export function identifierKeys(item: MaterielIdentifiers): IdentifierKey[] {
  const out: IdentifierKey[] = [];
  const serial = normaliseIdentifier(item.serial_number);
  if (serial) out.push({ kind: 'serial', value: serial, label: item.serial_number!.trim() });
  const marks = normaliseIdentifier(item.manufacturer_marks);
  // A lot/year mark alone ("1984") identifies nothing; with the manufacturer's marks it does.
  const lot = typeof item.lot_year === 'string' ? item.lot_year.toUpperCase().replace(/[^A-Z0-9]/g, '') : '';
  if (marks && lot)
    out.push({
      kind: 'marks_lot',
      value: `${marks}|${lot}`,
      label: `${item.manufacturer_marks!.trim()} / ${item.lot_year!.trim()}`,
    });
  const head = normaliseIdentifier(item.headstamp);
  if (head) out.push({ kind: 'headstamp', value: head, label: item.headstamp!.trim() });
  return out;
}

/** Distinct keys of several items. */
export function keysOfItems(items: readonly MaterielIdentifiers[]): IdentifierKey[] {
  const seen = new Map<string, IdentifierKey>();
  for (const item of items) for (const k of identifierKeys(item)) seen.set(`${k.kind}:${k.value}`, k);
  return [...seen.values()];
}

export interface MaterielMatch {
  recordId: string;
  kind: IdentifierKind;
  /** Normalised identifier that matched. */
  value: string;
  /** The identifier as that record wrote it. */
  label: string;
  /** Who reported it (created_by_ref, or the origin of records without one). */
  provenance: string;
  origin: string;
  eventTime: string | null;
  country: string | null;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
}

/**
 * Stored current incidents carrying any of these identifiers (normalised as above), oldest
 * event first; at most `limit` (default 100) rows. Only incidents the correlation worker has
 * already indexed are found (it follows the change feed within seconds of a write).
 */
export async function findMaterielMatches(
  db: Queryable,
  identifiers: readonly MaterielIdentifiers[],
  options: { limit?: number; excludeRecordId?: string } = {},
): Promise<MaterielMatch[]> {
  return matchesByKeys(db, keysOfItems(identifiers), options);
}

/** Like findMaterielMatches, for identifiers already normalised. */
export async function matchesByKeys(
  db: Queryable,
  keys: readonly Pick<IdentifierKey, 'kind' | 'value'>[],
  options: { limit?: number; excludeRecordId?: string } = {},
): Promise<MaterielMatch[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<{
    record_id: string;
    kind: IdentifierKind;
    value: string;
    label: string;
    provenance: string;
    origin: string | null;
    event_time: string | null;
    country: string | null;
    admin1: string | null;
    lat: number | null;
    lon: number | null;
  }>(
    `SELECT m.record_id, m.kind, m.value, m.label, m.provenance, i.origin,
       to_char(i.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS event_time,
       i.country, i.admin1, i.lat, i.lon
     FROM analysis_materiel m
     JOIN unnest($1::text[], $2::text[]) AS k(kind, value) ON m.kind = k.kind AND m.value = k.value
     LEFT JOIN analysis_incidents i ON i.id = m.record_id
     WHERE m.record_id <> $3
     ORDER BY i.event_time NULLS LAST, m.record_id
     LIMIT $4`,
    [keys.map((k) => k.kind), keys.map((k) => k.value), options.excludeRecordId ?? '', options.limit ?? 100],
  );
  return rows.map((r) => ({
    recordId: r.record_id,
    kind: r.kind,
    value: r.value,
    label: r.label,
    provenance: r.provenance,
    origin: r.origin ?? '',
    eventTime: r.event_time,
    country: r.country,
    admin1: r.admin1,
    lat: r.lat,
    lon: r.lon,
  }));
}
