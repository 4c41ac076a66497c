import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateToAreas, blendPredictions, cellAreaShares } from './aggregate.ts';
import { loadAreaSet } from './areas.ts';
import type { ForecastEvent } from './events.ts';
import { gidAt } from './grid.ts';
import { FeatureCache, predictHurdle, trainHurdle } from './model.ts';
import { buildPanel, buildUnits } from './panel.ts';

const set = loadAreaSet();
const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} ≠ ${b}`);

describe('admin-1 forecasts from the cell model', () => {
  const countries = ['BFA'];
  const cells = buildUnits(set, 'cell', countries);
  const areas = buildUnits(set, 'admin1', countries);
  const shares = cellAreaShares(set, cells, areas);

  test("a cell is shared among its country's areas by coverage; an inner cell goes whole to one area", () => {
    const perCell = new Map<number, number>();
    for (const s of shares) {
      assert.ok(s.share > 0 && s.share <= 1);
      perCell.set(s.cell, (perCell.get(s.cell) ?? 0) + s.share);
    }
    for (const total of perCell.values()) assert.ok(total <= 1 + 1e-12);
    const inner = cells.findIndex((c) => c.gid === gidAt(14.25, -1.25)); // in Soum
    const own = shares.filter((s) => s.cell === inner);
    assert.deepEqual(
      own.map((s) => [areas[s.area]?.admin1Code, s.share]),
      [['BF.SM', 1]],
    );
    // Border cells (centre in the country) lose the share across the border.
    assert.ok([...perCell.values()].some((t) => t < 1));
  });

  test('P(any) = 1 − Π(1 − p)^share and fatalities add up by share', () => {
    const n = cells.length;
    const prob = new Float64Array(n);
    const fatalities = new Float64Array(n);
    const soum = shares.filter((s) => areas[s.area]?.admin1Code === 'BF.SM');
    const [a, b] = soum.filter((s) => s.share === 1);
    assert.ok(a && b);
    prob[a.cell] = 0.5;
    prob[b.cell] = 0.2;
    fatalities[a.cell] = 3;
    fatalities[b.cell] = 1;
    const out = aggregateToAreas({ prob, fatalities }, shares, areas.length);
    const u = a.area;
    close(out.prob[u]!, 1 - 0.5 * 0.8, 'P(any)');
    close(out.fatalities[u]!, 4, 'fatalities');
    const other = areas.findIndex((x) => x.admin1Code !== 'BF.SM');
    assert.equal(out.prob[other], 0);
    const blended = blendPredictions(
      { prob: Float64Array.of(0.2), fatalities: Float64Array.of(0) },
      { prob: Float64Array.of(0.6), fatalities: Float64Array.of(Math.expm1(2)) },
      0.25,
      0.5,
    );
    close(blended.prob[0]!, 0.3, 'blended P');
    close(blended.fatalities[0]!, Math.expm1(1), 'blended fatalities, in log1p space');
  });

  test('no look-ahead: the aggregated forecast for T ignores months ≥ T', () => {
    const START = 2021 * 12;
    const END = START + 23;
    const T = START + 20;
    const base: ForecastEvent[] = [];
    for (let m = START; m <= END; m++) {
      for (let k = 0; k <= m % 3; k++) {
        base.push({
          month: m,
          lat: 14.1 + k * 0.3,
          lon: -1.6 + k * 0.4,
          country: 'BFA',
          deaths: k + (m % 5),
          type: 1,
        });
      }
    }
    const changed = base
      .map((e) => (e.month >= T ? { ...e, deaths: e.deaths * 9 + 1 } : e))
      .concat([{ month: T, lat: 12.4, lon: -1.5, country: 'BFA', deaths: 40, type: 3 }]);
    const opts = { countries, start: START, end: END };
    const forecast = (events: ForecastEvent[]) => {
      const cache = new FeatureCache(buildPanel(set, cells, 'cell', events, opts));
      const L = T - START - 1;
      const m = trainHurdle(cache, L, 1, { event: { trees: 30 }, size: { trees: 10 }, validationMonths: 2 });
      return aggregateToAreas(predictHurdle(m, cache.at(L)), shares, areas.length);
    };
    const a = forecast(base);
    assert.deepEqual(a, forecast(changed));
    // Sensitive: a change at T − 1 moves it.
    const before = base.concat([{ month: T - 1, lat: 12.4, lon: -1.5, country: 'BFA', deaths: 40, type: 3 }]);
    assert.notDeepEqual(a, forecast(before));
  });
});
