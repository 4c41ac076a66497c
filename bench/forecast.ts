/**
 * Forecast training and scoring time on the shared data (UCDP GED 2020–2023, issue 7: "trains on
 * the shared data in well under a minute"). For BFA, MLI and NER cells and admin-1 areas: one
 * training through 2022-12 (as for forecasting 2023-01; the inner validation's extra fit
 * included), one scoring of every unit, and the whole 12-month rolling-origin evaluation of 2023.
 *   npx tsx bench/run.ts forecast
 * Environment: FORECAST_EVENTS, FORECAST_BOUNDARIES (default ../shared/data/…).
 */
import { existsSync } from 'node:fs';
import { loadAreaSet } from '../src/analysis/forecast/areas.ts';
import { evaluatePanel } from '../src/analysis/forecast/evaluate.ts';
import { monthIndex, readGedEvents } from '../src/analysis/forecast/events.ts';
import { FeatureCache, KIND_OPTIONS, predictHurdle, trainHurdle } from '../src/analysis/forecast/model.ts';
import { buildPanel, buildUnits, type UnitKind } from '../src/analysis/forecast/panel.ts';

const EVENTS = process.env.FORECAST_EVENTS ?? '../shared/data/ucdp/ged_sahel_2020_2023.csv';
const BOUNDARIES = process.env.FORECAST_BOUNDARIES ?? '../shared/data/boundaries';

export async function run(): Promise<void> {
  if (!existsSync(EVENTS)) {
    console.log(`forecast: ${EVENTS} not found (set FORECAST_EVENTS)`);
    return;
  }
  const set = loadAreaSet(BOUNDARIES);
  const t0 = performance.now();
  const events = await readGedEvents(EVENTS);
  console.log(`forecast: read ${events.length} events in ${(performance.now() - t0).toFixed(0)} ms`);
  const start = monthIndex(2020, 1);
  const end = monthIndex(2023, 12);
  const pool = ['BFA', 'MLI', 'NER', 'SEN'];
  for (const kind of ['cell', 'admin1'] as UnitKind[]) {
    const t1 = performance.now();
    const units = buildUnits(set, kind, pool, events, { start, end });
    const panel = buildPanel(set, units, kind, events, { countries: pool, start, end });
    const tPanel = performance.now() - t1;
    const cache = new FeatureCache(panel);
    const t2 = performance.now();
    for (let L = 0; L < panel.months; L++) cache.at(L);
    const tFeatures = performance.now() - t2;
    const L = monthIndex(2022, 12) - start;
    const t3 = performance.now();
    const model = trainHurdle(cache, L, 1, KIND_OPTIONS[kind]);
    const tTrain = performance.now() - t3;
    const t4 = performance.now();
    predictHurdle(model, cache.at(L));
    const tScore = performance.now() - t4;
    console.log(
      `forecast ${kind}: ${units.length} units × ${panel.months} months (BFA+MLI+NER+SEN); panel ${tPanel.toFixed(0)} ms, ` +
        `features ${tFeatures.toFixed(0)} ms, one training (${model.rows} rows) ${(tTrain / 1000).toFixed(2)} s ` +
        `(target < 60 s: ${(60_000 / tTrain).toFixed(0)}× under), scoring all units ${tScore.toFixed(1)} ms`,
    );
    const t5 = performance.now();
    const scored = new Set(['BFA', 'MLI', 'NER']);
    const ev = evaluatePanel(panel, monthIndex(2023, 1) - start, end - start, 1, {
      scored: (u) => scored.has(units[u]?.country ?? ''),
      groupOf: (u) => units[u]?.country ?? '',
      modelOptions: KIND_OPTIONS[kind],
    });
    console.log(
      `  rolling evaluation of 2023 (BFA, MLI, NER): 12 trainings ${(ev.trainMs / 1000).toFixed(1)} s ` +
        `(${(ev.trainMs / 12000).toFixed(2)} s each), scoring ${ev.predictMs.toFixed(0)} ms, total ${((performance.now() - t5) / 1000).toFixed(1)} s`,
    );
  }
}
