/**
 * [FED-35] What this node released to a partner, under which agreement, and the signed receipt
 * proving arrival: each numbered outbox item with the first ack whose cumulative mark covers it.
 * Receipts are verified again when listed (the partner's key set, the stream, the position), so
 * the listing is proof, not a copy of a status column.
 */
import { openMessage } from '../wire.ts';
import type { Federation } from './federation.ts';

export type ReceiptCheck = 'verified' | 'invalid' | 'none';

export interface ShareLine {
  recordId: string | null;
  kind: string;
  agreementId: string;
  epoch: number;
  seq: number;
  releasedAt: string;
  ackedAt: string | null;
  nackReason: string | null;
  receipt: ReceiptCheck;
  /** The receiver's signing time on the receipt (its own clock; display only). */
  receiptSignedAt: string | null;
}

export async function sharesWith(fed: Federation, peerId: string, limit = 10_000): Promise<ShareLine[]> {
  const { db } = fed.deps;
  const keyset = await fed.receiver.keysetOf(db, peerId);
  const rows = await fed.store.releases(db, peerId, limit);
  const checked = new Map<
    number,
    { ok: boolean; signedAt: string | null; hwm: number; epoch: number; agreement: string }
  >();
  return rows.map((r) => {
    let receipt: ReceiptCheck = 'none';
    let signedAt: string | null = null;
    if (r.receipt && r.receiptId !== null) {
      let c = checked.get(r.receiptId);
      if (!c) {
        const o = keyset ? openMessage(r.receipt, keyset) : null;
        const m = o?.ok ? o.value.message : null;
        c =
          o?.ok &&
          m?.type === 'ack' &&
          m.stream.sender === fed.deps.self.nodeId &&
          m.stream.receiver === peerId
            ? {
                ok: true,
                signedAt: o.value.signedAt.toISOString(),
                hwm: m.hwm,
                epoch: m.epoch,
                agreement: m.stream.agreement,
              }
            : { ok: false, signedAt: null, hwm: 0, epoch: 0, agreement: '' };
        checked.set(r.receiptId, c);
      }
      const covers = c.ok && c.agreement === r.agreementId && c.epoch === r.epoch && c.hwm >= r.seq;
      receipt = covers ? 'verified' : 'invalid';
      signedAt = covers ? c.signedAt : null;
    }
    return {
      recordId: r.recordId,
      kind: r.kind,
      agreementId: r.agreementId,
      epoch: r.epoch,
      seq: r.seq,
      releasedAt: r.enqueuedAt,
      ackedAt: r.ackedAt,
      nackReason: r.nackReason,
      receipt,
      receiptSignedAt: signedAt,
    };
  });
}
