/** Schema of interoperability: MISP, CoT, importers (ids 50–59); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../store/migrations.ts';

export const interopMigrations: readonly Migration[] = [];
