/**
 * Valid example objects of every supported type, for tests across the codebase. Each builder
 * returns a fresh object; `overrides` replaces top-level properties, and a property set to
 * `undefined` in `overrides` is removed (to test a missing property). Ids are fixed, so objects
 * refer to each other consistently (the incident's actor is FIXTURE_IDS.threatActor, etc.).
 */
import { TLP2_IDS } from './markings.ts';
import { analysisExamples } from './custom/analysis-examples.ts';
import { operationsExamples } from './custom/operations-examples.ts';
import { cooperationExamples } from './custom/cooperation-examples.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID, type StixBundle, type StixObject } from './stix.ts';

export type Overrides = Record<string, unknown>;

export const FIXTURE_IDS = Object.freeze({
  identity: 'identity--8bceecf3-3b26-474b-a007-c52acd251597',
  location: 'location--81d091c5-3750-48cd-9382-af61ef3d9a71',
  incident: 'incident--36057a94-da71-478e-a7b7-829f5643421e',
  threatActor: 'threat-actor--dda8b08b-e332-471c-a4d5-3df5a4ae3e35',
  intrusionSet: 'intrusion-set--9d34cd80-53cb-48db-8f3f-4dec0a95f3a0',
  campaign: 'campaign--93dae03c-b0e5-4460-a36f-a0899f6ef0d2',
  report: 'report--615129c3-c72b-495b-8d0b-c313eb7b2222',
  note: 'note--bc68a66d-56f2-4e40-9a09-2f0f55ad58ca',
  sighting: 'sighting--bc3cc874-cc4f-454c-82c7-a7bd618e1657',
  relationship: 'relationship--434dde15-9977-435e-b171-3a5989762538',
  grouping: 'grouping--667cafc8-3be1-490c-b250-32b114439ec6',
  indicator: 'indicator--f92d746a-4a36-4b98-b141-f673c580e7af',
  markingDefinition: 'marking-definition--11779c1d-580c-414b-9772-44511a13b62c',
  extensionDefinition: 'extension-definition--103abbcc-6a5d-40b3-9cf1-dc858468c0a4',
  bundle: 'bundle--19d118d8-5751-48ba-9dd5-4840dba1192f',
});

const CREATED = '2026-01-10T08:00:00.000Z';
const MODIFIED = '2026-01-10T09:30:00.000Z';

/** Copies `base` (deeply, via JSON) and applies `overrides`; `undefined` removes a property. */
export function withOverrides<T extends Record<string, unknown>>(base: T, overrides: Overrides = {}): T {
  const out = structuredClone(base) as Record<string, unknown>;
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = structuredClone(v);
  }
  return out as T;
}

function sdo(type: string, id: string, props: Record<string, unknown>, overrides: Overrides): StixObject {
  return withOverrides<StixObject>(
    {
      type,
      spec_version: '2.1',
      id,
      created_by_ref: FIXTURE_IDS.identity,
      created: CREATED,
      modified: MODIFIED,
      ...props,
    },
    overrides,
  );
}

/** The Sentinelle incident extension content of exampleIncident. */
export function exampleIncidentExtension(overrides: Overrides = {}): Record<string, unknown> {
  return withOverrides(
    {
      extension_type: 'property-extension',
      event_type: 'armed_attack_security_forces',
      event_subtype: 'ambush',
      occurred_at: '2026-01-09T05:40:00Z',
      time_precision: 'hour',
      location: {
        lat: 13.1,
        lon: -1.08,
        precision_m: 1000,
        country: 'BFA',
        admin1: 'Centre-Nord',
        admin2: 'Bam',
      },
      fatalities: { security_forces: 2, civilians: 0, assailants: 5, unknown: 0 },
      injured: { security_forces: 3, civilians: 1, assailants: 0, unknown: 0 },
      actor_refs: [FIXTURE_IDS.threatActor],
      source_reliability: 'B',
      information_credibility: 2,
      source: { name: 'Rapport de poste', reference: 'CR-2026-0042' },
      materiel: [{ category: 'small_arm', model: 'AK-47', quantity: 3 }],
    },
    overrides,
  );
}

