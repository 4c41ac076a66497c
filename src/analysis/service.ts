/** The node's service for correlation of records from every source (src/analysis/). Built and started by openNode (src/node/node.ts). */
import { setImmediate as yieldLoop } from 'node:timers/promises';
import type { NodeCore } from '../node/node.ts';
import { DomainError, type Issue } from '../core/errors.ts';
import { appendAudit } from '../audit/audit.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import { can, type Permission } from '../auth/roles.ts';
import type { Locale } from '../i18n/i18n.ts';
import { isStixId, SENTINELLE_NAMESPACE, stixIdV5 } from '../objects/ids.ts';
import { TLP, TLP_ORDER, tlpOfMarkingId, type Tlp } from '../objects/markings.ts';
import { incidentExtension } from '../objects/sentinelle-extension.ts';
import type { StixObject } from '../objects/stix.ts';
import { formatTimestamp } from '../objects/timestamps.ts';
import type { CurrentRecord } from '../store/records.ts';
import { DEFAULT_CORRELATION_CONFIG, loadConfig, type CorrelationConfig } from './config.ts';
import { pairOf, swapSides } from './correlate.ts';
import { explain } from './explain.ts';
import { AnalysisRepository, type LinkFilter, type LinkRow, type LinkStatus } from './repository.ts';
import type { LinkKind } from './rules.ts';
import { addReport, CorrelationWorker, CURSOR, emptyReport, type BatchReport } from './worker.ts';
import './messages.ts';

export const LINK_KINDS: readonly LinkKind[] = ['duplicate', 'cross-border', 'arms'];
export const MAX_LIST = 200;

/** What a person needs to compare two records side by side. */
export interface RecordSummary {
  id: string;
  type: string;
  name: string | null;
  description: string | null;
  event_type: string | null;
  occurred_at: string | null;
  country: string | null;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
  fatalities: Record<string, number> | null;
  actor_refs: string[];
  source: string | null;
  origin: string;
  created_by_ref: string | null;
  /** The name of the identity that created it (a partner, the UCDP…), when stored here. */
  created_by_name: string | null;
}

export interface LinkView {
  kind: LinkKind;
  a: string;
  b: string;
  score: number;
  status: LinkRow['status'];
  code: string;
  params: Record<string, string | number>;
  explanation: { fr: string; en: string };
  alert_id: string | null;
  relationship_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  updated_at: string;
}

export type Decision = 'confirm' | 'reject';

export const LINK_STATUSES: readonly LinkStatus[] = ['open', 'confirmed', 'rejected'];
/** Longest reason an analyst may give with a decision (kept in the audit trail). */
export const MAX_REASON = 500;

/** A link in the analysts’ list, with both records summarised. */
export type ListedLink = LinkView & { records: [RecordSummary, RecordSummary] };

export interface RebuildOptions {
  /** Replay only the changes stored since this instant (ISO 8601); the index and links stay. */
  since?: string;
  /** Continue an interrupted rebuild from the worker's cursor instead of starting again. */
  resume?: boolean;
  /** Called after each batch with the feed positions done and to do. */
  onProgress?: (done: number, total: number) => void;
}

export interface RebuildReport extends BatchReport {
  /** Feed positions replayed: after `from`, up to `to`. */
  from: number;
  to: number;
  ms: number;
}

export class AnalysisService {
  readonly repo = new AnalysisRepository();
  readonly worker: CorrelationWorker;
  private config: CorrelationConfig = { ...DEFAULT_CORRELATION_CONFIG };

  constructor(private readonly node: NodeCore) {
    this.worker = new CorrelationWorker(node, this.repo, () => this.config);
  }

  /** Starts following the change feed (the backlog is worked off in the background). */
  async start(): Promise<void> {
    this.config = await loadConfig(this.node.db);
    this.worker.start();
  }

  /** Stops background work; the node closes its database after this resolves. */
  async stop(): Promise<void> {
    await this.worker.stop();
  }

  get settings(): Readonly<CorrelationConfig> {
    return this.config;
  }

  /** Re-reads the configuration (after `node_settings['analysis.correlation']` changed). */
  async reloadConfig(): Promise<CorrelationConfig> {
    this.config = await loadConfig(this.node.db);
    return this.config;
  }

