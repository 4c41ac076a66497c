/** Hand-made incidents for correlation tests and the benchmark. */
import { newStixId } from '../../objects/ids.ts';
import { EXT_ID } from '../../objects/sentinelle-extension.ts';
import type { MaterielItem } from '../../objects/sentinelle-extension.ts';

export interface IncidentSpec {
  id?: string;
  createdBy?: string;
  at: string;
  lat?: number;
  lon?: number;
  country?: string;
  admin1?: string;
  type?: string;
  killed?: number;
  actors?: string[];
  materiel?: Partial<MaterielItem>[];
  name?: string;
}

export function incidentObject(s: IncidentSpec): Record<string, unknown> {
  const created = '2026-03-01T08:00:00.000Z';
  return {
    type: 'incident',
    spec_version: '2.1',
    id: s.id ?? newStixId('incident'),
    created,
    modified: created,
    ...(s.createdBy ? { created_by_ref: s.createdBy } : {}),
    name: s.name ?? `Incident ${s.at}`,
    extensions: {
      [EXT_ID]: {
        extension_type: 'property-extension',
        event_type: s.type ?? 'battle',
        occurred_at: s.at,
        time_precision: 'hour',
        location: {
          ...(s.lat !== undefined && s.lon !== undefined ? { lat: s.lat, lon: s.lon } : {}),
          country: s.country ?? 'BFA',
          ...(s.admin1 ? { admin1: s.admin1 } : {}),
        },
        ...(s.killed !== undefined
          ? { fatalities: { security_forces: 0, civilians: s.killed, assailants: 0, unknown: 0 } }
          : {}),
        ...(s.actors ? { actor_refs: s.actors } : {}),
        ...(s.materiel ? { materiel: s.materiel.map((m) => ({ category: 'small_arm', ...m })) } : {}),
        source_reliability: 'B',
        information_credibility: 2,
      },
    },
  };
}
