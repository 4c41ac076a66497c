import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scopeSentence } from './scope.ts';
import type { AgreementDocument } from './types.ts';

const doc: AgreementDocument = {
  format: 'sentinelle-agreement/1',
  id: '7d1e2f30-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  version: 1,
  title: 'Accord BFA–SEN',
  parties: ['a', 'b'],
  start: '2026-01-01T00:00:00Z',
  expiry: '2027-01-01T00:00:00Z',
  scope: {
    types: ['incident'],
    max_tlp: 'amber',
    rel_to_required: false,
    area: { admin_areas: ['BF.SA', 'BF.NO'] },
  },
  handling: { codes: ['H2'], onward_sharing: { consent: 'none' }, retention_days: 365 },
  redaction: { coordinates: { precision_deg: 0.1 } },
};
const names = {
  area: (c: string) => ({ 'BF.SA': 'Sahel', 'BF.NO': 'Nord' })[c] ?? c,
  node: (id: string) => `Service ${id}`,
};

test('the issue’s example reads as one sentence, in English and in French', () => {
  assert.equal(
    scopeSentence('en', doc, names),
    'incidents in the Sahel and Nord regions, up to TLP:AMBER, coordinates coarsened to 0.1°, no onward sharing, deleted after 365 days',
  );
  assert.equal(
    scopeSentence('fr', doc, names),
    'incidents dans les régions Sahel et Nord, jusqu’à TLP:AMBER, coordonnées arrondies à 0,1°, sans rediffusion, effacés après 365 jours',
  );
});

test('every other field of the document shows up', () => {
  const full: AgreementDocument = {
    ...doc,
    scope: {
      types: ['incident', 'threat-actor'],
      event_types: ['arms_seizure'],
      max_tlp: 'green',
      allow_unmarked: true,
      rel_to_required: true,
      labels: { none_of: ['source-humaine'] },
      area: { countries: ['BFA', 'NER'] },
      time_window: { last_days: 90 },
      min_grading: { source_reliability: 'B', information_credibility: 2 },
    },
    handling: { codes: ['H2'], onward_sharing: { consent: 'listed', to: ['MLI'] }, retention_days: 30 },
    redaction: {
      coordinates: { admin_level: 'admin2' },
      drop_properties: ['sentinelle.source'],
      strip_free_text: true,
      replace_creator: true,
    },
  };
  const en = scopeSentence('en', full, names);
  for (const part of [
    'incidents and threat actors of type',
    'in Burkina Faso and Niger from the last 90 days',
    'up to TLP:GREEN',
    'including unmarked',
    'only when marked REL TO',
    'never labelled source-humaine',
    'graded at least B2',
    'centre of the province',
    'without source',
    'no free text',
    'authoring unit hidden',
    'onward sharing allowed to Service MLI',
    'deleted after 30 days',
  ])
    assert.ok(en.includes(part), `${part} in: ${en}`);
});

test('French gives each country its preposition', () => {
  const d: AgreementDocument = { ...doc, scope: { ...doc.scope, area: { countries: ['BFA', 'CIV'] } } };
  assert.ok(
    scopeSentence('fr', d, names).startsWith("incidents au Burkina Faso et en Côte d'Ivoire, jusqu’à"),
    scopeSentence('fr', d, names),
  );
});
