/**
 * Events for forecasting: one row per event with the month it starts in (`date_start`, as UCDP
 * GED's own monthly aggregates do), its place, type and deaths (`best`). Read from a UCDP GED CSV
 * (both shapes the importer accepts) or from the node's stored incidents.
 */
import { DomainError, type Issue } from '../../core/errors.ts';
import { openCsv, type CsvSource } from '../../imports/csv.ts';
import { detectShape, missingColumns, parseUcdpRow } from '../../imports/ucdp-row.ts';
import './messages.ts';

export interface ForecastEvent {
  /** Months since year 0: year · 12 + (month − 1). */
  month: number;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-3. */
  country: string;
  deaths: number;
  /** UCDP type of violence (1 state-based, 2 non-state, 3 one-sided), 0 when unknown. */
  type: 0 | 1 | 2 | 3;
}

export const monthIndex = (year: number, month1: number): number => year * 12 + month1 - 1;
export const monthOfDay = (day: string): number =>
  monthIndex(Number(day.slice(0, 4)), Number(day.slice(5, 7)));
export const monthLabel = (m: number): string =>
  `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` → month index, or null. */
export function parseMonth(s: string): number | null {
  const m = MONTH_RE.exec(s.trim());
  return m ? monthIndex(Number(m[1]), Number(m[2])) : null;
}

/** Bad rows reported in an error: enough to fix a file, never the whole file. */
const MAX_REPORTED = 20;

/**
 * Reads every event of a GED CSV. Any bad row (missing column, bad date, coordinates, count,
 * unknown country) is an error naming its line and field: an evaluation on silently thinned data
 * would mislead. Throws DomainError `forecast.bad_events` with up to 20 issues.
 */
export async function readGedEvents(source: CsvSource): Promise<ForecastEvent[]> {
  const table = await openCsv(source);
  const shape = detectShape(table.header);
  const missing = missingColumns(table.header, shape);
  if (missing.length) {
    await table.close();
    throw new DomainError(
      'invalid',
      'import.missing_columns',
      missing.map((column) => ({
        path: `/columns/${column}`,
        code: 'import.missing_column',
        params: { column },
      })),
      { columns: missing.join(', ') },
    );
  }
  const events: ForecastEvent[] = [];
  const issues: Issue[] = [];
  let badRows = 0;
  for await (const row of table.rows) {
    if (row.error) {
      badRows++;
      if (issues.length < MAX_REPORTED) {
        issues.push({
          path: `/rows/${row.line}`,
          code: row.error,
          params: { line: row.line, count: row.fieldCount, expected: table.header.length },
        });
      }
      continue;
    }
    const parsed = parseUcdpRow(row, shape);
    if (!parsed.ok) {
      badRows++;
      for (const i of parsed.issues) {
        if (issues.length < MAX_REPORTED) {
          issues.push({
            path: `/rows/${i.line}/${i.field}`,
            code: i.code,
            ...(i.params ? { params: i.params } : {}),
          });
        }
      }
      continue;
    }
    const ev = parsed.event;
    events.push({
      month: monthOfDay(ev.date),
      lat: ev.lat,
      lon: ev.lon,
      country: ev.country,
      deaths: ev.best,
      type: ev.typeOfViolence,
    });
  }
  if (badRows) {
    const first = issues[0];
    throw new DomainError('invalid', 'forecast.bad_events', issues, {
      rows: badRows,
      line: Number(first?.params?.line ?? 0),
      field: String(first?.params?.field ?? ''),
    });
  }
  return events;
}
