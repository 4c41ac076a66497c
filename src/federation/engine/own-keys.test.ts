/**
 * [FED-50]–[FED-53] This node's keyring without a database: every version chains from the
 * registration key, the switch happens at the end of the overlap at the latest, another process
 * sees a change, revocations only become stricter.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../core/clock.ts';
import { applyKeySetUpdate, keySetFromRegistration, keyStatus } from '../keyset.ts';
import { ensureNodeKexKey, loadNodeKexKey } from '../node-kex-key.ts';
import { OwnKeyring } from './own-keys.ts';

const NODE = '3b0c3c1e-6e0a-4c8e-9c7e-2f1d6c0b9a11';
const HOUR = 3600_000;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'snt-keyring-'));
  ensureNodeKexKey(dir);
  const reg = generateKeyPairSync('ed25519').privateKey;
  const clock = manualClock('2026-03-01T08:00:00.250Z');
  const open = () => new OwnKeyring(reg, loadNodeKexKey(dir), clock, dir);
  const spki = createPublicKey(reg).export({ type: 'spki', format: 'der' }).toString('base64url');
  return { dir, clock, open, partner: keySetFromRegistration(NODE, spki) };
}

void describe('[FED-50] own keyring', () => {
  void it('[FED-50][FED-16] every version chains from the registration key a partner holds', () => {
    const { dir, clock, open, partner } = setup();
    try {
      const ring = open();
      const v1 = applyKeySetUpdate(partner, ring.signed(NODE).signed);
      assert.ok(v1.ok && v1.changed);
      const old = ring.signingKey.kid;
      const r = ring.rotate(NODE, 2 * HOUR);
      const v2 = applyKeySetUpdate(v1.keyset, ring.signed(NODE).signed);
      assert.ok(v2.ok && v2.changed, 'signed by the key the partner holds');
      assert.equal(v2.signer, old);
      // The new key starts on a whole second at or before now, so it verifies a signature made now.
      assert.equal(keyStatus(v2.keyset, r.kid, clock.now()).status, 'valid');
      clock.advance(HOUR);
      ring.switchIfDue(true);
      ring.revoke(NODE, old);
      const v3 = applyKeySetUpdate(v2.keyset, ring.signed(NODE).signed);
      assert.ok(v3.ok && v3.changed);
      assert.equal(v3.signer, r.kid);
      assert.equal(keyStatus(v3.keyset, old, new Date('2026-01-01T00:00:00Z')).status, 'revoked');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('[FED-51] the old key signs until partners are ready or the overlap ends, never after', () => {
    const { dir, clock, open } = setup();
    try {
      const ring = open();
      const old = ring.signingKey.kid;
      const r = ring.rotate(NODE, 2 * HOUR);
      assert.equal(ring.switchIfDue(false), undefined);
      assert.equal(ring.signingKey.kid, old);
      clock.advance(2 * HOUR + 1000);
      assert.equal(ring.signingKey.kid, r.kid, 'the old key is revoked from the deadline: it must not sign');
      assert.equal(ring.switchIfDue(false), r.kid);
      assert.equal(ring.pending, undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('[FED-52] another process on the same data directory sees a rotation; a restart keeps it', () => {
    const { dir, clock, open } = setup();
    try {
      const server = open();
      const cli = open();
      const r = cli.rotate(NODE, 0);
      clock.advance(1000);
      cli.switchIfDue(false);
      assert.equal(cli.signingKey.kid, r.kid);
      server.refresh();
      assert.equal(server.signingKey.kid, r.kid);
      assert.equal(server.version, 2);
      assert.equal(open().signingKey.kid, r.kid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('[FED-53] revocation: never the signing key, never weaker, names the field', () => {
    const { dir, clock, open } = setup();
    try {
      const ring = open();
      const old = ring.signingKey.kid;
      assert.throws(() => ring.revoke(NODE, old), /keys\.revoke_signer/);
      ring.rotate(NODE, 0);
      clock.advance(1000);
      assert.throws(() => ring.rotate(NODE, -1), /keys\.bad_overlap/);
      assert.throws(() => ring.revoke(NODE, old, 'hier'), /keys\.bad_from/);
      assert.throws(() => ring.revoke(NODE, old, '2027-01-01T00:00:00Z'), /keys\.already_revoked/);
      const r = ring.revoke(NODE, old);
      assert.equal(r.revocation.reason, 'compromised');
      assert.throws(() => ring.revoke(NODE, old, '2020-01-01T00:00:00Z'), /keys\.already_revoked/);
      assert.ok(ring.list().find((k) => k.kid === old)!.revokedNow);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
