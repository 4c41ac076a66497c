/**
 * The tamper-evident audit trail: an append-only, hash-chained log (see chain.ts). Entries are
 * appended in the caller's transaction so an audited change and its entry commit together, and
 * sequence numbers are allocated from the single `audit_head` row so they are gap-free and in
 * commit order, even with several processes writing to one PostgreSQL database.
 *
 * Details carry ids and names, never secrets: pass `{ userId }`, not a password or a token
 * (assertAuditable refuses keys named like password/token/secret/cookie).
 */
import type { Clock } from '../core/clock.ts';
import type { Db, Queryable } from '../store/db.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import { assertAuditable, computeAuditHash, GENESIS_HASH } from './chain.ts';
import { buildAuditQuery, encodeCursor, type AuditFilter, type AuditPage } from './filter.ts';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEntryInput {
  /** 'user:<id>' | 'token:<id>' | 'system' | 'cli' | 'peer:<id>' */
  actor: string;
  /** e.g. 'auth.login', 'record.create', 'user.add', 'token.revoke', 'access.denied' */
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends Required<AuditEntryInput> {
  seq: number;
  /** ISO 8601 text exactly as hashed. */
  at: string;
  prevHash: string;
  hash: string;
}

export type VerifyFailure =
  'hash_mismatch' | 'prev_hash_mismatch' | 'missing_entry' | 'out_of_order' | 'head_mismatch';

/** `count` is the number of entries found sound (all of them when ok, those before the first bad one otherwise). */
export type VerifyResult =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; firstBadSeq: number; reason: VerifyFailure };

export interface AuditRow {
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  [key: string]: unknown;
}

export const AUDIT_COLUMNS = 'seq, at, actor, action, target, outcome, details, prev_hash, hash';

/** Maps a stored row to an entry (the one place rows become domain objects). */
export function rowToEntry(r: AuditRow): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    target: r.target,
    outcome: r.outcome as AuditOutcome,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function isDb(q: Queryable): q is Db {
  return typeof (q as Partial<Db>).transaction === 'function';
}

/**
 * Appends one entry and returns it. Call it with the caller's transaction so the entry commits
 * (or rolls back) with the change it records; given the Db itself it opens its own transaction.
 * Throws TypeError on a malformed entry or on details that would carry a secret.
 *
 * Lock order: the entry locks the one `audit_head` row until commit. A transaction that writes
 * several rows other transactions may also write (conflicts, counters) writes them all, in a
 * fixed order, before its first entry: a transaction holding the audit head then waits on no row,
 * so no two transactions can each hold what the other waits for (PostgreSQL: deadlock detected).
 */
export async function appendAudit(q: Queryable, clock: Clock, entry: AuditEntryInput): Promise<AuditEntry> {
  assertAuditable(entry);
  if (isDb(q)) return q.transaction((tx) => appendAudit(tx, clock, entry));
  const raw = entry.details ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new TypeError('audit: details must be an object');
  // Hash what jsonb will give back: canonical text parsed again is plain, finite, well-formed data.
  const detailsText = canonicalJson(raw);
  const details = JSON.parse(detailsText) as Record<string, unknown>;

  // The row lock taken here is held until commit: the next appender waits, then reads our hash.
  const bump = 'UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash';
  let { rows } = await q.query<{ seq: number; hash: string }>(bump);
  if (rows.length === 0) {
    await q.query('INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING', [
      GENESIS_HASH,
    ]);
    ({ rows } = await q.query<{ seq: number; hash: string }>(bump));
  }
  const head = rows[0];
  if (!head) throw new Error('audit: head row missing');

  const content = {
    seq: Number(head.seq),
    at: clock.now().toISOString(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    outcome: entry.outcome,
    details,
  };
  const hash = computeAuditHash(head.hash, content);
  await q.query(
    `WITH ins AS (
       INSERT INTO audit_log (seq, at, actor, action, target, outcome, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) RETURNING seq)
     UPDATE audit_head SET hash = $9 WHERE id = 1 AND seq = (SELECT seq FROM ins)`,
    [
      content.seq,
      content.at,
      content.actor,
      content.action,
      content.target,
      content.outcome,
      detailsText,
      head.hash,
      hash,
    ],
  );
  return { ...content, prevHash: head.hash, hash };
}

// An entry that hashes correctly under a nearby seq was moved there; searched only on failure.
const MOVE_SEARCH = 1000;

function movedFrom(e: AuditEntry): number | null {
  for (let d = 1; d <= MOVE_SEARCH; d++) {
    for (const seq of [e.seq - d, e.seq + d]) {
      if (seq >= 1 && computeAuditHash(e.prevHash, { ...e, seq }) === e.hash) return seq;
    }
  }
  return null;
}

async function readHead(q: Queryable): Promise<{ seq: number; hash: string }> {
  const { rows } = await q.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1',
  );
  const r = rows[0];
  return r ? { seq: Number(r.seq), hash: r.hash } : { seq: 0, hash: GENESIS_HASH };
}

