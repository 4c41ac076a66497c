import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cellCentre, cellsIntersecting, gidAt, neighbourGids, rowCol } from './grid.ts';

describe('PRIO-GRID cells', () => {
  test('gid 1 is the south-west cell; numbering runs east, then north', () => {
    assert.equal(gidAt(-89.9, -179.9), 1);
    assert.equal(gidAt(-89.9, -179.4), 2);
    assert.equal(gidAt(-89.4, -179.9), 721);
    assert.equal(gidAt(89.9, 179.9), 259200);
    // Ouagadougou (12.37 N, 1.53 W): row 204, column 356.
    assert.deepEqual(rowCol(gidAt(12.37, -1.53)), { row: 204, col: 356 });
    assert.deepEqual(cellCentre(gidAt(12.37, -1.53)), { lat: 12.25, lon: -1.75 });
  });

  test('eight neighbours, wrapping in longitude only', () => {
    assert.equal(neighbourGids(gidAt(12.3, -1.5)).length, 8);
    assert.ok(neighbourGids(gidAt(0.1, -179.9)).includes(gidAt(0.1, 179.9)));
    assert.equal(neighbourGids(gidAt(-89.9, 10)).length, 5);
  });

  test('cells meeting a polygon: inside, crossed by an edge, not merely near', () => {
    // A 1.2° × 1.2° square from (0.1, 0.1): touches columns and rows 0.0–0.5, 0.5–1.0, 1.0–1.5.
    const square = [
      [
        [0.1, 0.1],
        [1.3, 0.1],
        [1.3, 1.3],
        [0.1, 1.3],
        [0.1, 0.1],
      ],
    ];
    const cells = cellsIntersecting([square]);
    assert.equal(cells.length, 9);
    assert.ok(cells.includes(gidAt(0.75, 0.75)), 'the inner cell, no edge through it');
    assert.ok(!cells.includes(gidAt(1.6, 0.75)));
  });
});
