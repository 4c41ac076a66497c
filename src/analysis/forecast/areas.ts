/**
 * Admin-1 areas with their polygons, for forecasting units: the shared boundary files read once
 * through src/geo/boundaries.ts (which validates them and fixes codes), plus the rings it keeps
 * private, matched by file order. Also the cells of a country and area adjacency.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_BOUNDARIES_DIR,
  loadBoundaries,
  type AdminArea,
  type Boundaries,
} from '../../geo/boundaries.ts';
import { bboxOf, type PolygonRings } from '../../geo/polygon.ts';
import { cellsIntersecting, cellsWithCentreIn } from './grid.ts';

export interface AreaShape extends AdminArea {
  polygons: PolygonRings[];
}

export interface AreaSet {
  boundaries: Boundaries;
  areas: AreaShape[];
  /** Countries (ISO alpha-3) that have a boundary file. */
  countries: Set<string>;
}

/** Loads `<iso3>_admin1.geojson` files of `dir` (validation and code fixes by src/geo). */
export function loadAreaSet(dir: string = DEFAULT_BOUNDARIES_DIR): AreaSet {
  const boundaries = loadBoundaries(dir);
  const files = readdirSync(dir)
    .filter((f) => /^([a-z]{3})_admin1\.geojson$/i.test(f))
    .sort();
  const rings: PolygonRings[][] = [];
  for (const f of files) {
    const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      features: { geometry: { type: string; coordinates: unknown } }[];
    };
    for (const feat of doc.features) {
      const g = feat.geometry;
      rings.push((g.type === 'Polygon' ? [g.coordinates] : (g.coordinates as unknown[])) as PolygonRings[]);
    }
  }
  const areas = boundaries.areas.map((a, i) => ({ ...a, polygons: rings[i] ?? [] }));
  return { boundaries, areas, countries: new Set(areas.map((a) => a.country)) };
}

/** The 0.5° cells meeting a country's admin-1 polygons (their union is the country). */
export function countryCells(set: AreaSet, country: string): number[] {
  return cellsIntersecting(set.areas.filter((a) => a.country === country).flatMap((a) => a.polygons));
}

/** The 0.5° cells whose centre lies in one of a country's admin-1 polygons. */
export function countryCentreCells(set: AreaSet, country: string): number[] {
  return cellsWithCentreIn(set.areas.filter((a) => a.country === country).flatMap((a) => a.polygons));
}

/**
 * Adjacent areas: two areas are neighbours when some vertex of one lies within `tol` degrees of a
 * vertex of the other (the simplified files share borders up to small gaps).
 */
export function areaAdjacency(areas: readonly AreaShape[], tol = 0.02): Map<string, string[]> {
  const cellKey = (x: number, y: number) => `${Math.floor(x / tol)}:${Math.floor(y / tol)}`;
  const owners = new Map<string, Set<number>>();
  areas.forEach((a, i) => {
    for (const rings of a.polygons) {
      for (const p of rings[0] ?? []) {
        const [x = 0, y = 0] = p;
        for (const dx of [-1, 0, 1]) {
          for (const dy of [-1, 0, 1]) {
            const k = cellKey(x + dx * tol, y + dy * tol);
            let s = owners.get(k);
            if (!s) owners.set(k, (s = new Set()));
            s.add(i);
          }
        }
      }
    }
  });
  const adj = areas.map(() => new Set<number>());
  for (const s of owners.values()) {
    if (s.size < 2) continue;
    for (const i of s) for (const j of s) if (i !== j) adj[i]?.add(j);
  }
  const out = new Map<string, string[]>();
  areas.forEach((a, i) => {
    out.set(a.admin1Code, [...(adj[i] ?? [])].map((j) => areas[j]?.admin1Code ?? '').sort());
  });
  return out;
}

/** Bounding box of an area's polygons (for distance-to-border estimates). */
export function areaBBox(a: AreaShape) {
  return bboxOf(a.polygons);
}

export { DEFAULT_BOUNDARIES_DIR };
