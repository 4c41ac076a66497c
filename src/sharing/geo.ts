/**
 * What the policy engine needs to know about places, behind an interface so the engine stays
 * pure: which bundled admin areas (HASC codes, src/geo/boundaries.ts) a record lies in, and a
 * representative point of its admin-1 or admin-2 area for coarsening. Burkina Faso's bundled
 * polygons are provinces, i.e. the incident extension's admin2 (src/geo/admin-names.ts).
 */
import { foldText } from '../core/text.ts';
import { bfaRegionOf } from '../geo/admin-names.ts';
import type { Boundaries } from '../geo/boundaries.ts';
import type { AreaIndex } from './area-index.ts';

export interface Place {
  /** ISO 3166-1 alpha-3. */
  country: string | null;
  admin1: string | null;
  admin2: string | null;
  lat: number | null;
  lon: number | null;
}

export interface Centroid {
  lat: number;
  lon: number;
  /** The level actually used: admin-2 falls back to admin-1 where admin-2 areas are unknown. */
  level: 'admin1' | 'admin2';
}

export interface PolicyGeo {
  /** The country (alpha-3) of a bundled area's HASC code, or null for an unknown code. */
  areaCountry(code: string): string | null;
  /**
   * HASC codes of the bundled areas the place certainly lies in: by its coordinates when it has
   * some (point-in-polygon, a point on a shared border belongs to exactly one area), else by its
   * admin names. A name too coarse to pick one area (a BFA region) gives none.
   */
  areasOf(place: Place): readonly string[];
  /** A point inside the place's admin area at `level`, or null when the area is unknown. */
  centroid(level: 'admin1' | 'admin2', place: Place): Centroid | null;
}

/**
 * The policy geo helper over loaded boundaries; `index` (area-index.ts) answers point lookups
 * faster, with the same results.
 */
export function boundariesGeo(b: Boundaries, index?: AreaIndex): PolicyGeo {
  const byName = new Map<string, string>();
  const regionCodes = new Map<string, string[]>();
  for (const a of b.areas) {
    byName.set(`${a.country}:${foldText(a.admin1)}`, a.admin1Code);
    if (a.country === 'BFA') {
      const region = bfaRegionOf(a.admin1Code);
      if (region) regionCodes.set(foldText(region), [...(regionCodes.get(foldText(region)) ?? []), a.admin1Code]);
    }
  }
  const at = index ? (lat: number, lon: number) => index.areaAt(lat, lon) : (lat: number, lon: number) => b.adminAreaAt(lat, lon)?.admin1Code ?? null;
  const byPoint = (p: Place): string | null => (p.lat !== null && p.lon !== null ? at(p.lat, p.lon) : null);
  /** The bundled area named by the place (BFA: its province, admin2; elsewhere: admin1). */
  const named = (p: Place): string | null => {
    if (!p.country) return null;
    const names = p.country === 'BFA' ? [p.admin2, p.admin1] : [p.admin1];
    for (const n of names) {
      const code = n ? byName.get(`${p.country}:${foldText(n)}`) : undefined;
      if (code) return code;
    }
    return null;
  };
  const mean = (codes: readonly string[]): { lat: number; lon: number } | null => {
    const pts = codes.map((c) => b.centroidOf(c)).filter((x): x is { lat: number; lon: number } => x !== null);
    if (pts.length === 0) return null;
    return { lat: pts.reduce((s, p) => s + p.lat, 0) / pts.length, lon: pts.reduce((s, p) => s + p.lon, 0) / pts.length };
  };

  return {
    areaCountry: (code) => b.area(code)?.country ?? null,
    areasOf(p) {
      const code = byPoint(p) ?? (p.lat === null ? named(p) : null);
      return code ? [code] : [];
    },
    centroid(level, p) {
      const code = byPoint(p) ?? named(p);
      const country = code ? b.area(code)?.country : p.country;
      if (country === 'BFA') {
        if (level === 'admin2' && code) {
          const c = b.centroidOf(code);
          return c ? { ...c, level: 'admin2' } : null;
        }
        // A BFA region is the union of its provinces: the mean of their centroids stands for it.
        const region = code ? bfaRegionOf(code) : p.admin1;
        const c = region ? mean(regionCodes.get(foldText(region)) ?? []) : null;
        return c ? { ...c, level: 'admin1' } : null;
      }
      // Elsewhere only admin-1 areas are bundled: admin-2 falls back to the coarser admin-1.
      const c = code ? b.centroidOf(code) : null;
      return c ? { ...c, level: 'admin1' } : null;
    },
  };
}
