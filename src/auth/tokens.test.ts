import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testBackends } from '../store/test-support/backends.ts';
import { withAuth } from './test-support/fixtures.ts';
import { auditTrail, rejectsWith } from './test-support/assertions.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

for (const backend of await testBackends()) {
  const name = (s: string) => `[${backend.name}] ${s}`;

  void test(name('a token is shown once, stored as its SHA-256, and stands for its owner'), () =>
    withAuth(backend, async ({ db, clock, tokens, addUser }) => {
      const awa = await addUser('awa', ['reporter']);
      const { id, token } = await tokens.createToken(awa.userId, ' passerelle SMS ', undefined, awa);
      assert.match(token, /^snt_[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(token.slice(4), 'base64url').length, 32);

      const { rows } = await db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
      assert.deepEqual(rows, [{ token_hash: sha256(token) }]);
      assert.ok(!JSON.stringify(await auditTrail(db)).includes(token));

      assert.deepEqual(await tokens.resolveToken(token), {
        userId: awa.userId,
        username: 'awa',
        roles: ['reporter'],
        locale: 'fr',
        via: 'token',
        tokenId: id,
      });
      assert.deepEqual(await tokens.listTokens(awa.userId), [
        {
          id,
          userId: awa.userId,
          name: 'passerelle SMS',
          createdAt: clock.now().toISOString(),
          expiresAt: null,
          revokedAt: null,
          lastUsedAt: clock.now().toISOString(),
        },
      ]);
      const [entry] = await auditTrail(db, ['token.create']);
      assert.deepEqual(
        [entry?.actor, entry?.target, entry?.details],
        [
          `user:${awa.userId}`,
          `token:${id}`,
          { userId: awa.userId, name: 'passerelle SMS', expiresAt: null },
        ],
      );
    }),
  );

  void test(name('unknown, malformed, revoked and expired tokens resolve to nothing'), () =>
    withAuth(backend, async ({ clock, tokens, addUser }) => {
      const awa = await addUser('awa', ['analyst']);
      assert.equal(await tokens.resolveToken('snt_' + 'A'.repeat(43)), null);
      for (const junk of ['', 'snt_', 'Bearer x', 'snt_' + 'A'.repeat(44), "snt_' OR 1=1 --"]) {
        assert.equal(await tokens.resolveToken(junk), null, junk);
      }

      const expiring = await tokens.createToken(awa.userId, 'pour une heure', '2026-02-01T10:00:00Z', awa);
      const revoked = await tokens.createToken(awa.userId, 'à révoquer', null, awa);
      await tokens.revokeToken(revoked.id, awa);
      await tokens.revokeToken(revoked.id, awa); // twice: no-op
      assert.equal(await tokens.resolveToken(revoked.token), null);

      clock.set('2026-02-01T09:59:59.999Z');
      assert.ok(await tokens.resolveToken(expiring.token));
      clock.set('2026-02-01T10:00:00.000Z');
      assert.equal(await tokens.resolveToken(expiring.token), null);

      const listed = await tokens.listTokens(awa.userId);
      assert.deepEqual(listed.map((t) => [t.name, t.expiresAt, t.revokedAt !== null]).sort(), [
        ['pour une heure', '2026-02-01T10:00:00.000Z', false],
        ['à révoquer', null, true],
      ]);
    }),
  );

  void test(name('a disabled owner’s tokens stop working, and work again once re-enabled'), () =>
    withAuth(backend, async ({ users, tokens, addUser }) => {
      const awa = await addUser('awa', ['reporter']);
      const { token } = await tokens.createToken(awa.userId, 'terrain', undefined, 'cli');
      await users.disableUser('awa', 'cli');
      assert.equal(await tokens.resolveToken(token), null);
      await users.enableUser('awa', 'cli');
      assert.equal((await tokens.resolveToken(token))?.userId, awa.userId);
    }),
  );

  void test(name('last use is written at most once a minute'), () =>
    withAuth(backend, async ({ clock, tokens, addUser }) => {
      const awa = await addUser('awa', ['reporter']);
      const { token } = await tokens.createToken(awa.userId, 'terrain', undefined, awa);
      const lastUsed = async () => (await tokens.listTokens(awa.userId))[0]?.lastUsedAt;
      assert.equal(await lastUsed(), null);
      await tokens.resolveToken(token);
      assert.equal(await lastUsed(), '2026-02-01T09:00:00.000Z');
      clock.advance(30_000);
      await tokens.resolveToken(token);
      assert.equal(await lastUsed(), '2026-02-01T09:00:00.000Z');
      clock.advance(30_000);
      await tokens.resolveToken(token);
      assert.equal(await lastUsed(), '2026-02-01T09:01:00.000Z');
    }),
  );

  void test(name('tokens are managed by their owner or by users.manage; input is validated'), () =>
    withAuth(backend, async ({ db, tokens, addUser }) => {
      const awa = await addUser('awa', ['reporter']);
      const moussa = await addUser('moussa', ['analyst']);
      const admin = await addUser('chef', ['admin']);
      await rejectsWith(
        tokens.createToken(awa.userId, 'vol', undefined, moussa),
        'forbidden',
        'auth.forbidden',
      );
      const forAwa = await tokens.createToken(awa.userId, 'passerelle', undefined, admin);
      await rejectsWith(tokens.revokeToken(forAwa.id, moussa), 'forbidden', 'auth.forbidden');
      await rejectsWith(tokens.revokeToken('nope', moussa), 'forbidden', 'auth.forbidden');
      await rejectsWith(tokens.revokeToken('nope', admin), 'not_found', 'auth.token_not_found');
      await tokens.revokeToken(forAwa.id, admin);

      await rejectsWith(tokens.createToken(awa.userId, '  ', 'hier', awa), 'invalid', 'auth.invalid', [
        ['/name', 'auth.token_name_invalid'],
        ['/expiresAt', 'auth.token_expiry_invalid'],
      ]);
      await rejectsWith(
        tokens.createToken(awa.userId, 'x'.repeat(101), '2026-02-01T08:59:59Z', awa),
        'invalid',
        'auth.invalid',
        [
          ['/name', 'auth.token_name_invalid'],
          ['/expiresAt', 'auth.token_expiry_invalid'],
        ],
      );
      await rejectsWith(
        tokens.createToken('nobody', 'x', undefined, admin),
        'not_found',
        'auth.user_not_found',
      );

      const trail = await auditTrail(db, ['token.create', 'token.revoke']);
      assert.deepEqual(
        trail.map((e) => [e.action, e.outcome, e.actor]),
        [
          ['token.create', 'denied', `user:${moussa.userId}`],
          ['token.create', 'success', `user:${admin.userId}`],
          ['token.revoke', 'denied', `user:${moussa.userId}`],
          ['token.revoke', 'denied', `user:${moussa.userId}`],
          ['token.revoke', 'success', `user:${admin.userId}`],
        ],
      );
    }),
  );
}
