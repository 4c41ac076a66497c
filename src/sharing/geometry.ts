/**
 * Planar geometry for agreement areas (GeoJSON polygons, positions [lon, lat], RFC 7946 §3.1).
 * An agreed polygon is a closed set: a point exactly on its border is inside (docs/sharing.md §4),
 * so rounding a coordinate onto the border never flips a decision outwards.
 */

/** Why a ring is unusable, with the index of the offending position when there is one. */
export type RingProblem =
  | { kind: 'too_few'; at: number }
  | { kind: 'not_closed'; at: number }
  | { kind: 'self_intersects'; at: number }
  | { kind: 'degenerate'; at: number };

/** Cross product of (b − a) × (c − a). */
function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** True when p lies on the closed segment [a, b] (exact arithmetic on the given doubles). */
export function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  if (cross(ax, ay, bx, by, px, py) !== 0) return false;
  return px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by);
}

/** True when the closed segments [a, b] and [c, d] share at least one point. */
export function segmentsIntersect(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): boolean {
  const d1 = Math.sign(cross(cx, cy, dx, dy, ax, ay));
  const d2 = Math.sign(cross(cx, cy, dx, dy, bx, by));
  const d3 = Math.sign(cross(ax, ay, bx, by, cx, cy));
  const d4 = Math.sign(cross(ax, ay, bx, by, dx, dy));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && onSegment(ax, ay, cx, cy, dx, dy)) ||
    (d2 === 0 && onSegment(bx, by, cx, cy, dx, dy)) ||
    (d3 === 0 && onSegment(cx, cy, ax, ay, bx, by)) ||
    (d4 === 0 && onSegment(dx, dy, ax, ay, bx, by))
  );
}

/**
 * Checks one linear ring: at least four positions, first equal to last (RFC 7946 §3.1.6), a
 * non-zero area, and no two non-adjacent edges touching (the "obvious" self-intersections: a
 * bow-tie, a spike folding back). O(n²) edges, so callers cap the number of positions.
 */
export function ringProblem(ring: readonly (readonly number[])[]): RingProblem | null {
  if (ring.length < 4) return { kind: 'too_few', at: ring.length };
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return { kind: 'not_closed', at: ring.length - 1 };
  const n = ring.length - 1; // edges
  for (let i = 0; i < n; i++) {
    const [ax = 0, ay = 0] = ring[i]!;
    const [bx = 0, by = 0] = ring[i + 1]!;
    if (ax === bx && ay === by) return { kind: 'degenerate', at: i + 1 };
  }
  let area = 0;
  for (let i = 0; i < n; i++) {
    const [ax = 0, ay = 0] = ring[i]!;
    const [bx = 0, by = 0] = ring[i + 1]!;
    for (let j = i + 1; j < n; j++) {
      // Adjacent edges share a vertex by construction; the first and last edge too.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const [cx = 0, cy = 0] = ring[j]!;
      const [dx = 0, dy = 0] = ring[j + 1]!;
      if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return { kind: 'self_intersects', at: j };
    }
    area += ax * by - bx * ay;
  }
  // Checked last: a bow-tie also has zero area, and "it crosses itself" is the better explanation.
  if (area === 0) return { kind: 'degenerate', at: 0 };
  return null;
}

/** Ring inside-test with the border counted as inside. */
function inRingClosed(ring: readonly (readonly number[])[], x: number, y: number): 'in' | 'on' | 'out' {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    if (onSegment(x, y, xj, yj, xi, yi)) return 'on';
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'in' : 'out';
}

/**
 * True when [lon, lat] lies in the polygon or on its border. A point inside a hole is outside;
 * a point on a hole's border is on the polygon's border, hence inside.
 */
export function pointInClosedPolygon(rings: readonly (readonly (readonly number[])[])[], lon: number, lat: number): boolean {
  const outer = rings[0];
  if (!outer) return false;
  const o = inRingClosed(outer, lon, lat);
  if (o === 'out') return false;
  if (o === 'on') return true;
  for (let k = 1; k < rings.length; k++) {
    const h = inRingClosed(rings[k]!, lon, lat);
    if (h === 'on') return true;
    if (h === 'in') return false;
  }
  return true;
}

export interface Box {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** Bounding box of the outer ring. */
export function boxOf(rings: readonly (readonly (readonly number[])[])[]): Box {
  const b: Box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const [lon = NaN, lat = NaN] of rings[0] ?? []) {
    b.minLon = Math.min(b.minLon, lon);
    b.maxLon = Math.max(b.maxLon, lon);
    b.minLat = Math.min(b.minLat, lat);
    b.maxLat = Math.max(b.maxLat, lat);
  }
  return b;
}
