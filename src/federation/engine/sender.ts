/**
 * The federation sender: follows the local change feed from a durable cursor and, for each
 * changed record and each partner, acts on the policy engine's plan (src/sharing, docs/sharing.md
 * §8): a `put` of the (redacted) copy, a `withdraw` when a partner holds a copy it is no longer
 * entitled to, nothing otherwise. Outbox rows, `shares` rows and the cursor advance commit in one
 * transaction. Sequence numbers are given only when items leave ([FED-20]: FLASH first), by
 * `assign`, under a row lock per stream and SKIP LOCKED claims ([FED-37]).
 */
import type { Clock } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import { formatTimestamp } from '../../objects/timestamps.ts';
import { builtinMarking } from '../../objects/markings.ts';
import { SENTINELLE_EXTENSION_DEFINITION, SENTINELLE_IDENTITY } from '../../objects/sentinelle-extension.ts';
import type { Db, Queryable } from '../../store/db.ts';
import type { RecordRepository } from '../../store/records.ts';
import type { Priority as SharingPriority } from '../../sharing/agreement.ts';
import { stateOf, type AgreementService } from '../../sharing/agreements.ts';
import type { PeerService } from '../../sharing/peers.ts';
import { dependenciesOf } from '../../sharing/policy.ts';
import type { ReasonCode } from '../../sharing/reasons.ts';
import type { SharingService } from '../../sharing/sharing.ts';
import { sign } from '../envelope.ts';
import type { SigningKey } from '../keyset.ts';
import { comparePriority, type Item, type Priority, type WithdrawReason } from '../protocol.ts';
import { queueAgreementUpdates } from './agreement-updates.ts';
import { FederationStore, type OutboxInsert } from './store.ts';

export interface SenderDeps {
  db: Db;
  clock: Clock;
  selfNodeId: string;
  signingKey: SigningKey;
  records: RecordRepository;
  peers: PeerService;
  agreements: AgreementService;
  sharing: SharingService;
  /** [FED-16] This node's signed key set, queued FLASH to every partner once per version. */
  ownKeyset?: () => { version: number; signed: Uint8Array };
}

const FEED_BATCH = 500;
const ASSIGN_BATCH = 500;

/** Objects every node holds from installation: never sent (the partner has its own copy). */
export function isStandardObject(id: string): boolean {
  return (
    builtinMarking(id) !== undefined ||
    id === SENTINELLE_IDENTITY.id ||
    id === SENTINELLE_EXTENSION_DEFINITION.id
  );
}

/**
 * Extension definitions published by Sentinelle itself (each domain stores its own at start):
 * every node installs them, so they are never sent.
 */
export function isInstalledDefinition(object: { type?: unknown; created_by_ref?: unknown }): boolean {
  return object.type === 'extension-definition' && object.created_by_ref === SENTINELLE_IDENTITY.id;
}

/** Sharing priorities are upper-case, protocol priorities lower-case. */
export const toProtocolPriority = (p: SharingPriority): Priority => p.toLowerCase() as Priority;

/** [FED-9] The withdrawal reason for the engine's withholding reasons, most specific first. */
export function withdrawReason(codes: readonly ReasonCode[]): WithdrawReason {
  const has = (c: string) => codes.includes(c as ReasonCode);
  if (has('record_revoked')) return 'revoked';
  if (
    has('agreement_revoked') ||
    has('agreement_superseded') ||
    has('no_agreement') ||
    has('partner_not_party')
  )
    return 'agreement_revoked';
  if (has('agreement_expired')) return 'agreement_expired';
  if (has('tlp_above_max') || has('granular_marking_exceeds')) return 'tlp_raised';
  if (has('rel_to_excludes_partner') || has('rel_to_missing')) return 'releasability_removed';
  return 'out_of_scope';
}

export class FederationSender {
  readonly store = new FederationStore();
  constructor(private readonly deps: SenderDeps) {}

