/**
 * Custom STIX object types (STIX 2.1 §7.3, new-sdo extensions) of the cooperation ledger (src/cooperation).
 * Names only, with no imports: src/objects/stix.ts lists them among the supported types.
 * Vocabularies of the ledger live here too (plain data, also read by the web application);
 * their French and English labels are in src/cooperation/taxonomy.ts (docs/cooperation.md).
 */
export const COOPERATION_TYPES = [
  'x-sentinelle-programme',
  'x-sentinelle-coop-activity',
  'x-sentinelle-delivery',
  'x-sentinelle-receipt',
  'x-sentinelle-equipment-log',
] as const;

export type CooperationType = (typeof COOPERATION_TYPES)[number];

/** Lifecycle of an activity: proposed → planned → ongoing → completed, or cancelled before completion. */
export const ACTIVITY_STATUSES = ['proposed', 'planned', 'ongoing', 'completed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const ACTIVITY_KINDS = ['training', 'exercise', 'advisory', 'infrastructure', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Skills taught (docs/cooperation.md §2). */
export const SKILLS = [
  'counter_ied',
  'first_aid_under_fire',
  'intelligence_analysis',
  'international_humanitarian_law',
  'human_rights',
  'marksmanship',
  'patrol_tactics',
  'communications',
  'explosive_ordnance_disposal',
  'border_control',
  'investigation_forensics',
  'vehicle_maintenance',
  'command_staff',
  'civil_military',
  'logistics',
] as const;
export type Skill = (typeof SKILLS)[number];

export const EQUIPMENT_CATEGORIES = [
  'vehicle',
  'communications',
  'weapon',
  'ammunition',
  'protective',
  'medical',
  'optics',
  'other',
] as const;
export type EquipmentCategory = (typeof EQUIPMENT_CATEGORIES)[number];

/** Units of measure of delivered quantities. */
export const MEASURES = ['each', 'set', 'pair', 'box', 'kg', 'litre', 'round'] as const;
export type Measure = (typeof MEASURES)[number];

export const DELIVERY_STATUSES = ['notified', 'shipped', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const SERVICEABILITY = [
  'operational',
  'under_repair',
  'unserviceable',
  'lost',
  'stolen',
  'destroyed',
] as const;
export type Serviceability = (typeof SERVICEABILITY)[number];

export const LOG_KINDS = ['serviceability', 'end-use-check'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

export const CHECK_FINDINGS = ['compliant', 'non_compliant', 'not_found'] as const;
export type CheckFinding = (typeof CHECK_FINDINGS)[number];

/** The `format` member of the signed content of a proof of receipt (keeps it apart from other node signatures). */
export const RECEIPT_FORMAT = 'sentinelle-receipt/1';
