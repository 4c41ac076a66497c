/**
 * One migration set for both engines (PGlite is PostgreSQL). Each migration has `up` and `down`;
 * they run in order, each in its own transaction, and are recorded in `schema_migrations`.
 */
import type { Db } from './db.ts';
import { taxiiMigrations } from '../taxii/schema.ts';
import { analysisMigrations } from '../analysis/schema.ts';
import { forecastMigrations } from '../analysis/forecast/schema.ts';
import { operationsMigrations } from '../operations/schema.ts';
import { cooperationMigrations } from '../cooperation/schema.ts';
import { interopMigrations } from '../interop/schema.ts';
import { federationMigrations } from '../federation/engine/schema.ts';

export interface Migration {
  id: number;
  name: string;
  up: string;
  down: string;
}

const coreMigrations: readonly Migration[] = [
  {
    id: 1,
    name: 'foundation',
    up: /* sql */ `
      -- Key/value settings of this node (organisation, country, node id...).
      CREATE TABLE node_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- Named monotonically increasing counters. Allocating from a row (UPDATE ... RETURNING) holds
      -- its row lock until commit, so sequence numbers become visible in the order they were
      -- allocated: a reader following the change feed by cursor never skips a late commit.
      CREATE TABLE counters (
        name text PRIMARY KEY,
        value bigint NOT NULL
      );
      INSERT INTO counters (name, value) VALUES ('change_seq', 0);

      -- Every version of every STIX object ever stored (history).
      CREATE TABLE object_versions (
        id text NOT NULL,
        modified timestamptz NOT NULL,
        type text NOT NULL,
        seq bigint NOT NULL,
        object jsonb NOT NULL,
        written_by text,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, modified)
      );

      -- The current version of each object, with the columns filters and access checks need.
      CREATE TABLE objects (
        id text PRIMARY KEY,
        type text NOT NULL,
        created timestamptz NOT NULL,
        modified timestamptz NOT NULL,
        revoked boolean NOT NULL DEFAULT false,
        created_by_ref text,
        owner_user text,
        origin text NOT NULL DEFAULT 'local',
        tlp text,
        rel_to text[] NOT NULL DEFAULT '{}',
        labels text[] NOT NULL DEFAULT '{}',
        marking_refs text[] NOT NULL DEFAULT '{}',
        country text,
        admin1 text,
        admin2 text,
        lat double precision,
        lon double precision,
        geo point,
        event_time timestamptz,
        search_text text NOT NULL DEFAULT '',
        search tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
        object jsonb NOT NULL,
        seq bigint NOT NULL
      );
      CREATE INDEX objects_seq ON objects (seq);
      CREATE INDEX objects_type_seq ON objects (type, seq);
      CREATE INDEX objects_type_event_time ON objects (type, event_time);
      CREATE INDEX objects_modified ON objects (modified);
      CREATE INDEX objects_created_by ON objects (created_by_ref);
      CREATE INDEX objects_owner ON objects (owner_user);
      CREATE INDEX objects_country_admin1 ON objects (country, admin1);
      CREATE INDEX objects_geo ON objects USING gist (geo);
      CREATE INDEX objects_search ON objects USING gin (search);
      CREATE INDEX objects_labels ON objects USING gin (labels);

      -- The local change feed: one row per stored version, in commit order (see counters).
      CREATE TABLE changes (
        seq bigint PRIMARY KEY,
        object_id text NOT NULL,
        modified timestamptz NOT NULL,
        op text NOT NULL CHECK (op IN ('create', 'update', 'revoke')),
        at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE users (
        id text PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL DEFAULT '',
        roles text[] NOT NULL,
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        locale text NOT NULL DEFAULT 'fr',
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE api_tokens (
        id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users (id),
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz
      );

      CREATE TABLE sessions (
        id_hash text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users (id),
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );

      -- Failed-login throttling, per username and per client address.
      CREATE TABLE login_failures (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        first_failure_at timestamptz NOT NULL,
        locked_until timestamptz
      );

      -- Append-only, hash-chained audit trail. 'at' is kept as the exact text that was hashed.
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        at text NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        outcome text NOT NULL,
        details jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_log_action ON audit_log (action);
      CREATE TABLE audit_head (
        id integer PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL
      );

      -- Background jobs, claimed with FOR UPDATE SKIP LOCKED so several processes never run one twice.
      CREATE TABLE jobs (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        payload jsonb NOT NULL,
        run_after timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        locked_by text,
        locked_until timestamptz,
        done_at timestamptz,
        last_error text
      );
      CREATE INDEX jobs_pending ON jobs (run_after) WHERE done_at IS NULL;
    `,
    down: /* sql */ `
      DROP TABLE jobs; DROP TABLE audit_head; DROP TABLE audit_log; DROP TABLE login_failures;
      DROP TABLE sessions; DROP TABLE api_tokens; DROP TABLE users; DROP TABLE changes;
      DROP TABLE objects; DROP TABLE object_versions; DROP TABLE counters; DROP TABLE node_settings;
    `,
  },
  {
    id: 2,
    name: 'record_store_keys_and_search',
    // For src/store/records.ts. STIX timestamps may carry more fractional digits than the
    // microseconds timestamptz keeps (STIX 2.1 §3.2; e.g. Go's RFC3339Nano): two versions that
    // differ at the 7th digit must stay two versions. Versions are therefore keyed by text
    // (records.time.ts: UTC seconds + fraction without trailing zeros; byte order = time order, hence
    // COLLATE "C"). `changes.modified_text` keeps the exact STIX string for the change feed. The GIN
    // index on rel_to serves releasability filters (REL TO) of sharing. `search` stops being
    // generated by to_tsvector: its parser cost about half of a bulk import's time in PostgreSQL;
    // records.ts fills it from words split in JS (records.words.ts), the same split as queries.
    up: /* sql */ `
      ALTER TABLE object_versions ADD COLUMN modified_key text COLLATE "C";
      UPDATE object_versions SET modified_key =
        rtrim(rtrim(to_char(modified AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.');
      ALTER TABLE object_versions ALTER COLUMN modified_key SET NOT NULL;
      ALTER TABLE object_versions DROP CONSTRAINT object_versions_pkey;
      ALTER TABLE object_versions ADD PRIMARY KEY (id, modified_key);
      ALTER TABLE objects ADD COLUMN modified_key text COLLATE "C";
      UPDATE objects SET modified_key =
        rtrim(rtrim(to_char(modified AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.');
      ALTER TABLE objects ALTER COLUMN modified_key SET NOT NULL;
      ALTER TABLE changes ADD COLUMN modified_text text;
      CREATE INDEX objects_rel_to ON objects USING gin (rel_to);
      ALTER TABLE objects ALTER COLUMN search DROP EXPRESSION
    `,
    // Versions that differ only beyond the microsecond cannot both survive the old key: the
    // earliest is kept.
    down: /* sql */ `
      ALTER TABLE objects DROP COLUMN search;
      ALTER TABLE objects ADD COLUMN search tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
      CREATE INDEX objects_search ON objects USING gin (search);
      DROP INDEX objects_rel_to;
      ALTER TABLE changes DROP COLUMN modified_text;
      ALTER TABLE objects DROP COLUMN modified_key;
      ALTER TABLE object_versions DROP CONSTRAINT object_versions_pkey;
      DELETE FROM object_versions a USING object_versions b
        WHERE a.id = b.id AND a.modified = b.modified AND a.modified_key > b.modified_key;
      ALTER TABLE object_versions ADD PRIMARY KEY (id, modified);
      ALTER TABLE object_versions DROP COLUMN modified_key
    `,
  },
  {
    id: 3,
    name: 'sharing_agreements',
    // For src/sharing/ (docs/sharing.md). Peers are removed softly (the audit trail and past
    // shares keep naming them). Every agreement version is kept, as the exact RFC 8785 text its
    // parties signed: statuses are recomputed from it, so an altered row is simply not effective.
    // `shares` is written by the federation sender, one row per decision it acted on; the last
    // row per (peer, record) drives withdrawals, and the rows feed the reciprocity figures.
    // `onward_consents` holds an originator's per-record consent to pass a record on.
    up: /* sql */ `
      CREATE TABLE peers (
        node_id text PRIMARY KEY,
        name text NOT NULL,
        country text NOT NULL,
        base_url text NOT NULL,
        public_key text NOT NULL,
        fingerprint text NOT NULL,
        added_at timestamptz NOT NULL,
        added_by text NOT NULL,
        removed_at timestamptz,
        removed_by text
      );
      CREATE UNIQUE INDEX peers_active_key ON peers (public_key) WHERE removed_at IS NULL;

      CREATE TABLE agreements (
        id text NOT NULL,
        version integer NOT NULL,
        content text NOT NULL,
        title text NOT NULL,
        parties text[] NOT NULL,
        start_at timestamptz NOT NULL,
        expiry_at timestamptz NOT NULL,
        stored_at timestamptz NOT NULL,
        stored_by text NOT NULL,
        PRIMARY KEY (id, version)
      );
      CREATE INDEX agreements_parties ON agreements USING gin (parties);

      CREATE TABLE agreement_signatures (
        agreement_id text NOT NULL,
        version integer NOT NULL,
        node_id text NOT NULL,
        signature text NOT NULL,
        added_at timestamptz NOT NULL,
        PRIMARY KEY (agreement_id, version, node_id),
        FOREIGN KEY (agreement_id, version) REFERENCES agreements (id, version)
      );

      CREATE TABLE agreement_revocations (
        agreement_id text NOT NULL,
        version integer NOT NULL,
        node_id text NOT NULL,
        revoked_at text NOT NULL,
        reason text,
        signature text NOT NULL,
        added_at timestamptz NOT NULL,
        PRIMARY KEY (agreement_id, version, node_id),
        FOREIGN KEY (agreement_id, version) REFERENCES agreements (id, version)
      );

      CREATE TABLE shares (
        id bigserial PRIMARY KEY,
        peer_id text NOT NULL,
        agreement_id text,
        agreement_version integer,
        record_id text NOT NULL,
        record_type text NOT NULL,
        record_modified text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('release', 'release-redacted', 'withhold', 'withdraw')),
        reasons text[] NOT NULL DEFAULT '{}',
        priority text CHECK (priority IN ('FLASH', 'IMMEDIATE', 'ROUTINE', 'BULK')),
        content_hash text,
        at timestamptz NOT NULL
      );
      CREATE INDEX shares_peer_record ON shares (peer_id, record_id, id);
      CREATE INDEX shares_peer_at ON shares (peer_id, at);

      CREATE TABLE onward_consents (
        originator text NOT NULL,
        record_id text NOT NULL,
        to_node text NOT NULL,
        granted_at timestamptz NOT NULL,
        PRIMARY KEY (originator, record_id, to_node)
      )
    `,
    down: /* sql */ `
      DROP TABLE onward_consents; DROP TABLE shares; DROP TABLE agreement_revocations;
      DROP TABLE agreement_signatures; DROP TABLE agreements; DROP TABLE peers
    `,
  },
  {
    id: 4,
    name: 'viewport_index',
    // Map viewport queries (bbox/near, newest first) at 1M incidents: a gist index that also carries
    // the columns those queries filter and sort on allows an index-only scan for the page's seqs.
    up: /* sql */ `
      CREATE INDEX objects_geo_cover ON objects USING gist (geo) INCLUDE (seq, type, revoked, lat, lon);
      DROP INDEX objects_geo
    `,
    down: /* sql */ `
      CREATE INDEX objects_geo ON objects USING gist (geo);
      DROP INDEX objects_geo_cover
    `,
  },
  {
    id: 5,
    name: 'federation_streams',
    // For src/federation/engine/ (docs/sync-spec.md [FED-2], [FED-10], [FED-13], [FED-20], [FED-35],
    // [FED-37], [FED-39]). Outbox rows get their (epoch, seq) only when they leave, most urgent
    // first; `fed_streams` is the sender's numbering per stream, `fed_cursors` the change-feed
    // position (direction 'feed') and the receiver's (epoch, hwm) per incoming stream ('in').
    // `fed_tombstones` keeps what a partner withdrew, so a late duplicate never resurrects it.
    up: /* sql */ `
      CREATE TABLE fed_outbox (
        id bigserial PRIMARY KEY,
        peer_id text NOT NULL,
        agreement_id text NOT NULL,
        epoch integer,
        seq bigint,
        kind text NOT NULL CHECK (kind IN ('put', 'withdraw', 'keyset', 'agreement')),
        prio smallint NOT NULL,
        record_id text,
        record_modified text,
        item jsonb NOT NULL,
        envelope bytea,
        enqueued_at timestamptz NOT NULL,
        sent_at timestamptz,
        acked_at timestamptz,
        nack_reason text
      );
      CREATE UNIQUE INDEX fed_outbox_position ON fed_outbox (peer_id, agreement_id, epoch, seq) WHERE seq IS NOT NULL;
      CREATE INDEX fed_outbox_unassigned ON fed_outbox (peer_id, prio, id) WHERE seq IS NULL;
      CREATE INDEX fed_outbox_unacked ON fed_outbox (peer_id, agreement_id, epoch, seq) WHERE acked_at IS NULL;

      CREATE TABLE fed_streams (
        peer_id text NOT NULL,
        agreement_id text NOT NULL,
        epoch integer NOT NULL DEFAULT 1,
        last_seq bigint NOT NULL DEFAULT 0,
        acked bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (peer_id, agreement_id)
      );

      CREATE TABLE fed_cursors (
        direction text NOT NULL CHECK (direction IN ('feed', 'in')),
        stream_key text NOT NULL,
        epoch integer NOT NULL DEFAULT 1,
        position bigint NOT NULL DEFAULT 0,
        fingerprint text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (direction, stream_key)
      );

      CREATE TABLE fed_receipts (
        id bigserial PRIMARY KEY,
        peer_id text NOT NULL,
        agreement_id text NOT NULL,
        epoch integer NOT NULL,
        hwm bigint NOT NULL,
        nacks integer NOT NULL DEFAULT 0,
        receipt bytea NOT NULL,
        received_at timestamptz NOT NULL
      );
      CREATE INDEX fed_receipts_peer ON fed_receipts (peer_id, agreement_id, epoch, hwm);

      CREATE TABLE fed_peer_status (
        peer_id text PRIMARY KEY,
        connected boolean NOT NULL DEFAULT false,
        last_error text,
        last_attempt_at timestamptz,
        last_success_at timestamptz,
        failures integer NOT NULL DEFAULT 0,
        lease_owner text,
        lease_until timestamptz
      );

      CREATE TABLE fed_tombstones (
        origin text NOT NULL,
        record_id text NOT NULL,
        modified_key text COLLATE "C" NOT NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (origin, record_id)
      )
    `,
    down: /* sql */ `
      DROP TABLE fed_tombstones; DROP TABLE fed_peer_status; DROP TABLE fed_receipts;
      DROP TABLE fed_cursors; DROP TABLE fed_streams; DROP TABLE fed_outbox
    `,
  },
  {
    id: 6,
    name: 'federation_keys_acks',
    // For src/federation/engine/ (docs/sync-spec.md [FED-5], [FED-16], [FED-21], [FED-32]–[FED-35]):
    // the latest verified key set of each partner (its key-agreement key seals bundles to it),
    // the version of this node's own key set already queued to each partner, and the last signed
    // ack of each incoming stream (carried back by pull requests and return bundles).
    up: /* sql */ `
      CREATE TABLE fed_peer_keysets (
        peer_id text PRIMARY KEY,
        version integer NOT NULL,
        keyset jsonb NOT NULL,
        signed bytea NOT NULL,
        updated_at timestamptz NOT NULL
      );
      ALTER TABLE fed_peer_status ADD COLUMN keyset_sent integer NOT NULL DEFAULT 0;
      ALTER TABLE fed_cursors ADD COLUMN ack bytea
    `,
    down: /* sql */ `
      ALTER TABLE fed_cursors DROP COLUMN ack; ALTER TABLE fed_peer_status DROP COLUMN keyset_sent;
      DROP TABLE fed_peer_keysets
    `,
  },
  {
    id: 7,
    name: 'changes_withdraw',
    // A partner's withdrawal deletes the received copy ([FED-9]); a `withdraw` change tells the
    // readers of the change feed (the live feed, the map, analysis) which id went away.
    up: /* sql */ `
      ALTER TABLE changes DROP CONSTRAINT changes_op_check;
      ALTER TABLE changes ADD CONSTRAINT changes_op_check CHECK (op IN ('create', 'update', 'revoke', 'withdraw'))
    `,
    down: /* sql */ `
      DELETE FROM changes WHERE op = 'withdraw';
      ALTER TABLE changes DROP CONSTRAINT changes_op_check;
      ALTER TABLE changes ADD CONSTRAINT changes_op_check CHECK (op IN ('create', 'update', 'revoke'))
    `,
  },
  {
    id: 8,
    name: 'federation_batches',
    // [FED-86] One signature per run of a stream's items: the signed batch header is kept once,
    // each outbox row of the run keeps its item's compact bytes in `envelope` and names its batch.
    // Rows without a batch keep a whole single (v1) envelope, as before.
    up: /* sql */ `
      CREATE TABLE fed_batches (
        id bigserial PRIMARY KEY,
        peer_id text NOT NULL,
        agreement_id text NOT NULL,
        epoch integer NOT NULL,
        first_seq bigint NOT NULL,
        last_seq bigint NOT NULL,
        header bytea NOT NULL
      );
      ALTER TABLE fed_outbox ADD COLUMN batch_id bigint REFERENCES fed_batches (id);
      -- Re-signing a batch reads its items ([FED-90]).
      CREATE INDEX fed_outbox_batch ON fed_outbox (batch_id) WHERE batch_id IS NOT NULL
    `,
    down: /* sql */ `
      DROP INDEX fed_outbox_batch;
      DELETE FROM fed_outbox WHERE batch_id IS NOT NULL;
      ALTER TABLE fed_outbox DROP COLUMN batch_id;
      DROP TABLE fed_batches
    `,
  },
  {
    id: 9,
    name: 'idempotency_keys',
    // [FED-104] POST /api/v1/objects with an Idempotency-Key header: (user, key) → the record the
    // first request created, written in the create's transaction; the body's hash tells a retry
    // (same body) from a reuse of the key for another record (refused). Kept: a row is small.
    up: /* sql */ `
      CREATE TABLE idempotency_keys (
        user_id text NOT NULL,
        key text NOT NULL,
        body_sha256 text NOT NULL,
        record_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )
    `,
    down: /* sql */ `
      DROP TABLE idempotency_keys
    `,
  },
];

