/**
 * The policy engine applied over the store (docs/sharing.md §6): for one record and one partner,
 * every relevant agreement is evaluated and the most permissive decision wins. The federation
 * sender calls `decideFor` / `planShare` (no permission: it acts for the node); people call
 * `explain` (liaison), which is audited.
 */
import { DomainError } from '../core/errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import { appendAudit } from '../audit/audit.ts';
import { requirePermission } from '../auth/guard.ts';
import { actorId, type Actor } from '../auth/principal.ts';
import { builtinMarking } from '../objects/markings.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID } from '../objects/sentinelle-extension.ts';
import { isRecord, type StixObject } from '../objects/stix.ts';
import type { Queryable } from '../store/db.ts';
import type { CurrentRecord } from '../store/records.ts';
import type { AgreementInForce, Priority } from './agreement.ts';
import { stateOf, type AgreementService, type AgreementState } from './agreements.ts';
import type { SharingDeps } from './deps.ts';
import type { PeerService } from './peers.ts';
import { combineDecisions, decide, type Decision, type OnwardConsent, type PolicyDecision, type PolicyRecord } from './policy.ts';
import { explainReason, type Reason } from './reasons.ts';
import { nextShareAction, type PreviousShare, type ShareAction } from './share-action.ts';
import { SharesRepository } from './shares-repo.ts';
import { ReciprocityReader, type ReciprocityQuery, type ReciprocityReport } from './reciprocity.ts';
import './sharing-messages.ts';

export interface AgreementEvaluation {
  agreementId: string;
  version: number;
  title: string;
  state: AgreementState;
  decision: Decision;
  reasons: Reason[];
  priority: Priority;
}

/** One record's plan for one partner (planShares), with the stored record it was made from. */
export interface SharePlan {
  decision: SharingDecision;
  previous: PreviousShare | null;
  action: ShareAction;
  record: CurrentRecord;
}

export interface SharingDecision {
  recordId: string;
  peerId: string;
  decision: Decision;
  reasons: Reason[];
  priority: Priority;
  /** The copy to send when it differs from the stored record. */
  redacted?: StixObject;
  /** The agreement the record travels under; null when no agreement covers the partner. */
  agreement: { id: string; version: number } | null;
  evaluations: AgreementEvaluation[];
}

/** Ids a record refers to that the engine judges: relationship ends, listed refs, granular markings. */
function refsOf(obj: StixObject): string[] {
  const out = new Set<string>();
  for (const k of ['source_ref', 'target_ref', 'sighting_of_ref']) if (typeof obj[k] === 'string') out.add(obj[k]);
  for (const k of ['object_refs', 'where_sighted_refs', 'observed_data_refs']) {
    const v = obj[k];
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.add(x);
  }
  const ext = obj.extensions?.[SENTINELLE_INCIDENT_EXTENSION_ID];
  if (isRecord(ext) && Array.isArray(ext.actor_refs)) for (const x of ext.actor_refs) if (typeof x === 'string') out.add(x);
  for (const gm of obj.granular_markings ?? []) if (gm.marking_ref && !builtinMarking(gm.marking_ref)) out.add(gm.marking_ref);
  return [...out];
}

const idOf = (r: CurrentRecord): string => (r.object as StixObject).id;

const asPolicyRecord = (r: CurrentRecord): PolicyRecord => ({ object: r.object as StixObject, fields: r.fields, origin: r.origin });

export class SharingService {
  readonly shares = new SharesRepository();
  private readonly reciprocityReader: ReciprocityReader;

  constructor(
    private readonly deps: SharingDeps,
    private readonly peers: PeerService,
    private readonly agreements: AgreementService,
  ) {
    this.reciprocityReader = new ReciprocityReader(deps, agreements, this.shares, peers);
  }

  /**
   * The decision for (record, partner) now, over every relevant agreement. For the node's own
   * use (federation sender, TAXII views): no permission check here.
   */
  async decideFor(q: Queryable, recordId: string, peerId: string): Promise<SharingDecision> {
    return (await this.decideWithRecord(q, recordId, peerId)).decision;
  }

  private async decideWithRecord(q: Queryable, recordId: string, peerId: string): Promise<{ decision: SharingDecision; stored: StixObject }> {
    const rec = await this.deps.records.get(q, recordId);
    if (!rec) throw new DomainError('not_found', 'sharing.record_not_found', [], { id: recordId });
    const [decision] = await this.decideMany(q, [rec], peerId);
    return { decision: decision!, stored: rec.object as StixObject };
  }

