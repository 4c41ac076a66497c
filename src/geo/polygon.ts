/**
 * Planar geometry on GeoJSON coordinates ([lon, lat], RFC 7946 §3.1.1). At admin-1 scale in the
 * Sahel (±25° of the equator) treating degrees as a plane is accurate enough for "which area
 * contains this point" and for a label point; nothing here measures distances.
 */

/** A linear ring: closed list of [lon, lat] positions (RFC 7946 §3.1.6). */
export type Ring = readonly (readonly number[])[];
/** Outer ring first, then holes (RFC 7946 §3.1.6). */
export type PolygonRings = readonly Ring[];

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** Bounding box of several polygons (only outer rings matter). */
export function bboxOf(polygons: readonly PolygonRings[]): BBox {
  const b: BBox = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const rings of polygons) {
    for (const p of rings[0] ?? []) {
      const [lon = NaN, lat = NaN] = p;
      if (lon < b.minLon) b.minLon = lon;
      if (lon > b.maxLon) b.maxLon = lon;
      if (lat < b.minLat) b.minLat = lat;
      if (lat > b.maxLat) b.maxLat = lat;
    }
  }
  return b;
}

export function inBBox(b: BBox, lon: number, lat: number): boolean {
  return lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat;
}

/**
 * Even-odd ray casting over every ring of one polygon: a point inside the outer ring and inside a
 * hole crosses an even number of edges in total, so holes need no special case.
 */
export function pointInPolygon(rings: PolygonRings, lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [xi = 0, yi = 0] = ring[i] ?? [];
      const [xj = 0, yj = 0] = ring[j] ?? [];
      // Half-open test on y (yi > lat) !== (yj > lat) counts a vertex exactly on the ray once.
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** True when the point lies in any of the polygons (a MultiPolygon). */
export function pointInPolygons(polygons: readonly PolygonRings[], lon: number, lat: number): boolean {
  return polygons.some((rings) => pointInPolygon(rings, lon, lat));
}

/** Signed area (shoelace) and first moments of one ring. */
function ringMoments(ring: Ring): { a: number; cx: number; cy: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    const cross = xj * yi - xi * yj;
    a += cross;
    cx += (xj + xi) * cross;
    cy += (yj + yi) * cross;
  }
  return { a: a / 2, cx, cy };
}

/**
 * Area-weighted centroid of polygons with holes: holes subtract their moments whatever their
 * winding order. Returns [lon, lat].
 */
export function areaCentroid(polygons: readonly PolygonRings[]): [number, number] {
  let area = 0;
  let mx = 0;
  let my = 0;
  for (const rings of polygons) {
    rings.forEach((ring, k) => {
      const m = ringMoments(ring);
      // Normalise orientation: the outer ring adds, holes subtract.
      const sign = (k === 0 ? 1 : -1) * Math.sign(m.a);
      area += sign * m.a;
      mx += (sign * m.cx) / 6;
      my += (sign * m.cy) / 6;
    });
  }
  return area === 0 ? [NaN, NaN] : [mx / area, my / area];
}

/**
 * A point guaranteed inside the area, for labels and "somewhere in this province" placement.
 * The centroid when it is inside; otherwise the middle of the widest inside stretch of the
 * horizontal line through the centroid (the "point on surface" idea used by GEOS).
 */
export function pointOnSurface(polygons: readonly PolygonRings[]): [number, number] {
  const [cLon, cLat] = areaCentroid(polygons);
  if (pointInPolygons(polygons, cLon, cLat)) return [cLon, cLat];
  const b = bboxOf(polygons);
  const lats = [cLat, (b.minLat + b.maxLat) / 2];
  for (const lat of lats) {
    const xs: number[] = [];
    for (const rings of polygons) {
      for (const ring of rings) {
        const n = ring.length;
        for (let i = 0, j = n - 1; i < n; j = i++) {
          const [xi = 0, yi = 0] = ring[i] ?? [];
          const [xj = 0, yj = 0] = ring[j] ?? [];
          if (yi > lat !== yj > lat) xs.push(((xj - xi) * (lat - yi)) / (yj - yi) + xi);
        }
      }
    }
    xs.sort((p, q) => p - q);
    let best: [number, number] | null = null;
    let width = 0;
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const x0 = xs[k] ?? 0;
      const x1 = xs[k + 1] ?? 0;
      if (x1 - x0 > width) {
        width = x1 - x0;
        best = [(x0 + x1) / 2, lat];
      }
    }
    if (best) return best;
  }
  return [cLon, cLat];
}
