import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { rng } from './gbdt.ts';
import { fitLogit, predictLogit } from './logit.ts';

describe('logistic regression (the blended count model)', () => {
  test('recovers the direction and size of a known logistic relation', () => {
    const r = rng(7);
    const n = 4000;
    const d = 3; // column 0 drives y, column 1 is noise, column 2 unused
    const X = new Float64Array(n * d);
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = r() * 4 - 2;
      X[i * d] = a;
      X[i * d + 1] = r();
      X[i * d + 2] = 5;
      const p = 1 / (1 + Math.exp(-(2 * a - 1)));
      y.push(r() < p ? 1 : 0);
    }
    const rows = Array.from({ length: n }, (_, i) => i);
    const m = fitLogit(
      X,
      d,
      rows,
      (i) => y[i] ?? 0,
      [0, 1],
      rows.map(() => 1),
      0.01,
    );
    // Standardised: slope 2 per unit of a, whose sd is 4/√12.
    const slope = (m.coef[1] ?? 0) / (m.sd[0] ?? 1);
    assert.ok(Math.abs(slope - 2) < 0.3, `slope ${slope}`);
    assert.ok(Math.abs(m.coef[2] ?? 0) < 0.15, 'noise column near 0');
    const at = (a: number) => predictLogit(m, Float64Array.of(a, 0.5, 5), 0);
    assert.ok(at(1.5) > 0.85 && at(-1.5) < 0.05);
    assert.ok(Math.abs(at(0.5) - 0.5) < 0.08);
  });

  test('weights count as repeated rows; the penalty shrinks the slope', () => {
    const X = Float64Array.of(0, 1, 0, 1);
    const y = [0, 1, 1, 0];
    const rows = [0, 1, 2, 3];
    const weighted = fitLogit(X, 1, rows, (i) => y[i] ?? 0, [0], [3, 3, 1, 1], 0.001);
    // P(y | x=1) = 3/4, P(y | x=0) = 1/4.
    assert.ok(Math.abs(predictLogit(weighted, [1], 0) - 0.75) < 0.01);
    assert.ok(Math.abs(predictLogit(weighted, [0], 0) - 0.25) < 0.01);
    const shrunk = fitLogit(X, 1, rows, (i) => y[i] ?? 0, [0], [3, 3, 1, 1], 100);
    assert.ok(Math.abs(shrunk.coef[1] ?? 0) < Math.abs(weighted.coef[1] ?? 0) / 5);
  });
});
