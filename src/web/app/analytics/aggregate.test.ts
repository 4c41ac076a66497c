import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncidentView } from '../data/incidents.ts';
import { byArea, periodOf, weekly, weekStart } from './aggregate.ts';

const v = (occurredAt: string, fatalities: number, admin1 = 'Sahel', country = 'BFA'): IncidentView =>
  ({ id: occurredAt + admin1, occurredAt, fatalities, admin1, country }) as IncidentView;

describe('weekly', () => {
  test('ISO weeks start on Monday, UTC', () => {
    assert.equal(
      new Date(weekStart(Date.parse('2023-05-14T23:59:00Z'))).toISOString(),
      '2023-05-08T00:00:00.000Z',
    ); // a Sunday
    assert.equal(
      new Date(weekStart(Date.parse('2023-05-15T00:00:00Z'))).toISOString(),
      '2023-05-15T00:00:00.000Z',
    );
  });
  test('counts incidents and fatalities, with empty weeks between', () => {
    const w = weekly([
      v('2023-05-08T10:00:00Z', 3),
      v('2023-05-10T10:00:00Z', 0),
      v('2023-05-24T10:00:00Z', 7),
    ]);
    assert.deepEqual(w, [
      { week: '2023-05-08', incidents: 2, fatalities: 3 },
      { week: '2023-05-15', incidents: 0, fatalities: 0 },
      { week: '2023-05-22', incidents: 1, fatalities: 7 },
    ]);
    assert.deepEqual(weekly([]), []);
  });
});

test('byArea: top areas, every period between first and last', () => {
  assert.equal(periodOf('2023-11-02T00:00:00Z', 'quarter'), '2023-T4');
  const g = byArea(
    [
      v('2022-12-01T00:00:00Z', 0, 'Sahel'),
      v('2023-02-01T00:00:00Z', 0, 'Sahel'),
      v('2023-02-03T00:00:00Z', 0, 'Mopti', 'MLI'),
    ],
    'month',
    1,
  );
  assert.deepEqual(g.periods, ['2022-12', '2023-01', '2023-02']);
  assert.deepEqual(g.rows, [{ area: 'Sahel', country: 'BFA', total: 2, counts: [1, 0, 1] }]);
  assert.equal(g.max, 1);
});
