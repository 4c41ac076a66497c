/**
 * MISP import into the store and export out of it. Batch rule (docs/interop.md): each event is
 * one item, stored in its own transaction — a valid event is stored, a rejected one leaves
 * nothing; inside an event, parts that cannot be mapped are left out and listed with their path.
 */
import type { Principal } from '../../auth/principal.ts';
import type { Clock } from '../../core/clock.ts';
import { DomainError, type Issue } from '../../core/errors.ts';
import { reuseUnchangedVersions } from '../../imports/reconcile.ts';
import type { StixObject } from '../../objects/stix.ts';
import type { ImportReport, RecordService } from '../../records/service.ts';
import type { Db } from '../../store/db.ts';
import type { RecordFilter } from '../../store/records.ts';
import { auditExport, requireExport } from '../export-access.ts';
import { stixToMispEvent } from './from-stix.ts';
import { findEvents, mispEventToStix } from './to-stix.ts';
import type { MispEvent } from './types.ts';
import '../messages.ts';

export interface MispTarget {
  db: Db;
  clock: Clock;
  records: RecordService;
}

export interface MispImportResult {
  events: { path: string; uuid: string; reportId: string; store: ImportReport }[];
  rejected: { path: string; code: string; issues: Issue[] }[];
  /** Parts of accepted events left out (at most 1000 listed; `unmappedCount` is exact). */
  unmapped: Issue[];
  unmappedCount: number;
}

/** Imports every event of a MISP JSON document. Throws only when the document is no MISP at all. */
export async function importMisp(
  target: MispTarget,
  principal: Principal,
  doc: unknown,
  importedAt: string,
): Promise<MispImportResult> {
  const events = findEvents(doc);
  if (!events || events.length === 0)
    throw new DomainError('invalid', 'interop.misp.not_misp', [{ path: '', code: 'interop.misp.not_misp' }]);
  const out: MispImportResult = { events: [], rejected: [], unmapped: [], unmappedCount: 0 };
  for (const { path, event } of events) {
    const mapped = mispEventToStix(event, path, importedAt);
    if (!mapped.ok) {
      out.rejected.push({ path, code: 'interop.misp.event_rejected', issues: mapped.issues });
      continue;
    }
    const { objects, unmapped, uuid, reportId } = mapped.value;
    try {
      const fresh = await reuseUnchangedVersions(target.records.repo, target.db, objects);
      const store = await target.records.importObjects(principal, fresh, { action: 'import.misp' });
      out.events.push({ path, uuid, reportId, store });
      out.unmappedCount += unmapped.length;
      out.unmapped.push(...unmapped.slice(0, Math.max(0, 1000 - out.unmapped.length)));
    } catch (e) {
      if (!(e instanceof DomainError) || (e.kind !== 'invalid' && e.kind !== 'conflict')) throw e;
      out.rejected.push({
        path,
        code: 'interop.misp.store_rejected',
        issues: [{ path, code: e.code, params: e.params }, ...e.issues.slice(0, 50)],
      });
    }
  }
  return out;
}

const EXPORTED_TYPES = ['incident', 'indicator', 'threat-actor', 'intrusion-set', 'note'];

/**
 * One MISP event: a stored report and what it refers to (`reportId`), or every record matching
 * `filter` among incidents, indicators, threat actors, intrusion sets and notes.
 */
export async function exportMisp(
  target: MispTarget,
  principal: Principal,
  query: { filter: RecordFilter; reportId?: string; info?: string },
  org: { name: string; identityId: string },
  via: 'api' | 'cli',
): Promise<{ event: { Event: MispEvent }; unmapped: Issue[] }> {
  await requireExport(target, principal, 'misp');
  const objects: StixObject[] = [];
  let report: StixObject | undefined;
  if (query.reportId) {
    report = (await target.records.get(principal, query.reportId)).object as StixObject;
    const refs = Array.isArray(report.object_refs) ? (report.object_refs as string[]) : [];
    const stored = await target.records.repo.getMany(target.db, refs);
    for (const ref of refs) {
      const rec = stored.get(ref);
      if (rec && (await target.records.canRead(principal, rec))) objects.push(rec.object as StixObject);
    }
  } else {
    const types = query.filter.types
      ? query.filter.types.filter((t) => EXPORTED_TYPES.includes(t))
      : EXPORTED_TYPES;
    for await (const rec of target.records.iterate(principal, { ...query.filter, types }))
      objects.push(rec.object as StixObject);
  }
  const uuid = org.identityId.split('--')[1] ?? '';
  const result = stixToMispEvent(objects, {
    ...(report ? { report } : {}),
    ...(query.info ? { info: query.info } : {}),
    org: { name: org.name, uuid },
    now: target.clock.now(),
  });
  await auditExport(target, principal, 'misp', objects.length, via);
  return result;
}
