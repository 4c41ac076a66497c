import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureNodeKexKey, kexKeyFile, loadNodeKexKey } from './node-kex-key.ts';
import { seal, unseal } from './seal.ts';

test('[FED-21] the X25519 node key: created once with mode 0600, loads, decrypts what is sealed to it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snt-kex-'));
  assert.equal(ensureNodeKexKey(dir), true);
  assert.equal(ensureNodeKexKey(dir), false, 'a second init keeps the existing key');
  assert.equal(kexKeyFile(dir), join(dir, 'keys', 'node-x25519.pem'));
  assert.equal(statSync(kexKeyFile(dir)).mode & 0o777, 0o600);
  const k = loadNodeKexKey(dir);
  assert.equal(k.privateKey.asymmetricKeyType, 'x25519');
  assert.match(k.kid, /^[0-9a-f]{8}$/);
  assert.equal(loadNodeKexKey(dir).kid, k.kid);
  const r = unseal(seal(Uint8Array.of(1, 2, 3), k), [k]);
  assert.ok(r.ok && r.plaintext.length === 3);
});
