/**
 * The stream engine of one node, composed: sender (change feed → outbox), receiver (envelopes →
 * records), transport (push with acks). `sync()` runs one full round; `start()` adds the live
 * path — a local commit pokes the engine through the ChangeHub ([FED-5]) — and retries with
 * backoff and jitter for peers that failed ([FED-13]).
 */
import type { Clock } from '../../core/clock.ts';
import type { ChangeHub } from '../../records/change-hub.ts';
import type { Db } from '../../store/db.ts';
import type { RecordRepository } from '../../store/records.ts';
import type { AgreementService } from '../../sharing/agreements.ts';
import type { PolicyGeo } from '../../sharing/geo.ts';
import type { PeerService } from '../../sharing/peers.ts';
import type { SharingService } from '../../sharing/sharing.ts';
import type { KeyObject } from 'node:crypto';
import type { Actor } from '../../auth/principal.ts';
import type { KeySet, Revocation, SigningKey } from '../keyset.ts';
import { ensureNodeKexKey, loadNodeKexKey, type NodeKexKey } from '../node-kex-key.ts';
import type { Cursor } from '../protocol.ts';
import { reopenIfRegressed } from './resync.ts';
import { listKeys, revokeKey, rotateKeys, switchKeysIfReady } from './key-rotation.ts';
import { OwnKeyring, type OwnKeyView } from './own-keys.ts';
import {
  exportBundle,
  exportKeyset,
  importBundle,
  importKeyset,
  type BundleExport,
  type BundleImport,
} from './bundles.ts';
import { exportNarrow, importNarrow, type NarrowExport, type NarrowImport } from './narrow-link.ts';
import { pullFrom, servePull, type PullReport } from './pull.ts';
import { sharesWith, type ShareLine } from './shares-audit.ts';
import { FederationReceiver } from './receiver.ts';
import { FederationSender } from './sender.ts';
import { FederationStore, type PeerStatusRow } from './store.ts';
import { FederationTransport, PushError, backoffMs, type Post, type PushReport } from './transport.ts';

export interface FederationDeps {
  db: Db;
  clock: Clock;
  self: { nodeId: string; country: string };
  privateKey: KeyObject;
  records: RecordRepository;
  peers: PeerService;
  agreements: AgreementService;
  sharing: SharingService;
  geo: () => PolicyGeo;
  changes: ChangeHub;
  post?: Post;
  /** The node's data directory: where its X25519 key-agreement key lives ([FED-21]). */
  dataDir?: string;
}

export interface PeerStatus extends PeerStatusRow {
  name: string;
  country: string;
}

export interface SyncReport {
  enqueued: number;
  pushed: Record<string, PushReport | { error: string }>;
}

export class Federation {
  readonly store = new FederationStore();
  readonly sender: FederationSender;
  readonly receiver: FederationReceiver;
  readonly transport: FederationTransport;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** [FED-106] A poke arrived during the running round: it plans again before it ends. */
  private replan = false;
  private readonly poked = new Signal();
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;

  /** [FED-50] The key that signs now: a live view of the keyring, shared by every part of the engine. */
  readonly signingKey: SigningKey;
  /** [FED-21] This node's key-agreement key (absent for a node opened without a data directory). */
  readonly kex: NodeKexKey | undefined;
  /** [FED-16][FED-50] This node's own key set, rotated by `keys rotate`. */
  readonly keyring: OwnKeyring;

  constructor(readonly deps: FederationDeps) {
    if (deps.dataDir) {
      ensureNodeKexKey(deps.dataDir);
      this.kex = loadNodeKexKey(deps.dataDir);
    }
    this.keyring = new OwnKeyring(deps.privateKey, this.kex, deps.clock, deps.dataDir);
    const key = this.keyring.signingKey;
    this.signingKey = key;
    const ownKeyset = this.kex ? () => this.ownSignedKeyset() : undefined;
    this.sender = new FederationSender({
      db: deps.db,
      clock: deps.clock,
      selfNodeId: deps.self.nodeId,
      signingKey: key,
      records: deps.records,
      peers: deps.peers,
      agreements: deps.agreements,
      sharing: deps.sharing,
      ...(ownKeyset ? { ownKeyset } : {}),
    });
    this.receiver = new FederationReceiver({
      db: deps.db,
      clock: deps.clock,
      self: deps.self,
      signingKey: key,
      records: deps.records,
      peers: deps.peers,
      agreements: deps.agreements,
      geo: deps.geo,
    });
    this.transport = new FederationTransport({
      db: deps.db,
      clock: deps.clock,
      selfNodeId: deps.self.nodeId,
      store: this.store,
      ...(deps.post ? { post: deps.post } : {}),
      onCursor: (peerId, agreementId, cursor) => this.onCursor(peerId, agreementId, cursor),
    });
  }

