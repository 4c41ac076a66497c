import { defineMessages } from '../i18n/i18n.ts';

export const cliSharingMessages = defineMessages({
  'cli.peer.self': {
    fr: 'Fiche de ce nœud : {node_id} ({country}). Empreinte à lire à vos partenaires : {fingerprint}',
    en: 'This node’s card: {node_id} ({country}). Fingerprint to read to your partners: {fingerprint}',
  },
  'cli.peer.card_written': { fr: 'Fiche écrite dans {file}.', en: 'Card written to {file}.' },
  'cli.peer.added': {
    fr: 'Partenaire {name} ({country}) enregistré : {node_id}. Comparez de vive voix l’empreinte : {fingerprint}',
    en: 'Peer {name} ({country}) registered: {node_id}. Compare the fingerprint aloud: {fingerprint}',
  },
  'cli.peer.removed': { fr: 'Partenaire {name} ({country}) retiré.', en: 'Peer {name} ({country}) removed.' },
  'cli.peer.none': { fr: 'Aucun partenaire enregistré.', en: 'No registered peer.' },
  'cli.peer.active': { fr: 'actif', en: 'active' },
  'cli.peer.removed_on': { fr: 'retiré le {at}', en: 'removed on {at}' },
  'cli.peer.details': {
    fr: 'Partenaire {name} ({country})\n  nœud : {node_id}\n  URL : {base_url}\n  empreinte : {fingerprint}\n  enregistré le {added_at} par {added_by}\n  état : {state}',
    en: 'Peer {name} ({country})\n  node: {node_id}\n  URL: {base_url}\n  fingerprint: {fingerprint}\n  registered on {added_at} by {added_by}\n  state: {state}',
  },
  'cli.peer.missing_fields': {
    fr: 'Donnez --card <fichier>, ou --node-id, --name, --country, --url et --public-key.',
    en: 'Give --card <file>, or --node-id, --name, --country, --url and --public-key.',
  },
  'cli.agreement.stored': {
    fr: 'Accord {id}, version {version} : {state}. Signé par {signed} ; manque : {missing}.',
    en: 'Agreement {id}, version {version}: {state}. Signed by {signed}; missing: {missing}.',
  },
  'cli.agreement.exported': {
    fr: 'Accord {id}, version {version}, exporté vers {file} avec {count} signature(s).',
    en: 'Agreement {id}, version {version}, exported to {file} with {count} signature(s).',
  },
  'cli.agreement.none': { fr: 'Aucun accord.', en: 'No agreement.' },
  'cli.agreement.nobody': { fr: 'personne', en: 'nobody' },
  'cli.policy.bad_version': { fr: 'Version invalide : {value} (entier positif attendu).', en: 'Invalid version: {value} (positive integer expected).' },
  'cli.reciprocity.head': {
    fr: 'Réciprocité de {from} à {to} : enregistrements communiqués / reçus, par type et par priorité.',
    en: 'Reciprocity from {from} to {to}: records released / received, by type and by priority.',
  },
  'cli.reciprocity.peer': { fr: '{name} ({country}) — {node_id}', en: '{name} ({country}) — {node_id}' },
  'cli.reciprocity.line': { fr: '  {month}  communiqués {released}  reçus {received}', en: '  {month}  released {released}  received {received}' },
  'cli.reciprocity.total': {
    fr: '  Total    communiqués {released}  reçus {received}  solde {balance}',
    en: '  Total    released {released}  received {received}  balance {balance}',
  },
  'cli.reciprocity.none': { fr: 'Aucun partenaire.', en: 'No peer.' },
});
