/**
 * Every text of the web application, in French (the partners' working language, the default)
 * and English. Labels of the event taxonomy and of countries come from the node's own tables
 * (src/objects/taxonomy.ts, src/objects/countries.ts) so both ends always agree.
 */
import { EVENT_SUBTYPES, EVENT_TYPE_LABELS, isEventType } from '../../objects/taxonomy.ts';
import { countryByAlpha3 } from '../../objects/countries.ts';
import { PARTNERS_MESSAGES } from './partners/messages.ts';
import { ANALYSIS_MESSAGES } from './analysis/messages.ts';
import { FORECAST_MESSAGES } from './analysis/forecast-messages.ts';
import { OPERATIONS_MESSAGES } from './operations/messages.ts';
import { COOPERATION_MESSAGES } from './cooperation/messages.ts';

export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

const CORE_MESSAGES = {
  'app.name': { fr: 'Sentinelle', en: 'Sentinelle' },
  'app.skip': { fr: 'Aller au contenu', en: 'Skip to content' },
  'nav.main': { fr: 'Navigation principale', en: 'Main navigation' },
  'nav.picture': { fr: 'Carte opérationnelle', en: 'Operational picture' },
  'nav.report': { fr: 'Signaler un incident', en: 'Report an incident' },
  'nav.analytics': { fr: 'Analyses', en: 'Analytics' },
  'nav.audit': { fr: 'Audit', en: 'Audit' },
  'nav.partners': { fr: 'Partenaires et accords', en: 'Partners and agreements' },
  'nav.operations': { fr: 'Opérations', en: 'Operations' },
  'nav.cooperation': { fr: 'Coopération', en: 'Cooperation' },
  'lang.label': { fr: 'Langue', en: 'Language' },
  'lang.fr': { fr: 'Français', en: 'Français' },
  'lang.en': { fr: 'English', en: 'English' },
  'user.signout': { fr: 'Se déconnecter', en: 'Sign out' },
  'user.signed_in_as': { fr: 'Connecté : {name} ({roles})', en: 'Signed in: {name} ({roles})' },
  'role.admin': { fr: 'administrateur', en: 'administrator' },
  'role.analyst': { fr: 'analyste', en: 'analyst' },
  'role.reporter': { fr: 'rapporteur', en: 'reporter' },
  'role.liaison': { fr: 'officier de liaison', en: 'liaison officer' },
  'role.auditor': { fr: 'auditeur', en: 'auditor' },
  'role.partner': { fr: 'partenaire', en: 'partner' },

  'common.loading': { fr: 'Chargement…', en: 'Loading…' },
  'common.close': { fr: 'Fermer', en: 'Close' },
  'common.cancel': { fr: 'Annuler', en: 'Cancel' },
  'common.search': { fr: 'Rechercher', en: 'Search' },
  'common.clear': { fr: 'Effacer', en: 'Clear' },
  'common.all': { fr: 'Tous', en: 'All' },
  'common.unknown': { fr: 'inconnu', en: 'unknown' },
  'common.more': { fr: 'Afficher la suite', en: 'Show more' },
  'common.offline': {
    fr: 'Hors ligne : les rapports sont gardés sur cet appareil et partiront au retour du réseau.',
    en: 'Offline: reports are kept on this device and will be sent when the network returns.',
  },
  'common.error.network': {
    fr: 'Le nœud est injoignable. Vérifiez la connexion.',
    en: 'The node cannot be reached. Check the connection.',
  },
  'common.required_mark': { fr: '(obligatoire)', en: '(required)' },
  'error.forbidden': {
    fr: 'Votre rôle ne donne pas accès à cette page.',
    en: 'Your role does not give access to this page.',
  },
  'error.not_found': { fr: 'Page introuvable.', en: 'Page not found.' },

  'signin.title': { fr: 'Connexion', en: 'Sign in' },
  'signin.intro': {
    fr: 'Plateforme fédérée et souveraine d’échange de rapports d’incidents de sécurité.',
    en: 'Federated, sovereign exchange of security incident reports.',
  },
  'signin.username': { fr: 'Identifiant', en: 'Username' },
  'signin.password': { fr: 'Mot de passe', en: 'Password' },
  'signin.submit': { fr: 'Se connecter', en: 'Sign in' },
  'signin.expired': {
    fr: 'Votre session a expiré. Reconnectez-vous ; votre brouillon est conservé.',
    en: 'Your session has expired. Sign in again; your draft is kept.',
  },

  'picture.map_label': {
    fr: 'Carte des incidents. Les incidents sont aussi listés dans le fil à côté de la carte.',
    en: 'Incident map. The incidents are also listed in the feed beside the map.',
  },
  'picture.count': { fr: 'Incidents sur la carte : {count}', en: 'Incidents on the map: {count}' },
  'picture.truncated': {
    fr: 'Seuls les {count} plus récents sont chargés : affinez les filtres.',
    en: 'Only the {count} most recent are loaded: narrow the filters.',
  },
  'picture.no_location': { fr: '{count} sans coordonnées', en: '{count} without coordinates' },
  'filters.title': { fr: 'Filtres de la carte', en: 'Map filters' },
  'filters.window': { fr: 'Période', en: 'Period' },
  'filters.type': { fr: 'Type d’événement', en: 'Event type' },
  'filters.tlp': { fr: 'TLP', en: 'TLP' },
  'filters.actor': { fr: 'Acteur', en: 'Actor' },
  'filters.origin': { fr: 'Partenaire d’origine', en: 'Originating partner' },
  'filters.country': { fr: 'Pays', en: 'Country' },
  'filters.admin1': { fr: 'Zone administrative', en: 'Administrative area' },
  'filters.heat': { fr: 'Carte de chaleur', en: 'Heat map' },
  'filters.fit': { fr: 'Cadrer sur les résultats', en: 'Zoom to results' },
  'filters.reset': { fr: 'Réinitialiser', en: 'Reset' },
  'window.24h': { fr: 'dernières 24 h', en: 'last 24 h' },
  'window.7d': { fr: '7 derniers jours', en: 'last 7 days' },
  'window.30d': { fr: '30 derniers jours', en: 'last 30 days' },
  'window.90d': { fr: '90 derniers jours', en: 'last 90 days' },
  'window.1y': { fr: '12 derniers mois', en: 'last 12 months' },
  'window.all': { fr: 'tout', en: 'all' },
  'legend.title': { fr: 'Légende', en: 'Legend' },
  'legend.fill': { fr: 'Couleur : type d’événement', en: 'Colour: event type' },
  'legend.outline': { fr: 'Contour : origine', en: 'Outline: origin' },
  'legend.cluster': { fr: 'Groupe d’incidents (nombre)', en: 'Group of incidents (count)' },
  'origin.local': { fr: 'Ce nœud', en: 'This node' },
  'origin.peer': { fr: 'Partenaire {id}', en: 'Partner {id}' },

  'feed.title': { fr: 'Fil en direct', en: 'Live feed' },
  'feed.unread': { fr: '{count} non lus', en: '{count} unread' },
  'feed.mark_read': { fr: 'Tout marquer comme lu', en: 'Mark all as read' },
  'feed.search': { fr: 'Rechercher dans les enregistrements', en: 'Search records' },
  'feed.search_placeholder': { fr: 'ex. Djibo embuscade', en: 'e.g. Djibo ambush' },
  'feed.sound': { fr: 'Son pour les FLASH', en: 'Sound for FLASH' },
  'feed.empty': { fr: 'Aucun enregistrement.', en: 'No records.' },
  'feed.live': { fr: 'En direct', en: 'Live' },
  'feed.reconnecting': { fr: 'Reconnexion…', en: 'Reconnecting…' },
  'feed.op.create': { fr: 'nouveau', en: 'new' },
  'feed.op.update': { fr: 'mis à jour', en: 'updated' },
  'feed.op.revoke': { fr: 'retiré', en: 'withdrawn' },
  'feed.flash': { fr: 'FLASH', en: 'FLASH' },
  'feed.flash_announce': { fr: 'FLASH : {name}', en: 'FLASH: {name}' },
  'feed.unread_item': { fr: 'non lu', en: 'unread' },
  'feed.new_while_search': {
    fr: '{count} nouveaux enregistrements : effacez la recherche pour les voir.',
    en: '{count} new records: clear the search to see them.',
  },
  'feed.untitled': { fr: '(sans titre)', en: '(untitled)' },
  'stix.incident': { fr: 'Incident', en: 'Incident' },
  'stix.report': { fr: 'Rapport', en: 'Report' },
  'stix.note': { fr: 'Note', en: 'Note' },
  'stix.indicator': { fr: 'Indicateur', en: 'Indicator' },
  'stix.threat-actor': { fr: 'Acteur de la menace', en: 'Threat actor' },
  'stix.intrusion-set': { fr: 'Groupe d’intrusion', en: 'Intrusion set' },
  'stix.identity': { fr: 'Identité', en: 'Identity' },
  'stix.campaign': { fr: 'Campagne', en: 'Campaign' },
  'stix.location': { fr: 'Lieu', en: 'Location' },
  'stix.relationship': { fr: 'Relation', en: 'Relationship' },
  'stix.sighting': { fr: 'Observation', en: 'Sighting' },
  'stix.grouping': { fr: 'Regroupement', en: 'Grouping' },
  'stix.marking-definition': { fr: 'Marquage', en: 'Marking' },

  'detail.open': { fr: 'Ouvrir la fiche complète', en: 'Open full record' },
  'detail.edit': { fr: 'Modifier', en: 'Edit' },
  'detail.revoke': { fr: 'Retirer', en: 'Withdraw' },
  'detail.revoke_confirm': {
    fr: 'Retirer cet enregistrement ? Le retrait est une nouvelle version, visible de tous ceux qui l’ont reçu.',
    en: 'Withdraw this record? The withdrawal is a new version, seen by everyone who received it.',
  },
  'detail.revoked': { fr: 'Cet enregistrement a été retiré.', en: 'This record has been withdrawn.' },
  'detail.occurred': { fr: 'Date de l’événement', en: 'When' },
  'detail.location': { fr: 'Lieu', en: 'Location' },
  'detail.precision_m': { fr: 'à {m} m près', en: 'within {m} m' },
  'detail.country': { fr: 'Pays', en: 'Country' },
  'detail.admin1': { fr: 'Région', en: 'Region' },
  'detail.admin2': { fr: 'Province ou cercle', en: 'Province or district' },
  'detail.casualties': { fr: 'Victimes', en: 'Casualties' },
  'detail.fatalities': { fr: 'Tués', en: 'Killed' },
  'detail.injured': { fr: 'Blessés', en: 'Injured' },
  'detail.total': { fr: 'Total', en: 'Total' },
  'detail.actors': { fr: 'Acteurs', en: 'Actors' },
  'detail.description': { fr: 'Description', en: 'Description' },
  'detail.grading': { fr: 'Cotation de la source', en: 'Source grading' },
  'detail.source': { fr: 'Source', en: 'Source' },
  'detail.materiel': { fr: 'Matériel', en: 'Materiel' },
  'detail.markings': { fr: 'Marquages', en: 'Markings' },
  'detail.rel_to': { fr: 'Diffusable à', en: 'Releasable to' },
  'detail.no_rel_to': { fr: 'pas de restriction par pays', en: 'no country restriction' },
  'detail.labels': { fr: 'Étiquettes', en: 'Labels' },
  'detail.provenance': { fr: 'Provenance', en: 'Provenance' },
  'detail.origin': { fr: 'Origine', en: 'Origin' },
  'detail.created_by': { fr: 'Organisation auteure', en: 'Authoring organisation' },
  'detail.created': { fr: 'Créé le', en: 'Created' },
  'detail.modified': { fr: 'Version du', en: 'Version of' },
  'detail.id': { fr: 'Identifiant STIX', en: 'STIX id' },
  'detail.history': { fr: 'Historique des versions', en: 'Version history' },
  'detail.sharing': { fr: 'Diffusion aux partenaires', en: 'Release to partners' },
  'notes.title': { fr: 'Notes', en: 'Notes' },
  'notes.none': { fr: 'Aucune note pour l’instant.', en: 'No notes yet.' },
  'notes.from_partner': { fr: 'd’un partenaire', en: 'from a partner' },
  'notes.abstract': { fr: 'Résumé (facultatif)', en: 'Summary (optional)' },
  'notes.content': { fr: 'Note', en: 'Note' },
  'notes.add': { fr: 'Ajouter la note', en: 'Add the note' },
  'notes.markings': {
    fr: 'La note porte les marquages de la fiche (TLP, diffusion) : elle ne va pas plus loin qu’elle.',
    en: 'The note carries the record’s markings (TLP, releasability): it goes no further than the record.',
  },
  'notes.err.empty': { fr: 'Écrivez la note avant de l’ajouter.', en: 'Write the note before adding it.' },
  'detail.not_found': {
    fr: 'Enregistrement introuvable ou non accessible.',
    en: 'Record not found or not accessible.',
  },
  'history.created': { fr: 'Création', en: 'Created' },
  'history.revoked': { fr: 'Retrait', en: 'Withdrawn' },
  'history.updated': { fr: 'Modification', en: 'Changed' },
  'history.by': { fr: 'par {who}', en: 'by {who}' },
  'history.none': { fr: 'aucun changement de contenu', en: 'no content change' },
  'history.you': { fr: 'vous ({name})', en: 'you ({name})' },
  'history.system': { fr: 'le nœud (import)', en: 'the node (import)' },
  'history.cli': { fr: 'la console du nœud', en: 'the node console' },
  'history.user': { fr: 'utilisateur {id}', en: 'user {id}' },
  'history.field': { fr: 'Champ', en: 'Field' },
  'history.before': { fr: 'Avant', en: 'Before' },
  'history.after': { fr: 'Après', en: 'After' },
  'history.absent': { fr: '(absent)', en: '(absent)' },

  'report.title': { fr: 'Signaler un incident', en: 'Report an incident' },
  'report.edit_title': { fr: 'Modifier l’incident', en: 'Edit the incident' },
  'report.intro': {
    fr: 'Champs marqués * obligatoires. Le brouillon est gardé sur cet appareil, même sans réseau.',
    en: 'Fields marked * are required. The draft is kept on this device, even without network.',
  },
  'report.section.what': { fr: 'Quoi', en: 'What' },
  'report.section.where': { fr: 'Où', en: 'Where' },
  'report.section.when': { fr: 'Quand', en: 'When' },
  'report.section.who': { fr: 'Victimes et acteurs', en: 'Casualties and actors' },
  'report.section.handling': { fr: 'Source et diffusion', en: 'Source and handling' },
  'report.name': { fr: 'Titre', en: 'Title' },
  'report.name_placeholder': {
    fr: 'ex. Embuscade contre une patrouille près de Djibo',
    en: 'e.g. Ambush on a patrol near Djibo',
  },
  'report.event_type': { fr: 'Type d’événement', en: 'Event type' },
  'report.event_subtype': { fr: 'Sous-type', en: 'Sub-type' },
  'report.choose': { fr: '— choisir —', en: '— choose —' },
  'report.lat': { fr: 'Latitude', en: 'Latitude' },
  'report.lon': { fr: 'Longitude', en: 'Longitude' },
  'report.coords_hint': {
    fr: 'Décimal (14,1) ou DMS (14°06′00″N)',
    en: 'Decimal (14.1) or DMS (14°06′00″N)',
  },
  'report.pick_hint': {
    fr: 'Cliquez sur la carte pour placer le lieu.',
    en: 'Click on the map to place the location.',
  },
  'report.map_label': {
    fr: 'Carte pour choisir le lieu de l’incident',
    en: 'Map to pick the location of the incident',
  },
  'report.precision_m': { fr: 'Précision du lieu', en: 'Location precision' },
  'report.country': { fr: 'Pays', en: 'Country' },
  'report.area': { fr: 'Zone', en: 'Area' },
  'report.area_none': { fr: 'hors des zones connues', en: 'outside the known areas' },
  'report.occurred_at': { fr: 'Date et heure', en: 'Date and time' },
  'report.time_hint': {
    fr: 'Heure de cet appareil ({zone}) ; enregistrée en UTC.',
    en: 'This device’s time ({zone}); stored in UTC.',
  },
  'report.time_precision': { fr: 'Précision de la date', en: 'Time precision' },
  'report.now': { fr: 'Maintenant', en: 'Now' },
  'report.fatalities': { fr: 'Tués', en: 'Killed' },
  'report.injured': { fr: 'Blessés', en: 'Injured' },
  'report.casualty_table': { fr: 'Victimes par catégorie', en: 'Casualties by category' },
  'report.actors': { fr: 'Acteurs', en: 'Actors' },
  'report.actors_search': { fr: 'Rechercher un acteur connu', en: 'Search a known actor' },
  'report.actors_hint': { fr: 'Laissez vide si inconnu.', en: 'Leave empty if unknown.' },
  'report.actors_none': { fr: 'Aucun acteur trouvé.', en: 'No actor found.' },
  'report.actor_add': { fr: 'Ajouter {name}', en: 'Add {name}' },
  'report.actor_remove': { fr: 'Retirer {name}', en: 'Remove {name}' },
  'report.description': { fr: 'Description', en: 'Description' },
  'report.lang': { fr: 'Langue du texte', en: 'Language of the text' },
  'report.reliability': { fr: 'Fiabilité de la source', en: 'Source reliability' },
  'report.credibility': { fr: 'Crédibilité de l’information', en: 'Information credibility' },
  'report.tlp': { fr: 'TLP (protocole de diffusion)', en: 'TLP (sharing protocol)' },
  'report.rel_to': { fr: 'Diffusable à (REL TO)', en: 'Releasable to (REL TO)' },
  'report.rel_to_hint': {
    fr: 'Aucun pays coché : pas de restriction par pays au-delà du TLP.',
    en: 'No country ticked: no country restriction beyond the TLP.',
  },
  'report.flash': { fr: 'Priorité FLASH', en: 'FLASH priority' },
  'report.flash_hint': {
    fr: 'Alerte immédiate des salles d’opérations.',
    en: 'Immediate alert to operations rooms.',
  },
  'report.submit': { fr: 'Envoyer le rapport', en: 'Send the report' },
  'report.save': { fr: 'Enregistrer les modifications', en: 'Save the changes' },
  'report.sending': { fr: 'Envoi…', en: 'Sending…' },
  'report.sent': { fr: 'Rapport enregistré : {name}', en: 'Report recorded: {name}' },
  'report.view': { fr: 'Voir la fiche', en: 'View the record' },
  'report.queued': {
    fr: 'Pas de connexion : le rapport est gardé sur cet appareil et sera envoyé au retour du réseau.',
    en: 'No connection: the report is kept on this device and will be sent when the network returns.',
  },
  'report.outbox': { fr: 'Rapports en attente d’envoi : {count}', en: 'Reports waiting to be sent: {count}' },
  'report.outbox_sent': { fr: 'Rapport en attente envoyé : {name}', en: 'Waiting report sent: {name}' },
  'report.outbox_rejected': {
    fr: 'Un rapport en attente a été refusé par le nœud ; il est rouvert ici pour correction.',
    en: 'A waiting report was refused by the node; it is reopened here for correction.',
  },
  'report.draft_restored': { fr: 'Brouillon restauré.', en: 'Draft restored.' },
  'report.discard': { fr: 'Effacer le formulaire', en: 'Clear the form' },
  'report.errors': {
    fr: 'Le rapport n’a pas été accepté : corrigez les champs signalés.',
    en: 'The report was not accepted: correct the fields shown.',
  },
  'report.err.coord_syntax': {
    fr: 'Coordonnée illisible : écrivez 14,1 ou 14°06′00″N.',
    en: 'Unreadable coordinate: write 14.1 or 14°06′00″N.',
  },
  'report.err.hemisphere': {
    fr: 'Lettre d’hémisphère incorrecte : N/S pour la latitude, E/O pour la longitude.',
    en: 'Wrong hemisphere letter: N/S for latitude, E/W for longitude.',
  },
  'report.err.required': { fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
  'report.err.date': { fr: 'Date illisible.', en: 'Unreadable date.' },
  'report.err.rel_to_forbidden': {
    fr: 'Votre rôle ne permet pas de créer ce marquage de diffusion : demandez-le à un analyste.',
    en: 'Your role cannot create this releasability marking: ask an analyst for it.',
  },
  'precision_m.100': { fr: '100 m', en: '100 m' },
  'precision_m.1000': { fr: '1 km', en: '1 km' },
  'precision_m.5000': { fr: '5 km', en: '5 km' },
  'precision_m.25000': { fr: '25 km', en: '25 km' },
  'precision_m.100000': { fr: '100 km', en: '100 km' },
  'precision.minute': { fr: 'à la minute', en: 'to the minute' },
  'precision.hour': { fr: 'à l’heure', en: 'to the hour' },
  'precision.day': { fr: 'au jour', en: 'to the day' },
  'precision.week': { fr: 'à la semaine', en: 'to the week' },
  'precision.month': { fr: 'au mois', en: 'to the month' },
  'precision.year': { fr: 'à l’année', en: 'to the year' },
  'time.week_of': { fr: 'semaine du {date}', en: 'week of {date}' },
  'casualty.security_forces': { fr: 'Forces de sécurité', en: 'Security forces' },
  'casualty.civilians': { fr: 'Civils', en: 'Civilians' },
  'casualty.assailants': { fr: 'Assaillants', en: 'Assailants' },
  'casualty.unknown': { fr: 'Non déterminé', en: 'Undetermined' },
  'reliability.A': { fr: 'A — totalement fiable', en: 'A — completely reliable' },
  'reliability.B': { fr: 'B — habituellement fiable', en: 'B — usually reliable' },
  'reliability.C': { fr: 'C — assez fiable', en: 'C — fairly reliable' },
  'reliability.D': { fr: 'D — pas toujours fiable', en: 'D — not usually reliable' },
  'reliability.X': { fr: 'X — fiabilité non évaluable', en: 'X — cannot be judged' },
  'credibility.1': { fr: '1 — confirmée', en: '1 — confirmed' },
  'credibility.2': { fr: '2 — probablement vraie', en: '2 — probably true' },
  'credibility.3': { fr: '3 — possiblement vraie', en: '3 — possibly true' },
  'credibility.4': { fr: '4 — douteuse', en: '4 — doubtful' },
  'tlp.clear': { fr: 'TLP:CLEAR — diffusion libre', en: 'TLP:CLEAR — no restriction' },
  'tlp.green': { fr: 'TLP:GREEN — communauté', en: 'TLP:GREEN — community' },
  'tlp.amber': { fr: 'TLP:AMBER — besoin d’en connaître', en: 'TLP:AMBER — need to know' },
  'tlp.amber+strict': {
    fr: 'TLP:AMBER+STRICT — organisation seulement',
    en: 'TLP:AMBER+STRICT — organisation only',
  },
  'tlp.red': { fr: 'TLP:RED — destinataires nommés', en: 'TLP:RED — named recipients' },

  'audit.title': { fr: 'Journal d’audit', en: 'Audit trail' },
  'audit.intro': {
    fr: 'Chaque entrée est chaînée à la précédente par son empreinte : une modification ou une suppression rompt la chaîne.',
    en: 'Each entry is chained to the previous one by its hash: any change or deletion breaks the chain.',
  },
  'audit.q': { fr: 'Texte', en: 'Text' },
  'audit.action': { fr: 'Action', en: 'Action' },
  'audit.actor': { fr: 'Acteur', en: 'Actor' },
  'audit.outcome': { fr: 'Résultat', en: 'Outcome' },
  'audit.from': { fr: 'Du', en: 'From' },
  'audit.to': { fr: 'Au', en: 'To' },
  'audit.target': { fr: 'Cible', en: 'Target' },
  'audit.details': { fr: 'Détails', en: 'Details' },
  'audit.at': { fr: 'Date', en: 'Date' },
  'audit.seq': { fr: 'N°', en: 'No.' },
  'audit.caption': {
    fr: 'Entrées du journal, les plus récentes d’abord',
    en: 'Trail entries, most recent first',
  },
  'outcome.success': { fr: 'succès', en: 'success' },
  'outcome.denied': { fr: 'refusé', en: 'denied' },
  'outcome.failure': { fr: 'échec', en: 'failure' },
  'audit.verify': { fr: 'Vérifier la chaîne', en: 'Verify the chain' },
  'audit.verifying': { fr: 'Vérification…', en: 'Verifying…' },
  'audit.ok': {
    fr: 'Chaîne intacte : {count} entrées vérifiées. Empreinte de tête {hash}.',
    en: 'Chain intact: {count} entries verified. Head hash {hash}.',
  },
  'audit.broken': {
    fr: 'Chaîne rompue à l’entrée n° {seq} : {reason}. Les {count} entrées précédentes sont saines.',
    en: 'Chain broken at entry no. {seq}: {reason}. The {count} entries before it are sound.',
  },
  'audit.reason.hash_mismatch': { fr: 'son contenu a été modifié', en: 'its content was changed' },
  'audit.reason.prev_hash_mismatch': {
    fr: 'le lien avec l’entrée précédente est rompu',
    en: 'its link to the previous entry is broken',
  },
  'audit.reason.missing_entry': { fr: 'une entrée manque', en: 'an entry is missing' },
  'audit.reason.out_of_order': { fr: 'des entrées ont été déplacées', en: 'entries were moved' },
  'audit.reason.head_mismatch': {
    fr: 'la tête de chaîne ne correspond pas (troncature ?)',
    en: 'the chain head does not match (truncation?)',
  },
  'audit.empty': { fr: 'Aucune entrée.', en: 'No entries.' },

  'analytics.title': { fr: 'Analyses', en: 'Analytics' },
  'analytics.weekly': { fr: 'Incidents et tués par semaine', en: 'Incidents and fatalities per week' },
  'analytics.incidents': { fr: 'Incidents', en: 'Incidents' },
  'analytics.fatalities': { fr: 'Tués', en: 'Fatalities' },
  'analytics.by_area': { fr: 'Incidents par zone et par {period}', en: 'Incidents per area and {period}' },
  'analytics.period.quarter': { fr: 'trimestre', en: 'quarter' },
  'analytics.period.month': { fr: 'mois', en: 'month' },
  'analytics.year': { fr: 'Année', en: 'Year' },
  'analytics.step': { fr: 'Pas de temps par zone', en: 'Time step per area' },
  'analytics.area': { fr: 'Zone', en: 'Area' },
  'analytics.summary': {
    fr: '{incidents} incidents, {fatalities} tués, du {from} au {to}.',
    en: '{incidents} incidents, {fatalities} fatalities, from {from} to {to}.',
  },
  'analytics.empty': { fr: 'Aucune donnée pour ces filtres.', en: 'No data for these filters.' },
  'analytics.week_of': {
    fr: 'Semaine du {date} : {incidents} incidents, {fatalities} tués',
    en: 'Week of {date}: {incidents} incidents, {fatalities} fatalities',
  },
  'analytics.cell': { fr: '{area}, {period} : {count} incidents', en: '{area}, {period}: {count} incidents' },

  'partners.title': { fr: 'Partenaires et accords de partage', en: 'Partners and sharing agreements' },
} as const;

const MESSAGES = {
  ...CORE_MESSAGES,
  ...PARTNERS_MESSAGES,
  ...ANALYSIS_MESSAGES,
  ...FORECAST_MESSAGES,
  ...OPERATIONS_MESSAGES,
  ...COOPERATION_MESSAGES,
} as const;

export type MessageKey = keyof typeof MESSAGES;
export type Params = Readonly<Record<string, string | number>>;

/** The text of `key` in `locale`, `{name}` placeholders filled from `params`. */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  return MESSAGES[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** Every message (for the catalog test: both languages present, placeholders alike). */
export function allMessages(): Readonly<Record<string, { fr: string; en: string }>> {
  return MESSAGES;
}

/** Label of an event type or sub-type (from the node's taxonomy). */
export function eventTypeLabel(locale: Locale, type: string, subtype?: string): string {
  if (!isEventType(type)) return type;
  if (subtype !== undefined) return EVENT_SUBTYPES[type][subtype]?.[locale] ?? subtype;
  return EVENT_TYPE_LABELS[type][locale];
}

/** Short country name in the language, from the ISO 3166 table the node uses. */
export function countryName(locale: Locale, code: string): string {
  return countryByAlpha3(code)?.[locale] ?? code;
}

/** Label of a STIX object type, or the type itself. */
export function stixTypeLabel(locale: Locale, type: string): string {
  const key = `stix.${type}`;
  return key in MESSAGES ? t(locale, key as MessageKey) : type;
}

/** The language the browser prefers, French unless it asks for English first. */
export function browserLocale(languages: readonly string[]): Locale {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'fr';
}
