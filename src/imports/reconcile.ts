/**
 * Idempotent re-import of external sources: an importer stamps every object with the import time
 * as `modified`, so a row that did not change would otherwise become a new version at each run.
 * Where the stored current version has the same content apart from `modified`, the stored
 * `modified` is reused, and the store sees an unchanged object; a changed row stays a new version.
 */
import { canonicalJson } from '../core/canonical-json.ts';
import type { Queryable } from '../store/db.ts';
import type { RecordRepository } from '../store/records.ts';
import type { StixObject } from '../objects/stix.ts';

export async function reuseUnchangedVersions(repo: RecordRepository, q: Queryable, objects: StixObject[]): Promise<StixObject[]> {
  const out: StixObject[] = [];
  for (let i = 0; i < objects.length; i += 1000) {
    const batch = objects.slice(i, i + 1000);
    const stored = await repo.getMany(q, batch.map((o) => o.id));
    for (const o of batch) {
      const cur = stored.get(o.id)?.object;
      if (cur && typeof cur.modified === 'string' && sameApartFromModified(cur, o)) out.push({ ...o, modified: cur.modified });
      else out.push(o);
    }
  }
  return out;
}

function sameApartFromModified(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const strip = (o: Record<string, unknown>) => {
    const { modified: _m, ...rest } = o;
    return canonicalJson(rest);
  };
  return strip(a) === strip(b);
}
