/**
 * Derivation flags of dictionary v3 ([FED-82] of docs/sync-spec.md): properties of an incident
 * that the UCDP importer writes as a fixed function of the record's other values (its name, its
 * source line, the external reference's description, the UUIDv5 id). When a property equals
 * exactly what its rule computes from the rest of the record, the compact encoding sends one byte
 * (CBOR `true`) instead of the value, and the decoder recomputes it byte for byte; otherwise the
 * value travels as before. An encoding, not a change of the record: nothing is canonicalised.
 *
 * Frozen with dictionary v3: the formats are written out here (not imported from the importer,
 * which may change; a changed importer simply stops matching and its texts travel as text), and
 * derivations-v3.test.ts pins each rule's output. A rule only reads values that are not derived
 * or are derived by an earlier rule, so the decoder can fill them in order.
 */
import { createHash } from 'node:crypto';

type Json = null | boolean | number | string | Uint8Array | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const INCIDENT_EXT = 'extension-definition--2f0e5c1a-7b3d-4c1e-9a6f-5d8e4b3c2a10';
/** Namespace of the UUIDv5 ids Sentinelle's importers give (src/objects/ids.ts, frozen here). */
const NAMESPACE = Buffer.from('6f3c2b1e94d74a588e217c0b5d9a3f64', 'hex');

/** UCDP type-of-violence label → GED code and the importer's short French name. */
const TOV: Readonly<Record<string, { code: number; short: string }>> = {
  'state-based': { code: 1, short: 'Conflit étatique' },
  'non-state': { code: 2, short: 'Conflit non étatique' },
  'one-sided': { code: 3, short: 'Violence contre des civils' },
};

/** A place in the record that a rule may derive: the object holding it and the property name. */
export interface Target {
  parent: Obj;
  key: string;
}

export interface Rule {
  /** Where the derived value sits, from the incident; undefined when the record has no such place. */
  at: (incident: Obj) => Target | undefined;
  /** The value the rule computes from the rest of the record; undefined when it cannot. */
  derive: (incident: Obj) => string | undefined;
}

function obj(v: Json | undefined): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array)
    ? v
    : undefined;
}

function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function ext(incident: Obj): Obj | undefined {
  return obj(obj(incident.extensions)?.[INCIDENT_EXT]);
}

function sourceOf(incident: Obj): Obj | undefined {
  return obj(ext(incident)?.source);
}

function firstExternalRef(incident: Obj): Obj | undefined {
  const refs = incident.external_references;
  return Array.isArray(refs) && refs.length === 1 ? obj(refs[0]) : undefined;
}

/** The day (YYYY-MM-DD) of an RFC 3339 timestamp text. */
function day(v: Json | undefined): string | undefined {
  const s = str(v);
  return s !== undefined && /^\d{4}-\d{2}-\d{2}T/.test(s) ? s.slice(0, 10) : undefined;
}

function tovOf(incident: Obj): { code: number; short: string } | undefined {
  const labels = incident.labels;
  if (!Array.isArray(labels) || labels.length !== 2 || labels[0] !== 'ucdp') return undefined;
  const label = str(labels[1]);
  return label !== undefined ? TOV[label] : undefined;
}

