/** Messages of the cooperation ledger (service, validation rules, CSV import, CLI), in French and English. */
import { defineMessages } from '../i18n/i18n.ts';

export const cooperationMessages = defineMessages({
  'cooperation.invalid': {
    fr: 'Saisie du registre de coopération invalide.',
    en: 'Invalid cooperation ledger entry.',
  },
  'cooperation.bad_node_id': {
    fr: 'Identifiant de nœud invalide : {value} (UUID attendu).',
    en: 'Invalid node id: {value} (a UUID is expected).',
  },
  'cooperation.two_parties': {
    fr: 'Un programme réunit au moins deux partenaires.',
    en: 'A programme has at least two parties.',
  },
  'cooperation.unit_not_party': {
    fr: "L'unité appartient à un nœud qui n'est pas partie au programme : {value}.",
    en: 'The unit belongs to a node that is not a party to the programme: {value}.',
  },
  'cooperation.duplicate_unit': {
    fr: 'Code d’unité en double : {value}.',
    en: 'Duplicate unit code: {value}.',
  },
  'cooperation.start_required': {
    fr: 'Une activité « {status} » doit avoir une date de début.',
    en: 'An activity that is "{status}" must have a start date.',
  },
  'cooperation.end_required': {
    fr: 'Une activité achevée doit avoir une date de fin.',
    en: 'A completed activity must have an end date.',
  },
  'cooperation.results_exceed_count': {
    fr: 'Reçus et échecs dépassent le nombre de stagiaires ({count}).',
    en: 'Passed and failed exceed the number of trainees ({count}).',
  },
  'cooperation.serials_count': {
    fr: '{count} numéros de série pour une quantité de {quantity}.',
    en: '{count} serial numbers for a quantity of {quantity}.',
  },
  'cooperation.duplicate_serial': {
    fr: 'Numéro de série en double : {value} (déjà en {other}).',
    en: 'Duplicate serial number: {value} (already at {other}).',
  },
  'cooperation.serial_in_use': {
    fr: 'Le numéro de série {value} figure déjà dans la livraison {other}.',
    en: 'Serial number {value} is already in delivery {other}.',
  },
  'cooperation.programme_not_found': {
    fr: 'Programme introuvable : {id}.',
    en: 'Programme not found: {id}.',
  },
  'cooperation.not_party': {
    fr: "Le nœud {value} n'est pas partie au programme.",
    en: 'Node {value} is not a party to the programme.',
  },
  'cooperation.unknown_unit': {
    fr: 'Unité inconnue : {value} (le programme ne la déclare pas pour le nœud destinataire).',
    en: 'Unknown unit: {value} (the programme does not declare it for the receiving node).',
  },
  'cooperation.activity_not_found': { fr: 'Activité introuvable : {id}.', en: 'Activity not found: {id}.' },
  'cooperation.delivery_not_found': { fr: 'Livraison introuvable : {id}.', en: 'Delivery not found: {id}.' },
  'cooperation.bad_transition': {
    fr: 'Passage de « {from} » à « {to} » interdit (proposée → planifiée → en cours → achevée, ou annulée).',
    en: 'Cannot go from "{from}" to "{to}" (proposed → planned → ongoing → completed, or cancelled).',
  },
  'cooperation.not_receiver': {
    fr: "Ce nœud n'est pas le destinataire de la livraison : seul le destinataire signe l'accusé de réception.",
    en: 'This node is not the receiver of the delivery: only the receiver signs the proof of receipt.',
  },
  'cooperation.not_provider': {
    fr: "Ce nœud n'est pas le fournisseur de cette livraison.",
    en: 'This node is not the provider of this delivery.',
  },
  'cooperation.delivery_cancelled': { fr: 'Livraison annulée : {id}.', en: 'Delivery cancelled: {id}.' },
  'cooperation.already_received': {
    fr: 'Réception déjà attestée pour la livraison {id}.',
    en: 'Receipt already recorded for delivery {id}.',
  },
  'cooperation.serial_not_delivered': {
    fr: 'Le numéro de série {value} ne fait pas partie de la livraison.',
    en: 'Serial number {value} is not part of the delivery.',
  },
  'cooperation.bad_date': {
    fr: 'Date invalide : {value} (AAAA-MM-JJ attendu).',
    en: 'Invalid date: {value} (YYYY-MM-DD expected).',
  },
  'cooperation.bad_period': {
    fr: 'Période invalide : « to » précède « from ».',
    en: 'Invalid period: "to" precedes "from".',
  },
  'cooperation.peer_not_found': { fr: 'Partenaire inconnu : {id}.', en: 'Unknown partner: {id}.' },
  'cooperation.bad_format': {
    fr: 'Format inconnu : {value} (csv ou html).',
    en: 'Unknown format: {value} (csv or html).',
  },
  'cooperation.csv_invalid': {
    fr: 'Fichier CSV illisible : {reason}.',
    en: 'Unreadable CSV file: {reason}.',
  },
  'cooperation.csv_missing_column': { fr: 'Colonne manquante : {column}.', en: 'Missing column: {column}.' },
  'cooperation.csv_bad_number': { fr: 'Nombre invalide : {value}.', en: 'Invalid number: {value}.' },
  'cooperation.csv_required': { fr: 'Valeur obligatoire manquante.', en: 'Required value missing.' },
  'cooperation.csv_bad_value': {
    fr: 'Valeur inconnue : {value} (attendu : {values}).',
    en: 'Unknown value: {value} (expected: {values}).',
  },
  'cooperation.csv_duplicate_serial': {
    fr: 'Numéro de série {value} déjà présent ligne {line}.',
    en: 'Serial number {value} already on line {line}.',
  },
  'cooperation.import_done': {
    fr: '{accepted} ligne(s) importée(s), {refused} refusée(s).',
    en: '{accepted} row(s) imported, {refused} refused.',
  },
  'cooperation.import_refused': {
    fr: 'Ligne {line}, champ {field} : {message}',
    en: 'Line {line}, field {field}: {message}',
  },
  'cooperation.report_written': { fr: 'Rapport écrit : {file}', en: 'Report written: {file}' },
  'cooperation.alert_title': {
    fr: 'Matériel déclaré {status} revu : {serial}',
    en: 'Equipment reported {status} seen again: {serial}',
  },
  'cooperation.alert_explanation': {
    fr: 'Le numéro de série {serial}, déclaré {status} le {date} (livraison {delivery}), figure dans {record}.',
    en: 'Serial number {serial}, reported {status} on {date} (delivery {delivery}), appears in {record}.',
  },
});
