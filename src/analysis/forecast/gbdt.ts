/**
 * A compact gradient-boosted decision tree learner (Friedman 2001, "Greedy function
 * approximation"), histogram-based like LightGBM/XGBoost-hist: features are cut into at most 32
 * quantile bins once, each split scans bin histograms of gradient and hessian sums, second-order
 * leaf values −G/(H + λ) (Chen & Guestrin 2016, eq. 5–7). Depth-limited trees, shrinkage,
 * deterministic row subsampling. Losses: logistic (probabilities), squared, and Poisson (counts,
 * log link: the prediction is a rate).
 */

export type Loss = 'logistic' | 'squared' | 'poisson';

export interface GbdtParams {
  loss: Loss;
  trees: number;
  depth: number;
  learningRate: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Minimum hessian sum in a leaf (≈ rows for squared loss). */
  minLeafHessian: number;
  minLeafRows: number;
  /** Share of rows each tree sees (1 = all). */
  subsample: number;
  maxBins: number;
  seed: number;
}

export const DEFAULT_GBDT: GbdtParams = {
  loss: 'logistic',
  trees: 120,
  depth: 3,
  learningRate: 0.08,
  lambda: 2,
  minLeafHessian: 1,
  minLeafRows: 20,
  subsample: 0.8,
  maxBins: 32,
  seed: 1,
};

/**
 * Internal node: feature `f`, threshold `t` (left when x ≤ t), split gain, and `e` the value the
 * node would have as a leaf (for attributions); leaf: value `v`.
 */
export type TreeNode =
  { f: number; t: number; l: TreeNode; r: TreeNode; gain: number; e: number } | { v: number };

export interface GbdtModel {
  loss: Loss;
  base: number;
  learningRate: number;
  trees: TreeNode[];
  nFeatures: number;
}

/** Small deterministic PRNG (mulberry32): the same data and seed give the same model. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Upper edges of quantile bins of one feature (distinct values, at most maxBins − 1 cuts). */
function binEdges(values: Float64Array, maxBins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  if (distinct.length <= maxBins) return distinct.slice(0, -1).map((v, i) => (v + distinct[i + 1]!) / 2);
  const edges: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const q = sorted[Math.floor((b * sorted.length) / maxBins)]!;
    // Cut between q and the next distinct value above it.
    let k = distinct.findIndex((d) => d > q);
    if (k <= 0) continue;
    const e = (distinct[k - 1]! + distinct[k]!) / 2;
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
    k++;
  }
  return edges;
}

function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Fits a model on row-major `X` (n × d) and targets `y` (0/1 for logistic, counts ≥ 0 for
 * Poisson). Optional weights.
 */
