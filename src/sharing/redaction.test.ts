/**
 * Table-driven tests of every redaction rule (docs/sharing.md §5), each redacted copy checked to
 * remain a valid STIX object, and the stored record left untouched.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateObject } from '../objects/validate.ts';
import { EXT_ID } from '../objects/sentinelle-extension.ts';
import { exampleIdentity, exampleIncident, exampleLocation, exampleNote } from '../objects/fixtures.ts';
import { TLP2_IDS } from '../objects/markings.ts';
import type { StixObject } from '../objects/stix.ts';
import type { Redaction } from './agreement.ts';
import { decide } from './policy.ts';
import { CENTROID_PRECISION_M, gridPrecisionM, snap } from './redaction.ts';
import { agreementDoc, context, inForce, NODES, ORG_IDENTITY, policyRecord, SEN, testGeo, UNIT_IDENTITY } from './test-support/fixtures.ts';

const BAM = { lat: 13.45123, lon: -1.56789, precision_m: 100, country: 'BFA', admin1: 'Centre-Nord', admin2: 'Bam' };
const extOf = (o: StixObject) => o.extensions![EXT_ID] as Record<string, any>;

function incident(over: Record<string, unknown> = {}, ext: Record<string, unknown> = {}): StixObject {
  return exampleIncident(
    { external_references: [{ source_name: 'poste', description: 'Appel du chef de poste', external_id: 'CR-1' }], ...over },
    { actor_refs: undefined, occurred_at: '2026-02-27T12:00:00Z', location: BAM, materiel: [{ category: 'small_arm', model: 'AK-47', serial_number: 'SN-1', quantity: 3 }], ...ext },
  );
}

function redacted(obj: StixObject, redaction: Redaction, origin = 'local') {
  const d = decide(policyRecord(obj, origin), inForce(agreementDoc({ redaction })), SEN, context());
  assert.notEqual(d.decision, 'withhold', JSON.stringify(d.reasons));
  const copy = d.redacted ?? obj;
  const v = validateObject(structuredClone(copy));
  assert.ok(v.ok, `the redacted copy is valid STIX: ${JSON.stringify(!v.ok && v.issues)}`);
  return { d, copy };
}

describe('drop_properties', () => {
  const rows: { path: string; gone: (o: StixObject) => unknown; kept: (o: StixObject) => unknown }[] = [
    { path: 'external_references', gone: (o) => o.external_references, kept: (o) => o.description },
    { path: 'sentinelle.source', gone: (o) => extOf(o).source, kept: (o) => extOf(o).materiel },
    { path: 'sentinelle.materiel.serial_number', gone: (o) => extOf(o).materiel[0].serial_number, kept: (o) => extOf(o).materiel[0].model },
    { path: 'sentinelle.location.admin2', gone: (o) => extOf(o).location.admin2, kept: (o) => extOf(o).location.admin1 },
    { path: 'external_references.description', gone: (o) => o.external_references![0]!.description, kept: (o) => o.external_references![0]!.external_id },
  ];
  for (const row of rows) {
    test(`drops ${row.path}, keeps the rest`, () => {
      const original = incident();
      const before = structuredClone(original);
      const { d, copy } = redacted(original, { drop_properties: [row.path] });
      assert.equal(d.decision, 'release-redacted');
      assert.equal(row.gone(copy), undefined);
      assert.notEqual(row.kept(copy), undefined);
      assert.deepEqual(original, before, 'the stored record is not modified');
      assert.deepEqual(d.reasons.find((r) => r.code === 'redacted_properties_dropped')?.params, { properties: row.path });
    });
  }
  test('a path absent from the record changes nothing: plain release', () => {
    const { d } = redacted(incident({ external_references: undefined }), { drop_properties: ['external_references'] });
    assert.equal(d.decision, 'release');
  });
  test('a granular marking on a dropped property goes with it', () => {
    const { copy } = redacted(incident({ granular_markings: [{ selectors: ['description'], marking_ref: TLP2_IDS.green }, { selectors: ['name', 'external_references'], marking_ref: TLP2_IDS.green }] }), { drop_properties: ['external_references'], strip_free_text: true });
    assert.deepEqual(copy.granular_markings, [{ selectors: ['name'], marking_ref: TLP2_IDS.green }]);
  });
});

describe('coordinates', () => {
  test('to a grid: snapped to multiples of the step, precision widened', () => {
    for (const step of [1, 0.5, 0.25, 0.1, 0.01]) {
      const { copy } = redacted(incident(), { coordinates: { precision_deg: step } });
      const loc = extOf(copy).location;
      assert.equal(loc.lat, snap(BAM.lat, step, 90));
      assert.ok(Math.abs(loc.lat / step - Math.round(loc.lat / step)) < 1e-9, `${loc.lat} on a ${step}° grid`);
      assert.ok(Math.abs(loc.lon / step - Math.round(loc.lon / step)) < 1e-9);
      assert.equal(loc.precision_m, Math.max(BAM.precision_m, gridPrecisionM(step)));
      assert.equal(loc.admin2, 'Bam', 'names are kept by grid coarsening');
    }
    assert.equal(snap(13.45123, 0.1, 90), 13.5);
    assert.equal(snap(-1.56789, 0.25, 180), -1.5);
    assert.equal(snap(89.99, 1, 90), 90);
  });
  test('a coarser precision already stated is kept', () => {
    const { copy } = redacted(incident({}, { location: { ...BAM, precision_m: 500_000 } }), { coordinates: { precision_deg: 0.1 } });
    assert.equal(extOf(copy).location.precision_m, 500_000);
  });
  test('to the admin-2 centre (BFA province)', () => {
    const { d, copy } = redacted(incident(), { coordinates: { admin_level: 'admin2' } });
    const c = testGeo().centroid('admin2', { ...BAM })!;
    const loc = extOf(copy).location;
    assert.equal(c.level, 'admin2');
    assert.deepEqual([loc.lat, loc.lon], [Number(c.lat.toFixed(5)), Number(c.lon.toFixed(5))]);
    assert.equal(loc.precision_m, CENTROID_PRECISION_M.admin2);
    assert.equal(loc.admin2, 'Bam');
    assert.deepEqual(d.reasons.at(-1), { code: 'redacted_coordinates_coarsened', params: { how: 'admin2' } });
  });
  test('to the admin-1 centre: BFA region (mean of its provinces); the admin-2 name goes', () => {
    const { copy } = redacted(incident(), { coordinates: { admin_level: 'admin1' } });
    const loc = extOf(copy).location;
    const c = testGeo().centroid('admin1', { ...BAM })!;
    assert.deepEqual([loc.lat, loc.lon], [Number(c.lat.toFixed(5)), Number(c.lon.toFixed(5))]);
    assert.equal(loc.admin2, undefined);
    assert.equal(loc.admin1, 'Centre-Nord');
    assert.equal(loc.precision_m, CENTROID_PRECISION_M.admin1);
  });
  test('admin-2 where only admin-1 areas are known falls back to the coarser admin-1 centre', () => {
    const segou = { lat: 13.4, lon: -6.2, precision_m: 1000, country: 'MLI', admin1: 'Ségou', admin2: 'Bla' };
    const { copy, d } = redacted(incident({}, { location: segou }), { coordinates: { admin_level: 'admin2' } });
    const loc = extOf(copy).location;
    const c = testGeo().centroid('admin1', segou)!;
    assert.deepEqual([loc.lat, loc.lon], [Number(c.lat.toFixed(5)), Number(c.lon.toFixed(5))]);
    assert.equal(loc.admin2, undefined);
    assert.ok(d.reasons.some((r) => r.params?.how === 'admin1'));
  });
  test('no known area: the coordinates are removed rather than kept precise', () => {
    const sea = { lat: 5, lon: -30, precision_m: 10, country: 'CPV' };
    const { copy, d } = redacted(incident({}, { location: sea }), { coordinates: { admin_level: 'admin1' } });
    assert.deepEqual(extOf(copy).location, { country: 'CPV' });
    assert.ok(d.reasons.some((r) => r.code === 'redacted_coordinates_removed'));
  });
  test('a STIX location object: its point is coarsened, its street-level names removed', () => {
    const loc = exampleLocation({ object_marking_refs: [TLP2_IDS.green], street_address: 'Rue 12', postal_code: '01 BP' });
    const { copy } = redacted(loc, { coordinates: { precision_deg: 0.5 } });
    assert.equal(copy.latitude, 13.5);
    assert.equal(copy.longitude, -1.5);
    assert.equal(copy.street_address, undefined);
    assert.equal(copy.city, undefined);
    assert.equal(copy.administrative_area, 'Centre-Nord');
  });
});

describe('free text, creator', () => {
  test('strip_free_text: description out, incident name replaced by a neutral title, reference descriptions out', () => {
    const { copy, d } = redacted(incident(), { strip_free_text: true });
    assert.equal(copy.description, undefined);
    assert.equal(copy.name, 'Embuscade — Centre-Nord, BFA, 2026-02-27');
    assert.equal(copy.external_references![0]!.description, undefined);
    assert.equal(d.reasons.at(-1)?.params?.properties, 'description, name, external_references.description');
    const en = redacted(incident({ lang: 'en' }), { strip_free_text: true }).copy;
    assert.equal(en.name, 'Ambush — Centre-Nord, BFA, 2026-02-27');
  });
  test('strip_free_text on a note: content replaced, abstract and authors removed', () => {
    const note = exampleNote({ object_marking_refs: [TLP2_IDS.green], object_refs: [ORG_IDENTITY] });
    const d = decide(policyRecord(note), inForce(agreementDoc({ scope: { ...agreementDoc().scope, types: ['note'] }, redaction: { strip_free_text: true } })), SEN, context([policyRecord(exampleIdentity({ id: ORG_IDENTITY }))]));
    assert.equal(d.redacted!.content, '[texte retiré par l’accord de partage]');
    assert.equal(d.redacted!.abstract, undefined);
    assert.equal(d.redacted!.authors, undefined);
  });
  test('replace_creator: a local unit becomes the organisation; a received record keeps its creator', () => {
    const { copy } = redacted(incident({ created_by_ref: UNIT_IDENTITY }), { replace_creator: true });
    assert.equal(copy.created_by_ref, ORG_IDENTITY);
    const own = redacted(incident({ created_by_ref: ORG_IDENTITY }), { replace_creator: true });
    assert.equal(own.d.decision, 'release');
    const received = decide(
      policyRecord(incident({ created_by_ref: UNIT_IDENTITY }), NODES.NER),
      inForce(agreementDoc({ redaction: { replace_creator: true } })),
      SEN,
      context([], { consents: [{ originator: NODES.NER, recordId: incident().id, to: NODES.SEN }] }),
    );
    assert.equal(received.decision, 'release', 'origin and creator are kept as received');
  });
  test('everything at once still gives a valid copy', () => {
    const { copy } = redacted(incident({ created_by_ref: UNIT_IDENTITY }), {
      drop_properties: ['external_references', 'sentinelle.source', 'sentinelle.materiel'],
      coordinates: { admin_level: 'admin1' },
      strip_free_text: true,
      replace_creator: true,
    });
    assert.deepEqual(Object.keys(extOf(copy)).sort(), ['event_subtype', 'event_type', 'extension_type', 'fatalities', 'information_credibility', 'injured', 'location', 'occurred_at', 'source_reliability', 'time_precision']);
  });
});
