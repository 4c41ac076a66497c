/**
 * Failed-login throttling: MAX_FAILURES failures within FAILURE_WINDOW_MS for one key (a username
 * or a client address) lock that key for LOCK_MS. Counting per username stops guessing one
 * account from many addresses; counting per client stops one address spraying many accounts.
 */
import type { Queryable } from '../store/db.ts';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

/** The throttle keys of a login attempt; inputs are cut so an attacker cannot grow the table's keys. */
export function throttleKeys(username: string, clientKey: string): string[] {
  return [`user:${username.trim().toLowerCase().slice(0, 128)}`, `client:${clientKey.slice(0, 128)}`];
}

/** The latest lock still in force on any of `keys`, or null. */
export async function lockedUntil(q: Queryable, keys: readonly string[], now: Date): Promise<Date | null> {
  const { rows } = await q.query<{ until: Date | string | null }>(
    'SELECT max(locked_until) AS until FROM login_failures WHERE key = ANY($1::text[]) AND locked_until > $2',
    [keys, now.toISOString()],
  );
  const until = rows[0]?.until;
  return until ? new Date(until) : null;
}

/** Counts one failure for `key`; returns the lock's end when this failure locks the key. */
export async function recordFailure(q: Queryable, key: string, now: Date): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  // A failure outside the window of the first one starts a new window (and ends any old lock).
  const { rows } = await q.query<{ failures: number }>(
    `INSERT INTO login_failures (key, failures, first_failure_at, locked_until) VALUES ($1, 1, $2, NULL)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN login_failures.first_failure_at > $3 THEN login_failures.failures + 1 ELSE 1 END,
       first_failure_at = CASE WHEN login_failures.first_failure_at > $3 THEN login_failures.first_failure_at ELSE $2 END
     RETURNING failures`,
    [key, now.toISOString(), windowStart],
  );
  if ((rows[0]?.failures ?? 0) < MAX_FAILURES) return null;
  const until = new Date(now.getTime() + LOCK_MS);
  await q.query(
    'UPDATE login_failures SET locked_until = $2, failures = 0, first_failure_at = $3 WHERE key = $1',
    [key, until.toISOString(), now.toISOString()],
  );
  return until;
}

/** Forgets the failures of `key` (after a successful login). */
export async function clearFailures(q: Queryable, key: string): Promise<void> {
  await q.query('DELETE FROM login_failures WHERE key = $1', [key]);
}

/** Drops rows whose window and lock are both over (for a periodic job). */
export async function pruneFailures(q: Queryable, now: Date): Promise<number> {
  const { rows } = await q.query(
    `DELETE FROM login_failures WHERE first_failure_at <= $1 AND (locked_until IS NULL OR locked_until <= $2) RETURNING 1`,
    [new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString(), now.toISOString()],
  );
  return rows.length;
}
