import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { contributions, fitGbdt, importance, predictGbdt, rng } from './gbdt.ts';

describe('gbdt', () => {
  test('squared loss learns a step function exactly enough', () => {
    const n = 400;
    const X = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X[i] = i / n;
      y[i] = X[i]! < 0.5 ? 1 : 5;
    }
    const m = fitGbdt(X, y, 1, { loss: 'squared', trees: 200, learningRate: 0.1, subsample: 1, lambda: 0 });
    const p = predictGbdt(m, Float64Array.from([0.1, 0.9]));
    assert.ok(Math.abs(p[0]! - 1) < 0.05, `left ${p[0]}`);
    assert.ok(Math.abs(p[1]! - 5) < 0.05, `right ${p[1]}`);
  });

  test('logistic loss separates classes by an informative feature and ignores noise', () => {
    const r = rng(7);
    const n = 2000;
    const X = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const signal = r();
      X[i * 2] = r(); // noise
      X[i * 2 + 1] = signal;
      y[i] = r() < (signal > 0.7 ? 0.8 : 0.1) ? 1 : 0;
    }
    const m = fitGbdt(X, y, 2, { loss: 'logistic', trees: 80 });
    const p = predictGbdt(m, Float64Array.from([0.5, 0.9, 0.5, 0.2]));
    assert.ok(Math.abs(p[0]! - 0.8) < 0.08, `high ${p[0]}`);
    assert.ok(Math.abs(p[1]! - 0.1) < 0.05, `low ${p[1]}`);
    const imp = importance(m);
    assert.ok(imp[1]! > 5 * imp[0]!, 'the signal dominates importance');
    const c = contributions(m, Float64Array.from([0.5, 0.9]));
    assert.ok(c[1]! > 0 && Math.abs(c[1]!) > Math.abs(c[0]!), 'the signal drives a high score');
  });

  test('Poisson loss learns the rate of counts on each side of a split', () => {
    const r = rng(3);
    const n = 3000;
    const X = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X[i] = r();
      const rate = X[i]! < 0.5 ? 0.2 : 3;
      // Poisson draw by inversion.
      let k = 0;
      let p = Math.exp(-rate);
      let cum = p;
      const u = r();
      while (u > cum) {
        k++;
        p *= rate / k;
        cum += p;
      }
      y[i] = k;
    }
    const m = fitGbdt(X, y, 1, { loss: 'poisson', trees: 50, depth: 1, learningRate: 0.1 });
    const p = predictGbdt(m, Float64Array.from([0.2, 0.8]));
    assert.ok(Math.abs(p[0]! - 0.2) < 0.05, `low rate ${p[0]}`);
    assert.ok(Math.abs(p[1]! - 3) < 0.2, `high rate ${p[1]}`);
  });

  test('the same data and seed give the same model', () => {
    const X = Float64Array.from({ length: 300 }, (_, i) => (i * 7919) % 101);
    const y = Float64Array.from({ length: 300 }, (_, i) => (X[i]! > 50 ? 1 : 0));
    const a = predictGbdt(fitGbdt(X, y, 1), X);
    const b = predictGbdt(fitGbdt(X, y, 1), X);
    assert.deepEqual(a, b);
  });

  test('a constant target gives the constant', () => {
    const X = Float64Array.from({ length: 50 }, (_, i) => i);
    const y = new Float64Array(50).fill(3);
    const m = fitGbdt(X, y, 1, { loss: 'squared' });
    assert.equal(
      m.trees.every((t) => 'v' in t),
      true,
    );
    assert.ok(Math.abs(predictGbdt(m, Float64Array.from([10]))[0]! - 3) < 1e-9);
  });
});
