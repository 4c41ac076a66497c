/**
 * UCDP GED rows → STIX 2.1 incidents carrying the Sentinelle incident extension, plus the
 * conflict sides as identity / threat-actor objects (full GED export only).
 *
 * Choices, each documented where it is made:
 * - ids are UUIDv5: over the GED `id` when present, else over (date, lat, lon, type, best) plus the
 *   occurrence index of identical keys, so re-importing the same file gives the same ids;
 * - `created` is date_start at 00:00Z (deterministic from the row); `modified` is the import
 *   timestamp passed in (never earlier than `created`), so a re-import is a new version of each
 *   object only when the caller passes a new timestamp;
 * - public data: TLP:CLEAR; grading B2 (UCDP codes from several cross-checked sources with a
 *   published method: usually reliable, probably true — not "confirmed", events are not verified
 *   on the ground).
 */
import { DomainError } from '../core/errors.ts';
import { defaultBoundaries, type Boundaries } from '../geo/boundaries.ts';
import { incidentAdminNames } from '../geo/admin-names.ts';
import { SENTINELLE_NAMESPACE, stixIdV5 } from '../objects/ids.ts';
import type { StixObject } from '../objects/stix.ts';
import { parseTimestamp } from '../objects/timestamps.ts';
import { openCsv, type CsvRow, type CsvSource } from './csv.ts';
import { actorFor, gedAdminNames, toIncident, type UcdpMapContext } from './ucdp-map.ts';
import {
  canonicalHeader,
  detectShape,
  headerAliases,
  missingColumns,
  parseUcdpRow,
  type RowIssue,
  type UcdpShape,
} from './ucdp-row.ts';

export type { RowIssue } from './ucdp-row.ts';

export interface UcdpImportOptions extends UcdpMapContext {
  /** `created_by_ref` of every object: the UCDP identity (see ucdp-source.ts). */
  sourceIdentityId: string;
  /** STIX timestamp used as `modified` (and as `created` of actor objects). */
  importedAt: string;
  /** Admin-1 polygons; the bundled ones by default. */
  boundaries?: Boundaries;
  /** Row issues kept in the report (the count is always exact). Default 1000. */
  maxIssues?: number;
  /**
   * Also make threat-actor objects for the sides of non-state conflicts (type 2). Off by default:
   * UCDP type 2 includes communal clashes between informally organised groups named after
   * communities, and a "threat actor" named after a community is a stigma we will not mint by
   * default. Their names stay in the incident description.
   */
  actorsForNonStateConflicts?: boolean;
}

export interface UcdpImportReport {
  shape: UcdpShape;
  /** Data rows read (header excluded). */
  rowsRead: number;
  incidents: number;
  /** Every object yielded: incidents, identities, threat actors. */
  objectsProduced: number;
  skippedRows: number;
  /** Why rows were skipped, at most `maxIssues` of them. */
  issues: RowIssue[];
  issuesTruncated: boolean;
  /** Imported rows whose point lies in no admin-1 polygon (admin1 from GED `adm_1` or absent). */
  outside: number;
  /** Imported rows whose point lies in a polygon of another country than the row's (border noise). */
  countryMismatch: number;
  /** Incidents per ISO alpha-3 country. */
  byCountry: Record<string, number>;
}

/** A CSV already opened: header known before any row is read. */
export interface UcdpInput {
  header: readonly string[];
  rows: AsyncIterable<CsvRow> | Iterable<CsvRow>;
}

/**
 * Maps GED rows to STIX objects, yielding each actor object before the first incident that refers
 * to it. Throws DomainError `import.missing_columns` (naming every missing column) before reading
 * any row; bad rows are skipped and listed in the returned report, never dropped silently.
 */
