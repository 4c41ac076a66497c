/**
 * Offline bundles through the stream engine ([FED-32]–[FED-35]): `exportBundle` writes what the
 * outbox holds for a partner (numbered, unacknowledged envelopes) plus this node's last signed
 * acks of the partner's streams, every record sealed to the partner's key-agreement key;
 * `importBundle` applies the envelopes through the same receiver path as a push (policy re-check,
 * nacks with reasons, idempotent: a second import changes nothing) and settles this node's outbox
 * from the acks it carries. Key sets travel out of band once (`exportKeyset`/`importKeyset`), so
 * the first bundle can be sealed; later versions ride the streams as FLASH items.
 */
import { appendAudit } from '../../audit/audit.ts';
import { DomainError } from '../../core/errors.ts';
import { formatTimestamp } from '../../objects/timestamps.ts';
import { readBundle, writeBundle, type BundleRejection } from '../bundle-file.ts';
import { parseSign1 } from '../cose.ts';
import { applyKeySetUpdate, currentKexKey, publicKeyOf, type KeyEntry, type KeySet } from '../keyset.ts';
import { isNodeId, type NackReason } from '../protocol.ts';
import { kexPrivateKey, kexPublicKey } from '../seal.ts';
import type { Federation } from './federation.ts';
import type { PendingRow } from './store.ts';
import { framesOf } from './transport.ts';
import './messages.ts';

const MAX_BUNDLE_ITEMS = 100_000;

export interface BundleExport {
  bytes: Uint8Array;
  envelopes: number;
  acks: number;
}

export interface BundleImport {
  sender: string;
  complete: boolean;
  items: number;
  applied: number;
  /** Reasons of every item not applied (replays included), with their counts. */
  nacks: Partial<Record<NackReason, number>>;
  /** Records of the file that could not be unsealed or verified. */
  rejected: BundleRejection[];
  /** Items of this node's outbox settled by the acks the bundle carried. */
  settled: number;
}

export async function activePeer(fed: Federation, peerId: string) {
  const peer = await fed.deps.peers.repo.get(fed.deps.db, peerId);
  if (!peer || peer.removedAt !== null)
    throw new DomainError(
      'not_found',
      'fed.engine.unknown_peer',
      [{ path: '/peer', code: 'fed.engine.unknown_peer', params: { id: peerId } }],
      { id: peerId },
    );
  return peer;
}

/**
 * Before an offline export to `peerId` (bundle or narrow link): the peer is active, the change
 * feed is planned and every waiting item numbered; returns the peer's current key-agreement key,
 * which the export is sealed to.
 */
export async function readyOfflineExport(fed: Federation, peerId: string): Promise<KeyEntry> {
  const { db, clock } = fed.deps;
  await activePeer(fed, peerId);
  await fed.sender.drain();
  while ((await fed.sender.assign(peerId)) > 0);
  const keyset = (await fed.receiver.keysetOf(db, peerId))!;
  const kex = currentKexKey(keyset, clock.now());
  if (!kex)
    throw new DomainError(
      'unavailable',
      'fed.bundle.no_kex_key',
      [{ path: '/peer', code: 'fed.bundle.no_kex_key', params: { id: peerId } }],
      { id: peerId },
    );
  return kex;
}

/**
 * Marks what an offline export carries as sent and audits the send, in one transaction: the items
 * stay in the outbox until the partner's acks come back ([FED-10]).
 */
export async function markSentOffline(
  fed: Federation,
  peerId: string,
  pending: readonly PendingRow[],
  details: Record<string, unknown>,
): Promise<void> {
  const { db, clock } = fed.deps;
  const at = formatTimestamp(clock.now());
  await db.transaction(async (tx) => {
    await fed.store.markSent(
      tx,
      pending.map((p) => p.id),
      at,
    );
    await appendAudit(tx, clock, {
      actor: 'system',
      action: 'federation.send',
      target: peerId,
      outcome: 'success',
      details: { ...details, streams: [...new Set(pending.map((p) => p.agreementId))] },
    });
  });
}

/** [FED-32] The bundle of everything waiting for `peerId`, sealed to it. */
export async function exportBundle(fed: Federation, peerId: string): Promise<BundleExport> {
  const { db, clock } = fed.deps;
  const kex = await readyOfflineExport(fed, peerId);
  const pending = await fed.store.pending(db, peerId, MAX_BUNDLE_ITEMS);
  const acks = await fed.store.lastAcks(db, peerId);
  const bytes = writeBundle(
    framesOf(pending).map((f) => f.bytes),
    { node: peerId, kex: kexPublicKey(publicKeyOf(kex)) },
    { node: fed.deps.self.nodeId, key: fed.signingKey },
    clock,
    acks,
  );
  await markSentOffline(fed, peerId, pending, {
    via: 'bundle',
    envelopes: pending.length,
    acks: acks.length,
    bytes: bytes.length,
  });
  return { bytes, envelopes: pending.length, acks: acks.length };
}

