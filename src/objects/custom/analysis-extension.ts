/** The extension-definition (STIX 2.1 §7.3, new-sdo) of the `x-sentinelle-alert` type. */
import { deepFreeze, type StixObject } from '../stix.ts';

export const ALERT_EXTENSION_ID = 'extension-definition--7d3fe0da-649a-40c4-96fc-3850424390c0';

/** Sentinelle's publishing identity (src/objects/sentinelle-extension.ts). */
const SENTINELLE_IDENTITY_ID = 'identity--8e2f4c7a-3b1d-4e5f-a6c9-0d2b7e4f1a35';

export const ALERT_EXTENSION_DEFINITION: StixObject = deepFreeze({
  type: 'extension-definition',
  spec_version: '2.1',
  id: ALERT_EXTENSION_ID,
  created_by_ref: SENTINELLE_IDENTITY_ID,
  created: '2026-11-22T00:00:00.000Z',
  modified: '2026-11-22T00:00:00.000Z',
  name: 'Sentinelle alert',
  description:
    'An alert raised by a Sentinelle node (correlation, forecast, cooperation ledger, deconfliction), with the signals that explain it.',
  schema:
    'New SDO x-sentinelle-alert. Properties: name; description (one line: why it fired); alert_kind (possible-duplicate, ' +
    'cross-border-pattern, arms-trafficking, forecast-risk, count-surge, lost-equipment-seen, deconfliction); severity ' +
    '(flash|high|medium|low); score (0..1); status (open|acknowledged|resolved|dismissed); object_refs (records concerned); ' +
    'signals [{name, value, weight}]; location {lat, lon}; country (ISO 3166-1 alpha-3); admin1; cell (PRIO-GRID gid); ' +
    'period_start, period_end (RFC 3339); dedupe_key (the same alert raised again updates this one).',
  version: '1.0.0',
  extension_types: ['new-sdo'],
});
