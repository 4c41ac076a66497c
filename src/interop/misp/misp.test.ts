import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { t } from '../../i18n/i18n.ts';
import { TLP2_IDS } from '../../objects/markings.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID, type StixObject } from '../../objects/stix.ts';
import { validateObject } from '../../objects/validate.ts';
import { stixToMispEvent } from './from-stix.ts';
import { findEvents, mispEventToStix, type MispEventStix } from './to-stix.ts';
import type { MispEvent } from './types.ts';

const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/event.json', import.meta.url), 'utf8')) as {
  Event: MispEvent;
};
const IMPORTED_AT = '2025-01-15T08:00:00.000Z';
const ORG = { name: 'Test Service', uuid: '11111111-2222-4333-8444-555555555555' };
const NOW = new Date('2025-02-01T00:00:00Z');

function mapFixture(doc: unknown = FIXTURE): MispEventStix {
  const r = mispEventToStix((doc as { Event: unknown }).Event, '/Event', IMPORTED_AT);
  assert.ok(r.ok, JSON.stringify(r.ok ? null : r.issues));
  return r.value;
}
const byId = (objects: StixObject[], id: string) => objects.find((o) => o.id === id);

describe('MISP event → STIX', () => {
  it('maps attributes, objects, galaxies, tags and distribution; every object validates', () => {
    const { objects, reportId } = mapFixture();
    for (const o of objects) {
      const v = validateObject(o);
      assert.ok(v.ok, `${o.id}: ${JSON.stringify(v.ok ? [] : v.issues)}`);
    }
    const ip = byId(objects, 'indicator--a1b2c3d4-0001-4a00-8000-000000000001')!;
    assert.equal(ip.pattern, "[ipv4-addr:value = '203.0.113.7']");
    assert.deepEqual(ip.indicator_types, ['malicious-activity']);
    assert.equal(ip.description, 'C2 server');
    assert.equal(ip.modified, '2024-03-10T19:46:40.000Z');
    // Event tag tlp:amber, distribution 1 (floor green): amber.
    assert.deepEqual(ip.object_marking_refs, [TLP2_IDS.amber]);
    // The attribute's own tlp:red wins.
    assert.deepEqual(byId(objects, 'indicator--a1b2c3d4-0002-4a00-8000-000000000002')!.object_marking_refs, [
      TLP2_IDS.red,
    ]);
    // Distribution 0 (organisation only): at least amber+strict; the quote is escaped in the pattern.
    const url = byId(objects, 'indicator--a1b2c3d4-0003-4a00-8000-000000000003')!;
    assert.deepEqual(url.object_marking_refs, [TLP2_IDS['amber+strict']]);
    assert.equal(url.pattern, "[url:value = 'https://login-ministere.example/it\\'s']");
    assert.deepEqual(url.indicator_types, ['unknown'], 'to_ids false');
    assert.equal(
      byId(objects, 'indicator--a1b2c3d4-0005-4a00-8000-000000000005')!.pattern,
      "[domain-name:value = 'mail.example' AND domain-name:resolves_to_refs[*].value = '198.51.100.9']",
    );
    const note = byId(objects, 'note--a1b2c3d4-0006-4a00-8000-000000000006')!;
    assert.equal(note.content, 'Campaign observed over two weeks.');
    assert.deepEqual(note.object_refs, [reportId]);
    const file = byId(objects, 'indicator--b1b2c3d4-0001-4b00-8000-000000000001')!;
    assert.equal(
      file.pattern,
      "[file:name = 'facture.pdf.exe' AND file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']",
    );
    const actor = byId(objects, 'threat-actor--c1b2c3d4-0001-4c00-8000-000000000001')!;
    assert.equal(actor.name, 'Fictional Bear');
    assert.deepEqual(actor.aliases, ['FB-1', 'Ours Fictif']);
    const org = byId(objects, 'identity--0c7a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b')!;
    assert.equal(org.name, 'CERT Fictif');
    const report = byId(objects, reportId)!;
    assert.equal(report.type, 'report');
    assert.equal(report.published, '2024-03-11T23:33:20.000Z');
    assert.equal(report.created_by_ref, org.id);
    assert.deepEqual(
      new Set(report.object_refs as string[]),
      new Set(objects.filter((o) => o.id !== reportId).map((o) => o.id)),
    );
    assert.ok(report.labels?.includes('misp:threat-level="medium"') && report.labels.includes('type:OSINT'));
    assert.deepEqual(report.external_references, [
      { source_name: 'misp-link', url: 'https://blog.example/analysis' },
    ]);
  });

  it('reports what it cannot map, with the JSON pointer and a reason in FR and EN', () => {
    const { unmapped } = mapFixture();
    const got = unmapped.map((u) => `${u.path} ${u.code}`);
    assert.deepEqual(got, [
      '/Event/Attribute/6/value interop.misp.bad_value',
      '/Event/Attribute/7 interop.misp.unsupported_type',
      '/Event/Object/0/Attribute/2 interop.misp.unsupported_type',
      '/Event/Galaxy/1 interop.misp.galaxy_not_mapped',
    ]);
    for (const u of unmapped) assert.notEqual(t('en', u.code, u.params), u.code);
  });

  it('rejects an event with a bad envelope, naming each field; never throws on junk', () => {
    const r = mispEventToStix(
      { uuid: 'nope', date: '2024-02-30', threat_level_id: '9' },
      '/Event',
      IMPORTED_AT,
    );
    assert.ok(!r.ok);
    assert.deepEqual(
      r.issues.map((i) => i.path),
      ['/Event/uuid', '/Event/info', '/Event/date', '/Event/threat_level_id'],
    );
    for (const junk of [null, 42, 'x', [], [null], { Event: [] }, { Event: { Attribute: 'x' } }]) {
      const events = findEvents(junk) ?? [];
      for (const e of events) assert.equal(mispEventToStix(e.event, e.path, IMPORTED_AT).ok, false);
    }
    // Junk inside a valid envelope is reported, not fatal.
    const odd = mispEventToStix(
      {
        uuid: FIXTURE.Event.uuid,
        info: 'x',
        date: '2024-01-01',
        Attribute: [null, { type: 'ip-dst' }],
        Object: [7],
        Galaxy: [{}],
        Tag: [{}],
      },
      '/Event',
      IMPORTED_AT,
    );
    assert.ok(odd.ok);
    assert.equal(odd.value.unmapped.length, 5);
  });
});

