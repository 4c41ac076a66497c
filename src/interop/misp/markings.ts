/**
 * MISP tags and distribution ↔ STIX markings (documented in docs/interop.md, "MISP").
 *
 * `tlp:*` tags are TLP markings (TLP 1.0 `tlp:white` reads as CLEAR). MISP `distribution` says how
 * far MISP itself may propagate an item; Sentinelle propagates only under agreements, so the
 * level becomes a TLP floor — the stricter of the tag and the floor wins — and is kept as a
 * `misp:distribution="n"` label so an export gives it back:
 *   0 your organisation only → TLP:AMBER+STRICT;  1 this community only → TLP:GREEN;
 *   2 connected communities → TLP:GREEN;  3 all communities → no floor;
 *   4 sharing group → TLP:AMBER (membership is not carried: agreements decide);  5 inherit the event.
 */
import { TLP_ORDER, type Tlp } from '../../objects/markings.ts';

export const DISTRIBUTION_FLOOR: Readonly<Record<number, Tlp | null>> = {
  0: 'amber+strict',
  1: 'green',
  2: 'green',
  3: null,
  4: 'amber',
};

const TAG_TLP: Readonly<Record<string, Tlp>> = {
  'tlp:clear': 'clear',
  'tlp:white': 'clear',
  'tlp:green': 'green',
  'tlp:amber': 'amber',
  'tlp:amber+strict': 'amber+strict',
  'tlp:red': 'red',
};

/** The TLP of a tag name, or null when it is not a TLP tag. */
export function tlpOfTag(name: string): Tlp | null {
  return TAG_TLP[name.trim().toLowerCase()] ?? null;
}

/** The stricter of two levels (null = none). */
export function stricter(a: Tlp | null, b: Tlp | null): Tlp | null {
  if (a === null) return b;
  if (b === null) return a;
  return TLP_ORDER.indexOf(a) >= TLP_ORDER.indexOf(b) ? a : b;
}

/** The MISP tag of a TLP level (TLP 2.0 names). */
export function tagOfTlp(tlp: Tlp): string {
  return `tlp:${tlp}`;
}

/** Distribution for an export when no `misp:distribution` label says it: from the TLP. */
export function distributionOfTlp(tlp: Tlp | null): number {
  switch (tlp) {
    case 'clear':
      return 3;
    case 'green':
    case 'amber':
      // AMBER: the community, with the tlp:amber tag that MISP users honour (no sharing group exists).
      return 1;
    default:
      // amber+strict, red, or unmarked: the receiving organisation only.
      return 0;
  }
}

/** `misp:<key>="<value>"`: MISP machine-tag syntax, used for the labels that carry MISP fields. */
export function machineTag(key: string, value: string): string {
  return `misp:${key}="${value.replaceAll('"', "'")}"`.slice(0, 250);
}

/** Reads a `misp:<key>="…"` label back, or undefined. */
export function readMachineTag(labels: unknown, key: string): string | undefined {
  if (!Array.isArray(labels)) return undefined;
  const prefix = `misp:${key}="`;
  const l = labels.find((x): x is string => typeof x === 'string' && x.startsWith(prefix) && x.endsWith('"'));
  return l?.slice(prefix.length, -1);
}

export const THREAT_LEVELS: Readonly<Record<string, string>> = {
  '1': 'high',
  '2': 'medium',
  '3': 'low',
  '4': 'undefined',
};
export const ANALYSIS: Readonly<Record<string, string>> = {
  '0': 'initial',
  '1': 'ongoing',
  '2': 'completed',
};
