/**
 * HTTPS push with acknowledgements ([FED-4], [FED-10], [FED-13], [FED-35], [FED-39]): sends a
 * peer's numbered, unacknowledged envelopes, verifies the signed acks that come back, settles the
 * items they cover, keeps the acks as receipts, and records the peer's status. Items stay in the
 * outbox until an ack covers them; failures back off exponentially with jitter.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { appendAudit } from '../../audit/audit.ts';
import { formatTimestamp } from '../../objects/timestamps.ts';
import type { Db } from '../../store/db.ts';
import { encodeFrame } from '../batch-envelope.ts';
import { decodeCompact, encodeCompact, type CompactValue } from '../compact.ts';
import type { KeySet } from '../keyset.ts';
import {
  NACK_REASONS,
  PROTOCOL_VERSION,
  isSupportedVersion,
  type Cursor,
  type EnvelopeBatch,
  type Nack,
} from '../protocol.ts';
import { encodeMessage, openMessage } from '../wire.ts';
import type { ReceiveResult } from './receiver.ts';
import type { FederationStore, PendingRow } from './store.ts';

export const ENVELOPES_PATH = '/federation/v1/envelopes';
export const PULL_PATH = '/federation/v1/pull';
export const CBOR_TYPE = 'application/cbor';
/** Items per push message at most ([FED-101]): 2,000 of ≈ 40 B each; larger messages spread each
 * message's fixed cost (a transaction and its statements on both sides) over more records. */
export const PUSH_BATCH = 2_000;
/** [FED-101] Push messages in flight to one peer at once. */
const PUSH_WINDOW = 2;
const LEASE_MS = 30_000;

/** [FED-13] Delay before retry `failures` (≥ 1): exponential, capped, with "equal jitter". */
export function backoffMs(
  failures: number,
  random: () => number = Math.random,
  baseMs = 500,
  maxMs = 5 * 60_000,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** The reply to a push: compact CBOR of `{ type: 'acks', v, acks, rejected }`. */
export function encodeReceiveResult(r: ReceiveResult): Uint8Array {
  const rejected = r.rejected.map((n) => ({ ...n }));
  return encodeCompact({ type: 'acks', v: r.version ?? PROTOCOL_VERSION, acks: r.acks, rejected });
}

export function decodeReceiveResult(bytes: Uint8Array): ReceiveResult | null {
  let v: CompactValue;
  try {
    v = decodeCompact(bytes);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) return null;
  if (v.type !== 'acks' || !isSupportedVersion(v.v) || !Array.isArray(v.acks) || !Array.isArray(v.rejected))
    return null;
  if (!v.acks.every((a) => a instanceof Uint8Array)) return null;
  return { acks: v.acks, rejected: v.rejected as unknown as Nack[] };
}

/**
 * [FED-93] Most item bytes one message carries (push or pull response): batch items travel
 * uncompressed inside the message's DEFLATE, which the receiver inflates under the 4 MiB limit
 * ([FED-30]); the rest waits for the next message.
 */
export const MAX_MESSAGE_ITEM_BYTES = 2 * 1024 * 1024;

/** The leading rows whose envelopes fit in `maxBytes` (always at least one). */
export function withinBytes<T extends { envelope: Uint8Array }>(rows: readonly T[], maxBytes: number): T[] {
  let bytes = 0;
  const out: T[] = [];
  for (const r of rows) {
    bytes += r.envelope.length;
    if (out.length > 0 && bytes > maxBytes) break;
    out.push(r);
  }
  return out;
}

/** Largest frame built from a batch: a header is repeated rather than a frame growing past it. */
const MAX_FRAME_BYTES = 1024 * 1024;

/** What travels for some pending rows: a single envelope, or a frame of one batch's items. */
export interface PendingFrame {
  bytes: Uint8Array;
  rows: PendingRow[];
}

/**
 * [FED-87] The frames to send for pending rows (in stream order): consecutive rows of one batch
 * go in one frame with the batch header, a row without a batch as its single (v1) envelope.
 */
export function framesOf(rows: readonly PendingRow[]): PendingFrame[] {
  const out: PendingFrame[] = [];
  let run: PendingRow[] = [];
  let size = 0;
  const flush = () => {
    if (run.length === 0) return;
    const b = run[0]!.batch!;
    out.push({
      bytes: encodeFrame(
        b.header,
        run[0]!.seq - b.first,
        run.map((r) => r.envelope),
      ),
      rows: run,
    });
    run = [];
    size = 0;
  };
  for (const r of rows) {
    const prev = run.at(-1);
    if (
      prev &&
      (r.batch !== prev.batch || r.seq !== prev.seq + 1 || size + r.envelope.length > MAX_FRAME_BYTES)
    )
      flush();
    if (!r.batch) {
      out.push({ bytes: r.envelope, rows: [r] });
      continue;
    }
    run.push(r);
    size += r.envelope.length;
  }
  flush();
  return out;
}

/** How bytes reach a peer: fetch in production, an in-process call in some tests. */
export type Post = (url: string, body: Uint8Array) => Promise<Uint8Array>;

export const fetchPost: Post = async (url, body) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': CBOR_TYPE },
    body: Buffer.from(body),
    signal: AbortSignal.timeout(30_000),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) throw new PushError(`http_${res.status}`);
  return bytes;
};

