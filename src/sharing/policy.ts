/**
 * The policy engine (docs/sharing.md §4–7): the one place where Sentinelle decides whether a
 * record version goes to a partner under an agreement, and in which form. Pure and deterministic:
 * everything it looks at is passed in (record, agreement and its status, partner, time, geo
 * helper, related records, the originator's onward-sharing terms), so the federation sender, the
 * TAXII views, exports and the UI all get the same answer for the same inputs.
 */
import { TLP_ORDER, tlpOfMarkingId, parseRelTo, builtinMarking } from '../objects/markings.ts';
import { SENTINELLE_IDENTITY_ID, SENTINELLE_INCIDENT_EXTENSION_ID } from '../objects/sentinelle-extension.ts';
import type { IndexFields } from '../objects/index-fields.ts';
import { isRecord, type StixObject } from '../objects/stix.ts';
import type { AgreementInForce, Priority } from './agreement.ts';
import { compile, DAY_MS, priorityOf, type CompiledAgreement } from './compiled.ts';
import { pointInClosedPolygon } from './geometry.ts';
import type { Place, PolicyGeo } from './geo.ts';
import { redact } from './redaction.ts';
import type { Reason } from './reasons.ts';

export type Decision = 'release' | 'release-redacted' | 'withhold';

/** A record version as the engine sees it: the object, what the store indexes about it, and where it came from. */
export interface PolicyRecord {
  object: StixObject;
  fields: IndexFields;
  /** 'local', or the node id of the originator for a received record (kept as received). */
  origin: string;
}

export interface PolicyPartner {
  nodeId: string;
  /** ISO 3166-1 alpha-3, matched against `REL TO` markings. */
  country: string;
}

/** The originator's consent, received with or after its record, to pass that record on to `to`. */
export interface OnwardConsent {
  originator: string;
  recordId: string;
  to: string;
}

export interface PolicyContext {
  self: { nodeId: string; identityId: string };
  now: Date | number;
  geo: PolicyGeo;
  /** Records this one refers to (relationship ends, actor_refs, object_refs, marking-definitions). */
  related?: (id: string) => PolicyRecord | undefined;
  /** For a received record: the agreements between its originator and this node, with their status. */
  originAgreements?: readonly AgreementInForce[];
  /** For a received record: per-record consents from its originator. */
  consents?: readonly OnwardConsent[];
}

export interface PolicyDecision {
  decision: Decision;
  /** Withholding reasons when withheld; otherwise what qualified the record and what redaction did. */
  reasons: Reason[];
  priority: Priority;
  /** The copy to send, when it differs from the stored record (release-redacted). */
  redacted?: StixObject;
  agreement: { id: string; version: number };
}

const TLP_NAME = (tlp: string) => tlp.toUpperCase();
const PLACED_TYPES = new Set(['incident', 'location']);

/** Marking and extension definitions, and the identities records point at as their creator. */
function isReferenceData(obj: StixObject, selfIdentity: string): boolean {
  return obj.type === 'marking-definition' || obj.type === 'extension-definition' || obj.id === selfIdentity || obj.id === SENTINELLE_IDENTITY_ID;
}

function extOf(obj: StixObject): Record<string, unknown> | null {
  const ext = obj.extensions?.[SENTINELLE_INCIDENT_EXTENSION_ID];
  return isRecord(ext) ? ext : null;
}

function placeOf(f: IndexFields): Place {
  return { country: f.country, admin1: f.admin1, admin2: f.admin2, lat: f.lat, lon: f.lon };
}

/**
 * What the engine derives from a record whatever the agreement (event time, event type, admin
 * areas), computed once per record object: three agreements cost one point-in-polygon search.
 * A cache keyed by the input object's identity cannot change any result.
 */
