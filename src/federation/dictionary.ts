/**
 * The shared, versioned dictionary of the compact encoding (compact.ts, docs/sync-spec.md
 * [FED-25]): property names with the codec of their values, common strings, well-known ids, the
 * object types of binary ids, and the preset text for DEFLATE (RFC 1951 with a preset dictionary,
 * as zlib's `dictionary` option). Every node must hold the very same tables for a version: a
 * version is frozen once released (dictionary.test.ts pins its digest); a change is a new version,
 * and decoders keep the old ones.
 *
 * Table positions become codes: positions 0–23 encode as CBOR 0–23 and positions 24–47 as −1…−24
 * (one byte each), later positions as 24, 25… (two bytes up to 255). The most frequent entries
 * come first.
 */
import type { Rule as DerivationRule } from './derivations-v3.ts';

/** How the value of a known property is written (compact.ts). */
export type Codec =
  | 'any' // generic: maps with dictionary keys, arrays, literal strings, numbers, bytes
  | 'str' // string: dictionary code or literal
  | 'strs' // list of 'str'
  | 'id' // STIX id or UUID: well-known code, 16-byte UUID, 17-byte typed id, or literal
  | 'ids' // list of 'id'
  | 'ts' // RFC 3339 UTC timestamp: integer seconds, or [seconds, fraction code]
  | 'coord' // degrees: integer of 1e-7 degrees when exact, else float
  // v2 only:
  | 'time' // RFC 3339 UTC timestamp as one integer: days, minutes or seconds since 2020 ([FED-71])
  | 'text' // free text: dictionary code, literal, or coded by the text model ([FED-72])
  | 'rec' // an object: positional by a record template when one fits, else a map ([FED-81])
  | 'recs'; // list of 'rec'

export interface Dictionary {
  version: number;
  keys: readonly (readonly [name: string, codec: Codec])[];
  strings: readonly string[];
  ids: readonly string[];
  idTypes: readonly string[];
  /** Preset dictionary for deflateRaw: typical text, most frequent phrases last (shortest distance). */
  deflate: string;
  /** v2: training text of the 'text' codec's model (text-model.ts). */
  textCorpus?: string;
  /** v2: record templates, lists of property names in their usual order ([FED-81]). */
  records?: readonly (readonly string[])[];
  /** v3: derivation rules ([FED-82]): properties sent as a flag when their rule reproduces them. */
  derive?: readonly DerivationRule[];
  /** v3: every time after the frame's first is written relative to it ([FED-83]). */
  timeDelta?: boolean;
  /** v3: each record template's usual presence bits, written as 0 ([FED-83]). */
  recordDefaults?: readonly number[];
  /** v4: an id the node minted from the record's creator and creation time travels as its k ([FED-94]). */
  mintedIds?: boolean;
  /** v4: time codes with a millisecond unit, counted from the origin rounded down to their unit ([FED-95]). */
  timeCode4?: boolean;
  /** v4: a record template matches an object's key set in any order; it decodes in the template's order ([FED-97]). */
  anyOrder?: boolean;
  /** v4: a frame's free texts are coded in one model run ([FED-98]). */
  jointText?: boolean;
}

/** Table position → CBOR integer code (see file comment). */
export function codeOf(position: number): number {
  if (position < 24) return position;
  if (position < 48) return 23 - position;
  return position - 24;
}

/** CBOR integer code → table position. */
export function positionOf(code: number): number {
  if (code >= 0 && code < 24) return code;
  if (code < 0) return code >= -24 ? 23 - code : -1;
  return code + 24;
}

export const EXT = 'extension-definition--2f0e5c1a-7b3d-4c1e-9a6f-5d8e4b3c2a10';
export const TLP2_EXT = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