export class PushError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'PushError';
  }
}

export interface TransportDeps {
  db: Db;
  clock: Clock;
  selfNodeId: string;
  store: FederationStore;
  post?: Post;
  /** [FED-14] Called with every authenticated receiver cursor (acks, pulls) before it settles. */
  onCursor?: (peerId: string, agreementId: string, cursor: Cursor) => Promise<void>;
}

export interface PushReport {
  sent: number;
  settled: number;
}

export class FederationTransport {
  /** Lease owner name of this process ([FED-37]). */
  readonly owner = randomUUID();
  constructor(private readonly deps: TransportDeps) {}

  /**
   * Pushes the peer's pending envelopes until none is left or the peer fails. Returns what was
   * sent and settled; throws PushError (after recording it in the peer status) on failure.
   * [FED-101] Up to PUSH_WINDOW messages are in flight: the next one is read and sent while the
   * partner applies the one before (it applies them in stream order; acks are cumulative).
   */
  async push(peer: { nodeId: string; baseUrl: string }, keyset: KeySet): Promise<PushReport> {
    const { db, store, clock } = this.deps;
    const post = this.deps.post ?? fetchPost;
    if (!(await store.lease(db, peer.nodeId, this.owner, LEASE_MS))) return { sent: 0, settled: 0 };
    const report: PushReport = { sent: 0, settled: 0 };
    const url = new URL(ENVELOPES_PATH, peer.baseUrl).toString();
    const inflight: { pending: PendingRow[]; reply: Promise<{ reply: Uint8Array } | { error: unknown }> }[] = [];
    let more = true;
    let idle = 0;
    try {
      for (;;) {
        while (more && inflight.length < PUSH_WINDOW) {
          // Each message continues where the last one in flight ends ([FED-101]).
          const after = inflight.at(-1)?.pending.at(-1) ?? null;
          const pending = withinBytes(
            await store.pending(db, peer.nodeId, PUSH_BATCH, after),
            MAX_MESSAGE_ITEM_BYTES,
          );
          if (pending.length === 0) break;
          const batch: EnvelopeBatch = {
            type: 'envelope',
            v: PROTOCOL_VERSION,
            from: this.deps.selfNodeId,
            to: peer.nodeId,
            envelopes: framesOf(pending).map((f) => f.bytes),
          };
          inflight.push({
            pending,
            reply: post(url, encodeMessage(batch)).then(
              (reply) => ({ reply }),
              (error: unknown) => ({ error }),
            ),
          });
        }
        const head = inflight.shift();
        if (!head) break;
        const { pending } = head;
        const answer = await head.reply;
        if ('error' in answer) {
          const e = answer.error;
          const code = e instanceof PushError ? e.code : 'unreachable';
          await store.recordAttempt(db, peer.nodeId, false, code, formatTimestamp(clock.now()));
          throw e instanceof PushError ? e : new PushError(code);
        }
        const sentAt = formatTimestamp(clock.now());
        await appendAudit(db, clock, {
          actor: 'system',
          action: 'federation.send',
          target: peer.nodeId,
          outcome: 'success',
          details: {
            via: 'push',
            envelopes: pending.length,
            streams: [...new Set(pending.map((p) => p.agreementId))],
          },
        });
        report.sent += pending.length;
        const result = decodeReceiveResult(answer.reply);
        if (!result) {
          await store.markSent(
            db,
            pending.map((p) => p.id),
            sentAt,
          );
          await store.recordAttempt(db, peer.nodeId, false, 'malformed', formatTimestamp(clock.now()));
          throw new PushError('malformed');
        }
        // The reply's acks mark the items they settle as sent too; the others are marked after.
        const done = new Set<number>();
        const settled = await this.acceptAcks(peer.nodeId, keyset, result.acks, { sentAt, settled: done });
        await store.markSent(
          db,
          pending.filter((p) => !done.has(p.id)).map((p) => p.id),
          sentAt,
        );
        report.settled += settled;
        await store.recordAttempt(db, peer.nodeId, true, null, formatTimestamp(clock.now()));
        // Nothing settled by a whole window of messages: the rest waits for a retry rather than
        // looping on the same items. (One reply may settle nothing when the partner took the
        // message after it first: its items were ahead, and are read again as pending.)
        idle = settled === 0 ? idle + 1 : 0;
        if (idle >= PUSH_WINDOW) more = false;
      }
    } finally {
      await store.release(db, peer.nodeId, this.owner);
    }
    return report;
  }

