import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { openDb, type Db } from '../store/db.ts';
import { migrate } from '../store/migrations.ts';
import { createScratchDatabase, testBackends, type TestBackend } from '../store/test-support/backends.ts';
import { appendAudit, listAudit, verifyAuditChain, type AuditEntry, type AuditEntryInput } from './audit.ts';
import { computeAuditHash, GENESIS_HASH } from './chain.ts';

async function withDb(backend: TestBackend, fn: (db: Db) => Promise<void>): Promise<void> {
  const { db, dispose } = await backend.open();
  try {
    await fn(db);
  } finally {
    await dispose();
  }
}

const clock = manualClock('2026-03-01T08:00:00.000Z');

async function seed(db: Db, n: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) {
    clock.advance(1000);
    out.push(
      await appendAudit(db, clock, {
        actor: i % 2 ? 'user:u1' : 'cli',
        action: i % 3 ? 'record.create' : 'user.add',
        target: `incident--${i}`,
        outcome: i === 4 ? 'denied' : 'success',
        details: { n: i, note: `entrée ${i}`, nested: { ratio: i / 3, list: [1, 'é', null] } },
      }),
    );
  }
  return out;
}

for (const backend of await testBackends()) {
  const name = (s: string) => `[${backend.name}] ${s}`;

  void test(name('an empty trail verifies, ending at the genesis hash'), () =>
    withDb(backend, async (db) => {
      assert.deepEqual(await verifyAuditChain(db), { ok: true, count: 0, headHash: GENESIS_HASH });
    }),
  );

  void test(name('appended entries chain from genesis, keep the exact hashed time text, and verify'), () =>
    withDb(backend, async (db) => {
      const entries = await seed(db, 5);
      assert.deepEqual(
        entries.map((e) => e.seq),
        [1, 2, 3, 4, 5],
      );
      assert.equal(entries[0]?.prevHash, GENESIS_HASH);
      for (let i = 1; i < entries.length; i++) assert.equal(entries[i]?.prevHash, entries[i - 1]?.hash);
      for (const e of entries) assert.equal(computeAuditHash(e.prevHash, e), e.hash);
      const { rows } = await db.query<{ at: string }>('SELECT at FROM audit_log WHERE seq = 1');
      assert.equal(rows[0]?.at, entries[0]?.at);
      assert.match(entries[0]?.at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(await verifyAuditChain(db), { ok: true, count: 5, headHash: entries[4]?.hash });
      const { rows: head } = await db.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM audit_head',
      );
      assert.deepEqual(head, [{ seq: 5, hash: entries[4]?.hash }]);
    }),
  );

  void test(name('altering any hashed field of an entry is caught at that entry'), () =>
    withDb(backend, async (db) => {
      await seed(db, 6);
      const tampers: [string, string][] = [
        ['details', `details = '{"n": 3, "note": "rien"}'::jsonb`],
        ['action', `action = 'record.read'`],
        ['actor', `actor = 'user:someone-else'`],
        ['at', `at = '2026-03-01T07:00:00.000Z'`],
        ['target', `target = NULL`],
        ['outcome', `outcome = 'failure'`],
      ];
      for (const [column, set] of tampers) {
        const { rows } = await db.query<Record<string, unknown>>(
          `SELECT ${column} AS v FROM audit_log WHERE seq = 3`,
        );
        const original = rows[0]?.v;
        await db.query(`UPDATE audit_log SET ${set} WHERE seq = 3`);
        assert.deepEqual(
          await verifyAuditChain(db),
          { ok: false, count: 2, firstBadSeq: 3, reason: 'hash_mismatch' },
          column,
        );
        const restore = column === 'details' ? JSON.stringify(original) : original;
        await db.query(
          `UPDATE audit_log SET ${column} = $1${column === 'details' ? '::jsonb' : ''} WHERE seq = 3`,
          [restore],
        );
        assert.equal((await verifyAuditChain(db)).ok, true, `restored ${column}`);
      }
    }),
  );

  void test(name('a deleted middle entry is named as missing'), () =>
    withDb(backend, async (db) => {
      await seed(db, 6);
      await db.query('DELETE FROM audit_log WHERE seq = 4');
      assert.deepEqual(await verifyAuditChain(db), {
        ok: false,
        count: 3,
        firstBadSeq: 4,
        reason: 'missing_entry',
      });
    }),
  );

  void test(name('a deleted last entry no longer matches the head'), () =>
    withDb(backend, async (db) => {
      await seed(db, 6);
      await db.query('DELETE FROM audit_log WHERE seq = 6');
      assert.deepEqual(await verifyAuditChain(db), {
        ok: false,
        count: 5,
        firstBadSeq: 6,
        reason: 'head_mismatch',
      });
    }),
  );

  void test(name('two entries swapped (reordered) are named at the first swapped seq'), () =>
    withDb(backend, async (db) => {
      await seed(db, 6);
      const cols = ['at', 'actor', 'action', 'target', 'outcome', 'details', 'prev_hash', 'hash'];
      await db.query(
        `UPDATE audit_log a SET ${cols.map((c) => `${c} = b.${c}`).join(', ')}
         FROM audit_log b WHERE (a.seq, b.seq) IN ((3, 5), (5, 3))`,
      );
      assert.deepEqual(await verifyAuditChain(db), {
        ok: false,
        count: 2,
        firstBadSeq: 3,
        reason: 'out_of_order',
      });
    }),
  );

  void test(name('an entry re-hashed by a forger breaks the link of the next one'), () =>
    withDb(backend, async (db) => {
      const entries = await seed(db, 6);
      const e3 = entries[2];
      assert.ok(e3);
      const forged = { ...e3, details: { n: 3, note: 'falsifiée' } };
      await db.query(`UPDATE audit_log SET details = $1::jsonb, hash = $2 WHERE seq = 3`, [
        JSON.stringify(forged.details),
        computeAuditHash(e3.prevHash, forged),
      ]);
      assert.deepEqual(await verifyAuditChain(db), {
        ok: false,
        count: 3,
        firstBadSeq: 4,
        reason: 'prev_hash_mismatch',
      });
    }),
  );

  void test(name('an entry slipped in after the head is caught'), () =>
    withDb(backend, async (db) => {
      const entries = await seed(db, 3);
      const last = entries[2];
      assert.ok(last);
      const extra = { ...last, seq: 4, details: {} };
      await db.query(
        `INSERT INTO audit_log (seq, at, actor, action, target, outcome, details, prev_hash, hash)
         VALUES (4, $1, $2, $3, $4, $5, '{}'::jsonb, $6, $7)`,
        [
          extra.at,
          extra.actor,
          extra.action,
          extra.target,
          extra.outcome,
          last.hash,
          computeAuditHash(last.hash, extra),
        ],
      );
      assert.deepEqual(await verifyAuditChain(db), {
        ok: false,
        count: 3,
        firstBadSeq: 4,
        reason: 'head_mismatch',
      });
    }),
  );

  void test(name('verification streams page by page and reports progress'), () =>
    withDb(backend, async (db) => {
      await seed(db, 7);
      const progress: [number, number][] = [];
      const r = await verifyAuditChain(db, { pageSize: 2, onProgress: (d, t) => progress.push([d, t]) });
      assert.equal(r.ok, true);
      assert.deepEqual(progress, [
        [2, 7],
        [4, 7],
        [6, 7],
        [7, 7],
      ]);
      // A gap exactly at a page boundary is still seen.
      await db.query('DELETE FROM audit_log WHERE seq = 5');
      assert.deepEqual(await verifyAuditChain(db, { pageSize: 2 }), {
        ok: false,
        count: 4,
        firstBadSeq: 5,
        reason: 'missing_entry',
      });
    }),
  );

  void test(name('an entry appended in a rolled-back transaction leaves no gap'), () =>
    withDb(backend, async (db) => {
      await seed(db, 2);
      await assert.rejects(
        db.transaction(async (tx) => {
          await appendAudit(tx, clock, { actor: 'system', action: 'settings.change', outcome: 'success' });
          throw new Error('the audited change failed');
        }),
        /the audited change failed/,
      );
      const next = await appendAudit(db, clock, {
        actor: 'system',
        action: 'settings.change',
        outcome: 'success',
      });
      assert.equal(next.seq, 3);
      assert.deepEqual(next.details, {});
      assert.equal(next.target, null);
      assert.equal((await verifyAuditChain(db)).ok, true);
    }),
  );

  void test(
    name('details that would carry a secret, and malformed entries, are refused and nothing is written'),
    () =>
      withDb(backend, async (db) => {
        const bad: AuditEntryInput[] = [
          { actor: 'cli', action: 'user.add', outcome: 'success', details: { password: 'x' } },
          { actor: 'cli', action: 'user.add', outcome: 'success', details: { user: { newPassword: 'x' } } },
          {
            actor: 'cli',
            action: 'token.create',
            outcome: 'success',
            details: { list: [{ apiToken: 'snt_x' }] },
          },
          { actor: 'cli', action: 'auth.login', outcome: 'success', details: { client_secret: 'x' } },
          { actor: 'cli', action: 'auth.login', outcome: 'success', details: { sessionCookie: 'x' } },
          { actor: 'cli', action: 'auth.login', outcome: 'success', details: { csrf_token: 'x' } },
          { actor: 'cli', action: 'auth.login', outcome: 'success', details: { note: 'a\u0000b' } },
          { actor: 'cli', action: 'auth.login', outcome: 'success', details: { n: Number.NaN } },
          { actor: 'bob', action: 'auth.login', outcome: 'success' },
          { actor: 'cli', action: 'Auth Login', outcome: 'success' },
          { actor: 'cli', action: 'auth.login', outcome: 'maybe' as 'success' },
        ];
        for (const entry of bad) {
          await assert.rejects(
            appendAudit(db, clock, entry),
            TypeError,
            JSON.stringify(entry.details ?? entry.actor),
          );
        }
        const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
        assert.equal(rows[0]?.n, 0);
        const fine = await appendAudit(db, clock, {
          actor: 'token:t1',
          action: 'token.revoke',
          target: 'token:t1',
          outcome: 'success',
          details: { tokenId: 't1', tokenName: 'passerelle SMS', userId: 'u1' },
        });
        assert.equal(fine.seq, 1);
      }),
  );

  void test(name('listing filters, pages newest first, and validates its input'), () =>
    withDb(backend, async (db) => {
      const entries = await seed(db, 9);
      const all = await listAudit(db, {}, { limit: 4 });
      assert.deepEqual(
        all.items.map((e) => e.seq),
        [9, 8, 7, 6],
      );
      assert.deepEqual(all.items[0], entries[8]);
      const p2 = await listAudit(db, {}, { limit: 4, cursor: all.nextCursor });
      const p3 = await listAudit(db, {}, { limit: 4, cursor: p2.nextCursor });
      assert.deepEqual(
        [...p2.items, ...p3.items].map((e) => e.seq),
        [5, 4, 3, 2, 1],
      );
      assert.equal(p3.nextCursor, null);

      const seqs = async (f: Parameters<typeof listAudit>[1]) =>
        (await listAudit(db, f, { limit: 100 })).items.map((e) => e.seq);
      assert.deepEqual(await seqs({ actions: ['user.add'] }), [9, 6, 3]);
      assert.deepEqual(await seqs({ actor: 'cli', outcome: 'denied' }), [4]);
      assert.deepEqual(await seqs({ target: 'incident--7' }), [7]);
      assert.deepEqual(await seqs({ from: entries[1]?.at, to: entries[3]?.at }), [3, 2]);
      assert.deepEqual(await seqs({ text: 'ENTRÉE 8' }), [8]);
      assert.deepEqual(await seqs({ text: '100%' }), []);
      assert.deepEqual(await seqs({ from: '2026-03-02' }), []);

      await assert.rejects(
        listAudit(
          db,
          { from: 'hier', outcome: 'maybe' as 'success', actions: [''] },
          { limit: 0, cursor: 'zzz' },
        ),
        (e: unknown) =>
          e instanceof DomainError &&
          e.kind === 'invalid' &&
          JSON.stringify(e.issues.map((i) => [i.path, i.code])) ===
            JSON.stringify([
              ['/limit', 'audit.bad_limit'],
              ['/cursor', 'audit.bad_cursor'],
              ['/actions/0', 'audit.bad_action'],
              ['/outcome', 'audit.bad_outcome'],
              ['/from', 'audit.bad_date'],
            ]),
      );
    }),
  );

  void test(name('concurrent appends get gap-free seqs and a sound chain'), async () => {
    if (backend.name === 'pglite') {
      await withDb(backend, async (db) => {
        const appended = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            appendAudit(db, clock, {
              actor: 'system',
              action: 'record.read',
              outcome: 'success',
              details: { i },
            }),
          ),
        );
        assert.equal(new Set(appended.map((e) => e.seq)).size, 100);
        const r = await verifyAuditChain(db);
        assert.equal(r.ok, true);
        assert.equal(r.count, 100);
      });
      return;
    }
    // PostgreSQL: two pools (as two node processes would have) on one database.
    const scratch = await createScratchDatabase();
    const a = await openDb({ url: scratch.url, poolSize: 4 });
    const b = await openDb({ url: scratch.url, poolSize: 4 });
    try {
      await migrate(a);
      const burst = (db: Db, who: string) =>
        Array.from({ length: 50 }, (_, i) =>
          appendAudit(db, clock, {
            actor: 'system',
            action: 'record.read',
            outcome: 'success',
            details: { who, i },
          }),
        );
      const appended = await Promise.all([...burst(a, 'a'), ...burst(b, 'b')]);
      assert.deepEqual(
        appended.map((e) => e.seq).sort((x, y) => x - y),
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      const r = await verifyAuditChain(b);
      assert.equal(r.ok, true);
      assert.equal(r.count, 100);
    } finally {
      await a.close();
      await b.close();
      await scratch.drop();
    }
  });
}
