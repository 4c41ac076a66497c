import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CORRELATION_CONFIG as CFG } from './config.ts';
import { cellOf, cellsAround, type IncidentFeatures } from './features.ts';
import {
  armsFinding,
  casualtyCompatibility,
  crossBorderFinding,
  distanceKm,
  duplicateFinding,
  typeCompatibility,
} from './rules.ts';
import { explain } from './explain.ts';

const KM_PER_DEG_LAT = distanceKm(0, 0, 1, 0);
const T0 = Date.parse('2026-02-10T10:00:00Z');
const H = 3_600_000;

function feat(o: Partial<IncidentFeatures> & { id: string }): IncidentFeatures {
  const lat = o.lat === undefined ? 12.0 : o.lat;
  const lon = o.lon === undefined ? -1.5 : o.lon;
  return {
    provenance: 'identity--a',
    origin: 'local',
    time: T0,
    cell: lat !== null && lon !== null ? cellOf(lat, lon) : null,
    country: 'BFA',
    admin1: 'Centre',
    eventType: 'battle',
    fatalities: 5,
    actorRefs: [],
    materiel: [],
    seq: 1,
    ...o,
    lat,
    lon,
  };
}

describe('possible duplicates (window edges)', () => {
  const a = feat({ id: 'incident--1' });
  test('same event from another provenance is linked, with a checkable explanation', () => {
    const b = feat({
      id: 'incident--2',
      provenance: 'identity--ucdp',
      time: T0 + 3 * H,
      lat: 12.02,
      fatalities: 6,
    });
    const d = duplicateFinding(a, b, CFG);
    assert.ok(d);
    assert.equal(d.kind, 'duplicate');
    assert.ok(d.score > 0.7 && d.score <= 1, String(d.score));
    assert.equal(d.params.hours, 3);
    assert.equal(d.params.km, 2.2);
    assert.match(
      explain('en', d.code, d.params),
      /^3 h and 2\.2 km apart; types Battle \/ Battle; killed 5 \/ 6$/,
    );
    assert.match(explain('fr', d.code, d.params), /^Écart de 3 h et 2,2 km ; types Affrontement armé/);
  });
  test('same provenance is never a duplicate', () => {
    assert.equal(duplicateFinding(a, feat({ id: 'incident--2' }), CFG), null);
  });
  test('time: just inside 48 h is linked, just outside is not', () => {
    assert.ok(duplicateFinding(a, feat({ id: 'incident--2', provenance: 'p', time: T0 + 48 * H }), CFG));
    assert.equal(
      duplicateFinding(a, feat({ id: 'incident--2', provenance: 'p', time: T0 + 48 * H + 60_000 }), CFG),
      null,
    );
  });
  test('distance: just inside 25 km is linked, just outside is not', () => {
    assert.ok(
      duplicateFinding(a, feat({ id: 'incident--2', provenance: 'p', lat: 12 + 24.9 / KM_PER_DEG_LAT }), CFG),
    );
    assert.equal(
      duplicateFinding(a, feat({ id: 'incident--2', provenance: 'p', lat: 12 + 25.1 / KM_PER_DEG_LAT }), CFG),
      null,
    );
  });
  test('incompatible types or casualties are not linked', () => {
    assert.equal(
      duplicateFinding(a, feat({ id: 'incident--2', provenance: 'p', eventType: 'arms_seizure' }), CFG),
      null,
    );
    assert.equal(
      duplicateFinding(a, feat({ id: 'incident--2', provenance: 'p', fatalities: 30 }), CFG),
      null,
    );
    assert.ok(
      duplicateFinding(
        a,
        feat({
          id: 'incident--2',
          provenance: 'p',
          eventType: 'armed_attack_security_forces',
          fatalities: null,
        }),
        CFG,
      ),
    );
  });
  test('without a point: same admin-1 area matches, another area does not', () => {
    const noPoint = feat({ id: 'incident--2', provenance: 'p', lat: null, lon: null });
    const d = duplicateFinding(a, noPoint, CFG);
    assert.equal(d?.code, 'analysis.explain.duplicate_area');
    assert.equal(duplicateFinding(a, { ...noPoint, admin1: 'Sahel' }, CFG), null);
  });
  test('type and casualty compatibility tables', () => {
    assert.equal(typeCompatibility('battle', 'battle'), 1);
    assert.equal(typeCompatibility('ied_found', 'explosion_remote_violence'), 0.7);
    assert.equal(typeCompatibility('other', 'kidnapping'), 0.4);
    assert.equal(typeCompatibility('kidnapping', 'arms_seizure'), null);
    assert.equal(casualtyCompatibility(0, 3), 0.25);
    assert.equal(casualtyCompatibility(0, 4), null);
    assert.equal(casualtyCompatibility(20, 30), 1 - 10 / 16);
    assert.equal(casualtyCompatibility(null, 30), 0.5);
  });
});

