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
  {
    id: 61,
    name: 'federation_outbox_item_bytes',
    // [FED-103] An outbox row gets its item's compact bytes (in `envelope`) when it is planned,
    // not its JSON: numbering then signs the run's header over bytes already there. Rows planned
    // before keep their JSON item and are encoded when numbered.
    up: /* sql */ `
      ALTER TABLE fed_outbox ALTER COLUMN item DROP NOT NULL
    `,
    down: /* sql */ `
      DELETE FROM fed_outbox WHERE item IS NULL;
      ALTER TABLE fed_outbox ALTER COLUMN item SET NOT NULL
    `,
  },
];
