import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './test-support/backends.ts';
import { migrate, migrateDown, migrations } from './migrations.ts';

for (const backend of await testBackends()) {
  test(`[${backend.name}] migrations apply once, revert, and re-apply`, async () => {
    const { db, dispose } = await backend.open();
    try {
      assert.deepEqual(await migrate(db), [], 'already migrated by the backend: nothing left to apply');
      await migrateDown(db, 0);
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'objects'`,
      );
      assert.equal(rows[0]?.n, 0);
      assert.deepEqual(
        await migrate(db),
        migrations.map((m) => m.id),
      );
    } finally {
      await dispose();
    }
  });
}
