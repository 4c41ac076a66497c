/** French and English texts of the partner report (CSV headers and the printed page). */
import type { Label } from './taxonomy.ts';

export const REPORT_TEXTS = {
  title: { fr: 'Rapport de coopération', en: 'Cooperation report' },
  period: { fr: 'Période', en: 'Period' },
  generated: { fr: 'établi le', en: 'generated on' },
  footer: {
    fr: 'Établi par Sentinelle à partir du registre de coopération et des chiffres de réciprocité. Les accusés de réception comptés sont ceux dont la signature du nœud destinataire a été vérifiée.',
    en: 'Produced by Sentinelle from the cooperation ledger and the reciprocity figures. Receipts counted are those whose receiving-node signature was verified.',
  },
  empty: { fr: 'Aucune formation achevée sur la période.', en: 'No completed training in the period.' },
  'html.provided': { fr: 'Fourni au partenaire', en: 'Provided to the partner' },
  'html.received': { fr: 'Reçu du partenaire', en: 'Received from the partner' },
  'html.skills_provided': {
    fr: 'Formation dispensée, par unité et compétence',
    en: 'Training provided, per unit and skill',
  },
  'html.skills_received': {
    fr: 'Formation reçue, par unité et compétence',
    en: 'Training received, per unit and skill',
  },
  'html.colon': { fr: ' : ', en: ': ' },
  'col.section': { fr: 'rubrique', en: 'section' },
  'col.key': { fr: 'élément', en: 'item' },
  'col.provided': { fr: 'fourni', en: 'provided' },
  'col.received': { fr: 'reçu', en: 'received' },
  'col.note': { fr: 'remarque', en: 'note' },
  'col.unit': { fr: 'Unité', en: 'Unit' },
  'col.skill': { fr: 'Compétence', en: 'Skill' },
  'col.gap': { fr: 'Manque', en: 'Gap' },
  'col.record': { fr: 'Saisie', en: 'Entry' },
  'col.due': { fr: 'Dû depuis', en: 'Due since' },
  'sec.period': { fr: 'période', en: 'period' },
  'sec.training': { fr: 'Formation', en: 'Training' },
  'sec.skill': { fr: 'Compétence', en: 'Skill' },
  'sec.equipment': { fr: 'Équipement', en: 'Equipment' },
  'sec.category': { fr: 'Catégorie', en: 'Category' },
  'sec.intelligence': { fr: 'Renseignement', en: 'Intelligence' },
  'sec.readiness': { fr: 'Disponibilité du matériel livré', en: 'Readiness of delivered equipment' },
  'sec.gaps': { fr: 'Saisies manquantes ou en retard', en: 'Missing and overdue entries' },
  'training.sessions': { fr: 'sessions achevées', en: 'completed sessions' },
  'training.trainees': { fr: 'stagiaires', en: 'trainees' },
  'training.traineeHours': { fr: 'heures-stagiaires', en: 'trainee-hours' },
  'training.passed': { fr: 'reçus', en: 'passed' },
  'equipment.deliveries': { fr: 'livraisons', en: 'deliveries' },
  'equipment.confirmed': {
    fr: 'réceptions attestées (signature vérifiée)',
    en: 'receipts confirmed (signature verified)',
  },
  'equipment.quantity': { fr: 'quantité', en: 'quantity' },
  'intelligence.records': { fr: 'enregistrements partagés', en: 'records shared' },
  'readiness.rate': {
    fr: 'Part opérationnelle du matériel dont l’état est connu, en fin de mois (%)',
    en: 'Operational share of equipment with a known state, at month end (%)',
  },
  'gap.receipt_overdue': { fr: 'réception non attestée', en: 'receipt not confirmed' },
  'gap.end_use_check_overdue': { fr: "contrôle d'utilisation finale en retard", en: 'end-use check overdue' },
  'gap.outcome_missing': { fr: 'activité achevée sans résultats', en: 'completed activity without outcomes' },
  'gap.serials_missing': {
    fr: 'armement livré sans numéros de série',
    en: 'weapons delivered without serial numbers',
  },
  'gap.days': { fr: 'jours de retard', en: 'days overdue' },
  'gaps.none': { fr: 'Aucun manque : le registre est à jour.', en: 'No gaps: the ledger is up to date.' },
} as const satisfies Record<string, Label>;

export type ReportText = keyof typeof REPORT_TEXTS;
