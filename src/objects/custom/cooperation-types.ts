/**
 * Custom STIX object types (STIX 2.1 §7.3, new-sdo extensions) of the cooperation ledger (src/cooperation).
 * Names only, with no imports: src/objects/stix.ts lists them among the supported types.
 */
export const COOPERATION_TYPES = [] as const;

export type CooperationType = (typeof COOPERATION_TYPES)[number];
