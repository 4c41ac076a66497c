/**
 * All SQL of the stream engine (migration 5): the outbox and its per-stream numbering, the
 * change-feed and receiver cursors, receipts, per-peer status and tombstones. It decides nothing:
 * the sender, receiver and transport say what to write ([FED-10], [FED-13], [FED-20], [FED-37]).
 */
import type { Queryable } from '../../store/db.ts';
import { RecordRepository } from '../../store/records.ts';
import type { KeySet } from '../keyset.ts';
import { encodeCheckedItem } from '../batch-envelope.ts';
import { decodeCompact } from '../compact.ts';
import { validateItem, type Cursor, type Item, type Priority, type StreamCursor } from '../protocol.ts';

/** [FED-20] Rank of a priority class in the outbox (FLASH first). */
export const PRIO_RANK: Readonly<Record<Priority, number>> = { flash: 0, immediate: 1, routine: 2, bulk: 3 };
const RANK_PRIO: readonly Priority[] = ['flash', 'immediate', 'routine', 'bulk'];

export interface OutboxInsert {
  peerId: string;
  agreementId: string;
  kind: 'put' | 'withdraw' | 'keyset' | 'agreement';
  priority: Priority;
  recordId: string | null;
  recordModified: string | null;
  /** The item without its position (JSON: puts carry the released copy). */
  item: Record<string, unknown>;
  at: string;
}

export interface UnassignedRow {
  id: number;
  agreementId: string;
  priority: Priority;
  /** [FED-103] The item's compact bytes (rows planned before migration 61: encoded from `item`). */
  bytes: Uint8Array;
  /** Whether `bytes` were encoded now, from a row's JSON item, rather than read. */
  encodedNow: boolean;
}

/** The item of an outbox row: JSON, with the bytes of a key-set update kept as base64url. */
export function itemOfRow(row: Record<string, unknown>): Item {
  const ks = row.keyset as { b64?: unknown } | undefined;
  if (row.kind === 'keyset' && ks && typeof ks.b64 === 'string')
    return { ...row, keyset: new Uint8Array(Buffer.from(ks.b64, 'base64url')) } as unknown as Item;
  return row as unknown as Item;
}

/** [FED-103] The compact bytes an outbox item travels as (checked: a bad item never gets a position). */
export function outboxBytes(row: Record<string, unknown>): Uint8Array {
  return encodeCheckedItem(itemOfRow(row));
}

/** The item of stored compact bytes (an outbox row planned since migration 61). */
export function itemOfBytes(bytes: Uint8Array): Record<string, unknown> {
  const item = validateItem(decodeCompact(bytes));
  if (!item.ok) throw new TypeError('invalid stored item');
  return item.value as unknown as Record<string, unknown>;
}

export interface PendingRow {
  id: number;
  agreementId: string;
  epoch: number;
  seq: number;
  /** A single (v1) envelope, or the item's compact bytes when the row belongs to a batch. */
  envelope: Uint8Array;
  /** [FED-86] The batch of the row: its signed header and first sequence number (null: single envelope). */
  batch: { id: number; header: Uint8Array; first: number } | null;
}

export interface PeerStatusRow {
  peerId: string;
  connected: boolean;
  lastError: string | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** When the peer's last signed acknowledgement arrived ([FED-35]), whatever the transport. */
  lastAckAt: string | null;
  failures: number;
  backlog: number;
  unassigned: number;
  oldestUnacked: string | null;
}

const removals = new RecordRepository();

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface FeedState {
  position: number;
  fingerprint: string | null;
  replan: { fingerprint: string; after: number } | null;
}

export class FederationStore {
  // --- sender: change-feed cursor ------------------------------------------------------------

