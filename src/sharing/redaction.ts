/**
 * Redaction before release (docs/sharing.md §5): drop named properties, coarsen coordinates to a
 * grid or to an admin-area centre, strip free text, replace the creating unit by the organisation.
 * Pure and copy-on-write: the stored record is never touched, and only what changes is copied.
 * Markings are never removed; granular-marking selectors that point at removed properties are.
 */
import { t, type Locale } from '../i18n/i18n.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID } from '../objects/sentinelle-extension.ts';
import { isRecord, type StixObject } from '../objects/stix.ts';
import { eventLabel, isEventType } from '../objects/taxonomy.ts';
import type { Redaction } from './agreement.ts';
import { dropPath } from './drop-paths.ts';
import type { Place, PolicyGeo } from './geo.ts';
import type { Reason } from './reasons.ts';
import { defineMessages } from '../i18n/i18n.ts';

export const redactionMessages = defineMessages({
  'policy.text_removed': { fr: '[texte retiré par l’accord de partage]', en: '[text removed by the sharing agreement]' },
});

/** Nominal precision (metres) given to a point moved to an admin-area centre: it says "somewhere in the area". */
export const CENTROID_PRECISION_M: Readonly<Record<'admin1' | 'admin2', number>> = { admin1: 150_000, admin2: 50_000 };
/** Metres per degree of latitude (WGS 84 mean, enough for a precision figure). */
const M_PER_DEG = 111_320;

type Obj = Record<string, unknown>;

export interface RedactionInput {
  object: StixObject;
  /** 'local' or the originator's node id: only local records get their creator replaced. */
  origin: string;
  place: Place;
  redaction: Redaction | undefined;
  /** This node's organisation identity. */
  organisationId: string;
  geo: PolicyGeo;
}

