/** Schema of operations, protected sites and deconfliction (ids 30–39); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../store/migrations.ts';

export const operationsMigrations: readonly Migration[] = [
  {
    id: 30,
    name: 'deconfliction conflicts',
    up: /* sql */ `
      -- One row per pair of overlapping activities (or activity and protected site), or per
      -- blind notice received from a partner about one of our activities. The records involved
      -- stay in the store; this is the inbox of what to coordinate, with its triage.
      CREATE TABLE op_conflicts (
        id text PRIMARY KEY,
        pair_key text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('activity', 'protected-site', 'notice')),
        a_id text NOT NULL,
        b_id text NOT NULL,
        overlap_from timestamptz NOT NULL,
        overlap_to timestamptz NOT NULL,
        lon double precision NOT NULL,
        lat double precision NOT NULL,
        distance_m double precision NOT NULL,
        contacts jsonb NOT NULL,
        severity text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
        resolution text CHECK (resolution IN ('coordinated', 're-timed', 're-routed', 'accepted-risk', 'withdrawn')),
        resolution_note text,
        alert_id text,
        notice_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        acknowledged_by text,
        resolved_by text
      );
      CREATE INDEX op_conflicts_a ON op_conflicts (a_id);
      CREATE INDEX op_conflicts_b ON op_conflicts (b_id);
      CREATE INDEX op_conflicts_status ON op_conflicts (status, created_at);

      -- Where the deconfliction follower stands in the change feed.
      CREATE TABLE op_state (
        key text PRIMARY KEY,
        value bigint NOT NULL
      );
    `,
    down: /* sql */ `
      DROP TABLE op_state;
      DROP TABLE op_conflicts;
    `,
  },
  {
    id: 31,
    name: 'deconfliction cleared by a change',
    // A conflict whose sides no longer overlap after a change (re-timed, moved, cancelled) is
    // closed by the node itself as `cleared`; it reopens if a later change overlaps again.
    up: /* sql */ `
      ALTER TABLE op_conflicts DROP CONSTRAINT op_conflicts_resolution_check;
      ALTER TABLE op_conflicts ADD CONSTRAINT op_conflicts_resolution_check
        CHECK (resolution IN ('coordinated', 're-timed', 're-routed', 'accepted-risk', 'withdrawn', 'cleared'))
    `,
    down: /* sql */ `
      UPDATE op_conflicts SET resolution = 'withdrawn' WHERE resolution = 'cleared';
      ALTER TABLE op_conflicts DROP CONSTRAINT op_conflicts_resolution_check;
      ALTER TABLE op_conflicts ADD CONSTRAINT op_conflicts_resolution_check
        CHECK (resolution IN ('coordinated', 're-timed', 're-routed', 'accepted-risk', 'withdrawn'))
    `,
  },
];
