/**
 * The forecast model: a hurdle of two gradient-boosted tree ensembles over the features of
 * features.ts — logistic loss for P(≥ 1 event), squared loss on log1p(deaths) over unit-months
 * that had events for the size part. Point forecast of fatalities, minimising the expected
 * squared log error: expm1(p · E[log1p(deaths) | event]). The probability is blended, per
 * country, with the historical rate's 1 − e^(−λ); the blend weights and the number of trees are
 * chosen on the last months of the training window (inner validation), then the model is refitted
 * on the whole window. Cells then blend in a logistic regression on a few lags (`linearBlend`).
 * Training uses only (features at L', outcome at L' + h) pairs whose outcome month is ≤ the last
 * observed month: rolling-origin, no look-ahead.
 */
import type { Prediction } from './baselines.ts';
import { FEATURE_NAMES, featuresAt, N_FEATURES, type FeatureName } from './features.ts';
import {
  contributions,
  evalTreeAt,
  fitGbdt,
  predictGbdt,
  rng,
  type GbdtModel,
  type GbdtParams,
} from './gbdt.ts';
import { fitLogit, predictLogit, type LogitModel } from './logit.ts';
import { averagePrecision } from './metrics.ts';
import type { Panel } from './panel.ts';

export interface HurdleModel {
  horizon: number;
  /** Last month observed when trained (panel index). */
  trainedThrough: number;
  event: GbdtModel;
  size: GbdtModel;
  /** The logistic regression blended into the probability, with its weight. */
  linear: LogitModel | null;
  linearBlend: number;
  rows: number;
  /** Per unit (panel order): weight of the historical rate in the probability. */
  blend: number[];
  /** What the inner validation chose, or null when the window was too short for one. */
  validation: { trees: number; blend: Record<string, number> } | null;
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
  /** Weight of the historical rate in the probability when not chosen on validation. */
  blend?: number;
  /**
   * Months at the end of the training window held out to choose the number of trees and each
   * country's blend weight (0: none; skipped unless 12 more outcome months precede them).
   * Default VALIDATION_MONTHS.
   */
  validationMonths?: number;
  blendGrid?: readonly number[];
  /** What the validation maximises: AUPR (default) or the log-likelihood. */
  validationScore?: 'aupr' | 'loglik';
  /**
   * Weight of a logistic regression on a few lags (`LINEAR_FEATURES`) in the final probability
   * (after the historical-rate blend). Default 0.
   */
  linearBlend?: number;
}

/** The columns of the logistic regression of `linearBlend`. */
export const LINEAR_FEATURES: readonly FeatureName[] = [
  'events_lag1',
  'events_3m',
  'events_12m',
  'history_mean_events',
  'decay_3m',
  'neighbours_events_lag1',
  'neighbours_events_3m',
  'neighbours_events_12m',
  'ring2_events_12m',
  'country_events_3m',
];

/**
 * Chosen on 2022 only (rolling origin over 2022, docs/forecast-evaluation.md), for cells and
 * admin-1 alike; `trees` is the most the inner validation may keep.
 */
export const EVENT_PARAMS: Partial<GbdtParams> = {
  loss: 'logistic',
  trees: 200,
  depth: 3,
  learningRate: 0.05,
};
/** Outcome months held out at the end of each training window (see `validationMonths`). */
export const VALIDATION_MONTHS = 6;

/**
 * Per unit kind, chosen on 2022 only (docs/forecast-evaluation.md): cells blend a logistic
 * regression on a few lags into the probability (weight 0.25); admin-1 panels (tens of units)
 * validate on the log-likelihood, smoother than the AUPR of a few hundred unit-months, and their
 * size model is additive (stumps: a few hundred area-months with events).
 */
