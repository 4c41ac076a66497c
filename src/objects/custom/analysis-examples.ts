/** One valid example of each analysis type (for src/objects/fixtures.ts `examplesByType` and tests). */
import { ALERT_EXTENSION_ID } from './analysis-extension.ts';
import type { AnalysisType } from './analysis-types.ts';

export function analysisExamples(): Record<AnalysisType, Record<string, unknown>> {
  return {
    'x-sentinelle-alert': {
      type: 'x-sentinelle-alert',
      spec_version: '2.1',
      id: 'x-sentinelle-alert--5a0c7e2b-3d4f-4b6a-9c8d-7e6f5a4b3c2d',
      created: '2026-03-01T08:00:00.000Z',
      modified: '2026-03-01T08:00:00.000Z',
      name: 'Même groupe des deux côtés de la frontière BFA–NER',
      description:
        '2 incidents attribués au même groupe à 38 km de part et d’autre de la frontière, en 5 jours',
      alert_kind: 'cross-border-pattern',
      severity: 'high',
      score: 0.8,
      status: 'open',
      object_refs: ['incident--36057a94-da71-478e-a7b7-829f5643421e'],
      signals: [
        { name: 'distance_km', value: 38 },
        { name: 'days', value: 5, weight: 0.4 },
      ],
      location: { lat: 13.1, lon: 1.2 },
      country: 'BFA',
      period_start: '2026-02-20T00:00:00.000Z',
      period_end: '2026-02-25T00:00:00.000Z',
      dedupe_key: 'xb:example',
      object_marking_refs: ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'],
      extensions: { [ALERT_EXTENSION_ID]: { extension_type: 'new-sdo' } },
    },
  };
}
