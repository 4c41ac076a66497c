/** Inputs for operations tests: an operation around Djibo (BFA) and a protected site near it. */
export const DJIBO_SQUARE = {
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
};

export function operationInput(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Opération Djibo-Nord',
    activity_kind: 'operation',
    objectives: [
      {
        objective: 'Rouvrir la route Djibo–Arbinda',
        indicator: 'route ouverte au trafic civil',
        target: 'oui',
      },
    ],
    area: DJIBO_SQUARE,
    buffer_m: 500,
    planned_start: '2026-03-10T06:00:00Z',
    planned_end: '2026-03-12T18:00:00Z',
    participating_states: ['BFA'],
    liaison_contacts: [{ role: 'Officier de liaison J3', channel: 'HF 7.5 MHz / +226 25 00 00 00' }],
    ...over,
  };
}

export function siteInput(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'CSPS de Djibo',
    site_kind: 'health-centre',
    area: { type: 'Point', coordinates: [-1.62, 14.1] },
    buffer_m: 300,
    notified_by: 'OCHA HNS',
    notice_lead_hours: 72,
    valid_from: '2026-01-01T00:00:00Z',
    valid_until: '2026-12-31T00:00:00Z',
    contact: { role: 'Point focal HNS', channel: 'hns-bfa@example.org' },
    ...over,
  };
}
