/**
 * The one-statement candidate search (`AnalysisRepository.candidates`) on both engines: each
 * branch alone (the statement is built from the branches that apply, so any of them may come
 * first), all of them together, and the window and provenance bounds.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../store/test-support/backends.ts';
import type { Db } from '../store/db.ts';
import { DEFAULT_CORRELATION_CONFIG } from './config.ts';
import { cellOf, type IncidentFeatures } from './features.ts';
import { keysOfItems } from './materiel.ts';
import { AnalysisRepository } from './repository.ts';

const ACTOR = 'threat-actor--dda8b08b-e332-471c-a4d5-3df5a4ae3e35';
const T0 = Date.parse('2026-02-10T06:00:00Z');
const H = 3_600_000;

function incident(id: string, over: Partial<IncidentFeatures>): IncidentFeatures {
  const lat = over.lat === undefined ? 13.1 : over.lat;
  const lon = over.lon === undefined ? -1.08 : over.lon;
  return {
    id: `incident--00000000-0000-4000-8000-${id.padStart(12, '0')}`,
    provenance: 'origin:peer-mli',
    origin: 'peer-mli',
    time: T0,
    lat,
    lon,
    cell: lat !== null && lon !== null ? cellOf(lat, lon) : null,
    country: 'BFA',
    admin1: 'Centre-Nord',
    eventType: 'battle',
    fatalities: 3,
    actorRefs: [],
    materiel: [],
    seq: 1,
    ...over,
  };
}

const serial = keysOfItems([{ serial_number: 'SN-4411' }]);

for (const backend of await testBackends()) {
  describe(`correlation candidates (${backend.name})`, () => {
    let db: Db;
    let dispose: () => Promise<void>;
    const repo = new AnalysisRepository();
    const stored = {
      near: incident('1', { time: T0 + 5 * H }),
      late: incident('2', { time: T0 + 60 * H }),
      sameSource: incident('3', { provenance: 'origin:peer-sen', origin: 'peer-sen' }),
      noPoint: incident('4', { lat: null, lon: null, time: T0 - 2 * H }),
      otherArea: incident('5', { lat: null, lon: null, admin1: 'Sahel' }),
      xb: incident('6', { lat: 13.4, lon: -0.5, country: 'NER', actorRefs: [ACTOR], time: T0 + 20 * 24 * H }),
      xbTooLate: incident('7', {
        lat: 13.4,
        lon: -0.5,
        country: 'NER',
        actorRefs: [ACTOR],
        time: T0 + 40 * 24 * H,
      }),
      armsElsewhere: incident('8', {
        lat: 16.0,
        lon: 3.0,
        country: 'MLI',
        admin1: 'Gao',
        materiel: serial,
        time: T0 - 400 * 24 * H,
      }),
    };
    const idOf = (f: IncidentFeatures) => f.id;
    const probe = (over: Partial<IncidentFeatures>) =>
      incident('99', { provenance: 'origin:peer-sen', origin: 'peer-sen', ...over });

    before(async () => {
      ({ db, dispose } = await backend.open());
      await repo.upsertIncidents(db, Object.values(stored));
    });
    after(async () => dispose());

    test('with a point: nearby reports of other sources within the window, and reports without a point in its area', async () => {
      const c = await repo.candidates(db, probe({}), DEFAULT_CORRELATION_CONFIG);
      assert.deepEqual(c.duplicates.map(idOf).sort(), [stored.near.id, stored.noPoint.id].sort());
      assert.deepEqual(c.crossBorder, []);
      assert.deepEqual(c.materiel, []);
    });

    test('without a point: only its admin-1 area (the area branch alone)', async () => {
      const c = await repo.candidates(
        db,
        probe({ lat: null, lon: null, cell: null }),
        DEFAULT_CORRELATION_CONFIG,
      );
      assert.deepEqual(c.duplicates.map(idOf).sort(), [stored.near.id, stored.noPoint.id].sort());
    });

    test('an identifier alone (the arms branch alone, any distance or date)', async () => {
      const c = await repo.candidates(
        db,
        probe({ lat: null, lon: null, cell: null, country: null, admin1: null, materiel: serial }),
        DEFAULT_CORRELATION_CONFIG,
      );
      assert.deepEqual(c.duplicates, []);
      assert.deepEqual(
        c.materiel.map((m) => [m.recordId, m.kind, m.value, m.provenance]),
        [[stored.armsElsewhere.id, 'serial', serial[0]!.value, 'origin:peer-mli']],
      );
    });

    test('every branch in one statement: duplicates, the same actor across the border within 30 days, identifiers', async () => {
      const c = await repo.candidates(
        db,
        probe({ actorRefs: [ACTOR], materiel: serial }),
        DEFAULT_CORRELATION_CONFIG,
      );
      assert.deepEqual(c.duplicates.map(idOf).sort(), [stored.near.id, stored.noPoint.id].sort());
      assert.deepEqual(c.crossBorder.map(idOf), [stored.xb.id]);
      assert.equal(c.crossBorder[0]!.country, 'NER');
      assert.deepEqual(c.crossBorder[0]!.actorRefs, [ACTOR]);
      assert.deepEqual(
        c.materiel.map((m) => m.recordId),
        [stored.armsElsewhere.id],
      );
    });

    test('nothing to search by: no statement, no candidates', async () => {
      const c = await repo.candidates(
        db,
        probe({ lat: null, lon: null, cell: null, country: null, admin1: null }),
        DEFAULT_CORRELATION_CONFIG,
      );
      assert.deepEqual(c, { duplicates: [], crossBorder: [], materiel: [] });
    });

    test('each branch reads at most maxCandidates rows, nearest in time first', async () => {
      const c = await repo.candidates(db, probe({}), { ...DEFAULT_CORRELATION_CONFIG, maxCandidates: 1 });
      assert.deepEqual(c.duplicates.map(idOf).sort(), [stored.near.id, stored.noPoint.id].sort());
      const narrow = await repo.candidates(db, probe({ time: T0 + 6 * H }), {
        ...DEFAULT_CORRELATION_CONFIG,
        maxCandidates: 10,
        duplicateHours: 2,
      });
      assert.deepEqual(narrow.duplicates.map(idOf), [stored.near.id]);
    });
  });
}
