/**
 * The footprint of a planned activity or protected site: what deconfliction compares (shape,
 * buffer, time window, tolerance), derived from its STIX record. Default buffers and tolerances
 * per activity kind reflect how far and how late each kind of activity may stray from its plan.
 */
import { bboxOfShape, expandBBox, type BBox, type Shape } from './geometry.ts';
import type { Window } from './windows.ts';
import type { ActivityKind } from '../objects/custom/operations-types.ts';
import type { StixObject } from '../objects/stix.ts';

export const DEFAULT_BUFFER_M: Readonly<Record<ActivityKind, number>> = {
  operation: 1_000,
  patrol: 2_000,
  convoy: 1_000,
  movement: 1_000,
  'air-operation': 5_000,
  training: 500,
};

export const DEFAULT_TOLERANCE_MIN: Readonly<Record<ActivityKind, number>> = {
  operation: 60,
  patrol: 30,
  convoy: 60,
  movement: 60,
  'air-operation': 15,
  training: 0,
};

/** Protected sites keep a clear distance of at least this much (unless the site says more). */
export const SITE_DEFAULT_BUFFER_M = 500;

/** Statuses whose activities take part in deconfliction. */
const LIVE_STATUSES = new Set(['draft', 'proposed', 'approved', 'active']);

export interface Footprint {
  id: string;
  kind: 'activity' | 'site';
  shape: Shape;
  bufferM: number;
  window: Window;
  toleranceMs: number;
  /** The shape's box grown by its buffer, for the index prefilter. */
  bbox: BBox;
  /** 'local' or the originating node id. */
  origin: string;
  /** Site: notice lead time in hours; activity: 0. */
  leadHours: number;
}

export function shapeOf(area: unknown): Shape | null {
  if (typeof area !== 'object' || area === null) return null;
  const g = area as { type?: unknown; coordinates?: unknown };
  if (g.type === 'Polygon' && Array.isArray(g.coordinates))
    return { kind: 'polygon', rings: g.coordinates as number[][][] };
  if (g.type === 'LineString' && Array.isArray(g.coordinates))
    return { kind: 'line', points: g.coordinates as number[][] };
  if (g.type === 'Point' && Array.isArray(g.coordinates))
    return { kind: 'point', point: g.coordinates as number[] };
  return null;
}

/** The window an activity occupies: actual times once known, else planned ones. */
export function activityWindow(o: StixObject): Window | null {
  const s = Date.parse(String(o.actual_start ?? o.planned_start));
  const endRaw = o.actual_end ?? o.planned_end;
  const e = Date.parse(String(endRaw));
  if (Number.isNaN(s) || Number.isNaN(e) || e <= s) return null;
  return { startMs: s, endMs: e };
}

/**
 * The footprint of a record, or null when it does not take part in deconfliction (another type,
 * revoked, completed or cancelled, expired site, malformed).
 */
/** The buffer deconfliction applies: the record's own, else its kind's default; a site never below the site default. */
export function effectiveBufferM(o: StixObject): number {
  const own = typeof o.buffer_m === 'number' ? o.buffer_m : undefined;
  if (o.type === 'x-sentinelle-protected-site') return Math.max(SITE_DEFAULT_BUFFER_M, own ?? 0);
  return own ?? DEFAULT_BUFFER_M[o.activity_kind as ActivityKind] ?? 1_000;
}

export function footprintOf(o: StixObject, origin: string): Footprint | null {
  if (o.revoked === true) return null;
  if (o.type === 'x-sentinelle-operation') {
    if (!LIVE_STATUSES.has(String(o.status))) return null;
    const shape = shapeOf(o.area);
    const window = activityWindow(o);
    if (!shape || !window) return null;
    const kind = o.activity_kind as ActivityKind;
    const bufferM = effectiveBufferM(o);
    const tol =
      typeof o.time_tolerance_min === 'number' ? o.time_tolerance_min : (DEFAULT_TOLERANCE_MIN[kind] ?? 0);
    return {
      id: o.id,
      kind: 'activity',
      shape,
      bufferM,
      window,
      toleranceMs: tol * 60_000,
      bbox: expandBBox(bboxOfShape(shape), bufferM),
      origin,
      leadHours: 0,
    };
  }
  if (o.type === 'x-sentinelle-protected-site') {
    const shape = shapeOf(o.area);
    const s = Date.parse(String(o.valid_from));
    const e = Date.parse(String(o.valid_until));
    if (!shape || Number.isNaN(s) || Number.isNaN(e) || e <= s) return null;
    const bufferM = effectiveBufferM(o);
    const lead = typeof o.notice_lead_hours === 'number' ? o.notice_lead_hours : 0;
    return {
      id: o.id,
      kind: 'site',
      shape,
      bufferM,
      window: { startMs: s, endMs: e },
      toleranceMs: 0,
      bbox: expandBBox(bboxOfShape(shape), bufferM),
      origin,
      leadHours: lead,
    };
  }
  return null;
}
