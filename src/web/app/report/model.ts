/**
 * The incident report form as data: its fields as typed, the STIX incident they become (with the
 * Sentinelle extension, src/objects/sentinelle-extension.ts), the form filled back from a stored
 * incident for an edit, and which field a problem's JSON pointer (errors[].pointer) belongs to.
 * The browser checks only what it must to build JSON (coordinates, date); the node validates the
 * rest and its messages, in the user's language, are shown beside the fields.
 */
import type { StixObject, RecordMeta } from '../api.ts';
import {
  CASUALTY_CATEGORIES,
  EXT_ID,
  TLP1_IDS,
  TLP2_IDS,
  type CasualtyCategory,
  type TimePrecision,
  type Tlp,
} from '../constants.ts';
import { parseCoordinate } from '../geo/coords.ts';
import type { Locale, MessageKey } from '../i18n.ts';
import { extensionOf } from '../data/incidents.ts';

export type Casualties = Record<CasualtyCategory, string>;

export interface ReportForm {
  /**
   * The record's id: '' for a new report, whose id the node mints ([FED-94]) and answers; the
   * stored id for an edit. A draft saved before [FED-104] keeps the id the browser drew then.
   */
  id: string;
  /**
   * New reports ([FED-104]): a random token sent as the Idempotency-Key header, so a report
   * re-sent after a network failure is never stored twice. Absent in edits and older drafts.
   */
  idempotencyKey?: string;
  name: string;
  eventType: string;
  eventSubtype: string;
  lat: string;
  lon: string;
  precisionM: string;
  country: string;
  admin1: string;
  admin2: string;
  /** `<input type="datetime-local">` value, in the device's time zone. */
  occurredAt: string;
  timePrecision: TimePrecision;
  fatalities: Casualties;
  injured: Casualties;
  actors: { id: string; name: string }[];
  description: string;
  lang: Locale;
  reliability: string;
  credibility: string;
  tlp: Tlp;
  relTo: string[];
  flash: boolean;
}

export type FieldKey =
  | 'name'
  | 'eventType'
  | 'eventSubtype'
  | 'lat'
  | 'lon'
  | 'precisionM'
  | 'country'
  | 'admin1'
  | 'occurredAt'
  | 'timePrecision'
  | `fatalities.${CasualtyCategory}`
  | `injured.${CasualtyCategory}`
  | 'actors'
  | 'description'
  | 'lang'
  | 'reliability'
  | 'credibility'
  | 'tlp'
  | 'relTo'
  | 'flash';

const noCasualties = (): Casualties => ({ security_forces: '', civilians: '', assailants: '', unknown: '' });

