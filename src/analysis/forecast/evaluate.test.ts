import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePanel } from './evaluate.ts';
import { averagePrecision, auroc, brier, msle } from './metrics.ts';
import { handPanel } from './test-panel.ts';

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} ≠ ${b}`);
const L2 = Math.log(2) ** 2;

describe('evaluation pipeline on a hand-scored panel', () => {
  // Unit A events 1,0,1,1 deaths 2,0,3,0; unit B events 0,1,0,1 deaths 0,1,0,7; targets months 2 and 3.
  const panel = handPanel([
    { events: [1, 0, 1, 1], deaths: [2, 0, 3, 0] },
    { events: [0, 1, 0, 1], deaths: [0, 1, 0, 7] },
  ]);
  const ev = evaluatePanel(panel, 2, 3, 1, { model: false });
  const row = (f: string) => ev.rows.find((r) => r.forecaster === f && r.scope === 'all')!.scores;

  test('no-change: forecasts (p, deaths) = (0,0), (1,1), (1,3), (0,0) against (1,3), (0,0), (1,0), (1,7)', () => {
    const s = row('no-change');
    assert.equal(s.n, 4);
    assert.equal(s.positives, 3);
    // Threshold 1: 1 of 2 right, recall 1/3; threshold 0: recall 1, precision 3/4 → 1/6 + 1/2.
    close(s.aupr, 2 / 3, 'AUPR');
    // Positives score 0, 1, 0 against one negative at 1: (0 + ½ + 0) / 3.
    close(s.auroc, 1 / 6, 'AUROC');
    close(s.brier, 3 / 4, 'Brier');
    // (ln 4)², (ln 2)², (ln 4)², (ln 8)² → (4 + 1 + 4 + 9)/4 · (ln 2)².
    close(s.msle, (18 / 4) * L2, 'MSLE');
  });

  test('historical mean: p = ½, ½, ⅔, ⅓ and deaths 1, ½, 5/3, ⅓', () => {
    const s = row('historical-mean');
    close(s.aupr, 1 / 3 + 2 / 9 + 1 / 4, 'AUPR');
    close(s.auroc, 1 / 2, 'AUROC');
    close(s.brier, (0.25 + 0.25 + 1 / 9 + 4 / 9) / 4, 'Brier');
    const m = (Math.log(2) ** 2 + Math.log(1.5) ** 2 + Math.log(8 / 3) ** 2 + Math.log(6) ** 2) / 4;
    close(s.msle, m, 'MSLE');
  });

  test('ever-active scope drops units with no event up to the last target month', () => {
    const p = handPanel([
      { events: [1, 0, 1, 1], deaths: [2, 0, 3, 0] },
      { events: [0, 0, 0, 0], deaths: [0, 0, 0, 0] },
    ]);
    const e = evaluatePanel(p, 2, 3, 1, { model: false });
    assert.equal(e.activeUnits, 1);
    assert.equal(e.rows.find((r) => r.forecaster === 'no-change' && r.scope === 'active')!.scores.n, 2);
    assert.equal(e.rows.find((r) => r.forecaster === 'no-change' && r.scope === 'all')!.scores.n, 4);
  });

  test('horizon 3 forecasts month T from month T − 3', () => {
    const p = handPanel([{ events: [1, 0, 0, 0, 1], deaths: [5, 0, 0, 0, 0] }]);
    const e = evaluatePanel(p, 3, 4, 3, { model: false });
    // T = 3 from month 0 (event, 5 deaths), T = 4 from month 1 (nothing).
    const s = e.rows.find((r) => r.forecaster === 'no-change' && r.scope === 'all')!.scores;
    close(s.brier, (1 + 1) / 2, 'Brier');
    close(s.msle, (Math.log(6) ** 2 + Math.log(1) ** 2) / 2, 'MSLE');
  });
});

describe('metrics, edge cases', () => {
  test('a perfect ranking scores 1 on AUPR and AUROC; Brier 0 for exact probabilities', () => {
    close(averagePrecision([0.9, 0.8, 0.1], [1, 1, 0]), 1, 'AP');
    close(auroc([0.9, 0.8, 0.1], [1, 1, 0]), 1, 'AUROC');
    close(brier([1, 0], [1, 0]), 0, 'Brier');
    close(msle([3], [3]), 0, 'MSLE');
  });
  test('no positive: AUPR and AUROC are undefined (NaN), not 0', () => {
    assert.ok(Number.isNaN(averagePrecision([0.2, 0.1], [0, 0])));
    assert.ok(Number.isNaN(auroc([0.2, 0.1], [0, 0])));
  });
  test('ties count half in AUROC and as one threshold in AUPR', () => {
    close(auroc([0.5, 0.5], [1, 0]), 0.5, 'AUROC');
    close(averagePrecision([0.5, 0.5], [1, 0]), 0.5, 'AP');
  });
});
