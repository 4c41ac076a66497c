/**
 * The offline basemap made at build time: TopoJSON decoding (topojson-specification §2.1.2,
 * delta-encoded quantized arcs; ~i for a reversed arc), simplification, and agreement with the
 * node's own boundaries so that an area picked in the browser is named as the node names it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BOUNDARIES_DIR, loadBoundaries } from '../../geo/boundaries.ts';
import { incidentAdminNames } from '../../geo/admin-names.ts';
import { areaIndex } from '../app/geo/basemap.ts';
import { buildBasemap, decodeArc, simplifyLine, stitchRing, type Topology } from './basemap.ts';

describe('TopoJSON decoding', () => {
  const topo: Topology = {
    type: 'Topology',
    transform: { scale: [0.5, 0.25], translate: [10, 20] },
    arcs: [
      [
        [0, 0],
        [2, 0],
        [0, 4],
      ],
      [
        [2, 4],
        [-2, -4],
      ],
    ],
    objects: {},
  };

  test('arcs: delta decoding then the transform', () => {
    assert.deepEqual(decodeArc(topo, topo.arcs[0]!), [
      [10, 20],
      [11, 20],
      [11, 21],
    ]);
  });

  test('rings: arcs joined without repeating joints; ~i reverses arc i', () => {
    const arcs = topo.arcs.map((a) => decodeArc(topo, a));
    assert.deepEqual(stitchRing(arcs, [0, 1]), [
      [10, 20],
      [11, 20],
      [11, 21],
      [10, 20],
    ]);
    assert.deepEqual(stitchRing(arcs, [~1, ~0]), [
      [10, 20],
      [11, 21],
      [11, 20],
      [10, 20],
    ]);
    assert.throws(() => stitchRing(arcs, [5]), /arc 5/);
  });

  test('Douglas–Peucker keeps the ends and the points that matter', () => {
    assert.deepEqual(
      simplifyLine(
        [
          [0, 0],
          [1, 0.001],
          [2, 0],
          [3, 1],
          [4, 0],
        ],
        0.01,
      ),
      [
        [0, 0],
        [2, 0],
        [3, 1],
        [4, 0],
      ],
    );
  });
});

describe('the bundled basemap', () => {
  const { countries, admin1 } = buildBasemap(DEFAULT_BOUNDARIES_DIR);

  test('countries around the partner states, named in both languages', () => {
    const partners = countries.features
      .filter((f) => f.properties.partner)
      .map((f) => f.properties.iso3)
      .sort();
    assert.deepEqual(partners, ['BFA', 'MLI', 'NER', 'SEN']);
    const sen = countries.features.find((f) => f.properties.iso3 === 'SEN')!;
    assert.equal(sen.properties.name_fr, 'Sénégal');
    assert.equal(sen.properties.name_en, 'Senegal');
    for (const iso of ['DZA', 'NGA', 'TCD', 'MRT', 'CIV', 'GHA'])
      assert.ok(
        countries.features.some((f) => f.properties.iso3 === iso),
        iso,
      );
    assert.ok(!countries.features.some((f) => f.properties.iso3 === 'BRA'), 'far countries are left out');
    assert.ok(
      countries.features.every((f) => f.properties.iso3 !== null),
      'every country has its code',
    );
  });

  test('a point picked in the browser gets the area names the node gives it', () => {
    const node = loadBoundaries();
    const browser = areaIndex(admin1);
    assert.equal(admin1.features.length, node.areas.length);
    for (const area of node.areas) {
      const c = node.centroidOf(area.admin1Code)!;
      const found = browser.locate(c.lat, c.lon);
      const names = incidentAdminNames(area);
      assert.deepEqual(
        found,
        { country: area.country, admin1: names.admin1, admin2: names.admin2 },
        area.admin1Code,
      );
    }
    assert.equal(browser.locate(0, 0), null);
    assert.ok(browser.admin1Of('BFA').includes('Centre-Nord'));
  });
});