/** A random UUIDv4 (from getRandomValues: randomUUID needs a secure context). */
function randomUuid(random: (bytes: Uint8Array) => Uint8Array): string {
  const b = random(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** [FED-104] A new report's idempotency key: a random UUIDv4 (the node mints the record's id). */
export function newIdempotencyKey(random: (bytes: Uint8Array) => Uint8Array): string {
  return randomUuid(random);
}

/** What names a report in the draft outbox: its idempotency key, or the id of a pre-[FED-104] draft. */
export function reportKey(f: Pick<ReportForm, 'id' | 'idempotencyKey'>): string {
  return f.idempotencyKey ?? f.id;
}

/** `YYYY-MM-DDTHH:mm` in the device's time zone, as datetime-local inputs want it. */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A new report: no id yet (the node mints it), and the idempotency key its sends carry. */
export function emptyForm(idempotencyKey: string, locale: Locale, now: Date, country = ''): ReportForm {
  return {
    id: '',
    idempotencyKey,
    name: '',
    eventType: '',
    eventSubtype: '',
    lat: '',
    lon: '',
    precisionM: '1000',
    country,
    admin1: '',
    admin2: '',
    occurredAt: toLocalInput(now),
    timePrecision: 'hour',
    fatalities: noCasualties(),
    injured: noCasualties(),
    actors: [],
    description: '',
    lang: locale,
    reliability: '',
    credibility: '',
    tlp: 'amber',
    relTo: [],
    flash: false,
  };
}

/** What the browser cannot turn into JSON: unreadable coordinates or date. */
export function clientErrors(f: ReportForm): Partial<Record<FieldKey, MessageKey>> {
  const out: Partial<Record<FieldKey, MessageKey>> = {};
  for (const axis of ['lat', 'lon'] as const) {
    const r = parseCoordinate(f[axis], axis);
    if (!r.ok && r.reason !== 'empty')
      out[axis] = r.reason === 'hemisphere' ? 'report.err.hemisphere' : 'report.err.coord_syntax';
  }
  if (f.lat.trim() === '' && f.lon.trim() !== '') out.lat = 'report.err.required';
  if (f.lon.trim() === '' && f.lat.trim() !== '') out.lon = 'report.err.required';
  if (f.occurredAt && Number.isNaN(new Date(f.occurredAt).getTime())) out.occurredAt = 'report.err.date';
  return out;
}

const intOrText = (s: string): number | string => (/^\s*\d+\s*$/.test(s) ? Number(s) : s.trim());

function casualties(c: Casualties): Record<string, number | string> | undefined {
  const entries = CASUALTY_CATEGORIES.filter((k) => c[k].trim() !== '').map(
    (k) => [k, intOrText(c[k])] as const,
  );
  return entries.length ? Object.fromEntries(entries) : undefined;
}

const FLASH_LABELS = /^(flash|priority:flash)$/i;

/**
 * The STIX incident of a form. `previous` is the stored object when editing: its other
 * properties (source, materiel, notes of other tools…) are kept. `markingRefs` are the
 * releasability markings to add to the TLP one; `keptRefs` other markings of the previous version.
 */
export function buildIncident(
  f: ReportForm,
  relToRefs: readonly string[],
  previous?: StixObject,
  keptRefs: readonly string[] = [],
): Record<string, unknown> {
  const prevExt = (previous ? extensionOf(previous) : undefined) ?? {};
  const lat = parseCoordinate(f.lat, 'lat');
  const lon = parseCoordinate(f.lon, 'lon');
  const location: Record<string, unknown> = { ...(prevExt.location ?? {}), country: f.country };
  delete location.lat;
  delete location.lon;
  delete location.precision_m;
  delete location.admin1;
  delete location.admin2;
  if (lat.ok && lon.ok)
    Object.assign(location, { lat: lat.value, lon: lon.value, precision_m: Number(f.precisionM) });
  if (f.admin1) location.admin1 = f.admin1;
  if (f.admin2) location.admin2 = f.admin2;
  const ext: Record<string, unknown> = {
    ...prevExt,
    extension_type: 'property-extension',
    event_type: f.eventType || undefined,
    event_subtype: f.eventSubtype || undefined,
    occurred_at: f.occurredAt ? new Date(f.occurredAt).toISOString() : undefined,
    time_precision: f.timePrecision,
    location,
    fatalities: casualties(f.fatalities),
    injured: casualties(f.injured),
    actor_refs: f.actors.length ? f.actors.map((a) => a.id) : undefined,
    source_reliability: f.reliability || undefined,
    information_credibility: f.credibility ? Number(f.credibility) : undefined,
  };
  for (const k of Object.keys(ext)) if (ext[k] === undefined) delete ext[k];
  const otherLabels = (previous?.labels ?? []).filter((l) => !FLASH_LABELS.test(l));
  const labels = f.flash ? [...otherLabels, 'flash'] : otherLabels;
  const out: Record<string, unknown> = {
    ...(previous ?? {}),
    type: 'incident',
    id: f.id || undefined,
    name: f.name.trim(),
    description: f.description.trim() || undefined,
    lang: f.lang,
    labels: labels.length ? labels : undefined,
    object_marking_refs: [TLP2_IDS[f.tlp], ...relToRefs, ...keptRefs],
    extensions: { ...(previous?.extensions ?? {}), [EXT_ID]: ext },
  };
  delete out.modified;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** The form of a stored incident (for an edit). */
export function formFromIncident(
  o: StixObject,
  meta: RecordMeta,
  names: ReadonlyMap<string, string>,
): ReportForm {
  const ext = extensionOf(o) ?? {};
  const loc = ext.location;
  const cas = (c: Partial<Record<CasualtyCategory, number>> | undefined): Casualties => {
    const out = noCasualties();
    for (const k of CASUALTY_CATEGORIES) if (c?.[k] !== undefined) out[k] = String(c[k]);
    return out;
  };
  const refs = Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as string[]) : [];
  const tlp =
    (Object.entries(TLP2_IDS).find(([, id]) => refs.includes(id))?.[0] as Tlp | undefined) ??
    (meta.tlp as Tlp | null) ??
    'amber';
  return {
    id: o.id,
    name: typeof o.name === 'string' ? o.name : '',
    eventType: ext.event_type ?? '',
    eventSubtype: ext.event_subtype ?? '',
    lat: loc?.lat !== undefined ? String(loc.lat) : '',
    lon: loc?.lon !== undefined ? String(loc.lon) : '',
    precisionM: loc?.precision_m !== undefined ? String(loc.precision_m) : '1000',
    country: loc?.country ?? '',
    admin1: loc?.admin1 ?? '',
    admin2: loc?.admin2 ?? '',
    occurredAt: ext.occurred_at ? toLocalInput(new Date(ext.occurred_at)) : '',
    timePrecision: ext.time_precision ?? 'day',
    fatalities: cas(ext.fatalities),
    injured: cas(ext.injured),
    actors: (ext.actor_refs ?? []).map((id) => ({ id, name: names.get(id) ?? id })),
    description: typeof o.description === 'string' ? o.description : '',
    lang: o.lang === 'en' ? 'en' : 'fr',
    reliability: ext.source_reliability ?? '',
    credibility: ext.information_credibility !== undefined ? String(ext.information_credibility) : '',
    tlp,
    relTo: meta.rel_to ?? [],
    flash: (o.labels ?? []).some((l) => FLASH_LABELS.test(l)),
  };
}

/** Marking refs of a stored object that are neither TLP 1.0/2.0 (candidates to keep or replace). */
export function nonTlpRefs(o: StixObject): string[] {
  const tlp = new Set([...Object.values(TLP2_IDS), ...TLP1_IDS]);
  const refs = Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as unknown[]) : [];
  return refs.filter((r): r is string => typeof r === 'string' && !tlp.has(r));
}

