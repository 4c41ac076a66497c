import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { DomainError } from '../core/errors.ts';
import type { StixObject } from '../objects/stix.ts';
import { importUcdpCsv } from './ucdp.ts';
import { UCDP_IDENTITY_ID } from './ucdp-source.ts';
import { EXTENSION_ID } from './test-support/shape.ts';

const OPTIONS = { sourceIdentityId: UCDP_IDENTITY_ID, importedAt: '2025-01-15T08:00:00.000Z' };
const csv = (...lines: string[]) => Readable.from([lines.join('\n') + '\n']);
const ext = (o: StixObject) =>
  o.extensions?.[EXTENSION_ID] as { fatalities: Record<string, number>; location: { lat: number } };

describe('UCDP GED columns are found by name, for any GED version', () => {
  it('reads a reordered subset header', async () => {
    const { objects, report } = await importUcdpCsv(
      csv(
        'type_of_violence,best,longitude,latitude,country,date_start',
        '3,4,-1.5,12.3,Burkina Faso,2021-03-04',
      ),
      OPTIONS,
    );
    assert.equal(report.incidents, 1);
    assert.equal(ext(objects[0]!).location.lat, 12.3);
    assert.deepEqual(ext(objects[0]!).fatalities, {
      security_forces: 0,
      civilians: 4,
      assailants: 0,
      unknown: 0,
    });
  });

  it('reads an older full GED release (best_est/high_est/low_est, fewer columns, other order)', async () => {
    const header =
      'id,year,type_of_violence,side_a,side_b,where_prec,adm_1,latitude,longitude,country,date_prec,date_start,date_end,' +
      'deaths_a,deaths_b,deaths_civilians,deaths_unknown,low_est,best_est,high_est';
    const row =
      '4321,2012,1,Government of Mali,MNLA,1,Gao region,16.27,-0.04,Mali,1,2012-02-01,2012-02-01,3,2,0,1,5,6,9';
    const { objects, report } = await importUcdpCsv(csv(header, row), OPTIONS);
    assert.equal(report.shape, 'full');
    assert.equal(report.skippedRows, 0, JSON.stringify(report.issues));
    const incident = objects.find((o) => o.type === 'incident')!;
    assert.deepEqual(ext(incident).fatalities, {
      security_forces: 3,
      civilians: 0,
      assailants: 2,
      unknown: 1,
    });
    assert.match(String(incident.description), /fourchette 5 à 9/);
  });

  it('a header missing required columns is refused before any row, naming each', async () => {
    await assert.rejects(
      importUcdpCsv(csv('date_start,country,latitude', '2021-01-01,Mali,1'), OPTIONS),
      (e: unknown) =>
        e instanceof DomainError &&
        e.issues.map((i) => i.params?.column).join() === 'longitude,best,type_of_violence',
    );
  });
});
