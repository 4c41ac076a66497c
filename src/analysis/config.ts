/**
 * Correlation windows and budgets. Defaults below; a node overrides any of them with the JSON
 * object stored in `node_settings` under the key `analysis.correlation` (read at start), e.g.
 * `{"duplicateDistanceKm": 15}`. Unknown keys and values out of range are ignored (the default stays).
 */
import type { Queryable } from '../store/db.ts';

export interface CorrelationConfig {
  /** Possible duplicates: at most this far apart in time (hours) … */
  duplicateHours: number;
  /** … and in space (km, great circle). */
  duplicateDistanceKm: number;
  /** Cross-border pattern: incidents of one actor in two countries at most this far apart (km) … */
  crossBorderDistanceKm: number;
  /** … and this far apart in time (days). */
  crossBorderDays: number;
  /** Links below this score are not stored. */
  minScore: number;
  /** Open links kept per record and kind (the best scores); older, weaker ones are pruned. */
  maxLinksPerRecord: number;
  /** Candidates read per record and rule (the nearest in time first). */
  maxCandidates: number;
  /** Changes read from the feed per round. */
  batchSize: number;
  /** Time budget per record (ms): a record that exceeds it is skipped for alerts, not retried. */
  recordBudgetMs: number;
}

export const DEFAULT_CORRELATION_CONFIG: Readonly<CorrelationConfig> = Object.freeze({
  duplicateHours: 48,
  duplicateDistanceKm: 25,
  crossBorderDistanceKm: 150,
  crossBorderDays: 30,
  minScore: 0.3,
  maxLinksPerRecord: 10,
  maxCandidates: 200,
  batchSize: 500,
  recordBudgetMs: 200,
});

const RANGES: Record<keyof CorrelationConfig, [number, number]> = {
  duplicateHours: [1, 24 * 31],
  duplicateDistanceKm: [0.1, 500],
  crossBorderDistanceKm: [1, 1000],
  crossBorderDays: [1, 366],
  minScore: [0, 1],
  maxLinksPerRecord: [1, 100],
  maxCandidates: [10, 5000],
  batchSize: [1, 10_000],
  recordBudgetMs: [1, 60_000],
};

export const CONFIG_SETTING_KEY = 'analysis.correlation';

/** Defaults overridden by valid values of `overrides` (anything else is ignored). */
export function mergeConfig(overrides: unknown): CorrelationConfig {
  const out: CorrelationConfig = { ...DEFAULT_CORRELATION_CONFIG };
  if (typeof overrides !== 'object' || overrides === null) return out;
  for (const [k, [min, max]] of Object.entries(RANGES) as [keyof CorrelationConfig, [number, number]][]) {
    const v = (overrides as Record<string, unknown>)[k];
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) out[k] = v;
  }
  return out;
}

/** The node's configuration (defaults + `node_settings['analysis.correlation']`). */
export async function loadConfig(q: Queryable): Promise<CorrelationConfig> {
  const { rows } = await q.query<{ value: unknown }>('SELECT value FROM node_settings WHERE key = $1', [
    CONFIG_SETTING_KEY,
  ]);
  return mergeConfig(rows[0]?.value);
}