/** The record store, continued (ids 70–79: the core block above is full). */
const storeMigrations: Migration[] = [
  {
    id: 70,
    name: 'current_version_stored_once',
    // For src/store/records.ts. The current version of a record was stored twice, in `objects` and
    // in `object_versions`: two copies of its JSON written (heap, WAL) for each version, which was
    // most of what a partner's backlog cost to apply. The table now keeps earlier versions only
    // (`earlier_versions`), `objects` gains who wrote the current one and when, and the view
    // `object_versions` shows every version as before (reads are unchanged). A new version moves
    // the one it replaces into `earlier_versions` in the same statement.
    up: /* sql */ `
      ALTER TABLE object_versions RENAME TO earlier_versions;
      ALTER INDEX object_versions_pkey RENAME TO earlier_versions_pkey;
      ALTER TABLE objects ADD COLUMN written_by text, ADD COLUMN written_at timestamptz;
      UPDATE objects o SET written_by = v.written_by, written_at = v.written_at
        FROM earlier_versions v WHERE v.id = o.id AND v.modified_key = o.modified_key;
      UPDATE objects SET written_at = now() WHERE written_at IS NULL;
      ALTER TABLE objects ALTER COLUMN written_at SET DEFAULT now(), ALTER COLUMN written_at SET NOT NULL;
      DELETE FROM earlier_versions v USING objects o WHERE v.id = o.id AND v.modified_key = o.modified_key;
      CREATE VIEW object_versions AS
        SELECT id, modified, modified_key, type, seq, object, written_by, written_at FROM earlier_versions
        UNION ALL
        SELECT id, modified, modified_key, type, seq, object, written_by, written_at FROM objects
    `,
    down: /* sql */ `
      DROP VIEW object_versions;
      INSERT INTO earlier_versions (id, modified, modified_key, type, seq, object, written_by, written_at)
        SELECT id, modified, modified_key, type, seq, object, written_by, written_at FROM objects;
      ALTER TABLE objects DROP COLUMN written_by, DROP COLUMN written_at;
      ALTER INDEX earlier_versions_pkey RENAME TO object_versions_pkey;
      ALTER TABLE earlier_versions RENAME TO object_versions
    `,
  },
];

