/**
 * A small L2-penalised logistic regression on a few columns of the feature matrix, fitted by
 * Newton's method (iteratively reweighted least squares) on standardised columns: the smooth
 * "count model" the tree ensemble is blended with (issue 7, idea 2).
 */

export interface LogitModel {
  /** Feature columns used. */
  cols: number[];
  mean: number[];
  sd: number[];
  /** Intercept first, then one coefficient per column (standardised scale). */
  coef: number[];
}

/** Solves A x = b (k × k, symmetric positive definite after the penalty) by Gaussian elimination. */
function solve(A: number[][], b: number[]): number[] {
  const k = b.length;
  const M = A.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]!;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / d;
      if (f !== 0) for (let j = c; j <= k; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[k]! / row[i]!));
}

/**
 * Fits P(y > 0) on rows `rows` of row-major `X` (d columns), columns `cols`, with row weights.
 * `lambda` penalises the coefficients (not the intercept).
 */
export function fitLogit(
  X: Float64Array,
  d: number,
  rows: readonly number[],
  y: (r: number) => number,
  cols: readonly number[],
  weights: readonly number[],
  lambda = 1,
  iterations = 12,
): LogitModel {
  const k = cols.length + 1;
  const mean = cols.map(() => 0);
  const sd = cols.map(() => 0);
  let wsum = 0;
  rows.forEach((r, i) => {
    const w = weights[i] ?? 1;
    wsum += w;
    cols.forEach((c, j) => (mean[j]! += w * X[r * d + c]!));
  });
  cols.forEach((_, j) => (mean[j]! /= wsum || 1));
  rows.forEach((r, i) => {
    const w = weights[i] ?? 1;
    cols.forEach((c, j) => (sd[j]! += w * (X[r * d + c]! - mean[j]!) ** 2));
  });
  cols.forEach((_, j) => (sd[j] = Math.sqrt(sd[j]! / (wsum || 1)) || 1));
  const coef = new Array<number>(k).fill(0);
  const z = new Float64Array(k);
  for (let it = 0; it < iterations; it++) {
    const H = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const g = new Array<number>(k).fill(0);
    rows.forEach((r, i) => {
      const w = weights[i] ?? 1;
      z[0] = 1;
      cols.forEach((c, j) => (z[j + 1] = (X[r * d + c]! - mean[j]!) / sd[j]!));
      let eta = 0;
      for (let a = 0; a < k; a++) eta += coef[a]! * z[a]!;
      const p = 1 / (1 + Math.exp(-eta));
      const resid = (y(r) > 0 ? 1 : 0) - p;
      const h = w * Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a < k; a++) {
        g[a]! += w * resid * z[a]!;
        for (let b = a; b < k; b++) H[a]![b]! += h * z[a]! * z[b]!;
      }
    });
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < a; b++) H[a]![b] = H[b]![a]!;
      if (a > 0) {
        H[a]![a]! += lambda;
        g[a]! -= lambda * coef[a]!;
      }
    }
    const step = solve(H, g);
    let change = 0;
    for (let a = 0; a < k; a++) {
      coef[a]! += step[a] ?? 0;
      change = Math.max(change, Math.abs(step[a] ?? 0));
    }
    if (change < 1e-6) break;
  }
  return { cols: [...cols], mean, sd, coef };
}

/** P(y > 0) for the row at offset `off` of a feature matrix. */
export function predictLogit(m: LogitModel, X: ArrayLike<number>, off: number): number {
  let eta = m.coef[0] ?? 0;
  m.cols.forEach((c, j) => (eta += (m.coef[j + 1] ?? 0) * (((X[off + c] ?? 0) - m.mean[j]!) / m.sd[j]!)));
  return 1 / (1 + Math.exp(-eta));
}