export const KEYS_V1: readonly (readonly [string, Codec])[] = [
  // One byte (positions 0–47): what every incident and item carries.
  ['type', 'str'],
  ['spec_version', 'str'],
  ['id', 'id'],
  ['created', 'ts'],
  ['modified', 'ts'],
  ['created_by_ref', 'id'],
  ['name', 'str'],
  ['description', 'str'],
  ['lang', 'str'],
  ['labels', 'strs'],
  ['object_marking_refs', 'ids'],
  ['extensions', 'any'],
  [EXT, 'any'],
  ['extension_type', 'str'],
  ['event_type', 'str'],
  ['event_subtype', 'str'],
  ['occurred_at', 'ts'],
  ['time_precision', 'str'],
  ['location', 'any'],
  ['lat', 'coord'],
  ['lon', 'coord'],
  ['country', 'str'],
  ['admin1', 'str'],
  ['admin2', 'str'],
  ['precision_m', 'any'],
  ['fatalities', 'any'],
  ['injured', 'any'],
  ['security_forces', 'any'],
  ['civilians', 'any'],
  ['assailants', 'any'],
  ['unknown', 'any'],
  ['actor_refs', 'ids'],
  ['source_reliability', 'str'],
  ['information_credibility', 'any'],
  ['source', 'any'],
  ['reference', 'str'],
  ['url', 'str'],
  ['external_references', 'any'],
  ['source_name', 'str'],
  ['external_id', 'str'],
  ['materiel', 'any'],
  ['category', 'str'],
  ['quantity', 'any'],
  ['kind', 'str'],
  ['priority', 'str'],
  ['object', 'any'],
  ['redacted', 'any'],
  ['model', 'str'],
  // Two bytes: the rest of the object model and the protocol messages.
  ['origin', 'id'],
  ['reason', 'str'],
  ['keyset', 'any'],
  ['document', 'any'],
  ['revoked', 'any'],
  ['confidence', 'any'],
  ['granular_markings', 'any'],
  ['selectors', 'strs'],
  ['marking_ref', 'id'],
  ['hashes', 'any'],
  ['manufacturer_marks', 'str'],
  ['serial_number', 'str'],
  ['lot_year', 'str'],
  ['headstamp', 'str'],
  ['aliases', 'strs'],
  ['first_seen', 'ts'],
  ['last_seen', 'ts'],
  ['objective', 'str'],
  ['context', 'str'],
  ['object_refs', 'ids'],
  ['roles', 'strs'],
  ['identity_class', 'str'],
  ['sectors', 'strs'],
  ['contact_information', 'str'],
  ['kill_chain_phases', 'any'],
  ['kill_chain_name', 'str'],
  ['phase_name', 'str'],
  ['indicator_types', 'strs'],
  ['pattern', 'str'],
  ['pattern_type', 'str'],
  ['pattern_version', 'str'],
  ['valid_from', 'ts'],
  ['valid_until', 'ts'],
  ['goals', 'strs'],
  ['resource_level', 'str'],
  ['primary_motivation', 'str'],
  ['secondary_motivations', 'strs'],
  ['latitude', 'coord'],
  ['longitude', 'coord'],
  ['precision', 'any'],
  ['region', 'str'],
  ['administrative_area', 'str'],
  ['city', 'str'],
  ['street_address', 'str'],
  ['postal_code', 'str'],
  ['abstract', 'str'],
  ['content', 'str'],
  ['authors', 'strs'],
  ['report_types', 'strs'],
  ['published', 'ts'],
  ['threat_actor_types', 'strs'],
  ['sophistication', 'str'],
  ['personal_motivations', 'strs'],
  ['relationship_type', 'str'],
  ['source_ref', 'id'],
  ['target_ref', 'id'],
  ['start_time', 'ts'],
  ['stop_time', 'ts'],
  ['count', 'any'],
  ['sighting_of_ref', 'id'],
  ['observed_data_refs', 'ids'],
  ['where_sighted_refs', 'ids'],
  ['summary', 'any'],
  ['definition_type', 'str'],
  ['definition', 'any'],
  ['statement', 'str'],
  ['tlp', 'str'],
  [TLP2_EXT, 'any'],
  ['tlp_2_0', 'str'],
  ['schema', 'str'],
  ['version', 'str'],
  ['extension_types', 'strs'],
  ['extension_properties', 'strs'],
  // Protocol messages (protocol.ts).
  ['v', 'any'],
  ['from', 'id'],
  ['to', 'id'],
  ['stream', 'any'],
  ['sender', 'id'],
  ['receiver', 'id'],
  ['agreement', 'id'],
  ['epoch', 'any'],
  ['hwm', 'any'],
  ['held', 'any'],
  ['nacks', 'any'],
  ['seq', 'any'],
  ['digest', 'any'],
  ['envelopes', 'any'],
  ['more', 'any'],
  ['streams', 'any'],
  ['max_bytes', 'any'],
  ['wait_ms', 'any'],
  ['receiving', 'any'],
  ['sending', 'any'],
  ['last', 'any'],
  ['fragments', 'any'],
];

