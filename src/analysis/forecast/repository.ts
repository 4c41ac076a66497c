/** SQL of the forecast: the node's incidents as events, and stored runs. */
import type { Queryable } from '../../store/db.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID } from '../../objects/stix.ts';
import type { ForecastEvent } from './events.ts';
import type { Driver } from './model.ts';

export interface StoredEvent extends ForecastEvent {
  id: string;
}

/**
 * Current, unrevoked incidents with an event time and a place (the extension's location, as the
 * store indexes it). Deaths are the sum of the extension's casualty categories; type from the
 * extension's event type (battle → state-based, violence against civilians → one-sided).
 */
export async function loadIncidentEvents(db: Queryable): Promise<StoredEvent[]> {
  const { rows } = await db.query<{
    id: string;
    y: number;
    m: number;
    lat: number;
    lon: number;
    country: string | null;
    deaths: string | number | null;
    event_type: string | null;
  }>(
    `SELECT id,
            extract(year FROM event_time AT TIME ZONE 'UTC')::int AS y,
            extract(month FROM event_time AT TIME ZONE 'UTC')::int AS m,
            lat, lon, country,
            (SELECT coalesce(sum(CASE WHEN jsonb_typeof(v) = 'number' THEN v::text::numeric ELSE 0 END), 0)
               FROM jsonb_each(coalesce(object->'extensions'->$1->'fatalities', '{}'::jsonb)) AS f(k, v)) AS deaths,
            object->'extensions'->$1->>'event_type' AS event_type
       FROM objects
      WHERE type = 'incident' AND NOT revoked AND event_time IS NOT NULL
        AND lat IS NOT NULL AND lon IS NOT NULL AND country IS NOT NULL`,
    [SENTINELLE_INCIDENT_EXTENSION_ID],
  );
  return rows.map((r) => ({
    id: r.id,
    month: r.y * 12 + r.m - 1,
    lat: r.lat,
    lon: r.lon,
    country: r.country ?? '',
    deaths: Number(r.deaths ?? 0),
    type: r.event_type === 'battle' ? 1 : r.event_type === 'violence_against_civilians' ? 3 : 0,
  }));
}

export interface UnitForecast {
  id: string;
  country: string;
  name: string;
  lat: number;
  lon: number;
  probability: number;
  fatalities: number;
  drivers: Driver[];
}

export interface StoredRun {
  id: number;
  unit: 'cell' | 'admin1';
  horizon: number;
  trainedThrough: string;
  targetMonth: string;
  dataKey: string;
  incidents: number;
  model: unknown;
  createdAt: string;
}

/** Stores a run and its unit forecasts in one transaction; keeps the last `keep` runs per kind and horizon. */
export async function saveRun(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  run: Omit<StoredRun, 'id'>,
  units: readonly UnitForecast[],
  keep = 3,
): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO forecast_runs (unit_kind, horizon, trained_through, target_month, data_key, incidents, model, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        run.unit,
        run.horizon,
        run.trainedThrough,
        run.targetMonth,
        run.dataKey,
        run.incidents,
        JSON.stringify(run.model),
        run.createdAt,
      ],
    );
    const id = Number(rows[0]?.id);
    // One INSERT per chunk of units keeps a 1,200-cell run to a few statements.
    for (let k = 0; k < units.length; k += 200) {
      const chunk = units.slice(k, k + 200);
      const params: unknown[] = [];
      const values = chunk.map((u, i) => {
        params.push(
          id,
          u.id,
          u.country,
          u.name,
          u.lat,
          u.lon,
          u.probability,
          u.fatalities,
          JSON.stringify(u.drivers),
        );
        const b = i * 9;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`;
      });
      await tx.query(
        `INSERT INTO forecast_units (run_id, unit_id, country, name, lat, lon, probability, fatalities, drivers) VALUES ${values.join(', ')}`,
        params,
      );
    }
    await tx.query(
      `DELETE FROM forecast_runs WHERE unit_kind = $1 AND horizon = $2 AND id NOT IN
         (SELECT id FROM forecast_runs WHERE unit_kind = $1 AND horizon = $2 ORDER BY id DESC LIMIT $3)`,
      [run.unit, run.horizon, keep],
    );
    return id;
  });
}

export async function latestRun(db: Queryable, unit: string, horizon: number): Promise<StoredRun | null> {
  const { rows } = await db.query<{
    id: string;
    unit_kind: 'cell' | 'admin1';
    horizon: number;
    trained_through: string;
    target_month: string;
    data_key: string;
    incidents: number;
    model: unknown;
    created_at: Date | string;
  }>(`SELECT * FROM forecast_runs WHERE unit_kind = $1 AND horizon = $2 ORDER BY id DESC LIMIT 1`, [
    unit,
    horizon,
  ]);
  const r = rows[0];
  if (!r) return null;
  return {
    id: Number(r.id),
    unit: r.unit_kind,
    horizon: r.horizon,
    trainedThrough: r.trained_through,
    targetMonth: r.target_month,
    dataKey: r.data_key,
    incidents: r.incidents,
    model: r.model,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function runUnits(db: Queryable, runId: number, limit: number): Promise<UnitForecast[]> {
  const { rows } = await db.query<{
    unit_id: string;
    country: string;
    name: string;
    lat: number;
    lon: number;
    probability: number;
    fatalities: number;
    drivers: Driver[];
  }>(
    `SELECT unit_id, country, name, lat, lon, probability, fatalities, drivers FROM forecast_units
      WHERE run_id = $1 ORDER BY probability DESC, fatalities DESC, country, unit_id LIMIT $2`,
    [runId, limit],
  );
  return rows.map((r) => ({
    id: r.unit_id,
    country: r.country,
    name: r.name,
    lat: r.lat,
    lon: r.lon,
    probability: r.probability,
    fatalities: r.fatalities,
    drivers: r.drivers,
  }));
}
