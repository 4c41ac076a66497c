/**
 * Small robust planar geometry for deconfliction. Positions are GeoJSON [lon, lat] (RFC 7946
 * §3.1.1); distances are computed in metres on a local equirectangular projection centred on the
 * shapes being compared (error < 0.5 % over a few hundred kilometres in the Sahel, far below the
 * buffers used). Closed sets throughout: touching shapes overlap (a warning too many is safer than
 * one too few). Pure functions, no imports.
 */

export type Position = readonly number[];

/** A shape as deconfliction sees it: polygon (outer ring + holes), route, or point. */
export type Shape =
  | { kind: 'polygon'; rings: readonly (readonly Position[])[] }
  | { kind: 'line'; points: readonly Position[] }
  | { kind: 'point'; point: Position };

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const DEG = Math.PI / 180;
/** Metres per degree of latitude on the mean sphere. */
export const M_PER_DEG_LAT = EARTH_RADIUS_M * DEG;

type XY = [number, number];

/** A local projection: degrees → metres around a reference latitude. */
export interface Projection {
  lat0: number;
  toXY: (p: Position) => XY;
}

export function projectionAt(lat0: number): Projection {
  const kx = M_PER_DEG_LAT * Math.cos(lat0 * DEG);
  return { lat0, toXY: (p) => [(p[0] ?? 0) * kx, (p[1] ?? 0) * M_PER_DEG_LAT] };
}

/** Orientation of (a, b, c): >0 counter-clockwise, <0 clockwise, 0 collinear. */
function orient(a: XY, b: XY, c: XY): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: XY, b: XY, p: XY): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** True when segments [a, b] and [c, d] share at least one point (touching and collinear overlap included). */
export function segmentsIntersect(a: XY, b: XY, c: XY, d: XY): boolean {
  const o1 = Math.sign(orient(a, b, c));
  const o2 = Math.sign(orient(a, b, d));
  const o3 = Math.sign(orient(c, d, a));
  const o4 = Math.sign(orient(c, d, b));
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(a, b, c)) return true;
  if (o2 === 0 && onSegment(a, b, d)) return true;
  if (o3 === 0 && onSegment(c, d, a)) return true;
  if (o4 === 0 && onSegment(c, d, b)) return true;
  return false;
}

/** Distance from point p to segment [a, b], in the units of the coordinates. */
export function distancePointSegment(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function distanceSegmentSegment(a: XY, b: XY, c: XY, d: XY): number {
  if (segmentsIntersect(a, b, c, d)) return 0;
  return Math.min(
    distancePointSegment(a, c, d),
    distancePointSegment(b, c, d),
    distancePointSegment(c, a, b),
    distancePointSegment(d, a, b),
  );
}

/**
 * Point in polygon (even-odd over every ring, so holes need no special case); a point on an edge
 * counts as inside (closed set).
 */
export function pointInRings(rings: readonly (readonly XY[])[], p: XY): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const a = ring[i]!;
      const b = ring[j]!;
      if (distancePointSegment(p, a, b) === 0) return true;
      if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0])
        inside = !inside;
    }
  }
  return inside;
}

/** Point in polygon on [lon, lat] positions (closed: the border is inside). */
export function pointInPolygon(rings: readonly (readonly Position[])[], p: Position): boolean {
  const proj = projectionAt(p[1] ?? 0);
  return pointInRings(
    rings.map((r) => r.map(proj.toXY)),
    proj.toXY(p),
  );
}

/**
 * Where a ring is not a simple closed curve: the index of the first edge that crosses or touches a
 * non-adjacent edge, or -1. O(n²), fine for the few hundred vertices of a planned area.
 */
export function selfIntersectionAt(ring: readonly Position[]): number {
  const pts = ring.map((p): XY => [p[0] ?? 0, p[1] ?? 0]);
  const n = pts.length - 1; // edges of a closed ring
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      const [a, b, c, d] = [pts[i]!, pts[i + 1]!, pts[j]!, pts[j + 1]!];
      if (adjacent) {
        // Adjacent edges share one vertex; they must not fold back onto each other.
        const shared = j === i + 1 ? b : a;
        const other1 = j === i + 1 ? a : b;
        const other2 = j === i + 1 ? d : c;
        if (
          orient(other1, shared, other2) === 0 &&
          (onSegmentStrict(shared, other1, other2) || onSegmentStrict(shared, other2, other1))
        )
          return i;
        continue;
      }
      if (segmentsIntersect(a, b, c, d)) return i;
    }
  }
  return -1;
}

/** p lies on [a, b] beyond the shared endpoint a (a fold-back of two collinear edges). */
function onSegmentStrict(a: XY, b: XY, p: XY): boolean {
  return onSegment(a, b, p) && (p[0] !== a[0] || p[1] !== a[1]);
}

