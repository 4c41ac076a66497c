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
import type { SharePlan, SharingService } from '../../sharing/sharing.ts';
import type { ShareRow } from '../../sharing/shares-repo.ts';
import { signBatchHeader } from '../batch-envelope.ts';
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
/** Records planned together per partner (one planShares call, one INSERT per table). */
const PLAN_PAGE = 1_000;
const ASSIGN_BATCH = 1_000;

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
   * Plans one batch of the change feed for every partner, in one transaction, and, while the
   * agreements in force changed since the last full plan, one page of every stored record
   * ([FED-102]: a re-plan runs a page per transaction, so it is numbered and pushed as it goes).
   * Records are planned a page at a time per partner (`planShares`: one read of the records, the
   * agreements and the previous shares for the whole page) and the outbox and `shares` rows of a
   * page are written in one statement each. Returns how many outbox items were enqueued and
   * whether more is waiting (the feed's next batch, or the rest of a re-plan).
   */
  async enqueue(): Promise<{ enqueued: number; more: boolean }> {
    const d = this.deps;
    return d.db.transaction(async (tx) => {
      const feed = await this.store.lockFeed(tx);
      const peers = (await d.peers.repo.list(tx, false)).map((p) => p.nodeId);
      const fingerprint = await this.fingerprint(tx, peers);
      const changes = await d.records.changesSince(tx, feed.position, FEED_BATCH);
      const ids = new Set(changes.map((c) => c.id));
      let position = changes.length ? changes[changes.length - 1]!.seq : feed.position;
      let replan = feed.replan;
      // An agreement signed, revoked, expired or a peer added: every record may change fate. A
      // re-plan starts (or starts again, if the agreements changed during one).
      const changed = fingerprint !== (replan?.fingerprint ?? feed.fingerprint);
      if (changed) {
        // Every change up to the counter read now is committed and seen by the reads below, and
        // the re-plan visits every record at its current state: the feed moves past them at once.
        position = Math.max(position, await d.records.lastSeq(tx));
        replan = { fingerprint, after: 0 };
      }
      let done = feed.fingerprint;
      if (replan) {
        const page = await this.store.recordsAfter(tx, replan.after, PLAN_PAGE);
        for (const r of page) ids.add(r.id);
        if (page.length < PLAN_PAGE) {
          done = replan.fingerprint;
          replan = null;
        } else replan = { fingerprint: replan.fingerprint, after: page[page.length - 1]!.seq };
      }
      const all = [...ids];
      const seen = new Map<string, Set<string>>(peers.map((p) => [p, new Set<string>()]));
      let enqueued = 0;
      for (let i = 0; i < all.length; i += PLAN_PAGE) {
        const page = all.slice(i, i + PLAN_PAGE);
        const rows: OutboxInsert[] = [];
        const shares: ShareRow[] = [];
        for (const peerId of peers) await this.planPage(tx, page, peerId, rows, shares, seen.get(peerId)!);
        await this.store.enqueue(tx, rows);
        await d.sharing.shares.insertMany(tx, shares);
        enqueued += rows.length;
      }
      const rows: OutboxInsert[] = [];
      await this.queueKeyset(tx, peers, rows);
      // [FED-54] Agreement changes a partner must know go FLASH on the stream (agreement-updates.ts).
      if (changed) await queueAgreementUpdates(tx, d, peers, rows);
      await this.store.enqueue(tx, rows);
      await this.store.setFeed(tx, { position, fingerprint: done, replan });
      const lag = (await d.records.lastSeq(tx)) - position;
      return { enqueued: enqueued + rows.length, more: replan !== null || lag > 0 };
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

  /**
   * Enqueues until the change feed is drained and any re-plan done; returns the number of items
   * enqueued. `afterBatch` runs after each committed batch, before the next is planned
   * ([FED-100]: the engine numbers and pushes a batch while the next one is planned).
   */
  async drain(afterBatch?: () => Promise<void>): Promise<number> {
    let total = 0;
    for (;;) {
      const { enqueued, more } = await this.enqueue();
      total += enqueued;
      await afterBatch?.();
      if (!more) return total;
    }
  }

  /**
   * Plans a page of records for one partner: the plans of the page and of every dependency a
   * released copy needs (closed over, a few queries per round), then the items in page order.
   */
  private async planPage(
    q: Queryable,
    page: readonly string[],
    peerId: string,
    out: OutboxInsert[],
    shares: ShareRow[],
    seen: Set<string>,
  ): Promise<void> {
    const plans = new Map<string, SharePlan>();
    const asked = new Set<string>();
    let want = page.filter((id) => !seen.has(id) && !isStandardObject(id));
    while (want.length > 0) {
      for (const id of want) asked.add(id);
      let got: Map<string, SharePlan>;
      try {
        got = await this.deps.sharing.planShares(q, want, peerId);
      } catch (e) {
        // A partner removed meanwhile: nothing to plan for it.
        if (e instanceof DomainError && e.kind === 'not_found') return;
        throw e;
      }
      for (const [id, p] of got) plans.set(id, p);
      const next = new Set<string>();
      for (const p of got.values()) {
        if (p.action.action !== 'put') continue;
        for (const dep of dependenciesOf(p.action.object))
          if (!asked.has(dep) && !seen.has(dep) && !isStandardObject(dep)) next.add(dep);
      }
      want = [...next];
    }
    for (const id of page) await this.plan(q, id, peerId, plans, out, shares, seen, null);
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
    plans: ReadonlyMap<string, SharePlan>,
    out: OutboxInsert[],
    shares: ShareRow[],
    seen: Set<string>,
    carrier: { agreementId: string; priority: Priority } | null,
  ): Promise<void> {
    if (seen.has(recordId) || isStandardObject(recordId)) return;
    seen.add(recordId);
    const d = this.deps;
    // Absent: a received record withdrawn by its originator meanwhile, nothing left to plan.
    const p = plans.get(recordId);
    if (!p) return;
    const { decision, action, record: rec } = p;
    const at = formatTimestamp(d.clock.now());
    if (isInstalledDefinition(rec.object)) return;
    const stamp = rec.object.modified ?? rec.object.created;
    const modified = typeof stamp === 'string' ? stamp : at;
    if (action.action === 'put') {
      const own = toProtocolPriority(action.priority);
      const agreementId = carrier?.agreementId ?? decision.agreement!.id;
      const priority = carrier && comparePriority(carrier.priority, own) < 0 ? carrier.priority : own;
      for (const dep of dependenciesOf(action.object))
        await this.plan(q, dep, peerId, plans, out, shares, seen, { agreementId, priority });
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
      shares.push({
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
      shares.push({
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
   * [FED-20][FED-37] Numbers a peer's waiting items, most urgent first, and signs them: claimed
   * with SKIP LOCKED, each stream's counter locked, all in one transaction, so two processes never
   * give one position twice nor one item two positions. [FED-86] The run numbered on each stream
   * is signed once, as a batch header listing each item's digest.
   */
  async assign(peerId: string): Promise<number> {
    const d = this.deps;
    return d.db.transaction(async (tx) => {
      const rows = await this.store.claimUnassigned(tx, peerId, ASSIGN_BATCH);
      const streams = new Map<
        string,
        { epoch: number; last: number; run: { id: number; bytes: Uint8Array; encodedNow: boolean }[] }
      >();
      for (const r of rows) {
        let s = streams.get(r.agreementId);
        if (!s) {
          const locked = await this.store.lockStream(tx, peerId, r.agreementId);
          s = { epoch: locked.epoch, last: locked.last, run: [] };
          streams.set(r.agreementId, s);
        }
        s.run.push({ id: r.id, bytes: r.bytes, encodedNow: r.encodedNow });
      }
      const numbered: {
        id: number;
        epoch: number;
        seq: number;
        envelope: Uint8Array | null;
        batchId: number;
      }[] = [];
      for (const [agreementId, s] of streams) {
        const first = s.last + 1;
        const stream = { sender: d.selfNodeId, receiver: peerId, agreement: agreementId };
        // [FED-103] The items' bytes are those planned: the header signs their digests.
        const header = signBatchHeader(
          s.run.map((x) => x.bytes),
          { stream, epoch: s.epoch, first },
          d.signingKey,
          d.clock,
        );
        const last = first + s.run.length - 1;
        const batchId = await this.store.insertBatch(tx, peerId, agreementId, s.epoch, first, last, header);
        s.run.forEach((x, i) =>
          numbered.push({
            id: x.id,
            epoch: s.epoch,
            seq: first + i,
            envelope: x.encodedNow ? x.bytes : null,
            batchId,
          }),
        );
        await this.store.setLast(tx, peerId, agreementId, last);
      }
      await this.store.assignMany(tx, numbered);
      return rows.length;
    });
  }
}

export { itemOfRow } from './store.ts';