  /** Works off the change feed now, until caught up (tests, CLI, benchmarks). */
  async catchUp(): Promise<BatchReport> {
    await this.worker.idle();
    return this.worker.drain();
  }

  /** Links of a record the caller may read, with the other record summarised; links to records the caller may not read are left out. */
  async related(
    principal: Principal,
    id: string,
    limit = 50,
  ): Promise<{ record: RecordSummary; items: (LinkView & { other: RecordSummary })[] }> {
    const rec = await this.node.records.get(principal, id);
    const links = await this.repo.linksOf(this.node.db, id, Math.min(Math.max(1, limit), MAX_LIST));
    const others = await this.node.records.repo.getMany(
      this.node.db,
      links.map((l) => (l.a === id ? l.b : l.a)),
    );
    const names = await this.identityNames([rec, ...others.values()]);
    const items: (LinkView & { other: RecordSummary })[] = [];
    for (const l of links) {
      const other = others.get(l.a === id ? l.b : l.a);
      if (!other || !(await this.node.records.canRead(principal, other))) continue;
      // Explained from this record's side: "this / other".
      items.push({
        ...view(l.a === id ? l : { ...l, params: swapSides(l.params) }),
        other: summary(other, names),
      });
    }
    return { record: summary(rec, names), items };
  }

  /** Open possible duplicates, best first, both records summarised (for analysts' review queue). */
  async openDuplicates(
    principal: Principal,
    options: { limit?: number; offset?: number } = {},
  ): Promise<(LinkView & { records: [RecordSummary, RecordSummary] })[]> {
    await this.require(principal, 'records.read_all', 'analysis.duplicates');
    const rows = await this.repo.openLinks(
      this.node.db,
      'duplicate',
      options.limit ?? 50,
      options.offset ?? 0,
    );
    const recs = await this.node.records.repo.getMany(
      this.node.db,
      rows.flatMap((l) => [l.a, l.b]),
    );
    const names = await this.identityNames([...recs.values()]);
    const out: (LinkView & { records: [RecordSummary, RecordSummary] })[] = [];
    for (const l of rows) {
      const a = recs.get(l.a);
      const b = recs.get(l.b);
      if (a && b) out.push({ ...view(l), records: [summary(a, names), summary(b, names)] });
    }
    return out;
  }

  /**
   * The analysts' list: links best first, filtered by kind, status (default: open, unless a
   * record is given), record and minimum score; links to records the caller may not read are
   * left out. `input` is checked field by field (CLI options and query strings alike).
   */
  async listLinks(principal: Principal, input: unknown): Promise<ListedLink[]> {
    const { filter, limit, offset } = parseListFilter(input);
    await this.require(principal, 'records.read_all', 'analysis.links');
    const rows = await this.repo.listLinks(this.node.db, filter, limit, offset);
    const recs = await this.node.records.repo.getMany(
      this.node.db,
      rows.flatMap((l) => [l.a, l.b]),
    );
    const names = await this.identityNames([...recs.values()]);
    const out: ListedLink[] = [];
    for (const l of rows) {
      const a = recs.get(l.a);
      const b = recs.get(l.b);
      if (
        !a ||
        !b ||
        !(await this.node.records.canRead(principal, a)) ||
        !(await this.node.records.canRead(principal, b))
      )
        continue;
      out.push({ ...view(l), records: [summary(a, names), summary(b, names)] });
    }
    return out;
  }

