/**
 * Identifiers the browser needs from the node's object model. The TLP ids are copied from
 * src/objects/markings.ts (which uses node:crypto and cannot be bundled); constants.test.ts keeps
 * the copies equal to the originals.
 */
export { SENTINELLE_INCIDENT_EXTENSION_ID as EXT_ID } from '../../objects/stix.ts';

export type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
export const TLP_LEVELS: readonly Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** TLP 2.0 marking-definition ids (FIRST TLP 2.0, OASIS cti-stix-common-objects). */
export const TLP2_IDS: Readonly<Record<Tlp, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** TLP 1.0 ids (STIX 2.1 §7.2.1.4), recognised on records received from older tools. */
export const TLP1_IDS: readonly string[] = [
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
];

export const TIME_PRECISIONS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];
export const CASUALTY_CATEGORIES = ['security_forces', 'civilians', 'assailants', 'unknown'] as const;
export type CasualtyCategory = (typeof CASUALTY_CATEGORIES)[number];
export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'D', 'X'] as const;
export const CREDIBILITY = [1, 2, 3, 4] as const;
/** The partner states, first in every country list. */
export const PARTNER_COUNTRIES = ['BFA', 'MLI', 'NER', 'SEN'] as const;

/** The statement of a releasability marking: `REL TO BFA, SEN` (sorted, canonical; markings.ts). */
export function relToStatement(countries: readonly string[]): string {
  return `REL TO ${[...new Set(countries)].sort().join(', ')}`;
}

/** Labels that mark a record as FLASH priority (shown with a visual and optional sound cue). */
export function isFlash(labels: unknown): boolean {
  return (
    Array.isArray(labels) &&
    labels.some((l) => typeof l === 'string' && /^(flash|priority:flash|priority:high)$/i.test(l))
  );
}
