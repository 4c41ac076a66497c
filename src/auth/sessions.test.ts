import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testBackends } from '../store/test-support/backends.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions.ts';
import { withAuth } from './test-support/fixtures.ts';
import { auditTrail, rejectsWith } from './test-support/assertions.ts';

const MIN = 60_000;

for (const backend of await testBackends()) {
  const name = (s: string) => `[${backend.name}] ${s}`;

  void test(
    name('a session cookie is random, stored hashed, and resolves to its user with a CSRF token'),
    () =>
      withAuth(backend, async ({ db, sessions, addUser }) => {
        const awa = await addUser('awa', ['reporter']);
        const s = await sessions.createSession(awa.userId);
        assert.match(s.cookieValue, /^[A-Za-z0-9_-]{43}$/);
        assert.match(s.csrfToken, /^[A-Za-z0-9_-]{43}$/);
        assert.notEqual(s.cookieValue, s.csrfToken);
        assert.equal(s.expiresAt, '2026-02-01T09:30:00.000Z');
        const { rows } = await db.query<{ id_hash: string }>('SELECT id_hash FROM sessions');
        assert.deepEqual(rows, [{ id_hash: createHash('sha256').update(s.cookieValue).digest('hex') }]);

        const r = await sessions.resolveSession(s.cookieValue);
        assert.deepEqual(r?.principal, {
          userId: awa.userId,
          username: 'awa',
          roles: ['reporter'],
          locale: 'fr',
          via: 'session',
        });
        assert.equal(r?.csrfToken, s.csrfToken);
        for (const junk of ['', 'x', s.cookieValue.slice(1) + '!', 'A'.repeat(43)]) {
          assert.equal(await sessions.resolveSession(junk), null, junk);
        }
        await rejectsWith(sessions.createSession('nobody'), 'unauthenticated', 'auth.unauthenticated');
      }),
  );

  void test(name('a session ends after 30 idle minutes, and use slides that limit'), () =>
    withAuth(backend, async ({ clock, sessions, addUser }) => {
      const awa = await addUser('awa', ['reporter']);
      const s = await sessions.createSession(awa.userId);
      clock.advance(SESSION_IDLE_MS - MIN);
      assert.equal((await sessions.resolveSession(s.cookieValue))?.expiresAt, '2026-02-01T09:59:00.000Z');
      clock.advance(SESSION_IDLE_MS - MIN);
      assert.ok(await sessions.resolveSession(s.cookieValue));
      clock.advance(SESSION_IDLE_MS);
      assert.equal(await sessions.resolveSession(s.cookieValue), null);
      clock.advance(-SESSION_IDLE_MS); // the expired session was deleted, not just refused
      assert.equal(await sessions.resolveSession(s.cookieValue), null);
    }),
  );

  void test(name('a session ends 12 hours after sign-in however active'), () =>
    withAuth(backend, async ({ clock, sessions, addUser }) => {
      const awa = await addUser('awa', ['reporter']);
      const s = await sessions.createSession(awa.userId);
      const end = new Date(clock.now().getTime() + SESSION_ABSOLUTE_MS).toISOString();
      let last: string | undefined;
      for (let t = 20 * MIN; t < SESSION_ABSOLUTE_MS; t += 20 * MIN) {
        clock.advance(20 * MIN);
        const r = await sessions.resolveSession(s.cookieValue);
        assert.ok(r, `alive at +${t / MIN} min`);
        last = r.expiresAt;
      }
      assert.equal(last, end);
      clock.advance(20 * MIN);
      assert.equal(await sessions.resolveSession(s.cookieValue), null);
    }),
  );

  void test(
    name('sign-out destroys the session and is audited; disabled users’ sessions do not resolve'),
    () =>
      withAuth(backend, async ({ db, sessions, addUser }) => {
        const awa = await addUser('awa', ['reporter']);
        const s1 = await sessions.createSession(awa.userId);
        const s2 = await sessions.createSession(awa.userId);
        await sessions.destroySession(s1.cookieValue);
        await sessions.destroySession(s1.cookieValue);
        await sessions.destroySession('not a cookie');
        assert.equal(await sessions.resolveSession(s1.cookieValue), null);
        assert.ok(await sessions.resolveSession(s2.cookieValue));
        const logouts = await auditTrail(db, ['auth.logout']);
        assert.deepEqual(
          logouts.map((e) => e.actor),
          [`user:${awa.userId}`],
        );

        await db.query('UPDATE users SET disabled = true WHERE id = $1', [awa.userId]);
        assert.equal(await sessions.resolveSession(s2.cookieValue), null);
        await rejectsWith(sessions.createSession(awa.userId), 'unauthenticated', 'auth.unauthenticated');
      }),
  );

  void test(name('expired sessions are pruned'), () =>
    withAuth(backend, async ({ clock, sessions, addUser }) => {
      const awa = await addUser('awa', ['reporter']);
      await sessions.createSession(awa.userId);
      clock.advance(10 * MIN);
      const fresh = await sessions.createSession(awa.userId);
      clock.advance(SESSION_IDLE_MS - 5 * MIN);
      assert.equal(await sessions.pruneExpired(), 1);
      assert.ok(await sessions.resolveSession(fresh.cookieValue));
    }),
  );
}
