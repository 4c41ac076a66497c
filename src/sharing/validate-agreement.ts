/**
 * The strict validator of agreement documents (docs/sharing.md §1–2): unknown fields, wrong
 * types, overlapping or contradictory scope, impossible periods and unusable polygons are all
 * reported at once, each with a JSON pointer and a message code. Pure: the only outside knowledge
 * it needs (which admin-area codes exist) is passed in. Party registration and signatures are
 * checked by the agreement service, which knows the peers.
 */
import { fail, ok, pointer, type Issue, type Result } from '../core/errors.ts';
import type { Params } from '../i18n/i18n.ts';
import { isAlpha3 } from '../objects/countries.ts';
import { EVENT_TYPES } from '../objects/taxonomy.ts';
import { parseTimestamp } from '../objects/timestamps.ts';
import { isRecord } from '../objects/stix.ts';
import { isStixId } from '../objects/ids.ts';
import {
  AGREEMENT_FORMAT,
  HANDLING_CODES,
  PRIORITIES,
  REVOCATION_FORMAT,
  SCOPE_TYPES,
  type AgreementDocument,
  type AgreementSignature,
  type SignedRevocation,
} from './agreement.ts';
import { ringProblem } from './geometry.ts';
import { checkDropPath } from './drop-paths.ts';
import './messages.ts';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_POLYGON_POSITIONS = 5_000;
const MAX_LIST = 1_000;
const MAX_DAYS = 36_500;

export interface ValidationEnv {
  /** The country (alpha-3) of a known admin-area HASC code, or null when the code is unknown. */
  areaCountry(code: string): string | null;
}

export interface ParsedAgreementFile {
  document: AgreementDocument;
  signatures: AgreementSignature[];
  revocations: SignedRevocation[];
}

class Collector {
  readonly issues: Issue[] = [];
  add(path: string, code: string, params?: Params): void {
    this.issues.push(params ? { path, code, params } : { path, code });
  }
  /** Reports unknown keys; returns the object or null when `v` is not one. */
  obj(v: unknown, path: string, allowed: readonly string[], required: readonly string[] = []): Record<string, unknown> | null {
    if (!isRecord(v)) {
      this.add(path, 'agreement.expected_object');
      return null;
    }
    for (const k of Object.keys(v)) if (!allowed.includes(k)) this.add(pointer(path, k), 'agreement.unknown_field', { field: k });
    for (const k of required) if (!(k in v)) this.add(pointer(path, k), 'agreement.required');
    return v;
  }
  str(v: unknown, path: string, min: number, max: number): string | null {
    if (typeof v !== 'string') return this.add(path, 'agreement.expected_string'), null;
    if (v.trim().length < min || v.length > max) return this.add(path, 'agreement.bad_length', { min, max }), null;
    return v;
  }
  int(v: unknown, path: string, min: number, max: number): number | null {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return this.add(path, 'agreement.expected_integer', { min, max }), null;
    return v;
  }
  bool(v: unknown, path: string): boolean | null {
    if (typeof v !== 'boolean') return this.add(path, 'agreement.expected_boolean'), null;
    return v;
  }
  oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T | null {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      this.add(path, 'agreement.not_in_list', { value: typeof v === 'string' ? v.slice(0, 100) : JSON.stringify(v) ?? '?', values: values.join(', ') });
      return null;
    }
    return v as T;
  }
  timestamp(v: unknown, path: string): number | null {
    const p = parseTimestamp(v);
    if (!p) return this.add(path, 'agreement.bad_timestamp', { value: typeof v === 'string' ? v.slice(0, 64) : String(v) }), null;
    return p.date.getTime();
  }
  /** A non-empty list without duplicates; `item` checks each element and returns it or null. */
  list<T>(v: unknown, path: string, item: (x: unknown, p: string) => T | null, opts: { max?: number; allowEmpty?: boolean } = {}): T[] | null {
    if (!Array.isArray(v)) return this.add(path, 'agreement.expected_array'), null;
    if (v.length === 0 && !opts.allowEmpty) return this.add(path, 'agreement.empty_list'), null;
    const max = opts.max ?? MAX_LIST;
    if (v.length > max) return this.add(path, 'agreement.too_many', { max }), null;
    const seen = new Set<string>();
    const out: T[] = [];
    v.forEach((x, i) => {
      const p = pointer(path, i);
      const key = JSON.stringify(x);
      if (seen.has(key)) return this.add(p, 'agreement.duplicate', { value: typeof x === 'string' ? x : key });
      seen.add(key);
      const r = item(x, p);
      if (r !== null) out.push(r);
    });
    return out;
  }
}