/**
 * Every migration, in id order: the core sets above (ids 1–9, and 70–79 for the record store) and
 * each domain's own schema file (ids in blocks of ten, named in each file).
 */
export const migrations: readonly Migration[] = [
  ...coreMigrations,
  ...storeMigrations,
  ...taxiiMigrations,
  ...analysisMigrations,
  ...forecastMigrations,
  ...operationsMigrations,
  ...cooperationMigrations,
  ...interopMigrations,
  ...federationMigrations,
].sort((a, b) => a.id - b.id);

/** Applies every migration not yet recorded. Safe to call at every start, from several processes. */
export async function migrate(db: Db): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      // Serialise concurrent starters of several processes on one database.
      await tx.query('SELECT pg_advisory_xact_lock(7261001)');
      const { rows } = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [m.id]);
      if (rows.length > 0) return false;
      await execScript(tx, m.up);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}

/** Reverts migrations down to (not including) `target`. */
export async function migrateDown(db: Db, target: number): Promise<void> {
  for (const m of [...migrations].reverse()) {
    if (m.id <= target) break;
    await db.transaction(async (tx) => {
      const { rows } = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [m.id]);
      if (rows.length === 0) return;
      await execScript(tx, m.down);
      await tx.query('DELETE FROM schema_migrations WHERE id = $1', [m.id]);
    });
  }
}

async function execScript(tx: { query: Db['query'] }, script: string): Promise<void> {
  // Parameterless scripts of our own: drop comments, then one statement per ';' (no literals hold one).
  const code = script.replace(/--[^\n]*/g, '');
  for (const stmt of code.split(';')) {
    const sql = stmt.trim();
    if (sql) await tx.query(sql);
  }
}
