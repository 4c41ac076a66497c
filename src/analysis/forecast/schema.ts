/** Schema of forecasts and forecast alerts (ids 25–29); applied with the node's other migrations (src/store/migrations.ts). */
import type { Migration } from '../../store/migrations.ts';

export const forecastMigrations: readonly Migration[] = [];
