import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../core/clock.ts';
import { openDb, type Db } from './db.ts';
import { migrate } from './migrations.ts';
import { createScratchDatabase, testBackends } from './test-support/backends.ts';
import { claimJobs, completeJob, enqueueJob, failJob } from './jobs.ts';

const backends = await testBackends();

for (const backend of backends) {
  void describe(`[${backend.name}] job queue`, () => {
    let db: Db;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ db, dispose } = await backend.open());
    });
    after(() => dispose());

    void it('claims due jobs of the asked kinds, in id order, up to the limit', async () => {
      const clock = manualClock('2026-03-01T00:00:00Z');
      const a = await enqueueJob(db, 'k.claim', { n: 1 });
      const b = await enqueueJob(db, 'k.claim', { n: 2 });
      await enqueueJob(db, 'k.other', { n: 3 });
      const later = await enqueueJob(db, 'k.claim', { n: 4 }, new Date('2026-03-01T01:00:00Z'));
      const first = await claimJobs(db, 'w1', ['k.claim'], 1, 60_000, clock);
      assert.deepEqual(first, [{ id: a, kind: 'k.claim', payload: { n: 1 }, attempts: 1 }]);
      const rest = await claimJobs(db, 'w1', ['k.claim'], 10, 60_000, clock);
      assert.deepEqual(
        rest.map((j) => j.id),
        [b],
        'a job not yet due is not claimed',
      );
      for (const id of [a, b]) assert.equal(await completeJob(db, id, 'w1', clock), true);
      clock.set('2026-03-01T01:00:00Z');
      assert.deepEqual(
        (await claimJobs(db, 'w1', ['k.claim'], 10, 3_600_000, clock)).map((j) => j.id),
        [later],
      );
      assert.deepEqual(await claimJobs(db, 'w1', [], 10, 60_000, clock), []);
    });

    void it('a lease keeps a job from others until it ends; a completed job is never claimed again', async () => {
      const clock = manualClock('2026-03-02T00:00:00Z');
      const id = await enqueueJob(db, 'k.lease', null);
      assert.equal((await claimJobs(db, 'w1', ['k.lease'], 5, 10_000, clock)).length, 1);
      clock.advance(9_999);
      assert.deepEqual(await claimJobs(db, 'w2', ['k.lease'], 5, 10_000, clock), []);
      clock.advance(1);
      const taken = await claimJobs(db, 'w2', ['k.lease'], 5, 10_000, clock);
      assert.deepEqual(
        taken.map((j) => [j.id, j.attempts]),
        [[id, 2]],
      );
      assert.equal(await completeJob(db, id, 'w1', clock), false, 'w1 lost the job');
      assert.equal(await completeJob(db, id, 'w2', clock), true);
      clock.advance(3_600_000);
      assert.deepEqual(await claimJobs(db, 'w3', ['k.lease'], 5, 10_000, clock), []);
    });

    void it('failJob retries with exponential backoff, then gives up keeping the last error', async () => {
      const clock = manualClock('2026-03-03T00:00:00Z');
      const policy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 1500 };
      const id = await enqueueJob(db, 'k.fail', { x: 1 });
      await claimJobs(db, 'w1', ['k.fail'], 1, 60_000, clock);
      assert.equal(await failJob(db, id, 'w1', 'first', clock, policy), 'retry');
      clock.advance(999);
      assert.deepEqual(await claimJobs(db, 'w1', ['k.fail'], 1, 60_000, clock), [], 'not before 1 s');
      clock.advance(1);
      assert.equal((await claimJobs(db, 'w1', ['k.fail'], 1, 60_000, clock))[0]?.attempts, 2);
      assert.equal(await failJob(db, id, 'w1', 'second', clock, policy), 'retry');
      clock.advance(1499);
      assert.deepEqual(await claimJobs(db, 'w1', ['k.fail'], 1, 60_000, clock), [], '2 s capped to 1.5 s');
      clock.advance(1);
      assert.equal((await claimJobs(db, 'w1', ['k.fail'], 1, 60_000, clock))[0]?.attempts, 3);
      assert.equal(await failJob(db, id, 'w2', 'not mine', clock, policy), 'lost');
      assert.equal(await failJob(db, id, 'w1', 'third', clock, policy), 'dead');
      clock.advance(86_400_000);
      assert.deepEqual(await claimJobs(db, 'w1', ['k.fail'], 1, 60_000, clock), []);
      const { rows } = await db.query<{ last_error: string; done: boolean }>(
        'SELECT last_error, done_at IS NOT NULL AS done FROM jobs WHERE id = $1',
        [id],
      );
      assert.deepEqual(rows[0], { last_error: 'third', done: true });
    });
  });
}

if (backends.some((b) => b.name === 'postgres')) {
  void describe('[postgres] concurrent claimers', () => {
    void it('two processes claiming in parallel never get the same job', async () => {
      const scratch = await createScratchDatabase();
      const dbA = await openDb({ url: scratch.url, poolSize: 2 });
      const dbB = await openDb({ url: scratch.url, poolSize: 2 });
      try {
        await migrate(dbA);
        const clock = manualClock('2026-03-04T00:00:00Z');
        const ids = new Set<number>();
        for (let i = 0; i < 300; i++) ids.add(await enqueueJob(dbA, 'k.race', { i }));
        const worker = async (db: Db, name: string): Promise<number[]> => {
          const got: number[] = [];
          for (;;) {
            const jobs = await claimJobs(db, name, ['k.race'], 4, 600_000, clock);
            if (jobs.length === 0) return got;
            got.push(...jobs.map((j) => j.id));
          }
        };
        const [a, b] = await Promise.all([worker(dbA, 'A'), worker(dbB, 'B')]);
        const overlap = a.filter((id) => b.includes(id));
        assert.deepEqual(overlap, []);
        assert.equal(new Set(a).size, a.length);
        assert.equal(new Set(b).size, b.length);
        assert.deepEqual(new Set([...a, ...b]), ids, 'every job claimed once');
        assert.ok(a.length > 0 && b.length > 0, 'both claimers worked');
      } finally {
        await dbA.close();
        await dbB.close();
        await scratch.drop();
      }
    });
  });
}