export const KIND_OPTIONS: Record<'cell' | 'admin1', ModelOptions> = {
  cell: { linearBlend: 0.25 },
  admin1: { validationScore: 'loglik', size: { depth: 1, trees: 150 } },
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
      yEvent.push(ev);
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
    if (!cold || (yEvent[r] ?? 0) > 0 || share >= 1) {
      keep.push(r);
      weights.push(1);
    } else if (random() < share) {
      keep.push(r);
      weights.push(1 / share);
    }
  }
  const eventParams = { ...EVENT_PARAMS, ...opts.event };
  // Logistic loss learns "any event"; Poisson loss the monthly count, whose rate λ gives
  // P(≥ 1) = 1 − e^(−λ).
  const target = (r: number) =>
    eventParams.loss === 'poisson' ? (yEvent[r] ?? 0) : (yEvent[r] ?? 0) > 0 ? 1 : 0;
  /** The event model on the kept rows whose outcome row index is below `endRow`. */
  const fitEvent = (endRow: number, trees: number): GbdtModel => {
    const picked: number[] = [];
    for (let k = 0; k < keep.length; k++) if ((keep[k] ?? 0) < endRow) picked.push(k);
    const rows = picked.map((k) => keep[k] ?? 0);
    const XE = new Float64Array(rows.length * N_FEATURES);
    rows.forEach((r, k) => XE.set(X.subarray(r * N_FEATURES, (r + 1) * N_FEATURES), k * N_FEATURES));
    const w = picked.map((k) => weights[k] ?? 1);
    return fitGbdt(XE, rows.map(target), N_FEATURES, { ...eventParams, trees }, w);
  };
  const unitCountry = p.units.map((u) => u.country);
  const defaultBlend = opts.blend ?? 0;
  let trees = eventParams.trees ?? 150;
  let blendOf: Record<string, number> = {};
  let validation: HurdleModel['validation'] = null;
  const valMonths = opts.validationMonths ?? VALIDATION_MONTHS;
  const outcomeMonths = lastObserved - (first + horizon) + 1;
  if (valMonths > 0 && outcomeMonths >= valMonths + 12) {
    // Inner validation on the last `valMonths` outcome months of the training window only (no
    // look-ahead): the number of trees, then per country the weight of the historical rate.
    const endRow = (outcomeMonths - valMonths) * U;
    const trial = fitEvent(endRow, trees);
    const choice = chooseOnValidation(
      trial,
      X,
      row,
      endRow,
      yEvent,
      unitCountry,
      U,
      opts.blendGrid,
      opts.validationScore,
    );
    trees = choice.trees;
    blendOf = choice.blend;
    validation = choice;
  }
  const event = fitEvent(row, trees);
  const size = fitGbdt(XS, ySize, N_FEATURES, { ...SIZE_PARAMS, ...opts.size });
  const linearBlend = Math.min(1, Math.max(0, opts.linearBlend ?? 0));
  const linear =
    linearBlend > 0
      ? fitLogit(
          X,
          N_FEATURES,
          keep,
          (r) => yEvent[r] ?? 0,
          LINEAR_FEATURES.map((f) => FEATURE_NAMES.indexOf(f)),
          weights,
        )
      : null;
  return {
    horizon,
    trainedThrough: lastObserved,
    event,
    size,
    linear,
    linearBlend,
    rows: row,
    blend: unitCountry.map((c) => blendOf[c] ?? defaultBlend),
    validation,
  };
}

/** The historical rate's P(≥ 1) = 1 − e^(−λ), λ the mean events per month, from a feature row. */
function historicalProb(X: ArrayLike<number>, off: number): number {
  const rate = Math.expm1(X[off + FEATURE_NAMES.indexOf('history_mean_events')] ?? 0);
  return -Math.expm1(-rate);
}

const DEFAULT_BLEND_GRID = [0, 0.25, 0.5, 0.75];

/**
 * Staged validation: for each checkpoint of `trial`'s trees (every 25), the AUPR of every blend
 * weight per country; the trees maximise the mean over countries of the best AUPR, the weights
 * are each country's best at those trees (ties go to the smaller weight).
 */
