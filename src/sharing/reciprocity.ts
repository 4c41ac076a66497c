/**
 * Reciprocity figures (docs/sharing.md §9): per partner and UTC month, the records this node
 * released to it (from `shares`) and received from it (stored records whose origin is the
 * partner), by type and by priority class — the "win-win" balance partners ask about. A received
 * record's priority is the class the agreement with that partner gives it when it arrived.
 */
import { DomainError, type Issue } from '../core/errors.ts';
import type { Queryable } from '../store/db.ts';
import { PRIORITIES, type Priority } from './agreement.ts';
import type { AgreementService } from './agreements.ts';
import { compile, priorityOf } from './compiled.ts';
import type { SharingDeps } from './deps.ts';
import type { Peer, PeerService } from './peers.ts';
import type { SharesRepository } from './shares-repo.ts';

export interface ReciprocityQuery {
  peerId?: string | undefined;
  /** YYYY-MM, inclusive; default: eleven months before `to`. */
  from?: string | undefined;
  /** YYYY-MM, inclusive; default: the current month. */
  to?: string | undefined;
}

export interface Counts {
  total: number;
  byType: Record<string, number>;
  byPriority: Record<Priority, number>;
}

export interface PeerReciprocity {
  peerId: string;
  name: string;
  country: string;
  months: { month: string; released: Counts; received: Counts }[];
  totals: { released: Counts; received: Counts };
}

export interface ReciprocityReport {
  from: string;
  to: string;
  peers: PeerReciprocity[];
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 120;

const monthIndex = (m: string): number => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number): string => `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
const emptyCounts = (): Counts => ({ total: 0, byType: {}, byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number> });

function add(c: Counts, type: string, priority: Priority): void {
  c.total++;
  c.byType[type] = (c.byType[type] ?? 0) + 1;
  c.byPriority[priority]++;
}

/** Checks and completes the period; throws invalid naming the bad parameter. */
export function reciprocityPeriod(query: ReciprocityQuery, now: Date): { from: string; to: string } {
  const issues: Issue[] = [];
  for (const k of ['from', 'to'] as const) {
    const v = query[k];
    if (v !== undefined && !MONTH_RE.test(v)) issues.push({ path: `/${k}`, code: 'sharing.bad_month', params: { value: String(v).slice(0, 20) } });
  }
  if (issues.length) throw new DomainError('invalid', 'sharing.bad_month', issues, issues[0]!.params);
  const to = query.to ?? now.toISOString().slice(0, 7);
  const from = query.from ?? monthOf(monthIndex(to) - 11);
  const span = monthIndex(to) - monthIndex(from) + 1;
  if (span < 1 || span > MAX_MONTHS) throw new DomainError('invalid', 'sharing.bad_range', [{ path: '/from', code: 'sharing.bad_range', params: { from, to } }], { from, to });
  return { from, to };
}

export class ReciprocityReader {
  constructor(
    private readonly deps: SharingDeps,
    private readonly agreements: AgreementService,
    private readonly shares: SharesRepository,
    private readonly peers: PeerService,
  ) {}

  async report(q: Queryable, query: ReciprocityQuery): Promise<ReciprocityReport> {
    const { from, to } = reciprocityPeriod(query, this.deps.clock.now());
    let peers: Peer[];
    if (query.peerId !== undefined) {
      const p = await this.peers.repo.get(q, query.peerId);
      if (!p) throw new DomainError('not_found', 'peer.not_found', [], { id: query.peerId });
      peers = [p];
    } else peers = await this.peers.repo.list(q, true);
    const ids = peers.map((p) => p.nodeId);
    const fromIso = `${from}-01T00:00:00Z`;
    const toIso = `${monthOf(monthIndex(to) + 1)}-01T00:00:00Z`;
    const released = await this.shares.released(q, ids, fromIso, toIso);
    const received = await this.shares.received(q, ids, fromIso, toIso);

    const months: string[] = [];
    for (let i = monthIndex(from); i <= monthIndex(to); i++) months.push(monthOf(i));
    const out: PeerReciprocity[] = [];
    for (const p of peers) {
      const perMonth = new Map(months.map((m) => [m, { month: m, released: emptyCounts(), received: emptyCounts() }]));
      const totals = { released: emptyCounts(), received: emptyCounts() };
      for (const r of released.filter((x) => x.peerId === p.nodeId)) {
        add(perMonth.get(r.month)!.released, r.recordType, r.priority ?? 'ROUTINE');
        add(totals.released, r.recordType, r.priority ?? 'ROUTINE');
      }
      const mine = received.filter((x) => x.origin === p.nodeId);
      if (mine.length) {
        const withPeer = await this.agreements.relevant(q, this.deps.self.nodeId, p.nodeId);
        const ruling = withPeer.find((a) => a.status.signed) ?? withPeer[0];
        for (const r of mine) {
          const priority = ruling
            ? priorityOf(compile(ruling.document), r.labels, r.eventType, r.eventTime === null ? null : Date.parse(r.eventTime), Date.parse(r.firstStoredAt))
            : 'ROUTINE';
          add(perMonth.get(r.month)!.received, r.recordType, priority);
          add(totals.received, r.recordType, priority);
        }
      }
      out.push({ peerId: p.nodeId, name: p.name, country: p.country, months: [...perMonth.values()], totals });
    }
    return { from, to, peers: out };
  }
}
