/** Validation messages of the operations types (FR/EN), registered wherever the rules are loaded. */
import { defineMessages } from '../../i18n/i18n.ts';

export const operationsValidationMessages = defineMessages({
  'operations.geometry_type': {
    fr: 'Géométrie GeoJSON attendue parmi : {types}.',
    en: 'A GeoJSON geometry of one of these types is expected: {types}.',
  },
  'operations.invalid_position': {
    fr: 'Position invalide : [longitude, latitude] en degrés attendue.',
    en: 'Invalid position: [longitude, latitude] in degrees expected.',
  },
  'operations.too_few_points': {
    fr: 'Au moins {min} positions sont nécessaires.',
    en: 'At least {min} positions are needed.',
  },
  'operations.too_many_points': {
    fr: 'Au plus {max} positions sont admises.',
    en: 'At most {max} positions are allowed.',
  },
  'operations.ring_not_closed': {
    fr: 'Le contour doit se refermer : la dernière position doit égaler la première.',
    en: 'The ring must be closed: its last position must equal its first.',
  },
  'operations.empty_polygon': {
    fr: 'Le polygone est vide (surface nulle).',
    en: 'The polygon is empty (zero area).',
  },
  'operations.self_intersection': {
    fr: 'Le contour se recoupe lui-même (à partir du côté n° {edge}).',
    en: 'The ring crosses itself (from edge number {edge}).',
  },
  'operations.invalid_country': {
    fr: 'Pays inconnu : {value} (code ISO 3166-1 alpha-3 attendu).',
    en: 'Unknown country: {value} (ISO 3166-1 alpha-3 code expected).',
  },
  'operations.invalid_day': {
    fr: 'Date attendue au format AAAA-MM-JJ.',
    en: 'A date as YYYY-MM-DD is expected.',
  },
  'operations.end_before_start': {
    fr: '{property} doit être postérieur à {other}.',
    en: '{property} must be later than {other}.',
  },
  'operations.unit_state_not_participating': {
    fr: "L'unité relève de {value}, qui ne participe pas à l'opération.",
    en: 'The unit belongs to {value}, which does not take part in the operation.',
  },
});
