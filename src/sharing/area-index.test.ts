/** The fast area index answers exactly as src/geo/boundaries.ts does, borders and vertices included. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BOUNDARIES_DIR, defaultBoundaries } from '../geo/boundaries.ts';
import { buildAreaIndex } from './area-index.ts';

const index = buildAreaIndex();
const b = defaultBoundaries();
const expected = (lat: number, lon: number) => b.adminAreaAt(lat, lon)?.admin1Code ?? null;

test('same answer as the boundaries on random points of the Sahel', () => {
  fc.assert(
    fc.property(fc.double({ min: 4, max: 26, noNaN: true }), fc.double({ min: -18, max: 17, noNaN: true }), (lat, lon) => {
      assert.equal(index.areaAt(lat, lon), expected(lat, lon));
    }),
    { numRuns: 5000, seed: 7 },
  );
});

test('same answer on every vertex and every edge midpoint of Burkina Faso’s provinces, and at grid lines', () => {
  const doc = JSON.parse(readFileSync(join(DEFAULT_BOUNDARIES_DIR, 'bfa_admin1.geojson'), 'utf8')) as { features: { geometry: { type: string; coordinates: unknown } }[] };
  let n = 0;
  for (const f of doc.features) {
    const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
    for (const ring of polys.flat()) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1 = 0, y1 = 0] = ring[i]!;
        const [x2 = 0, y2 = 0] = ring[i + 1]!;
        for (const [lon, lat] of [[x1, y1], [(x1 + x2) / 2, (y1 + y2) / 2]] as const) {
          assert.equal(index.areaAt(lat, lon), expected(lat, lon), `${lat},${lon}`);
          n++;
        }
      }
    }
  }
  assert.ok(n > 1000);
  for (let lat = 9.5; lat <= 15.5; lat += 0.5) for (let lon = -5.5; lon <= 2.5; lon += 0.5) assert.equal(index.areaAt(lat, lon), expected(lat, lon));
  assert.equal(index.areaAt(NaN, 1), null);
});
