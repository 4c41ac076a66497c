/** Messages of correlation (src/analysis/): explanations of links and alerts, errors. French and English. */
import { defineMessages } from '../i18n/i18n.ts';

export const analysisMessages = defineMessages({
  'analysis.explain.duplicate': {
    fr: 'Écart de {hours} h et {km} km ; types {type_a} / {type_b} ; tués {fat_a} / {fat_b}',
    en: '{hours} h and {km} km apart; types {type_a} / {type_b}; killed {fat_a} / {fat_b}',
  },
  'analysis.explain.duplicate_area': {
    fr: 'Écart de {hours} h, même zone ({admin1}, distance inconnue) ; types {type_a} / {type_b} ; tués {fat_a} / {fat_b}',
    en: '{hours} h apart, same area ({admin1}, distance unknown); types {type_a} / {type_b}; killed {fat_a} / {fat_b}',
  },
  'analysis.explain.cross_border': {
    fr: 'Même acteur ({actor}) en {country_a} et en {country_b}, à {km} km et {days} j d’intervalle',
    en: 'Same actor ({actor}) in {country_a} and in {country_b}, {km} km and {days} days apart',
  },
  'analysis.explain.arms': {
    fr: 'Même {identifier} : {label}',
    en: 'Same {identifier}: {label}',
  },
  'analysis.identifier.serial': { fr: 'numéro de série', en: 'serial number' },
  'analysis.identifier.marks_lot': {
    fr: 'marquage fabricant et lot/année',
    en: 'manufacturer marks and lot/year',
  },
  'analysis.identifier.headstamp': { fr: 'marquage de culot', en: 'headstamp' },
  'analysis.alert.cross_border_title': {
    fr: 'Schéma transfrontalier : {actor} ({country_a}–{country_b})',
    en: 'Cross-border pattern: {actor} ({country_a}–{country_b})',
  },
  'analysis.alert.cross_border_explanation': {
    fr: '{count} incidents attribués à {actor} de part et d’autre de la frontière {country_a}–{country_b} en {days} j, au plus à {km} km les uns des autres',
    en: '{count} incidents attributed to {actor} on both sides of the {country_a}–{country_b} border within {days} days, at most {km} km apart',
  },
  'analysis.alert.arms_title': {
    fr: 'Traçage d’armes : {identifier} {label} vu {count} fois',
    en: 'Arms tracing: {identifier} {label} seen {count} times',
  },
  'analysis.alert.arms_explanation': {
    fr: 'Même {identifier} ({label}) signalé par {sources} sources : {chain}',
    en: 'Same {identifier} ({label}) reported by {sources} sources: {chain}',
  },
  'analysis.link_not_found': {
    fr: 'Aucun lien de corrélation {kind} entre {a} et {b}.',
    en: 'No {kind} correlation link between {a} and {b}.',
  },
  'analysis.invalid_decision': {
    fr: 'La décision sur le lien est invalide.',
    en: 'The decision on the link is invalid.',
  },
  'analysis.bad_decision': {
    fr: 'Décision attendue : « confirm » ou « reject ».',
    en: 'Decision expected: "confirm" or "reject".',
  },
  'analysis.bad_kind': {
    fr: 'Type de lien inconnu : {value} (duplicate, cross-border ou arms).',
    en: 'Unknown link kind: {value} (duplicate, cross-border or arms).',
  },
  'analysis.bad_id': {
    fr: 'Identifiant STIX attendu (type--uuid).',
    en: 'A STIX id (type--uuid) is expected.',
  },
  'analysis.bad_limit': {
    fr: 'limit doit être un entier entre 1 et {max}.',
    en: 'limit must be an integer from 1 to {max}.',
  },
  'analysis.forbidden': {
    fr: 'Permission requise : {permission}.',
    en: 'Permission required: {permission}.',
  },
});
