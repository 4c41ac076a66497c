/**
 * Data markings (STIX 2.1 §7.2): TLP and releasability.
 * - TLP 2.0 uses the marking-definitions OASIS publishes in cti-stix-common-objects (TLP 2.0
 *   extension); TLP 1.0 ids (§7.2.1.4) are still accepted on input, WHITE meaning CLEAR.
 * - Releasability is a statement marking (§7.2.1.3) reading exactly `REL TO BFA, SEN`: ISO 3166-1
 *   alpha-3 codes, sorted, separated by a comma and a space.
 */
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { isAlpha3 } from './countries.ts';
import { SENTINELLE_NAMESPACE, stixIdV5 } from './ids.ts';
import type { Tlp } from './index-fields.ts';
import { deepFreeze, isRecord, TLP2_EXTENSION_ID, type StixObject } from './stix.ts';
import { nowTimestamp } from './timestamps.ts';

export type { Tlp };

/** From least to most restrictive. */
export const TLP_ORDER: readonly Tlp[] = Object.freeze(['clear', 'green', 'amber', 'amber+strict', 'red']);

/** TLP 2.0 marking-definition ids published by OASIS. */
export const TLP2_IDS: Readonly<Record<Tlp, string>> = Object.freeze({
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
});

/** TLP 1.0 marking-definition ids (STIX 2.1 §7.2.1.4). */
export const TLP1_IDS = Object.freeze({
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
});

export type Tlp1Color = keyof typeof TLP1_IDS;

const TLP_BY_ID: ReadonlyMap<string, Tlp> = new Map<string, Tlp>([
  ...(Object.entries(TLP2_IDS) as [Tlp, string][]).map(([tlp, id]): [string, Tlp] => [id, tlp]),
  [TLP1_IDS.white, 'clear'],
  [TLP1_IDS.green, 'green'],
  [TLP1_IDS.amber, 'amber'],
  [TLP1_IDS.red, 'red'],
]);

const TLP2_NAME: Readonly<Record<Tlp, string>> = {
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  'amber+strict': 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

/** The TLP 2.0 marking-definition objects, as published by OASIS. */
export const TLP: Readonly<Record<Tlp, StixObject>> = deepFreeze(
  Object.fromEntries(
    TLP_ORDER.map((tlp) => [
      tlp,
      {
        type: 'marking-definition',
        spec_version: '2.1',
        id: TLP2_IDS[tlp],
        created: '2022-10-01T00:00:00.000Z',
        name: TLP2_NAME[tlp],
        extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp } },
      },
    ]),
  ) as unknown as Record<Tlp, StixObject>,
);

/** The TLP 1.0 marking-definition objects of STIX 2.1 §7.2.1.4. */
export const TLP1: Readonly<Record<Tlp1Color, StixObject>> = deepFreeze(
  Object.fromEntries(
    (Object.keys(TLP1_IDS) as Tlp1Color[]).map((color) => [
      color,
      {
        type: 'marking-definition',
        spec_version: '2.1',
        id: TLP1_IDS[color],
        created: '2017-01-20T00:00:00.000Z',
        definition_type: 'tlp',
        name: `TLP:${color.toUpperCase()}`,
        definition: { tlp: color },
      },
    ]),
  ) as unknown as Record<Tlp1Color, StixObject>,
);

/** The five TLP 2.0 marking-definitions, least restrictive first (to seed a node's store). */
export const TLP_MARKING_DEFINITIONS: readonly StixObject[] = Object.freeze(TLP_ORDER.map((t) => TLP[t]));

const BUILTIN: ReadonlyMap<string, StixObject> = new Map(
  [...TLP_MARKING_DEFINITIONS, ...Object.values(TLP1)].map((m) => [m.id, m]),
);

/** True for a TLP 1.0 or 2.0 marking-definition id (markings every node knows without storing them). */
export function isBuiltinMarking(id: string): boolean {
  return BUILTIN.has(id);
}

/** The TLP 1.0 or 2.0 marking-definition with this id, or undefined. */
export function builtinMarking(id: string): StixObject | undefined {
  return BUILTIN.get(id);
}

/** The TLP level a marking-definition id stands for (TLP 1.0 WHITE reads as clear), or null. */
export function tlpOfMarkingId(id: string): Tlp | null {
  return TLP_BY_ID.get(id) ?? null;
}

/** The most restrictive TLP level among `object_marking_refs`, or null when it has none. */
export function tlpOf(object: { object_marking_refs?: unknown }): Tlp | null {
  const refs = Array.isArray(object.object_marking_refs) ? (object.object_marking_refs as unknown[]) : [];
  let best = -1;
  for (const ref of refs) {
    const tlp = typeof ref === 'string' ? TLP_BY_ID.get(ref) : undefined;
    if (tlp !== undefined) best = Math.max(best, TLP_ORDER.indexOf(tlp));
  }
  return best < 0 ? null : (TLP_ORDER[best] ?? null);
}

/** True when `a` is at least as restrictive as `b`. */
export function tlpAtLeast(a: Tlp, b: Tlp): boolean {
  return TLP_ORDER.indexOf(a) >= TLP_ORDER.indexOf(b);
}

const REL_TO_RE = /^REL TO ([A-Z]{3}(?:, [A-Z]{3})*)$/;

/** The canonical statement for a set of countries: `REL TO BFA, SEN` (sorted, no duplicates). */
export function relToStatement(countries: readonly string[]): string {
  return `REL TO ${[...new Set(countries)].sort().join(', ')}`;
}

/**
 * Parses a releasability statement. Returns the sorted codes when the text is canonical (every
 * code an assigned ISO alpha-3, sorted, no duplicate), else null.
 */
export function parseRelToStatement(statement: string): string[] | null {
  const m = REL_TO_RE.exec(statement);
  if (!m?.[1]) return null;
  const codes = m[1].split(', ');
  if (!codes.every(isAlpha3) || relToStatement(codes) !== statement) return null;
  return codes;
}

/** True when a statement claims to be a releasability statement (validation then requires it canonical). */
export function looksLikeRelTo(statement: string): boolean {
  return /^\s*REL\s*TO\b/i.test(statement);
}

/** The countries of a REL TO statement marking-definition, or null when it is not one. */
export function parseRelTo(markingDefinition: unknown): string[] | null {
  if (!isRecord(markingDefinition) || markingDefinition.type !== 'marking-definition') return null;
  if (markingDefinition.definition_type !== 'statement' || !isRecord(markingDefinition.definition))
    return null;
  const statement = markingDefinition.definition.statement;
  return typeof statement === 'string' ? parseRelToStatement(statement) : null;
}

/**
 * Builds the statement marking-definition `REL TO <countries>` created by `createdByRef`. Its id
 * is derived from the creator and the statement (UUIDv5), so building it twice gives the same id:
 * store it once and reuse it. Throws DomainError('invalid') for an empty list or an unknown code.
 */
export function releasabilityMarking(
  countries: readonly string[],
  createdByRef: string,
  clock: Clock,
): StixObject {
  const bad = countries.filter((c) => !isAlpha3(c));
  if (countries.length === 0 || bad.length > 0) {
    throw new DomainError('invalid', 'marking.invalid_countries', [], { value: bad.join(', ') || '∅' });
  }
  const statement = relToStatement(countries);
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: stixIdV5('marking-definition', SENTINELLE_NAMESPACE, `${createdByRef} ${statement}`),
    created_by_ref: createdByRef,
    created: nowTimestamp(clock),
    name: statement,
    definition_type: 'statement',
    definition: { statement },
  };
}