  /**
   * Plans one batch of the change feed (or, when the agreements in force changed, every stored
   * record) for every partner, in one transaction. Returns how many outbox items were enqueued.
   */
  async enqueue(): Promise<number> {
    const d = this.deps;
    return d.db.transaction(async (tx) => {
      const feed = await this.store.lockFeed(tx);
      const peers = (await d.peers.repo.list(tx, false)).map((p) => p.nodeId);
      const fingerprint = await this.fingerprint(tx, peers);
      const changes = await d.records.changesSince(tx, feed.position, FEED_BATCH);
      const ids = new Set(changes.map((c) => c.id));
      // An agreement signed, revoked, expired or a peer added: every record may change fate.
      if (fingerprint !== feed.fingerprint) for (const id of await this.store.allRecordIds(tx)) ids.add(id);
      const rows: OutboxInsert[] = [];
      for (const peerId of peers) {
        const seen = new Set<string>();
        for (const id of ids) await this.plan(tx, id, peerId, rows, seen, null);
      }
      await this.queueKeyset(tx, peers, rows);
      // [FED-54] Agreement changes a partner must know go FLASH on the stream (agreement-updates.ts).
      if (fingerprint !== feed.fingerprint) await queueAgreementUpdates(tx, d, peers, rows);
      await this.store.enqueue(tx, rows);
      const position = changes.length ? changes[changes.length - 1]!.seq : feed.position;
      await this.store.setFeed(tx, position, fingerprint);
      return rows.length;
    });
  }

  /**
   * [FED-16][FED-19][FED-20] Queues this node's key set (FLASH) to every partner that has not had
   * its current version, on the stream of an agreement in force with it.
   */
  private async queueKeyset(tx: Queryable, peers: readonly string[], out: OutboxInsert[]): Promise<void> {
    const own = this.deps.ownKeyset?.();
    if (!own) return;
    const now = this.deps.clock.now();
    for (const peerId of peers) {
      if ((await this.store.lockKeysetSent(tx, peerId)) >= own.version) continue;
      const inForce = (await this.deps.agreements.relevant(tx, this.deps.selfNodeId, peerId)).find(
        (a) => stateOf(a.status, a.document, now.getTime()) === 'effective',
      );
      if (!inForce) continue;
      const item = {
        kind: 'keyset',
        priority: 'flash',
        keyset: { b64: Buffer.from(own.signed).toString('base64url') },
      };
      out.push({
        peerId,
        agreementId: inForce.document.id,
        kind: 'keyset',
        priority: 'flash',
        recordId: null,
        recordModified: null,
        item,
        at: formatTimestamp(now),
      });
      await this.store.setKeysetSent(tx, peerId, own.version);
    }
  }