export function exampleIncident(overrides: Overrides = {}, extensionOverrides: Overrides = {}): StixObject {
  return sdo(
    'incident',
    FIXTURE_IDS.incident,
    {
      name: 'Embuscade contre une patrouille près de Kongoussi',
      description: 'Une patrouille des FDS a été prise en embuscade à 12 km au nord de Kongoussi.',
      lang: 'fr',
      labels: ['embuscade'],
      object_marking_refs: [TLP2_IDS.amber],
      extensions: { [SENTINELLE_INCIDENT_EXTENSION_ID]: exampleIncidentExtension(extensionOverrides) },
    },
    overrides,
  );
}

export function exampleIdentity(overrides: Overrides = {}): StixObject {
  return sdo(
    'identity',
    FIXTURE_IDS.identity,
    {
      name: 'Centre national de situation — Burkina Faso',
      identity_class: 'organization',
      sectors: ['government'],
      contact_information: 'veille@example.bf',
    },
    overrides,
  );
}

export function exampleLocation(overrides: Overrides = {}): StixObject {
  return sdo(
    'location',
    FIXTURE_IDS.location,
    {
      name: 'Kongoussi',
      latitude: 13.3258,
      longitude: -1.5347,
      precision: 5000,
      country: 'BF',
      administrative_area: 'Centre-Nord',
      city: 'Kongoussi',
    },
    overrides,
  );
}

export function exampleThreatActor(overrides: Overrides = {}): StixObject {
  return sdo(
    'threat-actor',
    FIXTURE_IDS.threatActor,
    {
      name: 'Groupe armé non identifié',
      description: 'Groupe armé actif dans la province du Bam.',
      threat_actor_types: ['terrorist'],
      aliases: ['GANI'],
      first_seen: '2024-03-01T00:00:00Z',
      last_seen: '2026-01-09T05:40:00Z',
      roles: ['agent'],
      sophistication: 'intermediate',
      resource_level: 'team',
      primary_motivation: 'ideology',
    },
    overrides,
  );
}

export function exampleIntrusionSet(overrides: Overrides = {}): StixObject {
  return sdo(
    'intrusion-set',
    FIXTURE_IDS.intrusionSet,
    {
      name: 'Réseau de trafic d’armes transfrontalier',
      aliases: ['Réseau Est'],
      first_seen: '2025-06-01T00:00:00Z',
      goals: ['approvisionner les groupes armés'],
      resource_level: 'organization',
      primary_motivation: 'personal-gain',
    },
    overrides,
  );
}

export function exampleCampaign(overrides: Overrides = {}): StixObject {
  return sdo(
    'campaign',
    FIXTURE_IDS.campaign,
    {
      name: 'Attaques contre les convois de ravitaillement',
      description: 'Série d’attaques contre les convois sur l’axe Kaya–Dori.',
      aliases: ['Axe Kaya-Dori'],
      first_seen: '2025-11-01T00:00:00Z',
      last_seen: '2026-01-09T05:40:00Z',
      objective: 'Isoler les garnisons du Sahel',
    },
    overrides,
  );
}

export function exampleReport(overrides: Overrides = {}): StixObject {
  return sdo(
    'report',
    FIXTURE_IDS.report,
    {
      name: 'Synthèse hebdomadaire — semaine 2',
      description: 'Incidents de la semaine dans la région du Centre-Nord.',
      report_types: ['threat-report'],
      published: '2026-01-10T09:00:00Z',
      object_refs: [FIXTURE_IDS.incident, FIXTURE_IDS.threatActor],
    },
    overrides,
  );
}

export function exampleNote(overrides: Overrides = {}): StixObject {
  return sdo(
    'note',
    FIXTURE_IDS.note,
    {
      abstract: 'Recoupement',
      content: 'Le mode opératoire correspond aux attaques de novembre.',
      authors: ['Analyste de permanence'],
      object_refs: [FIXTURE_IDS.incident],
    },
    overrides,
  );
}

