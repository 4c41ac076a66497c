import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  distanceM,
  distancePointSegment,
  overlaps,
  pointInPolygon,
  segmentsIntersect,
  selfIntersectionAt,
  M_PER_DEG_LAT,
  type Shape,
} from './geometry.ts';
import { utcDay, windowOverlap } from './windows.ts';

const square = (x: number, y: number, s: number): Shape => ({
  kind: 'polygon',
  rings: [
    [
      [x, y],
      [x + s, y],
      [x + s, y + s],
      [x, y + s],
      [x, y],
    ],
  ],
});
const route = (...pts: [number, number][]): Shape => ({ kind: 'line', points: pts });
const point = (lon: number, lat: number): Shape => ({ kind: 'point', point: [lon, lat] });

describe('segments', () => {
  const cases: [string, [number, number][], boolean][] = [
    [
      'crossing',
      [
        [0, 0],
        [2, 2],
        [0, 2],
        [2, 0],
      ],
      true,
    ],
    [
      'touching at an end',
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [2, 0],
      ],
      true,
    ],
    [
      'T junction',
      [
        [0, 0],
        [2, 0],
        [1, 0],
        [1, 1],
      ],
      true,
    ],
    [
      'collinear overlapping',
      [
        [0, 0],
        [2, 0],
        [1, 0],
        [3, 0],
      ],
      true,
    ],
    [
      'collinear disjoint',
      [
        [0, 0],
        [1, 0],
        [2, 0],
        [3, 0],
      ],
      false,
    ],
    [
      'parallel',
      [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      false,
    ],
    [
      'near miss',
      [
        [0, 0],
        [1, 1],
        [1.01, 1],
        [2, 0],
      ],
      false,
    ],
  ];
  for (const [name, [a, b, c, d], expected] of cases) {
    test(`segment intersection: ${name}`, () => assert.equal(segmentsIntersect(a!, b!, c!, d!), expected));
  }
  test('distance point–segment: perpendicular foot, beyond an end, degenerate segment', () => {
    assert.equal(distancePointSegment([1, 1], [0, 0], [2, 0]), 1);
    assert.equal(distancePointSegment([3, 4], [-5, 0], [0, 0]), 5);
    assert.equal(distancePointSegment([3, 4], [0, 0], [0, 0]), 5);
  });
});

describe('polygons', () => {
  test('point in polygon: inside, outside, on the edge, in a hole', () => {
    const rings = [
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [0, 4],
        [0, 0],
      ],
      [
        [1, 1],
        [2, 1],
        [2, 2],
        [1, 2],
        [1, 1],
      ],
    ];
    assert.equal(pointInPolygon(rings, [3, 3]), true);
    assert.equal(pointInPolygon(rings, [5, 3]), false);
    assert.equal(pointInPolygon(rings, [4, 2]), true, 'the border is inside');
    assert.equal(pointInPolygon(rings, [1.5, 1.5]), false, 'in the hole');
  });
  test('self-intersection: a bow tie is found, a square and a concave ring are simple', () => {
    assert.equal(
      selfIntersectionAt([
        [0, 0],
        [2, 2],
        [2, 0],
        [0, 2],
        [0, 0],
      ]),
      0,
    );
    assert.equal(
      selfIntersectionAt([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ]),
      -1,
    );
    assert.equal(
      selfIntersectionAt([
        [0, 0],
        [4, 0],
        [4, 4],
        [2, 1],
        [0, 4],
        [0, 0],
      ]),
      -1,
    );
    assert.notEqual(
      selfIntersectionAt([
        [0, 0],
        [2, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ]),
      -1,
      'an edge folding back on the previous one',
    );
    assert.notEqual(
      selfIntersectionAt([
        [0, 0],
        [2, 0],
        [2, 2],
        [1, 0],
        [0, 2],
        [0, 0],
      ]),
      -1,
      'a vertex touching an edge',
    );
  });
});

