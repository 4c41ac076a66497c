import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './config.ts';
import { DomainError } from '../core/errors.ts';

test('config: defaults for an embedded node on loopback', () => {
  const c = loadConfig({ env: {} });
  assert.equal(c.port, 8080);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.databaseUrl, undefined);
  assert.match(c.dataDir, /data$/);
  assert.ok(Object.isFrozen(c));
});

test('config: every bad variable is reported at once', () => {
  try {
    loadConfig({ env: { PORT: 'eighty', DATABASE_URL: 'mysql://x', SENTINELLE_TLS_CERT: 'c.pem', SENTINELLE_LOCALE: 'de' } });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof DomainError);
    assert.deepEqual(
      e.issues.map((i) => i.path),
      ['/DATABASE_URL', '/PORT', '/SENTINELLE_TLS_CERT', '/SENTINELLE_LOCALE'],
    );
  }
});

test('config: CLI options win over the environment', () => {
  const c = loadConfig({ env: { PORT: '9000', DATABASE_URL: 'postgres://a/b' }, port: 7000, dataDir: '/tmp/x' });
  assert.equal(c.port, 7000);
  assert.equal(c.dataDir, '/tmp/x');
  assert.equal(c.databaseUrl, 'postgres://a/b');
});
