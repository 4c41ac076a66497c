import { defineMessages } from '../i18n/i18n.ts';

/** Messages of interoperability formats (interop.*): MISP, CoT, GIS exports, their CLI commands. */
export const interopMessages = defineMessages({
  'interop.misp.not_misp': {
    fr: 'Document MISP non reconnu : attendu {"Event": …}, {"response": [...]} ou une liste d’événements',
    en: 'Unrecognised MISP document: expected {"Event": …}, {"response": [...]} or a list of events',
  },
  'interop.misp.event_rejected': { fr: 'Événement MISP rejeté', en: 'MISP event rejected' },
  'interop.misp.not_event': {
    fr: 'Un événement MISP (objet JSON) est attendu',
    en: 'A MISP event (JSON object) is expected',
  },
  'interop.misp.bad_uuid': { fr: 'UUID invalide ({value})', en: 'Invalid UUID ({value})' },
  'interop.misp.required': { fr: '« {field} » est obligatoire', en: '"{field}" is required' },
  'interop.misp.bad_date': {
    fr: 'Date AAAA-MM-JJ invalide ({value})',
    en: 'Invalid YYYY-MM-DD date ({value})',
  },
  'interop.misp.bad_enum': {
    fr: '« {field} » vaut {value} ; valeurs admises : {values}',
    en: '"{field}" is {value}; allowed values: {values}',
  },
  'interop.misp.bad_timestamp': {
    fr: 'Horodatage MISP invalide (secondes Unix attendues)',
    en: 'Invalid MISP timestamp (Unix seconds expected)',
  },
  'interop.misp.sharing_group': {
    fr: 'Groupe de partage MISP non repris : la diffusion est décidée par les accords de partage (plancher TLP:AMBER)',
    en: 'MISP sharing group not carried over: sharing agreements decide distribution (TLP:AMBER floor)',
  },
  'interop.misp.section_not_mapped': {
    fr: 'Section MISP « {section} » non reprise (pas d’équivalent stocké)',
    en: 'MISP section "{section}" not mapped (no stored equivalent)',
  },
  'interop.misp.bad_tag': { fr: 'Étiquette MISP sans nom', en: 'MISP tag without a name' },
  'interop.misp.malformed_attribute': {
    fr: 'Attribut MISP mal formé (type et value requis)',
    en: 'Malformed MISP attribute (type and value required)',
  },
  'interop.misp.deleted': {
    fr: 'Attribut supprimé dans MISP : ignoré',
    en: 'Attribute deleted in MISP: skipped',
  },
  'interop.misp.bad_value': {
    fr: 'Valeur invalide pour le type {type} ({value})',
    en: 'Invalid value for type {type} ({value})',
  },
  'interop.misp.unsupported_type': {
    fr: 'Type d’attribut MISP « {type} » sans équivalent STIX stockable',
    en: 'MISP attribute type "{type}" has no storable STIX equivalent',
  },
  'interop.misp.malformed_galaxy': { fr: 'Galaxie MISP mal formée', en: 'Malformed MISP galaxy' },
  'interop.misp.galaxy_not_mapped': {
    fr: 'Galaxie MISP « {type} » non reprise (seules les galaxies d’acteurs le sont)',
    en: 'MISP galaxy "{type}" not mapped (only actor galaxies are)',
  },
  'interop.misp.malformed_object': {
    fr: 'Objet MISP mal formé (name requis)',
    en: 'Malformed MISP object (name required)',
  },
  'interop.misp.bad_incident': {
    fr: 'Objet sentinelle-incident invalide ({reason})',
    en: 'Invalid sentinelle-incident object ({reason})',
  },
  'interop.misp.incident_field_missing': {
    fr: 'Objet sentinelle-incident : « {field} » manquant',
    en: 'sentinelle-incident object: "{field}" missing',
  },
  'interop.misp.object_not_mapped': {
    fr: 'Objet MISP « {name} » : aucun attribut observable à reprendre',
    en: 'MISP object "{name}": no observable attribute to map',
  },
  'interop.misp.pattern_not_exported': {
    fr: 'Motif non exportable vers MISP ({value})',
    en: 'Pattern cannot be exported to MISP ({value})',
  },
  'interop.misp.type_not_exported': {
    fr: 'Objets de type {type} non exportés vers MISP',
    en: 'Objects of type {type} are not exported to MISP',
  },
  'interop.misp.reference_not_exported': {
    fr: 'Référence externe non exportée vers MISP',
    en: 'External reference not exported to MISP',
  },
  'interop.misp.store_rejected': {
    fr: 'Événement refusé par le stockage : rien n’en est enregistré',
    en: 'Event refused by the store: nothing of it is stored',
  },
  'interop.bad_format': {
    fr: 'Format inconnu « {format} » ; formats : {formats}',
    en: 'Unknown format "{format}"; formats: {formats}',
  },
  'interop.cot.unauthenticated': {
    fr: 'Jeton d’API manquant ou invalide : connexion CoT refusée',
    en: 'Missing or invalid API token: CoT connection refused',
  },
  'interop.cot.bad_port': {
    fr: 'Port CoT invalide : {value} (0 à 65535)',
    en: 'Invalid CoT port: {value} (0 to 65535)',
  },
  'interop.cli.misp_imported': {
    fr: 'MISP : {events} événement(s) importé(s), {rejected} rejeté(s), {unmapped} élément(s) non repris',
    en: 'MISP: {events} event(s) imported, {rejected} rejected, {unmapped} item(s) not mapped',
  },
  'interop.cli.acled_imported': {
    fr: 'ACLED : {rows} lignes lues, {incidents} incidents, {skipped} lignes ignorées',
    en: 'ACLED: {rows} rows read, {incidents} incidents, {skipped} rows skipped',
  },
  'interop.cli.rejected_object': {
    fr: 'Objet refusé par le stockage : {id} ({reason})',
    en: 'Object refused by the store: {id} ({reason})',
  },
  'interop.cli.exported': {
    fr: 'Export {format} écrit dans {file}',
    en: '{format} export written to {file}',
  },
  'interop.cli.unmapped': {
    fr: 'Non repris : {path} — {reason}',
    en: 'Not mapped: {path} — {reason}',
  },
  'interop.cli.progress': { fr: '{done} objets enregistrés…', en: '{done} objects stored…' },
  'interop.cli.cot_listening': {
    fr: 'Flux CoT (TAK) en écoute sur {address}',
    en: 'CoT (TAK) stream listening on {address}',
  },
});
