/**
 * The two baselines every forecast must beat, made at last-observed month L for any later month:
 * no-change (the next month repeats month L) and the unit's historical mean over months 0..L.
 */
import type { Panel } from './panel.ts';

export interface Prediction {
  /** P(at least one event), per unit. */
  prob: Float64Array;
  /** Predicted fatalities, per unit. */
  fatalities: Float64Array;
}

export function noChange(p: Panel, L: number): Prediction {
  const U = p.units.length;
  const out = { prob: new Float64Array(U), fatalities: new Float64Array(U) };
  if (L < 0) return out;
  for (let u = 0; u < U; u++) {
    out.prob[u] = (p.events[u * p.months + L] ?? 0) > 0 ? 1 : 0;
    out.fatalities[u] = p.deaths[u * p.months + L] ?? 0;
  }
  return out;
}

/** Share of months with an event, and mean deaths per month, over months 0..L. */
export function historicalMean(p: Panel, L: number): Prediction {
  const U = p.units.length;
  const out = { prob: new Float64Array(U), fatalities: new Float64Array(U) };
  if (L < 0) return out;
  for (let u = 0; u < U; u++) {
    let active = 0;
    let deaths = 0;
    for (let m = 0; m <= L; m++) {
      if ((p.events[u * p.months + m] ?? 0) > 0) active++;
      deaths += p.deaths[u * p.months + m] ?? 0;
    }
    out.prob[u] = active / (L + 1);
    out.fatalities[u] = deaths / (L + 1);
  }
  return out;
}
