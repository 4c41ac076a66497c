import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { validateObject } from '../../../objects/validate.ts';
import { EXT_ID } from '../constants.ts';
import {
  buildIncident,
  clientErrors,
  emptyForm,
  fieldOfPointer,
  formFromIncident,
  newIdempotencyKey,
  reportKey,
  type ReportForm,
} from './model.ts';

const filled = (): ReportForm => ({
  ...emptyForm(
    newIdempotencyKey((b) => randomFillSync(b)),
    'fr',
    new Date('2026-03-01T08:30:00Z'),
  ),
  name: 'Embuscade près de Djibo',
  eventType: 'armed_attack_security_forces',
  eventSubtype: 'ambush',
  lat: "14°06'N",
  lon: '-1,63',
  country: 'BFA',
  admin1: 'Sahel',
  admin2: 'Soum',
  fatalities: { security_forces: '2', civilians: '', assailants: '5', unknown: '' },
  description: 'Patrouille prise à partie.',
  reliability: 'B',
  credibility: '2',
  flash: true,
});

describe('report form → STIX incident', () => {
  test('a filled form is an incident the node accepts (same validator)', () => {
    const obj = buildIncident(filled(), []);
    // What the node fills in: the minted id ([FED-94]), the version and the times.
    const r = validateObject({
      ...obj,
      id: 'incident--0f5a3c2e-7d41-4b8e-9a6c-3e2d1b0a9f87',
      spec_version: '2.1',
      created: '2026-03-01T08:31:00.000Z',
      modified: '2026-03-01T08:31:00.000Z',
    });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
    const ext = (obj.extensions as Record<string, any>)[EXT_ID];
    assert.equal(ext.location.lat, 14.1);
    assert.equal(ext.location.lon, -1.63);
    assert.deepEqual(ext.fatalities, { security_forces: 2, assailants: 5 });
    // Typed in the device's zone, stored in UTC: the same instant whatever the zone.
    assert.equal(ext.occurred_at, '2026-03-01T08:30:00.000Z');
    assert.deepEqual(obj.labels, ['flash']);
  });

  test('[FED-104] a new report has no id (the node mints it) and a random UUIDv4 idempotency key', () => {
    const f = filled();
    assert.equal(f.id, '');
    assert.match(f.idempotencyKey ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(newIdempotencyKey((b) => randomFillSync(b)), f.idempotencyKey);
    assert.equal('id' in buildIncident(f, []), false, 'no id in the body of a create');
    assert.equal(reportKey(f), f.idempotencyKey);
    // A draft saved before [FED-104]: its browser-drawn id, no key.
    const old: ReportForm = { ...f, id: 'incident--0f5a3c2e-7d41-4b8e-9a6c-3e2d1b0a9f87' };
    delete old.idempotencyKey;
    assert.equal(buildIncident(old, []).id, old.id);
    assert.equal(reportKey(old), old.id);
  });

  test('an edit keeps what the form does not show and round-trips what it does', () => {
    const first = {
      ...buildIncident(filled(), []),
      id: 'incident--0f5a3c2e-7d41-4b8e-9a6c-3e2d1b0a9f87',
      spec_version: '2.1',
      created: '2026-03-01T08:31:00.000Z',
      modified: '2026-03-01T08:31:00.000Z',
      labels: ['ucdp', 'flash'],
    } as any;
    first.extensions[EXT_ID].source = { name: 'UCDP GED' };
    const form = formFromIncident(
      first,
      { seq: 1, origin: 'local', tlp: 'amber', rel_to: null, country: 'BFA', admin1: 'Sahel' },
      new Map(),
    );
    assert.equal(form.flash, true);
    const again = buildIncident(
      { ...form, flash: false, fatalities: { ...form.fatalities, civilians: '3' } },
      [],
      first,
    ) as any;
    assert.equal(again.modified, undefined);
    assert.equal(again.created, first.created);
    assert.equal(again.id, first.id, 'an edit keeps the stored id');
    assert.deepEqual(again.labels, ['ucdp']);
    assert.deepEqual(again.extensions[EXT_ID].source, { name: 'UCDP GED' });
    assert.equal(again.extensions[EXT_ID].fatalities.civilians, 3);
  });

  test('the browser flags only unreadable coordinates and dates', () => {
    assert.deepEqual(clientErrors(filled()), {});
    assert.deepEqual(clientErrors({ ...filled(), lat: 'douze', lon: '14°N' }), {
      lat: 'report.err.coord_syntax',
      lon: 'report.err.hemisphere',
    });
    assert.deepEqual(clientErrors({ ...filled(), lat: '95' }), {}, 'ranges are the node’s to judge');
  });
});

test('problem pointers map to form fields', () => {
  const e = `/extensions/${EXT_ID}`;
  const cases: [string, string | null][] = [
    ['/name', 'name'],
    [`${e}/location/lat`, 'lat'],
    [`${e}/location/country`, 'country'],
    [`${e}/location`, 'lat'],
    [`${e}/fatalities/civilians`, 'fatalities.civilians'],
    [`${e}/injured/whatever`, 'injured.unknown'],
    [`${e}/source_reliability`, 'reliability'],
    [`${e}/actor_refs/0`, 'actors'],
    ['/object_marking_refs/1', 'tlp'],
    ['/created_by_ref', null],
  ];
  for (const [pointer, field] of cases) assert.equal(fieldOfPointer(pointer), field, pointer);
});
