/** One valid example of each operations type (for src/objects/fixtures.ts `examplesByType` and tests). */
import { exampleMeta } from './example-meta.ts';
import { OPERATIONS_EXTENSION_ID } from './operations-extension.ts';
import type { OperationsType } from './operations-types.ts';

const meta = exampleMeta(OPERATIONS_EXTENSION_ID);
const OPERATION = 'x-sentinelle-operation--5c2e3d4f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const UNIT = 'identity--6b3f9021-7c4d-4e8f-a012-3b4c5d6e7f80';

export function operationsExamples(): Record<OperationsType, Record<string, unknown>> {
  return {
    'x-sentinelle-operation': {
      ...meta('x-sentinelle-operation', '5c2e3d4f-6a7b-4c8d-9e0f-1a2b3c4d5e6f'),
      name: 'Opération Djibo-Nord',
      activity_kind: 'operation',
      objectives: [
        {
          objective: 'Rouvrir la route Djibo–Arbinda',
          indicator: 'route ouverte au trafic civil',
          target: 'oui',
        },
      ],
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [-1.7, 14.05],
            [-1.55, 14.05],
            [-1.55, 14.15],
            [-1.7, 14.15],
            [-1.7, 14.05],
          ],
        ],
      },
      buffer_m: 500,
      planned_start: '2026-03-10T06:00:00Z',
      planned_end: '2026-03-12T18:00:00Z',
      status: 'approved',
      participating_states: ['BFA', 'NER'],
      units: [{ organisation_ref: UNIT, designation: '1er BIR', country: 'BFA' }],
      liaison_contacts: [{ role: 'Officier de liaison J3', channel: 'HF 7.5 MHz' }],
    },
    'x-sentinelle-operation-outcome': {
      ...meta('x-sentinelle-operation-outcome', '7e4f5a6b-8c9d-4e0f-a1b2-3c4d5e6f7a8b'),
      name: 'Opération Djibo-Nord',
      operation_ref: OPERATION,
      results: [{ objective_index: 0, value: 'route rouverte', achieved: true }],
      areas_made_accessible: ['Djibo–Arbinda'],
      materiel_recovered: [{ kind: 'AK-47', quantity: 12 }],
      casualties: { friendly_wounded: 2 },
      incidents_before: 3,
      incidents_after: 1,
      window_days: 30,
    },
    'x-sentinelle-protected-site': {
      ...meta('x-sentinelle-protected-site', '8f5a6b7c-9d0e-4f1a-b2c3-4d5e6f7a8b9c'),
      name: 'CSPS de Djibo',
      site_kind: 'health-centre',
      area: { type: 'Point', coordinates: [-1.62, 14.1] },
      buffer_m: 300,
      notified_by: 'OCHA HNS',
      notice_lead_hours: 72,
      valid_from: '2026-01-01T00:00:00Z',
      valid_until: '2026-12-31T00:00:00Z',
      contact: { role: 'Point focal HNS', channel: 'hns-bfa@example.org' },
      country: 'BFA',
    },
    'x-sentinelle-deconfliction-notice': {
      ...meta('x-sentinelle-deconfliction-notice', '9a6b7c8d-0e1f-4a2b-8c3d-5e6f7a8b9c0d'),
      about_ref: OPERATION,
      notice_kind: 'activity',
      conflict_day: '2026-03-11',
      rough_area: { min_lon: -2, min_lat: 14, max_lon: -1.5, max_lat: 14.5 },
      contact: { role: 'Cellule de coordination', channel: 'VHF 45' },
      severity: 'high',
      status: 'open',
    },
  };
}
