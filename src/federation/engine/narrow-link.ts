/**
 * Narrow links through the stream engine ([FED-85] of docs/sync-spec.md): what the outbox holds
 * for a partner leaves as narrow-profile messages (narrow.ts: compact v3 payload, packed header,
 * Ed25519, sealed to the partner), each at most one Iridium SBD mobile-terminated message
 * (270 bytes) or cut into signed fragments; the partner reassembles, opens and applies them
 * through the same receiver path as a push or a bundle (policy re-check, cursor, signed acks).
 *
 * Both ends build the link's stream table from the agreements in force between them (sorted ids,
 * each in both directions): an index that resolves differently on the other side names another
 * stream tag, which the signature covers, so it fails as bad_signature and moves nothing.
 */
import { appendAudit } from '../../audit/audit.ts';
import { DomainError } from '../../core/errors.ts';
import { encodeFrame, verifyFrame } from '../batch-envelope.ts';
import { verify, type VerifiedItem } from '../envelope.ts';
import { isFragment, Reassembler, SBD_MT_BYTES, type FragmentKeys } from '../fragments.ts';
import { publicKeyOf, type KeySet } from '../keyset.ts';
import { encodeNarrow, openNarrow, type NarrowFailure, type NarrowLink } from '../narrow.ts';
import type { Item, StreamId } from '../protocol.ts';
import { kexPrivateKey } from '../seal.ts';
import { activePeer, markSentOffline, readyOfflineExport } from './bundles.ts';
import type { PendingRow } from './store.ts';
import type { Federation } from './federation.ts';
import type { ReceiveResult } from './receiver.ts';
import './messages.ts';

const MAX_NARROW_ITEMS = 10_000;

export interface NarrowExport {
  /** The messages to hand to the link, in order; each at most `cap` bytes. */
  messages: Uint8Array[];
  /** Items of the outbox they carry. */
  items: number;
  /** Items left in the outbox: their agreement is no longer in force on this side (not in the table). */
  skipped: number;
}

export interface NarrowImport {
  /** Whole narrow envelopes opened (fragments reassembled). */
  envelopes: number;
  applied: number;
  /** Fragments still waiting for the rest of their message. */
  waiting: number;
  /** Messages refused before the engine (unreadable, bad signature, not sealed…), by reason. */
  refused: Partial<Record<NarrowFailure | 'fragment', number>>;
  /** The engine's answer: signed acks (kept for the return way), nacks. */
  result: ReceiveResult;
}

/**
 * [FED-85][FED-96] The stream table and the local id table both ends of a link derive from the
 * agreements in force between them: streams by sorted agreement id, then the `narrow_ids` each
 * agreement lists, in that order, each id once. The signature covers the id table (narrow profile
 * v3), so two ends that disagree refuse the message instead of reading another id.
 */
export async function narrowLinkOf(fed: Federation, peerId: string): Promise<NarrowLink> {
  const self = fed.deps.self.nodeId;
  const inForce = await fed.deps.agreements.relevant(fed.deps.db, self, peerId);
  const ids = [...new Set(inForce.map((a) => a.document.id))].sort();
  const byId = new Map(inForce.map((a) => [a.document.id, a.document]));
  const localIds = [...new Set(ids.flatMap((id) => byId.get(id)?.narrow_ids ?? []))];
  const [low, high] = [self, peerId].sort() as [string, string];
  const streams: StreamId[] = ids.flatMap((agreement) => [
    { sender: low, receiver: high, agreement },
    { sender: high, receiver: low, agreement },
  ]);
  return { streams, localIds };
}

