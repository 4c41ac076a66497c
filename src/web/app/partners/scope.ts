/**
 * An agreement's scope in one plain sentence, built from the document's fields (docs/sharing.md
 * §1): "incidents in the Sahel and Nord regions, up to TLP:AMBER, coordinates coarsened to 0.1°,
 * no onward sharing". What a liaison officer reads at a glance; the node's `agreement show` text
 * (src/sharing/describe.ts) remains the full reading.
 */
import { allMessages, countryName, eventTypeLabel, t, type Locale, type MessageKey } from '../i18n.ts';
import type { AgreementDocument } from './types.ts';

export interface ScopeNames {
  /** Name of an admin area by its code (from the offline basemap), or the code. */
  area: (code: string) => string;
  /** Name of a node by its id. */
  node: (nodeId: string) => string;
}

/** "a, b and c" / "a, b et c". */
export function joinList(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

function dateOf(locale: Locale, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** French needs the country's own preposition ("au Mali", "en Guinée"); English reads the name alone. */
const FR_EN = new Set([
  'CIV',
  'DZA',
  'GIN',
  'GNB',
  'GNQ',
  'LBY',
  'MRT',
  'GMB',
  'SLE',
  'LBR',
  'CAF',
  'ETH',
  'ERI',
  'SOM',
  'EGY',
  'TUN',
]);
const FR_AUX = new Set(['COM', 'SYC', 'MDV', 'PHL', 'USA', 'NLD']);
function inCountry(locale: Locale, code: string): string {
  const name = countryName(locale, code);
  if (locale === 'en') return name;
  if (FR_AUX.has(code)) return `aux ${name}`;
  return FR_EN.has(code) ? `en ${name}` : `au ${name}`;
}

function typeName(locale: Locale, type: string): string {
  const key = `scope.type.${type}`;
  return key in allMessages() ? t(locale, key as MessageKey) : type;
}

/** The scope, redaction and handling of an agreement as one sentence in `locale`. */
export function scopeSentence(locale: Locale, doc: AgreementDocument, names: ScopeNames): string {
  const L = (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params);
  const s = doc.scope;
  const list = (xs: readonly string[]) => joinList(locale, xs);
  const parts: string[] = [];

  let what = list(s.types.map((x) => typeName(locale, x)));
  if (s.event_types?.length)
    what += ` ${L('scope.event_types', { values: list(s.event_types.map((e) => eventTypeLabel(locale, e))) })}`;
  const places: string[] = [];
  if (s.area?.admin_areas?.length) {
    const areaNames = list(s.area.admin_areas.map(names.area));
    places.push(L(s.area.admin_areas.length > 1 ? 'scope.regions' : 'scope.region', { names: areaNames }));
  }
  if (s.area?.countries?.length)
    places.push(L('scope.countries', { names: list(s.area.countries.map((c) => inCountry(locale, c))) }));
  if (s.area?.polygon) places.push(L('scope.polygon'));
  if (places.length) what += ` ${list(places)}`;
  const w = s.time_window;
  if (w) {
    if ('last_days' in w) what += ` ${L('scope.last_days', { n: w.last_days })}`;
    else if (w.from && w.to)
      what += ` ${L('scope.window', { from: dateOf(locale, w.from), to: dateOf(locale, w.to) })}`;
    else if (w.from) what += ` ${L('scope.window_from', { from: dateOf(locale, w.from) })}`;
    else if (w.to) what += ` ${L('scope.window_to', { to: dateOf(locale, w.to) })}`;
  }
  parts.push(what);

  parts.push(L('scope.max_tlp', { tlp: s.max_tlp.toUpperCase() }));
  if (s.allow_unmarked) parts.push(L('scope.unmarked'));
  if (s.rel_to_required) parts.push(L('scope.rel_to'));
  if (s.labels?.any_of?.length) parts.push(L('scope.labels_any', { values: s.labels.any_of.join(' / ') }));
  if (s.labels?.none_of?.length) parts.push(L('scope.labels_none', { values: s.labels.none_of.join(' / ') }));
  if (s.min_grading)
    parts.push(
      L('scope.grading', {
        grading: `${s.min_grading.source_reliability ?? ''}${s.min_grading.information_credibility ?? ''}`,
      }),
    );

  const r = doc.redaction;
  if (r?.coordinates) {
    if ('precision_deg' in r.coordinates)
      parts.push(
        L('scope.coords_deg', {
          step: new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(
            r.coordinates.precision_deg,
          ),
        }),
      );
    else
      parts.push(L(r.coordinates.admin_level === 'admin1' ? 'scope.coords_admin1' : 'scope.coords_admin2'));
  }
  if (r?.drop_properties?.length)
    parts.push(
      L('scope.drop', { values: list(r.drop_properties.map((p) => p.replace(/^sentinelle\./, ''))) }),
    );
  if (r?.strip_free_text) parts.push(L('scope.strip'));
  if (r?.replace_creator) parts.push(L('scope.creator'));

  const h = doc.handling;
  parts.push(
    h.onward_sharing.consent === 'listed'
      ? L('scope.onward_listed', { values: list(h.onward_sharing.to.map(names.node)) })
      : L('scope.onward_none'),
  );
  parts.push(L('scope.retention', { n: h.retention_days }));
  return parts.join(', ');
}
