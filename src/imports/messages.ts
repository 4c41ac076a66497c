import { defineMessages } from '../i18n/i18n.ts';

/** Messages of the importers (import.*). Row issues carry {line}, {field} and often {value}. */
export const importMessages = defineMessages({
  'import.csv.empty': {
    fr: 'Fichier CSV vide (pas de ligne d’en-tête)',
    en: 'Empty CSV file (no header line)',
  },
  'import.csv.duplicate_column': {
    fr: 'Colonne « {column} » présente plusieurs fois dans l’en-tête',
    en: 'Column "{column}" appears more than once in the header',
  },
  'import.csv.unclosed_quote': {
    fr: 'Guillemet ouvert ligne {line} jamais refermé avant la fin du fichier',
    en: 'Quote opened on line {line} is never closed before the end of the file',
  },
  'import.csv.bad_quote': {
    fr: 'Ligne {line} : guillemet mal placé (RFC 4180 : un champ contenant des guillemets doit être entre guillemets)',
    en: 'Line {line}: misplaced quote (RFC 4180: a field containing quotes must be quoted)',
  },
  'import.csv.field_count': {
    fr: 'Ligne {line} : {count} champs au lieu de {expected}',
    en: 'Line {line}: {count} fields instead of {expected}',
  },
  'import.missing_columns': {
    fr: 'Colonnes obligatoires absentes : {columns}',
    en: 'Required columns missing: {columns}',
  },
  'import.missing_column': {
    fr: 'Colonne obligatoire absente : {column}',
    en: 'Required column missing: {column}',
  },
  'import.required': { fr: 'Ligne {line} : « {field} » est vide', en: 'Line {line}: "{field}" is empty' },
  'import.bad_date': {
    fr: 'Ligne {line} : « {field} » n’est pas une date AAAA-MM-JJ valide ({value})',
    en: 'Line {line}: "{field}" is not a valid YYYY-MM-DD date ({value})',
  },
  'import.bad_date_order': {
    fr: 'Ligne {line} : date de fin antérieure à la date de début',
    en: 'Line {line}: end date before start date',
  },
  'import.bad_latitude': {
    fr: 'Ligne {line} : latitude invalide ou hors de [-90, 90] ({value})',
    en: 'Line {line}: latitude invalid or outside [-90, 90] ({value})',
  },
  'import.bad_longitude': {
    fr: 'Ligne {line} : longitude invalide ou hors de [-180, 180] ({value})',
    en: 'Line {line}: longitude invalid or outside [-180, 180] ({value})',
  },
  'import.bad_count': {
    fr: 'Ligne {line} : « {field} » doit être un entier positif ou nul ({value})',
    en: 'Line {line}: "{field}" must be a non-negative integer ({value})',
  },
  'import.unknown_country': {
    fr: 'Ligne {line} : pays inconnu « {value} »',
    en: 'Line {line}: unknown country "{value}"',
  },
  'import.ucdp.bad_type_of_violence': {
    fr: 'Ligne {line} : type_of_violence doit valoir 1, 2 ou 3 ({value})',
    en: 'Line {line}: type_of_violence must be 1, 2 or 3 ({value})',
  },
  'import.ucdp.bad_precision': {
    fr: 'Ligne {line} : « {field} » hors de l’échelle du codebook UCDP ({value})',
    en: 'Line {line}: "{field}" outside the UCDP codebook scale ({value})',
  },
  'import.ucdp.duplicate_id': {
    fr: 'Ligne {line} : identifiant GED {value} déjà vu dans ce fichier',
    en: 'Line {line}: GED id {value} already seen in this file',
  },
  'import.acled.bad_precision': {
    fr: 'Ligne {line} : « {field} » doit valoir 1, 2 ou 3 (codebook ACLED) ({value})',
    en: 'Line {line}: "{field}" must be 1, 2 or 3 (ACLED codebook) ({value})',
  },
  'import.acled.bad_inter': {
    fr: 'Ligne {line} : « {field} » n’est pas un code d’acteur ACLED (0–8 ou libellé) ({value})',
    en: 'Line {line}: "{field}" is not an ACLED actor code (0–8 or label) ({value})',
  },
  'import.acled.bad_timestamp': {
    fr: 'Ligne {line} : « {field} » doit être un horodatage Unix en secondes ({value})',
    en: 'Line {line}: "{field}" must be a Unix timestamp in seconds ({value})',
  },
  'import.acled.unknown_event_type': {
    fr: 'Ligne {line} : type d’événement ACLED inconnu « {value} »',
    en: 'Line {line}: unknown ACLED event type "{value}"',
  },
  'import.acled.duplicate_id': {
    fr: 'Ligne {line} : identifiant ACLED {value} déjà vu dans ce fichier',
    en: 'Line {line}: ACLED id {value} already seen in this file',
  },
  'import.bad_timestamp': {
    fr: 'Horodatage d’import invalide : {value}',
    en: 'Invalid import timestamp: {value}',
  },
});
