/** Reading the audit trail is itself a permission (auditor role) and is itself audited when denied. */
import type { Db } from '../store/db.ts';
import type { Clock } from '../core/clock.ts';
import { DomainError, type Issue } from '../core/errors.ts';
import { appendAudit, listAudit, verifyAuditChain, type AuditOutcome } from './audit.ts';
import { can } from '../auth/roles.ts';
import { actorOf, type Principal } from '../auth/principal.ts';

export interface AuditQuery {
  actions?: string[] | undefined;
  actor?: string | undefined;
  target?: string | undefined;
  outcome?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  text?: string | undefined;
  limit: number;
  cursor: string | null;
}

export class AuditReader {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, q: AuditQuery) {
    await this.require(principal);
    const issues: Issue[] = [];
    if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > 1000) issues.push({ path: '/limit', code: 'http.bad_query', params: { reason: 'limit=1..1000' } });
    if (q.outcome !== undefined && !['success', 'denied', 'failure'].includes(q.outcome)) issues.push({ path: '/outcome', code: 'http.bad_query', params: { reason: 'outcome=success|denied|failure' } });
    for (const k of ['from', 'to'] as const) {
      const v = q[k];
      if (v !== undefined && Number.isNaN(Date.parse(v))) issues.push({ path: `/${k}`, code: 'http.bad_query', params: { reason: `${k}=${v}` } });
    }
    if (issues.length) throw new DomainError('invalid', 'http.invalid', issues);
    const page = await listAudit(
      this.db,
      {
        ...(q.actions ? { actions: q.actions } : {}),
        ...(q.actor ? { actor: q.actor } : {}),
        ...(q.target ? { target: q.target } : {}),
        ...(q.outcome ? { outcome: q.outcome as AuditOutcome } : {}),
        ...(q.from ? { from: new Date(q.from).toISOString() } : {}),
        ...(q.to ? { to: new Date(q.to).toISOString() } : {}),
        ...(q.text ? { text: q.text } : {}),
      },
      { limit: q.limit, cursor: q.cursor },
    );
    return { items: page.items, next: page.nextCursor };
  }

  async verify(principal: Principal) {
    await this.require(principal);
    return verifyAuditChain(this.db);
  }

  private async require(principal: Principal): Promise<void> {
    if (can(principal, 'audit.read')) return;
    await this.db.transaction((tx) =>
      appendAudit(tx, this.clock, { actor: actorOf(principal), action: 'access.denied', target: 'audit', outcome: 'denied', details: { permission: 'audit.read' } }),
    );
    throw new DomainError('forbidden', 'records.forbidden', [], { permission: 'audit.read' });
  }
}
