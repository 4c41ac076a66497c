import { defineMessages } from '../i18n/i18n.ts';

export const cliMessages = defineMessages({
  'cli.error': { fr: 'erreur : {message}', en: 'error: {message}' },
  'cli.init.done': {
    fr: 'Nœud initialisé : {organisation} ({country}), données dans {dataDir}.',
    en: 'Node initialised: {organisation} ({country}), data in {dataDir}.',
  },
  'cli.init.exists': {
    fr: 'Nœud déjà initialisé : {organisation} ({country}). Rien de changé.',
    en: 'Node already initialised: {organisation} ({country}). Nothing changed.',
  },
  'cli.fingerprint': {
    fr: 'Empreinte de la clé de signature (à comparer de vive voix avec les partenaires) : {fingerprint}',
    en: 'Signing key fingerprint (compare it aloud with partners): {fingerprint}',
  },
  'cli.serve.listening': { fr: 'Sentinelle écoute sur {url}', en: 'Sentinelle is listening on {url}' },
  'cli.serve.login': {
    fr: 'Connexion de démonstration : utilisateur « {username} », mot de passe « {password} »',
    en: 'Demo login: user "{username}", password "{password}"',
  },
  'cli.serve.stopping': { fr: 'Arrêt du nœud…', en: 'Stopping the node…' },
  'cli.user.added': { fr: 'Utilisateur {username} créé ({roles}).', en: 'User {username} created ({roles}).' },
  'cli.user.disabled': { fr: 'Utilisateur {username} désactivé.', en: 'User {username} disabled.' },
  'cli.user.enabled': { fr: 'Utilisateur {username} réactivé.', en: 'User {username} enabled.' },
  'cli.user.password_required': {
    fr: 'Mot de passe requis : --password-stdin (recommandé) ou la variable SENTINELLE_PASSWORD.',
    en: 'Password required: --password-stdin (recommended) or the SENTINELLE_PASSWORD variable.',
  },
  'cli.user.unknown': { fr: 'Utilisateur inconnu : {username}.', en: 'Unknown user: {username}.' },
  'cli.token.created': {
    fr: 'Jeton {id} créé. Conservez-le, il ne sera plus affiché :',
    en: 'Token {id} created. Keep it, it will not be shown again:',
  },
  'cli.token.revoked': { fr: 'Jeton {id} révoqué.', en: 'Token {id} revoked.' },
  'cli.import.progress': { fr: 'Import : {done}/{total} objets', en: 'Import: {done}/{total} objects' },
  'cli.import.done': {
    fr: 'Import terminé : {total} objets ({created} créés, {updated} mis à jour, {unchanged} inchangés, {stale} versions anciennes).',
    en: 'Import done: {total} objects ({created} created, {updated} updated, {unchanged} unchanged, {stale} older versions).',
  },
  'cli.import.ucdp': {
    fr: 'UCDP GED : {rows} lignes lues, {incidents} incidents, {skipped} lignes écartées, {outside} points hors des limites administratives connues.',
    en: 'UCDP GED: {rows} rows read, {incidents} incidents, {skipped} rows skipped, {outside} points outside the known admin boundaries.',
  },
  'cli.import.bad_format': { fr: 'Format inconnu : {format} (stix ou ucdp).', en: 'Unknown format: {format} (stix or ucdp).' },
  'cli.import.read_failed': { fr: 'Lecture impossible de {file} : {reason}', en: 'Cannot read {file}: {reason}' },
  'cli.export.done': { fr: '{count} objets exportés vers {file}.', en: '{count} objects exported to {file}.' },
  'cli.audit.ok': {
    fr: "Chaîne d'audit intègre : {count} entrées vérifiées, empreinte de tête {head}.",
    en: 'Audit chain intact: {count} entries verified, head hash {head}.',
  },
  'cli.audit.bad': {
    fr: "Chaîne d'audit ROMPUE à l'entrée n° {seq} ({reason}).",
    en: 'Audit chain BROKEN at entry #{seq} ({reason}).',
  },
  'cli.audit.progress': { fr: 'Vérification : {done}/{total}', en: 'Verifying: {done}/{total}' },
  'cli.demo.loading': { fr: 'Chargement des données de démonstration…', en: 'Loading demo data…' },
  'cli.demo.loaded': {
    fr: 'Données de démonstration : {total} objets ({created} nouveaux).',
    en: 'Demo data: {total} objects ({created} new).',
  },
  'cli.demo.attribution': {
    fr: 'Données d’événements : UCDP GED 25.1 (CC BY 4.0), Uppsala Conflict Data Program.',
    en: 'Event data: UCDP GED 25.1 (CC BY 4.0), Uppsala Conflict Data Program.',
  },
});
