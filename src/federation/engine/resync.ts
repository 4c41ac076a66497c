/**
 * Epochs after a restore ([FED-14], [FED-15]): every authenticated receiver cursor (an ack, a
 * pull) is compared with the sender's view of the stream by `planResync`. When the receiver lost
 * history (restored from an old backup) or the sender did, the stream opens a new epoch and what
 * the receiver lacks is queued again — re-derived through the policy engine, so a record withheld
 * meanwhile is never re-sent and one released again goes in its current (redacted) form.
 */
import { appendAudit } from '../../audit/audit.ts';
import { DomainError } from '../../core/errors.ts';
import { formatTimestamp } from '../../objects/timestamps.ts';
import type { StixObject } from '../../objects/stix.ts';
import { planResync, type Cursor } from '../protocol.ts';
import type { Federation } from './federation.ts';
import type { OutboxInsert } from './store.ts';

/** Opens a new epoch on (peer, agreement) when `cursor` shows lost history; true when it did. */
export async function reopenIfRegressed(
  fed: Federation,
  peerId: string,
  agreementId: string,
  cursor: Cursor,
): Promise<boolean> {
  const { db, clock, sharing, records } = fed.deps;
  return db.transaction(async (tx) => {
    const s = await fed.store.lockStream(tx, peerId, agreementId);
    const plan = planResync({ epoch: s.epoch, acked: s.acked, last: s.last }, cursor);
    if (plan.action === 'resume') return false;
    const at = formatTimestamp(clock.now());
    // Receiver behind: everything above its cursor. Sender behind: everything it has not had acked.
    const since = plan.cause === 'receiver_regressed' ? cursor : { epoch: s.epoch, hwm: s.acked };
    const lacking = await fed.store.openEpoch(tx, peerId, agreementId, plan.epoch, since, at);
    // One item per record (its latest), the key set once.
    const latest = new Map<string, (typeof lacking)[number]>();
    for (const r of lacking)
      latest.set(r.kind === 'put' || r.kind === 'withdraw' ? r.recordId : `${r.kind}:`, r);
    const rows: OutboxInsert[] = [];
    for (const r of latest.values()) {
      const priority = r.item.priority as OutboxInsert['priority'];
      if (r.kind !== 'put') {
        rows.push({
          peerId,
          agreementId,
          kind: r.kind as OutboxInsert['kind'],
          priority,
          recordId: r.recordId || null,
          recordModified: null,
          item: r.item,
          at,
        });
        continue;
      }
      let decision;
      try {
        decision = await sharing.decideFor(tx, r.recordId, peerId);
      } catch (e) {
        if (e instanceof DomainError && e.kind === 'not_found') continue;
        throw e;
      }
      if (decision.decision === 'withhold' || decision.agreement?.id !== agreementId) continue;
      const rec = await records.get(tx, r.recordId);
      if (!rec) continue;
      const object = (decision.redacted ?? rec.object) as StixObject;
      const modified = String(object.modified ?? object.created);
      const item = {
        kind: 'put',
        priority,
        object,
        ...(decision.decision === 'release-redacted' ? { redacted: true } : {}),
      };
      rows.push({
        peerId,
        agreementId,
        kind: 'put',
        priority,
        recordId: r.recordId,
        recordModified: modified,
        item,
        at,
      });
    }
    await fed.store.enqueue(tx, rows);
    await appendAudit(tx, clock, {
      actor: 'system',
      action: 'federation.epoch',
      target: peerId,
      outcome: 'success',
      details: {
        agreement: agreementId,
        epoch: plan.epoch,
        cause: plan.cause,
        cursor: { epoch: cursor.epoch, hwm: cursor.hwm },
        requeued: rows.length,
      },
    });
    return true;
  });
}
