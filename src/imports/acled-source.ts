/** ACLED as a STIX identity: the `created_by_ref` of everything imported from an ACLED export. */
import { SENTINELLE_NAMESPACE, stixIdV5 } from '../objects/ids.ts';
import type { IdentityObject } from '../objects/stix.ts';
import { TLP2_IDS } from '../objects/markings.ts';

/** Same id on every node, so partners' ACLED imports share one source identity. */
export const ACLED_IDENTITY_ID = stixIdV5('identity', SENTINELLE_NAMESPACE, 'acled');

/** Fixed, not the import time: every node builds the very same object for this id. */
export const ACLED_IDENTITY_TIMESTAMP = '2025-06-01T00:00:00.000Z';

export const ACLED_URL = 'https://acleddata.com/';

/**
 * The ACLED identity. ACLED data are not shipped with Sentinelle: users import their own export,
 * under ACLED's terms of use (attribution required, redistribution restricted).
 */
export function acledSourceIdentity(): IdentityObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: ACLED_IDENTITY_ID,
    created: ACLED_IDENTITY_TIMESTAMP,
    modified: ACLED_IDENTITY_TIMESTAMP,
    name: 'Armed Conflict Location & Event Data (ACLED)',
    description:
      'Projet ACLED (acleddata.com). Données importées depuis un export de l’utilisateur, sous les conditions ' +
      'd’utilisation d’ACLED : attribution obligatoire, redistribution restreinte.',
    identity_class: 'organization',
    lang: 'fr',
    object_marking_refs: [TLP2_IDS.clear],
    external_references: [
      { source_name: 'ACLED', url: ACLED_URL, description: 'Terms of use: acleddata.com/terms-of-use' },
    ],
  };
}