const DOC_KEYS = ['format', 'id', 'version', 'title', 'description', 'parties', 'start', 'expiry', 'scope', 'handling', 'redaction', 'priority', 'narrow_ids'];
/** [FED-96] Most ids an agreement lists for narrow links (a one- or two-byte index each). */
export const MAX_NARROW_IDS = 256;
const DOC_REQUIRED = ['format', 'id', 'version', 'title', 'parties', 'start', 'expiry', 'scope', 'handling'];

/**
 * Validates an agreement document, or an exchanged file (document + `signatures` + `revocations`)
 * when `allowSignatures` is set. The signatures' cryptography is not checked here (signing.ts).
 */
export function validateAgreement(input: unknown, env: ValidationEnv, options: { allowSignatures?: boolean } = {}): Result<ParsedAgreementFile> {
  const c = new Collector();
  const keys = options.allowSignatures ? [...DOC_KEYS, 'signatures', 'revocations'] : DOC_KEYS;
  const root = c.obj(input, '', keys, DOC_REQUIRED);
  if (!root) return fail(c.issues);
  if ('format' in root && root.format !== AGREEMENT_FORMAT) {
    c.add('/format', 'agreement.bad_format', { value: String(root.format).slice(0, 100), expected: AGREEMENT_FORMAT });
  }
  if ('id' in root && (typeof root.id !== 'string' || !UUID_RE.test(root.id))) c.add('/id', 'agreement.bad_uuid', { value: String(root.id).slice(0, 100) });
  if ('version' in root) c.int(root.version, '/version', 1, 1_000_000);
  if ('title' in root) c.str(root.title, '/title', 2, 200);
  if ('description' in root) c.str(root.description, '/description', 0, 4_000);
  const parties = 'parties' in root ? c.list(root.parties, '/parties', (x, p) => uuid(c, x, p), { max: 20 }) : null;
  if (parties && Array.isArray(root.parties) && root.parties.length < 2) c.add('/parties', 'agreement.too_few_parties');
  const start = 'start' in root ? c.timestamp(root.start, '/start') : null;
  const expiry = 'expiry' in root ? c.timestamp(root.expiry, '/expiry') : null;
  if (start !== null && expiry !== null && expiry <= start) {
    c.add('/expiry', 'agreement.expiry_before_start', { start: String(root.start), expiry: String(root.expiry) });
  }
  const types = 'scope' in root ? checkScope(c, root.scope, env) : new Set<string>();
  if ('handling' in root) checkHandling(c, root.handling, parties ?? []);
  if ('redaction' in root) checkRedaction(c, root.redaction, types);
  if ('priority' in root) checkPriority(c, root.priority, isRecord(root.scope) ? root.scope : {}, types);
  // [FED-96] Records both parties hold (their identities, armed groups, REL TO markings…).
  if ('narrow_ids' in root)
    c.list(root.narrow_ids, '/narrow_ids', (x, p) => (isStixId(x) ? (x as string) : (c.add(p, 'agreement.bad_stix_id', { value: String(x).slice(0, 100) }), null)), { max: MAX_NARROW_IDS });
  if (options.allowSignatures) {
    if ('signatures' in root) checkSignatures(c, root.signatures);
    if ('revocations' in root) checkRevocations(c, root.revocations);
  }
  if (c.issues.length) return fail(c.issues);
  const { signatures, revocations, ...document } = root;
  return ok({
    document: document as unknown as AgreementDocument,
    signatures: (signatures ?? []) as AgreementSignature[],
    revocations: (revocations ?? []) as SignedRevocation[],
  });
}

