/**
 * Time windows of planned activities: half-open [start, end) instants in milliseconds since the
 * epoch (UTC), so time zones and daylight-saving changes cannot matter: a partner's local time is
 * converted to an instant before it is stored (STIX timestamps are UTC, §3.2).
 */

export interface Window {
  startMs: number;
  endMs: number;
}

/**
 * Where two windows overlap, each widened by its tolerance on both sides (a convoy 30 min late
 * still meets a patrol), or null. Windows that only touch (one ends when the other starts) do not
 * overlap unless a tolerance bridges them.
 */
export function windowOverlap(a: Window, tolA: number, b: Window, tolB: number): Window | null {
  const tol = Math.max(0, tolA) + Math.max(0, tolB);
  if (!(a.startMs - tol < b.endMs && b.startMs - tol < a.endMs)) return null;
  // The common period, or (when only the tolerance bridges them) the gap between the two.
  const from = Math.max(a.startMs, b.startMs);
  const to = Math.min(a.endMs, b.endMs);
  return from <= to ? { startMs: from, endMs: to } : { startMs: to, endMs: from };
}

/** The UTC calendar day (YYYY-MM-DD) of an instant: the rough time a blind notice gives. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
