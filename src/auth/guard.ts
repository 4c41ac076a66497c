/** Permission checks inside services; a refusal is audited before it is thrown. */
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import type { Db } from '../store/db.ts';
import { appendAudit } from '../audit/audit.ts';
import { actorId, type Actor } from './principal.ts';
import { actorCan, type Permission } from './roles.ts';

export interface Attempt {
  /** The audited action that was attempted, e.g. 'user.add'. */
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  /** Lets the call through without the permission (e.g. acting on one's own account). */
  alsoAllowed?: boolean;
}

/**
 * Lets the call through when `actor` holds `permission`; otherwise records the attempt as
 * denied (outcome 'denied', details.permission) and throws DomainError('forbidden').
 */
export async function requirePermission(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  permission: Permission,
  attempt: Attempt,
): Promise<void> {
  if (attempt.alsoAllowed === true || actorCan(actor, permission)) return;
  await appendAudit(deps.db, deps.clock, {
    actor: actorId(actor),
    action: attempt.action,
    target: attempt.target ?? null,
    outcome: 'denied',
    details: { ...attempt.details, permission },
  });
  throw new DomainError('forbidden', 'auth.forbidden', [], { permission });
}
