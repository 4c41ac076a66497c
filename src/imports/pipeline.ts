/**
 * Streams an importer's objects into the store in bounded chunks, so a 300 MB export never sits in
 * memory: each chunk is reconciled with the stored versions (reconcile.ts) and imported in one
 * transaction. The batch rule of every importer (docs/interop.md): valid items are accepted,
 * rejected items are reported. A chunk the store refuses is retried object by object, so one bad
 * object rejects only itself, and nothing of it is stored.
 */
import { DomainError, type Issue } from '../core/errors.ts';
import type { Principal } from '../auth/principal.ts';
import type { Db } from '../store/db.ts';
import type { ImportReport, RecordService } from '../records/service.ts';
import type { StixObject } from '../objects/stix.ts';
import { reuseUnchangedVersions } from './reconcile.ts';

export interface RejectedObject {
  id: string;
  code: string;
  issues: readonly Issue[];
}

export interface StreamImportResult<R> {
  /** What the importer reported (rows read, skipped rows and why…). */
  source: R;
  /** What the store did. */
  store: ImportReport;
  /** Objects the store refused, with why (at most 1000 listed). */
  rejected: RejectedObject[];
}

export interface StreamImportOptions {
  /** Objects to store first (source identity…). */
  leading?: StixObject[];
  /** Audit action, e.g. 'import.acled'. */
  action: string;
  /** Objects per transaction (default 500). */
  chunkSize?: number;
  onProgress?: (objectsDone: number) => void;
}

/** Runs `source` to its end, storing its objects chunk by chunk; returns both reports. */
export async function importStream<R>(
  target: { records: RecordService; db: Db },
  principal: Principal,
  source: AsyncGenerator<StixObject, R>,
  options: StreamImportOptions,
): Promise<StreamImportResult<R>> {
  const chunkSize = options.chunkSize ?? 500;
  const store: ImportReport = { total: 0, created: 0, updated: 0, unchanged: 0, stale: 0 };
  const rejected: RejectedObject[] = [];
  const add = (r: ImportReport) => {
    for (const k of ['total', 'created', 'updated', 'unchanged', 'stale'] as const) store[k] += r[k];
  };
  const flush = async (chunk: StixObject[]) => {
    if (!chunk.length) return;
    const fresh = await reuseUnchangedVersions(target.records.repo, target.db, chunk);
    try {
      add(await target.records.importObjects(principal, fresh, { action: options.action }));
    } catch (e) {
      if (!(e instanceof DomainError) || (e.kind !== 'invalid' && e.kind !== 'conflict')) throw e;
      // Isolate the culprits: each object alone, in its own transaction.
      for (const o of fresh) {
        try {
          add(await target.records.importObjects(principal, [o], { action: options.action }));
        } catch (e1) {
          if (!(e1 instanceof DomainError) || (e1.kind !== 'invalid' && e1.kind !== 'conflict')) throw e1;
          store.total++;
          if (rejected.length < 1000)
            rejected.push({ id: o.id, code: e1.code, issues: e1.issues.slice(0, 20) });
        }
      }
    }
    options.onProgress?.(store.total);
  };
  await flush(options.leading ?? []);
  let chunk: StixObject[] = [];
  for (;;) {
    const r = await source.next();
    if (r.done) {
      await flush(chunk);
      return { source: r.value, store, rejected };
    }
    chunk.push(r.value);
    if (chunk.length >= chunkSize) {
      await flush(chunk);
      chunk = [];
    }
  }
}
