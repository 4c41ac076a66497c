import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactTimestamp, versionKey } from './records.time.ts';

void test('version keys sort as time, at any precision (STIX 2.1 §3.2)', () => {
  const chronological = [
    '2016-12-31T23:59:59.999999999Z',
    '2016-12-31T23:59:60Z', // leap second (RFC 3339 §5.7)
    '2017-01-01T00:00:00Z',
    '2017-01-01T00:00:00.0000001Z',
    '2017-01-01T00:00:00.1Z',
    '2017-01-01T00:00:00.12Z',
    '2017-01-01T00:00:00.2Z',
    '2017-01-01T00:00:01Z',
  ];
  const keys = chronological.map((t) => versionKey(t)!);
  assert.deepEqual([...keys].sort(), keys);
  assert.equal(new Set(keys).size, keys.length);
});

void test('one instant, one key; offsets are converted to UTC', () => {
  const same: [string, string][] = [
    ['2024-01-01T00:00:00.1Z', '2024-01-01T00:00:00.100000000Z'],
    ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T01:30:00.5+01:30', '2024-01-01T00:00:00.5Z'],
    ['2023-12-31T23:00:00-01:00', '2024-01-01T00:00:00Z'],
    ['2024-03-01T00:30:00+01:00', '2024-02-29T23:30:00Z'],
    ['0099-01-01T00:00:00+00:00', '0099-01-01T00:00:00Z'],
    ['2024-01-01t00:00:00z', '2024-01-01T00:00:00Z'],
  ];
  for (const [a, b] of same) assert.equal(versionKey(a), versionKey(b), `${a} = ${b}`);
  assert.equal(versionKey('2024-01-01T00:00:00.1230Z'), '2024-01-01T00:00:00.123');
});

void test('not RFC 3339: no key', () => {
  for (const t of ['', 'yesterday', '2024-01-01', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:00:00', '2024-01-01T00:00:00.Z']) {
    assert.equal(versionKey(t), null, t);
  }
});

void test('compactTimestamp drops zero fractions, keeps at least milliseconds', () => {
  assert.equal(compactTimestamp('2023-05-12T00:00:00.000000Z'), '2023-05-12T00:00:00Z');
  assert.equal(compactTimestamp('2023-05-12T00:00:00.120000Z'), '2023-05-12T00:00:00.120Z');
  assert.equal(compactTimestamp('2023-05-12T00:00:00.123456Z'), '2023-05-12T00:00:00.123456Z');
});
