/** Schema of TAXII 2.1 server and client (ids 10–19); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../store/migrations.ts';

export const taxiiMigrations: readonly Migration[] = [];