function chooseOnValidation(
  trial: GbdtModel,
  X: Float64Array,
  rows: number,
  endRow: number,
  y: readonly number[],
  unitCountry: readonly string[],
  U: number,
  grid: readonly number[] = DEFAULT_BLEND_GRID,
  criterion: 'aupr' | 'loglik' = 'aupr',
): { trees: number; blend: Record<string, number> } {
  const n = rows - endRow;
  const raw = new Float64Array(n).fill(trial.base);
  const hist = new Float64Array(n);
  const byCountry = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const r = endRow + i;
    hist[i] = historicalProb(X, r * N_FEATURES);
    const c = unitCountry[r % U] ?? '';
    let list = byCountry.get(c);
    if (!list) byCountry.set(c, (list = []));
    list.push(i);
  }
  const countries = [...byCountry].filter(([, idx]) => idx.some((i) => (y[endRow + i] ?? 0) > 0));
  let best = { score: -Infinity, trees: trial.trees.length, blend: {} as Record<string, number> };
  const step = 25;
  trial.trees.forEach((tree, k) => {
    for (let i = 0; i < n; i++) raw[i]! += evalTreeAt(tree, X, (endRow + i) * N_FEATURES);
    if ((k + 1) % step !== 0 && k + 1 !== trial.trees.length) return;
    let total = 0;
    const blend: Record<string, number> = {};
    for (const [c, idx] of countries) {
      const outcomes = idx.map((i) => y[endRow + i] ?? 0);
      const model = idx.map((i) => toProb(trial, raw[i]!));
      let bestW = { w: 0, ap: -Infinity };
      for (const w of grid) {
        const probs = idx.map((i, j) => (1 - w) * model[j]! + w * hist[i]!);
        const ap = criterion === 'aupr' ? averagePrecision(probs, outcomes) : meanLogLik(probs, outcomes);
        if (ap > bestW.ap + 1e-9) bestW = { w, ap };
      }
      blend[c] = bestW.w;
      total += bestW.ap;
    }
    const score = countries.length ? total / countries.length : 0;
    if (score > best.score + 1e-9) best = { score, trees: k + 1, blend };
  });
  return { trees: best.trees, blend: best.blend };
}

/** Mean Bernoulli log-likelihood of "any event" (probabilities clipped away from 0 and 1). */
function meanLogLik(probs: readonly number[], outcomes: readonly number[]): number {
  let s = 0;
  probs.forEach((p, i) => {
    const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
    s += (outcomes[i] ?? 0) > 0 ? Math.log(q) : Math.log(1 - q);
  });
  return probs.length ? s / probs.length : 0;
}

function toProb(m: GbdtModel, raw: number): number {
  if (m.loss === 'logistic') return 1 / (1 + Math.exp(-raw));
  if (m.loss === 'poisson') return -Math.expm1(-Math.exp(Math.min(raw, 30)));
  return raw;
}

/** Forecasts for every unit from features at the model's last observed month (or `L`). */
export function predictHurdle(m: HurdleModel, X: Float64Array): Prediction {
  const prob = predictGbdt(m.event, X);
  if (m.event.loss === 'poisson') for (let i = 0; i < prob.length; i++) prob[i] = -Math.expm1(-prob[i]!);
  // Ensemble with the historical rate (the historical-mean baseline's ranking, as a probability).
  for (let i = 0; i < prob.length; i++) {
    const w = m.blend[i] ?? 0;
    if (w > 0) prob[i] = (1 - w) * prob[i]! + w * historicalProb(X, i * N_FEATURES);
    // Then with the logistic regression (a smooth model of the same lags: steadier ranks).
    if (m.linear)
      prob[i] = (1 - m.linearBlend) * prob[i]! + m.linearBlend * predictLogit(m.linear, X, i * N_FEATURES);
  }
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
