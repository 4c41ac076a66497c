/**
 * ACLED CSV exports → STIX 2.1 incidents with the Sentinelle extension, plus actor objects.
 * Ids are UUIDv5 over `event_id_cnty`, so re-importing an export updates the same records;
 * `modified` is ACLED's own `timestamp` (last change of the row), so an unchanged row is an
 * unchanged object and a row ACLED revised becomes a new version.
 */
import { DomainError } from '../core/errors.ts';
import { SENTINELLE_NAMESPACE, stixIdV5 } from '../objects/ids.ts';
import type { StixObject } from '../objects/stix.ts';
import { fromAcled } from '../objects/taxonomy.ts';
import { parseTimestamp } from '../objects/timestamps.ts';
import { acledActorObject, acledIncident, type AcledMapContext } from './acled-map.ts';
import { acledMissingColumns, parseAcledRow } from './acled-row.ts';
import type { RowIssue } from './ucdp-row.ts';
import type { UcdpInput } from './ucdp.ts';
import './messages.ts';

export interface AcledImportOptions extends Omit<AcledMapContext, 'tlp'> {
  tlp?: AcledMapContext['tlp'];
  /** Row issues kept in the report (the count is always exact). Default 1000. */
  maxIssues?: number;
}

export interface AcledImportReport {
  rowsRead: number;
  incidents: number;
  objectsProduced: number;
  skippedRows: number;
  issues: RowIssue[];
  issuesTruncated: boolean;
  byCountry: Record<string, number>;
}

/**
 * Maps ACLED rows to STIX objects, each actor before the first incident that refers to it.
 * Throws `import.missing_columns` before reading any row; bad rows are skipped and reported.
 */
export async function* acledToStix(
  input: UcdpInput,
  options: AcledImportOptions,
): AsyncGenerator<StixObject, AcledImportReport> {
  if (!parseTimestamp(options.importedAt)) {
    throw new DomainError(
      'invalid',
      'import.bad_timestamp',
      [{ path: '/importedAt', code: 'import.bad_timestamp' }],
      {
        value: options.importedAt,
      },
    );
  }
  const missing = acledMissingColumns(input.header);
  if (missing.length) {
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
  const ctx: AcledMapContext = {
    sourceIdentityId: options.sourceIdentityId,
    importedAt: options.importedAt,
    tlp: options.tlp ?? 'amber',
  };
  const maxIssues = options.maxIssues ?? 1000;
  const report: AcledImportReport = {
    rowsRead: 0,
    incidents: 0,
    objectsProduced: 0,
    skippedRows: 0,
    issues: [],
    issuesTruncated: false,
    byCountry: {},
  };
  const skip = (issues: RowIssue[]) => {
    report.skippedRows++;
    for (const issue of issues) {
      if (report.issues.length < maxIssues) report.issues.push(issue);
      else report.issuesTruncated = true;
    }
  };
  const seenIds = new Set<string>();
  const actors = new Set<string>();

  for await (const row of input.rows) {
    report.rowsRead++;
    if (row.error) {
      skip([
        {
          line: row.line,
          field: '',
          code: row.error,
          params: { line: row.line, count: row.fieldCount, expected: input.header.length },
        },
      ]);
      continue;
    }
    const parsed = parseAcledRow(row);
    if (!parsed.ok) {
      skip(parsed.issues);
      continue;
    }
    const ev = parsed.event;
    const cls = fromAcled(ev.eventType, ev.subEventType ?? undefined, ev.fatalities);
    if (!cls) {
      skip([
        {
          line: ev.line,
          field: 'event_type',
          code: 'import.acled.unknown_event_type',
          params: { line: ev.line, field: 'event_type', value: ev.eventType.slice(0, 50) },
        },
      ]);
      continue;
    }
    if (seenIds.has(ev.eventId)) {
      skip([
        {
          line: ev.line,
          field: 'event_id_cnty',
          code: 'import.acled.duplicate_id',
          params: { line: ev.line, value: ev.eventId.slice(0, 50) },
        },
      ]);
      continue;
    }
    seenIds.add(ev.eventId);
    const refs: string[] = [];
    for (const a of [ev.actor1, ev.actor2]) {
      const obj = a ? acledActorObject(a, ctx) : null;
      if (!obj) continue;
      if (!refs.includes(obj.id)) refs.push(obj.id);
      if (!actors.has(obj.id)) {
        actors.add(obj.id);
        report.objectsProduced++;
        yield obj;
      }
    }
    const id = stixIdV5('incident', SENTINELLE_NAMESPACE, `acled:${ev.eventId}`);
    report.incidents++;
    report.objectsProduced++;
    report.byCountry[ev.country] = (report.byCountry[ev.country] ?? 0) + 1;
    yield acledIncident(ev, id, cls, refs, ctx);
  }
  return report;
}
