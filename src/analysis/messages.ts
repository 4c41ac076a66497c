/** Messages of correlation (src/analysis/): explanations of links and alerts, errors. French and English. */
import { defineMessages } from '../i18n/i18n.ts';

export const analysisMessages = defineMessages({
  'analysis.explain.duplicate': {
    fr: 'Écart de {hours} h et {km} km ; types {type_a} / {type_b} ; tués {fat_a} / {fat_b}',
    en: '{hours} h and {km} km apart; types {type_a} / {type_b}; killed {fat_a} / {fat_b}',
  },
  'analysis.explain.duplicate_area': {
    fr: 'Écart de {hours} h, même zone ({admin1}, distance inconnue) ; types {type_a} / {type_b} ; tués {fat_a} / {fat_b}',
    en: '{hours} h apart, same area ({admin1}, distance unknown); types {type_a} / {type_b}; killed {fat_a} / {fat_b}',
  },
  'analysis.explain.cross_border': {
    fr: 'Même acteur ({actor}) en {country_a} et en {country_b}, à {km} km et {days} j d’intervalle',
    en: 'Same actor ({actor}) in {country_a} and in {country_b}, {km} km and {days} days apart',
  },
  'analysis.explain.arms': {
    fr: 'Même {identifier} : {label}',
    en: 'Same {identifier}: {label}',
  },
  'analysis.identifier.serial': { fr: 'numéro de série', en: 'serial number' },
  'analysis.identifier.marks_lot': {
    fr: 'marquage fabricant et lot/année',
    en: 'manufacturer marks and lot/year',
  },
  'analysis.identifier.headstamp': { fr: 'marquage de culot', en: 'headstamp' },
  'analysis.alert.cross_border_title': {
    fr: 'Schéma transfrontalier : {actor} ({country_a}–{country_b})',
    en: 'Cross-border pattern: {actor} ({country_a}–{country_b})',
  },
  'analysis.alert.cross_border_explanation': {
    fr: '{count} incidents attribués à {actor} de part et d’autre de la frontière {country_a}–{country_b} en {days} j, au plus à {km} km les uns des autres',
    en: '{count} incidents attributed to {actor} on both sides of the {country_a}–{country_b} border within {days} days, at most {km} km apart',
  },
  'analysis.alert.arms_title': {
    fr: 'Traçage d’armes : {identifier} {label} vu {count} fois',
    en: 'Arms tracing: {identifier} {label} seen {count} times',
  },
  'analysis.alert.arms_explanation': {
    fr: 'Même {identifier} ({label}) signalé par {sources} sources : {chain}',
    en: 'Same {identifier} ({label}) reported by {sources} sources: {chain}',
  },
  'analysis.link_not_found': {
    fr: 'Aucun lien de corrélation {kind} entre {a} et {b}.',
    en: 'No {kind} correlation link between {a} and {b}.',
  },
  'analysis.invalid_decision': {
    fr: 'La décision sur le lien est invalide.',
    en: 'The decision on the link is invalid.',
  },
  'analysis.bad_decision': {
    fr: 'Décision attendue : « confirm » ou « reject ».',
    en: 'Decision expected: "confirm" or "reject".',
  },
  'analysis.bad_kind': {
    fr: 'Type de lien inconnu : {value} (duplicate, cross-border ou arms).',
    en: 'Unknown link kind: {value} (duplicate, cross-border or arms).',
  },
  'analysis.bad_id': {
    fr: 'Identifiant STIX attendu (type--uuid).',
    en: 'A STIX id (type--uuid) is expected.',
  },
  'analysis.bad_limit': {
    fr: 'limit doit être un entier entre 1 et {max}.',
    en: 'limit must be an integer from 1 to {max}.',
  },
  'analysis.forbidden': {
    fr: 'Permission requise : {permission}.',
    en: 'Permission required: {permission}.',
  },
  'analysis.bad_link_id': {
    fr: 'Identifiant de lien attendu sous la forme type:id-a:id-b (par exemple duplicate:incident--…:incident--…), reçu « {value} ».',
    en: 'A link id of the form kind:id-a:id-b is expected (e.g. duplicate:incident--…:incident--…), got "{value}".',
  },
  'analysis.bad_status': {
    fr: 'Statut inconnu : {value} (open, confirmed ou rejected).',
    en: 'Unknown status: {value} (open, confirmed or rejected).',
  },
  'analysis.bad_min_score': {
    fr: 'Le score minimal doit être un nombre entre 0 et 1.',
    en: 'The minimum score must be a number from 0 to 1.',
  },
  'analysis.bad_offset': {
    fr: 'offset doit être un entier positif ou nul.',
    en: 'offset must be a non-negative integer.',
  },
  'analysis.bad_reason': {
    fr: 'Le motif doit être un texte non vide d’au plus {max} caractères.',
    en: 'The reason must be a non-empty text of at most {max} characters.',
  },
  'analysis.bad_since': {
    fr: 'Date attendue (AAAA-MM-JJ ou horodatage ISO 8601), reçu « {value} ».',
    en: 'A date is expected (YYYY-MM-DD or an ISO 8601 timestamp), got "{value}".',
  },
  'analysis.resume_with_since': {
    fr: '--resume reprend là où la reconstruction s’est arrêtée : ne pas le combiner avec --since.',
    en: '--resume continues where the rebuild stopped: do not combine it with --since.',
  },
  'analysis.invalid_filter': {
    fr: 'Le filtre des liens est invalide.',
    en: 'The link filter is invalid.',
  },
  'analysis.invalid_rebuild': {
    fr: 'Les options de reconstruction sont invalides.',
    en: 'The rebuild options are invalid.',
  },
  'analysis.cli.kind.duplicate': { fr: 'doublon possible', en: 'possible duplicate' },
  'analysis.cli.kind.cross-border': { fr: 'transfrontalier', en: 'cross-border' },
  'analysis.cli.kind.arms': { fr: 'traçage d’armes', en: 'arms tracing' },
  'analysis.cli.status.open': { fr: 'ouvert', en: 'open' },
  'analysis.cli.status.confirmed': { fr: 'confirmé', en: 'confirmed' },
  'analysis.cli.status.rejected': { fr: 'rejeté', en: 'rejected' },
  'analysis.cli.col.score': { fr: 'score', en: 'score' },
  'analysis.cli.col.status': { fr: 'statut', en: 'status' },
  'analysis.cli.col.kind': { fr: 'type', en: 'kind' },
  'analysis.cli.col.records': { fr: 'signalements', en: 'reports' },
  'analysis.cli.count': {
    fr: '{count} lien(s). Confirmer ou rejeter : sentinelle correlation confirm|reject <lien>',
    en: '{count} link(s). To confirm or reject: sentinelle correlation confirm|reject <link>',
  },
  'analysis.cli.decided': {
    fr: 'Lien {link} : {status}.',
    en: 'Link {link}: {status}.',
  },
  'analysis.cli.relationship': {
    fr: 'Relation STIX duplicate-of enregistrée : {id}',
    en: 'STIX duplicate-of relationship recorded: {id}',
  },
  'analysis.cli.rebuild_progress': {
    fr: 'Corrélation : {done} / {total} positions du flux de changements rejouées',
    en: 'Correlation: {done} / {total} change-feed positions replayed',
  },
  'analysis.cli.rebuilt': {
    fr: 'Corrélation reconstruite (positions {from} → {to}) en {seconds} s : {indexed} incident(s) indexé(s), {removed} retiré(s), {links} lien(s) proposé(s), {alerts} alerte(s) levée(s) ou mise(s) à jour, {truncated} hors budget.',
    en: 'Correlation rebuilt (positions {from} → {to}) in {seconds} s: {indexed} incident(s) indexed, {removed} removed, {links} link(s) proposed, {alerts} alert(s) raised or updated, {truncated} over budget.',
  },
});
