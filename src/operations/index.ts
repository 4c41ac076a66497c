/**
 * In-memory spatial and temporal index of footprints (activities and protected sites), so that
 * checking one new operation against tens of thousands of records costs a few grid lookups: a
 * uniform grid of CELL_DEG cells over the buffered boxes, then a time-window test, then exact
 * geometry only for what survives both.
 */
import { bboxesIntersect, overlaps, distanceM, meetingPoint, type BBox } from './geometry.ts';
import type { Footprint } from './footprint.ts';
import { windowOverlap, type Window } from './windows.ts';

const CELL_DEG = 0.25;
/** A footprint spanning more cells than this goes to a short list checked every time. */
const MAX_CELLS = 400;

export interface Overlap {
  other: Footprint;
  /** When they overlap (the gap bridged by tolerance when they only come close in time). */
  window: Window;
  /** Shortest distance between the two shapes, in metres (0 when they intersect). */
  distanceM: number;
  /** A point representing where they meet: [lon, lat]. */
  where: [number, number];
}

function cellsOf(b: BBox): { x0: number; x1: number; y0: number; y1: number; count: number } {
  const x0 = Math.floor(b.minLon / CELL_DEG);
  const x1 = Math.floor(b.maxLon / CELL_DEG);
  const y0 = Math.floor(b.minLat / CELL_DEG);
  const y1 = Math.floor(b.maxLat / CELL_DEG);
  return { x0, x1, y0, y1, count: (x1 - x0 + 1) * (y1 - y0 + 1) };
}

export class FootprintIndex {
  private readonly byId = new Map<string, Footprint>();
  private readonly grid = new Map<number, Set<string>>();
  private readonly oversize = new Set<string>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Footprint | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces a footprint; `null` removes the id (completed, cancelled, revoked…). */
  put(id: string, fp: Footprint | null): void {
    this.remove(id);
    if (!fp) return;
    this.byId.set(id, fp);
    const c = cellsOf(fp.bbox);
    if (c.count > MAX_CELLS) {
      this.oversize.add(id);
      return;
    }
    for (let x = c.x0; x <= c.x1; x++) {
      for (let y = c.y0; y <= c.y1; y++) {
        const k = key(x, y);
        let s = this.grid.get(k);
        if (!s) this.grid.set(k, (s = new Set()));
        s.add(id);
      }
    }
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    if (this.oversize.delete(id)) return;
    const c = cellsOf(old.bbox);
    for (let x = c.x0; x <= c.x1; x++)
      for (let y = c.y0; y <= c.y1; y++) this.grid.get(key(x, y))?.delete(id);
  }

  /** Every indexed footprint that overlaps `fp` in space (with both buffers) and time (with both tolerances). */
  overlapsOf(fp: Footprint): Overlap[] {
    const candidates = new Set<string>(this.oversize);
    const c = cellsOf(fp.bbox);
    if (c.count > MAX_CELLS) for (const id of this.byId.keys()) candidates.add(id);
    else
      for (let x = c.x0; x <= c.x1; x++)
        for (let y = c.y0; y <= c.y1; y++)
          for (const id of this.grid.get(key(x, y)) ?? []) candidates.add(id);
    candidates.delete(fp.id);
    const out: Overlap[] = [];
    for (const id of candidates) {
      const other = this.byId.get(id)!;
      if (fp.kind === 'site' && other.kind === 'site') continue;
      if (!bboxesIntersect(fp.bbox, other.bbox)) continue;
      const window = windowOverlap(fp.window, fp.toleranceMs, other.window, other.toleranceMs);
      if (!window) continue;
      if (!overlaps(fp.shape, fp.bufferM, other.shape, other.bufferM)) continue;
      const where = meetingPoint(fp.shape, other.shape);
      out.push({
        other,
        window,
        distanceM: Math.round(distanceM(fp.shape, other.shape)),
        where: [where[0] ?? 0, where[1] ?? 0],
      });
    }
    return out.sort((a, b) => (a.other.id < b.other.id ? -1 : 1));
  }
}

function key(x: number, y: number): number {
  // Cells are within ±720 × ±360 at 0.25°: a unique integer per cell.
  return (x + 1000) * 4000 + (y + 1000);
}