export function fitGbdt(
  X: Float64Array,
  y: ArrayLike<number>,
  d: number,
  params: Partial<GbdtParams> = {},
  weights?: ArrayLike<number>,
): GbdtModel {
  const P: GbdtParams = { ...DEFAULT_GBDT, ...params };
  const n = y.length;
  if (X.length !== n * d) throw new Error('fitGbdt: X and y sizes differ');
  const w = (i: number) => (weights ? (weights[i] ?? 1) : 1);
  // Row-major bins: one row's features sit together, so a histogram pass reads memory in order.
  const edges: number[][] = [];
  const bins = new Uint8Array(n * d);
  const col = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) col[i] = X[i * d + f]!;
    const e = binEdges(col, P.maxBins);
    edges.push(e);
    for (let i = 0; i < n; i++) bins[i * d + f] = binOf(e, col[i]!);
  }
  let wsum = 0;
  let ysum = 0;
  for (let i = 0; i < n; i++) {
    wsum += w(i);
    ysum += w(i) * (y[i] ?? 0);
  }
  const mean = wsum > 0 ? ysum / wsum : 0;
  const base =
    P.loss === 'logistic'
      ? Math.log(Math.max(1e-6, mean) / Math.max(1e-6, 1 - mean))
      : P.loss === 'poisson'
        ? Math.log(Math.max(1e-6, mean))
        : mean;
  const F = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const random = rng(P.seed);
  const trees: TreeNode[] = [];
  const nb = P.maxBins + 1;
  const H_SIZE = d * nb * 3; // per feature and bin: gradient, hessian, rows

  const histogram = (rows: Int32Array): Float64Array => {
    const hist = new Float64Array(H_SIZE);
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      const gi = g[i]!;
      const hi = h[i]!;
      const ro = i * d;
      for (let f = 0; f < d; f++) {
        const b = (f * nb + bins[ro + f]!) * 3;
        hist[b]! += gi;
        hist[b + 1]! += hi;
        hist[b + 2]!++;
      }
    }
    return hist;
  };

  // `hist` is the node's histogram; children get theirs by building the smaller one and
  // subtracting it from the parent's (the histogram-subtraction trick).
  const build = (
    rows: Int32Array,
    depth: number,
    G: number,
    H: number,
    hist: Float64Array | null,
  ): TreeNode => {
    const leaf = (): TreeNode => ({ v: (-G / (H + P.lambda)) * P.learningRate });
    if (depth >= P.depth || rows.length < 2 * P.minLeafRows) return leaf();
    const hs = hist ?? histogram(rows);
    const parent = (G * G) / (H + P.lambda);
    let best = { gain: 1e-9, f: -1, b: -1 };
    for (let f = 0; f < d; f++) {
      const ho = f * nb * 3;
      let gl = 0;
      let hl = 0;
      let nl = 0;
      const nBins = edges[f]!.length + 1;
      for (let b = 0; b < nBins - 1; b++) {
        gl += hs[ho + b * 3]!;
        hl += hs[ho + b * 3 + 1]!;
        nl += hs[ho + b * 3 + 2]!;
        const nr = rows.length - nl;
        if (nl < P.minLeafRows || nr < P.minLeafRows) continue;
        const hr = H - hl;
        if (hl < P.minLeafHessian || hr < P.minLeafHessian) continue;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + P.lambda) + (gr * gr) / (hr + P.lambda) - parent;
        if (gain > best.gain) best = { gain, f, b };
      }
    }
    if (best.f < 0) return leaf();
    const bf = best.f;
    let nl = 0;
    for (let k = 0; k < rows.length; k++) if (bins[rows[k]! * d + bf]! <= best.b) nl++;
    const left = new Int32Array(nl);
    const right = new Int32Array(rows.length - nl);
    let a = 0;
    let c = 0;
    let gl = 0;
    let hl = 0;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      if (bins[i * d + bf]! <= best.b) {
        left[a++] = i;
        gl += g[i]!;
        hl += h[i]!;
      } else right[c++] = i;
    }
    let hL: Float64Array | null = null;
    let hR: Float64Array | null = null;
    if (depth + 1 < P.depth) {
      const smallLeft = left.length <= right.length;
      const small = histogram(smallLeft ? left : right);
      const large = new Float64Array(H_SIZE);
      for (let k = 0; k < H_SIZE; k++) large[k] = hs[k]! - small[k]!;
      [hL, hR] = smallLeft ? [small, large] : [large, small];
    }
    return {
      f: bf,
      t: edges[bf]![best.b]!,
      gain: best.gain,
      e: (-G / (H + P.lambda)) * P.learningRate,
      l: build(left, depth + 1, gl, hl, hL),
      r: build(right, depth + 1, G - gl, H - hl, hR),
    };
  };

  for (let k = 0; k < P.trees; k++) {
    for (let i = 0; i < n; i++) {
      const yi = y[i] ?? 0;
      if (P.loss === 'logistic') {
        const p = sigmoid(F[i]!);
        g[i] = w(i) * (p - yi);
        h[i] = w(i) * Math.max(p * (1 - p), 1e-6);
      } else if (P.loss === 'poisson') {
        // Negative log-likelihood λ − y·log λ with λ = e^F: gradient λ − y, hessian λ.
        const rate = Math.exp(Math.min(F[i]!, 30));
        g[i] = w(i) * (rate - yi);
        h[i] = w(i) * Math.max(rate, 1e-6);
      } else {
        g[i] = w(i) * (F[i]! - yi);
        h[i] = w(i);
      }
    }
    const picked: number[] = [];
    for (let i = 0; i < n; i++) if (P.subsample >= 1 || random() < P.subsample) picked.push(i);
    const rows = Int32Array.from(picked);
    let G = 0;
    let H = 0;
    for (const i of rows) {
      G += g[i]!;
      H += h[i]!;
    }
    const tree = build(rows, 0, G, H, null);
    trees.push(tree);
    for (let i = 0; i < n; i++) F[i]! += evalTree(tree, X, i * d);
  }
  return { loss: P.loss, base, learningRate: P.learningRate, trees, nFeatures: d };
}

/** Value of one tree for the row starting at `off` (staged predictions). */
export const evalTreeAt = (node: TreeNode, X: ArrayLike<number>, off: number): number =>
  evalTree(node, X, off);

function evalTree(node: TreeNode, X: ArrayLike<number>, off: number): number {
  let cur = node;
  while (!('v' in cur)) cur = (X[off + cur.f] ?? 0) <= cur.t ? cur.l : cur.r;
  return cur.v;
}

/** Raw score (log-odds for logistic, log-rate for Poisson) of row `off/d` of X. */
export function rawScore(m: GbdtModel, X: ArrayLike<number>, off = 0): number {
  let s = m.base;
  for (const t of m.trees) s += evalTree(t, X, off);
  return s;
}

/** Predictions for every row of X: probabilities for logistic, rates for Poisson, values for squared. */
export function predictGbdt(m: GbdtModel, X: Float64Array): Float64Array {
  const n = X.length / m.nFeatures;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = rawScore(m, X, i * m.nFeatures);
    out[i] = m.loss === 'logistic' ? sigmoid(s) : m.loss === 'poisson' ? Math.exp(Math.min(s, 30)) : s;
  }
  return out;
}

/**
 * Per-feature contributions to one row's raw score (Saabas' path attribution: each split on the
 * path credits its feature with the change in the node's expected value). Used to name the
 * signals that drove an alert.
 */
export function contributions(m: GbdtModel, X: ArrayLike<number>, off = 0): Float64Array {
  const c = new Float64Array(m.nFeatures);
  for (const t of m.trees) {
    let cur: TreeNode = t;
    let val = expected(cur);
    while (!('v' in cur)) {
      const next: TreeNode = (X[off + cur.f] ?? 0) <= cur.t ? cur.l : cur.r;
      const nv = expected(next);
      c[cur.f]! += nv - val;
      val = nv;
      cur = next;
    }
  }
  return c;
}

/** The value a node's rows would get as one leaf. */
function expected(node: TreeNode): number {
  return 'v' in node ? node.v : node.e;
}

/** Total split gain per feature (importance). */
export function importance(m: GbdtModel): Float64Array {
  const imp = new Float64Array(m.nFeatures);
  const walk = (n: TreeNode) => {
    if ('v' in n) return;
    imp[n.f]! += n.gain;
    walk(n.l);
    walk(n.r);
  };
  m.trees.forEach(walk);
  return imp;
}