/** [FED-33][FED-34] Applies a bundle addressed to this node. */
export async function importBundle(fed: Federation, file: Uint8Array): Promise<BundleImport> {
  const { db, clock } = fed.deps;
  if (!fed.kex) throw new DomainError('unavailable', 'fed.bundle.no_own_kex', []);
  const keysets = new Map<string, KeySet>();
  for (const p of await fed.deps.peers.repo.list(db, false)) {
    const ks = await fed.receiver.keysetOf(db, p.nodeId);
    if (ks) keysets.set(p.nodeId, ks);
  }
  const read = readBundle(
    file,
    { node: fed.deps.self.nodeId, kex: [kexPrivateKey(fed.kex.privateKey)] },
    (id) => keysets.get(id),
  );
  if (!read.ok) {
    await appendAudit(db, clock, {
      actor: 'system',
      action: 'federation.reject',
      target: null,
      outcome: 'failure',
      details: { via: 'bundle', reason: read.reason, detail: read.detail.slice(0, 200) },
    });
    throw new DomainError(
      'invalid',
      'fed.bundle.refused',
      [{ path: '', code: 'fed.bundle.refused', params: { reason: read.reason } }],
      { reason: read.reason },
    );
  }
  const c = read.value;
  for (const r of c.rejected) {
    await appendAudit(db, clock, {
      actor: `peer:${c.sender}`,
      action: 'federation.reject',
      target: null,
      outcome: 'failure',
      details: { via: 'bundle', index: r.index, reason: r.reason },
    });
  }
  const res = c.items.length
    ? await fed.receiver.receiveFrom(
        c.sender,
        // Items of one frame share its bytes: each frame is applied once.
        [...new Set(c.items.map((i) => i.envelope))],
      )
    : { acks: [], rejected: [], applied: 0, nacks: [] };
  const nacks: Partial<Record<NackReason, number>> = {};
  for (const n of res.nacks ?? []) nacks[n.reason] = (nacks[n.reason] ?? 0) + 1;
  const acks = c.messages.filter((m) => m.message.type === 'ack').map((m) => m.bytes);
  const settled = acks.length ? await fed.transport.acceptAcks(c.sender, keysets.get(c.sender)!, acks) : 0;
  const report: BundleImport = {
    sender: c.sender,
    complete: c.complete,
    items: c.items.length,
    applied: res.applied ?? 0,
    nacks,
    rejected: c.rejected,
    settled,
  };
  await appendAudit(db, clock, {
    actor: `peer:${c.sender}`,
    action: 'federation.bundle_import',
    target: c.sender,
    outcome: c.complete && c.rejected.length === 0 ? 'success' : 'failure',
    details: {
      complete: c.complete,
      trailer: c.trailer,
      items: report.items,
      applied: report.applied,
      nacks,
      rejected: c.rejected.length,
      acks: acks.length,
      settled,
    },
  });
  return report;
}

/** [FED-16] This node's signed key set, for a partner to import once out of band. */
export function exportKeyset(fed: Federation): Uint8Array {
  return fed.ownSignedKeyset().signed;
}

/**
 * [FED-16] Imports a partner's signed key set: it must be signed by a key of the set already
 * trusted for that partner (from its registration), versions only grow, history is kept.
 */
export async function importKeyset(
  fed: Federation,
  signed: Uint8Array,
): Promise<{ node: string; version: number; changed: boolean }> {
  const { db, clock } = fed.deps;
  let node: unknown;
  try {
    node = (JSON.parse(new TextDecoder().decode(parseSign1(signed).payload)) as { node?: unknown }).node;
  } catch {
    node = undefined;
  }
  const refuse = (reason: string) =>
    new DomainError(
      'invalid',
      'fed.keyset.refused',
      [{ path: '', code: 'fed.keyset.refused', params: { reason } }],
      { reason },
    );
  if (!isNodeId(node)) throw refuse('malformed');
  await activePeer(fed, node);
  const current = (await fed.receiver.keysetOf(db, node))!;
  const r = applyKeySetUpdate(current, signed);
  if (!r.ok) {
    await appendAudit(db, clock, {
      actor: 'cli',
      action: 'federation.keyset',
      target: node,
      outcome: 'failure',
      details: { reason: r.reason },
    });
    throw refuse(r.reason);
  }
  if (r.changed) {
    await db.transaction(async (tx) => {
      await fed.store.savePeerKeyset(tx, node, r.keyset, signed, formatTimestamp(clock.now()));
      await appendAudit(tx, clock, {
        actor: 'cli',
        action: 'federation.keyset',
        target: node,
        outcome: 'success',
        details: { version: r.keyset.version, keys: r.keyset.keys.map((k) => k.kid) },
      });
    });
  }
  return { node, version: r.keyset.version, changed: r.changed };
}
