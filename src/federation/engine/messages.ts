/** French and English texts of the stream engine (HTTP problems, CLI peer status). Codes `fed.engine.`. */
import { defineMessages } from '../../i18n/i18n.ts';

export const engineMessages = defineMessages({
  'fed.engine.bad_batch': {
    fr: 'Lot d’enveloppes illisible : un message « envelope » encodé en CBOR compact est attendu.',
    en: 'Unreadable envelope batch: a compact-CBOR "envelope" message is expected.',
  },
  'fed.engine.wrong_receiver': {
    fr: 'Ce lot est destiné à un autre nœud.',
    en: 'This batch is addressed to another node.',
  },
  'fed.engine.unknown_peer': {
    fr: 'Nœud partenaire inconnu ou retiré : {id}.',
    en: 'Unknown or removed partner node: {id}.',
  },
  'fed.engine.bad_pull': {
    fr: 'Requête de relève invalide ({detail}) : un « pull » signé par un partenaire enregistré est attendu.',
    en: 'Invalid pull request ({detail}): a "pull" signed by a registered partner is expected.',
  },
  'fed.bundle.no_kex_key': {
    fr: 'Clé de chiffrement du partenaire {id} inconnue : importez d’abord son jeu de clés (« sentinelle federation keyset import »).',
    en: 'Encryption key of partner {id} unknown: import its key set first ("sentinelle federation keyset import").',
  },
  'fed.bundle.no_own_kex': {
    fr: 'Ce nœud n’a pas de clé d’accord de clés (répertoire de données absent).',
    en: 'This node has no key-agreement key (no data directory).',
  },
  'fed.bundle.refused': {
    fr: 'Lot hors ligne refusé en entier : {reason}.',
    en: 'Offline bundle refused as a whole: {reason}.',
  },
  'fed.keyset.refused': {
    fr: 'Jeu de clés refusé : {reason}.',
    en: 'Key set refused: {reason}.',
  },
  'fed.cli.bundle_written': {
    fr: 'Lot écrit dans {file} : {envelopes} élément(s), {acks} accusé(s) de réception, {bytes} octets, chiffré pour {peer}.',
    en: 'Bundle written to {file}: {envelopes} item(s), {acks} acknowledgement(s), {bytes} bytes, encrypted to {peer}.',
  },
  'fed.cli.bundle_read': {
    fr: 'Lot de {sender} ({complete}) : {items} élément(s) lus, {applied} appliqué(s), {settled} élément(s) de la file d’envoi acquitté(s).',
    en: 'Bundle from {sender} ({complete}): {items} item(s) read, {applied} applied, {settled} outbox item(s) acknowledged.',
  },
  'fed.cli.narrow_written': {
    fr: '{messages} message(s) de liaison étroite écrit(s) dans {dir} ({items} élément(s), {max} octets au plus, {bytes} octets en tout), chiffrés pour {peer}.',
    en: '{messages} narrow-link message(s) written to {dir} ({items} item(s), at most {max} bytes each, {bytes} bytes in all), encrypted to {peer}.',
  },
  'fed.cli.narrow_read': {
    fr: 'Liaison étroite depuis {sender} : {envelopes} enveloppe(s) ouverte(s), {applied} appliquée(s), {waiting} message(s) en attente de fragments.',
    en: 'Narrow link from {sender}: {envelopes} envelope(s) opened, {applied} applied, {waiting} message(s) waiting for fragments.',
  },
  'fed.cli.narrow_refused_line': {
    fr: '  refusé(s) — {reason} : {count}',
    en: '  refused — {reason}: {count}',
  },
  'fed.cli.narrow_bad_cap': {
    fr: 'Taille de message invalide (--cap) : un entier de 64 à 65536 octets est attendu.',
    en: 'Invalid message size (--cap): an integer from 64 to 65536 bytes is expected.',
  },
  'fed.cli.complete': { fr: 'complet', en: 'complete' },
  'fed.cli.incomplete': {
    fr: 'INCOMPLET : fichier tronqué ou endommagé',
    en: 'INCOMPLETE: truncated or damaged file',
  },
  'fed.cli.nack_line': {
    fr: '  non appliqué(s) — {reason} : {count}',
    en: '  not applied — {reason}: {count}',
  },
  'fed.cli.rejected_line': {
    fr: '  enregistrement n° {index} rejeté : {reason}',
    en: '  record #{index} rejected: {reason}',
  },
  'fed.cli.keyset_written': {
    fr: 'Jeu de clés de ce nœud (version {version}) écrit dans {file}.',
    en: 'This node’s key set (version {version}) written to {file}.',
  },
  'fed.cli.keyset_imported': {
    fr: 'Jeu de clés de {node} importé : version {version}{unchanged}.',
    en: 'Key set of {node} imported: version {version}{unchanged}.',
  },
  'fed.cli.unchanged': { fr: ' (déjà connu)', en: ' (already known)' },
  'fed.cli.pulled': {
    fr: 'Relève depuis {peer} : {rounds} requête(s), {received} élément(s) reçu(s), {applied} appliqué(s).',
    en: 'Pulled from {peer}: {rounds} request(s), {received} item(s) received, {applied} applied.',
  },
  'fed.cli.shares_head': {
    fr: 'Enregistrement\tOpération\tAccord\tPosition\tDiffusé le\tAcquitté le\tRefus\tReçu signé',
    en: 'Record\tOperation\tAgreement\tPosition\tReleased at\tAcknowledged at\tNack\tSigned receipt',
  },
  'fed.cli.receipt.verified': { fr: 'vérifié (signé le {at})', en: 'verified (signed at {at})' },
  'fed.cli.receipt.invalid': { fr: 'INVALIDE', en: 'INVALID' },
  'fed.cli.receipt.none': { fr: 'aucun', en: 'none' },
  'fed.cli.shares_total': {
    fr: '{total} élément(s) diffusé(s) à {peer}, {verified} avec reçu signé vérifié.',
    en: '{total} item(s) released to {peer}, {verified} with a verified signed receipt.',
  },
  'fed.engine.status_head': {
    fr: 'Partenaire                              connecté  en attente  plus ancien non acquitté     dernier accusé               dernière erreur',
    en: 'Partner                                 connected backlog     oldest unacknowledged        last acknowledgement         last error',
  },
  'fed.engine.yes': { fr: 'oui', en: 'yes' },
  'fed.engine.no': { fr: 'non', en: 'no' },
  'fed.engine.none': { fr: 'aucun', en: 'none' },
});
