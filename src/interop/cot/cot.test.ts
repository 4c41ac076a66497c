import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TLP2_IDS } from '../../objects/markings.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID, type StixObject } from '../../objects/stix.ts';
import { cotDelete, recordToCot } from './map.ts';
import { child, parseXml } from './test-support/xml-check.ts';
import { COT_UNKNOWN, cotEventXml, escapeXml } from './xml.ts';

const NOW = new Date('2026-03-01T08:00:00.000Z');
const incident = (over: Record<string, unknown> = {}, ext: Record<string, unknown> = {}): StixObject => ({
  type: 'incident',
  spec_version: '2.1',
  id: 'incident--7d0b1f3e-4a5b-4c6d-8e7f-901234567890',
  created: '2026-02-28T10:00:00.000Z',
  modified: '2026-02-28T10:00:00.000Z',
  name: 'Embuscade <près> de "Djibo" & environs',
  description: 'Ligne 1\nLigne 2 \u0001 avec un caractère de contrôle',
  object_marking_refs: [TLP2_IDS.amber],
  ...over,
  extensions: {
    [SENTINELLE_INCIDENT_EXTENSION_ID]: {
      extension_type: 'property-extension',
      event_type: 'armed_attack_security_forces',
      occurred_at: '2026-02-28T06:30:00Z',
      time_precision: 'hour',
      location: { lat: 14.1, lon: -1.63, precision_m: 2500, country: 'BFA', admin1: 'Sahel', admin2: 'Soum' },
      fatalities: { security_forces: 3, assailants: 2 },
      source_reliability: 'B',
      information_credibility: 2,
      ...ext,
    },
  },
});

describe('CoT XML writer', () => {
  it('writes a well-formed event with every field; escapes markup and drops invalid characters', () => {
    const e = recordToCot(incident(), { now: NOW, baseUrl: 'https://node.example/' })!;
    const xml = cotEventXml(e);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><event '));
    const root = parseXml(xml);
    assert.equal(root.name, 'event');
    assert.deepEqual(root.attrs, {
      version: '2.0',
      uid: 'incident--7d0b1f3e-4a5b-4c6d-8e7f-901234567890',
      type: 'a-h-G',
      how: 'h-e',
      time: '2026-03-01T08:00:00.000Z',
      start: '2026-02-28T06:30:00.000Z',
      stale: '2026-03-02T08:00:00.000Z',
    });
    assert.deepEqual(child(root, 'point')!.attrs, {
      lat: '14.1',
      lon: '-1.63',
      hae: String(COT_UNKNOWN),
      ce: '2500',
      le: String(COT_UNKNOWN),
    });
    const detail = child(root, 'detail')!;
    assert.equal(child(detail, 'contact')!.attrs.callsign, 'Embuscade <près> de "Djibo" & environs');
    const remarks = child(detail, 'remarks')!.text;
    assert.match(remarks, /armed_attack_security_forces — Soum, Sahel, BFA/);
    assert.match(remarks, /fatalities: 5/);
    assert.match(remarks, /TLP:AMBER/);
    assert.ok(!remarks.includes('\u0001'));
    assert.deepEqual(child(detail, 'link')!.attrs, {
      type: 'text/html',
      relation: 'r-u',
      url: 'https://node.example/records/incident--7d0b1f3e-4a5b-4c6d-8e7f-901234567890',
      remarks: 'Sentinelle',
    });
    assert.equal(child(detail, '__sentinelle')!.attrs.tlp, 'amber');
  });

  it('chooses the CoT type from the event class; unknown precision is CoT unknown', () => {
    const found = recordToCot(
      incident({}, { event_type: 'ied_found', location: { lat: 1, lon: 2, country: 'BFA' } }),
      { now: NOW },
    )!;
    assert.equal(found.type, 'a-u-G');
    assert.equal(parseXml(cotEventXml(found)).children[0]!.attrs.ce, String(COT_UNKNOWN));
  });

  it('skips records without a point and other types', () => {
    assert.equal(recordToCot(incident({}, { location: { country: 'BFA' } }), { now: NOW }), null);
    assert.equal(
      recordToCot({ type: 'note', id: 'note--7d0b1f3e-4a5b-4c6d-8e7f-901234567890' }, { now: NOW }),
      null,
    );
  });

  it('maps alerts with a location, and deletes as t-x-d-d linking the uid', () => {
    const alert: StixObject = {
      type: 'x-sentinelle-alert',
      id: 'x-sentinelle-alert--7d0b1f3e-4a5b-4c6d-8e7f-901234567890',
      name: 'Pic',
      severity: 'high',
      alert_kind: 'count-surge',
      location: { lat: 12, lon: -1 },
      modified: '2026-02-01T00:00:00.000Z',
    };
    const a = parseXml(cotEventXml(recordToCot(alert, { now: NOW })!));
    assert.equal(a.attrs.type, 'b-m-p-s-p-i');
    assert.equal(a.attrs.how, 'm-f');
    const d = parseXml(cotEventXml(cotDelete(alert.id, { now: NOW })));
    assert.equal(d.attrs.type, 't-x-d-d');
    assert.equal(child(child(d, 'detail')!, 'link')!.attrs.uid, alert.id);
  });

  it('escapeXml covers the five markup characters', () => {
    assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    assert.throws(
      () =>
        cotEventXml({
          ...cotDelete('x', { now: NOW }),
          detail: { elements: [{ name: 'bad name', attributes: {} }] },
        }),
      TypeError,
    );
  });
});
