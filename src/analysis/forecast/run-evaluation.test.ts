import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.ts';
import { DEFAULT_BOUNDARIES_DIR } from './areas.ts';
import { readGedEvents } from './events.ts';
import { runEvaluation } from './run-evaluation.ts';

const HEADER = 'date_start,country,latitude,longitude,best,type_of_violence';
let dir = '';
const file = async (name: string, lines: string[]) => {
  const path = join(dir, name);
  await writeFile(path, lines.join('\n') + '\n');
  return path;
};

/** A DomainError with this code whose issues include this path. */
async function rejectsWith(p: Promise<unknown>, code: string, path?: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, code);
    if (path)
      assert.ok(
        e.issues.some((i) => i.path === path),
        JSON.stringify(e.issues),
      );
    return true;
  });
}

describe('forecast evaluate: bad input is an error naming line and field', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'forecast-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('missing columns are named before any row is read', async () => {
    const f = await file('cols.csv', ['date_start,country,latitude', '2023-01-02,Mali,14']);
    await rejectsWith(readGedEvents(f), 'import.missing_columns', '/columns/longitude');
  });

  test('a bad date, bad coordinates and an unknown country name their line and field', async () => {
    const f = await file('rows.csv', [
      HEADER,
      '2023-01-02,Mali,14.1,-3.2,1,1',
      '2023-02-30,Mali,14.1,-3.2,1,1',
      '2023-01-02,Mali,95,-3.2,1,1',
      '2023-01-02,Mali,14.1,east,1,1',
      '2023-01-02,Atlantis,14.1,-3.2,1,1',
    ]);
    await assert.rejects(readGedEvents(f), (e: unknown) => {
      assert.ok(e instanceof DomainError);
      assert.equal(e.code, 'forecast.bad_events');
      assert.equal(e.params.rows, 4);
      assert.equal(e.params.line, 3);
      assert.equal(e.params.field, 'date_start');
      const paths = e.issues.map((i) => i.path);
      assert.deepEqual(paths, [
        '/rows/3/date_start',
        '/rows/4/latitude',
        '/rows/5/longitude',
        '/rows/6/country',
      ]);
      assert.deepEqual(
        e.issues.map((i) => i.code),
        ['import.bad_date', 'import.bad_latitude', 'import.bad_longitude', 'import.unknown_country'],
      );
      return true;
    });
  });

  test('options are checked one by one', async () => {
    const f = await file('ok.csv', [
      HEADER,
      '2020-01-02,Burkina Faso,14.1,-1.6,1,1',
      '2021-06-02,Burkina Faso,14.1,-1.6,1,1',
    ]);
    const base = {
      events: f,
      boundaries: DEFAULT_BOUNDARIES_DIR,
      from: '2021-01',
      to: '2021-06',
      unit: 'admin1',
    };
    await rejectsWith(runEvaluation({ ...base, from: '2021-13' }), 'forecast.bad_month', '/from');
    await rejectsWith(runEvaluation({ ...base, to: '2020-12' }), 'forecast.bad_range', '/to');
    await rejectsWith(runEvaluation({ ...base, horizon: 2 }), 'forecast.bad_horizon', '/horizon');
    await rejectsWith(runEvaluation({ ...base, unit: 'district' }), 'forecast.bad_unit', '/unit');
    await rejectsWith(
      runEvaluation({ ...base, countries: 'BFA,XYZ' }),
      'forecast.unknown_country',
      '/country',
    );
    await rejectsWith(runEvaluation({ ...base, to: '2021-07' }), 'forecast.beyond_data', '/to');
    await rejectsWith(runEvaluation({ ...base, from: '2020-02' }), 'forecast.no_history', '/from');
  });

  test("rows outside every area are counted, reported and scored in the country's outside unit; a quiet country evaluates", async () => {
    const rows = [HEADER];
    for (let m = 1; m <= 12; m++) {
      const mm = String(m).padStart(2, '0');
      rows.push(`2022-${mm}-03,Burkina Faso,14.1,-1.6,${m},3`);
      if (m % 2) rows.push(`2022-${mm}-09,Burkina Faso,12.4,-1.5,2,1`);
    }
    rows.push('2022-05-05,Burkina Faso,5.0,-30.0,1,1'); // in the Atlantic
    const f = await file('outside.csv', rows);
    const r = await runEvaluation({
      events: f,
      boundaries: DEFAULT_BOUNDARIES_DIR,
      from: '2022-07',
      to: '2022-12',
      unit: 'admin1',
      countries: 'BFA,SEN',
      noPool: true,
    });
    assert.deepEqual(r.counted.BFA, { counted: 19, outside: 1 });
    assert.deepEqual(r.counted.SEN, { counted: 0, outside: 0 });
    assert.equal(r.units, 45 + 1 + 14, 'BFA has an outside unit, SEN (no event outside) none');
    assert.equal(r.rows.length, 6);
    const model = r.rows.find((x) => x.forecaster === 'model' && x.scope === 'all')!;
    assert.equal(model.scores.n, 60 * 6);
    assert.ok(model.scores.aupr > 0.5, `AUPR ${model.scores.aupr}`);
  });
});
