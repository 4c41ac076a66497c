/** French and English texts of this node's key management ([FED-50]–[FED-53]). Codes `keys.`. */
import { defineMessages } from '../../i18n/i18n.ts';

export const keysMessages = defineMessages({
  'keys.no_data_dir': {
    fr: 'Ce nœud a été ouvert sans répertoire de données : ses clés ne peuvent pas changer.',
    en: 'This node was opened without a data directory: its keys cannot change.',
  },
  'keys.bad_overlap': {
    fr: 'Recouvrement invalide : un nombre d’heures entre 0 et {max} est attendu.',
    en: 'Invalid overlap: a number of hours between 0 and {max} is expected.',
  },
  'keys.rotation_pending': {
    fr: 'Une rotation attend encore ses partenaires (nouvelle clé {kid}) : attendez la bascule ou la fin du recouvrement.',
    en: 'A rotation is still waiting for partners (new key {kid}): wait for the switch or the end of the overlap.',
  },
  'keys.unknown_key': {
    fr: 'Clé de signature inconnue de ce nœud : {kid}.',
    en: 'Signing key unknown to this node: {kid}.',
  },
  'keys.revoke_signer': {
    fr: 'La clé {kid} signe en ce moment : faites d’abord « sentinelle keys rotate », puis révoquez-la.',
    en: 'Key {kid} signs right now: run "sentinelle keys rotate" first, then revoke it.',
  },
  'keys.revoke_pending': {
    fr: 'La clé {kid} attend de remplacer la clé actuelle : attendez la bascule, puis faites une nouvelle rotation avant de la révoquer.',
    en: 'Key {kid} is waiting to replace the current key: wait for the switch, then rotate again before revoking it.',
  },
  'keys.bad_from': {
    fr: 'Date de début de révocation illisible : {value} (RFC 3339 attendu).',
    en: 'Unreadable revocation start: {value} (RFC 3339 expected).',
  },
  'keys.already_revoked': {
    fr: 'La clé {kid} est déjà révoquée au moins aussi strictement.',
    en: 'Key {kid} is already revoked at least as strictly.',
  },
  'keys.cli.rotated': {
    fr: 'Nouvelle clé de signature {kid} publiée (jeu de clés version {version}) ; elle signera dès que les partenaires l’auront reçue, au plus tard le {deadline}.',
    en: 'New signing key {kid} published (key set version {version}); it signs once partners have received it, at the latest on {deadline}.',
  },
  'keys.cli.revoked': {
    fr: 'Clé {kid} révoquée ({reason}, à partir du {from}) : jeu de clés version {version}, envoyé en FLASH aux partenaires.',
    en: 'Key {kid} revoked ({reason}, from {from}): key set version {version}, sent FLASH to partners.',
  },
  'keys.cli.head': {
    fr: 'CLÉ      USAGE  DÉBUT                 ÉTAT',
    en: 'KEY      USE    FROM                  STATUS',
  },
  'keys.cli.signing': { fr: 'signe', en: 'signing' },
  'keys.cli.pending': {
    fr: 'en attente (au plus tard {deadline})',
    en: 'pending (at the latest {deadline})',
  },
  'keys.cli.revoked_state': { fr: 'révoquée ({reason}, {from})', en: 'revoked ({reason}, {from})' },
  'keys.cli.until': { fr: '(jusqu’au {from})', en: '(until {from})' },
  'keys.cli.valid': { fr: 'valide', en: 'valid' },
  'keys.cli.version': { fr: 'Jeu de clés version {version}.', en: 'Key set version {version}.' },
});