describe('overlap of shapes with buffers', () => {
  test('polygons sharing an edge overlap; apart by 1 km they do not, unless buffers bridge the gap', () => {
    assert.equal(overlaps(square(0, 12, 0.1), 0, square(0.1, 12, 0.1), 0), true, 'touching edges');
    const gapDeg = 1000 / M_PER_DEG_LAT; // 1 km north–south
    const a = square(0, 12, 0.1);
    const b = square(0, 12.1 + gapDeg, 0.1);
    assert.ok(Math.abs(distanceM(a, b) - 1000) < 1);
    assert.equal(overlaps(a, 0, b, 0), false);
    assert.equal(overlaps(a, 400, b, 500), false, '900 m of buffers do not reach');
    assert.equal(overlaps(a, 500, b, 500), true, 'exactly 1000 m of buffers touch');
  });
  test('a polygon inside another overlaps (no edge crosses)', () => {
    assert.equal(overlaps(square(0, 12, 1), 0, square(0.4, 12.4, 0.1), 0), true);
    assert.equal(overlaps(square(0.4, 12.4, 0.1), 0, square(0, 12, 1), 0), true);
  });
  test('route vs polygon: crossing, passing by within its buffer, far away', () => {
    const zone = square(-1.6, 13.3, 0.1);
    assert.equal(overlaps(route([-1.7, 13.35], [-1.4, 13.35]), 0, zone, 0), true, 'crosses');
    const nearLat = 13.4 + 300 / M_PER_DEG_LAT;
    assert.equal(
      overlaps(route([-1.7, nearLat], [-1.4, nearLat]), 500, zone, 0),
      true,
      '300 m north, 500 m buffer',
    );
    assert.equal(
      overlaps(route([-1.7, nearLat], [-1.4, nearLat]), 200, zone, 0),
      false,
      '300 m north, 200 m buffer',
    );
  });
  test('route vs route and point vs route, distances in metres at the latitude of the Sahel', () => {
    const r = route([0, 14], [1, 14]);
    // 0.01° of longitude at 14°N ≈ 1079 m.
    const d = distanceM(point(1.01, 14), r);
    assert.ok(Math.abs(d - 0.01 * M_PER_DEG_LAT * Math.cos((14 * Math.PI) / 180)) < 1, String(d));
    assert.equal(overlaps(route([0.5, 13.9], [0.5, 14.1]), 0, r, 0), true);
    assert.equal(overlaps(point(0.5, 14.005), 0, r, 600), true);
  });
});

describe('time windows', () => {
  const h = 3_600_000;
  const t0 = Date.parse('2026-03-28T22:00:00Z');
  test('touching windows do not overlap without tolerance, do with it', () => {
    const a = { startMs: t0, endMs: t0 + 2 * h };
    const b = { startMs: t0 + 2 * h, endMs: t0 + 4 * h };
    assert.equal(windowOverlap(a, 0, b, 0), null);
    assert.deepEqual(windowOverlap(a, 15 * 60_000, b, 0), { startMs: t0 + 2 * h, endMs: t0 + 2 * h });
  });
  test('instants compare across time zones and the European daylight-saving night', () => {
    // 01:30 on 29 March 2026 in Niamey (UTC+1) is 00:30Z; Paris moves to summer time at 01:00Z.
    const niger = {
      startMs: Date.parse('2026-03-29T01:30:00+01:00'),
      endMs: Date.parse('2026-03-29T03:30:00+02:00'),
    };
    const bfa = { startMs: Date.parse('2026-03-29T01:00:00Z'), endMs: Date.parse('2026-03-29T01:15:00Z') };
    assert.deepEqual(windowOverlap(niger, 0, bfa, 0), bfa);
    assert.equal(utcDay(niger.startMs), '2026-03-29');
    assert.equal(
      utcDay(Date.parse('2026-03-29T00:30:00+01:00')),
      '2026-03-28',
      'the UTC day, not the local one',
    );
  });
});
