/**
 * The node's service for the early-warning forecast: trains the hurdle model on the node's stored
 * incidents (its own and partners', imported public data included), forecasts every unit for the
 * month h ahead of the last complete month, stores the run (the model is the cache: reused while
 * no incident changed) and raises explainable alerts. Runs on demand (CLI, API), never on the
 * ingest path.
 */
import { DomainError } from '../../core/errors.ts';
import { t } from '../../i18n/i18n.ts';
import type { NodeCore } from '../../node/node.ts';
import { raiseAlert, type AlertSeverity } from '../alerts.ts';
import { loadAreaSet, type AreaSet } from './areas.ts';
import { monthLabel } from './events.ts';
import { gidAt } from './grid.ts';
import { FeatureCache, KIND_OPTIONS, predictHurdle, topDrivers, trainHurdle } from './model.ts';
import { areaOf, buildPanel, buildUnits, type Panel, type UnitKind } from './panel.ts';
import {
  latestRun,
  loadIncidentEvents,
  runUnits,
  saveRun,
  type StoredEvent,
  type UnitForecast,
} from './repository.ts';
import './messages.ts';

export interface ForecastThresholds {
  /** Probability of an event from which a unit raises a forecast-risk alert. */
  risk: number;
  /** A month with at least this many events… */
  surgeMin: number;
  /** …and this many standard deviations above the unit's previous 12 months raises a count-surge alert. */
  surgeSd: number;
  /** At most this many alerts of each kind per run (the riskiest first). */
  maxAlerts: number;
}

export const DEFAULT_THRESHOLDS: ForecastThresholds = { risk: 0.7, surgeMin: 3, surgeSd: 3, maxAlerts: 20 };

export interface ForecastView {
  unit: UnitKind;
  horizon: number;
  /** Last month observed (YYYY-MM). */
  trainedThrough: string;
  /** The month forecast (YYYY-MM). */
  targetMonth: string;
  createdAt: string;
  incidents: number;
  /** Month of the latest dated incident (YYYY-MM), or null: a forecast far past it assumes calm. */
  latestIncidentMonth: string | null;
  items: UnitForecast[];
  /** Alerts raised by this run (ids); empty when read back from the store. */
  alerts: string[];
}

const MIN_HISTORY = 2;
/** Months of history the node trains on at most (bounds the work on a long-lived node). */
const MAX_HISTORY = 60;

export class ForecastService {
  thresholds: ForecastThresholds = { ...DEFAULT_THRESHOLDS };
  private areas: AreaSet | undefined;
  private readonly inFlight = new Map<string, Promise<ForecastView>>();

  constructor(private readonly node: NodeCore) {}

  async start(): Promise<void> {}

  /** Waits for a run in progress, so the node closes its database after it. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private areaSet(): AreaSet {
    this.areas ??= loadAreaSet();
    return this.areas;
  }

  /** The latest stored forecast (top `limit` units by probability), or null. */
  async latest(unit: UnitKind, horizon: number, limit = 5000): Promise<ForecastView | null> {
    const run = await latestRun(this.node.db, unit, horizon);
    if (!run) return null;
    return {
      unit: run.unit,
      horizon: run.horizon,
      trainedThrough: run.trainedThrough,
      targetMonth: run.targetMonth,
      createdAt: run.createdAt,
      incidents: run.incidents,
      latestIncidentMonth: await this.latestIncidentMonth(),
      items: await runUnits(this.node.db, run.id, limit),
      alerts: [],
    };
  }

  /** The latest forecast, computed first when none is stored or the incidents changed since. */
  async current(unit: UnitKind, horizon: number, limit = 5000): Promise<ForecastView> {
    const key = await this.dataKey();
    const stored = await latestRun(this.node.db, unit, horizon);
    if (!stored || stored.dataKey !== key) await this.run({ unit, horizon });
    return (await this.latest(unit, horizon, limit)) as ForecastView;
  }

  private async latestIncidentMonth(): Promise<string | null> {
    const { rows } = await this.node.db.query<{ m: string | null }>(
      `SELECT to_char(max(event_time) AT TIME ZONE 'UTC', 'YYYY-MM') AS m FROM objects WHERE type = 'incident' AND NOT revoked`,
    );
    return rows[0]?.m ?? null;
  }

  /** What the stored model depends on: the incidents and the last complete month. */
  private async dataKey(): Promise<string> {
    const { rows } = await this.node.db.query<{ n: string; s: string | null }>(
      `SELECT count(*) AS n, max(seq) AS s FROM objects WHERE type = 'incident'`,
    );
    return `${rows[0]?.n ?? 0}:${rows[0]?.s ?? 0}:${this.lastCompleteMonth()}`;
  }

