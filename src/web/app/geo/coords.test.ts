import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDms, parseCoordinate, splitPair } from './coords.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} ≠ ${b}`);
const value = (text: string, axis: 'lat' | 'lon') => {
  const r = parseCoordinate(text, axis);
  assert.ok(r.ok, `${text}: ${JSON.stringify(r)}`);
  return r.value;
};

describe('parseCoordinate', () => {
  const cases: [string, 'lat' | 'lon', number][] = [
    ['14.1', 'lat', 14.1],
    ['-1,63', 'lon', -1.63],
    ['14°06\'00"N', 'lat', 14.1],
    ['14° 6\' 0" N', 'lat', 14.1],
    ['N 14°06′', 'lat', 14.1],
    ['1°37\'48"W', 'lon', -1.63],
    ['1°37′48″ O', 'lon', -1.63],
    ['1 37 48 E', 'lon', 1.63],
    ["12°30.5'S", 'lat', -12.508333333],
    ["-12°30'", 'lat', -12.5],
    ['95', 'lat', 95],
  ];
  for (const [text, axis, expected] of cases)
    test(`${text} (${axis})`, () => close(value(text, axis), expected));

  test('rejects what it cannot read, and a hemisphere of the other axis', () => {
    assert.deepEqual(parseCoordinate('', 'lat'), { ok: false, reason: 'empty' });
    assert.deepEqual(parseCoordinate('douze', 'lat'), { ok: false, reason: 'syntax' });
    assert.deepEqual(parseCoordinate("14°70'N", 'lat'), { ok: false, reason: 'syntax' });
    assert.deepEqual(parseCoordinate('14°N', 'lon'), { ok: false, reason: 'hemisphere' });
    assert.deepEqual(parseCoordinate('-14°N', 'lat'), { ok: false, reason: 'syntax' });
  });
});

test('formatDms round-trips through parseCoordinate', () => {
  for (const v of [14.1, -1.63, 0, 23.999999, -16.5]) {
    for (const axis of ['lat', 'lon'] as const) {
      for (const locale of ['fr', 'en'] as const)
        close(value(formatDms(v, axis, locale), axis), Math.round(v * 3600) / 3600);
    }
  }
  assert.equal(formatDms(-1.63, 'lon', 'fr'), '1° 37′ 48″ O');
  assert.equal(formatDms(-1.63, 'lon', 'en'), '1° 37′ 48″ W');
});

test('splitPair', () => {
  assert.deepEqual(splitPair('14.1, -1.63'), ['14.1', '-1.63']);
  assert.deepEqual(splitPair("14°06'N 1°37'W"), ["14°06'N", "1°37'W"]);
  assert.equal(splitPair('14.1'), null);
});