interface Derived {
  evMs: number | null;
  eventType: string | null;
  areas: readonly string[] | null;
}
const derivedMemo = new WeakMap<PolicyRecord, Derived>();
function derived(rec: PolicyRecord): Derived {
  let d = derivedMemo.get(rec);
  if (!d) {
    const ext = rec.fields.type === 'incident' ? extOf(rec.object) : null;
    const t = rec.fields.eventTime === null ? NaN : Date.parse(rec.fields.eventTime);
    d = { evMs: Number.isNaN(t) ? null : t, eventType: typeof ext?.event_type === 'string' ? ext.event_type : null, areas: null };
    derivedMemo.set(rec, d);
  }
  return d;
}
function areasOf(rec: PolicyRecord, geo: PolicyGeo): readonly string[] {
  const d = derived(rec);
  d.areas ??= geo.areasOf(placeOf(rec.fields));
  return d.areas;
}

/**
 * Decides whether `record` goes to `partner` under `agreement`, and in which form. Every
 * withholding reason found is reported (not just the first), in a fixed order.
 */
export function decide(record: PolicyRecord, agreement: AgreementInForce, partner: PolicyPartner, ctx: PolicyContext): PolicyDecision {
  return decideAt(record, agreement, partner, ctx, 0);
}

function decideAt(record: PolicyRecord, agreement: AgreementInForce, partner: PolicyPartner, ctx: PolicyContext, depth: number): PolicyDecision {
  const c = compile(agreement.document);
  const doc = c.doc;
  const nowMs = typeof ctx.now === 'number' ? ctx.now : ctx.now.getTime();
  const obj = record.object;
  const f = record.fields;
  const { eventType, evMs } = derived(record);
  const priority = priorityOf(c, f.labels, eventType, evMs, nowMs);
  const withhold: Reason[] = [];
  const info: Reason[] = [];

  agreementChecks(c, agreement, partner, nowMs, withhold);
  if (record.origin !== 'local') onwardCheck(record, partner, ctx, nowMs, withhold, info);
  if (f.revoked) withhold.push({ code: 'record_revoked' });

  const ref = { id: doc.id, version: doc.version };
  if (isReferenceData(obj, ctx.self.identityId)) {
    if (withhold.length) return { decision: 'withhold', reasons: withhold, priority, agreement: ref };
    return { decision: 'release', reasons: [{ code: 'reference_data' }, ...info], priority, agreement: ref };
  }

  scopeChecks(c, record, partner, ctx, nowMs, eventType, evMs, withhold);

  // References are judged only for an otherwise releasable record, one level deep.
  let refRemoval: { obj: StixObject; removed: string[] } | null = null;
  if (withhold.length === 0 && depth === 0) {
    const judged = judgeRefs(record, agreement, partner, ctx, withhold);
    if (judged.removed.length) refRemoval = judged;
  }
  if (withhold.length) return { decision: 'withhold', reasons: withhold, priority, agreement: ref };

  const base = refRemoval ? refRemoval.obj : obj;
  const red = redact({ object: base, origin: record.origin, place: placeOf(f), redaction: doc.redaction, organisationId: ctx.self.identityId, geo: ctx.geo });
  const reasons: Reason[] = [{ code: 'in_scope', params: { agreement: doc.title, version: doc.version } }, ...info];
  if (refRemoval) reasons.push({ code: 'redacted_refs_removed', params: { refs: refRemoval.removed.join(', ') } });
  reasons.push(...red.reasons);
  if (red.object === obj) return { decision: 'release', reasons, priority, agreement: ref };
  return { decision: 'release-redacted', reasons, priority, redacted: red.object, agreement: ref };
}

function agreementChecks(c: CompiledAgreement, a: AgreementInForce, partner: PolicyPartner, nowMs: number, out: Reason[]): void {
  const st = a.status;
  if (!c.doc.parties.includes(partner.nodeId)) out.push({ code: 'partner_not_party' });
  if (st.unregistered.length) out.push({ code: 'agreement_party_unregistered', params: { parties: st.unregistered.join(', ') } });
  else if (!st.signed) out.push({ code: 'agreement_unsigned', params: { missing: st.missing.join(', ') } });
  if (st.revoked) out.push({ code: 'agreement_revoked', params: { by: st.revokedBy.join(', ') } });
  if (st.superseded) out.push({ code: 'agreement_superseded' });
  // Effective on [start, expiry): at the exact expiry instant it no longer is.
  if (nowMs < c.startMs) out.push({ code: 'agreement_not_started', params: { start: c.doc.start } });
  if (nowMs >= c.expiryMs) out.push({ code: 'agreement_expired', params: { expiry: c.doc.expiry } });
}

