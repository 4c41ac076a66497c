/**
 * What a partner's collection serves: for each current record, the policy engine's decision under
 * that one agreement for that partner (src/sharing/policy.ts `decide`), and the copy it releases —
 * the record itself, or its redacted form. Withheld records are not served at all.
 */
import type { Queryable } from '../store/db.ts';
import type { CurrentRecord, RecordRepository } from '../store/records.ts';
import type { AgreementInForce } from '../sharing/agreement.ts';
import type { AgreementService } from '../sharing/agreements.ts';
import type { SharingService } from '../sharing/sharing.ts';
import type { PolicyGeo } from '../sharing/geo.ts';
import { decide, type PolicyContext, type PolicyPartner, type PolicyRecord } from '../sharing/policy.ts';
import { builtinMarking } from '../objects/markings.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID } from '../objects/sentinelle-extension.ts';
import { isRecord, type StixObject } from '../objects/stix.ts';

export interface PartnerViewDeps {
  records: RecordRepository;
  agreements: AgreementService;
  sharing: SharingService;
  geo: () => PolicyGeo;
  self: { nodeId: string; identityId: string };
  now: () => Date;
}

/** Ids a record refers to that the engine judges (as src/sharing/sharing.ts does for the federation). */
function refsOf(obj: StixObject): string[] {
  const out = new Set<string>();
  for (const k of ['source_ref', 'target_ref', 'sighting_of_ref'])
    if (typeof obj[k] === 'string') out.add(obj[k]);
  for (const k of ['object_refs', 'where_sighted_refs', 'observed_data_refs']) {
    const v = obj[k];
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.add(x);
  }
  const ext = obj.extensions?.[SENTINELLE_INCIDENT_EXTENSION_ID];
  if (isRecord(ext) && Array.isArray(ext.actor_refs))
    for (const x of ext.actor_refs) if (typeof x === 'string') out.add(x);
  for (const gm of obj.granular_markings ?? [])
    if (gm.marking_ref && !builtinMarking(gm.marking_ref)) out.add(gm.marking_ref);
  for (const ref of obj.object_marking_refs ?? []) if (!builtinMarking(ref)) out.add(ref);
  return [...out];
}

const asPolicy = (r: CurrentRecord): PolicyRecord => ({
  object: r.object as StixObject,
  fields: r.fields,
  origin: r.origin,
});

/**
 * The released copies of `ids` (current versions) for `partner` under `agreement`, keyed by id;
 * absent when withheld.
 */
export async function releasedCopies(
  deps: PartnerViewDeps,
  q: Queryable,
  ids: readonly string[],
  agreement: AgreementInForce,
  partner: PolicyPartner,
): Promise<Map<string, StixObject>> {
  const out = new Map<string, StixObject>();
  if (ids.length === 0) return out;
  const records = await deps.records.getMany(q, ids);
  const refIds = new Set<string>();
  for (const r of records.values()) for (const id of refsOf(r.object as StixObject)) refIds.add(id);
  const related = await deps.records.getMany(
    q,
    [...refIds].filter((id) => !records.has(id)),
  );
  for (const [id, r] of records) related.set(id, r);
  const originAgreements = new Map<string, AgreementInForce[]>();
  const now = deps.now();
  for (const id of ids) {
    const rec = records.get(id);
    if (!rec) continue;
    const received = rec.origin !== 'local';
    if (received && !originAgreements.has(rec.origin))
      originAgreements.set(rec.origin, await deps.agreements.relevant(q, deps.self.nodeId, rec.origin));
    const ctx: PolicyContext = {
      self: deps.self,
      now,
      geo: deps.geo(),
      related: (rid) => {
        const r = related.get(rid);
        return r ? asPolicy(r) : undefined;
      },
      originAgreements: received ? originAgreements.get(rec.origin)! : [],
      consents: received ? await deps.sharing.shares.consents(q, rec.origin, id) : [],
    };
    const d = decide(asPolicy(rec), agreement, partner, ctx);
    if (d.decision === 'withhold') continue;
    out.set(id, d.redacted ?? (rec.object as StixObject));
  }
  return out;
}
