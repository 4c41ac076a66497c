/** Schema of forecasts and forecast alerts (ids 25–29); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../../store/migrations.ts';

export const forecastMigrations: readonly Migration[] = [
  {
    id: 25,
    name: 'forecast_runs',
    // One row per forecast run (unit kind, horizon): the trained model (JSON trees, the node's
    // cache: reused while no incident changed), and one row per unit of its forecasts. The
    // service keeps the last few runs of each kind and horizon, so the tables stay small.
    up: /* sql */ `
      CREATE TABLE forecast_runs (
        id bigserial PRIMARY KEY,
        unit_kind text NOT NULL CHECK (unit_kind IN ('cell', 'admin1')),
        horizon integer NOT NULL CHECK (horizon IN (1, 3)),
        trained_through text NOT NULL,
        target_month text NOT NULL,
        data_key text NOT NULL,
        incidents integer NOT NULL,
        model jsonb NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX forecast_runs_latest ON forecast_runs (unit_kind, horizon, id DESC);

      CREATE TABLE forecast_units (
        run_id bigint NOT NULL REFERENCES forecast_runs (id) ON DELETE CASCADE,
        unit_id text NOT NULL,
        country text NOT NULL,
        name text NOT NULL,
        lat double precision NOT NULL,
        lon double precision NOT NULL,
        probability double precision NOT NULL,
        fatalities double precision NOT NULL,
        drivers jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, country, unit_id)
      );
      CREATE INDEX forecast_units_rank ON forecast_units (run_id, probability DESC);
    `,
    down: /* sql */ `
      DROP TABLE forecast_units;
      DROP TABLE forecast_runs;
    `,
  },
];
