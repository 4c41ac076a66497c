import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EARTH_RADIUS_KM, nearBoxes, splitAntimeridian } from './records.filter.ts';

const km1deg = (EARTH_RADIUS_KM * Math.PI) / 180;

void test('bbox crossing the antimeridian splits in two', () => {
  assert.deepEqual(splitAntimeridian({ west: 170, south: -10, east: -170, north: 10 }), [
    { west: 170, south: -10, east: 180, north: 10 },
    { west: -180, south: -10, east: -170, north: 10 },
  ]);
  assert.equal(splitAntimeridian({ west: -10, south: 0, east: 10, north: 1 }).length, 1);
});

void test('near boxes cover the circle: latitude ± r, longitude widened by 1/cos(lat)', () => {
  const [b] = nearBoxes(60, 10, km1deg);
  assert.ok(b && Math.abs(b.north - 61) < 1e-6 && Math.abs(b.south - 59) < 1e-6);
  // At 60°N one degree of arc spans about 2° of longitude.
  assert.ok(b.east - 10 > 2 && b.east - 10 < 2.01, String(b.east));
});

void test('near boxes: antimeridian split, pole caps span all longitudes, huge radius is the world', () => {
  const across = nearBoxes(0, 179.5, 2 * km1deg);
  assert.equal(across.length, 2);
  assert.equal(across[0]?.east, 180);
  assert.equal(across[1]?.west, -180);
  const polar = nearBoxes(89, 0, 2 * km1deg);
  assert.deepEqual([polar.length, polar[0]?.west, polar[0]?.east, polar[0]?.north], [1, -180, 180, 90]);
  assert.deepEqual(nearBoxes(0, 0, 25_000), [{ west: -180, south: -90, east: 180, north: 90 }]);
});
