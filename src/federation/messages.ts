/**
 * French and English texts of the federation module: validation issues of peer messages, and the
 * closed reason codes (nacks, verification failures) as an operator reads them in peer status and
 * audit views. Codes are namespaced `fed.`.
 */
import { defineMessages } from '../i18n/i18n.ts';

export const federationMessages = defineMessages({
  // Validation of peer messages (paths are JSON pointers into the decoded message).
  'fed.expected_map': { fr: 'Un objet est attendu.', en: 'An object is expected.' },
  'fed.expected_list': { fr: 'Une liste est attendue.', en: 'A list is expected.' },
  'fed.expected_string': { fr: 'Une chaîne de caractères est attendue.', en: 'A string is expected.' },
  'fed.expected_bytes': { fr: 'Une suite d’octets est attendue.', en: 'A byte string is expected.' },
  'fed.expected_bool': { fr: 'Un booléen est attendu.', en: 'A boolean is expected.' },
  'fed.expected_int': {
    fr: 'Un entier compris entre {min} et {max} est attendu.',
    en: 'An integer between {min} and {max} is expected.',
  },
  'fed.required': {
    fr: 'La propriété « {property} » est obligatoire.',
    en: 'Property "{property}" is required.',
  },
  'fed.unknown_property': {
    fr: 'Propriété inconnue « {property} » : le protocole est strict.',
    en: 'Unknown property "{property}": the protocol is strict.',
  },
  'fed.invalid_value': {
    fr: 'Valeur non admise ; valeurs possibles : {values}.',
    en: 'Value not allowed; allowed values: {values}.',
  },
  'fed.bad_length': {
    fr: 'Longueur incorrecte : {min} à {max} attendu.',
    en: 'Wrong length: {min} to {max} expected.',
  },
  'fed.too_many': { fr: 'Trop d’éléments (au plus {max}).', en: 'Too many items (at most {max}).' },
  'fed.invalid_node_id': {
    fr: 'Identifiant de nœud invalide (UUID en minuscules attendu).',
    en: 'Invalid node id (lower-case UUID expected).',
  },
  'fed.invalid_agreement_id': { fr: 'Identifiant d’accord invalide.', en: 'Invalid agreement id.' },
  'fed.invalid_stix_id': { fr: 'Identifiant STIX invalide.', en: 'Invalid STIX id.' },
  'fed.invalid_timestamp': {
    fr: 'Horodatage invalide (RFC 3339 en UTC attendu).',
    en: 'Invalid timestamp (RFC 3339 in UTC expected).',
  },
  'fed.unsupported_version': {
    fr: 'Version de protocole {value} non prise en charge (version {expected} attendue).',
    en: 'Unsupported protocol version {value} (version {expected} expected).',
  },
  'fed.bad_range': {
    fr: 'Intervalle invalide : le début doit précéder ou égaler la fin.',
    en: 'Invalid range: the start must not be after the end.',
  },
  'fed.not_above_hwm': {
    fr: 'Les séquences retenues doivent être au-delà de la marque haute ({hwm}).',
    en: 'Held sequences must lie above the high-water mark ({hwm}).',
  },
  'fed.malformed': { fr: 'Données illisibles : {detail}.', en: 'Unreadable data: {detail}.' },
  'fed.not_a_stix_object': {
    fr: 'Objet STIX attendu (propriétés type et id).',
    en: 'STIX object expected (type and id properties).',
  },

  // Closed reason codes (nacks and verification failures), as shown to operators.
  'fed.reason.outside_agreement': {
    fr: 'Refusé : hors du périmètre de l’accord.',
    en: 'Refused: outside the agreement.',
  },
  'fed.reason.invalid_object': {
    fr: 'Refusé : objet STIX invalide.',
    en: 'Refused: invalid STIX object.',
  },
  'fed.reason.bad_signature': {
    fr: 'Rejeté : signature invalide (falsifiée ou altérée).',
    en: 'Rejected: invalid signature (forged or tampered).',
  },
  'fed.reason.unknown_key': {
    fr: 'Rejeté : clé de signature inconnue.',
    en: 'Rejected: unknown signing key.',
  },
  'fed.reason.revoked_key': {
    fr: 'Rejeté : clé de signature révoquée.',
    en: 'Rejected: revoked signing key.',
  },
  'fed.reason.key_not_valid': {
    fr: 'Rejeté : clé pas encore valide ou expirée à la date de signature.',
    en: 'Rejected: key not yet valid or expired at signing time.',
  },
  'fed.reason.wrong_stream': {
    fr: 'Rejeté : l’enveloppe appartient à un autre flux.',
    en: 'Rejected: the envelope belongs to another stream.',
  },
  'fed.reason.replay': {
    fr: 'Déjà reçu : rejoué, non réappliqué.',
    en: 'Already received: replayed, not applied again.',
  },
  'fed.reason.stale_epoch': {
    fr: 'Rejeté : époque périmée.',
    en: 'Rejected: stale epoch.',
  },
  'fed.reason.malformed': { fr: 'Rejeté : message mal formé.', en: 'Rejected: malformed message.' },
  'fed.reason.too_large': { fr: 'Rejeté : message trop volumineux.', en: 'Rejected: message too large.' },
  'fed.reason.unsupported_version': {
    fr: 'Rejeté : version de protocole non prise en charge.',
    en: 'Rejected: unsupported protocol version.',
  },
  'fed.reason.wrong_receiver': {
    fr: 'Rejeté : destiné à un autre nœud.',
    en: 'Rejected: addressed to another node.',
  },
  'fed.reason.decrypt_failed': {
    fr: 'Rejeté : déchiffrement impossible (mauvaise clé ou données altérées).',
    en: 'Rejected: cannot decrypt (wrong key or altered data).',
  },
});
