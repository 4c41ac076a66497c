/**
 * Sentinelle records → CoT events (documented in docs/interop.md, "Cursor-on-Target"):
 * - incidents with hostile action (battle, explosion/remote violence, armed attack on security
 *   forces, violence against civilians, kidnapping) → `a-h-G` (atom, hostile, ground): TAK draws
 *   the red hostile symbol where it happened; other incidents (IED found, seizures, trafficking
 *   interdictions, other) → `a-u-G` (unknown ground);
 * - alerts (`x-sentinelle-alert` with a location) → `b-m-p-s-p-i` (map point, spot, point of interest);
 * - a revoked record → `t-x-d-d` (delete) linking to its uid, so TAK removes the marker.
 * how: `h-e` (human entered) for incidents, `m-f` (machine fused) for alerts. time = when the
 * message is written, start = when it happened (occurred_at, else modified), stale = time + the
 * feed's stale period (default 24 h): TAK keeps a marker while the feed refreshes it.
 * ce = the incident's location precision in metres (unknown otherwise); hae and le unknown.
 */
import { incidentExtension } from '../../objects/sentinelle-extension.ts';
import { tlpOf } from '../../objects/markings.ts';
import type { StixObject } from '../../objects/stix.ts';
import type { CotEvent, CotLink } from './xml.ts';

export const COT_TYPES = ['incident', 'x-sentinelle-alert'] as const;

const HOSTILE = new Set([
  'battle',
  'explosion_remote_violence',
  'armed_attack_security_forces',
  'violence_against_civilians',
  'kidnapping',
]);

export interface CotMapOptions {
  now: Date;
  /** Milliseconds until a marker goes stale (default 24 h). */
  staleMs?: number;
  /** Base URL of the node's web app, for a link back to the record. */
  baseUrl?: string;
}

const DAY = 24 * 3600 * 1000;
/** A string or number property as text; anything else is `dflt`. */
const text = (v: unknown, dflt = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : dflt;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const dateOf = (v: unknown, dflt: Date) => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? dflt : new Date(t);
};

/** The CoT event of a record, or null when it is not a mappable type or has no point. */
export function recordToCot(o: StixObject, options: CotMapOptions): CotEvent | null {
  const time = options.now;
  const stale = new Date(time.getTime() + (options.staleMs ?? DAY));
  const links: CotLink[] = options.baseUrl
    ? [
        {
          relation: 'r-u',
          type: 'text/html',
          url: `${options.baseUrl.replace(/\/$/, '')}/records/${o.id}`,
          remarks: 'Sentinelle',
        },
      ]
    : [];
  const tlp = tlpOf(o);
  if (o.type === 'incident') {
    const ext = incidentExtension(o);
    const loc = ext?.location;
    if (!ext || loc?.lat === undefined || loc.lon === undefined) return null;
    const deaths = Object.values(ext.fatalities ?? {}).reduce<number>((a, b) => a + (b ?? 0), 0);
    const where = [loc.admin2, loc.admin1, loc.country].filter(Boolean).join(', ');
    return {
      uid: o.id,
      type: HOSTILE.has(ext.event_type) ? 'a-h-G' : 'a-u-G',
      how: 'h-e',
      time,
      start: dateOf(ext.occurred_at, time),
      stale,
      point: {
        lat: loc.lat,
        lon: loc.lon,
        ...(loc.precision_m !== undefined ? { ce: loc.precision_m } : {}),
      },
      detail: {
        callsign: clip(text(o.name, o.id), 80),
        remarks: clip(
          [
            `${ext.event_type}${ext.event_subtype ? ` / ${ext.event_subtype}` : ''} — ${where}`,
            `${ext.occurred_at} (${ext.time_precision})`,
            deaths ? `fatalities: ${deaths}` : '',
            tlp ? `TLP:${tlp.toUpperCase()}` : '',
            typeof o.description === 'string' ? o.description : '',
          ]
            .filter(Boolean)
            .join('\n'),
          2000,
        ),
        links,
        elements: [
          {
            name: '__sentinelle',
            attributes: {
              event_type: ext.event_type,
              country: loc.country,
              fatalities: deaths,
              reliability: `${ext.source_reliability}${ext.information_credibility}`,
              ...(tlp ? { tlp } : {}),
            },
          },
        ],
      },
    };
  }
  if (o.type === 'x-sentinelle-alert') {
    const loc = o.location as { lat?: unknown; lon?: unknown } | undefined;
    if (typeof loc?.lat !== 'number' || typeof loc.lon !== 'number') return null;
    return {
      uid: o.id,
      type: 'b-m-p-s-p-i',
      how: 'm-f',
      time,
      start: dateOf(o.period_start ?? o.modified, time),
      stale,
      point: { lat: loc.lat, lon: loc.lon },
      detail: {
        callsign: clip(`${text(o.severity).toUpperCase()} ${text(o.name, o.id)}`.trim(), 80),
        remarks: clip(
          [typeof o.description === 'string' ? o.description : '', tlp ? `TLP:${tlp.toUpperCase()}` : '']
            .filter(Boolean)
            .join('\n') || text(o.name),
          2000,
        ),
        links,
        elements: [
          {
            name: '__sentinelle',
            attributes: {
              alert_kind: text(o.alert_kind),
              severity: text(o.severity),
              ...(tlp ? { tlp } : {}),
            },
          },
        ],
      },
    };
  }
  return null;
}

/** A delete event for a withdrawn record (TAK removes the marker with this uid). */
export function cotDelete(uid: string, options: CotMapOptions): CotEvent {
  const time = options.now;
  return {
    uid: `${uid}.delete`,
    type: 't-x-d-d',
    how: 'h-g-i-g-o',
    time,
    start: time,
    stale: new Date(time.getTime() + 60_000),
    point: { lat: 0, lon: 0 },
    detail: { links: [{ uid, relation: 'none', type: 'a-u-G' }] },
  };
}