function uuid(c: Collector, x: unknown, p: string): string | null {
  if (typeof x !== 'string' || !UUID_RE.test(x)) return c.add(p, 'agreement.bad_uuid', { value: String(x).slice(0, 100) }), null;
  return x;
}

function label(c: Collector, x: unknown, p: string): string | null {
  return c.str(x, p, 1, 250);
}

/** Checks the scope; returns the set of types in scope (for the checks that depend on it). */
function checkScope(c: Collector, v: unknown, env: ValidationEnv): Set<string> {
  const types = new Set<string>();
  const s = c.obj(v, '/scope', ['types', 'event_types', 'max_tlp', 'allow_unmarked', 'rel_to_required', 'labels', 'area', 'time_window', 'min_grading'], ['types', 'max_tlp', 'rel_to_required']);
  if (!s) return types;
  if ('types' in s) {
    c.list(s.types, '/scope/types', (x, p) => {
      if (x === 'marking-definition' || x === 'extension-definition') return c.add(p, 'agreement.reference_type', { value: x }), null;
      const t = c.oneOf(x, p, SCOPE_TYPES);
      if (t) types.add(t);
      return t;
    });
  }
  const incident = types.has('incident');
  if ('event_types' in s) {
    c.list(s.event_types, '/scope/event_types', (x, p) => c.oneOf(x, p, EVENT_TYPES));
    if (!incident && types.size > 0) c.add('/scope/event_types', 'agreement.needs_incident', { field: 'scope.event_types' });
  }
  if ('max_tlp' in s) {
    if (s.max_tlp === 'red') c.add('/scope/max_tlp', 'agreement.max_tlp_red');
    else c.oneOf(s.max_tlp, '/scope/max_tlp', ['clear', 'green', 'amber', 'amber+strict']);
  }
  if ('allow_unmarked' in s) c.bool(s.allow_unmarked, '/scope/allow_unmarked');
  if ('rel_to_required' in s) c.bool(s.rel_to_required, '/scope/rel_to_required');
  if ('labels' in s) {
    const l = c.obj(s.labels, '/scope/labels', ['any_of', 'none_of']);
    if (l) {
      const anyOf = 'any_of' in l ? c.list(l.any_of, '/scope/labels/any_of', (x, p) => label(c, x, p)) : [];
      if ('none_of' in l) {
        const none = c.list(l.none_of, '/scope/labels/none_of', (x, p) => label(c, x, p));
        (Array.isArray(l.none_of) ? l.none_of : []).forEach((x, i) => {
          if (none && anyOf?.includes(x as string)) c.add(`/scope/labels/none_of/${i}`, 'agreement.label_contradiction', { value: String(x) });
        });
      }
      if (!('any_of' in l) && !('none_of' in l)) c.add('/scope/labels', 'agreement.empty_list');
    }
  }
  if ('area' in s) checkArea(c, s.area, env);
  if ('time_window' in s) checkTimeWindow(c, s.time_window);
  if ('min_grading' in s) {
    const g = c.obj(s.min_grading, '/scope/min_grading', ['source_reliability', 'information_credibility']);
    if (g) {
      if ('source_reliability' in g) c.oneOf(g.source_reliability, '/scope/min_grading/source_reliability', ['A', 'B', 'C', 'D']);
      if ('information_credibility' in g) c.int(g.information_credibility, '/scope/min_grading/information_credibility', 1, 4);
      if (!('source_reliability' in g) && !('information_credibility' in g)) c.add('/scope/min_grading', 'agreement.required');
      if (!incident && types.size > 0) c.add('/scope/min_grading', 'agreement.needs_incident', { field: 'scope.min_grading' });
    }
  }
  return types;
}

