/**
 * Key operations a node starts itself ([FED-50]–[FED-53] of docs/sync-spec.md): rotate, revoke,
 * list, and the switch to a rotated key once every partner has it. Audited; restricted to
 * `settings.change` (the node administrator). The key set itself is in own-keys.ts; the sender
 * queues each new version FLASH to every partner ([FED-16]).
 */
import type { Actor } from '../../auth/principal.ts';
import { actorId } from '../../auth/principal.ts';
import { requirePermission } from '../../auth/guard.ts';
import { appendAudit } from '../../audit/audit.ts';
import { stateOf } from '../../sharing/agreements.ts';
import type { Queryable } from '../../store/db.ts';
import { signBatchHeader } from '../batch-envelope.ts';
import { sign } from '../envelope.ts';
import type { Revocation } from '../keyset.ts';
import type { Federation } from './federation.ts';
import { DEFAULT_OVERLAP_MS, type OwnKeyView } from './own-keys.ts';
import { itemOfRow } from './sender.ts';

/** [FED-50] `sentinelle keys rotate`: a new signing key, published at once, signing after the switch. */
export async function rotateKeys(
  fed: Federation,
  actor: Actor,
  overlapMs = DEFAULT_OVERLAP_MS,
): Promise<{ kid: string; version: number; deadline: string }> {
  const { db, clock, self } = fed.deps;
  await requirePermission(fed.deps, actor, 'settings.change', { action: 'keys.rotate', target: self.nodeId });
  const previous = fed.signingKey.kid;
  const r = fed.keyring.rotate(self.nodeId, overlapMs);
  await appendAudit(db, clock, {
    actor: actorId(actor),
    action: 'keys.rotate',
    target: self.nodeId,
    outcome: 'success',
    details: { kid: r.kid, previous, version: r.version, deadline: r.deadline },
  });
  return r;
}

/**
 * [FED-53] `sentinelle keys revoke <kid> [--from <time>]`. Envelopes already numbered but not yet
 * acknowledged are signed again with the key that signs now (same item, same position), or a
 * partner that refuses the revoked key would wait for them forever.
 */
export async function revokeKey(
  fed: Federation,
  actor: Actor,
  kid: string,
  from?: string,
): Promise<{ version: number; revocation: Revocation; resigned: number }> {
  const { db, clock, self } = fed.deps;
  await requirePermission(fed.deps, actor, 'settings.change', { action: 'keys.revoke', target: kid });
  const r = fed.keyring.revoke(self.nodeId, kid, from);
  const resigned = await db.transaction(async (tx) => {
    const n = await resignUnacked(tx, fed);
    await appendAudit(tx, clock, {
      actor: actorId(actor),
      action: 'keys.revoke',
      target: kid,
      outcome: 'success',
      details: { version: r.version, reason: r.revocation.reason, from: r.revocation.from, resigned: n },
    });
    return n;
  });
  return { ...r, resigned };
}

/** `sentinelle keys list`: every key of this node's set and its status now. */
export async function listKeys(
  fed: Federation,
  actor: Actor,
): Promise<{ version: number; keys: OwnKeyView[] }> {
  await requirePermission(fed.deps, actor, 'settings.change', { action: 'keys.list', target: null });
  fed.keyring.refresh();
  return { version: fed.keyring.version, keys: fed.keyring.list() };
}

async function resignUnacked(tx: Queryable, fed: Federation): Promise<number> {
  const { clock, self } = fed.deps;
  const { rows } = await tx.query<{
    id: string;
    peer_id: string;
    agreement_id: string;
    epoch: number;
    seq: string;
    item: Record<string, unknown>;
  }>(
    `SELECT id, peer_id, agreement_id, epoch, seq, item FROM fed_outbox
      WHERE seq IS NOT NULL AND acked_at IS NULL AND batch_id IS NULL ORDER BY id FOR UPDATE`,
  );
  // [FED-90] A batch with an item still waiting gets a new header over the same items and
  // positions (its digests cover the whole run, acknowledged items included).
  const { rows: batches } = await tx.query<{
    id: string;
    peer_id: string;
    agreement_id: string;
    epoch: number;
    first_seq: string;
    items: string[];
    waiting: string;
  }>(
    `SELECT b.id, b.peer_id, b.agreement_id, b.epoch, b.first_seq,
            ARRAY(SELECT encode(o.envelope, 'hex') FROM fed_outbox o WHERE o.batch_id = b.id ORDER BY o.seq) AS items,
            (SELECT count(*) FROM fed_outbox o WHERE o.batch_id = b.id AND o.acked_at IS NULL) AS waiting
       FROM fed_batches b
      WHERE EXISTS (SELECT 1 FROM fed_outbox o WHERE o.batch_id = b.id AND o.acked_at IS NULL)
      ORDER BY b.id FOR UPDATE OF b`,
  );
  for (const b of batches) {
    const stream = { sender: self.nodeId, receiver: b.peer_id, agreement: b.agreement_id };
    const header = signBatchHeader(
      b.items.map((h) => new Uint8Array(Buffer.from(h, 'hex'))),
      { stream, epoch: Number(b.epoch), first: Number(b.first_seq) },
      fed.signingKey,
      clock,
    );
    await fed.store.setBatchHeader(tx, Number(b.id), header);
  }
  for (const r of rows) {
    const stream = { sender: self.nodeId, receiver: r.peer_id, agreement: r.agreement_id };
    const envelope = sign(
      itemOfRow(r.item),
      { stream, epoch: r.epoch, seq: Number(r.seq) },
      fed.signingKey,
      clock,
    );
    await tx.query('UPDATE fed_outbox SET envelope = $2 WHERE id = $1', [r.id, envelope]);
  }
  return rows.length + batches.reduce((n, b) => n + Number(b.waiting), 0);
}

/**
 * [FED-51] Before a round: if a rotated key waits, switch to it once every partner with an
 * agreement in force has acknowledged a key-set item of the new version (or the overlap is over).
 */
export async function switchKeysIfReady(fed: Federation): Promise<void> {
  const ring = fed.keyring;
  ring.refresh();
  const pending = ring.pending;
  if (!pending) return;
  const { db, clock, self, peers, agreements } = fed.deps;
  let ready = true;
  const now = clock.now().getTime();
  for (const peer of await peers.repo.list(db, false)) {
    const inForce = (await agreements.relevant(db, self.nodeId, peer.nodeId)).some(
      (a) => stateOf(a.status, a.document, now) === 'effective',
    );
    if (!inForce) continue;
    const { rows } = await db.query<{ sent: number; unacked: string }>(
      `SELECT s.keyset_sent AS sent,
              (SELECT count(*) FROM fed_outbox o WHERE o.peer_id = s.peer_id AND o.kind = 'keyset'
                 AND o.acked_at IS NULL) AS unacked
         FROM fed_peer_status s WHERE s.peer_id = $1`,
      [peer.nodeId],
    );
    const row = rows[0];
    if (!row || Number(row.sent) < pending.version || Number(row.unacked) > 0) {
      ready = false;
      break;
    }
  }
  const kid = ring.switchIfDue(ready);
  if (kid)
    await appendAudit(db, clock, {
      actor: 'system',
      action: 'keys.switch',
      target: kid,
      outcome: 'success',
      details: { version: ring.version, partnersReady: ready },
    });
}
