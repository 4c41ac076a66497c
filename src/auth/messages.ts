/** What people read about accounts, sign-in, tokens and roles. */
import { defineMessages } from '../i18n/i18n.ts';

export const authMessages = defineMessages({
  'auth.bad_credentials': {
    fr: "Nom d'utilisateur ou mot de passe incorrect.",
    en: 'Incorrect username or password.',
  },
  'auth.locked': {
    fr: 'Trop de tentatives de connexion échouées : réessayez dans {retryAfter} secondes.',
    en: 'Too many failed sign-in attempts: try again in {retryAfter} seconds.',
  },
  'auth.unauthenticated': { fr: 'Authentification requise.', en: 'Authentication required.' },
  'auth.forbidden': {
    fr: "Vous n'avez pas le droit d'effectuer cette action.",
    en: 'You are not allowed to do this.',
  },
  'auth.invalid': { fr: 'Données de compte invalides.', en: 'Invalid account data.' },
  'auth.username_invalid': {
    fr: "Le nom d'utilisateur doit compter de 3 à 64 caractères parmi a–z, 0–9, « . », « _ » et « - ».",
    en: "The username must be 3 to 64 characters from a–z, 0–9, '.', '_' and '-'.",
  },
  'auth.username_taken': { fr: "Ce nom d'utilisateur est déjà pris.", en: 'This username is already taken.' },
  'auth.display_name_invalid': {
    fr: 'Le nom affiché doit compter au plus {max} caractères.',
    en: 'The display name must be at most {max} characters.',
  },
  'auth.roles_empty': { fr: 'Au moins un rôle est requis.', en: 'At least one role is required.' },
  'auth.role_unknown': {
    fr: 'Rôle inconnu : admin, analyst, reporter, liaison, auditor ou partner attendu.',
    en: 'Unknown role: admin, analyst, reporter, liaison, auditor or partner expected.',
  },
  'auth.locale_invalid': {
    fr: 'Langue inconnue : « fr » ou « en » attendu.',
    en: "Unknown language: 'fr' or 'en' expected.",
  },
  'auth.password_too_short': {
    fr: 'Le mot de passe doit compter au moins {min} caractères.',
    en: 'The password must be at least {min} characters long.',
  },
  'auth.password_too_long': {
    fr: 'Le mot de passe doit compter au plus {max} caractères.',
    en: 'The password must be at most {max} characters long.',
  },
  'auth.password_equals_username': {
    fr: "Le mot de passe ne doit pas être le nom d'utilisateur.",
    en: 'The password must not be the username.',
  },
  'auth.current_password_wrong': {
    fr: 'Le mot de passe actuel est incorrect.',
    en: 'The current password is incorrect.',
  },
  'auth.user_not_found': { fr: 'Utilisateur introuvable.', en: 'User not found.' },
  'auth.last_admin': {
    fr: 'Impossible : ce compte est le dernier administrateur actif du nœud.',
    en: 'Not possible: this account is the last active administrator of the node.',
  },
  'auth.token_not_found': { fr: "Jeton d'API introuvable.", en: 'API token not found.' },
  'auth.token_name_invalid': {
    fr: 'Le nom du jeton doit compter de 1 à {max} caractères.',
    en: 'The token name must be 1 to {max} characters long.',
  },
  'auth.token_expiry_invalid': {
    fr: "La date d'expiration doit être une date RFC 3339 dans le futur.",
    en: 'The expiry must be an RFC 3339 date-time in the future.',
  },

  'auth.role.admin': { fr: 'Administrateur', en: 'Administrator' },
  'auth.role.analyst': { fr: 'Analyste', en: 'Analyst' },
  'auth.role.reporter': { fr: 'Rapporteur (unité de terrain)', en: 'Reporter (field unit)' },
  'auth.role.liaison': { fr: 'Officier de liaison', en: 'Liaison officer' },
  'auth.role.auditor': { fr: 'Auditeur', en: 'Auditor' },
  'auth.role.partner': {
    fr: 'Partenaire (lecture TAXII de ses collections, sans autre droit)',
    en: 'Partner (reads its TAXII collections, nothing else)',
  },
});