/** Number of decimals of a grid step, so snapped values print without float noise. */
function decimalsOf(step: number): number {
  const s = String(step);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Snaps a coordinate to the nearest multiple of `step` (degrees), within ±limit. */
export function snap(value: number, step: number, limit: number): number {
  const snapped = Number((Math.round(value / step) * step).toFixed(decimalsOf(step)));
  return Math.max(-limit, Math.min(limit, snapped)) || 0;
}

/** The precision (metres) of a point snapped to a grid of `step` degrees: half the cell's diagonal. */
export function gridPrecisionM(step: number): number {
  return Math.ceil(step * M_PER_DEG * Math.SQRT1_2);
}

const FREE_TEXT = ['description', 'objective', 'goals', 'abstract', 'authors'] as const;

/**
 * Applies an agreement's redaction to a record. Returns the copy (the input itself when nothing
 * changed) and the reasons describing each change.
 */
export function redact(input: RedactionInput): { object: StixObject; reasons: Reason[] } {
  const r = input.redaction;
  let obj: Obj = input.object;
  const reasons: Reason[] = [];
  if (!r) return { object: input.object, reasons };

  if (r.drop_properties?.length) {
    const dropped: string[] = [];
    for (const path of r.drop_properties) {
      const next = dropPath(obj, path);
      if (next !== obj) dropped.push(path);
      obj = next;
    }
    if (dropped.length) reasons.push({ code: 'redacted_properties_dropped', params: { properties: dropped.join(', ') } });
  }
  if (r.coordinates) {
    const res = coarsen(obj, r.coordinates, input.place, input.geo);
    obj = res.obj;
    if (res.reason) reasons.push(res.reason);
  }
  if (r.strip_free_text) {
    const res = stripFreeText(obj);
    obj = res.obj;
    if (res.stripped.length) reasons.push({ code: 'redacted_free_text_stripped', params: { properties: res.stripped.join(', ') } });
  }
  if (r.replace_creator && input.origin === 'local' && typeof obj.created_by_ref === 'string' && obj.created_by_ref !== input.organisationId) {
    obj = { ...obj, created_by_ref: input.organisationId };
    reasons.push({ code: 'redacted_creator_replaced' });
  }
  if (obj !== input.object) obj = pruneGranular(obj);
  return { object: obj as StixObject, reasons };
}

function extOf(obj: Obj): Obj | null {
  const exts = obj.extensions;
  if (!isRecord(exts)) return null;
  const ext = exts[SENTINELLE_INCIDENT_EXTENSION_ID];
  return isRecord(ext) ? ext : null;
}

function withExt(obj: Obj, ext: Obj): Obj {
  return { ...obj, extensions: { ...(obj.extensions as Obj), [SENTINELLE_INCIDENT_EXTENSION_ID]: ext } };
}

function without(o: Obj, keys: readonly string[]): Obj {
  if (!keys.some((k) => Object.hasOwn(o, k))) return o;
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** Where the point lives in this object's shape: the extension's location, or a location object's own fields. */
interface PointShape {
  lat: string;
  lon: string;
  precision: string;
  /** Names finer than an admin-1 area. */
  finerThanAdmin1: readonly string[];
  /** Names finer than any coarsened point (addresses). */
  finerThanGrid: readonly string[];
}
const EXT_SHAPE: PointShape = { lat: 'lat', lon: 'lon', precision: 'precision_m', finerThanAdmin1: ['admin2'], finerThanGrid: [] };
const LOCATION_SHAPE: PointShape = { lat: 'latitude', lon: 'longitude', precision: 'precision', finerThanAdmin1: ['city'], finerThanGrid: ['street_address', 'postal_code', 'city'] };

function coarsen(obj: Obj, how: NonNullable<Redaction['coordinates']>, place: Place, geo: PolicyGeo): { obj: Obj; reason: Reason | null } {
  const ext = extOf(obj);
  const loc = ext && isRecord(ext.location) ? ext.location : null;
  const target: Obj | null = loc ?? (obj.type === 'location' ? obj : null);
  if (!target) return { obj, reason: null };
  const shape = loc ? EXT_SHAPE : LOCATION_SHAPE;
  const next = coarsenPoint(target, shape, how, place, geo);
  if (next.value === target) return { obj, reason: null };
  const out = loc && ext ? withExt(obj, { ...ext, location: next.value }) : next.value;
  return { obj: out, reason: next.reason };
}

function coarsenPoint(p: Obj, shape: PointShape, how: NonNullable<Redaction['coordinates']>, place: Place, geo: PolicyGeo): { value: Obj; reason: Reason | null } {
  const lat = p[shape.lat];
  const lon = p[shape.lon];
  const hasPoint = typeof lat === 'number' && typeof lon === 'number';
  const prior = typeof p[shape.precision] === 'number' ? (p[shape.precision] as number) : 0;
  if ('precision_deg' in how) {
    const step = how.precision_deg;
    let value = without(p, shape.finerThanGrid);
    if (hasPoint) {
      value = { ...value, [shape.lat]: snap(lat, step, 90), [shape.lon]: snap(lon, step, 180), [shape.precision]: Math.max(prior, gridPrecisionM(step)) };
    }
    return { value, reason: value === p ? null : { code: 'redacted_coordinates_coarsened', params: { how: `${step}°` } } };
  }
  const level = how.admin_level;
  const c = hasPoint || place.admin1 || place.admin2 ? geo.centroid(level, place) : null;
  // Names finer than the level the point is moved to go too (an admin-2 name under admin-1 coarsening).
  const coarse = level === 'admin1' || c?.level === 'admin1';
  let value = without(p, coarse ? [...shape.finerThanGrid, ...shape.finerThanAdmin1] : shape.finerThanGrid);
  if (!hasPoint) {
    return { value, reason: value === p ? null : { code: 'redacted_coordinates_coarsened', params: { how: level } } };
  }
  if (!c) {
    value = without(value, [shape.lat, shape.lon, shape.precision]);
    return { value, reason: { code: 'redacted_coordinates_removed' } };
  }
  value = { ...value, [shape.lat]: round5(c.lat), [shape.lon]: round5(c.lon), [shape.precision]: Math.max(prior, CENTROID_PRECISION_M[c.level]) };
  return { value, reason: { code: 'redacted_coordinates_coarsened', params: { how: c.level } } };
}

/** Centres are printed to 5 decimals (about a metre): enough, and stable across engines. */
export function round5(v: number): number {
  return Number(v.toFixed(5));
}

function stripFreeText(obj: Obj): { obj: Obj; stripped: string[] } {
  const stripped: string[] = FREE_TEXT.filter((k) => Object.hasOwn(obj, k));
  let out = without(obj, FREE_TEXT);
  const locale: Locale = obj.lang === 'en' ? 'en' : 'fr';
  if (obj.type === 'incident' && typeof obj.name === 'string') {
    const title = neutralTitle(out, locale);
    if (title !== obj.name) {
      out = { ...out, name: title };
      stripped.push('name');
    }
  }
  if (obj.type === 'note' && typeof obj.content === 'string') {
    out = { ...out, content: t(locale, 'policy.text_removed') };
    stripped.push('content');
  }
  if (Array.isArray(obj.external_references) && obj.external_references.some((e) => isRecord(e) && 'description' in e)) {
    out = { ...out, external_references: obj.external_references.map((e: unknown) => (isRecord(e) ? without(e, ['description']) : e)) };
    stripped.push('external_references.description');
  }
  return { obj: stripped.length ? out : obj, stripped };
}

/** A title that says what and where without the reporter's words: "Embuscade — Centre-Nord, BFA, 2026-01-09". */
export function neutralTitle(obj: Obj, locale: Locale): string {
  const ext = extOf(obj);
  const type = ext?.event_type;
  const what = isEventType(type) ? eventLabel(locale, type, typeof ext?.event_subtype === 'string' ? ext.event_subtype : undefined) : t(locale, 'policy.text_removed');
  const loc = ext && isRecord(ext.location) ? ext.location : {};
  const where = [loc.admin1, loc.country].filter((x): x is string => typeof x === 'string');
  const when = typeof ext?.occurred_at === 'string' ? [ext.occurred_at.slice(0, 10)] : [];
  const tail = [...where, ...when].join(', ');
  return tail ? `${what} — ${tail}` : what;
}

/** Resolves a STIX granular-marking selector (§7.2.3.1: `a.b`, `list.[2].c`) on `obj`. */
export function selectorResolves(obj: unknown, selector: string): boolean {
  let cur: unknown = obj;
  for (const seg of selector.split('.')) {
    const m = /^\[(\d+)\]$/.exec(seg);
    if (m) {
      if (!Array.isArray(cur)) return false;
      cur = cur[Number(m[1])];
    } else {
      if (!isRecord(cur) || !Object.hasOwn(cur, seg)) return false;
      cur = cur[seg];
    }
    if (cur === undefined) return false;
  }
  return true;
}

function pruneGranular(obj: Obj): Obj {
  if (!Array.isArray(obj.granular_markings)) return obj;
  const kept = (obj.granular_markings as unknown[])
    .map((gm) => (isRecord(gm) && Array.isArray(gm.selectors) ? { ...gm, selectors: (gm.selectors as string[]).filter((s) => selectorResolves(obj, s)) } : gm))
    .filter((gm) => !isRecord(gm) || !Array.isArray(gm.selectors) || gm.selectors.length > 0);
  if (kept.length === 0) return without(obj, ['granular_markings']);
  return { ...obj, granular_markings: kept };
}
