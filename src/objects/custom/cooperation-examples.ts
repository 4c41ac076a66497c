/** One valid example of each cooperation ledger type (for src/objects/fixtures.ts `examplesByType` and tests). */
import { exampleMeta } from './example-meta.ts';
import { COOPERATION_EXTENSION_ID } from './cooperation-extension.ts';
import type { CooperationType } from './cooperation-types.ts';

const A = '0b7f5a52-1c3e-4d2a-9e8f-0a1b2c3d4e5f';
const B = '1c8a6b63-2d4f-4e3b-8f90-1b2c3d4e5f60';
const meta = exampleMeta(COOPERATION_EXTENSION_ID);
const PROGRAMME = 'x-sentinelle-programme--4b1d2c3e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const DELIVERY = 'x-sentinelle-delivery--6d3f4e50-7182-4c9d-8e0f-2a3b4c5d6e7f';

export function cooperationExamples(): Record<CooperationType, Record<string, unknown>> {
  return {
    'x-sentinelle-programme': {
      ...meta('x-sentinelle-programme', '4b1d2c3e-5f60-4a7b-8c9d-0e1f2a3b4c5d'),
      name: 'Programme de renforcement des capacités 2026',
      purpose: 'Former et équiper les unités frontalières',
      parties: [
        { node_id: A, country: 'BFA', name: 'Service BFA' },
        { node_id: B, country: 'SEN', name: 'Service SEN' },
      ],
      units: [{ code: 'GIR-1', name: 'Groupement d’intervention rapide 1', node_id: A }],
      start: '2026-01-01T00:00:00Z',
    },
    'x-sentinelle-coop-activity': {
      ...meta('x-sentinelle-coop-activity', '5c2e3f40-6071-4b8c-9d0e-1f2a3b4c5d6e'),
      name: 'Stage C-IED',
      programme_ref: PROGRAMME,
      activity_kind: 'exercise',
      status: 'planned',
      provider_node: B,
      receiver_node: A,
      objectives: ['Détection des EEI'],
    },
    'x-sentinelle-delivery': {
      ...meta('x-sentinelle-delivery', '6d3f4e50-7182-4c9d-8e0f-2a3b4c5d6e7f'),
      name: 'Radios VHF',
      programme_ref: PROGRAMME,
      provider_node: B,
      receiver_node: A,
      receiving_unit: 'GIR-1',
      items: [
        {
          item_type: 'Radio VHF',
          category: 'communications',
          quantity: 2,
          measure: 'each',
          serial_numbers: ['RV-1', 'RV-2'],
        },
      ],
      status: 'notified',
      planned_ship_date: '2026-03-10T00:00:00Z',
    },
    'x-sentinelle-receipt': {
      ...meta('x-sentinelle-receipt', '7e405f61-8293-4d0e-9f10-3b4c5d6e7f80'),
      delivery_ref: DELIVERY,
      delivery_modified: '2026-03-01T08:00:00.000Z',
      provider_node: B,
      receiver_node: A,
      received_at: '2026-03-12T00:00:00Z',
      items: [{ item_type: 'Radio VHF', quantity: 2 }],
      signature: { alg: 'Ed25519', node_id: A, value: 'c2lnbmF0dXJl' },
    },
    'x-sentinelle-equipment-log': {
      ...meta('x-sentinelle-equipment-log', '8f516072-93a4-4e1f-a021-4c5d6e7f8091'),
      delivery_ref: DELIVERY,
      entry_kind: 'serviceability',
      observed_at: '2026-03-20T00:00:00Z',
      serial_number: 'RV-1',
      status: 'operational',
    },
  };
}