  /**
   * Re-indexes and re-correlates by replaying the change feed through the worker, a batch at a
   * time (bounded memory, the event loop free between batches). Without options: empties the
   * feature index and the open links (decided ones stay) and replays everything — after a change
   * of the correlation settings. `since`: replays the changes stored since then, over the
   * existing index. The position is the worker's durable cursor, so an interrupted rebuild is
   * resumed by `resume` or simply by the worker at the node's next start. Audited.
   */
  async rebuild(principal: Principal, options: RebuildOptions = {}): Promise<RebuildReport> {
    const since = parseRebuild(options);
    await this.require(principal, 'settings.change', 'analysis.rebuild');
    const started = performance.now();
    // The background worker shares the cursor: it is stopped for the replay and restarted after.
    const following = this.worker.following;
    await this.worker.stop();
    try {
      const db = this.node.db;
      const to = await this.node.records.repo.lastSeq(db);
      const from = await db.transaction(async (tx) => {
        let position: number;
        if (options.resume) position = await this.repo.cursor(tx, CURSOR);
        else if (since !== undefined) position = await this.repo.feedPositionBefore(tx, since);
        else {
          await this.repo.clearIndex(tx);
          position = 0;
        }
        await this.repo.resetCursor(tx, CURSOR, position);
        await appendAudit(tx, this.node.clock, {
          actor: actorOf(principal),
          action: 'analysis.rebuild',
          target: 'analysis.correlation',
          outcome: 'success',
          details: { from: position, to, ...(since ? { since } : {}), resume: options.resume === true },
        });
        return position;
      });
      const total = emptyReport();
      for (;;) {
        const r = await this.worker.batch();
        addReport(total, r);
        const at = await this.repo.cursor(db, CURSOR);
        options.onProgress?.(Math.min(at, to) - Math.min(from, to), Math.max(0, to - from));
        if (r.changes === 0 || at >= to) break;
        await yieldLoop();
      }
      return { ...total, from, to, ms: performance.now() - started };
    } finally {
      if (following) this.worker.start();
    }
  }

  /**
   * An analyst's verdict on a link. Confirming a possible duplicate also records a STIX
   * `duplicate-of` relationship (STIX 2.1 §4.13, common relationships) from the later report to
   * the earlier one, so partners and exports see it; the link's new status and its audit entry
   * are written in one transaction.
   */
  async decide(principal: Principal, input: unknown): Promise<LinkView> {
    const { kind, a: x, b: y, decision, reason } = parseDecision(input);
    await this.require(principal, 'alerts.triage', `${kind}:${x}:${y}`);
    const { a, b } = pairOf(x, y);
    const link = await this.repo.link(this.node.db, kind, a, b);
    if (!link) throw new DomainError('not_found', 'analysis.link_not_found', [], { kind, a, b });
    const recs = await this.node.records.repo.getMany(this.node.db, [a, b]);
    const ra = recs.get(a);
    const rb = recs.get(b);
    if (
      !ra ||
      !rb ||
      !(await this.node.records.canRead(principal, ra)) ||
      !(await this.node.records.canRead(principal, rb))
    ) {
      throw new DomainError('not_found', 'analysis.link_not_found', [], { kind, a, b });
    }
    let relationshipId: string | null = null;
    if (decision === 'confirm' && kind === 'duplicate' && !link.relationshipId)
      relationshipId = await this.recordDuplicateOf(principal, ra, rb);
    const status = decision === 'confirm' ? 'confirmed' : 'rejected';
    const now = formatTimestamp(this.node.clock.now());
    const updated = await this.node.db.transaction(async (tx) => {
      const row = await this.repo.decide(
        tx,
        kind,
        a,
        b,
        status,
        actorOf(principal).toString(),
        now,
        relationshipId,
      );
      await appendAudit(tx, this.node.clock, {
        actor: actorOf(principal),
        action: `analysis.link.${decision}`,
        target: `${kind}:${a}:${b}`,
        outcome: 'success',
        details: {
          kind,
          a,
          b,
          score: link.score,
          previous: link.status,
          ...(reason ? { reason } : {}),
          ...(relationshipId ? { relationship: relationshipId } : {}),
        },
      });
      return row;
    });
    if (!updated) throw new DomainError('not_found', 'analysis.link_not_found', [], { kind, a, b });
    return view(updated);
  }

  private async recordDuplicateOf(
    principal: Principal,
    ra: CurrentRecord,
    rb: CurrentRecord,
  ): Promise<string> {
    // The later report duplicates the earlier one.
    const [later, earlier] = String(ra.object.created) > String(rb.object.created) ? [ra, rb] : [rb, ra];
    const id = stixIdV5(
      'relationship',
      SENTINELLE_NAMESPACE,
      `duplicate-of|${this.node.settings.nodeId}|${String(later.object.id)}|${String(earlier.object.id)}`,
    );
    if (await this.node.records.repo.get(this.node.db, id)) return id;
    await this.node.records.create(principal, {
      type: 'relationship',
      id,
      relationship_type: 'duplicate-of',
      source_ref: later.object.id,
      target_ref: earlier.object.id,
      description: 'Confirmed by an analyst from a correlation link (possible duplicate).',
      object_marking_refs: strictestMarkings([ra.object as StixObject, rb.object as StixObject]),
    });
    return id;
  }

