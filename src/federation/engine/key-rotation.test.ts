/**
 * [FED-50]–[FED-53] Key rotation a node starts itself, between two real nodes (BFA, SEN): the new
 * key set travels FLASH on the stream signed by the old key, BFA switches once SEN has it, new
 * releases verify on SEN with the new key; a revoked key's envelopes are refused and audited with
 * no state change; a restart keeps the rotated key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { listAudit } from '../../audit/audit.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import { testBackends } from '../../store/test-support/backends.ts';
import { sign } from '../envelope.ts';
import { signingKey } from '../keyset.ts';
import type { Item } from '../protocol.ts';
import {
  heldFrom,
  incident,
  party,
  registerAll,
  signEverywhere,
  pushEnvelopes,
  type Party,
} from './test-support/parties.ts';

const HOUR = 3600_000;

for (const backend of await testBackends()) {
  describe(`[${backend.name}] key rotation started by a node`, () => {
    let bfa: Party, sen: Party;
    const agreement = randomUUID();
    before(async () => {
      [bfa, sen] = [await party(backend.name, 'BFA'), await party(backend.name, 'SEN')];
      await registerAll([bfa, sen]);
      await signEverywhere(
        agreementDoc({ id: agreement, parties: [bfa.id, sen.id], expiry: '2099-01-01T00:00:00Z' }),
        [bfa, sen],
      );
    });
    after(async () => {
      for (const p of [bfa, sen]) await p?.t.dispose();
    });

    const fed = () => bfa.t.node.federation;
    const senKeyset = async () => (await sen.t.node.federation.receiver.keysetOf(sen.t.node.db, bfa.id))!;

    test('[FED-50][FED-51][FED-19] rotate: the key set goes FLASH, the switch waits for SEN, new releases verify with the new key', async () => {
      const first = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await fed().sync();
      assert.ok((await heldFrom(sen, bfa)).includes(first.id));
      const old = fed().signingKey.kid;
      assert.equal((await senKeyset()).version, 1);

      const r = await fed().rotateKeys('cli', 2 * HOUR);
      assert.notEqual(r.kid, old);
      assert.equal(r.version, 2);
      assert.equal(fed().signingKey.kid, old, 'the new key does not sign before partners have it');
      await assert.rejects(fed().rotateKeys('cli', HOUR), /keys\.rotation_pending/);
      const keyFile = join(bfa.t.node.config.dataDir, 'keys', `node-ed25519-${r.kid}.pem`);
      assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'stored like the registration key');

      await fed().sync();
      const held = await senKeyset();
      assert.equal(held.version, 2, 'SEN applied the rotated key set');
      assert.ok(held.keys.some((k) => k.kid === r.kid && k.use === 'sig'));
      assert.deepEqual(
        held.revocations.map((x) => [x.kid, x.reason]),
        [[old, 'superseded']],
      );

      // The next round switches (SEN acknowledged version 2) and signs with the new key.
      const second = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await fed().sync();
      assert.equal(fed().signingKey.kid, r.kid);
      assert.ok((await heldFrom(sen, bfa)).includes(second.id), 'verified on SEN with the new key');
      const switches = await listAudit(bfa.t.node.db, { actions: ['keys.switch'] }, { limit: 10 });
      assert.equal(switches.items.length, 1);
      const rotations = await listAudit(bfa.t.node.db, { actions: ['keys.rotate'] }, { limit: 10 });
      assert.equal((rotations.items[0]!.details as { kid: string }).kid, r.kid);
      const listed = await fed().listKeys('cli');
      assert.equal(listed.keys.find((k) => k.signing)?.kid, r.kid);
      assert.equal((await fed().status()).find((s) => s.peerId === sen.id)!.backlog, 0);
    });

    test('[FED-53][FED-18][FED-12] revoke: an envelope signed with the revoked key is refused, audited, and changes nothing', async () => {
      const old = (await fed().listKeys('cli')).keys.find((k) => k.use === 'sig' && !k.signing)!.kid;
      await assert.rejects(fed().revokeKey('cli', fed().signingKey.kid), /keys\.revoke_signer/);
      await assert.rejects(fed().revokeKey('cli', 'deadbeef'), /keys\.unknown_key/);
      await assert.rejects(fed().revokeKey('cli', old, 'not a date'), /keys\.bad_from/);
      const r = await fed().revokeKey('cli', old);
      assert.equal(r.revocation.reason, 'compromised');
      await fed().sync();
      const held = await senKeyset();
      assert.equal(held.version, 3);
      assert.equal(held.revocations.find((x) => x.kid === old)?.reason, 'compromised');

      // A thief holding the old key signs the next position of the stream.
      const stolen = signingKey(bfa.t.node.keys.privateKey, '1970-01-01T00:00:00Z');
      const before = await heldFrom(sen, bfa);
      const cursor = async () =>
        (
          await sen.t.node.db.query<{ epoch: number; position: string }>(
            `SELECT epoch, position FROM fed_cursors WHERE direction = 'in' AND stream_key = $1`,
            [`${bfa.id}/${agreement}`],
          )
        ).rows[0]!;
      const at = await cursor();
      const item: Item = { kind: 'put', priority: 'flash', object: incident(bfa) };
      const stream = { sender: bfa.id, receiver: sen.id, agreement };
      const env = sign(item, { stream, epoch: at.epoch, seq: Number(at.position) + 1 }, stolen, bfa.t.clock);
      await pushEnvelopes(sen, bfa, [env]);
      assert.deepEqual(await heldFrom(sen, bfa), before);
      assert.deepEqual(await cursor(), at, 'the cursor did not move');
      const rejects = await listAudit(sen.t.node.db, { actions: ['federation.reject'] }, { limit: 20 });
      assert.ok(rejects.items.some((e) => (e.details as { reason: string }).reason === 'revoked_key'));
      const revokes = await listAudit(bfa.t.node.db, { actions: ['keys.revoke'] }, { limit: 10 });
      assert.equal(revokes.items[0]!.target, old);

      // Releases signed with the current key still flow.
      const third = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await fed().sync();
      assert.ok((await heldFrom(sen, bfa)).includes(third.id));
    });

    test('[FED-52] a restart keeps the rotated key and the key-set version; releases still flow', async () => {
      const kid = fed().signingKey.kid;
      const version = fed().ownSignedKeyset().version;
      await bfa.t.restart();
      assert.equal(fed().signingKey.kid, kid);
      assert.equal(fed().ownSignedKeyset().version, version);
      const fourth = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      const r = await fed().sync();
      assert.equal(r.enqueued, 1, 'the key set is not queued again after a restart');
      assert.ok((await heldFrom(sen, bfa)).includes(fourth.id));
    });
  });
}
