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
    fr: 'Requête de relève invalide : paramètres « from » (nœud) et « sig » (requête signée) attendus.',
    en: 'Invalid pull request: "from" (node) and "sig" (signed request) parameters expected.',
  },
  'fed.engine.status_head': {
    fr: 'Partenaire                              connecté  en attente  plus ancien non acquitté     dernière erreur',
    en: 'Partner                                 connected backlog     oldest unacknowledged        last error',
  },
  'fed.engine.yes': { fr: 'oui', en: 'yes' },
  'fed.engine.no': { fr: 'non', en: 'no' },
  'fed.engine.none': { fr: 'aucun', en: 'none' },
});
