import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPasswordPolicy,
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  parseCost,
  PRODUCTION_COST,
  TEST_COST,
  verifyPassword,
} from './passwords.ts';

void test('a hash describes itself: scrypt$N$r$p$salt$hash', async () => {
  const h = await hashPassword('mot de passe très sûr', TEST_COST);
  assert.match(h, /^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(parseCost(h), TEST_COST);
});

void test('the production cost is N=2^15, r=8, p=1 and works within node limits', async () => {
  const h = await hashPassword('mot de passe très sûr', PRODUCTION_COST);
  assert.ok(h.startsWith('scrypt$32768$8$1$'));
  assert.equal(await verifyPassword('mot de passe très sûr', h), true);
  assert.equal(needsRehash(h, PRODUCTION_COST), false);
  assert.equal(needsRehash(h, TEST_COST), true);
});

void test('verification accepts the password and nothing else', async () => {
  const h = await hashPassword('Ouagadougou-2026!', TEST_COST);
  assert.equal(await verifyPassword('Ouagadougou-2026!', h), true);
  for (const wrong of ['ouagadougou-2026!', 'Ouagadougou-2026', '', 'Ouagadougou-2026! ']) {
    assert.equal(await verifyPassword(wrong, h), false, wrong);
  }
});

void test('two hashes of one password differ (random salt)', async () => {
  const [a, b] = await Promise.all([
    hashPassword('même mot de passe', TEST_COST),
    hashPassword('même mot de passe', TEST_COST),
  ]);
  assert.notEqual(a, b);
});

void test('a password typed composed or decomposed (NFC/NFD) is the same password', async () => {
  const composed = 'sécurité-du-sahel';
  const h = await hashPassword(composed, TEST_COST);
  assert.equal(await verifyPassword(composed.normalize('NFD'), h), true);
});

void test('malformed or abusive stored hashes never verify', async () => {
  const good = await hashPassword('mot de passe très sûr', TEST_COST);
  const parts = good.split('$');
  const variants = [
    '',
    'plain',
    good.replace('scrypt$', 'bcrypt$'),
    ['scrypt', '1000', ...parts.slice(2)].join('$'), // N not a power of two
    ['scrypt', String(2 ** 24), ...parts.slice(2)].join('$'), // N too large (memory exhaustion)
    ['scrypt', '1024', '0', ...parts.slice(3)].join('$'),
    [...parts.slice(0, 5), 'c2hvcnQ'].join('$'), // truncated hash
    [...parts.slice(0, 4), '', parts[5]].join('$'), // no salt
  ];
  for (const v of variants) assert.equal(await verifyPassword('mot de passe très sûr', v), false, v);
});

void test('the dummy hash for unknown users costs what real hashes cost', async () => {
  assert.deepEqual(parseCost(await dummyPasswordHash(TEST_COST)), TEST_COST);
  assert.equal(await dummyPasswordHash(TEST_COST), await dummyPasswordHash(TEST_COST));
});

void test('password policy', () => {
  const cases: [password: string, username: string, codes: string[]][] = [
    ['court', 'awa', ['auth.password_too_short']],
    ['onze-chars!', 'awa', ['auth.password_too_short']],
    ['douze-chars!', 'awa', []],
    ['éééééééééééé', 'awa', []], // 12 characters, 24 bytes
    ['😀'.repeat(11), 'awa', ['auth.password_too_short']], // 11 characters, 22 UTF-16 units
    ['awa.diallo.bf', 'awa.diallo.bf', ['auth.password_equals_username']],
    ['AWA.DIALLO.BF', 'awa.diallo.bf', ['auth.password_equals_username']],
    ['x'.repeat(1025), 'awa', ['auth.password_too_long']],
  ];
  for (const [password, username, codes] of cases) {
    const issues = checkPasswordPolicy(password, username);
    assert.deepEqual(
      issues.map((i) => i.code),
      codes,
      password,
    );
    for (const i of issues) assert.equal(i.path, '/password');
  }
});
