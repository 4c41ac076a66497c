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
import { signingKey } from '../keyset.ts';
import type { KeyObject } from 'node:crypto';
import { FederationReceiver } from './receiver.ts';
import { FederationSender } from './sender.ts';
import { FederationStore, type PeerStatusRow } from './store.ts';
import { FederationTransport, PushError, backoffMs, type Post, type PushReport } from './transport.ts';

/** The signing key's validity start shared with keySetFromRegistration (trust from registration). */
export const REGISTRATION_KEY_FROM = '1970-01-01T00:00:00Z';

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
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(private readonly deps: FederationDeps) {
    const key = signingKey(deps.privateKey, REGISTRATION_KEY_FROM);
    this.sender = new FederationSender({ db: deps.db, clock: deps.clock, selfNodeId: deps.self.nodeId, signingKey: key, records: deps.records, peers: deps.peers, agreements: deps.agreements, sharing: deps.sharing });
    this.receiver = new FederationReceiver({ db: deps.db, clock: deps.clock, self: deps.self, signingKey: key, records: deps.records, peers: deps.peers, agreements: deps.agreements, geo: deps.geo });
    this.transport = new FederationTransport({ db: deps.db, clock: deps.clock, selfNodeId: deps.self.nodeId, store: this.store, ...(deps.post ? { post: deps.post } : {}) });
  }

  /** One round: plan the change feed, number and push every peer's items. Never throws for a peer's failure. */
  async sync(): Promise<SyncReport> {
    const { db } = this.deps;
    const report: SyncReport = { enqueued: await this.sender.drain(), pushed: {} };
    for (const peer of await this.deps.peers.repo.list(db, false)) {
      while ((await this.sender.assign(peer.nodeId)) > 0);
      const keyset = await this.receiver.keysetOf(db, peer.nodeId);
      if (!keyset) continue;
      try {
        report.pushed[peer.nodeId] = await this.transport.push(peer, keyset);
      } catch (e) {
        if (!(e instanceof PushError)) throw e;
        report.pushed[peer.nodeId] = { error: e.code };
      }
    }
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
      this.again = true;
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

  /** [FED-39] Per-peer status: connected, backlog, oldest unacknowledged, last error. */
  async status(): Promise<PeerStatus[]> {
    const peers = await this.deps.peers.repo.list(this.deps.db, false);
    const rows = await this.store.status(this.deps.db, peers.map((p) => p.nodeId));
    return rows.map((r) => {
      const p = peers.find((x) => x.nodeId === r.peerId)!;
      return { ...r, name: p.name, country: p.country };
    });
  }
}