export async function* ucdpToStix(
  input: UcdpInput,
  options: UcdpImportOptions,
): AsyncGenerator<StixObject, UcdpImportReport> {
  const importedAt = options.importedAt;
  if (!parseTimestamp(importedAt)) {
    throw new DomainError(
      'invalid',
      'import.bad_timestamp',
      [{ path: '/importedAt', code: 'import.bad_timestamp' }],
      { value: importedAt },
    );
  }
  // Columns are found by name, never by position; old GED names are read as current ones.
  const header = canonicalHeader(input.header);
  const aliases = headerAliases(input.header);
  const shape = detectShape(header);
  const missing = missingColumns(header, shape);
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
  const boundaries = options.boundaries ?? defaultBoundaries();
  const maxIssues = options.maxIssues ?? 1000;
  const report: UcdpImportReport = {
    shape,
    rowsRead: 0,
    incidents: 0,
    objectsProduced: 0,
    skippedRows: 0,
    issues: [],
    issuesTruncated: false,
    outside: 0,
    countryMismatch: 0,
    byCountry: {},
  };
  const skip = (issues: RowIssue[]) => {
    report.skippedRows++;
    for (const issue of issues) {
      if (report.issues.length < maxIssues) report.issues.push(issue);
      else report.issuesTruncated = true;
    }
  };
  const seenKeys = new Map<string, number>();
  const seenGedIds = new Set<string>();
  const actors = new Map<string, StixObject>();

  for await (const row of input.rows) {
    report.rowsRead++;
    if (row.error) {
      const params = { line: row.line, count: row.fieldCount, expected: input.header.length };
      skip([{ line: row.line, field: '', code: row.error, params }]);
      continue;
    }
    for (const [from, to] of aliases) row.record[to] = row.record[from] ?? '';
    const parsed = parseUcdpRow(row, shape);
    if (!parsed.ok) {
      skip(parsed.issues);
      continue;
    }
    const ev = parsed.event;
    let idName: string;
    if (ev.gedId !== null) {
      if (seenGedIds.has(ev.gedId)) {
        skip([
          {
            line: ev.line,
            field: 'id',
            code: 'import.ucdp.duplicate_id',
            params: { line: ev.line, value: ev.gedId },
          },
        ]);
        continue;
      }
      seenGedIds.add(ev.gedId);
      idName = `ucdp-ged:${ev.gedId}`;
    } else {
      const key = `${ev.date}|${ev.lat}|${ev.lon}|${ev.typeOfViolence}|${ev.best}`;
      const n = (seenKeys.get(key) ?? 0) + 1;
      seenKeys.set(key, n);
      idName = `ucdp-ged-row:${key}#${n}`;
    }

    const refs: string[] = [];
    if (ev.full) {
      for (const side of [ev.full.sideA, ev.full.sideB]) {
        const actor = actorFor(side, ev.typeOfViolence, options);
        if (!actor) continue;
        refs.push(actor.id);
        if (!actors.has(actor.id)) {
          actors.set(actor.id, actor);
          report.objectsProduced++;
          yield actor;
        }
      }
    }

    const area = boundaries.adminAreaAt(ev.lat, ev.lon);
    if (!area) report.outside++;
    else if (area.country !== ev.country) report.countryMismatch++;
    const names = area && area.country === ev.country ? incidentAdminNames(area) : gedAdminNames(ev);
    const incident = toIncident(
      ev,
      stixIdV5('incident', SENTINELLE_NAMESPACE, idName),
      idName,
      names,
      refs,
      options,
      area === null,
    );
    report.incidents++;
    report.objectsProduced++;
    report.byCountry[ev.country] = (report.byCountry[ev.country] ?? 0) + 1;
    yield incident;
  }
  return report;
}

/** Opens a GED CSV (path or stream) and collects every object and the report. */
export async function importUcdpCsv(
  source: CsvSource,
  options: UcdpImportOptions,
): Promise<{ objects: StixObject[]; report: UcdpImportReport }> {
  const table = await openCsv(source);
  try {
    const gen = ucdpToStix(table, options);
    const objects: StixObject[] = [];
    for (;;) {
      const r = await gen.next();
      if (r.done) return { objects, report: r.value };
      objects.push(r.value);
    }
  } finally {
    await table.close();
  }
}
