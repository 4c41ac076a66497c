/**
 * A fast "which bundled admin area holds this point" for the policy engine, which asks it for
 * every record (issue 3 benchmark: ≥ 100,000 decisions/s). Same files, same corrections and the
 * very same arithmetic as src/geo/boundaries.ts (even-odd ray casting, half-open on latitude, first
 * area in file order wins), so both always agree — a test checks it on many points, borders
 * included — but vertices live in typed arrays and a 0.5° grid narrows the candidates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BOUNDARIES_DIR } from '../geo/boundaries.ts';
import { AREA_CORRECTIONS } from '../geo/corrections.ts';

export interface AreaIndex {
  /** HASC code of the first area (file order) containing the point, or null. */
  areaAt(lat: number, lon: number): string | null;
}

interface IndexedArea {
  code: string;
  /** Every ring of every polygon: x0, y0, x1, y1, … (closing point included, as in the file). */
  rings: Float64Array[];
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

const CELL = 0.5;
const FILE_PATTERN = /^([a-z]{3})_admin1\.geojson$/i;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function readAreas(dir: string): IndexedArea[] {
  const out: IndexedArea[] = [];
  for (const file of readdirSync(dir).filter((f) => FILE_PATTERN.test(f)).sort()) {
    const country = file.slice(0, 3).toUpperCase();
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
    for (const f of Array.isArray(doc.features) ? (doc.features as unknown[]) : []) {
      if (!isObj(f) || !isObj(f.geometry) || !isObj(f.properties) || typeof f.id !== 'string') continue;
      const name = String(f.properties.name);
      const geom = f.geometry;
      const polygons = (geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates) as number[][][][];
      const rings = polygons.flatMap((p) => p.map((ring) => Float64Array.from(ring.flatMap((pos) => [pos[0]!, pos[1]!]))));
      let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
      // The bounding box of outer rings only, as boundaries.ts computes it.
      for (const p of polygons) {
        for (const [lon = NaN, lat = NaN] of p[0] ?? []) {
          minLon = Math.min(minLon, lon);
          maxLon = Math.max(maxLon, lon);
          minLat = Math.min(minLat, lat);
          maxLat = Math.max(maxLat, lat);
        }
      }
      const fix = AREA_CORRECTIONS.get(`${country}:${name}`);
      out.push({ code: fix?.code ?? f.id.replace(/\s+/g, ''), rings, minLon, minLat, maxLon, maxLat });
    }
  }
  return out;
}

/** Even-odd over every ring of one area, with the arithmetic of src/geo/polygon.ts. */
function inside(rings: readonly Float64Array[], lon: number, lat: number): boolean {
  let odd = false;
  for (const r of rings) {
    const n = r.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = r[2 * i]!, yi = r[2 * i + 1]!;
      const xj = r[2 * j]!, yj = r[2 * j + 1]!;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

/** Builds the index over the boundary files of `dir` (the bundled ones by default). */
export function buildAreaIndex(dir: string = DEFAULT_BOUNDARIES_DIR): AreaIndex {
  const areas = readAreas(dir);
  const grid = new Map<number, number[]>();
  const key = (cx: number, cy: number) => cx * 100_000 + cy;
  areas.forEach((a, i) => {
    for (let cx = Math.floor(a.minLon / CELL); cx <= Math.floor(a.maxLon / CELL); cx++) {
      for (let cy = Math.floor(a.minLat / CELL); cy <= Math.floor(a.maxLat / CELL); cy++) {
        const k = key(cx, cy);
        const list = grid.get(k);
        if (list) list.push(i);
        else grid.set(k, [i]);
      }
    }
  });
  return {
    areaAt(lat, lon) {
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
      // Indices were pushed in file order, so the first hit is the one boundaries.ts finds.
      for (const i of grid.get(key(Math.floor(lon / CELL), Math.floor(lat / CELL))) ?? []) {
        const a = areas[i]!;
        if (lon >= a.minLon && lon <= a.maxLon && lat >= a.minLat && lat <= a.maxLat && inside(a.rings, lon, lat)) return a.code;
      }
      return null;
    },
  };
}
