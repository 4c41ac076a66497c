/**
 * Agreement updates on the stream ([FED-54]–[FED-56] of docs/sync-spec.md). When an agreement
 * with a partner is revoked, amended (a new version in force supersedes the old one) or reaches
 * expiry on this node, its signed file — document, signatures, revocations — goes FLASH to that
 * partner on the agreement's own stream, once per change. The receiver checks it exactly as the
 * signed-file workflow does (src/sharing/agreements.ts) and applies it through the agreement
 * service, so both sides know the same state; a file that does not verify is nacked with a reason,
 * audited, and changes nothing.
 */
import type { Clock } from '../../core/clock.ts';
import { appendAudit } from '../../audit/audit.ts';
import { formatTimestamp } from '../../objects/timestamps.ts';
import { stateOf, type AgreementService } from '../../sharing/agreements.ts';
import type { Queryable } from '../../store/db.ts';
import type { AgreementItem, NackReason, StreamId } from '../protocol.ts';
import type { OutboxInsert } from './store.ts';

export interface AgreementUpdateDeps {
  clock: Clock;
  selfNodeId: string;
  agreements: AgreementService;
}

/** States a partner must hear about from this side ([FED-54]). */
const TOLD = new Set(['revoked', 'expired', 'superseded']);

/**
 * [FED-54][FED-20] Queues, for every partner, the signed file of each agreement shared with it
 * whose state changed in a way it must know: revoked, expired, or a later version in force. The
 * outbox row's `record_modified` holds a marker (version, state, revocations) so each change is
 * sent once, whatever the number of rounds.
 */
export async function queueAgreementUpdates(
  tx: Queryable,
  deps: AgreementUpdateDeps,
  peers: readonly string[],
  out: OutboxInsert[],
): Promise<void> {
  const now = deps.clock.now();
  for (const peerId of peers) {
    for (const a of await deps.agreements.relevant(tx, deps.selfNodeId, peerId)) {
      const state = stateOf(a.status, a.document, now.getTime());
      const amended = state === 'effective' && a.document.version > 1;
      if (!TOLD.has(state) && !amended) continue;
      const marker = `v${a.document.version}:${state}:${a.status.revokedBy.length}`;
      const { rows } = await tx.query(
        `SELECT 1 FROM fed_outbox WHERE peer_id = $1 AND agreement_id = $2 AND kind = 'agreement'
            AND record_modified = $3 LIMIT 1`,
        [peerId, a.document.id, marker],
      );
      if (
        rows.length > 0 ||
        out.some(
          (o) =>
            o.kind === 'agreement' &&
            o.peerId === peerId &&
            o.recordModified === marker &&
            o.agreementId === a.document.id,
        )
      )
        continue;
      const file = await deps.agreements.fileOf(tx, a.document.id, a.document.version);
      const item: AgreementItem = { kind: 'agreement', priority: 'flash', document: { ...file } };
      out.push({
        peerId,
        agreementId: a.document.id,
        kind: 'agreement',
        priority: 'flash',
        recordId: null,
        recordModified: marker,
        item: item as unknown as Record<string, unknown>,
        at: formatTimestamp(now),
      });
    }
  }
}

/**
 * [FED-55] Applies an agreement item from `stream.sender`: verified and stored through the
 * agreement service in the receiver's transaction. [FED-56] One that does not verify is nacked
 * `invalid_object` (`outside_agreement` when it names another agreement or a non-party sender)
 * and its issues audited; it consumes its position like any refused content ([FED-12]).
 */
export async function applyAgreementItem(
  tx: Queryable,
  deps: { clock: Clock; agreements: AgreementService },
  stream: StreamId,
  item: AgreementItem,
): Promise<{ applied: boolean } | { nack: NackReason }> {
  const r = await deps.agreements.applyFromPeer(tx, stream.sender, stream.agreement, item.document);
  if (r.ok) return { applied: r.changed };
  const outside = r.issues.some(
    (i) => i.code === 'agreement.wrong_stream' || i.code === 'agreement.sender_not_party',
  );
  await appendAudit(tx, deps.clock, {
    actor: `peer:${stream.sender}`,
    action: 'agreement.update',
    target: stream.agreement,
    outcome: 'failure',
    details: { issues: r.issues.slice(0, 20).map((i) => ({ path: i.path, code: i.code })) },
  });
  return { nack: outside ? 'outside_agreement' : 'invalid_object' };
}
