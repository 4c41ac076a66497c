import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from '../core/clock.ts';
import {
  exampleCampaign,
  exampleIdentity,
  exampleIncident,
  exampleLocation,
  exampleMarkingDefinition,
  exampleNote,
  exampleThreatActor,
  FIXTURE_IDS,
} from './fixtures.ts';
import { indexFields, REL_TO_NOBODY } from './index-fields.ts';
import { builtinMarking, releasabilityMarking, TLP1_IDS, TLP2_IDS } from './markings.ts';
import type { StixObject } from './stix.ts';

const relBfaSen = exampleMarkingDefinition();
const relSen = releasabilityMarking(['SEN'], FIXTURE_IDS.identity, manualClock());
const relMli = releasabilityMarking(['MLI'], FIXTURE_IDS.identity, manualClock());
const store = new Map<string, StixObject>([relBfaSen, relSen, relMli].map((m) => [m.id, m]));
const lookup = (id: string) => store.get(id) ?? builtinMarking(id);

void test('an incident is indexed from its Sentinelle extension', () => {
  const incident = exampleIncident({ object_marking_refs: [TLP2_IDS.amber, relBfaSen.id], revoked: true });
  assert.deepEqual(indexFields(incident, lookup), {
    type: 'incident',
    created: '2026-01-10T08:00:00.000Z',
    modified: '2026-01-10T09:30:00.000Z',
    revoked: true,
    createdByRef: FIXTURE_IDS.identity,
    tlp: 'amber',
    relTo: ['BFA', 'SEN'],
    labels: ['embuscade'],
    markingRefs: [TLP2_IDS.amber, relBfaSen.id],
    country: 'BFA',
    admin1: 'Centre-Nord',
    admin2: 'Bam',
    lat: 13.1,
    lon: -1.08,
    eventTime: '2026-01-09T05:40:00Z',
    searchText:
      'embuscade contre une patrouille pres de kongoussi une patrouille des fds a ete prise en embuscade a 12 km au nord de kongoussi. centre-nord bam',
  });
});

void test('REL TO markings intersect; contradictory ones release to nobody; unresolved refs are skipped', () => {
  const relTo = (refs: string[]) => indexFields(exampleIdentity({ object_marking_refs: refs }), lookup).relTo;
  assert.deepEqual(relTo([TLP2_IDS.green]), []);
  assert.deepEqual(relTo([relBfaSen.id, relSen.id]), ['SEN']);
  assert.deepEqual(relTo([relSen.id, relMli.id]), [REL_TO_NOBODY]);
  assert.deepEqual(relTo(['marking-definition--72527ac9-1a28-4dcb-85f5-aef391b2df4a', relSen.id]), ['SEN']);
});

void test('TLP 1.0 refs index as TLP 2.0 levels', () => {
  assert.equal(indexFields(exampleIdentity({ object_marking_refs: [TLP1_IDS.white] }), lookup).tlp, 'clear');
  assert.equal(indexFields(exampleIdentity(), lookup).tlp, null);
});

void test('a location object is indexed from its own fields, alpha-2 country mapped to alpha-3', () => {
  const f = indexFields(exampleLocation(), lookup);
  assert.deepEqual(
    [f.country, f.admin1, f.admin2, f.lat, f.lon],
    ['BFA', 'Centre-Nord', null, 13.3258, -1.5347],
  );
  assert.equal(f.eventTime, null);
  assert.equal(indexFields(exampleLocation({ country: 'Burkina' }), lookup).country, null);
  assert.equal(indexFields(exampleLocation({ country: 'NER' }), lookup).country, 'NER');
});

void test('eventTime: occurred_at, else first_seen of incidents and campaigns, else null', () => {
  assert.equal(indexFields(exampleCampaign(), lookup).eventTime, '2025-11-01T00:00:00Z');
  assert.equal(indexFields(exampleThreatActor(), lookup).eventTime, null);
  const bare = exampleIncident({ extensions: undefined, first_seen: '2026-01-08T00:00:00Z' });
  assert.equal(indexFields(bare, lookup).eventTime, '2026-01-08T00:00:00Z');
  assert.equal(indexFields(exampleIncident({ extensions: undefined }), lookup).eventTime, null);
});

void test('searchText folds names, descriptions, aliases and note text', () => {
  assert.equal(
    indexFields(
      exampleThreatActor({ name: 'Groupe ÉTAT', description: undefined, aliases: ['Al-Qaïda', 'JNIM'] }),
      lookup,
    ).searchText,
    'groupe etat al-qaida jnim',
  );
  assert.equal(
    indexFields(exampleNote(), lookup).searchText,
    'recoupement le mode operatoire correspond aux attaques de novembre.',
  );
});

void test('a marking-definition, which has no modified, is indexed with modified = created', () => {
  const f = indexFields(relBfaSen, lookup);
  assert.equal(f.modified, f.created);
  assert.equal(f.type, 'marking-definition');
  assert.deepEqual(f.labels, []);
  assert.equal(f.revoked, false);
});
