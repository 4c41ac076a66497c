/**
 * Custom STIX object types (STIX 2.1 §7.3, new-sdo extensions) of joint operations, protected sites, deconfliction notices (src/operations).
 * Names only, with no imports: src/objects/stix.ts lists them among the supported types.
 */
export const OPERATIONS_TYPES = [
  'x-sentinelle-operation',
  'x-sentinelle-operation-outcome',
  'x-sentinelle-protected-site',
  'x-sentinelle-deconfliction-notice',
] as const;

export type OperationsType = (typeof OPERATIONS_TYPES)[number];

/** What a planned activity is: decides its default buffer and time tolerance (src/operations/footprint.ts). */
export const ACTIVITY_KINDS = [
  'operation',
  'patrol',
  'convoy',
  'movement',
  'air-operation',
  'training',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The lifecycle of an operation or activity (transitions in src/operations/lifecycle.ts). */
export const OPERATION_STATUSES = [
  'draft',
  'proposed',
  'approved',
  'active',
  'completed',
  'cancelled',
] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** Protected sites and movements notified by humanitarian organisations and local authorities. */
export const SITE_KINDS = [
  'health-centre',
  'school',
  'humanitarian-compound',
  'humanitarian-convoy',
  'idp-camp',
  'water-point',
  'other',
] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const NOTICE_KINDS = ['activity', 'protected-site'] as const;
/** `resolved`: the sender coordinated it (with `resolution`); `withdrawn`: no overlap is left. */
export const NOTICE_STATUSES = ['open', 'resolved', 'withdrawn'] as const;
/** How the sender closed the conflict behind a notice (the operations resolutions and the node's own). */
export const NOTICE_RESOLUTIONS = ['coordinated', 're-timed', 're-routed', 'accepted-risk', 'withdrawn', 'cleared'] as const;