/** Twice the signed area of a ring (shoelace), in degrees². */
export function ringArea2(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j]![0] ?? 0) * (ring[i]![1] ?? 0) - (ring[i]![0] ?? 0) * (ring[j]![1] ?? 0);
  }
  return s;
}

export function bboxOfShape(s: Shape): BBox {
  const pts = s.kind === 'polygon' ? (s.rings[0] ?? []) : s.kind === 'line' ? s.points : [s.point];
  const b: BBox = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const p of pts) {
    const lon = p[0] ?? 0;
    const lat = p[1] ?? 0;
    if (lon < b.minLon) b.minLon = lon;
    if (lon > b.maxLon) b.maxLon = lon;
    if (lat < b.minLat) b.minLat = lat;
    if (lat > b.maxLat) b.maxLat = lat;
  }
  return b;
}

/** The box grown by `m` metres on every side (the longitude step taken at the box's widest latitude). */
export function expandBBox(b: BBox, m: number): BBox {
  const dLat = m / M_PER_DEG_LAT;
  const maxAbsLat = Math.min(89, Math.max(Math.abs(b.minLat), Math.abs(b.maxLat)) + dLat);
  const dLon = m / (M_PER_DEG_LAT * Math.cos(maxAbsLat * DEG));
  return {
    minLon: b.minLon - dLon,
    minLat: b.minLat - dLat,
    maxLon: b.maxLon + dLon,
    maxLat: b.maxLat + dLat,
  };
}

export function bboxesIntersect(a: BBox, b: BBox): boolean {
  return a.minLon <= b.maxLon && b.minLon <= a.maxLon && a.minLat <= b.maxLat && b.minLat <= a.maxLat;
}

function segmentsOf(s: Shape, proj: Projection): [XY, XY][] {
  const out: [XY, XY][] = [];
  const push = (pts: readonly Position[]) => {
    const xy = pts.map(proj.toXY);
    for (let i = 0; i + 1 < xy.length; i++) out.push([xy[i]!, xy[i + 1]!]);
    if (xy.length === 1) out.push([xy[0]!, xy[0]!]);
  };
  if (s.kind === 'polygon') s.rings.forEach(push);
  else if (s.kind === 'line') push(s.points);
  else push([s.point]);
  return out;
}

function firstPoint(s: Shape): Position {
  return s.kind === 'polygon'
    ? (s.rings[0]?.[0] ?? [0, 0])
    : s.kind === 'line'
      ? (s.points[0] ?? [0, 0])
      : s.point;
}

/**
 * Shortest distance in metres between two shapes (0 when they intersect, or when one lies inside
 * a polygon of the other).
 */
export function distanceM(a: Shape, b: Shape): number {
  const ba = bboxOfShape(a);
  const bb = bboxOfShape(b);
  const proj = projectionAt((Math.min(ba.minLat, bb.minLat) + Math.max(ba.maxLat, bb.maxLat)) / 2);
  if (
    a.kind === 'polygon' &&
    pointInRings(
      a.rings.map((r) => r.map(proj.toXY)),
      proj.toXY(firstPoint(b)),
    )
  )
    return 0;
  if (
    b.kind === 'polygon' &&
    pointInRings(
      b.rings.map((r) => r.map(proj.toXY)),
      proj.toXY(firstPoint(a)),
    )
  )
    return 0;
  const sa = segmentsOf(a, proj);
  const sb = segmentsOf(b, proj);
  let best = Infinity;
  for (const [p, q] of sa) {
    for (const [r, s] of sb) {
      const d = distanceSegmentSegment(p, q, r, s);
      if (d < best) best = d;
      if (best === 0) return 0;
    }
  }
  return best;
}

/** True when the shapes, each grown by its buffer, share a point (distance ≤ sum of buffers). */
export function overlaps(a: Shape, bufferA: number, b: Shape, bufferB: number): boolean {
  const reach = Math.max(0, bufferA) + Math.max(0, bufferB);
  if (!bboxesIntersect(expandBBox(bboxOfShape(a), reach), bboxOfShape(b))) return false;
  // A tolerance of a millimetre absorbs floating-point noise on exactly touching buffers.
  return distanceM(a, b) <= reach + 1e-3;
}

/** A representative point of the part of `a` nearest to `b` (for "where they overlap"). */
export function meetingPoint(a: Shape, b: Shape): Position {
  const ba = bboxOfShape(a);
  const bb = bboxOfShape(b);
  // The centre of the boxes' intersection, or of the gap between them.
  const lon = (Math.max(ba.minLon, bb.minLon) + Math.min(ba.maxLon, bb.maxLon)) / 2;
  const lat = (Math.max(ba.minLat, bb.minLat) + Math.min(ba.maxLat, bb.maxLat)) / 2;
  return [lon, lat];
}
