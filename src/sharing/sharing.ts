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
import type { Priority } from './agreement.ts';
import { stateOf, type AgreementService, type AgreementState } from './agreements.ts';
import type { SharingDeps } from './deps.ts';
import type { PeerService } from './peers.ts';
import { combineDecisions, decide, type Decision, type PolicyDecision, type PolicyRecord } from './policy.ts';
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
    const peer = await this.peers.repo.get(q, peerId);
    if (!peer) throw new DomainError('not_found', 'peer.not_found', [], { id: peerId });
    const self = this.deps.self;
    const inForce = await this.agreements.relevant(q, self.nodeId, peerId);
    const now = this.deps.clock.now();
    const object = rec.object as StixObject;
    if (inForce.length === 0) {
      return { stored: object, decision: { recordId, peerId, decision: 'withhold', reasons: [{ code: 'no_agreement' }], priority: 'ROUTINE', agreement: null, evaluations: [] } };
    }
    const related = await this.deps.records.getMany(q, refsOf(object));
    const received = rec.origin !== 'local';
    const ctx = {
      self: { nodeId: self.nodeId, identityId: self.identityId },
      now,
      geo: this.deps.geo(),
      related: (id: string) => {
        const r = related.get(id);
        return r ? asPolicyRecord(r) : undefined;
      },
      originAgreements: received ? await this.agreements.relevant(q, self.nodeId, rec.origin) : [],
      consents: received ? await this.shares.consents(q, rec.origin, recordId) : [],
    };
    const record = asPolicyRecord(rec);
    const partner = { nodeId: peer.nodeId, country: peer.country };
    const decisions: PolicyDecision[] = inForce.map((a) => decide(record, a, partner, ctx));
    const best = combineDecisions(decisions)!;
    const decision: SharingDecision = {
      recordId,
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
        state: stateOf(inForce[i]!.status, inForce[i]!.document, now.getTime()),
        decision: d.decision,
        reasons: d.reasons,
        priority: d.priority,
      })),
    };
    return { decision, stored: object };
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
