/** Messages of joint operations, protected sites and deconfliction (FR/EN). */
import { defineMessages } from '../i18n/i18n.ts';

export const operationsMessages = defineMessages({
  'operations.forbidden': {
    fr: 'Action non autorisée ({permission} requis).',
    en: 'Action not allowed ({permission} required).',
  },
  'operations.not_found': {
    fr: "L'opération ou le site {id} n'existe pas.",
    en: 'Operation or site {id} does not exist.',
  },
  'operations.invalid': { fr: "L'opération est invalide.", en: 'The operation is invalid.' },
  'operations.final': {
    fr: "L'opération {id} est {status} : elle ne peut plus être modifiée.",
    en: 'Operation {id} is {status}: it can no longer be edited.',
  },
  'operations.bad_transition': {
    fr: 'Passage de « {from} » à « {to} » impossible (possibles : {allowed}).',
    en: 'Cannot move from "{from}" to "{to}" (allowed: {allowed}).',
  },
  'operations.unknown_state': {
    fr: "{value} n'est ni le pays de ce nœud ni celui d'un partenaire enregistré.",
    en: '{value} is neither this node’s country nor a registered partner’s.',
  },
  'operations.unknown_unit': {
    fr: "L'organisation {value} est inconnue de ce nœud (enregistrez d'abord son identité).",
    en: 'Organisation {value} is unknown to this node (register its identity first).',
  },
  'operations.not_completed': {
    fr: "Les résultats se saisissent après l'opération (statut actuel : {status}).",
    en: 'Results are recorded after the operation (current status: {status}).',
  },
  'operations.bad_objective': {
    fr: "L'opération n'a pas d'objectif n° {index}.",
    en: 'The operation has no objective number {index}.',
  },
  'operations.conflict_not_found': {
    fr: "Le conflit {id} n'existe pas.",
    en: 'Conflict {id} does not exist.',
  },
  'operations.bad_resolution': {
    fr: 'Code de résolution attendu : {values}.',
    en: 'Resolution code expected: {values}.',
  },
  'operations.conflict_resolved': {
    fr: 'Le conflit {id} est déjà résolu.',
    en: 'Conflict {id} is already resolved.',
  },
  'operations.bad_period': {
    fr: 'Période invalide : from et to (dates RFC 3339), from avant to.',
    en: 'Invalid period: from and to (RFC 3339 dates), from before to.',
  },
  'operations.bad_body': { fr: 'Un objet JSON est attendu.', en: 'A JSON object is expected.' },
  'operations.alert_title': {
    fr: 'Chevauchement : {a} et {b}',
    en: 'Overlap: {a} and {b}',
  },
  'operations.alert_site_title': {
    fr: 'Site protégé touché : {b} par {a}',
    en: 'Protected site reached: {b} by {a}',
  },
  'operations.alert_notice_title': {
    fr: 'Un partenaire signale un chevauchement avec {a}',
    en: 'A partner reports an overlap with {a}',
  },
  'operations.alert_explanation': {
    fr: 'Chevauchement du {from} au {to}, à {distance} m près de ({lat}, {lon}). Contacter : {contacts}.',
    en: 'Overlap from {from} to {to}, {distance} m apart near ({lat}, {lon}). Contact: {contacts}.',
  },
  'operations.cli.count': { fr: '{count} élément(s).', en: '{count} item(s).' },
  'operations.cli.saved': {
    fr: 'Enregistré : {id} ({count} conflit(s)).',
    en: 'Saved: {id} ({count} conflict(s)).',
  },
  'operations.default_contact_role': { fr: 'Officier de liaison', en: 'Liaison officer' },
});
