/**
 * Custom STIX object types (STIX 2.1 §7.3, new-sdo extensions) of joint operations, protected sites, deconfliction notices (src/operations).
 * Names only, with no imports: src/objects/stix.ts lists them among the supported types.
 */
export const OPERATIONS_TYPES = [] as const;

export type OperationsType = (typeof OPERATIONS_TYPES)[number];
