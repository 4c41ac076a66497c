/** Schema of operations, protected sites and deconfliction (ids 30–39); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../store/migrations.ts';

export const operationsMigrations: readonly Migration[] = [];
