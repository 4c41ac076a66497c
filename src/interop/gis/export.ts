/**
 * Incidents for GIS users (QGIS, ArcGIS): CSV or GeoJSON, with the list API's filters and the
 * export permission; streamed, audited once at the end with the count.
 */
import type { Principal } from '../../auth/principal.ts';
import type { RecordService } from '../../records/service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../store/db.ts';
import type { RecordFilter } from '../../store/records.ts';
import { auditExport, requireExport } from '../export-access.ts';
import { incidentRow, type IncidentRow } from './incident-row.ts';
import { csvChunks, geojsonChunks } from './writers.ts';

export type GisFormat = 'csv' | 'geojson';

export const GIS_MEDIA_TYPES: Readonly<Record<GisFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

export interface ExportTarget {
  db: Db;
  clock: Clock;
  records: RecordService;
}

/**
 * Checks the permission now (so a refusal is an error, not a broken stream), then returns the
 * text chunks. Only incidents are exported, whatever `filter.types` says.
 */
export async function exportIncidents(
  target: ExportTarget,
  principal: Principal,
  filter: RecordFilter,
  format: GisFormat,
  via: 'api' | 'cli',
): Promise<AsyncGenerator<string>> {
  await requireExport(target, principal, format);
  const scoped: RecordFilter = { ...filter, types: ['incident'] };
  let count = 0;
  async function* rows(): AsyncGenerator<IncidentRow> {
    for await (const rec of target.records.iterate(principal, scoped)) {
      const row = incidentRow(rec);
      if (row) {
        count++;
        yield row;
      }
    }
    await auditExport(target, principal, format, count, via);
  }
  return format === 'csv' ? csvChunks(rows()) : geojsonChunks(rows());
}