  /** Names of the identities that created these records (identities are not intelligence content). */
  private async identityNames(recs: readonly CurrentRecord[]): Promise<Map<string, string>> {
    const ids = [...new Set(recs.map((r) => r.fields.createdByRef).filter((x): x is string => x !== null))];
    const found = await this.node.records.repo.getMany(this.node.db, ids);
    return new Map(
      [...found].flatMap(([id, r]) =>
        typeof r.object.name === 'string' ? [[id, r.object.name] as [string, string]] : [],
      ),
    );
  }

  private async require(principal: Principal, permission: Permission, target: string): Promise<void> {
    if (can(principal, permission)) return;
    await this.node.db.transaction((tx) =>
      appendAudit(tx, this.node.clock, {
        actor: actorOf(principal),
        action: 'access.denied',
        target,
        outcome: 'denied',
        details: { permission },
      }),
    );
    throw new DomainError('forbidden', 'analysis.forbidden', [], { permission });
  }
}

function parseDecision(input: unknown): {
  kind: LinkKind;
  a: string;
  b: string;
  decision: Decision;
  reason: string | null;
} {
  const body =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : {};
  const issues: Issue[] = [];
  if (!LINK_KINDS.includes(body.kind as LinkKind))
    issues.push({
      path: '/kind',
      code: 'analysis.bad_kind',
      params: { value: JSON.stringify(body.kind ?? null).slice(0, 50) },
    });
  for (const k of ['a', 'b'] as const)
    if (!isStixId(body[k])) issues.push({ path: `/${k}`, code: 'analysis.bad_id' });
  if (body.decision !== 'confirm' && body.decision !== 'reject')
    issues.push({ path: '/decision', code: 'analysis.bad_decision' });
  const reason = body.reason;
  if (
    reason !== undefined &&
    reason !== null &&
    (typeof reason !== 'string' || reason.trim() === '' || reason.length > MAX_REASON)
  )
    issues.push({ path: '/reason', code: 'analysis.bad_reason', params: { max: MAX_REASON } });
  if (issues.length) throw new DomainError('invalid', 'analysis.invalid_decision', issues);
  return {
    kind: body.kind as LinkKind,
    a: String(body.a),
    b: String(body.b),
    decision: body.decision as Decision,
    reason: typeof reason === 'string' ? reason.trim() : null,
  };
}

/**
 * A link's id as people and the audit trail write it: `<kind>:<a>:<b>` (either order of the
 * pair). Throws naming the field `/link` when it is not one.
 */
export function parseLinkId(raw: string): { kind: LinkKind; a: string; b: string } {
  const [kind, x, y, ...rest] = raw.trim().split(':');
  if (rest.length === 0 && LINK_KINDS.includes(kind as LinkKind) && isStixId(x) && isStixId(y) && x !== y)
    return { kind: kind as LinkKind, ...pairOf(String(x), String(y)) };
  throw new DomainError('invalid', 'analysis.invalid_decision', [
    { path: '/link', code: 'analysis.bad_link_id', params: { value: raw.slice(0, 200) } },
  ]);
}

/** The id `parseLinkId` reads. */
export const linkId = (l: Pick<LinkRow, 'kind' | 'a' | 'b'>): string => `${l.kind}:${l.a}:${l.b}`;