/** [FED-85] What waits for `peerId`, as narrow messages sealed to it (fragments above `cap`). */
export async function exportNarrow(
  fed: Federation,
  peerId: string,
  cap = SBD_MT_BYTES,
): Promise<NarrowExport> {
  const { db, clock } = fed.deps;
  const self = fed.deps.self.nodeId;
  const kex = await readyOfflineExport(fed, peerId);
  if (!fed.kex) throw new DomainError('unavailable', 'fed.bundle.no_own_kex', []);
  const own = fed.ownKeyset()!;
  const link = await narrowLinkOf(fed, peerId);
  const inTable = new Set(link.streams.map((s) => s.agreement));
  const all = await fed.store.pending(db, peerId, MAX_NARROW_ITEMS);
  const pending = all.filter((p) => inTable.has(p.agreementId));
  const messages: Uint8Array[] = [];
  for (const p of pending) {
    const stream: StreamId = { sender: self, receiver: peerId, agreement: p.agreementId };
    // The outbox keeps what this node signed — a single envelope, or the item of a batch whose
    // header it signed ([FED-86]): same item, same position, verified before it is re-signed narrow.
    const item = wideItem(p, own, stream);
    messages.push(
      ...encodeNarrow(
        item,
        { stream, epoch: p.epoch, seq: p.seq },
        link,
        { key: fed.signingKey, keyset: own, kex: fed.kex.privateKey },
        clock,
        { receiverKex: publicKeyOf(kex), cap },
      ),
    );
  }
  await markSentOffline(fed, peerId, pending, {
    via: 'narrow',
    envelopes: pending.length,
    messages: messages.length,
    bytes: messages.reduce((n, m) => n + m.length, 0),
  });
  return { messages, items: pending.length, skipped: all.length - pending.length };
}

/**
 * [FED-85] Applies narrow messages received from `peerId` (whole envelopes or fragments, any
 * order, duplicates allowed): reassembled, opened (sealed form required: the air is not trusted),
 * then applied by the receiver as any other transport.
 */
export async function importNarrow(
  fed: Federation,
  peerId: string,
  messages: readonly Uint8Array[],
): Promise<NarrowImport> {
  const { db, clock } = fed.deps;
  await activePeer(fed, peerId);
  if (!fed.kex) throw new DomainError('unavailable', 'fed.bundle.no_own_kex', []);
  const keyset: KeySet | null = await fed.receiver.keysetOf(db, peerId);
  const link = await narrowLinkOf(fed, peerId);
  const keysFor: FragmentKeys = (kid) =>
    (keyset?.keys ?? [])
      .filter((k) => k.use === 'sig' && k.kid === kid)
      .map((k) => ({ id: peerId, publicKey: publicKeyOf(k) }));
  const reassembler = new Reassembler(keysFor);
  const refused: NarrowImport['refused'] = {};
  const refuse = (reason: NarrowFailure | 'fragment') => (refused[reason] = (refused[reason] ?? 0) + 1);
  const verified: VerifiedItem[] = [];
  let envelopes = 0;
  for (const m of messages) {
    let frame: Uint8Array | undefined = m;
    if (isFragment(m)) {
      const r = reassembler.accept(m);
      frame = r.status === 'complete' && r.signer === peerId ? r.message : undefined;
      if (r.status === 'rejected') refuse('fragment');
    }
    if (!frame) continue;
    envelopes++;
    const r = openNarrow(frame, link, {
      me: fed.deps.self.nodeId,
      keysetOf: (n) => (n === peerId ? (keyset ?? undefined) : undefined),
      kex: [kexPrivateKey(fed.kex.privateKey)],
      requireSealed: true,
      now: clock.now(),
    });
    if (r.ok && r.value.stream.sender === peerId) verified.push(r.value);
    else refuse(r.ok ? 'wrong_stream' : r.reason);
  }
  if (Object.keys(refused).length > 0)
    await appendAudit(db, clock, {
      actor: `peer:${peerId}`,
      action: 'federation.reject',
      target: null,
      outcome: 'failure',
      details: { via: 'narrow', refused },
    });
  const result = await fed.receiver.receiveVerified(peerId, verified);
  return { envelopes, applied: result.applied ?? 0, waiting: reassembler.pendingCount, refused, result };
}

/** The item of an outbox row, verified against this node's own key set. */
function wideItem(p: PendingRow, own: KeySet, stream: StreamId): Item {
  if (!p.batch) {
    const wide = verify(p.envelope, own, stream);
    if (!wide.ok) throw new Error(`outbox envelope ${p.id} does not verify: ${wide.reason}`);
    return wide.value.item;
  }
  const frame = verifyFrame(encodeFrame(p.batch.header, p.seq - p.batch.first, [p.envelope]), own, stream);
  const one = frame.ok ? frame.items[0] : undefined;
  if (!one?.ok) throw new Error(`outbox item ${p.id} does not verify against its batch header`);
  return one.value.item;
}