/** True when an agreement in force between the originator and this node lets its records go on to `to`. */
function originConsents(originAgreements: readonly AgreementInForce[], originator: string, to: string, nowMs: number): boolean {
  return originAgreements.some((a) => {
    const c = compile(a.document);
    const st = a.status;
    const inForce = st.signed && !st.revoked && !st.superseded && st.unregistered.length === 0 && nowMs >= c.startMs && nowMs < c.expiryMs;
    const o = a.document.handling.onward_sharing;
    return inForce && a.document.parties.includes(originator) && o.consent === 'listed' && o.to.includes(to);
  });
}

function onwardCheck(record: PolicyRecord, partner: PolicyPartner, ctx: PolicyContext, nowMs: number, withhold: Reason[], info: Reason[]): void {
  const origin = record.origin;
  if (origin === partner.nodeId) {
    withhold.push({ code: 'origin_is_partner' });
    return;
  }
  const perRecord = (ctx.consents ?? []).some((k) => k.originator === origin && k.recordId === record.object.id && k.to === partner.nodeId);
  if (perRecord || originConsents(ctx.originAgreements ?? [], origin, partner.nodeId, nowMs)) {
    info.push({ code: 'onward_consented', params: { origin } });
  } else {
    withhold.push({ code: 'onward_without_consent', params: { origin } });
  }
}

function scopeChecks(
  c: CompiledAgreement,
  record: PolicyRecord,
  partner: PolicyPartner,
  ctx: PolicyContext,
  nowMs: number,
  eventType: string | null,
  evMs: number | null,
  out: Reason[],
): void {
  const f = record.fields;
  const obj = record.object;
  const s = c.doc.scope;
  if (!c.types.has(f.type)) out.push({ code: 'type_out_of_scope', params: { type: f.type } });

  // TLP equal to the maximum is released; above it is not (TLP_ORDER, least restrictive first).
  if (f.tlp === null) {
    if (!s.allow_unmarked) out.push({ code: 'tlp_missing' });
  } else if (TLP_ORDER.indexOf(f.tlp) > c.maxTlpRank) {
    out.push({ code: 'tlp_above_max', params: { tlp: TLP_NAME(f.tlp), max: TLP_NAME(s.max_tlp) } });
  }
  // A REL TO statement always binds, whatever the agreement says.
  if (f.relTo.length > 0) {
    if (!f.relTo.includes(partner.country)) out.push({ code: 'rel_to_excludes_partner', params: { rel_to: f.relTo.join(', '), country: partner.country } });
  } else if (s.rel_to_required) out.push({ code: 'rel_to_missing' });
  granularCheck(c, obj, partner, ctx, out);

  if (c.anyOf && !f.labels.some((l) => c.anyOf!.has(l))) out.push({ code: 'label_missing', params: { labels: [...c.anyOf].join(', ') } });
  if (c.noneOf) {
    const bad = f.labels.find((l) => c.noneOf!.has(l));
    if (bad !== undefined) out.push({ code: 'label_excluded', params: { label: bad } });
  }
  if (c.eventTypes && f.type === 'incident' && (eventType === null || !c.eventTypes.has(eventType))) {
    out.push({ code: 'event_type_out_of_scope', params: { event_type: eventType ?? '?' } });
  }
  if (c.area && PLACED_TYPES.has(f.type)) areaCheck(c, record, ctx.geo, out);
  if (c.window && evMs !== null && f.eventTime !== null) windowCheck(c, f.eventTime, evMs, nowMs, out);
  if (f.type === 'incident' && (c.minReliability !== null || c.minCredibility !== null)) gradingCheck(c, extOf(obj), out);
}

