/** Texts of `policy explain`, `agreement show` states and decisions, in French and English. */
import { defineMessages } from '../i18n/i18n.ts';

export const sharingTextMessages = defineMessages({
  'sharing.explain.head': { fr: 'Enregistrement {record} → partenaire {peer}', en: 'Record {record} → partner {peer}' },
  'sharing.explain.decision.release': { fr: 'Décision : communiqué tel quel (priorité {priority}).', en: 'Decision: released as is (priority {priority}).' },
  'sharing.explain.decision.release-redacted': {
    fr: 'Décision : communiqué après réduction (priorité {priority}).',
    en: 'Decision: released redacted (priority {priority}).',
  },
  'sharing.explain.decision.withhold': { fr: 'Décision : retenu.', en: 'Decision: withheld.' },
  'sharing.explain.under': { fr: "Au titre de l'accord {agreement}, version {version}. Motifs :", en: 'Under agreement {agreement}, version {version}. Reasons:' },
  'sharing.explain.per_agreement': { fr: 'Accord par accord :', en: 'Agreement by agreement:' },
  'sharing.explain.agreement_line': {
    fr: '« {title} » v{version} ({state}) : {decision}',
    en: '"{title}" v{version} ({state}): {decision}',
  },
  'sharing.decision.release': { fr: 'communiqué', en: 'released' },
  'sharing.decision.release-redacted': { fr: 'communiqué après réduction', en: 'released redacted' },
  'sharing.decision.withhold': { fr: 'retenu', en: 'withheld' },
  'sharing.state.effective': { fr: 'en vigueur', en: 'in force' },
  'sharing.state.awaiting_signatures': { fr: 'en attente de signatures', en: 'awaiting signatures' },
  'sharing.state.not_started': { fr: 'pas encore en vigueur', en: 'not yet in force' },
  'sharing.state.expired': { fr: 'expiré', en: 'expired' },
  'sharing.state.revoked': { fr: 'révoqué', en: 'revoked' },
  'sharing.state.superseded': { fr: 'remplacé par une version ultérieure', en: 'superseded by a later version' },
  'sharing.state.party_unregistered': { fr: "une partie n'est plus enregistrée", en: 'a party is no longer registered' },
});
