/**
 * French and English labels of the ledger's vocabularies (docs/cooperation.md). Plain data with no
 * Node-only imports: the web application and the printed report use the same labels.
 */
import type {
  ActivityKind,
  ActivityStatus,
  EquipmentCategory,
  Measure,
  Serviceability,
  Skill,
} from '../objects/custom/cooperation-types.ts';

export interface Label {
  fr: string;
  en: string;
}

export const SKILL_LABELS: Readonly<Record<Skill, Label>> = {
  counter_ied: { fr: 'Lutte contre les engins explosifs improvisés (C-IED)', en: 'Counter-IED' },
  first_aid_under_fire: { fr: 'Secourisme au combat', en: 'First aid under fire' },
  intelligence_analysis: { fr: 'Analyse du renseignement', en: 'Intelligence analysis' },
  international_humanitarian_law: {
    fr: 'Droit international humanitaire',
    en: 'International humanitarian law',
  },
  human_rights: { fr: 'Droits de l’homme', en: 'Human rights' },
  marksmanship: { fr: 'Tir de précision', en: 'Marksmanship' },
  patrol_tactics: { fr: 'Techniques de patrouille', en: 'Patrol tactics' },
  communications: { fr: 'Transmissions', en: 'Communications' },
  explosive_ordnance_disposal: {
    fr: 'Neutralisation des explosifs (NEDEX)',
    en: 'Explosive ordnance disposal',
  },
  border_control: { fr: 'Contrôle aux frontières', en: 'Border control' },
  investigation_forensics: { fr: 'Police technique et scientifique', en: 'Investigation and forensics' },
  vehicle_maintenance: { fr: 'Maintenance des véhicules', en: 'Vehicle maintenance' },
  command_staff: { fr: 'Commandement et état-major', en: 'Command and staff' },
  civil_military: { fr: 'Coopération civilo-militaire', en: 'Civil–military cooperation' },
  logistics: { fr: 'Logistique', en: 'Logistics' },
};

export const ACTIVITY_STATUS_LABELS: Readonly<Record<ActivityStatus, Label>> = {
  proposed: { fr: 'proposée', en: 'proposed' },
  planned: { fr: 'planifiée', en: 'planned' },
  ongoing: { fr: 'en cours', en: 'ongoing' },
  completed: { fr: 'achevée', en: 'completed' },
  cancelled: { fr: 'annulée', en: 'cancelled' },
};

export const ACTIVITY_KIND_LABELS: Readonly<Record<ActivityKind, Label>> = {
  training: { fr: 'formation', en: 'training' },
  exercise: { fr: 'exercice', en: 'exercise' },
  advisory: { fr: 'conseil', en: 'advisory' },
  infrastructure: { fr: 'infrastructure', en: 'infrastructure' },
  other: { fr: 'autre', en: 'other' },
};

export const CATEGORY_LABELS: Readonly<Record<EquipmentCategory, Label>> = {
  vehicle: { fr: 'véhicules', en: 'vehicles' },
  communications: { fr: 'transmissions', en: 'communications' },
  weapon: { fr: 'armement', en: 'weapons' },
  ammunition: { fr: 'munitions', en: 'ammunition' },
  protective: { fr: 'protection', en: 'protective equipment' },
  medical: { fr: 'matériel médical', en: 'medical' },
  optics: { fr: 'optique', en: 'optics' },
  other: { fr: 'autre', en: 'other' },
};

export const MEASURE_LABELS: Readonly<Record<Measure, Label>> = {
  each: { fr: 'unité', en: 'each' },
  set: { fr: 'lot', en: 'set' },
  pair: { fr: 'paire', en: 'pair' },
  box: { fr: 'caisse', en: 'box' },
  kg: { fr: 'kg', en: 'kg' },
  litre: { fr: 'litre', en: 'litre' },
  round: { fr: 'cartouche', en: 'round' },
};

export const SERVICEABILITY_LABELS: Readonly<Record<Serviceability, Label>> = {
  operational: { fr: 'opérationnel', en: 'operational' },
  under_repair: { fr: 'en réparation', en: 'under repair' },
  unserviceable: { fr: 'hors service', en: 'unserviceable' },
  lost: { fr: 'perdu', en: 'lost' },
  stolen: { fr: 'volé', en: 'stolen' },
  destroyed: { fr: 'détruit', en: 'destroyed' },
};
