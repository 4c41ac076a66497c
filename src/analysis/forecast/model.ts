/**
 * The forecast model: a hurdle of two gradient-boosted tree ensembles over the features of
 * features.ts — logistic loss for P(≥ 1 event), squared loss on log1p(deaths) over unit-months
 * that had events for the size part. Point forecast of fatalities, minimising the expected
 * squared log error: expm1(p · E[log1p(deaths) | event]).
 * Training uses only (features at L', outcome at L' + h) pairs whose outcome month is ≤ the last
 * observed month: rolling-origin, no look-ahead.
 */
import type { Prediction } from './baselines.ts';
import { FEATURE_NAMES, featuresAt, N_FEATURES } from './features.ts';
import { contributions, fitGbdt, predictGbdt, rng, type GbdtModel, type GbdtParams } from './gbdt.ts';
import type { Panel } from './panel.ts';

export interface HurdleModel {
  horizon: number;
  /** Last month observed when trained (panel index). */
  trainedThrough: number;
  event: GbdtModel;
  size: GbdtModel;
  rows: number;
}

export interface ModelOptions {
  event?: Partial<GbdtParams>;
  size?: Partial<GbdtParams>;
  /** Months of history needed before a month can be a training feature month. Default 2. */
  minHistory?: number;
  /**
   * Share of "cold" rows kept for the event model (no event ever in the unit or its neighbours
   * before): they are most rows of a desert country and all alike, so a sample weighted by the
   * inverse share teaches the same at a fraction of the cost. Default 0.2.
   */
  coldShare?: number;
  seed?: number;
}

export const EVENT_PARAMS: Partial<GbdtParams> = {
  loss: 'logistic',
  trees: 150,
  depth: 3,
  learningRate: 0.05,
};
/** Admin-1 panels are small (tens of units): shallower, slower-learning trees. */
export const ADMIN1_EVENT_PARAMS: Partial<GbdtParams> = {
  loss: 'logistic',
  trees: 200,
  depth: 2,
  minLeafRows: 40,
  learningRate: 0.03,
};
export const SIZE_PARAMS: Partial<GbdtParams> = {
  loss: 'squared',
  trees: 100,
  depth: 2,
  learningRate: 0.05,
  minLeafRows: 10,
};

/** Feature matrices per last-observed month, computed once per panel. */
export class FeatureCache {
  private readonly cache = new Map<number, Float64Array>();
  constructor(readonly panel: Panel) {}
  at(L: number): Float64Array {
    let X = this.cache.get(L);
    if (!X) this.cache.set(L, (X = featuresAt(this.panel, L)));
    return X;
  }
}

/** Trains on every outcome month s ≤ `lastObserved`, with features at s − h. */
export function trainHurdle(
  cache: FeatureCache,
  lastObserved: number,
  horizon: number,
  opts: ModelOptions = {},
): HurdleModel {
  const p = cache.panel;
  const U = p.units.length;
  const first = (opts.minHistory ?? 2) - 1;
  const parts: Float64Array[] = [];
  const yEvent: number[] = [];
  const sizeRows: number[] = [];
  const ySize: number[] = [];
  let row = 0;
  for (let s = first + horizon; s <= lastObserved; s++) {
    const X = cache.at(s - horizon);
    parts.push(X);
    for (let u = 0; u < U; u++, row++) {
      const ev = p.events[u * p.months + s] ?? 0;
      yEvent.push(ev > 0 ? 1 : 0);
      if (ev > 0) {
        sizeRows.push(row);
        ySize.push(Math.log1p(p.deaths[u * p.months + s] ?? 0));
      }
    }
  }
  const X = new Float64Array(row * N_FEATURES);
  let off = 0;
  for (const part of parts) {
    X.set(part, off);
    off += part.length;
  }
  const XS = new Float64Array(sizeRows.length * N_FEATURES);
  sizeRows.forEach((r, k) => XS.set(X.subarray(r * N_FEATURES, (r + 1) * N_FEATURES), k * N_FEATURES));
  // Cold rows: never any event in the unit nor its first and second rings.
  const share = opts.coldShare ?? 0.2;
  const iShare = FEATURE_NAMES.indexOf('history_share_active');
  const iNb = FEATURE_NAMES.indexOf('neighbours_share_active');
  const iR2 = FEATURE_NAMES.indexOf('ring2_events_12m');
  const random = rng(opts.seed ?? 1);
  const keep: number[] = [];
  const weights: number[] = [];
  for (let r = 0; r < row; r++) {
    const o = r * N_FEATURES;
    const cold = X[o + iShare] === 0 && X[o + iNb] === 0 && X[o + iR2] === 0;
    if (!cold || yEvent[r] === 1 || share >= 1) {
      keep.push(r);
      weights.push(1);
    } else if (random() < share) {
      keep.push(r);
      weights.push(1 / share);
    }
  }
  const XE = new Float64Array(keep.length * N_FEATURES);
  keep.forEach((r, k) => XE.set(X.subarray(r * N_FEATURES, (r + 1) * N_FEATURES), k * N_FEATURES));
  const event = fitGbdt(
    XE,
    keep.map((r) => yEvent[r] ?? 0),
    N_FEATURES,
    { ...EVENT_PARAMS, ...opts.event },
    weights,
  );
  const size = fitGbdt(XS, ySize, N_FEATURES, { ...SIZE_PARAMS, ...opts.size });
  return { horizon, trainedThrough: lastObserved, event, size, rows: row };
}

/** Forecasts for every unit from features at the model's last observed month (or `L`). */
export function predictHurdle(m: HurdleModel, X: Float64Array): Prediction {
  const prob = predictGbdt(m.event, X);
  const size = predictGbdt(m.size, X);
  const fatalities = new Float64Array(prob.length);
  for (let i = 0; i < prob.length; i++) fatalities[i] = Math.expm1(prob[i]! * Math.max(0, size[i]!));
  return { prob, fatalities };
}

export interface Driver {
  name: string;
  value: number;
  /** Contribution to the log-odds of an event. */
  weight: number;
}

/** The features that pushed one unit's event probability up the most. */
export function topDrivers(m: HurdleModel, X: Float64Array, unit: number, k = 3): Driver[] {
  const off = unit * N_FEATURES;
  const c = contributions(m.event, X, off);
  return FEATURE_NAMES.map((name, f) => ({ name, value: X[off + f] ?? 0, weight: c[f] ?? 0 }))
    .filter((d) => d.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, k);
}
