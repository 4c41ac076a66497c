/**
 * Custom STIX object types (STIX 2.1 §7.3, new-sdo extensions) of correlation links and alerts, forecast alerts (src/analysis).
 * Names only, with no imports: src/objects/stix.ts lists them among the supported types.
 */
export const ANALYSIS_TYPES = [] as const;

export type AnalysisType = (typeof ANALYSIS_TYPES)[number];
