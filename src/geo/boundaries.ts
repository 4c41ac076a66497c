/**
 * Offline admin-1 boundaries: which province/region contains a point, with no network and no GIS
 * library. Areas come from `<iso3>_admin1.geojson` files (RFC 7946 FeatureCollections whose
 * features carry a HASC `id` and `properties.name`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError, type Issue } from '../core/errors.ts';
import { AREA_CORRECTIONS } from './corrections.ts';
import './messages.ts';
import { bboxOf, inBBox, pointInPolygons, pointOnSurface, type BBox, type PolygonRings } from './polygon.ts';

/** Where a point falls: country (ISO 3166-1 alpha-3), admin-1 name and HASC code. */
export interface AdminArea {
  country: string;
  admin1: string;
  admin1Code: string;
}

export interface Boundaries {
  /** Every loaded area, in file order. */
  readonly areas: readonly AdminArea[];
  /** The area containing the point, or null when it lies in none of them (sea, other countries). */
  adminAreaAt(lat: number, lon: number): AdminArea | null;
  /** A point inside the area (its centroid when that is inside), or null for an unknown code. */
  centroidOf(admin1Code: string): { lat: number; lon: number } | null;
  /** The area with this HASC code, or null. */
  area(admin1Code: string): AdminArea | null;
}

/**
 * The repo's `assets/boundaries`. This file sits two levels below the repo root both as
 * src/geo/boundaries.ts and compiled as dist/geo/boundaries.js, so one relative URL serves both.
 */
export const DEFAULT_BOUNDARIES_DIR = fileURLToPath(new URL('../../assets/boundaries/', import.meta.url));

interface LoadedArea extends AdminArea {
  polygons: PolygonRings[];
  bbox: BBox;
}

const FILE_PATTERN = /^([a-z]{3})_admin1\.geojson$/i;

/** Loads every `<iso3>_admin1.geojson` of `dir`; throws DomainError on a malformed file. */
export function loadBoundaries(dir: string = DEFAULT_BOUNDARIES_DIR): Boundaries {
  const files = readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f))
    .sort();
  if (files.length === 0) throw new DomainError('invalid', 'geo.no_boundary_files', [], { dir });
  const areas = files.flatMap((f) => parseFile(join(dir, f), f.slice(0, 3).toUpperCase()));
  const byCode = new Map<string, LoadedArea>();
  const issues: Issue[] = [];
  for (const a of areas) {
    const prior = byCode.get(a.admin1Code);
    if (prior) {
      issues.push({
        path: `/${a.admin1Code}`,
        code: 'geo.duplicate_code',
        params: { code: a.admin1Code, names: `${prior.admin1}, ${a.admin1}` },
      });
    }
    byCode.set(a.admin1Code, a);
  }
  if (issues.length) throw new DomainError('invalid', 'geo.bad_boundary_file', issues, { file: dir });
  const centroids = new Map<string, { lat: number; lon: number }>();

  const publicArea = (a: LoadedArea): AdminArea => ({
    country: a.country,
    admin1: a.admin1,
    admin1Code: a.admin1Code,
  });
  return {
    areas: areas.map(publicArea),
    adminAreaAt(lat, lon) {
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
      const hit = areas.find((a) => inBBox(a.bbox, lon, lat) && pointInPolygons(a.polygons, lon, lat));
      return hit ? publicArea(hit) : null;
    },
    centroidOf(code) {
      const a = byCode.get(code);
      if (!a) return null;
      let c = centroids.get(code);
      if (!c) {
        const [lon, lat] = pointOnSurface(a.polygons);
        c = { lat, lon };
        centroids.set(code, c);
      }
      return { ...c };
    },
    area(code) {
      const a = byCode.get(code);
      return a ? publicArea(a) : null;
    },
  };
}

function parseFile(path: string, country: string): LoadedArea[] {
  const file = path;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new DomainError('invalid', 'geo.bad_boundary_file', [{ path: '', code: 'geo.bad_boundary_file' }], {
      file,
    });
  }
  const features = isRecord(doc) && doc.type === 'FeatureCollection' ? doc.features : undefined;
  if (!Array.isArray(features)) {
    throw new DomainError(
      'invalid',
      'geo.bad_boundary_file',
      [{ path: '/features', code: 'geo.bad_feature' }],
      {
        file,
      },
    );
  }
  return features.map((f: unknown, i): LoadedArea => {
    const area = parseFeature(f, country);
    if (!area) {
      throw new DomainError(
        'invalid',
        'geo.bad_boundary_file',
        [{ path: `/features/${i}`, code: 'geo.bad_feature' }],
        {
          file,
        },
      );
    }
    return area;
  });
}

function parseFeature(f: unknown, country: string): LoadedArea | null {
  if (!isRecord(f) || typeof f.id !== 'string' || !isRecord(f.properties) || !isRecord(f.geometry))
    return null;
  const rawName = f.properties.name;
  const { type, coordinates } = f.geometry;
  if (typeof rawName !== 'string' || !Array.isArray(coordinates)) return null;
  let polygons: unknown[];
  if (type === 'Polygon') polygons = [coordinates];
  else if (type === 'MultiPolygon') polygons = coordinates;
  else return null;
  if (!polygons.every(isPolygonRings) || polygons.length === 0) return null;
  const fix = AREA_CORRECTIONS.get(`${country}:${rawName}`);
  const valid = polygons;
  return {
    country,
    admin1: fix?.name ?? rawName.trim(),
    // The files carry stray whitespace (e.g. 'NE.NI\t'); HASC codes never contain any.
    admin1Code: fix?.code ?? f.id.replace(/\s+/g, ''),
    polygons: valid,
    bbox: bboxOf(valid),
  };
}

function isPolygonRings(p: unknown): p is PolygonRings {
  return (
    Array.isArray(p) &&
    p.length > 0 &&
    p.every(
      (ring) =>
        Array.isArray(ring) &&
        ring.length >= 4 &&
        ring.every(
          (pos) =>
            Array.isArray(pos) && pos.length >= 2 && typeof pos[0] === 'number' && typeof pos[1] === 'number',
        ),
    )
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

let defaults: Boundaries | undefined;

/**
 * The bundled boundaries, read once on first use. Static reference data, not business state,
 * so a module-level cache is no hidden global in the STYLE §7 sense.
 */
export function defaultBoundaries(): Boundaries {
  defaults ??= loadBoundaries();
  return defaults;
}

/** {@link Boundaries.adminAreaAt} over the bundled files. */
export function adminAreaAt(lat: number, lon: number): AdminArea | null {
  return defaultBoundaries().adminAreaAt(lat, lon);
}

/** {@link Boundaries.centroidOf} over the bundled files. */
export function centroidOf(admin1Code: string): { lat: number; lon: number } | null {
  return defaultBoundaries().centroidOf(admin1Code);
}
