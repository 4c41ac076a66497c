/** The extension-definition (STIX 2.1 §7.3, new-sdo) of operations, outcomes, protected sites and deconfliction notices. */
import { deepFreeze, type StixObject } from '../stix.ts';

export const OPERATIONS_EXTENSION_ID = 'extension-definition--3c1f5e2a-8b4d-4f6e-9a7c-2d5b8e1f4a63';

/** Sentinelle's publishing identity (src/objects/sentinelle-extension.ts). */
const SENTINELLE_IDENTITY_ID = 'identity--8e2f4c7a-3b1d-4e5f-a6c9-0d2b7e4f1a35';

/** The `extensions` property every object of these types carries. */
export const OPERATIONS_EXTENSIONS = Object.freeze({
  [OPERATIONS_EXTENSION_ID]: Object.freeze({ extension_type: 'new-sdo' }),
});

export const OPERATIONS_EXTENSION_DEFINITION: StixObject = deepFreeze({
  type: 'extension-definition',
  spec_version: '2.1',
  id: OPERATIONS_EXTENSION_ID,
  created_by_ref: SENTINELLE_IDENTITY_ID,
  created: '2026-11-22T00:00:00.000Z',
  modified: '2026-11-22T09:00:00.000Z',
  name: 'Sentinelle joint operations and deconfliction',
  description:
    'Joint operations and planned activities of partner states, their outcomes, protected sites notified by humanitarian ' +
    'organisations, and blind deconfliction notices (a conflict exists, roughly when and where, whom to call).',
  schema:
    'New SDOs. x-sentinelle-operation: name; description; activity_kind (operation|patrol|convoy|movement|air-operation|training); ' +
    'objectives [{objective, indicator, target}]; area (GeoJSON Polygon or LineString, [lon, lat]); buffer_m; planned_start, ' +
    'planned_end, actual_start, actual_end (RFC 3339); time_tolerance_min; status (draft|proposed|approved|active|completed|cancelled); ' +
    'participating_states (ISO 3166-1 alpha-3); shared_with (states it is released to for deconfliction only); units [{organisation_ref, designation, country}]; liaison_contacts [{role, channel, ' +
    'organisation_ref}]. x-sentinelle-operation-outcome: operation_ref; results [{objective_index, value, achieved, note}]; ' +
    'areas_made_accessible; materiel_recovered [{kind, quantity}]; casualties {friendly_killed, friendly_wounded, hostile_killed, ' +
    'hostile_captured, civilian_killed, civilian_wounded}; incidents_before, incidents_after, window_days; incident_refs. ' +
    'x-sentinelle-protected-site: name; site_kind; area (GeoJSON Point, Polygon or LineString); buffer_m; notified_by; ' +
    'notice_lead_hours; valid_from; valid_until; contact {role, channel}; country. x-sentinelle-deconfliction-notice: about_ref ' +
    "(the recipient's own activity); notice_kind (activity|protected-site); conflict_day (YYYY-MM-DD, UTC); rough_area {min_lon, " +
    'min_lat, max_lon, max_lat} (a 0.5° cell); contact {role, channel}; severity; status (open|resolved|withdrawn); resolution once closed (coordinated|re-timed|re-routed|accepted-risk|withdrawn|cleared).',
  version: '1.1.0',
  extension_types: ['new-sdo'],
});
