/**
 * The offline basemap of the web application, made at build time from the files the node ships
 * (assets/boundaries): countries around the partner states from world-atlas TopoJSON, and the
 * admin-1 areas of BFA, MLI, NER and SEN. No tile server, no request to the internet (issue 6 §2).
 *
 * TopoJSON (spec: github.com/topojson/topojson-specification §2.1.2–2.2) stores quantized,
 * delta-encoded arcs shared by neighbouring polygons; we decode and simplify each arc once, so
 * shared borders stay identical on both sides after simplification.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AREA_CORRECTIONS } from '../../geo/corrections.ts';
import { incidentAdminNames } from '../../geo/admin-names.ts';
import { countryIso3, countryNameFr } from '../../geo/countries-by-name.ts';
import { countryByAlpha3 } from '../../objects/countries.ts';
import { pointOnSurface, type PolygonRings } from '../../geo/polygon.ts';

type Position = [number, number];
type Rings = Position[][];

export interface Feature<P> {
  type: 'Feature';
  id?: string;
  properties: P;
  geometry: { type: 'MultiPolygon'; coordinates: Rings[] };
}
export interface FeatureCollection<P> {
  type: 'FeatureCollection';
  features: Feature<P>[];
}

export interface CountryProps {
  iso3: string | null;
  name_fr: string;
  name_en: string;
  partner: boolean;
  /** A point inside the country for its label: [lon, lat]. */
  label: Position;
}

export interface AreaProps {
  country: string;
  /** HASC code of the polygon (key). */
  code: string;
  /** Name of the polygon (for BFA: the province). */
  name: string;
  /** What the incident extension records as admin1/admin2 (BFA: region / province). */
  admin1: string;
  admin2: string | null;
  label: Position;
}

export interface Topology {
  type: 'Topology';
  transform?: { scale: [number, number]; translate: [number, number] };
  arcs: number[][][];
  objects: Record<string, { type: string; geometries: TopoGeometry[] }>;
}
interface TopoGeometry {
  type: string;
  id?: string | number;
  properties?: { name?: string };
  arcs?: number[][] | number[][][];
}

export const PARTNERS = ['BFA', 'MLI', 'NER', 'SEN'] as const;
/** world-atlas abbreviates a few names that our name table does not know. */
const WORLD_ATLAS_NAMES: Readonly<Record<string, string>> = {
  'W. Sahara': 'ESH',
  'S. Sudan': 'SSD',
  'Eq. Guinea': 'GNQ',
  'Dem. Rep. Congo': 'COD',
  'Central African Rep.': 'CAF',
  Turkey: 'TUR',
};
/** The partner states' extent (lon/lat) widened by 15° on every side: what the basemap shows. */
export const REGION = { west: -17.6 - 15, south: 9.4 - 15, east: 16 + 15, north: 25 + 15 };

/** Decodes one arc: undo delta encoding, then the quantization transform. */
export function decodeArc(topology: Topology, arc: number[][]): Position[] {
  const t = topology.transform;
  let x = 0;
  let y = 0;
  return arc.map((p): Position => {
    const [dx = 0, dy = 0] = p;
    if (!t) return [dx, dy];
    x += dx;
    y += dy;
    return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
  });
}

/** A ring from arc indexes; a negative index ~i is arc i reversed; joints are not repeated. */
export function stitchRing(arcs: readonly Position[][], indexes: readonly number[]): Position[] {
  const ring: Position[] = [];
  for (const index of indexes) {
    const arc = index >= 0 ? arcs[index] : arcs[~index]?.slice().reverse();
    if (!arc) throw new Error(`TopoJSON arc ${index} does not exist`);
    ring.push(...(ring.length ? arc.slice(1) : arc));
  }
  return ring;
}

/** Douglas–Peucker on an open line; keeps both ends. `tolerance` in degrees. */
export function simplifyLine(points: readonly Position[], tolerance: number): Position[] {
  if (points.length <= 2) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = points[a]!;
    const [bx, by] = points[b]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy);
    let worst = -1;
    let dist = 0;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i]!;
      const d =
        len === 0 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * px - dx * py + bx * ay - by * ax) / len;
      if (d > dist) {
        dist = d;
        worst = i;
      }
    }
    if (worst >= 0 && dist > tolerance) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

const round = (p: Position, digits: number): Position => {
  const f = 10 ** digits;
  return [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f];
};

