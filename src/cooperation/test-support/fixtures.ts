/** Ledger entries for tests: a BFA–SEN programme with declared units, a training session, a delivery. */
export const PARTNER = '1c8a6b63-2d4f-4e3b-8f90-1b2c3d4e5f60';

export function programmeInput(
  self: string,
  partner = PARTNER,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'Programme de renforcement des capacités 2026',
    purpose: 'Former et équiper les unités frontalières',
    parties: [
      { node_id: self, country: 'BFA', name: 'Service BFA' },
      { node_id: partner, country: 'SEN', name: 'Service SEN' },
    ],
    units: [
      { code: 'GIR-1', name: 'Groupement d’intervention rapide 1', node_id: self },
      { code: 'GIR-2', name: 'Groupement d’intervention rapide 2', node_id: self },
      { code: 'BSEN-1', name: 'Bataillon SEN 1', node_id: partner },
    ],
    start: '2026-01-01T00:00:00Z',
    end: '2026-12-31T00:00:00Z',
    ...over,
  };
}

export function trainingInput(
  programmeRef: string,
  provider: string,
  receiver: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'Stage C-IED Kaya',
    programme_ref: programmeRef,
    activity_kind: 'training',
    status: 'completed',
    provider_node: provider,
    receiver_node: receiver,
    start: '2026-02-02T00:00:00Z',
    end: '2026-02-13T00:00:00Z',
    place: 'Kaya',
    objectives: ['Détection des EEI'],
    indicators: [{ name: 'Taux de réussite', target: 80, achieved: 85, measure: '%' }],
    outcomes: 'Deux sections certifiées',
    course: {
      code: 'CIED-B',
      name: 'C-IED de base',
      skills: ['counter_ied', 'first_aid_under_fire'],
      hours: 60,
    },
    trainees: [
      { unit: 'GIR-1', count: 20, hours: 60, passed: 18, failed: 2 },
      { unit: 'GIR-2', count: 10, hours: 40, passed: 10, failed: 0 },
    ],
    certificate: { name: 'Brevet C-IED', valid_days: 365, recognised_by: [provider, receiver] },
    ...over,
  };
}

export function deliveryInput(
  programmeRef: string,
  provider: string,
  receiver: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'Livraison radios et véhicules',
    programme_ref: programmeRef,
    provider_node: provider,
    receiver_node: receiver,
    receiving_unit: 'GIR-1',
    items: [
      {
        item_type: 'Radio VHF',
        category: 'communications',
        quantity: 2,
        measure: 'each',
        serial_numbers: ['RV-001', 'RV-002'],
      },
      { item_type: 'Gilet pare-balles', category: 'protective', quantity: 50, measure: 'each' },
    ],
    status: 'shipped',
    planned_ship_date: '2026-02-01T00:00:00Z',
    shipped_at: '2026-02-01T00:00:00Z',
    end_use_checks: [{ due: '2026-04-01T00:00:00Z' }, { due: '2026-10-01T00:00:00Z' }],
    ...over,
  };
}