  /**
   * [FED-35] Verifies each signed ack, settles what it covers and keeps it as a receipt. An ack
   * showing the receiver lost history ([FED-14][FED-15]) is passed to `onCursor`. `push`: the
   * acks answer a push sent at `sentAt`; the items they settle are marked sent then, and their
   * ids added to `settled`.
   */
  async acceptAcks(
    peerId: string,
    keyset: KeySet,
    acks: readonly Uint8Array[],
    push: { sentAt: string; settled: Set<number> } | null = null,
  ): Promise<number> {
    const { db, store, clock } = this.deps;
    let settled = 0;
    for (const bytes of acks) {
      const opened = openMessage(bytes, keyset);
      if (!opened.ok || opened.value.message.type !== 'ack') continue;
      const ack = opened.value.message;
      if (ack.stream.sender !== this.deps.selfNodeId || ack.stream.receiver !== peerId) continue;
      await this.deps.onCursor?.(peerId, ack.stream.agreement, { epoch: ack.epoch, hwm: ack.hwm });
      // The same signed ack again (a return bundle imported twice, a repeated pull): nothing new.
      if (await store.hasReceipt(db, peerId, bytes)) continue;
      const consumed = ack.nacks
        .filter(
          (n) =>
            n.seq !== undefined &&
            n.epoch === ack.epoch &&
            n.seq <= ack.hwm &&
            NACK_REASONS[n.reason].consumes,
        )
        .map((n) => ({ seq: n.seq!, reason: n.reason }));
      const at = formatTimestamp(clock.now());
      settled += await db.transaction(async (tx) => {
        const ids = await store.settle(tx, peerId, ack.stream.agreement, ack.epoch, ack.hwm, consumed, at, push?.sentAt);
        for (const id of ids) push?.settled.add(id);
        const n = ids.length;
        await store.addReceipt(tx, {
          peerId,
          agreementId: ack.stream.agreement,
          epoch: ack.epoch,
          hwm: ack.hwm,
          nacks: ack.nacks.length,
          receipt: bytes,
          at,
        });
        await appendAudit(tx, clock, {
          actor: 'system',
          action: 'federation.receipt',
          target: peerId,
          outcome: 'success',
          details: {
            agreement: ack.stream.agreement,
            epoch: ack.epoch,
            hwm: ack.hwm,
            settled: n,
            nacks: ack.nacks.map((x) => x.reason),
          },
        });
        return n;
      });
    }
    return settled;
  }
}