  /**
   * [FED-16][FED-21] This node's key set: the signing key partners registered (valid from the
   * registration epoch), the key-agreement key bundles are sealed to, and any rotated keys.
   */
  ownKeyset(): KeySet | undefined {
    return this.keyring.keyset(this.deps.self.nodeId);
  }

  /** The signed key set of the current version. */
  ownSignedKeyset(): { version: number; signed: Uint8Array } {
    return this.keyring.signed(this.deps.self.nodeId);
  }

  /** [FED-50] A new signing key, sent FLASH to every partner; it signs once they all have it. */
  rotateKeys(actor: Actor, overlapMs?: number): Promise<{ kid: string; version: number; deadline: string }> {
    return rotateKeys(this, actor, overlapMs);
  }

  /** [FED-53] Revokes one of this node's signing keys (compromised, or from a time). */
  revokeKey(
    actor: Actor,
    kid: string,
    from?: string,
  ): Promise<{ version: number; revocation: Revocation; resigned: number }> {
    return revokeKey(this, actor, kid, from);
  }

  listKeys(actor: Actor): Promise<{ version: number; keys: OwnKeyView[] }> {
    return listKeys(this, actor);
  }

  /** [FED-14][FED-15] An authenticated receiver cursor: open a new epoch when either side lost history. */
  async onCursor(peerId: string, agreementId: string, cursor: Cursor): Promise<void> {
    await reopenIfRegressed(this, peerId, agreementId, cursor);
  }

  /**
   * One round: plan the change feed, number and push every peer's items. Never throws for a
   * peer's failure. [FED-100] Planning and pushing overlap: each batch of the feed is numbered as
   * soon as it is planned and every peer's push picks it up while the next batch is planned, so a
   * long backlog starts arriving at once and the partner applies while this node plans.
   */
  async sync(): Promise<SyncReport> {
    const { db } = this.deps;
    await switchKeysIfReady(this);
    const peers = await this.deps.peers.repo.list(db, false);
    const report: SyncReport = { enqueued: 0, pushed: {} };
    const ready = new Signal();
    let endPushes!: () => void;
    const pushesDone = new Promise<void>((resolve) => (endPushes = resolve));
    let planning = true;
    // Items numbered so far in this round: a push after the last one read them all is not needed.
    let numbered = 0;
    const assignAll = async () => {
      for (const peer of peers) {
        let n: number;
        while ((n = await this.sender.assign(peer.nodeId)) > 0) numbered += n;
      }
      ready.notify();
    };
    // The first push waits for the first planned batch (and takes whatever waited from before).
    const first = ready.next();
    // [FED-106] A commit during the round (a poke) is planned within it while its pushes run:
    // a push still settling the last reply then sends it, rather than a round after this one.
    let pushing = true;
    const plan = (async () => {
      try {
        for (;;) {
          this.replan = false;
          report.enqueued += await this.sender.drain(assignAll);
          if (this.replan) continue;
          planning = false;
          ready.notify();
          await Promise.race([this.poked.next(), pushesDone]);
          if (!this.replan || !pushing) break;
          planning = true;
        }
      } finally {
        planning = false;
        ready.notify();
      }
    })();
    const pushes = peers.map(async (peer) => {
      const keyset = await this.receiver.keysetOf(db, peer.nodeId);
      if (!keyset) return;
      await first;
      const total: PushReport = { sent: 0, settled: 0 };
      let pushedAt = -1;
      for (;;) {
        if (numbered === pushedAt) {
          if (!planning) break;
          await ready.next();
          continue;
        }
        pushedAt = numbered;
        try {
          const r = await this.transport.push(peer, keyset);
          total.sent += r.sent;
          total.settled += r.settled;
          // Sent but nothing settled: the rest waits for a retry, not for every planned batch.
          if (r.sent > 0 && r.settled === 0) break;
        } catch (e) {
          if (!(e instanceof PushError)) throw e;
          report.pushed[peer.nodeId] = { error: e.code };
          return;
        }
      }
      report.pushed[peer.nodeId] = total;
    });
    void Promise.allSettled(pushes).then(() => {
      pushing = false;
      endPushes();
    });
    const outcomes = await Promise.allSettled([plan, ...pushes]);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    return report;
  }

