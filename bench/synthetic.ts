/** Deterministic synthetic incidents (Sahel-shaped, valid per the Sentinelle extension) for benchmarks. */
import { EXT_ID } from '../src/objects/sentinelle-extension.ts';
import { TLP } from '../src/objects/markings.ts';

const TYPES = ['battle', 'explosion_remote_violence', 'violence_against_civilians', 'armed_attack_security_forces', 'arms_seizure'] as const;
const COUNTRIES = ['BFA', 'MLI', 'NER'] as const;

export function syntheticIncidents(n: number, seed: number): Record<string, unknown>[] {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const hex = (k: number) => Array.from({ length: k }, () => Math.floor(rnd() * 16).toString(16)).join('');
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const id = `incident--${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(rnd() * 1460) * 86400000).toISOString();
    const created = day.replace('T00:00:00.000Z', 'T06:00:00.000Z');
    out.push({
      type: 'incident',
      spec_version: '2.1',
      id,
      created,
      modified: created,
      name: `Incident synthétique ${i}`,
      description: 'Donnée synthétique de banc d’essai.',
      lang: 'fr',
      object_marking_refs: [rnd() < 0.5 ? TLP.green.id : TLP.amber.id],
      labels: ['bench'],
      extensions: {
        [EXT_ID]: {
          extension_type: 'property-extension',
          event_type: TYPES[Math.floor(rnd() * TYPES.length)],
          occurred_at: day.replace('.000Z', 'Z'),
          time_precision: 'day',
          location: { lat: +(10 + rnd() * 10).toFixed(5), lon: +(-5 + rnd() * 10).toFixed(5), precision_m: 1000, country: COUNTRIES[Math.floor(rnd() * 3)] },
          fatalities: { security_forces: 0, civilians: Math.floor(rnd() * 5), assailants: 0, unknown: 0 },
          source_reliability: 'C',
          information_credibility: 3,
        },
      },
    });
  }
  return out;
}
