/** The extension-definition (STIX 2.1 §7.3, new-sdo) of the cooperation ledger's types (docs/cooperation.md). */
import { deepFreeze, type StixObject } from '../stix.ts';

export const COOPERATION_EXTENSION_ID = 'extension-definition--3c1f7b52-8e4a-4d6b-9f2e-5a7c0d9e1b43';

/** Sentinelle's publishing identity (src/objects/sentinelle-extension.ts). */
const SENTINELLE_IDENTITY_ID = 'identity--8e2f4c7a-3b1d-4e5f-a6c9-0d2b7e4f1a35';

export const COOPERATION_EXTENSION_DEFINITION: StixObject = deepFreeze({
  type: 'extension-definition',
  spec_version: '2.1',
  id: COOPERATION_EXTENSION_ID,
  created_by_ref: SENTINELLE_IDENTITY_ID,
  created: '2026-11-22T00:00:00.000Z',
  modified: '2026-11-22T00:00:00.000Z',
  name: 'Sentinelle cooperation ledger',
  description:
    'Partner programmes, activities and training, equipment deliveries, signed proofs of receipt and equipment logs.',
  schema:
    'New SDOs (docs/cooperation.md): x-sentinelle-programme {name, purpose, parties [{node_id, country, name}], units [{code, name, node_id}], start, end}; ' +
    'x-sentinelle-coop-activity {programme_ref, activity_kind, status (proposed|planned|ongoing|completed|cancelled), provider_node, receiver_node, start, end, place, ' +
    'objectives, indicators [{name, target, achieved, measure}], outcomes, course {code, name, skills, hours}, trainees [{unit, count, hours, passed, failed}], ' +
    'certificate {name, valid_days, recognised_by}}; x-sentinelle-delivery {programme_ref, activity_ref, provider_node, receiver_node, receiving_unit, ' +
    'items [{item_type, category, quantity, measure, serial_numbers}], status (notified|shipped|cancelled), planned_ship_date, shipped_at, expected_arrival, end_use_checks [{due, note}]}; ' +
    'x-sentinelle-receipt {delivery_ref, delivery_modified, provider_node, receiver_node, received_at, items, note, signature {alg: Ed25519, node_id, value}} — ' +
    'the signature covers the RFC 8785 canonical JSON of {format: "sentinelle-receipt/1", id, delivery_ref, delivery_modified, provider_node, receiver_node, received_at, items, note}; ' +
    'x-sentinelle-equipment-log {delivery_ref, entry_kind (serviceability|end-use-check), observed_at, item_type, serial_number, quantity, status, check_due, finding, evidence [{description, url, sha256}], note}.',
  version: '1.0.0',
  extension_types: ['new-sdo'],
});