function checkArea(c: Collector, v: unknown, env: ValidationEnv): void {
  const a = c.obj(v, '/scope/area', ['countries', 'admin_areas', 'polygon']);
  if (!a) return;
  if (!('countries' in a) && !('admin_areas' in a) && !('polygon' in a)) c.add('/scope/area', 'agreement.area_empty');
  const countries = new Set<string>();
  if ('countries' in a) {
    c.list(a.countries, '/scope/area/countries', (x, p) => {
      if (typeof x !== 'string' || !isAlpha3(x)) return c.add(p, 'agreement.bad_country', { value: String(x).slice(0, 20) }), null;
      countries.add(x);
      return x;
    });
  }
  if ('admin_areas' in a) {
    c.list(a.admin_areas, '/scope/area/admin_areas', (x, p) => {
      const country = typeof x === 'string' ? env.areaCountry(x) : null;
      if (country === null) return c.add(p, 'agreement.unknown_area', { value: String(x).slice(0, 20) }), null;
      if (countries.has(country)) return c.add(p, 'agreement.area_overlap', { value: String(x), country }), null;
      return x as string;
    });
  }
  if ('polygon' in a) checkPolygon(c, a.polygon, '/scope/area/polygon');
}

/** GeoJSON Polygon: closed rings of valid positions that do not obviously cross themselves. */
export function checkPolygon(c: Pick<Collector, 'add' | 'obj'>, v: unknown, path: string): void {
  const poly = c.obj(v, path, ['type', 'coordinates'], ['type', 'coordinates']);
  if (!poly) return;
  if (poly.type !== 'Polygon' || !Array.isArray(poly.coordinates) || poly.coordinates.length === 0) {
    return c.add(path, 'agreement.polygon_type');
  }
  let total = 0;
  poly.coordinates.forEach((ring: unknown, r) => {
    const rp = `${path}/coordinates/${r}`;
    if (!Array.isArray(ring)) return c.add(rp, 'agreement.polygon_type');
    total += ring.length;
    if (total > MAX_POLYGON_POSITIONS) return c.add(rp, 'agreement.polygon_too_large', { max: MAX_POLYGON_POSITIONS });
    let positionsOk = true;
    ring.forEach((pos: unknown, i) => {
      const [lon, lat] = Array.isArray(pos) ? (pos as unknown[]) : [];
      const good =
        Array.isArray(pos) && pos.length === 2 && typeof lon === 'number' && typeof lat === 'number' &&
        Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
      if (!good) {
        positionsOk = false;
        c.add(`${rp}/${i}`, 'agreement.polygon_position');
      }
    });
    if (!positionsOk) return;
    const problem = ringProblem(ring as number[][]);
    if (!problem) return;
    if (problem.kind === 'too_few') c.add(rp, 'agreement.polygon_too_few');
    else if (problem.kind === 'not_closed') c.add(`${rp}/${problem.at}`, 'agreement.polygon_not_closed');
    else if (problem.kind === 'self_intersects') c.add(`${rp}/${problem.at}`, 'agreement.polygon_self_intersects', { edge: problem.at });
    else c.add(`${rp}/${problem.at}`, 'agreement.polygon_degenerate', { at: problem.at });
  });
}

function checkTimeWindow(c: Collector, v: unknown): void {
  const w = c.obj(v, '/scope/time_window', ['last_days', 'from', 'to']);
  if (!w) return;
  const relative = 'last_days' in w;
  const absolute = 'from' in w || 'to' in w;
  if (relative && absolute) return c.add('/scope/time_window', 'agreement.time_window_ambiguous');
  if (!relative && !absolute) return c.add('/scope/time_window', 'agreement.required');
  if (relative) {
    c.int(w.last_days, '/scope/time_window/last_days', 1, MAX_DAYS);
    return;
  }
  const from = 'from' in w ? c.timestamp(w.from, '/scope/time_window/from') : null;
  const to = 'to' in w ? c.timestamp(w.to, '/scope/time_window/to') : null;
  if (from !== null && to !== null && from >= to) c.add('/scope/time_window/to', 'agreement.time_window_empty', { from: String(w.from), to: String(w.to) });
}

