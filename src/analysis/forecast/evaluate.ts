/**
 * Rolling-origin evaluation: for each target month T of the range, the model is trained only on
 * outcomes up to T − h and forecasts T from features at T − h; the two baselines forecast T from
 * the same months. Scores are pooled over every (unit, T) pair, over all units and over
 * ever-active units (at least one event in the panel up to the last target month).
 */
import { historicalMean, noChange, type Prediction } from './baselines.ts';
import { scoreAll, type Scores } from './metrics.ts';
import { FeatureCache, predictHurdle, trainHurdle, type ModelOptions } from './model.ts';
import type { Panel } from './panel.ts';

export const FORECASTERS = ['model', 'no-change', 'historical-mean'] as const;
export type Forecaster = (typeof FORECASTERS)[number];

export interface EvaluationRow {
  forecaster: Forecaster;
  scope: 'all' | 'active';
  scores: Scores;
}

/** The same table for one group of the scored units (e.g. one country of several). */
export interface GroupEvaluation {
  group: string;
  units: number;
  activeUnits: number;
  rows: EvaluationRow[];
}

export interface Evaluation {
  horizon: number;
  units: number;
  activeUnits: number;
  /** Target months scored (panel indexes). */
  targets: number[];
  rows: EvaluationRow[];
  /** Per group, when `groupOf` was given and there are several groups. */
  groups: GroupEvaluation[];
  trainMs: number;
  predictMs: number;
}

/** A forecaster as a function of (panel, last observed month) → predictions for every unit. */
export type ForecastFn = (L: number) => Prediction;

/**
 * Scores forecasters over target months `from..to` (panel indexes). `model: false` scores the
 * baselines only (the hand-checked pipeline test).
 */
export function evaluatePanel(
  panel: Panel,
  from: number,
  to: number,
  horizon: number,
  opts: {
    model?: boolean;
    modelOptions?: ModelOptions;
    now?: () => number;
    /** Units scored (default all); the others only train the model (e.g. neighbouring countries). */
    scored?: (u: number) => boolean;
    /** Also score each group of units apart (one model run serves every group). */
    groupOf?: (u: number) => string;
  } = {},
): Evaluation {
  const now = opts.now ?? (() => performance.now());
  const U = panel.units.length;
  const M = panel.months;
  const active = new Uint8Array(U);
  const scored = Uint8Array.from({ length: U }, (_, u) => (opts.scored ? (opts.scored(u) ? 1 : 0) : 1));
  for (let u = 0; u < U; u++) {
    if (!scored[u]) continue;
    for (let m = 0; m <= Math.min(to, M - 1); m++) if ((panel.events[u * M + m] ?? 0) > 0) active[u] = 1;
  }
  const cache = new FeatureCache(panel);
  const forecasters: [Forecaster, ForecastFn][] = [];
  let trainMs = 0;
  let predictMs = 0;
  if (opts.model !== false) {
    forecasters.push([
      'model',
      (L) => {
        const t0 = now();
        const m = trainHurdle(cache, L, horizon, opts.modelOptions);
        const t1 = now();
        const pred = predictHurdle(m, cache.at(L));
        trainMs += t1 - t0;
        predictMs += now() - t1;
        return pred;
      },
    ]);
  }
  forecasters.push(
    ['no-change', (L) => noChange(panel, L)],
    ['historical-mean', (L) => historicalMean(panel, L)],
  );

  const targets: number[] = [];
  for (let t = from; t <= to; t++) targets.push(t);
  const rows: EvaluationRow[] = [];
  const groupNames = [
    ...new Set(Array.from({ length: U }, (_, u) => (scored[u] && opts.groupOf ? opts.groupOf(u) : null))),
  ].filter((g): g is string => g !== null);
  const byGroup = new Map<string, EvaluationRow[]>(groupNames.map((g) => [g, []]));
  for (const [name, fn] of forecasters) {
    const acc = { all: newAcc(), active: newAcc() };
    const gacc = new Map(groupNames.map((g) => [g, { all: newAcc(), active: newAcc() }]));
    for (const t of targets) {
      const pred = fn(t - horizon);
      for (let u = 0; u < U; u++) {
        if (!scored[u]) continue;
        const ga = opts.groupOf ? gacc.get(opts.groupOf(u)) : undefined;
        const sample = [
          pred.prob[u] ?? 0,
          pred.fatalities[u] ?? 0,
          panel.events[u * M + t] ?? 0,
          panel.deaths[u * M + t] ?? 0,
          pred.score?.[u] ?? pred.prob[u] ?? 0,
        ] as const;
        push(acc.all, sample);
        if (active[u]) push(acc.active, sample);
        if (ga) {
          push(ga.all, sample);
          if (active[u]) push(ga.active, sample);
        }
      }
    }
    for (const [g, a] of gacc) {
      byGroup.get(g)?.push(
        { forecaster: name, scope: 'all', scores: scoreAll(a.all.p, a.all.f, a.all.e, a.all.d, a.all.s) },
        {
          forecaster: name,
          scope: 'active',
          scores: scoreAll(a.active.p, a.active.f, a.active.e, a.active.d, a.active.s),
        },
      );
    }
    rows.push({
      forecaster: name,
      scope: 'all',
      scores: scoreAll(acc.all.p, acc.all.f, acc.all.e, acc.all.d, acc.all.s),
    });
    rows.push({
      forecaster: name,
      scope: 'active',
      scores: scoreAll(acc.active.p, acc.active.f, acc.active.e, acc.active.d, acc.active.s),
    });
  }
  let activeUnits = 0;
  let units = 0;
  for (let u = 0; u < U; u++) {
    activeUnits += active[u]!;
    units += scored[u]!;
  }
  const groups: GroupEvaluation[] =
    groupNames.length > 1
      ? groupNames.map((g) => {
          let n = 0;
          let a = 0;
          for (let u = 0; u < U; u++) {
            if (scored[u] && opts.groupOf?.(u) === g) {
              n++;
              a += active[u]!;
            }
          }
          return { group: g, units: n, activeUnits: a, rows: byGroup.get(g) ?? [] };
        })
      : [];
  return { horizon, units, activeUnits, targets, rows, groups, trainMs, predictMs };
}

interface Acc {
  p: number[];
  f: number[];
  e: number[];
  d: number[];
  /** Ranking score (AUPR, AUROC). */
  s: number[];
}
const newAcc = (): Acc => ({ p: [], f: [], e: [], d: [], s: [] });
function push(a: Acc, x: readonly [number, number, number, number, number]) {
  a.p.push(x[0]);
  a.f.push(x[1]);
  a.e.push(x[2]);
  a.d.push(x[3]);
  a.s.push(x[4]);
}
