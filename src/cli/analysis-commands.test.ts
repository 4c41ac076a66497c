import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.ts';
import { DEFAULT_BOUNDARIES_DIR } from '../analysis/forecast/areas.ts';

describe('sentinelle forecast evaluate', () => {
  let dir = '';
  let csv = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'forecast-cli-'));
    const rows = ['date_start,country,latitude,longitude,best,type_of_violence'];
    for (let m = 1; m <= 12; m++) {
      const mm = String(m).padStart(2, '0');
      rows.push(`2022-${mm}-03,Burkina Faso,14.1,-1.6,${m},3`);
      if (m % 3 === 0) rows.push(`2022-${mm}-09,Burkina Faso,12.4,-1.5,2,1`);
    }
    rows.push('2022-05-05,Burkina Faso,5.0,-30.0,1,1');
    csv = join(dir, 'events.csv');
    await writeFile(csv, rows.join('\n') + '\n');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['--lang', 'en', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  test('prints one table (model and both baselines, all and ever-active units), the outside count, and writes JSON', async () => {
    const json = join(dir, 'out.json');
    const r = await run([
      'forecast',
      'evaluate',
      '--events',
      csv,
      '--boundaries',
      DEFAULT_BOUNDARIES_DIR,
      '--from',
      '2022-09',
      '--to',
      '2022-12',
      '--unit',
      'admin1',
      '--country',
      'BFA',
      '--no-pool',
      '--json',
      json,
    ]);
    assert.equal(r.code, 0, r.err);
    for (const s of [
      'AUPR',
      'AUROC',
      'Brier',
      'MSLE',
      'model (GBDT)',
      'no-change',
      'historical mean',
      'ever active',
    ]) {
      assert.ok(r.out.includes(s), `${s} in\n${r.out}`);
    }
    assert.match(r.out, /BFA: 1 of 17 event\(s\) in no area \(counted in the country's "outside" unit\)/);
    const saved = JSON.parse(await readFile(json, 'utf8')) as { rows: unknown[]; units: number };
    assert.equal(saved.rows.length, 6);
    assert.equal(saved.units, 45 + 1, "45 provinces and Burkina Faso's outside unit");
  });

  test('a bad option fails with one line naming the field', async () => {
    const r = await run([
      'forecast',
      'evaluate',
      '--events',
      csv,
      '--boundaries',
      DEFAULT_BOUNDARIES_DIR,
      '--from',
      '2022-9',
      '--to',
      '2022-12',
      '--unit',
      'admin1',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.err, /"from" must be a YYYY-MM month \(2022-9\)/);
  });
});