  /** Enqueues until the change feed is drained; returns the number of items enqueued. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const before = await this.feedLag();
      total += await this.enqueue();
      if (before <= FEED_BATCH) return total;
    }
  }

  private async feedLag(): Promise<number> {
    const last = await this.deps.records.lastSeq(this.deps.db);
    const { position } = await this.deps.db.transaction((tx) => this.store.lockFeed(tx));
    return last - position;
  }

  /**
   * Acts on the plan for (record, partner). A released copy's dependencies (its markings and its
   * creator identity) go first, on the same stream and at least as urgent, so the partner can
   * index it on arrival.
   */
  private async plan(
    q: Queryable,
    recordId: string,
    peerId: string,
    out: OutboxInsert[],
    seen: Set<string>,
    carrier: { agreementId: string; priority: Priority } | null,
  ): Promise<void> {
    if (seen.has(recordId) || isStandardObject(recordId)) return;
    seen.add(recordId);
    const d = this.deps;
    let plan;
    try {
      plan = await d.sharing.planShare(q, recordId, peerId);
    } catch (e) {
      // A received record withdrawn by its originator meanwhile: nothing left to plan.
      if (e instanceof DomainError && e.kind === 'not_found') return;
      throw e;
    }
    const { decision, action } = plan;
    const at = formatTimestamp(d.clock.now());
    const rec = await d.records.get(q, recordId);
    if (!rec || isInstalledDefinition(rec.object)) return;
    const stamp = rec.object.modified ?? rec.object.created;
    const modified = typeof stamp === 'string' ? stamp : at;
    if (action.action === 'put') {
      const own = toProtocolPriority(action.priority);
      const agreementId = carrier?.agreementId ?? decision.agreement!.id;
      const priority = carrier && comparePriority(carrier.priority, own) < 0 ? carrier.priority : own;
      for (const dep of dependenciesOf(action.object))
        await this.plan(q, dep, peerId, out, seen, { agreementId, priority });
      const item: Item = {
        kind: 'put',
        priority,
        object: action.object,
        ...(decision.decision === 'release-redacted' ? { redacted: true } : {}),
      };
      out.push({
        peerId,
        agreementId,
        kind: 'put',
        priority,
        recordId,
        recordModified: modified,
        item: item as unknown as Record<string, unknown>,
        at,
      });
      await d.sharing.shares.insert(q, {
        peerId,
        agreementId: decision.agreement?.id ?? null,
        agreementVersion: decision.agreement?.version ?? null,
        recordId,
        recordType: String(rec.object.type),
        recordModified: modified,
        decision: decision.decision,
        reasons: decision.reasons.map((r) => r.code),
        priority: action.priority,
        contentHash: action.contentHash,
        at,
      });
    } else if (action.action === 'withdraw') {
      const agreementId =
        (await this.store.lastReleaseAgreement(q, peerId, recordId)) ?? decision.agreement?.id;
      if (!agreementId) return;
      const priority = toProtocolPriority(action.priority);
      const item: Item = {
        kind: 'withdraw',
        priority,
        id: recordId,
        modified,
        reason: withdrawReason(action.reasons.map((r) => r.code)),
      };
      out.push({
        peerId,
        agreementId,
        kind: 'withdraw',
        priority,
        recordId,
        recordModified: modified,
        item: item as unknown as Record<string, unknown>,
        at,
      });
      await d.sharing.shares.insert(q, {
        peerId,
        agreementId,
        agreementVersion: null,
        recordId,
        recordType: String(rec.object.type),
        recordModified: modified,
        decision: 'withdraw',
        reasons: action.reasons.map((r) => r.code),
        priority: action.priority,
        contentHash: null,
        at,
      });
    }
  }

  /** What the agreements in force with every partner look like now (id, version, state). */
  private async fingerprint(q: Queryable, peers: readonly string[]): Promise<string> {
    const now = this.deps.clock.now().getTime();
    const parts: string[] = [];
    for (const p of [...peers].sort()) {
      const inForce = await this.deps.agreements.relevant(q, this.deps.selfNodeId, p);
      parts.push(
        `${p}=${inForce.map((a) => `${a.document.id}@${a.document.version}:${stateOf(a.status, a.document, now)}`).join(',')}`,
      );
    }
    return parts.join(';');
  }

  /**
   * [FED-20][FED-37] Numbers a peer's waiting items, most urgent first, and signs their envelopes:
   * claimed with SKIP LOCKED, each stream's counter locked, all in one transaction, so two
   * processes never give one position twice nor one item two positions.
   */
  async assign(peerId: string): Promise<number> {
    const d = this.deps;
    return d.db.transaction(async (tx) => {
      const rows = await this.store.claimUnassigned(tx, peerId, ASSIGN_BATCH);
      const streams = new Map<string, { epoch: number; last: number }>();
      for (const r of rows) {
        let s = streams.get(r.agreementId);
        if (!s) {
          const locked = await this.store.lockStream(tx, peerId, r.agreementId);
          s = { epoch: locked.epoch, last: locked.last };
          streams.set(r.agreementId, s);
        }
        s.last += 1;
        const stream = { sender: d.selfNodeId, receiver: peerId, agreement: r.agreementId };
        const envelope = sign(
          itemOfRow(r.item),
          { stream, epoch: s.epoch, seq: s.last },
          d.signingKey,
          d.clock,
        );
        await this.store.assign(tx, r.id, s.epoch, s.last, envelope);
      }
      for (const [agreementId, s] of streams) await this.store.setLast(tx, peerId, agreementId, s.last);
      return rows.length;
    });
  }
}

/** The item of an outbox row: JSON, with the bytes of a key-set update kept as base64url. */
export function itemOfRow(row: Record<string, unknown>): Item {
  const ks = row.keyset as { b64?: unknown } | undefined;
  if (row.kind === 'keyset' && ks && typeof ks.b64 === 'string')
    return { ...row, keyset: new Uint8Array(Buffer.from(ks.b64, 'base64url')) } as unknown as Item;
  return row as unknown as Item;
}
