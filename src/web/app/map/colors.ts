/**
 * Colours of the operational picture. Event types use the Okabe–Ito palette (readable by people
 * with colour-vision deficiencies) plus three dark tones; the originating partner is the outline.
 */
import { EVENT_TYPES } from '../../../objects/taxonomy.ts';

export const EVENT_COLORS: Readonly<Record<string, string>> = {
  battle: '#d55e00',
  explosion_remote_violence: '#e69f00',
  violence_against_civilians: '#cc79a7',
  armed_attack_security_forces: '#882255',
  arms_seizure: '#0072b2',
  trafficking_interdiction: '#56b4e9',
  kidnapping: '#6a3d9a',
  ied_found: '#009e73',
  other: '#6b6b6b',
};

export const LOCAL_OUTLINE = '#ffffff';
const PEER_OUTLINES = ['#111111', '#f0e442', '#e41a1c', '#4daf4a', '#00bcd4', '#ff7f00'];

/** Outline colour of an origin: white for this node, a stable colour per partner node. */
export function originColor(origin: string): string {
  if (origin === 'local') return LOCAL_OUTLINE;
  let h = 0;
  for (const ch of origin) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PEER_OUTLINES[h % PEER_OUTLINES.length]!;
}

/** MapLibre `match` expression: event_type → colour. */
export function eventColorExpression(): unknown[] {
  return [
    'match',
    ['get', 'event_type'],
    ...EVENT_TYPES.flatMap((t) => [t, EVENT_COLORS[t]!]),
    EVENT_COLORS.other!,
  ];
}
