/**
 * The database engines every store/service test runs against: embedded PGlite always, and
 * PostgreSQL at TEST_DATABASE_URL (default: local server), each test group in a fresh database
 * that is dropped afterwards. Under CI=true an unreachable PostgreSQL is a failure, not a skip.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../db.ts';
import { migrate } from '../migrations.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestBackend {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, migrated database. Call `dispose` when done. */
  open(): Promise<{ db: Db; dispose: () => Promise<void> }>;
}

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 15000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** Creates an empty database on the test server and returns its URL and a dropper. */
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = 'sentinelle_t_' + randomBytes(6).toString('hex');
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = '/' + name;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

const pglite: TestBackend = {
  name: 'pglite',
  async open() {
    const db = await openDb({});
    await migrate(db);
    return { db, dispose: () => db.close() };
  },
};

const postgres: TestBackend = {
  name: 'postgres',
  async open() {
    const scratch = await createScratchDatabase();
    const db = await openDb({ url: scratch.url, poolSize: 4 });
    await migrate(db);
    return {
      db,
      dispose: async () => {
        await db.close();
        await scratch.drop();
      },
    };
  },
};

/**
 * The backends to run a contract suite on. PostgreSQL is included when reachable; under CI it
 * must be reachable (the returned list then makes the suite fail loudly instead of skipping).
 */
export async function testBackends(): Promise<TestBackend[]> {
  if (await postgresReachable()) return [pglite, postgres];
  if (process.env.CI === 'true') {
    return [
      pglite,
      {
        name: 'postgres',
        open: () => Promise.reject(new Error(`PostgreSQL unreachable at ${TEST_DATABASE_URL} (required under CI)`)),
      },
    ];
  }
  console.warn(`# PostgreSQL unreachable at ${TEST_DATABASE_URL}: PostgreSQL variants skipped`);
  return [pglite];
}
