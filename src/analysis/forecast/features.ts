/**
 * Features of one unit for a forecast made at the end of month L (the last month observed) about
 * month L + h. Every value is read from months ≤ L only — the no-look-ahead test in
 * features.test.ts perturbs every later month and checks nothing here moves.
 */
import type { Panel } from './panel.ts';

export const FEATURE_NAMES = [
  'events_lag1',
  'events_lag2',
  'events_lag3',
  'events_3m',
  'events_6m',
  'events_12m',
  'deaths_lag1',
  'deaths_3m',
  'deaths_12m',
  'history_share_active',
  'history_mean_events',
  'history_mean_deaths',
  'events_24m',
  'months_since_event',
  'decay_3m',
  'decay_12m',
  'neighbours_events_lag1',
  'neighbours_events_3m',
  'neighbours_events_12m',
  'neighbours_deaths_12m',
  'neighbours_share_active',
  'neighbours_decay_3m',
  'neighbours_mean_events',
  'ring2_events_3m',
  'ring2_events_12m',
  'state_based_12m',
  'non_state_12m',
  'one_sided_12m',
  'country_events_lag1',
  'country_events_3m',
  'country_trend',
  'border_km',
  'history_months',
  'lat',
  'lon',
  'month_of_year',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const N_FEATURES = FEATURE_NAMES.length;

/** Sum of `a[u·M + m]` for m in [from, to] clipped to [0, M). */
function sum(a: Float64Array, base: number, M: number, from: number, to: number): number {
  let s = 0;
  for (let m = Math.max(0, from); m <= Math.min(M - 1, to); m++) s += a[base + m] ?? 0;
  return s;
}

/** Per-unit summaries over months ≤ L that several features reuse. */
interface UnitStats {
  ev3: number;
  ev12: number;
  share: number;
  /** Mean events per month since the start of the data. */
  mean: number;
  decay3: number;
}

function monthsSince(p: Panel, base: number, L: number): number {
  for (let m = L; m >= 0; m--) if ((p.events[base + m] ?? 0) > 0) return L - m;
  return L + 1 + 12; // never seen: further back than anything seen
}

/**
 * The feature matrix for every unit at last-observed month `L` (panel index): row-major,
 * units × N_FEATURES. `L` may be −1 (nothing observed yet).
 */
export function featuresAt(p: Panel, L: number): Float64Array {
  const M = p.months;
  const U = p.units.length;
  const X = new Float64Array(U * N_FEATURES);
  const stats: UnitStats[] = [];
  for (let u = 0; u < U; u++) {
    const base = u * M;
    let active = 0;
    let total = 0;
    for (let m = 0; m <= L && m < M; m++) {
      const e = p.events[base + m] ?? 0;
      if (e > 0) active++;
      total += e;
    }
    stats.push({
      ev3: sum(p.events, base, M, L - 2, L),
      ev12: sum(p.events, base, M, L - 11, L),
      share: L >= 0 ? active / (L + 1) : 0,
      mean: L >= 0 ? total / (L + 1) : 0,
      decay3: Math.pow(2, -monthsSince(p, base, L) / 3),
    });
  }
  const countryL1 = new Map<string, number>();
  const country3 = new Map<string, number>();
  const countryPrev3 = new Map<string, number>();
  p.units.forEach((unit, u) => {
    const base = u * M;
    const add = (m: Map<string, number>, v: number) => m.set(unit.country, (m.get(unit.country) ?? 0) + v);
    add(countryL1, sum(p.events, base, M, L, L));
    add(country3, sum(p.events, base, M, L - 2, L));
    add(countryPrev3, sum(p.events, base, M, L - 5, L - 3));
  });
  const lg = Math.log1p;
  for (let u = 0; u < U; u++) {
    const unit = p.units[u]!;
    const base = u * M;
    const s = stats[u]!;
    const ms = monthsSince(p, base, L);
    let deathsAll = 0;
    for (let m = 0; m <= L && m < M; m++) deathsAll += p.deaths[base + m] ?? 0;
    let nbL1 = 0;
    let nb3 = 0;
    let nb12 = 0;
    let nbDeaths12 = 0;
    let nbShare = 0;
    let nbDecay = 0;
    let nbMean = 0;
    for (const v of unit.neighbours) {
      nbMean += stats[v]!.mean;
      const vb = v * M;
      nbL1 += sum(p.events, vb, M, L, L);
      nb3 += sum(p.events, vb, M, L - 2, L);
      nb12 += stats[v]!.ev12;
      nbDeaths12 += sum(p.deaths, vb, M, L - 11, L);
      nbShare += stats[v]!.share;
      nbDecay = Math.max(nbDecay, stats[v]!.decay3);
    }
    let r2 = 0;
    let r2m3 = 0;
    for (const v of unit.ring2) {
      r2 += stats[v]!.ev12;
      r2m3 += stats[v]!.ev3;
    }
    const c3 = country3.get(unit.country) ?? 0;
    const row = [
      lg(sum(p.events, base, M, L, L)),
      lg(sum(p.events, base, M, L - 1, L - 1)),
      lg(sum(p.events, base, M, L - 2, L - 2)),
      lg(sum(p.events, base, M, L - 2, L)),
      lg(sum(p.events, base, M, L - 5, L)),
      lg(s.ev12),
      lg(sum(p.deaths, base, M, L, L)),
      lg(sum(p.deaths, base, M, L - 2, L)),
      lg(sum(p.deaths, base, M, L - 11, L)),
      s.share,
      lg(s.mean),
      lg(L >= 0 ? deathsAll / (L + 1) : 0),
      lg(sum(p.events, base, M, L - 23, L)),
      ms,
      s.decay3,
      Math.pow(2, -ms / 12),
      lg(nbL1),
      lg(nb3),
      lg(nb12),
      lg(nbDeaths12),
      unit.neighbours.length ? nbShare / unit.neighbours.length : 0,
      nbDecay,
      lg(nbMean),
      lg(r2m3),
      lg(r2),
      lg(sum(p.type1, base, M, L - 11, L)),
      lg(sum(p.type2, base, M, L - 11, L)),
      lg(sum(p.type3, base, M, L - 11, L)),
      lg(countryL1.get(unit.country) ?? 0),
      lg(c3),
      lg(c3) - lg(countryPrev3.get(unit.country) ?? 0),
      unit.borderKm,
      L + 1,
      unit.lat,
      unit.lon,
      // Calendar month of L (1–12): known in advance, the rainy season slows fighting.
      ((((p.start + L) % 12) + 12) % 12) + 1,
    ];
    X.set(row, u * N_FEATURES);
  }
  return X;
}
