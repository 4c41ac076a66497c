/** What GET /api/v1/objects/{id}/related answers (src/analysis/service.ts). */
export type LinkKind = 'duplicate' | 'cross-border' | 'arms';
export type LinkStatus = 'open' | 'confirmed' | 'rejected';

export interface RecordSummary {
  id: string;
  type: string;
  name: string | null;
  description: string | null;
  event_type: string | null;
  occurred_at: string | null;
  country: string | null;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
  fatalities: Record<string, number> | null;
  actor_refs: string[];
  source: string | null;
  origin: string;
  created_by_ref: string | null;
  created_by_name: string | null;
}

export interface RelatedLink {
  kind: LinkKind;
  a: string;
  b: string;
  score: number;
  status: LinkStatus;
  explanation: { fr: string; en: string };
  alert_id: string | null;
  relationship_id: string | null;
  other: RecordSummary;
}

export interface RelatedAnswer {
  record: RecordSummary;
  items: RelatedLink[];
}

/** Total of the fatality counts, or null when none were given. */
export function totalKilled(s: RecordSummary): number | null {
  if (!s.fatalities) return null;
  const v = Object.values(s.fatalities);
  return v.length ? v.reduce((a, b) => a + b, 0) : null;
}