  /**
   * The decisions for many records and one partner, in input order: the partner, the agreements
   * in force, the records referred to, and for received records their originator's agreements and
   * onward consents are each read once for the whole set.
   */
  private async decideMany(q: Queryable, recs: readonly CurrentRecord[], peerId: string): Promise<SharingDecision[]> {
    const peer = await this.peers.repo.get(q, peerId);
    if (!peer) throw new DomainError('not_found', 'peer.not_found', [], { id: peerId });
    const self = this.deps.self;
    const inForce = await this.agreements.relevant(q, self.nodeId, peerId);
    const now = this.deps.clock.now();
    if (inForce.length === 0) {
      return recs.map((rec) => ({ recordId: idOf(rec), peerId, decision: 'withhold', reasons: [{ code: 'no_agreement' }], priority: 'ROUTINE', agreement: null, evaluations: [] }));
    }
    const related = await this.deps.records.getMany(q, recs.flatMap((r) => refsOf(r.object as StixObject)));
    const origins = new Map<string, { agreements: AgreementInForce[]; consents: Map<string, OnwardConsent[]> }>();
    for (const rec of recs) {
      if (rec.origin === 'local' || origins.has(rec.origin)) continue;
      const ids = recs.filter((r) => r.origin === rec.origin).map((r) => idOf(r));
      origins.set(rec.origin, {
        agreements: await this.agreements.relevant(q, self.nodeId, rec.origin),
        consents: await this.shares.consentsMany(q, rec.origin, ids),
      });
    }
    const geo = this.deps.geo();
    const partner = { nodeId: peer.nodeId, country: peer.country };
    const states = inForce.map((a) => stateOf(a.status, a.document, now.getTime()));
    return recs.map((rec) => {
      const origin = rec.origin !== 'local' ? origins.get(rec.origin) : undefined;
      const ctx = {
        self: { nodeId: self.nodeId, identityId: self.identityId },
        now,
        geo,
        related: (id: string) => {
          const r = related.get(id);
          return r ? asPolicyRecord(r) : undefined;
        },
        originAgreements: origin?.agreements ?? [],
        consents: origin?.consents.get(idOf(rec)) ?? [],
      };
      const decisions: PolicyDecision[] = inForce.map((a) => decide(asPolicyRecord(rec), a, partner, ctx));
      const best = combineDecisions(decisions)!;
      return {
        recordId: idOf(rec),
        peerId,
        decision: best.decision,
        reasons: best.reasons,
        priority: best.priority,
        ...(best.redacted ? { redacted: best.redacted } : {}),
        agreement: best.agreement,
        evaluations: decisions.map((d, i) => ({
          agreementId: d.agreement.id,
          version: d.agreement.version,
          title: inForce[i]!.document.title,
          state: states[i]!,
          decision: d.decision,
          reasons: d.reasons,
          priority: d.priority,
        })),
      };
    });
  }

  /**
   * What the federation must do for (record, partner): the decision, the last share acted on,
   * and the resulting action (put, withdraw or nothing; docs/sharing.md §8).
   */
  async planShare(q: Queryable, recordId: string, peerId: string): Promise<{ decision: SharingDecision; previous: PreviousShare | null; action: ShareAction }> {
    const { decision, stored } = await this.decideWithRecord(q, recordId, peerId);
    const previous = await this.shares.last(q, peerId, recordId);
    const policy: PolicyDecision = { ...decision, agreement: decision.agreement ?? { id: '', version: 0 } };
    return { decision, previous, action: nextShareAction(previous, policy, stored) };
  }

  /**
   * `planShare` over a set of records for one partner, in a fixed handful of queries whatever the
   * set's size (the federation sender plans a page of the change feed at once). Ids of records that
   * do not exist are left out of the result; the plans are those `planShare` gives one by one.
   */
  async planShares(q: Queryable, recordIds: readonly string[], peerId: string): Promise<Map<string, SharePlan>> {
    const out = new Map<string, SharePlan>();
    const found = await this.deps.records.getMany(q, recordIds);
    const recs = [...new Set(recordIds)].map((id) => found.get(id)).filter((r): r is CurrentRecord => r !== undefined);
    if (recs.length === 0) return out;
    const decisions = await this.decideMany(q, recs, peerId);
    const previous = await this.shares.lastMany(q, peerId, recs.map((r) => idOf(r)));
    recs.forEach((rec, i) => {
      const decision = decisions[i]!;
      const prev = previous.get(idOf(rec)) ?? null;
      const policy: PolicyDecision = { ...decision, agreement: decision.agreement ?? { id: '', version: 0 } };
      out.set(idOf(rec), { decision, previous: prev, action: nextShareAction(prev, policy, rec.object as StixObject), record: rec });
    });
    return out;
  }

  /** The decision for a person (liaison), with its explanation in `locale`; audited. */
  async explain(actor: Actor, recordId: string, peerId: string, locale: Locale): Promise<{ decision: SharingDecision; text: string[] }> {
    await requirePermission(this.deps, actor, 'agreements.manage', { action: 'policy.explain', target: recordId, details: { peer: peerId } });
    const decision = await this.decideFor(this.deps.db, recordId, peerId);
    const peer = (await this.peers.repo.get(this.deps.db, peerId))!;
    await appendAudit(this.deps.db, this.deps.clock, {
      actor: actorId(actor),
      action: 'policy.explain',
      target: recordId,
      outcome: 'success',
      details: { peer: peerId, decision: decision.decision, reasons: decision.reasons.map((r) => r.code) },
    });
    const text = [
      t(locale, 'sharing.explain.head', { record: recordId, peer: `${peer.name} (${peer.country})` }),
      t(locale, `sharing.explain.decision.${decision.decision}`, { priority: decision.priority }),
      ...(decision.agreement ? [t(locale, 'sharing.explain.under', { agreement: decision.agreement.id, version: decision.agreement.version })] : []),
      ...decision.reasons.map((r) => `  - ${explainReason(locale, r)}`),
    ];
    if (decision.evaluations.length > 1 || decision.evaluations.some((e) => e.decision !== decision.decision)) {
      text.push(t(locale, 'sharing.explain.per_agreement'));
      for (const e of decision.evaluations) {
        text.push(`  * ${t(locale, 'sharing.explain.agreement_line', { title: e.title, version: e.version, state: t(locale, `sharing.state.${e.state}`), decision: t(locale, `sharing.decision.${e.decision}`) })}`);
        for (const r of e.reasons) text.push(`      - ${explainReason(locale, r)}`);
      }
    }
    return { decision, text };
  }

  /** Released and received records per partner and month, by type and priority (liaison). */
  async reciprocity(actor: Actor, query: ReciprocityQuery): Promise<ReciprocityReport> {
    await requirePermission(this.deps, actor, 'agreements.manage', { action: 'reciprocity.read', target: query.peerId ?? null });
    return this.reciprocityReader.report(this.deps.db, query);
  }
}
