/**
 * Counts for the analytics charts: incidents and fatalities per ISO week (weeks start on Monday,
 * ISO 8601), and incidents per admin area per month or quarter. Event time is the incident's
 * `occurred_at` (UTC). Pure functions over the incident views.
 */
import type { IncidentView } from '../data/incidents.ts';

export interface WeekBucket {
  /** Monday 00:00 UTC, ISO date `YYYY-MM-DD`. */
  week: string;
  incidents: number;
  fatalities: number;
}

const DAY = 86_400_000;

/** Monday 00:00 UTC of the week containing `t` (ms). */
export function weekStart(t: number): number {
  const d = new Date(t);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  return midnight - dow * DAY;
}

/** Every week from the first to the last incident, empty weeks included (a gap is information). */
export function weekly(views: readonly IncidentView[]): WeekBucket[] {
  const byWeek = new Map<number, WeekBucket>();
  for (const v of views) {
    if (!v.occurredAt) continue;
    const t = Date.parse(v.occurredAt);
    if (Number.isNaN(t)) continue;
    const w = weekStart(t);
    const b = byWeek.get(w) ?? { week: new Date(w).toISOString().slice(0, 10), incidents: 0, fatalities: 0 };
    b.incidents += 1;
    b.fatalities += v.fatalities;
    byWeek.set(w, b);
  }
  if (byWeek.size === 0) return [];
  const keys = [...byWeek.keys()];
  const first = Math.min(...keys);
  const last = Math.max(...keys);
  const out: WeekBucket[] = [];
  for (let w = first; w <= last; w += 7 * DAY)
    out.push(byWeek.get(w) ?? { week: new Date(w).toISOString().slice(0, 10), incidents: 0, fatalities: 0 });
  return out;
}

export type Period = 'month' | 'quarter';

export function periodOf(iso: string, period: Period): string {
  const y = iso.slice(0, 4);
  const m = Number(iso.slice(5, 7));
  return period === 'month' ? `${y}-${String(m).padStart(2, '0')}` : `${y}-T${Math.ceil(m / 3)}`;
}

export interface AreaGrid {
  periods: string[];
  rows: { area: string; country: string; total: number; counts: number[] }[];
  max: number;
}

/** Incidents per admin area and period: the `top` areas with most incidents, every period between. */
export function byArea(views: readonly IncidentView[], period: Period, top = 12): AreaGrid {
  const dated = views.filter((v) => v.occurredAt && v.admin1 && v.country);
  if (dated.length === 0) return { periods: [], rows: [], max: 0 };
  const all = [...new Set(dated.map((v) => periodOf(v.occurredAt!, period)))].sort();
  const periods = fillPeriods(all[0]!, all[all.length - 1]!, period);
  const index = new Map(periods.map((p, i) => [p, i]));
  const rows = new Map<string, { area: string; country: string; total: number; counts: number[] }>();
  for (const v of dated) {
    const key = `${v.country}:${v.admin1}`;
    const row = rows.get(key) ?? {
      area: v.admin1!,
      country: v.country!,
      total: 0,
      counts: periods.map(() => 0),
    };
    row.counts[index.get(periodOf(v.occurredAt!, period))!]! += 1;
    row.total += 1;
    rows.set(key, row);
  }
  const chosen = [...rows.values()]
    .sort((a, b) => b.total - a.total || a.area.localeCompare(b.area))
    .slice(0, top);
  return { periods, rows: chosen, max: Math.max(0, ...chosen.flatMap((r) => r.counts)) };
}

function fillPeriods(first: string, last: string, period: Period): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let n = period === 'month' ? Number(first.slice(5, 7)) : Number(first.slice(6));
  const per = period === 'month' ? 12 : 4;
  for (;;) {
    const label = period === 'month' ? `${y}-${String(n).padStart(2, '0')}` : `${y}-T${n}`;
    out.push(label);
    if (label === last || out.length > 1200) return out;
    n += 1;
    if (n > per) {
      n = 1;
      y += 1;
    }
  }
}
