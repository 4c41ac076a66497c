/** Schema of the cooperation ledger (ids 40–49); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../store/migrations.ts';

export const cooperationMigrations: readonly Migration[] = [];
