/**
 * An agreement document turned into the sets and numbers the policy engine tests against, built
 * once per document object (memoised by identity, so the engine stays a pure function of its
 * inputs while deciding 100k records without re-reading the JSON each time).
 */
import { TLP_ORDER } from '../objects/markings.ts';
import { parseTimestamp } from '../objects/timestamps.ts';
import type { AgreementDocument, Priority } from './agreement.ts';
import { boxOf, type Box } from './geometry.ts';

export const DAY_MS = 86_400_000;

export interface CompiledAgreement {
  doc: AgreementDocument;
  startMs: number;
  expiryMs: number;
  types: ReadonlySet<string>;
  eventTypes: ReadonlySet<string> | null;
  maxTlpRank: number;
  anyOf: ReadonlySet<string> | null;
  noneOf: ReadonlySet<string> | null;
  area: {
    countries: ReadonlySet<string>;
    areas: ReadonlySet<string>;
    polygon: { rings: number[][][]; box: Box } | null;
  } | null;
  window: { lastDays: number } | { fromMs: number | null; toMs: number | null } | null;
  /** 0..3 for A..D; null when not required. */
  minReliability: number | null;
  minCredibility: number | null;
  priorityByLabel: ReadonlyMap<string, Priority>;
  priorityByEvent: ReadonlyMap<string, Priority>;
  defaultPriority: Priority;
  bulkAfterMs: number | null;
}

const cache = new WeakMap<AgreementDocument, CompiledAgreement>();

/** Rank of a priority: lower is more urgent. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { FLASH: 0, IMMEDIATE: 1, ROUTINE: 2, BULK: 3 };

const ms = (ts: string | undefined): number | null => (ts === undefined ? null : (parseTimestamp(ts)?.date.getTime() ?? null));

/** The compiled form of a validated document. */
export function compile(doc: AgreementDocument): CompiledAgreement {
  const hit = cache.get(doc);
  if (hit) return hit;
  const s = doc.scope;
  const byLabel = new Map<string, Priority>();
  const byEvent = new Map<string, Priority>();
  for (const rule of doc.priority?.rules ?? []) {
    for (const l of rule.labels ?? []) byLabel.set(l, rule.class);
    for (const e of rule.event_types ?? []) byEvent.set(e, rule.class);
  }
  const tw = s.time_window;
  const compiled: CompiledAgreement = {
    doc,
    startMs: ms(doc.start) ?? Infinity,
    expiryMs: ms(doc.expiry) ?? -Infinity,
    types: new Set(s.types),
    eventTypes: s.event_types ? new Set(s.event_types) : null,
    maxTlpRank: TLP_ORDER.indexOf(s.max_tlp),
    anyOf: s.labels?.any_of ? new Set(s.labels.any_of) : null,
    noneOf: s.labels?.none_of ? new Set(s.labels.none_of) : null,
    area: s.area
      ? {
          countries: new Set(s.area.countries ?? []),
          areas: new Set(s.area.admin_areas ?? []),
          polygon: s.area.polygon ? { rings: s.area.polygon.coordinates, box: boxOf(s.area.polygon.coordinates) } : null,
        }
      : null,
    window: !tw ? null : 'last_days' in tw ? { lastDays: tw.last_days } : { fromMs: ms(tw.from), toMs: ms(tw.to) },
    minReliability: s.min_grading?.source_reliability ? 'ABCD'.indexOf(s.min_grading.source_reliability) : null,
    minCredibility: s.min_grading?.information_credibility ?? null,
    priorityByLabel: byLabel,
    priorityByEvent: byEvent,
    defaultPriority: doc.priority?.default ?? 'ROUTINE',
    bulkAfterMs: doc.priority?.bulk_after_days ? doc.priority.bulk_after_days * DAY_MS : null,
  };
  cache.set(doc, compiled);
  return compiled;
}

/**
 * The priority class of a record under an agreement (docs/sharing.md §7): BULK when its event is
 * strictly older than `bulk_after_days` (a backfill never jumps the queue), else the most urgent
 * class among the rules it matches (labels, event type), else the default.
 */
export function priorityOf(c: CompiledAgreement, labels: readonly string[], eventType: string | null, eventTimeMs: number | null, nowMs: number): Priority {
  if (c.bulkAfterMs !== null && eventTimeMs !== null && nowMs - eventTimeMs > c.bulkAfterMs) return 'BULK';
  let best: Priority | null = null;
  const consider = (p: Priority | undefined) => {
    if (p !== undefined && (best === null || PRIORITY_RANK[p] < PRIORITY_RANK[best])) best = p;
  };
  for (const l of labels) consider(c.priorityByLabel.get(l));
  if (eventType !== null) consider(c.priorityByEvent.get(eventType));
  return best ?? c.defaultPriority;
}
