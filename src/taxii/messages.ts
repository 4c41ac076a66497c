/** Texts of the TAXII 2.1 server and client, in French and English. */
import { defineMessages } from '../i18n/i18n.ts';

export const taxiiMessages = defineMessages({
  'taxii.title.not_acceptable': { fr: 'Type de réponse non acceptable', en: 'Not acceptable' },
  'taxii.not_acceptable': {
    fr: 'Ce serveur ne répond qu’en application/taxii+json;version=2.1 (en-tête Accept reçu : {accept}).',
    en: 'This server only answers application/taxii+json;version=2.1 (Accept header received: {accept}).',
  },
  'taxii.unsupported_media_type': {
    fr: 'Le corps doit être de type application/taxii+json;version=2.1 (reçu : {type}).',
    en: 'The body must be application/taxii+json;version=2.1 (received: {type}).',
  },
  'taxii.unauthenticated': {
    fr: 'Authentifiez-vous (HTTP Basic ou jeton Bearer d’un compte du nœud).',
    en: 'Authenticate (HTTP Basic or a Bearer token of an account of this node).',
  },
  'taxii.api_root_not_found': { fr: 'Racine d’API inconnue : {root}.', en: 'Unknown API root: {root}.' },
  'taxii.collection_not_found': { fr: 'Collection inconnue : {id}.', en: 'Unknown collection: {id}.' },
  'taxii.object_not_found': {
    fr: 'Objet absent de la collection : {id}.',
    en: 'Object not in the collection: {id}.',
  },
  'taxii.status_not_found': { fr: 'Statut inconnu : {id}.', en: 'Unknown status: {id}.' },
  'taxii.route_not_found': {
    fr: 'Point d’accès TAXII inconnu : {url}.',
    en: 'Unknown TAXII endpoint: {url}.',
  },
  'taxii.cannot_read': {
    fr: 'Cette collection ne vous est pas lisible.',
    en: 'You may not read this collection.',
  },
  'taxii.cannot_write': {
    fr: 'Cette collection ne vous est pas inscriptible.',
    en: 'You may not write to this collection.',
  },
  'taxii.cannot_delete': {
    fr: 'Vous ne pouvez pas retirer d’objet de cette collection.',
    en: 'You may not remove objects from this collection.',
  },
  'taxii.bad_filter': {
    fr: 'Paramètre de requête invalide : {name}.',
    en: 'Invalid query parameter: {name}.',
  },
  'taxii.bad_filter.detail': {
    fr: 'Valeur refusée pour {name} : {value} ({expected}).',
    en: 'Value refused for {name}: {value} ({expected}).',
  },
  'taxii.bad_envelope': { fr: 'L’enveloppe TAXII est invalide.', en: 'The TAXII envelope is invalid.' },
  'taxii.envelope.not_object': {
    fr: 'Un objet JSON {"objects": [...]} est attendu.',
    en: 'A JSON object {"objects": [...]} is expected.',
  },
  'taxii.envelope.objects': {
    fr: '« objects » doit être une liste d’au plus {max} objets.',
    en: '"objects" must be a list of at most {max} objects.',
  },
  'taxii.envelope.unknown_property': {
    fr: 'Propriété inconnue dans l’enveloppe : {property}.',
    en: 'Unknown envelope property: {property}.',
  },
  'taxii.delete_versions': {
    fr: 'Seule la dernière version peut être retirée (révocation STIX) ; match[version]={value} refusé.',
    en: 'Only the last version can be removed (STIX revocation); match[version]={value} refused.',
  },
  'taxii.accepted': { fr: 'Objet accepté ({outcome}).', en: 'Object accepted ({outcome}).' },
  'taxii.rejected': { fr: '{path} : {reason}', en: '{path}: {reason}' },
  'taxii.partner.role': {
    fr: 'Le compte « {username} » doit avoir le seul rôle partner (il a : {roles}).',
    en: 'The account "{username}" must hold the partner role only (it has: {roles}).',
  },
  'taxii.partner.no_peer': {
    fr: 'Aucun partenaire enregistré avec l’identifiant {id}.',
    en: 'No registered partner with id {id}.',
  },
  'taxii.partner.no_user': { fr: 'Aucun compte nommé {username}.', en: 'No account named {username}.' },
  'taxii.partner.bound': {
    fr: 'Le compte {username} agit désormais pour le partenaire {peer} via TAXII.',
    en: 'Account {username} now acts for partner {peer} over TAXII.',
  },
  'taxii.title.local': { fr: 'Tous les enregistrements du nœud', en: 'All records of this node' },
  'taxii.description.local': {
    fr: 'Chaque objet STIX enregistré sur ce nœud, avec son historique de versions.',
    en: 'Every STIX object stored on this node, with its version history.',
  },
  'taxii.description.partner': {
    fr: 'Ce que l’accord « {title} » (v{version}) communique à votre service, expurgé comme il le prévoit.',
    en: 'What agreement “{title}” (v{version}) releases to your service, redacted as it says.',
  },
  'taxii.discovery.title': {
    fr: 'Sentinelle — serveur TAXII 2.1 de {organisation}',
    en: 'Sentinelle — TAXII 2.1 server of {organisation}',
  },
  'taxii.discovery.description': {
    fr: 'Échange de rapports d’incidents STIX 2.1 entre services partenaires.',
    en: 'Exchange of STIX 2.1 incident reports between partner services.',
  },
  'taxii.api_root.title': { fr: 'Racine d’API de {organisation}', en: 'API root of {organisation}' },
  // Client.
  'taxii.client.http': {
    fr: 'Le serveur TAXII a répondu {status} à {url} : {detail}',
    en: 'The TAXII server answered {status} to {url}: {detail}',
  },
  'taxii.client.network': {
    fr: 'Serveur TAXII injoignable ({url}) : {detail}',
    en: 'TAXII server unreachable ({url}): {detail}',
  },
  'taxii.client.bad_response': {
    fr: 'Réponse TAXII invalide de {url} : {detail}',
    en: 'Invalid TAXII response from {url}: {detail}',
  },
  'taxii.client.bad_url': {
    fr: 'Adresse de racine d’API invalide : {url}',
    en: 'Invalid API root URL: {url}',
  },
  'taxii.client.bad_since': {
    fr: '--since doit être un horodatage RFC 3339 : {value}',
    en: '--since must be an RFC 3339 timestamp: {value}',
  },
  'taxii.client.progress': {
    fr: 'page {page} : {accepted} acceptés, {rejected} refusés (total {total})',
    en: 'page {page}: {accepted} accepted, {rejected} rejected (total {total})',
  },
  'taxii.client.rejected': { fr: 'refusé {path} : {reason}', en: 'rejected {path}: {reason}' },
  'taxii.client.done': {
    fr: 'Terminé : {accepted} objets acceptés, {rejected} refusés, en {pages} pages ; reprise après {resume}.',
    en: 'Done: {accepted} objects accepted, {rejected} rejected, in {pages} pages; resuming after {resume}.',
  },
  'taxii.client.resume': { fr: 'Reprise après {since}.', en: 'Resuming after {since}.' },
  'taxii.client.credentials': {
    fr: 'Donnez --user et --password, ou --token, pas les deux.',
    en: 'Give --user and --password, or --token, not both.',
  },
});
