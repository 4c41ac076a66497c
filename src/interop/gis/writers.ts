/**
 * CSV (RFC 4180) and GeoJSON (RFC 7946) writers for incident rows, as text chunks so a whole
 * store streams without being held in memory.
 */
import { INCIDENT_COLUMNS, type IncidentRow } from './incident-row.ts';

/**
 * One CSV field. Text starting with = + - @ or a tab/CR is prefixed with an apostrophe: a
 * spreadsheet would run it as a formula (OWASP "CSV injection"). Numbers are written as numbers.
 */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV text: the header line, then one line per row (CRLF, RFC 4180 §2.1), and a `wkt` point column QGIS reads. */
export async function* csvChunks(rows: AsyncIterable<IncidentRow>): AsyncGenerator<string> {
  yield [...INCIDENT_COLUMNS, 'wkt'].join(',') + '\r\n';
  let buf = '';
  for await (const r of rows) {
    const wkt = r.longitude !== null && r.latitude !== null ? `POINT (${r.longitude} ${r.latitude})` : '';
    buf += [...INCIDENT_COLUMNS.map((c) => csvField(r[c])), csvField(wkt)].join(',') + '\r\n';
    if (buf.length > 64_000) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/**
 * A GeoJSON FeatureCollection: Point geometry [longitude, latitude] (RFC 7946 §3.1.2, WGS84), or
 * `null` geometry for an incident located only by country (§3.2 allows it). Feature ids are the
 * STIX ids.
 */
export async function* geojsonChunks(rows: AsyncIterable<IncidentRow>): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  let buf = '';
  for await (const r of rows) {
    const geometry =
      r.longitude !== null && r.latitude !== null
        ? { type: 'Point', coordinates: [r.longitude, r.latitude] }
        : null;
    buf += (first ? '\n' : ',\n') + JSON.stringify({ type: 'Feature', id: r.id, geometry, properties: r });
    first = false;
    if (buf.length > 64_000) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}\n]}\n`;
}