// Event sub-types of src/objects/taxonomy.ts (v1 snapshot).
export const SUBTYPES_V1 = (
  'attack_on_position government_regains_territory non_state_overtakes_territory air_drone_strike ' +
  'ied_detonation landmine suicide_bombing shelling_artillery grenade chemical_weapon sexual_violence abduction ' +
  'physical_assault looting_destruction forced_displacement attack_on_base attack_on_convoy attack_on_checkpoint ' +
  'attack_on_patrol checkpoint_seizure cache_discovered search_operation arms drugs fuel persons vehicles ' +
  'gold ransom hostage disarmed controlled_detonation protest riot arrest looting_property_destruction ' +
  'strategic_development'
).split(' ');

export const COUNTRIES_V1 = (
  'ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BES BGD BGR BHR BHS BIH ' +
  'BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN COD COG COK COL COM CRI CUB CUW ' +
  'CXR CYM CYP CZE DEU DJI DMA DNK DOM ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO ' +
  'GGY GIB GLP GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ' +
  'ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LCA LIE LKA LSO LTU LUX LVA MAC MAF ' +
  'MAR MCO MDA MDG MDV MEX MHL MKD MLT MMR MNE MNG MNP MOZ MSR MTQ MUS MWI MYS MYT NAM NCL NFK NIC NIU ' +
  'NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA ' +
  'SAU SDN SGP SGS SHN SJM SLB SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA THA TJK TKL ' +
  'TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ' +
  'ZAF ZMB ZWE'
).split(' ');

/** Admin names the partners' incidents carry (src/geo/admin-names.ts, shared boundaries). */
export const ADMIN_NAMES_V1: readonly string[] = [
  'Sahel',
  'Centre-Nord',
  'Est',
  'Nord',
  'Centre',
  'Cascades',
  'Sud-Ouest',
  'Boucle du Mouhoun',
  'Centre-Est',
  'Hauts-Bassins',
  'Centre-Ouest',
  'Centre-Sud',
  'Plateau-Central',
  'Ségou',
  'Mopti',
  'Koulikoro',
  'Gao',
  'Tombouctou',
  'Timbuktu',
  'Kidal',
  'Kayes',
  'Sikasso',
  'Bamako',
  'Diffa',
  'Tillabéri',
  'Niamey',
  'Tahoua',
  'Dosso',
  'Agadez',
  'Maradi',
  'Zinder',
  'Kompienga',
  'Gourma',
  'Houet',
  'Kénédougou',
  'Banwa',
  'Kossi',
  'Balé',
  'Mou Houn',
  'Oudalan',
  'Soum',
  'Nayala',
  'Sourou',
  'Bam',
  'Boulkiemdé',
  'Kourwéogo',
  'Bazéga',
  'Kadiogo',
  'Oubritenga',
  'Passoré',
  'Zondoma',
  'Sanguié',
  'Sissili',
  'Ziro',
  'Loroum',
  'Yatenga',
  'Namentenga',
  'Sanmatenga',
  'Boulgou',
  'Koulpélogo',
  'Ganzourgou',
  'Kouritenga',
  'Nahouri',
  'Zoundwéogo',
  'Bougouriba',
  'Ioba',
  'Tuy',
  'Léraba',
  'Komoé',
  'Poni',
  'Gnagna',
  'Komondjari',
  'Séno',
  'Yagha',
  'Tapoa',
  'Noumbiel',
  'Sédhiou',
  'Kédougou',
  'Kaffrine',
  'Saint-Louis',
  'Dakar',
  'Diourbel',
  'Fatick',
  'Kaolack',
  'Louga',
  'Matam',
  'Thiès',
  'Kolda',
  'Ziguinchor',
  'Tambacounda',
];

