/**
 * Messages of the record repository (src/store/records*.ts), in French and English. They reach a
 * person when a caller passes a bad cursor, limit, filter or timestamp through the API.
 */
import { defineMessages } from '../i18n/i18n.ts';

export const RECORD_STORE_MESSAGES = defineMessages({
  'store.cursor_invalid': {
    fr: "Le curseur de pagination est invalide ou ne correspond pas à l'ordre demandé.",
    en: 'The pagination cursor is invalid or does not match the requested order.',
  },
  'store.limit_invalid': {
    fr: 'La taille de page doit être un entier entre 1 et {max}.',
    en: 'The page size must be an integer between 1 and {max}.',
  },
  'store.filter_invalid': {
    fr: 'Le critère de recherche {field} est invalide.',
    en: 'Search criterion {field} is invalid.',
  },
  'store.id_invalid': {
    fr: "L'objet n'a pas d'identifiant STIX utilisable.",
    en: 'The object has no usable STIX identifier.',
  },
  'store.timestamp_invalid': {
    fr: "L'horodatage {value} n'est pas au format RFC 3339.",
    en: 'Timestamp {value} is not in RFC 3339 format.',
  },
});
