/**
 * The correlation worker: follows the change feed by its own durable cursor, a bounded batch at
 * a time, after ingest has committed — a bulk import is never slowed by correlation, the worker
 * catches up afterwards, yielding to the event loop between batches. Per batch: index the
 * incidents (one transaction), correlate each (bounded queries, per-record time budget), store
 * links, prune to the cap and advance the cursor (one transaction), then raise alerts.
 * Re-running a batch after a crash changes nothing: every write is an upsert.
 */
import { setImmediate as yieldLoop } from 'node:timers/promises';
import type { NodeCore } from '../node/node.ts';
import { formatTimestamp } from '../objects/timestamps.ts';
import type { CorrelationConfig } from './config.ts';
import { correlateOne } from './correlate.ts';
import { featuresOf, type IncidentFeatures } from './features.ts';
import { planAlerts, raisePlan, type AlertPlan } from './raise.ts';
import type { AnalysisRepository, NewLink } from './repository.ts';

export const CURSOR = 'correlation';

export interface BatchReport {
  changes: number;
  indexed: number;
  removed: number;
  links: number;
  pruned: number;
  alerts: number;
  truncated: number;
  /** Time spent raising alerts (ms). */
  alertMs: number;
}

export function emptyReport(): BatchReport {
  return { changes: 0, indexed: 0, removed: 0, links: 0, pruned: 0, alerts: 0, truncated: 0, alertMs: 0 };
}

/** Adds `r` into `total`, field by field. */
export function addReport(total: BatchReport, r: BatchReport): void {
  for (const k of Object.keys(total) as (keyof BatchReport)[]) total[k] += r[k];
}

export class CorrelationWorker {
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Last failure (logged by the caller's logger if any; kept for status). */
  lastError: string | null = null;

  constructor(
    private readonly node: NodeCore,
    private readonly repo: AnalysisRepository,
    private readonly cfg: () => CorrelationConfig,
  ) {}

  /** Whether it follows the change feed (between `start` and `stop`). */
  get following(): boolean {
    return this.unsubscribe !== undefined;
  }

  start(): void {
    if (this.unsubscribe) return;
    this.stopped = false;
    this.unsubscribe = this.node.changes.subscribe(() => this.poke());
    this.poke();
  }

  /** Asks for a catch-up now; rounds never overlap, a poke during one runs another after it. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((e: unknown) => {
        this.lastError = e instanceof Error ? e.message : String(e);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.poke();
        }
      });
  }

  /** Processes the feed until caught up (or stopped); returns the summed reports. */
  async drain(): Promise<BatchReport> {
    const total = emptyReport();
    for (;;) {
      if (this.stopped) return total;
      const r = await this.batch();
      addReport(total, r);
      if (r.changes < this.cfg().batchSize) return total;
      // Let requests and ingest run between batches.
      await yieldLoop();
    }
  }

  /** Waits for the current round (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.idle();
  }

  /** One batch of the change feed. */
  async batch(): Promise<BatchReport> {
    const { db } = this.node;
    const cfg = this.cfg();
    const report: BatchReport = {
      changes: 0,
      indexed: 0,
      removed: 0,
      links: 0,
      pruned: 0,
      alerts: 0,
      truncated: 0,
      alertMs: 0,
    };
    const position = await this.repo.cursor(db, CURSOR);
    const changes = await this.node.records.repo.changesSince(db, position, cfg.batchSize);
    report.changes = changes.length;
    if (changes.length === 0) return report;
    const last = changes[changes.length - 1]!.seq;
    // Ids carry their type: only incidents are read.
    const ids = [...new Set(changes.map((c) => c.id).filter((id) => id.startsWith('incident--')))];
    const records = await this.node.records.repo.getMany(db, ids);
    const indexed: IncidentFeatures[] = [];
    const removed: string[] = [];
    for (const id of ids) {
      const rec = records.get(id);
      const f = rec ? featuresOf(rec) : null;
      if (f) indexed.push(f);
      else removed.push(id);
    }
    await db.transaction(async (tx) => {
      await this.repo.removeIncidents(tx, removed);
      await this.repo.upsertIncidents(tx, indexed);
    });
    const links = new Map<string, NewLink>();
    const plans = new Map<string, AlertPlan>();
    for (const f of indexed) {
      const c = await correlateOne(db, this.repo, f, cfg);
      if (c.truncated) report.truncated++;
      for (const l of c.links) {
        const k = `${l.kind}|${l.a}|${l.b}`;
        if ((links.get(k)?.score ?? -1) < l.score) links.set(k, l);
      }
      planAlerts(f, c.links, plans);
    }
    const touched = new Set<string>();
    for (const l of links.values()) touched.add(l.a).add(l.b);
    await db.transaction(async (tx) => {
      await this.repo.upsertLinks(tx, [...links.values()], formatTimestamp(this.node.clock.now()));
      report.pruned = await this.repo.prune(tx, [...touched], cfg.maxLinksPerRecord);
      await this.repo.setCursor(tx, CURSOR, last);
    });
    report.indexed = indexed.length;
    report.removed = removed.length;
    report.links = links.size;
    const alertsFrom = performance.now();
    for (const p of plans.values()) {
      try {
        const id = await raisePlan(this.node, p, this.node.config.defaultLocale);
        if (id) {
          report.alerts++;
          await this.repo.setAlert(db, p.links, id);
        }
      } catch (e) {
        // An alert that cannot be raised now must not stop correlation; the links are stored.
        this.lastError = e instanceof Error ? e.message : String(e);
      }
    }
    report.alertMs = performance.now() - alertsFrom;
    return report;
  }
}