  /**
   * The sender's change-feed position and agreement fingerprint, locked until commit, with the
   * re-plan in progress if any ([FED-102]: the fingerprint it plans towards, the last seq planned).
   */
  async lockFeed(q: Queryable): Promise<FeedState> {
    await q.query(
      `INSERT INTO fed_cursors (direction, stream_key) VALUES ('feed', 'local') ON CONFLICT DO NOTHING`,
    );
    const { rows } = await q.query<{
      position: number;
      fingerprint: string | null;
      replan_fingerprint: string | null;
      replan_after: number | null;
    }>(
      `SELECT position, fingerprint, replan_fingerprint, replan_after FROM fed_cursors
       WHERE direction = 'feed' AND stream_key = 'local' FOR UPDATE`,
    );
    const r = rows[0]!;
    return {
      position: Number(r.position),
      fingerprint: r.fingerprint,
      replan:
        r.replan_fingerprint === null
          ? null
          : { fingerprint: r.replan_fingerprint, after: Number(r.replan_after ?? 0) },
    };
  }

  async setFeed(q: Queryable, state: FeedState): Promise<void> {
    await q.query(
      `UPDATE fed_cursors SET position = $1, fingerprint = $2, replan_fingerprint = $3, replan_after = $4,
         updated_at = now() WHERE direction = 'feed' AND stream_key = 'local'`,
      [state.position, state.fingerprint, state.replan?.fingerprint ?? null, state.replan?.after ?? null],
    );
  }

  /** [FED-102] The next page of stored records after seq `after`, in seq order. */
  async recordsAfter(q: Queryable, after: number, limit: number): Promise<{ id: string; seq: number }[]> {
    const { rows } = await q.query<{ id: string; seq: number }>(
      'SELECT id, seq FROM objects WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, limit],
    );
    return rows.map((r) => ({ id: r.id, seq: Number(r.seq) }));
  }

  // --- sender: outbox ------------------------------------------------------------------------

  async enqueue(q: Queryable, rows: readonly OutboxInsert[]): Promise<void> {
    if (rows.length === 0) return;
    // [FED-103] The item's compact bytes, not its JSON: encoded once, here.
    await q.query(
      `INSERT INTO fed_outbox (peer_id, agreement_id, kind, prio, record_id, record_modified, envelope, enqueued_at)
       SELECT r.peer_id, r.agreement_id, r.kind, r.prio, r.record_id, r.record_modified, decode(r.bytes, 'base64'), r.at::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(peer_id text, agreement_id text, kind text, prio smallint, record_id text, record_modified text, bytes text, at text)`,
      [
        JSON.stringify(
          rows.map((r) => ({
            peer_id: r.peerId,
            agreement_id: r.agreementId,
            kind: r.kind,
            prio: PRIO_RANK[r.priority],
            record_id: r.recordId,
            record_modified: r.recordModified,
            bytes: Buffer.from(outboxBytes(r.item)).toString('base64'),
            at: r.at,
          })),
        ),
      ],
    );
  }

  /** [FED-20][FED-37] Unnumbered items of a peer, most urgent first, claimed until commit. */
  async claimUnassigned(q: Queryable, peerId: string, limit: number): Promise<UnassignedRow[]> {
    const { rows } = await q.query<{
      id: number;
      agreement_id: string;
      prio: number;
      item: Record<string, unknown> | null;
      envelope: Uint8Array | null;
    }>(
      `SELECT id, agreement_id, prio, item, envelope FROM fed_outbox WHERE peer_id = $1 AND seq IS NULL
       ORDER BY prio, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [peerId, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      agreementId: r.agreement_id,
      priority: RANK_PRIO[r.prio]!,
      bytes: r.envelope ? new Uint8Array(r.envelope) : outboxBytes(r.item!),
      encodedNow: !r.envelope,
    }));
  }

  /** The sending state of a stream, created at epoch 1 and locked until commit. */
  async lockStream(
    q: Queryable,
    peerId: string,
    agreementId: string,
  ): Promise<{ epoch: number; last: number; acked: number }> {
    await q.query('INSERT INTO fed_streams (peer_id, agreement_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      peerId,
      agreementId,
    ]);
    const { rows } = await q.query<{ epoch: number; last_seq: number; acked: number }>(
      'SELECT epoch, last_seq, acked FROM fed_streams WHERE peer_id = $1 AND agreement_id = $2 FOR UPDATE',
      [peerId, agreementId],
    );
    const r = rows[0]!;
    return { epoch: Number(r.epoch), last: Number(r.last_seq), acked: Number(r.acked) };
  }

  async setLast(q: Queryable, peerId: string, agreementId: string, last: number): Promise<void> {
    await q.query('UPDATE fed_streams SET last_seq = $3 WHERE peer_id = $1 AND agreement_id = $2', [
      peerId,
      agreementId,
      last,
    ]);
  }

  async assign(q: Queryable, id: number, epoch: number, seq: number, envelope: Uint8Array): Promise<void> {
    await q.query('UPDATE fed_outbox SET epoch = $2, seq = $3, envelope = $4 WHERE id = $1', [
      id,
      epoch,
      seq,
      Buffer.from(envelope),
    ]);
  }

  /** [FED-86] Keeps the signed header of a run numbered on a stream; returns its id. */
  async insertBatch(
    q: Queryable,
    peerId: string,
    agreementId: string,
    epoch: number,
    first: number,
    last: number,
    header: Uint8Array,
  ): Promise<number> {
    const { rows } = await q.query<{ id: number }>(
      `INSERT INTO fed_batches (peer_id, agreement_id, epoch, first_seq, last_seq, header) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [peerId, agreementId, epoch, first, last, Buffer.from(header)],
    );
    return Number(rows[0]!.id);
  }

