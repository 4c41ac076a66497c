import { defineMessages } from '../i18n/i18n.ts';

export const recordMessages = defineMessages({
  'records.invalid': { fr: "L'objet STIX est invalide.", en: 'The STIX object is invalid.' },
  'records.bundle_invalid': { fr: 'Le lot STIX est invalide.', en: 'The STIX bundle is invalid.' },
  'records.not_object': { fr: 'Un objet JSON est attendu.', en: 'A JSON object is expected.' },
  'records.not_found': { fr: "L'objet {id} n'existe pas.", en: 'Object {id} does not exist.' },
  'records.version_not_found': {
    fr: "La version {modified} de l'objet {id} n'existe pas.",
    en: 'Version {modified} of object {id} does not exist.',
  },
  'records.exists': {
    fr: "L'objet {id} existe déjà : envoyez une nouvelle version avec PUT.",
    en: 'Object {id} already exists: send a new version with PUT.',
  },
  'records.idempotency_key_reused': {
    fr: "Cette clé d'idempotence (en-tête Idempotency-Key) a déjà servi à créer l'objet {id} avec un autre contenu : utilisez une nouvelle clé pour un nouvel objet.",
    en: 'This idempotency key (Idempotency-Key header) already created object {id} with another body: use a new key for a new object.',
  },
  'records.idempotency_key_race': {
    fr: "Une autre requête avec la même clé d'idempotence (en-tête Idempotency-Key) est en cours : réessayez.",
    en: 'Another request with the same idempotency key (Idempotency-Key header) is in progress: try again.',
  },
  'records.id_mismatch': {
    fr: "L'identifiant du corps ({value}) ne correspond pas à celui de l'adresse ({id}).",
    en: 'The id in the body ({value}) does not match the one in the path ({id}).',
  },
  'records.type_changed': {
    fr: "Le type d'un objet ne peut pas changer (actuel : {expected}).",
    en: "An object's type cannot change (current: {expected}).",
  },
  'records.created_changed': {
    fr: 'La date de création ne peut pas changer (actuelle : {expected}).',
    en: 'The creation time cannot change (current: {expected}).',
  },
  'records.modified_not_later': {
    fr: 'modified ({value}) doit être postérieur à la version enregistrée ({current}).',
    en: 'modified ({value}) must be later than the stored version ({current}).',
  },
  'records.revoked': {
    fr: "L'objet {id} est révoqué : il ne peut plus être modifié.",
    en: 'Object {id} is revoked: it can no longer be changed.',
  },
  'records.received_read_only': {
    fr: "L'objet {id} a été reçu d'un partenaire : il est en lecture seule sur ce nœud.",
    en: 'Object {id} was received from a partner: it is read-only on this node.',
  },
  'records.unknown_marking': {
    fr: 'Le marquage {ref} est inconnu de ce nœud.',
    en: 'Marking {ref} is unknown to this node.',
  },
  'records.type_not_allowed': {
    fr: 'Votre rôle ne permet pas de créer un objet {type}.',
    en: 'Your role does not allow creating a {type} object.',
  },
  'records.version_conflict': {
    fr: "Une autre version de {id} porte déjà la date modified {modified} avec un contenu différent.",
    en: 'Another version of {id} already has modified {modified} with different content.',
  },
  'records.forbidden': {
    fr: "Votre rôle ne permet pas cette action ({permission}).",
    en: 'Your role does not allow this action ({permission}).',
  },
  'records.bad_filter': {
    fr: 'Filtre invalide : {reason}.',
    en: 'Invalid filter: {reason}.',
  },
  'records.bad_cursor': { fr: 'Curseur de pagination invalide.', en: 'Invalid pagination cursor.' },
});