const STRINGS_V1: readonly string[] = [
  // One byte (positions 0–47).
  'incident',
  '2.1',
  'fr',
  'en',
  'property-extension',
  'put',
  'withdraw',
  'flash',
  'immediate',
  'routine',
  'bulk',
  'day',
  'hour',
  'minute',
  'BFA',
  'MLI',
  'NER',
  'SEN',
  'battle',
  'violence_against_civilians',
  'armed_attack_security_forces',
  'explosion_remote_violence',
  'B',
  'ucdp',
  'armed_clash',
  'killing',
  'ambush',
  'A',
  'C',
  'D',
  'X',
  'week',
  'month',
  'year',
  'UCDP GED',
  'https://ucdp.uu.se/downloads/index.html#ged_global',
  'state-based',
  'non-state',
  'one-sided',
  'arms_seizure',
  'trafficking_interdiction',
  'kidnapping',
  'ied_found',
  'other',
  'keyset',
  'agreement',
  'small_arm',
  'organization',
  // Two bytes.
  ...SUBTYPES_V1,
  'light_weapon',
  'heavy_weapon',
  'ammunition',
  'explosive',
  'ied_component',
  'vehicle',
  'communication_equipment',
  'identity',
  'location',
  'threat-actor',
  'intrusion-set',
  'campaign',
  'report',
  'note',
  'sighting',
  'relationship',
  'grouping',
  'indicator',
  'marking-definition',
  'extension-definition',
  'statement',
  'tlp',
  'ack',
  'hello',
  'pull',
  'pull_response',
  'envelope',
  'fragments',
  'tlp_raised',
  'releasability_removed',
  'revoked',
  'out_of_scope',
  'agreement_expired',
  'agreement_revoked',
  'originator_request',
  'outside_agreement',
  'invalid_object',
  'malformed',
  'bad_signature',
  'unknown_key',
  'revoked_key',
  'key_not_valid',
  'wrong_stream',
  'replay',
  'stale_epoch',
  'too_large',
  'unsupported_version',
  'wrong_receiver',
  'decrypt_failed',
  'attributed-to',
  'related-to',
  'targets',
  'uses',
  'located-at',
  'indicates',
  'terrorist',
  'criminal',
  'government',
  'government-national',
  'individual',
  'group',
  'stix',
  'malicious-activity',
  'threat-report',
  'suspicious-activity',
  'Rapport de poste',
  'BEN',
  'TGO',
  'GHA',
  'CIV',
  'TCD',
  'MRT',
  'DZA',
  'NGA',
  'GIN',
  'LBY',
  'CMR',
  'GMB',
  'GNB',
  'CPV',
  'LBR',
  'SLE',
  // Admin names the partners' incidents carry (src/geo/admin-names.ts).
  ...ADMIN_NAMES_V1,
  // Three bytes: every other ISO 3166-1 alpha-3 code.
  ...COUNTRIES_V1,
];

export const IDS_V1: readonly string[] = [
  // TLP 2.0 (clear, green, amber, amber+strict, red), TLP 1.0 (white, green, amber, red).
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
  EXT,
  TLP2_EXT,
  // The Sentinelle identity, the UCDP identity (src/imports/ucdp-source.ts).
  'identity--8e2f4c7a-3b1d-4e5f-a6c9-0d2b7e4f1a35',
  'identity--36bfaa2d-d3f1-5615-8c2d-62b38dbca1c7',
];

export const ID_TYPES_V1: readonly string[] = [
  'incident',
  'identity',
  'location',
  'threat-actor',
  'intrusion-set',
  'campaign',
  'report',
  'note',
  'sighting',
  'relationship',
  'grouping',
  'indicator',
  'marking-definition',
  'extension-definition',
  'bundle',
  'agreement',
  'attack-pattern',
  'course-of-action',
  'infrastructure',
  'malware',
  'malware-analysis',
  'observed-data',
  'opinion',
  'tool',
  'vulnerability',
  'language-content',
];

