/** Schema of correlation links and alerts (ids 20–24); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../store/migrations.ts';

export const analysisMigrations: readonly Migration[] = [
  {
    id: 20,
    name: 'analysis_correlation',
    // For src/analysis/ (see src/analysis/README.md). `analysis_incidents` holds what correlation
    // compares of each current incident, filled by the worker as it follows the change feed; its
    // (cell, event_time) index makes a candidate search a handful of short range scans (0.5° cells,
    // PRIO-GRID numbering) instead of a scan of `objects`. `analysis_materiel` is the normalised
    // arms-identifier index. `analysis_links` keeps one row per (kind, a < b) pair: the worker
    // upserts open links, keeps at most a capped number of open links per record and kind, and
    // never reopens a link an analyst decided. `analysis_cursor` is the worker's feed position.
    up: /* sql */ `
      CREATE TABLE analysis_cursor (
        name text PRIMARY KEY,
        position bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE analysis_incidents (
        id text PRIMARY KEY,
        provenance text NOT NULL,
        origin text NOT NULL,
        event_time timestamptz NOT NULL,
        lat double precision,
        lon double precision,
        cell integer,
        country text,
        admin1 text,
        event_type text NOT NULL,
        fatalities integer,
        actor_refs text[] NOT NULL DEFAULT '{}',
        seq bigint NOT NULL
      );
      CREATE INDEX analysis_incidents_cell_time ON analysis_incidents (cell, event_time);
      CREATE INDEX analysis_incidents_area_time ON analysis_incidents (country, admin1, event_time);
      CREATE INDEX analysis_incidents_actors ON analysis_incidents USING gin (actor_refs);

      CREATE TABLE analysis_materiel (
        kind text NOT NULL CHECK (kind IN ('serial', 'marks_lot', 'headstamp')),
        value text NOT NULL,
        record_id text NOT NULL,
        provenance text NOT NULL,
        label text NOT NULL,
        PRIMARY KEY (kind, value, record_id)
      );
      CREATE INDEX analysis_materiel_record ON analysis_materiel (record_id);

      CREATE TABLE analysis_links (
        kind text NOT NULL CHECK (kind IN ('duplicate', 'cross-border', 'arms')),
        a text NOT NULL,
        b text NOT NULL,
        score real NOT NULL CHECK (score >= 0 AND score <= 1),
        code text NOT NULL,
        params jsonb NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'rejected')),
        alert_id text,
        relationship_id text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        decided_by text,
        decided_at timestamptz,
        PRIMARY KEY (kind, a, b),
        CHECK (a < b)
      );
      CREATE INDEX analysis_links_a ON analysis_links (a);
      CREATE INDEX analysis_links_b ON analysis_links (b);
      CREATE INDEX analysis_links_open ON analysis_links (kind, score DESC) WHERE status = 'open'
    `,
    down: /* sql */ `
      DROP TABLE analysis_links; DROP TABLE analysis_materiel; DROP TABLE analysis_incidents;
      DROP TABLE analysis_cursor
    `,
  },
  {
    id: 21,
    name: 'analysis_actor_index',
    // Cross-border candidates by (actor, time) in a btree: a GIN index on actor_refs keeps new
    // entries in an unsorted pending list until VACUUM, which embedded PGlite never runs, so its
    // lookups slowed down with every insert (15 ms for 100 rows at 20k incidents). Place columns are
    // copied so that the window filters run on the index's table, before any incident row is read.
    up: /* sql */ `
      CREATE TABLE analysis_actor_events (
        actor text NOT NULL,
        event_time timestamptz NOT NULL,
        id text NOT NULL,
        lat double precision,
        lon double precision,
        country text,
        PRIMARY KEY (actor, event_time, id) INCLUDE (lat, lon, country)
      );
      CREATE INDEX analysis_actor_events_id ON analysis_actor_events (id);
      INSERT INTO analysis_actor_events (actor, event_time, id, lat, lon, country)
        SELECT DISTINCT unnest(actor_refs), event_time, id, lat, lon, country FROM analysis_incidents;
      DROP INDEX analysis_incidents_actors
    `,
    down: /* sql */ `
      CREATE INDEX analysis_incidents_actors ON analysis_incidents USING gin (actor_refs);
      DROP TABLE analysis_actor_events
    `,
  },
  {
    id: 22,
    name: 'analysis_links_by_status',
    // The analysts' list (`sentinelle correlation list`): links of one status, best first, with an
    // optional kind and minimum score, read as the first rows of this index instead of a sort of
    // every open link (up to maxLinksPerRecord per record and kind: millions on a large node).
    up: /* sql */ `CREATE INDEX analysis_links_status_score ON analysis_links (status, score DESC, kind, a, b)`,
    down: /* sql */ `DROP INDEX analysis_links_status_score`,
  },
];