const EXT_PREFIX = `/extensions/${EXT_ID}`;
const EXT_FIELDS: Readonly<Record<string, FieldKey>> = {
  event_type: 'eventType',
  event_subtype: 'eventSubtype',
  occurred_at: 'occurredAt',
  time_precision: 'timePrecision',
  actor_refs: 'actors',
  source_reliability: 'reliability',
  information_credibility: 'credibility',
  location: 'lat',
};
const LOCATION_FIELDS: Readonly<Record<string, FieldKey>> = {
  lat: 'lat',
  lon: 'lon',
  precision_m: 'precisionM',
  country: 'country',
  admin1: 'admin1',
  admin2: 'admin1',
};
const TOP_FIELDS: Readonly<Record<string, FieldKey>> = {
  name: 'name',
  description: 'description',
  lang: 'lang',
  labels: 'flash',
  object_marking_refs: 'tlp',
};

/** The form field a problem's JSON pointer names, or null (shown above the form). */
export function fieldOfPointer(pointer: string): FieldKey | null {
  if (pointer.startsWith(`${EXT_PREFIX}/`)) {
    const [head = '', sub = ''] = pointer.slice(EXT_PREFIX.length + 1).split('/');
    if (head === 'location') return LOCATION_FIELDS[sub] ?? 'lat';
    if (head === 'fatalities' || head === 'injured') {
      const cat = (CASUALTY_CATEGORIES as readonly string[]).includes(sub)
        ? (sub as CasualtyCategory)
        : 'unknown';
      return `${head}.${cat}`;
    }
    return EXT_FIELDS[head] ?? null;
  }
  const top = pointer.split('/')[1] ?? '';
  return TOP_FIELDS[top] ?? null;
}
