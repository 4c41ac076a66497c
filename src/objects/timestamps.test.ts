import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '../core/clock.ts';
import {
  compareTimestamps,
  formatTimestamp,
  isTimestamp,
  nowTimestamp,
  parseTimestamp,
} from './timestamps.ts';

void test('STIX timestamps: UTC with Z, fractional seconds of any precision (§3.2)', () => {
  const valid = [
    '2016-01-20T12:31:12Z',
    '2016-01-20T12:31:12.123Z',
    '2016-01-20T12:31:12.123456789Z',
    '2024-02-29T00:00:00Z', // leap year
    '2000-02-29T00:00:00Z', // divisible by 400
    '2016-12-31T23:59:60Z', // leap second
    '0001-01-01T00:00:00Z',
  ];
  for (const v of valid) assert.ok(isTimestamp(v), v);
  const invalid = [
    '2016-01-20T12:31:12+00:00', // offset instead of Z
    '2016-01-20T12:31:12.123z',
    '2016-01-20 12:31:12Z',
    '2016-01-20T12:31Z',
    '2016-01-20',
    '2016-01-20T12:31:12.Z',
    '2023-02-29T00:00:00Z', // not a leap year
    '1900-02-29T00:00:00Z', // divisible by 100, not 400
    '2016-04-31T00:00:00Z',
    '2016-13-01T00:00:00Z',
    '2016-00-10T00:00:00Z',
    '2016-01-20T24:00:00Z',
    '2016-01-20T12:60:00Z',
    '2016-01-20T12:31:60Z', // second 60 only at 23:59
    '',
    20160120,
  ];
  for (const v of invalid) assert.equal(isTimestamp(v), false, String(v));
});

void test('parseTimestamp keeps the written precision and the instant', () => {
  const p = parseTimestamp('2026-01-10T08:00:00.123400Z');
  assert.ok(p);
  assert.equal(p.seconds, '2026-01-10T08:00:00');
  assert.equal(p.fraction, '1234');
  assert.equal(p.precision, 6);
  assert.equal(p.date.toISOString(), '2026-01-10T08:00:00.123Z');
  assert.equal(parseTimestamp('0050-06-01T00:00:00Z')?.date.getUTCFullYear(), 50);
});

void test('compareTimestamps is exact below the millisecond', () => {
  const cases: [string, string, number][] = [
    ['2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000Z', 0],
    ['2020-01-01T00:00:00.1Z', '2020-01-01T00:00:00.100000Z', 0],
    ['2020-01-01T00:00:00.0001Z', '2020-01-01T00:00:00Z', 1],
    ['2020-01-01T00:00:00.000123Z', '2020-01-01T00:00:00.000124Z', -1],
    ['2020-01-01T00:00:00.9999999Z', '2020-01-01T00:00:01Z', -1],
    ['2019-12-31T23:59:59.999Z', '2020-01-01T00:00:00Z', -1],
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999999Z', 1],
    ['2016-12-31T23:59:60.5Z', '2017-01-01T00:00:00Z', -1],
    ['2026-05-01T10:00:00Z', '2026-04-30T10:00:00Z', 1],
  ];
  const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);
  for (const [a, b, expected] of cases) {
    assert.equal(sign(compareTimestamps(a, b)), expected, `${a} vs ${b}`);
    assert.equal(sign(compareTimestamps(b, a)), sign(-expected), `${b} vs ${a}`);
  }
  assert.throws(() => compareTimestamps('2020-01-01', '2020-01-01T00:00:00Z'), TypeError);
});

void test('formatTimestamp writes milliseconds and Z; nowTimestamp reads the given clock', () => {
  assert.equal(formatTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))), '2026-01-02T03:04:05.006Z');
  assert.equal(nowTimestamp(manualClock('2026-03-01T12:00:00.250Z')), '2026-03-01T12:00:00.250Z');
  assert.throws(() => formatTimestamp(new Date(Number.NaN)), RangeError);
  assert.throws(() => formatTimestamp(new Date(Date.UTC(10000, 0, 1))), RangeError);
});
