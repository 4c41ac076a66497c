import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign, verify } from 'node:crypto';
import { ensureNodeKey, keyFile, loadNodeKeys } from './keys.ts';

test('node key: created once with mode 0600, signs and verifies, readable fingerprint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snt-keys-'));
  assert.equal(ensureNodeKey(dir), true);
  assert.equal(ensureNodeKey(dir), false, 'a second init keeps the existing key');
  assert.equal(statSync(keyFile(dir)).mode & 0o777, 0o600);
  const k = loadNodeKeys(dir);
  const sig = sign(null, Buffer.from('accord BFA-SEN'), k.privateKey);
  assert.ok(verify(null, Buffer.from('accord BFA-SEN'), k.publicKey, sig));
  assert.match(k.fingerprint, /^([0-9A-F]{5} ){7}[0-9A-F]{5}$/);
  assert.equal(loadNodeKeys(dir).fingerprint, k.fingerprint);
});
