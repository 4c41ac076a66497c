import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './test-support/backends.ts';
import { migrate, migrateDown, migrations } from './migrations.ts';
import { RecordRepository } from './records.ts';
import { fixture, version } from './records.fixtures.ts';

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

for (const backend of await testBackends()) {
  test(`[${backend.name}] migration 70 stores each version once and keeps every version readable`, async () => {
    const { db, dispose } = await backend.open();
    const repo = new RecordRepository();
    try {
      const v1 = fixture({ modified: '2024-02-01T00:00:00.000Z', name: 'v1' });
      const v2 = version(v1, '2024-03-01T00:00:00.000Z', { name: 'v2' });
      const id = String(v1.object.id);
      await db.transaction((tx) => repo.putMany(tx, [{ ...v1, writtenBy: 'user:a' }]));
      await db.transaction((tx) => repo.putMany(tx, [{ ...v2, writtenBy: 'user:b' }]));
      const before = await repo.versions(db, id);
      const count = async (table: string) =>
        Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE id = $1`, [id])).rows[0]?.n);
      // Reverted: the table holds both versions again, the current one included.
      await migrateDown(db, 61);
      assert.equal(await count('object_versions'), 2);
      assert.deepEqual(await migrate(db), [70]);
      assert.equal(await count('earlier_versions'), 1, 'the current version is no longer copied');
      assert.deepEqual(await repo.versions(db, id), before, 'every version reads as before, writer and time included');
      assert.equal((await repo.get(db, id))?.object.name, 'v2');
    } finally {
      await dispose();
    }
  });
}