export function exampleSighting(overrides: Overrides = {}): StixObject {
  return sdo(
    'sighting',
    FIXTURE_IDS.sighting,
    {
      first_seen: '2026-01-09T05:40:00Z',
      last_seen: '2026-01-09T07:00:00Z',
      count: 2,
      sighting_of_ref: FIXTURE_IDS.threatActor,
      where_sighted_refs: [FIXTURE_IDS.location],
    },
    overrides,
  );
}

export function exampleRelationship(overrides: Overrides = {}): StixObject {
  return sdo(
    'relationship',
    FIXTURE_IDS.relationship,
    {
      relationship_type: 'attributed-to',
      source_ref: FIXTURE_IDS.incident,
      target_ref: FIXTURE_IDS.threatActor,
      start_time: '2026-01-09T05:40:00Z',
    },
    overrides,
  );
}

export function exampleGrouping(overrides: Overrides = {}): StixObject {
  return sdo(
    'grouping',
    FIXTURE_IDS.grouping,
    {
      name: 'Éléments liés à l’embuscade de Kongoussi',
      context: 'suspicious-activity',
      object_refs: [FIXTURE_IDS.incident, FIXTURE_IDS.location],
    },
    overrides,
  );
}

export function exampleIndicator(overrides: Overrides = {}): StixObject {
  return sdo(
    'indicator',
    FIXTURE_IDS.indicator,
    {
      name: 'Domaine de propagande',
      indicator_types: ['malicious-activity'],
      pattern: "[domain-name:value = 'propagande.example']",
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: '2026-01-01T00:00:00Z',
      valid_until: '2026-07-01T00:00:00Z',
    },
    overrides,
  );
}

/** A REL TO statement marking (releasable to Burkina Faso and Senegal). */
export function exampleMarkingDefinition(overrides: Overrides = {}): StixObject {
  return withOverrides<StixObject>(
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: FIXTURE_IDS.markingDefinition,
      created_by_ref: FIXTURE_IDS.identity,
      created: CREATED,
      name: 'REL TO BFA, SEN',
      definition_type: 'statement',
      definition: { statement: 'REL TO BFA, SEN' },
    },
    overrides,
  );
}

export function exampleExtensionDefinition(overrides: Overrides = {}): StixObject {
  return sdo(
    'extension-definition',
    FIXTURE_IDS.extensionDefinition,
    {
      name: 'Extension d’exemple',
      description: 'Ajoute une note de fiabilité locale.',
      schema: 'https://example.org/sentinelle/extension-exemple/v1',
      version: '1.0.0',
      extension_types: ['property-extension'],
    },
    overrides,
  );
}

/** One valid example of every supported type, keyed by type. */
export function examplesByType(): Record<string, StixObject> {
  return {
    identity: exampleIdentity(),
    location: exampleLocation(),
    incident: exampleIncident(),
    'threat-actor': exampleThreatActor(),
    'intrusion-set': exampleIntrusionSet(),
    campaign: exampleCampaign(),
    report: exampleReport(),
    note: exampleNote(),
    sighting: exampleSighting(),
    relationship: exampleRelationship(),
    grouping: exampleGrouping(),
    indicator: exampleIndicator(),
    'marking-definition': exampleMarkingDefinition(),
    'extension-definition': exampleExtensionDefinition(),
    // Sentinelle's custom types (src/objects/custom/).
    ...(analysisExamples() as Record<string, StixObject>),
    ...(operationsExamples() as Record<string, StixObject>),
    ...(cooperationExamples() as Record<string, StixObject>),
  };
}

/** A bundle of the given objects (default: one example of every supported type). */
export function exampleBundle(objects: StixObject[] = Object.values(examplesByType())): StixBundle {
  return { type: 'bundle', id: FIXTURE_IDS.bundle, objects };
}
