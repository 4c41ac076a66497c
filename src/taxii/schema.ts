/** Schema of TAXII 2.1 server and client (ids 10–19); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../store/migrations.ts';

export const taxiiMigrations: readonly Migration[] = [
  {
    id: 10,
    name: 'taxii',
    up: /* sql */ `
      -- TAXII date_added of every stored version (docs/taxii.md §3): stamped in change-seq order
      -- from changes.at, bumped by one microsecond when not later than the previous one, so that
      -- date_added strictly increases with seq and added_after is an exact, stable cursor.
      CREATE TABLE taxii_added (
        seq bigint PRIMARY KEY,
        id text NOT NULL,
        date_added timestamptz NOT NULL
      );
      CREATE INDEX taxii_added_date ON taxii_added (date_added);
      CREATE INDEX taxii_added_id ON taxii_added (id, seq);
      CREATE TABLE taxii_stamp (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        seq bigint NOT NULL,
        date_added timestamptz
      );
      INSERT INTO taxii_stamp (one, seq) VALUES (true, 0);

      -- Status resources of POSTed envelopes (TAXII 2.1 §4.3).
      CREATE TABLE taxii_status (
        id text PRIMARY KEY,
        user_id text NOT NULL,
        collection_id text NOT NULL,
        request_timestamp timestamptz NOT NULL,
        body jsonb NOT NULL
      );

      -- Partner accounts: a node account that acts for a peer node (docs/taxii.md §5).
      CREATE TABLE taxii_partners (
        user_id text PRIMARY KEY REFERENCES users (id),
        peer_id text NOT NULL,
        bound_at timestamptz NOT NULL,
        bound_by text NOT NULL
      );

      -- The TAXII client's resume point per source (api root + collection).
      CREATE TABLE taxii_pull_state (
        source text PRIMARY KEY,
        added_after text NOT NULL,
        objects bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL
      );
    `,
    down: /* sql */ `
      DROP TABLE taxii_pull_state;
      DROP TABLE taxii_partners;
      DROP TABLE taxii_status;
      DROP TABLE taxii_stamp;
      DROP TABLE taxii_added;
    `,
  },
];
