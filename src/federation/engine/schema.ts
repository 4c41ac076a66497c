/** Schema of the federation engine from id 60 (ids 60–69; 5–8 are in the core set); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../../store/migrations.ts';

export const federationMigrations: readonly Migration[] = [
  {
    id: 60,
    name: 'federation_replan_cursor',
    // [FED-102] A re-plan of every record (agreements changed) runs a page per transaction: the
    // fingerprint it plans towards and the last record seq planned.
    up: /* sql */ `
      ALTER TABLE fed_cursors ADD COLUMN replan_fingerprint text;
      ALTER TABLE fed_cursors ADD COLUMN replan_after bigint
    `,
    down: /* sql */ `
      ALTER TABLE fed_cursors DROP COLUMN replan_after;
      ALTER TABLE fed_cursors DROP COLUMN replan_fingerprint
    `,
  },
];
