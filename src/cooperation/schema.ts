/** Schema of the cooperation ledger (ids 40–49); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../store/migrations.ts';

export const cooperationMigrations: readonly Migration[] = [
  {
    id: 40,
    name: 'cooperation_ledger',
    // Indexes the ledger service keeps while following the change feed (the records themselves are
    // the truth): serial numbers of every delivery (duplicate checks across deliveries), serial
    // numbers reported lost or stolen (arms tracing: an incident naming one raises an alert), and
    // the service's feed position.
    up: /* sql */ `
      CREATE TABLE coop_cursor (
        name text PRIMARY KEY,
        position bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE coop_serials (
        serial text NOT NULL,
        delivery_id text NOT NULL,
        label text NOT NULL,
        PRIMARY KEY (serial, delivery_id)
      );
      CREATE INDEX coop_serials_delivery ON coop_serials (delivery_id);
      CREATE TABLE coop_lost_serials (
        serial text NOT NULL,
        log_id text NOT NULL,
        delivery_id text NOT NULL,
        status text NOT NULL,
        label text NOT NULL,
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (serial, log_id)
      );
    `,
    down: /* sql */ `
      DROP TABLE coop_lost_serials;
      DROP TABLE coop_serials;
      DROP TABLE coop_cursor;
    `,
  },
];