/**
 * Typical text of Sahel incident reports, in French then English, for DEFLATE's preset
 * dictionary. Deflate finds matches at shorter distances near the end, so the most frequent
 * phrases (UCDP import templates, incident vocabulary) come last.
 */
const DEFLATE_V1 = [
  'Armed attack on security forces. Ambush against a patrol. Improvised explosive device found and ' +
    'disarmed. Unidentified armed men on motorbikes attacked the village; casualties among civilians. ' +
    'Kidnapping for ransom. Arms seizure at a checkpoint. Trafficking interdiction. Security forces ' +
    'repelled the attack. Killed, wounded, missing. Source: field report, ',
  'the Defence and Security Forces. ',
  'Rapport de poste. Selon des sources locales concordantes, information non confirmée, à recouper. ',
  'Bilan provisoire : morts, blessés, disparus. Des renforts ont été dépêchés sur place. ',
  'Les assaillants se sont repliés vers la frontière. Opération de ratissage en cours. ',
  'Saisie d’armes et de munitions lors d’une fouille. Cache d’armes découverte. ',
  'Interception de trafic de carburant, de drogue, d’or, de véhicules, de personnes. ',
  'Enlèvement contre rançon, prise d’otages. Engin explosif improvisé (EEI) découvert et désamorcé, ',
  'destruction contrôlée. Explosion d’un engin au passage d’un convoi de ravitaillement. ',
  'Attaque contre le poste de contrôle, la base, le camp militaire, le détachement de gendarmerie. ',
  'Affrontement armé entre les forces de défense et de sécurité (FDS) et des groupes armés terroristes (GAT). ',
  'Violence contre des civils : des individus armés non identifiés à moto ont attaqué le village, ',
  'la population a fui vers le chef-lieu de la commune. Les Volontaires pour la défense de la patrie (VDP), ',
  'l’armée, la garde nationale, la police, la gendarmerie, les douanes. Marché, école, mosquée, puits, ',
  'axe routier, piste, route nationale, frontière, région, province, cercle, département, commune, ',
  'Embuscade contre une patrouille des FDS à km au nord, au sud, à l’est, à l’ouest de ',
  'Attaque armée contre les forces de sécurité. Kalachnikov AK-47, fusil, mitrailleuse, motos, ',
  'Explosion ou violence à distance. Affrontement armé. ',
  'Source : Uppsala Conflict Data Program (UCDP), UCDP GED, licence CC BY 4.0.',
  ' Morts (meilleure estimation) : ',
  ' (fourchette ',
  ' ; camp A ',
  ', camp B ',
  ', civils ',
  ', statut inconnu ',
  ', point hors des limites administratives de référence',
  'Acteur armé non étatique tel que nommé par l’UCDP GED (« ',
  '). Localisation selon l’UCDP : ',
  ' Parties : ',
  ' contre ',
  ' (conflit « ',
  ' Date : le ',
  ' du ',
  ' au ',
  ' (précision : jour exact',
  '. Lieu : ',
  ', Burkina Faso (',
  ', Mali (',
  ', Niger (',
  ', Sénégal (',
  'Événement UCDP GED : conflit armé étatique.',
  'Événement UCDP GED : conflit armé non étatique.',
  'Événement UCDP GED : violence unilatérale contre des civils.',
  'Violence contre des civils — ',
  'Conflit non étatique — ',
  'Conflit étatique — ',
  'Ligne du sous-ensemble partagé (ged-row:20',
].join('');

export const DICTIONARY_V1: Dictionary = Object.freeze({
  version: 1,
  keys: Object.freeze(KEYS_V1),
  strings: Object.freeze(STRINGS_V1),
  ids: Object.freeze(IDS_V1),
  idTypes: Object.freeze(ID_TYPES_V1),
  deflate: DEFLATE_V1,
});

/**
 * The version the wide form is written with (envelope.ts). The narrow profile (narrow.ts) writes
 * v2 (dictionary-v2.ts); decoders read every version of dictionaries.ts.
 */
export const CURRENT_DICTIONARY = DICTIONARY_V1;
