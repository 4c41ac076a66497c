import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../store/test-support/backends.ts';
import { FAILURE_WINDOW_MS, LOCK_MS } from './throttle.ts';
import type { NewUser } from './users.ts';
import { PASSWORD, withAuth } from './test-support/fixtures.ts';
import { auditTrail, rejectsWith } from './test-support/assertions.ts';

const MIN = 60_000;

for (const backend of await testBackends()) {
  const name = (s: string) => `[${backend.name}] ${s}`;

  void test(name('an account is created, stored without its password, listed and audited'), () =>
    withAuth(backend, async ({ db, users }) => {
      const u = await users.addUser(
        {
          username: 'awa.diallo',
          displayName: ' Awa Diallo ',
          roles: ['reporter', 'analyst', 'reporter'],
          password: PASSWORD,
          locale: 'en',
        },
        'cli',
      );
      assert.equal(u.username, 'awa.diallo');
      assert.equal(u.displayName, 'Awa Diallo');
      assert.deepEqual(u.roles, ['analyst', 'reporter']);
      assert.equal(u.locale, 'en');
      assert.equal(u.disabled, false);
      assert.equal(u.createdAt, '2026-02-01T09:00:00.000Z');
      assert.deepEqual(await users.getUser(u.id), u);
      assert.deepEqual(await users.getUserByUsername('awa.diallo'), u);
      assert.deepEqual(await users.listUsers(), [u]);
      assert.equal(await users.getUser('nobody'), null);

      const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM users');
      assert.ok(rows[0]?.password_hash.startsWith('scrypt$'));
      assert.ok(!rows[0]?.password_hash.includes(PASSWORD));

      const [entry] = await auditTrail(db);
      assert.equal(entry?.action, 'user.add');
      assert.equal(entry?.actor, 'cli');
      assert.equal(entry?.target, `user:${u.id}`);
      assert.deepEqual(entry?.details, { username: 'awa.diallo', roles: ['analyst', 'reporter'] });
      assert.ok(!JSON.stringify(entry).includes(PASSWORD));
    }),
  );

  void test(name('account input is validated, every issue with its field path'), () =>
    withAuth(backend, async ({ users }) => {
      const cases: [Partial<NewUser>, [string, string][]][] = [
        [{ username: 'ab' }, [['/username', 'auth.username_invalid']]],
        [{ username: 'Awa' }, [['/username', 'auth.username_invalid']]],
        [{ username: 'awa diallo' }, [['/username', 'auth.username_invalid']]],
        [{ username: 'aïssata' }, [['/username', 'auth.username_invalid']]],
        [{ username: 'a'.repeat(65) }, [['/username', 'auth.username_invalid']]],
        [{ username: 'a'.repeat(64) }, []],
        [{ username: 'a.b_c-3' }, []],
        [{ roles: [] }, [['/roles', 'auth.roles_empty']]],
        [{ roles: ['analyst', 'chef' as 'admin'] }, [['/roles/1', 'auth.role_unknown']]],
        [{ locale: 'de' as 'fr' }, [['/locale', 'auth.locale_invalid']]],
        [{ displayName: 'x'.repeat(201) }, [['/displayName', 'auth.display_name_invalid']]],
        [{ password: 'trop court' }, [['/password', 'auth.password_too_short']]],
        [
          { username: 'moussa.traore.01', password: 'moussa.traore.01' },
          [['/password', 'auth.password_equals_username']],
        ],
        [
          { username: 'X', roles: [], password: 'x' },
          [
            ['/username', 'auth.username_invalid'],
            ['/roles', 'auth.roles_empty'],
            ['/password', 'auth.password_too_short'],
          ],
        ],
      ];
      let n = 0;
      for (const [patch, issues] of cases) {
        const input: NewUser = { username: `user${n++}`, roles: ['analyst'], password: PASSWORD, ...patch };
        if (issues.length === 0) await users.addUser(input, 'cli');
        else await rejectsWith(users.addUser(input, 'cli'), 'invalid', 'auth.invalid', issues);
      }
    }),
  );

  void test(name('a username is taken once'), () =>
    withAuth(backend, async ({ users, addUser }) => {
      await addUser('ibrahim', ['analyst']);
      await rejectsWith(
        users.addUser({ username: 'ibrahim', roles: ['auditor'], password: PASSWORD }, 'cli'),
        'conflict',
        'auth.username_taken',
        [['/username', 'auth.username_taken']],
      );
    }),
  );

  void test(name('only users.manage may add, disable or re-role accounts; refusals are audited'), () =>
    withAuth(backend, async ({ db, users, addUser }) => {
      const analyst = await addUser('analyste', ['analyst', 'liaison', 'auditor']);
      await rejectsWith(
        users.addUser({ username: 'intrus', roles: ['admin'], password: PASSWORD }, analyst),
        'forbidden',
        'auth.forbidden',
      );
      await rejectsWith(users.disableUser('analyste', analyst), 'forbidden', 'auth.forbidden');
      await rejectsWith(users.setRoles('analyste', ['admin'], analyst), 'forbidden', 'auth.forbidden');
      assert.equal(await users.getUserByUsername('intrus'), null);
      const denied = (await auditTrail(db)).filter((e) => e.outcome === 'denied');
      assert.deepEqual(
        denied.map((e) => [e.actor, e.action, e.details.permission]),
        [
          [`user:${analyst.userId}`, 'user.add', 'users.manage'],
          [`user:${analyst.userId}`, 'user.disable', 'users.manage'],
          [`user:${analyst.userId}`, 'user.roles', 'users.manage'],
        ],
      );
      const admin = await addUser('admin', ['admin']);
      await users.setRoles('analyste', ['analyst'], admin);
      assert.deepEqual((await users.getUserByUsername('analyste'))?.roles, ['analyst']);
    }),
  );

  void test(
    name('sign-in returns a session principal and is audited; wrong, unknown and disabled look alike'),
    () =>
      withAuth(backend, async ({ db, users, addUser }) => {
        const awa = await addUser('awa', ['reporter']);
        await addUser('moussa', ['analyst']);
        await users.disableUser('moussa', 'cli');

        const p = await users.authenticate('  AWA ', PASSWORD, '10.0.0.1');
        assert.deepEqual(p, {
          userId: awa.userId,
          username: 'awa',
          roles: ['reporter'],
          locale: 'fr',
          via: 'session',
        });

        await rejectsWith(
          users.authenticate('awa', 'mauvais mot de passe', '10.0.0.2'),
          'unauthenticated',
          'auth.bad_credentials',
        );
        await rejectsWith(
          users.authenticate('inconnu', 'mon-mot-de-passe-secret', '10.0.0.3'),
          'unauthenticated',
          'auth.bad_credentials',
        );
        await rejectsWith(
          users.authenticate('moussa', PASSWORD, '10.0.0.4'),
          'unauthenticated',
          'auth.bad_credentials',
        );

        const logins = await auditTrail(db, ['auth.login']);
        assert.deepEqual(
          logins.map((e) => [e.actor, e.outcome, e.details.reason ?? null, e.details.client]),
          [
            [`user:${awa.userId}`, 'success', null, '10.0.0.1'],
            ['system', 'failure', 'bad_password', '10.0.0.2'],
            ['system', 'failure', 'unknown_user', '10.0.0.3'],
            ['system', 'failure', 'disabled', '10.0.0.4'],
          ],
        );
        assert.equal(logins[2]?.target, null);
        // Whatever was typed is never written down: not the password, not an unknown username.
        const all = JSON.stringify(await auditTrail(db));
        for (const secret of [PASSWORD, 'mauvais mot de passe', 'mon-mot-de-passe-secret', 'inconnu']) {
          assert.ok(!all.includes(secret), secret);
        }
      }),
  );

  void test(name('five failures on one username lock it for 15 minutes, from any client'), () =>
    withAuth(backend, async ({ db, clock, users, addUser }) => {
      await addUser('awa', ['reporter']);
      for (let i = 1; i <= 5; i++) {
        await rejectsWith(
          users.authenticate('awa', `essai numéro ${i}`, `10.0.1.${i}`),
          'unauthenticated',
          'auth.bad_credentials',
        );
        clock.advance(MIN);
      }
      // Locked at the 5th failure (4 minutes in); now 5 minutes in, even the right password is refused.
      const e = await rejectsWith(
        users.authenticate('awa', PASSWORD, '10.0.1.9'),
        'rate_limited',
        'auth.locked',
      );
      assert.equal(e.params.retryAfter, (LOCK_MS - MIN) / 1000);
      clock.advance(10 * MIN);
      const e2 = await rejectsWith(
        users.authenticate('awa', PASSWORD, '10.0.1.9'),
        'rate_limited',
        'auth.locked',
      );
      assert.equal(e2.params.retryAfter, (LOCK_MS - 11 * MIN) / 1000);
      clock.advance(4 * MIN);
      assert.equal((await users.authenticate('awa', PASSWORD, '10.0.1.9')).username, 'awa');

      const logins = await auditTrail(db, ['auth.login']);
      assert.deepEqual(
        logins.map((e) => e.outcome),
        ['failure', 'failure', 'failure', 'failure', 'failure', 'denied', 'denied', 'success'],
      );
      assert.equal(logins[4]?.details.lockedUntil, '2026-02-01T09:19:00.000Z');
      assert.equal(logins[5]?.details.reason, 'locked');
    }),
  );

  void test(name('five failures from one client lock that client, whatever the usernames'), () =>
    withAuth(backend, async ({ users, addUser }) => {
      await addUser('awa', ['reporter']);
      for (const who of ['a1', 'b2', 'c3', 'd4', 'e5']) {
        await rejectsWith(
          users.authenticate(who, PASSWORD, '198.51.100.7'),
          'unauthenticated',
          'auth.bad_credentials',
        );
      }
      await rejectsWith(users.authenticate('awa', PASSWORD, '198.51.100.7'), 'rate_limited', 'auth.locked');
      assert.equal((await users.authenticate('awa', PASSWORD, '198.51.100.8')).username, 'awa');
    }),
  );

  void test(name('failures count within a 15-minute window, and a success clears the username count'), () =>
    withAuth(backend, async ({ clock, users, addUser }) => {
      await addUser('awa', ['reporter']);
      let client = 0;
      const fail = async (n: number) => {
        for (let i = 0; i < n; i++) {
          await rejectsWith(
            users.authenticate('awa', 'pas le bon mot', `10.9.0.${client++}`),
            'unauthenticated',
            'auth.bad_credentials',
          );
        }
      };
      await fail(4);
      clock.advance(FAILURE_WINDOW_MS + MIN);
      await fail(4);
      await users.authenticate('awa', PASSWORD, `10.9.0.${client++}`);
      await fail(4);
      assert.equal((await users.authenticate('awa', PASSWORD, `10.9.0.${client++}`)).username, 'awa');
    }),
  );

  void test(name('disabling ends sessions and sign-in; enabling restores it; the last admin stays'), () =>
    withAuth(backend, async ({ db, users, sessions, addUser }) => {
      const root = await addUser('root', ['admin']);
      const awa = await addUser('awa', ['reporter']);
      const s = await sessions.createSession(awa.userId);
      await users.disableUser('awa', root);
      await users.disableUser('awa', root); // already disabled: nothing more happens
      assert.equal(await sessions.resolveSession(s.cookieValue), null);
      const { rows } = await db.query('SELECT 1 FROM sessions');
      assert.equal(rows.length, 0);
      await rejectsWith(users.authenticate('awa', PASSWORD, 'c'), 'unauthenticated', 'auth.bad_credentials');
      await users.enableUser('awa', root);
      assert.equal((await users.authenticate('awa', PASSWORD, 'c')).userId, awa.userId);
      await rejectsWith(users.disableUser('personne', root), 'not_found', 'auth.user_not_found');

      await rejectsWith(users.disableUser('root', root), 'conflict', 'auth.last_admin');
      await rejectsWith(users.setRoles('root', ['analyst'], 'cli'), 'conflict', 'auth.last_admin');
      await addUser('root2', ['admin', 'auditor']);
      await users.disableUser('root', 'cli');
      await rejectsWith(users.setRoles('root2', ['auditor'], 'cli'), 'conflict', 'auth.last_admin');

      const trail = await auditTrail(db, ['user.disable', 'user.enable']);
      assert.deepEqual(
        trail.map((e) => [e.action, e.actor, e.details.username]),
        [
          ['user.disable', `user:${root.userId}`, 'awa'],
          ['user.enable', `user:${root.userId}`, 'awa'],
          ['user.disable', 'cli', 'root'],
        ],
      );
    }),
  );

  void test(name('changing one’s own password needs the current one; an admin may reset; sessions end'), () =>
    withAuth(backend, async ({ db, users, sessions, addUser }) => {
      const awa = await addUser('awa', ['reporter']);
      const moussa = await addUser('moussa', ['analyst']);
      const admin = await addUser('chef', ['admin']);
      const s = await sessions.createSession(awa.userId);
      const next = 'nouveau mot de passe 2026';

      await rejectsWith(users.setPassword('awa', next, awa, 'pas le bon'), 'invalid', 'auth.invalid', [
        ['/currentPassword', 'auth.current_password_wrong'],
      ]);
      await rejectsWith(users.setPassword('awa', next, awa), 'invalid', 'auth.invalid', [
        ['/currentPassword', 'auth.current_password_wrong'],
      ]);
      await rejectsWith(users.setPassword('awa', 'court', awa, PASSWORD), 'invalid', 'auth.invalid', [
        ['/password', 'auth.password_too_short'],
      ]);
      await rejectsWith(users.setPassword('awa', next, moussa, PASSWORD), 'forbidden', 'auth.forbidden');
      assert.ok(await sessions.resolveSession(s.cookieValue));

      await users.setPassword('awa', next, awa, PASSWORD);
      assert.equal(await sessions.resolveSession(s.cookieValue), null);
      await rejectsWith(users.authenticate('awa', PASSWORD, 'c1'), 'unauthenticated', 'auth.bad_credentials');
      assert.equal((await users.authenticate('awa', next, 'c1')).username, 'awa');

      await users.setPassword('awa', PASSWORD, admin);
      assert.equal((await users.authenticate('awa', PASSWORD, 'c1')).username, 'awa');

      const changes = await auditTrail(db, ['user.password']);
      assert.deepEqual(
        changes.map((e) => [e.actor, e.outcome, e.details.self ?? e.details.reason ?? e.details.permission]),
        [
          [`user:${awa.userId}`, 'failure', 'current_password_wrong'],
          [`user:${awa.userId}`, 'failure', 'current_password_wrong'],
          [`user:${moussa.userId}`, 'denied', 'users.manage'],
          [`user:${awa.userId}`, 'success', true],
          [`user:${admin.userId}`, 'success', false],
        ],
      );
    }),
  );

  void test(name('wrong current passwords count towards the sign-in lock'), () =>
    withAuth(backend, async ({ users, addUser }) => {
      const awa = await addUser('awa', ['reporter']);
      for (let i = 0; i < 5; i++) {
        await rejectsWith(
          users.setPassword('awa', 'nouveau mot de passe 2026', awa, `devinette ${i}`),
          'invalid',
          'auth.invalid',
        );
      }
      await rejectsWith(
        users.setPassword('awa', 'nouveau mot de passe 2026', awa, PASSWORD),
        'rate_limited',
        'auth.locked',
      );
      await rejectsWith(users.authenticate('awa', PASSWORD, 'c'), 'rate_limited', 'auth.locked');
    }),
  );

  void test(name('a user sets their own language; others need users.manage'), () =>
    withAuth(backend, async ({ users, addUser }) => {
      const awa = await addUser('awa', ['reporter']);
      const moussa = await addUser('moussa', ['analyst']);
      await users.setLocale('awa', 'en', awa);
      assert.equal((await users.getUserByUsername('awa'))?.locale, 'en');
      assert.equal((await users.authenticate('awa', PASSWORD, 'c')).locale, 'en');
      await rejectsWith(users.setLocale('awa', 'fr', moussa), 'forbidden', 'auth.forbidden');
      await rejectsWith(users.setLocale('awa', 'de' as 'fr', awa), 'invalid', 'auth.invalid', [
        ['/locale', 'auth.locale_invalid'],
      ]);
      await rejectsWith(users.setLocale('personne', 'fr', 'cli'), 'not_found', 'auth.user_not_found');
    }),
  );
}