function granularCheck(c: CompiledAgreement, obj: StixObject, partner: PolicyPartner, ctx: PolicyContext, out: Reason[]): void {
  for (const gm of obj.granular_markings ?? []) {
    const ref = gm.marking_ref;
    if (ref === undefined) continue; // a language marking
    const tlp = tlpOfMarkingId(ref);
    if (tlp !== null) {
      if (TLP_ORDER.indexOf(tlp) > c.maxTlpRank) out.push({ code: 'granular_marking_exceeds', params: { marking: `TLP:${TLP_NAME(tlp)}` } });
      continue;
    }
    const def = builtinMarking(ref) ?? ctx.related?.(ref)?.object;
    const rel = def ? parseRelTo(def) : null;
    // An unknown marking, or a REL TO leaving the partner out, cannot be honoured by releasing.
    if (!def || (rel !== null && !rel.includes(partner.country))) out.push({ code: 'granular_marking_exceeds', params: { marking: ref } });
  }
}

function areaCheck(c: CompiledAgreement, record: PolicyRecord, geo: PolicyGeo, out: Reason[]): void {
  const f = record.fields;
  const area = c.area!;
  const hasPoint = f.lat !== null && f.lon !== null;
  if (f.country === null && !hasPoint) {
    out.push({ code: 'location_unknown' });
    return;
  }
  if (f.country !== null && area.countries.has(f.country)) return;
  if (hasPoint && area.polygon) {
    const b = area.polygon.box;
    // The agreed polygon is closed: a point on its border is inside (docs/sharing.md §4).
    if (f.lon! >= b.minLon && f.lon! <= b.maxLon && f.lat! >= b.minLat && f.lat! <= b.maxLat && pointInClosedPolygon(area.polygon.rings, f.lon!, f.lat!)) return;
  }
  if (area.areas.size > 0 && areasOf(record, geo).some((code) => area.areas.has(code))) return;
  const place = [f.country, f.admin1, f.admin2].filter(Boolean).join(', ') + (hasPoint ? ` (${f.lat}, ${f.lon})` : '');
  out.push({ code: 'area_outside', params: { place } });
}

function windowCheck(c: CompiledAgreement, eventTime: string, evMs: number, nowMs: number, out: Reason[]): void {
  const w = c.window!;
  if ('lastDays' in w) {
    // Inclusive: an event exactly `last_days` old is still in the window.
    const fromMs = nowMs - w.lastDays * DAY_MS;
    if (evMs < fromMs) out.push({ code: 'before_time_window', params: { event_time: eventTime, from: new Date(fromMs).toISOString() } });
    return;
  }
  // [from, to): from inclusive, to exclusive.
  if (w.fromMs !== null && evMs < w.fromMs) out.push({ code: 'before_time_window', params: { event_time: eventTime, from: new Date(w.fromMs).toISOString() } });
  if (w.toMs !== null && evMs >= w.toMs) out.push({ code: 'after_time_window', params: { event_time: eventTime, to: new Date(w.toMs).toISOString() } });
}

function gradingCheck(c: CompiledAgreement, ext: Record<string, unknown> | null, out: Reason[]): void {
  const rel = typeof ext?.source_reliability === 'string' ? ext.source_reliability : 'X';
  const cred = typeof ext?.information_credibility === 'number' ? ext.information_credibility : 9;
  // X (cannot be judged) never meets a minimum: it is not known to be good enough.
  const relRank = 'ABCD'.indexOf(rel);
  const relBad = c.minReliability !== null && (relRank < 0 || relRank > c.minReliability);
  const credBad = c.minCredibility !== null && cred > c.minCredibility;
  if (relBad || credBad) {
    const min = `${c.doc.scope.min_grading?.source_reliability ?? '*'}${c.doc.scope.min_grading?.information_credibility ?? '*'}`;
    out.push({ code: 'grading_below_minimum', params: { grading: `${rel}${cred === 9 ? '?' : cred}`, minimum: min } });
  }
}

/** Single references the record cannot do without, and lists it can be released without some of. */
const REQUIRED_REFS: Readonly<Record<string, readonly string[]>> = { relationship: ['source_ref', 'target_ref'], sighting: ['sighting_of_ref'] };
const LIST_REFS: Readonly<Record<string, readonly string[]>> = {
  report: ['object_refs'],
  grouping: ['object_refs'],
  note: ['object_refs'],
  sighting: ['where_sighted_refs', 'observed_data_refs'],
};
/** Lists that must stay non-empty (STIX 2.1 §4.5, §4.13, §4.14). */
const NON_EMPTY = new Set(['report.object_refs', 'grouping.object_refs', 'note.object_refs']);