  /** Starts the live path: every local commit (NOTIFY) triggers a round; failures retry with backoff. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.changes.subscribe(() => this.poke());
    this.poke();
  }

  /** Asks for a round now; rounds never overlap, and a poke during one runs another after it. */
  poke(): void {
    if (this.running) {
      // The round plans it if it still pushes ([FED-106]); a round after it runs in any case.
      this.again = true;
      this.replan = true;
      this.poked.notify();
      return;
    }
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (this.again && this.unsubscribe) {
        this.again = false;
        this.poke();
      }
    });
  }

  private async round(): Promise<void> {
    try {
      const r = await this.sync();
      const failed = Object.values(r.pushed).some((p) => 'error' in p);
      this.failures = failed ? this.failures + 1 : 0;
    } catch {
      this.failures++;
    }
    if (this.failures > 0 && this.unsubscribe) {
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.poke(), backoffMs(this.failures));
      this.retry.unref();
    }
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.retry);
    await this.running;
  }

  /** [FED-32] The offline bundle of everything waiting for a partner, sealed to it. */
  exportBundle(peerId: string): Promise<BundleExport> {
    return exportBundle(this, peerId);
  }

  /** [FED-33][FED-34] Applies a bundle addressed to this node (a second import changes nothing). */
  importBundle(file: Uint8Array): Promise<BundleImport> {
    return importBundle(this, file);
  }

  /** [FED-85] What waits for a partner as narrow-link messages (≤ `cap` bytes each, 270 by default). */
  exportNarrow(peerId: string, cap?: number): Promise<NarrowExport> {
    return exportNarrow(this, peerId, cap);
  }

  /** [FED-85] Applies narrow-link messages (envelopes or fragments) received from a partner. */
  importNarrow(peerId: string, messages: readonly Uint8Array[]): Promise<NarrowImport> {
    return importNarrow(this, peerId, messages);
  }

  /** [FED-16] This node's signed key set, exchanged once out of band. */
  exportKeyset(): Uint8Array {
    return exportKeyset(this);
  }

  importKeyset(signed: Uint8Array): Promise<{ node: string; version: number; changed: boolean }> {
    return importKeyset(this, signed);
  }

  /** [FED-5] Pulls from a partner this node cannot be reached by. */
  pull(peerId: string, waitMs = 0): Promise<PullReport> {
    return pullFrom(this, peerId, waitMs);
  }

  /** [FED-5] Serves a partner's pull request. */
  servePull(body: Uint8Array): Promise<Uint8Array> {
    return servePull(this, body);
  }

  /** [FED-35] What was released to a partner, with verified receipts. */
  shares(peerId: string): Promise<ShareLine[]> {
    return sharesWith(this, peerId);
  }

  /** [FED-39] Per-peer status: connected, backlog, oldest unacknowledged, last error. */
  async status(): Promise<PeerStatus[]> {
    const peers = await this.deps.peers.repo.list(this.deps.db, false);
    const rows = await this.store.status(
      this.deps.db,
      peers.map((p) => p.nodeId),
    );
    return rows.map((r) => {
      const p = peers.find((x) => x.nodeId === r.peerId)!;
      return { ...r, name: p.name, country: p.country };
    });
  }
}

/** Wakes every waiter of `next()` at each `notify()`. */
class Signal {
  private waiting: (() => void)[] = [];
  next(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  notify(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const resolve of w) resolve();
  }
}
