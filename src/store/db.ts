/**
 * One SQL dialect, two engines: embedded PGlite (a data directory, the default) and PostgreSQL
 * (when a connection URL is given). Everything above this file speaks only `Db`.
 */
import pg from 'pg';
import { mkdirSync, openSync, readFileSync, closeSync, writeSync, rmSync } from 'node:fs';
import { DomainError } from '../core/errors.ts';
import { defineMessages } from '../i18n/i18n.ts';
import { PGlite } from '@electric-sql/pglite';

export type Row = Record<string, unknown>;

/** Anything that runs a parameterised query: the database itself or an open transaction. */
export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: all of its writes commit together or not at all. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** PostgreSQL connection string; when absent the embedded engine is used. */
  url?: string | undefined;
  /** Data directory of the embedded engine; absent means in memory (tests). */
  dataDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export async function openDb(options: DbOptions): Promise<Db> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.dataDir);
}

// int8 as JS number: our sequences stay far below 2^53, and both engines must return the same shapes.
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20) return (v: string) => Number(v);
    // pg-types declares its parsers as returning `any`; we pass them through untouched.
    const lookup = pg.types.getTypeParser as (id: number, f?: 'text' | 'binary') => (value: string) => unknown;
    return lookup(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

async function openPostgres(url: string, max: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes });
  // A broken idle connection must not crash the node; the next query reconnects.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listenClient: pg.PoolClient | undefined;

  return {
    kind: 'postgres',
    query: async <T extends Row>(sql: string, params?: readonly unknown[]) => {
      const r = await pool.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[] };
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: async <R extends Row>(sql: string, params?: readonly unknown[]) => {
            const r = await client.query(sql, params as unknown[] | undefined);
            return { rows: r.rows as R[] };
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      if (!listenClient) {
        listenClient = await pool.connect();
        listenClient.on('notification', (msg) => {
          for (const fn of listeners.get(msg.channel) ?? []) fn(msg.payload ?? '');
        });
      }
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        await listenClient.query(`LISTEN ${quoteIdent(channel)}`);
      }
      set.add(onPayload);
      return async () => {
        set.delete(onPayload);
      };
    },
    async close() {
      listenClient?.release();
      listenClient = undefined;
      await pool.end();
    },
  };
}

export const dbMessages = defineMessages({
  'store.locked': {
    fr: 'La base embarquée {dir} est ouverte par un autre processus (pid {pid}), sans doute « sentinelle serve » : arrêtez-le, ou utilisez l’API.',
    en: 'The embedded database {dir} is open in another process (pid {pid}), probably "sentinelle serve": stop it, or use the API.',
  },
});

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt
 * it. A lock file next to the directory holds the owner's pid; a stale lock (dead pid) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pidAlive(pid) && pid !== process.pid) throw new DomainError('unavailable', 'store.locked', [], { dir: dataDir, pid });
      rmSync(file, { force: true });
    }
  }
  throw new DomainError('unavailable', 'store.locked', [], { dir: dataDir, pid: '?' });
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  // PostgreSQL's default 128 MB of shared buffers lives inside the WebAssembly heap, which never
  // shrinks: 16 MB keeps a regional node small (RSS budget 300 MB) at little cost for its data size.
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: dataDir ?? 'memory://', postgresqlconf: ['shared_buffers=16MB'] });
  } catch (e) {
    unlock();
    throw e;
  }
  const asQueryable = (q: Pick<PGlite, 'query'>): Queryable => ({
    query: async <T extends Row>(sql: string, params?: readonly unknown[]) => {
      const r = await q.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows };
    },
  });
  return {
    kind: 'pglite',
    ...asQueryable(db),
    transaction: (fn) => db.transaction((tx) => fn(asQueryable(tx))),
    async listen(channel, onPayload) {
      const unsub = await db.listen(channel, onPayload);
      return async () => unsub();
    },
    close: async () => {
      await db.close();
      unlock();
    },
  };
}

export function quoteIdent(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}
