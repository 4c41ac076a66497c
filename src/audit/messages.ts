/** What people read about the audit trail: verification results, filter errors, action labels. */
import { defineMessages, hasMessage, t, type Locale } from '../i18n/i18n.ts';
import type { AuditOutcome, VerifyResult } from './audit.ts';

export const auditMessages = defineMessages({
  'audit.chain_ok': {
    fr: "Chaîne d'audit intègre : {count} entrées vérifiées.",
    en: 'Audit chain intact: {count} entries verified.',
  },
  'audit.chain_broken.hash_mismatch': {
    fr: "Chaîne d'audit rompue à l'entrée n° {seq} : contenu modifié.",
    en: 'Audit chain broken at entry #{seq}: content altered.',
  },
  'audit.chain_broken.prev_hash_mismatch': {
    fr: "Chaîne d'audit rompue à l'entrée n° {seq} : elle ne se rattache plus à l'entrée précédente.",
    en: 'Audit chain broken at entry #{seq}: it no longer links to the previous entry.',
  },
  'audit.chain_broken.missing_entry': {
    fr: "Chaîne d'audit rompue à l'entrée n° {seq} : entrée manquante (supprimée).",
    en: 'Audit chain broken at entry #{seq}: entry missing (deleted).',
  },
  'audit.chain_broken.out_of_order': {
    fr: "Chaîne d'audit rompue à l'entrée n° {seq} : entrée déplacée (ordre modifié).",
    en: 'Audit chain broken at entry #{seq}: entry moved (order altered).',
  },
  'audit.chain_broken.head_mismatch': {
    fr: "Chaîne d'audit rompue à l'entrée n° {seq} : la fin du journal ne correspond pas à la tête enregistrée (entrées supprimées ou ajoutées en fin de journal).",
    en: 'Audit chain broken at entry #{seq}: the end of the log does not match the recorded head (entries deleted or added at the end).',
  },
  'audit.invalid_filter': {
    fr: "Recherche dans le journal d'audit invalide.",
    en: 'Invalid audit log search.',
  },
  'audit.bad_limit': {
    fr: 'La taille de page doit être un entier entre 1 et {max}.',
    en: 'The page size must be an integer between 1 and {max}.',
  },
  'audit.bad_cursor': { fr: 'Curseur de pagination invalide.', en: 'Invalid pagination cursor.' },
  'audit.bad_date': {
    fr: 'Date invalide : format RFC 3339 attendu (ex. 2026-01-31 ou 2026-01-31T08:00:00Z).',
    en: 'Invalid date: RFC 3339 expected (e.g. 2026-01-31 or 2026-01-31T08:00:00Z).',
  },
  'audit.bad_outcome': {
    fr: 'Résultat inconnu : « success », « denied » ou « failure » attendu.',
    en: "Unknown outcome: 'success', 'denied' or 'failure' expected.",
  },
  'audit.bad_action': { fr: 'Action invalide.', en: 'Invalid action.' },

  'audit.outcome.success': { fr: 'Réussite', en: 'Success' },
  'audit.outcome.denied': { fr: 'Refusé', en: 'Denied' },
  'audit.outcome.failure': { fr: 'Échec', en: 'Failure' },

  'audit.action.auth.login': { fr: 'Connexion', en: 'Sign-in' },
  'audit.action.auth.logout': { fr: 'Déconnexion', en: 'Sign-out' },
  'audit.action.record.create': { fr: "Création d'une fiche", en: 'Record created' },
  'audit.action.record.update': { fr: "Modification d'une fiche", en: 'Record updated' },
  'audit.action.record.revoke': { fr: "Retrait d'une fiche", en: 'Record revoked' },
  'audit.action.record.read': { fr: "Consultation d'une fiche", en: 'Record read' },
  'audit.action.export': { fr: 'Export', en: 'Export' },
  'audit.action.user.add': { fr: "Ajout d'un utilisateur", en: 'User added' },
  'audit.action.user.disable': { fr: "Désactivation d'un utilisateur", en: 'User disabled' },
  'audit.action.user.enable': { fr: "Réactivation d'un utilisateur", en: 'User enabled' },
  'audit.action.user.password': { fr: 'Changement de mot de passe', en: 'Password changed' },
  'audit.action.user.roles': { fr: 'Modification des rôles', en: 'Roles changed' },
  'audit.action.token.create': { fr: "Création d'un jeton d'API", en: 'API token created' },
  'audit.action.token.revoke': { fr: "Révocation d'un jeton d'API", en: 'API token revoked' },
  'audit.action.settings.change': { fr: 'Modification des paramètres', en: 'Settings changed' },
  'audit.action.access.denied': { fr: 'Accès refusé', en: 'Access denied' },
});

/** One sentence describing a verification result, in `locale`. */
export function describeVerifyResult(r: VerifyResult, locale: Locale): string {
  return r.ok
    ? t(locale, 'audit.chain_ok', { count: r.count })
    : t(locale, `audit.chain_broken.${r.reason}`, { seq: r.firstBadSeq });
}

/** The label of an action ('auth.login' → « Connexion »), or the action code itself when unknown. */
export function actionLabel(action: string, locale: Locale): string {
  const code = `audit.action.${action}`;
  return hasMessage(code) ? t(locale, code) : action;
}

export function outcomeLabel(outcome: AuditOutcome, locale: Locale): string {
  return t(locale, `audit.outcome.${outcome}`);
}
