/** Schema of correlation links and alerts (ids 20–24); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../store/migrations.ts';

export const analysisMigrations: readonly Migration[] = [];