  /** Numbers many claimed rows in one statement: position, item bytes and batch of each. */
  async assignMany(
    q: Queryable,
    rows: readonly { id: number; epoch: number; seq: number; envelope: Uint8Array | null; batchId: number }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    // A null envelope keeps the bytes the row has had since it was planned ([FED-103]).
    await q.query(
      `UPDATE fed_outbox o SET epoch = u.epoch, seq = u.seq, envelope = coalesce(decode(u.env, 'hex'), o.envelope), batch_id = u.batch_id
       FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::text[], $5::bigint[]) AS u(id, epoch, seq, env, batch_id) WHERE o.id = u.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.epoch),
        rows.map((r) => r.seq),
        rows.map((r) => (r.envelope ? Buffer.from(r.envelope).toString('hex') : null)),
        rows.map((r) => r.batchId),
      ],
    );
  }

  /** [FED-90] Replaces the signed header of a batch (key rotation or revocation). */
  async setBatchHeader(q: Queryable, batchId: number, header: Uint8Array): Promise<void> {
    await q.query('UPDATE fed_batches SET header = $2 WHERE id = $1', [batchId, Buffer.from(header)]);
  }

  /**
   * Numbered items not yet acknowledged, in stream order ([FED-13]: kept until acknowledged),
   * after position `after` when given ([FED-101]: the last item of the messages in flight; each
   * message read continues where the one before it ends, so a range, not a list of ids, says
   * what is in flight).
   */
  async pending(
    q: Queryable,
    peerId: string,
    limit: number,
    after: Pick<PendingRow, 'agreementId' | 'epoch' | 'seq'> | null = null,
  ): Promise<PendingRow[]> {
    const { rows } = await q.query<{
      id: number;
      agreement_id: string;
      epoch: number;
      seq: number;
      envelope: Uint8Array;
      batch_id: number | null;
    }>(
      `SELECT id, agreement_id, epoch, seq, envelope, batch_id FROM fed_outbox
       WHERE peer_id = $1 AND seq IS NOT NULL AND acked_at IS NULL
         AND ($3::text IS NULL OR (agreement_id, epoch, seq) > ($3::text, $4::integer, $5::bigint))
       ORDER BY agreement_id, epoch, seq LIMIT $2`,
      [peerId, limit, after?.agreementId ?? null, after?.epoch ?? null, after?.seq ?? null],
    );
    // The headers in a second read (a join made the planner sort every waiting row), one object
    // per batch: frames compare batches by identity.
    const ids = [...new Set(rows.filter((r) => r.batch_id !== null).map((r) => Number(r.batch_id)))];
    const batches = new Map<number, { id: number; header: Uint8Array; first: number }>();
    if (ids.length) {
      const { rows: headers } = await q.query<{ id: number; header: Uint8Array; first_seq: number }>(
        'SELECT id, header, first_seq FROM fed_batches WHERE id = ANY($1::bigint[])',
        [ids],
      );
      for (const h of headers)
        batches.set(Number(h.id), {
          id: Number(h.id),
          header: new Uint8Array(h.header),
          first: Number(h.first_seq),
        });
    }
    return rows.map((r) => {
      const batch = r.batch_id === null ? null : (batches.get(Number(r.batch_id)) ?? null);
      return {
        id: Number(r.id),
        agreementId: r.agreement_id,
        epoch: Number(r.epoch),
        seq: Number(r.seq),
        envelope: new Uint8Array(r.envelope),
        batch,
      };
    });
  }

  async markSent(q: Queryable, ids: readonly number[], at: string): Promise<void> {
    if (ids.length)
      await q.query('UPDATE fed_outbox SET sent_at = $2 WHERE id = ANY($1::bigint[])', [[...ids], at]);
  }

  /** [FED-10][FED-13] A cumulative ack settles every item ≤ hwm of its epoch; consuming nacks are
   *  recorded. Returns the outbox ids it settled. */
  async settle(
    q: Queryable,
    peerId: string,
    agreementId: string,
    epoch: number,
    hwm: number,
    nacks: readonly { seq: number; reason: string }[],
    at: string,
    sentAt: string | null = null,
  ): Promise<number[]> {
    // sentAt: the ack is the reply to a push of these items, sent at that time; one update of
    // each row marks it sent and settled, not two.
    const { rows } = await q.query<{ id: number }>(
      `UPDATE fed_outbox SET acked_at = $5, sent_at = coalesce($6::timestamptz, sent_at)
       WHERE peer_id = $1 AND agreement_id = $2 AND epoch = $3 AND seq <= $4 AND acked_at IS NULL RETURNING id`,
      [peerId, agreementId, epoch, hwm, at, sentAt],
    );
    for (const n of nacks) {
      await q.query(
        'UPDATE fed_outbox SET nack_reason = $5 WHERE peer_id = $1 AND agreement_id = $2 AND epoch = $3 AND seq = $4',
        [peerId, agreementId, epoch, n.seq, n.reason],
      );
    }
    await q.query(
      'UPDATE fed_streams SET acked = GREATEST(acked, $4) WHERE peer_id = $1 AND agreement_id = $2 AND epoch = $3',
      [peerId, agreementId, epoch, hwm],
    );
    return rows.map((r) => Number(r.id));
  }

  async addReceipt(
    q: Queryable,
    r: {
      peerId: string;
      agreementId: string;
      epoch: number;
      hwm: number;
      nacks: number;
      receipt: Uint8Array;
      at: string;
    },
  ): Promise<void> {
    await q.query(
      'INSERT INTO fed_receipts (peer_id, agreement_id, epoch, hwm, nacks, receipt, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [r.peerId, r.agreementId, r.epoch, r.hwm, r.nacks, Buffer.from(r.receipt), r.at],
    );
  }

  async hasReceipt(q: Queryable, peerId: string, receipt: Uint8Array): Promise<boolean> {
    const { rows } = await q.query('SELECT 1 FROM fed_receipts WHERE peer_id = $1 AND receipt = $2 LIMIT 1', [
      peerId,
      Buffer.from(receipt),
    ]);
    return rows.length > 0;
  }

  async receipts(
    q: Queryable,
    peerId: string,
  ): Promise<{ agreementId: string; epoch: number; hwm: number; nacks: number; receivedAt: string }[]> {
    const { rows } = await q.query<{
      agreement_id: string;
      epoch: number;
      hwm: number;
      nacks: number;
      received_at: string;
    }>(
      `SELECT agreement_id, epoch, hwm, nacks, ${ISO('received_at')} AS received_at FROM fed_receipts WHERE peer_id = $1 ORDER BY id`,
      [peerId],
    );
    return rows.map((r) => ({
      agreementId: r.agreement_id,
      epoch: Number(r.epoch),
      hwm: Number(r.hwm),
      nacks: Number(r.nacks),
      receivedAt: r.received_at,
    }));
  }

  // --- receiver ------------------------------------------------------------------------------

  /** [FED-10] The receiver's cursor on an incoming stream, locked until commit. */
  async lockInbound(q: Queryable, streamKey: string): Promise<Cursor> {
    await q.query(
      `INSERT INTO fed_cursors (direction, stream_key) VALUES ('in', $1) ON CONFLICT DO NOTHING`,
      [streamKey],
    );
    const { rows } = await q.query<{ epoch: number; position: number }>(
      `SELECT epoch, position FROM fed_cursors WHERE direction = 'in' AND stream_key = $1 FOR UPDATE`,
      [streamKey],
    );
    return { epoch: Number(rows[0]!.epoch), hwm: Number(rows[0]!.position) };
  }

  async setInbound(q: Queryable, streamKey: string, c: Cursor): Promise<void> {
    await q.query(
      `UPDATE fed_cursors SET epoch = $2, position = $3, updated_at = now() WHERE direction = 'in' AND stream_key = $1`,
      [streamKey, c.epoch, c.hwm],
    );
  }

  async tombstone(q: Queryable, origin: string, recordId: string): Promise<string | null> {
    const { rows } = await q.query<{ modified_key: string }>(
      'SELECT modified_key FROM fed_tombstones WHERE origin = $1 AND record_id = $2',
      [origin, recordId],
    );
    return rows[0]?.modified_key ?? null;
  }

  /** The tombstones of many records received from `origin`, by record id. */
  async tombstones(q: Queryable, origin: string, recordIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (recordIds.length === 0) return out;
    const { rows } = await q.query<{ record_id: string; modified_key: string }>(
      'SELECT record_id, modified_key FROM fed_tombstones WHERE origin = $1 AND record_id = ANY($2::text[])',
      [origin, [...new Set(recordIds)]],
    );
    for (const r of rows) out.set(r.record_id, r.modified_key);
    return out;
  }

  /** [FED-9] Removes every version ≤ key of a record received from `origin` and keeps the tombstone. */
  async withdraw(
    q: Queryable,
    origin: string,
    recordId: string,
    key: string,
    reason: string,
    at: string,
  ): Promise<void> {
    const { rows: gone } = await q.query<{ modified: string }>(
      `DELETE FROM objects WHERE id = $1 AND origin = $2 AND modified_key <= $3 RETURNING object->>'modified' AS modified`,
      [recordId, origin, key],
    );
    await q.query(
      `DELETE FROM earlier_versions v WHERE v.id = $1 AND v.modified_key <= $2 AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.id = $1 AND o.origin <> $3)`,
      [recordId, key, origin],
    );
    await q.query(
      `INSERT INTO fed_tombstones (origin, record_id, modified_key, reason, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (origin, record_id) DO UPDATE SET modified_key = GREATEST(fed_tombstones.modified_key, EXCLUDED.modified_key), reason = EXCLUDED.reason, at = EXCLUDED.at`,
      [origin, recordId, key, reason, at],
    );
    // The live feed and the map drop the id; analysis unindexes it.
    if (gone[0]) await removals.recordRemoval(q, recordId, gone[0].modified ?? at);
  }

  // --- peer status ---------------------------------------------------------------------------

  /**
   * [FED-37] Takes (or renews) the right to send to a peer for `ms`: one process at a time sends
   * on a peer's streams, so no item leaves twice. Judged on the database's own clock.
   */
  async lease(q: Queryable, peerId: string, owner: string, ms: number): Promise<boolean> {
    await q.query('INSERT INTO fed_peer_status (peer_id) VALUES ($1) ON CONFLICT DO NOTHING', [peerId]);
    const { rows } = await q.query(
      `UPDATE fed_peer_status SET lease_owner = $2, lease_until = now() + ($3::text || ' milliseconds')::interval
       WHERE peer_id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now()) RETURNING peer_id`,
      [peerId, owner, String(ms)],
    );
    return rows.length === 1;
  }

  async release(q: Queryable, peerId: string, owner: string): Promise<void> {
    await q.query(
      'UPDATE fed_peer_status SET lease_owner = NULL, lease_until = NULL WHERE peer_id = $1 AND lease_owner = $2',
      [peerId, owner],
    );
  }

  async recordAttempt(
    q: Queryable,
    peerId: string,
    ok: boolean,
    error: string | null,
    at: string,
  ): Promise<void> {
    await q.query('INSERT INTO fed_peer_status (peer_id) VALUES ($1) ON CONFLICT DO NOTHING', [peerId]);
    await q.query(
      ok
        ? 'UPDATE fed_peer_status SET connected = true, last_error = NULL, last_attempt_at = $2, last_success_at = $2, failures = 0 WHERE peer_id = $1'
        : 'UPDATE fed_peer_status SET connected = false, last_error = $3, last_attempt_at = $2, failures = failures + 1 WHERE peer_id = $1',
      ok ? [peerId, at] : [peerId, at, error],
    );
  }

  /** [FED-39] Status of each peer id given. */
  async status(q: Queryable, peerIds: readonly string[]): Promise<PeerStatusRow[]> {
    const { rows } = await q.query<{
      peer_id: string;
      connected: boolean | null;
      last_error: string | null;
      last_attempt_at: string | null;
      last_success_at: string | null;
      last_ack_at: string | null;
      failures: number | null;
      backlog: number;
      unassigned: number;
      oldest: string | null;
    }>(
      `SELECT p.peer_id, s.connected, s.last_error, ${ISO('s.last_attempt_at')} AS last_attempt_at, ${ISO('s.last_success_at')} AS last_success_at, s.failures,
         (SELECT count(*) FROM fed_outbox o WHERE o.peer_id = p.peer_id AND o.acked_at IS NULL) AS backlog,
         (SELECT count(*) FROM fed_outbox o WHERE o.peer_id = p.peer_id AND o.seq IS NULL) AS unassigned,
         (SELECT ${ISO('min(o.enqueued_at)')} FROM fed_outbox o WHERE o.peer_id = p.peer_id AND o.acked_at IS NULL) AS oldest,
         (SELECT ${ISO('max(r.received_at)')} FROM fed_receipts r WHERE r.peer_id = p.peer_id) AS last_ack_at
       FROM unnest($1::text[]) AS p(peer_id) LEFT JOIN fed_peer_status s ON s.peer_id = p.peer_id ORDER BY p.peer_id`,
      [[...peerIds]],
    );
    return rows.map((r) => ({
      peerId: r.peer_id,
      connected: r.connected ?? false,
      lastError: r.last_error,
      lastAttemptAt: r.last_attempt_at,
      lastSuccessAt: r.last_success_at,
      lastAckAt: r.last_ack_at,
      failures: Number(r.failures ?? 0),
      backlog: Number(r.backlog),
      unassigned: Number(r.unassigned),
      oldestUnacked: r.oldest,
    }));
  }

  /** The agreement a record was last released under to a peer (the stream its withdrawal takes). */
  async lastReleaseAgreement(q: Queryable, peerId: string, recordId: string): Promise<string | null> {
    const { rows } = await q.query<{ agreement_id: string | null }>(
      `SELECT agreement_id FROM shares WHERE peer_id = $1 AND record_id = $2 AND decision IN ('release', 'release-redacted') ORDER BY id DESC LIMIT 1`,
      [peerId, recordId],
    );
    return rows[0]?.agreement_id ?? null;
  }

  // --- keys, acks, cursors (migration 6) -----------------------------------------------------

  /** [FED-16] The latest verified key set of a partner (null: only the registration key is known). */
  async peerKeyset(q: Queryable, peerId: string): Promise<KeySet | null> {
    const { rows } = await q.query<{ keyset: KeySet }>(
      'SELECT keyset FROM fed_peer_keysets WHERE peer_id = $1',
      [peerId],
    );
    return rows[0]?.keyset ?? null;
  }

  async savePeerKeyset(
    q: Queryable,
    peerId: string,
    ks: KeySet,
    signed: Uint8Array,
    at: string,
  ): Promise<void> {
    await q.query(
      `INSERT INTO fed_peer_keysets (peer_id, version, keyset, signed, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5)
       ON CONFLICT (peer_id) DO UPDATE SET version = EXCLUDED.version, keyset = EXCLUDED.keyset, signed = EXCLUDED.signed, updated_at = EXCLUDED.updated_at
       WHERE fed_peer_keysets.version < EXCLUDED.version`,
      [peerId, ks.version, JSON.stringify(ks), Buffer.from(signed), at],
    );
  }

  /** The version of this node's key set already queued to a peer, locked until commit. */
  async lockKeysetSent(q: Queryable, peerId: string): Promise<number> {
    await q.query('INSERT INTO fed_peer_status (peer_id) VALUES ($1) ON CONFLICT DO NOTHING', [peerId]);
    const { rows } = await q.query<{ keyset_sent: number }>(
      'SELECT keyset_sent FROM fed_peer_status WHERE peer_id = $1 FOR UPDATE',
      [peerId],
    );
    return Number(rows[0]!.keyset_sent);
  }

  async setKeysetSent(q: Queryable, peerId: string, version: number): Promise<void> {
    await q.query('UPDATE fed_peer_status SET keyset_sent = $2 WHERE peer_id = $1', [peerId, version]);
  }

  /** [FED-10][FED-35] Keeps the last signed ack of an incoming stream (pull and return bundles carry it). */
  async saveAck(q: Queryable, streamKey: string, ack: Uint8Array): Promise<void> {
    await q.query(`UPDATE fed_cursors SET ack = $2 WHERE direction = 'in' AND stream_key = $1`, [
      streamKey,
      Buffer.from(ack),
    ]);
  }

  /** The last signed ack of every stream this node receives from `senderId`. */
  async lastAcks(q: Queryable, senderId: string): Promise<Uint8Array[]> {
    const { rows } = await q.query<{ ack: Uint8Array }>(
      `SELECT ack FROM fed_cursors WHERE direction = 'in' AND starts_with(stream_key, $1) AND ack IS NOT NULL ORDER BY stream_key`,
      [`${senderId}/`],
    );
    return rows.map((r) => new Uint8Array(r.ack));
  }

  /** [FED-14] This node's cursors on the streams it receives from `senderId`. */
  async inboundCursors(q: Queryable, senderId: string): Promise<StreamCursor[]> {
    const { rows } = await q.query<{ stream_key: string; epoch: number; position: number }>(
      `SELECT stream_key, epoch, position FROM fed_cursors WHERE direction = 'in' AND starts_with(stream_key, $1) ORDER BY stream_key`,
      [`${senderId}/`],
    );
    return rows.map((r) => ({
      agreement: r.stream_key.slice(senderId.length + 1),
      epoch: Number(r.epoch),
      hwm: Number(r.position),
    }));
  }

  /** The sending state of every stream to a peer. */
  async streams(
    q: Queryable,
    peerId: string,
  ): Promise<{ agreementId: string; epoch: number; last: number; acked: number }[]> {
    const { rows } = await q.query<{ agreement_id: string; epoch: number; last_seq: number; acked: number }>(
      'SELECT agreement_id, epoch, last_seq, acked FROM fed_streams WHERE peer_id = $1 ORDER BY agreement_id',
      [peerId],
    );
    return rows.map((r) => ({
      agreementId: r.agreement_id,
      epoch: Number(r.epoch),
      last: Number(r.last_seq),
      acked: Number(r.acked),
    }));
  }

  /**
   * [FED-15] Opens a new epoch on a stream: its counter restarts, and every item the receiver
   * lacks (above its cursor, acknowledged or not) is returned for re-planning; the unacknowledged
   * items of earlier epochs are closed, never sent again.
   */
  async openEpoch(
    q: Queryable,
    peerId: string,
    agreementId: string,
    epoch: number,
    cursor: Cursor,
    at: string,
  ): Promise<{ recordId: string; kind: string; item: Record<string, unknown> }[]> {
    // Rows planned since migration 61 keep their item as compact bytes ([FED-103]).
    await q.query(
      'UPDATE fed_streams SET epoch = $3, last_seq = 0, acked = 0 WHERE peer_id = $1 AND agreement_id = $2',
      [peerId, agreementId, epoch],
    );
    const { rows } = await q.query<{
      record_id: string | null;
      kind: string;
      item: Record<string, unknown> | null;
      envelope: Uint8Array | null;
    }>(
      `SELECT record_id, kind, item, envelope FROM fed_outbox WHERE peer_id = $1 AND agreement_id = $2 AND seq IS NOT NULL AND nack_reason IS NULL
         AND (epoch > $3 OR (epoch = $3 AND seq > $4)) AND epoch < $5 ORDER BY epoch, seq`,
      [peerId, agreementId, cursor.epoch, cursor.hwm, epoch],
    );
    // At or below the receiver's cursor it holds them; above, they are superseded by the new epoch.
    await q.query(
      `UPDATE fed_outbox SET acked_at = $6, nack_reason = CASE WHEN epoch < $3 OR (epoch = $3 AND seq <= $4) THEN NULL ELSE 'stale_epoch' END
       WHERE peer_id = $1 AND agreement_id = $2 AND seq IS NOT NULL AND epoch < $5 AND acked_at IS NULL`,
      [peerId, agreementId, cursor.epoch, cursor.hwm, epoch, at],
    );
    return rows.map((r) => ({
      recordId: r.record_id ?? '',
      kind: r.kind,
      item: r.item ?? itemOfBytes(new Uint8Array(r.envelope!)),
    }));
  }

  /**
   * [FED-35] What this node released to a peer, item by item, with the first receipt whose
   * cumulative mark covers it (null while unacknowledged).
   */
  async releases(q: Queryable, peerId: string, limit: number): Promise<ReleaseRow[]> {
    const { rows } = await q.query<{
      id: number;
      agreement_id: string;
      kind: string;
      record_id: string | null;
      record_modified: string | null;
      epoch: number;
      seq: number;
      enqueued_at: string;
      acked_at: string | null;
      nack_reason: string | null;
      receipt_id: number | null;
      receipt: Uint8Array | null;
      received_at: string | null;
    }>(
      `SELECT o.id, o.agreement_id, o.kind, o.record_id, o.record_modified, o.epoch, o.seq, ${ISO('o.enqueued_at')} AS enqueued_at,
         ${ISO('o.acked_at')} AS acked_at, o.nack_reason, r.id AS receipt_id, r.receipt, ${ISO('r.received_at')} AS received_at
       FROM fed_outbox o
       LEFT JOIN LATERAL (SELECT id, receipt, received_at FROM fed_receipts r WHERE r.peer_id = o.peer_id AND r.agreement_id = o.agreement_id
         AND r.epoch = o.epoch AND r.hwm >= o.seq ORDER BY r.id LIMIT 1) r ON true
       WHERE o.peer_id = $1 AND o.seq IS NOT NULL ORDER BY o.id LIMIT $2`,
      [peerId, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      agreementId: r.agreement_id,
      kind: r.kind,
      recordId: r.record_id,
      recordModified: r.record_modified,
      epoch: Number(r.epoch),
      seq: Number(r.seq),
      enqueuedAt: r.enqueued_at,
      ackedAt: r.acked_at,
      nackReason: r.nack_reason,
      receiptId: r.receipt_id === null ? null : Number(r.receipt_id),
      receipt: r.receipt ? new Uint8Array(r.receipt) : null,
      receivedAt: r.received_at,
    }));
  }
}

export interface ReleaseRow {
  id: number;
  agreementId: string;
  kind: string;
  recordId: string | null;
  recordModified: string | null;
  epoch: number;
  seq: number;
  enqueuedAt: string;
  ackedAt: string | null;
  nackReason: string | null;
  receiptId: number | null;
  receipt: Uint8Array | null;
  receivedAt: string | null;
}
