import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DomainError } from '../core/errors.ts';
import {
  adminAreaAt,
  centroidOf,
  DEFAULT_BOUNDARIES_DIR,
  defaultBoundaries,
  loadBoundaries,
} from './boundaries.ts';

void describe('bundled admin-1 boundaries', () => {
  void it('loads 45 BFA provinces, 9 MLI, 8 NER and 14 SEN units with unique HASC codes', () => {
    const { areas } = defaultBoundaries();
    const count = (c: string) => areas.filter((a) => a.country === c).length;
    assert.deepEqual([count('BFA'), count('MLI'), count('NER'), count('SEN')], [45, 9, 8, 14]);
    assert.equal(new Set(areas.map((a) => a.admin1Code)).size, areas.length);
    assert.ok(
      areas.every((a) => /^[A-Z]{2}\.[A-Z]{2}$/.test(a.admin1Code)),
      'every code is CC.XX, no blanks or tabs',
    );
  });

  void it('resolves the default directory relative to the source file, not the working directory', () => {
    assert.match(DEFAULT_BOUNDARIES_DIR.replaceAll('\\', '/'), /\/assets\/boundaries\/?$/);
  });

  const known: [string, number, number, { country: string; admin1: string; admin1Code: string }][] = [
    ['Ouagadougou', 12.37, -1.52, { country: 'BFA', admin1: 'Kadiogo', admin1Code: 'BF.KA' }],
    // Bamako is a hole in Koulikoro's polygon: the hole must win.
    ['Bamako', 12.64, -8.0, { country: 'MLI', admin1: 'Bamako', admin1Code: 'ML.BK' }],
    // Niamey is a hole in Tillabéri's polygon.
    ['Niamey', 13.51, 2.11, { country: 'NER', admin1: 'Niamey', admin1Code: 'NE.NI' }],
    ['Dakar', 14.69, -17.44, { country: 'SEN', admin1: 'Dakar', admin1Code: 'SN.DK' }],
    ['Koulikoro town', 12.86, -7.56, { country: 'MLI', admin1: 'Koulikoro', admin1Code: 'ML.KK' }],
    ['Tombouctou', 16.77, -3.0, { country: 'MLI', admin1: 'Tombouctou', admin1Code: 'ML.TB' }],
    ['Dori', 14.03, -0.03, { country: 'BFA', admin1: 'Séno', admin1Code: 'BF.SE' }],
    [
      'Batié (Noumbiel, coded "BF." in the file)',
      9.88,
      -2.92,
      { country: 'BFA', admin1: 'Noumbiel', admin1Code: 'BF.NB' },
    ],
    [
      'Ziguinchor (MultiPolygon)',
      12.58,
      -16.27,
      { country: 'SEN', admin1: 'Ziguinchor', admin1Code: 'SN.ZG' },
    ],
    [
      'Kédougou (coded like Tambacounda in the file)',
      12.56,
      -12.18,
      { country: 'SEN', admin1: 'Kédougou', admin1Code: 'SN.KE' },
    ],
  ];
  for (const [place, lat, lon, expected] of known) {
    void it(`places ${place} (${lat}, ${lon})`, () => {
      assert.deepEqual(adminAreaAt(lat, lon), expected);
    });
  }

  const outside: [string, number, number][] = [
    ['the Atlantic off Dakar', 14.5, -18.5],
    ['the open Atlantic', 10, -25],
    ['Lagos', 6.45, 3.39],
    ['Accra', 5.6, -0.19],
    ['Paris', 48.85, 2.35],
  ];
  for (const [place, lat, lon] of outside) {
    void it(`finds no area for ${place}`, () => assert.equal(adminAreaAt(lat, lon), null));
  }

  void it('returns null for non-finite coordinates', () => {
    assert.equal(adminAreaAt(Number.NaN, 0), null);
    assert.equal(adminAreaAt(12, Number.POSITIVE_INFINITY), null);
  });

  void it('gives every area a centroid that falls back inside that same area', () => {
    const b = defaultBoundaries();
    for (const a of b.areas) {
      const c = b.centroidOf(a.admin1Code);
      assert.ok(c, a.admin1Code);
      assert.equal(
        b.adminAreaAt(c.lat, c.lon)?.admin1Code,
        a.admin1Code,
        `${a.admin1} centroid ${c.lat},${c.lon}`,
      );
    }
  });

  void it('centroidOf an unknown code is null; Kadiogo is near Ouagadougou', () => {
    assert.equal(centroidOf('XX.YY'), null);
    const c = centroidOf('BF.KA');
    assert.ok(c && Math.abs(c.lat - 12.37) < 0.3 && Math.abs(c.lon + 1.52) < 0.3);
  });
});

void describe('loadBoundaries on other directories', () => {
  const square = (x0: number, y0: number, d: number) => [
    [
      [x0, y0],
      [x0 + d, y0],
      [x0 + d, y0 + d],
      [x0, y0 + d],
      [x0, y0],
    ],
  ];
  const write = (files: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'geo-'));
    for (const [name, doc] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(doc));
    return dir;
  };
  const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
  const feature = (id: string, name: string, coordinates: unknown, type = 'Polygon') => ({
    type: 'Feature',
    id,
    properties: { name },
    geometry: { type, coordinates },
  });

  void it('handles a MultiPolygon with a hole in one part, and takes the country from the file name', () => {
    const ring = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    const hole = [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ];
    const dir = write({
      'xyz_admin1.geojson': fc(feature('XY.AA', 'A', [[ring, hole], square(20, 20, 2)], 'MultiPolygon')),
      'ignored.json': { nope: true },
    });
    const b = loadBoundaries(dir);
    assert.equal(b.adminAreaAt(1, 1)?.country, 'XYZ');
    assert.equal(b.adminAreaAt(5, 5), null, 'inside the hole');
    assert.equal(b.adminAreaAt(21, 21)?.admin1, 'A', 'second part');
    assert.equal(b.adminAreaAt(15, 15), null, 'between parts, inside the bounding box');
    const c = b.centroidOf('XY.AA');
    assert.ok(c && b.adminAreaAt(c.lat, c.lon)?.admin1Code === 'XY.AA');
  });

  void it('refuses duplicate HASC codes, naming both areas', () => {
    const dir = write({
      'xyz_admin1.geojson': fc(
        feature('XY.AA', 'A', square(0, 0, 1)),
        feature('XY.AA', 'B', square(2, 2, 1)),
      ),
    });
    assert.throws(
      () => loadBoundaries(dir),
      (e: unknown) =>
        e instanceof DomainError &&
        e.issues.some((i) => i.code === 'geo.duplicate_code' && i.params?.names === 'A, B'),
    );
  });

  void it('refuses a feature without geometry, pointing at it', () => {
    const dir = write({
      'xyz_admin1.geojson': fc(feature('XY.AA', 'A', square(0, 0, 1)), {
        type: 'Feature',
        id: 'XY.BB',
        properties: { name: 'B' },
        geometry: null,
      }),
    });
    assert.throws(
      () => loadBoundaries(dir),
      (e: unknown) =>
        e instanceof DomainError &&
        e.issues[0]?.path === '/features/1' &&
        e.issues[0].code === 'geo.bad_feature',
    );
  });

  void it('refuses a directory with no boundary file', () => {
    const dir = write({ 'readme.json': {} });
    assert.throws(
      () => loadBoundaries(dir),
      (e: unknown) => e instanceof DomainError && e.code === 'geo.no_boundary_files',
    );
  });
});
