/**
 * Custom STIX object types (STIX 2.1 §7.3, new-sdo extensions) of correlation links and alerts,
 * forecast alerts (src/analysis). Names only, with no imports: src/objects/stix.ts lists them among
 * the supported types.
 */
export const ANALYSIS_TYPES = ['x-sentinelle-alert'] as const;

export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

/** What raised an alert. */
export const ALERT_KINDS = [
  'possible-duplicate',
  'cross-border-pattern',
  'arms-trafficking',
  'forecast-risk',
  'count-surge',
  'lost-equipment-seen',
  'deconfliction',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** How urgent: `flash` is sent first and sounds in the web feed. */
export const ALERT_SEVERITIES = ['flash', 'high', 'medium', 'low'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Where an alert stands in triage. */
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved', 'dismissed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
