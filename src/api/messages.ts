import { defineMessages } from '../i18n/i18n.ts';

export const apiMessages = defineMessages({
  'http.idempotency_key_invalid': {
    fr: "En-tête Idempotency-Key invalide : 1 à 100 caractères parmi A-Z, a-z, 0-9, « . », « _ », « : » et « - ».",
    en: 'Invalid Idempotency-Key header: 1 to 100 characters among A-Z, a-z, 0-9, ".", "_", ":" and "-".',
  },
  'http.malformed_json': { fr: "Le corps de la requête n'est pas du JSON valide.", en: 'The request body is not valid JSON.' },
  'http.too_large': {
    fr: 'Le corps de la requête dépasse la taille maximale ({limit} octets).',
    en: 'The request body exceeds the maximum size ({limit} bytes).',
  },
  'http.unsupported_media_type': {
    fr: 'Type de contenu non pris en charge : {type}.',
    en: 'Unsupported content type: {type}.',
  },
  'http.not_found': { fr: "Cette adresse n'existe pas : {method} {url}.", en: 'No such route: {method} {url}.' },
  'http.internal': {
    fr: "Erreur interne du nœud. L'incident est journalisé (réf. {ref}).",
    en: 'Internal node error. The incident is logged (ref. {ref}).',
  },
  'http.unauthenticated': { fr: 'Authentification requise.', en: 'Authentication required.' },
  'http.csrf': {
    fr: "Jeton anti-CSRF absent ou invalide (en-tête X-CSRF-Token).",
    en: 'Missing or invalid anti-CSRF token (X-CSRF-Token header).',
  },
  'http.unknown_property': { fr: 'Propriété inconnue : {property}.', en: 'Unknown property: {property}.' },
  'http.required': { fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
  'http.range': {
    fr: 'Valeur hors limites (min {min}, max {max}).',
    en: 'Value out of range (min {min}, max {max}).',
  },
  'http.type': { fr: 'Type attendu : {expected}.', en: 'Expected type: {expected}.' },
  'http.bad_query': { fr: 'Paramètre de requête invalide : {reason}.', en: 'Invalid query parameter: {reason}.' },
  'http.invalid': { fr: 'Requête invalide : voyez les champs en erreur.', en: 'Invalid request: see the fields in error.' },
  'http.title.invalid': { fr: 'Requête invalide', en: 'Invalid request' },
  'http.title.unauthenticated': { fr: 'Authentification requise', en: 'Authentication required' },
  'http.title.forbidden': { fr: 'Accès refusé', en: 'Access denied' },
  'http.title.not_found': { fr: 'Introuvable', en: 'Not found' },
  'http.title.conflict': { fr: 'Conflit de version', en: 'Version conflict' },
  'http.title.too_large': { fr: 'Requête trop volumineuse', en: 'Request too large' },
  'http.title.unsupported_media_type': { fr: 'Type de contenu non pris en charge', en: 'Unsupported media type' },
  'http.title.rate_limited': { fr: 'Trop de tentatives', en: 'Too many attempts' },
  'http.title.unavailable': { fr: 'Service indisponible', en: 'Service unavailable' },
});
