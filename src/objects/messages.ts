/**
 * Every message the objects module can emit, in French and English. Codes are stable: peers and
 * clients match on them; the texts may improve.
 */
import { defineMessages } from '../i18n/i18n.ts';

export const OBJECT_MESSAGES = defineMessages({
  'stix.not_object': {
    fr: 'Un objet JSON est attendu.',
    en: 'A JSON object is expected.',
  },
  'stix.required': {
    fr: 'La propriété {property} est obligatoire pour un objet {type}.',
    en: 'Property {property} is required for a {type} object.',
  },
  'stix.forbidden': {
    fr: "La propriété {property} n'est pas applicable à un objet {type}.",
    en: 'Property {property} does not apply to a {type} object.',
  },
  'stix.unknown_property': {
    fr: "La propriété {property} n'est pas définie pour un objet {type} ; une propriété personnalisée exige une extension toplevel-property-extension.",
    en: 'Property {property} is not defined for a {type} object; a custom property requires a toplevel-property-extension.',
  },
  'stix.unknown_field': {
    fr: "La propriété {property} n'est pas définie pour {type}.",
    en: 'Property {property} is not defined for {type}.',
  },
  'stix.unsupported_type': {
    fr: "Le type d'objet {type} n'est pas pris en charge par ce nœud.",
    en: 'Object type {type} is not supported by this node.',
  },
  'stix.invalid_type_name': {
    fr: "Le type {value} n'est pas un nom de type STIX valide.",
    en: 'Type {value} is not a valid STIX type name.',
  },
  'stix.invalid_id': {
    fr: "L'identifiant {value} n'est pas de la forme type--UUID (UUID version 4 ou 5, en minuscules).",
    en: 'Identifier {value} is not of the form type--UUID (UUID version 4 or 5, lower case).',
  },
  'stix.id_type_mismatch': {
    fr: "L'identifiant doit commencer par « {expected}-- ».",
    en: 'The identifier must start with "{expected}--".',
  },
  'stix.invalid_spec_version': {
    fr: 'La version de spécification doit être « 2.1 ».',
    en: 'The spec version must be "2.1".',
  },
  'stix.invalid_timestamp': {
    fr: "{value} n'est pas un horodatage RFC 3339 en UTC (par exemple 2024-05-12T08:30:00.000Z).",
    en: '{value} is not an RFC 3339 UTC timestamp (for example 2024-05-12T08:30:00.000Z).',
  },
  'stix.must_not_precede': {
    fr: 'La propriété {property} ne peut pas être antérieure à {other}.',
    en: 'Property {property} cannot be earlier than {other}.',
  },
  'stix.must_follow': {
    fr: 'La propriété {property} doit être postérieure à {other}.',
    en: 'Property {property} must be later than {other}.',
  },
  'stix.expected_string': {
    fr: 'Une chaîne de caractères est attendue.',
    en: 'A string is expected.',
  },
  'stix.expected_boolean': {
    fr: 'Un booléen (true ou false) est attendu.',
    en: 'A boolean (true or false) is expected.',
  },
  'stix.expected_integer': {
    fr: 'Un nombre entier est attendu.',
    en: 'An integer is expected.',
  },
  'stix.expected_number': {
    fr: 'Un nombre est attendu.',
    en: 'A number is expected.',
  },
  'stix.expected_list': {
    fr: 'Une liste est attendue.',
    en: 'A list is expected.',
  },
  'stix.expected_object': {
    fr: 'Un objet JSON est attendu à cet endroit.',
    en: 'A JSON object is expected here.',
  },
  'stix.empty_string': {
    fr: 'La valeur ne peut pas être vide.',
    en: 'The value cannot be empty.',
  },
  'stix.empty_list': {
    fr: 'Une liste STIX ne peut pas être vide.',
    en: 'A STIX list cannot be empty.',
  },
  'stix.empty_dictionary': {
    fr: 'Un dictionnaire STIX doit contenir au moins une entrée.',
    en: 'A STIX dictionary must contain at least one entry.',
  },
  'stix.too_long': {
    fr: 'Le texte dépasse la longueur maximale de {max} caractères.',
    en: 'The text exceeds the maximum length of {max} characters.',
  },
  'stix.too_many_items': {
    fr: 'La liste dépasse le maximum de {max} éléments.',
    en: 'The list exceeds the maximum of {max} items.',
  },
  'stix.too_deep': {
    fr: "L'imbrication dépasse la profondeur maximale de {max} niveaux.",
    en: 'Nesting exceeds the maximum depth of {max} levels.',
  },
  'stix.out_of_range': {
    fr: 'La valeur doit être comprise entre {min} et {max}.',
    en: 'The value must be between {min} and {max}.',
  },
  'stix.invalid_ref': {
    fr: 'Une référence vers un objet de type {types} est attendue.',
    en: 'A reference to an object of type {types} is expected.',
  },
  'stix.invalid_vocab': {
    fr: "La valeur {value} n'est pas admise ; valeurs possibles : {values}.",
    en: 'Value {value} is not allowed; possible values: {values}.',
  },
  'stix.invalid_lang': {
    fr: "{value} n'est pas une étiquette de langue RFC 5646 (par exemple fr ou en).",
    en: '{value} is not an RFC 5646 language tag (for example fr or en).',
  },
  'stix.invalid_url': {
    fr: "{value} n'est pas une URL valide.",
    en: '{value} is not a valid URL.',
  },
  'stix.external_reference_incomplete': {
    fr: 'Une référence externe doit comporter, outre source_name, au moins description, url ou external_id.',
    en: 'An external reference needs, besides source_name, at least one of description, url or external_id.',
  },
  'stix.invalid_hash': {
    fr: "La valeur n'est pas une empreinte {algorithm} valide (chiffres hexadécimaux, longueur attendue {length}).",
    en: 'The value is not a valid {algorithm} hash (hexadecimal digits, expected length {length}).',
  },
  'stix.invalid_dictionary_key': {
    fr: 'La clé {key} est invalide : 1 à 250 caractères ASCII parmi lettres, chiffres, « - » et « _ ».',
    en: 'Key {key} is invalid: 1 to 250 ASCII letters, digits, "-" or "_".',
  },
  'stix.marking_ref_xor_lang': {
    fr: 'Un marquage granulaire doit comporter soit marking_ref, soit lang, mais pas les deux.',
    en: 'A granular marking must have either marking_ref or lang, not both.',
  },
  'stix.invalid_selector': {
    fr: "Le sélecteur {value} n'est pas une expression de sélection STIX valide.",
    en: 'Selector {value} is not a valid STIX selector.',
  },
  'stix.selector_not_found': {
    fr: "Le sélecteur {value} ne désigne aucune propriété présente dans l'objet.",
    en: 'Selector {value} does not refer to any property present in the object.',
  },
  'stix.invalid_extension_key': {
    fr: "La clé d'extension {key} doit être l'identifiant d'un objet extension-definition.",
    en: 'Extension key {key} must be the identifier of an extension-definition object.',
  },
  'stix.extension_not_applicable': {
    fr: "L'extension {key} ne s'applique pas à un objet {type}.",
    en: 'Extension {key} does not apply to a {type} object.',
  },
  'stix.invalid_property_name': {
    fr: 'Le nom de propriété {property} est invalide : 3 à 250 caractères parmi a–z, 0–9 et « _ ».',
    en: 'Property name {property} is invalid: 3 to 250 characters among a–z, 0–9 and "_".',
  },
  'stix.location_missing_place': {
    fr: 'Un lieu doit indiquer une région, un pays, ou une latitude et une longitude.',
    en: 'A location must give a region, a country, or a latitude and a longitude.',
  },
  'stix.properties_together': {
    fr: 'Les propriétés {a} et {b} doivent être présentes ensemble.',
    en: 'Properties {a} and {b} must be present together.',
  },
  'stix.requires': {
    fr: 'La propriété {property} exige la présence de {requires}.',
    en: 'Property {property} requires {requires} to be present.',
  },
  'stix.invalid_pattern': {
    fr: "Le motif de l'indicateur est mal formé : {reason}.",
    en: 'The indicator pattern is malformed: {reason}.',
  },
  'stix.invalid_relationship_type': {
    fr: 'Le type de relation ne doit contenir que des lettres minuscules a–z, des chiffres et des tirets.',
    en: 'The relationship type may only contain lower-case letters a–z, digits and hyphens.',
  },
  'stix.tlp_id_mismatch': {
    fr: "Le marquage TLP {tlp} doit porter l'identifiant publié par OASIS ({expected}).",
    en: 'The TLP {tlp} marking must carry the identifier published by OASIS ({expected}).',
  },
  'stix.extension_properties_not_allowed': {
    fr: "extension_properties n'est permis que si extension_types contient toplevel-property-extension.",
    en: 'extension_properties is only allowed when extension_types contains toplevel-property-extension.',
  },
  'stix.invalid_rel_to': {
    fr: 'Une déclaration de diffusion doit s’écrire exactement « REL TO » suivi de codes ISO 3166-1 alpha-3 triés, séparés par « , » (par exemple REL TO BFA, SEN).',
    en: 'A releasability statement must read exactly "REL TO" followed by sorted ISO 3166-1 alpha-3 codes separated by ", " (for example REL TO BFA, SEN).',
  },
  'stix.expected_bundle': {
    fr: 'Un bundle STIX (type « bundle ») est attendu.',
    en: 'A STIX bundle (type "bundle") is expected.',
  },
  'stix.too_many_issues': {
    fr: 'Trop de problèmes dans cette entrée ; les suivants ne sont pas listés.',
    en: 'Too many problems in this input; the rest are not listed.',
  },
  'incident_ext.invalid_subtype': {
    fr: "Le sous-type {value} n'existe pas pour le type d'événement {event_type} ; valeurs possibles : {values}.",
    en: 'Sub-type {value} does not exist for event type {event_type}; possible values: {values}.',
  },
  'incident_ext.invalid_country': {
    fr: "{value} n'est pas un code pays ISO 3166-1 alpha-3 attribué (par exemple BFA, MLI, NER, SEN).",
    en: '{value} is not an assigned ISO 3166-1 alpha-3 country code (for example BFA, MLI, NER, SEN).',
  },
  'marking.invalid_countries': {
    fr: 'Les codes pays {value} ne sont pas des codes ISO 3166-1 alpha-3 attribués.',
    en: 'Country codes {value} are not assigned ISO 3166-1 alpha-3 codes.',
  },
});