function checkHandling(c: Collector, v: unknown, parties: readonly string[]): void {
  const h = c.obj(v, '/handling', ['codes', 'h3_conditions', 'onward_sharing', 'retention_days'], ['codes', 'onward_sharing', 'retention_days']);
  if (!h) return;
  const codes = 'codes' in h ? c.list(h.codes, '/handling/codes', (x, p) => c.oneOf(x, p, HANDLING_CODES)) : null;
  const h3 = codes?.includes('H3') ?? false;
  if ('h3_conditions' in h) {
    c.str(h.h3_conditions, '/handling/h3_conditions', 2, 2_000);
    if (codes && !h3) c.add('/handling/h3_conditions', 'agreement.h3_conditions_without_h3');
  } else if (h3) c.add('/handling/h3_conditions', 'agreement.h3_conditions_required');
  if ('retention_days' in h) c.int(h.retention_days, '/handling/retention_days', 1, MAX_DAYS);
  if (!('onward_sharing' in h)) return;
  const o = c.obj(h.onward_sharing, '/handling/onward_sharing', ['consent', 'to'], ['consent']);
  if (!o) return;
  const consent = 'consent' in o ? c.oneOf(o.consent, '/handling/onward_sharing/consent', ['none', 'listed']) : null;
  if (consent === 'none' && 'to' in o) c.add('/handling/onward_sharing/to', 'agreement.onward_to_forbidden');
  if (consent === 'listed') {
    if (!('to' in o)) return c.add('/handling/onward_sharing/to', 'agreement.onward_to_required');
    c.list(o.to, '/handling/onward_sharing/to', (x, p) => {
      const id = uuid(c, x, p);
      if (id && parties.includes(id)) return c.add(p, 'agreement.onward_to_party', { value: id }), null;
      return id;
    });
  }
}

function checkRedaction(c: Collector, v: unknown, types: ReadonlySet<string>): void {
  const r = c.obj(v, '/redaction', ['drop_properties', 'coordinates', 'strip_free_text', 'replace_creator']);
  if (!r) return;
  const drops = 'drop_properties' in r
    ? c.list(r.drop_properties, '/redaction/drop_properties', (x, p) => {
        const problem = checkDropPath(x, types);
        if (problem) return c.add(p, problem.code, problem.params), null;
        return x as string;
      })
    : null;
  if ('coordinates' in r) {
    const co = c.obj(r.coordinates, '/redaction/coordinates', ['precision_deg', 'admin_level']);
    if (co) {
      const keys = Object.keys(co).filter((k) => k === 'precision_deg' || k === 'admin_level');
      if (keys.length !== 1) c.add('/redaction/coordinates', 'agreement.not_in_list', { value: keys.join('+') || '∅', values: 'precision_deg, admin_level' });
      if ('precision_deg' in co) {
        const p = co.precision_deg;
        if (typeof p !== 'number' || !Number.isFinite(p) || p < 0.0001 || p > 10) {
          c.add('/redaction/coordinates/precision_deg', 'agreement.expected_number', { min: 0.0001, max: 10 });
        }
      }
      if ('admin_level' in co) c.oneOf(co.admin_level, '/redaction/coordinates/admin_level', ['admin1', 'admin2']);
      if (types.size > 0 && !types.has('incident') && !types.has('location')) c.add('/redaction/coordinates', 'agreement.redaction_without_place');
    }
  }
  if ('strip_free_text' in r) c.bool(r.strip_free_text, '/redaction/strip_free_text');
  if ('replace_creator' in r) {
    c.bool(r.replace_creator, '/redaction/replace_creator');
    if (r.replace_creator === true && drops?.includes('created_by_ref')) c.add('/redaction/replace_creator', 'agreement.creator_contradiction');
  }
}