/** Rounds, drops repeated points, and drops rings too small to draw (fewer than 4 positions). */
function cleanRing(ring: readonly Position[], digits: number): Position[] | null {
  const out: Position[] = [];
  for (const p of ring) {
    const r = round(p, digits);
    const last = out[out.length - 1];
    if (!last || last[0] !== r[0] || last[1] !== r[1]) out.push(r);
  }
  if (out.length < 4) return null;
  const first = out[0]!;
  const last = out[out.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  return out;
}

function extentIntersects(polygons: readonly Rings[], box: typeof REGION): boolean {
  for (const rings of polygons) {
    for (const [lon, lat] of rings[0] ?? []) {
      if (lon >= box.west && lon <= box.east && lat >= box.south && lat <= box.north) return true;
    }
  }
  return false;
}

function labelPoint(polygons: readonly Rings[]): Position {
  // The largest polygon carries the label (mainland rather than islands).
  let best: Rings | undefined;
  let bestSize = -1;
  for (const rings of polygons) {
    const outer = rings[0] ?? [];
    const lons = outer.map((p) => p[0]);
    const lats = outer.map((p) => p[1]);
    const size = (Math.max(...lons) - Math.min(...lons)) * (Math.max(...lats) - Math.min(...lats));
    if (size > bestSize) {
      bestSize = size;
      best = rings;
    }
  }
  return round(pointOnSurface([best ?? []] as PolygonRings[]), 2);
}

/** Countries of a world-atlas topology whose outline enters `box`, simplified. */
export function countriesFromTopology(
  topology: Topology,
  box = REGION,
  tolerance = 0.02,
): FeatureCollection<CountryProps> {
  const arcs = topology.arcs.map((a) => simplifyLine(decodeArc(topology, a), tolerance));
  const features: Feature<CountryProps>[] = [];
  for (const g of topology.objects.countries?.geometries ?? []) {
    const polys: number[][][] =
      g.type === 'Polygon'
        ? [g.arcs as number[][]]
        : g.type === 'MultiPolygon'
          ? (g.arcs as number[][][])
          : [];
    const polygons = polys
      .map((rings) =>
        rings.map((r) => cleanRing(stitchRing(arcs, r), 3)).filter((r): r is Position[] => r !== null),
      )
      .filter((rings) => rings.length > 0);
    if (polygons.length === 0 || !extentIntersects(polygons, box)) continue;
    const name = g.properties?.name ?? '';
    const iso3 = WORLD_ATLAS_NAMES[name] ?? countryIso3(name);
    features.push({
      type: 'Feature',
      properties: {
        iso3,
        name_en: iso3 ? (countryByAlpha3(iso3)?.en ?? name) : name,
        name_fr: iso3 ? countryNameFr(iso3) : name,
        partner: iso3 !== null && (PARTNERS as readonly string[]).includes(iso3),
        label: labelPoint(polygons),
      },
      geometry: { type: 'MultiPolygon', coordinates: polygons },
    });
  }
  return { type: 'FeatureCollection', features };
}

interface AdminFeatureIn {
  id?: unknown;
  properties?: { name?: unknown };
  geometry?: { type?: unknown; coordinates?: unknown };
}

/** The admin-1 areas of one `<iso3>_admin1.geojson` file, named as incidents record them. */
export function areasFromGeoJson(
  doc: { features?: AdminFeatureIn[] },
  country: string,
  tolerance = 0.005,
): Feature<AreaProps>[] {
  return (doc.features ?? []).map((f): Feature<AreaProps> => {
    const rawName = typeof f.properties?.name === 'string' ? f.properties.name.trim() : '';
    const fix = AREA_CORRECTIONS.get(`${country}:${rawName}`);
    const name = fix?.name ?? rawName;
    const code = fix?.code ?? (typeof f.id === 'string' ? f.id.replace(/\s+/g, '') : '');
    const coords = f.geometry?.coordinates as Rings | Rings[];
    const polys: Rings[] = f.geometry?.type === 'Polygon' ? [coords as Rings] : (coords as Rings[]);
    const polygons = polys
      .map((rings) =>
        rings.map((r) => cleanRing(simplifyLine(r, tolerance), 4)).filter((r): r is Position[] => r !== null),
      )
      .filter((rings) => rings.length > 0);
    const names = incidentAdminNames({ country, admin1: name, admin1Code: code });
    return {
      type: 'Feature',
      id: code,
      properties: {
        country,
        code,
        name,
        admin1: names.admin1,
        admin2: names.admin2,
        label: labelPoint(polygons),
      },
      geometry: { type: 'MultiPolygon', coordinates: polygons },
    };
  });
}

/** Both basemap layers from a boundaries directory (assets/boundaries). */
export function buildBasemap(dir: string): {
  countries: FeatureCollection<CountryProps>;
  admin1: FeatureCollection<AreaProps>;
} {
  const topology = JSON.parse(
    readFileSync(join(dir, 'world-atlas_countries-50m.topo.json'), 'utf8'),
  ) as Topology;
  const areas = readdirSync(dir)
    .filter((f) => /^[a-z]{3}_admin1\.geojson$/.test(f))
    .sort()
    .flatMap((f) =>
      areasFromGeoJson(
        JSON.parse(readFileSync(join(dir, f), 'utf8')) as { features?: AdminFeatureIn[] },
        f.slice(0, 3).toUpperCase(),
      ),
    );
  return {
    countries: countriesFromTopology(topology),
    admin1: { type: 'FeatureCollection', features: areas },
  };
}