  private lastCompleteMonth(): number {
    const now = this.node.clock.now();
    return now.getUTCFullYear() * 12 + now.getUTCMonth() - 1;
  }

  /** Trains, forecasts, stores and raises alerts; one run per (unit, horizon) at a time. */
  run(opts: { unit: UnitKind; horizon: number; force?: boolean }): Promise<ForecastView> {
    if (opts.unit !== 'cell' && opts.unit !== 'admin1') {
      throw new DomainError(
        'invalid',
        'forecast.bad_unit',
        [{ path: '/unit', code: 'forecast.bad_unit', params: { field: 'unit', value: String(opts.unit) } }],
        { field: 'unit', value: String(opts.unit) },
      );
    }
    if (opts.horizon !== 1 && opts.horizon !== 3) {
      throw new DomainError(
        'invalid',
        'forecast.bad_horizon',
        [
          {
            path: '/horizon',
            code: 'forecast.bad_horizon',
            params: { field: 'horizon', value: String(opts.horizon) },
          },
        ],
        { field: 'horizon', value: String(opts.horizon) },
      );
    }
    const k = `${opts.unit}:${opts.horizon}`;
    let p = this.inFlight.get(k);
    if (!p) {
      p = this.compute(opts.unit, opts.horizon).finally(() => this.inFlight.delete(k));
      this.inFlight.set(k, p);
    }
    return p;
  }

  private async compute(unit: UnitKind, horizon: number): Promise<ForecastView> {
    const dataKey = await this.dataKey();
    const events = await loadIncidentEvents(this.node.db);
    const set = this.areaSet();
    const L = this.lastCompleteMonth();
    let first = Infinity;
    for (const e of events) if (e.month <= L) first = Math.min(first, e.month);
    const start = Math.max(first, L - MAX_HISTORY + 1);
    if (!Number.isFinite(first) || L - start < MIN_HISTORY + horizon) {
      throw new DomainError('invalid', 'forecast.not_enough_history', [], {
        months: Number.isFinite(first) ? L - first + 1 : 0,
        needed: MIN_HISTORY + horizon + 1,
      });
    }
    const countries = [...set.countries].sort();
    const units = buildUnits(set, unit, countries, events, { start, end: L });
    const panel = buildPanel(set, units, unit, events, { countries, start, end: L });
    const cache = new FeatureCache(panel);
    const model = trainHurdle(cache, L - start, horizon, { minHistory: MIN_HISTORY, ...KIND_OPTIONS[unit] });
    const X = cache.at(L - start);
    const pred = predictHurdle(model, X);
    const items: UnitForecast[] = units.map((u, i) => ({
      id: u.id,
      country: u.country,
      name: u.name,
      lat: u.lat,
      lon: u.lon,
      probability: pred.prob[i] ?? 0,
      fatalities: pred.fatalities[i] ?? 0,
      drivers: topDrivers(model, X, i, 3),
    }));
    const createdAt = this.node.clock.now().toISOString();
    const trainedThrough = monthLabel(L);
    const targetMonth = monthLabel(L + horizon);
    await saveRun(
      this.node.db,
      {
        unit,
        horizon,
        trainedThrough,
        targetMonth,
        dataKey,
        incidents: events.length,
        model: { event: model.event, size: model.size, linear: model.linear, validation: model.validation },
        createdAt,
      },
      items,
    );
    const alerts = await this.raiseAlerts(panel, items, events, L, L + horizon, horizon);
    items.sort((a, b) => b.probability - a.probability);
    let latest = -Infinity;
    for (const e of events) latest = Math.max(latest, e.month);
    return {
      unit,
      horizon,
      trainedThrough,
      targetMonth,
      createdAt,
      incidents: events.length,
      latestIncidentMonth: Number.isFinite(latest) ? monthLabel(latest) : null,
      items,
      alerts,
    };
  }

