/**
 * Scores of probabilistic forecasts of "any event" and of fatality counts, pooled over every
 * (unit, month) pair scored. Definitions as in scikit-learn, so figures can be checked elsewhere:
 * AUPR is average precision Σ (Rₙ − Rₙ₋₁) Pₙ over distinct thresholds (no interpolation), AUROC
 * the Mann–Whitney statistic with ties counted half.
 */

/** Average precision of scores against 0/1 outcomes; NaN when there is no positive. */
export function averagePrecision(scores: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  let positives = 0;
  for (let i = 0; i < n; i++) if ((outcomes[i] ?? 0) > 0) positives++;
  if (positives === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let k = 0; k < n;) {
    const s = scores[order[k] ?? 0] ?? 0;
    // A block of tied scores is one threshold.
    while (k < n && (scores[order[k] ?? 0] ?? 0) === s) {
      if ((outcomes[order[k] ?? 0] ?? 0) > 0) tp++;
      else fp++;
      k++;
    }
    const recall = tp / positives;
    ap += (recall - lastRecall) * (tp / (tp + fp));
    lastRecall = recall;
  }
  return ap;
}

/** Area under the ROC curve (probability a random positive outranks a random negative). */
export function auroc(scores: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let pos = 0;
  let rankSum = 0;
  for (let k = 0; k < n;) {
    const s = scores[order[k] ?? 0] ?? 0;
    let j = k;
    while (j < n && (scores[order[j] ?? 0] ?? 0) === s) j++;
    const midRank = (k + 1 + j) / 2; // ranks k+1..j, averaged over ties
    for (let i = k; i < j; i++) {
      if ((outcomes[order[i] ?? 0] ?? 0) > 0) {
        pos++;
        rankSum += midRank;
      }
    }
    k = j;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean squared error of probabilities against 0/1 outcomes. */
export function brier(probs: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const d = (probs[i] ?? 0) - ((outcomes[i] ?? 0) > 0 ? 1 : 0);
    s += d * d;
  }
  return probs.length ? s / probs.length : NaN;
}

/** Mean squared logarithmic error: mean of (ln(1 + ŷ) − ln(1 + y))². */
export function msle(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < predicted.length; i++) {
    const d = Math.log1p(Math.max(0, predicted[i] ?? 0)) - Math.log1p(Math.max(0, actual[i] ?? 0));
    s += d * d;
  }
  return predicted.length ? s / predicted.length : NaN;
}

export interface Scores {
  /** (unit, month) pairs scored. */
  n: number;
  /** Pairs with at least one event. */
  positives: number;
  aupr: number;
  auroc: number;
  brier: number;
  msle: number;
}

/** Every score at once; `score` ranks for AUPR and AUROC (default `prob`). */
export function scoreAll(
  prob: ArrayLike<number>,
  fatalities: ArrayLike<number>,
  events: ArrayLike<number>,
  deaths: ArrayLike<number>,
  score: ArrayLike<number> = prob,
): Scores {
  let positives = 0;
  for (let i = 0; i < events.length; i++) if ((events[i] ?? 0) > 0) positives++;
  return {
    n: prob.length,
    positives,
    aupr: averagePrecision(score, events),
    auroc: auroc(score, events),
    brier: brier(prob, events),
    msle: msle(fatalities, deaths),
  };
}
