/**
 * PRIO-GRID 0.5° cells (Tollefsen, Strand & Buhaug 2012, "PRIO-GRID: A unified spatial data
 * structure", J. Peace Research 49(2)): 720 columns × 360 rows; row 0 starts at latitude −90,
 * column 0 at longitude −180; gid = row · 720 + col + 1 (gid 1 is the south-west corner cell,
 * numbering runs east along a row, then north).
 */
import { pointInPolygons, type PolygonRings } from '../../geo/polygon.ts';

export const CELL_DEG = 0.5;
export const GRID_COLS = 720;
export const GRID_ROWS = 360;

/** The gid of the cell containing the point; a point on the east or north edge of the world folds in. */
export function gidAt(lat: number, lon: number): number {
  const row = Math.min(GRID_ROWS - 1, Math.floor((lat + 90) / CELL_DEG));
  const col = Math.min(GRID_COLS - 1, Math.floor((lon + 180) / CELL_DEG));
  return row * GRID_COLS + col + 1;
}

export function rowCol(gid: number): { row: number; col: number } {
  const k = gid - 1;
  return { row: Math.floor(k / GRID_COLS), col: k % GRID_COLS };
}

export function gidOf(row: number, col: number): number {
  return row * GRID_COLS + col + 1;
}

/** Centre of a cell (lat, lon). */
export function cellCentre(gid: number): { lat: number; lon: number } {
  const { row, col } = rowCol(gid);
  return { lat: -90 + (row + 0.5) * CELL_DEG, lon: -180 + (col + 0.5) * CELL_DEG };
}

/** The (up to 8) neighbouring cells (queen contiguity); longitude wraps, latitude does not. */
export function neighbourGids(gid: number): number[] {
  const { row, col } = rowCol(gid);
  const out: number[] = [];
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      if (dr === 0 && dc === 0) continue;
      const r = row + dr;
      if (r < 0 || r >= GRID_ROWS) continue;
      out.push(gidOf(r, (col + dc + GRID_COLS) % GRID_COLS));
    }
  }
  return out;
}

/** Does segment (x0,y0)-(x1,y1) meet the box? Liang–Barsky clipping. */
function segmentMeetsBox(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  bx0: number,
  by0: number,
  bx1: number,
  by1: number,
): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return clip(-dx, x0 - bx0) && clip(dx, bx1 - x0) && clip(-dy, y0 - by0) && clip(dy, by1 - y0) && t0 <= t1;
}

/**
 * Every cell whose square meets the polygons (a boundary edge crosses it, or it lies inside):
 * the usual "cells intersecting the country" of PRIO-GRID country panels. Sorted by gid.
 */
export function cellsIntersecting(polygons: readonly PolygonRings[]): number[] {
  const found = new Set<number>();
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 1; i < ring.length; i++) {
        const [x0 = 0, y0 = 0] = ring[i - 1] ?? [];
        const [x1 = 0, y1 = 0] = ring[i] ?? [];
        minLon = Math.min(minLon, x0, x1);
        maxLon = Math.max(maxLon, x0, x1);
        minLat = Math.min(minLat, y0, y1);
        maxLat = Math.max(maxLat, y0, y1);
        // Cells the edge's bounding box covers, each tested exactly (edges here are short).
        const c0 = Math.floor((Math.min(x0, x1) + 180) / CELL_DEG);
        const c1 = Math.floor((Math.max(x0, x1) + 180) / CELL_DEG);
        const r0 = Math.floor((Math.min(y0, y1) + 90) / CELL_DEG);
        const r1 = Math.floor((Math.max(y0, y1) + 90) / CELL_DEG);
        for (let r = r0; r <= r1; r++) {
          for (let c = c0; c <= c1; c++) {
            const bx0 = -180 + c * CELL_DEG;
            const by0 = -90 + r * CELL_DEG;
            if (segmentMeetsBox(x0, y0, x1, y1, bx0, by0, bx0 + CELL_DEG, by0 + CELL_DEG)) {
              found.add(gidOf(r, c));
            }
          }
        }
      }
    }
  }
  // Cells entirely inside: their centre is inside the polygons.
  if (Number.isFinite(minLat)) {
    for (let r = Math.floor((minLat + 90) / CELL_DEG); r <= Math.floor((maxLat + 90) / CELL_DEG); r++) {
      for (let c = Math.floor((minLon + 180) / CELL_DEG); c <= Math.floor((maxLon + 180) / CELL_DEG); c++) {
        const g = gidOf(r, c);
        if (found.has(g)) continue;
        const { lat, lon } = cellCentre(g);
        if (pointInPolygons(polygons, lon, lat)) found.add(g);
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * Cells whose centre lies inside the polygons: a cell belongs to the country holding most of it,
 * as in PRIO-GRID's country assignment. Sorted by gid.
 */
export function cellsWithCentreIn(polygons: readonly PolygonRings[]): number[] {
  const out: number[] = [];
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const rings of polygons) {
    for (const [x = 0, y = 0] of rings[0] ?? []) {
      minLon = Math.min(minLon, x);
      maxLon = Math.max(maxLon, x);
      minLat = Math.min(minLat, y);
      maxLat = Math.max(maxLat, y);
    }
  }
  if (!Number.isFinite(minLat)) return out;
  for (let r = Math.floor((minLat + 90) / CELL_DEG); r <= Math.floor((maxLat + 90) / CELL_DEG); r++) {
    for (let c = Math.floor((minLon + 180) / CELL_DEG); c <= Math.floor((maxLon + 180) / CELL_DEG); c++) {
      const g = gidOf(r, c);
      const { lat, lon } = cellCentre(g);
      if (pointInPolygons(polygons, lon, lat)) out.push(g);
    }
  }
  return out.sort((a, b) => a - b);
}