describe('MISP round trips', () => {
  it('MISP → STIX → MISP keeps the event, its attributes, object, tags and galaxy', () => {
    const { objects, reportId } = mapFixture();
    const report = byId(objects, reportId)!;
    const { event, unmapped } = stixToMispEvent(
      objects.filter((o) => o.id !== reportId),
      { report, org: ORG, now: NOW },
    );
    assert.deepEqual(unmapped, []);
    const src = FIXTURE.Event;
    const out = event.Event;
    for (const k of [
      'uuid',
      'info',
      'date',
      'threat_level_id',
      'analysis',
      'distribution',
      'timestamp',
    ] as const)
      assert.equal(out[k], src[k], k);
    assert.deepEqual(out.Orgc, src.Orgc);
    const key = (a: {
      uuid?: string;
      type: string;
      value: string;
      category?: string;
      to_ids?: boolean;
      comment?: string;
    }) => JSON.stringify([a.uuid, a.type, a.value, a.category, a.to_ids, a.comment ?? null]);
    // Every attribute that maps comes back, except those reported (bad ip, btc); links get a derived uuid.
    const expected = src
      .Attribute!.filter((a) => !['ip-src', 'btc', 'link'].includes(a.type))
      .map(key)
      .sort();
    assert.deepEqual(
      out
        .Attribute!.filter((a) => a.type !== 'link')
        .map(key)
        .sort(),
      expected,
    );
    assert.deepEqual(out.Attribute!.find((a) => a.type === 'link')?.value, 'https://blog.example/analysis');
    const outDist = Object.fromEntries(out.Attribute!.map((a) => [a.uuid, a.distribution]));
    assert.equal(outDist['a1b2c3d4-0003-4a00-8000-000000000003'], '0');
    const tags = (x: { Tag?: { name: string }[] } | undefined) => (x?.Tag ?? []).map((tg) => tg.name).sort();
    assert.deepEqual(tags(out), tags(src));
    assert.deepEqual(tags(out.Attribute!.find((a) => a.uuid === 'a1b2c3d4-0002-4a00-8000-000000000002')), [
      'tlp:red',
    ]);
    const obj = out.Object![0]!;
    assert.equal(obj.name, 'file');
    assert.equal(obj.uuid, src.Object![0]!.uuid);
    assert.deepEqual(
      obj.Attribute!.map((a) => [a.type, a.value]),
      [
        ['filename', 'facture.pdf.exe'],
        ['md5', 'd41d8cd98f00b204e9800998ecf8427e'],
      ],
    );
    const cluster = out.Galaxy![0]!.GalaxyCluster[0]!;
    assert.deepEqual(
      {
        uuid: cluster.uuid,
        value: cluster.value,
        synonyms: cluster.meta?.synonyms,
        tag: cluster.tag_name,
        d: cluster.description,
      },
      {
        uuid: 'c1b2c3d4-0001-4c00-8000-000000000001',
        value: 'Fictional Bear',
        synonyms: ['FB-1', 'Ours Fictif'],
        tag: 'misp-galaxy:threat-actor="Fictional Bear"',
        d: 'A made-up actor for tests.',
      },
    );
    // And back again: the same STIX objects.
    const again = mispEventToStix(out, '/Event', IMPORTED_AT);
    assert.ok(again.ok);
    const norm = (os: StixObject[]) => os.map((o) => JSON.stringify(o)).sort();
    assert.deepEqual(norm(again.value.objects), norm(objects));
  });

  it('STIX incidents, indicators and threat actors → MISP → STIX', () => {
    const incident: StixObject = {
      type: 'incident',
      spec_version: '2.1',
      id: 'incident--7d0b1f3e-4a5b-4c6d-8e7f-901234567890',
      created: '2024-05-01T10:00:00.000Z',
      modified: '2024-05-02T11:00:00.000Z',
      name: 'Embuscade contre une patrouille',
      description: 'Fictif.',
      lang: 'fr',
      object_marking_refs: [TLP2_IDS.green],
      extensions: {
        [SENTINELLE_INCIDENT_EXTENSION_ID]: {
          extension_type: 'property-extension',
          event_type: 'armed_attack_security_forces',
          occurred_at: '2024-05-01T06:30:00Z',
          time_precision: 'hour',
          location: { lat: 13.5, lon: 2.1, precision_m: 500, country: 'NER', admin1: 'Tillabéri' },
          fatalities: { security_forces: 3, assailants: 2 },
          injured: { civilians: 1 },
          actor_refs: ['threat-actor--1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5'],
          source_reliability: 'B',
          information_credibility: 2,
          source: { name: 'Patrouille', reference: 'CR-12' },
        },
      },
    };
    const indicator: StixObject = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
      created: '2024-05-01T10:00:00.000Z',
      modified: '2024-05-01T10:00:00.000Z',
      name: 'C2',
      pattern: "[ipv4-addr:value = '192.0.2.44']",
      pattern_type: 'stix',
      valid_from: '2024-05-01T10:00:00.000Z',
      indicator_types: ['malicious-activity'],
      object_marking_refs: [TLP2_IDS.amber],
    };
    const complex: StixObject = {
      ...indicator,
      id: 'indicator--3a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
      pattern: "[ipv4-addr:value = '192.0.2.1'] OR [ipv4-addr:value = '192.0.2.2']",
    };
    const actor: StixObject = {
      type: 'threat-actor',
      spec_version: '2.1',
      id: 'threat-actor--1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      name: 'Groupe fictif',
      aliases: ['GF'],
    };
    const identity: StixObject = {
      type: 'identity',
      spec_version: '2.1',
      id: 'identity--4d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      name: 'X',
    };
    const { event, unmapped } = stixToMispEvent([incident, indicator, complex, actor, identity], {
      info: 'Export',
      org: ORG,
      now: NOW,
    });
    assert.deepEqual(
      unmapped.map((u) => `${u.path} ${u.code}`),
      ['/objects/4 interop.misp.type_not_exported'],
    );
    assert.equal(event.Event.distribution, '1', 'amber: this community only, with the tlp:amber tag');
    assert.ok(event.Event.Tag!.some((tg) => tg.name === 'tlp:amber'));
    assert.equal(
      event.Event.Attribute!.find((a) => a.uuid === '3a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d')?.type,
      'stix2-pattern',
    );
    const back = mispEventToStix(event.Event, '/Event', IMPORTED_AT);
    assert.ok(back.ok);
    const inc = byId(back.value.objects, incident.id)!;
    assert.deepEqual(inc.extensions, incident.extensions);
    assert.equal(inc.name, incident.name);
    assert.equal(inc.created, incident.created);
    assert.equal(inc.modified, incident.modified);
    assert.deepEqual(inc.object_marking_refs, [TLP2_IDS.green]);
    const ind = byId(back.value.objects, indicator.id)!;
    assert.equal(ind.pattern, indicator.pattern);
    assert.deepEqual(ind.indicator_types, ['malicious-activity']);
    assert.deepEqual(ind.object_marking_refs, [TLP2_IDS.amber]);
    const ta = byId(back.value.objects, actor.id)!;
    assert.deepEqual([ta.name, ta.aliases], [actor.name, actor.aliases]);
    for (const o of back.value.objects) assert.ok(validateObject(o).ok, o.id);
  });
});