  private async raiseAlerts(
    panel: Panel,
    items: readonly UnitForecast[],
    events: readonly StoredEvent[],
    L: number,
    target: number,
    horizon: number,
  ): Promise<string[]> {
    const th = this.thresholds;
    const ids: string[] = [];
    const M = panel.months;
    const last = M - 1;
    const monthIso = (m: number) => new Date(Date.UTC(Math.floor(m / 12), m % 12, 1)).toISOString();
    const period = { from: monthIso(target), to: monthIso(target + 1) };
    // Incidents of each unit over the last three months observed: what the alert is about.
    const refsOf = (u: number, from: number) => {
      const unit = panel.units[u];
      if (!unit) return [];
      return events
        .filter(
          (e) => e.month >= from && e.month <= L && e.country === unit.country && this.unitOf(panel, e) === u,
        )
        .slice(0, 20)
        .map((e) => e.id);
    };
    const where = (u: number) => {
      const unit = panel.units[u]!;
      return {
        location: { lat: unit.lat, lon: unit.lon },
        country: unit.country,
        ...(unit.admin1Code ? { admin1: unit.name } : {}),
        ...(unit.gid !== null ? { cell: unit.gid } : {}),
      };
    };
    const risky = items
      .map((it, u) => ({ it, u }))
      .filter((x) => x.it.probability >= th.risk)
      .sort((a, b) => b.it.probability - a.it.probability)
      .slice(0, th.maxAlerts);
    for (const { it, u } of risky) {
      const severity: AlertSeverity = it.probability >= 0.9 ? 'high' : 'medium';
      const params = {
        unit: it.name,
        country: it.country,
        month: monthLabel(target),
        probability: Math.round(it.probability * 100),
        fatalities: it.fatalities.toFixed(1),
        drivers: it.drivers.map((d) => d.name).join(', '),
      };
      const a = await raiseAlert(this.node, {
        kind: 'forecast-risk',
        severity,
        title: t('fr', 'forecast.alert.risk.title', params),
        explanation: t('fr', 'forecast.alert.risk.explanation', params),
        score: it.probability,
        objectRefs: refsOf(u, L - 2),
        signals: it.drivers.map((d) => ({
          name: d.name,
          value: Number(d.value.toFixed(3)),
          weight: Number(d.weight.toFixed(3)),
        })),
        ...where(u),
        period,
        dedupeKey: `forecast-risk:${panel.kind}:${it.country}:${it.id}:${monthLabel(target)}:h${horizon}`,
      });
      ids.push(a.id);
    }
    const surges: { u: number; count: number; mean: number; sd: number }[] = [];
    for (let u = 0; u < panel.units.length; u++) {
      const count = panel.events[u * M + last] ?? 0;
      if (count < th.surgeMin) continue;
      const prev: number[] = [];
      for (let m = Math.max(0, last - 12); m < last; m++) prev.push(panel.events[u * M + m] ?? 0);
      const mean = prev.length ? prev.reduce((s, x) => s + x, 0) / prev.length : 0;
      const sd = prev.length ? Math.sqrt(prev.reduce((s, x) => s + (x - mean) ** 2, 0) / prev.length) : 0;
      if (count >= mean + th.surgeSd * Math.max(sd, 0.5)) surges.push({ u, count, mean, sd });
    }
    surges.sort((a, b) => b.count - b.mean - (a.count - a.mean));
    for (const s of surges.slice(0, th.maxAlerts)) {
      const unit = panel.units[s.u]!;
      const params = {
        unit: unit.name,
        country: unit.country,
        month: monthLabel(L),
        count: s.count,
        mean: s.mean.toFixed(1),
      };
      const z = (s.count - s.mean) / Math.max(s.sd, 0.5);
      const a = await raiseAlert(this.node, {
        kind: 'count-surge',
        severity: z >= 2 * th.surgeSd ? 'high' : 'medium',
        title: t('fr', 'forecast.alert.surge.title', params),
        explanation: t('fr', 'forecast.alert.surge.explanation', params),
        score: Math.min(1, z / (3 * th.surgeSd)),
        objectRefs: refsOf(s.u, L),
        signals: [
          { name: 'events_month', value: s.count },
          { name: 'events_mean_12m', value: Number(s.mean.toFixed(2)) },
          { name: 'events_sd_12m', value: Number(s.sd.toFixed(2)) },
        ],
        ...where(s.u),
        period: { from: monthIso(L), to: monthIso(L + 1) },
        dedupeKey: `count-surge:${panel.kind}:${unit.country}:${unit.id}:${monthLabel(L)}`,
      });
      ids.push(a.id);
    }
    return ids;
  }

  /** The panel unit of an event (same rule as buildPanel). */
  private unitOf(panel: Panel, e: StoredEvent): number {
    const set = this.areaSet();
    if (panel.kind === 'cell') {
      const gid = gidAt(e.lat, e.lon);
      return panel.units.findIndex((u) => u.gid === gid && u.country === e.country);
    }
    const code = areaOf(set, e);
    return code
      ? panel.units.findIndex((u) => u.admin1Code === code && u.country === e.country)
      : panel.units.findIndex((u) => u.outside === true && u.country === e.country);
  }
}
