/**
 * Who may take records out of the node in another format, and the audit entry of each export.
 * Bulk exports (CSV, GeoJSON, MISP) need `records.export` (analysts): a liaison reads records to
 * negotiate agreements but must not bypass their release rules with a file. CoT feeds are a live
 * map view and need only read access, scoped like the list API (a reporter sees their own).
 */
import { appendAudit } from '../audit/audit.ts';
import type { Principal } from '../auth/principal.ts';
import { actorOf } from '../auth/principal.ts';
import { can } from '../auth/roles.ts';
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import type { Db } from '../store/db.ts';
import './messages.ts';

/** Throws 403 (audited) unless the principal may export records in bulk. */
export async function requireExport(
  target: { db: Db; clock: Clock },
  principal: Principal,
  format: string,
): Promise<void> {
  if (can(principal, 'records.export')) return;
  await appendAudit(target.db, target.clock, {
    actor: actorOf(principal),
    action: 'access.denied',
    target: `export.${format}`,
    outcome: 'denied',
    details: { permission: 'records.export' },
  });
  throw new DomainError('forbidden', 'records.forbidden', [], { permission: 'records.export' });
}

/** One audit entry per export, with what and how many (never the content). */
export async function auditExport(
  target: { db: Db; clock: Clock },
  principal: Principal,
  format: string,
  count: number,
  via: 'api' | 'cli' | 'cot',
): Promise<void> {
  await appendAudit(target.db, target.clock, {
    actor: actorOf(principal),
    action: 'export',
    target: format,
    outcome: 'success',
    details: { count, via, format },
  });
}