/**
 * Re-computes the whole chain, page by page, and names the FIRST bad entry and why:
 * missing_entry (a seq is absent), hash_mismatch (content altered), out_of_order (an entry moved
 * from another position), prev_hash_mismatch (an entry no longer links to its predecessor),
 * head_mismatch (the end of the log disagrees with audit_head: last entries deleted, or entries
 * added after it). Entries appended while it runs are not checked; no long transaction is held.
 */
export async function verifyAuditChain(
  q: Queryable,
  opts: { onProgress?: (done: number, total: number) => void; pageSize?: number } = {},
): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 1000;
  // Rows up to the head's seq committed with it (same transaction): this range is stable.
  const head = await readHead(q);
  const fail = (count: number, firstBadSeq: number, reason: VerifyFailure): VerifyResult => ({
    ok: false,
    count,
    firstBadSeq,
    reason,
  });
  let count = 0;
  let prev = GENESIS_HASH;
  for (;;) {
    const { rows } = await q.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [count, head.seq, pageSize],
    );
    for (const row of rows) {
      const e = rowToEntry(row);
      if (e.seq !== count + 1) return fail(count, count + 1, 'missing_entry');
      if (computeAuditHash(e.prevHash, e) !== e.hash) {
        return fail(count, e.seq, movedFrom(e) === null ? 'hash_mismatch' : 'out_of_order');
      }
      if (e.prevHash !== prev) return fail(count, e.seq, 'prev_hash_mismatch');
      prev = e.hash;
      count++;
    }
    opts.onProgress?.(count, head.seq);
    if (rows.length < pageSize) break;
  }
  if (count < head.seq) return fail(count, count + 1, 'head_mismatch');
  if (prev !== head.hash) return fail(count, Math.max(1, head.seq), 'head_mismatch');
  // Rows past the head: read the highest seq first, then the head again, so a concurrent append
  // (row and head commit together) can never look like a forged row.
  const { rows: maxRows } = await q.query<{ max: number | string | null }>(
    'SELECT max(seq) AS max FROM audit_log',
  );
  const latest = await readHead(q);
  const max = maxRows[0]?.max;
  if (max !== null && max !== undefined && Number(max) > latest.seq)
    return fail(count, latest.seq + 1, 'head_mismatch');
  return { ok: true, count, headHash: head.hash };
}

/**
 * One page of the trail, newest first, filtered. Throws DomainError('invalid') with field paths
 * ('/limit', '/cursor', '/from', '/to', '/outcome', '/actions/<i>') on a bad filter or cursor.
 */
export async function listAudit(
  q: Queryable,
  filter: AuditFilter,
  page: AuditPage,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const { where, params, limit } = buildAuditQuery(filter, page);
  const { rows } = await q.query<AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where} ORDER BY seq DESC LIMIT ${limit + 1}`,
    params,
  );
  const items = rows.slice(0, limit).map(rowToEntry);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
}
