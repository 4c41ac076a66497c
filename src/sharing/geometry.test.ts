import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pointInClosedPolygon, ringProblem, segmentsIntersect } from './geometry.ts';

const square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
const hole = [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]];

test('a closed polygon contains its border; a hole excludes its inside but not its border', () => {
  const cases: [number, number, boolean][] = [
    [2, 2, false], // inside the hole
    [0.5, 0.5, true],
    [0, 2, true], // outer edge
    [4, 4, true], // outer vertex
    [1, 2, true], // hole edge
    [5, 2, false],
    [-0.0000001, 2, false],
  ];
  for (const [x, y, expected] of cases) assert.equal(pointInClosedPolygon([square, hole], x, y), expected, `${x},${y}`);
  assert.equal(pointInClosedPolygon([], 1, 1), false);
});

test('ring problems: open, too short, crossing, flat, repeated point', () => {
  assert.equal(ringProblem(square), null);
  assert.deepEqual(ringProblem(square.slice(0, 4)), { kind: 'not_closed', at: 3 });
  assert.deepEqual(ringProblem([[0, 0], [1, 0], [0, 0]]), { kind: 'too_few', at: 3 });
  assert.equal(ringProblem([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]])?.kind, 'self_intersects');
  assert.equal(ringProblem([[0, 0], [1, 0], [2, 0], [0, 0]])?.kind, 'degenerate');
  assert.equal(ringProblem([[0, 0], [1, 0], [1, 0], [1, 1], [0, 0]])?.kind, 'degenerate');
  // A spike touching an earlier edge.
  assert.equal(ringProblem([[0, 0], [4, 0], [4, 4], [2, 0], [0, 4], [0, 0]])?.kind, 'self_intersects');
});

test('segments: crossing, touching, collinear overlapping, apart', () => {
  assert.equal(segmentsIntersect(0, 0, 2, 2, 0, 2, 2, 0), true);
  assert.equal(segmentsIntersect(0, 0, 2, 0, 2, 0, 3, 1), true);
  assert.equal(segmentsIntersect(0, 0, 2, 0, 1, 0, 3, 0), true);
  assert.equal(segmentsIntersect(0, 0, 1, 0, 2, 0, 3, 0), false);
  assert.equal(segmentsIntersect(0, 0, 1, 1, 0, 1, 0.4, 0.6), false);
});
