/**
 * The correlation rules, pure: given two incidents' features and the windows, is there a link,
 * with what score (0..1) and which explanation (a message code and its parameters, rendered in
 * French or English by explain.ts). Every rule needs two different provenances except the
 * cross-border one (one service may see one group on both sides of a border).
 */
import type { CorrelationConfig } from './config.ts';
import type { IncidentFeatures } from './features.ts';
import type { IdentifierKind } from './materiel.ts';

export type LinkKind = 'duplicate' | 'cross-border' | 'arms';

export interface LinkFinding {
  kind: LinkKind;
  score: number;
  code: string;
  params: Record<string, string | number>;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Event types two services may give one event: the same type, or two of one group (an attack on
 * a post is a "battle" for the UCDP and an "armed attack on security forces" for the army).
 */
const TYPE_GROUPS: readonly (readonly string[])[] = [
  ['battle', 'armed_attack_security_forces', 'explosion_remote_violence'],
  ['battle', 'violence_against_civilians'],
  ['violence_against_civilians', 'kidnapping'],
  ['explosion_remote_violence', 'ied_found'],
  ['arms_seizure', 'trafficking_interdiction'],
];

/** 1 same type, 0.7 compatible, 0.4 when one is "other", null when incompatible. */
export function typeCompatibility(a: string, b: string): number | null {
  if (a === b) return 1;
  if (TYPE_GROUPS.some((g) => g.includes(a) && g.includes(b))) return 0.7;
  if (a === 'other' || b === 'other') return 0.4;
  return null;
}

/**
 * Fatality totals compatible when they differ by at most max(3, half the larger): first reports
 * and later tolls differ, 0 and 30 do not describe one event. 0.5 when either is unknown.
 */
export function casualtyCompatibility(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return 0.5;
  const diff = Math.abs(a - b);
  const allowed = Math.max(3, 0.5 * Math.max(a, b));
  if (diff > allowed) return null;
  return 1 - diff / (allowed + 1);
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const fatalities = (n: number | null) => (n === null ? '?' : n);

/** The same event reported twice? */
export function duplicateFinding(
  a: IncidentFeatures,
  b: IncidentFeatures,
  cfg: CorrelationConfig,
): LinkFinding | null {
  if (a.id === b.id || a.provenance === b.provenance) return null;
  const hours = Math.abs(a.time - b.time) / 3_600_000;
  if (hours > cfg.duplicateHours) return null;
  let km: number | null = null;
  let place: number;
  if (a.lat !== null && a.lon !== null && b.lat !== null && b.lon !== null) {
    km = distanceKm(a.lat, a.lon, b.lat, b.lon);
    if (km > cfg.duplicateDistanceKm) return null;
    place = 1 - km / cfg.duplicateDistanceKm;
  } else {
    // Without a point on one side: the same admin-1 area, distance unknown.
    if (!a.country || !a.admin1 || a.country !== b.country || a.admin1 !== b.admin1) return null;
    place = 0.5;
  }
  const type = typeCompatibility(a.eventType, b.eventType);
  if (type === null) return null;
  const cas = casualtyCompatibility(a.fatalities, b.fatalities);
  if (cas === null) return null;
  const score = round(0.35 * (1 - hours / cfg.duplicateHours) + 0.35 * place + 0.15 * type + 0.15 * cas, 3);
  if (score < cfg.minScore) return null;
  const common = {
    hours: round(hours, 1),
    type_a: a.eventType,
    type_b: b.eventType,
    fat_a: fatalities(a.fatalities),
    fat_b: fatalities(b.fatalities),
  };
  return km === null
    ? {
        kind: 'duplicate',
        score,
        code: 'analysis.explain.duplicate_area',
        params: { ...common, admin1: a.admin1 ?? '' },
      }
    : {
        kind: 'duplicate',
        score,
        code: 'analysis.explain.duplicate',
        params: { ...common, km: round(km, 1) },
      };
}

/** One actor on both sides of a border, close in space and time? */
export function crossBorderFinding(
  a: IncidentFeatures,
  b: IncidentFeatures,
  cfg: CorrelationConfig,
): LinkFinding | null {
  if (a.id === b.id || !a.country || !b.country || a.country === b.country) return null;
  if (a.lat === null || a.lon === null || b.lat === null || b.lon === null) return null;
  const shared = a.actorRefs.filter((x) => b.actorRefs.includes(x));
  if (shared.length === 0) return null;
  const days = Math.abs(a.time - b.time) / 86_400_000;
  if (days > cfg.crossBorderDays) return null;
  const km = distanceKm(a.lat, a.lon, b.lat, b.lon);
  if (km > cfg.crossBorderDistanceKm) return null;
  // Any pair inside both windows is a pattern; closer pairs score higher.
  const score = round(
    0.4 + 0.3 * (1 - km / cfg.crossBorderDistanceKm) + 0.3 * (1 - days / cfg.crossBorderDays),
    3,
  );
  const [ca, cb] = [a.country, b.country].sort() as [string, string];
  return {
    kind: 'cross-border',
    score,
    code: 'analysis.explain.cross_border',
    params: { actor: shared[0]!, country_a: ca, country_b: cb, km: round(km, 1), days: round(days, 1) },
  };
}

const ARMS_SCORE: Record<IdentifierKind, number> = { serial: 0.95, marks_lot: 0.8, headstamp: 0.6 };

/** The same materiel identifier reported by two provenances. */
export function armsFinding(
  a: { id: string; provenance: string },
  b: { id: string; provenance: string },
  kind: IdentifierKind,
  label: string,
): LinkFinding | null {
  if (a.id === b.id || a.provenance === b.provenance) return null;
  return {
    kind: 'arms',
    score: ARMS_SCORE[kind],
    code: 'analysis.explain.arms',
    params: { identifier: kind, label },
  };
}
