/**
 * A deterministic, seeded simulator of one direction of a bad link, for tests ([FED-31]): drops,
 * duplicates, reordering (random extra delay), fixed delay, bandwidth (messages are serialised
 * on the link), a size cap, and partitions over simulated time. Time is a manual clock the test
 * moves; nothing reads the wall clock, so a run is a pure function of the seed and the calls.
 */
import type { Clock } from '../core/clock.ts';

/** Mulberry32: small, fast, good enough for simulation, and the same on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Partition {
  from: Date | string;
  until: Date | string;
}

export interface LinkOptions {
  seed: number;
  clock: Clock;
  /** Probability that a message is lost. */
  dropRate?: number;
  /** Probability that a delivered message arrives twice. */
  duplicateRate?: number;
  /** Fixed propagation delay, ms. */
  delayMs?: number;
  /** Extra random delay in [0, jitterMs): reorders messages. */
  jitterMs?: number;
  /** Bytes per second; messages queue behind each other. 0 or absent: unlimited. */
  bandwidthBps?: number;
  /** Largest message the link carries (e.g. 270 for Iridium SBD MT); larger ones are refused at send. */
  maxBytes?: number;
  /** Periods during which nothing gets through (sent or arriving inside is lost). */
  partitions?: readonly Partition[];
}

export type SendOutcome = { accepted: true; id: number } | { accepted: false; reason: 'too_large' };

export interface LinkStats {
  sent: number;
  tooLarge: number;
  dropped: number;
  partitioned: number;
  duplicated: number;
  delivered: number;
  bytesSent: number;
}

interface InFlight {
  at: number;
  order: number;
  id: number;
  bytes: Uint8Array;
}

export class SimLink {
  readonly stats: LinkStats = {
    sent: 0,
    tooLarge: 0,
    dropped: 0,
    partitioned: 0,
    duplicated: 0,
    delivered: 0,
    bytesSent: 0,
  };
  private readonly rnd: () => number;
  private readonly partitions: { from: number; until: number }[];
  private readonly queue: InFlight[] = [];
  private busyUntil = -Infinity;
  private nextId = 0;
  private order = 0;

  constructor(private readonly options: LinkOptions) {
    this.rnd = mulberry32(options.seed);
    this.partitions = (options.partitions ?? []).map((p) => ({
      from: new Date(p.from).getTime(),
      until: new Date(p.until).getTime(),
    }));
  }

  /** True when simulated instant `t` (ms) lies in a partition. */
  partitionedAt(t: number): boolean {
    return this.partitions.some((p) => t >= p.from && t < p.until);
  }

  /** Hands a message to the link at the clock's current time. */
  send(bytes: Uint8Array): SendOutcome {
    const o = this.options;
    if (o.maxBytes !== undefined && bytes.length > o.maxBytes) {
      this.stats.tooLarge++;
      return { accepted: false, reason: 'too_large' };
    }
    const id = this.nextId++;
    this.stats.sent++;
    this.stats.bytesSent += bytes.length;
    const now = this.options.clock.now().getTime();
    const start = Math.max(now, this.busyUntil);
    const txMs = o.bandwidthBps ? (bytes.length / o.bandwidthBps) * 1000 : 0;
    this.busyUntil = start + txMs;
    // Draw every random number whatever happens, so one outcome never shifts the others' draws.
    const lost = this.rnd() < (o.dropRate ?? 0);
    const twice = this.rnd() < (o.duplicateRate ?? 0);
    const arrivals = [this.arrival(), this.arrival()];
    if (this.partitionedAt(start)) {
      this.stats.partitioned++;
      return { accepted: true, id };
    }
    if (lost) {
      this.stats.dropped++;
      return { accepted: true, id };
    }
    const copy = new Uint8Array(bytes);
    for (const extra of twice ? arrivals : arrivals.slice(0, 1)) {
      // Whole milliseconds: a Date (and so the clock) cannot hold less.
      const at = Math.ceil(this.busyUntil + extra);
      if (this.partitionedAt(at)) this.stats.partitioned++;
      else this.queue.push({ at, order: this.order++, id, bytes: copy });
    }
    if (twice) this.stats.duplicated++;
    return { accepted: true, id };
  }

  private arrival(): number {
    return (this.options.delayMs ?? 0) + this.rnd() * (this.options.jitterMs ?? 0);
  }

  /** Every message due by the clock's current time, in arrival order. */
  receive(): Uint8Array[] {
    const now = this.options.clock.now().getTime();
    const due = this.queue.filter((m) => m.at <= now).sort((a, b) => a.at - b.at || a.order - b.order);
    for (const m of due) this.queue.splice(this.queue.indexOf(m), 1);
    this.stats.delivered += due.length;
    return due.map((m) => m.bytes);
  }

  /** When the next message arrives (ms since the epoch), or undefined when none is in flight. */
  nextArrival(): number | undefined {
    return this.queue.reduce<number | undefined>(
      (min, m) => (min === undefined || m.at < min ? m.at : min),
      undefined,
    );
  }

  /** Messages in flight. */
  get inFlight(): number {
    return this.queue.length;
  }
}
