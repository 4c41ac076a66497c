import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAreaSet } from './areas.ts';
import { historicalMean, noChange } from './baselines.ts';
import { evaluatePanel, type Evaluation, type Forecaster } from './evaluate.ts';
import { monthIndex, readGedEvents } from './events.ts';
import { buildPanel, buildUnits, type UnitKind } from './panel.ts';
import { handPanel } from './test-panel.ts';

const GED = fileURLToPath(new URL('../../../assets/ucdp/ged_sahel_2020_2023.csv', import.meta.url));

describe('baselines', () => {
  test('no-change repeats month L; historical mean ranks by mean count, forecasts mean deaths', () => {
    const p = handPanel([
      { events: [0, 3, 0, 1], deaths: [0, 9, 0, 2] },
      { events: [1, 1, 1, 0], deaths: [1, 1, 1, 0] },
    ]);
    const nc = noChange(p, 2);
    assert.deepEqual([...nc.prob], [0, 1]);
    assert.deepEqual([...nc.fatalities], [0, 1]);
    const hm = historicalMean(p, 2);
    // Unit 0: one active month of three but 3 events; unit 1: three active months, 3 events.
    assert.deepEqual([...hm.score], [1, 1]);
    assert.deepEqual([...hm.prob], [1 / 3, 1]);
    assert.deepEqual([...hm.fatalities], [3, 1]);
  });

  // The reference of issue 7 (2023, one month ahead, rolling origin), pinned to three decimals:
  // it fixes the unit rules of panel.ts and the baseline definitions above together.
  test('reproduce the issue 7 reference on the shared UCDP data, 2023', async () => {
    const set = loadAreaSet();
    const events = await readGedEvents(GED);
    const start = monthIndex(2020, 1);
    const end = monthIndex(2023, 12);
    const from = monthIndex(2023, 1) - start;
    const run = (kind: UnitKind, countries: string[]): Evaluation => {
      const units = buildUnits(set, kind, countries, events, { start, end });
      const panel = buildPanel(set, units, kind, events, { countries, start, end });
      return evaluatePanel(panel, from, end - start, 1, {
        model: false,
        groupOf: (u) => units[u]?.country ?? '',
      });
    };
    const score = (ev: Evaluation, group: string, f: Forecaster) => {
      const g = ev.groups.find((x) => x.group === group);
      const rows = g ? g.rows : ev.rows;
      const r = rows.find((x) => x.forecaster === f && x.scope === 'all');
      assert.ok(r, `${group} ${f}`);
      return r.scores;
    };
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    const cells = run('cell', ['BFA', 'MLI', 'NER']);
    assert.deepEqual(
      cells.groups.map((g) => [g.group, g.units]),
      [
        ['BFA', 104],
        ['MLI', 438],
        ['NER', 408],
      ],
    );
    assert.equal(r3(score(cells, 'BFA', 'historical-mean').aupr), 0.411);
    assert.equal(r3(score(cells, 'BFA', 'historical-mean').msle), 1.256);
    assert.equal(r3(score(cells, 'MLI', 'historical-mean').aupr), 0.233);
    assert.equal(r3(score(cells, 'MLI', 'no-change').msle), 0.238);
    assert.equal(r3(score(cells, 'NER', 'historical-mean').aupr), 0.257);
    assert.equal(r3(score(cells, 'NER', 'no-change').msle), 0.077);
    const bfa = run('admin1', ['BFA']);
    assert.equal(bfa.units, 45 + 1, '45 provinces and the outside unit');
    assert.equal(r3(score(bfa, 'BFA', 'historical-mean').aupr), 0.702);
    assert.equal(r3(score(bfa, 'BFA', 'historical-mean').msle), 1.565);
  });
});
