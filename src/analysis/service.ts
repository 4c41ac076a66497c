/** The node's service for correlation of records from every source (src/analysis/). Built and started by openNode (src/node/node.ts). */
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
import { AnalysisRepository, type LinkRow } from './repository.ts';
import type { LinkKind } from './rules.ts';
import { CorrelationWorker, type BatchReport } from './worker.ts';
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
   * An analyst's verdict on a link. Confirming a possible duplicate also records a STIX
   * `duplicate-of` relationship (STIX 2.1 §4.13, common relationships) from the later report to
   * the earlier one, so partners and exports see it; the link's new status and its audit entry
   * are written in one transaction.
   */
  async decide(principal: Principal, input: unknown): Promise<LinkView> {
    const { kind, a: x, b: y, decision } = parseDecision(input);
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

function parseDecision(input: unknown): { kind: LinkKind; a: string; b: string; decision: Decision } {
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
  if (issues.length) throw new DomainError('invalid', 'analysis.invalid_decision', issues);
  return {
    kind: body.kind as LinkKind,
    a: String(body.a),
    b: String(body.b),
    decision: body.decision as Decision,
  };
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