function finiteNumber(v: Json | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** `ged-row:<day>|<lat>|<lon>|<type>|<deaths>#1` (first row of that key) or `ged:<GED id>`. */
function reference(incident: Obj): string | undefined {
  const gedId = str(firstExternalRef(incident)?.external_id);
  if (gedId !== undefined) return `ged:${gedId}`;
  const e = ext(incident);
  const loc = obj(e?.location);
  const lat = finiteNumber(loc?.lat);
  const lon = finiteNumber(loc?.lon);
  const date = day(e?.occurred_at);
  const tov = tovOf(incident);
  const f = obj(e?.fatalities);
  if (lat === undefined || lon === undefined || date === undefined || !tov || !f) return undefined;
  let best = 0;
  for (const v of Object.values(f)) {
    const n = finiteNumber(v);
    if (n === undefined) return undefined;
    best += n;
  }
  return `ged-row:${date}|${String(lat)}|${String(lon)}|${tov.code}|${best}#1`;
}

function uuidV5(type: string, name: string): string {
  const b = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${type}--${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The rules of dictionary v3, in the order the decoder applies them (a rule may read what an
 * earlier one derived: the source line first, since the id and the description restate it).
 */
export const RULES_V3: readonly Rule[] = Object.freeze([
  // The source line of the incident extension.
  {
    at: (i) => {
      const s = sourceOf(i);
      return s && typeof s.reference === 'string' ? { parent: s, key: 'reference' } : undefined;
    },
    derive: reference,
  },
  // The external reference's description restates the source line.
  {
    at: (i) => {
      const r = firstExternalRef(i);
      return r && typeof r.description === 'string' ? { parent: r, key: 'description' } : undefined;
    },
    derive: (i) => {
      const ref = str(sourceOf(i)?.reference);
      return ref === undefined ? undefined : `Ligne du sous-ensemble partagé (${ref})`;
    },
  },
  // The id: UUIDv5 of the GED id or of the row key, as the importer names them.
  {
    at: (i) => (typeof i.id === 'string' ? { parent: i, key: 'id' } : undefined),
    derive: (i) => {
      const ref = str(sourceOf(i)?.reference);
      if (ref === undefined || i.type !== 'incident') return undefined;
      if (ref.startsWith('ged:')) return uuidV5('incident', `ucdp-ged:${ref.slice(4)}`);
      if (ref.startsWith('ged-row:')) return uuidV5('incident', `ucdp-ged-row:${ref.slice(8)}`);
      return undefined;
    },
  },
  // The name: "<type> — <place>, <country> (<day>)".
  {
    at: (i) => (typeof i.name === 'string' ? { parent: i, key: 'name' } : undefined),
    derive: (i) => {
      const tov = tovOf(i);
      const loc = obj(ext(i)?.location);
      const country = str(loc?.country);
      const date = day(i.created);
      if (!tov || country === undefined || date === undefined) return undefined;
      const place = str(loc?.admin2) ?? str(loc?.admin1);
      return `${tov.short} — ${place ? `${place}, ` : ''}${country} (${date})`;
    },
  },
]);

/** The incident a frame's derivations apply to: the value itself, or the object of an item. */
export function incidentOf(value: Json): Obj | undefined {
  const v = obj(value);
  if (v?.type === 'incident') return v;
  const o = obj(v?.object);
  return o?.type === 'incident' ? o : undefined;
}

/**
 * Encoder: the places of `value` whose value equals its rule's output (object → property names).
 * Each rule is checked against the record as it is (which is what the decoder will rebuild).
 */
export function derivable(value: Json, rules: readonly Rule[]): Map<object, Set<string>> {
  const out = new Map<object, Set<string>>();
  const incident = incidentOf(value);
  if (!incident) return out;
  for (const rule of rules) {
    const t = rule.at(incident);
    if (!t) continue;
    const v = rule.derive(incident);
    if (v === undefined || t.parent[t.key] !== v) continue;
    let keys = out.get(t.parent);
    if (!keys) out.set(t.parent, (keys = new Set()));
    keys.add(t.key);
  }
  return out;
}

/**
 * Decoder: fills every flagged place, in rule order. Returns false when a flag sits where no rule
 * applies or a rule cannot compute its value (the frame is then malformed).
 */
export function applyDerivations(value: Json, marks: readonly Target[], rules: readonly Rule[]): boolean {
  if (marks.length === 0) return true;
  const incident = incidentOf(value);
  if (!incident) return false;
  const left = new Set(marks);
  for (const rule of rules) {
    const t = rule.at(incident);
    if (!t) continue;
    const mark = [...left].find((m) => m.parent === t.parent && m.key === t.key);
    if (!mark) continue;
    left.delete(mark);
    const v = rule.derive(incident);
    if (v === undefined) return false;
    t.parent[t.key] = v;
  }
  return left.size === 0;
}