function judgeRefs(record: PolicyRecord, agreement: AgreementInForce, partner: PolicyPartner, ctx: PolicyContext, out: Reason[]): { obj: StixObject; removed: string[] } {
  const obj = record.object;
  const releasable = (id: string): boolean => {
    const target = ctx.related?.(id);
    if (target === undefined) return false;
    // A record the partner itself sent: naming it discloses nothing ([FED-36], notes flow back).
    if (target.origin === partner.nodeId) return true;
    return decideAt(target, agreement, partner, ctx, 1).decision !== 'withhold';
  };
  for (const prop of REQUIRED_REFS[obj.type] ?? []) {
    const id = obj[prop];
    if (typeof id === 'string' && !releasable(id)) out.push({ code: 'endpoint_not_shareable', params: { ref: id } });
  }
  let next: Record<string, unknown> = obj;
  const removed: string[] = [];
  const filterList = (list: unknown): unknown[] | null => {
    if (!Array.isArray(list)) return null;
    const kept = list.filter((id) => typeof id !== 'string' || releasable(id));
    for (const id of list) if (!kept.includes(id)) removed.push(String(id));
    return kept.length === list.length ? null : kept;
  };
  for (const prop of LIST_REFS[obj.type] ?? []) {
    const kept = filterList(obj[prop]);
    if (kept === null) continue;
    if (kept.length === 0 && NON_EMPTY.has(`${obj.type}.${prop}`)) {
      out.push({ code: 'refs_not_shareable' });
      continue;
    }
    if (kept.length === 0) {
      const { [prop]: _gone, ...rest } = next;
      next = rest;
    } else next = { ...next, [prop]: kept };
  }
  const ext = extOf(obj);
  if (ext && Array.isArray(ext.actor_refs)) {
    const kept = filterList(ext.actor_refs);
    if (kept !== null) {
      const { actor_refs: _a, ...rest } = ext;
      const newExt = kept.length ? { ...rest, actor_refs: kept } : rest;
      next = { ...next, extensions: { ...obj.extensions, [SENTINELLE_INCIDENT_EXTENSION_ID]: newExt } };
    }
  }
  return { obj: next as StixObject, removed };
}

/**
 * Objects a released copy needs the partner to hold to be understood: its non-built-in
 * marking-definitions and its creator identity. The federation sends them first (each of them
 * decided by the engine too: marking-definitions and the organisation's identity are reference data).
 */
export function dependenciesOf(obj: StixObject): string[] {
  const out = new Set<string>();
  for (const ref of obj.object_marking_refs ?? []) if (!builtinMarking(ref)) out.add(ref);
  for (const gm of obj.granular_markings ?? []) if (gm.marking_ref && !builtinMarking(gm.marking_ref)) out.add(gm.marking_ref);
  if (typeof obj.created_by_ref === 'string') out.add(obj.created_by_ref);
  return [...out].sort();
}

const RANK: Readonly<Record<Decision, number>> = { release: 0, 'release-redacted': 1, withhold: 2 };
const PRIORITY_ORDER: Readonly<Record<Priority, number>> = { FLASH: 0, IMMEDIATE: 1, ROUTINE: 2, BULK: 3 };

/**
 * Several agreements with one partner: the most permissive decision wins (release, then
 * release-redacted, then withhold), then the most urgent priority, then the smallest agreement id
 * and the highest version (docs/sharing.md §6). The record travels once, under the winner.
 */
export function combineDecisions(decisions: readonly PolicyDecision[]): PolicyDecision | null {
  let best: PolicyDecision | null = null;
  for (const d of decisions) {
    if (!best) {
      best = d;
      continue;
    }
    const key = (x: PolicyDecision): [number, number, string, number] => [RANK[x.decision], PRIORITY_ORDER[x.priority], x.agreement.id, -x.agreement.version];
    const [a, b] = [key(d), key(best)];
    const better = a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] !== b[2] ? a[2] < b[2] : a[3] < b[3];
    if (better) best = d;
  }
  return best;
}