function checkPriority(c: Collector, v: unknown, scope: Record<string, unknown>, types: ReadonlySet<string>): void {
  const p = c.obj(v, '/priority', ['default', 'rules', 'bulk_after_days'], ['default']);
  if (!p) return;
  const classes = PRIORITIES.filter((x) => x !== 'BULK');
  if ('default' in p) c.oneOf(p.default, '/priority/default', classes);
  if ('bulk_after_days' in p) c.int(p.bulk_after_days, '/priority/bulk_after_days', 1, MAX_DAYS);
  if (!('rules' in p)) return;
  const labels = isRecord(scope.labels) ? scope.labels : {};
  const excluded = Array.isArray(labels.none_of) ? (labels.none_of as unknown[]) : [];
  const scopedEvents = Array.isArray(scope.event_types) ? (scope.event_types as unknown[]) : null;
  const seenLabel = new Map<string, number>();
  const seenEvent = new Map<string, number>();
  c.list(p.rules, '/priority/rules', (x, rp) => {
    const rule = c.obj(x, rp, ['labels', 'event_types', 'class'], ['class']);
    if (!rule) return null;
    const index = Number(rp.slice(rp.lastIndexOf('/') + 1));
    if ('class' in rule) c.oneOf(rule.class, `${rp}/class`, classes);
    if (!('labels' in rule) && !('event_types' in rule)) c.add(rp, 'agreement.priority_rule_empty');
    if ('labels' in rule) {
      c.list(rule.labels, `${rp}/labels`, (l, lp) => {
        const s = label(c, l, lp);
        if (s === null) return null;
        const prior = seenLabel.get(s);
        if (prior !== undefined) c.add(lp, 'agreement.priority_overlap', { value: s, rule: prior });
        else seenLabel.set(s, index);
        // A label outside any_of can still match a record carrying both; only none_of makes it unreachable.
        if (excluded.includes(s)) c.add(lp, 'agreement.priority_unreachable', { value: s });
        return s;
      });
    }
    if ('event_types' in rule) {
      c.list(rule.event_types, `${rp}/event_types`, (e, ep) => {
        const s = c.oneOf(e, ep, EVENT_TYPES);
        if (s === null) return null;
        const prior = seenEvent.get(s);
        if (prior !== undefined) c.add(ep, 'agreement.priority_overlap', { value: s, rule: prior });
        else seenEvent.set(s, index);
        if ((types.size > 0 && !types.has('incident')) || (scopedEvents && !scopedEvents.includes(s))) {
          c.add(ep, 'agreement.priority_unreachable', { value: s });
        }
        return s;
      });
    }
    return rule;
  });
}

function checkSignatures(c: Collector, v: unknown): void {
  c.list(
    v,
    '/signatures',
    (x, p) => {
      const s = c.obj(x, p, ['node_id', 'alg', 'value'], ['node_id', 'alg', 'value']);
      if (!s) return null;
      if ('node_id' in s) uuid(c, s.node_id, `${p}/node_id`);
      if ('alg' in s) c.oneOf(s.alg, `${p}/alg`, ['Ed25519']);
      if ('value' in s && (typeof s.value !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(s.value))) c.add(`${p}/value`, 'agreement.expected_string');
      return s;
    },
    { allowEmpty: true, max: 20 },
  );
}

function checkRevocations(c: Collector, v: unknown): void {
  c.list(
    v,
    '/revocations',
    (x, p) => {
      const r = c.obj(x, p, ['format', 'agreement_id', 'version', 'node_id', 'revoked_at', 'reason', 'signature'], ['format', 'agreement_id', 'version', 'node_id', 'revoked_at', 'signature']);
      if (!r) return null;
      if ('format' in r && r.format !== REVOCATION_FORMAT) c.add(`${p}/format`, 'agreement.bad_format', { value: String(r.format).slice(0, 100), expected: REVOCATION_FORMAT });
      if ('agreement_id' in r) uuid(c, r.agreement_id, `${p}/agreement_id`);
      if ('node_id' in r) uuid(c, r.node_id, `${p}/node_id`);
      if ('version' in r) c.int(r.version, `${p}/version`, 1, 1_000_000);
      if ('revoked_at' in r) c.timestamp(r.revoked_at, `${p}/revoked_at`);
      if ('reason' in r) c.str(r.reason, `${p}/reason`, 0, 1_000);
      if ('signature' in r && (typeof r.signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(r.signature))) c.add(`${p}/signature`, 'agreement.expected_string');
      return r;
    },
    { allowEmpty: true, max: 100 },
  );
}
