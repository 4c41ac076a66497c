/**
 * The Sentinelle event taxonomy (closed): event types fixed by the incident extension, the
 * sub-types of each, their French and English labels, and the mappings from UCDP GED
 * `type_of_violence` and ACLED event types. Documented for people in docs/taxonomy.md.
 */
import type { Locale, Message } from '../i18n/i18n.ts';

export const EVENT_TYPES = [
  'battle',
  'explosion_remote_violence',
  'violence_against_civilians',
  'armed_attack_security_forces',
  'arms_seizure',
  'trafficking_interdiction',
  'kidnapping',
  'ied_found',
  'other',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_TYPE_LABELS: Readonly<Record<EventType, Message>> = {
  battle: { fr: 'Affrontement armé', en: 'Battle' },
  explosion_remote_violence: { fr: 'Explosion ou violence à distance', en: 'Explosion/remote violence' },
  violence_against_civilians: { fr: 'Violence contre des civils', en: 'Violence against civilians' },
  armed_attack_security_forces: {
    fr: 'Attaque armée contre les forces de sécurité',
    en: 'Armed attack on security forces',
  },
  arms_seizure: { fr: "Saisie d'armes", en: 'Arms seizure' },
  trafficking_interdiction: { fr: 'Interception de trafic', en: 'Trafficking interdiction' },
  kidnapping: { fr: 'Enlèvement', en: 'Kidnapping' },
  ied_found: { fr: 'EEI découvert', en: 'IED found' },
  other: { fr: 'Autre', en: 'Other' },
};

/** Sub-types per event type (code → labels). Optional on an incident; closed when present. */
export const EVENT_SUBTYPES: Readonly<Record<EventType, Readonly<Record<string, Message>>>> = {
  battle: {
    armed_clash: { fr: 'Accrochage armé', en: 'Armed clash' },
    attack_on_position: { fr: 'Attaque de position', en: 'Attack on a position' },
    government_regains_territory: {
      fr: 'Reprise de territoire par l’État',
      en: 'Government regains territory',
    },
    non_state_overtakes_territory: {
      fr: 'Prise de territoire par un groupe armé non étatique',
      en: 'Non-state actor overtakes territory',
    },
  },
  explosion_remote_violence: {
    ied_detonation: { fr: "Explosion d'engin explosif improvisé (EEI)", en: 'IED detonation' },
    landmine: { fr: 'Mine terrestre', en: 'Landmine' },
    shelling_artillery: {
      fr: "Tirs d'artillerie, d'obus ou de roquettes",
      en: 'Shelling, artillery or missile attack',
    },
    air_drone_strike: { fr: 'Frappe aérienne ou de drone', en: 'Air or drone strike' },
    suicide_bombing: { fr: 'Attentat-suicide', en: 'Suicide bombing' },
    grenade: { fr: 'Grenade', en: 'Grenade' },
    chemical_weapon: { fr: 'Arme chimique', en: 'Chemical weapon' },
  },
  violence_against_civilians: {
    killing: { fr: 'Meurtre de civils', en: 'Killing of civilians' },
    abduction: { fr: 'Enlèvement ou disparition forcée', en: 'Abduction or forced disappearance' },
    sexual_violence: { fr: 'Violence sexuelle', en: 'Sexual violence' },
    physical_assault: { fr: 'Agression physique', en: 'Physical assault' },
    looting_destruction: { fr: 'Pillage ou destruction de biens', en: 'Looting or destruction of property' },
    forced_displacement: { fr: 'Déplacement forcé', en: 'Forced displacement' },
  },
  armed_attack_security_forces: {
    ambush: { fr: 'Embuscade', en: 'Ambush' },
    attack_on_base: { fr: 'Attaque de base ou de camp', en: 'Attack on a base or camp' },
    attack_on_convoy: { fr: 'Attaque de convoi', en: 'Attack on a convoy' },
    attack_on_checkpoint: { fr: 'Attaque de poste de contrôle', en: 'Attack on a checkpoint' },
    attack_on_patrol: { fr: 'Attaque de patrouille', en: 'Attack on a patrol' },
  },
  arms_seizure: {
    checkpoint_seizure: { fr: 'Saisie à un poste de contrôle', en: 'Seizure at a checkpoint' },
    cache_discovered: { fr: "Découverte d'une cache d'armes", en: 'Arms cache discovered' },
    search_operation: {
      fr: 'Saisie lors d’une opération de fouille',
      en: 'Seizure during a search operation',
    },
  },
  trafficking_interdiction: {
    arms: { fr: "Trafic d'armes", en: 'Arms trafficking' },
    drugs: { fr: 'Trafic de drogue', en: 'Drug trafficking' },
    fuel: { fr: 'Trafic de carburant', en: 'Fuel trafficking' },
    persons: { fr: 'Traite ou trafic de personnes', en: 'Trafficking or smuggling of persons' },
    vehicles: { fr: 'Trafic de véhicules', en: 'Vehicle trafficking' },
    gold: { fr: "Trafic d'or", en: 'Gold smuggling' },
  },
  kidnapping: {
    ransom: { fr: 'Enlèvement contre rançon', en: 'Kidnapping for ransom' },
    hostage: { fr: "Prise d'otages", en: 'Hostage taking' },
  },
  ied_found: {
    disarmed: { fr: 'EEI désamorcé', en: 'IED disarmed' },
    controlled_detonation: { fr: 'Destruction contrôlée', en: 'Controlled detonation' },
  },
  other: {
    protest: { fr: 'Manifestation', en: 'Protest' },
    riot: { fr: 'Émeute', en: 'Riot' },
    arrest: { fr: 'Arrestation', en: 'Arrest' },
    looting_property_destruction: {
      fr: 'Pillage ou destruction de biens',
      en: 'Looting or property destruction',
    },
    strategic_development: { fr: 'Évolution stratégique', en: 'Strategic development' },
  },
};

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** The sub-type codes allowed for an event type. */
export function subtypesOf(type: EventType): string[] {
  return Object.keys(EVENT_SUBTYPES[type]);
}

export function isEventSubtype(type: EventType, value: unknown): boolean {
  return typeof value === 'string' && Object.hasOwn(EVENT_SUBTYPES[type], value);
}

/** Label of an event type, or of a sub-type when `subtype` is given, in `locale`. */
export function eventLabel(locale: Locale, type: EventType, subtype?: string): string {
  if (subtype !== undefined) {
    const subtypes = EVENT_SUBTYPES[type];
    if (Object.hasOwn(subtypes, subtype)) return subtypes[subtype]?.[locale] ?? '';
  }
  return EVENT_TYPE_LABELS[type][locale];
}

export interface EventClass {
  event_type: EventType;
  event_subtype?: string;
}

/**
 * UCDP GED `type_of_violence`: 1 state-based conflict and 2 non-state conflict are fights between
 * organised armed sides (battle); 3 one-sided violence is an organised actor killing civilians.
 * UCDP codes fatal events only, hence `killing`. Returns null for any other value.
 */
export function fromUcdpTypeOfViolence(typeOfViolence: number): EventClass | null {
  switch (typeOfViolence) {
    case 1:
    case 2:
      return { event_type: 'battle', event_subtype: 'armed_clash' };
    case 3:
      return { event_type: 'violence_against_civilians', event_subtype: 'killing' };
    default:
      return null;
  }
}

/** ACLED sub-event types (codebook 2023+, matched case- and space-insensitively) → ours. */
const ACLED_SUB_EVENTS: Readonly<Record<string, EventClass>> = {
  'armed clash': { event_type: 'battle', event_subtype: 'armed_clash' },
  'government regains territory': { event_type: 'battle', event_subtype: 'government_regains_territory' },
  'non-state actor overtakes territory': {
    event_type: 'battle',
    event_subtype: 'non_state_overtakes_territory',
  },
  'chemical weapon': { event_type: 'explosion_remote_violence', event_subtype: 'chemical_weapon' },
  'air/drone strike': { event_type: 'explosion_remote_violence', event_subtype: 'air_drone_strike' },
  'suicide bomb': { event_type: 'explosion_remote_violence', event_subtype: 'suicide_bombing' },
  'shelling/artillery/missile attack': {
    event_type: 'explosion_remote_violence',
    event_subtype: 'shelling_artillery',
  },
  'remote explosive/landmine/ied': {
    event_type: 'explosion_remote_violence',
    event_subtype: 'ied_detonation',
  },
  grenade: { event_type: 'explosion_remote_violence', event_subtype: 'grenade' },
  'sexual violence': { event_type: 'violence_against_civilians', event_subtype: 'sexual_violence' },
  'abduction/forced disappearance': { event_type: 'violence_against_civilians', event_subtype: 'abduction' },
  // ACLED "Attack" covers any violence against civilians; split on fatalities below.
  attack: { event_type: 'violence_against_civilians', event_subtype: 'physical_assault' },
  'peaceful protest': { event_type: 'other', event_subtype: 'protest' },
  'protest with intervention': { event_type: 'other', event_subtype: 'protest' },
  'excessive force against protesters': {
    event_type: 'violence_against_civilians',
    event_subtype: 'killing',
  },
  'violent demonstration': { event_type: 'other', event_subtype: 'riot' },
  'mob violence': { event_type: 'other', event_subtype: 'riot' },
  arrests: { event_type: 'other', event_subtype: 'arrest' },
  // In the Sahel, ACLED codes mostly IEDs defused or destroyed by security forces here.
  'disrupted weapons use': { event_type: 'ied_found', event_subtype: 'disarmed' },
  'looting/property destruction': { event_type: 'other', event_subtype: 'looting_property_destruction' },
};

/** ACLED event types (used when the sub-event type is missing or unknown) → ours. */
const ACLED_EVENTS: Readonly<Record<string, EventClass>> = {
  battles: { event_type: 'battle' },
  'explosions/remote violence': { event_type: 'explosion_remote_violence' },
  'violence against civilians': { event_type: 'violence_against_civilians' },
  protests: { event_type: 'other', event_subtype: 'protest' },
  riots: { event_type: 'other', event_subtype: 'riot' },
  'strategic developments': { event_type: 'other', event_subtype: 'strategic_development' },
};

/** Own entry of a mapping table (never an Object.prototype member such as 'constructor'). */
function lookup(table: Readonly<Record<string, EventClass>>, key: string): EventClass | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*\/\s*/g, '/');

/**
 * Maps an ACLED row's `event_type` and `sub_event_type` to our taxonomy: the sub-event type decides
 * when we know it (ACLED sub-event names are unique across event types), else the event type.
 * ACLED "Attack" on civilians becomes `killing` when the row reports fatalities. Returns null for an
 * unknown event type. ACLED cannot tell an attack on security forces from a battle (that depends on
 * the actors): analysts reclassify those.
 */
export function fromAcled(eventType: string, subEventType?: string, fatalities?: number): EventClass | null {
  const base = lookup(ACLED_EVENTS, norm(eventType));
  if (!base) return null;
  const sub = subEventType === undefined ? undefined : lookup(ACLED_SUB_EVENTS, norm(subEventType));
  if (!sub) return base;
  if (sub.event_subtype === 'physical_assault' && fatalities !== undefined && fatalities > 0) {
    return { event_type: 'violence_against_civilians', event_subtype: 'killing' };
  }
  return sub;
}
