/** The UCDP as a STIX identity: the `created_by_ref` of everything imported from the GED. */
import { SENTINELLE_NAMESPACE, stixIdV5 } from '../objects/ids.ts';
import type { IdentityObject } from '../objects/stix.ts';
import { TLP2_IDS } from '../objects/markings.ts';

/** Same id on every node, so partners' UCDP imports share one source identity. */
export const UCDP_IDENTITY_ID = stixIdV5('identity', SENTINELLE_NAMESPACE, 'ucdp');

/** Fixed, not the import time: every node must build the very same object for this id. */
const UCDP_IDENTITY_TIMESTAMP = '2025-06-01T00:00:00.000Z';

export const UCDP_DATASET_URL = 'https://ucdp.uu.se/downloads/index.html#ged_global';

/** The UCDP identity object, with the attribution its CC BY 4.0 licence requires. */
export function ucdpSourceIdentity(): IdentityObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: UCDP_IDENTITY_ID,
    created: UCDP_IDENTITY_TIMESTAMP,
    modified: UCDP_IDENTITY_TIMESTAMP,
    name: 'Uppsala Conflict Data Program (UCDP)',
    description:
      'Programme de recherche de l’Université d’Uppsala (Suède). Données UCDP GED sous licence CC BY 4.0 : ' +
      'Sundberg, Ralph et Erik Melander (2013), « Introducing the UCDP Georeferenced Event Dataset », ' +
      'Journal of Peace Research 50(4) ; Davies, Shawn et al. (2025), « Organized violence 1989–2024 », ' +
      'Journal of Peace Research.',
    identity_class: 'organization',
    sectors: ['education'],
    lang: 'fr',
    object_marking_refs: [TLP2_IDS.clear],
    external_references: [
      { source_name: 'UCDP', url: 'https://ucdp.uu.se/', description: 'Licence CC BY 4.0' },
    ],
  };
}
