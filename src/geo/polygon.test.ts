import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  areaCentroid,
  pointInPolygon,
  pointInPolygons,
  pointOnSurface,
  type PolygonRings,
} from './polygon.ts';

const rect = (x0: number, y0: number, x1: number, y1: number, clockwise = false) => {
  const r = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
  return clockwise ? r.reverse() : r;
};

void describe('pointInPolygon (even-odd ray casting)', () => {
  void it('matches the rectangle test for random points, whatever the winding', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 15, noNaN: true }),
        fc.double({ min: -5, max: 15, noNaN: true }),
        fc.boolean(),
        (x, y, cw) => {
          const inside = x > 0 && x < 10 && y > 0 && y < 10;
          const onEdge = x === 0 || x === 10 || y === 0 || y === 10;
          fc.pre(!onEdge);
          assert.equal(pointInPolygon([rect(0, 0, 10, 10, cw)], x, y), inside);
        },
      ),
    );
  });

  void it('excludes holes and counts a vertex on the ray once', () => {
    const withHole: PolygonRings = [rect(0, 0, 10, 10), rect(2, 2, 4, 4, true)];
    assert.equal(pointInPolygon(withHole, 3, 3), false);
    assert.equal(pointInPolygon(withHole, 5, 3), true);
    // A diamond whose right vertex lies exactly on the ray y = 5.
    const diamond = [
      [5, 0],
      [10, 5],
      [5, 10],
      [0, 5],
      [5, 0],
    ];
    assert.equal(pointInPolygon([diamond], 5, 5), true);
    assert.equal(pointInPolygon([diamond], -1, 5), false);
    assert.equal(pointInPolygon([diamond], 11, 5), false);
  });

  void it('pointInPolygons is true in any part', () => {
    const parts = [[rect(0, 0, 1, 1)], [rect(5, 5, 6, 6)]];
    assert.equal(pointInPolygons(parts, 5.5, 5.5), true);
    assert.equal(pointInPolygons(parts, 3, 3), false);
  });
});

void describe('centroids', () => {
  void it('weights areas and subtracts holes', () => {
    const [x, y] = areaCentroid([[rect(0, 0, 10, 10)], [rect(20, 0, 30, 10)]]);
    assert.ok(Math.abs(x - 15) < 1e-9 && Math.abs(y - 5) < 1e-9);
    const [hx] = areaCentroid([[rect(0, 0, 10, 10), rect(0, 0, 5, 10, true)]]);
    assert.ok(Math.abs(hx - 7.5) < 1e-9);
  });

  void it('pointOnSurface stays inside a C shape whose centroid is outside', () => {
    const c: PolygonRings = [
      [
        [0, 0],
        [10, 0],
        [10, 2],
        [2, 2],
        [2, 8],
        [10, 8],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
    ];
    const [cx, cy] = areaCentroid([c]);
    assert.equal(pointInPolygon(c, cx, cy), false, 'the centroid is in the gap');
    const [px, py] = pointOnSurface([c]);
    assert.equal(pointInPolygon(c, px, py), true);
  });
});
