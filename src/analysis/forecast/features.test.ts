import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadAreaSet } from './areas.ts';
import { historicalMean, noChange } from './baselines.ts';
import type { ForecastEvent } from './events.ts';
import { featuresAt, FEATURE_NAMES, N_FEATURES } from './features.ts';
import { rng } from './gbdt.ts';
import { FeatureCache, predictHurdle, trainHurdle } from './model.ts';
import { buildPanel, buildUnits, type UnitKind } from './panel.ts';

const set = loadAreaSet();
const START = 2021 * 12;
const END = START + 23;

/** Events clustered in a few hot spots of Burkina Faso and Mali, 24 months. */
function synthetic(seed: number): ForecastEvent[] {
  const r = rng(seed);
  const spots = [
    { lat: 14.1, lon: -1.6, country: 'BFA' },
    { lat: 12.9, lon: 0.4, country: 'BFA' },
    { lat: 14.5, lon: -4.2, country: 'MLI' },
  ];
  const out: ForecastEvent[] = [];
  for (let m = START; m <= END; m++) {
    for (const s of spots) {
      const n = Math.floor(r() * 4);
      for (let k = 0; k < n; k++) {
        out.push({
          month: m,
          lat: s.lat + (r() - 0.5) * 1.5,
          lon: s.lon + (r() - 0.5) * 1.5,
          country: s.country,
          deaths: Math.floor(r() * 20),
          type: (1 + Math.floor(r() * 3)) as 1 | 2 | 3,
        });
      }
    }
  }
  return out;
}

/** Every event at month ≥ T changed: deaths multiplied, types rotated, half dropped, new ones added. */
function perturbFrom(events: ForecastEvent[], T: number, seed: number): ForecastEvent[] {
  const r = rng(seed);
  const kept = events
    .filter((e) => e.month < T || r() < 0.5)
    .map((e) =>
      e.month < T ? e : { ...e, deaths: e.deaths * 7 + 3, type: ((e.type % 3) + 1) as 1 | 2 | 3 },
    );
  for (let m = T; m <= END; m++) {
    for (let k = 0; k < 30; k++) {
      kept.push({
        month: m,
        lat: 10 + r() * 5,
        lon: -5 + r() * 6,
        country: r() < 0.5 ? 'BFA' : 'MLI',
        deaths: 50,
        type: 1,
      });
    }
  }
  return kept;
}

describe('no look-ahead: nothing used to forecast month T depends on data from T or later', () => {
  for (const kind of ['cell', 'admin1'] as UnitKind[]) {
    test(`${kind}: features, baselines and the trained model's forecasts ignore months ≥ T`, () => {
      const countries = ['BFA', 'MLI'];
      const events = synthetic(3);
      // Units as the evaluation builds them (cells and outside units from the events).
      const units = buildUnits(set, kind, countries, events);
      const T = START + 20;
      const L = T - START - 1; // last observed month (panel index) for a 1-month-ahead forecast
      const a = buildPanel(set, units, kind, events, { countries, start: START, end: END });
      const b = buildPanel(set, units, kind, perturbFrom(events, T, 9), {
        countries,
        start: START,
        end: END,
      });
      // The perturbation is real: the panels differ from T on.
      assert.notDeepEqual(a.events.slice(0), b.events.slice(0));

      for (let l = 0; l <= L; l++) assert.deepEqual(featuresAt(a, l), featuresAt(b, l), `features at ${l}`);
      assert.deepEqual(noChange(a, L), noChange(b, L));
      assert.deepEqual(historicalMean(a, L), historicalMean(b, L));
      for (const h of [1, 3]) {
        // With the inner validation (trees and blend weights chosen on the window's last months)
        // and the logistic-regression blend of cells.
        const opts = { event: { trees: 50 }, size: { trees: 10 }, validationMonths: 2, linearBlend: 0.25 };
        const ma = trainHurdle(new FeatureCache(a), T - START - h, h, opts);
        const mb = trainHurdle(new FeatureCache(b), T - START - h, h, opts);
        assert.ok(ma.validation, 'the validation ran');
        assert.ok(ma.linear && mb.linear, 'the logistic regression is fitted');
        assert.deepEqual(ma.linear, mb.linear);
        assert.deepEqual(ma.validation, mb.validation);
        assert.deepEqual(
          predictHurdle(ma, featuresAt(a, T - START - h)),
          predictHurdle(mb, featuresAt(b, T - START - h)),
        );
      }
    });
  }

  test('the check is sensitive: changing month T − 1 changes the features for T', () => {
    const countries = ['BFA'];
    const units = buildUnits(set, 'cell', countries);
    const events = synthetic(4);
    const T = START + 15;
    const a = buildPanel(set, units, 'cell', events, { countries, start: START, end: END });
    const b = buildPanel(set, units, 'cell', perturbFrom(events, T - 1, 5), {
      countries,
      start: START,
      end: END,
    });
    assert.notDeepEqual(featuresAt(a, T - START - 1), featuresAt(b, T - START - 1));
  });
});

describe('features', () => {
  test('one row of N features per unit, with the lags read from the right months', () => {
    const units = buildUnits(set, 'admin1', ['BFA']);
    const u = units.findIndex((x) => x.admin1Code === 'BF.SM'); // Soum
    assert.ok(u >= 0);
    const events: ForecastEvent[] = [
      { month: START + 2, lat: 14.1, lon: -1.6, country: 'BFA', deaths: 4, type: 3 },
      { month: START + 2, lat: 14.1, lon: -1.6, country: 'BFA', deaths: 0, type: 1 },
      { month: START, lat: 14.1, lon: -1.6, country: 'BFA', deaths: 9, type: 1 },
    ];
    const p = buildPanel(set, units, 'admin1', events, { countries: ['BFA'], start: START, end: START + 5 });
    const X = featuresAt(p, 3);
    assert.equal(X.length, units.length * N_FEATURES);
    const get = (name: (typeof FEATURE_NAMES)[number]) => X[u * N_FEATURES + FEATURE_NAMES.indexOf(name)];
    assert.equal(get('events_lag1'), 0); // month 3
    assert.equal(get('events_lag2'), Math.log1p(2)); // month 2
    assert.equal(get('events_3m'), Math.log1p(2)); // months 1..3
    assert.equal(get('events_6m'), Math.log1p(3));
    assert.equal(get('months_since_event'), 1);
    assert.equal(get('history_share_active'), 2 / 4);
    assert.equal(get('one_sided_12m'), Math.log1p(1));
    assert.equal(get('history_months'), 4);
    assert.ok((get('border_km') ?? 0) > 0);
  });
});
