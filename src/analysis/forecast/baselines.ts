/**
 * The two baselines every forecast must beat, made at last-observed month L for any later month.
 * Definitions are those of the issue 7 reference (reproduced to three decimals on the shared
 * data, docs/forecast-evaluation.md):
 * - no-change: the next month repeats month L — probability 1 if it had an event, else 0;
 *   fatalities those of month L;
 * - historical mean over months 0..L (every month since the start of the data): the mean monthly
 *   event count ranks units (AUPR, AUROC), the mean monthly fatalities is the point forecast
 *   (MSLE), and the share of months with an event is the probability (Brier: a mean count is
 *   not a probability).
 */
import type { Panel } from './panel.ts';

export interface Prediction {
  /** P(at least one event), per unit. */
  prob: Float64Array;
  /** Predicted fatalities, per unit. */
  fatalities: Float64Array;
  /** Ranking score for AUPR and AUROC when it is not `prob` (any increasing scale). */
  score?: Float64Array;
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

/** Mean events (score), share of months with an event (prob) and mean deaths, months 0..L. */
export function historicalMean(p: Panel, L: number): Required<Prediction> {
  const U = p.units.length;
  const out = { prob: new Float64Array(U), fatalities: new Float64Array(U), score: new Float64Array(U) };
  if (L < 0) return out;
  for (let u = 0; u < U; u++) {
    let active = 0;
    let events = 0;
    let deaths = 0;
    for (let m = 0; m <= L; m++) {
      const e = p.events[u * p.months + m] ?? 0;
      if (e > 0) active++;
      events += e;
      deaths += p.deaths[u * p.months + m] ?? 0;
    }
    out.prob[u] = active / (L + 1);
    out.score[u] = events / (L + 1);
    out.fatalities[u] = deaths / (L + 1);
  }
  return out;
}