function parseListFilter(input: unknown): { filter: LinkFilter; limit: number; offset: number } {
  const body =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : {};
  const issues: Issue[] = [];
  const filter: LinkFilter = {};
  const given = (v: unknown) => v !== undefined && v !== null && v !== '';
  if (given(body.kind)) {
    if (LINK_KINDS.includes(body.kind as LinkKind)) filter.kind = body.kind as LinkKind;
    else
      issues.push({
        path: '/kind',
        code: 'analysis.bad_kind',
        params: { value: JSON.stringify(body.kind).slice(0, 50) },
      });
  }
  if (given(body.status)) {
    if (LINK_STATUSES.includes(body.status as LinkStatus)) filter.status = body.status as LinkStatus;
    else
      issues.push({
        path: '/status',
        code: 'analysis.bad_status',
        params: { value: JSON.stringify(body.status).slice(0, 50) },
      });
  }
  if (given(body.record)) {
    if (isStixId(body.record)) filter.record = String(body.record);
    else issues.push({ path: '/record', code: 'analysis.bad_id' });
  }
  // Without a record the list is a review queue: open links unless another status is asked for.
  if (!filter.record && !filter.status && !issues.some((i) => i.path === '/status')) filter.status = 'open';
  const number = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);
  if (given(body.minScore)) {
    const v = number(body.minScore);
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1) filter.minScore = v;
    else issues.push({ path: '/min-score', code: 'analysis.bad_min_score' });
  }
  let limit = 50;
  if (given(body.limit)) {
    const v = number(body.limit);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_LIST) limit = v;
    else issues.push({ path: '/limit', code: 'analysis.bad_limit', params: { max: MAX_LIST } });
  }
  let offset = 0;
  if (given(body.offset)) {
    const v = number(body.offset);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1_000_000) offset = v;
    else issues.push({ path: '/offset', code: 'analysis.bad_offset' });
  }
  if (issues.length) throw new DomainError('invalid', 'analysis.invalid_filter', issues);
  return { filter, limit, offset };
}

/** The `since` instant of a rebuild (normalised), checked with the other options. */
function parseRebuild(options: RebuildOptions): string | undefined {
  const issues: Issue[] = [];
  let since: string | undefined;
  if (options.since !== undefined) {
    const ms = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(options.since.trim())
      ? Date.parse(options.since.trim())
      : NaN;
    if (Number.isFinite(ms)) since = new Date(ms).toISOString();
    else
      issues.push({
        path: '/since',
        code: 'analysis.bad_since',
        params: { value: options.since.slice(0, 50) },
      });
    if (options.resume) issues.push({ path: '/resume', code: 'analysis.resume_with_since' });
  }
  if (issues.length) throw new DomainError('invalid', 'analysis.invalid_rebuild', issues);
  return since;
}

/** The strictest TLP of the records (at least AMBER) and every other marking they carry. */
function strictestMarkings(objects: readonly StixObject[]): string[] {
  let strictest: Tlp = 'amber';
  const others = new Set<string>();
  for (const o of objects) {
    for (const m of Array.isArray(o.object_marking_refs) ? o.object_marking_refs : []) {
      const tlp = tlpOfMarkingId(m);
      if (tlp === null) others.add(m);
      else if (TLP_ORDER.indexOf(tlp) > TLP_ORDER.indexOf(strictest)) strictest = tlp;
    }
  }
  return [String(TLP[strictest].id), ...[...others].sort()];
}

export function view(l: LinkRow): LinkView {
  return {
    kind: l.kind,
    a: l.a,
    b: l.b,
    score: l.score,
    status: l.status,
    code: l.code,
    params: l.params,
    explanation: { fr: explain('fr', l.code, l.params), en: explain('en', l.code, l.params) },
    alert_id: l.alertId,
    relationship_id: l.relationshipId,
    decided_by: l.decidedBy,
    decided_at: l.decidedAt,
    updated_at: l.updatedAt,
  };
}

export function summary(rec: CurrentRecord, names: ReadonlyMap<string, string> = new Map()): RecordSummary {
  const o = rec.object as StixObject;
  const ext = o.type === 'incident' ? incidentExtension(o) : undefined;
  return {
    id: String(o.id),
    type: String(o.type),
    name: typeof o.name === 'string' ? o.name : null,
    description: typeof o.description === 'string' ? o.description : null,
    event_type: ext?.event_type ?? null,
    occurred_at: ext?.occurred_at ?? null,
    country: rec.fields.country,
    admin1: rec.fields.admin1,
    lat: rec.fields.lat,
    lon: rec.fields.lon,
    fatalities: (ext?.fatalities as Record<string, number> | undefined) ?? null,
    actor_refs: ext?.actor_refs ?? [],
    source: ext?.source?.name ?? null,
    origin: rec.origin,
    created_by_ref: rec.fields.createdByRef,
    created_by_name: rec.fields.createdByRef ? (names.get(rec.fields.createdByRef) ?? null) : null,
  };
}

/** For callers that render one explanation (CLI). */
export function explanationOf(l: Pick<LinkRow, 'code' | 'params'>, locale: Locale): string {
  return explain(locale, l.code, l.params);
}
