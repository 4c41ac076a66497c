/**
 * Password checks that face guessing: sign-in, and the current password asked when a user changes
 * their own. Both go through the failed-login throttle (throttle.ts) and are audited.
 */
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import type { Db } from '../store/db.ts';
import { appendAudit } from '../audit/audit.ts';
import {
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  verifyPassword,
  type ScryptCost,
} from './passwords.ts';
import { actorId, type Actor, type Principal } from './principal.ts';
import { clearFailures, lockedUntil, recordFailure, throttleKeys } from './throttle.ts';
import { findUserRow, principalOf, rowToUser, type UserRow } from './users-repo.ts';

export interface LoginDeps {
  db: Db;
  clock: Clock;
  /** scrypt cost of new hashes (and of the dummy hash unknown usernames are checked against). */
  cost: ScryptCost;
}

function locked(until: Date, now: Date): DomainError {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new DomainError('rate_limited', 'auth.locked', [], { retryAfter });
}

/**
 * Password sign-in; see UserService.authenticate. Unknown usernames are checked against a dummy
 * hash of the same cost, so they take as long as known ones (no enumeration by timing), and
 * they are not written to the audit trail (people type their password in that field).
 */
export async function passwordSignIn(
  deps: LoginDeps,
  username: string,
  password: string,
  clientKey: string,
): Promise<Principal> {
  const { db, clock, cost } = deps;
  const now = clock.now();
  const keys = throttleKeys(username, clientKey);
  const row = await findUserRow(db, 'username', username.trim().toLowerCase());
  const target = row ? `user:${row.id}` : null;
  const client = clientKey.slice(0, 128);

  const lock = await lockedUntil(db, keys, now);
  if (lock) {
    await appendAudit(db, clock, {
      actor: 'system',
      action: 'auth.login',
      target,
      outcome: 'denied',
      details: { reason: 'locked', client, lockedUntil: lock.toISOString() },
    });
    throw locked(lock, now);
  }

  const good = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash(cost)));
  if (row && good && !row.disabled) {
    // A hash made at an older cost is upgraded while the password is at hand.
    const rehash = needsRehash(row.password_hash, cost) ? await hashPassword(password, cost) : null;
    await db.transaction(async (tx) => {
      await clearFailures(tx, keys[0] ?? '');
      if (rehash) await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [row.id, rehash]);
      await appendAudit(tx, clock, {
        actor: `user:${row.id}`,
        action: 'auth.login',
        target,
        outcome: 'success',
        details: { client },
      });
    });
    return principalOf(rowToUser(row), 'session');
  }

  const reason = !row ? 'unknown_user' : row.disabled ? 'disabled' : 'bad_password';
  await db.transaction(async (tx) => {
    let lockEnd: Date | null = null;
    for (const key of keys) lockEnd = (await recordFailure(tx, key, now)) ?? lockEnd;
    await appendAudit(tx, clock, {
      actor: 'system',
      action: 'auth.login',
      target,
      outcome: 'failure',
      details: { reason, client, ...(lockEnd ? { lockedUntil: lockEnd.toISOString() } : {}) },
    });
  });
  throw new DomainError('unauthenticated', 'auth.bad_credentials');
}

/**
 * Checks the current password of a user changing their own. A wrong one counts as a failed
 * sign-in for that username (else this would be an unthrottled guessing oracle) and is audited.
 */
export async function checkCurrentPassword(
  deps: LoginDeps,
  row: UserRow,
  currentPassword: string,
  actor: Actor,
): Promise<void> {
  const { db, clock } = deps;
  const now = clock.now();
  const [userKey = ''] = throttleKeys(row.username, '');
  const lock = await lockedUntil(db, [userKey], now);
  if (lock) throw locked(lock, now);
  if (await verifyPassword(currentPassword, row.password_hash)) return;
  await db.transaction(async (tx) => {
    await recordFailure(tx, userKey, now);
    await appendAudit(tx, clock, {
      actor: actorId(actor),
      action: 'user.password',
      target: `user:${row.id}`,
      outcome: 'failure',
      details: { reason: 'current_password_wrong' },
    });
  });
  throw new DomainError('invalid', 'auth.invalid', [
    { path: '/currentPassword', code: 'auth.current_password_wrong' },
  ]);
}