describe('cross-border pattern (window edges)', () => {
  const actor = 'threat-actor--dda8b08b-e332-471c-a4d5-3df5a4ae3e35';
  const a = feat({ id: 'incident--1', actorRefs: [actor], lat: 14.0, lon: 0.0, country: 'BFA' });
  const other = (o: Partial<IncidentFeatures>) =>
    feat({ id: 'incident--2', actorRefs: [actor, 'identity--x'], lon: 0.0, country: 'NER', ...o });
  test('same actor on both sides of a border, close in space and time', () => {
    const x = crossBorderFinding(a, other({ lat: 14.5, time: T0 + 5 * 24 * H }), CFG);
    assert.ok(x);
    assert.equal(x.params.country_a, 'BFA');
    assert.equal(x.params.country_b, 'NER');
    assert.equal(x.params.days, 5);
    assert.match(
      explain('en', x.code, { ...x.params, actor_name: 'JNIM' }),
      /^Same actor \(JNIM\) in BFA and in NER/,
    );
  });
  test('same side of the border is not a cross-border pattern', () => {
    assert.equal(crossBorderFinding(a, other({ lat: 14.5, country: 'BFA' }), CFG), null);
  });
  test('distance and time edges', () => {
    assert.ok(crossBorderFinding(a, other({ lat: 14 + 149.9 / KM_PER_DEG_LAT }), CFG));
    assert.equal(crossBorderFinding(a, other({ lat: 14 + 150.1 / KM_PER_DEG_LAT }), CFG), null);
    assert.ok(crossBorderFinding(a, other({ lat: 14.1, time: T0 - 30 * 24 * H }), CFG));
    assert.equal(crossBorderFinding(a, other({ lat: 14.1, time: T0 - 30 * 24 * H - 60_000 }), CFG), null);
  });
  test('no shared actor, no pattern', () => {
    assert.equal(crossBorderFinding(a, other({ lat: 14.1, actorRefs: ['identity--x'] }), CFG), null);
  });
});

describe('arms and cells', () => {
  test('same identifier from the same provenance is not a trafficking link', () => {
    assert.equal(
      armsFinding(
        { id: 'incident--1', provenance: 'p' },
        { id: 'incident--2', provenance: 'p' },
        'serial',
        'X',
      ),
      null,
    );
    assert.equal(
      armsFinding(
        { id: 'incident--1', provenance: 'p' },
        { id: 'incident--2', provenance: 'q' },
        'serial',
        'X',
      )?.score,
      0.95,
    );
  });
  test('cellsAround covers every point within the distance', () => {
    for (const [lat, lon] of [
      [12.0, -1.5],
      [14.49, 0.99],
      [-33.2, 179.9],
    ] as const) {
      const cells = new Set(cellsAround(lat, lon, 25));
      for (let k = 0; k < 36; k++) {
        const ang = (k * 10 * Math.PI) / 180;
        const dLat = (24.9 / KM_PER_DEG_LAT) * Math.cos(ang);
        const dLon = ((24.9 / KM_PER_DEG_LAT) * Math.sin(ang)) / Math.cos(((lat + dLat) * Math.PI) / 180);
        let lon2 = lon + dLon;
        if (lon2 >= 180) lon2 -= 360;
        assert.ok(distanceKm(lat, lon, lat + dLat, lon2) <= 25);
        assert.ok(cells.has(cellOf(lat + dLat, lon2)), `${lat},${lon} → ${lat + dLat},${lon2}`);
      }
    }
  });
});
