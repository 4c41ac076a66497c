/**
 * Admin-1 forecasts from the cell model (issue 7, idea 1): a cell's forecast is spread over the
 * admin-1 areas of its country by the share of the cell each area covers, then
 * - P(≥ 1 event in the area) = 1 − Π (1 − p_cell)^share (cells independent given the forecasts),
 * - expected fatalities = Σ share · fatalities_cell.
 * The admin-1 forecast blends these with the admin-1 model's own (weights chosen on 2022 only,
 * docs/forecast-evaluation.md).
 */
import type { Prediction } from './baselines.ts';
import { CELL_DEG } from './grid.ts';
import { areaOf, outsideId, type Unit } from './panel.ts';
import type { AreaSet } from './areas.ts';

/** One cell's share in one area. */
export interface CellShare {
  cell: number;
  area: number;
  share: number;
}

/** Sample points per cell side for the coverage shares (k² points per cell). */
const SAMPLES = 4;

/**
 * Share of each cell unit in each area unit of the same country, from k × k sample points of
 * the cell: a point in none of the country's areas counts for the country's "outside" unit when
 * there is one, else is left out.
 */
export function cellAreaShares(set: AreaSet, cells: readonly Unit[], areas: readonly Unit[]): CellShare[] {
  const index = new Map(areas.map((a, i) => [`${a.country}|${a.id}`, i]));
  const out: CellShare[] = [];
  cells.forEach((c, ci) => {
    const counts = new Map<number, number>();
    for (let i = 0; i < SAMPLES; i++) {
      for (let j = 0; j < SAMPLES; j++) {
        const lat = c.lat + ((i + 0.5) / SAMPLES - 0.5) * CELL_DEG;
        const lon = c.lon + ((j + 0.5) / SAMPLES - 0.5) * CELL_DEG;
        const code = areaOf(set, { lat, lon, country: c.country });
        const a = index.get(`${c.country}|${code ?? outsideId(c.country)}`);
        if (a !== undefined) counts.set(a, (counts.get(a) ?? 0) + 1);
      }
    }
    for (const [area, n] of counts) out.push({ cell: ci, area, share: n / (SAMPLES * SAMPLES) });
  });
  return out;
}

/** The cell forecasts aggregated to `nAreas` areas (see the module comment). */
export function aggregateToAreas(
  cellPred: Prediction,
  shares: readonly CellShare[],
  nAreas: number,
): Prediction {
  const logCalm = new Float64Array(nAreas);
  const fatalities = new Float64Array(nAreas);
  for (const { cell, area, share } of shares) {
    const p = Math.min(1 - 1e-12, Math.max(0, cellPred.prob[cell] ?? 0));
    logCalm[area] = (logCalm[area] ?? 0) + share * Math.log1p(-p);
    fatalities[area] = (fatalities[area] ?? 0) + share * (cellPred.fatalities[cell] ?? 0);
  }
  const prob = new Float64Array(nAreas);
  for (let a = 0; a < nAreas; a++) prob[a] = Math.max(0, -Math.expm1(logCalm[a] ?? 0));
  return { prob, fatalities };
}

/**
 * `(1 − wp) · area + wp · fromCells` for the probability, and the same in log1p space with `wd`
 * for fatalities (the MSLE's scale).
 */
export function blendPredictions(
  area: Prediction,
  fromCells: Prediction,
  wp: number,
  wd: number,
): Prediction {
  const n = area.prob.length;
  const prob = new Float64Array(n);
  const fatalities = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    prob[i] = (1 - wp) * (area.prob[i] ?? 0) + wp * (fromCells.prob[i] ?? 0);
    fatalities[i] = Math.expm1(
      (1 - wd) * Math.log1p(area.fatalities[i] ?? 0) + wd * Math.log1p(fromCells.fatalities[i] ?? 0),
    );
  }
  return { prob, fatalities };
}
