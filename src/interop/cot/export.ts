/**
 * CoT export over HTTP: the readable incidents and alerts matching the list API's filters, as one
 * XML document `<events>` holding one CoT `<event>` per record with a position. Scoped like the
 * list API (a reporter gets their own), audited once with the count.
 */
import { appendAudit } from '../../audit/audit.ts';
import { actorOf, type Principal } from '../../auth/principal.ts';
import { can } from '../../auth/roles.ts';
import { DomainError } from '../../core/errors.ts';
import type { StixObject } from '../../objects/stix.ts';
import type { RecordFilter } from '../../store/records.ts';
import { auditExport } from '../export-access.ts';
import type { ExportTarget } from '../gis/export.ts';
import { COT_TYPES, recordToCot } from './map.ts';
import { cotEventXml } from './xml.ts';

export async function exportCot(
  target: ExportTarget,
  principal: Principal,
  filter: RecordFilter,
  options: { staleMs?: number; baseUrl?: string } = {},
): Promise<AsyncGenerator<string>> {
  if (!can(principal, 'records.read_all') && !can(principal, 'records.read_own')) {
    await appendAudit(target.db, target.clock, {
      actor: actorOf(principal),
      action: 'access.denied',
      target: 'export.cot',
      outcome: 'denied',
      details: { permission: 'records.read_all' },
    });
    throw new DomainError('forbidden', 'records.forbidden', [], { permission: 'records.read_all' });
  }
  const types = filter.types
    ? filter.types.filter((x) => (COT_TYPES as readonly string[]).includes(x))
    : [...COT_TYPES];
  async function* chunks(): AsyncGenerator<string> {
    yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<events>\n';
    let count = 0;
    if (types.length) {
      for await (const rec of target.records.iterate(principal, { ...filter, types })) {
        const e = recordToCot(rec.object as StixObject, { now: target.clock.now(), ...options });
        if (!e) continue;
        count++;
        yield cotEventXml(e, { declaration: false }) + '\n';
      }
    }
    yield '</events>\n';
    await auditExport(target, principal, 'cot', count, 'api');
  }
  return chunks();
}
