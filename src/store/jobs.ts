/**
 * Background job queue on the `jobs` table (migration 1). Workers claim due jobs with
 * `FOR UPDATE SKIP LOCKED` in one statement, so several processes never run a job twice at once;
 * a claim is a lease: a worker that dies lets its jobs become claimable again when the lease ends.
 * Times come from the caller's Clock (never the database's now()), so tests can move time.
 */
import type { Clock } from '../core/clock.ts';
import type { Queryable } from './db.ts';

export interface Job {
  id: number;
  kind: string;
  payload: unknown;
  /** Claims so far, this one included. */
  attempts: number;
}

export interface RetryPolicy {
  /** After this many failed attempts the job is dead: done, with its last error kept. */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubled for each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 6 * 3600_000 };

const MAX_ERROR_LENGTH = 2000;

/**
 * Queues a job; returns its id. Without `runAfter` it is due at once (stored as -infinity, so it
 * is due whatever a worker's clock says); jobs due together are claimed in id order.
 */
export async function enqueueJob(q: Queryable, kind: string, payload: unknown, runAfter?: Date): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    'INSERT INTO jobs (kind, payload, run_after) VALUES ($1, $2::jsonb, $3::timestamptz) RETURNING id',
    [kind, JSON.stringify(payload ?? null), runAfter ? runAfter.toISOString() : '-infinity'],
  );
  return Number(rows[0]!.id);
}

/**
 * Claims up to `limit` due jobs of the given kinds for `workerId`, for `leaseMs`: jobs not done,
 * due (run_after ≤ now), and not under another live lease. One statement; concurrent claimers
 * skip each other's locked rows instead of waiting, and never receive the same job.
 */
export async function claimJobs(
  db: Queryable,
  workerId: string,
  kinds: readonly string[],
  limit: number,
  leaseMs: number,
  clock: Clock,
): Promise<Job[]> {
  if (kinds.length === 0 || limit < 1) return [];
  const now = clock.now();
  const { rows } = await db.query<{ id: number; kind: string; payload: unknown; attempts: number }>(
    `UPDATE jobs SET locked_by = $1, locked_until = $2::timestamptz, attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM jobs
       WHERE done_at IS NULL AND kind = ANY($3::text[]) AND run_after <= $4::timestamptz
         AND (locked_until IS NULL OR locked_until <= $4::timestamptz)
       ORDER BY run_after, id
       LIMIT $5
       FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, payload, attempts`,
    [workerId, new Date(now.getTime() + leaseMs).toISOString(), [...kinds], now.toISOString(), limit],
  );
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, payload: r.payload, attempts: r.attempts })).sort((a, b) => a.id - b.id);
}

/** Marks a claimed job done. False when `workerId` no longer holds it (its lease was taken over). */
export async function completeJob(q: Queryable, jobId: number, workerId: string, clock: Clock): Promise<boolean> {
  const { rows } = await q.query(
    `UPDATE jobs SET done_at = $3::timestamptz, locked_by = NULL, locked_until = NULL, last_error = NULL
     WHERE id = $1 AND locked_by = $2 AND done_at IS NULL RETURNING id`,
    [jobId, workerId, clock.now().toISOString()],
  );
  return rows.length > 0;
}

/**
 * Records a failed attempt. The job runs again after baseDelayMs × 2^(attempts − 1) (capped at
 * maxDelayMs), or is dead (done, last error kept) once maxAttempts is reached. 'lost' when
 * `workerId` no longer holds the job.
 */
export async function failJob(
  q: Queryable,
  jobId: number,
  workerId: string,
  error: string,
  clock: Clock,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<'retry' | 'dead' | 'lost'> {
  const { rows } = await q.query<{ dead: boolean }>(
    `UPDATE jobs SET locked_by = NULL, locked_until = NULL, last_error = $3,
       done_at = CASE WHEN attempts >= $5 THEN $4::timestamptz END,
       run_after = CASE WHEN attempts >= $5 THEN run_after
         ELSE $4::timestamptz + least($7::float8, $6::float8 * power(2, attempts - 1)) * interval '1 millisecond' END
     WHERE id = $1 AND locked_by = $2 AND done_at IS NULL
     RETURNING done_at IS NOT NULL AS dead`,
    [jobId, workerId, error.slice(0, MAX_ERROR_LENGTH), clock.now().toISOString(), policy.maxAttempts, policy.baseDelayMs, policy.maxDelayMs],
  );
  const row = rows[0];
  return row === undefined ? 'lost' : row.dead ? 'dead' : 'retry';
}
